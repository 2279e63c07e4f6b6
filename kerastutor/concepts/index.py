"""Forgiving lookup over the concept index, and the index listed by syllabus section."""

from __future__ import annotations

import difflib
import html
import importlib
import inspect
import pkgutil
import re
from dataclasses import replace
from functools import cache
from typing import NoReturn

from .._arguments import refuse, shorten
from . import entries as entries_package
from .concept import Concept

# Syllabus sections in course order (keys as in the syllabus's seed_terms.tsv), then the extras.
SECTIONS: dict[str, str] = {
    "workflow": "1. The Keras workflow",
    "concepts": "2. Basic concepts and pitfalls",
    "model": "3. keras.Model",
    "model-training": "3. keras.Model: training methods",
    "layer": "4. Layers: common methods",
    "core-layers": "4. Core layers",
    "conv-layers": "4. Convolution layers",
    "pooling-layers": "4. Pooling layers",
    "locally-connected": "4. Locally connected layers",
    "recurrent": "4. Recurrent layers",
    "embeddings": "4. Embeddings",
    "merge-layers": "4. Merge layers",
    "advanced-activations": "4. Advanced activations",
    "normalization": "4. Normalization",
    "noise": "4. Noise",
    "wrappers": "4. Wrappers",
    "custom-layers": "4. Writing your own layer",
    "preprocessing-sequence": "5. Sequence preprocessing",
    "preprocessing-text": "5. Text preprocessing",
    "preprocessing-image": "5. Image preprocessing",
    "losses": "6. Losses",
    "metrics": "6. Metrics",
    "optimizers": "6. Optimizers",
    "activations": "6. Activations",
    "initializers": "6. Initializers",
    "regularizers": "6. Regularizers",
    "constraints": "6. Constraints",
    "callbacks": "6. Callbacks",
    "datasets": "6. Sample datasets",
    "applications": "6. Pretrained models",
    "utilities": "6. Utilities",
    "old-tutorials": "Names from older tutorials",
    "old-backend": "Names from older tutorials: backend functions (K.*)",
}

# Module paths a learner may paste in front of a name; dropped before matching.
_PREFIX = re.compile(
    r"^(?:(?:tensorflow|tf|keras|k|src|python|layers|models|utils|callbacks|optimizers|losses|metrics|"
    r"activations|initializers|regularizers|constraints|applications|datasets|preprocessing|image|"
    r"sequence|text|backend|saving|legacy|engine|core)\.)+", re.IGNORECASE)

# Keras 3 namespaces searched for names the index has no entry for.
_KERAS_NAMESPACES = ("layers", "models", "losses", "metrics", "optimizers", "activations", "initializers",
                     "regularizers", "constraints", "callbacks", "utils", "ops", "applications", "datasets",
                     "saving", "random", "backend", "config", "")

# How a query tells where its name is written (see ``Concept.context``).
_TF_KERAS = re.compile(r"^(?:tensorflow|tf)\.(?:python\.)?(?=keras\b)")
_BACKEND_QUERY = re.compile(r"^(?:(?:keras\.)?backend|K)\.(\w+)$")
_METHOD_QUERY = re.compile(
    r"^(?:[\w.]*\.)?(?:\w*(?:model|Model|layer|Layer)|Sequential|Functional)\.([\w\-]+)$")
_MODULE_QUERY = re.compile(r"^keras(?:\.[a-z_][a-z0-9_]*)+$")
_KEYWORD_IN_CALL = re.compile(r"[(,]\s*(\w+)\s*=(?!=)")
_BARE_KEYWORD = re.compile(r"^(\w+)\s*=(?!=)")
_OWNERS = ("Model.", "Sequential.", "Layer.", "Functional.")


def normalize(text: str, keep_case: bool = False) -> str:
    """The matching key: module prefixes, call parentheses and separators dropped; lower case unless
    ``keep_case`` (which tells ``Softmax``, the layer, from ``softmax``, the activation)."""
    key = re.sub(r"\(.*$", "", text.strip()).rstrip("=").strip()
    key = _PREFIX.sub("", key) or key
    key = re.sub(r"[\s_.\-]", "", key)
    return key if keep_case else key.lower()


