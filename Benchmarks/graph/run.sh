#!/usr/bin/env bash
# Graph-analytics benchmark: `sanctions-graph centrality` and `components` against igraph,
# NetworKit and networkx on the same generated networks, in one run. See README.md beside
# this script.
#
#   bash Benchmarks/graph/run.sh [--sizes 10000,100000,1000000] [--runs R] [options]
#
# Progress goes to stderr; the markdown table goes to stdout and is appended to
# Benchmarks/graph/results.md.
# The single-quoted backticks below are markdown, not command substitutions.
# shellcheck disable=SC2016
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
DATA_DIR="$ROOT/Benchmarks/ingest/data"   # generated FtM files, shared with the other harnesses
CACHE_DIR="$HERE/data"                     # parsed edge arrays for the Python side
VENV="$HERE/.venv"
RESULTS="$HERE/results.md"
PIP_SPECS=(igraph==1.0.0 networkit==11.2.2 networkx==3.6.1)

SIZES="10000,100000,1000000"
RUNS=3
TIMEOUT=60       # seconds: a run of one task that takes longer is given up (networkx: "too slow")
SLOW=10          # seconds: a task whose run takes longer than this is not repeated
SAMPLES=1000
SEED=1
THREADS=2        # NetworKit threads
LIBS="igraph,networkit,networkx"
EVERY_TASK=0
RANDOM_GRAPH="10000,50000"   # nodes,ties of the strongly connected comparison graph ("" for none)
APPEND=1
BIN=""

usage() {
    cat <<'EOF'
Usage: bash Benchmarks/graph/run.sh [options]

  --sizes LIST     entity counts to generate and measure (default 10000,100000,1000000);
                   files are cached in Benchmarks/ingest/data/gen-N.ftm.json
  --runs R         runs per task, best time kept (default 3); a run over 10 s is not
                   repeated
  --timeout S      give up on a task when one run takes longer than S seconds
                   (default 60); networkx tasks over it are reported "skipped: too slow"
  --libs LIST      reference libraries (default igraph,networkit,networkx)
  --every-task     run every task at every size (default: PageRank, WCC and SCC at every
                   size; exact betweenness, closeness and harmonic at 10000; sampled
                   betweenness and eigenvector at 100000). Exact betweenness at 1M takes hours.
  --random N,M     also time PageRank, closeness, harmonic and exact betweenness on a random
                   graph of N companies and M ownership ties (default 10000,50000; seeded,
                   strongly connected, unlike the generated networks; networkx is not run
                   on it: its closeness alone takes minutes)
  --no-random      leave the random graph out
  --bin PATH       use this sanctions-graph binary instead of building it
  --results PATH   append the table to PATH (default Benchmarks/graph/results.md)
  --no-append      print the table only
  -h, --help       this help
EOF
}

log() { printf '[graph] %s\n' "$*" >&2; }
die() {
    printf '[graph] error: %s\n' "$*" >&2
    exit 1
}
need_value() { [[ $# -ge 2 && -n $2 ]] || die "$1 needs a value (see --help)"; }

while [[ $# -gt 0 ]]; do
    case "$1" in
        --sizes) need_value "$@"; SIZES="$2"; shift 2 ;;
        --sizes=*) SIZES="${1#*=}"; shift ;;
        --runs) need_value "$@"; RUNS="$2"; shift 2 ;;
        --runs=*) RUNS="${1#*=}"; shift ;;
        --timeout) need_value "$@"; TIMEOUT="$2"; shift 2 ;;
        --timeout=*) TIMEOUT="${1#*=}"; shift ;;
        --libs) need_value "$@"; LIBS="$2"; shift 2 ;;
        --libs=*) LIBS="${1#*=}"; shift ;;
        --bin) need_value "$@"; BIN="$2"; shift 2 ;;
        --bin=*) BIN="${1#*=}"; shift ;;
        --results) need_value "$@"; RESULTS="$2"; shift 2 ;;
        --results=*) RESULTS="${1#*=}"; shift ;;
        --random) need_value "$@"; RANDOM_GRAPH="$2"; shift 2 ;;
        --random=*) RANDOM_GRAPH="${1#*=}"; shift ;;
        --no-random) RANDOM_GRAPH=""; shift ;;
        --every-task) EVERY_TASK=1; shift ;;
        --no-append) APPEND=0; shift ;;
        -h | --help) usage; exit 0 ;;
        *) die "unknown argument: $1 (see --help)" ;;
    esac
