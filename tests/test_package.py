import ast
import inspect
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

import kerastutor
from kerastutor._quiet import filter_noise

ROOT = Path(__file__).resolve().parent.parent


def run_python(code: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)


def test_import_is_quiet_and_lazy():
    result = run_python(
        "import sys, json\n"
        "import keras\n"
        "before = set(sys.modules)\n"
        "import kerastutor\n"
        "print(json.dumps(sorted(set(sys.modules) - before)))")
    assert result.returncode == 0, result.stderr
    added = json.loads(result.stdout)
    assert "kerastutor" in added and "kerastutor.training.callback" not in added
    assert not [m for m in added if m.split(".")[0] in ("ipywidgets", "sklearn", "matplotlib")]
    quiet = run_python("import kerastutor, keras")
    assert quiet.returncode == 0 and quiet.stderr == ""  # no TensorFlow start-up lines


def test_public_names_resolve_on_first_use():
    assert dir(kerastutor) == sorted(kerastutor.__all__)
    for name in kerastutor.__all__:
        value = getattr(kerastutor, name)
        if name in kerastutor._MODULES:
            assert value.__name__ == kerastutor._MODULES[name], name
        elif name in kerastutor._PUBLIC:
            assert value.__module__ == kerastutor._PUBLIC[name] and value.__name__ == name, name
        else:
            assert name == "__version__" and isinstance(value, str)
    with pytest.raises(AttributeError, match="no attribute 'NoSuchThing'"):
        kerastutor.NoSuchThing  # noqa: B018


def test_the_lazy_table_matches_the_type_checking_imports():
    tree = ast.parse((ROOT / "kerastutor" / "__init__.py").read_text())
    (block,) = [node for node in tree.body
                if isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING"]
    names, modules = {}, {}
    for statement in block.body:
        assert isinstance(statement, ast.ImportFrom) and statement.level == 1, ast.unparse(statement)
        for alias in statement.names:
            assert alias.asname == alias.name, f"{alias.name} is re-exported as {alias.name} only"
            if statement.module is None:  # from . import datasets: a submodule as a whole
                modules[alias.name] = f"kerastutor.{alias.name}"
            else:
                names[alias.name] = f"kerastutor.{statement.module}"
    assert names == kerastutor._PUBLIC
    assert modules == kerastutor._MODULES


def test_make_bench_runs_every_benchmark():
    makefile = (ROOT / "Makefile").read_text()
    recipe = makefile.split("\nbench:", 1)[1].split("\n\n", 1)[0]
    run = set(re.findall(r"benchmarks/(\w+\.py)", recipe))
    assert run == {path.name for path in (ROOT / "benchmarks").glob("*.py")}


def test_masked_recurrent_layers_run_quietly():
    result = run_python(
        "import kerastutor, keras, numpy as np\n"
        "model = keras.Sequential([keras.Input((4,), dtype='int32'),"
        " keras.layers.Embedding(5, 2, mask_zero=True), keras.layers.LSTM(2)])\n"
        "print(model.predict(np.array([[1, 2, 0, 0]]), verbose=0).shape)")
    assert result.returncode == 0 and result.stdout.strip() == "(1, 2)"
    assert result.stderr == ""  # no oneDNN "DT_BOOL" notice


def test_public_functions_are_not_shadowed_by_subpackages():
    import importlib
    import pkgutil

    packages = [info.name for info in pkgutil.iter_modules(kerastutor.__path__) if info.ispkg]
    for name in packages:  # importing a subpackage sets it as an attribute of kerastutor
        importlib.import_module(f"kerastutor.{name}")
    clashes = sorted(set(kerastutor._PUBLIC) & set(packages))
    assert not clashes, f"a subpackage would hide the public name: {clashes}"
    for name in kerastutor._PUBLIC:
        assert not inspect.ismodule(getattr(kerastutor, name)), name
    assert kerastutor.datasets.__name__ == "kerastutor.datasets"


def test_noise_filter_keeps_real_errors():
    text = ("WARNING: All log messages before absl::InitializeLog() is called are written to STDERR\n"
            "I0000 port.cc:153] oneDNN custom operations are on. You may see ...\n"
            "E0000 something real went wrong\n")
    assert filter_noise(text) == "E0000 something real went wrong\n"


def test_missing_tensorflow_gives_the_install_command():
    result = run_python(
        "import sys\n"
        "class NoTensorFlow:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name.split('.')[0] == 'tensorflow':\n"
        "            raise ModuleNotFoundError(f'No module named {name!r}', name=name)\n"
        "sys.meta_path.insert(0, NoTensorFlow())\n"
        "import kerastutor")
    assert result.returncode != 0
    assert "pip install 'kerastutor[cpu]'" in result.stderr


def lessons():
    return sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))


@pytest.mark.parametrize("path", lessons(), ids=lambda p: p.name)
def test_lessons_are_clean_teaching_material(path):
    notebook = json.loads(path.read_text())
    assert notebook["metadata"]["kernelspec"]["name"] == "python3"
    code = [c for c in notebook["cells"] if c["cell_type"] == "code"]
    sources = ["".join(c["source"]) for c in code]
    assert any("keras.utils.set_random_seed" in s for s in sources), "lessons are seeded"
    assert all(c["execution_count"] is not None for c in code), "outputs are stored"
    stderr = [o for c in code for o in c["outputs"] if o.get("name") == "stderr"]
    assert stderr == [], "no stray stderr (TensorFlow logs, warnings) in stored outputs"
    errors = [o for c in code for o in c["outputs"] if o["output_type"] == "error"]
    assert errors == []
