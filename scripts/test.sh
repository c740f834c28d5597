#!/usr/bin/env bash
# Sets up and runs every test (Swift Testing), from a clean clone or a warm build.
# Usage: scripts/test.sh [extra arguments for `swift test`, e.g. --filter GraphIOTests]
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
swift build --build-tests >&2
swift test --skip-build "$@"
