#!/usr/bin/env python3
"""The ownership rules on Apache Spark (issue 16; docs/tables.md, docs/distributed.md).

Reads the tables `sanctions-graph export --tables DIR` writes and computes every entity's
status under a rule on a day, with the Swift engine's semantics (docs/rules.md, shares.md,
time.md), as iterations of DataFrame joins and aggregations: nothing is collected to the
driver but counts and the final rows.

    spark-submit sanctions_rules.py --tables DIR --rule ofac|eu|uk --as-of YYYY-MM-DD --out FILE.csv [--delist ID ...]

Writes `id,status,low,high` sorted by id for every entity that is not clear (status:
designated, owned, controlled, undetermined; low/high: what blocked owners hold of it, at the
lower and the upper bound, in percent). With --delist, also prints the relief diff against
the undelisted run (freed, newly blocked).

How it maps the Swift engine (Sources/SanctionsRules/Propagation.swift):
- stakes: ownership ties in force on the day, the reports of one (owner, asset) merged into
  their hull, per share class when there are several classes (which then add); control ties
  (EU, UK) as slots holding the share of the votes, plain control as 100;
- roots: entities with a counted listing in force (lower bound), plus those whose only counted
  listings are undated and not yet known to be in force (upper bound);
- propagation: per group (one group of all roots for OFAC and the EU; for the UK each designated
  person alone, or persons joined by joint-arrangement ties): ownership to its fixed point, then
  everything the group controls, and again until nothing changes. A group's holding of an asset
  is the sum of its members' stakes; at the upper bound, capped at 100% less the lower bounds
  of the other owners' stakes.
"""
import argparse
import sys

from pyspark.sql import SparkSession, DataFrame, Window
from pyspark.sql import functions as F

EPS = 1e-9
RULES = {
    # threshold, inclusive, inclusive since (EU: ≥ from 2024-07-03), aggregation, control, jurisdiction
    "ofac": dict(threshold=50.0, inclusive=True, inclusive_since=None, per_person=False, control=False, jurisdiction="us"),
    "eu": dict(threshold=50.0, inclusive=True, inclusive_since="2024-07-03", per_person=False, control=True, jurisdiction="eu"),
    "uk": dict(threshold=50.0, inclusive=False, inclusive_since=None, per_person=True, control=True, jurisdiction="gb"),
}


# How lineage is cut: a local checkpoint (fast, on the executors' storage), or with
# --checkpoint-dir a reliable one on shared storage, as a cluster that may lose executors needs.
RELIABLE_CHECKPOINTS = False


def cut(df):
    """`df` materialised with its lineage cut (every iteration does this: the plans stay small)."""
    return df.checkpoint() if RELIABLE_CHECKPOINTS else df.localCheckpoint()


def read(spark, folder, table):
    return spark.read.option("header", True).option("escape", '"').option("multiLine", True).csv(f"{folder}/{table}")


def strict(rule, day):
    return (not rule["inclusive"]) or (rule["inclusive_since"] is not None and day < rule["inclusive_since"])


def meets(value, open_, rule, day, bound):
    """A Column: whether a holding meets the rule at the bound (BlockingRule.surelyMeets / possiblyMeets)."""
    t = rule["threshold"]
    if bound == "lower":
        if strict(rule, day):
            return F.when(open_, value >= t - EPS).otherwise(value > t + EPS)
        return value >= t - EPS
    if strict(rule, day):
        return value > t + EPS
    return F.when(open_, value > t + EPS).otherwise(value >= t - EPS)


