"""The build benchmark: `make bench` writes bench/results.json and bench/results.txt.

Every figure is the median of several runs on this machine, in one command, next to two
baselines measured in the same run, so that ratios stay meaningful on a shared, noisy machine:
  (a) the kit's HTML files rendered one after another in one Python process with WeasyPrint's
      API: the floor a serial pipeline can reach;
  (b) the same files rendered by the plain `weasyprint` command, one process per file: what
      a person scripting it without codio-print would get.
Builds run through the real command line in a copy of content/ and templates/
(CODIO_PRINT_HOME), so that the one-change rebuild can edit a case without touching the repo.
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
from web import measure as measure_web  # noqa: E402  (bench/web.py)
OUT = ROOT / "bench"
OWN = ROOT / "src" / "codio_print"  # codio-print's own content/ and templates/ (package data)
CASE = os.environ.get("BENCH_CASE", "arnhem")
RUNS = int(os.environ.get("BENCH_RUNS", "5"))
CLI = [sys.executable, "-m", "codio_print"]


def _tree_rss(pid: int) -> int:
    """Resident memory of a process and all its descendants, in bytes."""
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        try:
            with open(f"/proc/{p}/status") as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1]) * 1024
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as f:
                    todo += [int(c) for c in f.read().split()]
        except OSError:
            continue
    return total


def run(args: list[str], env: dict) -> tuple[float, int]:
    """Seconds and peak memory (whole process tree) of one command."""
    started = time.perf_counter()
    proc = subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = 0
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not stop.is_set():
            peak = max(peak, _tree_rss(proc.pid))
            stop.wait(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, err = proc.communicate()
    stop.set()
    sampler.join()
    seconds = time.perf_counter() - started
    if proc.returncode:
        sys.exit(f"bench: {' '.join(args)} failed:\n{err.decode()}")
    return seconds, peak


def median(values: list[float]) -> float:
    return statistics.median(values)


def build(home: Path, out: Path, case: str, *extra: str) -> tuple[float, int]:
    env = {**os.environ, "CODIO_PRINT_HOME": str(home)}
    return run([*CLI, "build", "--case", case, "--out", str(out), *extra], env)


def pages_of(out: Path, case: str) -> int:
    manifest = json.loads((out / case / "manifest.json").read_text(encoding="utf-8"))
    return sum(f["pages"] for p in manifest["pieces"] for f in p["files"].values())


def dump_html(home: Path, folder: Path) -> list[tuple[Path, str]]:
    """The kit's HTML files (both profiles) and each one's PDF variant."""
    code = f"""
import json, sys
from pathlib import Path
from codio_print.builder.pipeline import prepare
from codio_print.inputs.settings import Settings
prep = prepare(Settings(case={CASE!r}))
out = []
for profile in prep.profiles:
    for piece, html in prep.documents[profile.name]:
        path = Path({str(folder)!r}) / f"{{profile.name}}-{{piece.id}}.html"
        path.write_text(html, encoding="utf-8")
        out.append((str(path), profile.pdf_variant))
print(json.dumps(out))
"""
    env = {**os.environ, "CODIO_PRINT_HOME": str(home)}
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                            text=True, check=True)
    return [(Path(p), v) for p, v in json.loads(result.stdout)]


def baseline_api(files: list[tuple[Path, str]], base_url: str, out: Path) -> tuple[float, int]:
    code = f"""
import json, sys, weasyprint
for path, variant in json.loads(sys.argv[1]):
    weasyprint.HTML(filename=path, base_url={base_url!r}).write_pdf(
        {str(out)!r} + "/" + path.rsplit("/", 1)[1] + ".pdf", pdf_variant=variant)
