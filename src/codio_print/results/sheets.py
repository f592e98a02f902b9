"""Filled worksheets read back: what a group wrote in the form fields of its screen hand-outs
(templates/forms.html names them), as facts for resultaten.yaml.

Each sheet carries which kit it belongs to (its case, session date and start, the code's
variant) and which group (fundament) filled it in; ``read_sheet`` reads that and the fields
with pypdf, ``facts`` turns the fields into what resultaten.yaml holds, each under a key
that stays the same when a corrected sheet is imported again.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from codio_print.errors import InputError
from codio_print.i18n import N_, _
from codio_print.inputs.content import Content
from codio_print.inputs.controls import CONTROLS, controls_in, without_controls
from codio_print.inputs.pdfbounds import Inflation, TooMuch
from codio_print.render.forms import IDENTITY_KEY  # <meta name="codio-print-werkblad">
from codio_print.results.models import NIVEAUS, STAP4_KEYS

MAX_SHEET_BYTES = 50 * 1024 * 1024
# What the streams read from one sheet may unpack to, together: a sheet of the kit unpacks
# to less than 100 kB; a 28.6 MB forgery of 400 streams of 70 MB each ran for minutes.
MAX_SHEET_INFLATED = 64 * 1024 * 1024
# A field of a sheet: a page of text, far more than its box on the sheet shows (6.5 MB in
# one field made a resultaten.yaml that `results build` refused).
MAX_FIELD_CHARS = 10_000
MAX_IDENTITY_CHARS = 1_000  # the kit's identity is about 150 characters

GROUP_SHEETS = ("handout-3", "handout-4")
POSTER_SHEET = "handout-5"
PERSONAL_SHEET = "handout-2"
ROWS = {"gekozen": 6, "niet-gekozen": 6, "actie": 6}  # as many as the sheets have

Key = tuple  # ("waarden", group, "gekozen", value id), ("acties", "A1"), ("stap4", "termijn") ...


@dataclass
class Sheet:
    path: Path
    kind: str          # handout-2 … handout-5
    casus: str
    variant: str
    datum: date | None
    start: str
    groep: str         # a fundament id; "" for the poster
    fields: dict[str, str]
    notes: list[str] = field(default_factory=list)  # what reading it changed (controls)


@dataclass
class Facts:
    """What one sheet says: values by key, in the order of the sheet, and the keys it is the
    source of (a key of its scope that it no longer has was removed on the sheet)."""

    sheet: Sheet
    values: dict[Key, Any] = field(default_factory=dict)
    scope: list[Key] = field(default_factory=list)
    scope_prefix: Key | None = None  # every key under it is this sheet's (a group's values)
    notes: list[str] = field(default_factory=list)


def _fix_read() -> str:
    return _("give the filled-in PDF of a screen hand-out (3 or 4, or the poster), as the "
             "PDF program saved it")


def read_sheet(path: Path) -> Sheet:
    """The identity and the fields of a filled worksheet; one clear error for anything that
    is not one."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    path = Path(path)
    if not path.is_file():
        raise InputError(_("file not found"), file=path, fix=_("check the path"))
    if path.stat().st_size > MAX_SHEET_BYTES:
        raise InputError(_("this file is too large to be a worksheet"), file=path,
                         fix=_fix_read())
    quiet = logging.getLogger("pypdf")
    level = quiet.level
    quiet.setLevel(logging.CRITICAL)  # its warnings about a damaged file: our own line says it
    bound = Inflation(MAX_SHEET_INFLATED)
    try:
        with path.open("rb") as handle:
            if handle.read(5) != b"%PDF-":
                raise InputError(_("this is not a PDF file"), file=path, fix=_fix_read())
        with bound:
            reader = PdfReader(path)
            if reader.is_encrypted:
                raise InputError(_("this PDF is protected with a password"), file=path,
                                 fix=_("save it again without a password"))
            info = reader.metadata or {}
            raw = info.get(IDENTITY_KEY)
            fields = reader.get_fields() or {}
            values = {name: _value(f) for name, f in fields.items()}
    except InputError:
        raise
    except (TooMuch, PyPdfError, ValueError, KeyError, TypeError, AttributeError, OSError,
            RecursionError) as exc:
        if bound.over:
            raise _too_much(path) from None
        reason = " ".join(str(exc).split()) or type(exc).__name__
        raise InputError(_("this PDF is damaged and cannot be read ({reason})").format(
                             reason=reason), file=path,
                         fix=_("save the sheet again from the PDF program, or fill in a new "
                               "copy from the kit")) from None
    finally:
        quiet.setLevel(level)
    if bound.over:  # pypdf went on without a stream it could not have
        raise _too_much(path)
    if raw is None:
        raise InputError(_("this PDF is not a worksheet of a codio-print kit (it carries no "
                           "kit, case or group)"), file=path, fix=_fix_read())
    sheet = _identified(path, raw, values)
    sheet.fields, sheet.notes = _checked(path, values)
    return sheet


