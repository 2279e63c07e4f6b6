"""What a pretrained model predicts for one image, and the plain Keras code that does the same.

No widgets: the gallery shows what ``top_predictions`` returns, and ``to_code`` gives a learner the
code to load the model and classify their own image without kerastutor.
"""

from __future__ import annotations

import numpy as np

from .._arguments import refuse
from .._network import never_deleted
from .._quiet import import_keras
from .catalogue import ModelRecord
from .loading import models_cache_dir

CLASS_INDEX = "imagenet_class_index.json"  # decode_predictions' labels, in the Keras cache
TOP = 5


def rgb_image(image: object, owner: str = "Gallery.predict") -> np.ndarray:
    """``image`` as a float (H, W, 3) array of finite values; refused otherwise."""
    try:
        array = np.asarray(image, dtype="float32")
    except (TypeError, ValueError):
        array = None
    if array is None or array.ndim != 3 or array.shape[-1] != 3 or min(array.shape[:2]) < 1 or not (
            np.isfinite(array).all()):
        raise refuse(owner, "image", image, "an RGB image: an array of shape (height, width, 3) "
                     "with finite values in [0, 255]")
    return array


def predicts_imagenet(model) -> bool:
    """Whether ``model`` maps images of a known size to the 1,000 ImageNet classes."""
    inputs, outputs = tuple(model.inputs[0].shape[1:]), tuple(model.outputs[0].shape[1:])
    return all(inputs) and outputs == (1000,)


def top_predictions(model, record: ModelRecord, image: np.ndarray) -> list[tuple[str, float]]:
    """The ``TOP`` most probable ImageNet classes for ``image`` (H, W, 3 in [0, 255]) as (label, p),
    with the model's own preprocessing; labels are ``class N`` when the class index cannot be read."""
    keras = import_keras()
    module = getattr(keras.applications, record.module)
    size = tuple(model.inputs[0].shape[1:3])
    batch = keras.ops.image.resize(image[None].astype("float32"), size)
    scores = np.asarray(model.predict(module.preprocess_input(batch), verbose=0))[0]
    top = np.argsort(scores)[::-1][:TOP]
    try:  # a damaged cached class index is put back if Keras removes it (offline it cannot replace it)
        with never_deleted([models_cache_dir() / CLASS_INDEX]):
            names = [label for _, label, _ in module.decode_predictions(scores[None], top=TOP)[0]]
    except Exception:  # noqa: BLE001  (the class index downloads once; offline or damaged, show indices)
        names = [f"class {i}" for i in top]
    return [(name, float(scores[i])) for name, i in zip(names, top)]


def to_code(record: ModelRecord, weights: object = "imagenet", options: dict[str, object] | None = None,
            image: str = "my_photo.jpg") -> str:
    """Keras code that builds ``record``'s model (``weights``: "imagenet", None or a weights file;
    ``options``: its other constructor arguments) and prints its top-5 classes for the file ``image``."""
    given = {"weights": weights, **(options or {})}
    arguments = ", ".join(f"{key}={value!r}" for key, value in given.items())
    module = f"keras.applications.{record.module}"
    lines = [
        "import keras",
        "",
        f"model = keras.applications.{record.name}({arguments})",
        "size = model.inputs[0].shape[1:3]  # the input size the model was built for",
        f"picture = keras.utils.load_img({image!r}, target_size=size)",
        "batch = keras.utils.img_to_array(picture)[None]  # one image: a batch of 1",
        f"scores = model.predict({module}.preprocess_input(batch), verbose=0)",
    ]
    if weights is None:
        lines.append("# random weights: the scores mean nothing until the model is trained")
    lines.append(f"for _, label, probability in {module}.decode_predictions(scores, top={TOP})[0]:")
    lines.append('    print(f"{label}: {probability:.1%}")')
    return "\n".join(lines) + "\n"