def context_of(concept: Concept) -> str:
    """Where a concept's name is written: its ``context``, or for an entry that left the default, what its
    spelling says (``keras.backend.eval``: backend; ``nb_epoch=``: keyword; ``Model.fit``: method)."""
    if concept.context != "name":
        return concept.context
    if concept.name.startswith(("keras.backend.", "K.")):
        return "backend"
    if concept.name.startswith(_OWNERS) and re.fullmatch(r"\w+\.\w+", concept.name):
        return "method"
    if any(spelling.endswith("=") for spelling in (concept.name, *concept.aliases)):
        return "keyword"
    return "name"


def _imported(text: str) -> str:
    """What an import statement names: ``from keras.layers.core import Dense`` -> ``keras.layers.core.Dense``,
    ``import keras.utils.np_utils as np_utils`` -> ``keras.utils.np_utils``; other text as is."""
    found = re.fullmatch(r"from\s+([\w.]+)\s+import\s+\(?\s*(\w+).*", text, re.S)
    if found:
        return f"{found[1]}.{found[2]}"
    found = re.fullmatch(r"import\s+([\w.]+).*", text, re.S)
    return found[1] if found else text


def _path_key(text: str) -> str:
    """A dotted path as typed, for exact comparison: ``tf.keras.Layers.Core`` -> ``keras.layers.core``."""
    return _TF_KERAS.sub("", re.sub(r"\(.*$", "", text.strip())).lower()


def _keyword_of(spelling: str) -> str:
    """The keyword a keyword entry is about: ``init=`` -> ``init``; ``Embedding.init=`` -> ``init``."""
    return re.sub(r"=.*$", "", spelling).split(".")[-1].strip()


def _generic_keyword(concept: Concept) -> bool:
    """Whether a concept is a keyword entry about any call (``shuffle=``), not one callee's
    (``Embedding.dropout=``)."""
    spellings = (concept.name, *concept.aliases)
    return context_of(concept) == "keyword" and any(not _callee_of(spelling) for spelling in spellings)


def _callee_of(spelling: str) -> str:
    """The callee a keyword entry's spelling is restricted to, lower case: ``Embedding.init=`` ->
    ``embedding``; ``init=`` -> none."""
    head = re.sub(r"=.*$", "", spelling)
    return head.split(".")[-2].lower() if "." in head else ""


