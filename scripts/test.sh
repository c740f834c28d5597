#!/usr/bin/env bash
# Sets up and runs every test (Swift Testing), from a clean clone or a warm build.
# Usage: scripts/test.sh [extra arguments for `swift test`, e.g. --filter GraphIOTests]
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --browser
swift build --build-tests >&2
swift test --skip-build "$@"
# The explorer in a real browser, and the Spark job against the Swift engine (when Java is
# present); with a --filter, only when asked (BROWSER_TEST=1, SPARK_TEST=1).
if [ $# -eq 0 ] || [ "${BROWSER_TEST:-0}" = 1 ]; then bash scripts/browser-test.sh; fi
if [ $# -eq 0 ] || [ "${SPARK_TEST:-0}" = 1 ]; then bash scripts/spark-parity.sh; fi
