#!/usr/bin/env bash
# Edge-list benchmark (#12 §3): `centrality EDGES.csv --measure pagerank --weight share` on a
# 2.5M-tie edge list, whole process, against Python reading the same CSV into igraph
# (csv module, Graph.TupleList) and computing weighted PageRank, in one run, alternating.
# Goal: at most 0.5× Python's time, at most 400 MB peak RSS. See README.md beside it.
#
#   bash Benchmarks/edges/run.sh [--ties N] [--nodes N] [--runs R] [--bin PATH] [--no-append]
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
DATA_DIR="$HERE/data"
RESULTS="$HERE/results.md"
VENV="$HERE/.venv"
TIES=2500000
NODES=1000000
RUNS=3
BIN=""
APPEND=1
TIME_GOAL=0.5
RSS_GOAL_MB=400

BENCH=edges
# shellcheck source=../lib.sh
source "$ROOT/Benchmarks/lib.sh"
while [[ $# -gt 0 ]]; do
    case "$1" in
        --ties) TIES="${2:?--ties needs a value}"; shift 2 ;;
        --nodes) NODES="${2:?--nodes needs a value}"; shift 2 ;;
        --runs) RUNS="${2:?--runs needs a value}"; shift 2 ;;
        --bin) BIN="${2:?--bin needs a value}"; shift 2 ;;
        --no-append) APPEND=0; shift ;;
        -h | --help) sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) die "unknown argument: $1 (see --help)" ;;
    esac
done
for v in TIES NODES RUNS; do need_positive "--${v,,}" "${!v}"; done
need_gnu_time
command -v python3 >/dev/null || die "python3 is needed (the igraph peer and the data)"

TMP="$(mktemp -d "${TMPDIR:-/tmp}/edges-bench.XXXXXX")"
trap 'rm -rf "$TMP"' EXIT
build_cli
if [[ ! -x $VENV/bin/python ]] || ! "$VENV/bin/python" -c "import igraph" 2>/dev/null; then
    log "installing igraph into $VENV"
    python3 -m venv "$VENV" >&2 || die "python3 -m venv failed (install python3-venv)"
    "$VENV/bin/pip" install -q igraph==1.0.0 >&2 || die "pip install igraph failed"
fi
mkdir -p "$DATA_DIR"
EDGES="$DATA_DIR/edges-$TIES-$NODES.csv"
[[ -s $EDGES ]] || { log "writing $TIES ties"; python3 "$HERE/make_edges.py" "$TIES" "$NODES" 5 "$EDGES.partial"; mv "$EDGES.partial" "$EDGES"; }

best_ours="" best_py="" rss_ours=0 rss_py=0
for ((run = 1; run <= RUNS; run++)); do
    log "run $run of $RUNS"
    measure "$TMP/ours.txt" "$BIN" centrality "$EDGES" --measure pagerank --weight share --quiet
    best_ours=$(lower "$best_ours" "$WALL"); rss_ours=$(higher "$rss_ours" "$RSS")
    measure "$TMP/py.json" "$VENV/bin/python" "$HERE/igraph_pagerank.py" "$EDGES"
    best_py=$(lower "$best_py" "$WALL"); rss_py=$(higher "$rss_py" "$RSS")
done
SCORED=$(head -1 "$TMP/ours.txt" | grep -o '[0-9]* entities')
RATIO=$(calc "$best_ours / $best_py")
{
    echo
    echo "## $(date -u +%Y-%m-%d) — $TIES ties among $NODES node ids ($(calc "$(stat -c %s "$EDGES") / 1e6") MB), commit $(cd "$ROOT" && git rev-parse --short HEAD), best of $RUNS"
    echo
    echo "| | best wall | peak RSS |"
    echo "|---|---:|---:|"
    echo "| \`centrality --measure pagerank --weight share\` ($SCORED scored, the top 20 printed) | ${best_ours} s | $(printf %.0f "$rss_ours") MB ($(verdict "$rss_ours" $RSS_GOAL_MB)) |"
    echo "| Python csv + igraph TupleList + PageRank | ${best_py} s | $(printf %.0f "$rss_py") MB |"
    echo
    echo "Time ratio: $(printf %.3f "$RATIO") ($(verdict "$RATIO" $TIME_GOAL)). Python's split, last run: $(python3 -c "import json; d = json.load(open('$TMP/py.json')); print(f\"load {d['load_seconds']:.2f} s, PageRank {d['pagerank_seconds']:.2f} s\")")."
} > "$TMP/table.md"
cat "$TMP/table.md"
if [[ $APPEND == 1 ]]; then
    [[ -f $RESULTS ]] || printf '# Edge-list benchmark results\n\nAppended by `Benchmarks/edges/run.sh` (see README.md).\n' > "$RESULTS"
    cat "$TMP/table.md" >> "$RESULTS"
    log "appended to $RESULTS"
fi
