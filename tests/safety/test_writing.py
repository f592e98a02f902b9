"""Every file codio-print writes is made so that it cannot follow a link or replace something
it did not make (issue 22, item 1). The second security review (December 2026) wrote through
a link the workspace shipped: the backup of resultaten.yaml (E1, critical) and watch's
preview in a build folder that is a link (E8, the regression of D24)."""

from __future__ import annotations

import json
import os
import shutil
import threading
from pathlib import Path

import pytest

from codio_print import writing
from codio_print.errors import CodioError, InputError
from incli import run_here

OUTSIDE = "outside the workspace: must stay as it is\n"


# --- the writer, against what a workspace can put at a name ---------------------------------

def _hazard(kind: str, place: Path, outside: Path) -> None:
    """Put ``kind`` at ``place``: a link (dangling, to a file or a folder outside) or a FIFO."""
    if kind == "dangling link":
        place.symlink_to(outside / "not-there-yet")
    elif kind == "link to a file":
        place.symlink_to(outside / "file.txt")
    elif kind == "link to a folder":
        place.symlink_to(outside)
    elif kind == "fifo":
        os.mkfifo(place)


HAZARDS = ["dangling link", "link to a file", "link to a folder", "fifo"]


@pytest.fixture
def outside(tmp_path) -> Path:
    folder = tmp_path / "outside"
    folder.mkdir()
    (folder / "file.txt").write_text(OUTSIDE)
    return folder


def _listing(folder: Path) -> dict[str, str]:
    return {p.name: p.read_text() for p in sorted(folder.iterdir())}


def finishes(action, place: Path):
    """Run ``action``; fail (instead of hanging the run) if it blocks on a FIFO at ``place``."""
    outcome: list = []

    def run() -> None:
        try:
            outcome.append(("returned", action()))
        except BaseException as exc:  # noqa: BLE001 - handed to the test
            outcome.append(("raised", exc))

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(5)
    if thread.is_alive():  # opened the FIFO and waits for a reader: give it one, then fail
        os.close(os.open(place, os.O_RDONLY | os.O_NONBLOCK))
        thread.join(5)
        pytest.fail(f"writing {place.name} waited on the FIFO at its name")
    return outcome[0]


@pytest.mark.parametrize("kind", HAZARDS)
def test_a_new_file_is_never_made_through_what_is_at_its_name(tmp_path, outside, kind):
    place = tmp_path / "ws" / "resultaten.yaml.bak-1"
    place.parent.mkdir()
    _hazard(kind, place, outside)
    how, value = finishes(lambda: writing.new(place, "backup"), place)
    assert how == "raised" and isinstance(value, FileExistsError)
    assert _listing(outside) == {"file.txt": OUTSIDE}


@pytest.mark.parametrize("kind", HAZARDS)
def test_a_file_is_never_replaced_through_a_link_or_over_a_fifo(tmp_path, outside, kind):
    place = tmp_path / "ws" / "index.html"
    place.parent.mkdir()
    _hazard(kind, place, outside)
    how, value = finishes(lambda: writing.replace(place, "<p>preview</p>"), place)
    assert how == "raised" and isinstance(value, InputError)
    assert value.one_line().startswith(f"{place}: is ")
    assert "codio-print does not" in value.one_line()
    assert _listing(outside) == {"file.txt": OUTSIDE}
    assert sorted(p.name for p in place.parent.iterdir()) == ["index.html"]  # nothing hidden


@pytest.mark.parametrize("kind", ["dangling link", "link to a folder"])
def test_no_file_is_written_into_a_folder_that_is_a_link(tmp_path, outside, kind):
    ws = tmp_path / "ws"
    (ws / "build").mkdir(parents=True)
    _hazard(kind, ws / "build" / "preview", outside)
    for write in (writing.new, writing.replace, writing.update):
        with pytest.raises(InputError) as caught:
            write(ws / "build" / "preview" / "stamp.js", "x", below=ws)
        assert caught.value.one_line() == (
            f"{ws}/build/preview: is a link to another place: codio-print writes only into a "
            "real folder — remove the link; codio-print makes a folder in its place")
    assert _listing(outside) == {"file.txt": OUTSIDE}


