"""Issue 14: the README's workspace commands run as printed, in a new shell, from a folder
outside the clone, with `codio-print` on the PATH as make puts it there.

The claim is about the commands (found, in the right folders, each one's files where the next
one looks), not about the pages: the build runs on codio-print's own content with tiny piece
templates (tiny.py, through CODIO_PRINT_HOME) and without LibreOffice, as the other tests."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest

from kits import ROOT
from tiny import tiny_home

CLI = ROOT / ".venv" / "bin" / "codio-print"


def _block(after_heading: str) -> list[str]:
    """The command lines of the first ```sh block after a README heading."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split(after_heading, 1)[1]
    block = re.search(r"```sh\n(.*?)```", section, re.S).group(1)
    return [line for line in block.splitlines() if line.strip()]


@pytest.mark.skipif(not CLI.is_file(), reason="make sets up .venv/bin/codio-print")
def test_the_workspace_commands_run_as_printed(tmp_path):
    bin_dir = tmp_path / "bin"
    subprocess.run(["bash", str(ROOT / "scripts" / "install-launcher.sh")], check=True,
                   env={**os.environ, "CODIO_PRINT_BIN": str(bin_dir)}, capture_output=True)
    lines = _block("## Your own look and your own case")
    assert lines[0].startswith("codio-print init mijn-workshop")
    script = "\n".join(["set -e", *(line for line in lines if " watch" not in line)])
    home = tmp_path / "elders"
    home.mkdir()
    tiny = tiny_home(tmp_path / "tiny")
    proc = subprocess.run(["env", "-i", f"HOME={Path.home()}", f"PATH={bin_dir}:/usr/bin:/bin",
                           f"CODIO_PRINT_HOME={tiny}", "CODIO_PRINT_SOFFICE=",
                           "bash", "-c", script], cwd=home, capture_output=True, text=True,
                          timeout=900)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "command not found" not in proc.stderr
    assert (home / "mijn-workshop" / "cases" / "parkeren.yaml").is_file()
    assert (home / "mijn-workshop" / "build" / "eigen-casus" / "drukwerk.zip").is_file()
    assert "cd mijn-workshop && codio-print build" in proc.stdout  # init's own hint
