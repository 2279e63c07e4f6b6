"""Bad input to kerastutor.datasets: every argument refused with its name before anything loads, and
every file the module reads (each format Keras caches, and the shipped MNIST digits) reported as
damaged with its path, never deleted, never blamed on the network."""

import gzip
import io
import math
import subprocess
import sys
import tarfile
import textwrap
import zipfile

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kerastutor import datasets
from kerastutor._arguments import BadArgument
from kerastutor._files import FileCorrupt, FileMissing, FileUnreadable

PROBES: list[str] = []


@pytest.fixture
def offline(tmp_path, monkeypatch):
    """An empty Keras cache under a temporary KERAS_HOME, and no network (probes are counted in PROBES)."""
    monkeypatch.setenv("KERAS_HOME", str(tmp_path))
    PROBES.clear()
    monkeypatch.setattr(datasets, "host_reachable", lambda host, timeout=5.0: PROBES.append(host) or False)
    (tmp_path / "datasets").mkdir()
    return tmp_path / "datasets"


# ---- arguments ----------------------------------------------------------------------------------
LOAD_ROWS = [
    # (positional name, keywords, argument named, fragment of what is allowed)
    (None, {}, "name", "one of mnist, fashion_mnist"),
    (5, {}, "name", "one of mnist, fashion_mnist"),
    ("", {}, "name", "one of mnist, fashion_mnist"),
    ("   ", {}, "name", "one of mnist, fashion_mnist"),
    ("mnsit", {}, "name", "did you mean 'mnist'"),
    ("x" * 1_000_000, {}, "name", "one of mnist, fashion_mnist"),
    (["mnist"], {}, "name", "one of mnist, fashion_mnist"),
    ("mnist", {"train_size": -5}, "train_size", "a whole number of at least 1"),
    ("mnist", {"train_size": 0}, "train_size", "a whole number of at least 1"),
    ("mnist", {"train_size": 2.5}, "train_size", "a whole number of at least 1"),
    ("mnist", {"train_size": 100.0}, "train_size", "a whole number of at least 1"),
    ("mnist", {"train_size": "100"}, "train_size", "a whole number of at least 1"),
    ("mnist", {"train_size": True}, "train_size", "a whole number of at least 1"),
    ("mnist", {"train_size": math.nan}, "train_size", "a whole number of at least 1"),
    ("mnist", {"test_size": -1}, "test_size", "a whole number of at least 1"),
    ("mnist", {"test_size": 0.5}, "test_size", "a whole number of at least 1"),
    ("mnist", {"test_size": "10"}, "test_size", "a whole number of at least 1"),
    ("imdb", {"fallback": "digits"}, "fallback", "no offline stand-in exists for a text dataset"),
    ("reuters", {"fallback": "mnist"}, "fallback", "no offline stand-in exists for a text dataset"),
    ("mnist", {"fallback": "diabetes"}, "fallback", "'mnist', 'digits' for mnist, an image classification"),
    ("cifar10", {"fallback": "diabetes"}, "fallback", "'mnist', 'digits' for cifar10"),
    ("boston_housing", {"fallback": "mnist"}, "fallback", "'diabetes' for boston_housing, a regression"),
    ("california_housing", {"fallback": "digits"}, "fallback", "'diabetes' for california_housing"),
    ("fashion_mnist", {"fallback": "cats"}, "fallback", "'mnist', 'digits'"),
    ("mnist", {"fallback": 5}, "fallback", "'mnist', 'digits'"),
    ("mnist", {"fallback": True}, "fallback", "'mnist', 'digits'"),
    ("mnist", {"num_words": 100}, "num_words", "keras.datasets.mnist.load_data takes path"),
    ("imdb", {"num_wrods": 100}, "num_wrods", "did you mean num_words"),
    ("cifar10", {"label_mode": "fine"}, "label_mode", "keras.datasets.cifar10.load_data takes no arguments"),
    ("boston_housing", {"test_splt": 0.1}, "test_splt", "did you mean test_split"),
    ("cifar100", {"labelmode": "coarse"}, "labelmode", "did you mean label_mode"),
    ("mnist", {"path": "/tmp/mnist.npz"}, "path", "a file name ending in .npz, without folders"),
    ("mnist", {"path": 5}, "path", "a file name ending in .npz"),
    ("imdb", {"path": "imdb.zip"}, "path", "a file name ending in .npz"),
]


@settings(max_examples=25, deadline=None)
@given(size=st.one_of(st.integers(max_value=0), st.floats(allow_nan=True), st.text(max_size=5),
                      st.booleans()), which=st.sampled_from(["train_size", "test_size"]))
def test_any_size_that_is_not_a_positive_whole_number_is_refused(size, which):
    with pytest.raises(BadArgument, match=rf"^load: {which}=.* {which} must be a whole number of at least 1"):
        datasets.load("mnist", **{which: size})


