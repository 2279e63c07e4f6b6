"""What a classifier gets wrong (``kt.mistakes``; the package is not named ``mistakes`` so that importing it
never hides the function): batches (memory-bounded predictions, shared with the projector) | analysis (pure:
scores, labels, confusion matrix, precision and recall, the most confident mistakes) | figures (matplotlib) |
view (``mistakes``)."""
