"""Exercises for lesson 09, pretrained models: telling preprocessings apart, freezing for fine-tuning, a
transfer head, and a fine-tuning that collapsed (diagnosed from its curves).

The checks build their own small MobileNetV2 with ``weights=None`` once (no download, about a second);
the fine-tuning check measures the learner's model on the held-out MNIST digits 5-9.
"""

from __future__ import annotations

from functools import cache

import numpy as np

from .._quiet import import_keras
from .checks import classification_accuracy, held_out_mnist, learning_rate_of, need_function, need_model
from .core import Problem

keras = import_keras()

LESSON = "09_pretrained_and_transfer"
TITLE = "Pretrained models and transfer learning"

BASE_SHAPE = (64, 64, 3)


@cache
def _built_base():
    """MobileNetV2 without its top and with random weights: the lesson's base, smaller. Built once."""
    return keras.applications.MobileNetV2(weights=None, include_top=False, input_shape=BASE_SHAPE, alpha=0.35)


def _small_base():
    """The small base with every layer trainable again, as keras.applications builds it."""
    base = _built_base()
    base.trainable = False  # Keras skips setting a flag to the value it already has: change it twice,
    base.trainable = True   # so that every layer inside is trainable again
    return base


def _count(weights) -> int:
    return sum(int(np.prod(w.shape)) for w in weights)


# q1 · which preprocess_input made a batch ---------------------------------------------------------

PREPARED_BY = {"MobileNetV2": "mobilenet_v2", "ResNet50": "resnet50", "DenseNet121": "densenet"}
LETTER = {"MobileNetV2": "C", "ResNet50": "A", "DenseNet121": "B"}
MODES = {  # what each preprocessing does, and which families use it
    "mobilenet_v2": "scales 0..255 to -1..1 (the 'tf' mode of MobileNet, Xception, Inception and NASNet)",
    "resnet50": "reorders RGB to BGR and subtracts the mean ImageNet pixel, leaving values of about "
                "-124..152 (the 'caffe' mode of VGG and ResNet50)",
    "densenet": "scales to 0..1 and standardises each channel with ImageNet's mean and deviation, leaving "
                "values of about -2..2.6 (the 'torch' mode of DenseNet)",
}


@cache
def _photos() -> np.ndarray:
    """scikit-learn's two sample photos, 64x64, float32 0..255."""
    from sklearn.datasets import load_sample_images

    photos = np.stack(load_sample_images().images).astype("float32")
    return keras.ops.convert_to_numpy(keras.ops.image.resize(photos, (64, 64)))


def mystery_batches() -> dict[str, np.ndarray]:
    """Batches ``"A"``, ``"B"``, ``"C"``: the same two photos prepared for MobileNetV2, ResNet50 and
    DenseNet121 by their own ``preprocess_input``, in an order exercise 1 asks you to find."""
    return {LETTER[name]: getattr(keras.applications, module).preprocess_input(_photos().copy())
            for name, module in PREPARED_BY.items()}


def _letters_for_models(answer) -> str | None:
    if not isinstance(answer, dict):
        return (f"expected a dict such as {{'MobileNetV2': 'A', 'ResNet50': 'B', 'DenseNet121': 'C'}}, "
                f"got {type(answer).__name__}.")
    letter_of = {name: LETTER[name] for name in PREPARED_BY}
    module_of_letter = {LETTER[name]: module for name, module in PREPARED_BY.items()}
    for name, module in PREPARED_BY.items():
        if name not in answer:
            return (f"your dict has no entry for {name!r}; it needs 'MobileNetV2', 'ResNet50' and "
                    "'DenseNet121'.")
        given = str(answer[name]).strip().upper()
        if given not in module_of_letter:
            return f"for {name!r} you gave {answer[name]!r}; the batches are 'A', 'B' and 'C'."
        if given != letter_of[name]:
            return (f"batch {given} is not {name}'s: its function {MODES[module_of_letter[given]]}, while "
                    f"{name}'s {MODES[module]}. Print each batch's min, max and the mean of each channel "
                    "(batch.mean(axis=(0, 1, 2))) to tell them apart.")
    return None


# q2 · freeze for fine-tuning ---------------------------------------------------------------------

