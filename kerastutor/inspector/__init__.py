"""The layer inspector: activations, facts, weights and code (pure) | figures | view (widget)."""
