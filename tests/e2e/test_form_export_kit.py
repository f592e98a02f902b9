"""The held-out registration-form export of review 12b (problems 1, 7, 15; issue 23 items 2,
3 and 8), built as the organiser would: as .xlsx, outside a workspace, from a folder the
build may not write to. The name cards carry the real names, the remarks reach no file, and
the division is kept with the kit (the pieces are tiny but the name cards: tiny.py)."""

from __future__ import annotations

import os


import forms
from kits import PdfReader, run_cli
from tiny import tiny_home


def test_a_form_export_as_xlsx_gives_the_right_cards_and_writes_nothing_beside_it(tmp_path):
    shared = tmp_path / "gedeeld"
    shared.mkdir()
    export = forms.write_xlsx(shared / "aanmeldingen-forms.xlsx")
    home = tiny_home(tmp_path / "home")
    shared.chmod(0o555)
    try:
        proc = run_cli("build", "--case", "arnhem", "--participants", str(export),
                       "--profile", "screen", "--out", str(tmp_path / "build"),
                       env={"CODIO_PRINT_HOME": str(home)})
    finally:
        shared.chmod(0o755)
    assert proc.returncode == 0, proc.stderr
    assert os.listdir(shared) == ["aanmeldingen-forms.xlsx"]
    kit = tmp_path / "build" / "arnhem"
    cards = " ".join(page.extract_text() for page in
                     PdfReader(kit / "screen" / "naamkaartjes.pdf").pages)
    assert all(name.split()[0] in cards for name in forms.NAMES)
    assert "anonymous" not in cards and "Beleidsadviseur" in cards
    division = (kit / "groepsindeling.csv").read_text(encoding="utf-8-sig")
    assert sorted(line.split(";")[1] for line in division.splitlines()[1:]) == \
        sorted(forms.NAMES)
    everything = b"".join(p.read_bytes() for p in kit.rglob("*") if p.is_file())
    assert not [d for d in forms.DIETS if d.encode() in everything]
    assert "Wat is uw naam? (name: 14 different names; Naam has 1)" in proc.stdout


def test_a_form_export_whose_names_are_all_anonymous_stops_in_one_line(tmp_path):
    header = [h for h in forms.HEADER if h != "Wat is uw naam?"]
    export = forms.write_csv(tmp_path / "aanmeldingen-forms.csv", header)
    proc = run_cli("build", "--case", "arnhem", "--participants", str(export),
                   "--out", str(tmp_path / "build"))
    assert proc.returncode == 1
    last = proc.stderr.strip().splitlines()
    assert last[-1].startswith(f"error: {export}:1: the name column 'Naam' holds 'anonymous' "
                               "14 times out of 14"), proc.stderr
    assert not (tmp_path / "build" / "arnhem").exists()
