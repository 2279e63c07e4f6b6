"""Every rewrite rule of `kerastutor migrate`, as before/after snippets; each snippet is also run twice
(idempotence). The cases named no_* must come out unchanged."""

from __future__ import annotations

import pytest

from kerastutor.migrate import migrate_source
from kerastutor.migrate.report import MARKER

L = "from keras.layers import Dense, Embedding, LSTM, Dropout, Conv1D, MaxPooling1D, Convolution2D, " \
    "Convolution3D, MaxPooling2D, BatchNormalization, LeakyReLU\n"
K = "from keras import backend as K\n"
M = "from keras.models import Sequential\n"

REWRITES = {
    # keywords renamed on layers
    "dense_output_dim_init": (L + "Dense(output_dim=10, init='uniform')\n",
                              L + "Dense(units=10, kernel_initializer='uniform')\n"),
    "dense_positional_units_init": (L + "Dense(64, init='he_normal')\n",
                                    L + "Dense(64, kernel_initializer='he_normal')\n"),
    "regularizers_constraints": (L + "Dense(4, W_regularizer=r, b_regularizer=r, W_constraint=c, "
                                     "b_constraint=c)\n",
                                 L + "Dense(4, kernel_regularizer=r, bias_regularizer=r, "
                                     "kernel_constraint=c, "
                                     "bias_constraint=c)\n"),
    "bias_flag": (L + "Dense(4, bias=False)\n", L + "Dense(4, use_bias=False)\n"),
    "embedding_keeps_output_dim": (L + "Embedding(100, output_dim=8, init='uniform', W_regularizer=r)\n",
                                   L + "Embedding(100, output_dim=8, embeddings_initializer='uniform', "
                                       "embeddings_regularizer=r)\n"),
    "recurrent": (L + "LSTM(output_dim=32, inner_init='orthogonal', dropout_W=0.2, dropout_U=0.1)\n",
                  L + "LSTM(units=32, recurrent_initializer='orthogonal', dropout=0.2, "
                      "recurrent_dropout=0.1)\n"),
    "dropout_p": (L + "Dropout(p=0.5)\n", L + "Dropout(rate=0.5)\n"),
    "conv1d": (L + "Conv1D(nb_filter=8, filter_length=3, border_mode='same', subsample_length=1)\n",
               L + "Conv1D(filters=8, kernel_size=3, padding='same', strides=1)\n"),
    "pooling1d": (L + "MaxPooling1D(pool_length=2, stride=2)\n", L + "MaxPooling1D(pool_size=2, "
                                                                     "strides=2)\n"),
    "pooling2d_border_mode": (L + "MaxPooling2D(pool_size=(2, 2), border_mode='valid')\n",
                              L + "MaxPooling2D(pool_size=(2, 2), padding='valid')\n"),
    "subsample": (L + "Convolution2D(8, (3, 3), subsample=(2, 2))\n",
                  L + "Convolution2D(8, (3, 3), strides=(2, 2))\n"),
    "dim_ordering_tf": (L + "MaxPooling2D(dim_ordering='tf')\n",
                        L + "MaxPooling2D(data_format='channels_last')\n"),
    "dim_ordering_th": (L + 'MaxPooling2D(dim_ordering="th")\n',
                        L + 'MaxPooling2D(data_format="channels_first")\n'),
    "batchnorm_inits": (L + "BatchNormalization(beta_init='zero', gamma_init='one')\n",
                        L + "BatchNormalization(beta_initializer='zero', gamma_initializer='one')\n"),
    "leaky_relu_alpha": (L + "LeakyReLU(alpha=0.1)\n", L + "LeakyReLU(negative_slope=0.1)\n"),
    "layers_module_attribute": ("from keras import layers\nlayers.Dense(output_dim=3)\n",
                                "from keras import layers\nlayers.Dense(units=3)\n"),
    "tf_keras": ("import tensorflow as tf\ntf.keras.layers.Dense(output_dim=3)\n",
                 "import tensorflow as tf\ntf.keras.layers.Dense(units=3)\n"),
    # Keras 1 positional forms
    "conv2d_positional": (L + "Convolution2D(32, 3, 3, border_mode='same')\n",
                          L + "Convolution2D(32, (3, 3), padding='same')\n"),
    "conv3d_positional": (L + "Convolution3D(8, 3, 3, 3)\n", L + "Convolution3D(8, (3, 3, 3))\n"),
    "conv2d_nb_row_nb_col": (L + "Convolution2D(nb_filter=32, nb_row=3, nb_col=5)\n",
                             L + "Convolution2D(filters=32, kernel_size=(3, 5))\n"),
    # optimizers, callbacks, utilities, Model
    "optimizer_lr": ("from keras.optimizers import SGD, Adam\nSGD(lr=0.01, momentum=0.9)\nAdam(lr=1e-3)\n",
                     "from keras.optimizers import SGD, Adam\nSGD(learning_rate=0.01, momentum=0.9)\n"
                     "Adam(learning_rate=1e-3)\n"),
    "optimizer_module": ("import keras\nopt = keras.optimizers.RMSprop(lr=0.001)\n",
                         "import keras\nopt = keras.optimizers.RMSprop(learning_rate=0.001)\n"),
    "reduce_lr_epsilon": ("from keras.callbacks import ReduceLROnPlateau\nReduceLROnPlateau(epsilon=1e-4)\n",
                          "from keras.callbacks import ReduceLROnPlateau\n"
                          "ReduceLROnPlateau(min_delta=1e-4)\n"),
    "to_categorical_nb_classes": ("from keras.utils import to_categorical\nto_categorical(y, "
                                  "nb_classes=10)\n",
                                  "from keras.utils import to_categorical\nto_categorical(y, "
                                  "num_classes=10)\n"),
    "model_input_output": ("from keras.models import Model\nModel(input=a, output=b)\n",
                           "from keras.models import Model\nModel(inputs=a, outputs=b)\n"),
    # moved imports
    "layers_core": ("from keras.layers.core import Dense, Activation\n",
                    "from keras.layers import Dense, Activation\n"),
    "layers_submodules": ("from keras.layers.convolutional import Conv2D\nfrom keras.layers.recurrent "
                          "import LSTM\n"
                          "from keras.layers.pooling import MaxPooling2D\n"
                          "from keras.layers.normalization import BatchNormalization\n"
                          "from keras.layers.embeddings import Embedding\n"
                          "from keras.layers.advanced_activations import PReLU\n",
                          "from keras.layers import Conv2D\nfrom keras.layers import LSTM\n"
                          "from keras.layers import MaxPooling2D\nfrom keras.layers import "
                          "BatchNormalization\n"
                          "from keras.layers import Embedding\nfrom keras.layers import PReLU\n"),
    "np_utils_from": ("from keras.utils.np_utils import to_categorical\n",
                      "from keras.utils import to_categorical\n"),
    "np_utils_module": ("from keras.utils import np_utils\ny = np_utils.to_categorical(y)\n",
                        "from keras import utils as np_utils\ny = np_utils.to_categorical(y)\n"),
    "np_utils_chain": ("import keras.utils.np_utils\ny = keras.utils.np_utils.to_categorical(y)\n",
                       "import keras.utils\ny = keras.utils.to_categorical(y)\n"),
    "tensorflow_keras_prefix": ("from tensorflow.keras.layers.core import Dense\n",
                                "from tensorflow.keras.layers import Dense\n"),
    "engine_layer": ("from keras.engine.topology import Layer, InputSpec\n",
                     "from keras.layers import Layer, InputSpec\n"),
    "objectives": ("from keras.objectives import categorical_crossentropy\n",
                   "from keras.losses import categorical_crossentropy\n"),
    # Model methods
    "fit_nb_epoch": (M + "model.fit(x, y, nb_epoch=2, batch_size=8)\n",
                     M + "model.fit(x, y, epochs=2, batch_size=8)\n"),
    "fit_generator": (M + "model.fit_generator(gen, steps_per_epoch=10, nb_epoch=2, workers=4,\n"
                          "                    use_multiprocessing=True, max_queue_size=5)\n",
                      M + "model.fit(gen, steps_per_epoch=10, epochs=2)\n"),
    "fit_generator_keywords": (M + "history = self.model.fit_generator(generator=gen, epochs=1, "
                                   "validation_data=val, validation_steps=3)\n",
                               M + "history = self.model.fit(x=gen, epochs=1, validation_data=val, "
                                   "validation_steps=3)\n"),
    "evaluate_predict_generator": (M + "model.evaluate_generator(gen, steps=5, workers=2)\n"
                                       "model.predict_generator(gen, steps=5)\n",
                                   M + "model.evaluate(gen, steps=5)\nmodel.predict(gen, steps=5)\n"),
    "predict_proba": (M + "p = model.predict_proba(x)\n", M + "p = model.predict(x)\n"),
    # backend functions
    "backend_ops": (K + "def loss(y_true, y_pred):\n    return K.mean(K.square(y_pred - y_true), axis=-1)\n",
                    "import keras\n" + K + "def loss(y_true, y_pred):\n"
                    "    return keras.ops.mean(keras.ops.square(y_pred - y_true), axis=-1)\n"),
    "backend_existing_alias": ("import keras\n" + K + "z = K.exp(x) + K.log(K.abs(x))\n",
                               "import keras\n" + K + "z = keras.ops.exp(x) + "
                                                      "keras.ops.log(keras.ops.abs(x))\n"),
    "backend_ops_renamed": (K + "K.pow(x, 2)\n", "import keras\n" + K + "keras.ops.power(x, 2)\n"),
    "backend_chain": ("import keras\ny = keras.backend.sum(x, axis=1)\n", "import keras\ny = "
                                                                          "keras.ops.sum(x, axis=1)\n"),
    "backend_import_as": ("import keras.backend as K\nK.tanh(x)\n",
                          "import keras\nimport keras.backend as K\nkeras.ops.tanh(x)\n"),
    "backend_uncalled": ("import keras\n" + K + "f = K.sigmoid\n", "import keras\n" + K + "f = "
                                                                                          "keras.ops.sigmoid\n"),
    "backend_changed_default_written": (K + "K.concatenate([a, b])\n",
                                        "import keras\n" + K + "keras.ops.concatenate([a, b], axis=-1)\n"),
    "backend_keyword_renamed": (K + "K.clip(x, min_value=0, max_value=1)\n",
                                "import keras\n" + K + "keras.ops.clip(x, x_min=0, x_max=1)\n"),
    "backend_image_dim_ordering": (K + "K.set_image_dim_ordering('th')\n",
                                   "import keras\n" + K
                                   + "keras.config.set_image_data_format('channels_first')\n"),
    "backend_present_kept": (K + "e = K.epsilon()\nK.clear_session()\n", K + "e = K.epsilon()\n"
                                                                             "K.clear_session()\n"),
    "import_after_docstring": ('"""Doc."""\nfrom __future__ import annotations\n'
                               'import keras.backend as K\nK.exp(1)\n',
                               '"""Doc."""\nfrom __future__ import annotations\nimport keras\n'
                               "import keras.backend as K\nkeras.ops.exp(1)\n"),
    # merge
    "merge_sum": ("import keras\nfrom keras.layers import Dense, merge\nz = merge([a, b], mode='sum')\n",
                  "import keras\nfrom keras.layers import Dense\nz = keras.layers.Add()([a, b])\n"),
    "merge_concat_axis": ("import keras\nfrom keras.layers import merge\nz = merge([a, b], mode='concat', "
                          "concat_axis=1, name='joined')\n",
                          "import keras\nz = keras.layers.Concatenate(axis=1, name='joined')([a, b])\n"),
    "merge_default_mode_adds_import": ("from keras.layers import merge, Dense\nz = merge([a, b])\n",
                                       "import keras\nfrom keras.layers import Dense\nz = "
                                       "keras.layers.Add()([a, b])\n"),
    "merge_modes": ("import keras\nfrom keras.layers import merge\nmerge([a, b], mode='mul')\n"
                    "merge([a, b], mode='ave')\nmerge([a, b], mode='max')\nmerge([a, b], mode='dot', "
                    "dot_axes=1)\n"
                    "merge([a, b], mode='cos')\n",
                    "import keras\nkeras.layers.Multiply()([a, b])\nkeras.layers.Average()([a, b])\n"
                    "keras.layers.Maximum()([a, b])\nkeras.layers.Dot(axes=1)([a, b])\n"
                    "keras.layers.Dot(axes=-1, normalize=True)([a, b])\n"),
    "merge_layer": ("import keras\nfrom keras.layers import Merge\nlayer = Merge(mode='concat', "
                    "concat_axis=-1)\n",
                    "import keras\nlayer = keras.layers.Concatenate(axis=-1)\n"),
    # formatting and comments survive
    "comments_kept": (L + "model = Dense(  # the classifier\n    output_dim=10,  # ten classes\n"
                          "    init='uniform',\n)  # done\n",
                      L + "model = Dense(  # the classifier\n    units=10,  # ten classes\n"
                          "    kernel_initializer='uniform',\n)  # done\n"),
}

