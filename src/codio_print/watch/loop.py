"""`codio-print watch`: rebuild what a change in the workspace affects, and keep the preview.

``affected`` decides from one changed path which pieces must be rendered again; the loop
around it only waits for changes, builds and writes the preview page.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from codio_print.errors import CodioError, Interrupted
from codio_print.i18n import _, ngettext
from codio_print.watch.preview import write_index

Echo = Callable[[str], None]


@dataclass(frozen=True)
class Scope:
    """What the last build was made of: the files every piece depends on, and per piece the
    templates it is rendered from."""

    templates: Path  # the workspace's templates/ folder
    everything: frozenset[Path]  # sessie.yaml, the case, huisstijl.yaml, logo, fonts, list
    uses: dict[str, frozenset[str]]  # piece id -> template names (extends/includes/imports)
    # Files the build itself writes, with what it left in them: no change while they hold it.
    written: dict[Path, bytes] = field(default_factory=dict)

    @property
    def pieces(self) -> frozenset[str]:
        return frozenset(self.uses)


def scope(session_path: Path, division=None, settings=None) -> Scope:
    """Load the workspace as the build does and note what each piece depends on; with the
    last build's ``division`` (builder/report.DivisionMade), the division file it kept (a
    write of the same bytes, or the event of its first write, builds nothing again).
    ``settings``: the last build's (else sessie.yaml's), whose poster size names the
    pieces."""
    from codio_print.inputs.content import load_content
    from codio_print.inputs.division import DIVISION_FILE
    from codio_print.inputs.settings import resolve
    from codio_print.kit.pieces import plan
    from codio_print.render.templates_index import dependencies
    from codio_print.render.templating import environment
    from codio_print.inputs.texts import TEXTS_FILE
    from codio_print.inputs.theme import load_theme
    from codio_print.inputs.workspace import (CASES_DIR, TEMPLATES_DIR, case_dirs, load_session,
                                              override_dirs)

    sf = load_session(session_path)
    settings = settings or resolve(sf)
    root = sf.root
    content = load_content(only_case=sf.sessie.casus, extra_case_dirs=case_dirs(root))
    theme = load_theme(root, content.fundamenten)
    env = environment(override_dirs(root))
    pieces = plan(content, [1, 1, 1], poster=settings.poster)  # ids and templates only
    uses = {p.id: frozenset(dependencies(env, p.kind.template)) for p in pieces}
    everything = {sf.path, *theme.files, root / CASES_DIR / f"{sf.sessie.casus}.yaml",
                  content.case_files[sf.sessie.casus],
                  root / TEXTS_FILE}  # also when it is written only now
    if isinstance(sf.participants, Path):
        everything |= {sf.participants, root / DIVISION_FILE}  # the list and its division
    kept = division is not None and division.file is not None and division.text is not None
    written = {division.file.resolve(): division.text.encode("utf-8")} if kept else {}
    return Scope(root / TEMPLATES_DIR, frozenset(p.resolve() for p in everything), uses,
                 written)


def affected(scope: Scope, changed: Path) -> frozenset[str]:
    """The pieces a change to ``changed`` (created, edited or deleted) must rebuild."""
    from codio_print import writing

    changed = changed.resolve()
    if changed in scope.written and writing.holds(changed, scope.written[changed]):
        return frozenset()
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
    from codio_print.inputs.workspace import check_own_build_folder
    from codio_print.render.pool import WarmPool

    root = session_path.parent
    if out is None:  # as build: never a kit, a preview or a scratch folder through a link
        check_own_build_folder(root / "build")
    out_dir = (out or root / "build").resolve()
    remove_stale_scratch(out_dir)
    pool = WarmPool(out_dir / f"{WATCH_SCRATCH}{os.getpid()}")
    loop = _Loop(session_path, out, out_dir, echo, pool)
    try:
        _watch(loop, root, out_dir, echo, stop_event)
    finally:
        pool.close()
    echo(_("stopped"))


FONT_SUFFIXES = (".ttf", ".otf", ".woff", ".woff2")
# The render workers' temporary files while watch runs (fonts): a folder of its own in the
# output folder; one left by a watch that was killed is removed by the next.
WATCH_SCRATCH = ".watch-tmp-"


def remove_stale_scratch(out_dir: Path) -> None:
    """The scratch folders of watches that ended, and anything under this one's name (a
    process of the same number before): a link among them is removed, never followed."""
    for folder in out_dir.glob(WATCH_SCRATCH + "*"):
        pid = folder.name.removeprefix(WATCH_SCRATCH)
        if not pid.isdigit() or (Path(f"/proc/{pid}").exists() and int(pid) != os.getpid()):
            continue
        if folder.is_symlink():
            folder.unlink()
        else:
            shutil.rmtree(folder, ignore_errors=True)


def _watch(loop: "_Loop", root: Path, out_dir: Path, echo: Echo, stop_event) -> None:
    import queue
    import threading

    import watchfiles

    def wanted(change, path: str) -> bool:
        return (watchfiles.DefaultFilter()(change, path)
                and not Path(path).resolve().is_relative_to(out_dir))

    # The watcher runs from before the first build, in a thread of its own, so that a file
    # saved while a build runs (the first one too) is waiting when the build ends.
    stop = stop_event or threading.Event()
    saved: queue.Queue = queue.Queue()

    def watch_files() -> None:
        try:
            for changes in watchfiles.watch(root, watch_filter=wanted, stop_event=stop,
                                            debounce=100, raise_interrupt=False):
                saved.put({Path(p) for _, p in changes})
        except Exception as error:  # noqa: BLE001 - raised again in the main thread
            saved.put(error)
        finally:
            saved.put(None)  # the watcher has ended

    watcher = threading.Thread(target=watch_files, name="codio-print watcher", daemon=True)
    watcher.start()
    try:
        current = loop.rebuild(None)
        echo(_("watching {folder} (Ctrl+C stops); preview: {preview}").format(
            folder=root, preview=out_dir / "index.html"))
        try:
            while (paths := _next_changes(saved)) is not None:
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
    finally:
        stop.set()
        watcher.join(5)


def _next_changes(saved) -> set[Path] | None:
    """The files saved since the last look (waiting for one if there are none), together;
    None once the watcher has ended."""
    import queue

    item, paths = saved.get(), set()
    while True:
        if item is None:
            if paths:
                saved.put(None)  # the end comes after these
            return paths or None
        if isinstance(item, BaseException):
            raise item
        paths |= item
        try:
            item = saved.get_nowait()
        except queue.Empty:
            return paths


class _Loop:
    """The builds of one watch session: numbered, with the warnings of every piece."""

    def __init__(self, session_path: Path, out: Path | None, out_dir: Path, echo: Echo,
                 pool=None):
        self.session_path, self.out, self.out_dir, self.echo = session_path, out, out_dir, echo
        # The workspace's build/ must stay a real folder while watch writes into it.
        self.below = out_dir.parent if out is None else out_dir
        self.pool = pool  # render workers that stay from build to build
        self.number = 0
        self.case = session_path.parent.name
        self.pieces: tuple = ()  # the last build's (builder/report.PieceMade)
        self.kit: Path | None = None  # the folder of their files
        self.piece_warnings: dict[str, list[str]] = {}  # every piece's, also if not rendered
        self.icc: Path | None = None  # the print files' profile: their soft proof

    def rebuild(self, only: frozenset[str] | None) -> Scope | None:
        from codio_print.builder import pipeline
        from codio_print.inputs.settings import resolve
        from codio_print.inputs.workspace import load_session

        self.number += 1
        try:
            # sessie.yaml again on every build: it may be what changed
            settings = resolve(load_session(self.session_path), out=self.out)
            self.case = settings.case
            report = pipeline.build(settings, only=only, pool=self.pool)
            self.pieces, self.kit = report.pieces, report.out_dir
            self.piece_warnings = {p.id: [w.text for w in report.warnings
                                          if w.kind == "piece" and w.piece == p.id]
                                   for p in report.pieces}
            said = [w.text for w in report.warnings if w.piece is None]  # not a piece's
            rebuilt = [p.id for p in report.pieces if not p.reused]
            self.icc = settings.icc if any(p.name == "print" for p in report.profiles) else None
            write_index(self.out_dir, self.case, self.number, self.pieces, kit=self.kit,
                        piece_warnings=self.piece_warnings, seconds=report.seconds,
                        warnings=said, icc=self.icc, below=self.below)
            self.echo(ngettext("build {number}: {rendered} of {count} piece rendered in "
                               "{seconds} s",
                               "build {number}: {rendered} of {count} pieces rendered in "
                               "{seconds} s", len(report.pieces)).format(
                number=self.number, rendered=len(rebuilt), count=len(report.pieces),
                seconds=f"{report.seconds:.1f}"))
            for w in said:
                self.echo(_("warning: {warning}").format(warning=w))
            return scope(self.session_path, report.people.division, settings)
        except CodioError as exc:
            return self._failed(exc.one_line())
        except Exception as exc:  # noqa: BLE001 - shown; watch goes on until Ctrl-C
            text = " ".join(f"{type(exc).__name__}: {exc}".split())
            return self._failed(_("{text} — this is a bug in codio-print, or a problem of the "
                                  "machine; run 'codio-print --debug build' for "
                                  "details").format(text=text))

    def _failed(self, line: str) -> None:
        self.echo(_("error: {message}").format(message=line))
        write_index(self.out_dir, self.case, self.number, self.pieces, kit=self.kit,
                    piece_warnings=self.piece_warnings, error=line, icc=self.icc,
                    below=self.below)
        return None
