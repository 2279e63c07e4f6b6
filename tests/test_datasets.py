"""kerastutor.datasets on files written here in Keras's own cache format and places.

The real ``keras.datasets`` loaders run in a subprocess with ``KERAS_HOME`` pointing at
a temporary folder (Keras reads it at import). Keras checks each cached file's SHA-256
against the published one, which a test file cannot match: that one check
(``keras.src.utils.file_utils.validate_file``) is replaced in the subprocess, so
everything else, the cache lookup, extraction and parsing, is Keras's own code.
"""

import gzip
import io
import json
import pickle
import subprocess
import sys
import tarfile
import textwrap
import time

import numpy as np
import pytest

from kerastutor import datasets


def write_cache(home):
    data = home / "datasets"
    (data / "fashion-mnist").mkdir(parents=True)
    digits = np.arange(5 * 28 * 28, dtype=np.uint8).reshape(5, 28, 28)
    np.savez(data / "mnist.npz", x_train=digits, y_train=np.arange(5, dtype=np.uint8),
             x_test=digits[:2], y_test=np.array([7, 8], np.uint8))
    for prefix, count in (("train", 4), ("t10k", 3)):
        with gzip.open(data / "fashion-mnist" / f"{prefix}-labels-idx1-ubyte.gz", "wb") as f:
            f.write(b"\0" * 8 + bytes(range(count)))
        with gzip.open(data / "fashion-mnist" / f"{prefix}-images-idx3-ubyte.gz", "wb") as f:
            f.write(b"\0" * 16 + bytes(count * 28 * 28))
    ragged = np.empty(3, dtype=object)
    ragged[:] = [[1, 14, 22], [1, 5], [1, 9, 9, 4]]
    np.savez(data / "imdb.npz", x_train=ragged, y_train=np.array([1, 0, 1]), x_test=ragged[:2],
             y_test=np.array([0, 1]))
    (data / "imdb_word_index.json").write_text(json.dumps({"the": 1, "movie": 2}))
    np.savez(data / "reuters.npz", x=ragged, y=np.array([3, 4, 3]))
    np.savez(data / "boston_housing.npz", x=np.ones((10, 13)), y=np.arange(10.0))
    archive = io.BytesIO()
    with tarfile.open(fileobj=archive, mode="w:gz") as tar:
        for name, rows in [*((f"data_batch_{i}", 10000) for i in range(1, 6)), ("test_batch", 10000)]:
            batch = {b"data": np.zeros((rows, 3072), np.uint8), b"labels": [i % 10 for i in range(rows)]}
            payload = pickle.dumps(batch)
            info = tarfile.TarInfo(f"cifar-10-batches-py/{name}")
            info.size = len(payload)
            tar.addfile(info, io.BytesIO(payload))
    (data / "cifar-10-batches-py-target_archive").write_bytes(archive.getvalue())
    archive = io.BytesIO()
    with tarfile.open(fileobj=archive, mode="w:gz") as tar:
        for name, rows in (("train", 6), ("test", 2)):
            batch = {b"data": np.full((rows, 3072), 7, np.uint8),
                     b"fine_labels": [99 - i for i in range(rows)],
                     b"coarse_labels": [i % 20 for i in range(rows)]}
            payload = pickle.dumps(batch)
            info = tarfile.TarInfo(f"cifar-100-python/{name}")
            info.size = len(payload)
            tar.addfile(info, io.BytesIO(payload))
    (data / "cifar-100-python-target_archive").write_bytes(archive.getvalue())
    np.savez(data / "california_housing.npz", x=np.ones((30, 8)), y=np.arange(30.0))


SCRIPT = textwrap.dedent("""
    import json
    import keras.src.utils.file_utils as file_utils
    file_utils.validate_file = lambda *args, **kwargs: True  # test files cannot match the published hashes
    from kerastutor import datasets
    import keras
    out = {}
    for name in ("mnist", "fashion_mnist", "imdb", "reuters", "boston_housing", "cifar10", "cifar100",
                 "california_housing"):
        ds = datasets.load(name)
        out[name] = {"train": list(ds.x_train.shape), "test": list(ds.x_test.shape), "source": ds.source,
                     "y": [int(v) for v in ds.y_train.ravel()[:3]]}
    out["word_index"] = keras.datasets.imdb.get_word_index()
    out["subset"] = list(datasets.load("mnist", train_size=2, test_size=1).x_train.shape)
    print(json.dumps(out))
""")


def test_real_keras_loaders_read_the_cache(tmp_path):
    write_cache(tmp_path)
    env = {"KERAS_HOME": str(tmp_path), "PATH": "/usr/bin:/bin"}
    result = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, env=env,
                            timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    out = json.loads(result.stdout.strip().splitlines()[-1])
    assert out["mnist"] == {"train": [5, 28, 28], "test": [2, 28, 28], "source": "keras.datasets.mnist",
                            "y": [0, 1, 2]}
    assert out["fashion_mnist"]["train"] == [4, 28, 28] and out["fashion_mnist"]["y"] == [0, 1, 2]
    assert out["imdb"]["train"] == [3] and out["reuters"]["train"][0] + out["reuters"]["test"][0] == 3
    assert out["boston_housing"]["train"] == [8, 13]
    assert out["cifar10"]["train"] == [50000, 32, 32, 3] and out["cifar10"]["test"] == [10000, 32, 32, 3]
    assert out["cifar100"]["train"] == [6, 32, 32, 3] and out["cifar100"]["y"] == [99, 98, 97]
    assert out["cifar100"]["test"] == [2, 32, 32, 3]
    assert out["california_housing"]["train"][1] == 8
    assert out["california_housing"]["train"][0] + out["california_housing"]["test"][0] == 30
    assert out["word_index"] == {"the": 1, "movie": 2}
    assert out["subset"] == [2, 28, 28]


