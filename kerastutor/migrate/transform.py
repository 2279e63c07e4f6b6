"""The LibCST transformer: rewrites what is mechanical in one piece of Python, marks the rest.

Comments and formatting survive because only the changed nodes are replaced in the concrete syntax
tree. A line a person has to change gets a comment above it (``# kerastutor migrate: ...``), once.
"""

from __future__ import annotations

import ast
import bisect
import functools
import re
from collections.abc import Iterable, Sequence
from types import ModuleType

import libcst as cst

from . import rules
from .bindings import Bindings, canonical, top_level_keras_import
from .positions import locate
from .report import MARKER, Finding, marker

_EMPTY = cst.Module(body=[])
_COMMA = cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))
_EQUAL = cst.AssignEqual(cst.SimpleWhitespace(""), cst.SimpleWhitespace(""))
_IMPORT_KERAS = cst.SimpleStatementLine(body=[cst.Import(names=[cst.ImportAlias(name=cst.Name("keras"))])])
# Every statement class (a type lookup: isinstance against LibCST's abstract classes is slow).
_STATEMENTS = frozenset({cst.SimpleStatementLine, cst.If, cst.For, cst.While, cst.With, cst.Try, cst.TryStar,
                         cst.FunctionDef, cst.ClassDef, cst.Match})
_FIT_METHODS = ("fit", "evaluate", "predict")


@functools.cache
def _expression(code: str) -> cst.BaseExpression:
    """``code`` parsed as an expression, once (LibCST nodes are immutable, so one copy serves all)."""
    return cst.parse_expression(code)


def dotted(node: cst.CSTNode | None) -> str | None:
    """``a.b.c`` for a Name or an Attribute chain of Names, else None."""
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        head = dotted(node.value)
        return f"{head}.{node.attr.value}" if head else None
    return None


def _code(node: cst.CSTNode) -> str:
    return _EMPTY.code_for_node(node)


def _chain(path: str) -> cst.Attribute | cst.Name:
    """``a.b.c`` as an expression node."""
    head, *rest = path.split(".")
    node: cst.Attribute | cst.Name = cst.Name(head)
    for part in rest:
        node = cst.Attribute(value=node, attr=cst.Name(part))
    return node


def _string_value(node: cst.BaseExpression) -> str | None:
    """The text of a plain one-line string literal ('tf', "sum"), else None."""
    if isinstance(node, cst.SimpleString) and node.value[:1] in "'\"" and not node.value.startswith(
            ('"""', "'''")):
        return node.value[1:-1]
    return None


def _drop_arguments(args: Sequence[cst.Arg], drop: set[int]) -> list[cst.Arg]:
    """``args`` without the positions in ``drop``; the comma before a dropped last argument goes too."""
    kept: list[cst.Arg] = []
    for position, arg in enumerate(args):
        if position in drop:
            if kept:
                kept[-1] = kept[-1].with_changes(comma=arg.comma)
            continue
        kept.append(arg)
    return kept


