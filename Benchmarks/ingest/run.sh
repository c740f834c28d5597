#!/usr/bin/env bash
# Ingest benchmark: `sanctions-graph info` against followthemoney on the same
# FtM JSON-lines file. See README.md beside this script.
#
#   bash Benchmarks/ingest/run.sh [--entities N] [options]
#
# Progress goes to stderr; the markdown table goes to stdout and is appended
# to Benchmarks/ingest/results.md.
# The single-quoted backticks below are markdown, not command substitutions.
# shellcheck disable=SC2016
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
DATA_DIR="$HERE/data"
VENV="$HERE/.venv"
RESULTS="$HERE/results.md"

ENTITIES=1000000
RUNS=3
SEED=1
SKIP_OURS=0
SKIP_FTM=0
FTM_VALIDATE=0
APPEND=1
REGENERATE=0
FILE=""
BIN=""
FTM_SPEC="${FTM_SPEC:-followthemoney>=4,<5}"

BIG_FILE_BYTES=200000000   # over this, the Python baselines run once
RSS_GOAL_MB=300            # peak RSS goal for `info` ...
RSS_GOAL_ENTITIES=1000000  # ... at this many entities
SPEED_GOAL=5               # our MB/s >= 5x followthemoney's
JSON_GOAL=6                # our records/s >= 6x a bare json.loads loop's (issue 12 §2) ...
JSON_FLOOR=5               # ... and below 5x that part is not done

usage() {
    cat <<'EOF'
Usage: bash Benchmarks/ingest/run.sh [options]

  --entities N     entities to generate (default 1000000); the file is cached
                   in Benchmarks/ingest/data/gen-N.ftm.json
  --runs R         runs per tool, best wall time kept (default 3); json.loads
                   runs alternate with ours, one after each; followthemoney
                   runs once when the file is over 200 MB
  --file PATH      benchmark this FtM JSON-lines file instead of generating one
  --regenerate     regenerate the cached file even if it exists
  --bin PATH       use this sanctions-graph binary instead of building it
  --skip-ours      do not measure `sanctions-graph info` (no build needed when
                   --file is given or the generated file is cached)
  --skip-ftm       do not measure the Python baselines (no venv needed)
  --ftm-validate   also measure followthemoney proxies with cleaned=False
  --results PATH   append the table to PATH (default Benchmarks/ingest/results.md)
  --no-append      print the table only, do not append it anywhere
  -h, --help       this help

Environment: FTM_SPEC (pip requirement, default "followthemoney>=4,<5").
EOF
}

log() { printf '[ingest] %s\n' "$*" >&2; }
die() {
    printf '[ingest] error: %s\n' "$*" >&2
    exit 1
}

need_value() { [[ $# -ge 2 && -n $2 ]] || die "$1 needs a value (see --help)"; }

while [[ $# -gt 0 ]]; do
    case "$1" in
        --entities) need_value "$@"; ENTITIES="$2"; shift 2 ;;
        --entities=*) ENTITIES="${1#*=}"; shift ;;
        --runs) need_value "$@"; RUNS="$2"; shift 2 ;;
        --runs=*) RUNS="${1#*=}"; shift ;;
        --file) need_value "$@"; FILE="$2"; shift 2 ;;
        --file=*) FILE="${1#*=}"; shift ;;
        --bin) need_value "$@"; BIN="$2"; shift 2 ;;
        --bin=*) BIN="${1#*=}"; shift ;;
        --results) need_value "$@"; RESULTS="$2"; shift 2 ;;
        --results=*) RESULTS="${1#*=}"; shift ;;
        --regenerate) REGENERATE=1; shift ;;
        --skip-ours) SKIP_OURS=1; shift ;;
        --skip-ftm) SKIP_FTM=1; shift ;;
        --ftm-validate) FTM_VALIDATE=1; shift ;;
        --no-append) APPEND=0; shift ;;
        -h | --help) usage; exit 0 ;;
        *) die "unknown argument: $1 (see --help)" ;;
    esac
done

[[ $ENTITIES =~ ^[1-9][0-9]*$ ]] || die "--entities must be a positive integer, got '$ENTITIES'"
[[ $RUNS =~ ^[1-9][0-9]*$ ]] || die "--runs must be a positive integer, got '$RUNS'"
if [[ $SKIP_OURS == 1 && $SKIP_FTM == 1 ]]; then
    die "--skip-ours and --skip-ftm together leave nothing to measure"
