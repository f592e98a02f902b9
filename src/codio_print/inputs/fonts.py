"""Fonts come from PyPI packages (fontpkg-*), so every machine renders the same glyphs."""

from __future__ import annotations

import difflib
import hashlib
import io
import re
import subprocess
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import fontpkg
from markupsafe import Markup

from codio_print import paths, writing
from codio_print.errors import ContentError
from codio_print.i18n import _
from codio_print.inputs import access

# Body text first; the fallbacks cover the scripts the first one lacks.
# Almarai for Arabic: unlike Noto Sans Arabic it draws dotted letters as whole glyphs, so
# WeasyPrint's text layer extracts names correctly (WeasyPrint issue #2841).
DEFAULT_STACK = ("Atkinson Hyperlegible", "Noto Sans", "Almarai")
# Families whose script needs glyph composition ("ccmp"), which base.css turns off elsewhere.
SHAPED_FAMILIES = frozenset({"Almarai"})
# Han, kana and hangul come from Debian's fonts-noto-cjk (scripts/setup-system.sh), found by
# fontconfig: no PyPI package carries them.
SYSTEM_FALLBACK = ('"Noto Sans CJK SC"', "sans-serif")
# Font files a workspace may bring instead of an installed family.
FONT_SUFFIXES = (".ttf", ".otf", ".woff", ".woff2")
# Where the system's fonts are: a family installed there (fontconfig lists it) may be named in
# huisstijl.yaml; a render may read these folders (inputs/roots.py), nothing else of the system.
SYSTEM_FONTS = (Path("/usr/share/fonts"), Path("/usr/local/share/fonts"))
# fontconfig's weights and slants (fontconfig.h: FC_WEIGHT_REGULAR, FC_WEIGHT_BOLD, FC_SLANT_ROMAN)
FC_REGULAR, FC_BOLD, FC_ROMAN, FC_NORMAL_WIDTH = 80, 200, 0, 100


@dataclass(frozen=True)
class FontFace:
    family: str
    path: Path
    weight: str  # "400" or "700"
    style: str


@dataclass(frozen=True)
class Family:
    """A family made of font files given by path (a theme's own font)."""

    name: str
    faces: tuple[FontFace, ...]


# A stack entry is an installed fontpkg family's name or a Family of files.
Entry = str | Family


def css_stack(stack: tuple[Entry, ...] = DEFAULT_STACK) -> Markup:
    """The CSS font-family list: our fonts, then the system's CJK font."""
    return Markup(", ".join([f'"{name_of(e)}"' for e in stack] + list(SYSTEM_FALLBACK)))


def name_of(entry: Entry) -> str:
    return entry.name if isinstance(entry, Family) else entry


def faces_of(entry: Entry) -> tuple[FontFace, ...]:
    return entry.faces if isinstance(entry, Family) else faces(entry)


def installed_folders() -> list[Path]:
    """The folders of every installed fontpkg family: a render may read fonts there."""
    return sorted({f.path.parent for family in fontpkg.families().values()
                   for f in family.files})


def installed() -> list[str]:
    """The names of the installed fontpkg families."""
    return sorted(family.name for family in fontpkg.families().values())


def is_installed(name: str) -> bool:
    try:
        fontpkg.family(name)
    except fontpkg.FontpkgError:
        return False
    return True


@lru_cache(maxsize=1)
def system_fonts() -> dict[str, tuple[tuple[str, int, int, int], ...]]:
    """The fonts fontconfig lists in the system's font folders, by family name: (file,
    weight, slant, width) each. Empty where fontconfig is not installed."""
    try:
        listed = subprocess.run(
            ["fc-list", "--format", "%{family}\t%{file}\t%{weight}\t%{slant}\t%{width}\n",
             ":scalable=True"], capture_output=True, text=True, timeout=30, check=False).stdout
    except (OSError, subprocess.SubprocessError):
        return {}
    found: dict[str, list[tuple[str, int, int, int]]] = {}
    for line in sorted(listed.splitlines()):
        parts = line.split("\t")
        if len(parts) != 5 or not parts[1].lower().endswith(FONT_SUFFIXES):
            continue
        families, file, weight, slant, width = parts
        where = Path(file).resolve()
        if not any(where.is_relative_to(root.resolve()) for root in SYSTEM_FONTS):
            continue  # a user's own folder: not a place a render may read
        for family in {f.strip() for f in families.split(",") if f.strip()}:
            found.setdefault(family, []).append((str(where), _number(weight), _number(slant),
                                                 _number(width, FC_NORMAL_WIDTH)))
    return {family: tuple(files) for family, files in found.items()}


