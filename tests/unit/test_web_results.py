"""Na de workshop in the web interface, in-process (Starlette's TestClient): a filled worksheet
uploaded is imported as `codio-print results import` imports it, the results as forms are
written into resultaten.yaml in place and read back by the results loader, a wrong value is
refused beside its field, and the files of the results build are served by their names only.
The page in a real browser, with a results build, is in tests/browser/test_serve_results.py."""

from __future__ import annotations

import re
import shutil
from datetime import date, time
import warnings
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from forged import forged_sheet
from incli import run_here

warnings.filterwarnings("ignore", message=".*httpx2.*")

from codio_print.results.build import load_for  # noqa: E402
from codio_print.results.load import load_results  # noqa: E402
from codio_print.web import results as results_page  # noqa: E402
from webclient import signed_in  # noqa: E402

PAGE = "/werkmap/sessie-1/resultaten"
IDENT = {"werkblad": "handout-4", "casus": "eigen-casus", "variant": "CODIO-PaD", "datum": "",
         "start": "09:30", "groep": "democratie"}
ACTION = {"actie-1-actie": "Zet op de website welke gegevens we gebruiken.",
          "actie-1-waarde": "transparantie", "actie-1-mechanisme": "verantwoordingsdocumenten",
          "actie-1-eigenaar": "Team communicatie", "actie-1-termijn": "Q2 2027",
          "actie-1-noodzaak": "hoog", "actie-1-belang": "midden"}


@pytest.fixture()
def inside(tmp_path):
    """A browser that came in through the printed link, with a new workspace 'sessie-1'
    whose resultaten.yaml the page made."""
    with signed_in(tmp_path / "werkmappen") as found:
        yield found


def begun(client, ws: Path) -> Path:
    assert "Resultatenbestand maken" in client.get(PAGE).text
    made = client.post(PAGE + "/beginnen", follow_redirects=False)
    assert made.status_code == 303 and made.headers["location"] == PAGE
    return ws / "resultaten.yaml"


def upload(client, *sheets: Path, **data):
    files = [("werkbladen", (p.name, p.read_bytes(), "application/pdf")) for p in sheets]
    return client.post(PAGE + "/inlezen", files=files, data=data, follow_redirects=False)


def errors(html: str) -> dict[str, str]:
    """Each field's message, by the field's id."""
    return {name: unescape(text) for name, text in
            re.findall(r'<div class="[^"]*fout" id="veld-([^"]*)-fout">([^<]*)</div>', html)}


class _Form(HTMLParser):
    """The fields of the page's form that posts to ``action``, as a browser sends them."""

    def __init__(self, action: str):
        super().__init__()
        self.action, self.inside, self.values = action, False, {}
        self.select: str | None = None
        self.area: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.inside = a.get("action") == self.action
        if not self.inside:
            return
        if tag == "input" and a.get("type") in (None, "text", "hidden"):
            self.values[a["name"]] = a.get("value", "")
        elif tag == "input" and a.get("type") in ("radio", "checkbox") and "checked" in a:
            self.values[a["name"]] = a.get("value", "")
        elif tag == "select":
            self.select = a["name"]
            self.values[a["name"]] = ""
        elif tag == "option" and self.select and "selected" in a:
            self.values[self.select] = a.get("value", "")
        elif tag == "textarea":
            self.area = a["name"]
            self.values[a["name"]] = ""

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        self.select = None if tag == "select" else self.select
        self.area = None if tag == "textarea" else self.area

    def handle_data(self, data):
        if self.area:
            self.values[self.area] += data


def form_of(html: str) -> dict[str, str]:
    parser = _Form(PAGE + "/opslaan")
    parser.feed(html)
    return parser.values


def comments(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip().startswith("#")]


def results_of(ws: Path):
    return load_results(ws / "resultaten.yaml", load_for("eigen-casus", ws))


# --- the page ----------------------------------------------------------------------------------

def test_the_overview_leads_to_the_results_page_which_makes_resultaten_yaml(inside):
    client, ws = inside
    overview = client.get("/werkmap/sessie-1").text
    assert "Na de workshop" in overview and f'href="{PAGE}"' in overview
    target = begun(client, ws)
    assert results_of(ws).sessie.casus == "eigen-casus"  # as `results init` writes it
    page = client.get(PAGE).text
    assert "Ingevulde werkbladen inlezen" in page and "Verslag maken" in page
    assert "hoogstens 20 bestanden van elk hoogstens 10 MB" in page
    before = target.read_bytes()
    client.post(PAGE + "/beginnen")  # a second time: never overwritten
    assert target.read_bytes() == before


# --- reading the sheets in -----------------------------------------------------------------------

