"""What a build wrote: each piece per profile, and the extra files (tiles, the shop's bundle)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from codio_print.errors import RenderWarning
from codio_print.i18n import _
from codio_print.kit.pieces import Piece
from codio_print.kit.profiles import Profile


@dataclass
class Output:
    """One piece written in one profile; ``file`` is relative to the kit folder."""

    profile: Profile
    file: Path
    pages: int
    sha256: str
    warnings: list[RenderWarning] = field(default_factory=list)  # WeasyPrint's, kept
    key: str = ""  # cache.key(): what it was rendered from


@dataclass
class PieceResult:
    piece: Piece
    outputs: dict[str, Output]  # by profile name
    folder: Path                # the kit folder the files end up in
    reused: bool = False        # every file kept from the previous build

    @property
    def main(self) -> Output:
        """The file to show (preview, summary): the screen one when it was built."""
        return self.outputs.get("screen") or next(iter(self.outputs.values()))

    @property
    def file(self) -> Path:
        return self.folder / self.main.file

    @property
    def sha256(self) -> str:
        return self.main.sha256

    @property
    def pages(self) -> int:
        return self.main.pages

    @property
    def warnings(self) -> list[str]:
        """Each warning as one line that names its file, and the piece when the file is
        another; the same warning in two profiles once."""
        return list(dict.fromkeys(shown_warning(w, self.piece.id) for o in self.outputs.values()
                                  for w in o.warnings))


def shown_warning(warning: RenderWarning, piece_id: str) -> str:
    text = warning.one_line()
    return text if warning.file == piece_id else _("{warning} (in {piece})").format(
        warning=text, piece=piece_id)


@dataclass(frozen=True)
class Extra:
    """A file beside the pieces: ``kind`` is "tiles" or "bundle"."""

    file: Path
    kind: str
    piece: str | None = None   # the poster a tile file is cut from
    paper: str | None = None   # A3/A4 for tiles
    pages: int = 0
