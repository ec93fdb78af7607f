"""CJM Studio's core: the journey-map model and everything done with maps, without any UI.

This package never imports streamlit (a test checks it): the app in ``app.py`` and
``pages/`` is a thin shell over it, and ``python -m cjm`` does the same work headless.
"""

__version__ = "0.1.0"