"""
    payload = json.dumps([(str(p), v) for p, v in files])
    return run([sys.executable, "-c", code, payload], dict(os.environ))


def baseline_cli(files: list[tuple[Path, str]], base_url: str, out: Path) -> float:
    weasyprint = Path(sys.executable).with_name("weasyprint")
    started = time.perf_counter()
    for path, variant in files:
        subprocess.run([str(weasyprint), "--base-url", base_url, "--pdf-variant", variant,
                        "--quiet", str(path), str(out / (path.name + ".pdf"))], check=True)
    return time.perf_counter() - started


def _one_case_text(original: str, i: int) -> str:
    """The case file with its description changed (the same edit for command and watch)."""
    if "beschrijving: |\n" in original:
        return original.replace("beschrijving: |\n",
                                f"beschrijving: |\n  Versie {i + 1} van deze tekst.\n\n", 1)
    return original.replace("beschrijving: >-\n", f"beschrijving: >-\n  Versie {i + 1}.\n", 1)


def measure_watch(work: Path, runs: int) -> list[float]:
    """Seconds from saving a case text to the log line of watch's rebuild, workers warm."""
    ws = work / "ws"
    subprocess.run([*CLI, "init", str(ws)], check=True, capture_output=True)
    session = ws / "sessie.yaml"
    session.write_text(session.read_text(encoding="utf-8").replace("casus: eigen-casus",
                                                                   f"casus: {CASE}"),
                       encoding="utf-8")
    case = ws / "cases" / f"{CASE}.yaml"
    case.write_text((OWN / "content" / "cases" / f"{CASE}.yaml").read_text(encoding="utf-8"),
                    encoding="utf-8")
    log = work / "watch.log"
    with log.open("w", encoding="utf-8") as handle:
        proc = subprocess.Popen([*CLI, "--taal", "en", "watch", "--config", str(session)],
                                stdout=handle, stderr=handle)  # its lines read in English
    times = []
    try:
        _wait_line(log, "build 1:", proc)
        original = case.read_text(encoding="utf-8")
        for i in range(runs):
            started = time.perf_counter()
            case.write_text(_one_case_text(original, i), encoding="utf-8")
            _wait_line(log, f"build {i + 2}:", proc)
            times.append(time.perf_counter() - started)
    finally:
        proc.terminate()
        proc.wait(60)
    return times


def _wait_line(log: Path, text: str, proc: subprocess.Popen, seconds: float = 600) -> None:
    deadline = time.perf_counter() + seconds
    while text not in log.read_text(encoding="utf-8"):
        if proc.poll() is not None or time.perf_counter() > deadline:
            sys.exit(f"bench: watch did not say '{text}':\n{log.read_text(encoding='utf-8')}")
        time.sleep(0.02)


def measure_tests(target: str = "test") -> dict:
    """The test suite as ``make TARGET`` runs it in this checkout: its wall seconds, the CPU
    seconds of all its processes, and how many tests passed."""
    import re
    import resource

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    proc = subprocess.run(["make", "-s", target], cwd=ROOT, capture_output=True, text=True)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode:
        sys.exit(f"bench: make {target} failed:\n{proc.stdout[-3000:]}{proc.stderr[-2000:]}")
    passed = re.findall(r"(\d+) passed", proc.stdout)
    return {"wall_s": wall, "cpu_s": (after.ru_utime - before.ru_utime)
            + (after.ru_stime - before.ru_stime), "tests": int(passed[-1]) if passed else None}


_READ_LIST = """
import sys, time
from pathlib import Path
from types import SimpleNamespace
from codio_print.inputs.participants import group_spellings, read_participants
f = group_spellings([SimpleNamespace(id=i, naam=i, letter=l) for i, l in
                     (("democratie", "a"), ("rechtsstaat", "b"), ("bestuurskracht", "c"))])
started = time.perf_counter()
plist = read_participants(Path(sys.argv[1]), f)
assert len(plist) == 200, len(plist)
print(time.perf_counter() - started)
"""