class Migrator(cst.CSTTransformer):
    """Rewrites Keras 1/2 spellings whose names resolve to Keras (see :mod:`.bindings`)."""

    def __init__(self, bindings: Bindings) -> None:
        super().__init__()
        self.bindings = bindings
        self.findings: list[Finding] = []
        self.needs_keras_import = False
        self._markers: list[list[tuple[str, str]]] = []
        self._backend: ModuleType | None = None
        self._called: set[int] = set()  # the original func nodes of calls (K.fn(...) is handled as a call)

    # Statements carry the markers of the findings inside them.
    def on_visit(self, node: cst.CSTNode) -> bool:
        """A statement opens a list of markers for the findings inside it."""
        if type(node) in _STATEMENTS:
            self._markers.append([])
        return super().on_visit(node)

    def on_leave(self, original_node: cst.CSTNode, updated_node: cst.CSTNode) -> object:
        """A statement gets the markers of the findings inside it, above its first line."""
        result = super().on_leave(original_node, updated_node)
        if type(original_node) in _STATEMENTS:
            notes = self._markers.pop()
            if notes and isinstance(result, cst.BaseStatement):
                result = self._with_markers(result, notes)
        return result

    @staticmethod
    def _with_markers(statement: cst.BaseStatement, notes: list[tuple[str, str]]) -> cst.BaseStatement:
        """``statement`` with a marker line for each (old spelling, marker) not marked already."""
        existing = [line.comment.value for line in statement.leading_lines if line.comment]
        lines = list(statement.leading_lines)
        for old, note in dict.fromkeys(notes):
            if not any(comment.startswith(f"{MARKER} {old} ") for comment in existing):
                lines.append(cst.EmptyLine(comment=cst.Comment(note)))
        return statement.with_changes(leading_lines=lines)

    def _found(self, old: str, topic: str, where: tuple[str, str], new: str | None = None) -> None:
        """Record a finding (``where`` finds its line in the file: see :func:`.positions.locate`)."""
        self.findings.append(Finding(old=old, topic=topic, new=new, where=where))
        if new is None and self._markers:
            self._markers[-1].append((old, marker(old, topic)))

    @staticmethod
    def _callee(call: cst.Call) -> tuple[str, str]:
        """Where a Keras call is: its callee, ``Dense`` or ``layers.Dense``."""
        return ("name", dotted(call.func) or "")

    def _keras(self) -> str:
        """The local name of the keras module (``import keras`` is added when there is none)."""
        alias = self.bindings.keras_alias
        if alias is None:
            self.needs_keras_import = True
        return alias or "keras"

    # Imports.
    def visit_Import(self, node: cst.Import) -> bool:
        """Module names in imports are handled by leave_Import, not as attribute chains."""
        return False

    def visit_ImportFrom(self, node: cst.ImportFrom) -> bool:
        """Module names in imports are handled by leave_ImportFrom, not as attribute chains."""
        return False

    def leave_Import(self, original_node: cst.Import, updated_node: cst.Import) -> cst.Import:
        """``import keras.utils.np_utils`` -> ``import keras.utils``."""
        names = []
        for alias in updated_node.names:
            written = dotted(alias.name) or ""
            path = canonical(written)
            if path in rules.MODULE_MOVES:
                new = self._moved(written, rules.MODULE_MOVES[path])
                self._found(written, path, ("alias", written), new)
                alias = alias.with_changes(name=_chain(new))
            elif _manual_module(path):
                self._found(written, path, ("alias", written))
            names.append(alias)
        return updated_node.with_changes(names=names)

    def leave_ImportFrom(self, original_node: cst.ImportFrom,
                         updated_node: cst.ImportFrom) -> cst.ImportFrom | cst.RemovalSentinel:
        """``from keras.layers.core import Dense`` -> ``from keras.layers import Dense``, and more."""
        written = dotted(updated_node.module)
        if updated_node.relative or not written:
            return updated_node
        path = canonical(written)
        if path.split(".")[0] != "keras":
            return updated_node
        aliases = [] if isinstance(updated_node.names, cst.ImportStar) else list(updated_node.names)
        if path in rules.MODULE_MOVES:
            return self._move_from(updated_node, written, rules.MODULE_MOVES[path], path)
        if path in rules.NAME_MOVES:
            homes = {rules.NAME_MOVES[path].get(alias.name.value) for alias in aliases}
            if aliases and None not in homes and len(homes) == 1:
                return self._move_from(updated_node, written, homes.pop(), path)
            self._found(written, path, ("from", written))
            return updated_node
        if _manual_module(path):
            self._found(written, path, ("from", written))
            return updated_node
        return self._from_names(updated_node, aliases, path)

    def _moved(self, written: str, new: str) -> str:
        """``new`` spelled with the prefix the file used (``tensorflow.keras...`` stays so)."""
        return f"tensorflow.{new}" if written.startswith("tensorflow.keras") else new

    def _move_from(self, node: cst.ImportFrom, written: str, new: str, path: str) -> cst.ImportFrom:
        new = self._moved(written, new)
        self._found(written, path, ("from", written), new)
        for alias in [] if isinstance(node.names, cst.ImportStar) else node.names:
            if isinstance(alias.name, cst.Name) and alias.name.value in rules.REMOVED_NAMES:
                self._found(alias.name.value, alias.name.value, ("alias", alias.name.value))
        return node.with_changes(module=_chain(new))

    def _from_names(self, node: cst.ImportFrom, aliases: list[cst.ImportAlias],
                    path: str) -> cst.ImportFrom | cst.RemovalSentinel:
        """``from keras.x import name, ...``: submodules that moved, merge functions, removed names."""
        kept = []
        for alias in aliases:
            name = alias.name.value if isinstance(alias.name, cst.Name) else ""
            full = f"{path}.{name}"
            if name in rules.MERGE_NAMES and path == "keras.layers":
                self._found(name, name, ("alias", name), "(import removed: keras.layers.Add and friends)")
                continue
            if full in rules.MODULE_MOVES:
                if len(aliases) > 1:
                    self._found(full, full, ("alias", name))
                else:
                    parent, _, last = self._moved(dotted(node.module) or "", rules.MODULE_MOVES[full]
                                                  ).rpartition(".")
                    local = alias.asname.name.value if alias.asname else name
                    self._found(full, full, ("alias", name), f"from {parent} import {last} as {local}")
                    return node.with_changes(module=_chain(parent), names=[cst.ImportAlias(
                        name=cst.Name(last), asname=cst.AsName(name=cst.Name(local)))])
            elif name in rules.REMOVED_NAMES:
                self._found(name, name, ("alias", name))
            kept.append(alias)
        if len(kept) == len(aliases):
            return node
        if not kept:
            return cst.RemovalSentinel.REMOVE
        kept[-1] = kept[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)
        return node.with_changes(names=kept)

    # Definitions.
    def leave_FunctionDef(self, original_node: cst.FunctionDef,
                          updated_node: cst.FunctionDef) -> cst.FunctionDef:
        """A custom layer's ``def get_output_shape_for`` is marked."""
        name = original_node.name.value
        if name in rules.MANUAL_DEFINITIONS and self.bindings.imports_keras:
            self._found(f"def {name}", name, ("def", name))
        return updated_node

    # Names: moved modules in attribute chains, backend functions.
    def leave_Attribute(self, original_node: cst.Attribute,
                        updated_node: cst.Attribute) -> cst.BaseExpression:
        """``keras.utils.np_utils.x`` -> ``keras.utils.x``; ``K.square`` uncalled: ``keras.ops.square``."""
        written = dotted(original_node)
        path = self.bindings.resolve(written)
        if path is None or written is None:
            return updated_node
        if path in rules.MODULE_MOVES:
            head = written.split(".")[0]
            bound = self.bindings.names[head]
            new = rules.MODULE_MOVES[path]
            if new == bound or new.startswith(bound + "."):
                text = head + new[len(bound):]
                self._found(written, path, ("name", written), text)
                return _chain(text).with_changes(lpar=updated_node.lpar, rpar=updated_node.rpar)
            return updated_node
        if path.startswith("keras.backend.") and path.count(".") == 2:
            return self._backend_function(original_node, updated_node, written, path.rsplit(".", 1)[1])
        if original_node.attr.value in rules.REMOVED_NAMES:
            self._found(written, original_node.attr.value, ("name", written))
        return updated_node

    def _backend_function(self, original_node: cst.Attribute, updated_node: cst.Attribute, written: str,
                          function: str) -> cst.BaseExpression:
        """``K.fn`` not called (``Lambda(K.square)``): rewritten when no argument default changed."""
        if function in rules.KERAS3_BACKEND or id(original_node) in self._called:
            return updated_node
        tables = self._tables()
        if function not in tables.MECHANICAL or function in tables.WRITE_DEFAULTS:
            self._found(written, f"K.{function}", ("name", written))
            return updated_node
        text = self._ops_path(function)
        self._found(written, f"K.{function}", ("name", written), text)
        return _chain(text).with_changes(lpar=updated_node.lpar, rpar=updated_node.rpar)

    def _tables(self) -> ModuleType:
        if self._backend is None:
            self._backend = rules.backend_tables()
        return self._backend

    def _ops_path(self, function: str) -> str:
        """``keras.ops.fn`` spelled with the file's name for the keras module."""
        return self._keras() + self._tables().OPS_NAME[function][len("keras"):]

    def _backend_call(self, original_node: cst.Call, updated_node: cst.Call, function: str) -> cst.Call:
        """``K.fn(args)`` -> ``keras.ops.fn(args)`` with the keywords and changed defaults the backend
        entries list; a call passing an argument Keras 3 has no equal for is left for a person."""
        written = dotted(original_node.func) or function
        if function in rules.KERAS3_BACKEND:
            return updated_node
        if function in rules.BACKEND_SETTINGS:
            return self._backend_setting(original_node, updated_node, written, function)
        tables = self._tables()
        args = list(updated_node.args)
        positional = [arg for arg in args if arg.keyword is None]
        keywords = {arg.keyword.value for arg in args if arg.keyword}
        leave = tables.LEAVE_IF_PASSED.get(function, {})
        if function not in tables.MECHANICAL or any(arg.star for arg in args) or any(
                keyword in keywords or len(positional) > position for keyword, position in leave.items()):
            self._found(written, f"K.{function}", ("name", written))
            return updated_node
        renames = tables.KEYWORDS.get(function, {})
        args = [arg.with_changes(keyword=cst.Name(renames[arg.keyword.value]))
                if arg.keyword and arg.keyword.value in renames else arg for arg in args]
        if function in tables.WRITE_DEFAULTS:
            position, keyword, default = tables.WRITE_DEFAULTS[function]
            if len(positional) <= position and keyword not in keywords:
                if args:
                    args[-1] = args[-1].with_changes(comma=_COMMA)
                value = _expression(default)
                args.append(cst.Arg(keyword=cst.Name(keyword), value=value, equal=_EQUAL))
        text = self._ops_path(function)
        self._found(written, f"K.{function}", ("name", written), text)
        return updated_node.with_changes(func=_chain(text), args=args)

    def _backend_setting(self, original_node: cst.Call, updated_node: cst.Call, written: str,
                         function: str) -> cst.Call:
        """``K.set_image_dim_ordering('th')`` -> ``keras.config.set_image_data_format('channels_first')``."""
        new_function, values = rules.BACKEND_SETTINGS[function]
        args = updated_node.args
        value = _string_value(args[0].value) if len(args) == 1 and not args[0].keyword else None
        if value not in values:
            self._found(written, f"K.{function}", ("name", written))
            return updated_node
        quote = args[0].value.value[0]
        text = f"{self._keras()}.config.{new_function}"
        self._found(written, f"K.{function}", ("name", written), f"{text}({quote}{values[value]}{quote})")
        return updated_node.with_changes(func=_chain(text), args=[
            args[0].with_changes(value=cst.SimpleString(f"{quote}{values[value]}{quote}"))])

    # Calls: keywords, Keras 1 positional forms, merge, backend functions, Model methods.
    def visit_Call(self, node: cst.Call) -> None:
        """Remember the callee, so that ``K.fn(...)`` is rewritten as a call (with its arguments)."""
        self._called.add(id(node.func))

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.BaseExpression:
        """Keras calls: keywords, positional forms, merge, backend functions; Model methods."""
        func = original_node.func
        if isinstance(func, cst.Attribute) and self._is_model_method(func):
            return self._method(original_node, updated_node, func.attr.value)
        path = self.bindings.resolve(dotted(func))
        if path is None:
            return updated_node
        module, _, name = path.rpartition(".")
        if module == "keras.backend":
            return self._backend_call(original_node, updated_node, name)
        if module == "keras.layers" and name in rules.MERGE_NAMES:
            return self._merge(original_node, updated_node, name)
        renames: dict[str, str] = {}
        manual: frozenset[str] = frozenset()
        if module == "keras.layers":
            renames = {**rules.LAYER_KEYWORDS, **rules.CLASS_KEYWORDS.get(name, {})}
            manual = rules.MANUAL_KEYWORDS.get(name, frozenset())
            updated_node = self._kernel(original_node, updated_node, name)
        elif module == "keras.optimizers" and name in rules.OPTIMIZERS:
            renames, manual = rules.OPTIMIZER_KEYWORDS, rules.MANUAL_KEYWORDS["optimizer"]
        else:
            renames = rules.CALLABLE_KEYWORDS.get(path, {})
            manual = rules.MANUAL_KEYWORDS.get(path, frozenset())
        return self._keywords(original_node, updated_node, renames, manual)

    def _is_model_method(self, func: cst.Attribute) -> bool:
        """The method heuristic: a Keras file, a method name the file does not define itself."""
        name = func.attr.value
        known = (name in rules.GENERATOR_METHODS or name in rules.METHOD_RENAMES
                 or name in rules.MANUAL_METHODS or name in _FIT_METHODS)
        return (known and self.bindings.imports_keras and name not in self.bindings.defined
                and self.bindings.resolve(dotted(func.value)) is None)

    def _method(self, original_node: cst.Call, updated_node: cst.Call, name: str) -> cst.Call:
        func = updated_node.func
        assert isinstance(func, cst.Attribute)
        if name in rules.MANUAL_METHODS:
            self._found(name, name, ("attr", name))
            return updated_node
        if name in rules.METHOD_RENAMES:
            self._found(name, name, ("attr", name), rules.METHOD_RENAMES[name])
            new = cst.Name(rules.METHOD_RENAMES[name])
            return updated_node.with_changes(func=func.with_changes(attr=new))
        drop = frozenset()
        if name in rules.GENERATOR_METHODS:
            if sum(arg.keyword is None and not arg.star for arg in updated_node.args) > 1:
                self._found(f"{name}(<positional arguments>)", name, ("attr", name))
                return updated_node
            new = rules.GENERATOR_METHODS[name]
            self._found(name, name, ("attr", name), new)
            updated_node = updated_node.with_changes(func=func.with_changes(attr=cst.Name(new)))
            drop = rules.DROPPED_FIT_KEYWORDS
        renames = rules.FIT_KEYWORDS if name in rules.GENERATOR_METHODS else {"nb_epoch": "epochs"}
        if name == "fit":
            drop = rules.DROPPED_FIT_KEYWORDS
        return self._keywords(original_node, updated_node, renames, rules.MANUAL_FIT_KEYWORDS, drop)

    def _keywords(self, original_node: cst.Call, updated_node: cst.Call, renames: dict[str, str],
                  manual: frozenset[str], drop: frozenset[str] = frozenset()) -> cst.Call:
        """Rename, map, drop or mark the keyword arguments of one Keras call."""
        present = {arg.keyword.value for arg in updated_node.args if arg.keyword}
        originals = {arg.keyword.value for arg in original_node.args if arg.keyword}
        args = list(updated_node.args)
        dropped: set[int] = set()
        for position, arg in enumerate(updated_node.args):
            keyword = arg.keyword.value if arg.keyword else None
            if keyword is None or keyword not in originals:
                continue
            if keyword in drop:
                self._found(f"{keyword}=", f"{keyword}=", ("keyword", keyword),
                            "(removed: set it on a PyDataset)")
                dropped.add(position)
            elif keyword in manual or (keyword in renames and renames[keyword] in present):
                self._found(f"{keyword}=", f"{keyword}=", ("keyword", keyword))
            elif keyword in renames:
                new = renames[keyword]
                changes: dict[str, object] = {"keyword": cst.Name(new)}
                values = rules.KEYWORD_VALUES.get(new)
                if values is not None:
                    value = _string_value(arg.value)
                    if value not in values:
                        self._found(f"{keyword}=", f"{keyword}=", ("keyword", keyword))
                        continue
                    quote = arg.value.value[0]
                    changes["value"] = cst.SimpleString(f"{quote}{values[value]}{quote}")
                self._found(f"{keyword}=", f"{keyword}=", ("keyword", keyword), f"{new}=")
                args[position] = arg.with_changes(**changes)
        if args == list(updated_node.args) and not dropped:
            return updated_node
        return updated_node.with_changes(args=_drop_arguments(args, dropped))

    def _kernel(self, original_node: cst.Call, updated_node: cst.Call, name: str) -> cst.Call:
        """Keras 1 ``Convolution2D(32, 3, 3)`` and ``nb_row=3, nb_col=3``: one ``kernel_size`` tuple."""
        args = list(updated_node.args)
        sizes = rules.KERNEL_POSITIONALS.get(name, 0)
        positional = [arg for arg in args if arg.keyword is None and not arg.star]
        if sizes and len(positional) == 1 + sizes and len(args) >= 1 + sizes and not any(
                isinstance(arg.value, (cst.Tuple, cst.List)) for arg in positional[1:]):
            kernel = self._tuple(positional[1:])
            old = f"{name}({', '.join(_code(arg.value) for arg in positional)})"
            new = f"{name}({_code(positional[0].value)}, {_code(kernel)})"
            self._found(old, "nb_row", self._callee(original_node), new)
            args[1:1 + sizes] = [cst.Arg(value=kernel, comma=positional[-1].comma)]
            return updated_node.with_changes(args=args)
        if sizes and len(positional) > 1 + sizes:
            old = f"{name}(<{len(positional)} positional arguments>)"
            self._found(old, "nb_row", self._callee(original_node))
            return updated_node
        wanted = rules.KERNEL_KEYWORDS.get(name, ())
        found = {arg.keyword.value: position for position, arg in enumerate(args)
                 if arg.keyword and arg.keyword.value in wanted}
        if wanted and len(found) == len(wanted):
            first = min(found.values())
            kernel = self._tuple([args[found[keyword]] for keyword in wanted])
            self._found(", ".join(f"{keyword}=" for keyword in wanted), "nb_row", self._callee(original_node),
                        f"kernel_size={_code(kernel)}")
            args[first] = args[first].with_changes(keyword=cst.Name("kernel_size"), value=kernel)
            return updated_node.with_changes(args=_drop_arguments(
                args, {position for position in found.values() if position != first}))
        return updated_node

    @staticmethod
    def _tuple(args: list[cst.Arg]) -> cst.Tuple:
        last = len(args) - 1
        return cst.Tuple(elements=[cst.Element(value=arg.value, comma=cst.MaybeSentinel.DEFAULT if i == last
                                               else _COMMA)
                                   for i, arg in enumerate(args)])

    def _merge(self, original_node: cst.Call, updated_node: cst.Call, name: str) -> cst.BaseExpression:
        """``merge([a, b], mode='sum')`` -> ``keras.layers.Add()([a, b])``; ``Merge(mode=...)``: the layer."""
        keywords = {arg.keyword.value: arg for arg in updated_node.args if arg.keyword}
        positional = [arg for arg in updated_node.args if arg.keyword is None]
        inputs_keyword = "inputs" if name == "merge" else "layers"
        inputs = positional[0] if positional else keywords.get(inputs_keyword)
        mode = _string_value(keywords["mode"].value) if "mode" in keywords else "sum"
        allowed = {"mode", inputs_keyword, *rules.MERGE_KEYWORDS}
        unsupported = (mode not in rules.MERGE_MODES or len(positional) > 1 or any(
            arg.star for arg in updated_node.args) or not set(keywords) <= allowed
                       or (name == "merge") != (inputs is not None))
        if unsupported:
            self._found(f"{name}(...)", name, self._callee(original_node))
            return updated_node
        layer = rules.MERGE_MODES[mode]
        layer_args = [arg.with_changes(keyword=cst.Name(rules.MERGE_KEYWORDS[key]))
                      for key, arg in keywords.items() if key in rules.MERGE_KEYWORDS]
        if mode in ("dot", "cos") and "dot_axes" not in keywords:
            axes = cst.Arg(keyword=cst.Name("axes"), value=_expression("-1"), equal=_EQUAL)
            layer_args.insert(0, axes)
        if mode == "cos":
            layer_args.append(cst.Arg(keyword=cst.Name("normalize"), value=cst.Name("True"), equal=_EQUAL))
        layer_args = [arg.with_changes(comma=_COMMA) for arg in layer_args[:-1]] + [
            arg.with_changes(comma=cst.MaybeSentinel.DEFAULT) for arg in layer_args[-1:]]
        call = cst.Call(func=_chain(f"{self._keras()}.layers.{layer}"), args=layer_args)
        self._found(f"{name}(mode={mode!r})", name, self._callee(original_node), _code(call))
        if inputs is not None:
            call = cst.Call(func=call, args=[cst.Arg(value=inputs.value)])
        return call.with_changes(lpar=updated_node.lpar, rpar=updated_node.rpar)


