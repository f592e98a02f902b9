"""The organisation's look (huisstijl.yaml): its name, logo, colours and fonts on every piece.

Without a huisstijl.yaml the model's defaults give the workshop's own look; a workspace's file
overrides field by field. The fundament colours default to those in content/code.yaml.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from markupsafe import Markup
from pydantic_core import PydanticCustomError

from codio_print.inputs.assets import check_image, inside
from codio_print.inputs.validate import validate
from codio_print.errors import ContentError
from codio_print.i18n import N_, _
from codio_print.inputs import access
from codio_print.inputs.fonts import (DEFAULT_STACK, FONT_SUFFIXES, Entry, css_stack, faces,
                                      file_family, font_face_css, font_faces, is_installed,
                                      name_of, not_installed, system_family)
from codio_print.inputs.models import Fundament
from codio_print.inputs.pptx_template import SlidesTemplate, load_template
from codio_print import paths
from codio_print.inputs.texts import Texts, load_texts
from codio_print.inputs.themefile import Huisstijl, Kleur, hex_colour
from codio_print.inputs.tokens import Token, Tokens, font_names, load_tokens
from codio_print.inputs.tokens import locate as locate_tokens
from codio_print.inputs.yamlread import Located, load_yaml

THEME_FILE = "huisstijl.yaml"
FALLBACK_FONTS = DEFAULT_STACK[1:]  # for the scripts a theme's font may lack
LOGO_SUFFIXES = (".svg", ".png")

# How high the logo is printed on each paper size (mm), and the resolution a raster logo
# needs there (print-facts.md: 300 dpi for A4, 100–150 dpi from A2 upward; slides are shown).
# The templates take the height from here (Theme.logo_mm), so the check matches the print.
LOGO_MM = {"A4": 10, "A3": 12, "A2": 24, "A1": 30, "A0": 42.4, "16:9": 7}
LOGO_DPI = {"A4": 300, "A3": 300, "A2": 150, "A1": 150, "A0": 150, "16:9": 0}
PIECE_OF_SIZE = {"A4": N_("A4 sheets"), "A3": N_("A3 worksheets"), "A2": N_("A2 posters"),
                 "A1": N_("A1 poster"), "A0": N_("A0 poster"), "16:9": N_("slides")}

@dataclass(frozen=True)
class Logo:
    uri: str
    alt: str
    path: Path
    pixels: tuple[int, int] | None  # width, height of a raster logo; None for SVG


@dataclass(frozen=True)
class Theme:
    """What the templates see of the look."""

    organisation: str
    logo: Logo | None
    colours: dict[str, str]  # CSS variable name -> "#rrggbb"
    body: tuple[Entry, ...]  # font stack of the text
    heading: tuple[Entry, ...]
    source: Path | None = None  # the huisstijl.yaml, if any
    files: tuple[Path, ...] = ()  # the files the look is made of (for watch)
    logo_line: int | None = None
    texts: Texts | None = None  # the kit's wording, with the workspace's teksten.yaml
    slides_template: Path | None = None  # huisstijl.yaml powerpoint: the deck's layouts
    # ... checked and cleaned: what python-pptx opens (pptx_template.py)
    slides_package: SlidesTemplate | None = field(default=None, repr=False, compare=False)
    cmyk: dict[str, tuple[float, float, float, float]] = field(default_factory=dict)
    pantone: dict[str, str] = field(default_factory=dict)  # CSS name -> "PMS 3015 C"
    # CSS name -> (file, line, key) where the colour was given, for messages about it
    origins: dict[str, tuple[Path | None, int | None, str]] = field(default_factory=dict)

    def colour_origin(self, name: str) -> tuple[Path | None, int | None, str]:
        return self.origins.get(name, (None, None, KEY_OF.get(name, name)))

    @property
    def font_css(self) -> Markup:
        return font_face_css(font_faces(self.heading + self.body))

    @property
    def body_stack(self) -> Markup:
        return css_stack(self.body)

    @property
    def heading_stack(self) -> Markup:
        return css_stack(self.heading)

    def logo_mm(self, size: str) -> float:
        """The logo's printed height on a piece of this paper size."""
        return LOGO_MM[size]

    @property
    def template_warnings(self) -> list[str]:
        """What the PowerPoint template held that the deck leaves out."""
        warning = self.slides_package.warning() if self.slides_package else None
        return [warning] if warning else []

    @property
    def text_warnings(self) -> list[str]:
        """The workspace's texts that leave out a place of the built-in text."""
        return self.texts.left_out() if self.texts else []

    def logo_warnings(self, sizes: set[str]) -> list[str]:
        """A raster logo too small for the largest print it appears on."""
        if not self.logo or not self.logo.pixels:
            return []
        height_px = self.logo.pixels[1]
        need = {s: LOGO_MM[s] / 25.4 * LOGO_DPI[s] for s in sizes if LOGO_DPI.get(s)}
        if not need:
            return []
        worst = max(need, key=need.get)
        if height_px >= need[worst]:
            return []
        dpi = height_px / (LOGO_MM[worst] / 25.4)
        where = f"{self.source}:{self.logo_line}: " if self.source else ""
        return [where + _("the logo {name} is {height} px high: on the {pieces} it prints "
                          "{mm} mm high at {dpi} dpi, {needed} dpi is needed — use an SVG, or "
                          "a PNG at least {least} px high").format(
                              name=self.logo.path.name, height=height_px,
                              pieces=_(PIECE_OF_SIZE[worst]), mm=f"{LOGO_MM[worst]:g}",
                              dpi=f"{dpi:.0f}", needed=LOGO_DPI[worst],
                              least=int(need[worst]) + 1)]


