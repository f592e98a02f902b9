"""Communications staff's own words and look, without touching HTML (issue 16), checked as a
person would: in the real PDFs (pypdf, rendered pixels), with Ghostscript for the ink of the
mono kit and with LibreOffice headless for the PowerPoint and the .odp.

One workspace: a one-line teksten.yaml, a token file of our own in the NL Design System form,
the primary colour with its exact CMYK, a logo. Built through the CLI in the screen profile;
the print files whose CMYK is checked are built from a copy of it in the print profile, the
other pieces tiny (tiny.py).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from pptx import Presentation
from pypdf.generic import ContentStream

from kits import LIBREOFFICE, PdfReader, Recipe, run_cli
from incli import run_here
from helpers import bound_sockets, edit, running_in_group
from pdfpixels import pixels_near
from tiny import tiny_home, tiny_templates

LO = shutil.which("soffice")
needs_lo = pytest.mark.skipif(LO is None, reason="LibreOffice (libreoffice-impress) missing")

TOKENS = {  # written by us, in the form @utrecht/design-tokens and the others publish
    "zwolle": {"color": {"blauw": {"value": "#00689e"}, "oranje": {"value": "#a85400"}}},
    "basis": {
        "color": {"accent-1": {"color-default": {"value": "{zwolle.color.blauw}"}},
                  "accent-2": {"color-default": {"value": "{zwolle.color.oranje}"}}},
        "typography": {"font-family": {"default": {"value": "'Noto Sans', Arial, sans-serif"}}},
    },
}
BLUE = (0x00, 0x68, 0x9E)
CMYK = ("1", "0.35", "0", "0.2")  # huisstijl.yaml: cmyk [100, 35, 0, 20]
LOGO_SVG = ('<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40" viewBox="0 0 120 '
            '40"><rect width="40" height="40" fill="#c0149a"/></svg>')


def _zwolle(here: Path) -> None:
    from codio_print.scaffold.workspace import init

    ws = here / "zwolle"
    init(ws)
    (ws / "teksten.yaml").write_text("presentatie.bedankt.titel: Dank je wel!\n"
                                     "naamkaartjes.groep: Tafel\n", encoding="utf-8")
    (ws / "tokens.json").write_text(json.dumps(TOKENS, indent=2), encoding="utf-8")
    (ws / "logo.svg").write_text(LOGO_SVG, encoding="utf-8")
    edit(ws / "huisstijl.yaml", ('organisatie: ""', "organisatie: Gemeente Zwolle"),
         ('logo: ""', "logo: logo.svg"),
         ('primair: "#154273"', 'primair:\n    rgb: "#00689e"\n    cmyk: [100, 35, 0, 20]\n'
                                '    pantone: PMS 307 C'))
    edit(ws / "huisstijl.yaml", ('tokens: ""', "tokens: tokens.json"))
    edit(ws / "sessie.yaml", ("casus: eigen-casus", "casus: arnhem"),
         ("profiel: all", "profiel: screen"))


# One workspace: a one-line teksten.yaml, a token file, the primary colour with its exact
# CMYK, a logo; its kit built with a plain `build` inside it, the screen profile.
ZWOLLE = Recipe("arnhem", prepare=_zwolle, workspace="zwolle",
                env=tuple(LIBREOFFICE.items()))


@pytest.fixture(autouse=True)
def _with_libreoffice(libreoffice):
    """The slides and the .odp are this module's subject."""


@pytest.fixture(scope="module")
def ws(kits) -> Path:
    return kits.get(ZWOLLE).workspace


def _kit(ws: Path) -> Path:
    return ws / "build" / "arnhem"


def _text(pdf: Path, page: int | None = None) -> str:
    pages = PdfReader(pdf).pages
    return "\n".join((p.extract_text() or "") for p in (pages if page is None else [pages[page]]))


def _operands(pdf: Path, ops: tuple[bytes, ...]) -> set[tuple[str, ...]]:
    reader = PdfReader(pdf)
    found = set()
    for page in reader.pages:
        for operands, op in ContentStream(page.get_contents(), reader).operations:
            if op in ops:
                found.add(tuple(f"{float(x):g}" for x in operands))
    return found


