"""``kt.explain`` under careless and hostile input: a clear error or a documented answer, fast."""

from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import kerastutor as kt
from kerastutor._arguments import BadArgument


@pytest.mark.parametrize("name", [3, 3.5, True, b"Dense", ["Dense"], {"Dense": 1}, "", "   ", "\n\t"])
def test_a_name_that_is_not_text_is_refused_naming_the_argument(name):
    with pytest.raises(BadArgument, match=r"explain: name=.* cannot be used; name must be a Keras name"):
        kt.explain(name)


@pytest.mark.parametrize("name", ["x" * 1_000_000, "(" * 100_000, "\x00", "🙂", "Dense)(", "..", "keras."])
def test_an_unknown_name_is_a_short_key_error_quickly(name):
    started = time.perf_counter()
    with pytest.raises(KeyError, match="kerastutor knows no Keras name") as caught:
        kt.explain(name)
    assert len(str(caught.value)) < 300
    assert time.perf_counter() - started < 10  # generous: a quadratic match on 1 MB would take minutes


@pytest.mark.parametrize("pasted, expected", [
    ("Dense(" + "units=1, " * 5_000 + ")", "Dense"),
    ("keras.layers.Dense\n", "Dense"),
    ("  dense  ", "Dense"),
])
def test_pasted_code_around_a_known_name_still_finds_it(pasted, expected):
    assert kt.explain(pasted).name.endswith(expected)


@settings(max_examples=25, deadline=None)
@given(st.text(max_size=200))
def test_any_text_gives_a_concept_or_a_key_error(name):
    try:
        kt.explain(name)
    except (KeyError, BadArgument):
        pass
