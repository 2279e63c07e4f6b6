"""Live training plots: history (pure) | figure (matplotlib) | view (ipywidgets) | callback."""
