#!/usr/bin/env bash
# Streaming benchmark (#11 §4): `sanctions-graph info` on the same generated
# network as FtM JSON lines, as one JSON array and as GraphML, peak RSS and wall
# time of each, and the ratios to JSON lines. See README.md beside this script.
#
#   bash Benchmarks/ingest/array.sh [--entities N] [--runs R] [--bin PATH] [--no-append]
#
# Progress goes to stderr; the markdown table goes to stdout and is appended
# to Benchmarks/ingest/results.md.
# shellcheck disable=SC2016
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
DATA_DIR="$HERE/data"
RESULTS="$HERE/results.md"
ENTITIES=1000000
RUNS=1
SEED=1
BIN=""
APPEND=1
RSS_GOAL_MB_PER_M=300   # JSON lines: peak RSS per million entities
ARRAY_GOAL_RATIO=1.25   # JSON array: within this factor of JSON lines

usage() {
    cat <<'EOF'
Usage: bash Benchmarks/ingest/array.sh [options]

  --entities N   entities to generate (default 1000000); the JSON-lines file is
                 cached in Benchmarks/ingest/data/gen-N.ftm.json (shared with
                 run.sh), its JSON-array copy in data/gen-N.array.json, its
                 GraphML conversion in data/gen-N.graphml
  --runs R       runs per format, best wall time and highest RSS kept (default 1)
  --bin PATH     use this sanctions-graph binary instead of building it
  --results PATH append the table to PATH (default Benchmarks/ingest/results.md)
  --no-append    print the table only
  -h, --help     this help
EOF
}
BENCH=array
# shellcheck source=../lib.sh
source "$ROOT/Benchmarks/lib.sh"
while [[ $# -gt 0 ]]; do
    case "$1" in
        --entities) ENTITIES="${2:?--entities needs a value}"; shift 2 ;;
        --runs) RUNS="${2:?--runs needs a value}"; shift 2 ;;
        --bin) BIN="${2:?--bin needs a value}"; shift 2 ;;
        --results) RESULTS="${2:?--results needs a value}"; shift 2 ;;
        --no-append) APPEND=0; shift ;;
        -h | --help) usage; exit 0 ;;
        *) die "unknown argument: $1 (see --help)" ;;
    esac
done
need_positive --entities "$ENTITIES"
need_positive --runs "$RUNS"
need_gnu_time
command -v python3 >/dev/null || die "python3 is needed to write the JSON-array copy"

TMP="$(mktemp -d "${TMPDIR:-/tmp}/array-bench.XXXXXX")"
trap 'rm -rf "$TMP"' EXIT
build_cli

mkdir -p "$DATA_DIR"
LINES="$DATA_DIR/gen-$ENTITIES.ftm.json"
ARRAY="$DATA_DIR/gen-$ENTITIES.array.json"
if [[ ! -s $LINES ]]; then
    log "generating $ENTITIES entities"
    "$BIN" generate --entities "$ENTITIES" --seed "$SEED" -o "$DATA_DIR/.partial-gen-$ENTITIES.ftm.json" >&2
    mv -f "$DATA_DIR/.partial-gen-$ENTITIES.ftm.json" "$LINES"
fi
if [[ ! -s $ARRAY || $ARRAY -ot $LINES ]]; then
    log "writing the JSON-array copy (one element per line)"
    python3 - "$LINES" "$DATA_DIR/.partial-gen-$ENTITIES.array.json" <<'PY'
import sys
src, dst = sys.argv[1], sys.argv[2]
with open(src, "rb") as f, open(dst, "wb") as out:
    out.write(b"[\n")
    first = True
    for line in f:
        line = line.strip()
        if not line:
            continue
        if not first:
            out.write(b",\n")
        out.write(line)
        first = False
    out.write(b"\n]\n")
PY
    mv -f "$DATA_DIR/.partial-gen-$ENTITIES.array.json" "$ARRAY"
fi

GRAPHML="$DATA_DIR/gen-$ENTITIES.graphml"
if [[ ! -s $GRAPHML || $GRAPHML -ot $LINES ]]; then
    log "converting to GraphML"
    "$BIN" convert "$LINES" -o "$DATA_DIR/.partial-gen-$ENTITIES.graphml" >&2
    mv -f "$DATA_DIR/.partial-gen-$ENTITIES.graphml" "$GRAPHML"
fi

