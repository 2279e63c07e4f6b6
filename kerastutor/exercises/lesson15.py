"""Exercises for lesson 15, the playground: choose features, a network and a penalty, and let the check
train them.

Every answer but one is a playground setup: a playground (``kt.playground(...)``), a dict from
``pg.state()``, or a share string from ``pg.share()``; q5's is a compiled Keras model for four classes.
The checks never read the learner's numbers: each one rebuilds a fresh playground session (or a fresh
copy of the model, with seeded weights) from the answer, trains it itself on freshly drawn data (its own
seed; the training is seeded, so a verdict is the same every time) and measures the result on points
that training never saw (q6: on the learner's own drawn points, which is the task).
"""

from __future__ import annotations

import math
from dataclasses import fields
from functools import cache

import numpy as np

from .._arguments import BadArgument
from .checks import need_model
from .core import Problem

LESSON = "15_playground"
TITLE = "The playground: watch a network learn"

CHECK_SEED = 15  # the checks draw their own data and start weights with this seed
CHECK_SAMPLES = 400
XOR_EPOCHS, XOR_ACCURACY = 30, 0.95
CIRCLE_EPOCHS, CIRCLE_ACCURACY, CIRCLE_NEURONS = 40, 0.90, 4
NOISY = {"dataset": "gauss", "noise": 0.5, "train_fraction": 0.2, "hidden": (8, 8, 8)}  # the lesson's setup
NOISY_EPOCHS = 60
MOONS = {"n_samples": 300, "noise": 0.1}  # make_moons arguments of the lesson's own data
MOONS_EPOCHS, MOONS_ACCURACY = 40, 0.95
BLOBS_CLASSES, BLOBS_EPOCHS, BLOBS_ACCURACY, BLOBS_RATE = 4, 10, 0.90, 0.03
DRAWN_MIN_POINTS, DRAWN_EPOCHS, DRAWN_HIDDEN = 10, 150, (8,)
DRAWN_PASSES = 15  # q6 trains on the points repeated this often: one epoch of Keras is DRAWN_PASSES of them
LINE_MOST, HIDDEN_LEAST = 0.90, 0.95  # q6: a straight line gets at most this share right, a hidden layer this
DROPOUT_EPOCHS = 100  # q7: long enough for the noisy setup to over-fit plainly, whatever its batch order
MIN_DROPOUT = 0.05  # q7: below this, a layer of 8 neurons loses one in more than two batches: no change
STUCK_LOSS = 0.5  # q7: a train loss above this is hardly better than a coin's 0.693: nothing was learned
PER_LAYER_HIDDEN = (2, 4)  # q8: the default network turned around, on the circle, one of its layers linear
ANSWER_KINDS = "a playground (pg = kt.playground(...)), a dict from pg.state() or a string from pg.share()"


def _settings(answer):
    """``(Settings, None)`` for a playground, a state dict or a share string; ``(None, sentence)`` else."""
    from kerastutor.play.settings import Settings

    if isinstance(getattr(answer, "settings", None), Settings) and hasattr(answer, "session"):
        return answer.settings, None  # a Playground
    if need_model(answer) is None:
        return None, (f"that is a Keras model; the check needs the playground setup that builds it: "
                      f"{ANSWER_KINDS}.")
    if not isinstance(answer, (dict, str)):
        return None, f"expected {ANSWER_KINDS}; got {type(answer).__name__}."
    try:
        return Settings.from_state(answer), None
    except BadArgument as error:  # checked field by field: the sentence names the field
        return None, f"these are not playground settings: {error}" if isinstance(answer, dict) else str(error)


def _train(settings, epochs: int, data: tuple | None = None) -> dict[str, float]:
    """Train a fresh playground session of ``settings`` for ``epochs`` epochs (its batches come in an order
    seeded from ``settings.seed``, so a verdict is the same every time); its latest metrics, with NaN
    losses if training diverged."""
    from kerastutor.play.session import Diverged, Session

    session = Session(settings, data)
    try:
        session.step(epochs)
    except Diverged:
        return {"train_loss": math.nan, "test_loss": math.nan, "test_accuracy": math.nan}
    return session.metrics()


