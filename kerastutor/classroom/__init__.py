"""The classroom around the lessons: an nbgrader course made from them (``course``), the class view
from learners' exported progress (``gradebook``), and the teacher's settings for a graded session."""