def _identified(path: Path, raw, values: dict) -> Sheet:
    """The sheet as its identity (which kit, case, group: the JSON the kit wrote in the PDF's
    metadata) says; damaged or not written by a kit, one error."""
    try:
        if len(str(raw)) > MAX_IDENTITY_CHARS or CONTROLS.search(str(raw)):
            raise ValueError("not written by a kit")  # internal: caught below
        ident = json.loads(str(raw))
        datum = date.fromisoformat(ident["datum"]) if ident.get("datum") else None
        sheet = Sheet(path, str(ident["werkblad"]), str(ident["casus"]),
                      str(ident.get("variant", "")), datum, str(ident.get("start", "")),
                      str(ident.get("groep", "")), values)
        if any(CONTROLS.search(part) for part in (sheet.kind, sheet.casus, sheet.variant,
                                                 sheet.start, sheet.groep)):
            raise ValueError("not written by a kit")  # internal: caught below
    except (ValueError, KeyError, TypeError, AttributeError):
        raise InputError(_("the worksheet's kit data is damaged"), file=path,
                         fix=_("fill in a new copy from the kit")) from None
    return sheet


def _checked(path: Path, values: dict[str, str]) -> tuple[dict[str, str], list[str]]:
    """The fields without control characters (controls.py), and a note for each field they
    were removed from; a field longer than any sheet holds is refused."""
    out, notes = {}, []
    for name, value in values.items():
        found = controls_in(value)
        if found:
            value = without_controls(value)
            notes.append(_("removed {characters} from the field '{field}': they change how "
                           "a text is shown, not what it says").format(
                               characters=", ".join(found), field=_shown(name)))
        if len(value) > MAX_FIELD_CHARS:
            raise InputError(_("the field '{field}' holds {count} characters, more than the "
                               "{most} a field of a sheet may hold").format(
                                   field=_shown(name), count=f"{len(value):,}",
                                   most=f"{MAX_FIELD_CHARS:,}"),
                             file=path, key=_shown(name),
                             fix=_("shorten it on the sheet, and import it again"))
        out[name] = value
    return out, notes


def _shown(name: str) -> str:
    """A field's name as a message shows it (a forged sheet names its fields as it likes)."""
    name = " ".join(without_controls(name).split())
    return name if len(name) <= 60 else name[:60] + "…"