def _diverged(settings, result: dict[str, float]) -> str | None:
    if math.isfinite(result["test_loss"]):
        return None
    return (f"training diverged: the loss stopped being a number. The learning rate {settings.learning_rate} "
            f"is too high for {settings.optimizer}: lower it.")


def _short_of(settings, epochs: int, needed: float, points: str,
              data: tuple | None = None) -> tuple[str | None, str | None]:
    """Train ``settings`` and compare its test accuracy with ``needed``: ``(verdict, shortfall)``. The
    verdict is the divergence sentence when training diverged; the shortfall says by how much the accuracy
    missed (``None`` when it is enough), for the caller to add its advice to."""
    result = _train(settings, epochs, data)
    problem = _diverged(settings, result)
    if problem:
        return problem, None
    accuracy = result["test_accuracy"]
    if accuracy >= needed:
        return None, None
    return None, f"test accuracy {accuracy:.2f} after {epochs} epochs on {points}, {needed:.2f} needed."


def _fresh(settings):
    """``settings`` on the check's own noise-free draw of the data, with the check's seed."""
    return settings.changed(seed=CHECK_SEED, samples=CHECK_SAMPLES, noise=0.0)


def _layers(hidden: tuple) -> str:
    return "no hidden layer" if not hidden else (
        f"{len(hidden)} hidden layer{'s' if len(hidden) > 1 else ''} {hidden}")


def _xor_one_feature(answer) -> str | None:
    settings, problem = _settings(answer)
    if problem:
        return problem
    if settings.dataset != "xor":
        return f"your playground uses the {settings.dataset!r} data; the task is about dataset='xor'."
    if settings.hidden:
        return (f"your network has {_layers(settings.hidden)}; the task asks for none: hidden=(), so that "
                "the output neuron works straight from the features.")
    if len(settings.features) != 1:
        return (f"your playground has {len(settings.features)} input features "
                f"({', '.join(settings.features)}); the task asks for exactly one.")
    problem, said = _short_of(_fresh(settings), XOR_EPOCHS, XOR_ACCURACY, "fresh XOR points")
    if problem or not said:
        return problem
    feature = settings.features[0]
    if feature != "x1*x2":
        return (f"{said} With no hidden layer the output can only grow or shrink with {feature}, and "
                f"{feature} does not tell the blue corners (x1 and x2 of the same sign) from the orange "
                "ones. Which feature is positive exactly where the label is 1?")
    return (f"{said} x1*x2 is the right feature, so training is the trouble: check learning_rate and "
            "optimizer.")


def _count_words(count: int) -> str:
    words = {1: "one neuron draws one straight line", 2: "two neurons draw two straight lines"}
    return words.get(count, f"{count} neurons draw {count} straight lines")


def _circle_one_small_layer(answer) -> str | None:
    settings, problem = _settings(answer)
    if problem:
        return problem
    if settings.dataset != "circle":
        return f"your playground uses the {settings.dataset!r} data; the task is about dataset='circle'."
    extra = [name for name in settings.features if name not in ("x1", "x2")]
    if extra:
        return (f"your features include {', '.join(extra)}; this task allows only x1 and x2, so that the "
                "hidden layer has to find the circle itself.")
    if len(settings.hidden) != 1:
        return (f"your network has {_layers(settings.hidden)}; the task asks for exactly one hidden layer, "
                f"of at most {CIRCLE_NEURONS} neurons.")
    units = settings.hidden[0]
    if units > CIRCLE_NEURONS:
        return f"your hidden layer has {units} neurons; the task asks for at most {CIRCLE_NEURONS}."
    problem, said = _short_of(_fresh(settings), CIRCLE_EPOCHS, CIRCLE_ACCURACY, "fresh circle points")
    if problem or not said:
        return problem
    if settings.activation == "linear":
        return (f"{said} A linear activation adds no bend: the whole network still draws one straight line. "
                "Choose tanh or relu.")
    if units < 3:
        return (f"{said} In the hidden layer, {_count_words(units)}, and that cannot fence in the middle of "
                "the plane: it takes at least three lines to close a region.")
    return (f"{said} Your network is big enough, so it learns too slowly: try a larger learning_rate, or the "
            "adam optimizer.")


