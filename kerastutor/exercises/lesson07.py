"""Exercises for lesson 07, text and sequences: a vectorizer sized from data, pad_sequences, series windows,
and a forecaster that does not learn."""

from __future__ import annotations

import numpy as np

from .._quiet import import_keras
from .checks import (
    as_array,
    call_answer,
    check_rng,
    dead_layers,
    need_built,
    need_function,
    need_model,
    trained_copy,
)
from .core import Problem

keras = import_keras()

LESSON = "07_text_and_sequences"
TITLE = "Text and sequences: preprocessing for Keras 3"

# Texts the checker gives the learner's make_vectorizer (q1).
CHECK_CORPUS = (
    "The train was late again.", "A late train, a cold platform and no coffee!",
    "The bus was early; the train was late.", "Coffee on the train is cold.",
    "Trains, buses and bikes: the city moves.", "The platform was crowded and the train was late.",
)


# q1 · a TextVectorization layer sized from the data -----------------------------------------------

# A second corpus, so that an answer must be computed from the texts it is given.
CHECK_CORPUS_2 = (
    "Rain again. Rain all day, and rain tomorrow!", "The garden loves the rain.",
    "No rain for a week: the garden is dry, the grass is brown and the river is low.",
    "Sun today; the garden is green again.",
)


def _vectorizer_fits(function) -> str | None:
    problem = need_function(function, "def make_vectorizer(texts): ...")
    if problem:
        return problem
    for corpus in (CHECK_CORPUS, CHECK_CORPUS_2):
        texts = np.array(corpus, dtype=object)
        layer, problem = call_answer(function, "make_vectorizer(texts)", texts.copy())
        if problem:
            return problem
        if not isinstance(layer, keras.layers.TextVectorization):
            return (f"make_vectorizer returned {type(layer).__name__}; return the adapted "
                    "keras.layers.TextVectorization layer.")
        config = layer.get_config()
        if config["output_mode"] != "int":
            return (f"output_mode={config['output_mode']!r} gives one vector per text; the classifier needs "
                    "one integer id per word: output_mode='int' (the default).")
        vocabulary = [str(word) for word in layer.get_vocabulary()]
        if vocabulary == ["", "[UNK]"] or not vocabulary:
            return ("your layer has no vocabulary yet: adapt it on the texts (layer.adapt(texts)) before you "
                    "return it.")
        every_word = keras.layers.TextVectorization()  # no limits: every word, padded to the longest text
        every_word.adapt(texts)
        ids = as_array(every_word(texts))
        counts = np.bincount(ids.ravel(), minlength=every_word.vocabulary_size())
        words = [str(word) for word in every_word.get_vocabulary()]
        frequent = {words[i] for i in range(2, len(words)) if counts[i] >= 2}
        missing, extra = frequent - set(vocabulary[2:]), set(vocabulary[2:]) - frequent
        if missing:
            budget = (f" max_tokens counts the padding '' and '[UNK]' too: {len(frequent)} words need "
                      f"max_tokens={len(frequent) + 2}." if len(vocabulary) == len(frequent) else
                      " Count the words as the layer sees them: lower-cased, punctuation stripped.")
            return (f"on the checker's {len(texts)} texts your vocabulary lacks {sorted(missing)}, which "
                    f"occur at least twice.{budget}")
        if extra:
            return (f"on the checker's {len(texts)} texts your vocabulary also holds {sorted(extra)[:4]}, "
                    "which occur only once: count the words as the layer sees them (lower-cased, punctuation "
                    "stripped, split on spaces), and let max_tokens keep only those seen twice or more.")
        length, longest = config["output_sequence_length"], ids.shape[1]
        if length is None:
            return ("output_sequence_length is not set, so each batch comes out as long as its own longest "
                    "text; a model needs one fixed length: the length of the longest text.")
        if length < longest:
            return (f"output_sequence_length={length} cuts the checker's longest text, which has {longest} "
                    "words once standardized and split: its last words would never reach the model.")
        if length > longest:
            return (f"output_sequence_length={length}, but the checker's longest text has {longest} words: "
                    f"every row would end in at least {length - longest} zeros of padding. Take the length "
                    "of the longest text, computed from the texts.")
    return None


# q2 · pad_sequences ------------------------------------------------------------------------------

CHECK_SEQUENCES = ([4, 8, 15], [16, 23, 42, 7, 9, 11, 13], [5], [3, 1, 4, 1, 5])


