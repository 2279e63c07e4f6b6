"""How fast `kerastutor migrate` goes through tutorial-size files (target: 1,000 files in 60 s, one core).

Writes N generated Keras 1/2 scripts of 100-200 lines each (imports, a model built with old keyword
names, a backend loss, a generator, fit_generator, and the plain Python around them that tutorials have:
data preparation, plotting, printing; varied from file to file) into a temporary folder, then runs the
command's own code in this one process: the report (as `kerastutor migrate FOLDER` prints it) and the
rewrite (`--write`, .bak files and all). Prints files per second and the projection for 1,000 files
against the 60 s target, as a ratio (below 1.0 meets it), from the process's CPU time (what one core
spends, whatever else the machine runs) and from the wall clock.

    python benchmarks/migrate_speed.py [--files N]
"""

from __future__ import annotations

import argparse
import io
import random
import tempfile
import time
from pathlib import Path

from kerastutor.migrate import command

TARGET_FILES, TARGET_SECONDS = 1000, 60.0

IMPORTS = [
    "import numpy as np",
    "from keras.models import Sequential, Model",
    "from keras.layers.core import Dense, Dropout, Activation, Flatten",
    "from keras.layers.convolutional import Convolution2D, MaxPooling2D",
    "from keras.layers import Input, LSTM, Embedding, merge",
    "from keras.optimizers import SGD, Adam, RMSprop",
    "from keras.utils import np_utils",
    "from keras import backend as K",
    "from keras.callbacks import EarlyStopping, ReduceLROnPlateau",
]
LAYERS = [
    "model.add(Convolution2D({n}, 3, 3, border_mode='same', input_shape=(28, 28, 1)))",
    "model.add(Convolution2D({n}, 3, 3, subsample=(2, 2), init='he_normal'))",
    "model.add(Activation('relu'))",
    "model.add(MaxPooling2D(pool_size=(2, 2), dim_ordering='tf'))",
    "model.add(Dropout(p=0.{d}))",
    "model.add(Flatten())",
    "model.add(Dense(output_dim={n}, init='uniform', W_regularizer=None))",
    "model.add(Dense({n}, activation='relu'))  # a Keras 3 line, left alone",
]
BLOCKS = [
    '''def loss_{i}(y_true, y_pred):
    """Mean squared error written with the backend."""
    return K.mean(K.square(y_pred - y_true), axis=-1)
''',
    '''def batches_{i}(x, y, size={n}):
    """Endless batches for fit_generator."""
    while True:
        picks = np.random.randint(0, len(x), size)
        yield x[picks], y[picks]
''',
    '''def branches_{i}():
    left = Input(shape=({n},))
    right = Input(shape=({n},))
    joined = merge([Dense({n})(left), Dense({n})(right)], mode='concat', concat_axis=-1)
    return Model(input=[left, right], output=Dense(1)(joined))
''',
    '''def summary_{i}(history):
    # plain Python: nothing to migrate here
    best = min(history.history["loss"])
    for epoch, value in enumerate(history.history["loss"]):
        if value == best:
            print("best epoch", epoch, "loss", round(value, 4))
    return best
''',
    '''def load_{i}(path="data_{i}.npz"):
    """Plain data loading."""
    with np.load(path) as data:
        x, y = data["x"], data["y"]
    x = x.astype("float32") / 255.0
    y = np_utils.to_categorical(y, nb_classes=10)
    return x, y
''',
    '''def normalize_{i}(x):
    return K.exp(x) / K.sum(K.exp(x), axis=-1, keepdims=True)
''',
]
# Plain Python that tutorials carry around the Keras code: nothing to migrate, but it has to be read.
PLAIN = [
    '''def plot_{i}(history, title="training"):
    """Draw the loss curves."""
    import matplotlib.pyplot as plt
    figure, axes = plt.subplots(1, 2, figsize=(10, 4))
    for axis, key in zip(axes, ("loss", "accuracy")):
        axis.plot(history.history.get(key, []), label="train")
        axis.plot(history.history.get("val_" + key, []), label="validation")
        axis.set_title(f"{title}: {key}")
        axis.legend()
    figure.tight_layout()
    return figure
''',
    '''def shuffle_{i}(x, y, seed={n}):
    """Shuffle two arrays the same way."""
    order = np.random.RandomState(seed).permutation(len(x))
    return x[order], y[order]
''',
    '''def split_{i}(x, y, fraction=0.{d}):
    cut = int(len(x) * (1 - fraction))
    return (x[:cut], y[:cut]), (x[cut:], y[cut:])
''',
    '''class Config{i}:
    """Settings of the experiment."""

    batch_size = {n}
    epochs = {d}
    learning_rate = 0.00{d}

    def describe(self):
        return ", ".join(f"{name}={value}" for name, value in vars(type(self)).items()
                         if not name.startswith("_"))
''',
    '''def report_{i}(scores, names=("loss", "accuracy")):
    # print a small table
    print("-" * 30)
    for name, score in zip(names, scores):
        print(f"{name:>12}: {score:8.4f}")
    print("-" * 30)
''',
]
TRAINING = [
    "model.compile(loss='categorical_crossentropy', optimizer=SGD(lr=0.0{d}, momentum=0.9, decay=1e-6))",
    "model.compile(loss=loss_0, optimizer=Adam(lr=1e-3), metrics=['accuracy'])",
    "history = model.fit(x_train, y_train, batch_size={n}, nb_epoch={d}, validation_split=0.1)",
    "model.fit_generator(batches_1(x_train, y_train), steps_per_epoch={n}, nb_epoch={d}, workers=2)",
    "score = model.evaluate_generator(batches_1(x_test, y_test), steps={d})",
    "classes = model.predict_classes(x_test)",
    "callbacks = [EarlyStopping(patience={d}), ReduceLROnPlateau(epsilon=1e-4)]",
    "probabilities = model.predict_proba(x_test, batch_size={n})",
]