@cache
def _plain_noisy(epochs: int = NOISY_EPOCHS) -> dict[str, float]:
    """The lesson's noisy setup trained as it is (no penalty, no dropout) for ``epochs`` epochs on the
    check's data (computed once per length): what q3 and q7 compare with."""
    from kerastutor.play.settings import Settings

    return _train(Settings(**NOISY).changed(seed=CHECK_SEED), epochs)


def _noisy_changed_beyond(settings, free: tuple[str, ...]) -> str | None:
    """The sentence for ``settings`` that change the lesson's noisy setup in more than the ``free``
    settings (the seed and the controls' locks aside); None when they do not."""
    from kerastutor.play.settings import Settings

    setup = Settings(**NOISY)
    for field in fields(Settings):
        ours, theirs = getattr(setup, field.name), getattr(settings, field.name)
        if field.name not in (*free, "seed", "locked", "hidden_controls") and ours != theirs:
            return (f"you changed {field.name} from {ours!r} to {theirs!r}; keep the lesson's noisy setup "
                    f"and change only {' and '.join(free)}.")
    return None


def _penalty_helps(answer) -> str | None:
    settings, problem = _settings(answer)
    if problem:
        return problem
    problem = _noisy_changed_beyond(settings, ("regularization", "regularization_rate"))
    if problem:
        return problem
    if settings.regularization is None or settings.regularization_rate == 0:
        return ("there is no regularization yet: set regularization='l2' (or 'l1') and a "
                "regularization_rate above 0.")
    penalised = _train(settings.changed(seed=CHECK_SEED), NOISY_EPOCHS)
    problem = _diverged(settings, penalised)
    if problem:
        return problem
    plain = _plain_noisy()
    if penalised["test_loss"] < plain["test_loss"]:
        return None
    said = (f"after {NOISY_EPOCHS} epochs the test loss is {penalised['test_loss']:.3f} with "
            f"{settings.regularization.upper()} at rate {settings.regularization_rate:g}, not lower than "
            f"{plain['test_loss']:.3f} without regularization.")
    if penalised["train_loss"] >= plain["test_loss"]:
        return (f"{said} The penalty is too strong: the network cannot even fit its training points "
                f"(train loss {penalised['train_loss']:.3f}). Try a smaller rate.")
    return f"{said} The penalty is too weak to stop the over-fitting: try a larger rate."


@cache
def _fresh_moons() -> tuple[np.ndarray, np.ndarray]:
    """Two moons the lesson never drew, standardised as the lesson standardises its own."""
    from sklearn.datasets import make_moons

    x, y = make_moons(**MOONS, random_state=CHECK_SEED)
    return ((x - x.mean(axis=0)) / x.std(axis=0)).astype("float32"), y


def _moons_solved(answer) -> str | None:
    settings, problem = _settings(answer)
    if problem:
        return problem
    if settings.dataset != "own":
        return (f"your playground plays with the built-in {settings.dataset!r} data; this task is about your "
                "moons: kt.playground(data=(X, y), ...).")
    problem, said = _short_of(settings.changed(seed=CHECK_SEED), MOONS_EPOCHS, MOONS_ACCURACY,
                              f"{MOONS['n_samples']} fresh moons", data=_fresh_moons())
    if problem or not said:
        return problem
    if not settings.hidden:
        return (f"{said} With no hidden layer the network draws one straight line (in the space of its "
                "features), and a straight line cuts off the tips of the moons. Add a hidden layer.")
    return (f"{said} Give the network more room (a hidden layer of 6 to 8 neurons) or learn faster (a larger "
            "learning_rate).")


