"""Nothing let in: a render reads only our own folders and the workspace, never the network."""

from __future__ import annotations

import socket

import pytest

from codio_print import paths
from codio_print.errors import RenderError
from codio_print.render.fetcher import RestrictedFetcher, refusal, roots
from codio_print.render.pdf import render_pdf

BASE = paths.TEMPLATES.as_uri() + "/"


@pytest.fixture
def no_network(monkeypatch):
    """Record every attempt to open a network connection (and stop it)."""
    attempts: list = []

    def refuse(*args, **kwargs):
        attempts.append(args)
        raise OSError("the test forbids network access")

    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", lambda self, *a: refuse(*a))
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    return attempts


@pytest.fixture
def workspace(tmp_path):
    folder = tmp_path / "werkmap"
    folder.mkdir()
    return folder


def page(body: str, style: str = "") -> str:
    return f"<html><head><style>{style}</style></head><body>{body}</body></html>"


@pytest.mark.parametrize("url", [
    "http://example.com/logo.png", "https://example.com/x.css", "HTTPS://EXAMPLE.COM/x.css",
    "ftp://example.com/x", "javascript:alert(1)", "about:blank", "gopher://x",
    "file://otherhost/etc/passwd", "file:///etc/passwd", "file:///etc/../etc/hostname",
])
def test_refused(url):
    assert refusal(url, roots()) is not None


def test_allowed_our_folders_fonts_data_and_the_workspace(workspace):
    allowed = roots([workspace])
    assert refusal((paths.TEMPLATES / "css" / "base.css").as_uri(), allowed) is None
    assert refusal((paths.CONTENT / "code.yaml").as_uri(), allowed) is None
    assert refusal((workspace / "logo.png").as_uri(), allowed) is None
    assert refusal("data:image/png;base64,iVBORw0KGgo=", allowed) is None
    cjk = "file:///usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
    assert refusal(cjk, allowed) is None
    assert refusal((workspace / "logo.png").as_uri(), roots()) is not None  # not named: refused


def test_dot_dot_and_symbolic_links_cannot_leave_the_workspace(workspace):
    (workspace / "link").symlink_to("/etc")
    allowed = roots([workspace])
    assert refusal((workspace / "link" / "hostname").as_uri(), allowed) is not None
    assert refusal(workspace.as_uri() + "/../../etc/hostname", allowed) is not None
    assert refusal(paths.TEMPLATES.as_uri() + "/../../../../../../etc/passwd", allowed) is not None


def test_remote_image_stops_the_render_without_touching_the_network(no_network):
    with pytest.raises(RenderError) as info:
        render_pdf(page('<img src="https://example.com/logo.png">'), BASE, name="casus")
    assert "never fetches anything from the network" in info.value.one_line()
    assert no_network == []


def test_remote_stylesheet_import_and_font_are_refused(no_network):
    for html in (page("", '@import url("https://example.com/huisstijl.css");'),
                 page('<link rel="stylesheet" href="http://example.com/a.css">'),
                 page("<p>tekst</p>", "@font-face { font-family: X; "
                                      "src: url(https://e.com/x.woff2) } p { font-family: X }")):
        with pytest.raises(RenderError):
            render_pdf(html, BASE, name="casus")
    assert no_network == []


def test_a_refusal_inside_an_svg_image_is_not_swallowed(workspace, no_network):
    """WeasyPrint catches every error while drawing an SVG; the refusal still fails the build."""
    svg = workspace / "logo.svg"
    svg.write_text('<svg xmlns="http://www.w3.org/2000/svg" '
                   'xmlns:xlink="http://www.w3.org/1999/xlink" width="10" height="10">'
                   '<image xlink:href="https://example.com/pixel.png" width="10" height="10"/>'
                   '</svg>')
    with pytest.raises(RenderError) as info:
        render_pdf(page(f'<img src="{svg.as_uri()}">'), BASE, name="casus",
                   allowed=[workspace])
    assert "https://example.com/pixel.png" in info.value.one_line()
    assert no_network == []


def test_a_workspace_image_is_read(workspace):
    from PIL import Image

    Image.new("RGB", (40, 20), "#154273").save(workspace / "logo.png")
    rendered = render_pdf(page('<img src="' + (workspace / "logo.png").as_uri() + '">'), BASE,
                          name="casus", allowed=[workspace])
    assert rendered.pages == 1 and rendered.warnings == []
    assert b"/Subtype /Image" in rendered.pdf


def test_a_system_file_is_refused_and_named(workspace):
    with pytest.raises(RenderError) as info:
        render_pdf(page('<img src="file:///etc/passwd">'), BASE, name="casus",
                   allowed=[workspace])
    assert info.value.one_line().startswith("casus: casus refers to 'file:///etc/passwd'")


def test_the_fetcher_is_what_weasyprint_expects():
    fetcher = RestrictedFetcher(roots())
    response = fetcher.fetch((paths.TEMPLATES / "css" / "base.css").as_uri())
    assert b"codio-print" in response.read()
    response.close()


def test_every_installed_font_package_may_be_read():
    """A huisstijl.yaml may name any installed fontpkg family, not only our default ones."""
    import fontpkg

    allowed = roots()
    for family in fontpkg.families().values():
        for f in family.files:
            assert refusal(f.path.as_uri(), allowed) is None, f.path
