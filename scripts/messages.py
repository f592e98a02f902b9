"""make messages: the message catalogs from the code (Babel), Dutch and English.

1. Extract every ``_()``, ``N_()`` and ``ngettext()`` of src/codio_print/ (Babel).
2. Merge into src/codio_print/locale/{nl,en}/LC_MESSAGES/codio_print.po: a message kept keeps
   its translation, a new one arrives empty (Dutch) or as written (English), one no longer
   in the code is dropped.
3. Compile each into codio_print.mo (what codio_print/i18n.py reads).

The files are written sorted, without line numbers and with a fixed header, so the same code
gives the same bytes. It lists the Dutch texts still to write and exits 1 while there are any
(`--check`: changes nothing, exits 1 if a catalog is not what this would write).
"""

from __future__ import annotations

import io
import sys
from datetime import datetime, timezone
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "src" / "codio_print"
LOCALE = SOURCE / "locale"
DOMAIN = "codio_print"
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}
FIXED_DATE = datetime(2026, 1, 1, tzinfo=timezone.utc)
LANGUAGES = ("nl", "en")


def extracted() -> dict[str | tuple[str, str], list[tuple[str, int]]]:
    """Each message id in the code, with where it is used."""
    found: dict = {}
    for filename, lineno, message, _comments, _context in extract_from_dir(
            str(SOURCE), [("**.py", "python")], keywords=KEYWORDS, strip_comment_tags=True):
        found.setdefault(message, []).append((filename, lineno))
    return found


def po_path(language: str) -> Path:
    return LOCALE / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def existing(language: str) -> Catalog:
    path = po_path(language)
    if not path.exists():
        return Catalog(locale=language, domain=DOMAIN)
    with path.open("rb") as f:
        return read_po(f, locale=language, domain=DOMAIN)


def merged(language: str, messages: dict) -> Catalog:
    """The catalog of ``language`` for ``messages``, keeping the translations it had."""
    old = existing(language)
    new = Catalog(locale=language, domain=DOMAIN, project="codio-print", version="1",
                  copyright_holder="codio-print", msgid_bugs_address="",
                  creation_date=FIXED_DATE, revision_date=FIXED_DATE,
                  last_translator="codio-print", language_team=language)
    for msgid in messages:
        key = msgid[0] if isinstance(msgid, tuple) else msgid
        before = old.get(key)
        string = before.string if before is not None else ("" if isinstance(msgid, str)
                                                           else ("", ""))
        if language == "en" and not _filled(string):
            string = msgid  # the code's text is the English one
        new.add(msgid, string)
    return new


def _filled(string) -> bool:
    if isinstance(string, (tuple, list)):
        return all(string)
    return bool(string)


def po_bytes(catalog: Catalog) -> bytes:
    out = io.BytesIO()
    write_po(out, catalog, sort_output=True, no_location=True, width=100,
             include_lineno=False)
    return out.getvalue()


def mo_bytes(catalog: Catalog) -> bytes:
    out = io.BytesIO()
    write_mo(out, catalog)
    return out.getvalue()


def missing(catalog: Catalog) -> list[str]:
    return [m.id if isinstance(m.id, str) else m.id[0]
            for m in catalog if m.id and not _filled(m.string)]


def main(argv: list[str]) -> int:
    check = "--check" in argv
    messages = extracted()
    status = 0
    for language in LANGUAGES:
        catalog = merged(language, messages)
        po, mo = po_path(language), po_path(language).with_suffix(".mo")
        wanted = {po: po_bytes(catalog), mo: mo_bytes(catalog)}
        for path, data in wanted.items():
            if path.exists() and path.read_bytes() == data:
                continue
            if check:
                print(f"{path.relative_to(ROOT)} is not up to date: run make messages")
                status = 1
            else:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(data)
        todo = missing(catalog)
        if todo:
            status = 1
            print(f"{language}: {len(todo)} message(s) without a text in "
                  f"{po.relative_to(ROOT)}:")
            for msgid in todo:
                print(f"  {msgid!r}")
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
