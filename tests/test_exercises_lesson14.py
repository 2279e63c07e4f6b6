import json
import math
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import keras
import numpy as np
import pytest
from exercise_helpers import run_solution

from kerastutor import datasets
from kerastutor.exercises import Outcome
from kerastutor.exercises import lesson14 as ex

TESTS = Path(__file__).resolve().parent


@pytest.fixture
def namespace():
    """What the lesson's solutions use from the notebook (q1 to q3 need no data, q5 the MNIST split)."""
    keras.utils.set_random_seed(14)
    mnist = datasets.load("mnist", train_size=6000, test_size=2000)
    return {"keras": keras, "np": np, "ex": ex,
            "x_train": mnist.x_train.astype("float32") / 255, "y_train": mnist.y_train}


def test_solutions_q1_to_q3_and_q5_pass(namespace):
    for problem in (ex.q1, ex.q2, ex.q3, ex.q5):
        result = run_solution(problem, namespace)
        assert result.outcome is Outcome.CORRECT, (problem.name, result.message)


def test_q1_wrong_answers():
    to_categorical = keras.utils.to_categorical
    assert "pass num_classes=n" in ex.q1.check(lambda labels, n: to_categorical(labels)).message
    assert "returns the same shape" in ex.q1.check(lambda labels, n: labels).message
    message = ex.q1.check(lambda labels, n: np.eye(n)[labels]).message   # breaks on (m, 1) labels
    assert ", 1) and n=" in message and "expected (" in message
    assert "row 0 (label" in ex.q1.check(lambda labels, n: 1 - to_categorical(labels, n)).message
    assert "returns None" in ex.q1.check(lambda labels, n: None).message
    assert "expected a function one_hot(labels, n)" in ex.q1.check(np.eye(3)).message


class Right(keras.utils.PyDataset):
    def __init__(self, x, y, batch_size, start=0, end=None, **kwargs):
        super().__init__(**kwargs)
        self.x, self.y, self.batch_size = x, y, batch_size
        self.start, self.end = start, len(x) if end is None else end

    def __len__(self):
        return math.ceil((self.end - self.start) / self.batch_size)

    def __getitem__(self, index):
        low = self.start + index * self.batch_size
        high = min(low + self.batch_size, self.end)
        return self.x[low:high], self.y[low:high]


class CopiesEverything(Right):
    def __init__(self, x, y, batch_size, start=0, end=None, **kwargs):
        super().__init__(x[:], y[:], batch_size, start, end, **kwargs)


class FloorLength(Right):
    def __len__(self):
        return (self.end - self.start) // self.batch_size


class IgnoresStart(Right):
    def __getitem__(self, index):
        rows = slice(index * self.batch_size, (index + 1) * self.batch_size)
        return self.x[rows], self.y[rows]


class NoSuper(Right):
    def __init__(self, x, y, batch_size, start=0, end=None, **kwargs):
        self.x, self.y, self.batch_size = x, y, batch_size
        self.start, self.end = start, len(x) if end is None else end


class DropsKwargs(Right):
    def __init__(self, x, y, batch_size, start=0, end=None, **kwargs):
        super().__init__(x, y, batch_size, start, end)


class NoRange(keras.utils.PyDataset):
    def __init__(self, x, y, batch_size, **kwargs):
        super().__init__(**kwargs)


def test_q2_wrong_answers():
    assert ex.q2.check(Right).outcome is Outcome.CORRECT
    assert "copies" in ex.q2.check(CopiesEverything).message
    assert "in batches of" in ex.q2.check(FloorLength).message and "make" in ex.q2.check(FloorLength).message
    assert "is not rows" in ex.q2.check(IgnoresStart).message
    assert "does not call super().__init__(**kwargs)" in ex.q2.check(NoSuper).message
    assert "pass **kwargs on" in ex.q2.check(DropsKwargs).message
    assert "raised TypeError" in ex.q2.check(NoRange).message
    assert "pass the class, not an instance" in ex.q2.check("H5Batches").message
    assert "must subclass keras.utils.PyDataset" in ex.q2.check(dict).message


def reads(path):
    table = np.loadtxt(path, delimiter=",", dtype="uint8")
    return table[:, :-1].reshape(-1, 28, 28), table[:, -1]


def without_hash(origin, sha256, cache_dir):
    return reads(keras.utils.get_file("digits.csv", origin=origin, cache_dir=cache_dir))


def from_origin(origin, sha256, cache_dir):
    return reads(origin.removeprefix("file://"))


def new_name_each_time(origin, sha256, cache_dir):
    name = f"digits_{len(os.listdir(cache_dir))}.csv"
    return reads(keras.utils.get_file(name, origin=origin, cache_dir=cache_dir, file_hash=sha256))