done

[[ $SIZES =~ ^[1-9][0-9]*(,[1-9][0-9]*)*$ ]] || die "--sizes must be a comma-separated list of positive integers, got '$SIZES'"
[[ $RUNS =~ ^[1-9][0-9]*$ ]] || die "--runs must be a positive integer, got '$RUNS'"
[[ -z $RANDOM_GRAPH || $RANDOM_GRAPH =~ ^[1-9][0-9]*,[1-9][0-9]*$ ]] || die "--random must be NODES,TIES (e.g. 10000,50000), got '$RANDOM_GRAPH'"
[[ $TIMEOUT =~ ^[1-9][0-9]*$ ]] || die "--timeout must be a positive integer (seconds), got '$TIMEOUT'"
IFS=, read -r -a SIZE_LIST <<<"$SIZES"
IFS=, read -r -a LIB_LIST <<<"$LIBS"
for lib in "${LIB_LIST[@]}"; do
    case "$lib" in igraph | networkit | networkx) ;; *) die "unknown library '$lib' (igraph, networkit, networkx)" ;; esac
done

TMP="$(mktemp -d "${TMPDIR:-/tmp}/graph-bench.XXXXXX")"
trap 'rm -rf "$TMP"' EXIT
RECORDS="$TMP/records.jsonl"
: >"$RECORDS"
START=$EPOCHREALTIME

# ------------------------------------------------------------------ setup ---

is_root() { [[ $(id -u) == 0 ]]; }
apt_install() {
    if ! is_root || ! command -v apt-get >/dev/null 2>&1; then
        die "missing: $* (install it, e.g. 'sudo apt-get install $*')"
    fi
    log "installing Debian packages: $*"
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >&2
}

[[ -x /usr/bin/time ]] || apt_install time
/usr/bin/time -v -o /dev/null true 2>/dev/null || die "/usr/bin/time is not GNU time ('apt-get install time')"
command -v timeout >/dev/null 2>&1 || die "coreutils' timeout is missing"
command -v python3 >/dev/null 2>&1 || apt_install python3 python3-venv

if [[ -n $BIN ]]; then
    [[ -x $BIN ]] || die "--bin $BIN is not an executable file"
    SRC_BIN="$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")"
else
    (cd "$ROOT" && bash scripts/setup.sh) >&2 || die "scripts/setup.sh failed"
    log "building sanctions-graph (swift build -c release --static-swift-stdlib --product sanctions-graph)"
    (cd "$ROOT" && swift build -c release --static-swift-stdlib --product sanctions-graph) >&2 || die "swift build failed"
    SRC_BIN="$(cd "$ROOT" && swift build -c release --static-swift-stdlib --show-bin-path)/sanctions-graph"
fi
# A private copy: another build in the same tree must not swap the binary mid-run.
BIN="$TMP/sanctions-graph"
cp "$SRC_BIN" "$BIN"

if [[ ! -x $VENV/bin/python ]] || ! "$VENV/bin/python" -m pip --version >/dev/null 2>&1; then
    rm -rf "$VENV"
    log "creating venv $VENV"
    python3 -m venv "$VENV" >&2 || { rm -rf "$VENV"; apt_install python3-venv; python3 -m venv "$VENV" >&2; }
fi
if ! "$VENV/bin/python" - "${PIP_SPECS[@]}" <<'PY' >/dev/null 2>&1; then
import sys
from importlib.metadata import version
for spec in sys.argv[1:]:
    name, want = spec.split("==")
    assert version(name) == want, spec