TOP = 12


def _unfrozen_top(function) -> str | None:
    problem = need_function(function, "def unfreeze_top(base, n): ...")
    if problem:
        return problem
    base = _small_base()
    base.trainable = False  # as after training the head
    function(base, TOP)
    is_norm = [isinstance(layer, keras.layers.BatchNormalization) for layer in base.layers]
    wanted = [i >= len(base.layers) - TOP and not norm and bool(layer.weights)
              for i, (layer, norm) in enumerate(zip(base.layers, is_norm))]
    expected = _count(w for layer, keep in zip(base.layers, wanted) if keep for w in layer.weights)
    trained = _count(base.trainable_weights)
    if not base.trainable:
        return ("base.trainable is still False: a frozen model trains none of its layers, whatever their own "
                "flags say. Set base.trainable = True first, then freeze the layers below the top ones.")
    if trained == expected:
        return None
    counts = f"your base trains {trained:,} parameters, the task's setting {expected:,}: "
    for layer, norm in zip(base.layers, is_norm):
        if layer.trainable and layer.weights and norm:
            return counts + (f"BatchNormalization layer {layer.name!r} is trainable; keep every "
                             "BatchNormalization layer frozen, so its ImageNet statistics stay.")
    for layer, keep in zip(base.layers, wanted):
        if layer.trainable and layer.weights and not keep:
            return counts + f"layer {layer.name!r} is trainable but is not among the last {TOP} layers."
    for layer, keep in zip(base.layers, wanted):
        if keep and not layer.trainable:
            return counts + f"layer {layer.name!r}, one of the last {TOP}, is still frozen."
    return counts + "compare your trainable layers with the last n layers of base.layers."


# q3 · a transfer head -------------------------------------------------------------------------------

def _head_on_base(function) -> str | None:
    problem = need_function(function, "def add_head(base, num_classes): ...")
    if problem:
        return problem
    features = 1280  # MobileNetV2's last feature maps have 1280 channels at every alpha below 1
    for classes in (5, 3):
        base = _small_base()
        model = function(base, classes)
        if not isinstance(model, keras.Model):
            return f"your function returned {type(model).__name__}; return the new keras.Model."
        if base not in model.layers:
            return ("the base is not a layer of your model: call it on the new input, "
                    "features = base(inputs, training=False).")
        if base.trainable:
            return ("the base is still trainable: freeze it with base.trainable = False before training the "
                    "head.")
        if tuple(model.inputs[0].shape[1:]) != BASE_SHAPE:
            return (f"your model takes images of shape {tuple(model.inputs[0].shape[1:])}, the base "
                    f"{BASE_SHAPE}: use keras.Input(shape=base.input.shape[1:]).")
        kinds = [type(layer).__name__ for layer in model.layers]
        if "Flatten" in kinds:
            return ("Flatten keeps every position of the 2x2 feature maps (4 x 1280 numbers per image); the "
                    "task asks for GlobalAveragePooling2D, one average per feature map.")
        if "GlobalAveragePooling2D" not in kinds:
            return "turn the base's feature maps into one vector per image with GlobalAveragePooling2D()."
        last = model.layers[-1]
        if type(last).__name__ != "Dense":
            return (f"the last layer is {type(last).__name__}; end with Dense(num_classes, "
                    "activation='softmax').")
        if last.units != classes:
            return (f"with num_classes={classes} your last Dense layer has {last.units} units: "
                    "use num_classes, not a fixed number.")
        if last.get_config()["activation"] != "softmax":
            return (f"the last layer uses {last.get_config()['activation']!r}; class probabilities need "
                    "'softmax'.")
        trained = _count(model.trainable_weights)
        if trained != features * classes + classes:
            return (f"your model trains {trained:,} parameters; with a frozen base only the head's "
                    f"{features} x {classes} weights and {classes} biases ({features * classes + classes:,}) "
                    "train.")
        if len(model.outputs) != 1 or tuple(model.outputs[0].shape) != (None, classes):
            shapes = [tuple(output.shape) for output in model.outputs]
            return (f"your model's outputs have shapes {shapes}; expected one output of shape (None, "
                    f"{classes}).")
    return None


