"""Screen files as an accessibility checker reads them: PDF/UA-1 by an independent validator
(page-validation), table headers with their scope, heading levels that never skip."""

from __future__ import annotations

import io
import re
import shutil

import pikepdf
import pytest

from codio_print.render import pdfua
from kits import run_cli
from kits import APELDOORN, ARNHEM, ARNHEM_SCREEN_13, UTRECHT_SHOP

CASES = ["apeldoorn", "arnhem", "utrecht"]
KIT_OF = {"apeldoorn": APELDOORN, "arnhem": ARNHEM, "utrecht": UTRECHT_SHOP}


def _screen_files(kit):
    return sorted((kit.folder / "screen").glob("*.pdf"))


def _structure(data: bytes):
    """(tag, parent tag) for every structure element, in reading order."""
    out = []
    with pikepdf.open(io.BytesIO(data)) as doc:
        def walk(node, parent):
            if isinstance(node, pikepdf.Array):
                for kid in node:
                    walk(kid, parent)
            elif isinstance(node, pikepdf.Dictionary) and "/S" in node:
                tag = str(node.S)[1:]
                out.append((tag, parent))
                if "/K" in node:
                    walk(node.K, tag)
        walk(doc.Root.StructTreeRoot.K, None)
    return out


@pytest.mark.parametrize("case", CASES)
def test_every_screen_pdf_passes_page_validation(build_kit, case):
    kit = build_kit(KIT_OF[case])
    files = _screen_files(kit)
    assert len(files) == 25
    failing = {f.name: pdfua.problems(f.read_bytes()) for f in files}
    assert {name: p for name, p in failing.items() if p} == {}


@pytest.mark.parametrize("case", CASES)
def test_every_table_has_header_cells_with_a_scope(build_kit, case):
    for f in _screen_files(build_kit(KIT_OF[case])):
        data = f.read_bytes()
        tags = [t for t, _ in _structure(data)]
        if "Table" not in tags:
            continue
        scopes = pdfua.header_scopes(data)
        assert scopes and None not in scopes, f.name
        has_th = []  # per table (ours are never nested): has it a header cell?
        for tag in tags:
            if tag == "Table":
                has_th.append(False)
            elif tag == "TH":
                has_th[-1] = True
        assert all(has_th), (f.name, has_th)


@pytest.mark.parametrize("case", CASES)
def test_heading_levels_never_skip(build_kit, case):
    for f in _screen_files(build_kit(KIT_OF[case])):
        level = 0
        for tag, _ in _structure(f.read_bytes()):
            if len(tag) == 2 and tag[0] == "H" and tag[1].isdigit():
                new = int(tag[1])
                assert new <= level + 1, (f.name, level, new)
                level = new


def test_row_headers_are_row_headers(build_kit):
    """The Deel 1 matrix names its rows: those header cells are row headers."""
    scopes = pdfua.header_scopes(build_kit(ARNHEM).pdf("casus").read_bytes())
    assert "Row" in scopes and "Column" in scopes


def test_results_build_passes_page_validation(sample_results):
    out, _ = sample_results
    for name in ("actieplan.pdf", "verslag.pdf"):
        assert pdfua.problems((out / name).read_bytes()) == [], name


def test_the_report_is_pdf_a_2_and_pdf_ua_1_at_once(sample_results):
    """The archival form Dutch public bodies keep, and still accessible."""
    import page

    data = (sample_results[0] / "verslag.pdf").read_bytes()
    for profile in (page.ValidationProfile.PDF_A_2U.value, pdfua.PROFILE):
        report = page.validate_pdf_bytes(data, profile=profile)
        assert report.is_compliant, (profile, [f.message for f in report.failures][:5])
    with pikepdf.open(io.BytesIO(data)) as doc:
        xmp = doc.Root.Metadata.read_bytes().decode()
    assert 'pdfaid:part="2"' in xmp and 'pdfaid:conformance="U"' in xmp
    assert 'pdfuaid:part="1"' in xmp


def _skip_a_heading(data: bytes) -> bytes:
    """The same file with its first H2 made an H4: a heading level skipped."""
    with pikepdf.open(io.BytesIO(data)) as doc:
        def walk(node):
            if isinstance(node, pikepdf.Array):
                for kid in node:
                    if walk(kid):
                        return True
            elif isinstance(node, pikepdf.Dictionary) and "/S" in node:
                if node.S == pikepdf.Name.H2:
                    node.S = pikepdf.Name.H4
                    return True
                return "/K" in node and walk(node.K)
            return False
        assert walk(doc.Root.StructTreeRoot.K)
        out = io.BytesIO()
        doc.save(out)
    return out.getvalue()


def test_the_validator_finds_a_skipped_heading(build_kit):
    """page-validation is not a check that cannot fail: a file whose H2 became an H4 fails."""
    data = _skip_a_heading(build_kit(ARNHEM).pdf("handout-1a").read_bytes())
    assert any("HEADING" in p for p in pdfua.problems(data))


def test_check_runs_page_validation(build_kit, tmp_path):
    """`check` validates every screen file as PDF/UA-1 (its pdf/ua column), and names a file
    that fails."""
    kit = build_kit(ARNHEM_SCREEN_13)
    copy = tmp_path / "kit"
    shutil.copytree(kit.folder, copy)
    proc = run_cli("check", str(copy))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    lines = proc.stdout.splitlines()
    column = lines[0].split().index("pdf/ua")
    rows = {line.split()[0]: line.split()[column] for line in lines[2:]
            if line.startswith("screen/")}
    assert len(rows) == 25 and set(rows.values()) == {"ok"}, rows
    # and a file the validator fails fails that column (check's own check of one file)
    from codio_print.printshop.preflight import check_pdf

    data = _skip_a_heading((copy / "screen" / "handout-1a.pdf").read_bytes())
    failures = check_pdf("screen/handout-1a.pdf", data, "A4", "screen", None).failures()
    assert [prop for prop, problem in failures] == ["pdf/ua"], failures
    assert "HEADING" in failures[0][1]