def test_offline_without_cache_is_one_clear_line_fast(tmp_path, monkeypatch):
    monkeypatch.setenv("KERAS_HOME", str(tmp_path))
    monkeypatch.setattr(datasets, "host_reachable", lambda host, timeout=5.0: False)
    started = time.perf_counter()
    with pytest.raises(datasets.DatasetUnavailable) as caught:
        datasets.load("fashion_mnist")
    assert time.perf_counter() - started < 10
    message = str(caught.value)
    assert "\n" not in message
    assert "fashion_mnist is not available" in message and "fallback='mnist'" in message


def test_fallback_is_printed_never_silent(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("KERAS_HOME", str(tmp_path))
    monkeypatch.setattr(datasets, "host_reachable", lambda host, timeout=5.0: False)
    digits = datasets.load("mnist", fallback="digits", train_size=50)
    assert "Using scikit-learn's handwritten digits" in capsys.readouterr().out
    assert digits.name == "digits" and digits.x_train.shape == (50, 8, 8) and digits.x_train.max() <= 255
    assert digits.substitute and "instead of mnist" in digits.describe()
    clothes = datasets.load("cifar100", fallback="mnist", label_mode="fine")
    printed = capsys.readouterr().out
    assert printed.count("\n") == 1 and "Using the 10,000 MNIST digits shipped with kerastutor" in printed
    assert "(ignored: label_mode=, which only Keras's loader takes.)" in printed
    assert clothes.name == "mnist" and clothes.substitute and clothes.x_train.shape == (8000, 28, 28)
    housing = datasets.load("boston_housing", fallback="diabetes")
    assert housing.x_train.shape[1] == 10
    with pytest.raises(datasets.DatasetUnavailable, match="No dataset bundled offline can stand in"):
        datasets.load("imdb")


def test_mnist_offline_is_the_shipped_digits_said_in_one_line(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("KERAS_HOME", str(tmp_path))
    monkeypatch.setattr(datasets, "host_reachable", lambda host, timeout=5.0: False)
    mnist = datasets.load("mnist", test_size=300)
    printed = capsys.readouterr().out
    assert printed.count("\n") == 1
    assert printed.startswith("kerastutor.datasets: the full MNIST is not available: it is not in the Keras "
                              "cache")
    assert "Using the 10,000 MNIST digits shipped with kerastutor (8,000 train, 2,000 test, 28x28)" in printed
    assert mnist.name == "mnist" and not mnist.substitute and mnist.label_names == datasets.DIGITS
    assert mnist.x_train.shape == (8000, 28, 28) and mnist.x_test.shape == (300, 28, 28)
    assert mnist.x_train.dtype == mnist.y_train.dtype == np.uint8 and mnist.y_train.shape == (8000,)
    assert "MNIST handwritten digits" in mnist.describe() and "shipped with kerastutor" in mnist.describe()


def test_messages_write_the_home_folder_as_a_tilde(monkeypatch):
    monkeypatch.delenv("KERAS_HOME", raising=False)
    monkeypatch.setattr(datasets, "host_reachable", lambda host, timeout=5.0: False)
    with pytest.raises(datasets.DatasetUnavailable, match=r"Keras cache \(~/\.keras/datasets\)"):
        datasets.load("reuters")
    assert "(~/.keras/datasets)" in datasets.describe("reuters")


def test_bad_names_and_fallbacks(monkeypatch):
    with pytest.raises(ValueError, match=r"name='mnsit' cannot be used.*did you mean 'mnist'"):
        datasets.load("mnsit")
    with pytest.raises(ValueError, match="fallback='cats' cannot be used; fallback must be None or one of "
                                         "'mnist', 'digits' for mnist"):
        datasets.load("mnist", fallback="cats")


def test_a_mistake_in_loader_arguments_is_not_called_a_download_failure(tmp_path, monkeypatch):
    monkeypatch.setattr(datasets, "host_reachable", lambda host, timeout=5.0: True)
    with pytest.raises(TypeError, match=r"num_wrods=100 cannot be used.*imdb.load_data takes .*did you mean "
                                        "num_words"):
        datasets.load("imdb", num_wrods=100)


def test_the_network_probe_gives_up_quickly():
    started = time.perf_counter()
    assert datasets.host_reachable("nonexistent.invalid", timeout=2.0) is False
    assert time.perf_counter() - started < 5


def test_cards_and_cache_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("KERAS_HOME", str(tmp_path))
    assert datasets.dataset_cache_dir() == str(tmp_path / "datasets")
    assert "Fashion-MNIST" in datasets.describe("Fashion-MNIST")
    assert "cached: no" in datasets.describe("mnist")
    assert set(datasets.CARDS) == {"mnist", "fashion_mnist", "cifar10", "cifar100", "imdb", "reuters",
                                   "boston_housing", "california_housing"}
