#!/usr/bin/env bash
# The Spark job at scale (issue 16; not a timed test): on a generated network of ENTITIES
# (default 1,000,000), exports the tables, runs `blocked --format csv` (Swift, whole process)
# and the Spark job in local mode (both cores) under each RULE, compares every entity's
# status, and prints the times and Spark's iteration count side by side.
# Usage: Benchmarks/spark/run.sh [ENTITIES] [RULES]   (RULES: comma-separated, default ofac,eu,uk;
#        BIN=path skips the build; needs Java 17)
set -euo pipefail
BENCH=spark
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
BIN="${BIN:-}"
source "$ROOT/Benchmarks/lib.sh"
entities="${1:-1000000}" rules="${2:-ofac,eu,uk}"
need_positive ENTITIES "$entities"
command -v java >/dev/null || die "Java 17 is needed (Spark 4)"
need_gnu_time
build_cli
data="$ROOT/Benchmarks/spark/data"
mkdir -p "$data"
graph="$data/gen-$entities.ftm.json"
[[ -f $graph ]] || { log "generating $entities entities"; "$BIN" generate --entities "$entities" --seed 7 -o "$graph" >&2; }
venv="$ROOT/Benchmarks/spark/.venv"
[[ -x $venv/bin/python ]] && "$venv/bin/python" -c "import pyspark" 2>/dev/null || { python3 -m venv "$venv"; "$venv/bin/pip" install -q "pyspark==4.0.1" >&2; }
tables="$data/tables-$entities"
measure "$data/export.out" "$BIN" export "$graph" --tables "$tables" --quiet
log "export: $WALL s, $RSS MB"
day=2026-11-29
echo "| rule | Swift \`blocked\` (whole process) | Spark local[2] job | iterations | statuses equal |"
echo "|---|---:|---:|---:|---|"
for rule in ${rules//,/ }; do
    measure "$data/swift-$rule.csv" "$BIN" blocked "$graph" --rule "$rule" --as-of "$day" --format csv --quiet
    swift_wall=$WALL
    measure "$data/spark-$rule.out" "$venv/bin/python" "$ROOT/Distributed/spark/sanctions_rules.py" --tables "$tables" --rule "$rule" \
        --as-of "$day" --out "$data/spark-$rule.csv" --partitions 4
    spark_wall=$WALL
    iterations=$(sed -n 's/.*; \([0-9]*\) iterations.*/\1/p' "$data/spark-$rule.out.err" | tail -1)
    equal=$(python3 - "$data/swift-$rule.csv" "$data/spark-$rule.csv" <<'PY'
import csv, sys
a = {r["id"]: r["status"] for r in csv.DictReader(open(sys.argv[1]))}
b = {r["id"]: r["status"] for r in csv.DictReader(open(sys.argv[2]))}
d = [i for i in set(a) | set(b) if a.get(i, "clear") != b.get(i, "clear")]
print("yes (%d not clear)" % len(a) if not d else "NO: %d differ" % len(d))
PY
)
    echo "| $rule | $swift_wall s | $spark_wall s | $iterations | $equal |"
done
