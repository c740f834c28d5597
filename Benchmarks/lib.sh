# Helpers the benchmark scripts share; source it after setting BENCH (the log prefix), ROOT
# (the repository) and BIN (a sanctions-graph binary, or empty to build one).

log() { printf '[%s] %s\n' "$BENCH" "$*" >&2; }
die() { printf '[%s] error: %s\n' "$BENCH" "$*" >&2; exit 1; }

# calc EXPR: awk arithmetic, printed without a newline ("1 < 2" prints 1).
calc() { LC_ALL=C awk "BEGIN { printf \"%s\", ($1) }" </dev/null; }

# need_positive OPTION VALUE: dies unless VALUE is a positive integer.
need_positive() { [[ $2 =~ ^[1-9][0-9]*$ ]] || die "$1 must be a positive integer, got '$2'"; }

# need_gnu_time: dies unless /usr/bin/time (GNU time, for peak RSS) is there.
need_gnu_time() { [[ -x /usr/bin/time ]] || die "/usr/bin/time (GNU time) is missing: install it, e.g. 'sudo apt-get install time'"; }

# build_cli: unless BIN names one, builds sanctions-graph in release mode as scripts/demo.sh
# does (the Swift runtime and Foundation linked in: README "The CLI") and sets BIN to it.
build_cli() {
    if [[ -z $BIN ]]; then
        log "building the CLI (release, --static-swift-stdlib)"
        (cd "$ROOT" && swift build -c release --static-swift-stdlib --product sanctions-graph >&2) || die "swift build failed"
        BIN="$(cd "$ROOT" && swift build -c release --static-swift-stdlib --show-bin-path)/sanctions-graph"
    fi
    [[ -x $BIN ]] || die "no executable at $BIN"
}

# now: bash's clock in seconds with microseconds, with a '.' whatever the locale.
now() { printf '%s' "${EPOCHREALTIME/,/.}"; }

# measure OUT CMD…: runs CMD under GNU time with stdout to OUT; sets WALL (seconds, to the
# millisecond) and RSS (peak, MB); dies, showing CMD's stderr, if CMD fails. The wall time is
# bash's clock around the run: GNU time's own truncates to 0.01 s, which flattered a run of
# 0.16 s by up to 6% against one of 1.1 s by under 1%.
measure() {
    local out=$1; shift
    local start end
    start=$(now)
    /usr/bin/time -f '%M' -o "$out.time" "$@" > "$out" 2> "$out.err" || { cat "$out.err" >&2; die "$1 failed"; }
    end=$(now)
    local kb
    kb=$(tail -n 1 "$out.time")
    WALL=$(LC_ALL=C awk -v s="$start" -v e="$end" 'BEGIN { printf "%.3f", e - s }' </dev/null)
    RSS=$(calc "$kb / 1024")
}

# lower A B: prints the smaller of A and B (B when A is empty).
lower() { [[ -n $1 ]] && (( $(calc "$1 < $2") )) && printf '%s' "$1" || printf '%s' "$2"; }
# higher A B: prints the larger of A and B.
higher() { (( $(calc "$1 > $2") )) && printf '%s' "$1" || printf '%s' "$2"; }

# verdict VALUE GOAL: "met (≤ GOAL)" or "NOT met (goal ≤ GOAL)".
verdict() { (( $(calc "$1 <= $2") )) && echo "met (≤ $2)" || echo "NOT met (goal ≤ $2)"; }