UNCHANGED = {
    "no_user_fit_generator": M + "def fit_generator(gen, nb_epoch=1):\n    return gen\n"
                                 "fit_generator(g, nb_epoch=2)\nself.fit_generator(g, workers=3)\n",
    "no_local_lr": "from keras.optimizers import SGD\nlr = 0.1\ndef step(lr=0.1):\n    return lr\n"
                   "step(lr=lr)\n"
                   "opt = SGD(learning_rate=lr)\n",
    "no_non_keras_init": "import keras\nimport torch\ntorch.nn.init.xavier_uniform_(w)\nthing = "
                         "Widget(init='x', "
                         "output_dim=3)\n",
    "no_keras_in_file": "model.fit_generator(gen, nb_epoch=1)\nK.mean(x)\nDense(output_dim=3)\n",
    "no_sklearn_keywords": "from keras.layers import Dense\nfrom sklearn.svm import SVC\nSVC().fit(x, y, "
                           "sample_weight=w)\n",
    "no_keras3_code": "import keras\nfrom keras import layers, ops\nmodel = "
                      "keras.Sequential([layers.Conv2D(32, (3, 3), "
                      "padding='same'), layers.Dense(10)])\nmodel.fit(x, y, epochs=1)\nops.mean(x)\n",
    "no_keras2_conv_strides": L + "Convolution2D(32, (3, 3), (2, 2))\n",
    "no_embedding_output_dim": L + "Embedding(input_dim=100, output_dim=8)\n",
    "no_pooling_keras3": L + "MaxPooling2D(pool_size=(2, 2), padding='same')\n",
    "no_other_backend": "from my_library import backend as K\nK.mean(x)\n",
}

