"""Image augmentation preview: parameters -> Keras 3 layers / legacy kwargs / code (pure) | grid | widget."""
