"""Stap Huisstijl, the files: the logo, a font file, the design tokens and the PowerPoint
template, each uploaded on its own form with its own size limit (stated beside the field).

An upload is kept under a name the server chooses by what the file holds (logo.svg or
logo.png, never the name it came with), inside the workspace. It is first kept as
``.upload/<name>`` and checked by the rules the command line checks it by (inputs/assets,
inputs/fonts, inputs/tokens, inputs/pptx_template) and then with huisstijl.yaml naming it, as
a build loads the theme; only then does it replace the file, and huisstijl.yaml is written.
A file that fails replaces nothing.

The logo is shown back as ``<img>`` of the file itself, served with ``Content-Security-Policy:
sandbox`` and its own type (an SVG in ``<img>`` runs no script, and opened on its own it runs
in a sandbox without the interface's origin); an SVG with a script, an event handler or a
reference outside itself is refused, as a build refuses it (inputs/assets).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from codio_print import writing
from codio_print.errors import CodioError
from codio_print.i18n import N_
from codio_print.inputs import access
from codio_print.inputs.assets import MAX_BYTES as IMAGE_BYTES
from codio_print.inputs.assets import check_image
from codio_print.inputs.pptx_template import MAX_FILE as TEMPLATE_BYTES
from codio_print.inputs.theme import Theme
from codio_print.inputs.yamlread import MAX_YAML_BYTES
from codio_print.web.lookcheck import Problems, Refused, clean, current, field_of, write
from codio_print.web.steps import workspace

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
FONT_MAGIC = {b"wOF2": ".woff2", b"wOFF": ".woff", b"OTTO": ".otf", b"\x00\x01\x00\x00": ".ttf",
              b"true": ".ttf"}
SLACK = 64 * 1024  # what a form adds to the file it carries
TRIALS = ".upload"  # the workspace's folder for an upload until it passed its checks


def _mb(limit: int) -> str:
    return f"{limit // 2**20} MB"


# --- what each upload is -----------------------------------------------------------------

def _logo_name(data: bytes, form) -> str | None:
    if data.startswith(PNG_MAGIC):
        return "logo.png"
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n")
    return "logo.svg" if head.startswith((b"<?xml", b"<svg", b"<!--")) else None


def _check_logo(trial: Path, root: Path) -> None:
    check_image(trial, what=N_("the logo"))  # an SVG with a script too, as in a build


def _font_name(data: bytes, form) -> str | None:
    suffix = FONT_MAGIC.get(data[:4])
    role = "koppen" if form.get("voor") == "koppen" else "tekst"
    return f"lettertype-{role}{suffix}" if suffix else None


def _check_font(trial: Path, root: Path) -> None:
    from codio_print.inputs.fonts import file_family

    file_family("Huisstijl", [trial])


def _tokens_name(data: bytes, form) -> str | None:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return "tokens.json"


def _check_tokens(trial: Path, root: Path) -> None:
    from codio_print.inputs.tokens import load_tokens

    load_tokens(trial, root)


def _template_name(data: bytes, form) -> str | None:
    return "sjabloon.pptx" if data.startswith(b"PK\x03\x04") else None


def _check_template(trial: Path, root: Path) -> None:
    from codio_print.inputs.pptx_template import load_template

    load_template(trial, root)


class TooLarge(Exception):
    """An upload larger than its limit, refused before it is read."""

    def __init__(self, upload: Upload):
        super().__init__(upload.field)
        self.upload = upload

    def page(self, back: str):
        from codio_print.web.pages import text_page

        kind = self.upload.kind.split(":")[0]
        return text_page("Het bestand is te groot", [
            f"Je stuurde {kind} van meer dan {_mb(self.upload.limit)}. Dat is de grens voor "
            "dit veld. Maak het bestand kleiner en probeer het opnieuw."],
            status=413, link=(back, "Terug naar de huisstijl"))


class Rejected(Exception):
    """An upload refused by a rule of the interface's own (a Dutch sentence)."""


@dataclass(frozen=True)
class Upload:
    field: str      # the form field, and the page's anchor
    limit: int      # bytes
    kind: str       # what to choose, for the messages: "een logo: een SVG- of PNG-bestand"
    name: Callable  # (bytes, form) -> the name it is kept under, or None: not this kind
    check: Callable[[Path, Path], None]  # (file, workspace): the command line's checks
    key: Callable   # (name, form) -> the huisstijl.yaml key that names it


