"""Bad input to the playground: every setting, ``kt.playground``'s arguments, the methods, state dicts
and share strings (checked field by field, with size and depth limits, before anything is built).

Each row names the exact outcome: the exception class and the words the learner reads.
"""

import base64
import json

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

import kerastutor as kt
from kerastutor._arguments import BadArgument
from kerastutor.play.settings import MAX_SHARE_CHARACTERS, Settings, ShareStringError

NAN, INF = float("nan"), float("inf")


def encoded(text: str | bytes) -> str:
    """A share string around ``text`` (JSON as pg.share() would encode it)."""
    raw = text.encode() if isinstance(text, str) else text
    return "kt1." + base64.urlsafe_b64encode(raw).decode().rstrip("=")


def share_of(value) -> str:
    return encoded(json.dumps(value))


# ---- every setting, from code: kt.playground(**settings), pg.set(...), Settings(...) ---------------
@pytest.mark.parametrize("changes, fragments", [
    ({"hidden": 4}, ["hidden=4 cannot be used", "(4,) is one layer of 4 neurons"]),
    ({"hidden": "4"}, ["hidden='4' cannot be used", "a list of at most 6 layer widths"]),
    ({"hidden": None}, ["hidden=None cannot be used"]),
    ({"hidden": (2,) * 7}, ["hidden=(2, 2, 2, 2, 2, 2, 2)", "at most 6 layer widths"]),
    ({"hidden": (9,)}, ["each hidden layer's width=9", "from 1 to 8"]),
    ({"hidden": (0,)}, ["each hidden layer's width=0", "from 1 to 8"]),
    ({"hidden": (4.0,)}, ["each hidden layer's width=4.0", "a whole number"]),
    ({"hidden": (True,)}, ["each hidden layer's width=True"]),
    ({"hidden": [[4]]}, ["each hidden layer's width=[4]"]),
    ({"hidden": np.array([3, 2])}, ["hidden=array([3, 2]) cannot be used", "a list of at most 6"]),
    ({"layers": 5}, ["no setting 'layers'", "did you mean hidden (one width per layer"]),
    ({"lr": 0.1}, ["no setting 'lr'", "did you mean learning_rate"]),
    ({"epochs": 10}, ["no setting 'epochs'", "pg.step(epochs)"]),
    ({"learnig_rate": 0.1}, ["no setting 'learnig_rate'", "did you mean 'learning_rate'"]),
    ({"features": "x3"}, ["features='x3' cannot be used", "a list of features from x1, x2, x1^2"]),
    ({"features": ()}, ["features=() cannot be used", "choose at least one input feature"]),
    ({"features": None}, ["features=None cannot be used"]),
    ({"features": 5}, ["features=5 cannot be used"]),
    ({"features": ["x1", 1]}, ["features=['x1', 1] cannot be used"]),
    ({"features": ["x1"] * 30}, ["features=['x1', 'x1',", "a list of features"]),
    ({"learning_rate": -0.1}, ["learning_rate=-0.1", "a finite number from 1e-05 to 10"]),
    ({"learning_rate": 0}, ["learning_rate=0", "from 1e-05 to 10"]),
    ({"learning_rate": NAN}, ["learning_rate=nan", "a finite number"]),
    ({"learning_rate": INF}, ["learning_rate=inf", "a finite number"]),
    ({"learning_rate": "0.1"}, ["learning_rate='0.1'", "a finite number"]),
    ({"learning_rate": None}, ["learning_rate=None"]),
    ({"learning_rate": True}, ["learning_rate=True"]),
    ({"learning_rate": 100}, ["learning_rate=100", "to 10"]),
    ({"noise": 0.6}, ["noise=0.6", "from 0 to 0.5"]),
    ({"noise": 30}, ["noise=30", "from 0 to 0.5"]),
    ({"train_fraction": 0}, ["train_fraction=0", "from 0.1 to 0.9"]),
    ({"train_fraction": 1.0}, ["train_fraction=1.0", "from 0.1 to 0.9"]),
    ({"samples": 10}, ["samples=10", "a whole number from 20 to 2,000"]),
    ({"samples": 10**9}, ["samples=1000000000", "to 2,000"]),
    ({"samples": 400.0}, ["samples=400.0", "a whole number"]),
    ({"samples": "big"}, ["samples='big'", "a whole number"]),
    ({"batch_size": 0}, ["batch_size=0", "from 1 to 64"]),
    ({"batch_size": 1000}, ["batch_size=1000", "from 1 to 64"]),
    ({"seed": -1}, ["seed=-1", "from 0 to 2,147,483,647"]),
    ({"seed": 1.5}, ["seed=1.5", "a whole number"]),
    ({"dataset": "moons"}, ["dataset='moons'", "one of 'circle', 'xor', 'gauss', 'spiral'"]),
    ({"dataset": "XOR"}, ["dataset='XOR'", "one of 'circle'"]),
    ({"dataset": None}, ["dataset=None", "one of 'circle'"]),
    ({"activation": "swish"}, ["activation='swish'", "one of 'tanh', 'relu', 'sigmoid', 'linear'"]),
    ({"activation": None}, ["activation=None"]),
    ({"optimizer": "Adam"}, ["optimizer='Adam'", "one of 'sgd', 'adam', 'rmsprop', 'adagrad'"]),
    ({"regularization": "L2"}, ["regularization='L2'", "one of None, 'l1', 'l2'"]),
    ({"regularization": "none"}, ["regularization='none'", "one of None"]),
    ({"regularization_rate": -1}, ["regularization_rate=-1", "from 0 to 10"]),
    ({"locked": ("noize",)}, ["cannot lock or hide 'noize'", "did you mean 'noise'"]),
    ({"locked": ("locked",)}, ["cannot lock or hide 'locked'", "Controls: dataset, noise"]),
    ({"hidden_controls": 5}, ["hidden_controls=5 cannot be used", "a list of control names"]),
])
def test_every_setting_is_checked_with_its_name_and_what_is_allowed(changes, fragments):
    with pytest.raises(BadArgument) as caught:
        Settings().changed(**changes)
    message = str(caught.value)
    assert message.startswith("playground: ")
    for fragment in fragments:
        assert fragment in message


