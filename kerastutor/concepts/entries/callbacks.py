"""Concept entries for syllabus section 6, callbacks, and the old callback names tutorials still use.

Taught in lesson 12. Verified against Keras 3.15.1: every "present" name exists in ``keras.callbacks``;
every error message below is what Keras 3 prints for the old code.
"""

from __future__ import annotations

from functools import partial

from ..concept import Concept, entry

LESSON = "12_callbacks.ipynb"

HOOKS = "`keras.callbacks.Callback`: the hooks `fit` calls"
HISTORY = "`History`: the callback `fit` always adds"
BASE_LOGGER = "`BaseLogger`: gone in Keras 3"
PROGBAR = "`ProgbarLogger`: the progress bar of `verbose=1`"
CHECKPOINT = "`ModelCheckpoint`: save while training"
EARLY = "`EarlyStopping`: stop when validation stops improving"
SCHEDULER = "`LearningRateScheduler`: a learning rate for every epoch"
PLATEAU = "`ReduceLROnPlateau`: lower the rate when progress stalls"
NAN = "`TerminateOnNaN`: stop when the loss blows up"
CSV = "`CSVLogger`: the history as a CSV file"
TENSORBOARD = "`TensorBoard`: event files for the TensorBoard dashboard"
REMOTE = "`RemoteMonitor`: post every epoch to a web server"
LAMBDA = "`LambdaCallback`: a callback without a class"


_callback = partial(entry, lesson=LESSON, section="callbacks")