def _number(text: str, default: int = 0) -> int:
    """fontconfig's number, or the start of its range ("[0 1000]" for a variable font)."""
    match = re.search(r"\d+", text)
    return int(match.group()) if match else default


def system_family(name: str) -> Family | None:
    """The family ``name`` as installed on the system (fontconfig), its regular and bold,
    upright and italic faces from the files closest to those (normal width first); None
    when fontconfig lists no such family. Only files fontconfig lists are read."""
    listed = system_fonts()
    key = {f.casefold(): f for f in listed}.get(" ".join(name.split()).casefold())
    if key is None:
        return None
    files = listed[key]
    faces_: list[FontFace] = []
    for weight, fc_weight in (("400", FC_REGULAR), ("700", FC_BOLD)):
        for style in ("normal", "italic"):
            fitting = [f for f in files if (f[2] == FC_ROMAN) == (style == "normal")]
            if fitting:
                best = min(fitting, key=lambda f: (abs(f[3] - FC_NORMAL_WIDTH),
                                                   abs(f[1] - fc_weight), f[0]))
                faces_.append(FontFace(key, Path(best[0]), weight, style))
    return Family(key, tuple(faces_)) if faces_ else None


def not_installed(name: str, key: str | None = None) -> ContentError:
    """A font family that is not installed, with advice that exists: the installed families,
    and (``key``: the huisstijl.yaml field that named it) the workspace's own font files.
    Only one of codio-print's own fonts missing means its installation is incomplete.

    Never "pip install fontpkg-<name>": a workspace chooses the name, so that would lure its
    user into installing whatever package an attacker registered under it."""
    families = installed()
    by_key = {f.casefold(): f for f in [*system_fonts(), *families]}
    close = difflib.get_close_matches(" ".join(name.split()).casefold(), list(by_key), n=3,
                                      cutoff=0.6)
    fix = (_("did you mean {names}? ").format(
        names=_(" or ").join(f"'{by_key[c]}'" for c in close)) if close else "")
    fix += (_("installed fonts: {fonts}").format(fonts=", ".join(families)) if families
            else _("no fontpkg fonts are installed"))
    fix += _("; or a family installed on this computer (fc-list shows them)")
    if key:
        fix += _("; or put the font files ({suffixes}) in the workspace folder and write "
                 "their names after '{key}:'").format(suffixes=", ".join(FONT_SUFFIXES),
                                                     key=key)
    elif name in DEFAULT_STACK:  # one of codio-print's own: its installation is incomplete
        fix += _("; codio-print's own fonts come with it: install codio-print again")
    shown = " ".join(name.split())
    shown = shown if len(shown) <= 60 else shown[:57] + "..."
    return ContentError(_("font '{name}' is neither in codio-print nor installed on this "
                          "computer").format(name=shown), fix=fix,
                        key=key)


@lru_cache(maxsize=None)
def faces(name: str) -> tuple[FontFace, ...]:
    """All files of an installed fontpkg family, as @font-face entries."""
    try:
        family = fontpkg.family(name)
    except fontpkg.FontpkgError:
        raise not_installed(name) from None
    out = []
    for f in family.files:
        # A variable font (no fixed weight) serves both regular and bold.
        for weight in ([str(f.weight)] if f.weight else ["400", "700"]):
            out.append(FontFace(family.name, _static(Path(f.path), weight, f.weight), weight,
                                f.style))
    return tuple(out)


def instance_folder() -> Path:
    """Where the static instances of variable fonts are kept (the user's cache)."""
    return paths.cache_home() / "fonts"


def _static(path: Path, weight: str, fixed_weight) -> Path:
    """The file to draw ``weight`` with. A variable font's default instance is its regular;
    for bold it is instantiated once as a static font (fontTools) and kept in the cache:
    otherwise Pango lays bold text out with the regular advances while WeasyPrint embeds a
    bold instance, so bold words run tight and the PDF's glyph widths disagree with the
    font (PDF/UA-1 and PDF/A fail on that)."""
    if fixed_weight or weight == "400":
        return path
    try:
        return static_instance(path, int(weight))
    except OSError:  # no cache folder to write: the variable font as it is
        return path


