"""Run an exercise's published solution the way a learner would: its code, then its final check."""

from __future__ import annotations

import ast

from kerastutor.exercises import Result


def run_solution(problem, namespace: dict) -> Result:
    """Execute ``problem.published_solution()`` in ``namespace``; return what its last line (the check)
    returns."""
    tree = ast.parse(problem.published_solution())
    *body, last = tree.body
    assert isinstance(last, ast.Expr) and f".{problem.name}.check(" in ast.unparse(last), (
        f"{problem.lesson} {problem.name}: a solution must end with ex.{problem.name}.check(...)")
    exec(compile(ast.Module(body=body, type_ignores=[]), "<solution>", "exec"), namespace)
    return eval(compile(ast.Expression(last.value), "<solution>", "eval"), namespace)
