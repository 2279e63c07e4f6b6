"""The explanation where the error happens: cells run in a real IPython shell; an error raised by a
Keras 1/2 name gets its concept card under the unchanged traceback, and nothing else does."""

from __future__ import annotations

import csv
import sys
import traceback
from pathlib import Path

import pytest
from IPython.core.interactiveshell import InteractiveShell
from IPython.utils.capture import capture_output
from traitlets.config import Config

import kerastutor
from kerastutor.concepts import errors

HEADLINE = "kerastutor: the error above comes from a Keras 1/2 name"

SETUP = """\
import keras, numpy as np
from keras import backend as K
model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)])
model.compile("sgd", "mse")
x, y = np.zeros((4, 2)), np.zeros((4, 1))
inputs = keras.Input((2,))
outputs = keras.layers.Dense(1)(inputs)
"""
CORPUS = Path(__file__).with_name("data") / "keras2_corpus.tsv"

# cell that old code would run -> the old name its card must name
OLD_NAME_CELLS = {
    "keras.layers.Dense(output_dim=64)": "output_dim",
    "keras.layers.Conv2D(32, 3, border_mode='same')": "border_mode",
    "model.fit(x, y, nb_epoch=1)": "nb_epoch",
    "keras.optimizers.SGD(lr=0.1)": "lr",
    "model.fit_generator": "fit_generator",
    "model.predict_classes": "predict_classes",
    "from keras.utils.np_utils import to_categorical": "np_utils",
    "from keras.layers import Merge": "merge",
    "K.placeholder": "placeholder",
    "K.set_value(model.optimizer, 0.1)": "set_value",
    "from keras.utils import np_utils": "np_utils",
    "keras.Model.fit_generator": "fit_generator",
    "keras.layers.core": "keras.layers.core",
    "import keras.layers.core": "keras.layers.core",
    "from keras.wrappers.scikit_learn import KerasClassifier": "keras.wrappers.scikit_learn",
    "model.reset_states()": "reset_states",
    "keras.layers.Dense(2).get_output_shape_for": "get_output_shape_for",
    "keras.utils.to_categorical([1], nb_classes=3)": "nb_classes",
}

OTHER_ERRORS = [
    "1/0",
    "{}['x']",
    "object().foo",
    "def f(): pass\nf(bogus=1)",
    "import not_a_module",
    "def f(): pass\nf(nb_epoch=1)",  # an old Keras keyword, but the learner's own function
    "class Mine: pass\nMine().fit_generator",  # an old Keras method name, but the learner's own class
    "keras.layers.Dense(4, bogus=1)",  # a Keras error, but not about an old name
    "keras.layers.Dense(activation='relu')",  # a required argument forgotten, no old keyword
    "model.no_such_method",
    "model.core",  # an old module's name, but not written as a module
    "from keras.layers import NoSuchLayer",
    "K.no_such_function",
]

# a backend function inside a layer's call: Keras re-raises the error with the call's arguments
IN_A_LAYER = """\
class Scale(keras.layers.Layer):
    def call(self, inputs):
        return K.sum(inputs, axis=-1)
Scale()(np.ones((2, 3)))
"""


@pytest.fixture(scope="module")
def shell():
    """A real IPython shell (history in memory, no colours) with the hook on, as after
    ``import kerastutor`` in a notebook."""
    config = Config()
    config.HistoryManager.hist_file = ":memory:"
    ipython = InteractiveShell.instance(config=config, colors="nocolor")
    kerastutor.explain_errors(True)
    assert ipython.run_cell(SETUP).success
    yield ipython
    kerastutor.explain_errors(False)
    InteractiveShell.clear_instance()


@pytest.fixture
def hook_on(shell):
    """The hook on again after a test that turns it off."""
    yield shell
    kerastutor.explain_errors(True)


def run(shell, cell: str) -> str:
    """What the cell prints in a terminal: the traceback, then any card (printed by IPython's display)."""
    with capture_output(display=False) as captured:
        result = shell.run_cell(cell)
    assert result.error_in_exec is not None, f"{cell!r} should fail"
    return captured.stdout


def plain_traceback(shell, cell: str) -> str:
    """The cell's output with the hook off."""
    kerastutor.explain_errors(False)
    try:
        return run(shell, cell)
    finally:
        kerastutor.explain_errors(True)


