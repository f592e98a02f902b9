"""One form of address in every Dutch word codio-print shows or writes for a person: "je" for
one reader, "jullie" for a group, never "u"/"uw" (the kit, the interface, the messages, the
files `init` writes and the explanations in their schemas)."""

from __future__ import annotations

import re
from pathlib import Path

from babel.messages.pofile import read_po

from codio_print import paths
from codio_print.scaffold.workspace import init

OWN = Path(paths.__file__).resolve().parent
FORMAL = re.compile(r"(?<![\w'’{-])(?:u|uw|U|Uw)(?![\w'’}-])")


def _formal(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if FORMAL.search(line)]


def test_the_files_init_writes_and_their_schemas_say_je(tmp_path):
    init(tmp_path / "ws")
    found = {str(p.relative_to(tmp_path)): _formal(p.read_text(encoding="utf-8"))
             for p in sorted((tmp_path / "ws").rglob("*")) if p.is_file()}
    found |= {p.name: _formal(p.read_text(encoding="utf-8"))
              for p in sorted((OWN / "schemas").glob("*.json"))}
    assert {name: lines for name, lines in found.items() if lines} == {}


def test_the_kits_texts_the_interface_and_the_messages_say_je():
    texts = {str(p.relative_to(OWN)): _formal(p.read_text(encoding="utf-8"))
             for p in sorted((OWN / "content").rglob("*.yaml"))}
    texts |= {str(p.relative_to(OWN)): _formal(p.read_text(encoding="utf-8"))
              for p in sorted((OWN / "web" / "templates").glob("*.html"))}
    with open(OWN / "locale" / "nl" / "LC_MESSAGES" / "codio_print.po", "rb") as po:
        texts["codio_print.po"] = [m.string for m in read_po(po)
                                   if m.id and isinstance(m.string, str) and FORMAL.search(m.string)]
    assert {name: lines for name, lines in texts.items() if lines} == {}