@pytest.mark.parametrize(("name", "keywords", "argument", "allowed"), LOAD_ROWS)
def test_load_refuses_bad_arguments_before_loading(offline, monkeypatch, name, keywords, argument, allowed):
    monkeypatch.setattr(datasets, "_from_fallback", lambda kind: pytest.fail("loaded a fallback"))
    with pytest.raises(BadArgument) as caught:
        datasets.load(name, **keywords)
    message = str(caught.value)
    assert message.startswith(f"load: {argument}=") and f"{argument} must be" in message
    assert allowed in message and len(message) < 700
    assert PROBES == [] and not list(offline.iterdir())  # refused before the network or the cache


@pytest.mark.parametrize("function", [datasets.describe, datasets.is_cached])
@pytest.mark.parametrize(("name", "fragment"), [(None, "one of mnist"), (5, "one of mnist"),
                                                ("", "one of mnist"), ("cifar", "did you mean 'cifar10'")])
def test_describe_and_is_cached_refuse_bad_names(function, name, fragment):
    with pytest.raises(BadArgument, match=rf"^{function.__name__}: name=.*{fragment}"):
        function(name)


def test_sizes_above_the_data_keep_all_and_say_so(offline, capsys):
    mnist = datasets.load("mnist", train_size=100_000, test_size=2_001)
    printed = capsys.readouterr().out
    assert mnist.x_train.shape == (8000, 28, 28) and mnist.x_test.shape == (2000, 28, 28)
    assert "train_size=100,000 is more than the 8,000 samples there are; using all 8,000." in printed
    assert "test_size=2,001 is more than the 2,000 samples there are; using all 2,000." in printed


def test_valid_fallbacks_per_task_still_work(offline, capsys):
    assert datasets.load("cifar10", fallback="digits", train_size=10).x_train.shape == (10, 8, 8)
    assert datasets.load("california_housing", fallback="diabetes").x_train.shape[1] == 10
    with pytest.raises(datasets.DatasetUnavailable, match="No dataset bundled offline can stand in"):
        datasets.load("imdb", num_words=100)


# ---- damaged files in the Keras cache ---------------------------------------------------------
def npz_bytes(**arrays) -> bytes:
    buffer = io.BytesIO()
    np.savez(buffer, **arrays)
    return buffer.getvalue()


def good_mnist() -> bytes:
    digits = np.zeros((3, 28, 28), np.uint8)
    labels = np.zeros(3, np.uint8)
    return npz_bytes(x_train=digits, y_train=labels, x_test=digits, y_test=labels)


def crc_broken(data: bytes) -> bytes:
    """A zip whose first member's bytes were changed after it was written (its CRC no longer matches)."""
    broken = bytearray(data)
    start = 30 + len(zipfile.ZipFile(io.BytesIO(data)).namelist()[0])  # local header + name of member 0
    broken[start + 100] ^= 0xFF
    return bytes(broken)


def gz_bytes(payload: bytes) -> bytes:
    return gzip.compress(payload, mtime=0)  # the same bytes, and test ids, in every process