@pytest.mark.parametrize("cell", OLD_NAME_CELLS)
def test_an_old_keras_name_gets_its_card_once_under_the_unchanged_traceback(shell, cell):
    plain = plain_traceback(shell, cell)
    shown = run(shell, cell)
    assert HEADLINE not in plain and "Traceback" in plain
    assert shown.startswith(plain), "the traceback is shown first, unchanged"
    card = shown[len(plain):]
    assert card.count(HEADLINE) == 1
    assert OLD_NAME_CELLS[cell] in card
    assert "removed in" in card or "moved in" in card
    assert "Keras 3: " in card and "Example:" in card


def test_each_old_keyword_of_one_call_gets_one_card(shell):
    shown = run(shell, "keras.layers.Conv2D(32, 3, border_mode='same', init='he_normal')")
    assert shown.count(HEADLINE) == 1
    assert "border_mode: removed" in shown and "init=: moved" in shown


def test_an_old_keyword_is_read_from_a_call_written_over_several_lines(shell):
    shown = run(shell, "layers = [\n"
                       "    keras.layers.Dense(\n"
                       "        output_dim=64,\n"
                       "        activation='relu')]")
    assert shown.count(HEADLINE) == 1 and "output_dim: removed" in shown and "units" in shown


def test_an_old_name_inside_a_layers_call_gets_its_card(shell):
    shown = run(shell, IN_A_LAYER)
    assert "Exception encountered when calling Scale.call()" in shown
    assert shown.count(HEADLINE) == 1 and "keras.backend.sum: removed" in shown


def test_without_column_positions_the_call_is_not_guessed():
    # Python 3.10 records no columns: the keywords of a call are then read only from the message
    assert errors._call_at(traceback.FrameSummary("<cell>", 1, "f", line="Dense(output_dim=64)")) is None


def test_the_callee_picks_the_card_of_a_keyword_that_meant_different_things(shell):
    embedding = run(shell, "keras.layers.Embedding(10, 3, init='uniform')")
    dense = run(shell, "keras.layers.Dense(3, init='uniform')")
    assert "Keras 3: embeddings_initializer" in embedding and "kernel_initializer" not in embedding
    assert "Keras 3: kernel_initializer" in dense


@pytest.mark.parametrize("cell", OTHER_ERRORS)
def test_other_errors_show_only_their_traceback(shell, cell):
    assert HEADLINE not in run(shell, cell)


def test_the_card_is_html_in_a_notebook(shell, monkeypatch):
    monkeypatch.setenv("KERASTUTOR_DISPLAY", "static")
    with capture_output() as captured:
        shell.run_cell("model.fit_generator")
    (output,) = captured.outputs
    assert HEADLINE in output.data["text/plain"]
    assert "<code>kt.explain_errors(False)</code>" in output.data["text/html"]
    assert "fit_generator" in output.data["text/html"]


def test_another_tools_exception_handler_keeps_working(shell):
    def handler(ipython, kind, value, tb, tb_offset=None):  # as IPython's set_custom_exc documents
        print("another tool's handler")
        ipython.showtraceback((kind, value, tb), tb_offset=tb_offset)

    shell.set_custom_exc((AttributeError,), handler)
    try:
        shown = run(shell, "model.fit_generator")
    finally:
        shell.set_custom_exc((), None)
    assert shown.index("another tool's handler") < shown.index("has no attribute 'fit_generator'")
    assert shown.index("has no attribute 'fit_generator'") < shown.index(HEADLINE)


def test_one_line_turns_the_cards_off_and_on(hook_on):
    kerastutor.explain_errors(False)
    assert HEADLINE not in run(hook_on, "model.fit_generator")
    kerastutor.explain_errors(True)
    assert HEADLINE in run(hook_on, "model.fit_generator")


def test_turning_it_on_twice_shows_one_card(hook_on):
    kerastutor.explain_errors(True)
    kerastutor.explain_errors(True)
    assert run(hook_on, "model.fit_generator").count(HEADLINE) == 1


def test_the_switch_takes_only_true_or_false(shell):
    with pytest.raises(TypeError, match="explain_errors: on='no'"):
        kerastutor.explain_errors("no")


def test_a_failing_explain_leaves_the_plain_traceback(shell, monkeypatch, capfd):
    plain = plain_traceback(shell, "model.fit_generator")

    def broken(name):
        raise RuntimeError("the concept index is broken")

    monkeypatch.setattr(errors, "explain", broken)
    assert run(shell, "model.fit_generator") == plain
    assert "broken" not in capfd.readouterr().err


