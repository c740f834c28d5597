#!/usr/bin/env bash
# The explorer in a real browser (README "The explorer"): starts `sanctions-graph serve` on the
# demo graph on a free loopback port, loads the search, entity, relief and rank pages in
# headless Chromium, checks what each shows, saves a screenshot of each, and stops the server
# (SIGTERM: it must exit 0 within 15 s). Run by scripts/test.sh; the gallery uses it for the
# README's screenshots.
# Usage: scripts/browser-test.sh [SANCTIONS_GRAPH_BINARY] [SCREENSHOT_FOLDER]
#        (defaults: .build/debug/sanctions-graph, out/browser)
set -euo pipefail
cd "$(dirname "$0")/.."
bin="${1:-.build/debug/sanctions-graph}"
shots="${2:-out/browser}"
mkdir -p "$shots"
browser=$(command -v chromium || command -v chromium-browser || true)
[ -n "$browser" ] || { echo "browser-test: no chromium (scripts/setup.sh --browser installs it)" >&2; exit 1; }

log=$(mktemp); profile=$(mktemp -d)
"$bin" serve Graphs/demo-rare-earths.ftm.json --port 0 --as-of 2026-11-29 --quiet 2> "$log" &
server=$!
cleanup() { kill "$server" 2>/dev/null || true; rm -rf "$log" "$profile"; }
trap cleanup EXIT
url=""
for _ in $(seq 1 600); do
  url=$(sed -n 's/^serving .* at \(http:[^ ]*\) .*/\1/p' "$log")
  [ -n "$url" ] && break
  kill -0 "$server" 2>/dev/null || { cat "$log" >&2; echo "browser-test: the server stopped" >&2; exit 1; }
  sleep 0.1
done
[ -n "$url" ] || { echo "browser-test: the server did not say where it listens within 60 s" >&2; exit 1; }
echo "browser-test: server at $url" >&2

chrome() { timeout 90 "$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars --user-data-dir="$profile" "$@" 2>/dev/null; }
failures=0
# page NAME PATH EXPECTED-TEXT...: the rendered DOM must contain every text.
page() {
  local name=$1 path=$2; shift 2
  local dom
  dom=$(chrome --dump-dom "$url${path#/}")
  for want in "$@"; do
    if ! grep -qF -- "$want" <<< "$dom"; then echo "browser-test: $name ($path) does not show: $want" >&2; failures=$((failures + 1)); fi
  done
  chrome --screenshot="$shots/explorer-$name.png" --window-size=1280,1500 "$url${path#/}" >/dev/null
  echo "browser-test: $name ok, screenshot $shots/explorer-$name.png" >&2
}
page search "/?q=stolnik" "Viktor Stolnik" "Marina Stolnik" "status-designated"
page entity "/entity/c-borealis-mineral-holdings" "Borealis Mineral Holdings Ltd" "Owners and controllers" "Ego network of Borealis Mineral Holdings Ltd" "ofac" "uk"
page relief "/relief?rule=eu&delist=p-viktor-stolnik" "freed (12)" "Khibiny Rare Earth Mining JSC" "The relief diagram" "blocked before"
page rank "/rank?by=relief&rule=uk" "Which delisting frees the most" "Viktor Stolnik" "Arkady Veltsin"

kill -TERM "$server"
for _ in $(seq 1 150); do kill -0 "$server" 2>/dev/null || break; sleep 0.1; done
if kill -0 "$server" 2>/dev/null; then echo "browser-test: the server did not stop on SIGTERM" >&2; failures=$((failures + 1)); fi
status=0; wait "$server" || status=$?
[ "$status" -eq 0 ] || { echo "browser-test: the server exited $status on SIGTERM" >&2; failures=$((failures + 1)); }
[ "$failures" -eq 0 ] || { echo "browser-test: $failures failures" >&2; exit 1; }
echo "browser-test: 4 pages checked in Chromium, server stopped cleanly" >&2
