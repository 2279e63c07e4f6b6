"""Concept entries for saving and loading models: Keras 3 names and the old-tutorial names around them.

Every status and error text below was checked against Keras 3.15.1 (TensorFlow 2.21 backend).
"""

from __future__ import annotations

from kerastutor.concepts.concept import Concept

LESSON = "13_saving_and_hdf5.ipynb"

ENTRIES: list[Concept] = [
    Concept(
        name="keras.models.save_model",
        summary=("Saves a whole model (architecture, weights, compile settings, optimizer state) to one "
                 "file; the file name chooses the format: .keras (Keras 3, a zip archive) or .h5 (legacy "
                 "HDF5). The same function as keras.saving.save_model; model.save(path) calls it."),
        status="present",
        replacement="keras.saving.save_model",
        example=('model.save("model.keras")\n'
                 'keras.saving.save_model(model, "model.keras")   # the same\n'
                 'keras.models.save_model(model, "model.keras")   # the same function'),
        lesson=LESSON,
        heading="The `.keras` format: a zip archive",
        section="old-tutorials",
        aliases=("keras.saving.save_model", "tf.keras.models.save_model"),
        runs=("save_model",),
    ),
    Concept(
        name="keras.saving.load_model",
        summary=("Loads a model saved with model.save from a .keras or legacy .h5 file, compiled with its "
                 "saved settings. safe_mode=True (the default) refuses files whose config holds Python code, "
                 "such as a Lambda layer with a lambda; pass safe_mode=False only for a file you trust."),
        status="present",
        error=("ValueError: Requested the deserialization of a `Lambda` layer whose `function` is a Python "
               "lambda. This carries a potential risk of arbitrary code execution and thus it is disallowed "
               "by default. If you trust the source of the artifact, you can override this error by passing "
               "`safe_mode=False` to the loading function, or calling "
               "`keras.config.enable_unsafe_deserialization()."),
        example=('model = keras.saving.load_model("model.keras")                    # safe_mode=True\n'
                 'trusted = keras.saving.load_model("mine.keras", safe_mode=False)   # your own file only'),
        lesson=LESSON,
        heading="`safe_mode`: why `load_model` refuses a Python lambda",
        section="old-tutorials",
        aliases=("keras.models.load_model", "tf.keras.models.load_model", "safe_mode",
                 "load_model safe_mode"),
        runs=("load_model", "safe_mode"),
    ),
    Concept(
        name="save_format",
        summary=("Keras 2 / tf.keras argument of model.save and save_weights choosing 'tf' (SavedModel) or "
                 "'h5'. Keras 3 picks the format from the file name: it raises for a name without .keras or "
                 ".h5, and only logs a deprecation warning when the name already says the format."),
        status="removed",
        since="Keras 3.0",
        replacement='model.save("name.keras") (or "name.h5"); model.export(...) for a SavedModel',
        error=("ValueError: The `save_format` argument is deprecated in Keras 3. Please remove this argument "
               "and pass a file path with either `.keras` or `.h5` extension.Received: save_format=tf"),
        example='model.save("model.keras")      # not model.save("model", save_format="tf")',
        lesson=LESSON,
        heading="Old tutorials: SavedModel directories and `save_format`",
        section="old-tutorials",
        aliases=("save_format=", "save_format='tf'", "save_format='h5'"),
        runs=("save_format",),
    ),
    Concept(
        name="SavedModel",
        summary=("TensorFlow's directory format, which tf.keras 2 wrote for model.save('my_model') (a name "
                 "without an extension) and read back with load_model. Keras 3 neither saves nor loads whole "
                 "models in it: model.export writes one for TF Serving and TFLite, and "
                 "keras.layers.TFSMLayer wraps one as an inference-only layer."),
        status="removed",
        since="Keras 3.0",
        replacement='model.save("my_model.keras"); model.export("my_model") for serving',
        error=("ValueError: Invalid filepath extension for saving. Please add either a `.keras` extension "
               "for the native Keras format (recommended) or a `.h5` extension. Use `model.export(filepath)` "
               "if you want to export a SavedModel for use with TFLite/TFServing/etc. "
               "Received: filepath=my_model."),
        example=('model.save("my_model.keras")          # to keep, share, resume training\n'
                 'model.export("my_model_serving")      # a SavedModel directory for TF Serving / TFLite'),
        lesson=LESSON,
        heading="Old tutorials: SavedModel directories and `save_format`",
        section="old-tutorials",
        aliases=("saved_model", "SavedModel format", "SavedModel directory"),
        runs=("saved_model_dir",),
    ),
    Concept(
        name=".weights.h5",
        summary=("Keras 3's save_weights and load_weights file: the name must end in .weights.h5. The file "
                 "is HDF5 with the layers' weights and the optimizer's variables, no architecture. Old "
                 "code's save_weights('model.h5') or a TensorFlow checkpoint prefix ('ckpt') is refused."),
        status="present",
        error="ValueError: The filename must end in `.weights.h5`. Received: filepath=model.h5",
        example=('model.save_weights("model.weights.h5")\n'
                 'same_architecture.load_weights("model.weights.h5")'),
        lesson=LESSON,
        heading="Weights only: `save_weights` and `load_weights`",
        section="old-tutorials",
        aliases=("weights.h5", "save_weights .h5", "save_weights h5 suffix"),
        runs=("save_weights", "load_weights"),
    ),
    Concept(
        name="compile=False",
        summary=("load_model(path, compile=False) loads the architecture and the weights without compiling: "
                 "no optimizer, no loss. Right for predictions; compiling it yourself afterwards starts a "
                 "fresh optimizer at step 0, so to resume training keep the default compile=True."),
        status="present",
        example='predictor = keras.saving.load_model("model.keras", compile=False)',
        lesson=LESSON,
        heading="Only the weights, with a fresh optimizer",
        section="old-tutorials",
        aliases=("load_model compile=False", "compile=False load_model"),
        runs=("compile=False",),
    ),
    Concept(
        name="include_optimizer",
        summary=("Argument of model.save / save_model. include_optimizer=False leaves the optimizer state "
                 "out of a legacy .h5 file; for .keras files Keras 3.15 accepts it but ignores it (the "
                 "optimizer is always saved)."),
        status="present",
        example='keras.saving.save_model(model, "predict_only.h5", include_optimizer=False)',
        lesson=LESSON,
        heading="`include_optimizer`",
        section="old-tutorials",
        runs=("include_optimizer",),
    ),
    Concept(
        name="custom_objects",
        summary=("Argument of load_model (and of from_config, model_from_json): a dict mapping the class or "
                 "function names stored in the file to your Python objects, for custom classes that are not "
                 "registered."),
        status="present",
        error=("TypeError: ... Could not locate class 'Halve'. Make sure custom classes and functions are "
               "decorated with `@keras.saving.register_keras_serializable()`."),
        example='model = keras.saving.load_model("model.keras", custom_objects={"Halve": Halve})',
        lesson=LESSON,
        heading="Unregistered classes: `custom_objects` and `custom_object_scope`",
        section="old-tutorials",
        see_also=("keras.saving.register_keras_serializable",),
        runs=("custom_objects",),
    ),
    Concept(
        name="keras.utils.custom_object_scope",
        summary=("A context manager: inside `with custom_object_scope({...}):` every load finds the given "
                 "custom classes and functions by name. The same object as keras.saving.custom_object_scope "
                 "(the class is keras.saving.CustomObjectScope)."),
        status="present",
        replacement="keras.saving.custom_object_scope",
        example=('with keras.saving.custom_object_scope({"Halve": Halve}):\n'
                 '    model = keras.saving.load_model("model.keras")'),
        lesson=LESSON,
        heading="Unregistered classes: `custom_objects` and `custom_object_scope`",
        section="old-tutorials",
        aliases=("keras.saving.custom_object_scope", "CustomObjectScope", "keras.utils.CustomObjectScope"),
        runs=("custom_object_scope",),
    ),
    Concept(
        name="keras.saving.register_keras_serializable",
        summary=("Class decorator that registers a custom layer, model, loss or function under "
                 "'package>Name', so that files store that name (never code) and load_model finds the class, "
                 "with safe_mode=True, in any later session that imports it. Also keras.utils."
                 "register_keras_serializable."),
        status="present",
        example=('@keras.saving.register_keras_serializable(package="my_layers")\n'
                 'class DivideBy(keras.layers.Layer):\n'
                 '    def __init__(self, divisor=1.0, **kwargs):\n'
                 '        super().__init__(**kwargs)\n'
                 '        self.divisor = divisor\n'
                 '    def call(self, inputs):\n'
                 '        return inputs / self.divisor\n'
                 '    def get_config(self):\n'
                 '        return {**super().get_config(), "divisor": self.divisor}'),
        lesson=LESSON,
        heading="The better way: a registered custom layer",
        section="old-tutorials",
        aliases=("register_keras_serializable", "keras.utils.register_keras_serializable"),
        runs=("register_keras_serializable",),
    ),
    Concept(
        name="Model.export",
        summary=("Writes an inference-only artifact for serving: by default a TensorFlow SavedModel "
                 "directory for TF Serving or TFLite conversion (format='tf_saved_model'). Not a way to keep "
                 "a model for Keras: load_model cannot read it back; use model.save('name.keras') for that."),
        status="present",
        example='model.export("digits_serving")   # then: keras.layers.TFSMLayer("digits_serving", ...)',
        section="old-tutorials",
        see_also=("SavedModel",),
    ),
]
