"""A workspace's own HTML never runs in the interface: a template that carries a script and
an inline handler, shown as the quick preview, in the frame of a piece's page and opened on
its own, runs nothing, reaches neither the page around it nor the server, and loads no file
of the interface."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import expect

from test_serve_flow import _new_workspace

HOSTILE = """{% extends "builtin/casus.html" %}
{% block body %}<h1>Casus van de werkmap</h1>
<img src="bestaat-niet.png"
     onerror="top.document.title='gehackt'; fetch('/stoppen', {method: 'POST'})">
<script>top.document.title = 'gehackt'; fetch('/stoppen', {method: 'POST'});</script>
<p id="na">{{ case.titel }}</p>{% endblock %}
"""


def test_a_workspace_template_runs_nothing_in_the_quick_preview(page, axe, served):
    link, home = served
    ws: Path = _new_workspace(page, axe, link, home, "vijandig")
    (ws / "templates" / "casus.html").write_text(HOSTILE, encoding="utf-8")
    base = link.split("/toegang")[0]
    preview = f"{base}/werkmap/vijandig/voorbeeld/casus"

    alone = page.context.new_page()
    alone.goto(preview)
    expect(alone.locator("h1")).to_have_text("Casus van de werkmap")
    assert alone.title() != "gehackt"
    assert alone.evaluate("window.origin") == "null"  # sandboxed even outside a frame
    assert alone.evaluate("typeof window.fetch") == "function"  # the page is there ...
    assert alone.locator("script").count() == 0  # ... without its script
    alone.close()

    page.goto(f"{base}/werkmap/vijandig")
    frame_host = page.evaluate(f"""() => new Promise(done => {{
        const frame = document.createElement('iframe');
        frame.setAttribute('sandbox', '');
        frame.src = {preview!r};
        frame.onload = () => done(frame.contentDocument === null);
        document.body.appendChild(frame);
    }})""")
    assert frame_host  # the frame's document is not the interface's to read
    page.wait_for_timeout(500)
    assert page.title() != "gehackt"
    expect(page.get_by_role("heading", level=1)).to_have_text("Je workshop")  # still serving
