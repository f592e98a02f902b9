"""The folders every build may read: codio-print's own templates and content, and the
installed fonts. The fetcher (render/fetcher.py) and the cache's stamps (builder/cache.py)
both start from these, and add what a build names (a workspace, the ICC profile)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from codio_print import paths
from codio_print.inputs.fonts import SYSTEM_FONTS, installed_folders, instance_folder


@lru_cache(maxsize=None)
def builtin_roots() -> tuple[Path, ...]:
    """What every build may read: codio-print's templates and content, the installed fonts
    (the fontpkg packages, their static instances and the system's font folders)."""
    return tuple(p.resolve() for p in (paths.TEMPLATES, paths.CONTENT, *installed_folders(),
                                       instance_folder(), *SYSTEM_FONTS))