class ConceptIndex:
    """All concepts, looked up forgivingly; displays as the index by syllabus section.

    A query says where its name is written: ``K.sum`` or ``keras.backend.sum`` is a backend function,
    ``keras.layers.normalization`` a module, ``nb_classes=`` or ``Dense(output_dim=64)`` a keyword,
    ``model.reset_states`` a method, anything else a name. Entries of that context answer it; a name that
    still works in Keras 3 is never answered as moved or removed.
    """

    def __init__(self, concepts: list[Concept]) -> None:
        self.concepts = list(concepts)
        self._exact: dict[str, list[Concept]] = {}  # case kept: Softmax and softmax differ
        self._by_key: dict[str, list[Concept]] = {}
        self._paths: dict[str, list[Concept]] = {}  # full dotted paths, for module queries
        self._keywords: dict[str, list[Concept]] = {}  # keyword entries by their keyword
        for concept in self.concepts:  # full names and aliases first, so they win over short forms
            for name in (concept.name, *concept.aliases):
                self._add(name, concept)
                if "." in name:
                    _append(self._paths, _path_key(name), concept)
                if context_of(concept) == "keyword":
                    _append(self._keywords, _keyword_of(name).lower(), concept)
        for concept in self.concepts:
            for name in (concept.name, *concept.aliases):
                if "." in name:
                    self._add(name.split(".")[-1], concept)

    def _add(self, name: str, concept: Concept) -> None:
        _append(self._exact, normalize(name, keep_case=True), concept)
        _append(self._by_key, normalize(name), concept)

    def lookup(self, name: str) -> Concept:
        """The concept for ``name``; KeyError with the closest matches when there is none."""
        if not isinstance(name, str) or not name.strip():
            raise refuse("explain", "name", name, "a Keras name as text, such as explain('Dense')")
        text = _TF_KERAS.sub("", _imported(name.strip()))
        if "(" in text and _KEYWORD_IN_CALL.search(text):
            return self._call(text)
        keyword = _BARE_KEYWORD.match(text)
        if keyword:
            return self._keyword(text, keyword[1])
        bare = re.sub(r"\(.*$", "", text).strip()
        for pattern, context in ((_BACKEND_QUERY, "backend"), (_METHOD_QUERY, "method")):
            match = pattern.match(bare)
            if match:
                found = self._in_context(match[1], context, bare)
                if found is None and _MODULE_QUERY.match(bare):  # keras.backend.tensorflow_backend
                    found = self._module(bare)
                return found if found is not None else self._missing(name, context)
        if _MODULE_QUERY.match(bare):
            found = self._module(bare)
            if found is not None:
                return found
            if not _in_keras(bare):  # keras.legacy.layers is not Model.layers: only an old name may answer
                answer = self._name(text)
                return answer if answer.status != "present" else self._missing(name)
        old_module = self._old_module_of(bare)
        if old_module is not None:  # keras.layers.core.Dense: the import fails on the module
            return replace(old_module, see_also=old_module.see_also + (bare.split(".")[-1],))
        return self._name(text)

    def _candidates(self, text: str) -> list[Concept]:
        """Entries spelled like ``text``: same case first, then any case."""
        exact = self._exact.get(normalize(text, keep_case=True), [])
        loose = self._by_key.get(normalize(text), [])
        return list(dict.fromkeys(exact + loose))

    def _name(self, name: str) -> Concept:
        """A name: entries for names first (their alternatives in other contexts in ``see_also``)."""
        key = normalize(name)
        found = self._exact.get(normalize(name, keep_case=True)) or self._by_key.get(key)
        if found:
            verbatim = [c for c in found if c.name == name]  # Layer.weights= is the keyword, not the property
            names = verbatim or [c for c in found if context_of(c) in ("name", "method")]
            if not names and not any(_generic_keyword(c) for c in found):  # shuffle is fit's shuffle=
                keras_name = _keras_concept(name)  # Sum is the metric, not keras.backend.sum
                if keras_name is not None:
                    return replace(keras_name, see_also=tuple(c.name for c in found))
            found = names + [c for c in found if c not in names]
            if _in_keras(name) and found[0].status != "present":  # a name that works is never gone
                present = [c for c in found if c.status == "present"]
                found = present + [c for c in found if c not in present] if present else found
                if not present:
                    keras_name = _keras_concept(name)
                    if keras_name is not None:
                        return keras_name
            others = tuple(c.name for c in found[1:])
            return replace(found[0], see_also=found[0].see_also + others) if others else found[0]
        keras_name = _keras_concept(name)
        if keras_name is not None:
            return keras_name
        return self._missing(name)

    def _missing(self, name: str, context: str = "name") -> NoReturn:
        """KeyError naming the closest known spellings of the same context (a method for a method)."""
        wanted = ("name", "method") if context == "name" else (context,)
        names = [next((c.name for c in self._by_key[k] if context_of(c) in wanted), "")
                 for k in _closest_keys(normalize(name), list(self._by_key))]
        names = [n for n in dict.fromkeys(names) if n]
        hint = f" Did you mean {', '.join(names[:3])}?" if names else " Try explain() for the whole index."
        raise KeyError(f"kerastutor knows no Keras name {shorten(name)}.{hint}")

    def _in_context(self, key: str, context: str, typed: str) -> Concept | None:
        """A backend function (``K.sum``) or a method (``model.reset_states``): entries of that context
        only, the one spelled as typed (``Layer.get_weights``) first; what Keras 3 still has is answered as
        present."""
        spelled = self._exact.get(normalize(typed, keep_case=True), [])
        same_case = self._exact.get(normalize(key, keep_case=True), [])  # K._BACKEND is not K.backend
        candidates = same_case if context == "backend" else self._candidates(key)
        found = [c for c in dict.fromkeys(spelled + candidates) if context_of(c) == context]
        still = _keras_attribute(key, context)
        if still is not None:  # K.epsilon, model.summary: they work
            present = [c for c in found if c.status == "present"]
            return present[0] if present else _from_docstring(still[0], still[1], context)
        gone = [c for c in found if c.status != "present"]  # not an entry that only mentions the old name
        return (gone or found or [None])[0]

    def _module(self, path: str) -> Concept | None:
        """A lowercase dotted path: a module entry, a module Keras 3 still has, a name in Keras 3, or the
        entry of the old module it starts with (``keras.utils.np_utils.to_categorical``)."""
        key = _path_key(path)
        found = [c for c in self._paths.get(key, []) if context_of(c) not in ("backend", "keyword")]
        if _is_module(key):
            present = [c for c in found if c.status == "present"]
            stub = [c for c in found if c.name == path and context_of(c) == "module"]  # imports, then refuses
            return present[0] if present else stub[0] if stub else _module_concept(key)
        if found:
            return found[0]
        return None if _in_keras(key) else self._old_module_of(key)  # keras.utils.to_categorical: a name

    def _old_module_of(self, path: str) -> Concept | None:
        """For a ``keras.`` path that Keras 3 cannot resolve, the entry of the old module it goes through
        (``keras.layers.core`` for ``keras.layers.core.Dense``)."""
        key = _path_key(path)
        if not key.startswith("keras.") or _in_keras(key):
            return None
        parts = key.split(".")
        for end in range(len(parts) - 1, 1, -1):
            found = [c for c in self._paths.get(".".join(parts[:end]), [])
                     if context_of(c) == "module" and c.status != "present"]
            if found:
                return found[0]
        return None

    def _keyword(self, text: str, keyword: str) -> Concept:
        """A bare keyword (``nb_classes=``): an entry spelled exactly as typed (``epsilon=None``,
        ``batch_size=``), else a keyword entry; never a function or class that happens to share the name."""
        exact = [c for c in self._exact.get(normalize(text, keep_case=True), [])
                 if context_of(c) in ("keyword", "name")]  # pooling= is not keras.layers.pooling
        found = exact or self._keyword_entries(keyword, "")
        if found:
            return found[0]
        return self._missing(text, "keyword")

    def _keyword_entries(self, keyword: str, callee: str) -> list[Concept]:
        """Keyword entries about ``keyword``: those for ``callee`` (``Embedding.init=``; ``Layer.kw=`` for any
        layer) before the generic ones (``init=``); those for another callee left out."""
        entries = self._keywords.get(keyword.lower(), [])
        wanted = {callee.split(".")[-1].lower()} - {""}
        if wanted and _is_layer(callee):
            wanted.add("layer")  # Layer.batch_size= is about every layer
        own = [c for c in entries if any(_callee_of(s) in wanted for s in (c.name, *c.aliases))]
        generic = [c for c in entries if _generic_keyword(c)]
        return own + [c for c in generic if c not in own]

    def _call(self, call: str) -> Concept:
        """A pasted call such as ``SGD(lr=0.1)``: the first old keyword it uses that the callee does not take
        in Keras 3; the callee itself when there is none."""
        callee = call.split("(")[0].strip()
        refused = []
        for keyword in _KEYWORD_IN_CALL.findall(call):
            if callee and _takes_keyword(callee, keyword):
                continue
            removed = [c for c in self._keyword_entries(keyword, callee) if c.status != "present"]
            if removed:
                return replace(removed[0], see_also=removed[0].see_also + ((callee,) if callee else ()))
            if callee and _refuses_keyword(callee, keyword):
                refused.append(keyword)
        if refused:  # not the callee as "present": the call fails
            raise KeyError(f"kerastutor knows no Keras name {shorten(refused[0] + '=')}; Keras 3's {callee} "
                           f"does not take it. Its arguments: {', '.join(_arguments(callee))}.")
        if callee:
            return self.lookup(callee)
        return self._keyword(call, _KEYWORD_IN_CALL.findall(call)[0])

    def by_section(self) -> dict[str, list[Concept]]:
        """Concepts grouped under the syllabus section titles, in course order."""
        grouped: dict[str, list[Concept]] = {}
        for key, title in SECTIONS.items():
            members = [c for c in self.concepts if c.section == key]
            if members:
                grouped[title] = members
        return grouped

    def __len__(self) -> int:
        return len(self.concepts)

    def __str__(self) -> str:
        lines = []
        for title, members in self.by_section().items():
            lines.append(title)
            lines.extend(f"  {c.name:<34} {_status_words(c)}" for c in members)
        return "\n".join(lines)

    def __repr__(self) -> str:
        return f"{len(self)} concepts; explain('name') for one.\n{self}"

    def _repr_html_(self) -> str:
        parts = [f"<p>{len(self)} concepts; <code>kt.explain('name')</code> explains one.</p>"]
        for title, members in self.by_section().items():
            items = ", ".join(f"<code>{html.escape(c.name)}</code>" + ("" if c.status == "present" else
                              f" <i>({html.escape(_status_words(c))})</i>") for c in members)
            parts.append(f"<p><b>{html.escape(title)}</b>: {items}</p>")
        return "".join(parts)


