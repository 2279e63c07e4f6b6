"""Which Keras 1/2 names an error is about: the concept cards for an exception old Keras code raises.

Keras 3 rejects an old name in one of a few ways, each read here from the exception's attributes
(``AttributeError.obj``/``.name``, ``ImportError.name``) or its message, never from a guess:

- ``module 'keras.backend' has no attribute 'set_value'`` and ``'Sequential' object has no attribute
  'fit_generator'`` (AttributeError on a Keras module or object);
- ``No module named 'keras.utils.np_utils'`` and ``cannot import name 'Merge' from 'keras.layers'``;
- ``TensorFlowTrainer.fit() got an unexpected keyword argument 'nb_epoch'`` and, when the old keyword
  replaced a required one, ``Dense.__init__() missing 1 required positional argument: 'units'`` (the
  keywords are then read from the call in the source);
- ``Unrecognized keyword arguments passed to Conv2D: {'border_mode': 'same'}`` and ``Argument(s) not
  recognized: {'lr': 0.1}`` (ValueErrors raised inside Keras);
- any of these raised inside a layer's ``call``, which Keras re-raises as ``Exception encountered when
  calling ...`` quoting the original message.

A card is given only for a name ``explain`` calls moved or removed, answered in the context the error
writes it (a keyword error gets a keyword's card, ``model.core`` no module's): errors about anything else,
about the learner's own objects, or about names that still work give none.
"""

from __future__ import annotations

import ast
import linecache
import re
import sys
import traceback
from types import ModuleType, TracebackType
from typing import NamedTuple

from .concept import Concept, Context
from .index import context_of, explain, normalize

# A module path inside Keras: keras.layers, tensorflow.keras.backend, tf_keras.utils...
_KERAS_MODULE = re.compile(r"(?:^|\.)(?:tf_)?keras(?:\.|$)")
_MODULE_ATTRIBUTE = re.compile(r"^module '([\w.]+)' has no attribute '(\w+)'")
_OBJECT_ATTRIBUTE = re.compile(r"^'(\w+)' object has no attribute '(\w+)'")
_CANNOT_IMPORT = re.compile(r"^cannot import name '(\w+)' from '([\w.]+)'")
_NO_MODULE = re.compile(r"^No module named '([\w.]+)'")
_UNEXPECTED_KEYWORD = re.compile(r"^([\w.]+)\(\) got an unexpected keyword argument '(\w+)'")
_MISSING_ARGUMENT = re.compile(r"^([\w.]+)\(\) missing \d+ required (?:positional|keyword-only) argument")
_UNRECOGNIZED = re.compile(r"^(?:Unrecognized keyword arguments?(?:\(s\))?(?: passed to (\w+))?|"
                           r"Argument\(s\) not recognized|Arguments not recognized|"
                           r"Invalid keyword arguments): \{(.*)\}$", re.DOTALL)
_QUOTED = re.compile(r"^Exception encountered when calling [^\n]*\n\n\x1b\[1m(.*?)\x1b\[0m", re.DOTALL)
_DICT_KEY = re.compile(r"(?:^|, )'(\w+)': ")

# Where each kind of error's name is written, so that an answer from elsewhere is never shown: a path
# (keras.layers.Merge, keras.utils.np_utils, K.sum), an attribute of an object (model.fit_generator,
# optimizer.lr, once a keyword), a keyword argument.
_PATH: tuple[Context, ...] = ("name", "module", "backend")
_ATTRIBUTE: tuple[Context, ...] = ("method", "keyword")
_KEYWORD: tuple[Context, ...] = ("keyword",)


class OldName(NamedTuple):
    """One name an error is about: the ``explain`` queries that spell it, most precise first, and the
    contexts (see ``Concept.context``) an answer about it can have."""

    spellings: tuple[str, ...]
    contexts: tuple[Context, ...]


def old_name_cards(error: BaseException) -> list[Concept]:
    """The concept cards of the moved or removed Keras 1/2 names that caused ``error``, in the order
    they appear; empty when the error is not about one."""
    cards: list[Concept] = []
    for old_name in old_names(error):
        card = _answer(old_name)
        if card is not None and card.status != "present" and card not in cards:
            cards.append(card)
    return cards


