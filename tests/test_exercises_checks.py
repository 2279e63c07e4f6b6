"""The helpers every lesson checker shares, written once in kerastutor.exercises.checks."""

import keras
import numpy as np

from kerastutor.exercises import checks


def test_need_function_names_the_example_or_the_call_and_refuses_values_and_classes():
    def answer(x):
        return x

    assert checks.need_function(answer, "def f(x): ...") is None
    assert checks.need_function(3, "def f(x): ...") == "expected a function such as def f(x): ..., got int."
    assert checks.need_function(int, "f(x)", such_as=False) == "expected a function f(x), got type."
    assert (checks.need_function("f", "f(x)", such_as=False, advice=": write it with def")
            == "expected a function f(x), got str: write it with def.")


def test_need_subclass_tells_an_instance_to_pass_its_class():
    class Mine(keras.layers.Layer):
        pass

    instead = "pass the class itself (Mine)."
    assert checks.need_subclass(Mine, "Mine", "keras.layers.Layer", instead) is None
    assert checks.need_subclass(Mine(), "Mine", "keras.layers.Layer", instead) == instead
    assert checks.need_subclass(dict, "Mine", "keras.layers.Layer", instead) == (
        "expected a class that subclasses keras.layers.Layer (class Mine(keras.layers.Layer): ...), "
        "got type.")


def test_call_answer_returns_the_result_or_what_the_call_raised():
    assert checks.call_answer(lambda a, b=0: a + b, "add(1, b=2)", 1, b=2) == (3, None)
    assert checks.call_answer(lambda: 1 / 0, "divide()") == (
        None, "divide() raised ZeroDivisionError: division by zero")


def test_arrays_from_tensors_lists_and_not_from_other_things():
    tensor = keras.ops.convert_to_tensor(np.arange(6, dtype="float32").reshape(2, 3))
    assert checks.as_array(tensor).shape == (2, 3)
    assert checks.as_float_array([[1, 2]]).dtype == np.float64
    assert checks.array_or_none([1, 2]).tolist() == [1, 2]
    for value in (None, "text", [[1], [2, 3]], object()):
        assert checks.array_or_none(value) is None


def test_relu_and_softmax_in_numpy():
    scores = np.array([[1.0, -2.0, 0.5], [1000.0, 1000.0, 1000.0]])
    assert checks.relu(scores).tolist()[0] == [1.0, 0.0, 0.5]
    probabilities = checks.softmax(scores)
    assert np.allclose(probabilities.sum(axis=-1), 1.0) and np.allclose(probabilities[1], 1 / 3)
