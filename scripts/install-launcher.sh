#!/usr/bin/env bash
# Puts `codio-print` on the PATH, the way pipx does: a two-line script that runs this clone's
# .venv/bin/codio-print, in /usr/local/bin when run as root (on every user's PATH), else in
# ~/.local/bin (on the PATH of a new login shell on Debian and Ubuntu). CODIO_PRINT_BIN=DIR
# puts it elsewhere. It only replaces a launcher it wrote itself; quiet when nothing changes.
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
trap 'rm -f "$want"' EXIT
printf '#!/bin/sh\n%s, written by make in %s\nexec "%s" "$@"\n' "$marker" "$here" "$target" >"$want"
if [ -e "$launcher" ] && ! grep -q "^$marker" "$launcher" 2>/dev/null; then
  echo "note: $launcher exists and is not codio-print's launcher; left as it is (run $target)" >&2
  exit 0
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