UPLOADS = {
    "logo": Upload("logo", IMAGE_BYTES, "een logo: een SVG- of PNG-bestand", _logo_name,
                   _check_logo, lambda name, form: "logo"),
    "lettertype": Upload("lettertype", access.MAX_BYTES,
                         "een letterbestand: .ttf, .otf of .woff2", _font_name, _check_font,
                         lambda name, form: "lettertypen." + (
                             "koppen" if form.get("voor") == "koppen" else "tekst")),
    "tokens": Upload("tokens", MAX_YAML_BYTES,
                     "een tokenbestand: de tokens.json van je organisatie", _tokens_name,
                     _check_tokens, lambda name, form: "tokens"),
    "powerpoint": Upload("powerpoint", TEMPLATE_BYTES,
                         "een PowerPoint-sjabloon: een .pptx-bestand", _template_name,
                         _check_template, lambda name, form: "powerpoint"),
}
LIMITS = {field: _mb(up.limit) for field, up in UPLOADS.items()}


# --- receiving one -----------------------------------------------------------------------

async def receive(request: Request, root: Path, up: Upload) -> Problems:
    problems = Problems()
    length = request.headers.get("content-length", "")
    if length.isdigit() and int(length) > up.limit + SLACK:
        raise TooLarge(up)  # before a byte of it is read
    form = await request.form(max_files=1, max_fields=5)
    upload = form.get(up.field)
    data = await upload.read(up.limit + 1) if hasattr(upload, "read") else b""
    if not data:
        problems.add(up.field, f"Kies {up.kind}.")
    elif len(data) > up.limit:
        problems.add(up.field, f"Het bestand is groter dan {_mb(up.limit)}. Maak het kleiner "
                               "en probeer het opnieuw.")
    elif (saved := up.name(data, form)) is None:
        problems.add(up.field, f"Dit bestand is geen {up.kind.split(':')[0][4:]}. "
                               f"Kies {up.kind}.")
    else:
        try:
            _take(root, data, saved, up, form)
        except Rejected as exc:
            problems.add(up.field, str(exc))
        except Refused as refused:
            own = field_of(up.key(saved, form))
            for field, text in refused.problems.fields.items():
                problems.add(up.field if field == own else field, _plain(text, root, saved))
            for text in refused.problems.general:
                problems.add(up.field, _plain(text, root, saved))
        except CodioError as exc:  # the file by its name, not by the path of its trial
            problems.add(up.field, _plain(clean(exc), root, saved))
    return problems


def _plain(text: str, root: Path, saved: str) -> str:
    """A message about the trial file, naming the file as it will be kept."""
    trial = root / TRIALS / saved
    for name in (str(trial.resolve()), str(trial), f"{TRIALS}/{saved}"):
        text = text.replace(name, saved)
    return text


def _take(root: Path, data: bytes, saved: str, up: Upload, form) -> None:
    """Keep ``data`` as ``saved`` if it passes every check; else raise and replace nothing.
    The trial has the name it will be kept under (in .upload/): a variable font's bold
    instance, made for it (inputs/fonts.py), is then made once."""
    from codio_print.inputs import yamledit
    from codio_print.inputs.theme import THEME_FILE
    from codio_print.web.lookcheck import ORDER, _dry, _Passed, _new_file

    trial = root / TRIALS / saved
    writing.make_folder(trial.parent, below=root)
    writing.replace(trial, data, below=root)
    key = up.key(saved, form)
    try:
        up.check(trial, root)
        if not (root / THEME_FILE).exists():
            _new_file(root)
        try:  # huisstijl.yaml naming the new file, as a build would load it
            yamledit.set_values(root / THEME_FILE, {key: f"{TRIALS}/{saved}"}, below=root,
                                order=ORDER, check=_dry(root))
        except _Passed:
            pass
        writing.replace(root / saved, data, below=root)
    finally:
        trial.unlink(missing_ok=True)
        try:
            trial.parent.rmdir()
        except OSError:  # another upload's trial is in it
            pass
    problems = write(root, {key: saved})
    if problems:  # it passed as the trial: only a change in between can do this
        raise Refused(problems)


# --- the logo, shown back ----------------------------------------------------------------

def logo_of(root: Path, theme: Theme | None) -> dict | None:
    if not theme or not theme.logo or not theme.logo.path.is_relative_to(root.resolve()):
        return None
    return {"name": theme.logo.path.name, "alt": theme.logo.alt,
            "pixels": theme.logo.pixels}


async def logo_file(request: Request):
    """The workspace's logo as an image of its own type, in a sandbox: never a page of the
    interface's origin."""
    root = workspace(request)
    _data, theme, _error = current(root)
    if logo_of(root, theme) is None:
        raise HTTPException(404)
    path = theme.logo.path
    try:
        data = access.read_file(path, [root.resolve()], max_bytes=IMAGE_BYTES)[0]
        kind = check_image(path, data=data).format
    except (access.Refused, CodioError):
        raise HTTPException(404) from None
    if kind not in ("SVG", "PNG"):
        raise HTTPException(404)
    return Response(data, media_type="image/svg+xml" if kind == "SVG" else "image/png",
                    headers={"Content-Security-Policy": "sandbox; default-src 'none'; "
                             "style-src 'unsafe-inline'; img-src data:",
                             "Content-Disposition": f"inline; filename={path.name}"})