MANUAL = {
    "backend_function": (K + "f = K.function([model.input], [model.output])\n", "K.function"),
    "backend_gradients": (K + "grads = K.gradients(loss, model.input)\n", "K.gradients"),
    "backend_placeholder": (K + "x = K.placeholder(shape=(None, 3))\n", "K.placeholder"),
    "backend_no_equal_argument": (K + "y = K.relu(x, alpha=0.1)\n", "K.relu"),
    "to_yaml": (M + "text = model.to_yaml()\n", "to_yaml"),
    "model_from_yaml": ("from keras.models import model_from_yaml\n", "model_from_yaml"),
    "image_dim_ordering_variable": (K + "K.set_image_dim_ordering(order)\n", "K.set_image_dim_ordering"),
    "predict_classes": (M + "classes = model.predict_classes(x)\n", "predict_classes"),
    "optimizer_decay": ("from keras.optimizers import SGD\nopt = SGD(lr=0.1, decay=1e-6)\n", "decay="),
    "samples_per_epoch": (M + "model.fit_generator(gen, samples_per_epoch=1000, "
                              "nb_epoch=2)\n", "samples_per_epoch="),
    "nb_val_samples": (M + "model.fit_generator(gen, steps_per_epoch=3, validation_data=v, "
                           "nb_val_samples=100)\n",
                       "nb_val_samples="),
    "generator_positional": (M + "model.fit_generator(gen, 100, 5)\n", "fit_generator(<positional "
                                                                       "arguments>)"),
    "get_output_shape_for": ("from keras.engine.topology import Layer\nclass My(Layer):\n"
                             "    def get_output_shape_for(self, input_shape):\n        return input_shape\n",
                             "def get_output_shape_for"),
    "merge_lambda_mode": ("from keras.layers import merge\nz = merge([a, b], mode=lambda x: x[0] - x[1])\n",
                          "merge(...)"),
    "merge_models": ("from keras.layers import Merge\nlayer = Merge([left, right], "
                     "mode='concat')\n", "Merge(...)"),
    "image_data_generator": ("from keras.preprocessing.image import "
                             "ImageDataGenerator\n", "ImageDataGenerator"),
    "removed_name_in_moved_module": ("from keras.utils.io_utils import HDF5Matrix\n", "HDF5Matrix"),
    "removed_name_as_attribute": ("import keras\nkeras.utils.HDF5Matrix('digits.h5', 'x')\n",
                                  "keras.utils.HDF5Matrix"),
    "scikit_learn_wrapper": ("from keras.wrappers.scikit_learn import KerasClassifier\n",
                             "keras.wrappers.scikit_learn"),
    "engine_mixed_homes": ("from keras.engine import Layer, Model\n", "keras.engine"),
    "dim_ordering_variable": ("from keras.layers import MaxPooling2D\nMaxPooling2D(dim_ordering=order)\n",
                              "dim_ordering="),
    "conv2d_four_positionals": (L + "Convolution2D(32, 3, 3, 'uniform')\n", "Convolution2D(<4 positional "
                                                                            "arguments>)"),
}


