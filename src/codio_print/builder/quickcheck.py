"""The quick answer to a build with nothing to do, before anything heavy is imported.

After every successful ``build``, :func:`record` writes down what it read (every input
file with its size, modification time and SHA-256; the listing of the folders it looked in;
the code it ran), what it wrote (every file of the kit with its size, time and change time:
a file changed since, its size and time put back, has another change time) and the
lines a build with nothing to do prints. The same command again (the same arguments, in the
same folder, with the same environment) first asks :func:`answer`: when every folder lists
the same names, every input has the same size and time (or, where those differ, the same
hash) and every output is as it was written, it prints those lines and the build is done,
in a few hundredths of a second instead of importing Typer, pydantic, Jinja and fontTools.
Anything else (another argument, a changed file, a record that is missing or damaged) is a
normal build, which decides for itself: the record can make a build faster, never wrong.

Only the standard library is imported here, and to hash an input the one rule for reading
(inputs/access.py), which imports no more.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import time
from pathlib import Path

FORMAT = 3  # 2: where each input that is a link leads; 3: and each output's change time
# What may change a build's output without being a file: part of the record's name.
ENVIRONMENT = ("CODIO_PRINT_HOME", "CODIO_PRINT_SOFFICE", "SOURCE_DATE_EPOCH",
               "XDG_CACHE_HOME")
# Taken when this module is first imported, at the start of the command: later a render
# sets SOURCE_DATE_EPOCH for fontTools, which must not change the record's name.
_ENV_AT_START = {k: os.environ.get(k) for k in ENVIRONMENT}
# Arguments after which the quick answer is never given.
NEVER = {"--force", "--help", "-h", "--strict", "--debug"}
HASH_LIMIT = 64 * 1024 * 1024  # a larger input is not hashed: its size and time decide


def _folder() -> Path:
    from codio_print import paths

    return paths.cache_home() / "quick"


def _name(argv: list[str], cwd: str) -> str:
    from codio_print import i18n

    key = {"argv": argv, "cwd": cwd, "python": sys.executable, "language": i18n.language(),
           "env": _ENV_AT_START}
    return hashlib.sha256(json.dumps(key, sort_keys=True).encode()).hexdigest()[:32]


def _stat(path: str, follow: bool = True) -> tuple[int, int] | None:
    """Size and time of ``path``; of an output (``follow=False``) the name's own: a file of
    the kit swapped for a link is a change, whatever the link leads to."""
    try:
        info = os.stat(path, follow_symlinks=follow)
    except OSError:
        return None
    return info.st_size, info.st_mtime_ns


def _written(path: str) -> tuple[int, int, int] | None:
    """An output as the build left it, the link itself if it is one: size, modification time
    and change time (a file changed since, its size and time put back, has another change
    time)."""
    try:
        info = os.lstat(path)
    except OSError:
        return None
    return info.st_size, info.st_mtime_ns, info.st_ctime_ns


def _hash(path: str) -> str | None:
    """The SHA-256 of a regular file of at most HASH_LIMIT bytes, opened by the one rule for
    reading (inputs/access.py); None for anything else (a link to a device, a pipe, a file
    grown huge): the input counts as changed, and the build decides."""
    from codio_print.inputs import access  # the standard library and errors.py only

    digest = hashlib.sha256()
    try:
        with access.opened(Path(path), [Path("/")], max_bytes=HASH_LIMIT) as (handle, _):
            for _block in range(HASH_LIMIT // (1 << 20) + 1):
                block = handle.read(1 << 20)
                if not block:
                    return digest.hexdigest()
                digest.update(block)
    except (access.Refused, OSError):
        return None
    return None  # it grew past the limit while it was read


def _real(path: str) -> str | None:
    """Where a link leads (None for a file that is no link): a file swapped for a link to
    one with the same size and time, or a link led elsewhere, is a change."""
    return os.path.realpath(path) if os.path.islink(path) else None


def _listing(folder: str) -> list[str] | None:
    try:
        return sorted(os.listdir(folder))
    except OSError:
        return None


def summary_lines(pieces: int, pages: int, seconds: float, out_dir: str,
                  profiles: list[str], rendered: int, up_to_date: int,
                  extras: list[str], *, before: list[str] = (),
                  after: list[str] = ()) -> list[str]:
    """What ``build`` prints at its end (cli/commands.py prints these lines too): ``before``
    the kit's line what was read of the participant list, ``after`` it where to print."""
    from codio_print.i18n import _  # the standard library's gettext: still no heavy import

    return [*before,
            _("{pieces} pieces, {pages} pages in {seconds} s → {out_dir}/ ({profiles}; "
              "{rendered} rendered, {up_to_date} up to date)").format(
                pieces=pieces, pages=pages, seconds=f"{seconds:.1f}", out_dir=out_dir,
                profiles=", ".join(profiles), rendered=rendered, up_to_date=up_to_date),
            *after, *(f"  {e}" for e in extras)]


