"""One rule for every file a workspace or data names: it is read only when, links resolved, it
lies inside the workspace or codio-print's own folders, is a regular file and is not huge.
The security review (December 2026) broke this rule in the Jinja loader (D2), the case
loader (D2), the cache (D3), the ICC profile's folder (D4) and the lock file (D15)."""

from __future__ import annotations

import os
from datetime import time
from pathlib import Path

import pytest

from codio_print.inputs.access import read_bytes, refusal
from codio_print.render.context import render_html
from codio_print.inputs.content import load_content
from codio_print.errors import CodioError, ContentError
from codio_print.kit.session import make_session
from codio_print.render.templates_index import template_files
from codio_print.render.templating import environment
from codio_print.inputs.theme import load_theme
from codio_print.scaffold.workspace import init

SECRET = "SECRET-outside-the-workspace"


@pytest.fixture
def ws(tmp_path) -> Path:
    folder = tmp_path / "ws"
    init(folder)
    return folder


@pytest.fixture
def secret(tmp_path) -> Path:
    path = tmp_path / "outside-secret.txt"
    path.write_text(SECRET + "\n")
    return path


def _render_workspace(ws: Path, case: str = "arnhem") -> list[str]:
    content = load_content(only_case=case, extra_case_dirs=[ws / "cases"])
    session = make_session(content, 12, time(9, 30), None)
    theme = load_theme(ws, content.fundamenten)
    return [html for _, html in render_html(content, session, content.case(case),
                                             environment([ws / "templates"]), theme)]


# --- the helper ----------------------------------------------------------------------------

def test_the_rule(tmp_path, secret):
    root = tmp_path / "root"
    root.mkdir()
    (root / "ok.txt").write_text("ok")
    (root / "link-out.txt").symlink_to(secret)
    (root / "sub").mkdir()
    os.mkfifo(root / "pipe")
    (root / "big.bin").write_bytes(b"x" * 2000)
    assert refusal(root / "ok.txt", [root]) is None
    assert "outside" in refusal(root / "link-out.txt", [root])
    assert "outside" in refusal(root / ".." / "outside-secret.txt", [root])
    assert "not a file" in refusal(root / "sub", [root])
    assert "not a file" in refusal(root / "pipe", [root])
    assert "does not exist" in refusal(root / "nope", [root])
    assert "more than" in refusal(root / "big.bin", [root], max_bytes=1000)
    assert refusal(secret, [secret]) is None  # a root may be one file: that file only
    assert "outside" in refusal(tmp_path / "root" / "ok.txt", [secret])
    with pytest.raises(ContentError) as info:
        read_bytes(root / "link-out.txt", [root], what="the template", source="x.yaml", line=3)
    assert info.value.one_line().startswith("x.yaml:3: the template")
    assert " — " in info.value.one_line()


# --- D2: symbolic links in templates/ and cases/ ----------------------------------------------

def test_an_included_template_that_links_outside_is_refused(ws, secret):
    (ws / "templates" / "evil.html").symlink_to(secret)
    (ws / "templates" / "code.html").write_text(
        '{% extends "builtin/code.html" %}{% block body %}LEAK[{% include "evil.html" %}]'
        "{{ super() }}{% endblock %}")
    with pytest.raises(CodioError) as info:
        _render_workspace(ws)
    assert "outside" in info.value.one_line() and "evil.html" in info.value.one_line()
    assert SECRET not in info.value.one_line()


def test_a_template_that_is_a_link_to_a_system_file_is_refused(ws):
    (ws / "templates" / "code.html").symlink_to("/etc/passwd")
    with pytest.raises(CodioError, match="outside"):
        _render_workspace(ws)


def test_a_linked_folder_in_templates_gives_no_way_out(ws):
    (ws / "templates" / "up").symlink_to("/")
    (ws / "templates" / "casus.html").write_text(
        '{% extends "builtin/casus.html" %}{% block body %}HOST[{% include "up/etc/hostname" %}]'
        "{{ super() }}{% endblock %}")
    with pytest.raises(CodioError, match="outside"):
        _render_workspace(ws)


def test_a_case_file_that_links_outside_the_workspace_is_refused(ws, tmp_path):
    outside = tmp_path / "elsewhere" / "eigen-casus.yaml"
    outside.parent.mkdir()
    own = ws / "cases" / "eigen-casus.yaml"
    outside.write_text(own.read_text(encoding="utf-8").replace(
        "Naam van de dienst", "OUTSIDE-CASE-CONTENT"), encoding="utf-8")
    own.unlink()
    own.symlink_to(outside)
    with pytest.raises(ContentError) as info:
        load_content(only_case="eigen-casus", extra_case_dirs=[ws / "cases"])
    assert "outside" in info.value.one_line()
    assert "eigen-casus.yaml" in info.value.one_line()