LOSS_ADVICE = {
    "categorical_crossentropy": ("categorical_crossentropy expects one-hot labels ([0, 0, 1, 0]), and the "
                                 "playground's labels are the numbers 0 to 3: use "
                                 "sparse_categorical_crossentropy."),
    "binary_crossentropy": ("binary_crossentropy is for one yes-or-no output; with four classes in one "
                            "softmax use sparse_categorical_crossentropy."),
}


def _loss_name(loss) -> str:
    """The name of a compiled loss: a string, a loss object (its ``name``) or a loss function."""
    if isinstance(loss, str):
        return loss
    return str(getattr(loss, "name", None) or getattr(loss, "__name__", type(loss).__name__))


def _output_activation(model) -> str:
    """The name of the activation that makes the model's output: a Softmax layer's, or the last layer's."""
    last = model.layers[-1]
    if type(last).__name__ == "Softmax":
        return "softmax"
    activation = getattr(last, "activation", None)
    return getattr(activation, "__name__", "linear") if activation is not None else "linear"


@cache
def _fresh_blobs() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Four fresh noisy blobs, ``(x_train, y_train, x_test, y_test)``, drawn with the check's seed."""
    from kerastutor.play.data import make_data, split

    x, y = make_data("blobs4", samples=CHECK_SAMPLES, noise=0.2, seed=CHECK_SEED)
    return split(x, y, 0.5, CHECK_SEED)


def _seeded_copy(model):
    """A copy of ``model``'s layers, freshly initialised, with its kernels (the 2-D weights) drawn
    Glorot-uniform from the check's seed, so the verdict never depends on the learner's random state
    (biases and the like start from their initializers' constants: zeros, ones)."""
    import keras

    copy = keras.models.clone_model(model)
    rng = np.random.default_rng(CHECK_SEED)
    weights = []
    for weight in copy.get_weights():
        if weight.ndim == 2:
            limit = math.sqrt(6 / sum(weight.shape))
            weight = rng.uniform(-limit, limit, weight.shape).astype(weight.dtype)
        weights.append(weight)
    copy.set_weights(weights)
    return copy


def _four_classes(answer) -> str | None:
    import keras

    from .checks import classification_accuracy, input_shape_message, need_built

    problem = need_model(answer) or need_built(answer) or input_shape_message(answer, (2,))
    if problem:
        if hasattr(answer, "settings") and hasattr(answer, "session"):
            return ("that is a playground; this task asks for the Keras model you write yourself: "
                    "keras.Sequential([keras.Input(shape=(2,)), ...]).")
        return problem
    units = int(answer.outputs[0].shape[-1])
    if units != BLOBS_CLASSES:
        if units == 1:
            return ("your model ends in 1 unit: one number is enough for two classes (the probability of "
                    "class 1), but four classes need one probability each: end in Dense(4, ...).")
        return (f"your model ends in {units} units, for {BLOBS_CLASSES} classes: give the last layer one "
                "unit per class.")
    activation = _output_activation(answer)
    if activation != "softmax":
        return (f"your last layer's activation is {activation}: its {units} outputs are not probabilities "
                "that add up to 1. Use activation='softmax', which turns the scores into one probability "
                "per class.")
    if getattr(answer, "loss", None) is None:
        return "your model is not compiled yet: model.compile(optimizer=..., loss=...)."
    loss = _loss_name(answer.loss)
    if loss in LOSS_ADVICE:
        return f"your loss is {loss}: {LOSS_ADVICE[loss]}"
    if loss != "sparse_categorical_crossentropy":
        return (f"your loss is {loss}; for labels 0 to 3 and a softmax output the loss is "
                "sparse_categorical_crossentropy.")
    if getattr(answer.loss, "from_logits", False):
        return ("your outputs are already probabilities (a softmax), and from_logits=True applies a softmax "
                "again: leave from_logits out.")
    x_train, y_train, x_test, y_test = _fresh_blobs()
    copy = _seeded_copy(answer)
    copy.compile(optimizer=keras.optimizers.Adam(learning_rate=BLOBS_RATE), loss=answer.loss)
    copy.fit(x_train, y_train, epochs=BLOBS_EPOCHS, batch_size=10, shuffle=False, verbose=0)
    accuracy = classification_accuracy(copy, x_test, y_test)
    if accuracy >= BLOBS_ACCURACY:
        return None
    return (f"the output and the loss are right, but a copy of your model trained {BLOBS_EPOCHS} epochs gets "
            f"{accuracy:.2f} of fresh blobs right, {BLOBS_ACCURACY:.2f} needed: a hidden layer of one or two "
            "neurons squeezes four classes through too few numbers. Widen it to 8, or leave it out.")


