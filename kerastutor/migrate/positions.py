"""Where findings are: line and column from Python's own ``ast`` (a C parser), not from a LibCST position
pass, which costs more than the rewrite itself.

A finding says what kind of code it is about and its text (``("keyword", "lr")``, ``("name", "K.mean")``,
``("attr", "fit_generator")``, ``("from", "keras.layers.core")``, ``("alias", "np_utils")``,
``("def", "get_output_shape_for")``); the n-th finding of a kind and text is the n-th such place in the
file, in source order (the transformer meets them in that order).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator

from .report import Finding

Place = tuple[int, int]


def _dotted(node: ast.expr) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        head = _dotted(node.value)
        return f"{head}.{node.attr}" if head else None
    return None


def _places(node: ast.AST) -> Iterator[tuple[tuple[str, str], Place]]:
    """The (kind, text) keys a node answers to, with its 1-based line and column."""
    if isinstance(node, ast.keyword) and node.arg:
        yield ("keyword", node.arg), (node.lineno, node.col_offset + 1)
    elif isinstance(node, (ast.Name, ast.Attribute)):
        text = _dotted(node)
        if text:
            yield ("name", text), (node.lineno, node.col_offset + 1)
        if isinstance(node, ast.Attribute) and node.end_lineno and node.end_col_offset:
            yield ("attr", node.attr), (node.end_lineno, node.end_col_offset - len(node.attr) + 1)
    elif isinstance(node, ast.ImportFrom) and node.module:
        yield ("from", node.module), (node.lineno, node.col_offset + len("from ") + 1)
    elif isinstance(node, ast.alias):
        yield ("alias", node.name), (getattr(node, "lineno", 0), getattr(node, "col_offset", -1) + 1)
    elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
        yield ("def", node.name), (node.lineno, node.col_offset + len("def ") + 1)


def locate(tree: ast.AST, findings: list[Finding]) -> None:
    """Fill in ``line`` and ``column`` of ``findings`` (in the order the transformer made them) from
    ``tree``, the ``ast`` of the same text."""
    if not findings:
        return
    wanted = {finding.where for finding in findings}
    places: dict[tuple[str, str], list[Place]] = {}
    for node in ast.walk(tree):
        for key, place in _places(node):
            if key in wanted:
                places.setdefault(key, []).append(place)
    for queue in places.values():
        queue.sort(reverse=True)  # pop() gives the first in source order
    for finding in findings:
        queue = places.get(finding.where)
        if queue:
            finding.line, finding.column = queue.pop()
