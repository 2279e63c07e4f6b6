"""Exercises for lesson 15, the playground: choose features, a network and a penalty, and let the check
train them.

Every answer is a playground setup: a playground (``kt.playground(...)``), a dict from ``pg.state()``,
or a share string from ``pg.share()``. The checks never read the learner's numbers: each one rebuilds a
fresh playground session from the answer's settings, trains it itself on freshly drawn data (its own
seed; the playground's training is seeded, so a verdict is the same every time) and measures the result
on test points that training never saw.
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
def _without_penalty() -> dict[str, float]:
    """The lesson's noisy setup trained without regularization on the check's data (computed once)."""
    from kerastutor.play.settings import Settings

    return _train(Settings(**NOISY).changed(seed=CHECK_SEED), NOISY_EPOCHS)


def _penalty_helps(answer) -> str | None:
    from kerastutor.play.settings import Settings

    settings, problem = _settings(answer)
    if problem:
        return problem
    setup = Settings(**NOISY)
    free = {"regularization", "regularization_rate", "seed", "locked", "hidden_controls"}
    for field in fields(Settings):
        ours, theirs = getattr(setup, field.name), getattr(settings, field.name)
        if field.name not in free and ours != theirs:
            return (f"you changed {field.name} from {ours!r} to {theirs!r}; keep the lesson's noisy setup "
                    "and change only regularization and regularization_rate.")
    if settings.regularization is None or settings.regularization_rate == 0:
        return ("there is no regularization yet: set regularization='l2' (or 'l1') and a "
                "regularization_rate above 0.")
    penalised = _train(settings.changed(seed=CHECK_SEED), NOISY_EPOCHS)
    problem = _diverged(settings, penalised)
    if problem:
        return problem
    plain = _without_penalty()
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
