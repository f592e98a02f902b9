#!/usr/bin/env bash
# Installs the system libraries WeasyPrint needs (and poppler-utils for looking at pages),
# Noto CJK for Chinese/Japanese/Korean names, chromium for the tests of the preview page and
# of `codio-print serve` in a real browser (about 20 s to install) with chromium-l10n, its
# translations (without them a date field reads mm/dd/yyyy, not dd-mm-jjjj), LibreOffice
# Impress (presentatie.odp, made from presentatie.pptx, and the tests that open both as a
# person would) and Ghostscript (the ink check of the mono profile and the soft proof), only
# where they are missing. Debian/Ubuntu; run as root or with sudo available.
set -euo pipefail
need=()
for pkg in libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 poppler-utils fonts-noto-cjk chromium chromium-l10n libreoffice-impress ghostscript; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || need+=("$pkg")
done
[ ${#need[@]} -eq 0 ] && exit 0
echo "Installing system packages: ${need[*]}"
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