def test_a_theme_file_that_links_outside_is_refused(ws, secret):
    (ws / "huisstijl.yaml").unlink()
    (ws / "huisstijl.yaml").symlink_to(secret)
    with pytest.raises(ContentError, match="outside"):
        load_theme(ws, load_content(only_case="").fundamenten)


def test_the_template_list_does_not_read_linked_files(ws, secret):
    secret.write_text('{% extends "builtin/evil.html" %}' + SECRET)
    (ws / "templates" / "evil.html").symlink_to(secret)
    listed = {t.name: t for t in template_files([ws / "templates"])}
    assert "evil.html" in listed and not listed["evil.html"].extends_builtin


def test_a_link_inside_the_workspace_is_fine(ws):
    (ws / "templates" / "mijn-code.html").write_text(
        '{% extends "builtin/code.html" %}{% block body %}EIGEN{{ super() }}{% endblock %}')
    (ws / "templates" / "code.html").symlink_to("mijn-code.html")
    assert any("EIGEN" in html for html in _render_workspace(ws))


# --- E6: templates/ or cases/ itself a link to a folder elsewhere -----------------------------

def _link_folder_outside(ws: Path, name: str) -> Path:
    """Move the workspace's ``name`` folder out of it and leave a link to it in its place."""
    import shutil

    elsewhere = ws.parent / f"elsewhere-{name}"
    shutil.move(ws / name, elsewhere)
    (ws / name).symlink_to(os.path.relpath(elsewhere, ws))
    return elsewhere


def _one_error(proc) -> str:
    errors = [line for line in proc.stderr.splitlines() if line.startswith("error:")]
    assert proc.returncode == 1 and len(errors) == 1, proc
    return errors[0]


def test_a_cases_folder_that_links_outside_is_refused_in_one_line(ws):
    from incli import run_here

    elsewhere = _link_folder_outside(ws, "cases")
    case = elsewhere / "eigen-casus.yaml"
    case.write_text(case.read_text(encoding="utf-8").replace("Naam van de dienst", SECRET),
                    encoding="utf-8")
    proc = run_here("cases", cwd=ws)
    error = _one_error(proc)
    assert "the cases folder 'cases' lies outside the workspace" in error
    assert SECRET not in proc.stdout + proc.stderr
    with pytest.raises(ContentError, match="outside the workspace"):  # its files, one by one
        load_content(only_case="eigen-casus", extra_case_dirs=[ws / "cases"])


def test_a_templates_folder_that_links_outside_is_refused_in_one_line(ws):
    from incli import run_here

    from codio_print.errors import TemplateError
    from codio_print.render.templating import ConfinedLoader

    elsewhere = _link_folder_outside(ws, "templates")
    (elsewhere / "code.html").write_text(
        '{% extends "builtin/code.html" %}{% block ' + SECRET.replace("-", "_") + " %}"
        "{% endblock %}")
    proc = run_here("templates", cwd=ws)
    error = _one_error(proc)
    assert "the templates folder 'templates' lies outside the workspace" in error
    assert SECRET.replace("-", "_") not in proc.stdout + proc.stderr
    loader = ConfinedLoader(str(ws / "templates"), root=ws)  # its files, one by one
    with pytest.raises(TemplateError, match="outside the workspace"):
        loader.get_source(environment(), "code.html")


def test_a_folder_linked_inside_the_workspace_is_fine(ws):
    import shutil

    shutil.move(ws / "cases", ws / "eigen-cases")
    (ws / "cases").symlink_to("eigen-cases")
    content = load_content(only_case="eigen-casus", extra_case_dirs=[ws / "cases"])
    assert "eigen-casus" in content.cases


# --- E7: a name swapped for a link between a check and the open ------------------------------

SWAP = """
import os, sys
folder, secret = sys.argv[1], sys.argv[2]
name = os.path.join(folder, "inc.html")
real, link = os.path.join(folder, ".inc.real"), os.path.join(folder, ".inc.link")
while True:
    with open(real, "w") as handle:
        handle.write("INSIDE")
    os.replace(real, name)
    os.symlink(secret, link)
    os.replace(link, name)
"""


