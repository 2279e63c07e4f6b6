"""Concept entries for losses, metrics, optimizers and activations (taught in lesson 10), and the old
optimizer and metric names learners paste from Keras 2 tutorials."""

from __future__ import annotations

from functools import partial

from kerastutor.concepts.concept import Concept, entry

LESSON = "10_losses_metrics_optimizers.ipynb"

_OPTIMIZERS = "The seven optimizers"


_optimizer = partial(entry, lesson=LESSON, heading=_OPTIMIZERS, section="optimizers",
                     see_also=("learning_rate", "TFOptimizer"))


ENTRIES: list[Concept] = [
    # ---- losses -------------------------------------------------------------------------------
    Concept(
        name="mean_squared_error",
        summary="The regression loss mean((y_true - y_pred)**2) over the last axis, one value per sample. "
                "Also as the class keras.losses.MeanSquaredError (the batch mean) and the strings "
                "'mean_squared_error' and 'mse'.",
        example='model.compile(optimizer="adam", loss="mean_squared_error")\n'
                "keras.losses.mean_squared_error([[1.0, 2.0]], [[1.5, 1.0]])  # [0.625]",
        lesson=LESSON, heading="Mean squared error by hand", section="losses",
        aliases=("keras.losses.MeanSquaredError", "mse"),
        see_also=("mean_absolute_error", "huber"),
    ),
    Concept(
        name="categorical_crossentropy",
        summary="The loss for several classes with one-hot labels and softmax probabilities: -sum(y_true * "
                "log(y_pred)), i.e. minus the log of the probability of the true class. from_logits=True "
                "takes raw scores. Integer labels take sparse_categorical_crossentropy. Keras 2's "
                "K.categorical_crossentropy (keras.backend) is gone: use keras.ops.categorical_crossentropy "
                "(same argument order) or keras.losses.categorical_crossentropy.",
        example='model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])\n'
                "keras.losses.categorical_crossentropy([[0.0, 1.0]], [[0.2, 0.8]])  # [0.223]",
        lesson=LESSON, heading="Categorical cross-entropy by hand", section="losses",
        aliases=("keras.losses.CategoricalCrossentropy", "K.categorical_crossentropy"),
        see_also=("sparse_categorical_crossentropy", "binary_crossentropy"),
    ),
    # ---- metrics ------------------------------------------------------------------------------
    Concept(
        name="binary_accuracy",
        summary="The share of samples whose probability, thresholded at 0.5, equals the 0/1 label. The "
                "function gives 1 or 0 per sample; the class keras.metrics.BinaryAccuracy keeps a running "
                "count (update_state, result, reset_state). compile(metrics=['accuracy']) picks it for one "
                "output unit.",
        example="metric = keras.metrics.BinaryAccuracy()\n"
                "metric.update_state([[1], [0]], [[0.9], [0.7]])\n"
                "float(metric.result())  # 0.5",
        lesson=LESSON, heading="binary_accuracy and categorical_accuracy by hand", section="metrics",
        aliases=("keras.metrics.BinaryAccuracy",),
        see_also=("categorical_accuracy",),
    ),
    Concept(
        name="categorical_accuracy",
        summary="The share of samples whose most probable class (argmax) is the true class of a one-hot "
                "label; sparse_categorical_accuracy does the same for integer labels. "
                "compile(metrics=['accuracy']) picks the right one from the shapes of labels and outputs.",
        example="keras.metrics.categorical_accuracy([[0, 1, 0]], [[0.2, 0.7, 0.1]])  # [1.0]\n"
                'model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])',
        lesson=LESSON, heading="binary_accuracy and categorical_accuracy by hand", section="metrics",
        aliases=("keras.metrics.CategoricalAccuracy",),
        see_also=("binary_accuracy", "sparse_categorical_accuracy"),
    ),
    # ---- optimizers ---------------------------------------------------------------------------
    Concept(
        name="SGD",
        summary="Stochastic gradient descent: weight -= learning_rate * gradient (default learning_rate "
                "0.01). momentum=0.9 keeps part of the previous step (a velocity); nesterov=True takes the "
                "gradient where the velocity is about to lead, which damps zig-zags.",
        example="optimizer = keras.optimizers.SGD(learning_rate=0.01, momentum=0.9, nesterov=True)\n"
                'model.compile(optimizer=optimizer, loss="mse")',
        lesson=LESSON, heading="SGD, momentum and nesterov", section="optimizers",
        aliases=("keras.optimizers.SGD",), see_also=("learning_rate",),
    ),
    _optimizer("RMSprop", "Divides each gradient by the root of a running mean of its recent squares "
               "(rho=0.9), so every weight gets its own step size. Default learning_rate 0.001.",
               "keras.optimizers.RMSprop(learning_rate=0.001, rho=0.9)"),
    _optimizer("Adagrad", "Divides each gradient by the root of the sum of all its past squares, so steps "
               "only shrink; suits rare (sparse) features. Default learning_rate 0.001 (Keras 2: lr=0.01).",
               "keras.optimizers.Adagrad(learning_rate=0.01)"),
    _optimizer("Adadelta", "Adagrad with a running window (rho=0.95) instead of the full sum, so steps do "
               "not die out. Default learning_rate 0.001 in Keras 3; Keras 2 used lr=1.0, which learns much "
               "faster.",
               "keras.optimizers.Adadelta(learning_rate=1.0)"),
    _optimizer("Adam", "Momentum (beta_1=0.9) plus RMSprop's per-weight scaling (beta_2=0.999), with a bias "
               "correction for the first steps; the usual default. Default learning_rate 0.001, epsilon "
               "1e-07.",
               'model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.001), loss="mse")'),
    _optimizer("Adamax", "Adam with the infinity norm (the largest past gradient) instead of the root mean "
               "square. Default learning_rate 0.001.",
               "keras.optimizers.Adamax(learning_rate=0.002)"),
    _optimizer("Nadam", "Adam with Nesterov momentum. Default learning_rate 0.001.",
               "keras.optimizers.Nadam(learning_rate=0.001)"),
    Concept(
        name="TFOptimizer",
        summary="Keras 2's wrapper that let compile() use a TensorFlow 1 optimizer (tf.train.AdamOptimizer, "
                "...). TensorFlow 2 made Keras optimizers TensorFlow's own, and Keras 3 has no such class: "
                "use a keras.optimizers class directly, in compile or in a tf.GradientTape loop. Passing a "
                "tf.compat.v1.train optimizer to compile fails with 'Could not interpret optimizer "
                "identifier'.",
        status="removed", since="Keras 3.0", replacement="keras.optimizers.Adam",
        error="AttributeError: module 'keras.optimizers' has no attribute 'TFOptimizer'",
        example="# was TFOptimizer(tf.train.AdamOptimizer(0.001)):\n"
                "optimizer = keras.optimizers.Adam(learning_rate=0.001)\n"
                'model.compile(optimizer=optimizer, loss="categorical_crossentropy")',
        lesson=LESSON, heading="TFOptimizer: gone in Keras 3", section="optimizers",
        aliases=("keras.optimizers.TFOptimizer",),
    ),
    # ---- activations --------------------------------------------------------------------------
    Concept(
        name="activations.softmax",
        summary="Turns each row of scores into probabilities: exp(z) / sum(exp(z)) over the last axis "
                "(computed without overflow). The last activation of a classifier with several classes. "
                "Also keras.ops.softmax; the layer keras.layers.Softmax is taught with the advanced "
                "activations.",
        example='keras.layers.Dense(10, activation="softmax")\n'
                "keras.activations.softmax(np.array([[2.0, 1.0, 0.1]]))  # [[0.659, 0.242, 0.099]]",
        lesson=LESSON, heading="softmax: scores into probabilities", section="activations",
        aliases=("keras.activations.softmax",), runs=("softmax",),
    ),
    Concept(
        name="activations.relu",
        summary="max(z, 0): negatives become 0, positives pass unchanged. The default choice for hidden "
                "layers. Also keras.ops.relu; the layer keras.layers.ReLU (with max_value, negative_slope, "
                "threshold) is taught with the advanced activations.",
        example='keras.layers.Dense(32, activation="relu")\n'
                "keras.activations.relu(np.array([-1.0, 2.0]))  # [0., 2.]",
        lesson=LESSON, heading="Activations on a small tensor", section="activations",
        aliases=("keras.activations.relu",), runs=("relu",),
    ),
    Concept(
        name="activations.sigmoid",
        summary="1 / (1 + exp(-z)): squeezes any number into (0, 1). The output activation for two classes "
                "(with binary_crossentropy) and for several independent yes/no outputs.",
        example='keras.layers.Dense(1, activation="sigmoid")\n'
                "keras.activations.sigmoid(np.array([0.0]))  # [0.5]",
        lesson=LESSON, heading="Activations on a small tensor", section="activations",
        aliases=("keras.activations.sigmoid",), runs=("sigmoid",),
    ),
    Concept(
        name="activations.tanh",
        summary="The hyperbolic tangent: squeezes any number into (-1, 1), centred on 0. Common inside "
                "recurrent layers (LSTM, GRU).",
        example='keras.layers.Dense(16, activation="tanh")\n'
                "keras.activations.tanh(np.array([0.0, 2.0]))  # [0., 0.964]",
        lesson=LESSON, heading="Activations on a small tensor", section="activations",
        aliases=("keras.activations.tanh",), runs=("tanh",),
    ),
    Concept(
        name="activations.linear",
        summary="The identity: returns its input unchanged. activation=None (the Dense default) means "
                "linear; the right output activation for regression.",
        example="keras.layers.Dense(1)  # activation=None: linear\n"
                "keras.activations.get(None) is keras.activations.linear  # True",
        lesson=LESSON, heading="Activations on a small tensor", section="activations",
        aliases=("keras.activations.linear",), runs=("linear",),
    ),
    # ---- names from older tutorials ------------------------------------------------------------
    Concept(
        name="lr",
        summary="Keras 2's name for the learning rate, as an optimizer argument (SGD(lr=0.01)) and "
                "attribute (optimizer.lr). Keras 3 knows only learning_rate.",
        status="removed", since="Keras 3.0", replacement="learning_rate",
        error="ValueError: Argument(s) not recognized: {'lr': 0.1}",
        example="optimizer = keras.optimizers.SGD(learning_rate=0.1)\n"
                "float(optimizer.learning_rate)  # was optimizer.lr",
        lesson=LESSON, heading="`lr` became `learning_rate`", section="old-tutorials",
        aliases=("lr=", "optimizer.lr"), runs=("lr", "learning_rate"),
    ),
    Concept(
        name="decay",
        summary="Keras 2's optimizer argument that shrank the learning rate every step: lr / (1 + decay * "
                "step). Keras 3 warns and IGNORES it, so the rate silently stays constant. Use a "
                "learning-rate schedule: InverseTimeDecay(lr, decay_steps=1, decay_rate=decay) is the same "
                "formula.",
        status="removed", since="Keras 3.0", replacement="keras.optimizers.schedules.InverseTimeDecay",
        error="UserWarning: Argument `decay` is no longer supported and will be ignored. (a warning, not an "
              "error)",
        example="schedule = keras.optimizers.schedules.InverseTimeDecay(\n"
                "    initial_learning_rate=0.1, decay_steps=1, decay_rate=1e-4)\n"
                "optimizer = keras.optimizers.SGD(learning_rate=schedule, momentum=0.9)",
        lesson=LESSON, heading="`decay` became a learning-rate schedule", section="old-tutorials",
        aliases=("decay=",), runs=("decay", "InverseTimeDecay"),
    ),
    Concept(
        name="epsilon=None",
        summary="Keras 2 optimizers defaulted to epsilon=None, meaning keras.backend.epsilon(). Keras 3 "
                "accepts None when the optimizer is created, but the first training step fails. Leave "
                "epsilon out (default 1e-07) or give a number.",
        status="removed", since="Keras 3.0", replacement="epsilon=1e-07",
        error="ValueError: None values not supported.",
        example='model.compile(optimizer=keras.optimizers.Adam(), loss="mse")  # epsilon=1e-07',
        lesson=LESSON, heading="`epsilon=None` and `keras.optimizers.legacy`", section="old-tutorials",
        runs=("epsilon",),
    ),
    Concept(
        name="keras.optimizers.legacy", context="module",
        summary="The older optimizer classes that TensorFlow 2.11 to 2.15 kept beside the new ones "
                "(tf.keras.optimizers.legacy.Adam, ...). Keras 3 keeps the module name, but using it raises "
                "ImportError. Use keras.optimizers.",
        status="removed", since="Keras 3.0", replacement="keras.optimizers",
        error="ImportError: `keras.optimizers.legacy` is not supported in Keras 3. When using `tf.keras`, "
              "to continue using a `tf.keras.optimizers.legacy` optimizer, you can install the `tf_keras` "
              "package (Keras 2) and set the environment variable `TF_USE_LEGACY_KERAS=True` to configure "
              "TensorFlow to use `tf_keras` when accessing `tf.keras`.",
        example="optimizer = keras.optimizers.Adam(learning_rate=0.001)  # was keras.optimizers.legacy.Adam",
        lesson=LESSON, heading="`epsilon=None` and `keras.optimizers.legacy`", section="old-tutorials",
        aliases=("tf.keras.optimizers.legacy",), runs=("legacy",),
    ),
    Concept(
        name="acc",
        summary="Short form of 'accuracy' in compile(metrics=['acc']); still works and picks binary, "
                "categorical or sparse categorical accuracy by shape, but logs under the name you wrote "
                "('acc', 'val_acc'). Keras 2.2 logged 'accuracy' as 'acc', so old history.history['acc'] "
                "fails after metrics=['accuracy']. keras.metrics.get('acc') does not know it.",
        error="KeyError: 'acc' (reading history.history['acc'] after compiling with metrics=['accuracy'])",
        example='model.compile(optimizer="adam", loss="sparse_categorical_crossentropy",\n'
                '              metrics=["accuracy"])\n'
                'history = model.fit(x, y, validation_split=0.2)\n'
                'history.history["val_accuracy"]  # the key is the name you compiled with',
        lesson=LESSON, heading="`K.categorical_crossentropy` and `metrics=['acc']`", section="old-tutorials",
        aliases=("metrics=['acc']", "val_acc"), runs=("acc",),
    ),
]
