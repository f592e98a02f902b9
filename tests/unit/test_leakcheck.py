"""The check that a test run leaves nothing behind (tests/leakcheck.py) can fail: a run whose
tests leave a file in the temporary folder and a process running fails, naming both."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

TESTS = Path(__file__).resolve().parent.parent
LEAKY = '''
import os, pathlib, subprocess, tempfile

def test_leaves_a_file():
    pathlib.Path(tempfile.gettempdir(), "vergeten.txt").write_text("x")

def test_leaves_a_process():
    process = subprocess.Popen(["sleep", "60"], start_new_session=True)
    pathlib.Path(os.environ["LEAKED_PID"]).write_text(str(process.pid))

def test_cleans_up(tmp_path):
    (tmp_path / "mag").write_text("in tmp_path: pytest's own")
'''


def test_a_run_that_leaves_a_file_or_a_process_fails_naming_them(tmp_path):
    (tmp_path / "test_leaky.py").write_text(LEAKY, encoding="utf-8")
    (tmp_path / "pytest.ini").write_text("[pytest]\n", encoding="utf-8")
    pid_file = tmp_path / "pid"
    env = {**os.environ, "LEAKED_PID": str(pid_file), "CODIO_PRINT_TEST_GRACE": "0.5",
           "PYTHONPATH": str(TESTS)}
    try:
        proc = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "leakcheck",
                               "-p", "no:randomly", "-p", "no:cacheprovider", "-c",
                               str(tmp_path / "pytest.ini"), str(tmp_path / "test_leaky.py")],
                              capture_output=True, text=True, cwd=tmp_path, env=env,
                              timeout=120)
    finally:
        if pid_file.is_file():
            os.kill(int(pid_file.read_text()), signal.SIGKILL)
    out = proc.stdout
    assert proc.returncode == 1, out
    assert "3 passed, 1 error" in out  # the test that left its process running errs
    assert "the test left processes running" in out and "sleep 60" in out
    assert "the run left something behind" in out
    assert "left in TMPDIR: vergeten.txt" in out
    assert f"process {pid_file.read_text()} still runs: sleep 60" in out
