#!/usr/bin/env bash
# The fuzz targets (README "Fuzzing and sanitizers"; their code is in Tests/Fuzz/Targets):
#   scripts/fuzz.sh --list              the targets: name, -max_len, what each checks
#   scripts/fuzz.sh TARGET SECONDS      builds the libFuzzer driver (address sanitizer, release,
#                                       in .build-fuzz) and fuzzes TARGET for SECONDS
#   scripts/fuzz.sh --totals            executions and findings so far, per target
# A run grows Tests/Fuzz/corpus/TARGET from Tests/Fuzz/seeds/TARGET, then merges the corpus
# down to the inputs that add coverage (commit it: the next run goes on from there), and
# appends its executions to Tests/Fuzz/runs.tsv. A finding stops the run: the input is kept in
# Tests/Fuzz/findings/TARGET/ (ignored by git), the script exits 1 and says how to replay it.
# Once fixed, move the input to Tests/Fuzz/regressions/TARGET/: the suite replays it.
# Extra arguments after SECONDS go to libFuzzer (its statistics, and so the run log, assume
# one process: no -jobs).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
fuzz=Tests/Fuzz
log=$fuzz/runs.tsv

targets() {
  bash scripts/setup.sh >&2
  swift build --product sanctions-fuzz >&2
  .build/debug/sanctions-fuzz --list
}

case "${1:-}" in
  --list)
    targets
    exit 0
    ;;
  --totals)
    [ -f "$log" ] || { echo "no runs yet ($log)"; exit 0; }
    printf "%-13s %5s %9s %14s %8s\n" target runs seconds executions findings
    awk -F'\t' 'NR > 1 { runs[$2]++; secs[$2] += $3; execs[$2] += $4; found[$2] += $5 }
      END { for (t in runs) printf "%-13s %5d %9d %14d %8d\n", t, runs[t], secs[t], execs[t], found[t] }' "$log" | sort
    exit 0
    ;;
  ""|-h|--help)
    sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'
    exit 2
    ;;
esac

target=$1
seconds=${2:?usage: scripts/fuzz.sh TARGET SECONDS [libFuzzer options]}
shift 2
line=$(targets | awk -F'\t' -v t="$target" '$1 == t')
[ -n "$line" ] || { echo "unknown target $target (scripts/fuzz.sh --list)" >&2; exit 2; }
max_len=$(printf '%s' "$line" | cut -f2)

# libFuzzer and the address sanitizer, release-optimised; -D FUZZING makes the driver hand its
# arguments to libFuzzer. lld: gold crashes while reporting link errors with these objects.
swift build -c release --product sanctions-fuzz --scratch-path .build-fuzz \
  -Xswiftc -sanitize=fuzzer,address -Xswiftc -DFUZZING -Xswiftc -use-ld=lld >&2
exe=.build-fuzz/release/sanctions-fuzz

corpus=$fuzz/corpus/$target
findings=$fuzz/findings/$target
mkdir -p "$corpus" "$findings"
# Leak checking stays on. Graphviz 2.42's, Pango's and fontconfig's caches are suppressed by
# function name, which takes full stacks on every allocation (those libraries have no frame
# pointers): 4 inputs a second instead of 80. So the target that calls Graphviz is fuzzed
# without the leak checker, and its whole corpus is replayed with it, full stacks and the
# suppressions, at the end of the run.
leaks=1
[ "$target" = dot ] && leaks=0
export ASAN_OPTIONS="detect_leaks=$leaks${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
export LSAN_OPTIONS="suppressions=$root/scripts/sanitizers/lsan.supp:print_suppressions=0${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
# libFuzzer reports crashes itself; Swift's backtracer would only slow them down.
export SWIFT_BACKTRACE=enable=no
before=$(ls "$findings" | wc -l)
stats=$(mktemp)
status=0
"$exe" "$target" "$corpus" "$fuzz/seeds/$target" -max_total_time="$seconds" -max_len="$max_len" \
  -timeout=10 -rss_limit_mb=2048 -detect_leaks=$leaks -artifact_prefix="$findings/" -print_final_stats=1 "$@" 2> >(tee "$stats" >&2) || status=$?
sleep 1
# The final count, or (a run stopped by a finding prints none) the last progress line's "#N".
executions=$(awk '/stat::number_of_executed_units:/ { final += $2; seen = 1 }
  /^#[0-9]+/ { n = substr($1, 2) + 0; if (n > last) last = n }
  END { print (seen ? final : last) + 0 }' "$stats")
found=$(( $(ls "$findings" | wc -l) - before ))
rm -f "$stats"

# Keep the corpus small: only the inputs that add coverage.
merged=$(mktemp -d)
"$exe" "$target" -merge=1 -detect_leaks=$leaks -max_len="$max_len" "$merged" "$corpus" >/dev/null 2>&1 && { rm -rf "$corpus"; mv "$merged" "$corpus"; } || rm -rf "$merged"

if [ "$leaks" = 0 ]; then
  echo "replaying the corpus under the leak checker (full stacks)" >&2
  ASAN_OPTIONS="$ASAN_OPTIONS:detect_leaks=1:fast_unwind_on_malloc=0" "$exe" "$target" -runs=0 -detect_leaks=1 -max_len="$max_len" \
    -artifact_prefix="$findings/" "$corpus" "$fuzz/seeds/$target" 2>&1 | grep -E "ERROR|SUMMARY|leak" >&2 || true
  found=$(( $(ls "$findings" | wc -l) - before ))
fi

[ -f "$log" ] || printf 'date\ttarget\tseconds\texecutions\tfindings\tcorpus\n' > "$log"
printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$target" "$seconds" "$executions" "$found" "$(ls "$corpus" | wc -l)" >> "$log"
echo "$target: $executions executions in ${seconds}s, $found findings, corpus $(ls "$corpus" | wc -l) inputs" >&2
if [ "$status" -ne 0 ] || [ "$found" -gt 0 ]; then
  echo "finding(s) in $findings/: replay with  swift build --product sanctions-fuzz && .build/debug/sanctions-fuzz $target $findings/FILE" >&2
  exit 1
fi