def _drawn_accuracy(settings, hidden: tuple, classes: int) -> float:
    """The share of the drawn points a fresh network with ``hidden`` layers (tanh, adam) gets right after
    training on all of them for ``DRAWN_EPOCHS`` epochs, from the check's seeded weights."""
    from kerastutor.play.data import drawn_data
    from kerastutor.play.network import build_model
    from kerastutor.play.settings import Settings

    from .checks import classification_accuracy

    x, y, _ = drawn_data(settings.points, regression=False)
    model = build_model(Settings(hidden=hidden, seed=CHECK_SEED), classes)
    repeated_x, repeated_y = np.tile(x, (DRAWN_PASSES, 1)), np.tile(y, DRAWN_PASSES)
    model.fit(repeated_x, repeated_y, epochs=DRAWN_EPOCHS // DRAWN_PASSES, batch_size=10, shuffle=False,
              verbose=0)
    return classification_accuracy(model, x, y)


def _drawing_needs_a_hidden_layer(answer) -> str | None:
    settings, problem = _settings(answer)
    if problem:
        return problem
    if settings.dataset != "drawn":
        return (f"your playground uses the {settings.dataset!r} data; the task is about points you draw: "
                "kt.playground(dataset='drawn'), then click on the map or call add_point.")
    count = len(settings.points)
    if count < DRAWN_MIN_POINTS:
        return (f"you drew {count} point{'s' * (count != 1)}; the task asks for at least {DRAWN_MIN_POINTS}, "
                "so that the shape is more than a few dots.")
    labels = sorted({int(label) for _, _, label in settings.points})
    if len(labels) < 2:
        return (f"all your points are of class {labels[0]}: draw points of at least two classes (choose "
                "another class for the brush, or pass another label to add_point).")
    classes = max(2, labels[-1] + 1)
    line = _drawn_accuracy(settings, (), classes)
    if line > LINE_MOST:
        return (f"a network without a hidden layer already gets {line:.0%} of your points right, more than "
                f"{LINE_MOST:.0%}: straight lines separate your classes. Place them so that no straight line "
                "can: one class in two opposite corners, say, or one class around another.")
    bent = _drawn_accuracy(settings, DRAWN_HIDDEN, classes)
    if bent >= HIDDEN_LEAST:
        return None
    return (f"a network with a hidden layer of {DRAWN_HIDDEN[0]} gets only {bent:.0%} of your points right, "
            f"{HIDDEN_LEAST:.0%} needed: points of different classes lie on top of each other, or very "
            "close. Draw a shape, with each class in its own regions.")