fi

TMP="$(mktemp -d "${TMPDIR:-/tmp}/ingest-bench.XXXXXX")"
trap 'rm -rf "$TMP"' EXIT

# ---------------------------------------------------------------- helpers ---

is_root() { [[ $(id -u) == 0 ]]; }

# Arithmetic on decimals, always with a '.' separator whatever the locale.
calc() { LC_ALL=C awk "BEGIN { printf \"%s\", ($1) }" </dev/null; }
fmt() { LC_ALL=C awk -v v="$2" "BEGIN { printf \"$1\", v }" </dev/null; }
# 1234567 -> 1,234,567 (integers only)
thousands() { sed -e ':a' -e 's/\([0-9]\)\([0-9]\{3\}\)\($\|,\)/\1,\2\3/' -e 'ta' <<<"$1"; }
# kbytes as reported by GNU time (KiB) -> MB (10^6 bytes)
kb_to_mb() { fmt '%.1f' "$(calc "$1 * 1024 / 1000000")"; }
# MB/s with 3 significant digits for small values, 1 decimal otherwise.
mbps() { LC_ALL=C awk -v v="$1" 'BEGIN { printf (v < 10 ? "%.3g" : "%.1f"), v }' </dev/null; }
# thousands separators for integer counts; anything else (n/a) unchanged
count() { if [[ $1 =~ ^[0-9]+$ ]]; then thousands "$1"; else printf '%s' "$1"; fi; }
lt() { [[ $(calc "($1) < ($2) ? 1 : 0") == 1 ]]; }
# Rates divide by the wall time, floored at GNU time's 0.01 s resolution.
rate() { calc "($1) / (($2) < 0.01 ? 0.01 : ($2))"; }

ensure_time() {
    if [[ ! -x /usr/bin/time ]]; then
        if is_root && command -v apt-get >/dev/null 2>&1; then
            log "/usr/bin/time is missing: installing Debian's 'time' package"
            apt-get update -qq >&2
            DEBIAN_FRONTEND=noninteractive apt-get install -y -qq time >&2
        else
            die "/usr/bin/time (GNU time) is missing: install it, e.g. 'sudo apt-get install time'"
        fi
    fi
    /usr/bin/time -v -o /dev/null true 2>/dev/null ||
        die "/usr/bin/time does not accept '-v -o FILE': GNU time is needed ('apt-get install time')"
}

ensure_python() {
    if ! command -v python3 >/dev/null 2>&1; then
        if is_root && command -v apt-get >/dev/null 2>&1; then
            log "python3 is missing: installing python3 and python3-venv"
            apt-get update -qq >&2
            DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3 python3-venv >&2
        else
            die "python3 is missing: install it, e.g. 'sudo apt-get install python3 python3-venv'"
        fi
    fi
}

ensure_venv() {
    if [[ ! -x $VENV/bin/python ]] || ! "$VENV/bin/python" -m pip --version >/dev/null 2>&1; then
        rm -rf "$VENV"
        log "creating venv $VENV"
        if ! python3 -m venv "$VENV" >&2; then
            rm -rf "$VENV"
            if is_root && command -v apt-get >/dev/null 2>&1; then
                log "python3 -m venv failed: installing python3-venv"
                apt-get update -qq >&2
                DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv >&2
                python3 -m venv "$VENV" >&2 || { rm -rf "$VENV"; die "python3 -m venv failed"; }
            else
                die "python3 -m venv failed: install python3-venv, e.g. 'sudo apt-get install python3-venv'"
            fi
        fi
    fi
    if ! "$VENV/bin/python" -c 'import followthemoney' >/dev/null 2>&1; then
        log "installing '$FTM_SPEC' into the venv"
        "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check "$FTM_SPEC" >&2 ||
            die "pip install '$FTM_SPEC' failed"
    fi
}

# parse_time_report FILE -> "WALL_SECONDS MAX_RSS_KB" from a `/usr/bin/time -v` report.
parse_time_report() {
    LC_ALL=C awk -F': ' '
        /Elapsed \(wall clock\) time/ {
            n = split($NF, p, ":"); s = 0
            for (i = 1; i <= n; i++) s = s * 60 + p[i]
            wall = s; have_wall = 1
        }
        /Maximum resident set size/ { rss = $NF + 0; have_rss = 1 }
        END {
            if (!have_wall || !have_rss) exit 1
            printf "%.2f %d\n", wall, rss
        }' "$1"
}

