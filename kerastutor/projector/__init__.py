"""What the network thinks is similar (``kt.projection``; the package is not named ``projection`` so that
importing it never hides the function): compute (pure: a layer's outputs for many samples, projected to 2-D) |
svg (the hoverable scatter, pure text) | figures (matplotlib) | view (``projection``)."""