SYLLABUS = [
    _callback(
        "Callback",
        "The base class of every callback: an object model.fit calls at fixed points of training "
        "(on_train_begin/end, on_epoch_begin/end, on_train_batch_begin/end, on_test_*, on_predict_*). "
        "Subclass it and override the hooks you need; self.model is the model being trained, logs the "
        "current metrics, and self.model.stop_training = True ends training.",
        "class PrintLoss(keras.callbacks.Callback):\n"
        "    def on_epoch_end(self, epoch, logs=None):\n"
        "        print(epoch, logs[\"loss\"])\n\n"
        "model.fit(x, y, epochs=3, callbacks=[PrintLoss()], verbose=0)",
        HOOKS,
    ),
    _callback(
        "BaseLogger",
        "Keras 2 added it to every fit: it averaged the per-batch metric values over the epoch to make the "
        "epoch's logs. Keras 3 removed it: metrics are stateful objects (the loss is a keras.metrics.Mean) "
        "that keep a running average, reset at each epoch start, so batch logs already hold the average so "
        "far and the last batch's logs equal the epoch's. Nothing replaces it; nothing needs to.",
        "class BatchLosses(keras.callbacks.Callback):\n"
        "    def on_train_batch_end(self, batch, logs=None):\n"
        "        print(batch, logs[\"loss\"])   # running average over the epoch so far\n\n"
        "model.fit(x, y, epochs=1, callbacks=[BatchLosses()], verbose=0)",
        BASE_LOGGER, status="removed", since="Keras 3.0", replacement="keras.metrics.Mean",
        error="AttributeError: module 'keras.callbacks' has no attribute 'BaseLogger'",
        runs=("BaseLogger",),
    ),
    _callback(
        "History",
        "The callback fit adds to every run and returns: history.history maps each metric ('loss', "
        "'val_loss', 'accuracy', 'learning_rate', ...) to its list of per-epoch values, history.epoch lists "
        "the epochs. The model keeps it as model.history.",
        "history = model.fit(x, y, validation_split=0.2, epochs=5, verbose=0)\n"
        "print(history.history[\"loss\"], history.history[\"val_loss\"])",
        HISTORY,
    ),
    _callback(
        "ModelCheckpoint",
        "Saves the model during training, after every epoch by default (save_freq='epoch', or a number of "
        "batches). The file name decides the format: '.keras' for the whole model, '.weights.h5' with "
        "save_weights_only=True; it may hold placeholders like {epoch:02d}. save_best_only=True with "
        "monitor='val_loss' keeps only the best model seen.",
        "checkpoint = keras.callbacks.ModelCheckpoint(\"best.keras\", monitor=\"val_loss\",\n"
        "                                             save_best_only=True)\n"
        "model.fit(x, y, validation_split=0.2, epochs=10, callbacks=[checkpoint], verbose=0)\n"
        "best = keras.models.load_model(\"best.keras\")",
        CHECKPOINT,
    ),
    _callback(
        "EarlyStopping",
        "Stops training when a monitored value (monitor='val_loss') has not improved by min_delta for "
        "patience epochs. restore_best_weights=True puts back the weights of the best epoch at the end; "
        "stopped_epoch and best_epoch tell what happened (counted from 0).",
        "early = keras.callbacks.EarlyStopping(monitor=\"val_loss\", patience=3, restore_best_weights=True)\n"
        "model.fit(x, y, validation_split=0.2, epochs=100, callbacks=[early], verbose=0)\n"
        "print(early.stopped_epoch, early.best_epoch)",
        EARLY,
    ),
    _callback(
        "LearningRateScheduler",
        "Sets the optimizer's learning rate at the start of every epoch to schedule(epoch, lr), your "
        "function of the epoch (from 0) and the current rate; the rate is logged as 'learning_rate' "
        "(Keras 2 logged 'lr'). For per-step schedules without a callback, see keras.optimizers.schedules.",
        "def schedule(epoch, lr):\n"
        "    return lr if epoch < 3 else lr * 0.5\n\n"
        "model.fit(x, y, epochs=6, callbacks=[keras.callbacks.LearningRateScheduler(schedule)], verbose=0)",
        SCHEDULER,
    ),
    _callback(
        "TensorBoard",
        "Writes event files for TensorBoard, TensorFlow's dashboard (the separate 'tensorboard' package): "
        "log_dir/train and log_dir/validation with the epoch metrics as scalars (tags epoch_loss, ...), the "
        "model configuration (drawn by the Graphs tab), and weight histograms with histogram_freq=1. "
        "In Jupyter: %load_ext tensorboard, then %tensorboard --logdir <log_dir>.",
        "board = keras.callbacks.TensorBoard(log_dir=\"logs\")\n"
        "model.fit(x, y, validation_split=0.2, epochs=3, callbacks=[board], verbose=0)\n"
        "# %load_ext tensorboard\n# %tensorboard --logdir logs",
        TENSORBOARD, aliases=("Tensorboard",),
    ),
    _callback(
        "CSVLogger",
        "Writes one CSV row per epoch (the epoch number and every value in the logs) to a file; "
        "append=True continues an existing file; separator= changes the delimiter.",
        "model.fit(x, y, epochs=5, callbacks=[keras.callbacks.CSVLogger(\"training.csv\")], verbose=0)\n"
        "print(open(\"training.csv\").read())",
        CSV,
    ),
    _callback(
        "ReduceLROnPlateau",
        "Multiplies the learning rate by factor when the monitored value has not improved by min_delta for "
        "patience epochs (then waits cooldown epochs), never going below min_lr. Keras 2's epsilon= is now "
        "min_delta=.",
        "reduce = keras.callbacks.ReduceLROnPlateau(monitor=\"val_loss\", factor=0.5, patience=2,\n"
        "                                           min_lr=1e-4)\n"
        "history = model.fit(x, y, validation_split=0.2, epochs=20, callbacks=[reduce], verbose=0)\n"
        "print(history.history[\"learning_rate\"])",
        PLATEAU,
    ),
    _callback(
        "LambdaCallback",
        "A callback built from plain functions passed as keyword arguments (on_train_begin, on_epoch_end, "
        "on_train_batch_end, ...), with the same arguments as the Callback methods: for one-line jobs.",
        "losses = []\n"
        "record = keras.callbacks.LambdaCallback(\n"
        "    on_epoch_end=lambda epoch, logs: losses.append(logs[\"loss\"]))\n"
        "model.fit(x, y, epochs=3, callbacks=[record], verbose=0)",
        LAMBDA,
    ),
    _callback(
        "TerminateOnNaN",
        "Checks the loss after every batch and stops training at the first NaN or infinite value (it prints "
        "'Batch N: Invalid loss, terminating training'); raise_error=True raises a RuntimeError instead.",
        "model.fit(x, y, epochs=20, callbacks=[keras.callbacks.TerminateOnNaN()], verbose=0)",
        NAN,
    ),
    _callback(
        "ProgbarLogger",
        "The callback that prints fit's progress bar and metrics on standard output. fit adds it unless "
        "verbose=0: verbose=1 draws a bar per epoch, verbose=2 one line per epoch. A ProgbarLogger you pass "
        "yourself replaces the default one and follows fit's verbose setting.",
        "model.fit(x, y, epochs=2, verbose=2, callbacks=[keras.callbacks.ProgbarLogger()])",
        PROGBAR,
    ),
    _callback(
        "RemoteMonitor",
        "POSTs each epoch's logs (and the epoch number) as JSON to a web server, root + path "
        "('/publish/epoch/end/' by default), as the form field 'data', or as a JSON body with "
        "send_as_json=True. Needs the 'requests' package.",
        "monitor = keras.callbacks.RemoteMonitor(root=\"http://127.0.0.1:9000\")\n"
        "model.fit(x, y, epochs=3, callbacks=[monitor], verbose=0)",
        REMOTE,
    ),
]

