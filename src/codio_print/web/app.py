"""The interface as an ASGI application (Starlette): its routes, and the pages that are not a
step of a session (the list of workspaces, a new one, a refusal, stopping).

Every request passes web/security.py first. The steps of a session are in web/steps.py
(casus, datum en plaats, drukwerk), web/owncase.py (eigen casus schrijven, in the step
casus), web/people.py (deelnemers), web/look.py (huisstijl), web/texts.py (teksten), web/shop.py
(drukwerk) and
web/kitpage.py (bouwen, bekijken en downloaden). Everything a step changes is written to the
workspace's own files, the same files the command line reads, so both can take turns on one
workspace.
"""

from __future__ import annotations

from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Callable

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from codio_print.web import kitpage, look, owncase, people, results, shop, steps, texts
from codio_print.web.assets import Assets
from codio_print.web.background import Builds
from codio_print.web.results import ResultsBuilds
from codio_print.web.pages import HERE, Problems, page, see_other, text_page
from codio_print.web.security import Guard, Keys
from codio_print.web.folders import NAME, Workspaces

# The refusals, by the rule that refused (security.Guard): status, title, what to do.
REFUSALS = {
    "host": (400, "Dit adres hoort niet bij codio-print",
             ["codio-print werkt alleen op dit adres: http://127.0.0.1 met het poortnummer "
              "dat in het venster van codio-print staat."]),
    "toegang": (403, "Open codio-print met de link uit het venster",
                ["Deze pagina vraagt om de link die codio-print gaf toen het startte. Die "
                 "link staat in het venster waarin je codio-print startte, achter 'Open'.",
                 "Kopieer die hele link naar de adresbalk van je browser. Is het venster "
                 "dicht? Start codio-print dan opnieuw: het opent de browser zelf."]),
    "token": (403, "Deze link werkt niet (meer)",
              ["De link is oud of niet compleet. Gebruik de link die nu in het venster van "
               "codio-print staat, of start codio-print opnieuw."]),
    "herkomst": (403, "Dit verzoek kwam niet van codio-print",
                 ["Een andere website probeerde iets te veranderen in je werkmap. Dat is "
                  "geweigerd. Ga terug naar codio-print en probeer het daar opnieuw."]),
}


@dataclass
class Server:
    """What the routes share: the workspaces, the builds, and how to stop."""

    workspaces: Workspaces
    builds: Builds = field(default_factory=Builds)
    assets: Assets = field(default_factory=Assets)  # the quick previews' files
    results: ResultsBuilds = field(default_factory=ResultsBuilds)  # Na de workshop
    stop: Callable[[], None] = lambda: None


def make_app(server: Server, keys: Keys, hosts: set[str]):
    routes = [
        Route("/", home, methods=["GET"]),
        Route("/nieuw", new_workspace, methods=["POST"]),
        Route("/stoppen", stop, methods=["POST"]),
        *steps.routes(), *owncase.routes(), *people.routes(), *look.routes(),
        *shop.routes(), *kitpage.routes(), *texts.routes(), *results.routes(),
        Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
    ]
    @asynccontextmanager
    async def lifespan(app):
        yield
        await server.builds.stop_all()  # a build still running stops; its kit stays as it was
        await server.results.stop_all()

    app = Starlette(routes=routes, lifespan=lifespan,
                    exception_handlers={404: not_found, 405: not_found, 413: too_large})
    app.state.server = server
    return Guard(app, keys=keys, hosts=hosts, refuse=refusal)


def refusal(why: str):
    status, title, lines = REFUSALS[why]
    return text_page(title, lines, status=status)


async def not_found(request: Request, exc: Exception):
    return text_page("Deze pagina bestaat niet", [
        "Misschien is de link oud, of is de werkmap verplaatst."], status=404,
        link=("/", "Naar het overzicht"))


async def too_large(request: Request, exc: Exception):
    return text_page("Het bestand is te groot", [
        "Het bestand is groter dan codio-print hier aanneemt. Bij elk veld staat hoe groot "
        "een bestand mag zijn. Maak het bestand kleiner en probeer het opnieuw."],
        status=413, link=("/", "Naar het overzicht"))


async def home(request: Request):
    server: Server = request.app.state.server
    if server.workspaces.only is not None:
        return see_other(f"/werkmap/{server.workspaces.only.name}")
    return page("werkmappen.html", title="Je workshops", names=server.workspaces.names(),
                home=server.workspaces.home, problems=Problems(), value="")


async def new_workspace(request: Request):
    server: Server = request.app.state.server
    form = await request.form(max_files=0, max_fields=5)
    name = str(form.get("naam", "")).strip()
    problems = Problems()
    if not NAME.fullmatch(name):
        problems.add("naam", "Geef de werkmap een naam van letters, cijfers en streepjes, "
                             "zonder spaties, bijvoorbeeld arnhem-maart.")
    else:
        try:
            server.workspaces.new(name)
        except FileExistsError:
            problems.add("naam", f"Er is al een werkmap {name}. Kies een andere naam.")
        except ValueError:
            problems.add("naam", "Met deze codio-print kun je geen nieuwe werkmap maken: "
                                 "hij is gestart met één werkmap.")
    if problems:
        return page("werkmappen.html", status=422, title="Je workshops",
                    names=server.workspaces.names(), home=server.workspaces.home,
                    problems=problems, value=name)
    return see_other(f"/werkmap/{name}")


async def stop(request: Request):
    request.app.state.server.stop()
    return text_page("codio-print is gestopt", [
        "Je kunt dit venster sluiten. Alles wat je deed, staat in je werkmap.",
        "Wil je verder? Start codio-print opnieuw."], status=200)