def _fonts(pdf: Path) -> set[str]:
    return {str(ref.get_object()["/BaseFont"]).split("+")[-1]
            for page in PdfReader(pdf).pages
            for ref in page["/Resources"].get_object().get("/Font", {}).values()}


def test_one_line_in_teksten_yaml_changes_the_last_slide(ws):
    last = _text(_kit(ws) / "screen" / "presentatie.pdf", -1)
    assert "Dank je wel!" in last and "Bedankt!" not in last
    deck = Presentation(str(_kit(ws) / "presentatie.pptx"))
    texts = [sh.text_frame.text for sh in deck.slides[-1].shapes if sh.has_text_frame]
    assert "Dank je wel!" in texts


def test_a_text_that_leaves_out_a_place_is_used_and_the_build_says_so(kits):
    """As the web interface's Teksten step: allowed, with a warning naming file and line."""
    built = kits.get(ZWOLLE)
    said = built.kit.proc.stdout + built.kit.proc.stderr
    assert ("warning: teksten.yaml:2: the text 'naamkaartjes.groep' leaves out {letter}, "
            "where codio-print fills in a value") in said, said
    cards = _text(_kit(built.workspace) / "screen" / "naamkaartjes.pdf")
    assert "Tafel" in cards and "Groep A" not in cards


def test_the_logo_travels_at_print_resolution(ws):
    """The SVG logo in presentatie.pptx as SVG, with a PNG beside it of at least four times
    the size it is shown at (18 mm high on the title slide: 68 px at 96 dpi)."""
    import io
    import zipfile

    from PIL import Image

    with zipfile.ZipFile(_kit(ws) / "presentatie.pptx") as z:
        media = {n: z.read(n) for n in z.namelist() if n.startswith("ppt/media/")}
        slide = z.read("ppt/slides/slide1.xml").decode()
    assert [d for n, d in media.items() if n.endswith(".svg")] == [LOGO_SVG.encode()]
    assert "asvg:svgBlip" in slide
    pngs = [Image.open(io.BytesIO(d)) for n, d in media.items() if n.endswith(".png")]
    assert pngs and all(im.height >= 4 * 68 for im in pngs), [im.size for im in pngs]


def test_the_tokens_colours_and_fonts_are_on_every_piece(ws):
    screen = sorted((_kit(ws) / "screen").glob("*.pdf"))
    assert len(screen) == 25
    for pdf in screen:
        fonts = _fonts(pdf)
        assert "Noto-Sans" in fonts or "Noto-Sans-Bold" in fonts, (pdf.name, fonts)
        assert not any("Atkinson" in f for f in fonts), (pdf.name, fonts)
    # the token's primary colour is printed on every piece that uses the primary colour
    # (a group's sheets use its fundament's colour instead)
    for piece in ("casus", "code", "draaiboek", "presentatie", "handout-5", "flipover"):
        assert pixels_near(_kit(ws) / "screen" / f"{piece}.pdf", 0, BLUE, 12) >= 30, piece
        assert pixels_near(_kit(ws) / "screen" / f"{piece}.pdf", 0, (0x15, 0x42, 0x73), 6) == 0


PRIMARY_PIECES = ("casus", "code", "draaiboek", "presentatie", "handout-5", "flipover")


def test_print_files_carry_the_cmyk_given(ws, tmp_path):
    """The pieces printed in the primary colour, in the print profile (from a copy of the
    workspace, the other pieces tiny: tiny.py)."""
    copy = tmp_path / "zwolle"
    shutil.copytree(ws, copy, ignore=shutil.ignore_patterns("build"))
    tiny_templates(copy / "templates", keep={"naamkaartjes", *PRIMARY_PIECES})
    edit(copy / "sessie.yaml", ("profiel: screen", "profiel: print"))
    run_cli("build", cwd=copy, check=True, env={"CODIO_PRINT_SOFFICE": ""})
    for piece in PRIMARY_PIECES:
        found = _operands(_kit(copy) / "print" / f"{piece}.pdf", (b"scn", b"SCN", b"k", b"K"))
        assert CMYK in found, (piece, sorted(found)[:8])
    # and the screen files the RGB
    found = _operands(_kit(ws) / "screen" / "presentatie.pdf", (b"rg", b"RG", b"sc", b"scn"))
    assert ("0", f"{0x68 / 255:g}", f"{0x9e / 255:g}") in {
        tuple(f"{float(v):g}" for v in t) for t in found}


