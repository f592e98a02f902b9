"""The language of every message a person reads: Dutch first, English on request.

Messages are written in the code in English, wrapped in ``_()`` (or ``N_()`` where the text
is a constant made before the language is known, and ``ngettext()`` where it counts). The
catalogs in ``codio_print/locale/`` hold the Dutch and the English text of each
(``make messages`` extracts them with Babel and compiles them; ``tests/unit/test_messages.py``
fails on a message that is in the code but not in both catalogs). Placeholders are named,
``{file}``, and filled after translation: ``_("… {file} …").format(file=…)``.

The language: ``--taal nl|en`` on the command line, else the locale (``LANGUAGE``,
``LC_ALL``, ``LC_MESSAGES``, ``LANG``, the first that is set): ``en…`` is English, anything
else, or nothing, is Dutch. Only the standard library is used, so the quick answer of a
build with nothing to do (builder/quickcheck.py) can speak too.
"""

from __future__ import annotations

import gettext as _gettext
import os
from pathlib import Path
from typing import Iterable, Mapping

LANGUAGES = ("nl", "en")
DEFAULT = "nl"
DOMAIN = "codio_print"
LOCALE_DIR = Path(__file__).parent / "locale"
TAAL_OPTION = "--taal"

_current: list[str] = []
_catalogs: dict[str, _gettext.NullTranslations] = {}


def from_locale(environ: Mapping[str, str]) -> str:
    """The language the locale asks for: English for ``en…``, else Dutch."""
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(name, "")
        if value:
            first = value.split(":")[0].lower()
            return "en" if first.startswith("en") else DEFAULT
    return DEFAULT


def from_arguments(argv: Iterable[str]) -> str | None:
    """The language ``--taal nl|en`` (or ``--taal=en``) asks for, if it is given and known.
    An unknown value is left to the option itself, which refuses it with a message."""
    args = list(argv)
    for i, arg in enumerate(args):
        if arg == "--":
            break
        value = None
        if arg == TAAL_OPTION and i + 1 < len(args):
            value = args[i + 1]
        elif arg.startswith(TAAL_OPTION + "="):
            value = arg.split("=", 1)[1]
        if value is not None and value.lower() in LANGUAGES:
            return value.lower()
    return None


def choose(argv: Iterable[str] = (), environ: Mapping[str, str] | None = None) -> str:
    """Set the language from the command line, else the locale; the language set."""
    chosen = from_arguments(argv) or from_locale(os.environ if environ is None else environ)
    set_language(chosen)
    return chosen


def set_language(language: str) -> None:
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}")
    _current[:] = [language]


def language() -> str:
    """The language messages are in now (chosen from the locale if nobody chose yet)."""
    if not _current:
        choose()
    return _current[0]


def _catalog() -> _gettext.NullTranslations:
    lang = language()
    if lang not in _catalogs:
        try:
            _catalogs[lang] = _gettext.translation(DOMAIN, LOCALE_DIR, languages=[lang])
        except OSError:  # no compiled catalog (a checkout before `make messages`): English
            _catalogs[lang] = _gettext.NullTranslations()
    return _catalogs[lang]


def _(message: str) -> str:
    """``message`` (English, as written in the code) in the current language."""
    return _catalog().gettext(message)


def N_(message: str) -> str:
    """Mark ``message`` for the catalogs without translating it yet (a constant made at
    import): pass it through ``_()`` where it is shown."""
    return message


def ngettext(singular: str, plural: str, n: int) -> str:
    """The form of a message that counts ``n`` things, in the current language."""
    return _catalog().ngettext(singular, plural, n)
