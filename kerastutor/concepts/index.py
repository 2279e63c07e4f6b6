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


def normalize(text: str, keep_case: bool = False) -> str:
    """The matching key: module prefixes, call parentheses and separators dropped; lower case unless
    ``keep_case`` (which tells ``Softmax``, the layer, from ``softmax``, the activation)."""
    key = re.sub(r"\(.*$", "", text.strip()).rstrip("=").strip()
    key = _PREFIX.sub("", key) or key
    key = re.sub(r"[\s_.\-]", "", key)
    return key if keep_case else key.lower()


class ConceptIndex:
    """All concepts, looked up forgivingly; displays as the index by syllabus section."""

    def __init__(self, concepts: list[Concept]) -> None:
        self.concepts = list(concepts)
        self._exact: dict[str, list[Concept]] = {}  # case kept: Softmax and softmax differ
        self._by_key: dict[str, list[Concept]] = {}
        for concept in self.concepts:  # full names and aliases first, so they win over short forms
            for name in (concept.name, *concept.aliases):
                self._add(name, concept)
        for concept in self.concepts:
            for name in (concept.name, *concept.aliases):
                if "." in name:
                    self._add(name.split(".")[-1], concept)

    def _add(self, name: str, concept: Concept) -> None:
        for table, key in ((self._exact, normalize(name, keep_case=True)), (self._by_key, normalize(name))):
            found = table.setdefault(key, [])
            if concept not in found:
                found.append(concept)

    def lookup(self, name: str) -> Concept:
        """The concept for ``name``; KeyError with the closest matches when there is none."""
        if not isinstance(name, str) or not name.strip():
            raise refuse("explain", "name", name, "a Keras name as text, such as explain('Dense')")
        old_keyword = self._old_keyword(name)
        if old_keyword is not None:
            return old_keyword
        key = normalize(name)
        found = self._exact.get(normalize(name, keep_case=True)) or self._by_key.get(key)
        if found:
            others = tuple(c.name for c in found[1:])
            return replace(found[0], see_also=found[0].see_also + others) if others else found[0]
        keras_name = _keras_concept(name)
        if keras_name is not None:
            return keras_name
        names = [self._by_key[k][0].name for k in _closest_keys(key, list(self._by_key))]
        names = list(dict.fromkeys(names))
        hint = f" Did you mean {', '.join(names[:3])}?" if names else " Try explain() for the whole index."
        raise KeyError(f"kerastutor knows no Keras name {shorten(name)}.{hint}")

    def _old_keyword(self, call: str) -> Concept | None:
        """For a pasted call such as ``SGD(lr=0.1)``: the removed keyword it uses (``lr``), if any."""
        for keyword in re.findall(r"[(,]\s*(\w+)\s*=", call):
            candidates = self._exact.get(keyword, []) + self._by_key.get(normalize(keyword), [])
            removed = [c for c in candidates if c.status != "present"]
            if removed:
                callee = call.split("(")[0].strip()
                return replace(removed[0], see_also=removed[0].see_also + ((callee,) if callee else ()))
        return None

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


def _keras_concept(name: str) -> Concept | None:
    """A 'present' concept for a public Keras 3 name the index has no entry for, from its docstring."""
    import keras

    wanted = normalize(name)
    for namespace in _KERAS_NAMESPACES:
        module = getattr(keras, namespace, None) if namespace else keras
        if module is None:
            continue
        for attribute in dir(module):
            if not attribute.startswith("_") and normalize(attribute) == wanted:
                path = ".".join(part for part in ("keras", namespace, attribute) if part)
                return _from_docstring(path, getattr(module, attribute))
    for owner in (keras.Model, keras.layers.Layer):
        for attribute in dir(owner):
            if not attribute.startswith("_") and wanted in (normalize(attribute),
                                                             normalize(f"{owner.__name__}.{attribute}")):
                return _from_docstring(f"{owner.__name__}.{attribute}", getattr(owner, attribute))
    return None


def _from_docstring(path: str, value: object) -> Concept:
    """A concept built from a Keras object's own docstring."""
    doc = inspect.getdoc(value) or ""
    first = doc.split("\n\n")[0].replace("\n", " ").strip() or "A public Keras 3 name."
    return Concept(name=path, summary=first, status="present", example=f"help({path})")


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
