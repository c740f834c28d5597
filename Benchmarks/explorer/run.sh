#!/usr/bin/env bash
# The explorer's load check (issue #13; not a timed test): a generated network of ENTITIES
# (default 100,000) served by a release build; CLIENTS (8) concurrent clients send REQUESTS
# (2,000) requests mixing entity pages and relief queries (load.py). Reports p50/p99 latency,
# errors and the server's memory (RSS) before and after the load; goals: 0 errors,
# p99 <= 1 s, memory growth <= 30%.
# Usage: Benchmarks/explorer/run.sh [ENTITIES] [CLIENTS] [REQUESTS]   (BIN=path skips the build)
set -euo pipefail
BENCH=explorer
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
BIN="${BIN:-}"
source "$ROOT/Benchmarks/lib.sh"
entities="${1:-100000}" clients="${2:-8}" requests="${3:-2000}"
need_positive ENTITIES "$entities"; need_positive CLIENTS "$clients"; need_positive REQUESTS "$requests"
build_cli
data="$ROOT/Benchmarks/explorer/data"
mkdir -p "$data"
graph="$data/gen-$entities.ftm.json"
[[ -f $graph ]] || { log "generating $entities entities"; "$BIN" generate --entities "$entities" --seed 7 -o "$graph" >&2; }

err=$(mktemp)
"$BIN" serve "$graph" --port 0 --as-of 2026-11-29 --quiet 2> "$err" &
server=$!
trap 'kill $server 2>/dev/null || true; rm -f "$err"' EXIT
url=""
for _ in $(seq 1 1200); do
    url=$(sed -n 's/^serving .* at \(http:[^ ]*\) .*/\1/p' "$err"); [[ -n $url ]] && break
    kill -0 $server 2>/dev/null || { cat "$err" >&2; die "the server stopped"; }
    sleep 0.1
done
[[ -n $url ]] || die "the server did not start within 120 s"
port=$(sed 's|.*:\([0-9]*\)/$|\1|' <<< "$url")
rss() { awk '/VmRSS/ { printf "%.1f", $2 / 1024 }' /proc/$server/status; }
# Warm: one request of each kind, so that "before" counts the loaded graph, each rule's result
# on the day (the cache's steady state) and the code paths, Graphviz's included.
first=$(curl -s "${url}api/rank?rule=ofac&top=1" | python3 -c 'import json,sys; print(json.load(sys.stdin)["ranking"][0]["id"])')
for path in "entity/$first" "api/entity/$first" "relief?rule=eu&delist=$first" "api/relief?rule=uk&delist=$first" "api/rank?rule=eu&top=1"; do
    curl -s -o /dev/null "${url}$path"
done
before=$(rss)
log "server at $url, RSS before the load: $before MB; $clients clients, $requests requests"
report=$(python3 "$ROOT/Benchmarks/explorer/load.py" 127.0.0.1 "$port" "$clients" "$requests" 7)
after=$(rss)
echo "$report"
p99=$(python3 -c 'import json,sys; print(json.load(sys.stdin)["p99"])' <<< "$report")
errors=$(python3 -c 'import json,sys; print(json.load(sys.stdin)["errors"])' <<< "$report")
growth=$(calc "($after - $before) / $before * 100")
echo "entities $entities; RSS before $before MB, after $after MB: growth $(printf '%.1f' "$growth")% ($(verdict "$growth" 30))"
echo "p99 ${p99} s ($(verdict "$p99" 1)); errors $errors ($(verdict "$errors" 0))"
