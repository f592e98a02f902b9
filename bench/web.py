"""The web interface's figures for `make bench` (bench.py calls :func:`measure`): a real
`codio-print serve` process, driven over HTTP as a browser would (the cookie from its link),
each figure next to a baseline measured in the same run.

- start: from starting the process to the first page answered (baseline: the command line
  answering `codio-print cases`, a process that starts and reads the content);
- form page: a step's page, many times (median and 95th percentile; baseline: a static file
  of the same server, which passes the same security rules but renders nothing);
- list: the Deelnemers step reading an uploaded 200-row Excel list and showing its tables
  (baseline: the same list read by the command line's reader alone, in bench.py);
- quick preview: after a change of the place, from the form's POST to the run sheet's quick
  preview (its HTML with the change) answered;
- rebuild: after a change of the place in the Datum-step, from the form's POST to the kit
  built again, the edited pieces' real PDF pages ready (the other pieces reused);
- memory: the server and all its processes at their peak while a whole kit is built.
"""

from __future__ import annotations

import http.client
import os
import http.cookiejar
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

CLI = [sys.executable, "-m", "codio_print"]


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Served:
    """`codio-print serve` over a folder of workspaces, and a client that came in."""

    def __init__(self, home: Path, env: dict):
        self.port = _port()
        self.started = time.perf_counter()
        self.process = subprocess.Popen(
            [*CLI, "serve", "--no-browser", "--port", str(self.port)], env={
                **env, "CODIO_PRINT_WERKMAPPEN": str(home)},
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        link = self.process.stdout.readline().strip()
        jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        self.opener.open(link, timeout=30).read()
        self.first_page = time.perf_counter() - self.started
        self.cookie = "; ".join(f"{c.name}={c.value}" for c in jar)

    def get(self, path: str) -> bytes:
        return self.opener.open(f"http://127.0.0.1:{self.port}{path}", timeout=120).read()

    def post(self, path: str, data: dict) -> bytes:
        body = urllib.parse.urlencode(data).encode()
        return self.opener.open(urllib.request.Request(
            f"http://127.0.0.1:{self.port}{path}", data=body, method="POST"),
            timeout=120).read()

    def upload(self, path: str, field: str, name: str, data: bytes) -> bytes:
        boundary = "codio-bench-boundary"
        body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"{field}\"; "
                f"filename=\"{name}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
                ).encode() + data + f"\r\n--{boundary}--\r\n".encode()
        return self.opener.open(urllib.request.Request(
            f"http://127.0.0.1:{self.port}{path}", data=body, method="POST", headers={
                "Content-Type": f"multipart/form-data; boundary={boundary}"}),
            timeout=120).read()

    def timed_gets(self, path: str, count: int) -> list[float]:
        """``count`` GETs on one kept-alive connection, as a browser makes them: seconds."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        connection.connect()  # without Nagle's delay, as a browser's connection
        connection.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        times = []
        for _ in range(count):
            started = time.perf_counter()
            connection.request("GET", path, headers={"Cookie": self.cookie,
                                                     "Host": f"127.0.0.1:{self.port}"})
            answer = connection.getresponse()
            answer.read()
            times.append(time.perf_counter() - started)
            assert answer.status == 200, (path, answer.status)
        connection.close()
        return times

    def built(self, workspace: str) -> float:
        """Press "Kit maken" and wait until the build has ended: seconds."""
        import json

        started = time.perf_counter()
        self.post(f"/werkmap/{workspace}/bouwen", {})
        while True:
            state = json.loads(self.get(f"/werkmap/{workspace}/status"))
            if not state["running"]:
                assert state["ok"], state["problems"]
                return time.perf_counter() - started
            time.sleep(0.05)

    def stop(self) -> None:
        self.process.terminate()
        self.process.communicate(timeout=30)


def _tree_peak(pid: int, stop: threading.Event, rss) -> list[int]:
    """The peak of [proportional set size, resident set size] of the process tree: PSS
    counts a page the forked render workers share with their parent once, as the machine
    holds it; the sum of RSS counts it once per process (an upper bound)."""
    peak = [0, 0]

    def sample() -> None:
        while not stop.is_set():
            peak[0] = max(peak[0], _tree_pss(pid))
            peak[1] = max(peak[1], rss(pid))
            stop.wait(0.05)

    threading.Thread(target=sample, daemon=True).start()
    return peak


def _tree_pss(pid: int) -> int:
    """Proportional set size of a process and all its descendants, in bytes."""
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        try:
            with open(f"/proc/{p}/smaps_rollup") as f:
                total += next(int(line.split()[1]) * 1024 for line in f
                              if line.startswith("Pss:"))
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as f:
                    todo += [int(c) for c in f.read().split()]
        except (OSError, StopIteration):
            continue
    return total


def _another(xlsx: Path, out: Path, number: int) -> bytes:
    """The 200-row list with its first name changed: other bytes, the same work."""
    import openpyxl

    book = openpyxl.load_workbook(xlsx)
    sheet = book.active
    sheet.cell(row=2, column=6).value = f"Deelnemer {number} van Dijk"
    book.save(out)
    return out.read_bytes()


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1]


def measure(work: Path, env: dict, runs: int, xlsx: Path, rss) -> dict:
    """The figures (seconds, MB) and their raw values."""
    starts, cli_starts = [], []
    for i in range(runs):
        served = Served(work / f"start-{i}", env)
        starts.append(served.first_page)
        served.stop()
        started = time.perf_counter()
        subprocess.run([*CLI, "cases"], env=env, check=True, capture_output=True)
        cli_starts.append(time.perf_counter() - started)

    served = Served(work / "werkmappen", env)
    try:
        served.post("/nieuw", {"naam": "bench"})
        served.post("/werkmap/bench/casus", {"casus": "arnhem"})
        form = served.timed_gets("/werkmap/bench/sessie", 200)
        static = served.timed_gets("/static/codio.css", 200)
        lists = []
        for i in range(runs):  # another list each time: the server reads a list once
            data = _another(xlsx, work / f"lijst-{i}.xlsx", i)
            started = time.perf_counter()
            page = served.upload("/werkmap/bench/deelnemers", "lijst", "lijst.xlsx", data)
            lists.append(time.perf_counter() - started)
            assert b"200 deelnemers uit" in page, page[-2000:]
        served.post("/werkmap/bench/sessie", {"deelnemers": "12", "start": "09:30",
                                              "poster": "A0", "datum": "2026-12-10"})
        stop = threading.Event()
        peak = _tree_peak(served.process.pid, stop, rss)
        whole = served.built("bench")
        stop.set()
        served.get("/werkmap/bench/voorbeeld/casus")  # the preview process started
        quick = []
        for i in range(runs):
            started = time.perf_counter()
            served.post("/werkmap/bench/sessie", {"locatie": f"Zaal {i + 20}",
                                                  "deelnemers": "12", "start": "09:30",
                                                  "poster": "A0", "datum": "2026-12-10"})
            assert f"Zaal {i + 20}".encode() in served.get("/werkmap/bench/voorbeeld/draaiboek")
            quick.append(time.perf_counter() - started)
            served.built("bench")
        rebuilds = []
        for i in range(runs):
            started = time.perf_counter()
            served.post("/werkmap/bench/sessie", {"locatie": f"Zaal {i + 2}", "deelnemers": "12",
                                                  "start": "09:30", "poster": "A0",
                                                  "datum": "2026-12-10"})
            served.built("bench")
            rebuilds.append(time.perf_counter() - started)
        one_piece = []
        for i in range(runs):  # a text of one piece: its real pages, nothing else drawn
            started = time.perf_counter()
            served.post("/werkmap/bench/teksten", {
                "sleutel": "casus.denk_na", "zoek": "", "actie": "opslaan",
                "casus.denk_na": f"Denk tijdens het lezen na over ({i})"})
            served.built("bench")
            assert served.get("/werkmap/bench/pagina/screen/casus/1.png").startswith(b"\x89PNG")
            one_piece.append(time.perf_counter() - started)
    finally:
        served.stop()
    return {
        "web_start_to_first_page_s": statistics.median(starts),
        "web_ratio_start_to_cli_cases": statistics.median(starts) / statistics.median(cli_starts),
        "web_form_page_median_ms": statistics.median(form) * 1000,
        "web_form_page_p95_ms": p95(form) * 1000,
        "web_ratio_form_to_static_file": statistics.median(form) / statistics.median(static),
        "web_list_xlsx_200_s": statistics.median(lists),
        "web_whole_kit_s": whole,
        "web_quick_preview_after_edit_s": statistics.median(quick),
        "web_rebuild_after_edit_s": statistics.median(rebuilds),
        "web_one_piece_pages_after_edit_s": statistics.median(one_piece),
        "web_ratio_rebuild_to_whole_kit": statistics.median(rebuilds) / whole,
        "web_peak_memory_building_mb": peak[0] / 2**20,
        "web_peak_memory_building_rss_sum_mb": peak[1] / 2**20,
        "raw_web": {"start": starts, "cli_cases": cli_starts, "list": lists,
                    "rebuild": rebuilds, "one_piece": one_piece, "quick": quick, "form_ms": [t * 1000 for t in form],
                    "static_ms": [t * 1000 for t in static]},
    }

