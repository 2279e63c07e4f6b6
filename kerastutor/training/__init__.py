"""Live training plots: history (pure) | report (text, pure) | figure (matplotlib) | view (ipywidgets) |
callback (``LivePlot``)."""