PY
    log "installing ${PIP_SPECS[*]} into the venv"
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check "${PIP_SPECS[@]}" >&2 ||
        die "pip install ${PIP_SPECS[*]} failed"
fi
PY=(env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE "$VENV/bin/python")

mkdir -p "$DATA_DIR" "$CACHE_DIR"
for size in "${SIZE_LIST[@]}"; do
    file="$DATA_DIR/gen-$size.ftm.json"
    if [[ ! -s $file ]]; then
        partial="$DATA_DIR/.partial-gen-$size.ftm.json"
        log "generating $size entities (seed 1) into $file"
        "$BIN" generate --entities "$size" --seed 1 -o "$partial" >&2 || { rm -f "$partial"; die "generate failed"; }
        mv -f "$partial" "$file"
    else
        log "using cached $file"
    fi
    log "parsing $file for the Python side (cached in $CACHE_DIR)"
    "${PY[@]}" "$HERE/reference.py" "$file" --prepare --cache-dir "$CACHE_DIR" >"$TMP/prepare-$size.json" ||
        die "reference.py --prepare failed on $file"
    cat "$file" >/dev/null  # warm the page cache
done

RANDOM_FILE=""
if [[ -n $RANDOM_GRAPH ]]; then
    RANDOM_FILE="$DATA_DIR/random-${RANDOM_GRAPH/,/-}.ftm.json"
    if [[ ! -s $RANDOM_FILE ]]; then
        log "writing the random comparison graph ($RANDOM_GRAPH nodes,ties; seed 1) into $RANDOM_FILE"
        "${PY[@]}" "$HERE/reference.py" "$RANDOM_FILE" --make-random "$RANDOM_GRAPH" --seed 1 ||
            die "reference.py --make-random failed"
    else
        log "using cached $RANDOM_FILE"
    fi
    "${PY[@]}" "$HERE/reference.py" "$RANDOM_FILE" --prepare --cache-dir "$CACHE_DIR" >/dev/null ||
        die "reference.py --prepare failed on $RANDOM_FILE"
fi

# ---------------------------------------------------------------- measuring ---

tasks_for() {  # size -> the tasks measured at that size
    if [[ $EVERY_TASK == 1 ]]; then
        echo "pagerank wcc scc betweenness betweenness_sampled closeness harmonic eigenvector eigenvector_undirected"
        return
    fi
    local t="pagerank wcc scc"
    [[ $1 == 10000 ]] && t="$t betweenness closeness harmonic"
    [[ $1 == 100000 ]] && t="$t betweenness_sampled eigenvector eigenvector_undirected"
    echo "$t"
}

ours_args() {  # task file -> the CLI arguments
    local c=(centrality "$2" --top 1 --timings -q) task="${1%_random}"   # *_random: the same call on the random graph
    case "$task" in
        pagerank) echo "${c[@]}" --measure pagerank ;;
        wcc) echo components "$2" --timings -q ;;
        scc) echo components "$2" --strong --timings -q ;;
        betweenness) echo "${c[@]}" --measure betweenness ;;
        betweenness_sampled) echo "${c[@]}" --measure betweenness --samples "$SAMPLES" --seed "$SEED" ;;
        closeness | harmonic | eigenvector) echo "${c[@]}" --measure "$task" ;;
        eigenvector_undirected) echo "${c[@]}" --measure eigenvector --undirected ;;
    esac
}

rss_kb() { sed -n 's/.*Maximum resident set size (kbytes): *\([0-9]*\).*/\1/p' "$1" | head -1; }