def tar_gz(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        for name, payload in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(payload)
            archive.addfile(info, io.BytesIO(payload))
    return buffer.getvalue()


RANDOM_BYTES = np.random.default_rng(0).bytes(5000)  # does not compress: cutting the archive truncates it
FASHION_LABELS = "fashion-mnist/train-labels-idx1-ubyte.gz"
CORRUPT_CACHE_ROWS = [
    # (dataset, cache file, damaged bytes, what the message says about them)
    ("mnist", "mnist.npz", b"garbage" * 50, "does not read to its end"),
    ("mnist", "mnist.npz", b"", "it is empty, 0 bytes"),
    ("mnist", "mnist.npz", good_mnist()[:500], "does not read to its end"),
    ("mnist", "mnist.npz", npz_bytes(x=np.zeros(3)), "it lacks the arrays x_train, y_train, x_test, y_test"),
    ("mnist", "mnist.npz", crc_broken(good_mnist()), "fails its checksum"),
    ("imdb", "imdb.npz", b"\x00" * 300, "does not read to its end"),
    ("reuters", "reuters.npz", good_mnist()[:-40], "does not read to its end"),
    ("reuters", "reuters.npz", npz_bytes(x_train=np.zeros(2)), "it lacks the arrays x, y"),
    ("boston_housing", "boston_housing.npz", b"PK\x03\x04broken", "does not read to its end"),
    ("california_housing", "california_housing.npz", b"not a zip", "does not read to its end"),
    ("fashion_mnist", FASHION_LABELS, gz_bytes(b"\0" * 20)[:-8], "does not read to its end"),
    ("fashion_mnist", FASHION_LABELS, b"plain bytes, not gzip", "does not read to its end"),
    ("fashion_mnist", FASHION_LABELS, gz_bytes(b"\0" * 3), "it is shorter than its header"),
    ("cifar10", "cifar-10-batches-py-target_archive", b"garbage" * 100, "does not read to its end"),
    ("cifar100", "cifar-100-python-target_archive", tar_gz({"cifar-100-python/train": RANDOM_BYTES})[:3000],
     "does not read to its end"),
    ("cifar100", "cifar-100-python-target_archive", gz_bytes(b""), "does not read to its end"),
]


@pytest.mark.parametrize(("name", "file", "damaged", "detail"), CORRUPT_CACHE_ROWS)
@pytest.mark.parametrize("fallback", ["none", "allowed"])
def test_a_damaged_cached_file_is_reported_with_its_path_and_kept(offline, name, file, damaged, detail,
                                                                   fallback):
    path = offline / file
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(damaged)
    allowed = datasets.KIND_FALLBACKS[datasets.CARDS[name].kind]
    keywords = {"fallback": allowed[0]} if fallback == "allowed" and allowed else {}
    with pytest.raises(FileCorrupt) as caught:
        datasets.load(name, **keywords)
    message = str(caught.value)
    assert f"the cached {name} file at {path} is damaged (" in message and detail in message
    assert "Delete it to download it again" in message
    assert ("pass fallback=" in message) == bool(allowed)
    for blame in ("network", "cannot be reached", "download failed", "not available"):
        assert blame not in message
    assert path.read_bytes() == damaged  # never deleted, never changed
    assert PROBES == []


def test_a_folder_where_the_cached_file_should_be(offline):
    (offline / "mnist.npz").mkdir()
    with pytest.raises(FileUnreadable, match=r"mnist\.npz is a folder, not a file"):
        datasets.load("mnist")
    assert (offline / "mnist.npz").is_dir()


def test_a_renamed_cache_file_from_path_is_checked(offline):
    (offline / "my_mnist.npz").write_bytes(b"junk")
    with pytest.raises(FileCorrupt, match=r"my_mnist\.npz is damaged"):
        datasets.load("mnist", path="my_mnist.npz")


# Keras's get_file, seeing a checksum that does not match, downloads again; when that fails it removes
# the file. Here the network is refused inside the subprocess (no download is ever attempted for real).
KERAS_REMOVES = textwrap.dedent("""
    import socket, sys
    def refuse(*args, **kwargs):
        raise OSError("network switched off for this test")
    socket.socket.connect = refuse
    socket.create_connection = refuse
    from kerastutor import datasets
    from kerastutor._files import FileCorrupt
    try:
        datasets.load("mnist")
    except FileCorrupt as error:
        print("CORRUPT", error)
""")


def test_a_file_keras_would_remove_is_put_back_and_called_damaged(tmp_path):
    (tmp_path / "datasets").mkdir()
    path = tmp_path / "datasets" / "mnist.npz"
    path.write_bytes(good_mnist())  # parses, but is not the file whose checksum Keras publishes
    result = subprocess.run([sys.executable, "-c", KERAS_REMOVES], capture_output=True, text=True,
                            env={"KERAS_HOME": str(tmp_path), "PATH": "/usr/bin:/bin"}, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "CORRUPT the cached mnist file at" in result.stdout
    assert "its checksum is not the one Keras publishes for it" in result.stdout
    assert path.read_bytes() == good_mnist()
    assert sorted(p.name for p in path.parent.iterdir()) == ["mnist.npz"]  # no stray copy left


# ---- the MNIST digits shipped with kerastutor ---------------------------------------------------
SHIPPED_ROWS = [
    (b"garbage" * 10, FileCorrupt, "is damaged (not an .npz archive)"),
    (b"", FileCorrupt, "is damaged (not an .npz archive)"),
    (npz_bytes(x_train=np.zeros(3)), FileCorrupt, "is damaged ('y_train is not a file in the archive')"),
    (npz_bytes(x_train=np.zeros((2, 5, 5)), y_train=np.zeros(2), x_test=np.zeros((1, 5, 5)),
               y_test=np.zeros(1)), FileCorrupt, "its arrays are not 28x28 images"),
    (None, FileMissing, "are missing"),
]


@pytest.mark.parametrize(("content", "kind", "fragment"), SHIPPED_ROWS)
def test_damaged_shipped_digits_say_reinstall(offline, tmp_path, monkeypatch, content, kind, fragment):
    shipped = tmp_path / "mnist_subset.npz"
    if content is not None:
        shipped.write_bytes(content)
    monkeypatch.setattr(datasets, "shipped_mnist_path", lambda: shipped)
    with pytest.raises(kind) as caught:
        datasets.load("mnist")
    assert fragment in str(caught.value) and "Reinstall kerastutor" in str(caught.value)
    assert str(shipped) in str(caught.value)
