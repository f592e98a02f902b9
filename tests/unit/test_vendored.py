"""The web interface's vendored files (issue 25, scripts/vendor_web.py): the NL Design System
CSS shipped in the package and axe-core for the browser tests are, byte for byte, the files
the manifests record from the npm registry, each beside its licence. No network."""

from __future__ import annotations

import base64
import hashlib
import importlib.util
import json
import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent
MANIFESTS = (ROOT / "src/codio_print/web/static/vendor/VENDORED.json",
             ROOT / "tests/browser/vendor/VENDORED.json")
# what codio-print may ship and the tests may use: licences compatible with the EUPL-1.2
LICENCES = {"EUPL-1.2", "MPL-2.0"}


def _script():
    spec = importlib.util.spec_from_file_location("vendor_web", ROOT / "scripts" /
                                                  "vendor_web.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look themselves up there
    spec.loader.exec_module(module)
    return module


def test_each_vendored_file_is_the_one_recorded_with_its_licence_beside_it():
    seen = []
    for manifest in MANIFESTS:
        for entry in json.loads(manifest.read_text(encoding="utf-8"))["packages"]:
            folder = manifest.parent / entry["folder"]
            assert entry["integrity"].startswith("sha512-"), entry["package"]
            assert entry["licence"] in LICENCES, entry["package"]
            assert any(name.startswith(("LICENSE", "LICENCE")) for name in entry["files"]), (
                f"{entry['package']}: no licence file in {folder}")
            for name, file in entry["files"].items():
                data = (folder / name).read_bytes()
                assert hashlib.sha256(data).hexdigest() == file["sha256"], folder / name
            seen.append(f"{entry['package']}@{entry['version']}")
    assert "@utrecht/component-library-css@9.0.4" in seen
    assert "@nl-design-system-unstable/voorbeeld-design-tokens@7.4.1" in seen
    assert "axe-core@4.14.1" in seen


def test_the_manifests_hold_what_the_script_pins_and_nothing_else_lies_beside_them():
    assert _script().check(ROOT) == []


def test_the_check_names_a_changed_file_a_stray_file_and_a_missing_licence(tmp_path):
    script = _script()
    shutil.copytree(ROOT / script.STATIC, tmp_path / script.STATIC)
    shutil.copytree(ROOT / script.TESTS, tmp_path / script.TESTS)
    vendor = tmp_path / script.STATIC
    with (vendor / "utrecht-component-library-css" / "html.css").open("a") as css:
        css.write("body { color: red }\n")
    (vendor / "extra.css").write_text("", encoding="utf-8")
    manifest = json.loads((vendor / "VENDORED.json").read_text(encoding="utf-8"))
    theme = next(e for e in manifest["packages"] if e["folder"] == "voorbeeld-design-tokens")
    del theme["files"]["LICENSE.md"]
    (vendor / "VENDORED.json").write_text(json.dumps(manifest), encoding="utf-8")

    problems = script.check(tmp_path)
    assert len(problems) == 4, problems
    assert any("html.css: not the file vendored" in line for line in problems)
    assert any("extra.css: not in VENDORED.json" in line for line in problems)
    assert any("has no licence file" in line and "voorbeeld" in line for line in problems)
    # the licence left out of the manifest is now a stray file too
    assert any("voorbeeld-design-tokens/LICENSE.md: not in" in line for line in problems)


def test_a_tarball_is_taken_only_with_the_registrys_integrity():
    script = _script()
    data = b"not the tarball"
    assert script.integrity_of(data) == "sha512-" + base64.b64encode(
        hashlib.sha512(data).digest()).decode()
    with pytest.raises(script.VendorError, match="is not the registry's dist.integrity"):
        script._verified(script.PACKAGES[0], data, "sha512-AAAA", {})
    recorded = {(script.PACKAGES[0].name, script.PACKAGES[0].version): "sha512-BBBB"}
    with pytest.raises(script.VendorError, match="the manifest recorded sha512-BBBB"):
        script._verified(script.PACKAGES[0], data, script.integrity_of(data), recorded)