def _too_much(path: Path) -> InputError:
    return InputError(_("this PDF unpacks to more than {size} MB, far more than a "
                        "worksheet").format(size=MAX_SHEET_INFLATED // 2 ** 20), file=path,
                      fix=_fix_read())


def _value(f: Any) -> str:
    """A field's value as text: a ticked box is 'ja', a radio button its option."""
    value = f.get("/V")
    kind = f.get("/FT")
    if value is None:
        return ""
    if isinstance(value, list):
        value = value[0] if value else ""
    text = str(value)
    if kind == "/Btn":
        state = text.lstrip("/")
        if state in ("", "Off"):
            return ""
        options = f.get("/Opt")
        if options is not None and state.isdigit() and int(state) < len(options):
            return str(options[int(state)])
        return "ja" if state in ("on", "Yes", "ja") else state
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


def one_line(text: str) -> str:
    return " ".join(text.split())


# --- what a sheet says --------------------------------------------------------------------

def facts(sheet: Sheet, content: Content, checklist: list[str]) -> Facts:
    """The facts of one sheet (``checklist``: the points of resultaten.yaml, to tick)."""
    if sheet.kind == "handout-3":
        out = _values(sheet, content)
    elif sheet.kind == "handout-4":
        out = _actions(sheet, content)
    elif sheet.kind == POSTER_SHEET:
        out = _poster(sheet, content, checklist)
    else:
        raise AssertionError(sheet.kind)
    out.notes[:0] = sheet.notes
    return out


def _problem(sheet: Sheet, message: str, fix: str, key: str | None = None) -> InputError:
    return InputError(message, file=sheet.path, fix=fix, key=key)


def _known_value(sheet: Sheet, content: Content, value: str, where: str) -> str:
    if value not in content.waarde_per_id:
        raise _problem(sheet, _("{where}: '{value}' is not a value of the code").format(
                           where=where, value=value),
                       _("choose the value from the list on the sheet"))
    return value


def _values(sheet: Sheet, content: Content) -> Facts:
    out = Facts(sheet)
    g = sheet.groep
    seen: dict[str, str] = {}
    for kind, prefix, reason, label in (("gekozen", "gekozen", "waarom",
                                         _("chosen value {row}")),
                                        ("niet_gekozen", "niet-gekozen", "afweging",
                                         _("value not chosen {row}"))):
        for i in range(1, ROWS[prefix] + 1):
            name = f"{prefix}-{i}"
            value = sheet.fields.get(f"{name}-waarde", "")
            text = one_line(sheet.fields.get(f"{name}-{reason}", ""))
            where = label.format(row=i)
            if not value:
                if text:
                    raise _problem(sheet, _("{where} has a reason but no value").format(
                                       where=where),
                                   _("choose the value in its list on the sheet, or clear "
                                     "the reason"))
                continue
            _known_value(sheet, content, value, where)
            if value in seen:
                raise _problem(sheet, _("value '{value}' is on the sheet twice ({first} and "
                                        "{second})").format(value=value, first=seen[value],
                                                            second=where),
                               _("keep it in one row"))
            seen[value] = where
            out.values[("waarden", g, kind, value)] = {"waarde": value, reason: text}
    out.scope_prefix = ("waarden", g)
    return out


ACTION_FIELDS = ("actie", "waarde", "mechanisme", "eigenaar", "termijn", "noodzaak", "belang")
# What hand-out 4 asks in stap 3c2. The mechanism may stay empty; noodzaak, belang and the
# term are decided at the poster in stap 4 (a sheet of an older kit may still carry them:
# taken when filled in, left out of the action when not, so that stap 4 can fill them).
_ACTION_LABELS = {"actie": N_("what must be done ('Actie')"), "waarde": N_("a value"),
                  "eigenaar": N_("who does it ('Wie doet het?')")}


def action_ids(content: Content, groep: str) -> list[str]:
    """The codes of a group's rows on hand-out 4: A1 … A6."""
    letter = content.fundament(groep).letter.upper()
    return [f"{letter}{i}" for i in range(1, ROWS["actie"] + 1)]


def _actions(sheet: Sheet, content: Content) -> Facts:
    out = Facts(sheet)
    mechanismen = {m.id for m in content.borging.mechanismen}
    for i, code in enumerate(action_ids(content, sheet.groep), 1):
        row = {k: sheet.fields.get(f"actie-{i}-{k}", "") for k in ACTION_FIELDS}
        row = {k: one_line(v) for k, v in row.items()}
        if not any(row.values()):
            continue
        missing = [_(_ACTION_LABELS[k]) for k in _ACTION_LABELS if not row[k]]
        if missing:
            raise _problem(sheet, _("action {code} is not complete: it has no {missing}").format(
                               code=code, missing=_(", no ").join(missing)),
                           _("fill it in on the sheet (or clear the row) and import it again"),
                           key=code)
        _known_value(sheet, content, row["waarde"], _("action {code}").format(code=code))
        if row["mechanisme"] and row["mechanisme"] not in mechanismen:
            raise _problem(sheet, _("action {code}: '{mechanism}' is not a mechanism").format(
                               code=code, mechanism=row["mechanisme"]),
                           _("choose the mechanism from the list on the sheet"), key=code)
        for k in ("noodzaak", "belang"):
            if row[k] and row[k] not in NIVEAUS:
                raise _problem(sheet, _("action {code}: {field} '{value}' is not hoog, midden "
                                        "or laag").format(code=code, field=k, value=row[k]),
                               _("tick one of the three boxes for {field}").format(field=k),
                               key=code)
        later = ("mechanisme", "termijn", "noodzaak", "belang")
        row = {k: v for k, v in row.items() if v or k not in later}
        out.values[("acties", code)] = {"id": code, **row, "groep": sheet.groep}
    out.scope = [("acties", code) for code in action_ids(content, sheet.groep)]
    return out


def _poster(sheet: Sheet, content: Content, checklist: list[str]) -> Facts:
    out = Facts(sheet)
    for i, key in enumerate(STAP4_KEYS, 1):
        text = one_line(sheet.fields.get(f"stap4-{i}", ""))
        if text:
            out.values[("stap4", key)] = text
    lines = [one_line(t) for t in sheet.fields.get("ander-niveau", "").split("\n")]
    if any(lines):
        out.values[("stap4", "ander_niveau")] = [t for t in lines if t]
    punten = list(content.stap("stap-6").checklist or [])
    for i, punt in enumerate(punten, 1):
        if sheet.fields.get(f"checklist-{i}") and punt in checklist:
            out.values[("checklist", punt)] = True
        elif sheet.fields.get(f"checklist-{i}"):
            out.notes.append(_("checklist point '{point}' is not in resultaten.yaml: not "
                               "taken").format(point=punt))
    for name, key in (("vervolg-wie", "wie"), ("vervolg-monitor", "monitor")):
        text = one_line(sheet.fields.get(name, ""))
        if text:
            out.values[("vervolg", key)] = text
    when = one_line(sheet.fields.get("vervolg-wanneer", ""))
    if when:
        day, clock, rest = parse_when(when)
        if day is None:
            out.notes.append(_("no date found in 'Datum, tijd en plaats' ('{written}'): "
                               "write it as 14-1-2027 14:00 Stadhuis; the follow-up date is "
                               "not taken").format(written=when))
        else:
            out.values[("vervolg", "datum")] = day
            if clock is not None:
                out.values[("vervolg", "tijd")] = clock
            if rest:
                out.values[("vervolg", "locatie")] = rest
    out.scope = [("stap4", k) for k in (*STAP4_KEYS, "ander_niveau")] + [
        ("checklist", p) for p in punten if p in checklist] + [
        ("vervolg", k) for k in ("wie", "monitor", "datum", "tijd", "locatie")]
    return out


_MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
           "september", "oktober", "november", "december")
