#!/usr/bin/env bash
# Snapshot benchmark (#12 §1): `blocked --rule ofac` on a generated network, whole
# process, from the FtM file and from a snapshot made of it, in one run; the outputs must
# be byte-identical. Also the snapshot's size, section by section, per entity and per tie,
# against the FtM file. See README.md beside this script.
#
#   bash Benchmarks/snapshot/run.sh [--entities N] [--runs R] [--bin PATH] [--no-append]
#
# Progress goes to stderr; the markdown goes to stdout and is appended to
# Benchmarks/snapshot/results.md.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
DATA_DIR="$ROOT/Benchmarks/ingest/data"   # the generated FtM files are shared with the ingest benchmarks
RESULTS="$HERE/results.md"
ENTITIES=1000000
RUNS=3
SEED=1
BIN=""
APPEND=1
TIME_GOAL=0.15   # snapshot / FtM, whole process
SIZE_GOAL=0.35   # snapshot bytes / FtM bytes
AS_OF=2026-11-29

usage() {
    sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'
    cat <<'USAGE'
  --entities N   entities to generate (default 1000000), cached in Benchmarks/ingest/data/gen-N.ftm.json
  --runs R       runs of each side, alternating; the best wall time is kept (default 3)
  --bin PATH     use this sanctions-graph binary instead of building it
  --no-append    print the markdown only
USAGE
}
BENCH=snapshot
# shellcheck source=../lib.sh
source "$ROOT/Benchmarks/lib.sh"
while [[ $# -gt 0 ]]; do
    case "$1" in
        --entities) ENTITIES="${2:?--entities needs a value}"; shift 2 ;;
        --runs) RUNS="${2:?--runs needs a value}"; shift 2 ;;
        --bin) BIN="${2:?--bin needs a value}"; shift 2 ;;
        --no-append) APPEND=0; shift ;;
        -h | --help) usage; exit 0 ;;
        *) die "unknown argument: $1 (see --help)" ;;
    esac
done
need_positive --entities "$ENTITIES"
need_positive --runs "$RUNS"
need_gnu_time

TMP="$(mktemp -d "${TMPDIR:-/tmp}/snapshot-bench.XXXXXX")"
trap 'rm -rf "$TMP"' EXIT
build_cli

mkdir -p "$DATA_DIR"
FTM="$DATA_DIR/gen-$ENTITIES.ftm.json"
if [[ ! -s $FTM ]]; then
    log "generating $ENTITIES entities"
    "$BIN" generate --entities "$ENTITIES" --seed "$SEED" -o "$DATA_DIR/.partial-gen-$ENTITIES.ftm.json" >&2
    mv -f "$DATA_DIR/.partial-gen-$ENTITIES.ftm.json" "$FTM"
fi
SNAP="$TMP/gen-$ENTITIES.sgraph"

log "making the snapshot"
measure "$TMP/make.out" "$BIN" snapshot "$FTM" -o "$SNAP" --quiet
MAKE_WALL=$WALL MAKE_RSS=$RSS

best_ftm="" best_snap="" best_nov="" rss_ftm=0 rss_snap=0
for ((run = 1; run <= RUNS; run++)); do
    log "run $run of $RUNS: blocked --rule ofac from FtM, from the snapshot, from the snapshot with --no-verify"
    measure "$TMP/ftm.out" "$BIN" blocked "$FTM" --rule ofac --as-of "$AS_OF" --format csv --quiet
    best_ftm=$(lower "$best_ftm" "$WALL"); rss_ftm=$(higher "$rss_ftm" "$RSS")
    measure "$TMP/snap.out" "$BIN" blocked "$SNAP" --rule ofac --as-of "$AS_OF" --format csv --quiet
    best_snap=$(lower "$best_snap" "$WALL"); rss_snap=$(higher "$rss_snap" "$RSS")
    measure "$TMP/nov.out" "$BIN" blocked "$SNAP" --rule ofac --as-of "$AS_OF" --format csv --quiet --no-verify
    best_nov=$(lower "$best_nov" "$WALL")
done
cmp -s "$TMP/ftm.out" "$TMP/snap.out" || die "the outputs differ (FtM vs snapshot)"
cmp -s "$TMP/ftm.out" "$TMP/nov.out" || die "the outputs differ (FtM vs snapshot --no-verify)"
ROWS=$(($(wc -l < "$TMP/ftm.out") - 1))

"$BIN" info "$SNAP" --format json --quiet > "$TMP/info.json"
FTM_BYTES=$(stat -c %s "$FTM")
SNAP_BYTES=$(stat -c %s "$SNAP")
TIME_RATIO=$(calc "$best_snap / $best_ftm")
SIZE_RATIO=$(calc "$SNAP_BYTES / $FTM_BYTES")

{
    echo
    echo "## $(date -u +%Y-%m-%d) — $ENTITIES entities, commit $(cd "$ROOT" && git rev-parse --short HEAD), best of $RUNS"
    echo
    echo "\`blocked --rule ofac --as-of $AS_OF --format csv\`, whole process, $ROWS rows, outputs byte-identical:"
    echo
    echo "| input | size | best wall | peak RSS | time ratio |"
    echo "|---|---:|---:|---:|---:|"
    echo "| FtM JSON lines | $(calc "$FTM_BYTES / 1e6") MB | ${best_ftm} s | $(printf %.0f "$rss_ftm") MB | 1 |"
    echo "| snapshot | $(calc "$SNAP_BYTES / 1e6") MB | ${best_snap} s | $(printf %.0f "$rss_snap") MB | $(printf %.3f "$TIME_RATIO") ($(verdict "$TIME_RATIO" $TIME_GOAL)) |"
    echo "| snapshot, --no-verify | | ${best_nov} s | | $(printf %.3f "$(calc "$best_nov / $best_ftm")") |"
    echo
    echo "Making the snapshot (\`snapshot\`, which reads the FtM file, hashes it and checks what it wrote): ${MAKE_WALL} s, peak RSS $(printf %.0f "$MAKE_RSS") MB."
    echo "Snapshot / FtM size: $(printf %.3f "$SIZE_RATIO") ($(verdict "$SIZE_RATIO" $SIZE_GOAL))."
    echo
    python3 - "$TMP/info.json" <<'PY'
import json, sys
info = json.load(open(sys.argv[1]))
snap = info["snapshot"]
entities = sum(info["entities"].values())
ties = sum(info["ties"].values())
groups = {}
for s in snap["sections"]:
    group = s["name"].split(".")[0]
    groups.setdefault(group, []).append(s)
print(f"Sections ({entities:,} entities with sector nodes, {ties:,} ties with sector memberships):")
print()
print("| section | type | bytes | per entity | per tie |")
print("|---|---|---:|---:|---:|")
for group, sections in groups.items():
    for s in sections:
        print(f"| {s['name']} | {s['element']} | {s['bytes']:,} | {s['bytes'] / entities:.2f} | {s['bytes'] / ties:.2f} |")
total = snap["bytes"]
print(f"| **file** (with header, table, padding) | | {total:,} | {total / entities:.2f} | {total / ties:.2f} |")
PY
} > "$TMP/table.md"
cat "$TMP/table.md"
if [[ $APPEND == 1 ]]; then
    [[ -f $RESULTS ]] || printf '# Snapshot benchmark results\n\nAppended by `Benchmarks/snapshot/run.sh` (see README.md).\n' > "$RESULTS"
    cat "$TMP/table.md" >> "$RESULTS"
    log "appended to $RESULTS"
fi
