"""Which layer is not learning: record (pure statistics) | measure (reads the model) | report (text) |
figure (matplotlib) | view (ipywidgets) | callback (``LayerStats``)."""