# measure_once OUT CMD... : runs CMD under `/usr/bin/time -v`, its stdout into OUT.
# Sets MEASURE_WALL (s) and MEASURE_RSS_KB.
measure_once() {
    local out="$1"
    shift
    local report="$TMP/time.txt" errfile="$TMP/stderr.txt" rc=0 parsed start end
    # The wall time is bash's clock around the run (GNU time's truncates to 0.01 s).
    start="${EPOCHREALTIME/,/.}"
    /usr/bin/time -v -o "$report" "$@" >"$out" 2>"$errfile" || rc=$?
    end="${EPOCHREALTIME/,/.}"
    if [[ $rc != 0 ]]; then
        log "command failed (exit $rc): $*"
        tail -n 20 "$errfile" >&2 || true
        return 1
    fi
    parsed="$(parse_time_report "$report")" || {
        log "could not read the /usr/bin/time -v report:"
        cat "$report" >&2
        return 1
    }
    read -r MEASURE_WALL MEASURE_RSS_KB <<<"$parsed"
    MEASURE_WALL=$(LC_ALL=C awk -v s="$start" -v e="$end" 'BEGIN { printf "%.3f", e - s }' </dev/null)
}

# bench NAME RUNS OUT CMD... : best wall time of RUNS runs (BEST_WALL), peak RSS
# over all runs (PEAK_RSS_KB), every wall time (ALL_WALLS); OUT gets the stdout
# of the fastest run.
bench() {
    local name="$1" runs="$2" out="$3" i
    shift 3
    BEST_WALL=""
    PEAK_RSS_KB=0
    ALL_WALLS=""
    for ((i = 1; i <= runs; i++)); do
        bench_step "$name" "$i/$runs" "$out" "$@"
    done
}

# bench_step NAME LABEL OUT CMD... : one run of `bench`, folded into BEST_WALL,
# PEAK_RSS_KB and ALL_WALLS (callers alternating two tools save and restore them).
bench_step() {
    local name="$1" label="$2" out="$3"
    shift 3
    measure_once "$TMP/run.out" "$@" || die "$name failed"
    log "$name: run $label: ${MEASURE_WALL} s, peak RSS $(kb_to_mb "$MEASURE_RSS_KB") MB"
    ALL_WALLS="${ALL_WALLS:+$ALL_WALLS, }$MEASURE_WALL"
    if [[ -z $BEST_WALL ]] || lt "$MEASURE_WALL" "$BEST_WALL"; then
        BEST_WALL="$MEASURE_WALL"
        cp "$TMP/run.out" "$out"
    fi
    if ((MEASURE_RSS_KB > PEAK_RSS_KB)); then
        PEAK_RSS_KB="$MEASURE_RSS_KB"
    fi
}

# json_fields FILE KEY... : prints the values of top-level keys, one per line;
# numbers, or objects/lists summed over their (nested) numeric values; "n/a"
# for a missing key or a file that is not JSON.
json_fields() {
    python3 - "$@" <<'PY'
import json, sys

def total(x):
    if isinstance(x, bool):
        return int(x)
    if isinstance(x, (int, float)):
        return x
    if isinstance(x, dict):
        return sum(total(v) for v in x.values())
    if isinstance(x, list):
        return sum(total(v) for v in x)
    return 0

path, keys = sys.argv[1], sys.argv[2:]
try:
    with open(path, encoding="utf-8") as fh:
        data = json.load(fh)
except (OSError, ValueError):
    data = None
for key in keys:
    if not isinstance(data, dict) or key not in data:
        print("n/a")
    elif isinstance(data[key], str):
        print(data[key])
    else:
        print(total(data[key]))
PY
}

cpu_model() {
    local m
    m="$(grep -m1 -E '^(model name|Hardware|cpu model)' /proc/cpuinfo 2>/dev/null | sed 's/^[^:]*:[[:space:]]*//')" || true
    printf '%s' "${m:-unknown}"
}

# ------------------------------------------------------------------ setup ---

