"""The preview page: OUT/index.html shows every page of every piece as a thumbnail, rendered
from the real PDFs, with the build time and any warning, and reloads itself after a rebuild.

It works from file:// (no server): the page loads preview/stamp.js every second and reloads
when the stamp differs from its own.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from jinja2 import Environment, select_autoescape

from codio_print import i18n, writing
from codio_print.i18n import _, ngettext

PREVIEW_DIR = "preview"
INDEX = "index.html"
STAMP = "stamp.js"
THUMB_HEIGHT = 260  # px
MAX_THUMB_WIDTH = 400  # px: a page of any shape (a template's own @page) stays small


@dataclass(frozen=True)
class Sheet:
    """One piece as the page shows it."""

    id: str
    title: str
    size: str
    pdf: str  # relative to OUT
    pages: list[str]  # thumbnail paths relative to OUT
    warnings: list[str]
    proof: list[str] = ()  # the print file as it will print (soft proof), if built


def thumbnails(pdf: Path, sha256: str, folder: Path, piece_id: str) -> list[Path]:
    """PNGs of every page of ``pdf``; kept while the PDF is the same (its hash in the name)."""
    import pypdfium2 as pdfium

    stem = f"{piece_id}-{sha256[:12]}"
    existing = _made(folder, stem)
    if existing:
        return existing
    out = []
    document = pdfium.PdfDocument(str(pdf))
    try:
        for n, page in enumerate(document, 1):
            scale = min(THUMB_HEIGHT / page.get_height(), MAX_THUMB_WIDTH / page.get_width())
            out.append(_save_png(page.render(scale=scale).to_pil(), folder,
                                 f"{stem}-{n:03d}.png"))
            page.close()
    finally:
        document.close()
    return out


def _made(folder: Path, stem: str) -> list[Path]:
    """The thumbnails made before under ``stem`` (plain files only: a link is none of ours)."""
    return sorted(p for p in folder.glob(f"{stem}-*.png") if not p.is_symlink())


def _save_png(image, folder: Path, name: str) -> Path:
    """A picture of the preview: written in preview/, which must be a real folder."""
    import io

    data = io.BytesIO()
    image.save(data, "PNG")
    writing.replace(folder / name, data.getvalue(), below=folder.parent, sync=False)
    return folder / name


def soft_proof(pdf: Path, sha256: str, folder: Path, piece_id: str, icc: Path) -> list[Path]:
    """PNGs of every page of a print file as it will print: Ghostscript renders its CMYK
    as it is (the inks, not a conversion), and the output profile turns those inks into
    what they look like on paper (relative colorimetric: the paper's white as the screen's,
    as a proofing tool shows it without "simulate paper colour").
    Kept while the PDF is the same; none where Ghostscript is not installed."""
    import shutil
    import subprocess
    import tempfile

    from PIL import Image, ImageCms
    from pypdf import PdfReader  # not pdfium: the thumbnails use it in another thread

    stem = f"{piece_id}-proof-{sha256[:12]}"
    existing = _made(folder, stem)
    if existing or shutil.which("gs") is None:
        return existing
    first = PdfReader(pdf).pages[0].cropbox  # the box pdfium and Ghostscript show
    dpi = max(10, min(THUMB_HEIGHT / (float(first.height) / 72),
                      MAX_THUMB_WIDTH / (float(first.width) / 72)))
    to_screen = ImageCms.buildTransform(ImageCms.getOpenProfile(str(icc)),
                                        ImageCms.createProfile("sRGB"), "CMYK", "RGB",
                                        renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC)
    out = []
    with tempfile.TemporaryDirectory(prefix="codio-proof-") as tmp:
        subprocess.run(["gs", "-q", "-dSAFER", "-dBATCH", "-dNOPAUSE", "-sDEVICE=tiff32nc",
                        f"-r{dpi:.1f}", "-dTextAlphaBits=4", "-dGraphicsAlphaBits=4",
                        f"-sOutputFile={tmp}/%03d.tif", str(pdf)],
                       check=True, capture_output=True, timeout=300)
        for n, tif in enumerate(sorted(Path(tmp).glob("*.tif")), 1):
            with Image.open(tif) as cmyk:
                image = ImageCms.applyTransform(cmyk.convert("CMYK"), to_screen)
            out.append(_save_png(image, folder, f"{stem}-{n:03d}.png"))
    return out


def sheets(out: Path, pieces, kit: Path, warnings: dict[str, list[str]],
           icc: Path | None = None) -> list[Sheet]:
    """A Sheet per built piece (builder/report.PieceMade, its files in the folder ``kit``),
    with the soft proof of its print file when ``icc`` (the
    output profile) is given; stale thumbnails are removed. The soft proofs (Ghostscript)
    are made in a thread beside the thumbnails (pdfium): the two cores share the work."""
    from concurrent.futures import ThreadPoolExecutor

    folder = out / PREVIEW_DIR
    made = []
    keep: set[Path] = set()
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="codio-print proof") as proofs:
        proofs_of = {}
        for piece in pieces:
            printed = next((f for f in piece.files if f.profile == "print"), None) \
                if icc is not None else None
            if printed is not None:
                proofs_of[piece.id] = proofs.submit(
                    soft_proof, kit / printed.path, printed.sha256, folder, piece.id, icc)
        for piece in pieces:
            file = kit / piece.main.path
            pngs = thumbnails(file, piece.main.sha256, folder, piece.id)
            keep.update(pngs)
            proof = proofs_of[piece.id].result() if piece.id in proofs_of else []
            keep.update(proof)
            made.append(Sheet(piece.id, piece.title, piece.size,
                              Path(os.path.relpath(file, out)).as_posix(),
                              [p.relative_to(out).as_posix() for p in pngs],
                              warnings.get(piece.id, []),
                              [p.relative_to(out).as_posix() for p in proof]))
    for old in folder.glob("*.png"):
        if old not in keep:
            old.unlink()
    return made


_ENV = Environment(autoescape=select_autoescape(default=True), trim_blocks=True,
                   lstrip_blocks=True)
PAGE = _ENV.from_string("""\
<!doctype html>
<html lang="{{ lang }}">
<head>
<meta charset="utf-8">
<title>{{ title }}</title>
<style>
body { font-family: system-ui, sans-serif; margin: 0; background: #eef0f3; color: #1b1b1b; }
header { position: sticky; top: 0; background: #fff; padding: 10px 20px; border-bottom: 1px solid #ccd;
  display: flex; gap: 24px; align-items: baseline; z-index: 1; }
header h1 { font-size: 18px; margin: 0; }
.status { color: #555; font-size: 14px; }
.warnings, .error { margin: 12px 20px; padding: 10px 14px; border-radius: 6px; font-size: 14px; }
.warnings { background: #fff4e0; border: 1px solid #e1a040; }
.error { background: #fde8e8; border: 1px solid #c03030; white-space: pre-wrap; font-family: monospace; }
.warnings li { margin: 3px 0; }
section.piece { margin: 16px 20px; background: #fff; border-radius: 8px; padding: 10px 14px; }
section.piece h2 { font-size: 15px; margin: 0 0 8px; }
section.piece h2 small { color: #666; font-weight: 400; margin-left: 8px; }
.pages { display: flex; flex-wrap: wrap; gap: 10px; }
.pages a { display: block; line-height: 0; }
.pages img { height: 200px; border: 1px solid #bbb; box-shadow: 0 1px 3px rgba(0,0,0,.15); background: #fff; }
.pages img.broken { outline: 3px solid red; }
.piece .w { color: #9a5a00; font-size: 13px; margin: 6px 0 0; }
.proof-label { font-size: 13px; color: #555; margin: 10px 0 4px; }
</style>
</head>
<body>
<header>
  <h1>codio-print · {{ case }}</h1>
  <span class="status" id="status">{{ status }}</span>
</header>
{% if error %}<div class="error" id="error">{{ error }}</div>{% endif %}
{% if all_warnings %}
<div class="warnings" id="warnings"><strong>{{ words.warnings }}</strong>
<ul>{% for w in all_warnings %}<li>{{ w }}</li>{% endfor %}</ul></div>
{% endif %}
{% for p in pieces %}
<section class="piece" id="{{ p.id }}">
  <h2>{{ p.title }}<small>{{ p.id }}.pdf · {{ p.size }} · {{ count_pages(p.pages | length) }}</small></h2>
  <div class="pages">
  {% for png in p.pages %}<a href="{{ p.pdf }}#page={{ loop.index }}"><img src="{{ png }}" alt="{{ page_alt(p.id, loop.index) }}"></a>{% endfor %}
  </div>
  {% if p.proof %}
  <p class="proof-label">{{ proof_label(p.id) }}</p>
  <div class="pages proof">
  {% for png in p.proof %}<img src="{{ png }}" alt="{{ proof_alt(p.id, loop.index) }}">{% endfor %}
  </div>
  {% endif %}
  {% for w in p.warnings %}<p class="w">{{ w }}</p>{% endfor %}
</section>
{% endfor %}
<script>
// Mark pictures that do not load, count those that do, and reload the page when a new
// build has been written.
for (const img of document.images) {
  img.addEventListener("error", () => img.classList.add("broken"));
  if (img.complete && img.naturalWidth === 0) img.classList.add("broken");
}
window.addEventListener("load", () => {
  document.body.dataset.imagesLoaded = [...document.images].filter(i => i.naturalWidth > 0).length;
});
const STAMP = {{ stamp | tojson }};
function check() {
  const s = document.createElement("script");
  s.src = "{{ stamp_src }}?" + Date.now();
  s.onload = () => { s.remove(); if (window.codioStamp && window.codioStamp !== STAMP) location.reload(); };
  s.onerror = () => s.remove();
  document.head.appendChild(s);
}
setInterval(check, 1000);
</script>
</body>
</html>
""")


def _words(case: str, number: int, when: datetime, seconds: float | None,
           made: list[Sheet], proof_profile: str) -> dict:
    """What the page says, in the reader's language (and the page's ``lang`` to match)."""
    time = f"{when:%H:%M:%S}"
    pages = sum(len(p.pages) for p in made)
    status = (_("build {number} at {time} in {seconds} s").format(
                  number=number, time=time, seconds=f"{seconds:.1f}") if seconds is not None
              else _("build {number} at {time}").format(number=number, time=time))
    status += (" · " + ngettext("{count} piece", "{count} pieces", len(made)).format(
        count=len(made)) + ", " + _count_pages(pages))
    return {
        "lang": i18n.language(),
        "case": case,
        "title": _("{case} · build {number} · {time}").format(case=case, number=number,
                                                             time=time),
        "status": status,
        "words": {"warnings": _("Warnings")},
        "count_pages": _count_pages,
        "page_alt": lambda piece, n: _("{piece} page {number}").format(piece=piece, number=n),
        "proof_alt": lambda piece, n: _("{piece} page {number}, soft proof").format(
            piece=piece, number=n),
        "proof_label": lambda piece: _("As it will print: soft proof of print/{piece}.pdf "
                                       "through {profile}").format(piece=piece,
                                                                   profile=proof_profile),
    }


def _count_pages(count: int) -> str:
    return ngettext("{count} page", "{count} pages", count).format(count=count)


def write_index(out: Path, case: str, number: int, pieces, *, kit: Path | None = None,
                piece_warnings: dict[str, list[str]] | None = None,
                warnings: list[str] | None = None, error: str | None = None,
                seconds: float | None = None, when: datetime | None = None,
                icc: Path | None = None, below: Path | None = None) -> Path:
    """(Re)write OUT/index.html, then the stamp that makes open pages reload. ``pieces``: the
    last build's (builder/report.PieceMade), their files in the folder ``kit``; ``icc``: the
    print files' output profile, for their soft proof. OUT and its preview/ must be real
    folders, and so must every folder between ``below`` (the workspace) and OUT."""
    when = when or datetime.now()
    piece_warnings = piece_warnings or {}
    writing.make_folder(out / PREVIEW_DIR, below=below or out)  # a first failed build: none
    made = sheets(out, pieces, kit, piece_warnings, icc) if pieces else []
    proof_profile = ""
    if icc is not None and any(p.proof for p in made):
        from codio_print.render.colour import profile_name
        proof_profile = profile_name(icc)
    stamp = f"{number}-{when.isoformat()}"
    all_warnings = [*(warnings or []),
                    *(f"{p.id}: {w}" for p in made for w in p.warnings)]
    html = PAGE.render(pieces=made, error=error, all_warnings=all_warnings, stamp=stamp,
                       stamp_src=f"{PREVIEW_DIR}/{STAMP}",
                       **_words(case, number, when, seconds, made, proof_profile))
    index = out / INDEX
    writing.replace(index, html, below=below or out, sync=False)
    writing.replace(out / PREVIEW_DIR / STAMP, f"window.codioStamp = {json.dumps(stamp)};\n",
                    below=below or out, sync=False)
    return index