def test_a_light_yellow_primary_fails_with_one_line_and_a_suggestion(ws, tmp_path):
    copy = tmp_path / "geel"
    shutil.copytree(ws, copy, ignore=shutil.ignore_patterns("build"))
    edit(copy / "huisstijl.yaml", ("tokens: tokens.json", 'tokens: ""'),
         ('rgb: "#00689e"\n    cmyk: [100, 35, 0, 20]\n    pantone: PMS 307 C',
          'rgb: "#ffe680"'))
    proc = run_here("build", cwd=copy)
    assert proc.returncode == 1
    errors = [line for line in proc.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and "Traceback" not in proc.stderr
    line = next(i for i, text in enumerate((copy / "huisstijl.yaml").read_text().splitlines(), 1)
                if "primair:" in text)
    assert re.fullmatch(
        rf"error: huisstijl\.yaml:{line}: 'kleuren\.primair' #ffe680: white text on it .* has "
        r"a contrast of 1\.2:1 \(white on #ffe680\); WCAG 2\.1 AA needs 4\.5:1 \(and \d more "
        r"pairs\) — use #[0-9a-f]{6}, the nearest shade that passes", errors[0]), errors[0]
    assert not (copy / "build" / "arnhem").exists()


def _soffice(src: Path, to: str, out: Path, env: dict | None = None
             ) -> subprocess.CompletedProcess:
    return subprocess.run([LO, f"-env:UserInstallation={(out / 'profile').as_uri()}",
                           "--headless", "--convert-to", to, "--outdir", str(out), str(src)],
                          capture_output=True, text=True, timeout=300,
                          env={**os.environ, **(env or {})})


def _fonts_of_the_pptx(pptx: Path, home: Path) -> list[str]:
    """The fonts presentatie.pptx embeds, unwrapped from their EOT into ``home``/.fonts,
    where LibreOffice finds them as PowerPoint finds them in the file (LibreOffice reads
    embedded fonts only from 24.8 on). Their family names."""
    import struct
    import zipfile

    from fontTools.ttLib import TTFont

    folder = home / ".fonts"
    folder.mkdir(parents=True)
    names = []
    with zipfile.ZipFile(pptx) as z:
        for name in z.namelist():
            if name.startswith("ppt/fonts/"):
                eot = z.read(name)
                size, font_size = struct.unpack("<LL", eot[:8])
                (folder / (Path(name).stem + ".ttf")).write_bytes(eot[size - font_size:])
                names.append(TTFont(folder / (Path(name).stem + ".ttf"))["name"]
                             .getDebugName(1))
    return names


_MARKER = re.compile(r"^(\d+\.|•)$")


def _lines(pdf: Path) -> list[list[str]]:
    """Each page's text lines as poppler finds them (a list's numbers and bullets left out:
    the PDF sets them apart, PowerPoint in the line), sorted."""
    from html import unescape

    xml = subprocess.run(["pdftotext", "-bbox-layout", str(pdf), "-"], capture_output=True,
                         text=True, check=True).stdout
    pages = []
    for page in xml.split("<page ")[1:]:
        lines = []
        for line in re.findall(r"<line [^>]*>(.*?)</line>", page, re.S):
            words = [unescape(w).replace("\u00a0", " ").replace("\u2060", "")
                     for w in re.findall(r">([^<]*)</word>", line)]
            current: list[str] = []
            for word in words + ["•"]:  # a marker inside a line: two columns side by side
                if _MARKER.match(word.strip()):
                    if current:
                        lines.append(" ".join(" ".join(current).split()))
                    current = []
                else:
                    current.append(word)
        pages.append(sorted(x for x in lines if x))
    return pages


@needs_lo
def test_libreoffice_opens_the_pptx_with_every_slide_and_the_notes(ws, tmp_path):
    pdf_pages = len(PdfReader(_kit(ws) / "screen" / "presentatie.pdf").pages)
    home = tmp_path / "home"  # a computer with the fonts the file carries, as PowerPoint
    assert _fonts_of_the_pptx(_kit(ws) / "presentatie.pptx", home) == ["Noto Sans"] * 2
    proc = _soffice(_kit(ws) / "presentatie.pptx", "pdf", tmp_path, {"HOME": str(home)})
    assert proc.returncode == 0, proc.stderr
    assert "error" not in proc.stderr.lower(), proc.stderr  # no repair, no load failure
    converted = tmp_path / "presentatie.pdf"
    reader = PdfReader(converted)
    assert len(reader.pages) == pdf_pages
    box = reader.pages[0].mediabox
    assert round(float(box.width) / float(box.height), 3) == round(16 / 9, 3)
    assert "Dank je wel!" in (reader.pages[-1].extract_text() or "")
    # slide for slide, the same lines as presentatie.pdf: every line breaks where it does
    pdf = _kit(ws) / "screen" / "presentatie.pdf"
    for n, (ours, theirs) in enumerate(zip(_lines(pdf), _lines(converted)), 1):
        assert theirs == ours, (n, sorted(set(ours) - set(theirs)), sorted(set(theirs) - set(ours)))
    # the Deel 1 matrix: the case's cells filled in the primary colour, the others in the tint
    matrix = next(i for i, p in enumerate(PdfReader(pdf).pages)
                  if "Herkomst van de data →" in (p.extract_text() or ""))
    assert "Herkomst van de data →" in (reader.pages[matrix].extract_text() or "")
    primary = pixels_near(pdf, matrix, BLUE, 6)
    assert primary > 0 and abs(pixels_near(converted, matrix, BLUE, 6) - primary) < 0.15 * primary
    assert pixels_near(converted, matrix, (0xF2, 0xF2, 0xF2), 2) > primary
    # the speaker notes, as Impress exports its notes pages
    notes_dir = tmp_path / "notes"
    proc = _soffice(_kit(ws) / "presentatie.pptx",
                    'pdf:impress_pdf_Export:{"ExportNotesPages":{"type":"boolean",'
                    '"value":"true"}}', notes_dir)
    assert proc.returncode == 0, proc.stderr
    notes = _text(notes_dir / "presentatie.pdf")
    assert len(PdfReader(notes_dir / "presentatie.pdf").pages) == 2 * pdf_pages
    for line in ("Vraag iedereen om in stilte de voorkant van hand-out 2 in te vullen.",
                 "Geef nu elke groep hand-out 6 van het eigen fundament.",
                 "Heet iedereen welkom."):
        assert " ".join(line.split()) in " ".join(notes.split()), line


@needs_lo
def test_the_odp_opens_with_every_slide_and_is_reproducible(ws, tmp_path):
    odp = _kit(ws) / "presentatie.odp"
    pdf_pages = len(PdfReader(_kit(ws) / "screen" / "presentatie.pdf").pages)
    proc = _soffice(odp, "pdf", tmp_path)
    assert proc.returncode == 0 and "error" not in proc.stderr.lower(), proc.stderr
    assert len(PdfReader(tmp_path / "presentatie.pdf").pages) == pdf_pages
    from codio_print.kit.dates import build_time
    from codio_print.render.slides import convert, normalise_zip
    again = normalise_zip(convert((_kit(ws) / "presentatie.pptx").read_bytes(), "odp")[0],
                          build_time(None))
    assert again == odp.read_bytes()


@needs_lo
def test_two_kits_in_one_command_each_get_their_own_odp(tmp_path):
    """The .odp files of all kits come from one LibreOffice process, which runs while the
    PDFs render: each kit gets the conversion of its own .pptx, as one conversion alone gives.
    (The slides as they are, the other pieces tiny: tiny.py.)"""
    import zipfile

    from codio_print.kit.dates import build_time
    from codio_print.render.slides import convert, normalise_zip
    home = tiny_home(tmp_path / "home", keep={"naamkaartjes", "presentatie"})
    run_cli("build", "--case", "arnhem", "--case", "utrecht", "--profile", "screen",
            "--out", str(tmp_path), check=True, env={"CODIO_PRINT_HOME": str(home)})
    titles = {"arnhem": "Ambtshalve verlenging IIT",
              "utrecht": "Communicatiecampagne bereik armoederegelingen"}
    for case, other in (("arnhem", "utrecht"), ("utrecht", "arnhem")):
        kit = tmp_path / case
        odp = (kit / "presentatie.odp").read_bytes()
        with zipfile.ZipFile(kit / "presentatie.odp") as z:
            content = z.read("content.xml").decode()
        assert titles[case] in content and titles[other] not in content, case
        alone = normalise_zip(convert((kit / "presentatie.pptx").read_bytes(), "odp")[0],
                              build_time(None))
        assert odp == alone, case
    assert not list(tmp_path.glob(".*.tmp-*"))  # the conversion's folder is gone too


@needs_lo
def test_a_conversion_stopped_halfway_leaves_nothing(ws, tmp_path, monkeypatch):
    """A build that fails or is interrupted while LibreOffice converts stops it: no process
    is left, its folder is gone, and so are the temporary folder it makes in TMPDIR and the
    socket it makes in /tmp (which it removes itself only when it ends on its own)."""
    import tempfile
    import time

    from codio_print.render.slides import Conversion
    system_tmp = tmp_path / "system-tmp"
    system_tmp.mkdir()
    monkeypatch.setenv("TMPDIR", str(system_tmp))
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    conversion = Conversion([(_kit(ws) / "presentatie.pptx").read_bytes()], "odp")
    sockets: set[str] = set()
    deadline = time.monotonic() + 60  # until LibreOffice itself (soffice.bin) has its pipe
    while not sockets and time.monotonic() < deadline:
        sockets = bound_sockets(running_in_group(conversion.process.pid))
        time.sleep(0.05)
    assert sockets, "LibreOffice made no socket"
    assert conversion.process.poll() is None, "the conversion ended before it was stopped"
    conversion.cancel()
    assert running_in_group(conversion.process.pid) == []  # no LibreOffice process is left
    time.sleep(1)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["system-tmp"]  # none writes again
    assert list(system_tmp.iterdir()) == []
    assert [s for s in sockets if os.path.lexists(s)] == []


def test_the_manifest_lists_the_slides(ws):
    manifest = json.loads((_kit(ws) / "manifest.json").read_text(encoding="utf-8"))
    files = {e["file"]: e for e in manifest["extra"]}
    assert files["presentatie.pptx"]["kind"] == "slides"
    assert files["presentatie.pptx"]["pages"] == len(
        PdfReader(_kit(ws) / "screen" / "presentatie.pdf").pages)
    if LO:
        assert "presentatie.odp" in files


def test_a_mono_kit_prints_no_colour(tmp_path):
    run_cli("build", "--case", "utrecht", "--profile", "mono", "--out", str(tmp_path),
            check=True)
    kit = tmp_path / "utrecht" / "mono"
    pdfs = sorted(kit.glob("*.pdf"))
    assert len(pdfs) == 25
    for pdf in pdfs:
        out = subprocess.run(["gs", "-q", "-dSAFER", "-o", "-", "-sDEVICE=inkcov", str(pdf)],
                             capture_output=True, text=True, check=True, timeout=300).stdout
        pages = [line.split()[:4] for line in out.splitlines() if "CMYK" in line]
        assert len(pages) == len(PdfReader(pdf).pages), pdf.name
        for c, m, y, k in pages:
            assert float(c) == float(m) == float(y) == 0, (pdf.name, c, m, y, k)
        assert any(float(k) > 0 for *_, k in pages)
    # the groups are told apart by letter and line style: the band of hand-out 3a is solid,
    # of 3b dashed (WeasyPrint draws each dash as a rectangle), of 3c dotted (each dot a
    # circle of curves); in one grey they would look the same
    drawn = {}
    for letter in "abc":
        pdf = kit / f"handout-3{letter}.pdf"
        assert f"HAND-OUT 3{letter.upper()}" in _text(pdf, 0).upper()
        reader = PdfReader(pdf)
        ops = [op for _, op in ContentStream(reader.pages[0].get_contents(), reader).operations]
        drawn[letter] = (ops.count(b"re"), ops.count(b"c"))
    (rect_a, curve_a), (rect_b, curve_b), (rect_c, curve_c) = drawn.values()
    assert rect_b > rect_a + 20 and curve_b == curve_a, drawn  # dashes
    assert curve_c > curve_a + 100 and rect_c == rect_a, drawn  # dots
    check = run_cli("check", str(tmp_path / "utrecht"))
    assert check.returncode == 0, check.stderr
