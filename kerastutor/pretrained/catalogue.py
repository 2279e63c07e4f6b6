"""Every ``keras.applications`` model with its published facts. Data, no Keras import.

Sizes, accuracies, parameters, depth and per-step times are from the keras.io
"Keras Applications" table (CPU and GPU times there are per batch of 32 on a
92-core EPYC and an A100). MobileNetV3's top-1 and parameters are from its Keras
docstring. Facts a source does not give are ``None``, never guessed.

Where keras.io publishes no weight-file size (MobileNetV3, ConvNeXt), the memory guard
uses the parameter count times 4 bytes (float32). Those counts are computed, not
published: ``COMPUTED_PARAMS``, and ``ModelRecord.weights_computed`` says so.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from .._arguments import refuse

# computed with tools/count_parameters.py, Keras 3.15.1: keras.applications.<name>(weights=None), the
# default ImageNet configuration (include_top=True, 1,000 classes, default input size)
COMPUTED_PARAMS: dict[str, int] = {
    "MobileNetV3Small": 2_554_968,
    "MobileNetV3Large": 5_507_432,
    "ConvNeXtTiny": 28_589_128,
    "ConvNeXtSmall": 50_223_688,
    "ConvNeXtBase": 88_591_464,
    "ConvNeXtLarge": 197_767_336,
    "ConvNeXtXLarge": 350_196_968,
}
FLOAT32_BYTES = 4


@dataclass(frozen=True)
class ModelRecord:
    """One pretrained model: what it is and what keras.io publishes about it."""

    name: str
    family: str
    module: str            # keras.applications.<module> holds preprocess_input / decode_predictions
    size_mb: float | None  # weight file size
    top1: float | None     # ImageNet validation accuracy, 0..1
    top5: float | None
    params: int | None
    depth: int | None
    input_size: int        # default square input side, pixels
    cpu_ms_published: float | None  # keras.io: ms per inference step (batch 32)
    computed_params: int | None = None  # COMPUTED_PARAMS: counted here, not published

    @property
    def weights_computed(self) -> bool:
        """Whether :attr:`weights_mb` is computed (parameters x 4 bytes) rather than published."""
        return self.size_mb is None

    @property
    def weights_mb(self) -> float:
        """The weight file's size in MB: published, else parameters x 4 bytes (float32)."""
        if self.size_mb is not None:
            return float(self.size_mb)
        return (self.computed_params or self.params or 0) * FLOAT32_BYTES / 1e6

    @property
    def preprocess_input(self) -> str:
        """Where its preprocessing function lives."""
        return f"keras.applications.{self.module}.preprocess_input"

    @property
    def decode_predictions(self) -> str:
        """Where its ImageNet label decoder lives."""
        return f"keras.applications.{self.module}.decode_predictions"


def _fraction(percent: float | None) -> float | None:
    """A percentage (79.0) as a fraction (0.79)."""
    return None if percent is None else round(percent / 100, 4)


def _millions(count: float | None) -> int | None:
    """A count given in millions (22.9) as a whole number (22_900_000)."""
    return None if count is None else int(round(count * 1e6))


