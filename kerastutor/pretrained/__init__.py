"""The pretrained-model gallery: catalogue (data) | loading (models and weights) | view (widget)."""
