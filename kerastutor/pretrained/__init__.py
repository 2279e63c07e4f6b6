"""The pretrained-model gallery: catalogue (data) | loading + weights | widget."""
