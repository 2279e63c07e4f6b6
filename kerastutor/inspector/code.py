"""The plain Keras code behind the inspector's tabs for one layer: what a learner writes without
kerastutor to read a layer's configuration, weights and output. Pure text."""

from __future__ import annotations

from collections.abc import Sequence


def layer_code(path: Sequence[str], output: int | None = None, readable: bool = True) -> str:
    """Code that reads the layer reached through the layer names ``path`` (a nested model's name
    first), its ``output``-th output when it has several; ``readable``: whether a model from the
    inspected model's inputs to that output can be built (a layer inside a nested model, or one
    call of a shared layer, has no public route to its output)."""
    reach = "model" + "".join(f".get_layer({name!r})" for name in path)
    tensor = "layer.output" + ("" if output is None else f"[{output}]")
    lines = [
        "import keras",
        "",
        "# model: the model you inspect; sample: a batch of its inputs",
        f"layer = {reach}",
        "print(layer.get_config())  # the Layer tab: how it is configured",
        "for weight in layer.weights:  # the Weights tab: what it holds",
        "    values = keras.ops.convert_to_numpy(weight)",
        "    print(weight.path, values.shape, values.mean(), values.std())",
    ]
    if readable:
        lines += [
            f"reader = keras.Model(model.inputs, {tensor})  # the Activations tab: its output",
            "activation = reader.predict(sample, verbose=0)",
            "print(activation.shape)",
        ]
    else:
        name = "/".join(path)
        lines += [
            "# its output has no public Keras route from the model's inputs (a layer inside a nested",
            f"# model, or one call of a shared layer): kt.activations(model, sample, layers=[{name!r}])",
        ]
    return "\n".join(lines) + "\n"