def test_a_filled_sheet_is_imported_as_the_command_line_imports_it(inside, tmp_path):
    client, ws = inside
    begun(client, ws)
    cli_ws = tmp_path / "met-de-cli"
    shutil.copytree(ws, cli_ws)
    sheet = forged_sheet(tmp_path / "handout-4a.pdf", IDENT, ACTION)

    answer = upload(client, sheet)
    assert answer.status_code == 303, errors(answer.text)
    page = client.get(PAGE).text
    said = re.search(r'<section id="ingelezen".*?</section>', page, re.S).group(0)
    assert "handout-4a.pdf (ingevuld/werkblad-1.pdf): groep Democratie, acties: A1 (1 nieuw)" \
        in said
    assert "1 nieuw, 0 gewijzigd, 0 verwijderd" in said
    assert (ws / "ingevuld" / "werkblad-1.pdf").read_bytes() == sheet.read_bytes()

    cli = run_here("results", "import", str(sheet), cwd=cli_ws, env={"LANGUAGE": "nl"})
    assert cli.returncode == 0, cli.stderr
    assert f"  {sheet}: groep Democratie, acties: A1 (1 nieuw)" in cli.stdout
    assert (ws / "resultaten.yaml").read_text(encoding="utf-8") == \
        (cli_ws / "resultaten.yaml").read_text(encoding="utf-8")
    action = results_of(ws).acties[0]
    assert (action.id, action.eigenaar, action.noodzaak) == ("A1", "Team communicatie", "hoog")


def test_each_upload_is_a_sheet_of_its_own_and_a_takeover_is_refused_as_by_the_cli(inside,
                                                                                   tmp_path):
    """A second sheet that changes what the first gave is refused, as `results import`
    refuses it, and kept nowhere; ticked as corrected (--replace) it is taken."""
    client, ws = inside
    target = begun(client, ws)
    upload(client, forged_sheet(tmp_path / "eerste.pdf", IDENT, ACTION))
    before = target.read_bytes()
    changed = forged_sheet(tmp_path / "tweede.pdf", IDENT,
                           {**ACTION, "actie-1-eigenaar": "Iemand anders"})
    refused = upload(client, changed)
    assert refused.status_code == 422
    message = errors(refused.text)["werkbladen"]
    assert message == (
        "tweede.pdf (ingevuld/werkblad-2.pdf): Deze hand-out 4 van groep 'democratie' zou "
        "veranderen wat werkblad-1.pdf gaf: actie A1. Lees van elke groep de eigen bladen in; "
        "is dit het verbeterde blad van werkblad-1.pdf, lees het dan in met het vakje 'Dit "
        "zijn verbeterde werkbladen' aangevinkt.")
    assert target.read_bytes() == before
    assert sorted(p.name for p in (ws / "ingevuld").iterdir()) == ["werkblad-1.pdf"]
    assert upload(client, changed, vervangen="ja").status_code == 303
    assert results_of(ws).acties[0].eigenaar == "Iemand anders"
    assert sorted(p.name for p in (ws / "ingevuld").iterdir()) == ["werkblad-1.pdf",
                                                                   "werkblad-2.pdf"]


def test_what_is_no_sheet_is_refused_beside_the_field_and_nothing_kept(inside, tmp_path,
                                                                      monkeypatch):
    client, ws = inside
    target = begun(client, ws)
    before = target.read_bytes()
    text = tmp_path / "notities.pdf"
    text.write_text("geen pdf", encoding="utf-8")
    answer = upload(client, text)
    assert answer.status_code == 422
    assert errors(answer.text)["werkbladen"].startswith("notities.pdf is geen PDF-bestand.")
    other = forged_sheet(tmp_path / "ander.pdf", {**IDENT, "casus": "arnhem"}, ACTION)
    answer = upload(client, other)
    assert errors(answer.text)["werkbladen"].startswith(
        "ander.pdf (ingevuld/werkblad-1.pdf): Dit blad is van een andere kit: casus "
        "'arnhem', resultaten.yaml is voor 'eigen-casus'. ")
    monkeypatch.setattr(results_page, "SHEET_LIMIT", 100)
    answer = upload(client, forged_sheet(tmp_path / "groot.pdf", IDENT, ACTION))
    assert errors(answer.text)["werkbladen"].startswith("groot.pdf is groter dan 10 MB.")
    many = [("werkbladen", (f"blad-{i}.pdf", b"%PDF-", "application/pdf")) for i in range(21)]
    answer = client.post(PAGE + "/inlezen", files=many)
    assert answer.status_code == 422
    assert errors(answer.text)["werkbladen"].startswith("Kies hoogstens 20 werkbladen tegelijk.")
    assert target.read_bytes() == before
    assert not list((ws / "ingevuld").iterdir())


