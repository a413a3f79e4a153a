#!/usr/bin/env bash
# Renders a local HTML file (a cinerec report) to a PNG screenshot with headless Chromium, so a
# report can be looked at, or checked, without a desktop.
# Usage: tools/render_html.sh IN.html OUT.png [WIDTH [HEIGHT]]   (default 1200 x 3000 pixels)
# Exit status: 0 = OUT.png written, 1 = Chromium failed or wrote nothing, 2 = bad arguments,
# 3 = no Chromium installed.
set -euo pipefail

if [[ $# -lt 2 || $# -gt 4 ]]; then
  echo "usage: tools/render_html.sh IN.html OUT.png [WIDTH [HEIGHT]]" >&2
  exit 2
fi
in=$1 out=$2 width=${3:-1200} height=${4:-3000}
if [[ ! "$width" =~ ^[1-9][0-9]*$ || ! "$height" =~ ^[1-9][0-9]*$ ]]; then
  echo "render_html: WIDTH and HEIGHT must be positive integers (got '$width' x '$height')" >&2
  exit 2
fi
if [[ ! -f "$in" ]]; then
  echo "render_html: no such file: $in" >&2
  exit 2
fi

browser=""
for name in chromium chromium-browser google-chrome; do
  if command -v "$name" >/dev/null 2>&1; then
    browser=$(command -v "$name")
    break
  fi
done
if [[ -z "$browser" ]]; then
  echo "render_html: no chromium, chromium-browser or google-chrome on PATH:" \
       "install Debian's chromium package (apt-get install chromium)" >&2
  exit 3
fi

# Chromium resolves relative paths against its own working directory and wants a file:// URL.
in_abs=$(realpath -- "$in")
mkdir -p -- "$(dirname -- "$out")"
out_abs=$(realpath -- "$out")
rm -f -- "$out_abs"  # so a stale screenshot can never pass for a new one
# Characters that mean something in a URL must be escaped in the file:// URL ('%' first).
url=${in_abs//%/%25}
url=${url//#/%23}
url=${url//\?/%3F}
url="file://${url// /%20}"

# A fresh profile each run: no first-run state, no lock held by another Chromium.
profile=$(mktemp -d "${TMPDIR:-/tmp}/render_html.XXXXXX")
log="$profile.log"
trap 'rm -rf -- "$profile" "$log"' EXIT

# --no-sandbox: the sandbox refuses to start as root, as in containers and CI.
# --disable-dev-shm-usage: containers often have a tiny /dev/shm, which crashes the renderer.
status=0
timeout --kill-after=10 120 "$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars --no-first-run \
  --disable-dev-shm-usage --user-data-dir="$profile" --screenshot="$out_abs" \
  --window-size="$width,$height" "$url" >"$log" 2>&1 || status=$?

if [[ $status -ne 0 || ! -s "$out_abs" ]]; then
  if [[ $status -eq 124 ]]; then
    echo "render_html: $browser did not finish within 120 s" >&2
  elif [[ $status -ne 0 ]]; then
    echo "render_html: $browser failed (exit status $status)" >&2
  else
    echo "render_html: $browser wrote no screenshot to $out_abs" >&2
  fi
  echo "render_html: last lines of its output:" >&2
  tail -n 20 -- "$log" >&2 || true
  rm -f -- "$out_abs"
  exit 1
fi
