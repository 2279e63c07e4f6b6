"""The pretrained-model gallery: catalogue (data) | table, predictions | loading (models, weights) | view."""