# --- the results as forms ------------------------------------------------------------------------

def test_a_form_change_is_read_back_by_the_results_loader_with_the_comments_kept(inside,
                                                                                tmp_path):
    client, ws = inside
    target = begun(client, ws)
    upload(client, forged_sheet(tmp_path / "handout-4a.pdf", IDENT, ACTION))
    before = target.read_text(encoding="utf-8")
    form = form_of(client.get(PAGE).text)
    assert form["a-0-was"] == "A1" and form["a-0-noodzaak"] == "hoog"
    form |= {"a-0-eigenaar": "Teamleider communicatie", "a-0-belang": "hoog",
             "w-democratie-g-0-waarde": "transparantie",
             "w-democratie-g-0-tekst": "Inwoners willen weten wat we gebruiken.",
             "a-1-id": "B1", "a-1-groep": "rechtsstaat", "a-1-actie": "Laat een DPIA maken.",
             "a-1-waarde": "privacy", "a-1-mechanisme": "audits",
             "a-1-eigenaar": "Privacy officer", "a-1-noodzaak": "midden", "a-1-belang": "laag",
             "vervolg-datum": "2027-06-17", "vervolg-tijd": "14:00"}
    saved = client.post(PAGE + "/opslaan", data=form, follow_redirects=False)
    assert saved.status_code == 303, errors(saved.text)
    assert "De resultaten zijn opgeslagen" in client.get(saved.headers["location"]).text

    results = results_of(ws)
    a1, b1 = results.acties
    assert (a1.id, a1.eigenaar, a1.belang, a1.termijn) == ("A1", "Teamleider communicatie",
                                                           "hoog", "Q2 2027")
    assert (b1.id, b1.groep, b1.waarde, b1.eigenaar) == ("B1", "rechtsstaat", "privacy",
                                                         "Privacy officer")
    chosen = results.waarden["democratie"].gekozen
    assert [(c.waarde, c.waarom) for c in chosen] == [
        ("transparantie", "Inwoners willen weten wat we gebruiken.")]
    assert (results.vervolg.datum, results.vervolg.tijd) == (date(2027, 6, 17), time(14, 0))
    after = target.read_text(encoding="utf-8")
    assert comments(after) == comments(before)

    form = form_of(client.get(PAGE).text)
    form["a-0-weg"] = "ja"  # remove A1
    assert client.post(PAGE + "/opslaan", data=form, follow_redirects=False).status_code == 303
    assert [a.id for a in results_of(ws).acties] == ["B1"]
    assert comments(target.read_text(encoding="utf-8")) == comments(before)


def test_a_wrong_value_is_refused_beside_its_field_and_nothing_is_written(inside, tmp_path):
    client, ws = inside
    target = begun(client, ws)
    upload(client, forged_sheet(tmp_path / "handout-4a.pdf", IDENT, ACTION))
    before = target.read_bytes()
    form = form_of(client.get(PAGE).text)
    form |= {"a-0-eigenaar": "", "a-0-actie": "Een andere tekst",
             "w-democratie-g-0-waarde": "inclusie", "w-democratie-n-0-waarde": "inclusie",
             "vervolg-datum": "2020-01-01"}
    refused = client.post(PAGE + "/opslaan", data=form)
    assert refused.status_code == 422
    found = errors(refused.text)
    assert found["a-0-eigenaar"] == ("Deze actie heeft geen eigenaar. Schrijf na "
                                     "'eigenaar:' wie de actie uitvoert.")
    assert found["w-democratie-n-0-waarde"].startswith(
        "Waarde 'inclusie' staat zowel bij gekozen als bij niet gekozen.")
    assert found["vervolg-datum"].startswith(
        "De datum van het vervolg (2020-01-01) ligt voor de sessie")
    assert target.read_bytes() == before
    form = form_of(refused.text)  # the page keeps what was typed
    assert form["a-0-actie"] == "Een andere tekst" and form["a-0-eigenaar"] == ""
    assert 'href="#veld-a-0-eigenaar"' in refused.text  # the summary links to the field


def test_the_results_files_are_served_by_their_names_only(inside):
    client, ws = inside
    begun(client, ws)
    (ws / "resultaten").mkdir()
    (ws / "resultaten" / "verslag.pdf").write_bytes(b"%PDF- not made by a build")
    for name in ("verslag.pdf", "..%2Fsessie.yaml", "resultaten.yaml", "acties.csv"):
        assert client.get(f"{PAGE}/download/{name}").status_code == 404