def _append(table: dict[str, list[Concept]], key: str, concept: Concept) -> None:
    """Add ``concept`` under ``key`` once."""
    found = table.setdefault(key, [])
    if concept not in found:
        found.append(concept)


def _closest_keys(key: str, keys: list[str]) -> list[str]:
    """Known keys a learner probably meant: ones inside what they typed (``Dense_layer`` holds ``dense``),
    longest first, then near spellings (``BatchNormalisation``)."""
    inside = sorted((k for k in keys if len(k) >= max(4, len(key) / 2) and k in key), key=len, reverse=True)
    return inside[:2] + difflib.get_close_matches(key, keys, n=5, cutoff=0.7)


def _status_words(concept: Concept) -> str:
    """``present``, ``removed in Keras 3.0 -> use X``..."""
    if concept.status == "present":
        return "present"
    words = f"{concept.status} in {concept.since}"
    return f"{words} -> {concept.replacement}" if concept.replacement else words


def _keras_concept(name: str, context: str = "name") -> Concept | None:
    """A 'present' concept for a public Keras 3 name the index has no entry for, from its docstring."""
    import keras

    wanted = normalize(name)
    if context != "method":
        for namespace in _KERAS_NAMESPACES:
            module = getattr(keras, namespace, None) if namespace else keras
            if module is None:
                continue
            for attribute in dir(module):
                if not attribute.startswith("_") and normalize(attribute) == wanted:
                    path = ".".join(part for part in ("keras", namespace, attribute) if part)
                    return _from_docstring(path, getattr(module, attribute), context)
    for owner in (keras.Model, keras.layers.Layer):
        for attribute in dir(owner):
            if not attribute.startswith("_") and wanted in (normalize(attribute),
                                                             normalize(f"{owner.__name__}.{attribute}")):
                return _from_docstring(f"{owner.__name__}.{attribute}", getattr(owner, attribute), "method")
    return None