def test_a_file_codio_print_wrote_is_replaced_whole_with_its_permissions(tmp_path):
    place = tmp_path / "resultaten.yaml"
    place.write_text("old\n")
    place.chmod(0o600)
    writing.replace(place, "new\n")
    assert place.read_text() == "new\n"
    assert place.stat().st_mode & 0o777 == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["resultaten.yaml"]


def test_an_update_with_the_same_bytes_writes_nothing(tmp_path):
    place = tmp_path / "groepsindeling.csv"
    assert writing.update(place, b"naam;groep\r\nAnna;A\r\n")
    os.utime(place, (1_000_000_000, 1_000_000_000))
    assert not writing.update(place, b"naam;groep\r\nAnna;A\r\n")
    assert place.stat().st_mtime == 1_000_000_000
    assert writing.update(place, b"naam;groep\r\nAnna;B\r\n")
    assert place.read_bytes() == b"naam;groep\r\nAnna;B\r\n"


# --- E1: the backup of resultaten.yaml ------------------------------------------------------

def _forged_poster_sheet(path: Path, case: str, fields: dict[str, str]) -> Path:
    """A filled poster sheet as anyone can make one with pypdf: the kit data and a field."""
    from pypdf import PdfWriter
    from pypdf.generic import ArrayObject, DictionaryObject, NameObject, TextStringObject

    from codio_print.render.forms import IDENTITY_KEY

    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    writer.add_metadata({IDENTITY_KEY: json.dumps({
        "werkblad": "handout-5", "casus": case, "variant": "CODIO-PaD", "datum": "",
        "start": "09:30"})})  # what a kit's poster sheet says of itself
    refs = [writer._add_object(DictionaryObject({
        NameObject("/FT"): NameObject("/Tx"), NameObject("/T"): TextStringObject(name),
        NameObject("/V"): TextStringObject(value)})) for name, value in fields.items()]
    writer._root_object[NameObject("/AcroForm")] = DictionaryObject(
        {NameObject("/Fields"): ArrayObject(refs)})
    writer.write(path)
    return path


def test_review_r1_the_backup_is_never_written_through_a_shipped_link(tmp_path):
    """R1: a dangling link resultaten.yaml.bak-1 -> (as many ../ as needed)/target, and a
    sheet that changes a value edited by hand: the import keeps a backup, and wrote it
    through the link (a shell snippet in the file then ran when the target was sourced)."""
    from codio_print.scaffold.workspace import init

    ws, target = tmp_path / "ws", tmp_path / "elsewhere" / "zz-codio.sh"
    init(ws)
    target.parent.mkdir()
    assert run_here("results", "init", cwd=ws).returncode == 0
    results = ws / "resultaten.yaml"
    shipped = results.read_text(encoding="utf-8").replace(
        'termijn: ""', "termijn: voorbeeld").replace(
        "parkeerplaats: []", "parkeerplaats:\n  - |\n    voorbeeld\n    touch PWNED")
    results.write_text(shipped, encoding="utf-8")
    (ws / "resultaten.yaml.bak-1").symlink_to(
        Path(*[".."] * 40, *target.parts[1:]))  # the same file wherever it is unpacked
    sheet = _forged_poster_sheet(tmp_path / "ingevuld.pdf", "eigen-casus",
                                 {"stap4-1": "Binnen een jaar"})

    proc = run_here("results", "import", str(sheet), cwd=ws)

    assert proc.returncode == 0, proc.stderr
    assert not target.exists() and list(target.parent.iterdir()) == []
    assert "the file as it was is kept as resultaten.yaml.bak-2" in proc.stderr
    assert (ws / "resultaten.yaml.bak-2").read_text(encoding="utf-8") == shipped
    assert "termijn: Binnen een jaar" in results.read_text(encoding="utf-8")
    assert os.readlink(ws / "resultaten.yaml.bak-1").endswith("elsewhere/zz-codio.sh")


# --- E8: watch writes only into an output folder that build accepts --------------------------

def _linked_build(tmp_path: Path) -> tuple[Path, Path]:
    """A workspace whose build/ is a link to a folder holding an index.html."""
    from codio_print.scaffold.workspace import init

    ws, elsewhere = tmp_path / "ws", tmp_path / "site"
    init(ws)
    (elsewhere / "preview").mkdir(parents=True)
    (elsewhere / "index.html").write_text("<h1>my site</h1>\n")
    (ws / "build").symlink_to(elsewhere)
    return ws, elsewhere


