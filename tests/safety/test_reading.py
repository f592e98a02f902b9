"""Every reader of a file a workspace (or a previous kit, or a record) can hold goes through
one rule (inputs/access.py), applied to the file opened: a regular file, inside its root with
links resolved, under a size cap. The second security review (December 2026) found readers
that followed links anywhere and read without a cap: E4 (the previous kit's manifest, marker
and files), E5 (the quick answer, the import record), E24 (groepsindeling.csv, sessie.yaml,
resultaten.yaml). Each reader here is given, as the review advised, a link to /dev/zero, a
FIFO and a link to a file outside the workspace ('../outside/…'), and must refuse it in one
line or treat it as absent: never hang, never fill the memory, never use the outside file.

Each reader runs in a child process with a deadline and a memory limit (hostile.bounded),
so a reader that is wrong fails its test quickly instead of hanging the run.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from hostile import KINDS, SECRET, bounded, make
from codio_print.scaffold.workspace import init

DATA = Path(__file__).resolve().parent.parent / "data"


@pytest.fixture
def ws(tmp_path) -> Path:
    folder = tmp_path / "ws"
    init(folder)
    return folder


def outside(ws: Path, name: str) -> Path:
    """Where the file goes that a hostile link leads to: beside the workspace."""
    return ws.parent / "outside" / name


def refused_in_one_line(outcome, name: str, kind: str) -> None:
    """The reader stopped with one line naming the file, why, and no outside content."""
    assert outcome.status == "raised", outcome
    assert "Error: " in outcome.text and "\n" not in outcome.text, outcome
    assert name in outcome.text and SECRET not in outcome.text, outcome
    reasons = {"outside": ["outside the workspace"], "fifo": ["not a file"],
               "dev-zero": ["not a file", "outside the workspace"]}[kind]  # both are true
    assert any(reason in outcome.text for reason in reasons), outcome


# --- the rule itself -----------------------------------------------------------------------

@pytest.mark.parametrize("kind", KINDS)
def test_the_rule_refuses_each_kind_at_open_time(tmp_path, kind):
    from codio_print.inputs import access

    root = tmp_path / "root"
    root.mkdir()
    target = root / "file.txt"
    target.write_text(SECRET)
    make(target, kind, outside(root, "file.txt"))
    outcome = bounded(lambda: access.read_file(target, [root])[0])
    assert outcome.status == "raised" and "Refused" in outcome.text, outcome
    assert SECRET not in outcome.text


def test_the_rule_reads_no_more_than_its_cap_of_a_file_that_grows(tmp_path):
    from codio_print.inputs import access

    path = tmp_path / "grows.txt"
    path.write_bytes(b"x" * 100)
    with pytest.raises(access.Refused, match="more than"):
        access.read_file(path, [tmp_path], max_bytes=99)
    assert access.read_file(path, [tmp_path], max_bytes=100)[0] == b"x" * 100


def test_a_link_is_refused_where_the_reader_follows_none(tmp_path):
    from codio_print.inputs import access

    (tmp_path / "real.json").write_text("{}")
    (tmp_path / "link.json").symlink_to("real.json")
    assert access.bytes_or_none(tmp_path / "link.json", [tmp_path]) == b"{}"
    assert access.bytes_or_none(tmp_path / "link.json", [tmp_path], links=False) is None
    assert "is a link" in access.refusal(tmp_path / "link.json", [tmp_path], links=False)


# --- E24: the workspace's own files ---------------------------------------------------------

@pytest.mark.parametrize("kind", KINDS)
def test_sessie_yaml(ws, kind):
    from codio_print.inputs.workspace import load_session

    make(ws / "sessie.yaml", kind, outside(ws, "sessie.yaml"))
    refused_in_one_line(bounded(lambda: load_session(ws / "sessie.yaml")), "sessie.yaml", kind)


@pytest.mark.parametrize("kind", KINDS)
def test_groepsindeling_csv(ws, kind):
    from codio_print.inputs.content import load_content
    from codio_print.inputs.division import read_division
    from codio_print.inputs.participants import group_spellings

    lookup = group_spellings(load_content(only_case="").fundamenten)
    division = ws / "groepsindeling.csv"
    division.write_text(f"groep;naam\nA;{SECRET}\n", encoding="utf-8")
    make(division, kind, outside(ws, "groepsindeling.csv"))
    outcome = bounded(lambda: read_division(division, lookup))
    refused_in_one_line(outcome, "groepsindeling.csv", kind)


@pytest.mark.parametrize("kind", KINDS)
def test_resultaten_yaml_for_results_import(ws, kind):
    """`results import` in the workspace, of a sheet that does not exist: the resultaten.yaml
    is refused before any sheet is looked at (a pipe or device there is no resultaten.yaml)."""
    from incli import run_here

    def command() -> str:
        proc = run_here("results", "import", "geen.pdf", cwd=ws)
        return json.dumps([proc.returncode, proc.stdout, proc.stderr])

    shutil.copy(DATA / "resultaten-arnhem.yaml", ws / "resultaten.yaml")
    make(ws / "resultaten.yaml", kind, outside(ws, "resultaten.yaml"))
    outcome = bounded(command)
    assert outcome.status == "returned", outcome
    code, out, err = json.loads(outcome.text)
    errors = [line for line in err.splitlines() if line.startswith("error:")]
    assert code == 1 and len(errors) == 1 and "resultaten.yaml" in errors[0], outcome
    assert SECRET not in out + err
    assert "outside the workspace" in errors[0] if kind == "outside" else \
        "no resultaten.yaml here" in errors[0]


@pytest.mark.parametrize("kind", KINDS)
def test_resultaten_yaml_for_results_build(ws, kind):
    from codio_print.results.load import read_results_file

    shutil.copy(DATA / "resultaten-arnhem.yaml", ws / "resultaten.yaml")
    make(ws / "resultaten.yaml", kind, outside(ws, "resultaten.yaml"))
    outcome = bounded(lambda: read_results_file(ws / "resultaten.yaml", ws))
    refused_in_one_line(outcome, "resultaten.yaml", kind)


def test_a_resultaten_yaml_named_outside_any_workspace_is_the_users_own(tmp_path):
    """Named on the command line outside a workspace, the file is its own root (as --icc):
    a link the user made is followed; a pipe or a device never is."""
    from codio_print.results.load import read_results_file

    real = tmp_path / "elders" / "resultaten.yaml"
    real.parent.mkdir()
    shutil.copy(DATA / "resultaten-arnhem.yaml", real)
    (tmp_path / "mijn.yaml").symlink_to(real)
    assert read_results_file(tmp_path / "mijn.yaml", None).data["sessie"]["casus"] == "arnhem"
    make(tmp_path / "pijp.yaml", "fifo", tmp_path / "x")
    refused_in_one_line(bounded(lambda: read_results_file(tmp_path / "pijp.yaml", None)),
                        "pijp.yaml", "fifo")


@pytest.mark.parametrize("kind", KINDS)
def test_tokens(ws, kind):
    from codio_print.inputs.content import load_content
    from codio_print.inputs.theme import load_theme

    fundamenten = load_content(only_case="").fundamenten
    (ws / "tokens.json").write_text(json.dumps(
        {"basis": {"color": {"accent-1": {"color-default": {"value": "#00689e"}}}}}))
    huisstijl = ws / "huisstijl.yaml"
    text = huisstijl.read_text(encoding="utf-8")
    assert 'tokens: ""' in text
    huisstijl.write_text(text.replace('tokens: ""', "tokens: tokens.json"), encoding="utf-8")
    assert load_theme(ws, fundamenten)  # the tokens are read as they are
    make(ws / "tokens.json", kind, outside(ws, "tokens.json"))
    refused_in_one_line(bounded(lambda: load_theme(ws, fundamenten)), "tokens.json", kind)


@pytest.mark.parametrize("kind", KINDS)
def test_a_template(ws, kind):
    from codio_print.render.templating import environment

    (ws / "templates" / "code.html").write_text(SECRET)
    make(ws / "templates" / "code.html", kind, outside(ws, "code.html"))
    env = environment([ws / "templates"])
    refused_in_one_line(bounded(lambda: env.loader.get_source(env, "code.html")[0]),
                        "code.html", kind)


@pytest.mark.parametrize("kind", KINDS)
def test_a_case_file(ws, kind):
    from codio_print.inputs.content import load_content
    from codio_print.inputs.workspace import case_dirs

    make(ws / "cases" / "eigen-casus.yaml", kind, outside(ws, "eigen-casus.yaml"))
    outcome = bounded(lambda: load_content(only_case="eigen-casus",
                                           extra_case_dirs=case_dirs(ws)))
    refused_in_one_line(outcome, "eigen-casus.yaml", kind)


# --- E4: the previous kit -------------------------------------------------------------------

def _kit(tmp_path: Path) -> tuple[Path, str]:
    """A previous kit: a marker, one PDF and a manifest naming it with its hash."""
    import hashlib

    kit = tmp_path / "build" / "eigen-casus"
    (kit / "screen").mkdir(parents=True)
    (kit / ".codio-print").write_text("codio-print kit\n")
    pdf = b"%PDF-1.7 " + SECRET.encode()
    (kit / "screen" / "casus.pdf").write_bytes(pdf)
    (kit / "manifest.json").write_text(json.dumps({
        "case": "eigen-casus", "kit_key": "k", "profiles": ["screen"], "pieces": [{
            "id": "casus", "file": "screen/casus.pdf", "files": {"screen": {
                "file": "screen/casus.pdf", "pages": 1, "key": "k",
                "sha256": hashlib.sha256(pdf).hexdigest()}}}]}))
    return kit, hashlib.sha256(pdf).hexdigest()


@pytest.mark.parametrize("kind", KINDS)
def test_the_previous_manifest_is_damaged_not_followed(tmp_path, kind):
    from codio_print.kit import manifest

    kit, _ = _kit(tmp_path)
    assert manifest.read(kit) is not None
    make(kit / "manifest.json", kind, outside(tmp_path, "manifest.json"))
    outcome = bounded(lambda: manifest.read(kit))
    assert outcome == type(outcome)("returned", "None"), outcome


@pytest.mark.parametrize("kind", KINDS)
def test_the_previous_marker_is_no_marker(tmp_path, kind):
    from codio_print.builder import outdir

    kit, _ = _kit(tmp_path)
    assert outdir.written_by_us(kit)
    make(kit / ".codio-print", kind, outside(tmp_path, ".codio-print"))
    (kit / "extra.txt").write_text("a file of the user's")  # not an old kit's shape either
    outcome = bounded(lambda: outdir.written_by_us(kit))
    assert outcome == type(outcome)("returned", "False"), outcome


@pytest.mark.parametrize("kind", [*KINDS, "/dev/zero", "../../outside/casus.pdf"])
def test_a_previous_kit_file_is_not_kept(tmp_path, kind):
    from codio_print.builder import cache
    from codio_print.kit import manifest

    kit, digest = _kit(tmp_path)
    entry = manifest.read(kit).pieces[0].files["screen"]
    assert cache.kept_bytes(kit, entry) is not None
    if kind in KINDS:
        make(kit / "screen" / "casus.pdf", kind, outside(tmp_path, "casus.pdf"))
    else:  # the manifest names a file elsewhere
        shutil.copy(kit / "screen" / "casus.pdf", tmp_path / "outside.pdf")
        (tmp_path / "outside").mkdir(exist_ok=True)
        shutil.copy(kit / "screen" / "casus.pdf", tmp_path / "outside" / "casus.pdf")
        entry = type(entry)(kind, entry.pages, digest, entry.key, ())
    outcome = bounded(lambda: cache.kept_bytes(kit, entry))
    assert outcome == type(outcome)("returned", "None"), outcome


# --- E5: the quick answer and the import record ----------------------------------------------

@pytest.mark.parametrize("kind", KINDS)
def test_the_quick_answer_counts_a_hostile_input_as_changed(ws, kind, monkeypatch, tmp_path):
    from codio_print.builder import quickcheck

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    case = ws / "cases" / "eigen-casus.yaml"
    summary = {"pieces": 1, "pages": 1, "out_dir": "build/eigen-casus", "profiles": ["screen"],
               "outputs": 1, "extras": []}
    quickcheck.record(["build"], str(ws), [str(case)], [], [], summary, [])
    assert bounded(lambda: quickcheck.answer(["build"], str(ws))).text == "True"
    os.utime(case, ns=(1, 1))  # changed: its hash decides
    quickcheck.record(["build"], str(ws), [str(case)], [], [], summary, [])
    make(case, kind, outside(ws, "eigen-casus.yaml"))
    outcome = bounded(lambda: quickcheck.answer(["build"], str(ws)))
    assert outcome == type(outcome)("returned", "False"), outcome


@pytest.mark.parametrize("kind", KINDS)
def test_the_import_record_is_no_record(ws, kind):
    from codio_print.results import importer

    results = ws / "resultaten.yaml"
    record = importer.record_path(results)
    record.write_text(json.dumps({"keys": {"stap4.termijn": SECRET}}))
    assert importer._read_record(results)["keys"]
    make(record, kind, outside(ws, record.name))
    outcome = bounded(lambda: importer._read_record(results))
    assert outcome == type(outcome)("returned", "{'keys': {}}"), outcome


# --- what a render reads: stylesheets, images, fonts (WeasyPrint's fetcher) -------------------

@pytest.mark.parametrize("kind", KINDS)
def test_a_stylesheet_the_render_reads(tmp_path, kind):
    """The fetcher reads the file itself, by the rule, and gives WeasyPrint its bytes: a FIFO
    named as a stylesheet in the workspace stops the render in one line (it used to hang)."""
    from codio_print import paths
    from codio_print.render.pdf import render_pdf

    ws = tmp_path / "ws"
    ws.mkdir()
    sheet = ws / "eigen.css"
    sheet.write_text(f"/* {SECRET} */ p {{ color: red }}")
    assert render_pdf(f'<link rel="stylesheet" href="{sheet.as_uri()}"><p>x</p>',
                      paths.TEMPLATES.as_uri() + "/", name="code", allowed=[ws]).pages == 1
    make(sheet, kind, outside(ws, "eigen.css"))
    outcome = bounded(lambda: render_pdf(f'<link rel="stylesheet" href="{sheet.as_uri()}">'
                                         "<p>x</p>", paths.TEMPLATES.as_uri() + "/",
                                         name="code", allowed=[ws]))
    assert outcome.status == "raised" and outcome.text.startswith("RenderError: "), outcome
    assert "eigen.css" in outcome.text and "may not be read" in outcome.text, outcome
    assert SECRET not in outcome.text


@pytest.mark.parametrize("what", ["image", "font"])
def test_an_image_or_font_file_that_is_a_fifo(tmp_path, what):
    from codio_print.errors import ContentError
    from codio_print.inputs.assets import check_image
    from codio_print.inputs.fonts import file_family

    fifo = tmp_path / ("logo.png" if what == "image" else "eigen.ttf")
    os.mkfifo(fifo)
    check = (lambda: check_image(fifo)) if what == "image" else \
        (lambda: file_family("Eigen", [fifo]))
    outcome = bounded(check)
    assert outcome.status == "raised" and "not a file" in outcome.text, outcome
    with pytest.raises(ContentError):
        check()


def test_an_icc_profile_that_is_a_fifo(tmp_path):
    """sessie.yaml's drukwerk.icc (or --icc): the check and every reader of the profile."""
    from codio_print.inputs.assets import check_icc
    from codio_print.render.colour import profile_name

    fifo = tmp_path / "drukker.icc"
    os.mkfifo(fifo)
    for check in (lambda: check_icc(fifo), lambda: profile_name(fifo)):
        outcome = bounded(check)
        assert outcome.status == "raised" and "not a file" in outcome.text, outcome
        assert "drukker.icc" in outcome.text and "\n" not in outcome.text, outcome