def test_a_template_swapped_for_a_link_while_it_loads_never_gives_the_outside_file(ws, secret):
    """Another process swaps templates/inc.html between a file and a link to an outside file
    as fast as it can, for 2 s of loads. The loader opens first and checks the file it
    opened (access.py), so the outside text cannot come back: impossible, not unlikely (the
    review's check-then-open loader returned it about once in a hundred loads)."""
    import subprocess
    import sys
    import time
    from collections import Counter

    from jinja2 import TemplateNotFound

    from codio_print.errors import TemplateError

    templates = ws / "templates"
    (templates / "inc.html").write_text("INSIDE")
    env = environment([templates])
    seen: Counter = Counter()
    swapper = subprocess.Popen([sys.executable, "-c", SWAP, str(templates), str(secret)])
    try:
        deadline = time.monotonic() + 2
        while time.monotonic() < deadline and sum(seen.values()) < 50_000:
            try:
                seen[env.loader.get_source(env, "inc.html")[0].strip()] += 1
            except TemplateError:
                seen["refused"] += 1
            except TemplateNotFound:  # pragma: no cover - os.replace leaves no gap
                seen["missing"] += 1
    finally:
        swapper.kill()
        swapper.wait()
    assert seen[SECRET] == 0, seen
    assert seen["INSIDE"] and seen["refused"], seen  # both sides of the swap were loaded


# --- D3: text that looks like a file URL is never opened by the cache -------------------------

def _digest_in_time(htmls: list[str], roots, seconds: float = 10.0) -> str:
    import threading

    from codio_print.builder import cache

    result: list = []
    worker = threading.Thread(target=lambda: result.append(cache.assets_digest(htmls, [], roots)),
                              daemon=True)
    worker.start()
    worker.join(seconds)
    assert result, "the cache hung on a file named in the text"
    return result[0]


def test_the_cache_reads_no_file_the_text_names_outside_the_allowed_folders(tmp_path,
                                                                            monkeypatch):
    import builtins

    fifo = tmp_path / "fifo1"
    os.mkfifo(fifo)
    opened: list[str] = []
    real_open = builtins.open

    def spy(file, *args, **kwargs):
        opened.append(str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", spy)
    monkeypatch.setattr(Path, "read_bytes", lambda self: spy(self, "rb").read())
    htmls = ["<p>Zie file:///dev/zero en file:///etc/shadow en verder</p>",
             f"<p>zaal file://{fifo} boven</p>", f'<img src="file://{fifo}">']
    _digest_in_time(htmls, roots=[tmp_path / "ws"])
    assert not [f for f in opened if f.startswith(("/dev/", "/etc/")) or f == str(fifo)]


def test_the_cache_still_notices_an_allowed_file_the_html_reads(tmp_path):
    ws = tmp_path / "ws"
    ws.mkdir()
    logo = ws / "logo.svg"
    logo.write_text("<svg/>")
    html = [f'<img src="{logo.as_uri()}">']
    before = _digest_in_time(html, roots=[ws])
    logo.write_text("<svg><rect/></svg>")
    assert _digest_in_time(html, roots=[ws]) != before


# --- D4: --icc makes that one file readable, not its folder ------------------------------------

def test_the_icc_profile_opens_only_itself_to_a_print_render(tmp_path):
    import shutil

    from PIL import Image

    from codio_print import paths
    from codio_print.render.colour import DEFAULT_ICC
    from codio_print.errors import RenderError
    from codio_print.render.pdf import render_pdf
    from codio_print.kit.profiles import PRINT

    home = tmp_path / "home"
    (home / ".ssh").mkdir(parents=True)
    icc = home / "ISOcoated.icc"
    shutil.copy(DEFAULT_ICC, icc)
    Image.new("RGB", (4, 4), "red").save(home / ".ssh" / "id_rsa.png")
    base = paths.TEMPLATES.as_uri() + "/"
    page = ('<html><head><style>@color-profile device-cmyk { src: url("%s"); '
            "components: cyan, magenta, yellow, black; }</style></head>"
            "<body><p>x</p>%s</body></html>")
    ok = render_pdf(page % (icc.as_uri(), ""), base, name="code", profile=PRINT, icc=icc)
    assert ok.pages == 1
    with pytest.raises(RenderError, match="may not be read"):
        render_pdf(page % (icc.as_uri(), f'<img src="{(home / ".ssh" / "id_rsa.png").as_uri()}">'),
                   base, name="code", profile=PRINT, icc=icc)
