"""``kerastutor.playground()``: TensorFlow Playground on a real ``keras.Model``.

data, features, settings (pure) | network, batches, session, player (the model, its training, the play
thread) | figures, diagram, curves, snapshot (pictures) | controls, view (ipywidgets) | export (Keras code).
"""