@pytest.mark.parametrize("changes, field, expected", [
    ({"features": "x1"}, "features", ("x1",)),                 # one string is one feature, not letters
    ({"features": ["x2", "x1", "x1"]}, "features", ("x1", "x2")),
    ({"locked": "dataset"}, "locked", ("dataset",)),            # from code, one control by its name
    ({"hidden": [np.int64(3)]}, "hidden", (3,)),
    ({"learning_rate": 1}, "learning_rate", 1.0),
    ({"seed": np.int32(7)}, "seed", 7),
])
def test_forms_from_code_that_are_accepted(changes, field, expected):
    value = getattr(Settings().changed(**changes), field)
    assert value == expected and type(value) is type(expected)


def test_the_playground_refuses_before_building_anything(monkeypatch):
    import kerastutor.play.view as view

    monkeypatch.setattr(view, "Session", lambda *a, **k: pytest.fail("a session was built"))
    for bad in ({"hidden": 4}, {"layers": 5}, {"learning_rate": -1}, {"features": 1}):
        with pytest.raises(BadArgument):
            kt.playground(**bad)


# ---- kt.playground(state, data=...) -----------------------------------------------------------------
MOONS_X = np.random.default_rng(0).uniform(-1, 1, (50, 2))
MOONS_Y = (MOONS_X[:, 0] > 0).astype(float)