def _padded(sequences, length: int, padding: str, truncating: str) -> np.ndarray:
    """Padding and truncation done by hand, as the task describes them."""
    rows = []
    for sequence in sequences:
        kept = list(sequence[:length]) if truncating == "post" else list(sequence[-length:])
        zeros = [0] * (length - len(kept))
        rows.append(kept + zeros if padding == "post" else zeros + kept)
    return np.array(rows)


def _pad_at_the_end(function) -> str | None:
    problem = need_function(function, "def pad(sequences): ...")
    if problem:
        return problem
    sequences = [list(s) for s in CHECK_SEQUENCES]
    result = function(sequences)
    if result is None:
        return "your function returned None: return the padded array."
    got = as_array(result)
    if got.ndim != 2:
        return (f"for {len(sequences)} lists your function returned shape {got.shape}, expected "
                f"({len(sequences)}, 5).")
    if got.shape != (len(sequences), 5):
        return (f"for lists of lengths {[len(s) for s in sequences]} your function returned shape "
                f"{got.shape}; every row must be exactly 5 ids long: maxlen=5.")
    if np.array_equal(got, _padded(sequences, 5, "post", "post")):
        return None
    sides = {(p, t): _padded(sequences, 5, p, t) for p in ("pre", "post") for t in ("pre", "post")}
    for (padding, truncating), rows in sides.items():
        if np.array_equal(got, rows):
            wrong = []
            if padding == "pre":
                wrong.append("your zeros go at the front ([4, 8, 15] became [0, 0, 4, 8, 15]): "
                             "padding='post'")
            if truncating == "pre":
                wrong.append("long lists lose their first ids ([16, 23, 42, 7, 9, 11, 13] kept its last 5): "
                             "truncating='post'")
            return "; ".join(wrong) + "."
    return (f"your function turned {sequences[0]} into {got[0].tolist()} and {sequences[1]} into "
            f"{got[1].tolist()}; expected {[4, 8, 15, 0, 0]} and {[16, 23, 42, 7, 9]}.")


# q3 · timeseries_dataset_from_array ---------------------------------------------------------------

WINDOW, STRIDE, BATCH = 6, 3, 16


def _windows_as_asked(function) -> str | None:
    import tensorflow as tf

    problem = need_function(function, "def make_windows(values): ...")
    if problem:
        return problem
    values = np.arange(100, dtype="float32")  # each value is its own position
    dataset = function(values.copy())
    if not isinstance(dataset, tf.data.Dataset):
        return (f"your function returned {type(dataset).__name__}; return the tf.data.Dataset that "
                "keras.utils.timeseries_dataset_from_array gives.")
    batches = list(dataset)
    if not batches or not isinstance(batches[0], tuple) or len(batches[0]) != 2:
        return ("your dataset gives windows without targets: pass targets=... to "
                "timeseries_dataset_from_array.")
    inputs = np.concatenate([as_array(x) for x, _ in batches])
    targets = np.concatenate([as_array(y) for _, y in batches]).reshape(-1)
    if inputs.ndim == 3 and inputs.shape[-1] == 1:
        inputs = inputs[..., 0]
    if inputs.ndim != 2:
        return (f"your windows have shape {inputs.shape[1:]}; on a 1-D series they should hold {WINDOW} "
                "values.")
    if inputs.shape[1] != WINDOW:
        return (f"your windows hold {inputs.shape[1]} values, the task asks for {WINDOW}: "
                f"sequence_length={WINDOW}.")
    steps = np.unique(np.diff(inputs, axis=1))
    if steps.tolist() != [1.0]:
        return (f"inside a window your values are {steps.tolist()} steps apart; the task takes every value "
                "(sampling_rate=1).")
    order = np.argsort(inputs[:, 0])
    inputs, targets = inputs[order], targets[order]
    starts = inputs[:, 0].astype(int)
    gaps = np.unique(np.diff(starts))
    if gaps.tolist() != [STRIDE]:
        return (f"a new window starts every {gaps.tolist()[0] if len(gaps) else '?'} steps; "
                f"the task asks for every {STRIDE}: sequence_stride={STRIDE}.")
    offsets = np.unique(targets - starts)
    if offsets.tolist() != [WINDOW]:
        offset = int(offsets[0])
        if offset == 0:
            return (f"the target of the window {inputs[0].astype(int).tolist()} is {targets[0]:g}, its own "
                    f"first value: targets[i] belongs to the window starting at i, so shift them: "
                    f"targets=values[{WINDOW}:].")
        return (f"each target is {offset} steps after its window's start; the value just after a window of "
                f"{WINDOW} is {WINDOW} steps after its start: targets=values[{WINDOW}:].")
    expected_starts = list(range(0, len(values) - WINDOW, STRIDE))
    if starts.tolist() != expected_starts:
        return (f"your dataset has {len(starts)} windows starting at {starts[:3].tolist()}...; "
                f"expected {len(expected_starts)}, starting at {expected_starts[:3]}... "
                "Use the whole series: no start_index or end_index.")
    first = len(as_array(batches[0][0]))
    if first != min(BATCH, len(starts)):
        return f"your batches hold {first} windows, the task asks for {BATCH}: batch_size={BATCH}."
    return None