def _manual_module(path: str) -> bool:
    return any(path == module or path.startswith(module + ".") for module in rules.MANUAL_MODULES)


def trigger_pattern(bindings: Bindings) -> re.Pattern[str]:
    """A regular expression that finds every line a rule may start from (statements without one are
    skipped): a name (``fit_generator``, ``K`` when bound to the backend) or a keyword and its ``=``."""
    names = set(rules.trigger_names())
    names |= {name for name, path in bindings.names.items()
              if path == "keras.backend" or path.rsplit(".", 1)[-1] in names}
    keywords = rules.trigger_keywords()
    return re.compile(rf"\b(?:{_alternatives(names)})\b|\b(?:{_alternatives(keywords)})\s*=(?!=)")


def _alternatives(words: Iterable[str]) -> str:
    return "|".join(sorted(map(re.escape, words), key=len, reverse=True))


def _spans(body: Sequence[cst.BaseStatement], tree: ast.Module) -> list[tuple[int, int, int]] | None:
    """For each top-level LibCST statement: its first and last line and its first ``ast`` statement's
    index (a line with ``a; b`` is two ``ast`` statements); None if the two parsers disagree."""
    spans = []
    position = 0
    for statement in body:
        count = len(statement.body) if isinstance(statement, cst.SimpleStatementLine) else 1
        nodes = tree.body[position:position + count]
        if len(nodes) != count:
            return None
        first = min(min((d.lineno for d in getattr(node, "decorator_list", ())), default=node.lineno)
                    for node in nodes)
        spans.append((first, max(node.end_lineno or node.lineno for node in nodes), position))
        position += count
    return spans if position == len(tree.body) else None


