"""kt.explain measured on real Keras 1/2 tutorial code (tests/data/keras2_corpus.tsv, made by
tools/keras2_corpus.py from 221 files of well-known books, courses and the Keras 1.2.2/2.2.4 examples): the
names that fail in Keras 3 get the right status and replacement (tests/data/keras2_expected.tsv, reviewed by
hand), no answer comes from the wrong context, and names that still work are not called gone."""

import csv
from functools import cache
from pathlib import Path

import pytest

import kerastutor as kt
from kerastutor.concepts.index import context_of

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