@pytest.mark.parametrize("kind", KINDS)
def test_the_search_for_where_a_render_error_came_from(tmp_path, kind):
    """A render's error names the workspace file and line holding the URL or declaration it
    is about (pdf.locate): that search reads the workspace's sources by the rule as well."""
    from codio_print.render.pdf import locate

    ws = tmp_path / "ws"
    ws.mkdir()
    (ws / "eigen.css").write_text(f"p {{ color: red }}\n/* {SECRET} */\n")
    assert locate(SECRET, [ws]) == (str(ws / "eigen.css"), 2)
    make(ws / "eigen.css", kind, outside(ws, "eigen.css"))
    outcome = bounded(lambda: locate(SECRET, [ws]))
    assert outcome == type(outcome)("returned", "None"), outcome


def test_the_name_card_fit_reads_a_font_file_by_the_rule(tmp_path):
    """Names are fitted on the cards with the body font's metrics (kit/namefit.py): a font
    file of the workspace that is a FIFO is refused there too, not waited for."""
    from codio_print.kit.namefit import _metrics

    fifo = tmp_path / "eigen.ttf"
    os.mkfifo(fifo)
    outcome = bounded(lambda: _metrics(fifo))
    assert outcome.status == "raised" and "not a file" in outcome.text, outcome
