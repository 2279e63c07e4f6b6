"""Measure which Keras names real Keras 1/2 tutorial code uses, and which of them still work in Keras 3.

Usage::

    python tools/keras2_corpus.py LABEL=FOLDER [LABEL=FOLDER ...] > tests/data/keras2_corpus.tsv

Each FOLDER holds one repository's ``.py`` files and ``.ipynb`` notebooks (code cells; magics and shell
lines dropped); LABEL names it in the ``repos`` column. Only names are kept, never code. Every file is parsed
with ``ast`` and each Keras name is recorded with its context:

- ``module``: an import path (``import keras.layers.core``, ``from keras.utils.np_utils import ...``,
  ``from keras import initializations``);
- ``name``: a class, function or constant (``from keras.layers import Merge``, ``keras.layers.Dense``),
  recorded only when its module imports in Keras 3 (otherwise the module is the failing name);
- ``backend``: an attribute of the backend (``K.sum``, ``backend.sum``, ``tf.keras.backend.sum``), spelled
  ``keras.backend.<fn>``;
- ``keyword``: a keyword argument of a call to a Keras callable that still exists (``Dense(output_dim=)``)
  or of a model method (``model.fit(nb_epoch=)``), with the callee;
- ``method``: a Keras 1/2 Model/Layer method (the list below, from the Keras 1.2.2 and 2.2.4 sources)
  called on a variable holding a Keras object (``model.fit_generator``), or a hook defined in a subclass of a
  Keras class, spelled ``Model.<m>`` (``Layer.<m>`` in a subclass of ``Layer``).

``tensorflow.keras`` and ``tensorflow.python.keras`` count as ``keras``. Whether a name works is decided by
Keras 3 itself: a module must import, a name must resolve by ``getattr``, a keyword must be in the callee's
signature or, when the callee takes ``**kwargs`` (layers do, and refuse unknown ones when built), the callee
is called with it and must neither answer "unexpected/unrecognized keyword" nor warn that it is ignored
(``decay=``, ``Embedding(input_length=)``; a renamed keyword that still works, ``LeakyReLU(alpha=)``, works);
a method must exist on ``keras.Model`` (``keras.layers.Layer`` for a hook of a Layer subclass).

The stored corpus (``tests/data/keras2_corpus.tsv``) comes from 221 files (210 use a Keras name) of:
keras-team/keras ``examples/`` at tag 2.2.4 (1931e2186843ad3ca2507a3b16cb09a7a3db5285) and at tag 1.2.2
(4fa7e5d454dd4f3f33f1d756a2a8659f2e789141); fchollet/deep-learning-with-python-notebooks (first edition,
8a30b90fed187aaddaaf1fc868ec8e0ac92bca40); PacktPublishing/Advanced-Deep-Learning-with-Keras (b065726);
keras-rl/keras-rl (216c314); leriomaggio/deep-learning-keras-tensorflow (b996ea1); qqwweee/keras-yolo3
(e6598d1); ageron/handson-ml (b705159); Hvass-Labs/TensorFlow-Tutorials (HEAD of the snapshot);
udacity/aind2-cnn and udacity/deep-learning (HEAD of the snapshots). Only files mentioning ``keras`` count.
"""

from __future__ import annotations