@pytest.mark.parametrize("state, data, fragments", [
    (42, None, ["state=42 cannot be used", "a dict from pg.state() or a string from pg.share()"]),
    (["xor"], None, ["state=['xor'] cannot be used"]),
    (None, MOONS_X, ["data=array(", "must be a pair (X, y)"]),
    (None, (MOONS_X,), ["must be a pair (X, y)"]),
    (None, (MOONS_X, MOONS_Y, MOONS_Y), ["must be a pair (X, y)"]),
    (None, "moons.csv", ["data='moons.csv' cannot be used"]),
    (None, (MOONS_X * 1j, MOONS_Y), ["real numbers, not complex"]),
    (None, (np.zeros((60_000, 2)), np.zeros(60_000)), ["from 10 to 50,000 samples", "got 60,000"]),
    (None, (None, None), ["X must have two features"]),
    (None, (np.array(3.0), np.array(1.0)), ["X must have two features", "shape ()"]),
    (None, (np.broadcast_to(np.zeros((1, 2)), (10**8, 2)), np.zeros(1)), ["got 100,000,000"]),
    (None, (MOONS_X, np.full(50, "a")), ["the playground needs numbers"]),
    (None, (MOONS_X, np.arange(50) % 3 * 2), ["looks like class labels [0.0, 2.0, 4.0]", "without gaps"]),
    (None, (MOONS_X, np.arange(50) % 5), ["y has 5 classes", "at most 4", "mask = y < 4"]),
    (None, (np.full((50, 2), np.inf), MOONS_Y), ["must be finite numbers"]),
    (None, (MOONS_X * 1e20, MOONS_Y), ["X and y reach 9.95e+19", "within ±1,000,000", "StandardScaler"]),
    ({"dataset": "own"}, None, ["use your own data (dataset='own')", "pass it again"]),
    ({"hidden": "42"}, None, ["hidden='42' cannot be used"]),
    ({"locked": "dn"}, None, ["locked='dn' cannot be used", "a list of control names"]),
    ({"features": "x1"}, None, ["features='x1' cannot be used"]),  # state dicts are strict
    ({"layers": 5}, None, ["no setting 'layers'"]),
    ({1: 2}, None, ["no setting 1"]),
    ({"learning_rate": NAN}, None, ["learning_rate=nan"]),
])
def test_playground_state_and_data_are_checked(state, data, fragments):
    with pytest.raises(BadArgument) as caught:
        kt.playground(state, data=data)
    for fragment in fragments:
        assert fragment in str(caught.value)


# ---- share strings: refused as ShareStringError, naming the field and what is allowed ----------------
@pytest.mark.parametrize("text, fragments", [
    (share_of({"L": "dn"}), ["field 'L' (locked)", "locked='dn'", "a list of control letters from d, n"]),
    ("kt1." + "W" * 10**6, ["1,000,004 characters long", f"at most {MAX_SHARE_CHARACTERS:,}"]),
    ("kt1." + "[" * 10**6, ["1,000,004 characters long"]),
    (encoded('{"h":' + "[" * 50 + "]" * 50 + "}"), ["nested 51 deep", "at most 2 deep"]),
    (encoded("[" * 400 + "]" * 400), ["nested 400 deep"]),
    (encoded('{"d": "[[[[[["}'), ["field 'd' (dataset)", "dataset='[[[[[['"]),  # brackets in a string
    (share_of([1, 2]), ["it holds list, not a set of fields"]),
    (share_of("text"), ["it holds str"]),
    (share_of({"z": 1}), ["field 'z' is unknown", "d (dataset), n (noise)"]),
    (encoded('{"d":"xor","d":"circle"}'), ["field 'd' appears twice"]),
    (share_of({"h": 4}), ["field 'h' (hidden)", "hidden=4 cannot be used"]),
    (share_of({"f": "x1"}), ["field 'f' (features)", "features='x1' cannot be used"]),
    (share_of({"r": -1}), ["field 'r' (learning_rate)", "from 1e-05 to 10"]),
    (encoded('{"n": NaN}'), ["field 'n' (noise)", "noise=nan"]),
    (share_of({"L": ["z"]}), ["field 'L' (locked)", "control letters"]),
    (share_of({"L": ["L"]}), ["field 'L' (locked)", "locked=['L']"]),
    (share_of({"H": [1]}), ["field 'H' (hidden_controls)"]),
    ("kt1.!!", ["damaged ('!' is not a character of share strings)"]),
    ("kt1.e", ["damaged (cut short or changed)"]),
    (encoded(b"\xff\xfe\xfd"), ["damaged (cut short or changed)"]),
    (encoded('{"d":'), ["damaged (cut short or changed)"]),
    ("circle", ["'circle' is not a playground share string", "they start with 'kt1.'"]),
    ('{"L": "dn"}', ["is not a playground share string"]),
    ("", ["'' is not a playground share string"]),
])
def test_share_strings_are_checked_before_anything_is_built(text, fragments):
    with pytest.raises(ShareStringError) as caught:
        Settings.from_share(text)
    message = str(caught.value)
    assert message.startswith("playground: ") and len(message) < 600
    for fragment in fragments:
        assert fragment in message


def test_share_strings_a_person_may_paste_are_accepted():
    lesson = Settings(dataset="xor", locked=("dataset", "hidden"))
    assert Settings.from_share("  " + lesson.share() + "\n") == lesson
    assert Settings.from_share(lesson.share() + "==") == lesson