def test_review_o5_watch_refuses_a_build_folder_that_is_a_link_and_writes_nothing(tmp_path):
    from codio_print.watch.loop import run

    ws, elsewhere = _linked_build(tmp_path)
    said: list[str] = []
    stop = threading.Event()
    stop.set()  # one build, then stop (the watcher ends at once)
    with pytest.raises(CodioError) as caught:
        run(ws / "sessie.yaml", None, said.append, stop)
    assert caught.value.one_line() == (
        f"{ws}/build: the workspace's build folder is a link to another place — remove the "
        "link (a new build/ is made), or give --out to build elsewhere on purpose")
    assert sorted(p.name for p in elsewhere.rglob("*")) == ["index.html", "preview"]
    assert (elsewhere / "index.html").read_text() == "<h1>my site</h1>\n"


def test_the_preview_is_not_written_into_a_preview_folder_that_is_a_link(tmp_path):
    from codio_print.watch.preview import write_index

    ws, elsewhere = _linked_build(tmp_path)
    (ws / "build").unlink()
    (ws / "build").mkdir()
    (ws / "build" / "preview").symlink_to(elsewhere / "preview")
    with pytest.raises(InputError, match="preview: is a link to another place"):
        write_index(ws / "build", "eigen-casus", 1, [], error="the build failed")
    assert sorted(p.name for p in elsewhere.rglob("*")) == ["index.html", "preview"]


# --- the rest of the class: every other file written into a workspace ------------------------

def test_new_case_does_not_write_through_a_shipped_link_or_into_a_linked_cases_folder(
        tmp_path, outside):
    from codio_print.scaffold.workspace import init, new_case

    ws = tmp_path / "ws"
    init(ws)
    (ws / "cases" / "mijn-dienst.yaml").symlink_to(outside / "authorized_keys")  # dangling
    with pytest.raises(InputError, match="the case already exists"):
        new_case(ws, "mijn-dienst")
    shutil.rmtree(ws / "cases")
    (ws / "cases").symlink_to(outside)
    with pytest.raises(InputError) as caught:
        new_case(ws, "andere-dienst")
    assert caught.value.one_line().startswith(f"{ws}/cases: is a link to another place")
    assert _listing(outside) == {"file.txt": OUTSIDE}


def test_results_init_does_not_replace_a_link_the_workspace_ships(tmp_path, outside):
    from codio_print.scaffold.workspace import init

    ws = tmp_path / "ws"
    init(ws)
    (ws / "resultaten.yaml").symlink_to(outside / "file.txt")
    proc = run_here("results", "init", "--force", cwd=ws)
    assert proc.returncode == 1
    assert proc.stderr == ("error: resultaten.yaml: is a link to another place: codio-print "
                           "does not write through it — remove the link; codio-print writes "
                           "a new file\n")
    assert _listing(outside) == {"file.txt": OUTSIDE}


# --- the class stays closed: no write beside the writer but into a folder just made ---------

FRESH = "inside the hidden folder outdir.replacing has just made: nothing else is in it"
TEMP = "inside a folder tempfile has just made"
ALLOWED = {
    ("builder/outdir.py", "replacing"): "the output folder the user chose; the marker: FRESH",
    ("builder/outdir.py", "_make"): "a fresh folder: mkdir fails if anything is there",
    ("builder/outdir.py", "_open_lock"): "the lock file: O_NOFOLLOW, a regular file only",
    ("builder/cache.py", "remember"): "an empty mark in the user's own cache folder (mode 0700, "
                                    "checked to be theirs and no link), opened O_NOFOLLOW",
    ("builder/outdir.py", "_clean_up"): "renames in the output folder, under the lock",
    ("builder/outdir.py", "_swap"): "renames in the output folder, under the lock",
    ("builder/steps.py", "_write"): FRESH,
    ("kit/manifest.py", "write"): FRESH,
    ("printshop/bundle.py", "write_bundle"): FRESH,
    ("printshop/bundle.py", "write_zip"): FRESH,
    ("printshop/tiles.py", "write_tiles"): FRESH,
    ("printshop/office.py", "write_office"): FRESH,
    ("printshop/inkcheck.py", "page_inks"): TEMP,
    ("render/pool.py", "_become_worker"): "its scratch folder (outdir.scratch: FRESH), "
                                          "/dev/null",
    ("render/libreoffice.py", "Conversion.__init__"): TEMP,
    ("render/slides/files.py", "write_slides"): FRESH,
    ("results/build.py", "build_results"): FRESH,
    ("results/exports.py", "write_actions_csv"): FRESH + " (results build's)",
    ("results/exports.py", "write_ics"): FRESH + " (results build's)",
    ("scaffold/schemas.py", "write"): "the project's own schemas/, a developer's command",
    ("web/server.py", "opener_file"): TEMP + " (the browser's one-time link, mode 0600)",
}
WRITING_CALLS = {"write_text", "write_bytes", "mkdir", "makedirs", "rename", "copy", "copy2",
                 "copyfile", "copytree", "move", "touch", "symlink_to", "hardlink_to", "mkfifo"}


