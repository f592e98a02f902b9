"""The web interface in-process (Starlette's TestClient): who gets in, what a request from
elsewhere gets, and what each step writes into the workspace, as the command line reads it.
The pages in a real browser are in tests/browser."""

from __future__ import annotations

import re
import warnings
from html import unescape
from pathlib import Path

import pytest
import yaml

warnings.filterwarnings("ignore", message=".*httpx2.*")
from starlette.testclient import TestClient  # noqa: E402

from codio_print.i18n import set_language  # noqa: E402
from codio_print.inputs.settings import resolve  # noqa: E402
from codio_print.inputs.workspace import load_session  # noqa: E402
from codio_print.web.app import Server, make_app  # noqa: E402
from codio_print.web.security import Keys, allowed_hosts  # noqa: E402
from codio_print.web.folders import Workspaces  # noqa: E402
from codio_print.web.steps import stap  # noqa: E402

DATA = Path(__file__).resolve().parents[1] / "data"
PORT = 8765
ORIGIN = f"http://127.0.0.1:{PORT}"


@pytest.fixture()
def interface(tmp_path, monkeypatch):
    """The interface over an empty folder of workspaces, and its keys."""
    set_language("nl")
    keys = Keys()
    app = make_app(Server(Workspaces(tmp_path / "werkmappen")), keys, allowed_hosts(PORT))
    yield TestClient(app, base_url=ORIGIN), keys, tmp_path / "werkmappen"
    set_language("en")


@pytest.fixture()
def inside(interface):
    """A browser that came in through the printed link, with a new workspace 'sessie-1'."""
    client, keys, home = interface
    assert client.get(f"/toegang?token={keys.token}").status_code == 200
    made = client.post("/nieuw", data={"naam": "sessie-1"}, follow_redirects=False)
    assert made.status_code == 303 and made.headers["location"] == "/werkmap/sessie-1"
    return client, home / "sessie-1"


def errors(html: str) -> list[str]:
    return [unescape(t) for t in re.findall(r'<div class="[^"]*fout" id="[^"]*">([^<]*)</div>',
                                            html)]


# --- who gets in -------------------------------------------------------------------------

def test_without_the_link_a_dutch_page_says_how_to_get_in(interface):
    client, keys, _home = interface
    page = client.get("/")
    assert page.status_code == 403
    assert "Open codio-print met de link uit het venster" in page.text
    assert 'lang="nl"' in page.text
    assert client.get("/toegang?token=oud").status_code == 403
    assert "Deze link werkt niet" in client.get("/toegang?token=oud").text


def test_the_link_sets_a_strict_cookie_that_is_not_the_token(interface):
    client, keys, _home = interface
    answer = client.get(f"/toegang?token={keys.token}", follow_redirects=False)
    assert answer.status_code == 303 and answer.headers["location"] == "/"
    cookie = answer.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and "Path=/" in cookie
    assert keys.token not in cookie and keys.cookie in cookie
    assert client.get("/").status_code == 200


def test_the_browsers_one_time_link_works_once(interface):
    client, keys, _home = interface
    once = keys.once
    assert client.get(f"/toegang?token={once}", follow_redirects=False).status_code == 303
    client.cookies.clear()
    assert client.get(f"/toegang?token={once}", follow_redirects=False).status_code == 403


def test_another_host_name_is_refused(interface):
    """DNS rebinding: a site that points its own name at 127.0.0.1 gets nothing."""
    client, keys, _home = interface
    client.get(f"/toegang?token={keys.token}")
    assert client.get("/", headers={"host": "evil.example"}).status_code == 400
    assert client.get("/", headers={"host": f"localhost:{PORT}"}).status_code == 200
    assert client.get("/", headers={"host": "127.0.0.1:9999"}).status_code == 400


@pytest.mark.parametrize("headers", [
    {"sec-fetch-site": "cross-site"}, {"sec-fetch-site": "same-site"},
    {"origin": "http://127.0.0.1:9999"}, {"origin": "http://evil.example"}])
