"""`kerastutor migrate` on notebooks: code cells only, IPython lines kept exactly, the rest unchanged."""

from __future__ import annotations

import json

import nbformat
import pytest

from kerastutor.migrate.notebook import mask, migrate_notebook, unmask

IMPORTS = "%matplotlib inline\n!pip install keras\nfrom keras import backend as K\nimport numpy as np"
LOSS = "def loss(y_true, y_pred):\n    %time x = 1\n    return K.mean(K.square(y_pred - y_true))"
MAGIC = "%%bash\necho K.mean(x) nb_epoch=3"
SHELL = "files = !ls\nK.sum?\nz = K.sum(x)"


def notebook() -> nbformat.NotebookNode:
    book = nbformat.v4.new_notebook(metadata={"kernelspec": {"name": "python3", "display_name": "Python 3"}})
    book.cells = [
        nbformat.v4.new_markdown_cell("# Old code\nK.mean(x) in prose is not code."),
        nbformat.v4.new_code_cell(IMPORTS, execution_count=1, metadata={"tags": ["setup"]}),
        nbformat.v4.new_code_cell(LOSS, execution_count=2, outputs=[
            nbformat.v4.new_output("stream", name="stdout", text="CPU times: 1 ms\n")]),
        nbformat.v4.new_code_cell(MAGIC),
        nbformat.v4.new_code_cell("print 'old python 2'"),
        nbformat.v4.new_code_cell(SHELL, outputs=[nbformat.v4.new_output(
            "execute_result", data={"text/plain": "3"}, execution_count=5)]),
        nbformat.v4.new_code_cell("y = np.zeros(3)"),
    ]
    return book


@pytest.fixture
def migrated():
    text = nbformat.writes(notebook())
    return text, migrate_notebook(text)


def test_only_the_cells_with_keras_1_or_2_code_change(migrated):
    text, result = migrated
    before, after = nbformat.reads(text, as_version=4), nbformat.reads(result.text, as_version=4)
    nbformat.validate(after)
    assert after.metadata == before.metadata
    pairs = enumerate(zip(before.cells, after.cells), start=1)
    changed = [number for number, (old, new) in pairs if old != new]
    assert changed == [2, 3, 6]
    for old, new in zip(before.cells, after.cells):
        assert (old.get("outputs"), old.metadata, old.get("execution_count")) == (
            new.get("outputs"), new.metadata, new.get("execution_count"))


def test_magics_and_shell_lines_come_back_exactly(migrated):
    _, result = migrated
    cells = nbformat.reads(result.text, as_version=4).cells
    assert cells[1].source == "%matplotlib inline\n!pip install keras\nimport keras\n" \
                              "from keras import backend as K\nimport numpy as np"
    assert cells[2].source == ("def loss(y_true, y_pred):\n    %time x = 1\n"
                               "    return keras.ops.mean(keras.ops.square(y_pred - y_true))")
    assert cells[3].source == MAGIC
    assert cells[5].source == "files = !ls\nK.sum?\nz = keras.ops.sum(x)"


def test_findings_and_problems_name_their_cell(migrated):
    _, result = migrated
    assert {(finding.cell, finding.old) for finding in result.findings} == {
        (3, "K.mean"), (3, "K.square"), (6, "K.sum")}
    assert all(finding.line == 3 for finding in result.findings if finding.cell == 3)
    (problem,) = result.problems
    assert problem.cell == 5 and problem.line == 1 and "not valid Python 3" in problem.reason


def test_a_second_run_changes_nothing(migrated):
    _, result = migrated
    assert migrate_notebook(result.text).text == result.text


def test_a_notebook_without_old_code_is_returned_byte_for_byte():
    book = nbformat.v4.new_notebook()
    book.cells = [nbformat.v4.new_code_cell("import keras\nkeras.ops.mean([1.0])")]
    text = nbformat.writes(book)
    result = migrate_notebook(text)
    assert result.text == text and result.findings == [] and result.problems == []


def test_the_layout_of_the_json_is_kept():
    book = notebook()
    text = json.dumps(book, indent=2, ensure_ascii=False) + "\n"
    result = migrate_notebook(text)
    assert result.text != text and result.text.endswith("}\n")
    assert result.text.splitlines()[1] == text.splitlines()[1]  # two spaces, the same first key
    assert list(json.loads(result.text)) == list(json.loads(text))


@pytest.mark.parametrize("text, words", [
    ("{not json", "damaged JSON"),
    ('{"nbformat": 4}', "no list of cells"),
    ('{"cells": [{"cell_type": "code", "source": 3}]}', "no list of cells"),
])
def test_a_damaged_notebook_is_one_problem_and_left_untouched(text, words):
    result = migrate_notebook(text)
    assert result.text == text and len(result.problems) == 1 and words in result.problems[0].reason


def test_masking_keeps_line_numbers_and_indentation():
    source = "if True:\n    !ls\n    x = %pwd\nmodel.fit?\n?K.sum\ny = 1 % 2\n"
    hidden, saved = mask(source)
    assert hidden.count("\n") == source.count("\n")
    assert hidden.splitlines()[1].startswith("    pass")
    assert "y = 1 % 2" in hidden
    assert unmask(hidden, saved) == source
    assert mask("%%time\nK.mean(x)") is None
