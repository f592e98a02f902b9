"""`codio-print watch`: rebuild what a change in the workspace affects, and keep the preview.

``affected`` decides from one changed path which pieces must be rendered again; the loop
around it only waits for changes, builds and writes the preview page.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from codio_print.errors import CodioError, Interrupted
from codio_print.watch.preview import write_index

Echo = Callable[[str], None]


@dataclass(frozen=True)
class Scope:
    """What the last build was made of: the files every piece depends on, and per piece the
    templates it is rendered from."""

    templates: Path  # the workspace's templates/ folder
    everything: frozenset[Path]  # sessie.yaml, the case, huisstijl.yaml, logo, fonts, list
    uses: dict[str, frozenset[str]]  # piece id -> template names (extends/includes/imports)

    @property
    def pieces(self) -> frozenset[str]:
        return frozenset(self.uses)


def scope(session_path: Path) -> Scope:
    """Load the workspace as the build does and note what each piece depends on."""
    from codio_print.inputs.content import load_content
    from codio_print.inputs.grouping import DIVISION_FILE
    from codio_print.kit.pieces import plan
    from codio_print.render.templating import dependencies, environment
    from codio_print.inputs.texts import TEXTS_FILE
    from codio_print.inputs.theme import load_theme
    from codio_print.inputs.workspace import (CASES_DIR, TEMPLATES_DIR, case_dirs, load_session,
                                              override_dirs)

    sf = load_session(session_path)
    root = sf.root
    content = load_content(only_case=sf.sessie.casus, extra_case_dirs=case_dirs(root))
    theme = load_theme(root, content.fundamenten)
    env = environment(override_dirs(root))
    pieces = plan(content, [1, 1, 1], poster=sf.sessie.poster)  # ids and templates only
    uses = {p.id: frozenset(dependencies(env, p.kind.template)) for p in pieces}
    everything = {sf.path, *theme.files, root / CASES_DIR / f"{sf.sessie.casus}.yaml",
                  content.case_files[sf.sessie.casus],
                  root / TEXTS_FILE}  # also when it is written only now
    if isinstance(sf.participants, Path):
        everything |= {sf.participants, root / DIVISION_FILE}  # the list and its division
    return Scope(root / TEMPLATES_DIR, frozenset(p.resolve() for p in everything), uses)


def affected(scope: Scope, changed: Path) -> frozenset[str]:
    """The pieces a change to ``changed`` (created, edited or deleted) must rebuild."""
    changed = changed.resolve()
    if changed in scope.everything:
        return scope.pieces
    templates = scope.templates.resolve()
    if changed.is_relative_to(templates):
        name = changed.relative_to(templates).as_posix()
        if name.startswith("css/") and name.endswith(".css"):
            return scope.pieces  # every piece links every stylesheet
        return frozenset(pid for pid, names in scope.uses.items() if name in names)
    return frozenset()


def run(session_path: Path, out: Path | None, echo: Echo, stop_event=None) -> None:
    """Build, write the preview, then rebuild on every change until interrupted."""
    from codio_print.render.pool import WarmPool

    root = session_path.parent
    out_dir = (out or root / "build").resolve()
    _remove_stale_scratch(out_dir)
    pool = WarmPool(out_dir / f"{WATCH_SCRATCH}{os.getpid()}")
    loop = _Loop(session_path, out, out_dir, echo, pool)
    try:
        _watch(loop, root, out_dir, echo, stop_event)
    finally:
        pool.close()
    echo("stopped")


FONT_SUFFIXES = (".ttf", ".otf", ".woff", ".woff2")
# The render workers' temporary files while watch runs (fonts): a folder of its own in the
# output folder; one left by a watch that was killed is removed by the next.
WATCH_SCRATCH = ".watch-tmp-"


def _remove_stale_scratch(out_dir: Path) -> None:
    for folder in out_dir.glob(WATCH_SCRATCH + "*"):
        pid = folder.name.removeprefix(WATCH_SCRATCH)
        if pid.isdigit() and not Path(f"/proc/{pid}").exists():
            shutil.rmtree(folder, ignore_errors=True)


def _watch(loop: "_Loop", root: Path, out_dir: Path, echo: Echo, stop_event) -> None:
    import watchfiles

    # A file saved during the first build, before the watcher runs, is found by comparing
    # the workspace with how it was when that build began (again until nothing changed).
    before = _snapshot(root, out_dir)
    current = loop.rebuild(None)
    for _ in range(3):  # what a build writes itself (groepsindeling.csv) affects no piece
        now = _snapshot(root, out_dir)
        changed = {Path(p) for p in before.keys() | now.keys() if before.get(p) != now.get(p)}
        before = now
        if current is None and changed:
            current = loop.rebuild(None)
        elif current is not None and frozenset().union(
                *(affected(current, p) for p in changed)):
            current = loop.rebuild(None)
        else:
            break
    echo(f"watching {root} (Ctrl+C stops); preview: {out_dir / 'index.html'}")

    def wanted(change, path: str) -> bool:
        return (watchfiles.DefaultFilter()(change, path)
                and not Path(path).resolve().is_relative_to(out_dir))

    try:
        for changes in watchfiles.watch(root, watch_filter=wanted, stop_event=stop_event,
                                        debounce=100, raise_interrupt=False):
            paths = {Path(p) for _, p in changes}
            if current is None:  # the last build failed: try everything again
                current = loop.rebuild(None)
                continue
            pieces = frozenset().union(*(affected(current, p) for p in paths))
            if any(p.suffix.lower() in FONT_SUFFIXES for p in paths):
                loop.pool.close()  # the workers keep each font they loaded: start afresh
            if pieces:
                current = loop.rebuild(None if pieces == current.pieces else pieces)
    except (KeyboardInterrupt, Interrupted):  # pragma: no cover - depends on the terminal
        pass


def _snapshot(root: Path, out_dir: Path) -> dict[str, tuple[int, int]]:
    """Size and modification time of every file in the workspace (not the output, not
    hidden folders)."""
    seen = {}
    for folder, subfolders, files in os.walk(root):
        subfolders[:] = [d for d in subfolders if not d.startswith(".")
                         and not (Path(folder) / d).resolve().is_relative_to(out_dir)]
        for name in files:
            path = os.path.join(folder, name)
            try:
                info = os.stat(path)
            except OSError:
                continue
            seen[path] = (info.st_size, info.st_mtime_ns)
    return seen


class _Loop:
    """The builds of one watch session: numbered, with the warnings of every piece."""

    def __init__(self, session_path: Path, out: Path | None, out_dir: Path, echo: Echo,
                 pool=None):
        self.session_path, self.out, self.out_dir, self.echo = session_path, out, out_dir, echo
        self.pool = pool  # render workers that stay from build to build
        self.number = 0
        self.case = session_path.parent.name
        self.results: list = []
        self.icc: Path | None = None  # the print files' profile: their soft proof

    def rebuild(self, only: frozenset[str] | None) -> Scope | None:
        from codio_print.build import pipeline
        from codio_print.inputs.settings import resolve
        from codio_print.inputs.workspace import load_session

        self.number += 1
        try:
            # sessie.yaml again on every build: it may be what changed
            settings = resolve(load_session(self.session_path), out=self.out)
            self.case = settings.case
            report = pipeline.build(settings, only=only, pool=self.pool)
            self.results = report.results
            rebuilt = [r.piece.id for r in report.results if not r.reused]
            self.icc = settings.icc if any(p.name == "print" for p in report.profiles) else None
            write_index(self.out_dir, self.case, self.number, report.results,
                        piece_warnings=self._warnings(), seconds=report.seconds,
                        warnings=[*report.session.warnings, *report.warnings], icc=self.icc)
            self.echo(f"build {self.number}: {len(rebuilt)} of {len(report.results)} pieces "
                      f"rendered in {report.seconds:.1f} s")
            for w in (*report.session.warnings, *report.warnings):
                self.echo(f"warning: {w}")
            return scope(self.session_path)
        except CodioError as exc:
            return self._failed(exc.one_line())
        except Exception as exc:  # noqa: BLE001 - shown; watch goes on until Ctrl-C
            text = " ".join(f"{type(exc).__name__}: {exc}".split())
            return self._failed(f"{text} — this is a bug in codio-print, or a problem of the "
                                "machine; run 'codio-print --debug build' for details")

    def _warnings(self) -> dict[str, list[str]]:
        """Every piece's warnings: kept with each output, also for pieces not rendered."""
        return {r.piece.id: list(r.warnings) for r in self.results}

    def _failed(self, line: str) -> None:
        self.echo(f"error: {line}")
        write_index(self.out_dir, self.case, self.number, self.results,
                    piece_warnings=self._warnings(), error=line, icc=self.icc)
        return None