@pytest.mark.parametrize("before, after", REWRITES.values(), ids=REWRITES.keys())
def test_rewrite_rule(before, after):
    result = migrate_source(before)
    assert result.problems == []
    assert result.text == after
    assert all(finding.line >= 1 and finding.column >= 1 for finding in result.findings)


@pytest.mark.parametrize("text", [after for _, after in REWRITES.values()] + list(UNCHANGED.values())
                         + [text for text, _ in MANUAL.values()],
                         ids=[*(f"{key}_after" for key in REWRITES), *UNCHANGED,
                              *(f"{key}_manual" for key in MANUAL)])
def test_a_second_run_changes_nothing(text):
    once = migrate_source(text).text
    assert migrate_source(once).text == once


@pytest.mark.parametrize("text", UNCHANGED.values(), ids=UNCHANGED.keys())
def test_what_is_not_keras_1_or_2_is_left_alone(text):
    result = migrate_source(text)
    assert result.text == text and result.findings == []


@pytest.mark.parametrize("text, old", MANUAL.values(), ids=MANUAL.keys())
def test_what_needs_a_person_is_marked_once_above_its_line(text, old):
    result = migrate_source(text)
    manual = [finding for finding in result.findings if not finding.rewritten]
    assert [finding.old for finding in manual] == [old]
    markers = [line for line in result.text.splitlines() if line.strip().startswith(MARKER)]
    assert len(markers) == 1 and markers[0].strip().startswith(f"{MARKER} {old}")
    marked_line = result.text.splitlines().index(markers[0])
    assert result.text.splitlines()[marked_line + 1].strip()  # the marker sits right above a code line
    assert migrate_source(result.text).text == result.text