def stakes_of(ties, rule, day):
    """The stake slots in force on `day`: (owner, asset, low, high, low_open, high_open, control)."""
    in_force = ties.where((F.coalesce(F.col("start"), F.lit("")) <= day) & ((F.col("end").isNull()) | (F.lit(day) < F.col("end"))))
    own = in_force.where(F.col("kind") == "Ownership").select(
        "owner", "asset", F.coalesce("share_class", F.lit("")).alias("cls"),
        F.col("share_low").cast("double").alias("low"), F.col("share_high").cast("double").alias("high"),
        (F.col("low_open") == "true").alias("low_open"), (F.col("high_open") == "true").alias("high_open"),
        (F.col("share_known") == "true").alias("known"))
    # Reports of one pair: with two or more named classes, one stake per named class (reports of
    # no class dropped); otherwise one stake. Each stake is the hull of its known reports, or
    # unknown ([0, 100]) if none is known (ShareInterval.stakes(fromReports:)).
    pair = Window.partitionBy("owner", "asset")
    own = own.withColumn("classes", F.size(F.collect_set(F.when(F.col("cls") != "", F.col("cls"))).over(pair)))
    own = own.where((F.col("classes") < 2) | (F.col("cls") != "")) \
        .withColumn("stake", F.when(F.col("classes") < 2, F.lit("")).otherwise(F.col("cls")))
    k = own.where("known")
    lows = k.groupBy("owner", "asset", "stake").agg(F.min("low").alias("low"))
    low_open = k.join(lows, ["owner", "asset", "stake", "low"]).groupBy("owner", "asset", "stake") \
        .agg(F.min(F.col("low_open").cast("int")).cast("boolean").alias("low_open"))
    highs = k.groupBy("owner", "asset", "stake").agg(F.max("high").alias("high"))
    high_open = k.join(highs, ["owner", "asset", "stake", "high"]).groupBy("owner", "asset", "stake") \
        .agg(F.min(F.col("high_open").cast("int")).cast("boolean").alias("high_open"))
    known = lows.join(low_open, ["owner", "asset", "stake"]).join(highs, ["owner", "asset", "stake"]).join(high_open, ["owner", "asset", "stake"])
    unknown = own.select("owner", "asset", "stake").distinct().join(known.select("owner", "asset", "stake"), ["owner", "asset", "stake"], "left_anti") \
        .select("owner", "asset", "stake", F.lit(0.0).alias("low"), F.lit(False).alias("low_open"),
                F.lit(100.0).alias("high"), F.lit(False).alias("high_open"))
    ownership = known.unionByName(unknown).withColumn("control", F.lit(False)).drop("stake")
    if not rule["control"]:
        return ownership
    control = in_force.where(F.col("kind") == "Control").select(
        "owner", "asset",
        F.when(F.col("share_known") == "true", F.col("share_low").cast("double")).otherwise(F.lit(100.0)).alias("low"),
        F.when(F.col("share_known") == "true", F.col("low_open") == "true").otherwise(F.lit(False)).alias("low_open"),
        F.when(F.col("share_known") == "true", F.col("share_high").cast("double")).otherwise(F.lit(100.0)).alias("high"),
        F.when(F.col("share_known") == "true", F.col("high_open") == "true").otherwise(F.lit(False)).alias("high_open"),
        F.lit(True).alias("control"))
    return ownership.unionByName(control)


def roots_of(designations, rule, day, delist):
    """Entities with a counted listing in force (certain), and those with only undated counted
    listings not yet known in force (uncertain): Blocking.swift designatedRoots."""
    d = designations.where((F.col("jurisdiction") == rule["jurisdiction"]) & (F.col("measure") == "asset-freeze"))
    if delist:
        d = d.where(~F.col("entity").isin(delist))
    ended = F.col("end").isNotNull() & (F.lit(day) >= F.col("end"))
    in_force = ~ended & F.when(F.col("start").isNotNull(), F.col("start") <= day) \
        .otherwise(F.col("known_since").isNotNull() & (F.col("known_since") <= day))
    unknown = ~ended & F.col("start").isNull() & (F.col("known_since").isNull() | (F.col("known_since") > day))
    certain = d.where(in_force).select(F.col("entity").alias("id")).distinct()
    possible = d.where(in_force | unknown).select(F.col("entity").alias("id")).distinct()
    return certain, possible


def groups_of(roots, ties, rule, day):
    """(group, member) for each root: one group of all roots (OFAC, EU), or under the UK rule
    each root alone unless joint-arrangement ties in force join it to others (connected
    components, by iterated label propagation; the group is its smallest member's id)."""
    if not rule["per_person"]:
        return roots.select(F.lit("*").alias("group"), F.col("id").alias("member"))
    links = ties.where((F.col("joint") == "true") & (F.coalesce(F.col("start"), F.lit("")) <= day)
                       & (F.col("end").isNull() | (F.lit(day) < F.col("end")))) \
        .join(roots.withColumnRenamed("id", "owner"), "owner").join(roots.withColumnRenamed("id", "asset"), "asset") \
        .where(F.col("owner") != F.col("asset")).select(F.col("owner").alias("a"), F.col("asset").alias("b"))
    edges = links.unionByName(links.select(F.col("b").alias("a"), F.col("a").alias("b"))).transform(cut)
    label = roots.select(F.col("id").alias("member"), F.col("id").alias("group"))
    while True:
        proposed = edges.join(label.withColumnRenamed("member", "b"), "b").groupBy("a").agg(F.min("group").alias("proposal"))
        new = label.join(proposed.withColumnRenamed("a", "member"), "member", "left") \
            .select("member", F.least("group", F.coalesce("proposal", "group")).alias("group")).transform(cut)
        if new.join(label, ["member", "group"], "left_anti").limit(1).count() == 0:
            return new
        label = new


