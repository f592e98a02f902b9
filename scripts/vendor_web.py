"""The web interface's vendored files (issue 25): NL Design System CSS for `codio-print serve`
and axe-core for the browser tests, fetched again from the npm registry at pinned versions.

    python scripts/vendor_web.py           fetch, verify, copy, write the manifests
    python scripts/vendor_web.py --check   verify the files on disk against the manifests
                                           (no network)

Each package's tarball comes from ``npm pack <package>@<version>`` when npm is on the machine,
otherwise straight from the registry with urllib (its address from ``--registry``,
NPM_CONFIG_REGISTRY or ``registry=`` in ~/.npmrc). Its SHA-512 must equal the registry's
``dist.integrity`` and, for a version already vendored, the integrity in the manifest: a
registry that serves other bytes for the same version stops the script. Only the files listed
below are copied, each package's licence beside them, and VENDORED.json records package,
version, integrity, licence and the SHA-256 of every file copied. No Node at run time.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STATIC = Path("src/codio_print/web/static/vendor")  # shipped in the wheel (package data)
TESTS = Path("tests/browser/vendor")  # for the tests only
MANIFEST = "VENDORED.json"


@dataclass(frozen=True)
class Package:
    name: str
    version: str
    licence: str  # SPDX
    target: Path  # STATIC or TESTS, relative to the repository
    folder: str  # under target
    files: dict[str, str]  # path in the tarball (under package/) -> name in the folder


def _css(name: str, version: str, folder: str, files: dict[str, str]) -> Package:
    return Package(name, version, "EUPL-1.2", STATIC, folder, {**files, "LICENSE.md": "LICENSE.md"})


# Plain semantic HTML (only `utrecht-html` on <html>) is styled by html.css; the error
# summary (alert), the field with its error message are BEM components of their own. The
# plain <button> and <input> are in html.css already: button-css and textbox-css are not
# needed. The theme: Voorbeeld, the NL Design System's neutral example (`voorbeeld-theme`).
PACKAGES = (
    _css("@utrecht/component-library-css", "9.0.4", "utrecht-component-library-css",
         {"dist/html.css": "html.css"}),
    _css("@utrecht/alert-css", "4.0.2", "utrecht-alert-css", {"dist/index.css": "index.css"}),
    _css("@utrecht/form-field-css", "3.0.1", "utrecht-form-field-css",
         {"dist/index.css": "index.css"}),
    _css("@utrecht/form-field-error-message-css", "3.0.1",
         "utrecht-form-field-error-message-css", {"dist/index.css": "index.css"}),
    _css("@nl-design-system-unstable/voorbeeld-design-tokens", "7.4.1",
         "voorbeeld-design-tokens", {"dist/theme.css": "theme.css"}),
    Package("axe-core", "4.14.1", "MPL-2.0", TESTS, "axe-core",
            {"axe.min.js": "axe.min.js", "LICENSE": "LICENSE",
             "LICENSE-3RD-PARTY.txt": "LICENSE-3RD-PARTY.txt"}),
)
LICENCE_NAMES = ("LICENSE", "LICENSE.md", "LICENCE", "LICENCE.md")
ABOUT = ("Vendored by scripts/vendor_web.py from the npm registry: each package's tarball "
         "verified against its dist.integrity (SHA-512), only these files copied. Check: "
         "python scripts/vendor_web.py --check")


class VendorError(Exception):
    """What stops the script, said in one line."""


# --- fetching --------------------------------------------------------------------------------

def integrity_of(data: bytes) -> str:
    """npm's Subresource Integrity string of a tarball: sha512-<base64>."""
    return "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode("ascii")


def _npm(*args: str, cwd: Path) -> str:
    proc = subprocess.run(["npm", *args], cwd=cwd, capture_output=True, text=True, timeout=300)
    if proc.returncode != 0:
        raise VendorError(f"npm {' '.join(args)} failed: {proc.stderr.strip()[-500:]}")
    return proc.stdout


def _registry(given: str | None) -> str:
    address = given or os.environ.get("NPM_CONFIG_REGISTRY") or os.environ.get(
        "npm_config_registry")
    npmrc = Path.home() / ".npmrc"
    if not address and npmrc.is_file():
        for line in npmrc.read_text(encoding="utf-8").splitlines():
            key, _, value = line.partition("=")
            if key.strip() == "registry":
                address = value.strip()
    if not address:
        raise VendorError("npm is not installed and no registry is set: give --registry URL "
                          "(or NPM_CONFIG_REGISTRY), the npm registry's address")
    return address.rstrip("/") + "/"


def _get(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=120) as response:  # noqa: S310 (https registry)
        return response.read()


def fetch(package: Package, work: Path, registry: str | None) -> tuple[bytes, str]:
    """The package's tarball and the registry's dist.integrity for it."""
    spec = f"{package.name}@{package.version}"
    if shutil.which("npm"):
        expected = json.loads(_npm("view", "--json", spec, "dist.integrity", cwd=work))
        packed = json.loads(_npm("pack", "--json", "--pack-destination", str(work), spec,
                                 cwd=work))
        return (work / packed[0]["filename"]).read_bytes(), expected
    base = _registry(registry)
    meta = json.loads(_get(base + urllib.parse.quote(package.name, safe="@") + "/"
                           + package.version))
    return _get(meta["dist"]["tarball"]), meta["dist"]["integrity"]


