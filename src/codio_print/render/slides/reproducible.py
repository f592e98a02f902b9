"""Zip and ODF files made reproducible: python-pptx and LibreOffice write the current time, the
window's scroll position and the fonts in the order they find them; the same slides must give
the same bytes."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import datetime, timezone


def normalise_zip(data: bytes, stamp: datetime) -> bytes:
    """The same zip with every entry dated ``stamp`` (python-pptx and LibreOffice write the
    current time), in the same order; the ODF ``mimetype`` stays first and stored."""
    when = max(stamp.timetuple()[:6], (1980, 1, 1, 0, 0, 0))
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            body = source.read(info.filename)
            if info.filename == "meta.xml":
                body = _odf_meta(body, stamp)
            elif info.filename in ("content.xml", "styles.xml"):
                body = _odf_fonts(body)
            elif info.filename == "settings.xml":
                body = _odf_view(body)
            new = zipfile.ZipInfo(info.filename, date_time=when)
            new.compress_type = (zipfile.ZIP_STORED if info.filename == "mimetype"
                                 else zipfile.ZIP_DEFLATED)
            new.create_system = 3
            new.external_attr = 0o644 << 16
            target.writestr(new, body, compresslevel=9)
    return out.getvalue()


_VISIBLE_AREA = re.compile(
    rb'(<config:config-item config:name="VisibleArea(?:Top|Left)" config:type="int">)-?\d+(<)')


def _odf_view(body: bytes) -> bytes:
    """Where the window was scrolled: LibreOffice writes it for the first file it converts
    in a process and 0 for the others; always 0, so a kit's .odp is the same bytes however
    many kits one command built."""
    return _VISIBLE_AREA.sub(rb"\g<1>0\2", body)


_DECLS = re.compile(r"<office:font-face-decls>(.*?)</office:font-face-decls>", re.S)
_FACE = re.compile(r"<style:font-face\b[^>]*/>")
_FONT_REF = re.compile(r'(style:font-name(?:-asian|-complex)?=")([^"]*)(")')


def _odf_fonts(body: bytes) -> bytes:
    """LibreOffice lists the fonts it knows in the order it happens to find them, naming
    two faces of one family "DejaVu Serif" and "DejaVu Serif1" either way round: list them
    sorted and name them in that order (and every reference to them), so that the same
    slides give the same file."""
    text = body.decode("utf-8")
    block = _DECLS.search(text)
    if not block or _FACE.sub("", block.group(1)).strip():
        return body  # not the plain list of self-closing faces this expects
    faces = []
    for face in _FACE.findall(block.group(1)):
        name = re.search(r'style:name="([^"]*)"', face)
        rest = re.sub(r'\s*style:name="[^"]*"', "", face)
        faces.append((name.group(1) if name else "", rest))
    faces.sort(key=lambda f: f[1])
    mapping, used = {}, {}
    for old, rest in faces:
        family = re.search(r'svg:font-family="([^"]*)"', rest)
        base = (family.group(1).replace("&apos;", "").replace("&quot;", "").strip()
                if family else old.rstrip("0123456789")) or old
        n = used.get(base, 0)
        used[base] = n + 1
        mapping[old] = base if n == 0 else f"{base}{n}"
    listed = "".join(rest.replace("<style:font-face", f'<style:font-face style:name='
                                  f'"{mapping[old]}"', 1) for old, rest in faces)
    text = text[:block.start(1)] + listed + text[block.end(1):]
    text = _FONT_REF.sub(lambda m: m.group(1) + mapping.get(m.group(2), m.group(2))
                         + m.group(3), text)
    return text.encode("utf-8")


def _odf_meta(body: bytes, stamp: datetime) -> bytes:
    iso = stamp.astimezone(timezone.utc).replace(tzinfo=None).isoformat(timespec="seconds")
    text = body.decode("utf-8")
    text = re.sub(r"<dc:date>[^<]*</dc:date>", f"<dc:date>{iso}</dc:date>", text)
    text = re.sub(r"<meta:creation-date>[^<]*</meta:creation-date>",
                  f"<meta:creation-date>{iso}</meta:creation-date>", text)
    text = re.sub(r"<meta:editing-duration>[^<]*</meta:editing-duration>",
                  "<meta:editing-duration>PT0S</meta:editing-duration>", text)
    text = re.sub(r"<meta:print-date>[^<]*</meta:print-date>", "", text)
    return text.encode("utf-8")