def migrate_module(text: str, tree: ast.Module, bindings: Bindings, pattern: re.Pattern[str] | None = None,
                   add_import: bool = True, report_only: bool = False) -> tuple[str, list[Finding], bool]:
    """Rewrite ``text`` (``tree`` is its ``ast``): the new text, the findings (with 1-based line and column
    in ``text``) and whether the rewrite needs an ``import keras`` the file does not have (added here, before
    the first Keras import, when ``add_import``). Statements without a trigger word are not visited;
    ``report_only`` finds without writing the new text out (``text`` is returned)."""
    pattern = pattern or trigger_pattern(bindings)
    starts = [0] + [found.end() for found in re.finditer("\n", text)]
    hits = sorted({bisect.bisect_right(starts, found.start()) for found in pattern.finditer(text)})
    if not hits:
        return text, [], False
    module = cst.parse_module(text)
    if module.header and module.body:  # the same text; a marker above the first statement is then seen
        first_statement = module.body[0]
        module = module.with_changes(header=[], body=[first_statement.with_changes(
            leading_lines=[*module.header, *first_statement.leading_lines]), *module.body[1:]])
    spans = _spans(module.body, tree)
    migrator = Migrator(bindings)
    body: list[cst.BaseStatement | None] = []  # None: a statement whose only import went
    located: list[int] = []  # the ast statements that hold findings
    changed = False
    for number, statement in enumerate(module.body):
        if spans is not None:
            first, last, _ = spans[number]
            hit = bisect.bisect_left(hits, first)
            if hit == len(hits) or hits[hit] > last:
                body.append(statement)
                continue
        before = len(migrator.findings)
        new = statement.visit(migrator)
        if spans is not None and len(migrator.findings) > before:
            first_node, count = spans[number][2], (
                len(statement.body) if isinstance(statement, cst.SimpleStatementLine) else 1)
            located.extend(range(first_node, first_node + count))
        changed = changed or new is not statement
        gone = not isinstance(new, cst.BaseStatement) or (isinstance(new, cst.SimpleStatementLine)
                                                          and not new.body)
        body.append(None if gone else new)
    locate(ast.Module(body=[tree.body[index] for index in located], type_ignores=[]) if spans is not None
           else tree, migrator.findings)
    needs_import = migrator.needs_keras_import and bindings.keras_alias is None
    if needs_import and add_import:
        body = _insert_import(body, _import_place(module.body, spans, module, tree))
        changed = True
    kept = [statement for statement in body if statement is not None]
    new_text = module.with_changes(body=kept).code if changed and not report_only else text
    return new_text, migrator.findings, needs_import


