"""Concept entries for Keras 1/2 Model and Layer methods that Keras 3 does not have (the ones real tutorial
code calls or overrides; ``tests/data/keras2_corpus.tsv``). Checked against Keras 3.15.1; examples assume
``import keras`` and ``import numpy as np``. The lesson that should teach them: 05 (custom layers) for
``get_output_shape_for``, 04 (recurrent layers) for ``reset_states``.
"""

from __future__ import annotations

from functools import partial

from kerastutor.concepts.concept import Concept, entry

_method = partial(entry, heading=None, section="old-tutorials", context="method")

ENTRIES: list[Concept] = [
    _method("Layer.get_output_shape_for",
            "Keras 1's hook a custom layer overrode to say its output shape, renamed compute_output_shape in "
            "Keras 2. Keras 3 calls compute_output_shape (or infers the shape by running call on symbolic "
            "inputs when it is not defined); a method still named get_output_shape_for is never called.",
            "class Double(keras.layers.Layer):\n"
            "    def call(self, inputs):\n        return keras.ops.concatenate([inputs, inputs], axis=-1)\n"
            "    def compute_output_shape(self, input_shape):   # was get_output_shape_for\n"
            "        return input_shape[:-1] + (2 * input_shape[-1],)\n"
            "Double().compute_output_shape((None, 3))   # (None, 6)",
            status="removed", since="Keras 2.0", replacement="Layer.compute_output_shape",
            aliases=("Model.get_output_shape_for",)),
    _method("Model.reset_states",
            "Keras 2's model.reset_states() cleared the state of every stateful recurrent layer (between "
            "independent sequences). Keras 3 models do not have it: call reset_states() on the stateful "
            "layers themselves.",
            "model = keras.Sequential([keras.Input(batch_shape=(2, 5, 3)),\n"
            "                          keras.layers.LSTM(4, stateful=True)])\n"
            "model.predict(np.zeros((2, 5, 3)), verbose=0)\n"
            "for layer in model.layers:\n"
            "    if getattr(layer, \"stateful\", False):\n"
            "        layer.reset_states()   # was model.reset_states()",
            status="removed", since="Keras 3.0",
            replacement="layer.reset_states() on each stateful RNN layer",
            error="AttributeError: 'Sequential' object has no attribute 'reset_states'",
            aliases=("Sequential.reset_states",)),
    _method("Model.get_updates_for",
            "Keras 2's list of a layer's or model's update operations (the moving averages of "
            "BatchNormalization), which graph-mode training code had to run by hand; add_update registered "
            "one. Keras 3 runs eagerly and applies a layer's updates itself: assign to a non-trainable "
            "variable inside call().",
            "class Counter(keras.layers.Layer):\n"
            "    def build(self, input_shape):\n"
            "        self.count = self.add_weight(shape=(), initializer=\"zeros\", trainable=False)\n"
            "    def call(self, inputs):\n"
            "        self.count.assign_add(1.0)   # was self.add_update(...)\n"
            "        return inputs\n"
            "Counter()(np.zeros((2, 3)))",
            status="removed", since="Keras 3.0", replacement="variable.assign(...) inside call()",
            aliases=("Model.add_update", "Layer.add_update", "Layer.get_updates_for")),
    _method("Model.get_losses_for",
            "Keras 2's list of the losses (add_loss, activity regularizers) that depend on given inputs. "
            "Keras 3 collects them all in model.losses after a call.",
            "model = keras.Sequential([keras.Input((3,)),\n"
            "                          keras.layers.Dense(2, activity_regularizer=\"l2\")])\n"
            "model(np.ones((1, 3)))\nmodel.losses   # one tensor",
            status="removed", since="Keras 3.0", replacement="Model.losses",
            aliases=("Layer.get_losses_for",)),
]
