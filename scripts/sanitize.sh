#!/usr/bin/env bash
# Builds and runs every test under a sanitizer, in its own build folder (the normal .build is
# untouched):
#   scripts/sanitize.sh thread    # data races (parallel centralities, the Graphviz lock); .build-tsan
#   scripts/sanitize.sh address   # memory errors and leaks; .build-asan
# Extra arguments go to `swift test` (e.g. --filter GraphAlgorithmsTests). One sanitizer build
# at a time on a small machine: each takes ~4–5 minutes clean, the suite 6–9 minutes.
# The CLI tests run the sanitized CLI as a child process, which inherits the options below.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
case "${1:-}" in
  thread)
    scratch=.build-tsan
    # No suppressions needed: the suite runs clean. Report every race, fail at exit.
    export TSAN_OPTIONS="halt_on_error=0${TSAN_OPTIONS:+:$TSAN_OPTIONS}"
    ;;
  address)
    scratch=.build-asan
    # Full stacks for every allocation: the suppressions name functions inside system
    # libraries that have no frame pointers (see scripts/sanitizers/lsan.supp).
    export ASAN_OPTIONS="detect_leaks=1:fast_unwind_on_malloc=0${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
    # print_suppressions=0: the CLI tests compare the child's stderr exactly.
    export LSAN_OPTIONS="suppressions=$root/scripts/sanitizers/lsan.supp:print_suppressions=0${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
    ;;
  *)
    echo "usage: scripts/sanitize.sh thread|address [swift test arguments]" >&2
    exit 2
    ;;
esac
kind=$1
shift
bash scripts/setup.sh
swift build --build-tests --sanitize="$kind" --scratch-path "$scratch" >&2
swift test --skip-build --sanitize="$kind" --scratch-path "$scratch" "$@"