def _import_place(body: Sequence[cst.BaseStatement], spans: list[tuple[int, int, int]] | None,
                  module: cst.Module, tree: ast.Module) -> int:
    """Where ``import keras`` goes: before the first top-level Keras import, else after the docstring and
    ``__future__`` imports."""
    first_import = top_level_keras_import(tree)
    if first_import is not None and spans is not None:
        return max(number for number, (_, _, position) in enumerate(spans) if position <= first_import)
    place = 0
    for number, statement in enumerate(body):
        code = module.code_for_node(statement).strip()
        if not code.startswith(("from __future__", '"""', "'''", 'r"""')):
            break
        place = number + 1
    return place


def _insert_import(body: list[cst.BaseStatement | None], place: int) -> list[cst.BaseStatement | None]:
    """``body`` with ``import keras`` at ``place``; the comments above the statement that was there stay
    above both."""
    line = _IMPORT_KERAS
    body = list(body)
    there = body[place] if place < len(body) else None
    if there is not None and there.leading_lines:
        line = line.with_changes(leading_lines=there.leading_lines)
        body[place] = there.with_changes(leading_lines=[])
    body.insert(place, line)
    return body


def add_keras_import(text: str) -> str:
    """``text`` (parseable) with ``import keras`` added: for a notebook cell other than the one whose
    rewrite needs it."""
    module, tree = cst.parse_module(text), ast.parse(text)
    place = _import_place(module.body, _spans(module.body, tree), module, tree)
    body = _insert_import(list(module.body), place)
    return module.with_changes(body=[statement for statement in body if statement is not None]).code
