#!/usr/bin/env bash
# Sets up, builds the CLI in release mode, and shows what the bundled demo graph holds.
# Usage: scripts/demo.sh [extra arguments for `sanctions-graph info`]
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
echo "demo: building sanctions-graph (release)..." >&2
# The Swift runtime and Foundation linked in (README "The CLI"): a command starts faster.
swift build -c release --static-swift-stdlib --product sanctions-graph >&2
bin="$(swift build -c release --static-swift-stdlib --show-bin-path)/sanctions-graph"
"$bin" info Graphs/demo-rare-earths.ftm.json "$@"
