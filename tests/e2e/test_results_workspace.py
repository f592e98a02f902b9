"""`results init` and `results build` inside a workspace, as the organisation uses them.

The workspace has its own case, huisstijl.yaml (name, logo, colour), a template override and a
sessie.yaml with date, start, place, facilitator and a participant list. Nothing is typed twice:
`results init` takes all of it, with the kit's own group division, and `results build` puts the
own case and look on the poster and the report.
"""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
import yaml

from helpers import edit
from kits import DATA, PdfReader, run_cli
from pdfpixels import pixels_near


ORGANISATION = "Regio Westfriesland"
PRIMARY = (0x8B, 0x1E, 0x3F)
OLD_PRIMARY = (0x15, 0x42, 0x73)
LOGO = (0xC0, 0x14, 0x9A)  # the logo's own colour, used nowhere else
LOGO_SVG = """<svg xmlns="http://www.w3.org/2000/svg" width="80" height="80" viewBox="0 0 80 80">
<rect width="80" height="80" rx="10" fill="#c0149a"/></svg>
"""
OVERRIDE = """{% extends "builtin/report.html" %}
{% block body %}
{{ super() }}
<p>Dit verslag gaat naar alle gemeenten van de regio.</p>
{% endblock %}
"""
SAMPLE = DATA / "resultaten-arnhem.yaml"


def pdf_text(path: Path) -> str:
    return " ".join(" ".join((p.extract_text() or "") for p in PdfReader(path).pages).split())


@pytest.fixture(scope="module")
def ws(tmp_path_factory) -> Path:
    ws = tmp_path_factory.mktemp("ws") / "westfriesland"
    run_cli("init", str(ws), check=True)
    (ws / "logo.svg").write_text(LOGO_SVG, encoding="utf-8")
    edit(ws / "huisstijl.yaml", ('organisatie: ""', f"organisatie: {ORGANISATION}"),
          ('logo: ""', "logo: logo.svg"), ('primair: "#154273"', 'primair: "#8b1e3f"'))
    (ws / "templates" / "report.html").write_text(OVERRIDE, encoding="utf-8")
    edit(ws / "cases" / "eigen-casus.yaml",
          ("organisatie: Naam van je organisatie", "organisatie: Gemeente Hoorn"),
          ("titel: Naam van de dienst", "titel: Automatische parkeervergunning"))
    shutil.copy(DATA / "deelnemers-14.csv", ws / "deelnemers.csv")
    edit(ws / "sessie.yaml", ("datum:", "datum: 2027-03-11"), ('start: "09:30"', 'start: "13:00"'),
          ('locatie: ""', "locatie: Stadskantoor Hoorn, zaal 4"),
          ('begeleider: ""', "begeleider: Fatima el Amrani"),
          ("deelnemers: 12", "deelnemers: deelnemers.csv"))
    return ws


@pytest.fixture(scope="module")
def initialised(ws) -> dict:
    proc = run_cli("results", "init", cwd=ws, check=True)  # no options at all
    assert "resultaten.yaml" in proc.stdout
    return yaml.safe_load((ws / "resultaten.yaml").read_text(encoding="utf-8"))


def _kit_groups(ws: Path) -> dict[str, list[str]]:
    """The group division of the kit a plain `build` makes in this workspace."""
    from codio_print.builder.pipeline import prepare
    from codio_print.inputs.settings import resolve
    from codio_print.inputs.workspace import load_session

    settings = resolve(load_session(ws / "sessie.yaml"), profile="screen")
    return {t.fundament.id: t.names for t in prepare(settings).session.tables}


def test_init_takes_the_session_from_sessie_yaml(initialised):
    s = initialised["sessie"]
    assert s["casus"] == "eigen-casus"
    assert s["datum"] == date(2027, 3, 11) and s["start"] == "13:00"
    assert s["locatie"] == "Stadskantoor Hoorn, zaal 4"
    assert s["begeleider"] == "Fatima el Amrani"


def test_init_has_the_same_groups_as_the_kit(ws, initialised):
    groups = {g["fundament"]: g["leden"] for g in initialised["sessie"]["groepen"]}
    assert sum(len(names) for names in groups.values()) == 14
    assert groups == _kit_groups(ws)


def test_options_win_over_sessie_yaml(ws, tmp_path):
    target = tmp_path / "r.yaml"
    run_cli("results", "init", "--config", str(ws / "sessie.yaml"), "--date", "2027-04-01",
            "--start", "10:00", "--location", "Raadzaal", "--facilitator", "Piet Klaver",
            "--participants", "9", "--out", str(target), check=True)
    s = yaml.safe_load(target.read_text(encoding="utf-8"))["sessie"]
    assert (s["casus"], s["datum"], s["start"]) == ("eigen-casus", date(2027, 4, 1), "10:00")
    assert (s["locatie"], s["begeleider"]) == ("Raadzaal", "Piet Klaver")
    assert all(g["leden"] == [] for g in s["groepen"])  # 9 people, no names


def test_init_knows_the_workspace_cases(ws, tmp_path):
    """M4: --case with a workspace case, from inside the workspace."""
    run_cli("results", "init", "--case", "eigen-casus", "--out", str(tmp_path / "r.yaml"),
            cwd=ws, check=True)
    assert "casus: eigen-casus" in (tmp_path / "r.yaml").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def built(ws, initialised) -> Path:
    """The sample's values and actions filled into the file `results init` wrote."""
    sample = yaml.safe_load(SAMPLE.read_text(encoding="utf-8"))
    data = {**sample, "sessie": initialised["sessie"]}
    (ws / "resultaten.yaml").write_text(yaml.safe_dump(data, allow_unicode=True,
                                                       sort_keys=False), encoding="utf-8")
    proc = run_cli("results", "build", cwd=ws, check=True)  # no file named: the workspace's
    assert "warning" not in proc.stderr, proc.stderr
    return ws / "resultaten"


def test_build_uses_the_workspace_case(built):
    for name in ("actieplan.pdf", "verslag.pdf"):
        text = pdf_text(built / name)
        assert "Automatische parkeervergunning" in text and "Gemeente Hoorn" in text, name
    report = pdf_text(built / "verslag.pdf")
    assert "Stadskantoor Hoorn, zaal 4" in report and "Fatima el Amrani" in report


def test_build_uses_the_house_style(built):
    for name in ("actieplan.pdf", "verslag.pdf"):
        pdf = built / name
        assert ORGANISATION in PdfReader(pdf).metadata.author, name
        assert pixels_near(pdf, 0, LOGO) >= 20, name
        assert pixels_near(pdf, 0, PRIMARY) >= 50, name
        assert pixels_near(pdf, 0, OLD_PRIMARY) == 0, name


def test_build_uses_the_template_override(built):
    assert "Dit verslag gaat naar alle gemeenten van de regio." in pdf_text(built / "verslag.pdf")
    assert "gaat naar alle gemeenten" not in pdf_text(built / "actieplan.pdf")


def test_build_with_config_from_elsewhere(ws, built, tmp_path):
    run_cli("results", "build", str(ws / "resultaten.yaml"), "--config", str(ws),
            "--out", str(tmp_path / "uit"), cwd=tmp_path, check=True)
    assert (tmp_path / "uit" / "verslag.pdf").read_bytes() == (built / "verslag.pdf").read_bytes()
