"""``kt.saliency`` and ``kt.saliency_view``: where an image model looks when it picks a class.

``compute.py`` computes the heatmaps (numpy, TensorFlow's GradientTape), ``figures.py`` draws them over
the images (matplotlib), ``summary.py`` says where the heat is in words, ``view.py`` is the instrument
(method and image controls, static and text). The package is not called ``saliency``: that name is the
public function ``kt.saliency``, which a subpackage of the same name would hide once imported.
"""