def load_theme(workspace: Path | None, fundamenten: list[Fundament]) -> Theme:
    """The look of a workspace (its huisstijl.yaml), else the workshop's own."""
    path = workspace / THEME_FILE if workspace else None
    if workspace:
        access.note_folder(workspace)  # a huisstijl.yaml that appears changes the look
    texts = load_texts(workspace)
    if path is None or not path.exists():
        theme = resolve(Huisstijl(), None, fundamenten)
    else:
        located = load_yaml(path, root=workspace)
        theme = resolve(validate(located, Huisstijl), located, fundamenten)
    return replace(theme, texts=texts, files=(*theme.files, *texts.files))


# The CSS name of each colour and its key in huisstijl.yaml.
KEY_OF = {"primary": "kleuren.primair", "accent": "kleuren.accent",
          "democratie": "kleuren.democratie", "rechtsstaat": "kleuren.rechtsstaat",
          "bestuurskracht": "kleuren.bestuurskracht"}


def resolve(style: Huisstijl, located: Located | None, fundamenten: list[Fundament]) -> Theme:
    files: list[Path] = [located.path] if located else []
    tokens = _tokens(style, located)
    if tokens:
        files.append(tokens.file)
    colours, cmyk, pantone, origins = _colours(style, located, tokens, fundamenten)
    body_stack, heading_stack = _font_stacks(style, located, tokens)
    for entry in dict.fromkeys((*body_stack, *heading_stack)):
        if not isinstance(entry, str):
            files.extend(f.path for f in entry.faces)
    logo = _logo(style, located) if style.logo else None
    slides_template, slides_package = _slides_template(style, located)
    if slides_template:
        files.append(slides_template)
    if logo:
        files.append(logo.path)
    return Theme(organisation=style.organisatie, logo=logo, colours=colours, body=body_stack,
                 heading=heading_stack, source=located.path if located else None,
                 files=tuple(dict.fromkeys(files)),
                 logo_line=located.line_of(("logo",)) if located else None,
                 cmyk=cmyk, pantone=pantone, origins=origins, slides_template=slides_template,
                 slides_package=slides_package)


