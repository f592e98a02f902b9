"""Issue 14: after the README's set-up, `codio-print` runs by its bare name from any folder in
a new shell (scripts/install-launcher.sh, run by make)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "install-launcher.sh"
CLI = ROOT / ".venv" / "bin" / "codio-print"

needs_venv = pytest.mark.skipif(not CLI.is_file(), reason="make sets up .venv/bin/codio-print")


def install(folder: Path) -> subprocess.CompletedProcess:
    return subprocess.run(["bash", str(SCRIPT)], capture_output=True, text=True,
                          env={**os.environ, "CODIO_PRINT_BIN": str(folder),
                               "CODIO_PRINT_APPS": str(folder / "applications")}, timeout=60)


def fresh_shell(command: str, path: str) -> subprocess.CompletedProcess:
    """A new shell with nothing of this one's environment but HOME and the PATH given."""
    return subprocess.run(["env", "-i", f"HOME={Path.home()}", f"PATH={path}", "bash", "-c",
                           command], capture_output=True, text=True, timeout=120)


@needs_venv
def test_the_launcher_runs_this_clone_from_any_folder(tmp_path):
    bin_dir = tmp_path / "bin"
    proc = install(bin_dir)
    assert proc.returncode == 0, proc.stderr
    launcher = bin_dir / "codio-print"
    assert os.access(launcher, os.X_OK)
    assert f'exec "{CLI}" "$@"' in launcher.read_text()
    elsewhere = tmp_path / "elders"
    elsewhere.mkdir()
    run = fresh_shell(f"cd {elsewhere} && codio-print cases", f"{bin_dir}:/usr/bin:/bin")
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith("apeldoorn")
    assert install(bin_dir).stdout == ""  # once it is there, make says nothing


def test_a_command_of_someone_else_is_left_alone(tmp_path):
    other = tmp_path / "codio-print"
    other.write_text("#!/bin/sh\necho mine\n")
    proc = install(tmp_path)
    assert proc.returncode == 0 and "left as it is" in proc.stderr
    assert other.read_text() == "#!/bin/sh\necho mine\n"


@pytest.mark.skipif(os.geteuid() != 0, reason="as root the launcher goes to /usr/local/bin")
def test_root_puts_it_where_every_new_login_shell_looks():
    script = SCRIPT.read_text()
    assert 'dir=/usr/local/bin' in script
    path = subprocess.run(["env", "-i", "bash", "-lc", "echo $PATH"], capture_output=True,
                          text=True, timeout=60).stdout.strip().split(":")
    assert "/usr/local/bin" in path


@needs_venv
def test_the_applications_menu_starts_the_interface(tmp_path):
    """Whoever does not use a terminal finds "codio-print" in the desktop's menu: it runs
    `codio-print serve`, which opens the browser. The entry is what the freedesktop
    specification asks (the keys a menu needs, an absolute command)."""
    bin_dir = tmp_path / "bin"
    assert install(bin_dir).returncode == 0
    entry = (bin_dir / "applications" / "codio-print.desktop").read_text(encoding="utf-8")
    lines = entry.splitlines()
    assert lines[0] == "[Desktop Entry]"
    keys = dict(line.split("=", 1) for line in lines[1:])
    assert keys["Type"] == "Application" and keys["Name"] == "codio-print"
    assert keys["Exec"] == f'"{bin_dir / "codio-print"}" serve' and keys["Terminal"] == "true"
    command = keys["Exec"].split('"')[1]
    help_text = subprocess.run([command, "serve", "--help"], capture_output=True, text=True,
                               timeout=60)
    assert help_text.returncode == 0 and "--no-browser" in help_text.stdout
    assert install(bin_dir).stdout == ""  # once it is there, make says nothing
