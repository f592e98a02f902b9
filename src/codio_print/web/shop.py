"""Stap Drukwerk: where each piece is printed (sessie.yaml drukwerk.stukken), the details
of the order (the settings the table puts on it, inputs/options.py ORDER), how the print
files are made (the print standard and the bleed, as choices) and the print shop's ICC
profile, uploaded under a name the server chooses (drukker.icc) and checked as the command
line checks --icc before it replaces anything; with the preflight of the last build.
"""

from __future__ import annotations

from datetime import date

from starlette.requests import Request
from starlette.routing import Route

from codio_print import writing
from codio_print.errors import CodioError
from codio_print.i18n import _
from codio_print.inputs.options import BY_NAME, ORDER
from codio_print.web.pages import Problems, message, page, see_other
from codio_print.web.steps import (as_date, current, next_url, rebuild, step_context,
                                   workspace, write_session)

ICC_LIMIT = 5 * 1024 * 1024
ICC_NAME = "drukker.icc"


SHOP = ORDER  # the details of the order, as the settings' table has them
PRINTING = ("preset", "bleed")  # how the print files are made, as choices
PLACE_WORDS = {"kantoor": "kantoor", "drukker": "drukkerij", "tegels": "kantoor, als tegels",
               "niet": "niet printen"}
DEFAULT = "standaard"


async def shop_step(request: Request):
    from codio_print.kit.pieces import KINDS

    root = workspace(request)
    name = request.path_params["naam"]
    session, _error = current(root)
    values = _shop_values(session) if session else {}
    problems = Problems()
    if request.method == "POST":
        form = await request.form(max_files=0, max_fields=60)
        values = {key: str(form.get(key, value)).strip() for key, value in values.items()}
        asked = dict(session.sessie.drukwerk.stukken) if session else {}
        allowed = {p["key"]: p["places"] for p in _pieces()}
        for kind in KINDS:  # a file of its own (handout-3a) stays as the file says
            asked.pop(kind.key, None)
            where = values.get(f"stuk-{kind.key}", DEFAULT)
            if where in allowed[kind.key]:
                asked[kind.key] = where
            elif where != DEFAULT:
                problems.add(f"stuk-{kind.key}", f"{kind.title} kan niet als "
                             f"{PLACE_WORDS.get(where, where)} geprint worden: alleen de "
                             "posters kunnen als tegels.")
        changes = {o.key: as_date(values[o.sessie_field]) if o.name == "deliver_by"
                   else values[o.sessie_field] for o in SHOP}
        changes.update({BY_NAME[n].key: _choice(BY_NAME[n], values[BY_NAME[n].sessie_field])
                        for n in PRINTING})
        changes["drukwerk.stukken"] = asked
        fields = {o.key: o.sessie_field for o in SHOP}
        fields.update({BY_NAME[n].key: BY_NAME[n].sessie_field for n in PRINTING})
        if not problems:
            problems = write_session(root, changes, fields)
        if not problems:
            rebuild(request, root)
            return see_other(next_url(name, "drukwerk"))
    return _page(request, root, name, values, problems)


def _page(request: Request, root, name: str, values: dict | None, problems: Problems):
    """The step's page: its forms with ``values`` (None: as sessie.yaml has them)."""
    session, error = current(root)
    if values is None:
        values = _shop_values(session) if session else {}
    build = request.app.state.server.builds.of(root)
    icc = session.sessie.drukwerk.icc if session else ""
    return page("drukwerk.html", status=422 if problems else 200, values=values,
                fields=_shop_fields(), choices=_printing_choices(), pieces=_pieces(),
                places=PLACE_WORDS, default=DEFAULT, problems=problems, icc=icc,
                icc_limit="5 MB",
                preflight=build.report.get("preflight") if build and build.report else None,
                error=message(error) if error else None, **step_context("drukwerk", name))


def _shop_values(session) -> dict[str, str]:
    from codio_print.kit.pieces import KINDS

    values = {o.sessie_field: _shown(session.value(o.key)) for o in SHOP}
    values.update({BY_NAME[n].sessie_field: str(session.value(BY_NAME[n].key))
                   for n in PRINTING})
    asked = session.sessie.drukwerk.stukken
    values.update({f"stuk-{k.key}": asked.get(k.key, DEFAULT) for k in KINDS})
    return values


def _choice(option, text: str):
    """A choice as the form sent it, as the setting's type (the bleed is a number)."""
    return next((c for c in option.choices if str(c) == text), text)


def _shop_fields() -> list[dict]:
    return [{"name": o.sessie_field, "label": _(o.label), "help": o.description,
             "type": "date" if o.name == "deliver_by" else (
                 "email" if o.name == "email" else "tel" if o.name == "phone" else "text"),
             "multiline": o.name in ("address", "shop_note")} for o in SHOP]


def _printing_choices() -> list[dict]:
    return [{"name": BY_NAME[n].sessie_field, "label": _(BY_NAME[n].label),
             "help": BY_NAME[n].description,
             "choices": [(str(c), str(c)) for c in BY_NAME[n].choices]}
            for n in PRINTING]


def _pieces() -> list[dict]:
    """Each kind of piece, where it is printed unless asked otherwise, and where it can be."""
    from codio_print.kit.pieces import KINDS
    from codio_print.kit.printplan import TILEABLE

    return [{"key": k.key, "title": k.title, "default": k.destination, "names": k.names,
             "places": [p for p in ("kantoor", "drukker", "tegels", "niet")
                        if p != "tegels" or k.size in TILEABLE]} for k in KINDS]


def _shown(value) -> str:
    if value is None:
        return ""
    return value.isoformat() if isinstance(value, date) else str(value)



async def icc_upload(request: Request):
    """The print shop's ICC profile (.icc, .icm): kept as drukker.icc and named in
    sessie.yaml (drukwerk.icc) once inputs/assets.check_icc takes it."""
    from codio_print.inputs.assets import check_icc

    root = workspace(request)
    name = request.path_params["naam"]
    problems = Problems()
    try:
        form = await request.form(max_files=1, max_fields=3, max_part_size=ICC_LIMIT)
        upload = form.get("icc")
        data = await upload.read(ICC_LIMIT + 1) if hasattr(upload, "read") else b""
    except Exception:  # noqa: BLE001 - python-multipart refuses a part over its size
        data = b"\0" * (ICC_LIMIT + 1)
    if not data:
        problems.add("icc", "Kies het ICC-profiel dat de drukkerij je gaf (.icc of .icm).")
    elif len(data) > ICC_LIMIT:
        problems.add("icc", "Het bestand is groter dan 5 MB; een ICC-profiel is kleiner. "
                            "Kies het profiel zelf, niet een zip.")
    else:
        trial = root / f".upload-{ICC_NAME}"
        writing.replace(trial, data, below=root)
        try:
            check_icc(trial)
        except CodioError as exc:
            problems.add("icc", message(exc).replace(f"'{trial}'", "Dit bestand"))
        else:
            writing.replace(root / ICC_NAME, data, below=root)
            problems = write_session(root, {"drukwerk.icc": ICC_NAME}, {"drukwerk.icc": "icc"})
        finally:
            trial.unlink(missing_ok=True)
    if not problems:
        rebuild(request, root)
        return see_other(f"/werkmap/{name}/drukwerk#veld-icc")
    return _page(request, root, name, None, problems)


def routes() -> list[Route]:
    return [Route("/werkmap/{naam}/drukwerk", shop_step, methods=["GET", "POST"]),
            Route("/werkmap/{naam}/drukwerk/icc", icc_upload, methods=["POST"])]