# measure FILE -> "WALL RSS_KB ENTITIES" (best wall, highest RSS over the runs)
measure() {
    local file="$1" best="" rss=0 wall kb
    cat "$file" >/dev/null  # warm page cache
    for ((i = 1; i <= RUNS; i++)); do
        /usr/bin/time -f '%e %M' -o "$TMP/time" "$BIN" info "$file" --format json >"$TMP/out.json" 2>"$TMP/err" ||
            { cat "$TMP/err" >&2; die "info failed on $file"; }
        read -r wall kb <"$TMP/time"
        log "$(basename "$file") run $i: ${wall} s, $((kb / 1024)) MiB"
        if [[ -z $best ]] || [[ $(calc "$wall < $best ? 1 : 0") == 1 ]]; then best="$wall"; fi
        ((kb > rss)) && rss="$kb"
    done
    local entities
    entities="$(python3 -c 'import json,sys; e=json.load(open(sys.argv[1]))["entities"]; print(sum(e.values()) if isinstance(e, dict) else e)' "$TMP/out.json")"
    printf '%s %s %s\n' "$best" "$rss" "$entities"
}

read -r LW LKB LE <<<"$(measure "$LINES")"
read -r AW AKB AE <<<"$(measure "$ARRAY")"
read -r GW GKB GE <<<"$(measure "$GRAPHML")"
[[ $LE == "$AE" && $LE == "$GE" ]] || die "the files gave different entity counts ($LE, $AE, $GE)"
mb() { calc "$1 * 1024 / 1000000"; }
LMB="$(mb "$LKB")"; AMB="$(mb "$AKB")"; GMB="$(mb "$GKB")"
GRATIO="$(calc "$GMB / $LMB")"
PER_M="$(calc "$LMB / ($ENTITIES / 1000000)")"
RATIO="$(calc "$AMB / $LMB")"
status() { [[ $(calc "$1 ? 1 : 0") == 1 ]] && echo met || echo "not met"; }
VERSION="$(cd "$ROOT" && git rev-parse --short HEAD 2>/dev/null || echo unknown)"
[[ -z $(cd "$ROOT" && git status --porcelain -- Sources 2>/dev/null) ]] || VERSION="$VERSION (uncommitted changes)"

{
    printf '## %s: streaming, JSON lines vs JSON array and GraphML, %s entities\n\n' "$(date -u +%Y-%m-%d)" "$ENTITIES"
    printf -- '- versions: sanctions-graph %s; `info FILE --format json` under `/usr/bin/time -f %%M`, warm page cache, %s run(s) each; 1 MB = 10^6 bytes\n' "$VERSION" "$RUNS"
    printf -- '- files: gen-%s.ftm.json (%s MB), its JSON-array copy gen-%s.array.json (%s MB, one element per line), its GraphML conversion gen-%s.graphml (%s MB; no designations); %s entities read from each\n\n' \
        "$ENTITIES" "$(calc "int($(stat -c %s "$LINES") / 1000000)")" "$ENTITIES" "$(calc "int($(stat -c %s "$ARRAY") / 1000000)")" \
        "$ENTITIES" "$(calc "int($(stat -c %s "$GRAPHML") / 1000000)")" "$LE"
    printf '| format | wall s | peak RSS MB | MB per million entities |\n|---|---:|---:|---:|\n'
    printf '| JSON lines | %s | %.1f | %.1f |\n' "$LW" "$LMB" "$PER_M"
    printf '| JSON array | %s | %.1f | %.1f |\n' "$AW" "$AMB" "$(calc "$AMB / ($ENTITIES / 1000000)")"
    printf '| GraphML | %s | %.1f | %.1f |\n' "$GW" "$GMB" "$(calc "$GMB / ($ENTITIES / 1000000)")"
    printf '\n| goal | target | measured | status |\n|---|---|---|---|\n'
    printf '| JSON lines: peak RSS per million entities | ≤ %s MB | %.1f MB | %s |\n' "$RSS_GOAL_MB_PER_M" "$PER_M" "$(status "$PER_M <= $RSS_GOAL_MB_PER_M")"
    printf '| JSON array ÷ JSON lines, peak RSS | ≤ %s× | %.2f× | %s |\n' "$ARRAY_GOAL_RATIO" "$RATIO" "$(status "$RATIO <= $ARRAY_GOAL_RATIO")"
    printf '| JSON array ÷ JSON lines, wall time | (no goal) | %.2f× | |\n' "$(calc "$AW / $LW")"
    printf '| GraphML ÷ JSON lines, peak RSS | ≤ %s× | %.2f× | %s |\n' "$ARRAY_GOAL_RATIO" "$GRATIO" "$(status "$GRATIO <= $ARRAY_GOAL_RATIO")"
    printf '| GraphML ÷ JSON lines, wall time | (no goal) | %.2f× | |\n' "$(calc "$GW / $LW")"
} >"$TMP/report.md"
cat "$TMP/report.md"
if [[ $APPEND == 1 ]]; then
    { printf '\n'; cat "$TMP/report.md"; } >>"$RESULTS"
    log "appended to $RESULTS"
fi