# name, family, module, size MB, top-1 %, top-5 %, params (M), depth, input, CPU ms
_ROWS = (
    ("Xception", "Xception", "xception", 88, 79.0, 94.5, 22.9, 81, 299, 109.4),
    ("VGG16", "VGG", "vgg16", 528, 71.3, 90.1, 138.4, 16, 224, 69.5),
    ("VGG19", "VGG", "vgg19", 549, 71.3, 90.0, 143.7, 19, 224, 84.8),
    ("ResNet50", "ResNet", "resnet50", 98, 74.9, 92.1, 25.6, 107, 224, 58.2),
    ("ResNet50V2", "ResNet", "resnet_v2", 98, 76.0, 93.0, 25.6, 103, 224, 45.6),
    ("ResNet101", "ResNet", "resnet", 171, 76.4, 92.8, 44.7, 209, 224, 89.6),
    ("ResNet101V2", "ResNet", "resnet_v2", 171, 77.2, 93.8, 44.7, 205, 224, 72.7),
    ("ResNet152", "ResNet", "resnet", 232, 76.6, 93.1, 60.4, 311, 224, 127.4),
    ("ResNet152V2", "ResNet", "resnet_v2", 232, 78.0, 94.2, 60.4, 307, 224, 107.5),
    ("InceptionV3", "Inception", "inception_v3", 92, 77.9, 93.7, 23.9, 189, 299, 42.2),
    ("InceptionResNetV2", "Inception", "inception_resnet_v2", 215, 80.3, 95.3, 55.9, 449, 299, 130.2),
    ("MobileNet", "MobileNet", "mobilenet", 16, 70.4, 89.5, 4.3, 55, 224, 22.6),
    ("MobileNetV2", "MobileNet", "mobilenet_v2", 14, 71.3, 90.1, 3.5, 105, 224, 25.9),
    ("MobileNetV3Small", "MobileNet", "mobilenet_v3", None, 68.1, None, 2.9, None, 224, None),
    ("MobileNetV3Large", "MobileNet", "mobilenet_v3", None, 75.6, None, 5.4, None, 224, None),
    ("DenseNet121", "DenseNet", "densenet", 33, 75.0, 92.3, 8.1, 242, 224, 77.1),
    ("DenseNet169", "DenseNet", "densenet", 57, 76.2, 93.2, 14.3, 338, 224, 96.4),
    ("DenseNet201", "DenseNet", "densenet", 80, 77.3, 93.6, 20.2, 402, 224, 127.2),
    ("NASNetMobile", "NASNet", "nasnet", 23, 74.4, 91.9, 5.3, 389, 224, 27.0),
    ("NASNetLarge", "NASNet", "nasnet", 343, 82.5, 96.0, 88.9, 533, 331, 344.5),
    ("EfficientNetB0", "EfficientNet", "efficientnet", 29, 77.1, 93.3, 5.3, 132, 224, 46.0),
    ("EfficientNetB1", "EfficientNet", "efficientnet", 31, 79.1, 94.4, 7.9, 186, 240, 60.2),
    ("EfficientNetB2", "EfficientNet", "efficientnet", 36, 80.1, 94.9, 9.2, 186, 260, 80.8),
    ("EfficientNetB3", "EfficientNet", "efficientnet", 48, 81.6, 95.7, 12.3, 210, 300, 140.0),
    ("EfficientNetB4", "EfficientNet", "efficientnet", 75, 82.9, 96.4, 19.5, 258, 380, 308.3),
    ("EfficientNetB5", "EfficientNet", "efficientnet", 118, 83.6, 96.7, 30.6, 312, 456, 579.2),
    ("EfficientNetB6", "EfficientNet", "efficientnet", 166, 84.0, 96.8, 43.3, 360, 528, 958.1),
    ("EfficientNetB7", "EfficientNet", "efficientnet", 256, 84.3, 97.0, 66.7, 438, 600, 1578.9),
    ("EfficientNetV2B0", "EfficientNetV2", "efficientnet_v2", 29, 78.7, 94.3, 7.2, None, 224, None),
    ("EfficientNetV2B1", "EfficientNetV2", "efficientnet_v2", 34, 79.8, 95.0, 8.2, None, 240, None),
    ("EfficientNetV2B2", "EfficientNetV2", "efficientnet_v2", 42, 80.5, 95.1, 10.2, None, 260, None),
    ("EfficientNetV2B3", "EfficientNetV2", "efficientnet_v2", 59, 82.0, 95.8, 14.5, None, 300, None),
    ("EfficientNetV2S", "EfficientNetV2", "efficientnet_v2", 88, 83.9, 96.7, 21.6, None, 384, None),
    ("EfficientNetV2M", "EfficientNetV2", "efficientnet_v2", 220, 85.3, 97.4, 54.4, None, 480, None),
    ("EfficientNetV2L", "EfficientNetV2", "efficientnet_v2", 479, 85.7, 97.5, 119.0, None, 480, None),
    ("ConvNeXtTiny", "ConvNeXt", "convnext", None, None, None, None, None, 224, None),
    ("ConvNeXtSmall", "ConvNeXt", "convnext", None, None, None, None, None, 224, None),
    ("ConvNeXtBase", "ConvNeXt", "convnext", None, None, None, None, None, 224, None),
    ("ConvNeXtLarge", "ConvNeXt", "convnext", None, None, None, None, None, 224, None),
    ("ConvNeXtXLarge", "ConvNeXt", "convnext", None, None, None, None, None, 224, None),
)

CATALOGUE: tuple[ModelRecord, ...] = tuple(
    ModelRecord(name, family, module, size, _fraction(top1), _fraction(top5), _millions(params), depth,
                size_px, cpu, COMPUTED_PARAMS.get(name))
    for name, family, module, size, top1, top5, params, depth, size_px, cpu in _ROWS)
BY_NAME: dict[str, ModelRecord] = {record.name.lower(): record for record in CATALOGUE}


def model_catalog() -> list[ModelRecord]:
    """Every ``keras.applications`` model with its published facts (a list of records)."""
    return list(CATALOGUE)


def record(name: object, owner: str = "record") -> ModelRecord:
    """The record of model ``name`` (any case); a :class:`BadArgument` (a ValueError) naming close
    ones when there is no such model."""
    key = name.strip().lower() if isinstance(name, str) else ""
    found = BY_NAME.get(key)
    if found is None:
        close = [BY_NAME[c].name for c in difflib.get_close_matches(key[:200], BY_NAME, n=3)] if key else []
        hint = f"did you mean {', '.join(close)}?" if close else "model_catalog() lists them all"
        raise refuse(owner, "name", name, f"the name of a keras.applications model ({hint})")
    return found
