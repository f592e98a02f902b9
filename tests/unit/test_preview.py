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
    from codio_print.build import pipeline as build
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