def _members(data: bytes, wanted: list[str]) -> dict[str, bytes]:
    found = {}
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as tar:
        for member in tar.getmembers():
            inner = member.name.split("/", 1)[-1]  # under package/
            if inner in wanted and member.isfile():
                found[inner] = tar.extractfile(member).read()
    missing = sorted(set(wanted) - set(found))
    if missing:
        raise VendorError(f"not in the tarball: {', '.join(missing)}")
    return found


def vendor(root: Path, registry: str | None = None) -> None:
    """Fetch, verify and copy every package; write the manifests."""
    recorded = {(p["package"], p["version"]): p["integrity"]
                for target in {p.target for p in PACKAGES}
                for p in _read_manifest(root / target).get("packages", [])}
    verified = []  # every tarball verified before a file is written
    with tempfile.TemporaryDirectory(prefix="vendor-web-") as work:
        for package in PACKAGES:
            data, expected = fetch(package, Path(work), registry)
            verified.append((package, _verified(package, data, expected, recorded)))
    entries: dict[Path, list[dict]] = {}
    for package, (contents, integrity) in verified:
        entries.setdefault(package.target, []).append(
            _copy(root, package, contents, integrity))
    for target, packages in entries.items():
        (root / target / MANIFEST).write_text(
            json.dumps({"about": ABOUT, "packages": packages}, indent=2, ensure_ascii=False)
            + "\n", encoding="utf-8")


def _verified(package: Package, data: bytes, expected: str,
              recorded: dict) -> tuple[dict[str, bytes], str]:
    """The files wanted from the tarball, and its integrity, once it is the one expected."""
    spec = f"{package.name}@{package.version}"
    actual = integrity_of(data)
    if actual != expected:
        raise VendorError(f"{spec}: the tarball's SHA-512 {actual} is not the registry's "
                          f"dist.integrity {expected}")
    before = recorded.get((package.name, package.version))
    if before and before != actual:
        raise VendorError(f"{spec}: the registry now serves {actual}, the manifest recorded "
                          f"{before} for this version")
    print(f"{spec}: {actual}")
    return _members(data, list(package.files)), actual


def _copy(root: Path, package: Package, contents: dict[str, bytes], integrity: str) -> dict:
    """The package's files in its folder (anything else there removed); its manifest entry."""
    folder = root / package.target / package.folder
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    files = {}
    for inner, name in package.files.items():
        (folder / name).write_bytes(contents[inner])
        files[name] = {"from": f"package/{inner}",
                       "sha256": hashlib.sha256(contents[inner]).hexdigest()}
    return {"package": package.name, "version": package.version, "integrity": integrity,
            "licence": package.licence, "folder": package.folder, "files": files}


# --- checking (no network) -------------------------------------------------------------------

def _read_manifest(target: Path) -> dict:
    path = target / MANIFEST
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}


def check(root: Path) -> list[str]:
    """What is wrong with the vendored files under ``root``: one line each, none if all
    files on disk are those the manifests record, each package with its licence and at the
    version pinned above, and nothing else in the folders."""
    problems = []
    for target in sorted({p.target for p in PACKAGES}):
        manifest = _read_manifest(root / target)
        if not manifest:
            problems.append(f"{target / MANIFEST}: missing")
            continue
        listed = {target / MANIFEST}
        for entry in manifest["packages"]:
            problems += _check_package(root, target, entry)
            listed |= {target / entry["folder"] / name for name in entry["files"]}
        present = {p.relative_to(root) for p in (root / target).rglob("*") if p.is_file()}
        problems += [f"{path}: not in {MANIFEST}" for path in sorted(present - listed)]
    pinned = {(p.name, p.version) for p in PACKAGES}
    vendored = {(e["package"], e["version"]) for target in {p.target for p in PACKAGES}
                for e in _read_manifest(root / target).get("packages", [])}
    problems += [f"{n}@{v}: pinned in scripts/vendor_web.py but not vendored: run it"
                 for n, v in sorted(pinned - vendored)]
    problems += [f"{n}@{v}: vendored but not pinned in scripts/vendor_web.py"
                 for n, v in sorted(vendored - pinned)]
    return problems


def _check_package(root: Path, target: Path, entry: dict) -> list[str]:
    problems = []
    folder = target / entry["folder"]
    if not any(name in entry["files"] for name in LICENCE_NAMES):
        problems.append(f"{folder}: {entry['package']} has no licence file beside it")
    for name, file in entry["files"].items():
        path = root / folder / name
        if not path.is_file():
            problems.append(f"{folder / name}: missing")
        elif hashlib.sha256(path.read_bytes()).hexdigest() != file["sha256"]:
            problems.append(f"{folder / name}: not the file vendored (SHA-256 differs)")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true",
                        help="verify the files on disk against the manifests, no network")
    parser.add_argument("--registry", help="the npm registry's address (without npm)")
    args = parser.parse_args(argv)
    try:
        if not args.check:
            vendor(ROOT, args.registry)
    except (VendorError, OSError, KeyError, ValueError) as error:
        print(f"vendor_web: {error}", file=sys.stderr)
        return 1
    problems = check(ROOT)
    for line in problems:
        print(line, file=sys.stderr)
    if not problems:
        print("vendored files: as recorded in the manifests")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