import ast
import contextlib
import csv
import functools
import importlib
import inspect
import io
import json
import os
import re
import sys
import tempfile
import warnings
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# Public methods of Model, Network/Container, Sequential and Layer in Keras 1.2.2 and 2.2.4 (read from
# keras/engine/{training,network,topology,base_layer,sequential}.py and keras/models.py at those tags).
KERAS2_METHODS = frozenset("""
add_loss add_update add_weight build call compile compute_mask compute_output_shape count_params evaluate
evaluate_generator fit fit_generator get_config get_input_at get_input_mask_at get_input_shape_at get_layer
get_losses_for get_output_at get_output_mask_at get_output_shape_at get_output_shape_for get_updates_for
get_weights load_weights pop predict predict_classes predict_generator predict_on_batch predict_proba
reset_states save save_weights set_weights summary test_on_batch to_json to_yaml train_on_batch
""".split())
# Lowercase names that were modules in Keras 1.2.2 or 2.2.4 (their keras/ source tree), for
# ``from keras.utils import np_utils``; other lowercase names there (``rmsprop``, ``mse``) were functions.
KERAS2_MODULES = frozenset("""
activations advanced_activations applications audio_conv_utils backend base_layer boston_housing callbacks
cifar cifar10 cifar100 cntk_backend common constraints conv_utils convolutional convolutional_recurrent core
cudnn_recurrent data_utils datasets densenet embeddings engine fashion_mnist generic_utils image
imagenet_utils imdb inception_resnet_v2 inception_v3 initializations initializers input_layer interfaces
io_utils layer_utils layers legacy local losses merge metrics mnist mobilenet mobilenet_v2 mobilenetv2 models
multi_gpu_utils music_tagger_crnn nasnet network noise normalization np_utils objectives optimizers pooling
preprocessing recurrent regularizers resnet50 reuters saving scikit_learn sequence sequential
tensorflow_backend test_utils text theano_backend topology training training_arrays training_generator
training_utils utils vgg16 vgg19 vis_utils visualize_util wrappers xception
""".split())
# Callables whose result is a model or a layer, so that later method calls on it are Keras methods.
_KERAS_OBJECT = re.compile(r"^keras\.(models\.(load_model|model_from_\w+)|.*\.[A-Z]\w*)$")
_KERAS = re.compile(r"^tensorflow\.(?:python\.|contrib\.keras\.(?:api\.)?)?keras(?=\.|$)")
_REFUSALS = ("unexpected keyword", "unrecognized keyword", "keyword argument not understood",
             "not recognized", "invalid keyword argument")
# Warnings that say a keyword is accepted but does nothing (``decay=``, ``Embedding(input_length=)``).
_IGNORED = ("ignored", "no longer supported", "just remove it")
# Values for required parameters when a callee must be called to test a keyword.
_DUMMIES: dict[str, object] = {"units": 2, "filters": 2, "kernel_size": 3, "rate": 0.5, "pool_size": 2,
                               "size": 2, "target_shape": (2,), "dims": (1,), "n": 2, "input_dim": 4,
                               "output_dim": 4, "stddev": 0.1, "cropping": 1, "padding": 1, "axis": -1}


@dataclass
class Use:
    """Where one (name, context, callee) was seen."""

    files: set[str] = field(default_factory=set)
    repos: set[str] = field(default_factory=set)


def keras_path(dotted: str) -> str | None:
    """``tensorflow.keras.layers`` -> ``keras.layers``; None for a path outside Keras."""
    dotted = _KERAS.sub("keras", dotted)
    return dotted if dotted == "keras" or dotted.startswith("keras.") else None


