"""manifest.json: what a built kit holds, written and read here and nowhere else.

Per piece its title, size, pages, copies, audience and where it is printed (printplan.py),
and per profile its file, pages, SHA-256, the cache key it was rendered from and WeasyPrint's
warnings; the extra files (tiles, the print shop's zip) with their hashes; what the print
files were made for (the total ink limit and the bleed); the kit's own key; the settings it
was built with (``codio-print init --from`` starts a workspace from them). The build writes it
last; the cache, the output folder (to recognise a kit) and the preflight read it.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from codio_print.errors import InputError, RenderWarning
from codio_print.i18n import _
from codio_print.inputs import access
from codio_print.kit.artifacts import Extra, PieceResult
from codio_print.kit.profiles import Profile
from codio_print.kit.reprint import Run

FILE = "manifest.json"


@dataclass(frozen=True)
class FileEntry:
    """One piece in one profile."""

    file: str            # relative to the kit folder: screen/casus.pdf
    pages: int
    sha256: str
    key: str             # the cache key it was rendered from ("" in an older kit)
    warnings: tuple[RenderWarning, ...]
    runs: tuple[Run, ...] = ()  # who is on which pages (kit/reprint.py); () in an older kit


@dataclass(frozen=True)
class PieceEntry:
    id: str
    title: str
    size: str
    pages: int
    copies: int
    audience: str
    files: dict[str, FileEntry]  # by profile name
    destination: str = ""        # kantoor, drukker, tegels, niet ("" in an older kit)
    budget: tuple[int, bool] | None = None  # its design's pages, and "at most" (kit/pieces.py)


@dataclass(frozen=True)
class ExtraEntry:
    file: str
    kind: str            # "tiles" or "bundle"
    piece: str | None
    paper: str | None
    pages: int
    sha256: str


@dataclass(frozen=True)
class Manifest:
    case: str
    kit_key: str
    profiles: tuple[str, ...]
    icc: str | None      # the name of the CMYK profile the print files were made for
    pieces: tuple[PieceEntry, ...]
    extras: tuple[ExtraEntry, ...]
    limits: tuple[int, float] | None = None  # (total ink %, bleed mm) of the print files
    digest: str = ""     # the SHA-256 of manifest.json as read (builder/cache.py: made here?)
    settings: dict | None = None  # what the kit was built from (Settings.record; init --from)

    def entry(self, piece_id: str, profile: str, key: str) -> FileEntry | None:
        """The file of a piece in a profile, if it was rendered from ``key``."""
        for piece in self.pieces:
            found = piece.files.get(profile) if piece.id == piece_id else None
            if found is not None and found.key and found.key == key:
                return found
        return None

    def any_entry(self, piece_id: str, profile: str) -> FileEntry | None:
        """Whatever the kit holds for a piece in a profile."""
        return next((p.files[profile] for p in self.pieces
                     if p.id == piece_id and profile in p.files), None)


def write(folder: Path, case: str, results: list[PieceResult], profiles: tuple[Profile, ...],
          extras: list[Extra], icc_name: str | None, kit_key: str, *,
          destinations: dict[str, str] | None = None,
          limits: tuple[int, float] | None = None, settings: dict | None = None,
          runs: dict[str, list[Run]] | None = None, reprint: dict | None = None) -> str:
    """The manifest of the kit in ``folder``; ``file``/``sha256`` of a piece name its main
    file (the screen one when there is one), ``files`` all of them; ``destinations`` where
    each piece (by id) is printed; ``limits`` the print files' total ink and bleed;
    ``settings`` what the kit was built from (init --from reads them back); ``runs`` who is
    on which pages of a file (by its path; kit/reprint.py); ``reprint`` what changed since
    the previous kit, per place (reprint.Reprint.as_json). The SHA-256 of the file
    written."""
    def entry(o) -> dict:
        found = {"file": o.file.as_posix(), "pages": o.pages, "sha256": o.sha256, "key": o.key,
                 "warnings": [{"message": w.message, "file": w.file, "line": w.line}
                              for w in o.warnings]}
        these = (runs or {}).get(o.file.as_posix())
        if these:
            found["runs"] = [r.as_list() for r in these]
        return found

    data = {
        "case": case,
        "kit_key": kit_key,
        "profiles": [p.name for p in profiles],
        "icc": icc_name,
        "limits": {"max_ink": limits[0], "bleed_mm": limits[1]} if limits else None,
        "settings": settings,
        "pieces": [{
            "id": r.piece.id, "title": r.piece.title, "file": r.main.file.as_posix(),
            "size": r.piece.size, "pages": r.pages, "copies": r.piece.copies,
            "audience": r.piece.kind.audience, "sha256": r.sha256,
            "destination": (destinations or {}).get(r.piece.id, r.piece.kind.destination),
            "files": {name: entry(o) for name, o in r.outputs.items()},
            **({"budget": {"pages": r.piece.budget.total, "most": r.piece.budget.most}}
               if r.piece.budget else {}),
        } for r in results],
        "extra": [{"file": e.file.as_posix(), "kind": e.kind, "piece": e.piece, "paper": e.paper,
                   "pages": e.pages,
                   "sha256": hashlib.sha256((folder / e.file).read_bytes()).hexdigest()}
                  for e in extras],
    }
    if reprint is not None:
        data["reprint"] = reprint
    text = (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
    (folder / FILE).write_bytes(text)
    return hashlib.sha256(text).hexdigest()


MAX_BYTES = 8 * 1024 * 1024  # a kit's manifest is tens of kilobytes


def read(folder: Path) -> Manifest | None:
    """The manifest of the kit in ``folder``; None when there is none, or it is damaged or
    of a codio-print too old to list a file per profile (the cache then renders again).
    Read by the one rule (access.py), never through a link: a link, a pipe, a device or a
    file far too large there is a damaged kit, not something to follow or wait for."""
    raw = access.bytes_or_none(Path(folder) / FILE, [folder], max_bytes=MAX_BYTES, links=False)
    if raw is None:
        return None
    try:
        data = json.loads(raw.decode("utf-8"))
        return Manifest(
            case=str(data["case"]), kit_key=str(data.get("kit_key") or ""),
            profiles=tuple(data.get("profiles") or ()), icc=data.get("icc"),
            limits=_limits(data.get("limits")),
            pieces=tuple(_piece(p) for p in data["pieces"]),
            extras=tuple(ExtraEntry(str(e["file"]), str(e["kind"]), e.get("piece"),
                                    e.get("paper"), int(e.get("pages", 0)),
                                    str(e.get("sha256", "")))
                         for e in data.get("extra", [])),
            digest=hashlib.sha256(raw).hexdigest(),
            settings=data.get("settings") if isinstance(data.get("settings"), dict) else None)
    except (ValueError, KeyError, TypeError, AttributeError):  # UnicodeDecodeError too
        return None


def load(folder: Path) -> Manifest:
    """The manifest of a kit a person names (the preflight): a clear error if there is none."""
    if not (folder / FILE).is_file():
        raise InputError(_("'{folder}' is not a built kit: it has no {file}").format(
            folder=folder, file=FILE),
            fix=_("give the folder 'codio-print build' wrote, e.g. build/arnhem"))
    manifest = read(folder)
    if manifest is None:
        raise InputError(_("{file} lists no file per profile: an older codio-print built "
                           "this kit, or the file is damaged").format(file=folder / FILE),
                         fix=_("build the kit again, then check it"))
    return manifest


def _piece(p: dict) -> PieceEntry:
    files = {name: FileEntry(str(f["file"]), int(f["pages"]), str(f["sha256"]),
                             str(f.get("key") or ""), tuple(
                                 RenderWarning(str(w["message"]), file=w.get("file"),
                                               line=w.get("line"))
                                 for w in f.get("warnings") or []),
                             tuple(Run.of(r) for r in f.get("runs") or []))
             for name, f in p["files"].items()}
    return PieceEntry(str(p["id"]), str(p.get("title", "")), str(p.get("size", "")),
                      int(p.get("pages", 0)), int(p.get("copies", 1)),
                      str(p.get("audience", "")), files, str(p.get("destination", "")),
                      _budget(p.get("budget")))


def _budget(data) -> tuple[int, bool] | None:
    """A piece's page budget as recorded (none in an older kit)."""
    return (int(data["pages"]), bool(data.get("most"))) if isinstance(data, dict) else None


def _limits(data) -> tuple[int, float] | None:
    return (int(data["max_ink"]), float(data["bleed_mm"])) if data else None