def _from_docstring(path: str, value: object, context: str = "name") -> Concept:
    """A concept built from a Keras object's own docstring."""
    doc = inspect.getdoc(value) or ""
    first = doc.split("\n\n")[0].replace("\n", " ").strip() or "A public Keras 3 name."
    return Concept(name=path, summary=first, status="present", example=f"help({path})",
                   context=context)  # type: ignore[arg-type]


def _module_concept(path: str) -> Concept:
    """A 'present' concept for a module Keras 3 still has."""
    return Concept(name=path, summary=f"A public Keras 3 module; dir({path}) lists its names.",
                   status="present", example=f"import {path}\nprint(dir({path}))", context="module")


@cache
def _is_module(path: str) -> bool:
    """Whether ``import path`` works in Keras 3 (only paths under ``keras`` are tried)."""
    if path != "keras" and not path.startswith("keras."):
        return False
    try:
        importlib.import_module(path)
    except ImportError:
        return False
    return True


@cache
def _keras_object(path: str) -> object | None:
    """What a dotted Keras 3 path names (``keras.layers.Dense``, ``Model.fit``; a bare ``Dense`` is searched
    for in the public namespaces, case kept), or None."""
    import keras

    path = _TF_KERAS.sub("", path.strip())
    owner, _, attribute = path.partition(".")
    owners = {"Model": keras.Model, "model": keras.Model, "Sequential": keras.Sequential,
              "Layer": keras.layers.Layer, "layer": keras.layers.Layer}
    if owner in owners and attribute.isidentifier():  # Model.fit, model.fit
        return getattr(owners[owner], attribute, None)
    if not path.startswith("keras."):
        for namespace in _KERAS_NAMESPACES:
            module = getattr(keras, namespace, None) if namespace else keras
            if module is not None and path and hasattr(module, path):
                return getattr(module, path)
        return None
    parts = path.split(".")
    for end in range(len(parts), 0, -1):
        if _is_module(".".join(parts[:end])):
            value: object = importlib.import_module(".".join(parts[:end]))
            for part in parts[end:]:
                value = getattr(value, part, None)
                if value is None:
                    return None
            return value
    return None


