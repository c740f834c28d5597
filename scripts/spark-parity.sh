#!/usr/bin/env bash
# The Spark job's parity with the Swift engine (README "Beyond one machine"; issue 16): installs
# pyspark into a private virtual environment (.build/spark-venv) and compares every entity's
# status on the demo graph, the EN+ graph, the OpenSanctions-shaped cluster and a generated 10k
# network, under ofac, eu and uk, at two dates each, and the relief diff of two delistings.
# Needs Java 17 (Spark 4); without Java it says so and exits 0 (scripts/test.sh runs it).
# Usage: scripts/spark-parity.sh [SANCTIONS_GRAPH_BINARY]   (default: .build/debug/sanctions-graph)
set -euo pipefail
cd "$(dirname "$0")/.."
bin="${1:-.build/debug/sanctions-graph}"
if ! command -v java >/dev/null; then
  echo "spark-parity: no Java on this machine: the Spark parity test did not run (install openjdk-17-jre-headless)" >&2
  exit 0
fi
venv=.build/spark-venv
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c "import pyspark" 2>/dev/null; then
  echo "spark-parity: installing pyspark into $venv" >&2
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q "pyspark==4.0.1" >&2
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$bin" generate --entities 10000 --seed 7 -o "$work/gen-10k.ftm.json" 2>/dev/null
# The parity lines and any difference go to stderr, Spark's start-up chatter filtered out; the
# pipeline ends before the script does, and its status is the comparison's (pipefail).
"$venv/bin/python" Distributed/spark/parity.py "$bin" "$work" \
  Graphs/demo-rare-earths.ftm.json:2026-11-29,2020-06-01 \
  Graphs/en-plus-2019.ftm.json:2018-06-01,2019-02-01 \
  Graphs/opensanctions-cluster.ftm.json:2024-06-01,2026-11-29 \
  "$work/gen-10k.ftm.json:2020-01-01,2026-11-29" 2>&1 >/dev/null | { grep -v -E "WARN|log4j|setLogLevel|^\s*$" || true; } >&2
