"""Exercises for lesson 09, pretrained models: the right preprocess_input, freezing, a transfer head.

The checks build their own small MobileNetV2 with ``weights=None`` once (no download, about a second).
"""

from __future__ import annotations

from functools import cache

import numpy as np

from .checks import as_float_array, need_function
from .core import Problem

LESSON = "09_pretrained_and_transfer"
TITLE = "Pretrained models and transfer learning"

BASE_SHAPE = (64, 64, 3)




@cache
def _built_base():
    """MobileNetV2 without its top and with random weights: the lesson's base, smaller. Built once."""
    import keras

    return keras.applications.MobileNetV2(weights=None, include_top=False, input_shape=BASE_SHAPE, alpha=0.35)


def _small_base():
    """The small base with every layer trainable again, as keras.applications builds it."""
    base = _built_base()
    base.trainable = True  # also resets the flag of every layer inside
    return base


def _count(weights) -> int:
    return sum(int(np.prod(w.shape)) for w in weights)


# q1 · preprocess_input -----------------------------------------------------------------------------

WANTED_MODULES = {"ResNet50": "resnet50", "DenseNet121": "densenet", "InceptionV3": "inception_v3"}
RIGHT_MODE = {"resnet50": "vgg16", "densenet": "densenet", "inception_v3": "mobilenet_v2"}
MODES = {  # what each preprocessing does, and which families use it; one module of each as reference
    "mobilenet_v2": "scales 0..255 to -1..1 (the 'tf' mode of MobileNet, Xception, InceptionV3, "
                    "InceptionResNetV2 and NASNet)",
    "vgg16": "reorders RGB to BGR and subtracts the mean ImageNet pixel (the 'caffe' mode of VGG16, VGG19 "
             "and ResNet50)",
    "densenet": "scales to 0..1 and standardises each channel (the 'torch' mode of DenseNet)",
}


def _preprocessing_for_each(functions) -> str | None:
    import keras

    if not isinstance(functions, dict):
        return (f"expected a dict such as {{'ResNet50': ..., 'DenseNet121': ..., 'InceptionV3': ...}}, "
                f"got {type(functions).__name__}.")
    photos = np.random.default_rng(9).uniform(0, 255, size=(2, 16, 16, 3)).astype("float32")
    for name, module in WANTED_MODULES.items():
        if name not in functions:
            return (f"your dict has no entry for {name!r}; it needs 'ResNet50', 'DenseNet121' and "
                    "'InceptionV3'.")
        function = functions[name]
        problem = need_function(function, f"keras.applications.{module}.preprocess_input")
        if problem:
            return f"for {name!r}: {problem}"
        got = as_float_array(function(photos.copy()))
        wanted = as_float_array(getattr(keras.applications, module).preprocess_input(photos.copy()))
        if got.shape == wanted.shape and np.allclose(got, wanted, atol=1e-4):
            continue
        right = MODES[RIGHT_MODE[module]]
        for reference, does in MODES.items():
            made = as_float_array(getattr(keras.applications, reference).preprocess_input(photos.copy()))
            if got.shape == made.shape and np.allclose(got, made, atol=1e-4):
                return (f"for {name!r} your function {does}; {name} was trained on pixels prepared another "
                        f"way: its preprocess_input {right}.")
        if got.shape == photos.shape and np.allclose(got, photos):
            return (f"for {name!r} your function leaves the pixels unchanged; {name}'s preprocess_input "
                    f"{right}.")
        return f"for {name!r} your function gives values {got.min():.2f}..{got.max():.2f}; its own {right}."
    return None


# q2 · freeze for fine-tuning ---------------------------------------------------------------------

TOP = 12


def _unfrozen_top(function) -> str | None:
    import keras

    problem = need_function(function, "def unfreeze_top(base, n): ...")
    if problem:
        return problem
    base = _small_base()
    base.trainable = False  # as after training the head
    function(base, TOP)
    is_norm = [isinstance(layer, keras.layers.BatchNormalization) for layer in base.layers]
    wanted = [i >= len(base.layers) - TOP and not norm and bool(layer.weights)
              for i, (layer, norm) in enumerate(zip(base.layers, is_norm))]
    expected = _count(w for layer, keep in zip(base.layers, wanted) if keep for w in layer.weights)
    trained = _count(base.trainable_weights)
    if not base.trainable:
        return ("base.trainable is still False: a frozen model trains none of its layers, whatever their own "
                "flags say. Set base.trainable = True first, then freeze the layers below the top ones.")
    if trained == expected:
        return None
    counts = f"your base trains {trained:,} parameters, the task's setting {expected:,}: "
    for layer, norm in zip(base.layers, is_norm):
        if layer.trainable and layer.weights and norm:
            return counts + (f"BatchNormalization layer {layer.name!r} is trainable; keep every "
                             "BatchNormalization layer frozen, so its ImageNet statistics stay.")
    for layer, keep in zip(base.layers, wanted):
        if layer.trainable and layer.weights and not keep:
            return counts + f"layer {layer.name!r} is trainable but is not among the last {TOP} layers."
    for layer, keep in zip(base.layers, wanted):
        if keep and not layer.trainable:
            return counts + f"layer {layer.name!r}, one of the last {TOP}, is still frozen."
    return counts + "compare your trainable layers with the last n layers of base.layers."


# q3 · a transfer head -------------------------------------------------------------------------------