def test_a_change_from_another_site_is_refused(inside, headers):
    client, ws = inside
    before = (ws / "sessie.yaml").read_bytes()
    answer = client.post("/werkmap/sessie-1/casus", data={"casus": "utrecht"}, headers=headers)
    assert answer.status_code == 403 and "niet van codio-print" in answer.text
    assert (ws / "sessie.yaml").read_bytes() == before


def test_a_change_from_the_interface_itself_passes(inside):
    client, ws = inside
    for headers in ({"sec-fetch-site": "same-origin"}, {"origin": ORIGIN}, {}):
        answer = client.post("/werkmap/sessie-1/casus", data={"casus": "utrecht"},
                             headers=headers, follow_redirects=False)
        assert answer.status_code == 303


def test_every_page_has_a_strict_policy(inside):
    client, _ws = inside
    page = client.get("/werkmap/sessie-1/sessie")
    policy = page.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "frame-ancestors 'self'" in policy
    assert page.headers["referrer-policy"] == "no-referrer"
    assert page.headers["x-content-type-options"] == "nosniff"


@pytest.mark.parametrize("name", ["..", "%2e%2e", "..%2F..%2Fetc", "bestaat-niet", ".git"])
def test_a_workspace_is_found_by_its_name_only(inside, name):
    client, _ws = inside
    assert client.get(f"/werkmap/{name}/sessie").status_code == 404


# --- the steps write the workspace's files -----------------------------------------------

def test_the_session_step_writes_sessie_yaml_as_the_command_line_reads_it(inside):
    client, ws = inside
    assert client.post("/werkmap/sessie-1/casus", data={"casus": "arnhem"},
                       follow_redirects=False).headers["location"] == "/werkmap/sessie-1/sessie"
    page = client.get("/werkmap/sessie-1/sessie")
    assert f"<title>{stap('sessie')}: Datum, tijd en plaats · codio-print</title>" \
        in page.text
    answer = client.post("/werkmap/sessie-1/sessie", data={
        "datum": "2026-12-10", "start": "13:30", "locatie": "Stadhuis, zaal 2",
        "begeleider": "Sanne de Wit", "deelnemers": "14", "poster": "A1"},
        follow_redirects=False)
    assert answer.status_code == 303
    text = (ws / "sessie.yaml").read_text(encoding="utf-8")
    assert "# Begintijd, tussen aanhalingstekens" in text  # the comments stay
    settings = resolve(load_session(ws / "sessie.yaml"))
    assert (settings.case, str(settings.date), f"{settings.start:%H:%M}") == (
        "arnhem", "2026-12-10", "13:30")
    assert (settings.location, settings.facilitator, settings.participants,
            settings.poster) == ("Stadhuis, zaal 2", "Sanne de Wit", 14, "A1")


def test_a_wrong_value_is_shown_beside_its_field_and_nothing_is_written(inside):
    client, ws = inside
    before = (ws / "sessie.yaml").read_bytes()
    page = client.post("/werkmap/sessie-1/sessie", data={
        "datum": "2026-12-10", "start": "25:00", "locatie": "Zaal <b>2</b>",
        "deelnemers": "twaalf", "poster": "A0"})
    assert page.status_code == 422
    assert page.text.count('role="alert"') == 1
    assert f"<title>Fout: {stap('sessie')}" in page.text
    shown = errors(page.text)
    assert len(shown) == 2 and "25:00" in shown[0] and "als getal" in shown[1]
    assert 'aria-invalid="true"' in page.text and 'href="#veld-start"' in page.text
    assert 'value="Zaal &lt;b&gt;2&lt;/b&gt;"' in page.text  # kept, and shown as text
    assert (ws / "sessie.yaml").read_bytes() == before


def test_the_print_shops_details_are_kept_in_sessie_yaml(inside):
    client, ws = inside
    answer = client.post("/werkmap/sessie-1/drukwerk", data={
        "contactpersoon": "Sanne de Wit", "telefoon": "0570 69 39 99",
        "email": "s.dewit@deventer.nl", "afleveradres": "Grote Kerkhof 1, 7411 KV Deventer",
        "referentie": "PO-2026-4471", "leveren": "2026-12-09"}, follow_redirects=False)
    assert answer.status_code == 303
    settings = resolve(load_session(ws / "sessie.yaml"))
    assert (settings.contact, settings.phone, settings.reference, str(settings.deliver_by)) \
        == ("Sanne de Wit", "0570 69 39 99", "PO-2026-4471", "2026-12-09")
    page = client.post("/werkmap/sessie-1/drukwerk", data={"leveren": "2026-13-01"})
    assert page.status_code == 422 and "2026-13-01" in errors(page.text)[0]


