"""kt.explain measured on real Keras 1/2 tutorial code (tests/data/keras2_corpus.tsv, made by
tools/keras2_corpus.py from 221 files of well-known books, courses and the Keras 1.2.2/2.2.4 examples): the
names that fail in Keras 3 get the right status and replacement (tests/data/keras2_expected.tsv, reviewed by
hand: the answer's status, and text its replacement must contain), no answer comes from the wrong context,
and names that still work are not called gone."""

import csv
import importlib.util
import json
import sys
from functools import cache
from pathlib import Path

import pytest

import kerastutor as kt
from kerastutor.concepts.index import context_of

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).with_name("data")


def rows(name: str) -> list[dict[str, str]]:
    with (DATA / name).open() as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def spelling(row: dict[str, str]) -> str:
    """How old code writes the name: ``K.sum``, ``keras.layers.Dense(output_dim=...)``,
    ``Model.fit_generator``."""
    if row["context"] == "backend":
        return "K." + row["name"].split(".")[-1]
    if row["context"] == "keyword":
        return f"{row['callee']}({row['name']}=...)"
    return row["name"]


@cache
def answers() -> dict[tuple[str, str, str], object]:
    """explain's answer (a Concept, or None for a KeyError) for every row of the corpus."""
    found = {}
    for row in rows("keras2_corpus.tsv"):
        try:
            found[row["name"], row["context"], row["callee"]] = kt.explain(spelling(row))
        except KeyError:
            found[row["name"], row["context"], row["callee"]] = None
    return found


def expected() -> list[dict[str, str]]:
    return rows("keras2_expected.tsv")


def right(row: dict[str, str]) -> bool:
    answer = answers()[row["name"], row["context"], row["callee"]]
    return (answer is not None and answer.status == row["status"] and context_of(answer) == row["context"]
            and row["replacement"] in (answer.replacement or ""))


def misleading(row: dict[str, str]) -> bool:
    """An answer about something else: from another context, or calling a failing name present."""
    answer = answers()[row["name"], row["context"], row["callee"]]
    return answer is not None and (answer.status == "present" or context_of(answer) != row["context"])


def test_every_failing_name_of_the_corpus_has_a_reviewed_expected_answer():
    failing = {(r["name"], r["context"], r["callee"]) for r in rows("keras2_corpus.tsv")
               if r["works_in_keras3"] == "False"}
    reviewed = {(r["name"], r["context"], r["callee"]) for r in expected()}
    assert failing == reviewed
    assert all(r["status"] in ("moved", "removed") for r in expected())


def test_at_least_95_percent_of_failing_names_get_the_right_status_and_replacement():
    wrong = [spelling(r) for r in expected() if not right(r)]
    assert len(wrong) <= 0.05 * len(expected()), wrong


def test_no_failing_name_is_answered_from_another_context_or_as_present():
    assert [spelling(r) for r in expected() if misleading(r)] == []


def test_at_most_1_percent_of_working_names_are_called_moved_or_removed():
    working = [r for r in rows("keras2_corpus.tsv") if r["works_in_keras3"] == "True"]
    gone = [spelling(r) for r in working
            if (answer := answers()[r["name"], r["context"], r["callee"]]) is not None
            and answer.status != "present"]
    assert len(gone) <= 0.01 * len(working), gone


@pytest.mark.parametrize(("query", "name", "status"), [
    ("K.sum", "keras.backend.sum", "removed"),
    ("keras.backend.sum", "keras.backend.sum", "removed"),
    ("tf.keras.backend.sum", "keras.backend.sum", "removed"),
    ("backend.sum", "keras.backend.sum", "removed"),
    ("K.epsilon", "keras.backend.epsilon", "present"),
    ("keras.callbacks", "keras.callbacks", "present"),
    ("keras.preprocessing", "keras.preprocessing", "present"),
])
def test_the_context_is_told_from_the_spelling(query, name, status):
    answer = kt.explain(query)
    assert (answer.name, answer.status) == (name, status)


@cache
def corpus_tool():
    """tools/keras2_corpus.py, imported (its dataclass needs it in sys.modules)."""
    spec = importlib.util.spec_from_file_location("keras2_corpus", ROOT / "tools" / "keras2_corpus.py")
    module = sys.modules["keras2_corpus"] = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


OLD_SCRIPT = '''
from keras.layers.core import Dense
from keras.layers import Merge, LSTM
from keras import backend as K
import keras

model = keras.models.Sequential()
model.add(LSTM(4, output_dim=3, input_shape=(2, 3)))
model.fit_generator(batches, nb_epoch=3)
model.fit(x, y, nb_epoch=2, batch_size=8)
total = K.sum(x) + K.epsilon()
model.layers.pop()


class Double(keras.layers.Layer):
    def get_output_shape_for(self, shape):
        return shape
'''


def test_the_corpus_tool_finds_each_name_in_its_context_and_asks_keras_3_whether_it_works(tmp_path):
    tool = corpus_tool()
    script = tmp_path / "old.py"
    script.write_text(OLD_SCRIPT)
    notebook = tmp_path / "old.ipynb"
    cell = {"cell_type": "code", "source": ["%matplotlib inline\n", "from keras.utils import np_utils"]}
    notebook.write_text(json.dumps({"cells": [cell]}))
    found = tool.scan(script)
    assert {("keras.layers.core", "module", ""), ("keras.layers.Merge", "name", ""),
            ("keras.backend.sum", "backend", ""), ("keras.backend.epsilon", "backend", ""),
            ("output_dim", "keyword", "keras.layers.LSTM"), ("input_shape", "keyword", "keras.layers.LSTM"),
            ("Model.fit_generator", "method", ""), ("nb_epoch", "keyword", "Model.fit"),
            ("Layer.get_output_shape_for", "method", "")} <= found
    assert not any(name == "Model.pop" for name, _, _ in found)  # model.layers is a list
    assert not any(callee == "Model.fit_generator" for _, _, callee in found)  # its keywords go with it
    assert ("keras.utils.np_utils", "module", "") in tool.scan(notebook)
    assert not tool.works("keras.layers.core", "module", "")
    assert not tool.works("keras.layers.Merge", "name", "")
    assert tool.works("keras.backend.epsilon", "backend", "")
    assert not tool.works("output_dim", "keyword", "keras.layers.LSTM")
    assert tool.works("input_shape", "keyword", "keras.layers.LSTM")
    assert tool.works("output_dim", "keyword", "keras.layers.Embedding")
    assert not tool.works("nb_epoch", "keyword", "Model.fit")
    assert not tool.works("Layer.get_output_shape_for", "method", "")
