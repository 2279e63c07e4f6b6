"""What the names of a script are bound to: the scope decisions of ``kerastutor migrate``.

A call is rewritten only when its name resolves, through the file's own imports, to Keras
(``keras...`` or ``tensorflow.keras...``): ``Dense`` imported from ``keras.layers``, ``K`` bound to
``keras.backend``, ``tf.keras.optimizers.SGD``. A local function or class named like a Keras one
(``def fit_generator``) wins over the rules.

Methods (``model.fit_generator``) cannot be resolved without running the code, so the heuristic is:
a ``receiver.method(...)`` call is Keras when the file imports Keras (or TensorFlow) and the file does
not define a function or method of that name itself.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field

from .rules import MODULE_MOVES

_TENSORFLOW_KERAS = ("tensorflow.python.keras", "tensorflow.keras")


def canonical(path: str) -> str:
    """``tensorflow.keras.layers.core.Dense`` -> ``keras.layers.Dense``: one spelling per Keras name."""
    for prefix in _TENSORFLOW_KERAS:
        if path == prefix or path.startswith(prefix + "."):
            path = "keras" + path[len(prefix):]
            break
    for old, new in MODULE_MOVES.items():
        if path.startswith(old + "."):
            return new + path[len(old):]
    return path


@dataclass
class Bindings:
    """Names bound by a file's imports (local name -> canonical dotted path) and its own definitions."""

    names: dict[str, str] = field(default_factory=dict)
    defined: set[str] = field(default_factory=set)

    @property
    def imports_keras(self) -> bool:
        """Whether anything in the file comes from Keras or TensorFlow (the method heuristic's gate)."""
        return any(path.split(".")[0] in ("keras", "tensorflow") for path in self.names.values())

    @property
    def keras_alias(self) -> str | None:
        """The local name bound to the ``keras`` module itself, if any."""
        return next((name for name, path in self.names.items() if path == "keras"), None)

    def resolve(self, dotted: str | None) -> str | None:
        """The canonical Keras path of ``dotted`` (``K.mean`` -> ``keras.backend.mean``), or None when
        its first name is not bound to Keras (nor TensorFlow) by an import, or is defined in the file."""
        if not dotted:
            return None
        head, _, rest = dotted.partition(".")
        bound = self.names.get(head)
        if bound is None or head in self.defined:
            return None
        path = canonical(f"{bound}.{rest}" if rest else bound)
        return path if path.split(".")[0] == "keras" else None

    def add(self, tree: ast.AST) -> None:
        """Record the imports and definitions of ``tree`` (called once per cell of a notebook)."""
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.asname:
                        self.names[alias.asname] = canonical(alias.name)
                    else:
                        head = alias.name.split(".")[0]
                        self.names[head] = canonical(head)
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                for alias in node.names:
                    if alias.name != "*":
                        self.names[alias.asname or alias.name] = canonical(f"{node.module}.{alias.name}")
            elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                self.defined.add(node.name)
        for name in [name for name, path in self.names.items()
                     if path.split(".")[0] not in ("keras", "tensorflow")]:
            del self.names[name]


def top_level_keras_import(tree: ast.Module) -> int | None:
    """The index of the first top-level statement of ``tree`` that imports from Keras, if any."""
    for position, node in enumerate(tree.body):
        modules = ([alias.name for alias in node.names] if isinstance(node, ast.Import)
                   else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
        if any(canonical(module).split(".")[0] == "keras" or module == "tensorflow" for module in modules):
            return position
    return None
