import keras
import numpy as np
import pytest

from kerastutor.inspector.activations import MemoryBudgetExceeded, activations, layer_taps
from kerastutor.inspector.graph import NotAGraphModel


def relu(v):
    return np.maximum(v, 0)


@pytest.fixture
def mlp():
    keras.utils.set_random_seed(1)
    return keras.Sequential([keras.Input((4,)), keras.layers.Dense(5, activation="relu", name="hidden"),
                             keras.layers.Dense(2, name="out")], name="mlp")


def test_sequential_outputs_match_a_hand_computation(mlp):
    x = np.random.default_rng(0).normal(size=(6, 4)).astype("float32")
    acts = activations(mlp, x)
    assert list(acts) == ["hidden", "out"]
    w, b = mlp.get_layer("hidden").get_weights()
    np.testing.assert_allclose(acts["hidden"], relu(x @ w + b), rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(acts["out"], mlp.predict(x, verbose=0), rtol=1e-5, atol=1e-6)


def test_a_single_sample_gets_a_batch_axis(mlp):
    acts = activations(mlp, np.ones(4, "float32"), layers="hidden")
    assert list(acts) == ["hidden"] and acts["hidden"].shape == (1, 5)


def test_functional_multi_input_multi_output_list_and_dict():
    a, b = keras.Input((3,), name="a"), keras.Input((2,), name="b")
    merged = keras.layers.Concatenate(name="cat")([a, b])
    first = keras.layers.Dense(1, name="first")(merged)
    second = keras.layers.Dense(4, name="second")(merged)
    model = keras.Model([a, b], [first, second])
    xa, xb = np.ones((2, 3), "float32"), np.zeros((2, 2), "float32")
    by_list = activations(model, [xa, xb])
    by_dict = activations(model, {"b": xb, "a": xa})
    assert set(by_list) == {"a", "b", "cat", "first", "second"}
    np.testing.assert_allclose(by_list["cat"], np.concatenate([xa, xb], axis=1))
    for name in by_list:
        np.testing.assert_allclose(by_list[name], by_dict[name])
    predicted = model.predict([xa, xb], verbose=0)
    np.testing.assert_allclose(by_list["second"], predicted[1], rtol=1e-5, atol=1e-6)
    with pytest.raises(ValueError, match="this model has 2 inputs"):
        activations(model, xa)
    with pytest.raises(ValueError, match=r"no entry for \['b'\]"):
        activations(model, {"a": xa})


def test_shared_layer_calls_are_each_named():
    shared = keras.layers.Dense(3, name="shared")
    a, b = keras.Input((4,), name="a"), keras.Input((4,), name="b")
    model = keras.Model([a, b], keras.layers.Subtract(name="diff")([shared(a), shared(b)]))
    keras.Model(a, shared(a))  # a call in another model must not show up here
    xa, xb = np.ones((1, 4), "float32"), np.full((1, 4), 2.0, "float32")
    acts = activations(model, [xa, xb], layers=["shared"])
    assert list(acts) == ["shared[0]", "shared[1]"]
    w, bias = shared.get_weights()
    np.testing.assert_allclose(acts["shared[1]"], xb @ w + bias, rtol=1e-5)
    np.testing.assert_allclose(activations(model, [xa, xb], layers="diff")["diff"],
                               acts["shared[0]"] - acts["shared[1]"], rtol=1e-5, atol=1e-6)


def test_transfer_learning_model_reaches_inside_the_pretrained_base():
    keras.utils.set_random_seed(2)
    base = keras.applications.MobileNetV2(input_shape=(32, 32, 3), include_top=False, weights=None)
    inputs = keras.Input((32, 32, 3))
    features = keras.layers.GlobalAveragePooling2D(name="pool")(base(inputs, training=False))
    model = keras.Model(inputs, keras.layers.Dense(2, name="head")(features))
    x = np.random.default_rng(0).uniform(size=(2, 32, 32, 3)).astype("float32")
    inner = f"{base.name}/Conv1"
    last_inner = f"{base.name}/{base.layers[-1].name}"
    acts = activations(model, x, layers=[inner, last_inner, "head"])
    assert acts[inner].shape == (2, 16, 16, 32)
    np.testing.assert_allclose(acts[last_inner], base.predict(x, verbose=0), rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(acts["head"], model.predict(x, verbose=0), rtol=1e-4, atol=1e-5)
    names = [t.name for t in layer_taps(model)]
    assert inner in names and names.index(base.name) < names.index(inner) < names.index("pool")
    by_own_name = activations(model, x, layers=["Conv1"])  # the base's layer, by its own name
    assert list(by_own_name) == [inner]
    np.testing.assert_allclose(by_own_name["Conv1"], acts[inner], rtol=1e-5, atol=1e-6)


def test_recurrent_masking_bidirectional_time_distributed():
    inputs = keras.Input((5, 3))
    masked = keras.layers.Masking(mask_value=0.0, name="mask")(inputs)
    sequence = keras.layers.Bidirectional(keras.layers.LSTM(4, return_sequences=True), name="bi")(masked)
    per_step = keras.layers.TimeDistributed(keras.layers.Dense(2), name="td")(sequence)
    model = keras.Model(inputs, keras.layers.GRU(3, name="gru")(per_step))
    x = np.random.default_rng(0).normal(size=(2, 5, 3)).astype("float32")
    x[:, 3:] = 0.0  # the last two steps are padding
    acts = activations(model, x)
    assert acts["bi"].shape == (2, 5, 8) and acts["td"].shape == (2, 5, 2) and acts["gru"].shape == (2, 3)
    np.testing.assert_allclose(acts["gru"], model.predict(x, verbose=0), rtol=1e-5, atol=1e-6)
    padded_first = np.concatenate([x[:, 3:], x[:, :3]], axis=1)  # masked steps are skipped
    np.testing.assert_allclose(activations(model, padded_first, layers="gru")["gru"], acts["gru"],
                               rtol=1e-5, atol=1e-6)


def test_inference_by_default_training_on_request_and_state_restored():
    keras.utils.set_random_seed(3)
    model = keras.Sequential([keras.Input((20,)), keras.layers.BatchNormalization(name="bn"),
                              keras.layers.Dropout(0.5, name="drop")])
    x = np.random.default_rng(0).normal(3.0, 2.0, size=(8, 20)).astype("float32")
    before = [w.copy() for w in model.get_weights()]
    inference = activations(model, x)
    np.testing.assert_allclose(inference["drop"], inference["bn"])  # Dropout is off
    trained = activations(model, x, training=True)
    assert (trained["drop"] == 0).mean() > 0.2  # Dropout is on
    assert abs(trained["bn"].mean()) < 0.1  # batch statistics
    for old, new in zip(before, model.get_weights()):
        np.testing.assert_array_equal(old, new)  # moving mean and variance untouched


def test_subclassed_and_unbuilt_models_get_a_clear_error(subclassed_net):
    with pytest.raises(NotAGraphModel, match="subclassed Model.*functional API"):
        activations(subclassed_net, np.ones((1, 3)))
    unbuilt = keras.Sequential([keras.layers.Dense(2)])
    with pytest.raises(NotAGraphModel, match=r"no input shape yet.*keras.Input\(shape=...\)"):
        activations(unbuilt, np.ones((1, 3)))
    with pytest.raises(TypeError, match="model must be a keras.Model"):
        activations("model", np.ones(3))


def test_wrong_input_shape_and_unknown_layer_are_explained(mlp):
    with pytest.raises(ValueError, match=r"expects samples of shape \(4,\).*got an array of shape \(2, 8\)"):
        activations(mlp, np.ones((2, 8)))
    with pytest.raises(ValueError, match="no layer 'hiden'.*Did you mean 'hidden'"):
        activations(mlp, np.ones(4), layers=["hiden"])


def test_memory_budget_is_checked_before_computing(mlp):
    x = np.ones((1000, 4), "float32")
    with pytest.raises(MemoryBudgetExceeded, match=r"about 0.027 MB.*over the budget of 0.001 MB"):
        activations(mlp, x, budget_mb=0.001)
    assert list(activations(mlp, x, layers=["out"], budget_mb=0.02)) == ["out"]  # hidden: 0.019 MB


def test_the_model_is_never_changed(mlp):
    layers, outputs = list(mlp.layers), list(mlp.outputs)
    weights = [w.copy() for w in mlp.get_weights()]
    activations(mlp, np.ones((3, 4), "float32"))
    assert mlp.layers == layers and mlp.outputs == outputs
    for old, new in zip(weights, mlp.get_weights()):
        np.testing.assert_array_equal(old, new)


def test_text_models_take_strings():
    vectorize = keras.layers.TextVectorization(max_tokens=20, output_sequence_length=4)
    vectorize.adapt(["the cat sat", "the dog ran"])
    inputs = keras.Input(shape=(1,), dtype="string", name="review")
    model = keras.Model(inputs, keras.layers.Embedding(20, 3, name="embed")(vectorize(inputs)))
    acts = activations(model, np.array([["the cat ran"], ["a dog"]]))  # numpy str arrays too
    assert acts["review"].tolist() == [[b"the cat ran"], [b"a dog"]]
    assert acts["embed"].shape == (2, 4, 3)
    with pytest.raises(ValueError, match="must be numeric"):
        activations(keras.Sequential([keras.Input((1,)), keras.layers.Dense(1)]), np.array([["text"]]))
