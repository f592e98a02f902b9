"""PDF/UA-1 for the screen files: what WeasyPrint leaves out, added with pikepdf, and the
check with page-validation (an independent validator that passes the veraPDF corpus).

WeasyPrint (70) tags table header cells (``/TH``) and links each data cell to its headers,
but writes no ``/Scope``: a screen reader then cannot tell a column header from a row header,
and PDF/UA asks for it (ISO 14289-1, 7.5). :func:`finish` adds it: a header that a data
cell of its own row refers to is a row header, every other one a column header.

The result is deterministic: a file without such headers comes back byte for byte, and a
changed one is written by qpdf with a document id computed from its content (no clock, no
random number), so the same input gives the same bytes.
"""

from __future__ import annotations

import io

from codio_print.i18n import _

PROFILE = "ua1"


def finish(pdf: bytes) -> bytes:
    """``pdf`` with a ``/Scope`` on every table header cell that lacks one."""
    import pikepdf

    with pikepdf.open(io.BytesIO(pdf)) as doc:
        tree = doc.Root.get("/StructTreeRoot")
        if tree is None:
            return pdf
        headers, cells = [], []
        _collect(tree, None, headers, cells, set())
        missing = [(th, row) for th, row in headers
                   if "/Scope" not in (th.get("/A") or pikepdf.Dictionary())]
        if not missing:
            return pdf
        # The headers each row's data cells name: those are that row's row headers.
        named_in_row: dict[tuple, set[bytes]] = {}
        for td, row in cells:
            attrs = td.get("/A")
            if isinstance(attrs, pikepdf.Dictionary) and "/Headers" in attrs:
                names = named_in_row.setdefault(_key(row), set())
                names.update(bytes(h) for h in attrs.Headers)
        for th, row in missing:
            own = bytes(th.get("/ID", b""))
            scope = "/Row" if own and own in named_in_row.get(_key(row), set()) else "/Column"
            attrs = th.get("/A")
            if not isinstance(attrs, pikepdf.Dictionary):
                attrs = pikepdf.Dictionary(O=pikepdf.Name.Table)
                th.A = attrs
            if "/O" not in attrs:
                attrs.O = pikepdf.Name.Table
            attrs.Scope = pikepdf.Name(scope)
        out = io.BytesIO()
        doc.save(out, deterministic_id=True, compress_streams=True)
        return out.getvalue()


def _key(obj) -> tuple:
    return obj.objgen if obj is not None and obj.is_indirect else (id(obj), 0)


def _collect(node, row, headers: list, cells: list, seen: set) -> None:
    """Every /TH and /TD under ``node``, each with the /TR it sits in."""
    import pikepdf

    if isinstance(node, pikepdf.Array):
        for kid in node:
            _collect(kid, row, headers, cells, seen)
        return
    if not isinstance(node, pikepdf.Dictionary):
        return
    if node.is_indirect:
        if node.objgen in seen:
            return
        seen.add(node.objgen)
    kind = str(node.get("/S", ""))
    if kind == "/TR":
        row = node
    elif kind == "/TH":
        headers.append((node, row))
    elif kind == "/TD":
        cells.append((node, row))
    kids = node.get("/K")
    if kids is not None:
        _collect(kids, row, headers, cells, seen)


def problems(pdf: bytes) -> list[str]:
    """What page-validation's PDF/UA-1 profile finds wrong, one line per rule (empty: the
    file conforms)."""
    import page

    report = page.validate_pdf_bytes(pdf, profile=PROFILE)
    if report.is_compliant:
        return []
    found: dict[str, tuple[str, int]] = {}
    for failure in report.failures:
        message, count = found.get(failure.rule_id, (failure.message, 0))
        found[failure.rule_id] = (message, count + 1)
    return [f"{rule}: {message}" + (f" ({count}×)" if count > 1 else "")
            for rule, (message, count) in sorted(found.items())] or [_("not PDF/UA-1 "
                                                                        "conformant")]


def header_scopes(pdf: bytes) -> list[str | None]:
    """The /Scope of every table header cell, in the order of the structure tree (for tests
    and the preflight)."""
    import pikepdf

    with pikepdf.open(io.BytesIO(pdf)) as doc:
        tree = doc.Root.get("/StructTreeRoot")
        if tree is None:
            return []
        headers: list = []
        _collect(tree, None, headers, [], set())
        scopes = []
        for th, _row in headers:
            attrs = th.get("/A")
            scope = attrs.get("/Scope") if isinstance(attrs, pikepdf.Dictionary) else None
            scopes.append(str(scope)[1:] if scope is not None else None)
        return scopes
