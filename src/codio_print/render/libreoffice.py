"""LibreOffice, run headless to convert the slides (presentatie.pptx to .odp): found, started
in a profile of its own, waited for, and stopped with every process it started.

It runs without a way to the network: in a network namespace of its own where the system
allows one (util-linux's unshare: as root, or in a user namespace of its own), and with a
profile that blocks what documents link to, macros and the update check. The deck it gets has
no links to outside either (inputs/pptx_template.py); these are the second and third walls.

A conversion runs while the build renders its PDFs; should the build die meanwhile, a guard
process stops LibreOffice and removes what it left behind.
"""

from __future__ import annotations

import functools
import hashlib
import os
import re
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from codio_print.errors import RenderError
from codio_print.i18n import _

SOFFICE_VARIABLE = "CODIO_PRINT_SOFFICE"


def soffice() -> str | None:
    """The LibreOffice that converts the slides: the program CODIO_PRINT_SOFFICE names (when
    set; empty: none, and the kit has no .odp), else soffice or libreoffice on the PATH."""
    chosen = os.environ.get(SOFFICE_VARIABLE)
    if chosen is None:
        return shutil.which("soffice") or shutil.which("libreoffice")
    if not chosen.strip():
        return None
    found = shutil.which(chosen)
    if found is None:
        raise RenderError(_("{variable} is '{value}', which is not a program here").format(
            variable=SOFFICE_VARIABLE, value=chosen),
            fix=_("name LibreOffice's soffice (its full path), or leave {variable} empty to "
                  "make no presentatie.odp").format(variable=SOFFICE_VARIABLE),
            key=SOFFICE_VARIABLE)
    return found