ensure_time
ensure_python

if [[ -n $FILE ]]; then
    [[ -f $FILE ]] || die "no such file: $FILE"
    FILE="$(cd "$(dirname "$FILE")" && pwd)/$(basename "$FILE")"
    GENERATED=0
else
    FILE="$DATA_DIR/gen-$ENTITIES.ftm.json"
    GENERATED=1
fi

NEED_BIN=0
if [[ $SKIP_OURS == 0 ]]; then NEED_BIN=1; fi
if [[ $GENERATED == 1 && ($REGENERATE == 1 || ! -s $FILE) ]]; then NEED_BIN=1; fi

if [[ $NEED_BIN == 1 ]]; then
    if [[ -n $BIN ]]; then
        [[ -x $BIN ]] || die "--bin $BIN is not an executable file"
        BIN="$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")"
        log "using $BIN"
    else
        command -v swift >/dev/null 2>&1 || die "swift is not on PATH (or pass --bin PATH)"
        log "building sanctions-graph (swift build -c release --static-swift-stdlib --product sanctions-graph)"
        (cd "$ROOT" && swift build -c release --static-swift-stdlib --product sanctions-graph) >&2 ||
            die "swift build failed"
        BIN="$(cd "$ROOT" && swift build -c release --static-swift-stdlib --show-bin-path)/sanctions-graph"
        [[ -x $BIN ]] || die "built binary not found at $BIN"
    fi
fi

if [[ $GENERATED == 1 ]]; then
    if [[ $REGENERATE == 1 || ! -s $FILE ]]; then
        mkdir -p "$DATA_DIR"
        partial="$DATA_DIR/.partial-gen-$ENTITIES.ftm.json"
        rm -f "$partial"
        log "generating $ENTITIES entities (seed $SEED) into $FILE"
        gen_start=$EPOCHREALTIME
        "$BIN" generate --entities "$ENTITIES" --seed "$SEED" -o "$partial" >&2 ||
            { rm -f "$partial"; die "sanctions-graph generate failed"; }
        [[ -s $partial ]] || die "sanctions-graph generate wrote no file at $partial"
        mv -f "$partial" "$FILE"
        log "generated in $(fmt '%.1f' "$(calc "$EPOCHREALTIME - $gen_start")") s"
    else
        log "using cached $FILE (--regenerate to rebuild it)"
    fi
fi

FILE_BYTES="$(stat -c %s "$FILE")"
FILE_MB="$(calc "$FILE_BYTES / 1000000")"
RECORDS="$(grep -c -v '^[[:space:]]*$' "$FILE" || true)"
RECORDS="${RECORDS:-0}"
log "file: $FILE ($(fmt '%.1f' "$FILE_MB") MB, $RECORDS records)"

PY_RUNS="$RUNS"
if ((FILE_BYTES > BIG_FILE_BYTES)); then
    PY_RUNS=1
fi

# Warm the page cache so that every tool reads the file from memory.
cat "$FILE" >/dev/null

# -------------------------------------------------------------- measuring ---

OURS_DONE=0 FTM_DONE=0 VALIDATE_DONE=0 JSON_DONE=0
OURS_OUT="$TMP/ours.json" FTM_OUT="$TMP/ftm.json" JSON_OUT="$TMP/json.json" VALIDATE_OUT="$TMP/validate.json"

