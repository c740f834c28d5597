#!/usr/bin/env python3
"""Parity of the Spark job with the Swift engine (issue 16): for each graph, rule and date,
every entity's status from `sanctions_rules.evaluate` must equal `sanctions-graph blocked
--format csv`'s. One SparkSession for every case.

    python parity.py SANCTIONS_GRAPH_BINARY WORKDIR GRAPH:DATE,DATE [GRAPH:DATE,DATE ...]

Exits 1 and lists the differences if any case differs."""
import csv, json, os, subprocess, sys, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pyspark.sql import SparkSession
import sanctions_rules

binary, work, specs = sys.argv[1], sys.argv[2], sys.argv[3:]
# Small graphs: one partition, no UI, no progress bars.
spark = SparkSession.builder.master("local[2]").appName("sanctions-parity") \
    .config("spark.sql.shuffle.partitions", "1").config("spark.default.parallelism", "1") \
    .config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false") \
    .config("spark.sql.adaptive.enabled", "false").getOrCreate()
spark.sparkContext.setLogLevel("ERROR")
failures = 0
cases = 0
for spec in specs:
    graph, dates = spec.rsplit(":", 1)
    tables = os.path.join(work, os.path.basename(graph).split(".")[0])
    subprocess.run([binary, "export", graph, "--tables", tables, "--quiet"], check=True, stderr=subprocess.DEVNULL)
    for day in dates.split(","):
        for rule in ("ofac", "eu", "uk"):
            cases += 1
            out = subprocess.run([binary, "blocked", graph, "--rule", rule, "--as-of", day, "--format", "csv", "--quiet"],
                                 check=True, capture_output=True, text=True).stdout
            swift = {r["id"]: r["status"] for r in csv.DictReader(out.splitlines())}
            t = time.time()
            result, iterations = sanctions_rules.evaluate(spark, tables, rule, day)
            spark_rows = {r["id"]: r["status"] for r in result.collect()}
            differ = sorted(set(swift) | set(spark_rows))
            differ = [i for i in differ if swift.get(i, "clear") != spark_rows.get(i, "clear")]
            verdict = "same" if not differ else f"{len(differ)} differ"
            print(f"{os.path.basename(graph)} {rule} {day}: {len(swift)} not clear, {iterations} iterations, "
                  f"{time.time() - t:.1f} s: {verdict}", file=sys.stderr)
            for i in differ[:10]:
                print(f"  {i}: swift {swift.get(i, 'clear')}, spark {spark_rows.get(i, 'clear')}", file=sys.stderr)
            failures += bool(differ)
# The relief diff (--delist): what delisting frees, against `relief --format json`'s "unblocked".
if specs:
    graph, dates = specs[0].rsplit(":", 1)
    tables = os.path.join(work, os.path.basename(graph).split(".")[0])
    day = dates.split(",")[0]
    blocked = ("designated", "owned", "controlled")
    top = subprocess.run([binary, "rank", graph, "--by", "relief", "--rule", "ofac", "--as-of", day, "--top", "2", "--format", "json", "--quiet"],
                         check=True, capture_output=True, text=True).stdout
    delist = [r["id"] for r in json.loads(top)["ranking"]]
    for rule in ("ofac", "eu", "uk"):
        cases += 1
        relief = subprocess.run([binary, "relief", graph, "--rule", rule, "--as-of", day, "--format", "json", "--quiet"]
                                + [x for d in delist for x in ("--delist", d)], check=True, capture_output=True, text=True).stdout
        swift_freed = sorted(e["id"] for e in json.loads(relief)["unblocked"])
        before = {r["id"]: r["status"] for r in sanctions_rules.evaluate(spark, tables, rule, day)[0].collect()}
        after = {r["id"]: r["status"] for r in sanctions_rules.evaluate(spark, tables, rule, day, delist)[0].collect()}
        spark_freed = sorted(i for i, s in before.items() if s in blocked and after.get(i, "clear") not in blocked)
        same = swift_freed == spark_freed
        print(f"{os.path.basename(graph)} {rule} {day} delisting {', '.join(delist)}: frees {len(spark_freed)}: "
              f"{'same' if same else 'DIFFERS'}", file=sys.stderr)
        if not same:
            print(f"  swift {swift_freed}\n  spark {spark_freed}", file=sys.stderr)
        failures += not same
spark.stop()
print(f"parity: {cases - failures} of {cases} cases equal", file=sys.stderr)
sys.exit(1 if failures else 0)
