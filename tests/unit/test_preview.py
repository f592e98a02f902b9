"""The preview page's thumbnails and the watch loop's way with errors."""

from __future__ import annotations

from pathlib import Path

from PIL import Image
from pypdf import PdfWriter

from codio_print.watch.preview import MAX_THUMB_WIDTH, THUMB_HEIGHT, thumbnails


def _pdf(path: Path, width_pt: float, height_pt: float) -> Path:
    writer = PdfWriter()
    writer.add_blank_page(width=width_pt, height=height_pt)
    writer.write(path)
    return path


def test_a_page_of_any_shape_gives_a_small_thumbnail(tmp_path):
    """D14: a template's @page of 20000 mm × 2 mm made the thumbnailer allocate without end."""
    pdf = _pdf(tmp_path / "code.pdf", 20000 / 25.4 * 72, 2 / 25.4 * 72)
    [png] = thumbnails(pdf, "a" * 64, tmp_path / "preview", "code")
    with Image.open(png) as image:
        assert image.width <= MAX_THUMB_WIDTH and image.height <= THUMB_HEIGHT
        assert image.width >= 1 and image.height >= 1


def test_an_a4_page_keeps_its_usual_thumbnail(tmp_path):
    pdf = _pdf(tmp_path / "casus.pdf", 595.28, 841.89)
    [png] = thumbnails(pdf, "b" * 64, tmp_path / "preview", "casus")
    with Image.open(png) as image:
        assert image.height == THUMB_HEIGHT and 180 <= image.width <= 185


def test_watch_shows_an_unexpected_error_and_keeps_watching(tmp_path, monkeypatch):
    """D17: an error that is not one of ours (a bug, the disk) is shown; watch goes on."""
    from codio_print.builder import pipeline as build
    from codio_print.watch import loop as watch
    from codio_print.scaffold.workspace import init

    init(tmp_path / "ws")
    lines: list[str] = []
    loop = watch._Loop(tmp_path / "ws" / "sessie.yaml", None, tmp_path / "ws" / "build",
                       lines.append)

    def broken(settings, progress=None, notice=None, only=None, pool=None):
        raise OverflowError("Range too big")

    monkeypatch.setattr(build, "build", broken)
    assert loop.rebuild(None) is None
    assert lines == ["error: OverflowError: Range too big — this is a bug in codio-print, "
                     "or a problem of the machine; run 'codio-print --debug build' for details"]
    assert "Range too big" in (tmp_path / "ws" / "build" / "index.html").read_text()


def _cmyk_pdf(path: Path, c: float, m: float, y: float, k: float) -> Path:
    """One A4 page filled with a DeviceCMYK colour, as a print file writes it."""
    import pikepdf

    pdf = pikepdf.new()
    stream = f"{c} {m} {y} {k} k 0 0 595 842 re f".encode()
    page = pikepdf.Dictionary(Type=pikepdf.Name.Page, MediaBox=[0, 0, 595, 842],
                              Contents=pdf.make_stream(stream),
                              Resources=pikepdf.Dictionary())
    pdf.pages.append(pikepdf.Page(page))
    pdf.save(path)
    return path


def test_the_soft_proof_shows_the_inks_through_the_output_profile(tmp_path):
    """The preview's soft proof of a print file: its inks as the CMYK profile prints them,
    not a naive CMYK to RGB conversion (#00689E as C100 M35 K20 prints duller on SWOP)."""
    from PIL import ImageCms

    from codio_print import paths
    from codio_print.watch.preview import soft_proof

    pdf = _cmyk_pdf(tmp_path / "casus.pdf", 1, 0.35, 0, 0.2)
    [png] = soft_proof(pdf, "c" * 64, tmp_path / "preview", "casus", paths.DEFAULT_ICC)
    with Image.open(png) as image:
        got = image.convert("RGB").getpixel((image.width // 2, image.height // 2))
    ink = Image.new("CMYK", (1, 1), (255, round(0.35 * 255), 0, round(0.2 * 255)))
    want = ImageCms.profileToProfile(
        ink, ImageCms.getOpenProfile(str(paths.DEFAULT_ICC)), ImageCms.createProfile("sRGB"),
        renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC, outputMode="RGB").getpixel((0, 0))
    assert all(abs(a - b) <= 3 for a, b in zip(got, want)), (got, want)
    naive = (0, round(255 * 0.65 * 0.8), round(255 * 0.8))  # (1-c)(1-k) per channel
    assert sum(abs(a - b) for a, b in zip(got, naive)) > 40  # really through the profile