@cache
def _refuses_keyword(callee: str, keyword: str) -> bool:
    """Whether a Keras 3 callable surely refuses ``keyword``: it names no such parameter, and has no
    ``**kwargs`` that could take it (a layer's ``**kwargs`` take only what ``Layer`` and the layer's own
    ``__init__`` pick out by name, such as ``input_shape``)."""
    import keras

    target = _keras_object(callee)
    if target is None or not callable(target) or keyword in _arguments(callee):
        return False
    if isinstance(target, type) and issubclass(target, keras.layers.Layer):
        quoted = re.compile(rf"[\"']{re.escape(keyword)}[\"']")
        return not any(quoted.search(_source(function)) for function in _initializers(target))
    function = target.__init__ if isinstance(target, type) else target
    try:
        parameters = inspect.signature(function).parameters.values()
    except (TypeError, ValueError):
        return False
    return not any(p.kind is inspect.Parameter.VAR_KEYWORD for p in parameters)


@cache
def _arguments(callee: str) -> tuple[str, ...]:
    """The named parameters of a Keras 3 callable (for a class, of its and its Keras bases' ``__init__``)."""
    target = _keras_object(callee)
    functions = _initializers(target) if isinstance(target, type) else [target]
    names: list[str] = []
    for function in functions:
        try:
            parameters = inspect.signature(function).parameters.values()
        except (TypeError, ValueError):
            continue
        names.extend(p.name for p in parameters
                     if p.name != "self" and p.kind not in (p.VAR_KEYWORD, p.VAR_POSITIONAL))
    return tuple(dict.fromkeys(names))


def _initializers(cls: type) -> list[object]:
    """The ``__init__`` methods a Keras class runs: its own and its Keras bases'."""
    return [c.__dict__["__init__"] for c in cls.__mro__
            if c.__module__.startswith("keras") and "__init__" in c.__dict__]


def _source(function: object) -> str:
    """A function's source code, or nothing when Python cannot find it."""
    try:
        return inspect.getsource(function)  # type: ignore[arg-type]
    except (OSError, TypeError):
        return ""


def _is_layer(callee: str) -> bool:
    """Whether a callee names a Keras 3 layer class (``keras.layers.LSTM``, ``LSTM``)."""
    import keras

    target = _keras_object(callee)
    return isinstance(target, type) and issubclass(target, keras.layers.Layer)


def _in_keras(name: str) -> bool:
    """Whether a ``keras.``-prefixed dotted path still works in Keras 3 (bare names are not judged)."""
    path = _TF_KERAS.sub("", re.sub(r"\(.*$", "", name.strip()))
    return path.startswith("keras.") and _keras_object(path) is not None


def _keras_attribute(key: str, context: str) -> tuple[str, object] | None:
    """(path, value) of a backend function (``keras.backend.epsilon``) or a Model/Layer method
    (``Model.summary``) that Keras 3 still has; None if it has not."""
    import keras

    owners = ((keras.backend, "keras.backend"),) if context == "backend" else (
        (keras.Model, "Model"), (keras.layers.Layer, "Layer"))
    for owner, path in owners:
        if not key.startswith("_") and hasattr(owner, key):
            return f"{path}.{key}", getattr(owner, key)
    return None


@cache
def _takes_keyword(callee: str, keyword: str) -> bool:
    """Whether a Keras 3 callable names ``keyword`` in its signature (``**kwargs`` does not count)."""
    target = _keras_object(callee)
    if target is None or not callable(target):
        return False
    try:
        parameters = inspect.signature(target).parameters
    except (TypeError, ValueError):
        return False
    return keyword in parameters and parameters[keyword].kind is not inspect.Parameter.VAR_KEYWORD


@cache
def default_index() -> ConceptIndex:
    """The index built from every module in ``kerastutor.concepts.entries``."""
    concepts: list[Concept] = []
    for module_info in sorted(pkgutil.iter_modules(entries_package.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{entries_package.__name__}.{module_info.name}")
        concepts.extend(module.ENTRIES)
    order = {key: position for position, key in enumerate(SECTIONS)}
    return ConceptIndex(sorted(concepts, key=lambda c: order.get(c.section or "", len(order))))


def explain(name: str | None = None) -> Concept | ConceptIndex:
    """Explain a Keras name (old or new): ``kt.explain("fit_generator")``; no name lists the index."""
    index = default_index()
    return index if name is None else index.lookup(name)