def old_names(error: BaseException) -> list[OldName]:
    """The names ``error`` is about (``K.set_value`` spelled ``("K.set_value", "keras.backend.set_value")``);
    empty for errors Keras did not raise about a name."""
    if isinstance(error, AttributeError):
        return _attribute_queries(error)
    if isinstance(error, ImportError):
        return _import_queries(error)
    if isinstance(error, TypeError):
        return _call_queries(error)
    if isinstance(error, ValueError):
        return _unrecognized_queries(error)
    return []


def _answer(old_name: OldName) -> Concept | None:
    """explain's answer for the first spelling it knows that is about the same name (the last part of
    the spellings: ``set_value``, ``border_mode``) in a context it can have, so that ``Dense(activation=)``
    is never answered with ``Dense``, nor ``model.core`` with the module ``keras.layers.core``."""
    name = normalize(_last_part(old_name.spellings[-1]))
    for spelling in old_name.spellings:
        try:
            found = explain(spelling)
        except KeyError:
            continue
        if (isinstance(found, Concept) and context_of(found) in old_name.contexts
                and name in {normalize(_last_part(known)) for known in (found.name, *found.aliases)}):
            return found
    return None


def _last_part(spelling: str) -> str:
    """``keras.backend.set_value`` -> ``set_value``; ``Conv2D(border_mode=)`` -> ``border_mode``."""
    inside = re.search(r"\((\w+)=\)$", spelling)
    return inside[1] if inside else spelling.rstrip("=").split(".")[-1]


def _attribute_queries(error: AttributeError) -> list[OldName]:
    """``K.set_value``, ``keras.layers.core``, ``model.fit_generator``: a name missing from a Keras module
    or from a Keras object (a learner's subclass of ``keras.Model`` counts; their own classes do not)."""
    name, owner = getattr(error, "name", None), getattr(error, "obj", None)
    if name is not None:
        if isinstance(owner, ModuleType):
            return _module_attribute(owner.__name__, name)
        return _class_attribute(owner if isinstance(owner, type) else type(owner), name)
    message = _message(error)  # re-raised by Keras from a layer's call, or raised by hand
    if match := _MODULE_ATTRIBUTE.match(message):
        return _module_attribute(match[1], match[2])
    if match := _OBJECT_ATTRIBUTE.match(message):
        return _class_attribute(_keras_definition(match[1]), match[2])
    return []


def _module_attribute(module: str, name: str) -> list[OldName]:
    """The spellings of ``module.name`` in a Keras module; backend functions as ``K.name``, as old code
    writes them."""
    if not _KERAS_MODULE.search(module):
        return []
    if module.split(".")[-1] == "backend":
        return [OldName((f"K.{name}", f"keras.backend.{name}"), _PATH)]
    return [OldName((f"{module}.{name}",), _PATH)]


def _class_attribute(owner: object, name: str) -> list[OldName]:
    """The spellings of ``name`` on a Keras class or a subclass of one: ``Sequential.predict_classes``,
    ``Model.predict_classes``... then ``predict_classes`` alone."""
    if not isinstance(owner, type):
        return []
    classes = [cls.__name__ for cls in owner.__mro__ if _KERAS_MODULE.search(cls.__module__)]
    return [OldName((*(f"{cls}.{name}" for cls in classes), name), _ATTRIBUTE)] if classes else []


def _import_queries(error: ImportError) -> list[OldName]:
    """``keras.utils.np_utils`` (no such module) or ``keras.layers.Merge`` (no such name in a module)."""
    message = _message(error)
    if match := _CANNOT_IMPORT.match(message):
        return [OldName((f"{match[2]}.{match[1]}",), _PATH)] if _KERAS_MODULE.search(match[2]) else []
    missing = _NO_MODULE.match(message)
    name = getattr(error, "name", None) or (missing[1] if missing else None)
    return [OldName((name,), _PATH)] if missing and name and _KERAS_MODULE.search(name) else []


