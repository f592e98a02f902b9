#!/usr/bin/env bash
# Puts `codio-print` on the PATH, the way pipx does: a two-line script that runs this clone's
# .venv/bin/codio-print, in /usr/local/bin when run as root (on every user's PATH), else in
# ~/.local/bin (on the PATH of a new login shell on Debian and Ubuntu). CODIO_PRINT_BIN=DIR
# puts it elsewhere. It only replaces a launcher it wrote itself; quiet when nothing changes.
# Beside it, an entry "codio-print" in the desktop's applications menu that starts
# `codio-print serve` (the interface in the browser), for whoever does not use a terminal:
# in /usr/local/share/applications as root, else ~/.local/share/applications
# (CODIO_PRINT_APPS=DIR elsewhere).
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
target="$here/.venv/bin/codio-print"
dir="${CODIO_PRINT_BIN:-}"
if [ -z "$dir" ]; then
  if [ "$(id -u)" -eq 0 ]; then dir=/usr/local/bin; else dir="$HOME/.local/bin"; fi
fi
launcher="$dir/codio-print"
marker="# codio-print launcher"
want="$(mktemp)"
desktop="$(mktemp)"
trap 'rm -f "$want" "$desktop"' EXIT
printf '#!/bin/sh\n%s, written by make in %s\nexec "%s" "$@"\n' "$marker" "$here" "$target" >"$want"
if [ -e "$launcher" ] && ! grep -q "^$marker" "$launcher" 2>/dev/null; then
  echo "note: $launcher exists and is not codio-print's launcher; left as it is (run $target)" >&2
  exit 0
fi
apps="${CODIO_PRINT_APPS:-}"
if [ -z "$apps" ]; then
  if [ "$(id -u)" -eq 0 ]; then apps=/usr/local/share/applications; else apps="$HOME/.local/share/applications"; fi
fi
entry="$apps/codio-print.desktop"
printf '%s\n' "[Desktop Entry]" "Type=Application" "Version=1.0" "Name=codio-print" \
  "Comment=De workshopkit Goed Digitaal Bestuur maken, in je browser" \
  "Exec=\"$launcher\" serve" "Terminal=true" "Categories=Office;" \
  "X-Codio-Print=$marker, written by make in $here" >"$desktop"
if ! { [ -f "$entry" ] && cmp -s "$desktop" "$entry"; }; then
  if [ ! -e "$entry" ] || grep -q "^X-Codio-Print=" "$entry" 2>/dev/null; then
    mkdir -p "$apps"
    install -m 644 "$desktop" "$entry"
    echo "the applications menu has an entry codio-print that opens it in the browser: $entry"
  fi
fi
if [ -f "$launcher" ] && cmp -s "$want" "$launcher"; then
  exit 0
fi
mkdir -p "$dir"
install -m 755 "$want" "$launcher"
echo "codio-print is now a command: $launcher runs $target"
case ":$PATH:" in
  *":$dir:"*) ;;
  *) echo "note: $dir is not on this shell's PATH yet; open a new terminal (a login shell adds ~/.local/bin) or add it to PATH" ;;
esac