def tutorial(number: int, rng: random.Random) -> str:
    """One generated old-style tutorial script of 100-200 lines."""
    def fill(line: str) -> str:
        return line.format(n=rng.choice((16, 32, 64, 128)), d=rng.randint(1, 9), i=number)

    lines = [f'"""Tutorial {number}: an old-style Keras script (generated for the benchmark)."""', ""]
    lines += IMPORTS + ["", ""]
    for block in rng.sample(BLOCKS, k=4) + rng.sample(PLAIN, k=3):
        lines += [_fill_block(block, number, rng), ""]
    lines += ["", f"x_train, y_train = load_{number}()", "x_test, y_test = x_train[:100], y_train[:100]",
              f"x_train, y_train = shuffle_{number}(x_train, y_train)", "", "model = Sequential()"]
    for _ in range(rng.randint(6, 20)):  # a tutorial's model: a handful to a score of layers
        lines.append(fill(rng.choice(LAYERS)))
        if rng.random() < 0.3:
            lines.append(f"# layer block {len(lines)}: {rng.choice(('wider', 'deeper', 'regularized'))}")
    lines += [fill(line) for line in rng.sample(TRAINING, k=len(TRAINING))]
    target = rng.randint(100, 200)
    extra = 0
    while len("\n".join(lines).splitlines()) < target - 3:  # the rest: plain Python around the model
        extra += 1
        lines += ["", _fill_block(rng.choice(PLAIN), number * 100 + extra, rng)]
    lines += ["", f"print('done', summary_{number}(history))",
              f"plot_{number}(history).savefig('curves.png')"]
    return "\n".join(lines) + "\n"


def _fill_block(block: str, number: int, rng: random.Random) -> str:
    """A block with its function number and sizes filled in (its own braces left alone)."""
    return (block.replace("{i}", str(number)).replace("{n}", str(rng.choice((16, 32, 64))))
            .replace("{d}", str(rng.randint(1, 9))))


def generate(folder: Path, files: int) -> int:
    """Write ``files`` tutorials into ``folder``; returns the total number of lines."""
    rng = random.Random(0)
    total = 0
    for number in range(files):
        text = tutorial(number, rng)
        total += text.count("\n")
        (folder / f"tutorial_{number:04d}.py").write_text(text)
    return total


def timed_run(folder: Path, write: bool) -> tuple[float, float, int, str]:
    """CPU and wall seconds of one `kerastutor migrate` run over ``folder``, its exit status and summary."""
    out = io.StringIO()
    cpu, wall = time.process_time(), time.perf_counter()
    status = command.run([str(folder)], write=write, out=out)
    return time.process_time() - cpu, time.perf_counter() - wall, status, out.getvalue().splitlines()[-1]


def main() -> None:
    """Generate, run report and write modes, print the figures."""
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--files", type=int, default=TARGET_FILES, help="how many files (default 1000)")
    files = options.parse_args().files
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        lines = generate(folder, files)
        print(f"{files} generated tutorials, {lines / files:.0f} lines each on average")
        for mode, write in (("report", False), ("--write", True)):
            cpu, wall, status, summary = timed_run(folder, write)
            print(f"{mode}: {summary} (exit status {status})")
            for clock, seconds in (("CPU", cpu), ("wall", wall)):
                projected = seconds / files * TARGET_FILES
                ratio = projected / TARGET_SECONDS
                print(f"  {clock:>4}: {seconds:6.2f} s, {files / seconds:6.1f} files/s; 1,000 files in "
                      f"{projected:5.1f} s = {ratio:.2f}x the {TARGET_SECONDS:.0f} s target")
    print("one process; the report run includes loading LibCST and the concept index once")


if __name__ == "__main__":
    main()