def _colours(style: Huisstijl, located: Located | None, tokens: Tokens | None,
             fundamenten: list[Fundament]) -> tuple[dict, dict, dict, dict]:
    """Each colour by its CSS name (an organisation's token, else huisstijl.yaml, else the
    fundament's own), its CMYK and Pantone where given, and where each came from."""
    colours: dict[str, str] = {}
    cmyk: dict[str, tuple[float, float, float, float]] = {}
    pantone: dict[str, str] = {}
    origins: dict[str, tuple[Path | None, int | None, str]] = {}
    for name, key in KEY_OF.items():
        field_name = key.split(".")[1]
        spec = getattr(style.kleuren, field_name, None)
        given = located is not None and field_name in ((located.data or {}).get("kleuren") or {})
        token = tokens.colours.get(field_name) if tokens else None
        if token is not None:  # the organisation's token wins; huisstijl.yaml adds CMYK
            colours[name] = _token_colour(token)
            origins[name] = (token.file, token.line, token.path)
        elif spec is not None:
            colours[name] = spec.rgb if isinstance(spec, Kleur) else spec
            if given:
                origins[name] = (located.path, located.line_of(("kleuren", field_name)), key)
        if isinstance(spec, Kleur) and spec.cmyk:
            cmyk[name] = spec.cmyk
            if spec.pantone:
                pantone[name] = spec.pantone
    for f in fundamenten:
        if f.id not in colours:
            colours[f.id] = f.kleur.lower()
            origins.setdefault(f.id, (paths.CONTENT / "code.yaml", None,
                                      f"fundamenten ({f.id}).kleur"))
    order = ["primary", "accent", *(f.id for f in fundamenten)]
    return {name: colours[name] for name in order}, cmyk, pantone, origins


def _font_stacks(style: Huisstijl, located: Located | None,
                 tokens: Tokens | None) -> tuple[tuple, tuple]:
    """The body's and the headings' font stacks (a token's font unless huisstijl.yaml names
    files of its own), each followed by the fallbacks."""
    tekst = style.lettertypen.tekst
    tekst_loc: tuple = ("lettertypen", "tekst")
    if tokens and "tekst" in tokens.fonts and not _is_file_spec(tekst):
        tekst, tekst_loc = _token_font(tokens.fonts["tekst"]), ()
    body = _font(tekst, "Huisstijl tekst", located if tekst_loc else None, tekst_loc)
    body_stack = (body, *[f for f in FALLBACK_FONTS if f != name_of(body)])
    heading_stack = body_stack
    koppen = style.lettertypen.koppen
    koppen_loc: tuple = ("lettertypen", "koppen")
    if tokens and "koppen" in tokens.fonts and not (koppen and _is_file_spec(koppen)):
        koppen, koppen_loc = _token_font(tokens.fonts["koppen"]), ()
    if koppen:
        heading = _font(koppen, "Huisstijl koppen", located if koppen_loc else None,
                        koppen_loc)
        heading_stack = (heading, *body_stack)
    return body_stack, heading_stack


def _slides_template(style: Huisstijl, located: Located | None
                     ) -> tuple[Path | None, SlidesTemplate | None]:
    """The PowerPoint template huisstijl.yaml names, checked and cleaned (None: none)."""
    if not style.powerpoint:
        return None, None
    assert located is not None
    line = located.line_of(("powerpoint",))
    if not style.powerpoint.lower().endswith((".pptx", ".potx")):
        raise ContentError(_("'{name}' is not a PowerPoint file").format(
                               name=style.powerpoint),
                           file=located.path, line=line, key="powerpoint",
                           fix=_("give a .pptx (or .potx) file"))
    slides_template = _inside(located.path.parent, style.powerpoint, located,
                              ("powerpoint",), N_("the PowerPoint template"))
    return slides_template, load_template(slides_template, located.path.parent,
                                          source=located.path, line=line)


def _is_file_spec(spec) -> bool:
    return isinstance(spec, list) or (isinstance(spec, str) and (
        spec.lower().endswith(FONT_SUFFIXES) or "/" in spec))


def _tokens(style: Huisstijl, located: Located | None) -> Tokens | None:
    if not style.tokens:
        return None
    if located is None:
        raise ContentError(_("design tokens need a workspace folder"), key="tokens")
    line = located.line_of(("tokens",))
    path = locate_tokens(located.path.parent, style.tokens, located.path, line)
    return load_tokens(path, located.path.parent)


def _token_colour(token: Token) -> str:
    try:
        return hex_colour(token.value)
    except PydanticCustomError:
        raise ContentError(_("the token '{token}' is '{value}', not a colour codio-print "
                             "can print").format(token=token.path, value=token.value),
                           file=token.file, line=token.line, key=token.path,
                           fix=_('it needs a colour as "#rrggbb"; or leave \'tokens:\' out '
                                 "and give the colour in huisstijl.yaml")) from None


