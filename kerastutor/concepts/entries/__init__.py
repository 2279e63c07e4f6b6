"""Concept entries, one module per group of syllabus sections; each module defines ``ENTRIES``."""
