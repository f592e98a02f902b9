"""Nothing typed twice (issue 23 item 5) and the small things of the trial (item 9): a
workspace started from a built kit's settings, the note that a build outside a workspace
forgets the print shop's details, the options that differ from sessie.yaml named, a case id
typed in capitals, dates no reader can misread, and the progress lines naming the profile.

The builds here are the command line's own (in-process, tests/incli.py) with the pipeline
replaced by one that reports at once: the claims are about what is typed, read, kept and
said, not about rendering."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path
from types import SimpleNamespace

import pytest

from codio_print.builder import cache, pipeline
from codio_print.cli import commands
from codio_print.inputs.settings import resolve
from codio_print.inputs.workspace import load_session
from codio_print.kit import manifest
from codio_print.scaffold.workspace import init
from helpers import edit
from incli import run_here

SHOP = ["--organisation", "Gemeente Deventer", "--contact", "Sanne de Wit",
        "--phone", "0570 69 39 99", "--email", "s.dewit@deventer.nl",
        "--address", "Grote Kerkhof 1, 7411 KV Deventer", "--reference", "PO-2026-4471",
        "--deliver-by", "2026-12-09"]
LIST = "naam;functie\nAnna de Vries;beleidsadviseur\nBram Koster;jurist\nCees Bakker;inwoner\n"


@pytest.fixture()
def quick_build(monkeypatch, tmp_path):
    """The build command with a pipeline that renders nothing: it writes the kit's
    manifest.json with the settings (as a real build does) and reports; every call's
    settings and progress lines recorded."""
    calls: list = []

    def build(settings, progress=None, notice=None):
        calls.append(settings)
        kit = settings.kit_dir
        kit.mkdir(parents=True, exist_ok=True)
        cache.remember(manifest.write(kit, settings.case, [], (), [], None, "key",
                                      settings=settings.record()))
        if progress:
            progress(pipeline.Progress(2, 50, "draaiboek", "print"))
            progress(pipeline.Progress(3, 50, "draaiboek", "screen"))
        return pipeline.Report(settings.case, kit, 0.1)

    monkeypatch.setattr(pipeline, "build", build)
    monkeypatch.setattr(commands, "_remember", lambda *a, **k: None)
    return calls


@pytest.fixture()
def shared_list(tmp_path) -> Path:
    """A participant list in a folder nobody may write in (a shared drive)."""
    folder = tmp_path / "gedeeld"
    folder.mkdir()
    (folder / "deelnemers.csv").write_text(LIST, encoding="utf-8")
    folder.chmod(stat.S_IRUSR | stat.S_IXUSR)
    yield folder / "deelnemers.csv"
    folder.chmod(stat.S_IRWXU)


# --- item 5: nothing typed twice -------------------------------------------------------------

def test_a_build_keeps_its_settings_in_its_manifest(tmp_path):
    settings = resolve(None, case="arnhem", participants="14", date="2026-12-10",
                       start="13:00", contact="Sanne de Wit", deliver_by="2026-12-09")
    manifest.write(tmp_path, "arnhem", [], (), [], None, "key", settings=settings.record())
    kept = manifest.read(tmp_path).settings
    assert kept["case"] == "arnhem" and kept["participants"] == 14
    assert kept["date"] == "2026-12-10" and kept["start"] == "13:00"
    assert kept["contact"] == "Sanne de Wit" and kept["deliver_by"] == "2026-12-09"
    json.dumps(kept)  # plain data: the web interface reads it too


def test_init_from_a_kit_keeps_what_was_typed_once(quick_build, shared_list, tmp_path):
    before = sorted(os.listdir(shared_list.parent))
    built = run_here("--taal", "en", "build", "--case", "arnhem", "--participants",
                     str(shared_list), "--date", "2026-12-10", "--start", "13:00",
                     "--location", "Stadhuis Deventer, zaal 2.14", "--facilitator",
                     "Sanne de Wit", *SHOP, cwd=tmp_path)
    assert built.returncode == 0, built.stderr
    made = run_here("--taal", "en", "init", "--from", "build/arnhem", "werkmap", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    assert "Taken from build/arnhem" in made.stdout and "10 December 2026" in made.stdout

    ws = tmp_path / "werkmap"
    text = (ws / "sessie.yaml").read_text(encoding="utf-8")
    assert "# De workshop" in text and "# Datum van de workshop" in text  # commented, Dutch
    session = load_session(ws / "sessie.yaml")
    again = resolve(session)
    assert (again.case, str(again.date), f"{again.start:%H:%M}") == ("arnhem", "2026-12-10",
                                                                     "13:00")
    assert again.location == "Stadhuis Deventer, zaal 2.14"
    assert again.facilitator == "Sanne de Wit"
    assert (again.organisation, again.contact, again.phone, again.email, again.address,
            again.reference, str(again.deliver_by)) == (
        "Gemeente Deventer", "Sanne de Wit", "0570 69 39 99", "s.dewit@deventer.nl",
        "Grote Kerkhof 1, 7411 KV Deventer", "PO-2026-4471", "2026-12-09")
    # the list is the workspace's own copy; nothing is written beside the original
    assert again.participants == ws / "deelnemers.csv"
    assert (ws / "deelnemers.csv").read_text(encoding="utf-8") == LIST
    assert sorted(os.listdir(shared_list.parent)) == before


def test_init_from_a_kit_built_from_an_excel_sheet_reads_that_sheet(quick_build, tmp_path):
    """A kit built from the second sheet of a workbook (--sheet Antwoorden): the workspace
    init --from makes of it reads the same sheet (blad: in sessie.yaml), not the first."""
    from openpyxl import Workbook

    from codio_print.inputs.participants import read_participants

    book = Workbook()
    book.active.title = "Uitleg"
    book.active.append(["Vul je naam en functie in op het blad Antwoorden."])
    answers = book.create_sheet("Antwoorden")
    for row in [("naam", "functie"), *(line.split(";") for line in LIST.splitlines()[1:])]:
        answers.append(row)
    book.save(tmp_path / "aanmeldingen.xlsx")
    built = run_here("--taal", "en", "build", "--case", "arnhem", "--participants",
                     "aanmeldingen.xlsx", "--sheet", "Antwoorden", cwd=tmp_path)
    assert built.returncode == 0, built.stderr
    made = run_here("--taal", "en", "init", "--from", "build/arnhem", "werkmap", cwd=tmp_path)
    assert made.returncode == 0, made.stderr

    ws = tmp_path / "werkmap"
    again = resolve(load_session(ws / "sessie.yaml"))
    assert again.participants == ws / "deelnemers.xlsx" and again.sheet == "Antwoorden"
    people = read_participants(again.participants, {}, sheet=again.sheet).participants
    assert [p.name for p in people] == ["Anna de Vries", "Bram Koster", "Cees Bakker"]


def test_init_from_a_kit_from_elsewhere_copies_no_file(shared_list, tmp_path):
    """A kit this computer did not build could name any file: its values are taken, the
    files it names are not copied (one note each)."""
    settings = resolve(None, case="arnhem", participants=str(shared_list), start="13:00",
                       contact="Sanne de Wit")
    kit = tmp_path / "ontvangen" / "arnhem"
    kit.mkdir(parents=True)
    manifest.write(kit, "arnhem", [], (), [], None, "key", settings=settings.record())
    made = run_here("--taal", "en", "init", "--from", str(kit), "werkmap", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    assert "not built on this computer" in made.stdout
    ws = tmp_path / "werkmap"
    assert not list(ws.glob("deelnemers*"))
    again = resolve(load_session(ws / "sessie.yaml"))
    assert again.participants == 12 and again.contact == "Sanne de Wit"
    assert f"{again.start:%H:%M}" == "13:00"


def test_init_from_a_folder_that_is_no_kit_is_one_line(tmp_path):
    (tmp_path / "leeg").mkdir()
    made = run_here("--taal", "en", "init", "--from", "leeg", "werkmap", cwd=tmp_path)
    assert made.returncode == 1
    assert made.stderr.count("\n") == 1 and "e.g. build/arnhem" in made.stderr
    assert not (tmp_path / "werkmap").exists()


def test_a_build_outside_a_workspace_says_it_forgets_the_shop(quick_build, tmp_path):
    built = run_here("--taal", "en", "build", "--case", "arnhem", *SHOP, cwd=tmp_path)
    assert built.returncode == 0, built.stderr
    notes = [line for line in built.stdout.splitlines() if "will not remember" in line]
    assert len(notes) == 1 and notes[0].startswith("note: ")
    assert "codio-print init --from build/arnhem FOLDER" in notes[0]
    plain = run_here("--taal", "en", "build", "--case", "arnhem", cwd=tmp_path)
    assert "will not remember" not in plain.stdout + plain.stderr
    dutch = run_here("--taal", "nl", "build", "--case", "arnhem", "--contact", "Sanne",
                     cwd=tmp_path)
    assert "let op: " in dutch.stdout and "codio-print init --from build/arnhem MAP" \
        in dutch.stdout


def test_options_that_differ_from_the_workspace_are_named(quick_build, tmp_path):
    ws = tmp_path / "ws"
    init(ws)
    edit(ws / "sessie.yaml", ('start: "09:30"', 'start: "13:00"'))
    built = run_here("--taal", "en", "build", "--start", "14:00", "--date", "2026-12-03",
                     cwd=ws)
    assert built.returncode == 0, built.stderr
    assert "--start 14:00 instead of 13:00 from sessie.yaml" in built.stdout
    assert "--date 2026-12-03 (3 December 2026) instead of (empty) from sessie.yaml" \
        in built.stdout
    same = run_here("--taal", "nl", "build", "--start", "13:00", "--location", "Zaal 2",
                    cwd=ws)
    assert "--start" not in same.stdout  # the same as sessie.yaml: nothing to say
    assert "--location Zaal 2 in plaats van (leeg) uit sessie.yaml" in same.stdout
    assert "will not remember" not in built.stdout  # a workspace keeps them in sessie.yaml


# --- item 9: small things --------------------------------------------------------------------

def test_a_case_typed_in_capitals_is_the_case(tmp_path):
    assert resolve(None, case="Arnhem").case == "arnhem"
    assert resolve(None, case=" ARNHEM ").case == "arnhem"
    ws = tmp_path / "ws"
    init(ws)
    edit(ws / "sessie.yaml", ("casus: eigen-casus", "casus: Arnhem"))
    session = load_session(ws / "sessie.yaml")
    assert session.sessie.casus == "arnhem" and resolve(session).case == "arnhem"


def test_example_dates_cannot_be_misread(tmp_path):
    ws = tmp_path / "ws"
    init(ws)
    text = (ws / "sessie.yaml").read_text(encoding="utf-8")
    assert "2026-12-03 (3 december 2026)" in text and "2026-03-12" not in text
    helped = run_here("--taal", "en", "build", "--help", env={"COLUMNS": "400"})
    assert "2026-12-03 (3 December 2026)" in helped.stdout
    wrong = run_here("--taal", "en", "build", "--case", "arnhem", "--date", "10-12-2026",
                     cwd=tmp_path)
    assert wrong.returncode == 1 and "2026-12-03 (3 December 2026)" in wrong.stderr
    # the help is made as the command line is imported, in the language of that process
    from codio_print import i18n
    chosen = list(i18n._current)
    i18n.set_language("nl")
    try:
        assert "2026-12-03 (3 december 2026)" in i18n._(
            "Session date YYYY-MM-DD, e.g. 2026-12-03 (3 December 2026).")
    finally:
        i18n._current[:] = chosen


def test_progress_lines_name_the_profile(quick_build, tmp_path):
    built = run_here("--taal", "en", "build", "--case", "arnhem", cwd=tmp_path)
    assert "[ 2/50] draaiboek (print)" in built.stderr
    assert "[ 3/50] draaiboek (screen)" in built.stderr
    dutch = run_here("--taal", "nl", "build", "--case", "arnhem", cwd=tmp_path)
    assert "[ 2/50] draaiboek (print)" in dutch.stderr
    assert "[ 3/50] draaiboek (scherm)" in dutch.stderr


def test_the_pipeline_reports_each_render_with_its_profile():
    from codio_print.builder import steps

    said = []
    piece = SimpleNamespace(id="draaiboek")
    done = steps.on_each([(False, piece, "print"), (False, piece, "screen")], said.append)
    done(1, SimpleNamespace(warnings=()))
    done(0, SimpleNamespace(warnings=()))
    assert said == [pipeline.Progress(1, 2, "draaiboek", "screen"),
                    pipeline.Progress(2, 2, "draaiboek", "print")]


def test_init_from_a_kit_keeps_where_each_piece_is_printed(tmp_path):
    """drukwerk.stukken goes into sessie.yaml as a mapping that sessie.yaml's check reads
    back (it was written as one quoted string, which the check refused)."""
    settings = resolve(None, case="arnhem", destinations=["naamkaartjes=drukker",
                                                          "handout-5=tegels"])
    kit = tmp_path / "kit" / "arnhem"
    kit.mkdir(parents=True)
    manifest.write(kit, "arnhem", [], (), [], None, "key", settings=settings.record())
    made = run_here("--taal", "en", "init", "--from", str(kit), "werkmap", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    again = resolve(load_session(tmp_path / "werkmap" / "sessie.yaml"))
    assert again.destinations == {"naamkaartjes": "drukker", "handout-5": "tegels"}