OLD_TUTORIALS = [
    Concept(
        name="keras.callbacks.callbacks", context="module",
        summary="The module path of the callbacks in standalone Keras 2.3 (from keras.callbacks.callbacks "
                "import EarlyStopping). It is gone: every callback lives directly in keras.callbacks.",
        status="moved", since="Keras 2.4", replacement="keras.callbacks",
        error="ModuleNotFoundError: No module named 'keras.callbacks.callbacks'",
        example="from keras.callbacks import EarlyStopping",
        lesson=LESSON, heading=HOOKS, section="old-tutorials",
    ),
    Concept(
        name="ModelCheckpoint.period",
        summary="Keras 2's ModelCheckpoint(period=N) saved every N epochs. tf.keras deprecated it for "
                "save_freq, and Keras 3 removed it. save_freq='epoch' saves every epoch; a whole number "
                "saves every that many batches, so every N epochs is save_freq=N * steps_per_epoch.",
        status="removed", since="Keras 3.0", replacement="ModelCheckpoint(save_freq=...)",
        error="TypeError: ModelCheckpoint.__init__() got an unexpected keyword argument 'period'",
        example="steps_per_epoch = int(np.ceil(len(x) / 128))\n"
                "keras.callbacks.ModelCheckpoint(\"epoch_{epoch:02d}.weights.h5\", save_weights_only=True,\n"
                "                                save_freq=2 * steps_per_epoch)   # every 2 epochs",
        lesson=LESSON, heading=CHECKPOINT, section="old-tutorials",
        aliases=("period=",), runs=("period", "save_freq"),
    ),
    Concept(
        name="TensorBoard.write_grads",
        summary="Keras 2's TensorBoard(write_grads=True) wrote histograms of the gradients. TensorFlow "
                "2's TensorBoard ignored it with a warning, and Keras 3 refuses it. histogram_freq=1 still "
                "writes histograms of the weights; gradients need a callback or train_step of your own.",
        status="removed", since="TensorFlow 2.0", replacement="TensorBoard(histogram_freq=1)",
        error="TypeError: TensorBoard.__init__() got an unexpected keyword argument 'write_grads'",
        example="keras.callbacks.TensorBoard(log_dir=\"logs\", histogram_freq=1)",
        lesson=LESSON, heading=TENSORBOARD, section="old-tutorials",
        aliases=("write_grads=",), runs=("write_grads", "histogram_freq"),
    ),
    Concept(
        name="ReduceLROnPlateau.epsilon",
        summary="Keras 2's name for ReduceLROnPlateau's improvement threshold, renamed min_delta (Keras 2 "
                "still translated it, with a warning). Keras 3 accepts epsilon= and silently IGNORES it, so "
                "the threshold stays at the default 1e-4: no error tells you. Write min_delta=.",
        status="removed", since="Keras 3.0", replacement="min_delta",
        error=None,
        example="keras.callbacks.ReduceLROnPlateau(monitor=\"val_loss\", factor=0.5, patience=2,\n"
                "                                  min_delta=0.01)",
        lesson=LESSON, heading=PLATEAU, section="old-tutorials",
        runs=("epsilon", "min_delta"),
    ),
]

ENTRIES: list[Concept] = [*SYLLABUS, *OLD_TUTORIALS]
