"""The layer inspector: activations and weights (pure) | figures | widget."""