# q4 · a forecaster that does not learn ------------------------------------------------------------

FORECAST_WINDOW, DEAD_BIAS = 48, -10.0


def flat_forecaster():
    """Section 8's forecaster, built by someone who wanted "safe" negative starting biases.

    Conv1D(8, 5, relu) -> Flatten -> Dense(1), with the Conv1D biases starting at -10: every output of the
    convolution is 0 for scaled inputs, passes no gradient, and stays 0; the model can only learn a constant.
    """
    model = keras.Sequential([
        keras.Input(shape=(FORECAST_WINDOW, 1), name="last_48_hours"),
        keras.layers.Conv1D(8, 5, activation="relu", name="conv",
                            bias_initializer=keras.initializers.Constant(DEAD_BIAS)),
        keras.layers.Flatten(name="flatten"),
        keras.layers.Dense(1, name="next_hour"),
    ], name="flat_forecaster")
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.002), loss="mse", metrics=["mae"])
    return model


def _check_windows() -> tuple[np.ndarray, np.ndarray]:
    """Scaled windows of 48 hours and their next hour, from a synthetic series the lesson never drew."""
    hours = np.arange(600)
    noise = check_rng(77).normal(0.0, 0.5, size=hours.shape)
    series = (10.0 + 4.0 * np.sin(2 * np.pi * hours / 24) + 1.5 * np.sin(2 * np.pi * hours / 240) + noise)
    series = ((series - series.mean()) / series.std()).astype("float32")
    starts = np.arange(len(series) - FORECAST_WINDOW)
    windows = np.stack([series[i:i + FORECAST_WINDOW] for i in starts])[..., np.newaxis]
    return windows, series[FORECAST_WINDOW:]


def _forecaster_learns(model) -> str | None:

    problem = need_model(model) or need_built(model)
    if problem:
        return problem
    if tuple(model.inputs[0].shape[1:]) != (FORECAST_WINDOW, 1) or tuple(model.outputs[0].shape[1:]) != (1,):
        return (f"your model takes {tuple(model.inputs[0].shape[1:])} and gives "
                f"{tuple(model.outputs[0].shape[1:])}; the forecaster takes 48 hours, shape (48, 1), and "
                "gives the next one, shape (1,).")
    windows, targets = _check_windows()
    dead = dead_layers(model, windows[:64])
    if dead:
        return (f"the outputs of layer {dead[0]!r} are all 0 for the checker's windows, so nothing after it "
                "can learn from the series (and a relu whose outputs are all 0 passes no gradient back "
                "either). Look at that layer's biases, and start them at 0, the default.")
    if not model.compiled:
        return "your forecaster is not compiled: compile it (optimizer and loss='mse') so that it can train."
    copy = trained_copy(model, "mse", windows, targets, batch_size=32, epochs=5)
    error = float(np.mean((keras.ops.convert_to_numpy(copy(windows))[:, 0] - targets) ** 2))
    if not error < 0.3:
        return (f"trained 5 epochs on the checker's series, your forecaster's mean squared error is "
                f"{error:.2f} (in scaled units), about what always predicting the mean gives (1.0): it still "
                "does not learn. Check the optimizer and its learning rate too.")
    return None


