"""Count the parameters of ``keras.applications`` models whose counts keras.io does not publish.

Each model is built once with ``weights=None`` (its default ImageNet configuration:
``include_top=True``, 1,000 classes, default input size) in a subprocess of its own, so
that the memory of a large one is returned before the next is built. Nothing is
downloaded. The counts go into ``kerastutor/pretrained/catalogue.py`` (``COMPUTED_PARAMS``).

    .venv/bin/python tools/count_parameters.py                 # the models without published counts
    .venv/bin/python tools/count_parameters.py MobileNetV3Small  # one model
"""

from __future__ import annotations

import subprocess
import sys
import time

UNPUBLISHED = ("MobileNetV3Small", "MobileNetV3Large", "ConvNeXtTiny", "ConvNeXtSmall", "ConvNeXtBase",
               "ConvNeXtLarge", "ConvNeXtXLarge")
BUILD = ("import sys, kerastutor, keras; "
         "print(getattr(keras.applications, sys.argv[1])(weights=None).count_params())")


def count(name: str) -> int:
    """The parameter count of ``keras.applications.<name>(weights=None)``, built in a subprocess."""
    result = subprocess.run([sys.executable, "-c", BUILD, name], capture_output=True, text=True,
                            check=True, timeout=900)
    return int(result.stdout.strip().splitlines()[-1])


def main(names: list[str]) -> None:
    """Print ``name  parameters  float32 MB  seconds`` for each model."""
    import keras

    print(f"# computed with tools/count_parameters.py, Keras {keras.__version__}")
    for name in names:
        started = time.perf_counter()
        parameters = count(name)
        print(f"{name}\t{parameters}\t{parameters * 4 / 1e6:.1f} MB\t{time.perf_counter() - started:.1f} s",
              flush=True)


if __name__ == "__main__":
    main(sys.argv[1:] or list(UNPUBLISHED))