def test_a_share_string_of_own_data_asks_for_the_data_again():
    with pytest.raises(BadArgument, match="pass it again"):
        kt.playground(share_of({"d": "own"}))


# ---- the playground's methods ------------------------------------------------------------------------
@pytest.fixture(scope="module")
def pg():
    return kt.playground(dataset="xor", samples=40, hidden=(2,))


@pytest.mark.parametrize("call, fragments", [
    (lambda pg: pg.step(0), ["epochs=0", "a whole number from 1 to 10,000"]),
    (lambda pg: pg.step(-1), ["epochs=-1"]),
    (lambda pg: pg.step(1.5), ["epochs=1.5"]),
    (lambda pg: pg.step("3"), ["epochs='3'"]),
    (lambda pg: pg.step(None), ["epochs=None"]),
    (lambda pg: pg.step(True), ["epochs=True"]),
    (lambda pg: pg.step(10**6), ["epochs=1000000", "to 10,000"]),
    (lambda pg: pg.to_code(epochs=0), ["epochs=0"]),
    (lambda pg: pg.to_code(epochs="10"), ["epochs='10'"]),
    (lambda pg: pg.show_neuron("hidden9"), ["no layer 'hidden9'", "features, hidden1, output"]),
    (lambda pg: pg.show_neuron("hidden1", 0), ["neuron=0", "choose one from 1 to 2"]),
    (lambda pg: pg.show_neuron("hidden1", "2"), ["neuron='2'"]),
    (lambda pg: pg.show_neuron(5), ["no layer 5"]),
    (lambda pg: pg.share(lock="dn"), ["cannot lock or hide 'dn'"]),
    (lambda pg: pg.share(lock=5), ["locked=5 cannot be used"]),
    (lambda pg: pg.share(hide=["noize"]), ["cannot lock or hide 'noize'", "did you mean 'noise'"]),
    (lambda pg: pg.set(hidden=4), ["hidden=4 cannot be used"]),
    (lambda pg: pg.set(features="x9"), ["features='x9'"]),
    (lambda pg: pg.session.boundary(resolution=10**5), ["resolution=100000", "from 2 to 300"]),
    (lambda pg: pg.session.grid(1), ["resolution=1"]),
])
def test_methods_check_their_arguments_and_change_nothing(pg, call, fragments):
    before, epoch = pg.settings, pg.metrics()["epoch"]
    with pytest.raises(BadArgument) as caught:
        call(pg)
    for fragment in fragments:
        assert fragment in str(caught.value)
    assert pg.settings == before and pg.metrics()["epoch"] == epoch


# ---- anything at all: Settings or a BadArgument, never another exception -----------------------------
SCALARS = st.none() | st.booleans() | st.integers(-10**6, 10**6) | st.floats() | st.text(max_size=6)
JSON = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=4)
                    | st.dictionaries(st.text(max_size=2), inner, max_size=4), max_leaves=12)
FIELDS = st.dictionaries(st.sampled_from(list("dntsefharobgqLHxAD") + ["z"]), JSON, max_size=4)


@settings(max_examples=25, deadline=None)
@given(text=st.text(max_size=60))
def test_property_any_text_is_a_state_or_a_clear_refusal(text):
    for candidate in (text, "kt1." + text):
        try:
            assert isinstance(Settings.from_share(candidate), Settings)
        except BadArgument as error:
            assert str(error).startswith("playground: ")


@settings(max_examples=25, deadline=None)
@given(value=JSON | FIELDS)
def test_property_any_json_in_a_share_string_is_a_state_or_a_clear_refusal(value):
    try:
        assert isinstance(Settings.from_share(share_of(value)), Settings)
    except BadArgument as error:
        assert str(error).startswith("playground: ")


@settings(max_examples=25, deadline=None)
@given(values=st.dictionaries(st.sampled_from([f for f in Settings.__dataclass_fields__] + ["z"]), JSON,
                              max_size=3))
@example(values={"locked": [[]]})  # an unhashable control name once raised TypeError
def test_property_any_state_dict_is_a_state_or_a_clear_refusal(values):
    try:
        assert isinstance(Settings.from_dict(values), Settings)
    except BadArgument as error:
        assert str(error).startswith("playground: ")