def _dropout_helps(answer) -> str | None:
    settings, problem = _settings(answer)
    if problem:
        return problem
    problem = _noisy_changed_beyond(settings, ("dropout",))
    if problem:
        return problem
    if not any(settings.layer_dropout):
        return ("there is no dropout yet: set dropout to a rate between 0 and 0.9, one for every hidden "
                "layer (dropout=0.3) or one per layer (dropout=(0.3, 0.3, 0)).")
    rates = ", ".join(f"{rate:g}" for rate in settings.layer_dropout)
    if max(settings.layer_dropout) < MIN_DROPOUT:
        return (f"your dropout ({rates}) is too weak to matter: at a rate below {MIN_DROPOUT:g}, a layer of "
                "8 neurons loses one of them in fewer than half of the batches, and the network over-fits "
                "as before. Try a rate between 0.1 and 0.5.")
    dropped = _train(settings.changed(seed=CHECK_SEED), DROPOUT_EPOCHS)
    problem = _diverged(settings, dropped)
    if problem:
        return problem
    if dropped["train_loss"] > STUCK_LOSS:  # a lower test loss from learning nothing is no cure
        return (f"your dropout ({rates}) is too strong: with so many of its neurons switched off at every "
                "batch, the network cannot even fit its training points (train loss "
                f"{dropped['train_loss']:.3f} after {DROPOUT_EPOCHS} epochs, where a coin's guess costs "
                "0.693). Try a smaller rate.")
    plain = _plain_noisy(DROPOUT_EPOCHS)
    if dropped["test_loss"] < plain["test_loss"]:
        return None
    return (f"after {DROPOUT_EPOCHS} epochs the test loss is {dropped['test_loss']:.3f} with dropout "
            f"({rates}), not lower than {plain['test_loss']:.3f} without dropout. Try another rate, between "
            "0.1 and 0.5.")


def _the_bend_in_the_right_layer(answer) -> str | None:
    settings, problem = _settings(answer)
    if problem:
        return problem
    if settings.dataset != "circle":
        return f"your playground uses the {settings.dataset!r} data; the task is about dataset='circle'."
    if settings.features != ("x1", "x2"):
        return (f"your features are {', '.join(settings.features)}; this task uses x1 and x2 only, so that "
                "the hidden layers have to make the circle.")
    if settings.hidden != PER_LAYER_HIDDEN:
        return (f"your network has {_layers(settings.hidden)}; the task is about hidden={PER_LAYER_HIDDEN}, "
                "the lesson's network turned around, and changes only its activations.")
    activations = settings.layer_activations
    linear = [index for index, name in enumerate(activations, start=1) if name == "linear"]
    if not linear:
        return (f"your layers' activations are {', '.join(activations)}: none is linear. The task asks for "
                "one of the two hidden layers to be linear: activations=(..., ...) with 'linear' once.")
    if len(linear) == 2:
        return ("both hidden layers are linear: a linear layer after a linear layer is still one straight "
                "line, and a straight line cannot fence in the circle. Keep the bend in one of them.")
    problem, said = _short_of(_fresh(settings), CIRCLE_EPOCHS, CIRCLE_ACCURACY, "fresh circle points")
    if problem or not said:
        return problem
    if linear == [2]:
        return (f"{said} With the second layer linear, the lines are drawn by the first layer, and its "
                f"{PER_LAYER_HIDDEN[0]} neurons draw just {PER_LAYER_HIDDEN[0]} bent lines: too few to fence "
                "in the circle. A linear first layer only passes on mixtures of x1 and x2, so the "
                f"{PER_LAYER_HIDDEN[1]} neurons after it draw the lines: make the first layer linear.")
    return (f"{said} The bend is in the right layer, so training is the trouble: check learning_rate and "
            "optimizer.")


q1 = Problem(
    LESSON, "q1",
    "Make a playground that solves XOR with no hidden layer and a single input feature: the check trains "
    f"your settings for {XOR_EPOCHS} epochs on fresh, noise-free XOR points and needs a test accuracy of at "
    f"least {XOR_ACCURACY:.0%}. Answer with {ANSWER_KINDS}.",
    _xor_one_feature,
    hints=["kt.playground(dataset='xor', hidden=(), features=(...,)): which one feature?",
           "The label is 1 where x1 and x2 have the same sign. Which of the seven features is positive "
           "exactly there?",
           "features=('x1*x2',): the product of two numbers is positive when their signs agree."],
    solution="""xor_answer = kt.playground(dataset="xor", hidden=(), features=("x1*x2",))
ex.q1.check(xor_answer)""",
)