# measure_ours TASK SIZE FILE: best compute time of $RUNS processes, peak RSS of them all.
measure_ours() {
    local task="$1" size="$2" file="$3" i rc args compute times="" best="" rss=0 r status=ok detail="" info=""
    # shellcheck disable=SC2207  # the file path has no spaces (Benchmarks/ingest/data/gen-N.ftm.json)
    args=($(ours_args "$task" "$file"))
    for ((i = 1; i <= RUNS; i++)); do
        rc=0
        timeout -s KILL $((TIMEOUT + 120)) /usr/bin/time -v -o "$TMP/time.txt" \
            "$BIN" "${args[@]}" >"$TMP/out.txt" 2>"$TMP/err.txt" || rc=$?
        r="$(rss_kb "$TMP/time.txt" || true)"
        if [[ -n $r ]] && ((r > rss)); then rss="$r"; fi
        if [[ $rc != 0 ]]; then
            if [[ $rc == 137 ]]; then
                status=timeout detail="killed after $((TIMEOUT + 120)) s"
            else
                status=failed
                detail="$(grep -m1 -E '^(error|Error|Fatal error|.*Program crashed)' "$TMP/err.txt" || true)"
                detail="exit $rc${detail:+: $detail}"
            fi
            log "ours $task $size: run $i/$RUNS: $detail"
            tail -n 5 "$TMP/err.txt" | sed 's/^/[graph]   /' >&2 || true
            break
        fi
        compute="$(sed -n 's/^timings: .*compute \([0-9.]*\) s.*/\1/p' "$TMP/err.txt" | head -1)"
        [[ -n $compute ]] || { status=failed detail="no 'timings:' line on stderr"; break; }
        info="$(sed -n 's/^timings: .*(\(.*\)).*/\1/p' "$TMP/err.txt" | head -1)"
        times="${times:+$times,}$compute"
        log "ours $task $size: run $i/$RUNS: compute $compute s, peak RSS $((r / 1024)) MiB"
        if [[ -z $best ]] || awk -v a="$compute" -v b="$best" 'BEGIN { exit !(a < b) }'; then best="$compute"; fi
        awk -v a="$compute" -v s="$SLOW" 'BEGIN { exit !(a > s) }' && break
    done
    python3 - "$task" "$size" "$status" "$detail" "${best:-}" "$times" "$rss" "$info" "$TMP/out.txt" "sanctions-graph ${args[*]#"$ROOT/"}" >>"$RECORDS" <<'PY'
import json, sys
task, size, status, detail, best, times, rss, info, out, cmd = sys.argv[1:]
first = open(out, encoding="utf-8", errors="replace").readline().strip()
rec = {"side": "ours", "task": task, "size": int(size), "status": status, "rss_kb": int(rss or 0),
       "times": [float(t) for t in times.split(",") if t], "info": info, "stdout": first[:200],
       "cmd": cmd}
if best:
    rec["best"] = float(best)
if detail:
    rec["detail"] = detail
print(json.dumps(rec))
PY
}

# measure_ref LIB TASK SIZE FILE: one Python process for the task; its peak RSS.
measure_ref() {
    local lib="$1" task="$2" size="$3" file="$4" rc=0 hard=$((TIMEOUT + 300))
    timeout -s KILL "$hard" /usr/bin/time -v -o "$TMP/time.txt" \
        "${PY[@]}" "$HERE/reference.py" "$file" --lib "$lib" --tasks "$task" --runs "$RUNS" \
        --timeout "$TIMEOUT" --slow-seconds "$SLOW" --samples "$SAMPLES" --seed "$SEED" --threads "$THREADS" \
        --cache-dir "$CACHE_DIR" >"$TMP/ref.json" 2>"$TMP/ref.err" || rc=$?
    grep -v ': run [0-9]*/' "$TMP/ref.err" >&2 || true
    python3 - "$lib" "$task" "$size" "$rc" "$(rss_kb "$TMP/time.txt" || true)" "$TMP/ref.json" "$TMP/ref.err" "$hard" >>"$RECORDS" <<'PY'
import json, sys
lib, task, size, rc, rss, out, err, hard = sys.argv[1:]
rec = {"side": lib, "task": task, "size": int(size), "rss_kb": int(rss or 0)}
try:
    data = json.loads(open(out).read().strip().splitlines()[-1])
    t = data.pop("tasks")[task]
    rec.update({k: data[k] for k in ("nodes", "edges", "version", "build_seconds") if k in data})
    rec.update(t)
except Exception:  # noqa: BLE001
    tail = open(err, errors="replace").read().strip().splitlines()[-1:] or [""]
    rec.update({"status": "timeout" if rc == "137" else "failed",
                "detail": f"killed after {hard} s" if rc == "137" else f"exit {rc}: {tail[0][:200]}"})
print(json.dumps(rec))
PY
    python3 -c 'import json,sys; r=json.loads(sys.stdin.readlines()[-1]); print("[graph] %s %s %s: %s %s, peak RSS %d MiB" % (r["side"], r["task"], r["size"], r["status"], r.get("best", r.get("detail", "")), r["rss_kb"] // 1024))' <"$RECORDS" >&2
}

