"""Import WeasyPrint without running other programs.

WeasyPrint opens Pango, HarfBuzz and fontconfig under several names, one per platform, and
cffi looks up each name that does not load at once with ``ctypes.util.find_library``, which
on Linux runs ``ldconfig -p`` and ``gcc`` (found through PATH: a workspace could put its own
there) and leaves ``cc*`` files in the temp folder. Every list of names ends with the plain
file name (``libgobject-2.0.so.0``, ``libgobject-2.0.0.dylib``), which loads directly, so
during the import the search is switched off: each name that does not load at once is
skipped, and the next one is tried.
"""

from __future__ import annotations

import sys
from types import ModuleType


def load() -> ModuleType:
    """The weasyprint module, imported once."""
    if "weasyprint" in sys.modules:
        return sys.modules["weasyprint"]
    import ctypes.util

    search = ctypes.util.find_library
    ctypes.util.find_library = lambda name: None
    try:
        import weasyprint
    finally:
        ctypes.util.find_library = search
    return weasyprint