if [[ $SKIP_OURS == 0 ]]; then
    # One untimed run first: the method promises a warm page cache, for the binary too.
    log "warming up: sanctions-graph info (not timed)"
    "$BIN" info "$FILE" --quiet > /dev/null || die "sanctions-graph info failed on $FILE"
    if [[ $SKIP_FTM == 0 ]]; then
        # The json.loads yardstick (issue 12 §2) runs as often as ours, each of its runs
        # right after one of ours: the machine's speed drifts within a minute, and a ratio
        # of two best times taken minutes apart would measure the drift.
        ensure_venv
        log "measuring: sanctions-graph info and json.loads only, alternately (runs: $RUNS each)"
        OURS_WALL="" OURS_RSS_KB=0 OURS_WALLS="" JSON_WALL="" JSON_RSS_KB=0 JSON_WALLS=""
        for ((i = 1; i <= RUNS; i++)); do
            BEST_WALL="$OURS_WALL" PEAK_RSS_KB="$OURS_RSS_KB" ALL_WALLS="$OURS_WALLS"
            bench_step "sanctions-graph info" "$i/$RUNS" "$OURS_OUT" "$BIN" info "$FILE" --format json
            OURS_WALL="$BEST_WALL" OURS_RSS_KB="$PEAK_RSS_KB" OURS_WALLS="$ALL_WALLS"
            BEST_WALL="$JSON_WALL" PEAK_RSS_KB="$JSON_RSS_KB" ALL_WALLS="$JSON_WALLS"
            bench_step "json.loads only" "$i/$RUNS" "$JSON_OUT" "$VENV/bin/python" "$HERE/ftm_parse.py" "$FILE" --json-only
            JSON_WALL="$BEST_WALL" JSON_RSS_KB="$PEAK_RSS_KB" JSON_WALLS="$ALL_WALLS"
        done
        JSON_DONE=1
    else
        log "measuring: sanctions-graph info (runs: $RUNS)"
        bench "sanctions-graph info" "$RUNS" "$OURS_OUT" "$BIN" info "$FILE" --format json
        OURS_WALL="$BEST_WALL" OURS_RSS_KB="$PEAK_RSS_KB" OURS_WALLS="$ALL_WALLS"
    fi
    { read -r OURS_ENTITIES; read -r OURS_TIES; } < <(json_fields "$OURS_OUT" entities ties)
    if [[ $OURS_ENTITIES == n/a ]]; then
        log "warning: no 'entities' in the output of info --format json; it began with:"
        head -c 400 "$OURS_OUT" >&2 || true
        printf '\n' >&2
    fi
    OURS_DONE=1
fi

if [[ $SKIP_FTM == 0 ]]; then
    ensure_venv
    PY="$VENV/bin/python"
    FTM_VERSION="$("$PY" -c 'import followthemoney; print(followthemoney.__version__)')"
    PY_VERSION="$("$PY" -c 'import platform; print(platform.python_version())')"

    log "measuring: followthemoney $FTM_VERSION proxies (runs: $PY_RUNS)"
    bench "followthemoney proxies" "$PY_RUNS" "$FTM_OUT" "$PY" "$HERE/ftm_parse.py" "$FILE"
    FTM_WALL="$BEST_WALL" FTM_RSS_KB="$PEAK_RSS_KB" FTM_WALLS="$ALL_WALLS"
    { read -r FTM_PROXIES; read -r FTM_ERRORS; read -r FTM_EDGES; read -r FTM_LOOP; read -r FTM_MODEL_LOAD; } \
        < <(json_fields "$FTM_OUT" proxies errors edges parse_seconds model_load_seconds)
    FTM_DONE=1

    if [[ $FTM_VALIDATE == 1 ]]; then
        log "measuring: followthemoney proxies, cleaned=False (runs: $PY_RUNS)"
        bench "followthemoney proxies (validate)" "$PY_RUNS" "$VALIDATE_OUT" \
            "$PY" "$HERE/ftm_parse.py" "$FILE" --validate
        VALIDATE_WALL="$BEST_WALL" VALIDATE_RSS_KB="$PEAK_RSS_KB" VALIDATE_WALLS="$ALL_WALLS"
        { read -r VALIDATE_PROXIES; read -r VALIDATE_ERRORS; } < <(json_fields "$VALIDATE_OUT" proxies errors)
        VALIDATE_DONE=1
    fi

    if [[ $JSON_DONE == 0 ]]; then
        PY_JSON_RUNS="$RUNS"
        log "measuring: json.loads only (runs: $PY_JSON_RUNS)"
        bench "json.loads only" "$PY_JSON_RUNS" "$JSON_OUT" "$PY" "$HERE/ftm_parse.py" "$FILE" --json-only
        JSON_WALL="$BEST_WALL" JSON_RSS_KB="$PEAK_RSS_KB" JSON_WALLS="$ALL_WALLS"
    fi
    { read -r JSON_OBJECTS; read -r JSON_ERRORS; } < <(json_fields "$JSON_OUT" objects errors)
fi

# --------------------------------------------------------------- the table ---