@lru_cache(maxsize=None)
def _instance_digest(path: str, size: int, mtime_ns: int, weight: int) -> str:
    """The name of an instance: the font's bytes, the weight and fontTools' version."""
    from importlib.metadata import version

    data = font_bytes(Path(path))
    return hashlib.sha256(data + f"{weight}:{version('fonttools')}".encode()).hexdigest()[:16]


def font_bytes(path: Path) -> bytes:
    """A font file's bytes, by the one rule for reading (access.py): a regular file (never a
    pipe or a device) of reasonable size; where it may lie, the caller has decided."""
    try:
        return access.read_file(path, [path])[0]
    except access.Refused as refused:
        if refused.reason == access.MISSING:
            raise FileNotFoundError(path) from None
        raise ContentError(_("font file '{path}' {reason}").format(path=path,
                                                                    reason=refused.text),
                           fix=_("give a .ttf, .otf or .woff2 file")) from None


def static_instance(path: Path, weight: int) -> Path:
    """A static copy of the variable font ``path`` at ``weight`` (other axes at their
    default), made once per font file and kept in :func:`instance_folder`. The same bytes
    every time: fontTools writes no time stamp here."""
    info = Path(path).stat()
    digest = _instance_digest(str(path), info.st_size, info.st_mtime_ns, weight)
    name = re.sub(r"[^A-Za-z0-9.-]+", "", Path(path).stem) or "font"
    target = instance_folder() / f"{name}-{weight}-{digest}.ttf"
    if target.is_file():  # fontTools is not even imported (a no-op build stays quick)
        return target
    from fontTools.ttLib import TTFont
    from fontTools.varLib.instancer import instantiateVariableFont

    font = TTFont(io.BytesIO(font_bytes(Path(path))), recalcTimestamp=False)
    axes = {a.axisTag: a for a in font["fvar"].axes} if "fvar" in font else {}
    if "wght" not in axes:
        return Path(path)
    location = {tag: a.defaultValue for tag, a in axes.items()}
    location["wght"] = min(max(weight, axes["wght"].minValue), axes["wght"].maxValue)
    instantiateVariableFont(font, location, inplace=True, optimize=False)
    data = io.BytesIO()
    font.save(data)
    # two builds at once: either one's file, whole
    writing.replace(target, data.getvalue(), below=paths.cache_home(), sync=False)
    return target


def file_family(name: str, files: list[Path]) -> Family:
    """A family from font files (TTF/OTF/WOFF); weight and style are read from each file."""
    from fontTools.ttLib import TTFont, TTLibError

    out = []
    for path in files:
        try:
            access.note(path)
            font = TTFont(io.BytesIO(font_bytes(Path(path))), lazy=True, fontNumber=0)
            os2 = font["OS/2"] if "OS/2" in font else None
            variable = "fvar" in font
            italic = bool(os2 and os2.fsSelection & 1) or bool(font["head"].macStyle & 2)
        except FileNotFoundError:
            raise ContentError(_("font file '{path}' not found").format(path=path),
                               fix=_("check the path (relative to the workspace folder)")
                               ) from None
        except (TTLibError, OSError, KeyError, AssertionError) as exc:
            raise ContentError(_("'{path}' is not a font file ({problem})").format(
                                   path=path, problem=exc),
                               fix=_("give a .ttf, .otf or .woff2 file")) from None
        style = "italic" if italic else "normal"
        if variable:
            weights = ["400", "700"]
        else:
            weight = os2.usWeightClass if os2 else 400
            weights = ["700" if weight >= 600 else "400"]
        out.extend(FontFace(name, _static(path, w, None if variable else w), w, style)
                   for w in weights)
    return Family(name, tuple(out))


def font_faces(stack: tuple[Entry, ...] = DEFAULT_STACK) -> list[FontFace]:
    seen: set[str] = set()
    out = []
    for entry in stack:
        if name_of(entry) not in seen:
            seen.add(name_of(entry))
            out.extend(faces_of(entry))
    return out


def font_face_css(faces_: list[FontFace]) -> Markup:
    """@font-face rules pointing at the installed files."""
    rules = []
    for f in faces_:
        rules.append(
            f'@font-face {{ font-family: "{f.family}"; src: url("{f.path.as_uri()}"); '
            f"font-weight: {f.weight}; font-style: {f.style}; }}")
    return Markup("\n".join(rules))