q1 = Problem(
    LESSON, "q1",
    "Write a function make_vectorizer(texts) that returns a TextVectorization layer adapted on texts, sized "
    "from them: its vocabulary keeps every word that occurs at least twice in the texts (and no other), "
    "and every output is as long as the longest text, so that no text is cut and no row is all padding at "
    "its end. The check calls it on texts of its own.",
    _vectorizer_fits,
    hints=["Count the words as the layer sees them: a TextVectorization() with no limits, adapted on the "
           "texts, turns them into ids padded to the longest text (its ids.shape[1]).",
           "np.bincount(ids.ravel()) counts how often each id occurs (id 0, the padding, included). The "
           "vocabulary is sorted by count, so max_tokens can keep exactly the frequent words, plus '' and "
           "'[UNK]'.",
           "frequent = int(np.sum(counts[2:] >= 2)); L.TextVectorization(max_tokens=frequent + 2, "
           "output_sequence_length=ids.shape[1]), then adapt it."],
    solution="""def make_vectorizer(texts):
    every_word = L.TextVectorization()                       # no limits: every word, padded to the longest
    every_word.adapt(texts)
    ids = keras.ops.convert_to_numpy(every_word(texts))
    counts = np.bincount(ids.ravel(), minlength=every_word.vocabulary_size())
    frequent = int(np.sum(counts[2:] >= 2))                   # words (not '' or [UNK]) seen twice or more
    vectorizer = L.TextVectorization(max_tokens=frequent + 2, output_sequence_length=ids.shape[1])
    vectorizer.adapt(texts)
    return vectorizer


print(make_vectorizer(train_texts).get_vocabulary()[:12])
ex.q1.check(make_vectorizer)""",
)

q2 = Problem(
    LESSON, "q2",
    "Write a function pad(sequences) that turns a list of lists of word ids into an array with exactly 5 "
    "ids per row: short lists padded with 0 at the END, long lists cut at the END (they keep their first "
    "5 ids). The check calls it on its own lists.",
    _pad_at_the_end,
    hints=["keras.utils.pad_sequences(sequences, maxlen=..., padding=..., truncating=...).",
           "Both padding and truncating default to 'pre' (the front); the task wants 'post' for both.",
           "return keras.utils.pad_sequences(sequences, maxlen=5, padding='post', truncating='post')."],
    solution="""def pad(sequences):
    return keras.utils.pad_sequences(sequences, maxlen=5, padding="post", truncating="post")


print(pad([[5, 3, 8], [2, 7, 4, 9, 6, 1], [4]]))
ex.q2.check(pad)""",
)

q3 = Problem(
    LESSON, "q3",
    "Write a function make_windows(values) that cuts a 1-D series into a dataset of windows of 6 "
    "consecutive values, a new window starting every 3 steps, each with the value just after it as "
    "target, in batches of 16. The check calls it on its own series and compares every window.",
    _windows_as_asked,
    hints=["keras.utils.timeseries_dataset_from_array(data, targets, sequence_length, sequence_stride, "
           "batch_size=...).",
           "targets[i] is the target of the window that starts at i: the value just after a window of 6 is "
           "values[i + 6], so pass targets=values[6:].",
           "return keras.utils.timeseries_dataset_from_array(values, values[6:], sequence_length=6, "
           "sequence_stride=3, batch_size=16)."],
    solution="""def make_windows(values):
    return keras.utils.timeseries_dataset_from_array(
        values, targets=values[6:], sequence_length=6, sequence_stride=3, batch_size=16)


show_windows(make_windows(np.arange(20)))
ex.q3.check(make_windows)""",
)

q4 = Problem(
    LESSON, "q4",
    "flat = ex.flat_forecaster() is section 8's forecaster, built by someone else: trained, its loss stays "
    "flat at about 1.0, what always predicting the mean gives. Find with kt.activations the layer whose "
    "outputs are all 0, and give the check a repaired forecaster (same layers, compiled). The check looks "
    "at its layers' outputs on a series of its own, then trains a copy for 5 epochs.",
    _forecaster_learns,
    hints=["kt.activations(flat, inputs) gives every layer's output for a batch of windows: which one is all "
           "zeros?",
           "A relu outputs 0 for every negative input, and passes no gradient there. What did flat's Conv1D "
           "start its biases at? flat.get_layer('conv').get_config()['bias_initializer'] or its weights say.",
           "Build the same three layers with the Conv1D's default bias_initializer (zeros), compile with "
           "Adam and loss='mse', and check that."],
    solution="""repaired = keras.Sequential([
    keras.Input(shape=(window, 1)),
    L.Conv1D(8, 5, activation="relu", name="conv"),          # default biases: zeros, not -10
    L.Flatten(name="flatten"),
    L.Dense(1, name="next_hour"),
])
repaired.compile(optimizer=keras.optimizers.Adam(learning_rate=0.002), loss="mse", metrics=["mae"])
print("share of conv outputs above 0:", float((kt.activations(repaired, inputs)["conv"] > 0).mean()))
ex.q4.check(repaired)""",
)