q2 = Problem(
    LESSON, "q2",
    "Solve the circle from the raw coordinates: features x1 and x2 only, exactly one hidden layer of at "
    f"most {CIRCLE_NEURONS} neurons. The check trains your settings for {CIRCLE_EPOCHS} epochs on fresh "
    f"circle points and needs a test accuracy of at least {CIRCLE_ACCURACY:.0%}. Answer with "
    f"{ANSWER_KINDS}.",
    _circle_one_small_layer,
    hints=["Each hidden neuron draws one straight line across the plane; the output neuron combines them.",
           "How many straight lines does it take to fence in a region around the centre? Two are not "
           "enough.",
           "{'dataset': 'circle', 'features': ['x1', 'x2'], 'hidden': [4]} (three neurons can do it too)."],
    solution="""circle_answer = {"dataset": "circle", "features": ["x1", "x2"], "hidden": [4]}
ex.q2.check(circle_answer)""",
)

q3 = Problem(
    LESSON, "q3",
    "Start from the lesson's over-fitting setup `noisy` and add a penalty on the weights so that the test "
    f"loss after {NOISY_EPOCHS} epochs is lower than without one. Change only regularization and "
    "regularization_rate; the check trains both versions itself, on a fresh draw of the noisy data. "
    f"Answer with {ANSWER_KINDS}.",
    _penalty_helps,
    hints=["Copy the setup and add two settings: "
           "{**noisy, 'regularization': ..., 'regularization_rate': ...}.",
           "regularization='l2' adds rate x (sum of the squared weights) to the loss. A rate that is too "
           "large stops the network from learning anything.",
           "regularization='l2' with regularization_rate=0.01 (0.003 or 0.03 work too)."],
    solution="""penalised = {**noisy, "regularization": "l2", "regularization_rate": 0.01}
ex.q3.check(penalised)""",
)

q4 = Problem(
    LESSON, "q4",
    "Make a playground on your own two moons, kt.playground(data=(X, y), ...), whose network classifies at "
    f"least {MOONS_ACCURACY:.0%} of the test points right. The check draws {MOONS['n_samples']} fresh moons "
    f"(noise {MOONS['noise']}), standardises them like the lesson, and trains your settings for "
    f"{MOONS_EPOCHS} epochs. Answer with {ANSWER_KINDS}.",
    _moons_solved,
    hints=["The lesson's moons playground has no hidden layer: one straight line cannot follow the moons.",
           "kt.playground(data=(X, y), hidden=(...)): a single hidden layer is enough.",
           "kt.playground(data=(X, y), hidden=(8,))."],
    solution="""moons_answer = kt.playground(data=(X, y), hidden=(8,))
ex.q4.check(moons_answer)""",
)

q5 = Problem(
    LESSON, "q5",
    "Three spirals need three output units with a softmax; the four blobs (dataset='blobs4', labels 0 to 3) "
    "need their own. Write, in plain Keras, a compiled model that takes the two coordinates (x1, x2) and "
    "gives one probability per class, with the loss that fits labels 0 to 3. The check trains a copy of "
    f"your model (from its own seeded weights, adam at {BLOBS_RATE}) for {BLOBS_EPOCHS} epochs on fresh "
    f"blobs and needs a test accuracy of at least {BLOBS_ACCURACY:.0%}.",
    _four_classes,
    hints=["Four classes: how many numbers must the last layer give, and what makes them probabilities that "
           "add up to 1?",
           "The last layer is keras.layers.Dense(4, activation='softmax'). Which loss takes labels that are "
           "plain numbers 0 to 3 (not one-hot)?",
           "keras.Sequential([keras.Input(shape=(2,)), keras.layers.Dense(8, activation='tanh'), "
           "keras.layers.Dense(4, activation='softmax')]), compiled with "
           "loss='sparse_categorical_crossentropy'."],
    solution="""blobs_model = keras.Sequential([
    keras.Input(shape=(2,)),
    keras.layers.Dense(8, activation="tanh"),
    keras.layers.Dense(4, activation="softmax"),
])
blobs_model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
ex.q5.check(blobs_model)""",
)

