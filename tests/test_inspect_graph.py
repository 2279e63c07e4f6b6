"""Pins the Keras graph internals that kerastutor/inspector/graph.py relies on."""

import keras

from kerastutor.inspector.graph import graph_calls


def test_calls_follow_model_layers_and_count_shared_calls():
    shared = keras.layers.Dense(3, name="shared")
    a = keras.Input((3,), name="a")
    model = keras.Model(a, keras.layers.Dense(1, name="post")(shared(shared(a))))
    calls = [(c.layer.name, c.index, c.count) for c in graph_calls(model)]
    assert calls[0] == ("a", 0, 1)
    assert [c for c in calls if c[0] == "shared"] == [("shared", 0, 2), ("shared", 1, 2)]
    assert calls[-1] == ("post", 0, 1)


def test_call_tensors_are_the_symbolic_tensors_of_this_graph():
    inputs = keras.Input((4,))
    hidden = keras.layers.Dense(3, name="hidden")(inputs)
    model = keras.Model(inputs, keras.layers.Dense(1, name="out")(hidden))
    calls = {c.layer.name: c for c in graph_calls(model)}
    assert calls["hidden"].inputs == (inputs,) and calls["hidden"].outputs == (hidden,)
    assert calls["out"].outputs == tuple(model.outputs)