# row NAME RUNS WALL RSS_KB ENTITIES
row() {
    local name="$1" runs="$2" wall="$3" rss_kb="$4" entities="$5" eps="n/a"
    if [[ $entities != n/a ]]; then
        eps="$(thousands "$(fmt '%.0f' "$(rate "$entities" "$wall")")")"
    fi
    printf '| %s | %s | %s | %s | %s | %s | %s |\n' "$name" "$runs" \
        "$(fmt '%.3f' "$wall")" \
        "$(mbps "$(rate "$FILE_MB" "$wall")")" \
        "$(thousands "$(fmt '%.0f' "$(rate "$RECORDS" "$wall")")")" \
        "$eps" \
        "$(kb_to_mb "$rss_kb")"
}
skipped_row() { printf '| %s | – | skipped | | | | |\n' "$1"; }

DATE="$(date -u '+%Y-%m-%d %H:%M:%S UTC')"
NPROC="$(nproc)"
CPU="$(cpu_model)"
GIT_REV="$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo 'no commit')"
if [[ -n $(git -C "$ROOT" status --porcelain --untracked-files=no 2>/dev/null || true) ]]; then
    GIT_REV="$GIT_REV (uncommitted changes)"
fi
if [[ $GENERATED == 1 ]]; then
    FILE_DESC="Benchmarks/ingest/data/$(basename "$FILE") (generate --entities $ENTITIES --seed $SEED)"
else
    FILE_DESC="$FILE"
fi