def measure_list(work: Path, runs: int) -> tuple[list[float], list[float]]:
    """Reading a 200-person list from a registration form (its nine columns), as .xlsx and
    as the same list in CSV, each in a fresh process (openpyxl's import counted): seconds."""
    import openpyxl

    header = ["Id", "Begintijd", "Tijd van voltooien", "E-mail", "Naam", "Wat is uw naam?",
              "Wat is uw functie?", "Bij welke afdeling werkt u?", "Dieetwensen of opmerkingen"]
    book = openpyxl.Workbook()
    ws = book.active
    ws.append(header)
    rows = []
    for i in range(200):
        row = [i + 1, f"2026-11-{1 + i % 28:02d} 09:{i % 60:02d}",
               f"2026-11-{1 + i % 28:02d} 10:{i % 60:02d}", "anonymous", "anonymous",
               f"Deelnemer {i} van der Berg", ["Jurist", "Beleidsadviseur", "Inwoner"][i % 3],
               f"Afdeling {i % 7}", "vegetarisch" if i % 5 == 0 else ""]
        ws.append(row)
        rows.append(row)
    xlsx, csv_path = work / "lijst-200.xlsx", work / "lijst-200.csv"
    book.save(xlsx)
    csv_path.write_text("\n".join(";".join(str(c) for c in r) for r in [header, *rows]) + "\n",
                        encoding="utf-8")

    def read(path: Path) -> float:
        out = subprocess.run([sys.executable, "-c", _READ_LIST, str(path)], check=True,
                             capture_output=True, text=True).stdout
        return float(out.strip())

    return [read(xlsx) for _ in range(runs)], [read(csv_path) for _ in range(runs)]


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="codio-bench-"))
    try:
        home = work / "home"
        for folder in ("content", "templates"):
            shutil.copytree(OWN / folder, home / folder)
        out = work / "out"
        base_url = (home / "templates").as_uri() + "/"
        html_dir = work / "html"
        html_dir.mkdir()
        files = dump_html(home, html_dir)
        build(home, out, CASE)  # warm the file cache and Jinja's bytecode cache

        cold, memory = [], []
        for _ in range(RUNS):
            seconds, peak = build(home, out, CASE, "--force")
            cold.append(seconds)
            memory.append(peak)
        pages = pages_of(out, CASE)
        noop = [build(home, out, CASE)[0] for _ in range(RUNS)]

        case_file = home / "content" / "cases" / f"{CASE}.yaml"
        original = case_file.read_text(encoding="utf-8")
        one_change = []
        for i in range(RUNS):
            case_file.write_text(_one_case_text(original, i), encoding="utf-8")
            one_change.append(build(home, out, CASE)[0])
        case_file.write_text(original, encoding="utf-8")

        three, three_memory = [], []
        for _ in range(max(1, RUNS // 2)):  # one command, one pool for the three kits
            seconds, peak = build(home, out, "apeldoorn", "--case", "arnhem", "--case",
                                  "utrecht", "--force")
            three.append(seconds)
            three_memory.append(peak)

        xlsx_read, csv_read = measure_list(work, RUNS)
        web = measure_web(work / "web", {**os.environ, "CODIO_PRINT_HOME": str(home)}, RUNS,
                          work / "lijst-200.xlsx", _tree_rss)
        watch_edit = measure_watch(work, RUNS)
        tests = os.environ.get("BENCH_TESTS", "1") == "1"
        suite = measure_tests("test") if tests else None
        fast = measure_tests("test-fast") if tests else None

        api_out, cli_out = work / "api", work / "cli"
        api_out.mkdir()
        cli_out.mkdir()
        api = [baseline_api(files, base_url, api_out)[0] for _ in range(max(1, RUNS // 2))]
        cli = [baseline_cli(files, base_url, cli_out) for _ in range(max(1, RUNS // 2))]
    finally:
        shutil.rmtree(work, ignore_errors=True)

    figures = {
        "case": CASE, "runs": RUNS, "files_per_kit": len(files), "pages_per_kit": pages,
        "cold_build_s": median(cold), "noop_rebuild_s": median(noop),
        "one_change_rebuild_s": median(one_change), "watch_one_change_s": median(watch_edit),
        "three_cases_cold_s": median(three), "ratio_three_to_one": median(three) / median(cold),
        "pages_per_second": pages / median(cold), "peak_memory_mb": max(memory) / 2**20,
        "peak_memory_three_cases_mb": max(three_memory) / 2**20,
        "test_suite_s": suite and suite["wall_s"], "test_suite_cpu_s": suite and suite["cpu_s"],
        "test_suite_tests": suite and suite["tests"],
        "ratio_test_suite_to_cold_build": suite and suite["wall_s"] / median(cold),
        "test_fast_s": fast and fast["wall_s"], "test_fast_tests": fast and fast["tests"],
        "list_xlsx_200_s": median(xlsx_read), "list_csv_200_s": median(csv_read),
        "ratio_xlsx_to_csv": median(xlsx_read) / median(csv_read),
        "baseline_a_api_serial_s": median(api), "baseline_b_cli_per_file_s": median(cli),
        "ratio_cold_to_a": median(cold) / median(api), "ratio_cold_to_b": median(cold) / median(cli),
        **{k: v for k, v in web.items() if k != "raw_web"},
        "targets": {"web_start_to_first_page_s": 2.0, "web_form_page_p95_ms": 50,
                    "web_list_xlsx_200_s": 0.5,
                    "web_quick_preview_after_edit_s": 0.5, "web_peak_memory_building_mb": 600,
                    "web_one_piece_pages_after_edit_s": 2.0,
                    "ratio_cold_to_a": 0.4, "noop_rebuild_s": 0.3, "one_change_rebuild_s": 2.0,
                    "watch_one_change_s": 1.0, "ratio_three_to_one": 2.5,
                    "peak_memory_three_cases_mb": 600, "test_suite_s": 360,
                    "test_fast_s": 60, "list_xlsx_200_s": 0.5},
        "raw": {"cold": cold, "noop": noop, "one_change": one_change, "watch": watch_edit,
                "three": three, "api": api, "cli": cli, "list_xlsx": xlsx_read,
                "list_csv": csv_read, **web["raw_web"]},
        "machine": {"cores": os.cpu_count(), "python": platform.python_version(),
                    "platform": platform.platform(), "processor": platform.processor()},
    }
    OUT.mkdir(exist_ok=True)
    (OUT / "results.json").write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    t = figures["targets"]
    rows = [
        ("cold build, whole kit (--force)", f"{figures['cold_build_s']:.2f} s", ""),
        ("  ratio to (a) API, serial", f"{figures['ratio_cold_to_a']:.2f}",
         f"≤ {t['ratio_cold_to_a']}"),
        ("  ratio to (b) weasyprint CLI per file", f"{figures['ratio_cold_to_b']:.2f}", ""),
        ("no-op rebuild (command line)", f"{figures['noop_rebuild_s']:.2f} s",
         f"≤ {t['noop_rebuild_s']} s"),
        ("rebuild after one case text (command)", f"{figures['one_change_rebuild_s']:.2f} s",
         f"≤ {t['one_change_rebuild_s']} s"),
        ("rebuild after one case text (watch)", f"{figures['watch_one_change_s']:.2f} s",
         f"≤ {t['watch_one_change_s']} s"),
        ("three cases, cold, one command", f"{figures['three_cases_cold_s']:.2f} s", ""),
        ("  ratio to one case", f"{figures['ratio_three_to_one']:.2f}",
         f"≤ {t['ratio_three_to_one']}"),
        ("pages per second (cold)", f"{figures['pages_per_second']:.1f}", ""),
        ("peak memory, one case", f"{figures['peak_memory_mb']:.0f} MB", ""),
        ("peak memory, three cases", f"{figures['peak_memory_three_cases_mb']:.0f} MB",
         f"≤ {t['peak_memory_three_cases_mb']} MB"),
        ("test suite (make test), wall",
         f"{suite['wall_s']:.0f} s" if suite else "not run", f"≤ {t['test_suite_s']} s"),
        ("  CPU, all its processes", f"{suite['cpu_s']:.0f} s" if suite else "", ""),
        ("  tests passed", f"{suite['tests']}" if suite else "", ""),
        ("  ratio to one cold build",
         f"{figures['ratio_test_suite_to_cold_build']:.1f}" if suite else "", ""),
        ("quick tests (make test-fast), wall", f"{fast['wall_s']:.0f} s" if fast else "not run",
         f"≤ {t['test_fast_s']} s"),
        ("participant list, 200 rows, .xlsx", f"{figures['list_xlsx_200_s']:.3f} s",
         f"≤ {t['list_xlsx_200_s']} s"),
        ("  ratio to the same list as CSV", f"{figures['ratio_xlsx_to_csv']:.1f}", ""),
        ("codio-print serve: start to first page", f"{web['web_start_to_first_page_s']:.2f} s",
         f"≤ {t['web_start_to_first_page_s']} s"),
        ("  ratio to `codio-print cases`", f"{web['web_ratio_start_to_cli_cases']:.1f}", ""),
        ("  a step's page, median / 95th pct",
         f"{web['web_form_page_median_ms']:.1f} / {web['web_form_page_p95_ms']:.1f} ms",
         f"≤ {t['web_form_page_p95_ms']} ms"),
        ("  ratio to a static file", f"{web['web_ratio_form_to_static_file']:.1f}", ""),
        ("  200-row Excel list read and shown", f"{web['web_list_xlsx_200_s']:.3f} s",
         f"≤ {t['web_list_xlsx_200_s']} s"),
        ("  whole kit built from the browser", f"{web['web_whole_kit_s']:.2f} s", ""),
        ("  edit the place, quick preview shown", f"{web['web_quick_preview_after_edit_s']:.2f} s",
         f"≤ {t['web_quick_preview_after_edit_s']} s"),
        ("  edit the place, kit built again", f"{web['web_rebuild_after_edit_s']:.2f} s", ""),
        ("    (the run sheet and the deck, both profiles, and the .odp)", "", ""),
        ("    ratio to the whole kit", f"{web['web_ratio_rebuild_to_whole_kit']:.2f}", ""),
        ("  edit one piece's text, its real pages shown",
         f"{web['web_one_piece_pages_after_edit_s']:.2f} s",
         f"≤ {t['web_one_piece_pages_after_edit_s']} s"),
        ("  peak memory while it builds (PSS)", f"{web['web_peak_memory_building_mb']:.0f} MB",
         f"≤ {t['web_peak_memory_building_mb']} MB"),
        ("    the same as a sum of RSS (shared pages counted per process)",
         f"{web['web_peak_memory_building_rss_sum_mb']:.0f} MB", ""),
        ("(a) WeasyPrint API, one process", f"{figures['baseline_a_api_serial_s']:.2f} s", ""),
        ("(b) weasyprint command per file", f"{figures['baseline_b_cli_per_file_s']:.2f} s", ""),
    ]
    table = "\n".join(f"{a:<40} {b:>10}  {c}" for a, b, c in rows)
    header = (f"codio-print benchmark: case {CASE}, {len(files)} PDFs, {pages} pages, "
              f"medians of {RUNS} runs ({max(1, RUNS // 2)} for three cases and baselines), "
              f"{os.cpu_count()} cores\n")
    (OUT / "results.txt").write_text(header + table + "\n", encoding="utf-8")
    print(header + table)


if __name__ == "__main__":
    main()