# The profile's settings (its user/registrymodifications.xcu): links in documents from
# anywhere are not followed (no picture, no frame, no object is fetched), macros never run,
# no update is looked for.
SETTINGS = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" \
xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Common/Security/Scripting">\
<prop oor:name="BlockUntrustedRefererLinks" oor:op="fuse"><value>true</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Security/Scripting">\
<prop oor:name="DisableMacrosExecution" oor:op="fuse"><value>true</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Security/Scripting">\
<prop oor:name="MacroSecurityLevel" oor:op="fuse"><value>3</value></prop></item>
<item oor:path="/org.openoffice.Office.Jobs/Jobs/org.openoffice.Office.Jobs:Job['UpdateCheck']/\
Arguments"><prop oor:name="AutoCheckEnabled" oor:op="fuse"><value>false</value></prop></item>
</oor:items>
"""


@functools.cache
def offline() -> tuple[str, ...]:
    """What to put before a command so that it runs without network: util-linux's unshare
    into a network namespace of its own (that holds only a loopback that is down), as root,
    else inside a user namespace of its own; nothing where the system allows neither. The
    program keeps its process id (unshare executes it), so a kill of the group reaches it."""
    unshare, true = shutil.which("unshare"), shutil.which("true")
    if not unshare or not true:
        return ()
    for prefix in ((unshare, "--net", "--"), (unshare, "--map-current-user", "--net", "--")):
        try:
            if subprocess.run([*prefix, true], stdin=subprocess.DEVNULL,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              timeout=10).returncode == 0:
                return prefix
        except (OSError, subprocess.SubprocessError):
            continue
    return ()


def convert(data: bytes, to: str, *, timeout: int = 180) -> tuple[bytes, str]:
    """``data`` (a .pptx) converted by LibreOffice headless to ``to`` (odp, pdf, or
    'pdf:impress_pdf_Export:{...}'): the bytes and what LibreOffice said on stderr."""
    conversion = Conversion([data], to, timeout=timeout)
    return conversion.result()[0], conversion.said


class Conversion:
    """LibreOffice converting one or more .pptx files, in one process that runs while the
    caller does other work (the build renders its PDFs meanwhile): started here, waited for
    by :meth:`result`, stopped by :meth:`cancel`. In a temporary profile, so it neither reads
    nor changes the user's LibreOffice settings; its folder is in the build's scratch folder,
    which the next build removes should this one be killed. LibreOffice's own temporary
    folder goes in there too; the one thing it puts elsewhere is its pipe in /tmp, which
    :meth:`cancel` (or, should the build die, the guard) removes after stopping it."""

    def __init__(self, files: list[bytes], to: str, *, timeout: int = 180,
                 templates: list[Path] = ()) -> None:
        office = soffice()
        if office is None:
            raise RenderError(_("LibreOffice is not installed, so there is no "
                                "presentatie.odp"),
                              fix=_("install it (Debian: apt-get install libreoffice-impress)"))
        self.to, self.timeout, self.count = to, timeout, len(files)
        self.templates = list(dict.fromkeys(templates))  # the PowerPoint templates, if any
        self.said, self._made = "", None
        self.folder = Path(tempfile.mkdtemp(prefix="codio-lo-")).absolute()  # a file URI
        profile = (self.folder / "profile").as_uri()
        self.pipe = pipe_of(profile)
        try:
            (self.folder / "tmp").mkdir()
            (self.folder / "profile" / "user").mkdir(parents=True)
            (self.folder / "profile" / "user" / "registrymodifications.xcu").write_text(
                SETTINGS, encoding="utf-8")
            sources = []
            for n, data in enumerate(files):
                sources.append(self.folder / f"presentatie-{n}.pptx")
                sources[-1].write_bytes(data)
            env = {**os.environ, "HOME": str(self.folder), "TMPDIR": str(self.folder / "tmp")}
            self.process = subprocess.Popen(
                [*offline(), office, f"-env:UserInstallation={profile}",
                 "--headless", "--norestore", "--nolockcheck", "--convert-to", to, "--outdir",
                 str(self.folder / "out"), *map(str, sources)],
                stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                text=True, env=env, cwd=self.folder,
                # its own process group: the launcher (oosplash) starts soffice.bin, which a
                # kill of the launcher alone would leave writing into the folder
                start_new_session=True)
            self.guard = _guard(self.process.pid, self.folder, self.pipe)
        except BaseException:
            if getattr(self, "process", None):
                self.cancel()
            shutil.rmtree(self.folder, ignore_errors=True)
            raise

    def result(self) -> list[bytes]:
        """The converted files, in the order given, once LibreOffice has finished."""
        if self._made is not None:
            return self._made
        try:
            try:
                out, self.said = self.process.communicate(timeout=self.timeout)
            except subprocess.TimeoutExpired:
                raise RenderError(_("LibreOffice took more than {seconds} s to convert the "
                                    "slides").format(seconds=self.timeout),
                                  fix=_("try again, or run with --debug")) from None
            suffix = self.to.split(":")[0]
            made = [self.folder / "out" / f"presentatie-{n}.{suffix}" for n in range(self.count)]
            if self.process.returncode != 0 or not all(m.is_file() for m in made):
                raise failure(self.process.returncode, f"{self.said}\n{out}", suffix,
                              self.templates)
            self._made = [m.read_bytes() for m in made]
            return self._made
        finally:
            self.cancel()

    def cancel(self) -> None:
        """Stop LibreOffice, all its processes, and remove its folder (safe to call again)."""
        if self.process.returncode is None:  # not yet reaped: the group is still its own
            try:
                os.killpg(self.process.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass  # all of it has ended
            self.process.wait()
            _wait_until_ended(self.process.pid)
        guard = getattr(self, "guard", None)
        if guard and guard.returncode is None:  # LibreOffice has ended: the guard may go
            try:
                guard.stdin.write(b"done")
                guard.stdin.close()
            except OSError:
                pass
            guard.wait()
        _remove_pipe(self.pipe)  # stopped or crashed, it could not remove its pipe itself
        for stream in (self.process.stdout, self.process.stderr):
            if stream:
                stream.close()
        shutil.rmtree(self.folder, ignore_errors=True)


# What LibreOffice says on every run, whatever happens: no reason for anything.
_NOISE = re.compile(r"javaldx|^convert .* using filter|^Overwriting: ")


def failure(code: int, said: str, suffix: str, templates: list[Path]) -> RenderError:
    """What happened, in one line: LibreOffice killed (a negative code, or 128 + the signal
    from its launcher, oosplash, when soffice.bin was), ended with an error, or ended without
    the files; with its own words but its noise. The PowerPoint template is named only when
    there is one."""
    said = " ".join(" ".join(line for line in said.splitlines()
                             if line.strip() and not _NOISE.search(line.strip())).split())
    signum = -code if code < 0 else code - 128 if code > 128 else None
    if signum:
        what = _("LibreOffice stopped while it converted the slides to {format}: its process "
                 "was killed (signal {signal})").format(format=suffix, signal=signum)
        if signum == signal.SIGKILL:
            what += _(", perhaps because memory ran out")
        fix = _("try again (with --workers 1 if memory is short)")
    elif code:
        what = _("LibreOffice stopped with exit code {code} while it converted the slides to "
                 "{format}").format(code=code, format=suffix)
        fix = _("try again")
    else:
        what = _("LibreOffice did not convert the slides to {format}").format(format=suffix)
        fix = _("try again")
    if said:
        what += _("; it said: {said}").format(said=said[:300])
    if templates:
        names = ", ".join(f"'{t.name}'" for t in templates)
        fix += _("; if it happens again, open the PowerPoint template {names} in PowerPoint "
                 "and save it again").format(names=names)
    return RenderError(what, fix=fix + _(", or run with --debug"))


def pipe_of(profile: str) -> Path:
    """The socket LibreOffice makes for a profile (its "single office" pipe), as it names it
    (desktop/source/app/officeipcthread.cxx, sal/osl/unx/pipe.cxx): in /tmp whatever TMPDIR
    says (/var/tmp when /tmp is not writable), after the MD5 of the profile's URL as UTF-16,
    each byte in hex without a leading zero."""
    digest = hashlib.md5(profile.encode("utf-16-le")).digest()
    folder = "/tmp" if os.access("/tmp", os.W_OK) else "/var/tmp"
    return Path(folder, f"OSL_PIPE_{os.getuid()}_SingleOfficeIPC_"
                        + "".join(format(b, "x") for b in digest))


def _remove_pipe(pipe: Path) -> None:
    try:
        if stat.S_ISSOCK(pipe.lstat().st_mode):
            pipe.unlink()
    except OSError:
        pass  # LibreOffice removed it, or never made it


# A process that stops LibreOffice's group when the build dies without doing so itself (a
# SIGKILL, the OOM killer): its stdin reaches its end without the word "done". It then also
# removes the pipe and the folder, which LibreOffice, stopped, leaves behind.
_GUARD = """
import os, shutil, signal, stat, sys, time
signal.signal(signal.SIGINT, signal.SIG_IGN)
if sys.stdin.buffer.read(4) != b"done":
    group, folder, pipe = int(sys.argv[1]), sys.argv[2], sys.argv[3]
    try:
        os.killpg(group, signal.SIGKILL)
    except OSError:
        pass
    for _ in range(250):  # until the group has ended (it may take a moment), at most 5 s
        try:
            os.killpg(group, 0)
        except OSError:
            break
        time.sleep(0.02)
    try:
        if stat.S_ISSOCK(os.lstat(pipe).st_mode):
            os.unlink(pipe)
    except OSError:
        pass
    shutil.rmtree(folder, ignore_errors=True)
"""


def _guard(group: int, folder: Path, pipe: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-S", "-c", _GUARD, str(group), str(folder),
                             str(pipe)],
                            stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True)


def _wait_until_ended(group: int, seconds: float = 5.0) -> None:
    """Wait (a little) until no process of ``group`` runs: soffice.bin takes a moment to end
    after SIGKILL, and could meanwhile still write into the folder that is removed next."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and _running(group):
        time.sleep(0.02)


def _running(group: int) -> bool:
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue  # ended meanwhile
        if int(fields[2]) == group and fields[0] not in "ZX":  # a zombie runs no more
            return True
    return False
