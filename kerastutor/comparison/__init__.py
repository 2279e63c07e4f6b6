"""Runs compared (``kt.compare``; the package is not named ``compare`` so that importing it never hides the
function): runs (pure: histories, best epochs, the table) | figure (matplotlib) | view (``compare``)."""