def _writes(source: str) -> set[str]:
    """The functions (Class.method) of ``source`` that write a file themselves."""
    import ast

    found: set[str] = set()

    def mode(call: ast.Call, index: int) -> str:
        given = [*call.args[index:index + 1], *(k.value for k in call.keywords
                                                if k.arg == "mode")]
        return str(given[0].value) if given and isinstance(given[0], ast.Constant) else "r"

    def in_memory(node: ast.AST, memory: set[str]) -> bool:
        return isinstance(node, ast.Name) and node.id in memory

    def visit(node: ast.AST, where: list[str], memory: set[str]) -> None:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            where = [*where, node.name]
            memory = {t.id for n in ast.walk(node) if isinstance(n, ast.Assign)
                      and "BytesIO" in ast.unparse(n.value) for t in n.targets
                      if isinstance(t, ast.Name)}
        if isinstance(node, ast.Call):
            f, name = node.func, ast.unparse(node.func).rsplit(".", 1)[-1]
            owner = ast.unparse(f.value) if isinstance(f, ast.Attribute) else ""
            first = node.args[0] if node.args else None
            writes = (name in WRITING_CALLS
                      or (name in ("replace", "rename") and owner in ("os", "shutil"))
                      or (name == "open" and owner == "os" and any(
                          flag in ast.unparse(node) for flag in ("O_WRONLY", "O_RDWR",
                                                                 "O_CREAT")))
                      or (name == "open" and owner != "os" and any(
                          c in mode(node, 1 if owner in ("", "io", "builtins") else 0)
                          for c in "wax+"))
                      or (name == "ZipFile" and "w" in mode(node, 1)
                          and not in_memory(first, memory))
                      or (name == "save" and first is not None and not in_memory(first, memory)))
            if writes:
                found.add(".".join(where) or "<module>")
        for child in ast.iter_child_nodes(node):
            visit(child, where, memory)

    visit(ast.parse(source), [], set())
    return found


def test_every_other_write_goes_through_the_writer():
    """Each function that writes a file without codio_print.writing writes into a folder it
    (or tempfile) has just made, and is named here with why; any other write uses the
    writer (new, replace, update), which follows no link and replaces nothing foreign."""
    import codio_print

    package = Path(codio_print.__file__).parent
    found = {(path.relative_to(package).as_posix(), function)
             for path in sorted(package.rglob("*.py")) if path.name != "writing.py"
             for function in _writes(path.read_text(encoding="utf-8"))}
    assert sorted(found - set(ALLOWED)) == []


def test_the_check_of_writes_finds_a_write():
    assert _writes("def f(p):\n    p.write_text('x')\n") == {"f"}
    assert _writes("def f(p):\n    with open(p, 'w') as h:\n        pass\n") == {"f"}
    assert _writes("def f(p):\n    with p.open('a') as h:\n        pass\n") == {"f"}
    assert _writes("import os\ndef f(p):\n    os.replace('a', p)\n") == {"f"}
    assert _writes("def f(img, p):\n    img.save(p)\n") == {"f"}
    assert _writes("import io\ndef f(img):\n    out = io.BytesIO()\n    img.save(out)\n") == set()
    assert _writes("def f(p):\n    return p.read_text()\n") == set()
    assert _writes("async def f(p):\n    p.write_text('x')\n") == {"f"}  # a web route