# q4 · a fine-tuning that collapsed ---------------------------------------------------------------

FINE_TUNED_NEEDED = 0.6  # the frozen transfer model of the lesson reaches about 0.7, a collapsed one ~0.2-0.5
DIGITS_SHAPE = (28, 28, 1)


def _held_out_new_digits() -> tuple[np.ndarray, np.ndarray]:
    """The held-out MNIST digits 5-9, ``(n, 28, 28, 1)``, labelled 0..4 as in the lesson."""
    x, labels = held_out_mnist()
    new = labels >= 5
    return x[new][..., None], labels[new].astype("int64") - 5


def _nested_base(model):
    """The nested model that holds BatchNormalization layers (the pretrained base), or None."""
    for layer in model.layers:
        if isinstance(layer, keras.Model) and any(
                isinstance(inner, keras.layers.BatchNormalization) for inner in layer.layers):
            return layer
    return None


def _repaired_fine_tuning(model) -> str | None:
    problem = need_model(model)
    if problem:
        return problem
    base = _nested_base(model)
    if base is None:
        return ("your model has no pretrained base inside it (a nested model with BatchNormalization "
                "layers): pass the colleague model, fine-tuned.")
    shapes = tuple(model.inputs[0].shape[1:]), tuple(model.outputs[0].shape[1:])
    if shapes != (DIGITS_SHAPE, (5,)):
        return (f"your model takes samples of shape {shapes[0]} and gives {shapes[1]}; the colleague's takes "
                f"{DIGITS_SHAPE} digits and gives 5 probabilities, one per digit 5-9.")
    norms = [layer for layer in base.layers if isinstance(layer, keras.layers.BatchNormalization)]
    learning = [layer for layer in base.layers if layer.trainable_weights and layer not in norms]
    if not learning:
        return ("no layer of the base is trainable: that is step (a) again, not fine-tuning. Keep "
                "base.trainable = True as the colleague did; the collapse has another cause.")
    in_training_mode = [layer.name for layer in norms if layer.trainable]
    if in_training_mode:
        return (f"BatchNormalization layer {in_training_mode[0]!r} is trainable, so fit runs it in training "
                "mode and its running statistics follow batches of 10 images. The colleague kept them "
                "frozen, rightly: the collapse has another cause. Read the loss curve of the first epoch.")
    optimizer = getattr(model, "optimizer", None)
    if optimizer is None or int(optimizer.iterations.numpy()) == 0:
        return ("your model has not been trained since it was compiled: run the fixed cell, fit included, "
                "then check the model it fine-tuned.")
    x, labels = _held_out_new_digits()
    accuracy = classification_accuracy(model, x, labels)
    if accuracy >= FINE_TUNED_NEEDED:
        return None
    rate = learning_rate_of(optimizer)
    verdict = (f"accuracy {accuracy:.2f} on the {len(x):,} held-out digits 5-9, {FINE_TUNED_NEEDED:.2f} "
               "needed (chance is 0.20). ")
    if rate is not None and rate > 3e-3:
        return verdict + (f"Your optimizer's learning rate is {rate:g}: on pretrained weights steps that "
                          "large throw the base far from what it learned in the first epoch (the jump in "
                          "the loss curve). Fine-tune with a rate about 10 times lower than the head's.")
    return verdict + ("Start again from frozen_weights (set_weights on a freshly built model): a few gentle "
                      "epochs cannot repair a base that large steps have already wrecked.")


q1 = Problem(
    LESSON, "q1",
    "ex.mystery_batches() returns batches 'A', 'B' and 'C': the same two photos prepared by the "
    "preprocess_input of MobileNetV2, ResNet50 and DenseNet121, in some order. Make a dict that maps "
    "'MobileNetV2', 'ResNet50' and 'DenseNet121' each to the letter of the batch it can use.",
    _letters_for_models,
    hints=["Look at the numbers: for letter, batch in batches.items(): print(letter, batch.min(), "
           "batch.max(), batch.mean(axis=(0, 1, 2))).",
           "Section 2 printed the three ranges: -1..1 for MobileNetV2's 'tf' mode, about -124..152 for "
           "ResNet50's 'caffe' mode (BGR, mean pixel subtracted), about -2..2.6 for DenseNet's 'torch' mode.",
           "Match each batch's range to one of those three; the letters are not in the order of the task."],
    solution="""batches = ex.mystery_batches()
for letter, batch in batches.items():
    print(letter, f"{batch.min():8.2f} to {batch.max():7.2f}",
          "channel means:", batch.mean(axis=(0, 1, 2)).round(2))
which = {"MobileNetV2": "C", "ResNet50": "A", "DenseNet121": "B"}
ex.q1.check(which)""",
)