def old_code(row: dict[str, str]) -> str | None:
    """A line of old code that uses a corpus name the way tutorials did (None: it would download data)."""
    name, callee, last = row["name"], row["callee"], row["name"].split(".")[-1]
    if row["context"] == "backend":
        return f"K.{last}"
    if row["context"] == "module":
        return f"import {name}"
    if row["context"] == "name":
        return f"from {name.rsplit('.', 1)[0]} import {last}"
    if row["context"] == "method":
        return f"{'model' if name.startswith('Model.') else 'keras.layers.Dense(2)'}.{last}"
    calls = {"Model.fit": f"model.fit(x, y, {name}=None)",
             "Model.compile": f"model.compile('sgd', 'mse', {name}=None)",
             "keras.models.Model": f"keras.models.Model(inputs, outputs, {name}=None)"}
    return None if ".datasets." in callee else calls.get(callee, f"{callee}({name}=None)")


def explain_answer(row: dict[str, str]) -> object:
    """What ``kt.explain`` says about the row, asked the way tests/test_explain_corpus.py asks."""
    spelling = {"backend": f"K.{row['name'].split('.')[-1]}",
                "keyword": f"{row['callee']}({row['name']}=...)"}.get(row["context"], row["name"])
    try:
        return kerastutor.explain(spelling)
    except KeyError:
        return None


def test_real_old_code_gets_the_card_explain_gives(shell):
    """Every name of real Keras 1/2 tutorial code that fails in Keras 3, run for real: when ``kt.explain``
    calls the name moved or removed, its error shows that card; a card shown is always about the name (so
    the error cards grow with the index and never tell another story)."""
    with CORPUS.open() as handle:
        failing = [row for row in csv.DictReader(handle, delimiter="\t") if row["works_in_keras3"] == "False"]
    missing, wrong, shown, failed = [], [], 0, 0
    for row in failing:
        code = old_code(row)
        if code is None:
            continue
        with capture_output(display=False) as captured:
            result = shell.run_cell(code)
        if result.error_in_exec is None:  # still accepted, with a warning (SGD(decay=...))
            continue
        failed += 1
        name = row["name"].split(".")[-1].lower()
        answer = explain_answer(row)
        known = answer is not None and answer.status != "present" and name in " ".join(
            (answer.name, *answer.aliases)).lower()
        card = captured.stdout.partition(HEADLINE)[2]
        if known and answer.headline() not in card:
            missing.append(f"{code}: no card, explain says {answer.headline()}")
        if card and name not in card.lower():
            wrong.append(f"{code}: a card about something else")
        shown += bool(card)
    assert missing == [], "\n".join(missing)
    assert wrong == [], "\n".join(wrong)
    assert failed > 100 and shown == failed, "each failing name of old code is explained where it fails"


def kernel_outputs(client, code: str) -> tuple[list[tuple[str, dict]], str]:
    """The iopub outputs (type, content) of one cell run by a real kernel, and the reply's status."""
    msg_id = client.execute(code)
    outputs = []
    while True:
        message = client.get_iopub_msg(timeout=120)
        if message["parent_header"].get("msg_id") != msg_id:
            continue
        kind, content = message["msg_type"], message["content"]
        if kind == "status" and content["execution_state"] == "idle":
            break
        if kind in ("error", "display_data", "stream", "execute_result"):
            outputs.append((kind, content))
    while True:  # a slow start leaves replies to the client's repeated kernel_info requests first
        reply = client.get_shell_msg(timeout=60)
        if reply["parent_header"].get("msg_id") == msg_id:
            return outputs, reply["content"]["status"]


def test_importing_kerastutor_in_a_notebook_kernel_turns_it_on_once():
    from jupyter_client.manager import start_new_kernel

    manager, client = start_new_kernel(kernel_name="python3")
    try:
        for setup in ("import importlib, keras, kerastutor", "importlib.reload(kerastutor)"):
            assert kernel_outputs(client, setup)[1] == "ok"
        outputs, status = kernel_outputs(client, "keras.Sequential().fit_generator")
        assert status == "error", "the cell still fails, for the front end and for nbval"
        assert [kind for kind, _ in outputs] == ["error", "display_data"], "one card, under the traceback"
        assert outputs[0][1]["ename"] == "AttributeError"
        assert HEADLINE in outputs[1][1]["data"]["text/plain"]
        assert "Model.fit_generator: removed" in outputs[1][1]["data"]["text/html"]
        kernel_outputs(client, "kerastutor.explain_errors(False)")
        outputs, _ = kernel_outputs(client, "keras.Sequential().fit_generator")
        assert [kind for kind, _ in outputs] == ["error"]
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)


def test_outside_ipython_it_does_nothing(shell, monkeypatch):
    before = list(shell.events.callbacks["post_run_cell"])
    monkeypatch.setitem(sys.modules, "IPython", None)  # plain Python: no IPython loaded
    kerastutor.explain_errors(False)
    assert shell.events.callbacks["post_run_cell"] == before
