"""Concept entries for Keras 1/2 import paths that Keras 3 does not have, and old names inside modules that
still exist (``keras.losses.mse``, ``keras.optimizers.rmsprop``).

The paths are the ones real Keras 1/2 tutorial code imports (``tests/data/keras2_corpus.tsv``). A module
entry has ``context="module"``: ``explain("keras.layers.normalization")`` answers with the module, never
with the ``Normalization`` layer. Every error text was checked against Keras 3.15.1; examples assume
``import keras`` and ``import numpy as np``. The lesson that should teach them: 17 (Keras 3 today) for the
module paths, 14 (utilities) for ``keras.utils.*_utils`` and 10 for the optimizer and loss aliases.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from kerastutor.concepts.concept import Concept, entry

_old = partial(entry, heading=None, section="old-tutorials")


def _layers_module(module: str, holds: str, example: str) -> Concept:
    """A Keras 1/2 submodule of keras.layers (``keras.layers.pooling``): every layer it held is in
    keras.layers."""
    return _old(
        f"keras.layers.{module}",
        f"Keras 1 and 2 module that held {holds}. Keras 3 keeps its modules private (keras.src): import "
        "every layer from keras.layers.",
        example, status="removed", since="Keras 3.0", replacement="keras.layers", context="module",
        error=f"ModuleNotFoundError: No module named 'keras.layers.{module}'",
    )


def _alias(old: str, new: str, what: str, example: str, since: str = "Keras 3.0", **fields: Any) -> Concept:
    """A lowercase Keras 2 alias (``keras.optimizers.rmsprop``) of a Keras 3 name."""
    module, name = old.rsplit(".", 1)
    return _old(
        old, f"Keras 2's lowercase alias of {what}. Keras 3 keeps only {new}.", example,
        status="moved", since=since, replacement=new,
        error=f"AttributeError: module '{module}' has no attribute '{name}'", **fields,
    )


ENTRIES: list[Concept] = [
    _layers_module("convolutional", "Conv1D, Conv2D, Conv2DTranspose, UpSampling2D, ZeroPadding2D and "
                   "Cropping2D", "from keras.layers import Conv2D, UpSampling2D"),
    _layers_module("pooling", "MaxPooling1D/2D/3D, AveragePooling1D/2D/3D and the global poolings",
                   "from keras.layers import MaxPooling2D, GlobalAveragePooling2D"),
    _layers_module("recurrent", "SimpleRNN, GRU, LSTM and their cells",
                   "from keras.layers import LSTM, GRU, SimpleRNN"),
    _layers_module("embeddings", "Embedding", "from keras.layers import Embedding"),
    _layers_module("advanced_activations", "LeakyReLU, PReLU, ELU, ThresholdedReLU and Softmax",
                   "from keras.layers import LeakyReLU, PReLU, ELU"),
    _layers_module("normalization", "BatchNormalization (it is not the Keras 3 Normalization layer, which "
                   "standardizes inputs with statistics from adapt())",
                   "from keras.layers import BatchNormalization"),
    _layers_module("noise", "GaussianNoise, GaussianDropout and AlphaDropout",
                   "from keras.layers import GaussianNoise, GaussianDropout"),
    _layers_module("merge", "Add, Concatenate, Multiply, Average, Maximum, Dot and their functions "
                   "add, concatenate...", "from keras.layers import Concatenate, concatenate"),
    _layers_module("wrappers", "TimeDistributed and Bidirectional",
                   "from keras.layers import TimeDistributed, Bidirectional"),
    _layers_module("convolutional_recurrent", "ConvLSTM2D", "from keras.layers import ConvLSTM2D"),
    _layers_module("cudnn_recurrent", "CuDNNLSTM and CuDNNGRU (LSTM and GRU use cuDNN by themselves now)",
                   "from keras.layers import LSTM, GRU"),
    _layers_module("local", "LocallyConnected1D and LocallyConnected2D (removed in Keras 3)",
                   "from keras.layers import Conv1D, Conv2D"),
    _old("keras.initializations",
         "Keras 1's module of weight initializers (init='glorot_uniform'), renamed keras.initializers in "
         "Keras 2.0, with classes such as GlorotUniform and HeNormal.",
         "initializer = keras.initializers.GlorotUniform(seed=0)\n"
         "layer = keras.layers.Dense(4, kernel_initializer=initializer)",
         status="removed", since="Keras 2.0", replacement="keras.initializers", context="module",
         error="ModuleNotFoundError: No module named 'keras.initializations'"),
    _old("keras.objectives",
         "Keras 1's name of the losses module, kept as an alias until Keras 2.3: the loss functions and "
         "classes are in keras.losses.",
         "loss = keras.losses.MeanSquaredError()\nloss(np.zeros((2, 1)), np.ones((2, 1)))",
         status="removed", since="Keras 2.4", replacement="keras.losses", context="module",
         error="ModuleNotFoundError: No module named 'keras.objectives'"),
    _old("keras.preprocessing.text",
         "Keras 2's text utilities (Tokenizer, one_hot, text_to_word_sequence). Keras 3 turns text into "
         "integers with the keras.layers.TextVectorization layer (adapt() builds the vocabulary).",
         'vectorize = keras.layers.TextVectorization(max_tokens=100, output_sequence_length=4)\n'
         'vectorize.adapt(["the cat sat", "the dog ran"])\nvectorize(["the cat ran"])',
         status="removed", since="Keras 3.0", replacement="keras.layers.TextVectorization", context="module",
         error="ModuleNotFoundError: No module named 'keras.preprocessing.text'"),
    _old("keras.utils.data_utils",
         "Keras 2's module holding get_file and Sequence. Both are in keras.utils (Sequence is another name "
         "for keras.utils.PyDataset).",
         "from keras.utils import get_file, PyDataset",
         status="removed", since="Keras 2.13", replacement="keras.utils", context="module",
         error="ModuleNotFoundError: No module named 'keras.utils.data_utils'"),
    _old("keras.utils.generic_utils",
         "Keras 2's module holding Progbar, get_custom_objects, CustomObjectScope and "
         "serialize_keras_object. They are all in keras.utils.",
         "bar = keras.utils.Progbar(10, verbose=0)\nbar.update(5)",
         status="removed", since="Keras 2.13", replacement="keras.utils", context="module",
         error="ModuleNotFoundError: No module named 'keras.utils.generic_utils'"),
    _old("keras.utils.layer_utils",
         "Keras 2's module holding print_summary, count_params and convert_all_kernels_in_model. Keras 3 has "
         "model.summary() and model.count_params().",
         "model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2)])\nmodel.count_params()   # 8",
         status="removed", since="Keras 2.13", replacement="keras.utils (model.summary, model.count_params)",
         context="module", error="ModuleNotFoundError: No module named 'keras.utils.layer_utils'"),
    _old("keras.utils.conv_utils",
         "Keras 2's private helpers for convolution shapes (conv_output_length, normalize_tuple). Keras 3 "
         "has no public copy: let a layer compute its shape with compute_output_shape.",
         "keras.layers.Conv2D(8, 3).compute_output_shape((None, 28, 28, 1))   # (None, 26, 26, 8)",
         status="removed", since="Keras 3.0", replacement="Layer.compute_output_shape", context="module",
         error="ModuleNotFoundError: No module named 'keras.utils.conv_utils'"),
    _old("keras.backend.tensorflow_backend",
         "Multi-backend Keras 2's TensorFlow backend module (its session helpers such as set_session). "
         "Keras 3 picks the backend from KERAS_BACKEND; backend-neutral code uses keras.ops.",
         'keras.backend.backend()   # "tensorflow"',
         status="removed", since="Keras 2.4", replacement="keras.ops", context="module",
         error="ModuleNotFoundError: No module named 'keras.backend.tensorflow_backend'"),
    _old("keras.wrappers.scikit_learn",
         "Keras 2's scikit-learn wrappers KerasClassifier and KerasRegressor (build_fn=...). Keras 3.5+ has "
         "keras.wrappers.SKLearnClassifier, SKLearnRegressor and SKLearnTransformer, which take model=, a "
         "function building a compiled model (or the model itself).",
         "def build(X, y):\n"
         "    model = keras.Sequential([keras.Input((X.shape[1],)),\n"
         "                              keras.layers.Dense(2, activation='softmax')])\n"
         "    model.compile('adam', 'sparse_categorical_crossentropy')\n    return model\n"
         "classifier = keras.wrappers.SKLearnClassifier(model=build, fit_kwargs={'epochs': 1, 'verbose': 0})",
         status="removed", since="Keras 3.0", context="module",
         replacement="keras.wrappers.SKLearnClassifier / SKLearnRegressor",
         error="ModuleNotFoundError: No module named 'keras.wrappers.scikit_learn'"),
    _old("keras.wrappers.scikit_learn.KerasClassifier",
         "Keras 2's scikit-learn classifier wrapper (KerasClassifier(build_fn=...)); KerasRegressor was its "
         "regression twin. Keras 3 has keras.wrappers.SKLearnClassifier and SKLearnRegressor, which take "
         "model=, a function building a compiled model.",
         "regressor = keras.wrappers.SKLearnRegressor(model=lambda X, y: keras.Sequential(\n"
         "    [keras.Input((X.shape[1],)), keras.layers.Dense(1)]))",
         status="removed", since="Keras 3.0",
         replacement="keras.wrappers.SKLearnClassifier / SKLearnRegressor",
         aliases=("KerasClassifier", "KerasRegressor", "keras.wrappers.scikit_learn.KerasRegressor"),
         error="ModuleNotFoundError: No module named 'keras.wrappers.scikit_learn'"),
    _alias("keras.losses.mse", "keras.losses.mean_squared_error", "mean_squared_error (also mae, mape, msle, "
           "kld); compile(loss='mse') still takes the short string",
           'model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(1)])\n'
           'model.compile("adam", loss=keras.losses.mean_squared_error)   # or loss="mse"',
           aliases=("keras.losses.MSE",)),
    _old("keras.losses.cosine_proximity",
         "Keras 2's cosine loss: minus the cosine similarity of targets and predictions along the last "
         "axis. Keras 3 calls the same function cosine_similarity (still negative: -1 is a perfect match).",
         "keras.losses.cosine_similarity(np.array([[1.0, 0.0]]), np.array([[1.0, 0.0]]))   # [-1.]",
         status="moved", since="Keras 3.0", replacement="keras.losses.cosine_similarity",
         error="AttributeError: module 'keras.losses' has no attribute 'cosine_proximity'"),
    _alias("keras.losses.kullback_leibler_divergence", "keras.losses.kl_divergence",
           "the Kullback-Leibler divergence loss (also kld)",
           "keras.losses.kl_divergence(np.array([[0.5, 0.5]]), np.array([[0.9, 0.1]]))",
           since="Keras 3.0"),
    _old("keras.layers.AtrousConvolution1D",
         "Keras 1's dilated 1-D convolution (atrous_rate=). Keras 2 folded it into Conv1D(dilation_rate=).",
         'keras.layers.Conv1D(16, 3, dilation_rate=2, padding="causal")',
         status="removed", since="Keras 2.0", replacement="Conv1D(dilation_rate=...)",
         error="AttributeError: module 'keras.layers' has no attribute 'AtrousConvolution1D'"),
    _alias("keras.optimizers.rmsprop", "keras.optimizers.RMSprop", "the RMSprop class (also sgd, adam, "
           "adagrad, adadelta, adamax, nadam)",
           "optimizer = keras.optimizers.RMSprop(learning_rate=0.001)"),
    _old("keras.models.model_from_config",
         "Keras 2's function that rebuilt a model from {'class_name': ..., 'config': ...}. Keras 3: "
         "keras.saving.deserialize_keras_object for that dictionary, or Model.from_config for a config "
         "alone.",
         'model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2)])\n'
         'copy = keras.saving.deserialize_keras_object(keras.saving.serialize_keras_object(model))',
         status="removed", since="Keras 3.0", replacement="keras.saving.deserialize_keras_object",
         error="AttributeError: module 'keras.models' has no attribute 'model_from_config'"),
    _old("keras.optimizers.optimizer_from_config",
         "Keras 2's function that rebuilt an optimizer from {'class_name': ..., 'config': ...}. Keras 3: "
         "keras.optimizers.deserialize (and keras.optimizers.serialize for the other way).",
         "optimizer = keras.optimizers.deserialize(keras.optimizers.serialize(keras.optimizers.Adam()))",
         status="removed", since="Keras 3.0", replacement="keras.optimizers.deserialize",
         error="AttributeError: module 'keras.optimizers' has no attribute 'optimizer_from_config'"),
    _old("keras.preprocessing.image.random_rotation",
         "Keras 2's function rotating one image array by a random angle (random_shift, random_zoom and "
         "random_shear were its siblings). Keras 3 augments with layers: RandomRotation, RandomTranslation, "
         "RandomZoom, active only while training unless called with training=True.",
         "rotate = keras.layers.RandomRotation(0.1, seed=0)\n"
         "rotated = rotate(np.random.rand(1, 8, 8, 3), training=True)",
         status="removed", since="Keras 3.0", replacement="keras.layers.RandomRotation",
         error="AttributeError: module 'keras.preprocessing.image' has no attribute 'random_rotation'"),
]