@pytest.mark.parametrize("name", ["aanmeldingen-forms.xlsx", "deelnemers-14.csv"])
def test_a_participant_list_is_read_and_shown_at_its_tables(inside, name):
    client, ws = inside
    data = (DATA / name).read_bytes()
    page = client.post("/werkmap/sessie-1/deelnemers", files={"lijst": ("lijst", data)})
    assert page.status_code == 200, errors(page.text)
    saved = "deelnemers.xlsx" if name.endswith(".xlsx") else "deelnemers.csv"
    assert (ws / saved).read_bytes() == data  # under a name the server chose
    assert yaml.safe_load((ws / "sessie.yaml").read_text())["deelnemers"] == saved
    tables = re.findall(r"<caption>Tafel ([ABC]): [^<]*\((\d+)\)</caption>", page.text)
    assert [t for t, _n in tables] == ["A", "B", "C"]
    count = int(re.search(r"(\d+) deelnemers uit", page.text)[1])
    assert sum(int(n) for _t, n in tables) == count and count >= 14


def test_a_list_that_cannot_be_read_keeps_the_one_before(inside):
    client, ws = inside
    good = (DATA / "deelnemers-14.csv").read_bytes()
    client.post("/werkmap/sessie-1/deelnemers", files={"lijst": ("a.csv", good)})
    page = client.post("/werkmap/sessie-1/deelnemers", files={"lijst": ("b.csv", b"\0\1")})
    assert page.status_code == 422 and errors(page.text)
    assert (ws / "deelnemers.csv").read_bytes() == good
    assert not list(ws.glob(".upload-*"))


def test_a_list_over_its_limit_is_refused_in_dutch(inside):
    client, ws = inside
    big = b"naam;functie\n" + b"Anna;adviseur\n" * 400_000  # 5.6 MB
    page = client.post("/werkmap/sessie-1/deelnemers", files={"lijst": ("a.csv", big)})
    assert page.status_code in (413, 422)
    assert "5 MB" in page.text
    assert not (ws / "deelnemers.csv").exists()


def test_someone_is_moved_to_another_table_and_stays_there(inside):
    """Two people swap tables; groepsindeling.csv keeps it as a build keeps it, and the
    division the next build reads has them there. A move that leaves the tables uneven is
    refused: a build would move someone back."""
    from codio_print.inputs.settings import resolve as settings_of
    from codio_print.inputs.content import load_content
    from codio_print.kit.session import make_session

    client, ws = inside
    client.post("/werkmap/sessie-1/deelnemers",
                files={"lijst": ("a.csv", (DATA / "deelnemers-14.csv").read_bytes())})
    page = client.get("/werkmap/sessie-1/deelnemers").text
    seats = dict(re.findall(r'<select id="tafel-(\d+)".*?<option selected>([ABC])', page))
    names = re.findall(r'for="tafel-(\d+)">Tafel voor ([^<]+)<', page)
    first_a = next(n for n, t in seats.items() if t == "A")
    first_b = next(n for n, t in seats.items() if t == "B")
    kept = {f"tafel-{n}": t for n, t in seats.items()}
    uneven = client.post("/werkmap/sessie-1/deelnemers/indeling",
                         data={**kept, f"tafel-{first_b}": "A"})
    assert uneven.status_code == 422 and "hoogstens één" in uneven.text
    assert not (ws / "groepsindeling.csv").exists()
    swapped = {**kept, f"tafel-{first_a}": "B", f"tafel-{first_b}": "A"}
    assert client.post("/werkmap/sessie-1/deelnemers/indeling", data=swapped,
                       follow_redirects=False).status_code == 303
    assert (ws / "groepsindeling.csv").is_file()
    name_a, name_b = dict(names)[first_a], dict(names)[first_b]
    settings = settings_of(load_session(ws / "sessie.yaml"))
    session = make_session(load_content(only_case=settings.case), settings.participants,
                           settings.start, settings.date, division=settings.division_file)
    at = {p.name: t.fundament.letter.upper() for t in session.tables for p in t.members}
    assert (at[name_a], at[name_b]) == ("B", "A")