def propagate(spark, stakes, groups, rule, day, bound):
    """Each group's fixed point at one bound: (group, entity, reason) for members gained
    (reason owned or controlled), as Propagation.swift's GroupScratch.run."""
    lo, hi = ("low", "low_open") if bound == "lower" else ("high", "high_open")
    # Checkpoints, not caches: a checkpoint also cuts the plan, which Spark would otherwise
    # analyse again, whole, for every job of every iteration.
    own = stakes.where(~F.col("control")).transform(cut)
    ctl = stakes.where(F.col("control"))
    ctl_blocks = (F.col("low") > 50 + EPS) | (F.col("low_open") & (F.col("low") >= 50 - EPS)) if bound == "lower" else (F.col("high") > 50 + EPS)
    ctl = ctl.where(ctl_blocks).select("owner", "asset").transform(cut)
    totals = own.groupBy("asset").agg(F.sum("low").alias("total_low"), F.sum(F.col("low_open").cast("int")).alias("total_open_lows")).transform(cut)
    members = groups.select("group", F.col("member").alias("entity"), F.lit("designated").alias("reason")).transform(cut)
    # What each group holds of each asset: sum of the stakes of its members (delta-accumulated).
    held = spark.createDataFrame([], "group string, asset string, s double, n long, al double, an long")
    delta = members.select("group", "entity")
    iterations = 0
    while True:
        # Ownership to its fixed point.
        while True:
            iterations += 1
            add = delta.join(own.withColumnRenamed("owner", "entity"), "entity").groupBy("group", "asset").agg(
                F.sum(lo).alias("s"), F.sum(F.col(hi).cast("int")).alias("n"),
                F.sum("low").alias("al"), F.sum(F.col("low_open").cast("int")).alias("an"))
            held = held.unionByName(add).groupBy("group", "asset").agg(F.sum("s").alias("s"), F.sum("n").alias("n"),
                                                                       F.sum("al").alias("al"), F.sum("an").alias("an")).transform(cut)
            touched = add.select("group", "asset").join(held, ["group", "asset"])
            if bound == "upper":
                t = touched.join(totals, "asset")
                consistent = (F.col("total_low") < 100 - EPS) | ((F.col("total_low") <= 100 + EPS) & (F.col("total_open_lows") == 0))
                cap = 100 - (F.col("total_low") - F.col("al"))
                cap_open = (F.col("total_open_lows") - F.col("an")) > 0
                value = F.when(~consistent, F.col("s")).when(cap < F.col("s") - EPS, F.greatest(cap, F.lit(0.0))).otherwise(F.col("s"))
                open_ = F.when(~consistent, F.col("n") > 0).when(cap < F.col("s") - EPS, cap_open) \
                    .when(F.col("s") < cap - EPS, F.col("n") > 0).otherwise((F.col("n") > 0) | cap_open)
                touched = t.select("group", "asset", value.alias("v"), open_.alias("o"))
            else:
                touched = touched.select("group", "asset", F.col("s").alias("v"), (F.col("n") > 0).alias("o"))
            gained = touched.where(meets(F.col("v"), F.col("o"), rule, day, bound)).select("group", F.col("asset").alias("entity")) \
                .join(members.select("group", "entity"), ["group", "entity"], "left_anti").transform(cut)
            if gained.limit(1).count() == 0:
                break
            members = members.unionByName(gained.withColumn("reason", F.lit("owned"))).transform(cut)
            delta = gained
        # Then everything the group controls, at once.
        controlled = members.select("group", F.col("entity").alias("owner")).join(ctl, "owner") \
            .select("group", F.col("asset").alias("entity")).distinct() \
            .join(members.select("group", "entity"), ["group", "entity"], "left_anti").transform(cut)
        if controlled.limit(1).count() == 0:
            return members, held, iterations
        members = members.unionByName(controlled.withColumn("reason", F.lit("controlled"))).transform(cut)
        delta = controlled