_DAY_NAMES = r"(?:maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag)\s*"
_DATE = re.compile(
    r"(?P<iso>\d{4}-\d{1,2}-\d{1,2})|(?P<dmy>\d{1,2}[-/.]\d{1,2}[-/.]\d{4})|"
    r"(?P<long>\d{1,2}\s+(?:" + "|".join(_MONTHS) + r")\s+\d{4})", re.IGNORECASE)
_TIME = re.compile(r"\b(?P<h>[01]?\d|2[0-3])[:.](?P<m>[0-5]\d)(?:\s*uur)?\b")


def parse_when(text: str) -> tuple[date | None, str | None, str]:
    """'do 14-1-2027, 14:00, Stadhuis' → (2027-01-14, '14:00', 'Stadhuis'), as people write
    a date, a time and a place on one line; (None, None, text) without a date."""
    match = _DATE.search(text)
    if not match:
        return None, None, text
    try:
        if match["iso"]:
            day = date.fromisoformat("-".join(p.zfill(2) for p in match["iso"].split("-")))
        elif match["dmy"]:
            d, m, y = re.split(r"[-/.]", match["dmy"])
            day = date(int(y), int(m), int(d))
        else:
            d, month, y = match["long"].split()
            day = date(int(y), _MONTHS.index(month.lower()) + 1, int(d))
    except ValueError:
        return None, None, text
    rest = text[:match.start()] + " " + text[match.end():]
    rest = re.sub(_DAY_NAMES, " ", rest, flags=re.IGNORECASE)
    clock = None
    found = _TIME.search(rest)
    if found:
        clock = f"{int(found['h']):02d}:{found['m']}"
        rest = rest[:found.start()] + " " + rest[found.end():]
        rest = re.sub(r"\s*[-–]\s*\d{1,2}[:.]\d{2}(?:\s*uur)?", " ", rest)  # an end time
    rest = re.sub(r"^[\s,;:–-]+|[\s,;:–-]+$", "", " ".join(rest.split()))
    rest = re.sub(r"^(?:(?:ma|di|wo|do|vr|za|zo)\.?|om|in|op|te)(?:\s+|$)", "", rest,
                  flags=re.IGNORECASE)
    return day, clock, rest