q6 = Problem(
    LESSON, "q6",
    f"Draw a data set that needs a hidden layer: at least {DRAWN_MIN_POINTS} points of two or more classes "
    "(kt.playground(dataset='drawn'), then click, or add_point). The check trains two networks on all your "
    f"points for {DRAWN_EPOCHS} epochs: one without a hidden layer must get at most {LINE_MOST:.0%} of them "
    f"right, one with a hidden layer of {DRAWN_HIDDEN[0]} neurons at least {HIDDEN_LEAST:.0%}. Answer with "
    f"{ANSWER_KINDS}.",
    _drawing_needs_a_hidden_layer,
    hints=["A network without a hidden layer separates the classes with straight lines. Which drawings can "
           "no straight line split?",
           "XOR is one: one class in the top-right and bottom-left corners, the other in the top-left and "
           "bottom-right. A class in the middle, surrounded by another, is another.",
           "for x1 in (-4, -3, 3, 4): for x2 in (-4, -3, 3, 4): drawing.add_point(x1, x2, int(x1 * x2 > 0))"],
    solution="""drawing = kt.playground(dataset="drawn")
for x1 in (-4, -3, 3, 4):
    for x2 in (-4, -3, 3, 4):
        drawing.add_point(x1, x2, int(x1 * x2 > 0))
ex.q6.check(drawing)""",
)

q7 = Problem(
    LESSON, "q7",
    "Start from the lesson's over-fitting setup `noisy` again and tame it with dropout instead of a penalty: "
    f"after {DROPOUT_EPOCHS} epochs the test loss must be lower than without dropout. Change only dropout "
    "(one rate for every hidden layer, or one per layer); the check trains both versions itself, on a fresh "
    f"draw of the noisy data. Answer with {ANSWER_KINDS}.",
    _dropout_helps,
    hints=["kt.playground(**noisy, dropout=...): one rate from 0 to 0.9 for every hidden layer, or a list "
           "of three, one per layer.",
           "Dropout switches off that share of a layer's neurons at every training batch (never when "
           "predicting). Too little changes nothing; too much and the network cannot learn at all.",
           "dropout=0.3 (0.1 to 0.5 work too)."],
    solution="""dropped = kt.playground(**noisy, dropout=0.3)
ex.q7.check(dropped)""",
)

q8 = Problem(
    LESSON, "q8",
    "Which layer needs the bend now? On the circle (features x1 and x2), turn the lesson's network around, "
    f"hidden={PER_LAYER_HIDDEN}, and make exactly one of its two hidden layers linear, so that it reaches a "
    f"test accuracy of at least {CIRCLE_ACCURACY:.0%} after {CIRCLE_EPOCHS} epochs on fresh circle points. "
    f"Answer with {ANSWER_KINDS}.",
    _the_bend_in_the_right_layer,
    hints=["activations=(first, second) sets each hidden layer's activation; one of them is 'linear'.",
           "The lines that fence in the circle are drawn by the first layer that bends, one line per neuron, "
           "and it takes at least three. A linear layer before it only passes on mixtures of x1 and x2.",
           "activations=('linear', 'tanh'): the second layer's 4 neurons draw the lines."],
    solution="""bend_answer = kt.playground(dataset="circle", hidden=(2, 4), activations=("linear", "tanh"))
ex.q8.check(bend_answer)""",
)
