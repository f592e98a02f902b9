"""Rendering what people typed: printed literally, flowing on, or failing by name — never run,
never fetched, never cut off silently. And WeasyPrint's warnings name their file."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import textwrap
from datetime import time
from pathlib import Path

import pytest
from pypdf import PdfReader

from codio_print import paths
from codio_print.render import fetcher as fetch
from codio_print.render.context import render_html
from codio_print.inputs.content import load_content
from codio_print.errors import ContentError, RenderError, TemplateError
from codio_print.render.pdf import render_pdf
from codio_print.kit.session import make_session
from codio_print.render.templating import environment, render

BASE = paths.TEMPLATES.as_uri() + "/"

CASE = """\
id: {id}
organisatie: Gemeente Voorbeeld
titel: {titel}
beschrijving: |
{beschrijving}
data:
  - wat: Adressen van inwoners
    bron: Eigen klantenbestand
proactiviteit:
  - niveau: hoog
    toelichting: Inwoners hoeven niets te doen.
herkomst: eigen-klantenbestand
"""


def flat(text: str) -> str:
    return " ".join(text.split())


def pdf_text(pdf: bytes) -> str:
    return flat(" ".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(pdf)).pages))


def render_case(tmp_path: Path, case_id: str, titel: str, beschrijving: str,
                pieces=("casus",)) -> dict:
    folder = tmp_path / "cases"
    folder.mkdir(exist_ok=True)
    (folder / f"{case_id}.yaml").write_text(CASE.format(
        id=case_id, titel=titel, beschrijving=textwrap.indent(beschrijving, "  ")),
        encoding="utf-8")
    content = load_content(extra_case_dirs=[folder], only_case=case_id)
    session = make_session(content, 12, time(9, 30), None)
    return {piece.id: render_pdf(html, BASE, name=piece.id)
            for piece, html in render_html(content, session, content.case(case_id))
            if piece.id in pieces}


@pytest.fixture
def fetched(monkeypatch):
    urls: list[str] = []
    original = fetch.RestrictedFetcher.fetch

    def spy(self, url, headers=None):
        urls.append(url)
        return original(self, url, headers)

    monkeypatch.setattr(fetch.RestrictedFetcher, "fetch", spy)
    return urls


def test_html_jinja_and_urls_in_case_text_are_printed_literally(tmp_path, fetched):
    text = ('Zie <img src="http://example.com/x.png"> en <b>vet</b>; {{ 7 * 7 }} '
            "{% if true %}ja{% endif %} {{ ''.__class__ }}")
    rendered = render_case(tmp_path, "letterlijk", "Titel met <i>opmaak</i> en {{ case }}", text,
                           pieces=("casus", "presentatie"))
    casus = pdf_text(rendered["casus"].pdf)
    for literal in ('<img src="http://example.com/x.png">', "<b>vet</b>", "{{ 7 * 7 }}",
                    "{% if true %}ja{% endif %}", "{{ ''.__class__ }}",
                    "Titel met <i>opmaak</i> en {{ case }}"):
        assert literal in casus, literal
    assert "49" not in casus
    assert "Titel met <i>opmaak</i> en {{ case }}" in pdf_text(rendered["presentatie"].pdf)
    assert not [u for u in fetched if not u.startswith("file:")]


def test_a_long_description_flows_onto_more_pages(tmp_path):
    paragraphs = [f"Alinea {i:02d}: " + "De gemeente gebruikt gegevens die zij al heeft. " * 12
                  + f"Einde-{i:02d}." for i in range(1, 41)]
    rendered = render_case(tmp_path, "lang", "Een lange casus", "\n\n".join(paragraphs))
    casus = rendered["casus"]
    text = pdf_text(casus.pdf)
    assert casus.pages >= 4
    for i in range(1, 41):
        assert f"Alinea {i:02d}:" in text and f"Einde-{i:02d}." in text
    assert text.index("Einde-40.") < text.index("Welke gegevens worden gebruikt?")


# --- fixed-size boxes ----------------------------------------------------------------------

BOX = """<style>@page {{ size: A6; margin: 10mm }}
.role {{ height: 12mm; width: 60mm; overflow: hidden; white-space: nowrap }}
.running {{ height: 0; overflow: hidden }}</style>
<div class="running">verborgen met opzet, geen fout</div>
<div class="role" data-field="role from the participant list">{role}</div>"""


def test_text_that_fits_its_box_passes():
    assert render_pdf(BOX.format(role="jurist"), BASE, name="naamkaartjes").pages == 1


def test_text_cut_off_by_its_box_fails_naming_piece_page_and_field():
    role = "senior beleidsmedewerker informatiebeheer en privacy"
    with pytest.raises(RenderError) as info:
        render_pdf(BOX.format(role=role), BASE, name="naamkaartjes")
    assert info.value.one_line() == (
        "naamkaartjes, page 1: the role from the participant list "
        f"'{role}' does not fit its box — shorten it")


def test_a_slide_that_overflows_fails():
    html = ('<style>@page { size: 100mm 60mm; margin: 0 } .slide { height: 60mm; '
            'overflow: hidden }</style><div class="slide">'
            + "<p>Een regel op de dia.</p>" * 20 + "</div>")
    with pytest.raises(RenderError) as info:
        render_pdf(html, BASE, name="presentatie")
    assert info.value.one_line().startswith("presentatie, page 1: the slide 'Een regel op de")


CELL = """<style>@page {{ size: A6; margin: 10mm }} table {{ table-layout: fixed; width: 60mm }}
td {{ overflow-wrap: {wrap} }}</style>
<table><tr><td data-fit="width" data-field="owner of action A2">{owner}</td><td>later</td></tr>
</table>"""
EMAIL = "digitaledienstverlening.proactief@gemeentearnhem.nl"


def test_text_running_out_of_a_cell_that_must_hold_it_fails_naming_the_field():
    with pytest.raises(RenderError) as info:
        render_pdf(CELL.format(wrap="normal", owner=EMAIL), BASE, name="verslag")
    assert info.value.one_line() == (
        f"verslag, page 1: the owner of action A2 '{EMAIL}' does not fit its box — shorten it")


def test_text_that_wraps_inside_a_cell_that_must_hold_it_passes():
    rendered = render_pdf(CELL.format(wrap="anywhere", owner=EMAIL), BASE, name="verslag")
    assert rendered.pages == 1
    assert EMAIL in "".join(pdf_text(rendered.pdf).split())


# --- warnings name their file ----------------------------------------------------------------

def test_a_css_file_warning_names_the_file_and_line(tmp_path):
    css = tmp_path / "huisstijl.css"
    css.write_text("h1 { color: #154273; }\n\np { colr: red; }\n")
    rendered = render_pdf(f'<link rel="stylesheet" href="{css.as_uri()}"><p>x</p>', BASE,
                          name="casus", allowed=[tmp_path])
    assert [w.one_line() for w in rendered.warnings] == [
        f"{css}:3: Ignored `colr: red`, unknown property"]


def test_an_inline_css_warning_is_found_in_the_override_it_came_from(tmp_path):
    (tmp_path / "casus.html").write_text(
        '{% extends "builtin/casus.html" %}\n{% block page %}{{ super() }}\n'
        "  .intro   { font-weigth: 700 }\n{% endblock %}\n")
    html = render(environment([tmp_path]), "casus.html", _context())
    rendered = render_pdf(html, BASE, name="casus", allowed=[tmp_path])
    assert [w.one_line() for w in rendered.warnings] == [
        f"{tmp_path / 'casus.html'}:3: Ignored `font-weigth: 700`, unknown property"]


def test_a_missing_stylesheet_is_a_warning_naming_the_piece():
    rendered = render_pdf('<link rel="stylesheet" href="css/bestaat-niet.css"><p>x</p>', BASE,
                          name="casus")
    assert len(rendered.warnings) == 1
    assert rendered.warnings[0].one_line().startswith("casus: Failed to load stylesheet")


def _context() -> dict:
    content = load_content(only_case="arnhem")
    session = make_session(content, 12, time(9, 30), None)
    from codio_print.render.context import context
    from codio_print.kit.pieces import plan

    pieces = plan(content, session.group_sizes)
    piece = pieces[0]
    return {**context(content, session, content.case("arnhem"), pieces), "piece": piece,
            "fundament": None}


# --- the sandbox -----------------------------------------------------------------------------

@pytest.mark.parametrize("expression", [
    "''.__class__.__mro__[1].__subclasses__()",
    "case.__class__.__init__.__globals__",
    "cycler.__init__.__globals__.os",
    "lipsum.__globals__['os'].popen('id').read()",
    "self._TemplateReference__context",
    "content.__dict__",
])
def test_template_escapes_fail_with_one_line(tmp_path, expression):
    (tmp_path / "casus.html").write_text("<p>\n{{ " + expression + " }}\n</p>\n")
    with pytest.raises(TemplateError) as info:
        render(environment([tmp_path]), "casus.html", {"case": object(), "content": object()})
    line = info.value.one_line()
    assert line.startswith(f"{tmp_path / 'casus.html'}:2: template ")
    assert "\n" not in line


@pytest.mark.parametrize("name", ["/etc/passwd", "../../../../etc/passwd"])
def test_templates_cannot_include_files_outside(tmp_path, name):
    (tmp_path / "casus.html").write_text('{% include "' + name + '" %}\n')
    with pytest.raises(TemplateError) as info:
        render(environment([tmp_path]), "casus.html", {})
    assert "root:" not in info.value.one_line()


# --- D1: the models in the context are data, never a way to run code -------------------------

def _public_names(cls) -> list[str]:
    return sorted(n for n in dir(cls) if not n.startswith("_"))


@pytest.mark.parametrize("name", _public_names(__import__("pydantic").BaseModel))
def test_no_pydantic_method_of_a_context_model_is_reachable(tmp_path, name):
    """Every method and classmethod pydantic gives a model (parse_raw with pickle, parse_file,
    model_validate_json, construct, copy, ...) is refused: only the fields are data."""
    (tmp_path / "code.html").write_text("<p>\n{{ case." + name + " }}\n</p>\n")
    context = _context()
    with pytest.raises(TemplateError, match="not allowed"):
        render(environment([tmp_path]), "code.html", context)


def test_the_pickle_payload_of_the_review_runs_nothing(tmp_path):
    marker = tmp_path / "pwned"
    payload = ("cbuiltins\\neval\\n(S\\\"__import__('pathlib').Path('" + str(marker) +
               "').touch()\\\"\\ntR.")
    (tmp_path / "code.html").write_text(
        '{% extends "builtin/code.html" %}\n'
        '{% set _ = case.parse_raw("' + payload + '", proto="pickle", allow_pickle=True) %}\n')
    with pytest.raises(TemplateError, match="not allowed") as info:
        render(environment([tmp_path]), "code.html", _context())
    assert not marker.exists()
    assert info.value.one_line().startswith(f"{tmp_path / 'code.html'}:2: ")


@pytest.mark.parametrize("expression", ["fundamenten[0].model_dump()",
                                        "content.workshop.model_validate_json('{}')",
                                        "code.parse_file('/etc/passwd')",
                                        "piece.kind.__class__", "theme.logo_warnings.__func__",
                                        "session.tables[0].fundament.model_copy()"])
def test_every_model_in_the_context_is_plain_data(tmp_path, expression):
    (tmp_path / "code.html").write_text("{{ " + expression + " }}\n")
    with pytest.raises(TemplateError, match="not allowed"):
        render(environment([tmp_path]), "code.html", _context())


def test_fields_properties_and_our_own_queries_stay_readable(tmp_path):
    (tmp_path / "code.html").write_text(
        "{{ case.titel }}|{{ case.alineas | length }}|{{ fundamenten[0].naam }}|"
        "{{ content.waarden_van_fundament(fundamenten[0]) | length }}|{{ piece.title }}|"
        "{{ workshop.stappen[0].label }}|{{ session.participants }}\n")
    text = render(environment([tmp_path]), "code.html", _context())
    assert text.startswith(load_content(only_case="arnhem").case("arnhem").titel + "|4|")
    assert text.count("|") == 6


# --- D7, D16: templates run within limits, and every failure is one line naming its line ------

@pytest.mark.parametrize("expression, message", [
    ('("x" * 10**10) | length', "too large"),
    ("10 ** (10 ** 10)", "too large"),
    ("'x' | center(10**10)", "memory"),
    ("range(10**9) | list", "Range too big"),
])
def test_templates_cannot_exhaust_memory_or_numbers(tmp_path, expression, message):
    (tmp_path / "code.html").write_text("<p>\n{{ " + expression + " }}\n</p>\n")
    with pytest.raises(TemplateError) as info:
        render(environment([tmp_path]), "code.html", {})
    line = info.value.one_line()
    assert line.startswith(f"{tmp_path / 'code.html'}:2: ") and message in line, line
    assert " — " in line and "\n" not in line


def test_a_template_that_runs_too_long_is_stopped(tmp_path, monkeypatch):
    from codio_print.render import templating

    monkeypatch.setattr(templating, "TEMPLATE_SECONDS", 1)
    (tmp_path / "code.html").write_text(
        "<p>\n{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}"
        "{% endfor %}\n</p>\n")
    started = __import__("time").monotonic()
    with pytest.raises(TemplateError, match="runs longer than 1 s") as info:
        render(environment([tmp_path]), "code.html", {})
    assert __import__("time").monotonic() - started < 120  # stopped: it would run for hours
    assert info.value.one_line().startswith(f"{tmp_path / 'code.html'}:2: ")


def test_a_template_that_writes_too_much_is_stopped(tmp_path, monkeypatch):
    from codio_print.render import templating

    monkeypatch.setattr(templating, "MAX_HTML_CHARS", 100_000)
    (tmp_path / "code.html").write_text(
        "{% for i in range(100000) %}{{ 'regel ' * 10 }}{% endfor %}\n")
    with pytest.raises(TemplateError, match="more than"):
        render(environment([tmp_path]), "code.html", {})


def test_a_recursive_macro_is_one_line(tmp_path):
    (tmp_path / "code.html").write_text(
        "{% macro r(n) %}{{ r(n + 1) }}{% endmacro %}\n{{ r(0) }}\n")
    with pytest.raises(TemplateError) as info:
        render(environment([tmp_path]), "code.html", {})
    assert "calls itself" in info.value.one_line()
    assert info.value.one_line().startswith(f"{tmp_path / 'code.html'}:")


def test_a_template_that_is_not_there_is_named_with_a_fix(tmp_path):
    (tmp_path / "code.html").write_text("<p>\n{% include '/etc/passwd' %}\n</p>\n")
    with pytest.raises(TemplateError) as info:
        render(environment([tmp_path]), "code.html", {})
    line = info.value.one_line()
    assert line.startswith(f"{tmp_path / 'code.html'}:2: ") and "not found" in line
    assert "codio-print templates" in line and "root:" not in line


# --- D18: no file rides along in a PDF ---------------------------------------------------------

@pytest.mark.parametrize("markup", [
    '<link rel="attachment" href="{url}" title="deelnemers">',
    '<a rel="attachment" href="{url}">bijlage</a>',
])
def test_a_template_cannot_attach_a_workspace_file(tmp_path, markup):
    (tmp_path / "deelnemers.csv").write_text("naam;functie\nJan;burger\n")
    html = ("<html><head>" + markup.format(url=(tmp_path / "deelnemers.csv").as_uri())
            + "</head><body><p>x</p></body></html>") if markup.startswith("<link") else (
        "<html><body><p>" + markup.format(url=(tmp_path / "deelnemers.csv").as_uri())
        + "</p></body></html>")
    with pytest.raises(RenderError, match="attach") as info:
        render_pdf(html, BASE, name="code", allowed=[tmp_path])
    assert info.value.one_line() == ('code: a template attaches a file to the PDF '
                                     '(rel="attachment") — remove the rel="attachment" link: '
                                     "codio-print's PDFs carry no attachments")


# --- D26: a warning names the right file and line, and says why --------------------------------

def test_a_warning_about_a_word_is_not_pinned_on_a_file_that_happens_to_hold_it(tmp_path):
    (tmp_path / "cases").mkdir()
    (tmp_path / "cases" / "eigen-casus.yaml").write_text(
        "# yaml-language-server: $schema=../case.schema.json\nid: eigen-casus\n")
    rendered = render_pdf("<html><body><p>x</p></body></html>", BASE, name="code",
                          allowed=[tmp_path], profile=__import__("codio_print.kit.profiles",
                                                                 fromlist=["SCREEN"]).SCREEN)
    lang = [w for w in rendered.warnings if "lang" in w.message]
    assert lang and all(w.file == "code" for w in lang)


def test_a_logo_that_fails_names_its_line_not_a_comment_and_says_why(tmp_path):
    (tmp_path / "huisstijl.yaml").write_text(
        "# Logo als SVG, bijvoorbeeld logo.svg.\norganisatie: X\nlogo: logo.svg\n")
    (tmp_path / "logo.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"><style>'
        "@import url(http://127.0.0.1:8765/svg.css);</style><rect width='4' height='2'/></svg>")
    rendered = render_pdf(f'<p><img src="{(tmp_path / "logo.svg").as_uri()}"></p>', BASE,
                          name="casus", allowed=[tmp_path])
    [warning] = rendered.warnings
    assert (warning.file, warning.line) == (str(tmp_path / "huisstijl.yaml"), 3)
    assert not warning.message.rstrip().endswith(":")
    assert "could not be read" in warning.message


def test_a_logo_that_fails_is_its_warning_not_a_text_that_does_not_fit(tmp_path):
    """E21: a logo WeasyPrint cannot draw is replaced by its alt text ("Logo van <the
    organisation>"), which an <img> clips: the build failed with "the logo '' does not fit
    its box — shorten it" instead of warning about the logo."""
    (tmp_path / "huisstijl.yaml").write_text("organisatie: Gemeente Arnhem\nlogo: logo.svg\n")
    (tmp_path / "logo.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"><style>'
        "@import url(http://127.0.0.1:8765/svg.css);</style><rect width='4' height='2'/></svg>")
    html = (f'<div class="band"><img class="logo" src="{(tmp_path / "logo.svg").as_uri()}" '
            'alt="Logo van Gemeente Arnhem" style="height: 6mm; max-width: 20mm"></div>')
    rendered = render_pdf(html, BASE, name="casus", allowed=[tmp_path])
    [warning] = rendered.warnings
    assert (warning.file, warning.line) == (str(tmp_path / "huisstijl.yaml"), 2)


def test_text_cut_off_without_text_of_its_own_names_the_text_that_is_cut_off():
    """A box whose own text is empty (its text comes from CSS) names what is cut off, never
    the empty text ''."""
    html = ('<style>.role { height: 5mm; width: 20mm; overflow: hidden; white-space: nowrap }'
            '.role::before { content: "senior beleidsmedewerker informatiebeheer" }</style>'
            '<div class="role" data-field="role"></div>')
    with pytest.raises(RenderError) as info:
        render_pdf(html, BASE, name="naamkaartjes")
    assert info.value.one_line() == ("naamkaartjes, page 1: the role 'senior beleidsmedewerker "
                                     "informatiebeheer' does not fit its box — shorten it")


@pytest.mark.parametrize("case, message", [
    ("utrecht", "the case 'utrecht' exists but is not loaded in this build"),
    ("utrech", "unknown case 'utrech'"),
])
def test_an_error_of_what_a_template_calls_names_the_template_line(tmp_path, case, message):
    """E21: an error raised by content.case() inside a template had no file:line at all."""
    (tmp_path / "casus.html").write_text("<h1>x</h1>\n<p>{{ content.case('" + case
                                         + "').titel }}</p>\n")
    with pytest.raises(ContentError) as info:
        render(environment([tmp_path]), "casus.html", _context())
    assert info.value.one_line().startswith(f"{tmp_path / 'casus.html'}:2: {message}")


# D25 (from tests/unit/test_renderpool.py: it imports WeasyPrint, in a process of its own).
IMPORT = """
import subprocess, sys
started = []
original = subprocess.Popen.__init__
def spy(self, args, *a, **k):
    started.append(args)
    original(self, args, *a, **k)
subprocess.Popen.__init__ = spy
from codio_print.render import weasy
weasy.load()
import weasyprint.text.ffi
print(len(started), started[:3])
"""


def test_weasyprint_is_imported_without_running_other_programs(tmp_path):
    """D25: no ldconfig, gcc or ld, and nothing written to the temp folder."""
    temp = tmp_path / "tmp"
    temp.mkdir()
    proc = subprocess.run([sys.executable, "-c", IMPORT], capture_output=True, text=True,
                          env={**os.environ, "TMPDIR": str(temp)}, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("0 "), proc.stdout
    assert list(temp.iterdir()) == []


# --- E9: what a template is given, it cannot change -------------------------------------------

@pytest.fixture
def watchdog():
    """The test fails, instead of hanging, if what it runs does not end within a minute."""
    import signal

    def stop(signum, frame):
        raise AssertionError("it did not end within 60 s")

    handler = signal.signal(signal.SIGALRM, stop)
    signal.alarm(60)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, handler)


@pytest.mark.parametrize("payload", [
    "pieces.append(pieces[1])",            # the build rendered for ever
    "content.case_files.clear()",          # later pieces lost the case
    "theme.texts.texts.clear()",           # later pieces lost their words
    "printing.places.update({'casus': none})",  # the run sheet and job sheet saw other places
])
def test_a_template_cannot_change_what_other_pieces_see(tmp_path, payload, watchdog):
    """E9: the build ends with one line naming the template's line; nothing is rendered."""
    from incli import run_here
    from tiny import tiny_workspace

    ws = tmp_path / "ws"
    tiny_workspace(ws)
    (ws / "templates" / "code.html").write_text(
        '{% extends "builtin/code.html" %}\n'
        "{% block body %}{{ " + payload + ' or "" }}{{ super() }}{% endblock %}\n',
        encoding="utf-8")
    proc = run_here("build", cwd=ws)
    errors = [line for line in proc.stderr.splitlines() if "error" in line]
    assert proc.returncode == 1 and len(errors) == 1, proc.stderr
    assert errors[0].startswith("error: templates/code.html:2: template tried something that "
                                "is not allowed"), errors[0]
    assert " — " in errors[0]
    assert not (ws / "build" / "eigen-casus").exists()


# --- E10: a WeasyPrint render has a wall-time and a memory bound ------------------------------

HUGE = "<p>x</p>" * 100_000  # 0.8 MB of HTML: one render ran for more than 150 s


def test_a_render_that_runs_too_long_is_stopped(monkeypatch):
    """In the build's own process (--workers 1, the results documents)."""
    from codio_print.render import limits

    monkeypatch.setattr(limits, "RENDER_SECONDS", 1)
    started = __import__("time").monotonic()
    with pytest.raises(RenderError) as info:
        render_pdf(HUGE, BASE, name="code")
    assert __import__("time").monotonic() - started < 30
    line = info.value.one_line()
    assert line.startswith("code: rendering took longer than 1 s, and was stopped — "), line
    assert render_pdf("<p>x</p>", BASE, name="casus").pages == 1  # the next render is fine


def test_a_render_worker_that_runs_too_long_stops_the_build_in_one_line(monkeypatch):
    from codio_print.kit.profiles import SCREEN
    from codio_print.render import limits
    from codio_print.render.colour import DEFAULT_ICC
    from codio_print.render.pool import Job, render_all

    monkeypatch.setattr(limits, "RENDER_SECONDS", 1)
    jobs = [Job("casus", SCREEN, "<p>x</p>", (), DEFAULT_ICC),
            Job("code", SCREEN, HUGE, (), DEFAULT_ICC)]
    started = __import__("time").monotonic()
    with pytest.raises(RenderError) as info:
        render_all(jobs, processes=2)
    assert __import__("time").monotonic() - started < 30
    assert info.value.one_line().startswith("code: rendering took longer than 1 s")


def test_a_render_worker_that_needs_too_much_memory_stops_the_build_in_one_line(monkeypatch):
    """Over its bound WeasyPrint gets a MemoryError, or its C code gives up and the worker
    dies: either way one line naming the piece and its memory."""
    from codio_print.kit.profiles import SCREEN
    from codio_print.render import limits
    from codio_print.render.colour import DEFAULT_ICC
    from codio_print.render.pool import Job, render_all

    # Room enough for the small piece even when its worker's first render also reads the
    # font cache anew (40 MB may not be, on a busy machine);
    # the large one needs several hundred MB.
    monkeypatch.setattr(limits, "RENDER_MEMORY", 150 * 1024 ** 2)
    with pytest.raises(RenderError) as info:
        render_all([Job("casus", SCREEN, "<p>x</p>", (), DEFAULT_ICC),
                    Job("code", SCREEN, "<p>x</p>" * 20_000, (), DEFAULT_ICC)], processes=2)
    line = info.value.one_line()
    assert line.startswith("code: ") and "memory" in line and "\n" not in line, line


@pytest.mark.parametrize("capped", [True, False])
def test_c_code_that_cannot_allocate_under_the_cap_is_named_as_memory(monkeypatch, capped):
    """Over the bound, C code may fail without a MemoryError (a SystemError, "error return
    without exception set": seen once in a full run); under the cap that is the render's
    memory too. Without the cap it stays a plain failure to render."""
    from contextlib import contextmanager

    from codio_print.render import limits, pdf

    @contextmanager
    def cap(extra):
        yield capped

    def fails(*args, **kwargs):
        raise SystemError("error return without exception set")

    monkeypatch.setattr(limits, "memory_cap", cap)
    monkeypatch.setattr(pdf, "_fitted", fails)  # the layout (WeasyPrint's render)
    with pytest.raises(RenderError) as info:
        pdf.render_pdf("<p>x</p>", BASE, name="code")
    line = info.value.one_line()
    assert line.startswith("code: ")
    assert ("memory" in line) is capped and ("could not render" in line) is not capped