def _head_on_base(function) -> str | None:
    import keras

    problem = need_function(function, "def add_head(base, num_classes): ...")
    if problem:
        return problem
    features = 1280  # MobileNetV2's last feature maps have 1280 channels at every alpha below 1
    for classes in (5, 3):
        base = _small_base()
        model = function(base, classes)
        if not isinstance(model, keras.Model):
            return f"your function returned {type(model).__name__}; return the new keras.Model."
        if base not in model.layers:
            return ("the base is not a layer of your model: call it on the new input, "
                    "features = base(inputs, training=False).")
        if base.trainable:
            return ("the base is still trainable: freeze it with base.trainable = False before training the "
                    "head.")
        if tuple(model.inputs[0].shape[1:]) != BASE_SHAPE:
            return (f"your model takes images of shape {tuple(model.inputs[0].shape[1:])}, the base "
                    f"{BASE_SHAPE}: use keras.Input(shape=base.input.shape[1:]).")
        kinds = [type(layer).__name__ for layer in model.layers]
        if "Flatten" in kinds:
            return ("Flatten keeps every position of the 2x2 feature maps (4 x 1280 numbers per image); the "
                    "task asks for GlobalAveragePooling2D, one average per feature map.")
        if "GlobalAveragePooling2D" not in kinds:
            return "turn the base's feature maps into one vector per image with GlobalAveragePooling2D()."
        last = model.layers[-1]
        if type(last).__name__ != "Dense":
            return (f"the last layer is {type(last).__name__}; end with Dense(num_classes, "
                    "activation='softmax').")
        if last.units != classes:
            return (f"with num_classes={classes} your last Dense layer has {last.units} units: "
                    "use num_classes, not a fixed number.")
        if last.get_config()["activation"] != "softmax":
            return (f"the last layer uses {last.get_config()['activation']!r}; class probabilities need "
                    "'softmax'.")
        trained = _count(model.trainable_weights)
        if trained != features * classes + classes:
            return (f"your model trains {trained:,} parameters; with a frozen base only the head's "
                    f"{features} x {classes} weights and {classes} biases ({features * classes + classes:,}) "
                    "train.")
        if len(model.outputs) != 1 or tuple(model.outputs[0].shape) != (None, classes):
            shapes = [tuple(output.shape) for output in model.outputs]
            return (f"your model's outputs have shapes {shapes}; expected one output of shape (None, "
                    f"{classes}).")
    return None


q1 = Problem(
    LESSON, "q1",
    "Make a dict that maps 'ResNet50', 'DenseNet121' and 'InceptionV3' each to the preprocess_input function "
    "its ImageNet weights need. The check runs each one on its own random photos.",
    _preprocessing_for_each,
    hints=["Each family's preprocess_input lives in its module: "
           "keras.applications.<module>.preprocess_input.",
           "The modules are resnet50, densenet and inception_v3; section 2 shows what their functions do.",
           "{'ResNet50': keras.applications.resnet50.preprocess_input, 'DenseNet121': "
           "keras.applications.densenet.preprocess_input, 'InceptionV3': "
           "keras.applications.inception_v3.preprocess_input}."],
    solution="""preparations = {
    "ResNet50": keras.applications.resnet50.preprocess_input,
    "DenseNet121": keras.applications.densenet.preprocess_input,
    "InceptionV3": keras.applications.inception_v3.preprocess_input,
}
ex.q1.check(preparations)""",
)

q2 = Problem(
    LESSON, "q2",
    "Write a function unfreeze_top(base, n) that prepares a frozen base for fine-tuning: its last n layers "
    "trainable, every other layer frozen, and every BatchNormalization layer frozen. The check runs it on "
    "its own small MobileNetV2 (weights=None) with n=12 and counts the trainable parameters.",
    _unfrozen_top,
    hints=["Step 2 of the lesson does this with n=20.",
           "Unfreeze the whole base first (base.trainable = True), then freeze base.layers[:-n]; "
           "the other order leaves everything trainable.",
           "Then loop over base.layers once more and set trainable = False on every "
           "keras.layers.BatchNormalization."],
    solution="""def unfreeze_top(base, n):
    base.trainable = True
    for layer in base.layers[:-n]:
        layer.trainable = False
    for layer in base.layers:
        if isinstance(layer, keras.layers.BatchNormalization):
            layer.trainable = False


ex.q2.check(unfreeze_top)""",
)

q3 = Problem(
    LESSON, "q3",
    "Write a function add_head(base, num_classes) that freezes base and returns a new keras.Model: the "
    "base's input shape, the base called with training=False, GlobalAveragePooling2D, then "
    "Dense(num_classes, softmax) (a Dropout before it is fine). The check runs it on its own small "
    "MobileNetV2 (weights=None).",
    _head_on_base,
    hints=["Step 1 of the lesson builds exactly this with the functional API.",
           "inputs = keras.Input(shape=base.input.shape[1:]); features = base(inputs, training=False).",
           "Then GlobalAveragePooling2D(), Dense(num_classes, activation='softmax') and "
           "keras.Model(inputs, outputs); do not forget base.trainable = False."],
    solution="""def add_head(base, num_classes):
    base.trainable = False
    inputs = keras.Input(shape=base.input.shape[1:])
    features = base(inputs, training=False)
    features = keras.layers.GlobalAveragePooling2D()(features)
    features = keras.layers.Dropout(0.2)(features)
    outputs = keras.layers.Dense(num_classes, activation="softmax")(features)
    return keras.Model(inputs, outputs)


ex.q3.check(add_head)""",
)