def test_a_form_shown_before_the_file_changed_writes_nothing(inside, tmp_path):
    """Another tab imported a sheet after this page was shown: saving its form would remove
    what the import gave, so it is refused and the page shows the file as it is now."""
    client, ws = inside
    target = begun(client, ws)
    form = form_of(client.get(PAGE).text)
    upload(client, forged_sheet(tmp_path / "handout-4a.pdf", IDENT, ACTION))
    after_import = target.read_bytes()
    refused = client.post(PAGE + "/opslaan", data=form)
    assert refused.status_code == 422
    assert "resultaten.yaml is veranderd sinds je deze pagina opende" in unescape(refused.text)
    assert target.read_bytes() == after_import
    assert form_of(refused.text)["a-0-was"] == "A1"


def test_a_sheet_that_replaces_a_hand_edit_says_so_with_the_files_as_named_in_the_workspace(
        inside, tmp_path):
    client, ws = inside
    begun(client, ws)
    upload(client, forged_sheet(tmp_path / "handout-4a.pdf", IDENT, ACTION))
    form = form_of(client.get(PAGE).text) | {"a-0-eigenaar": "Met de hand"}
    assert client.post(PAGE + "/opslaan", data=form, follow_redirects=False).status_code == 303
    corrected = forged_sheet(tmp_path / "verbeterd.pdf", IDENT,
                             {**ACTION, "actie-1-eigenaar": "Van het blad"})
    assert upload(client, corrected, vervangen="ja").status_code == 303
    said = unescape(re.search(r'<section id="ingelezen".*?</section>', client.get(PAGE).text,
                              re.S).group(0))
    assert str(ws) not in said
    assert re.search(r"resultaten\.yaml:\d+: actie A1 is met de hand veranderd .*"
                     r"resultaten\.yaml\.bak-1", said), said
    assert results_of(ws).acties[0].eigenaar == "Van het blad"
    assert (ws / "resultaten.yaml.bak-1").is_file()


def test_a_new_action_needs_its_code_and_its_choices_each_named_beside_its_field(inside):
    client, ws = inside
    target = begun(client, ws)
    before = target.read_bytes()
    form = form_of(client.get(PAGE).text) | {"a-0-id": "B1", "a-0-actie": "Laat een DPIA maken.",
                                             "a-0-eigenaar": "Privacy officer"}
    refused = client.post(PAGE + "/opslaan", data=form)
    assert refused.status_code == 422
    found = errors(refused.text)
    assert found["a-0-groep"] == "Kies de groep van actie B1."
    assert set(found) == {"a-0-groep", "a-0-waarde"}  # what hand-out 4 asks in stap 3c2
    form |= {"a-0-id": "B 1", "a-0-groep": "rechtsstaat", "a-0-waarde": "privacy"}
    found = errors(client.post(PAGE + "/opslaan", data=form).text)
    assert found == {"a-0-id": "Geef de actie een code: de letter van de groep en een nummer, "
                               "bijvoorbeeld A1."}
    assert target.read_bytes() == before
    form["a-0-id"] = "B1"  # no mechanism yet, noodzaak and belang left for stap 4
    assert client.post(PAGE + "/opslaan", data=form, follow_redirects=False).status_code == 303
    action = next(a for a in yaml.safe_load(target.read_text(encoding="utf-8"))["acties"]
                  if a["id"] == "B1")
    assert "noodzaak" not in action and "belang" not in action and "mechanisme" not in action


def test_a_file_whose_shape_the_forms_cannot_change_is_left_to_the_editor(inside):
    client, ws = inside
    target = begun(client, ws)
    form = form_of(client.get(PAGE).text)
    target.write_text("- een lijst\n- geen velden\n", encoding="utf-8")
    page = client.get(PAGE).text
    assert "Er staat een fout in resultaten.yaml" in page
    form["versie"] = form_of(page)["versie"]
    refused = client.post(PAGE + "/opslaan", data=form)
    assert refused.status_code == 422
    assert "Dit formulier kan resultaten.yaml nu niet aanpassen" in unescape(refused.text)
    assert target.read_text(encoding="utf-8") == "- een lijst\n- geen velden\n"


def test_a_sheet_is_never_kept_through_a_link_out_of_the_workspace(inside, tmp_path):
    client, ws = inside
    target = begun(client, ws)
    elsewhere = tmp_path / "elders"
    elsewhere.mkdir()
    (ws / "ingevuld").symlink_to(elsewhere)
    answer = upload(client, forged_sheet(tmp_path / "handout-4a.pdf", IDENT, ACTION))
    assert answer.status_code == 422
    assert errors(answer.text)["werkbladen"].startswith("ingevuld: Is een link naar een andere "
                                                         "plek")
    assert not list(elsewhere.iterdir())
    assert "acties: []" in target.read_text(encoding="utf-8")