class FileScan(ast.NodeVisitor):
    """The Keras names one file uses, as (name, context, callee) triples."""

    def __init__(self) -> None:
        self.aliases: dict[str, str] = {}  # local name -> dotted Keras path
        self.objects: set[str] = set()  # variables (or self.attributes) holding a model or layer
        self.found: set[tuple[str, str, str]] = set()

    def record(self, name: str, context: str, callee: str = "") -> None:
        """Keep one use."""
        self.found.add((name, context, callee))

    def visit_Import(self, node: ast.Import) -> None:
        """``import keras.layers.core``: a module; ``import keras.backend as K``: an alias."""
        for alias in node.names:
            path = keras_path(alias.name)
            if path is None:
                if alias.name.split(".")[0] == "tensorflow":
                    self.aliases[alias.asname or "tensorflow"] = "tensorflow"
                continue
            if path != "keras":
                self.record(path, "module")
            self.aliases[alias.asname or path.split(".")[0]] = path if alias.asname else "keras"

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        """``from keras.x import Y``: the module, then Y as a module, a backend function or a name."""
        path = keras_path(node.module or "") if not node.level else None
        if path is None:
            if node.module == "tensorflow":
                for alias in node.names:
                    if alias.name == "keras":
                        self.aliases[alias.asname or "keras"] = "keras"
            return
        if path != "keras":
            self.record(path, "module")
        if not module_works(path):
            return
        for alias in node.names:
            full = f"{path}.{alias.name}"
            self.aliases[alias.asname or alias.name] = full
            if path == "keras.backend":
                self.record(full, "backend")
            elif alias.name in KERAS2_MODULES or module_works(full):
                self.record(full, "module")
            elif alias.name != "*":
                self.record(full, "name")

    def dotted(self, node: ast.AST) -> str | None:
        """The Keras path an expression such as ``K.sum`` or ``keras.layers.Dense`` names, if any."""
        parts: list[str] = []
        while isinstance(node, ast.Attribute):
            parts.append(node.attr)
            node = node.value
        if not isinstance(node, ast.Name) or node.id not in self.aliases:
            return None
        base = self.aliases[node.id]
        full = ".".join([base, *reversed(parts)])
        return keras_path(full) if base == "tensorflow" else full

    def visit_Attribute(self, node: ast.Attribute) -> None:
        """The whole attribute chain on a Keras alias (``K.sum``, ``keras.layers.Dense``), once."""
        path = self.dotted(node)
        if path is not None and not isinstance(getattr(node, "parent", None), ast.Attribute):
            self.record_path(path)
        self.generic_visit(node)

    def record_path(self, path: str) -> None:
        """An attribute chain on a Keras alias: a backend function, or a name whose module imports."""
        parts = path.split(".")
        if parts[:2] == ["keras", "backend"] and len(parts) >= 3:
            self.record(".".join(parts[:3]), "backend")
            return
        module = ".".join(parts[:-1])
        if len(parts) >= 2 and module_works(module):
            self.record(path, "module" if module_works(path) or parts[-1] in KERAS2_MODULES else "name")
        elif len(parts) >= 2:
            for end in range(len(parts) - 1, 1, -1):  # the longest prefix that looks like a module
                if parts[end - 1][:1].islower():
                    self.record(".".join(parts[:end]), "module")
                    break

    def visit_Assign(self, node: ast.Assign) -> None:
        """``model = Sequential()``: remember ``model`` as a Keras object."""
        if isinstance(node.value, ast.Call):
            callee = self.dotted(node.value.func)
            if callee and _KERAS_OBJECT.match(callee):
                self.objects.update(_target_names(node.targets))
        self.generic_visit(node)

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        """A subclass of a Keras class: the Keras 1/2 hooks it defines (``get_output_shape_for``)."""
        bases = [self.dotted(base) for base in node.bases]
        if any(bases):
            owner = "Layer" if any(b and b.endswith(".Layer") for b in bases) else "Model"
            for item in node.body:
                if isinstance(item, ast.FunctionDef) and item.name in KERAS2_METHODS:
                    self.record(f"{owner}.{item.name}", "method")
        self.generic_visit(node)

    def visit_Call(self, node: ast.Call) -> None:
        """A Keras 1/2 method called on a Keras object, and the keywords of calls to Keras callables."""
        callee = self.dotted(node.func)
        if callee is None and isinstance(node.func, ast.Attribute) and node.func.attr in KERAS2_METHODS:
            receiver = _receiver_name(node.func.value)
            if receiver in self.objects or _looks_like_a_model(receiver):
                callee = f"Model.{node.func.attr}"
                self.record(callee, "method")
        if callee is not None and not callee.startswith("keras.backend.") and callable_works(callee):
            for keyword in node.keywords:
                if keyword.arg:
                    self.record(keyword.arg, "keyword", callee)
        self.generic_visit(node)


