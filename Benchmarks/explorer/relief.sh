#!/usr/bin/env bash
# Relief requests on a large graph (issue #13: "a relief page on a 1M-entity graph answers in
# well under a second"), one server per build, side by side in one run: REF (a reference
# build, e.g. of an earlier commit) and BIN (this tree's release build). Each server loads
# GRAPH once and caches each rule's result on the day (one warming request); then, for the
# TOP designated persons whose delisting frees most under each rule, the script times their
# entity page, the relief API, the relief page (with its diagram) and a divestment, ROUNDS
# times, alternating the servers, and prints the medians and the ratios BIN / REF.
# Usage: REF=path/to/sanctions-graph Benchmarks/explorer/relief.sh GRAPH [TOP] [ROUNDS]
#        (BIN=path skips the build; without REF only BIN is measured)
set -euo pipefail
BENCH=explorer
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
BIN="${BIN:-}"
REF="${REF:-}"
source "$ROOT/Benchmarks/lib.sh"
graph="${1:?usage: REF=… Benchmarks/explorer/relief.sh GRAPH [TOP] [ROUNDS]}"
top="${2:-3}" rounds="${3:-5}"
need_positive TOP "$top"; need_positive ROUNDS "$rounds"
build_cli
asof=2026-11-29

pids=() errs=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -f "${errs[@]}"' EXIT
URL=""
start() {  # binary → sets URL once its server serves
    local err; err=$(mktemp); errs+=("$err")
    "$1" serve "$graph" --port 0 --as-of "$asof" --quiet > /dev/null 2> "$err" &
    pids+=($!)
    URL=""
    for _ in $(seq 1 3000); do
        URL=$(sed -n 's/^serving .* at \(http:[^ ]*\) .*/\1/p' "$err"); [[ -n $URL ]] && break
        kill -0 "${pids[-1]}" 2>/dev/null || { cat "$err" >&2; die "the server ($1) stopped"; }
        sleep 0.1
    done
    [[ -n $URL ]] || die "the server ($1) did not start within 300 s"
}
start "$BIN"; new=$URL
ref=""; if [[ -n $REF ]]; then start "$REF"; ref=$URL; fi
log "BIN at $new${REF:+, REF at $ref}"

# The persons to delist, and one of their holdings to divest from, from BIN's ranking.
declare -A persons asset
for rule in ofac eu uk; do
    for url in $new $ref; do curl -s -o /dev/null "${url}api/blocked?rule=$rule"; done   # warm: the rule's result cached
    persons[$rule]=$(curl -s "${new}api/rank?by=relief&rule=$rule&top=$top" |
        python3 -c 'import json,sys; print(" ".join(r["id"] for r in json.load(sys.stdin)["ranking"]))')
done

time_of() { curl -s -o /dev/null -w '%{time_total}\n' "$1"; }
median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
printf '| request | rule | BIN median (s) |%s\n' "${REF:+ REF median (s) | BIN / REF |}"
printf '|---|---|---:|%s\n' "${REF:+---:|---:|}"
for rule in ofac eu uk; do
    for p in ${persons[$rule]}; do
        holding=$(curl -s "${new}api/entity/$p" | python3 -c '
import json, sys
e = json.load(sys.stdin)
h = [x for x in e.get("holdings", []) if x["kind"] == "Ownership" and x["share"] != "unknown"]
print(h[0]["id"] if h else "")')
        for kind in entity api page divest; do
            case $kind in
                entity) path="entity/$p" ;;
                api) path="api/relief?rule=$rule&delist=$p" ;;
                page) path="relief?rule=$rule&delist=$p" ;;
                divest) [[ -n $holding ]] || continue; path="api/relief?rule=$rule&setShare=$p:$holding=10" ;;
            esac
            a=(); b=()
            for _ in $(seq 1 "$rounds"); do
                a+=("$(time_of "$new$path")")
                [[ -n $ref ]] && b+=("$(time_of "$ref$path")")
            done
            ma=$(printf '%s\n' "${a[@]}" | median)
            if [[ -n $ref ]]; then
                mb=$(printf '%s\n' "${b[@]}" | median)
                printf '| %s %s | %s | %.3f | %.3f | %.2f |\n' "$kind" "$p" "$rule" "$ma" "$mb" "$(calc "$ma / $mb")"
            else
                printf '| %s %s | %s | %.3f |\n' "$kind" "$p" "$rule" "$ma"
            fi
        done
    done
done