for size in "${SIZE_LIST[@]}"; do
    file="$DATA_DIR/gen-$size.ftm.json"
    read -r -a tasks <<<"$(tasks_for "$size")"
    log "size $size: tasks ${tasks[*]}"
    for task in "${tasks[@]}"; do
        measure_ours "$task" "$size" "$file"
        for lib in "${LIB_LIST[@]}"; do
            measure_ref "$lib" "$task" "$size" "$file"
        done
    done
done

if [[ -n $RANDOM_FILE ]]; then
    size="${RANDOM_GRAPH%%,*}"
    log "random graph: tasks pagerank closeness harmonic betweenness"
    for task in pagerank_random closeness_random harmonic_random betweenness_random; do
        measure_ours "$task" "$size" "$RANDOM_FILE"
        for lib in "${LIB_LIST[@]}"; do
            [[ $lib == networkx ]] && continue
            measure_ref "$lib" "$task" "$size" "$RANDOM_FILE"
        done
    done
fi

# --------------------------------------------------------------- the table ---

GIT_REV="$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo 'no commit')"
if [[ -n $(git -C "$ROOT" status --porcelain --untracked-files=no -- Sources Package.swift 2>/dev/null || true) ]]; then
    GIT_REV="$GIT_REV (with uncommitted changes in Sources/)"
fi
CPU="$(grep -m1 -E '^(model name|Hardware|cpu model)' /proc/cpuinfo 2>/dev/null | sed 's/^[^:]*:[[:space:]]*//' || true)"
META_DATE="$(date -u '+%Y-%m-%d %H:%M UTC')" \
META_MACHINE="$(nproc) cores (nproc), ${CPU:-unknown CPU}, $(free -g | awk '/^Mem:/ {print $2}') GiB RAM, $(uname -sr)" \
META_LOAD="$(cut -d' ' -f1-3 /proc/loadavg)" META_REV="$GIT_REV" \
META_PYTHON="$("${PY[@]}" -c 'import platform; print(platform.python_version())')" \
META_SIZES="$SIZES" META_LIBS="$LIBS" META_RUNS="$RUNS" META_TIMEOUT="$TIMEOUT" META_SLOW="$SLOW" \
META_SAMPLES="$SAMPLES" META_THREADS="$THREADS" META_EVERY="$EVERY_TASK" META_RANDOM="$RANDOM_GRAPH" \
META_ELAPSED="$(LC_ALL=C awk -v a="$EPOCHREALTIME" -v b="$START" 'BEGIN { printf "%.0f", a - b }')" \
    python3 -c 'import json, os; print(json.dumps({k[5:].lower(): v for k, v in os.environ.items() if k.startswith("META_")}))' \
    >"$TMP/meta.json"
python3 "$HERE/report.py" "$TMP/meta.json" "$RECORDS" >"$TMP/report.md"
cat "$TMP/report.md"
if [[ $APPEND == 1 ]]; then
    if [[ ! -s $RESULTS ]]; then
        printf '# Graph-analytics benchmark results\n\nAppended by `Benchmarks/graph/run.sh`, newest last; see README.md.\n' >"$RESULTS"
    fi
    { printf '\n'; cat "$TMP/report.md"; } >>"$RESULTS"
    log "appended to $RESULTS"
fi
log "done in $(LC_ALL=C awk -v a="$EPOCHREALTIME" -v b="$START" 'BEGIN { printf "%.0f", a - b }') s"