def test_a_marker_says_the_keras_3_way_and_the_lesson_from_the_concept_index():
    from kerastutor import explain

    text = migrate_source("from keras.optimizers import SGD\nSGD(decay=0.1)\n").text
    concept = explain("decay=")
    assert f"-> {concept.replacement}; see lesson {concept.lesson[:2]}" in text


def test_findings_point_at_the_line_and_column_of_what_was_written():
    text = ("import numpy as np\n\n# a comment\n" + L + "x = 1\nlayer = Dense(8,\n"
            "              init='uniform')\n")
    (finding,) = migrate_source(text).findings
    assert (finding.line, finding.column) == (7, 15)
    assert (finding.old, finding.new) == ("init=", "kernel_initializer=")


def test_unparseable_python_is_reported_with_its_line_and_left_untouched():
    text = "from keras.layers import Dense\nprint 'hello'\nDense(output_dim=3)\n"
    result = migrate_source(text)
    assert result.text == text and result.findings == []
    (problem,) = result.problems
    assert problem.line == 2 and "not valid Python 3" in problem.reason


def test_migrate_source_refuses_what_is_not_text():
    with pytest.raises(TypeError, match="migrate_source: text=b'x = 1'"):
        migrate_source(b"x = 1")


def test_every_moved_import_names_a_real_keras_3_module():
    import importlib

    from kerastutor.migrate import rules

    homes = set(rules.MODULE_MOVES.values()) | {home for table in rules.NAME_MOVES.values()
                                                 for home in table.values()}
    for home in homes:
        importlib.import_module(home)
    for module, table in rules.NAME_MOVES.items():
        for name, home in table.items():
            assert hasattr(importlib.import_module(home), name), (module, name)


def test_removed_names_are_really_gone_from_keras_3():
    import keras

    from kerastutor.migrate import rules

    namespaces = [keras, keras.layers, keras.utils, keras.callbacks, keras.optimizers, keras.preprocessing,
                  keras.models]
    for name in rules.REMOVED_NAMES | rules.MERGE_NAMES:
        assert not any(hasattr(namespace, name) for namespace in namespaces), name
    assert set(rules.KERAS3_BACKEND) <= set(dir(keras.backend))
    assert all(hasattr(keras.config, new) for new, _ in rules.BACKEND_SETTINGS.values())
