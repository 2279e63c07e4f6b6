"""The concept index: ``explain(name)`` says what a Keras name is and what it became in Keras 3."""

from .concept import Concept
from .index import ConceptIndex, explain

__all__ = ["Concept", "ConceptIndex", "explain"]