q2 = Problem(
    LESSON, "q2",
    "Write a function unfreeze_top(base, n) that prepares a frozen base for fine-tuning: its last n layers "
    "trainable, every other layer frozen, and every BatchNormalization layer frozen. The check runs it on "
    "its own small MobileNetV2 (weights=None) with n=12 and counts the trainable parameters.",
    _unfrozen_top,
    hints=["Step (c) of section 3 unfreezes a whole base and keeps its BatchNormalization frozen; here "
           "only the top n layers are unfrozen.",
           "Unfreeze the whole base first (base.trainable = True), then freeze base.layers[:-n]; "
           "the other order leaves everything trainable.",
           "Then loop over base.layers once more and set trainable = False on every "
           "keras.layers.BatchNormalization."],
    solution="""def unfreeze_top(base, n):
    base.trainable = True
    for layer in base.layers[:-n]:
        layer.trainable = False
    for layer in base.layers:
        if isinstance(layer, keras.layers.BatchNormalization):
            layer.trainable = False


ex.q2.check(unfreeze_top)""",
)

q3 = Problem(
    LESSON, "q3",
    "Write a function add_head(base, num_classes) that freezes base and returns a new keras.Model: the "
    "base's input shape, the base called with training=False, GlobalAveragePooling2D, then "
    "Dense(num_classes, softmax) (a Dropout before it is fine). The check runs it on its own small "
    "MobileNetV2 (weights=None).",
    _head_on_base,
    hints=["transfer_model in step (a) of section 3 builds such a model for the digit base (which pools "
           "inside itself); here the GlobalAveragePooling2D comes in the head.",
           "inputs = keras.Input(shape=base.input.shape[1:]); features = base(inputs, training=False).",
           "Then GlobalAveragePooling2D(), Dense(num_classes, activation='softmax') and "
           "keras.Model(inputs, outputs); do not forget base.trainable = False."],
    solution="""def add_head(base, num_classes):
    base.trainable = False
    inputs = keras.Input(shape=base.input.shape[1:])
    features = base(inputs, training=False)
    features = keras.layers.GlobalAveragePooling2D()(features)
    features = keras.layers.Dropout(0.2)(features)
    outputs = keras.layers.Dense(num_classes, activation="softmax")(features)
    return keras.Model(inputs, outputs)


ex.q3.check(add_head)""",
)

q4 = Problem(
    LESSON, "q4",
    "A colleague's fine-tuning of the transfer model of (a) collapsed: the cell above the check runs it "
    "with LivePlot. Read the curves, find the cause, fix the cell, run it again and pass the fine-tuned "
    "colleague model. The check measures it on held-out digits 5-9 and looks at how you set it up.",
    _repaired_fine_tuning,
    hints=["Read LivePlot's loss panel: in the first epoch the training loss jumps far above where the "
           "trained head started, and the validation accuracy falls to about chance (0.2). What makes one "
           "step too large?",
           "The base is unfrozen and BatchNormalization stays frozen, exactly as in (c); one number differs "
           "from (c).",
           "Compile with compile_with(colleague, 1e-3), ten times lower than the head's rate, and run "
           "the whole cell again: it starts afresh from frozen_weights."],
    solution="""colleague = transfer_model(digit_base())
colleague.set_weights(frozen_weights)
colleague_base = colleague.get_layer("digit_base")
colleague_base.trainable = True
for layer in colleague_base.layers:
    if isinstance(layer, layers.BatchNormalization):
        layer.trainable = False
compile_with(colleague, 1e-3)
colleague.fit(x_few, y_few, **few_shot, callbacks=[kt.LivePlot()])
ex.q4.check(colleague)""",
)
