"""What a learner's kernel holds after ``import kerastutor`` stays small: the concept tables and the
error reader load only when an error needs explaining, Keras's scikit-learn wrappers (and scikit-learn)
only when used, and every feature still works. Module presence is checked, never megabytes or seconds."""

from __future__ import annotations

import json
import subprocess
import sys
from types import ModuleType

import pytest

from kerastutor import _quiet

HEADLINE = "kerastutor: the error above comes from a Keras 1/2 name"
HEAVY = ("sklearn", "jax", "ipywidgets", "kerastutor.concepts", "kerastutor.training")

PLAIN_PYTHON = """\
import json, sys
import kerastutor
print(json.dumps(sorted(sys.modules)))
"""

# a notebook's kernel: a real IPython shell, kerastutor imported in it, then a cell with an old Keras name
IN_A_SHELL = """\
import json, sys
from IPython.core.interactiveshell import InteractiveShell
from IPython.utils.capture import capture_output
from traitlets.config import Config

config = Config()
config.HistoryManager.hist_file = ":memory:"
shell = InteractiveShell.instance(config=config, colors="nocolor")
assert shell.run_cell("import kerastutor as kt, keras").success
TABLES = ("kerastutor.concepts.entries.", "kerastutor.concepts.errors")
report = {"tables_after_import": [name for name in sys.modules if name.startswith(TABLES)],
          "hook_on": any(getattr(c, "__module__", "") == "kerastutor.concepts.hook"
                         for c in shell.events.callbacks["post_run_cell"])}
with capture_output(display=False) as captured:
    shell.run_cell("keras.layers.Dense(output_dim=64)")
report["card"] = captured.stdout
report["sklearn_after_error"] = "sklearn" in sys.modules
import sklearn.base
report["wrapper_is_sklearn"] = issubclass(shell.user_ns["keras"].wrappers.SKLearnClassifier,
                                          sklearn.base.BaseEstimator)
from keras.wrappers import SKLearnRegressor
report["regressor_is_sklearn"] = issubclass(SKLearnRegressor, sklearn.base.RegressorMixin)
print(json.dumps(report))
"""


def run_python(code: str) -> subprocess.CompletedProcess:
    """Run ``code`` in a fresh interpreter (a fresh ``sys.modules``)."""
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)


def test_import_kerastutor_leaves_the_concept_index_and_scikit_learn_out():
    result = run_python(PLAIN_PYTHON)
    assert result.returncode == 0, result.stderr
    loaded = json.loads(result.stdout)
    assert "keras" in loaded and "kerastutor" in loaded
    assert not [name for name in loaded if name.startswith(HEAVY)]


def test_in_a_notebook_shell_an_old_name_is_still_explained_and_the_wrappers_still_work():
    result = run_python(IN_A_SHELL)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.splitlines()[-1])
    assert report["hook_on"] and report["tables_after_import"] == []
    assert HEADLINE in report["card"] and "output_dim" in report["card"]
    assert not report["sklearn_after_error"], "explaining an error must not load the deferred wrappers"
    assert report["wrapper_is_sklearn"] and report["regressor_is_sklearn"]


@pytest.fixture
def probe(tmp_path, monkeypatch):
    """A module ``kt_lazy_probe`` that counts in ``sys`` how often it has run."""
    (tmp_path / "kt_lazy_probe.py").write_text(
        "import sys\nsys.kt_probe_runs = getattr(sys, 'kt_probe_runs', 0) + 1\nVALUE = 42\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setattr(sys, "kt_probe_runs", 0, raising=False)
    yield "kt_lazy_probe"
    sys.modules.pop("kt_lazy_probe", None)


def test_a_deferred_module_runs_on_first_use_only(probe, monkeypatch):
    monkeypatch.delitem(sys.modules, "sklearn", raising=False)  # as in a fresh kernel
    finders = list(sys.meta_path)
    with _quiet.deferred([probe]):
        import kt_lazy_probe
    assert sys.meta_path == finders
    assert sys.kt_probe_runs == 0
    assert kt_lazy_probe.VALUE == 42
    assert sys.kt_probe_runs == 1


def test_nothing_is_deferred_once_scikit_learn_is_loaded(probe, monkeypatch):
    monkeypatch.setitem(sys.modules, "sklearn", ModuleType("sklearn"))
    with _quiet.deferred([probe]):
        import kt_lazy_probe  # noqa: F401
    assert sys.kt_probe_runs == 1