def _call_queries(error: TypeError) -> list[OldName]:
    """A keyword a Keras function or class no longer takes, named in the message, or (when the old
    keyword stood for a required argument: ``Dense(output_dim=64)``) written in the failing call."""
    message = _message(error)
    unexpected = _UNEXPECTED_KEYWORD.match(message)
    if unexpected and _keras_callee(unexpected[1]):
        return [_keyword(unexpected[2], _failing_call(error.__traceback__), unexpected[1])]
    missing = _MISSING_ARGUMENT.match(message)
    if missing and _keras_callee(missing[1]):
        call = _failing_call(error.__traceback__)
        return [_keyword(keyword.arg, call, missing[1])
                for keyword in (call.keywords if call else ()) if keyword.arg]
    return _unrecognized_queries(error)  # the old text preprocessing raises its own as a TypeError


def _unrecognized_queries(error: TypeError | ValueError) -> list[OldName]:
    """Keywords Keras collected in ``**kwargs`` and refused: ``{'border_mode': 'same'}``."""
    match = _UNRECOGNIZED.match(_message(error))
    if match is None or not _raised_in_keras(error.__traceback__):
        return []
    call = _failing_call(error.__traceback__)
    return [_keyword(name, call, match[1]) for name in _DICT_KEY.findall(match[2])]


def _message(error: BaseException) -> str:
    """The error's message; for an error Keras re-raised from a layer's ``call`` (``Exception encountered
    when calling ...``), the original message it quotes."""
    text = str(error)
    quoted = _QUOTED.match(text)
    return quoted[1] if quoted else text


def _keyword(name: str, call: ast.Call | None, callee: str | None) -> OldName:
    """The spellings of keyword ``name``: with the callee as written (``layers.Conv2D(border_mode=)``),
    with the callee the message names (``Conv2D(border_mode=)``), then alone (``border_mode=``)."""
    callees = [ast.unparse(call.func)] if call is not None else []
    if callee:
        callees.append(callee.removesuffix(".__init__"))
    return OldName(tuple(dict.fromkeys([*(f"{each}({name}=)" for each in callees), f"{name}="])), _KEYWORD)


def _keras_callee(qualified: str) -> bool:
    """Whether a callee as a TypeError names it (``Dense.__init__``, ``to_categorical``) is Keras's."""
    return _keras_definition(qualified.split(".")[0]) is not None


def _keras_definition(name: str) -> object:
    """The class or function called ``name`` that a loaded Keras module defines, or None (a learner's
    own ``f`` is not one). Module namespaces are read as they are: no lazy import is triggered."""
    for module_name, module in list(sys.modules.items()):
        if _KERAS_MODULE.search(module_name) and module is not None:
            value = getattr(module, "__dict__", {}).get(name)
            if _KERAS_MODULE.search(getattr(value, "__module__", None) or ""):
                return value
    return None


def _raised_in_keras(tb: TracebackType | None) -> bool:
    """Whether any frame of the traceback runs Keras code."""
    return any(_KERAS_MODULE.search(frame.f_globals.get("__name__") or "")
               for frame, _ in traceback.walk_tb(tb))


def _failing_call(tb: TracebackType | None) -> ast.Call | None:
    """The call expression, as written in the learner's code, that the error left from: the innermost
    frame outside Keras, at the position Python records for it (None when the source is not at hand)."""
    frames = list(traceback.walk_tb(tb))
    summaries = traceback.extract_tb(tb)  # with the column positions walk_tb lacks
    for (frame, _), summary in zip(reversed(frames), reversed(summaries), strict=True):
        if _KERAS_MODULE.search(frame.f_globals.get("__name__") or ""):
            continue
        return _call_at(summary)
    return None


def _call_at(summary: traceback.FrameSummary) -> ast.Call | None:
    """The call expression at a frame's recorded position, parsed; None when it is not one call (or
    Python records no columns: before 3.11)."""
    first, last = summary.lineno, getattr(summary, "end_lineno", None)
    start, end = getattr(summary, "colno", None), getattr(summary, "end_colno", None)
    if None in (first, last, start, end):
        return None
    lines = [line.encode() for line in linecache.getlines(summary.filename)]
    span = lines[first - 1:last]
    if len(span) != last - first + 1:
        return None
    span[-1] = span[-1][:end]  # positions are UTF-8 byte offsets
    span[0] = span[0][start:]
    try:
        tree = ast.parse(b"".join(span).decode().strip(), mode="eval")
    except (SyntaxError, UnicodeDecodeError, ValueError):
        return None
    return tree.body if isinstance(tree.body, ast.Call) else None