def _target_names(targets: list[ast.expr]) -> set[str]:
    """``model``, ``self.model`` from assignment targets."""
    return {_receiver_name(t) for t in targets if isinstance(t, (ast.Name, ast.Attribute))}


def _looks_like_a_model(receiver: str) -> bool:
    """``model``, ``base_model``, ``self.model``; not ``model.layers`` (a list)."""
    owner, _, attribute = receiver.rpartition(".")
    return owner in ("", "self") and "model" in attribute.lower()


def _receiver_name(node: ast.AST) -> str:
    """``model`` for ``model``, ``self.model`` for ``self.model``; empty for anything else."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
        return f"{node.value.id}.{node.attr}"
    return ""


def chunks_of(path: Path) -> list[str]:
    """A file's Python source: a script whole, a notebook cell by cell (magics and shell lines dropped)."""
    text = path.read_text(encoding="utf-8", errors="replace")
    if path.suffix != ".ipynb":
        return [text]
    try:
        cells = json.loads(text).get("cells", [])
    except json.JSONDecodeError:
        return []
    chunks = []
    for cell in cells:
        if cell.get("cell_type") == "code":
            source = cell.get("source", "")
            source = "".join(source) if isinstance(source, list) else source
            if not source.lstrip().startswith("%%"):
                chunks.append("\n".join(line for line in source.splitlines()
                                         if not line.lstrip().startswith(("%", "!"))))
    return chunks


def scan(path: Path) -> set[tuple[str, str, str]]:
    """The (name, context, callee) triples one file uses; a cell that does not parse (Python 2) is skipped."""
    visitor = FileScan()
    for chunk in chunks_of(path):
        try:
            tree = ast.parse(chunk)
        except (SyntaxError, ValueError):
            continue
        for node in ast.walk(tree):
            for child in ast.iter_child_nodes(node):
                child.parent = node  # type: ignore[attr-defined]
        visitor.visit(tree)
    return visitor.found


def files_in(folder: Path) -> Iterator[Path]:
    """Every script and notebook under a folder, in a stable order."""
    yield from sorted(p for p in folder.rglob("*") if p.suffix in (".py", ".ipynb") and p.is_file())


# --- what works in Keras 3 -----------------------------------------------------------------------------

_CACHE: dict[tuple[str, ...], bool] = {}


def module_works(path: str) -> bool:
    """Whether ``import path`` works in Keras 3."""
    key = ("module", path)
    if key not in _CACHE:
        try:
            importlib.import_module(path)
            _CACHE[key] = True
        except ImportError:
            _CACHE[key] = False
    return _CACHE[key]


def resolve(path: str) -> object:
    """The object a dotted Keras 3 path names (``keras.Model.fit`` for ``Model.fit``); AttributeError if
    none."""
    import keras

    owner, _, method = path.partition(".")
    if owner in ("Model", "Layer"):
        return getattr(keras.Model if owner == "Model" else keras.layers.Layer, method)
    parts = path.split(".")
    for end in range(len(parts), 0, -1):
        module_path = ".".join(parts[:end])
        if module_works(module_path):
            value: object = importlib.import_module(module_path)
            for part in parts[end:]:
                value = getattr(value, part)
            return value
    raise AttributeError(path)


def callable_works(path: str) -> bool:
    """Whether a dotted path names something callable in Keras 3."""
    key = ("callable", path)
    if key not in _CACHE:
        try:
            _CACHE[key] = callable(resolve(path))
        except (AttributeError, ImportError):
            _CACHE[key] = False
    return _CACHE[key]


def works(name: str, context: str, callee: str) -> bool:
    """Whether Keras 3 accepts this name, written in this context."""
    if context == "module":
        return module_works(name)
    if context == "keyword":
        return keyword_works(name, callee)
    try:
        resolve(name)
        return True
    except (AttributeError, ImportError):
        return False