def flat(origin, sha256, cache_dir):
    images, labels = reads(keras.utils.get_file("digits.csv", origin=origin, cache_dir=cache_dir,
                                                file_hash=sha256))
    return images.reshape(len(images), -1), labels


def label_first(origin, sha256, cache_dir):
    path = keras.utils.get_file("digits.csv", origin=origin, cache_dir=cache_dir, file_hash=sha256)
    table = np.loadtxt(path, delimiter=",", dtype="uint8")
    return table[:, 1:].reshape(-1, 28, 28), table[:, 0]


def test_q3_wrong_answers():
    assert "accepted a file whose SHA-256 is not the one given" in ex.q3.check(without_hash).message
    assert "nothing was saved under cache_dir" in ex.q3.check(from_origin).message
    assert "downloads again instead of using the cached copy" in ex.q3.check(new_name_each_time).message
    assert "your images have shape (" in ex.q3.check(flat).message
    assert "your images are not the file's pixels" in ex.q3.check(label_first).message
    assert "returned a ndarray; return a pair" in ex.q3.check(lambda o, s, c: np.zeros(3)).message
    assert "expected a function fetch_digits" in ex.q3.check("digits.csv").message


def test_q5_the_frozen_model_and_wrong_answers(namespace):
    frozen = ex.frozen_model()
    assert frozen.get_layer("features").trainable is False
    message = ex.q5.check(frozen).message
    assert message.startswith("layers ['dense_a', 'dense_b'] hold weights that fit does not train")
    frozen.get_layer("features").trainable = True
    message = ex.q5.check(frozen).message
    assert message.startswith("accuracy 0.") and "held-out MNIST digits, 0.90 needed" in message
    assert "expected a Keras model" in ex.q5.check(ex.frozen_model).message


Q4_SCRIPT = textwrap.dedent("""
    import json, sys
    import kerastutor
    import keras
    import numpy as np
    import tensorflow as tf

    cpu = tf.config.list_physical_devices("CPU")[0]
    tf.config.set_logical_device_configuration(cpu, [tf.config.LogicalDeviceConfiguration()] * 2)
    tf.get_logger().setLevel("WARNING")
    keras.utils.set_random_seed(14)
    from exercise_helpers import run_solution
    from kerastutor import datasets
    from kerastutor.exercises import lesson14 as ex

    mnist = datasets.load("mnist", train_size=6000, test_size=2000)
    strategy = tf.distribute.MirroredStrategy(["/cpu:0", "/cpu:1"])
    namespace = {"keras": keras, "np": np, "tf": tf, "ex": ex, "strategy": strategy,
                 "x_train": mnist.x_train.astype("float32") / 255, "y_train": mnist.y_train}
    results = {"solution": run_solution(ex.q4, namespace).message}

    def mlp():
        return keras.Sequential([keras.Input((784,)), keras.layers.Dense(10, activation="softmax")])

    outside = mlp()
    outside.compile("adam", "sparse_categorical_crossentropy")
    results["outside"] = ex.q4.check(outside).message
    with strategy.scope():
        untrained = mlp()
        untrained.compile("adam", "sparse_categorical_crossentropy")
        uncompiled = mlp()
        wide = keras.Sequential([keras.Input((32,)), keras.layers.Dense(10)])
    results["untrained"] = ex.q4.check(untrained).message
    results["uncompiled"] = ex.q4.check(uncompiled).message
    results["wide"] = ex.q4.check(wide).message
    results["text"] = ex.q4.check("model").message
    print(json.dumps(results))
""")


@pytest.fixture(scope="module", autouse=True)
def q4_run(tmp_path_factory):
    """Start the q4 script at once, in the background, so that it runs while the other tests do.

    Logical devices must be set before TensorFlow starts, so q4 runs in a fresh interpreter.
    """
    home = tmp_path_factory.mktemp("q4_home")  # never the learner's own progress file
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(TESTS), os.environ.get("PYTHONPATH", "")]),
           "KERASTUTOR_HOME": str(home)}
    process = subprocess.Popen([sys.executable, "-c", Q4_SCRIPT], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True, env=env)
    yield process
    if process.poll() is None:
        process.kill()
        process.communicate()


def test_q4_solution_and_wrong_answers_on_two_logical_cpus(q4_run):
    out, err = q4_run.communicate(timeout=300)
    assert q4_run.returncode == 0, err[-2000:]
    results = json.loads(out.strip().splitlines()[-1])
    assert results["solution"] == "well done.", results["solution"]
    assert "live on one device" in results["outside"]
    assert results["untrained"].startswith("accuracy 0.") and "0.90 needed" in results["untrained"]
    assert "not compiled" in results["uncompiled"]
    assert "shape (32,)" in results["wide"]
    assert "expected a Keras model" in results["text"]