def test_where_each_piece_is_printed_is_kept_in_sessie_yaml(inside):
    client, ws = inside
    page = client.get("/werkmap/sessie-1/drukwerk").text
    casus = re.search(r'<select id="veld-stuk-casus".*?</select>', page, re.S)[0]
    assert "tegels" not in casus  # only a poster can be tiled
    answer = client.post("/werkmap/sessie-1/drukwerk", data={
        "stuk-naamkaartjes": "drukker", "stuk-handout-5": "tegels", "afloop": "2"},
        follow_redirects=False)
    assert answer.status_code == 303
    settings = resolve(load_session(ws / "sessie.yaml"))
    assert settings.destinations == {"naamkaartjes": "drukker", "handout-5": "tegels"}
    assert settings.bleed == 2
    before = (ws / "sessie.yaml").read_bytes()
    refused = client.post("/werkmap/sessie-1/drukwerk", data={"stuk-casus": "tegels"})
    assert refused.status_code == 422 and "alleen de posters" in refused.text
    assert (ws / "sessie.yaml").read_bytes() == before


def test_the_print_shops_icc_profile_is_uploaded_and_named_in_sessie_yaml(inside):
    from codio_print import paths

    client, ws = inside
    before = (ws / "sessie.yaml").read_bytes()
    wrong = client.post("/werkmap/sessie-1/drukwerk/icc",
                        files={"icc": ("profiel.icc", b"geen profiel")})
    assert wrong.status_code == 422 and "ICC" in errors(wrong.text)[0]
    assert (ws / "sessie.yaml").read_bytes() == before and not (ws / "drukker.icc").exists()
    data = paths.DEFAULT_ICC.read_bytes()
    taken = client.post("/werkmap/sessie-1/drukwerk/icc", files={"icc": ("ISO.icc", data)},
                        follow_redirects=False)
    assert taken.status_code == 303
    assert (ws / "drukker.icc").read_bytes() == data and not list(ws.glob(".upload-*"))
    settings = resolve(load_session(ws / "sessie.yaml"))
    assert settings.icc == ws / "drukker.icc"
    assert "drukker.icc" in client.get("/werkmap/sessie-1/drukwerk").text


def test_an_excel_list_on_another_sheet_is_found_and_another_sheet_can_be_chosen(inside,
                                                                                 tmp_path):
    """A registration form's export with an explanation on its first sheet and the answers
    on the second: the upload reads the second (sessie.yaml blad:), says which sheet, and
    another sheet can be chosen; a sheet that is no list is refused beside its field."""
    import openpyxl

    client, ws = inside
    book = openpyxl.Workbook()
    book.active.title = "Uitleg"
    book.active.append(["Dit formulier is voor de workshop."])
    answers = book.create_sheet("Antwoorden")
    answers.append(["naam", "functie"])
    for n in range(12):
        answers.append([f"Deelnemer {n} de Vries", "inwoner"])
    book.save(tmp_path / "aanmeldingen.xlsx")
    page = client.post("/werkmap/sessie-1/deelnemers",
                       files={"lijst": ("a.xlsx", (tmp_path / "aanmeldingen.xlsx").read_bytes())})
    assert page.status_code == 200, errors(page.text)
    assert "12 deelnemers uit deelnemers.xlsx, blad Antwoorden" in page.text
    assert resolve(load_session(ws / "sessie.yaml")).sheet == "Antwoorden"
    refused = client.post("/werkmap/sessie-1/deelnemers/blad", data={"blad": "Uitleg"})
    assert refused.status_code == 422 and errors(refused.text)
    assert resolve(load_session(ws / "sessie.yaml")).sheet == "Antwoorden"
    assert client.post("/werkmap/sessie-1/deelnemers/blad", data={"blad": "Bestaat niet"}
                       ).status_code == 422