def _token_font(token: Token) -> str:
    """The first family of the token's font stack that is installed."""
    names = font_names(token.value)
    for name in names:
        if is_installed(name):
            return name
    generic = {"sans-serif", "serif", "monospace", "system-ui", "cursive", "fantasy"}
    wanted = next((n for n in names if n.lower() not in generic), token.value)
    error = not_installed(wanted, None)
    raise ContentError(_("the font '{font}' of the token '{token}' is not installed").format(
                           font=wanted, token=token.path),
                       file=token.file, line=token.line, key=token.path,
                       fix=(error.fix or "") + _("; or give its font files in huisstijl.yaml "
                                                 "under 'lettertypen'"))


def _inside(folder: Path, value: str, located: Located, loc: tuple, what: str) -> Path:
    """A file named in huisstijl.yaml: relative to its folder and inside it. ``what``: the
    kind of file ("the logo"), marked with N_()."""
    key = ".".join(str(part) for part in loc)
    path = inside(folder, value, what=what, source=located.path,
                  line=located.line_of(loc), key=key)
    if not path.is_file():
        raise ContentError(_("{what} '{name}' does not exist").format(what=_(what),
                                                                      name=value),
                           file=located.path, line=located.line_of(loc), key=key,
                           fix=_("put the file in {folder} or correct the name").format(
                               folder=folder))
    return path


def _font(spec: str | list[str], family: str, located: Located | None, loc: tuple) -> Entry:
    """An installed fontpkg family by name, or a Family of font files in the workspace."""
    is_file = isinstance(spec, list) or spec.lower().endswith(FONT_SUFFIXES) or "/" in spec
    try:
        if not is_file:
            if is_installed(spec):
                faces(spec)
                return spec
            system = system_family(spec)  # a family installed on the system (fontconfig)
            if system is not None:
                return system
            # the advice may mention the workspace's own files
            raise not_installed(spec, loc[-1] if located is not None else None)
        if located is None:  # the built-in look names installed fonts only
            raise ContentError(_("font file '{name}' given without a workspace").format(
                name=spec))
        specs = spec if isinstance(spec, list) else [spec]
        paths = []
        for i, one in enumerate(specs):
            where = loc + (i,) if isinstance(spec, list) else loc
            if not one.lower().endswith(FONT_SUFFIXES):
                raise ContentError(_("'{name}' is not a font file").format(name=one),
                                   file=located.path, line=located.line_of(where),
                                   key=".".join(str(part) for part in where),
                                   fix=_("give a .ttf, .otf, .woff or .woff2 file"))
            paths.append(_inside(located.path.parent, one, located, where,
                                 N_("the font file")))
        return file_family(family, paths)
    except ContentError as exc:
        if exc.file or located is None:
            raise
        raise ContentError(exc.message, file=located.path, line=located.line_of(loc),
                           fix=exc.fix, key=".".join(loc)) from None


def _logo(style: Huisstijl, located: Located | None) -> Logo:
    assert style.logo
    if located is None:
        raise ContentError(_("a logo needs a workspace folder"), key="logo")
    loc = ("logo",)
    if not style.logo.lower().endswith(LOGO_SUFFIXES):
        raise ContentError(_("the logo '{name}' is not an SVG or PNG file").format(
                               name=style.logo),
                           file=located.path, line=located.line_of(loc), key="logo",
                           fix=_("save the logo as .svg (best) or .png"))
    path = _inside(located.path.parent, style.logo, located, loc, N_("the logo"))
    alt = style.logo_tekst or (f"Logo van {style.organisatie}" if style.organisatie else "Logo")
    # Missing, not an image, damaged or unreasonably large: one line naming huisstijl.yaml.
    image = check_image(path, what=N_("the logo"), source=located.path,
                        line=located.line_of(loc), key="logo")
    if path.suffix.lower() == ".png" and image.format != "PNG":
        raise ContentError(_("the logo '{name}' is not a PNG image").format(name=path.name),
                           file=located.path, line=located.line_of(loc), key="logo",
                           fix=_("export the logo again as PNG or SVG"))
    pixels = (image.width, image.height) if image.width and image.height else None
    return Logo(path.as_uri(), alt, path, pixels)
