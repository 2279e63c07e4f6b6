"""Exercises for lesson 07, text and sequences: TextVectorization, pad_sequences and series windows."""

from __future__ import annotations

import numpy as np

from .checks import as_array, need_function
from .core import Problem

LESSON = "07_text_and_sequences"
TITLE = "Text and sequences: preprocessing for Keras 3"

# Sentences the checker adapts a copy of the learner's layer on, and texts it then converts.
CHECK_CORPUS = (
    "The train was late again.", "A late train, a cold platform and no coffee!",
    "The bus was early; the train was late.", "Coffee on the train is cold.",
    "Trains, buses and bikes: the city moves.", "The platform was crowded and the train was late.",
)
CHECK_TEXTS = ("THE TRAIN WAS LATE.", "Bikes and buses and trains and a cold coffee on a crowded platform "
                                      "today")




# q1 · TextVectorization ---------------------------------------------------------------------------

WANTED_VECTORIZER = {"max_tokens": 30, "output_mode": "int", "output_sequence_length": 10,
                     "standardize": "lower_and_strip_punctuation", "split": "whitespace"}


def _vectorizer_as_asked(layer) -> str | None:
    import keras

    if not isinstance(layer, keras.layers.TextVectorization):
        return f"expected a keras.layers.TextVectorization layer, got {type(layer).__name__}."
    config = layer.get_config()
    if config["output_mode"] != "int":
        return (f"output_mode={config['output_mode']!r} gives one vector per text; the task asks for one "
                "integer id per word: output_mode='int' (the default).")
    if config["output_sequence_length"] is None:
        return ("output_sequence_length is not set, so each batch comes out as long as its longest text; "
                "the task asks for exactly 10 ids per text: output_sequence_length=10.")
    if config["output_sequence_length"] != 10:
        return (f"output_sequence_length is {config['output_sequence_length']}, the task asks for 10 ids per "
                "text.")
    if config["max_tokens"] != 30:
        return (f"max_tokens is {config['max_tokens']}; the task asks for a vocabulary of at most 30 "
                "entries, and max_tokens counts the padding '' and '[UNK]' too: max_tokens=30.")
    for key in ("standardize", "split"):
        if config[key] != WANTED_VECTORIZER[key]:
            return f"{key} is {config[key]!r}; keep the default {WANTED_VECTORIZER[key]!r}."
    config.update(vocabulary=None, idf_weights=None)
    copy = type(layer).from_config(config)
    reference = keras.layers.TextVectorization(**WANTED_VECTORIZER)
    corpus, texts = np.array(CHECK_CORPUS, dtype=object), np.array(CHECK_TEXTS, dtype=object)
    copy.adapt(corpus)
    reference.adapt(corpus)
    got, wanted = as_array(copy(texts)), as_array(reference(texts))
    if got.shape != wanted.shape or not np.array_equal(got, wanted):
        return (f"adapted on the checker's sentences, your layer turns {CHECK_TEXTS[0]!r} into "
                f"{got[0].tolist()}, expected {wanted[0].tolist()}.")
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


q1 = Problem(
    LESSON, "q1",
    "Configure a keras.layers.TextVectorization layer with a vocabulary of at most 30 entries (padding and "
    "[UNK] included), one integer id per word, and every output exactly 10 ids long; keep the default "
    "standardization and split. The check adapts a copy of it on its own sentences.",
    _vectorizer_as_asked,
    hints=["Three arguments of TextVectorization: max_tokens, output_mode and output_sequence_length.",
           "max_tokens counts '' (padding) and '[UNK]' too; output_mode='int' gives one id per word.",
           "keras.layers.TextVectorization(max_tokens=30, output_mode='int', output_sequence_length=10)."],
    solution="""small_vectorizer = L.TextVectorization(max_tokens=30, output_mode="int",
                                       output_sequence_length=10)
small_vectorizer.adapt(train_texts)
print(keras.ops.convert_to_numpy(small_vectorizer(examples)))
ex.q1.check(small_vectorizer)""",
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