report() {
    printf '## Ingest benchmark, %s\n\n' "$DATE"
    printf -- '- file: %s: %s MB (%s bytes), %s records\n' "$FILE_DESC" \
        "$(fmt '%.1f' "$FILE_MB")" "$(thousands "$FILE_BYTES")" "$(thousands "$RECORDS")"
    printf -- '- machine: %s cores (nproc), %s, %s\n' "$NPROC" "$CPU" "$(uname -sr)"
    local versions="sanctions-graph $GIT_REV"
    if [[ $FTM_DONE == 1 ]]; then
        versions="$versions; followthemoney $FTM_VERSION, Python $PY_VERSION"
    fi
    printf -- '- versions: %s\n' "$versions"
    printf -- '- method: peak RSS from `/usr/bin/time -v`, wall from bash'"'"'s clock around it (to the millisecond), warm page cache; wall = best of the runs, peak RSS = highest of the runs; 1 MB = 10^6 bytes\n\n'

    printf '| tool | runs | wall s | MB/s | records/s | entities/s | peak RSS MB |\n'
    printf '|---|---:|---:|---:|---:|---:|---:|\n'
    if [[ $OURS_DONE == 1 ]]; then
        row 'sanctions-graph info' "$RUNS" "$OURS_WALL" "$OURS_RSS_KB" "$OURS_ENTITIES"
    else
        skipped_row 'sanctions-graph info'
    fi
    if [[ $FTM_DONE == 1 ]]; then
        row 'followthemoney proxies' "$PY_RUNS" "$FTM_WALL" "$FTM_RSS_KB" "$FTM_PROXIES"
        if [[ $VALIDATE_DONE == 1 ]]; then
            row 'followthemoney proxies, cleaned=False' "$PY_RUNS" "$VALIDATE_WALL" "$VALIDATE_RSS_KB" "$VALIDATE_PROXIES"
        fi
        row 'json.loads only' "$RUNS" "$JSON_WALL" "$JSON_RSS_KB" "$JSON_OBJECTS"
    else
        skipped_row 'followthemoney proxies'
        skipped_row 'json.loads only'
    fi
    printf '\nentities/s counts what each tool built: `info` the entities of its `entities` object (ties and designations are records too, not entities); the Python rows every proxy or JSON object, one per record. MB/s and records/s compare like with like.\n\n'

    # Goals.
    local speed="n/a" speed_status="not measured" rss="n/a" rss_status="not measured"
    if [[ $OURS_DONE == 1 && $FTM_DONE == 1 ]]; then
        local ratio
        ratio="$(calc "$(rate "$FILE_MB" "$OURS_WALL") / $(rate "$FILE_MB" "$FTM_WALL")")"
        speed="$(fmt '%.1f' "$ratio")×"
        if [[ $(calc "$ratio >= $SPEED_GOAL ? 1 : 0") == 1 ]]; then speed_status="met"; else speed_status="**missed**"; fi
    fi
    local json="n/a" json_status="not measured"
    if [[ $OURS_DONE == 1 && $FTM_DONE == 1 ]]; then
        # Both read the same file's records: the ratio of wall times is the ratio of records/s.
        local json_ratio
        json_ratio="$(calc "$JSON_WALL / $OURS_WALL")"
        json="$(fmt '%.2f' "$json_ratio")×"
        if [[ $(calc "$json_ratio >= $JSON_GOAL ? 1 : 0") == 1 ]]; then json_status="met"
        elif [[ $(calc "$json_ratio >= $JSON_FLOOR ? 1 : 0") == 1 ]]; then json_status="**missed** (above the ${JSON_FLOOR}× floor)"
        else json_status="**missed** (below the ${JSON_FLOOR}× floor)"; fi
    fi
    if [[ $OURS_DONE == 1 ]]; then
        local rss_mb
        rss_mb="$(kb_to_mb "$OURS_RSS_KB")"
        rss="$rss_mb MB"
        if [[ $GENERATED == 1 && $ENTITIES == "$RSS_GOAL_ENTITIES" ]]; then
            if [[ $(calc "$rss_mb <= $RSS_GOAL_MB ? 1 : 0") == 1 ]]; then rss_status="met"; else rss_status="**missed**"; fi
        else
            rss_status="n/a (goal is set at $(thousands "$RSS_GOAL_ENTITIES") generated entities)"
        fi
    fi
    printf '| goal | target | measured | status |\n'
    printf '|---|---|---|---|\n'
    printf '| our MB/s ÷ followthemoney MB/s | ≥ %s× | %s | %s |\n' "$SPEED_GOAL" "$speed" "$speed_status"
    printf '| our records/s ÷ a bare `json.loads` loop'"'"'s (same file, same run) | ≥ %s× | %s | %s |\n' "$JSON_GOAL" "$json" "$json_status"
    printf '| peak RSS of `info` at %s entities | ≤ %s MB | %s | %s |\n' \
        "$(thousands "$RSS_GOAL_ENTITIES")" "$RSS_GOAL_MB" "$rss" "$rss_status"
    printf '\n'

    # Counts and details.
    if [[ $OURS_DONE == 1 ]]; then
        printf -- '- sanctions-graph info: %s entities, %s ties; wall times %s s\n' \
            "$(count "$OURS_ENTITIES")" "$(count "$OURS_TIES")" "$OURS_WALLS"
    fi
    if [[ $FTM_DONE == 1 ]]; then
        printf -- '- followthemoney (`model.get_proxy(data)`, cleaned=True): %s proxies, %s errors, %s edge entities; wall times %s s; loop alone %s s, model load %s s\n' \
            "$(count "$FTM_PROXIES")" "$(count "$FTM_ERRORS")" "$(count "$FTM_EDGES")" "$FTM_WALLS" \
            "$(fmt '%.2f' "$FTM_LOOP")" "$(fmt '%.2f' "$FTM_MODEL_LOAD")"
        if [[ $VALIDATE_DONE == 1 ]]; then
            printf -- '- followthemoney, cleaned=False: %s proxies, %s errors; wall times %s s\n' \
                "$(count "$VALIDATE_PROXIES")" "$(count "$VALIDATE_ERRORS")" "$VALIDATE_WALLS"
        fi
        printf -- '- json.loads only: %s objects, %s errors; wall times %s s\n' \
            "$(count "$JSON_OBJECTS")" "$(count "$JSON_ERRORS")" "$JSON_WALLS"
    fi
    if [[ $OURS_DONE == 1 && $FTM_DONE == 1 && $OURS_ENTITIES != "$FTM_PROXIES" ]]; then
        printf -- '- note: entity counts differ (sanctions-graph %s, followthemoney %s)\n' \
            "$(count "$OURS_ENTITIES")" "$(count "$FTM_PROXIES")"
    fi
}

report >"$TMP/report.md"
cat "$TMP/report.md"

if [[ $APPEND == 1 ]]; then
    if [[ ! -s $RESULTS ]]; then
        printf '# Ingest benchmark results\n\nAppended by `Benchmarks/ingest/run.sh`, newest last; see README.md.\n' >"$RESULTS"
    fi
    { printf '\n'; cat "$TMP/report.md"; } >>"$RESULTS"
    log "appended to $RESULTS"
fi