# Libraries whose version changes what a build writes (their METADATA file says which).
LIBRARIES = ("weasyprint", "pydyf", "tinycss2", "cssselect2", "fonttools", "pypdf", "pikepdf",
             "jinja2", "pillow", "fontpkg", "pyyaml", "pydantic")


def code_files() -> list[str]:
    """Every Python file of codio-print (a no-op build does not import them all), the
    metadata of the libraries it draws with, and whatever else that is not the standard
    library is loaded: a new version of any is a new build."""
    from importlib.metadata import PackageNotFoundError, distribution

    package = Path(__file__).resolve().parent.parent
    files = {str(p) for p in package.rglob("*.py")}
    for name in LIBRARIES:
        try:
            files.add(str(distribution(name).locate_file(
                next(f for f in distribution(name).files or () if f.name == "METADATA"))))
        except (PackageNotFoundError, StopIteration, TypeError):
            continue
    stdlib = os.path.dirname(os.__file__)
    for module in list(sys.modules.values()):
        file = getattr(module, "__file__", None)
        if file and file.endswith(".py") and not file.startswith(stdlib + os.sep):
            files.add(file)
    return sorted(files)


def record(argv: list[str], cwd: str, inputs: list[str], folders: list[str],
           outputs: list[str], summary: dict, warnings: list[str]) -> None:
    """Write down a build that succeeded (see the module's text). Never fails the build."""
    from codio_print import paths, writing
    from codio_print.errors import CodioError

    try:
        seen = {}
        for path in sorted(set(inputs)):
            size, mtime = _stat(path) or (-1, -1)
            seen[path] = [size, mtime, _hash(path) if 0 <= size <= HASH_LIMIT else None,
                          _real(path)]
        data = {
            "format": FORMAT,
            "inputs": seen,
            "folders": {f: _listing(f) for f in sorted(set(folders))},
            "outputs": {p: _written(p) for p in sorted(set(outputs))},
            "summary": summary,
            "warnings": warnings,
        }
        folder = _folder()
        _prune(folder)
        writing.replace(folder / f"{_name(argv, cwd)}.json", json.dumps(data),
                        below=paths.cache_home(), sync=False)
    except (OSError, TypeError, ValueError, CodioError):  # pragma: no cover - a cache
        pass


KEEP = 200  # records; the oldest go first


def _prune(folder: Path) -> None:
    records = sorted(folder.glob("*.json"), key=lambda p: p.stat().st_mtime)
    for old in records[:-KEEP] if len(records) > KEEP else []:
        old.unlink(missing_ok=True)


def answer(argv: list[str], cwd: str) -> bool:
    """Print what a build with nothing to do prints and return True, if nothing changed."""
    if not argv or argv[0] != "build" or NEVER & set(argv):
        return False
    started = time.perf_counter()
    try:
        data = json.loads((_folder() / f"{_name(argv, cwd)}.json").read_text(encoding="utf-8"))
        if data.get("format") != FORMAT or not _unchanged(data):
            return False
        s = data["summary"]
    except (OSError, ValueError, KeyError, TypeError):
        return False
    from codio_print.i18n import _

    for line in data["warnings"]:  # the key holds the language: these are in it already
        sys.stderr.write(_("warning: {message}").format(message=line) + "\n")
    for line in s.get("notes", []):
        sys.stderr.write(f"{line}\n")
    lines = summary_lines(s["pieces"], s["pages"], time.perf_counter() - started,
                          s["out_dir"], s["profiles"], 0, s["outputs"], s["extras"],
                          before=s.get("before", []), after=s.get("after", []))
    sys.stdout.write("\n".join(lines) + "\n")
    return True


def _unchanged(data: dict) -> bool:
    for folder, names in data["folders"].items():
        if _listing(folder) != names:
            return False
    for path, expected in data["outputs"].items():
        if expected is None or list(_written(path) or ()) != list(expected):
            return False
    for path, (size, mtime, digest, real) in data["inputs"].items():
        now = _stat(path)
        if now is None or _real(path) != real:
            return False
        if list(now) != [size, mtime] and (digest is None or _hash(path) != digest):
            return False
    return True