def evaluate(spark, tables, rule_name, day, delist=()):
    rule = RULES[rule_name]
    ties = read(spark, tables, "ties").transform(cut)
    designations = read(spark, tables, "designations")
    entities = read(spark, tables, "entities").select("id")
    stakes = stakes_of(ties, rule, day).transform(cut)
    certain, possible = roots_of(designations, rule, day, list(delist))
    certain, possible = certain.transform(cut), possible.transform(cut)
    lower, held_low, it_low = propagate(spark, stakes, groups_of(certain, ties, rule, day), rule, day, "lower")
    upper, held_high, it_high = propagate(spark, stakes, groups_of(possible, ties, rule, day), rule, day, "upper")
    # An entity's reason at the lower bound: designated, else owned by some group, else controlled.
    rank = F.when(F.col("reason") == "designated", 0).when(F.col("reason") == "owned", 1).otherwise(2)
    lower_status = lower.select(F.col("entity").alias("id"), rank.alias("r")).groupBy("id").agg(F.min("r").alias("r")) \
        .select("id", F.when(F.col("r") == 0, "designated").when(F.col("r") == 1, "owned").otherwise("controlled").alias("status"))
    upper_ids = upper.select(F.col("entity").alias("id")).distinct()
    status = upper_ids.join(lower_status, "id", "left").select("id", F.coalesce("status", F.lit("undetermined")).alias("status")) \
        .unionByName(lower_status.join(upper_ids, "id", "left_anti"))
    low = held_low.groupBy(F.col("asset").alias("id")).agg(F.max("s").alias("low"))
    high = held_high.groupBy(F.col("asset").alias("id")).agg(F.max("s").alias("high"))
    result = status.join(low, "id", "left").join(high, "id", "left") \
        .select("id", "status", F.round(F.coalesce("low", F.lit(0.0)), 2).alias("low"), F.round(F.coalesce("high", F.lit(0.0)), 2).alias("high"))
    return result, max(it_low, it_high)


def main(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--tables", required=True)
    p.add_argument("--rule", required=True, choices=sorted(RULES))
    p.add_argument("--as-of", required=True, dest="as_of")
    p.add_argument("--out", required=True)
    p.add_argument("--delist", nargs="*", default=[])
    p.add_argument("--checkpoint-dir", dest="checkpoint_dir", help="reliable checkpoints there (a cluster's shared storage) instead of local ones")
    p.add_argument("--partitions", type=int, default=8, help="shuffle partitions (spark.sql.shuffle.partitions)")
    a = p.parse_args(argv)
    spark = SparkSession.builder.appName("sanctions-rules").config("spark.sql.shuffle.partitions", str(a.partitions)) \
        .config("spark.ui.showConsoleProgress", "false").getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    if a.checkpoint_dir:
        global RELIABLE_CHECKPOINTS
        RELIABLE_CHECKPOINTS = True
        spark.sparkContext.setCheckpointDir(a.checkpoint_dir)
    result, iterations = evaluate(spark, a.tables, a.rule, a.as_of, a.delist)
    rows = result.orderBy("id").collect()
    with open(a.out, "w") as f:
        f.write("id,status,low,high\n")
        for r in rows:
            f.write(f"{r['id']},{r['status']},{r['low']:g},{r['high']:g}\n")
    print(f"{len(rows)} entities not clear under {a.rule} as of {a.as_of}; {iterations} iterations", file=sys.stderr)
    if a.delist:
        before, _ = evaluate(spark, a.tables, a.rule, a.as_of)
        b = before.select("id", F.col("status").alias("before"))
        after = result.select("id", F.col("status").alias("after"))
        blocked = ["designated", "owned", "controlled"]
        diff = b.join(after, "id", "full")
        freed = diff.where(F.col("before").isin(blocked) & ~F.coalesce(F.col("after"), F.lit("clear")).isin(blocked)).select("id").orderBy("id").collect()
        newly = diff.where(~F.coalesce(F.col("before"), F.lit("clear")).isin(blocked) & F.col("after").isin(blocked)).select("id").orderBy("id").collect()
        print("freed: " + ", ".join(r["id"] for r in freed), file=sys.stderr)
        print("newly blocked: " + ", ".join(r["id"] for r in newly), file=sys.stderr)
    spark.stop()


if __name__ == "__main__":
    main(sys.argv[1:])