def keyword_works(keyword: str, callee: str) -> bool:
    """Whether ``callee(keyword=...)`` is accepted: by its signature; when it takes ``**kwargs``, a class by
    being built with it, a model method by being called on a tiny model, a function when its body uses it or
    passes ``**kwargs`` on (``keras.datasets.imdb.load_data`` swallows unknown keywords silently)."""
    target = resolve(callee)
    function = target.__init__ if inspect.isclass(target) else target
    try:
        parameters = inspect.signature(function).parameters
    except (TypeError, ValueError):
        return True
    if keyword in parameters and parameters[keyword].kind is not inspect.Parameter.VAR_KEYWORD:
        return True
    if not any(p.kind is inspect.Parameter.VAR_KEYWORD for p in parameters.values()):
        return False
    if not inspect.isclass(target) and not callee.startswith("Model."):  # a function: never called here
        body = inspect.getsource(target).split(":", 1)[-1]  # used, or passed on (concatenate -> Concatenate)
        return re.search(rf"\b{keyword}\b|\*\*kwargs\s*\)", body) is not None
    required = {name: _DUMMIES.get(name, 1) for name, p in parameters.items()
                if name != "self" and p.default is inspect.Parameter.empty
                and p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)}
    import keras

    model = _tiny_model()
    if callee.startswith("Model."):
        target = getattr(model, callee.split(".", 1)[1])
    elif target is keras.Model and keyword in ("inputs", "outputs"):  # a functional model needs both
        required.update(inputs=model.inputs, outputs=model.outputs)
    quiet = contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO())
    with tempfile.TemporaryDirectory() as folder, contextlib.chdir(folder), quiet[0], quiet[1], \
            warnings.catch_warnings(record=True) as warned:
        warnings.simplefilter("always")
        try:
            target(**{**required, keyword: required.get(keyword, 1)})
        except Exception as error:  # noqa: BLE001 - any refusal but an unknown keyword means it is accepted
            return not any(words in str(error).lower() for words in _REFUSALS)
    return not any(keyword in str(w.message) and any(words in str(w.message).lower() for words in _IGNORED)
                   for w in warned)


@functools.cache
def _tiny_model() -> Any:
    """A compiled one-layer functional model: its methods and its inputs/outputs test Model keywords."""
    import keras

    inputs = keras.Input((2,))
    model = keras.Model(inputs, keras.layers.Dense(1)(inputs))
    model.compile("sgd", "mse")
    return model


def measure(folders: dict[str, Path]) -> list[dict[str, object]]:
    """One row per distinct (name, context, callee): how many files and which repositories use it, and
    whether it works in Keras 3."""
    uses: dict[tuple[str, str, str], Use] = defaultdict(Use)
    for label, folder in folders.items():
        for path in files_in(folder):
            for triple in scan(path):
                uses[triple].files.add(f"{label}/{path.relative_to(folder)}")
                uses[triple].repos.add(label)
    rows = []
    for (name, context, callee), use in sorted(uses.items()):
        rows.append({"name": name, "context": context, "callee": callee, "files": len(use.files),
                     "repos": ",".join(sorted(use.repos)), "works_in_keras3": works(name, context, callee)})
    return rows


def main(arguments: list[str]) -> int:
    """Scan the LABEL=FOLDER arguments and print the TSV."""
    if not arguments or any("=" not in a for a in arguments):
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    folders = {label: Path(folder) for label, folder in (a.split("=", 1) for a in arguments)}
    missing = [str(f) for f in folders.values() if not f.is_dir()]
    if missing:
        print(f"keras2_corpus: no such folder: {', '.join(missing)}", file=sys.stderr)
        return 2
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    writer = csv.DictWriter(sys.stdout, ["name", "context", "callee", "files", "repos", "works_in_keras3"],
                            delimiter="\t", lineterminator="\n")
    writer.writeheader()
    writer.writerows(measure(folders))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
