"""Formats the graph benchmark's measurements (JSON lines from run.sh) as a markdown report.

    report.py META.json RECORDS.jsonl

Standard library only. Goals (issue 4, item 6): at most 0.8x igraph's time on every task, and
at most igraph's peak RSS at 1M entities (the PageRank process).
"""
import json
import re
import sys

TASKS = {
    "pagerank": "PageRank",
    "wcc": "WCC",
    "scc": "SCC",
    "betweenness": "betweenness, exact",
    "betweenness_sampled": "betweenness, 1,000 sampled sources",
    "closeness": "closeness",
    "harmonic": "harmonic",
    "eigenvector": "eigenvector",
    "eigenvector_undirected": "eigenvector, undirected (extra)",
    "pagerank_random": "PageRank, random graph (extra)",
    "closeness_random": "closeness, random graph (extra)",
    "harmonic_random": "harmonic, random graph (extra)",
    "betweenness_random": "betweenness, exact, random graph (extra)",
}
# Rows that are not among issue 4's tasks: shown and judged, but outside the speed goal.
EXTRA = {"eigenvector_undirected", "pagerank_random", "closeness_random", "harmonic_random", "betweenness_random"}
LIBS = {"igraph": "igraph", "networkit": "NetworKit", "networkx": "networkx"}
GOAL_RATIO = 0.8
RSS_SIZE = 1_000_000
HALF_MS = 0.0000005  # `--timings` prints microseconds


def secs(x):
    if x >= 10:
        return f"{x:.1f}"
    if x >= 1:
        return f"{x:.2f}"
    if x >= 0.01:
        return f"{x:.3f}"
    return f"{x:.4f}"


def ours_secs(x):
    return "< 0.000001" if x == 0 else (f"{x:.6f}" if x < 0.01 else f"{x:.3f}")


def mb(kb):
    return f"{kb * 1024 / 1e6:,.0f} MB"


def count(n):
    return f"{n:,}"


def main():
    meta = json.load(open(sys.argv[1]))
    recs = [json.loads(line) for line in open(sys.argv[2]) if line.strip()]
    runs = int(meta["runs"])
    timeout = meta["timeout"]
    libs = [lib for lib in meta["libs"].split(",") if lib]
    sizes = [int(s) for s in meta["sizes"].split(",")]
    by = {(r["side"], r["task"], r["size"]): r for r in recs}
    rows = sorted({(r["task"], r["size"]) for r in recs}, key=lambda k: (list(TASKS).index(k[0]), k[1]))
    notes, goal_failures, extra_failures = [], [], []
    versions = {}
    for r in recs:
        if r["side"] in LIBS and r.get("version"):
            versions[r["side"]] = r["version"]

    def fewer_runs(r):  # " (1 run)" when a slow task was not repeated
        n = len(r["times"])
        return f" ({n} run{'s' if n != 1 else ''})" if n < runs else ""

    def ref_cell(lib, task, size):
        r = by.get((lib, task, size))
        if r is None:
            return "–"
        if r["status"] == "ok":
            cell = secs(r["best"])
            cell += fewer_runs(r)
            if r.get("detail"):
                notes.append(f"{LIBS[lib]}, {TASKS[task]} at {count(size)}: {r['detail']}")
                cell += " ‡"
            return cell
        if r["status"] == "timeout":
            if lib == "networkx":
                return f"skipped: too slow (> {timeout} s)"
            notes.append(f"{LIBS[lib]}, {TASKS[task]} at {count(size)}: stopped, {r.get('detail', '')}")
            return f"did not finish in {timeout} s"
        notes.append(f"{LIBS[lib]}, {TASKS[task]} at {count(size)}: failed: {r.get('detail', '')}")
        return "failed ‡"

    def ours_cell(task, size):
        r = by.get(("ours", task, size))
        if r is None:
            return "–"
        if r["status"] == "ok":
            cell = ours_secs(r["best"])
            cell += fewer_runs(r)
            return cell
        notes.append(f"ours, {TASKS[task]} at {count(size)} (`{r['cmd']}`): {r['status']}: {r.get('detail', '')}")
        return "**failed** ‡" if r["status"] == "failed" else f"**did not finish** ‡"

    def ratio_and_goal(task, size):
        failures = extra_failures if task in EXTRA else goal_failures
        o, i = by.get(("ours", task, size)), by.get(("igraph", task, size))
        if o is None or i is None:
            return "–", "–"
        if o["status"] != "ok":
            failures.append((task, size, f"ours {o['status']}", None))
            return "–", f"**not met** ({o['status']})"
        if i["status"] != "ok":
            return "–", f"n/a (igraph {i['status']})"
        ours, ig = o["best"], i["best"]
        lo, hi = max(ours - HALF_MS, 0) / ig, (ours + HALF_MS) / ig
        ratio = f"< {hi:.2f}×" if ours == 0 else f"{ours / ig:.2f}×"
        if ours < 0.01 and ours > 0:
            ratio = f"{ours / ig:.2f}× ({lo:.2f}–{hi:.2f})"
        if hi <= GOAL_RATIO:
            goal = "met"
        elif lo > GOAL_RATIO:
            goal = "**not met**"
            failures.append((task, size, f"ours {ours_secs(ours)} s vs igraph {secs(ig)} s", ours / ig))
        else:
            goal = f"unclear (ours {ours_secs(ours)} s is rounded to 1 µs)"
            failures.append((task, size, f"unclear: ours {ours_secs(ours)} s ± 0.0000005 vs igraph {secs(ig)} s",
                             ours / ig if ours else None))
        return ratio, goal

    out = []
    p = out.append
    p(f"## Graph-analytics benchmark, {meta['date']}")
    p("")
    p(f"- machine: {meta['machine']}; load average at the end {meta['load']}")
    vs = ", ".join(f"{LIBS[k]} {versions[k]}" for k in libs if k in versions)
    p(f"- versions: sanctions-graph {meta['rev']} (release build); {vs}; Python {meta['python']}")
    p(f"- method: best of {runs} run{'s' if runs != 1 else ''} per task (a run over {meta['slow']} s is not repeated: \"(1 run)\"); "
      f"ours = the `compute` time of `--timings` (load excluded; microseconds), one process per run; "
      f"references = the call alone, after the library's graph was built (build timed apart); "
      f"igraph single-threaded, NetworKit {meta['threads']} threads; "
      f"a run over {timeout} s is stopped; {meta['elapsed']} s in all")
    for size in sizes:
        parts = []
        generated = [r for r in recs if r["size"] == size and not r["task"].endswith("_random")]
        o = next((r for r in generated if r["side"] == "ours" and r.get("info")), None)
        if o:
            parts.append(f"ours {o['info']}")
        ref = [r for r in generated if r["side"] in LIBS and "nodes" in r]
        if ref:
            parts.append(f"references {count(ref[0]['nodes'])} nodes, {count(ref[0]['edges'])} edges")
        builds = {}
        for r in ref:
            builds.setdefault(r["side"], []).append(r["build_seconds"])
        if builds:
            parts.append("graph build " + ", ".join(f"{LIBS[k]} {secs(min(v))} s" for k, v in builds.items()))
        p(f"- {count(size)} entities: Benchmarks/ingest/data/gen-{size}.ftm.json (generate --entities {size} --seed 1)"
          + (": " + "; ".join(parts) if parts else ""))
    randoms = [r for r in recs if r["task"].endswith("_random")]
    if randoms and meta.get("random"):
        nodes, ties = meta["random"].split(",")
        parts = []
        o = next((r for r in randoms if r["side"] == "ours" and r.get("info")), None)
        if o:
            parts.append(f"ours {o['info']}")
        ref = next((r for r in randoms if r["side"] in LIBS and "nodes" in r), None)
        if ref:
            parts.append(f"references {count(ref['nodes'])} nodes, {count(ref['edges'])} edges")
        p(f"- random graph (extra rows): Benchmarks/ingest/data/random-{nodes}-{ties}.ftm.json "
          f"(reference.py --make-random {nodes},{ties} --seed 1: {int(nodes):,} companies, {int(ties):,} distinct "
          "ownership ties between random pairs; strongly connected, so every search reaches most of the graph; "
          "networkx not run)" + (": " + "; ".join(parts) if parts else ""))
    p("")
    head = ["task", "size", "ours s"] + [f"{LIBS[k]} s" for k in libs] + ["ours ÷ igraph", f"≤ {GOAL_RATIO}× igraph"]
    p("| " + " | ".join(head) + " |")
    p("|---|---:|" + "---:|" * (1 + len(libs)) + "---:|---|")
    for task, size in rows:
        cells = [TASKS[task], count(size), ours_cell(task, size)] + [ref_cell(k, task, size) for k in libs]
        cells += list(ratio_and_goal(task, size))
        p("| " + " | ".join(cells) + " |")
    p("")

    # Memory at 1M: the PageRank process, whole (ours loads the FtM file; the Python
    # processes load cached int32 edge arrays, so JSON parsing is not in their RSS).
    rss_size = RSS_SIZE if RSS_SIZE in sizes else max(sizes)
    line = []
    for side in ["ours"] + libs:
        r = by.get((side, "pagerank", rss_size))
        if r and r.get("rss_kb"):
            line.append(f"{'ours' if side == 'ours' else LIBS[side]} {mb(r['rss_kb'])}")
    p(f"Peak RSS of the PageRank process at {count(rss_size)} entities (`/usr/bin/time -v`): " + ", ".join(line) + ".")
    o, i = by.get(("ours", "pagerank", rss_size)), by.get(("igraph", "pagerank", rss_size))
    if rss_size != RSS_SIZE:
        p(f"Memory goal (≤ igraph's peak RSS at {count(RSS_SIZE)}): not measured in this run.")
    elif o and i and o.get("rss_kb") and i.get("rss_kb"):
        met = o["rss_kb"] <= i["rss_kb"]
        p(f"Memory goal (ours ≤ igraph's peak RSS at {count(RSS_SIZE)}): **{'met' if met else 'not met'}** "
          f"({o['rss_kb'] / i['rss_kb']:.2f}× igraph). Ours includes loading the FtM file; the Python processes "
          "load the parsed edges from int32 arrays cached by run.sh, so their RSS is interpreter + library + graph.")
    p("")
    failures = goal_failures
    goal_rows = [r for r in rows if r[0] not in EXTRA]
    missed = [f for f in failures if not f[2].startswith("unclear")]
    unclear = [f for f in failures if f[2].startswith("unclear")]

    def listing(items):
        return "; ".join(f"{TASKS[t]} at {count(s)} ({why}" + (f", {r:.2f}×)" if r else ")") for t, s, why, r in items)

    summary = f"Speed goal (≤ {GOAL_RATIO}× igraph on every task of issue 4): "
    if not failures:
        summary += f"**met** on all {len(goal_rows)} rows."
    else:
        summary += f"**not met**: missed on {len(missed)} of {len(goal_rows)} rows" + (f": {listing(missed)}" if missed else "")
        if unclear:
            summary += f"; unclear on {len(unclear)} (ours within 1 µs rounding of 0.8×): {listing(unclear)}"
        summary += "."
    p(summary)
    extra_rows = [r for r in rows if r[0] in EXTRA]
    if extra_rows:
        p("")
        p(f"Extra rows (outside the goal): {len(extra_rows) - len(extra_failures)} of {len(extra_rows)} within {GOAL_RATIO}× igraph"
          + (f"; above or unclear: {listing(extra_failures)}." if extra_failures else "."))
    p("")

    # Cross-checks: component counts.
    checks = []
    for task in ("wcc", "scc"):
        for size in sizes:
            o = by.get(("ours", task, size))
            m = re.search(r"components: (\d+)", (o or {}).get("stdout", ""))
            refs = {LIBS[k]: by[(k, task, size)].get("result") for k in libs if (k, task, size) in by}
            if m:
                ok = all(v is None or v == int(m.group(1)) for v in refs.values())
                checks.append(f"{TASKS[task]} {count(size)}: {int(m.group(1)):,}" + ("" if ok else f" (references: {refs})"))
    if checks:
        p("Component counts (ours; the references agree unless shown): " + "; ".join(checks) + ".")
        p("")
    p("Notes:")
    p("")
    p("- ‡ see below. Timings on these 2-core machines are noisy (another build may be running): "
      "compare the ratios taken in one run, not figures across runs.")
    p("- ours has microsecond resolution (`--timings`); the goal column says \"unclear\" only when "
      "± 0.5 µs straddles 0.8×.")
    if any(t == "eigenvector_undirected" for t, _ in rows):
        p("- eigenvector, undirected (extra) is not one of the issue's tasks: it is timed in case the directed "
          "eigenvector fails to converge on these nearly acyclic networks (`--undirected`; igraph "
          "`as_undirected(mode=\"collapse\")`, NetworKit `toUndirected` without multi-edges, networkx "
          "`to_undirected()`, each built before the timing).")
    for t in ("eigenvector", "eigenvector_undirected"):
        for size in sizes:
            o = by.get(("ours", t, size))
            if o and o["status"] == "ok":
                p(f"- ours, {TASKS[t]} at {count(size)}: converged (stdout: `{o['stdout']}`).")
    for n in dict.fromkeys(notes):
        p(f"- {n}")
    p("- calls (one process per task and size; ours `--timings`, the references timed around the call):")
    for t in dict.fromkeys(t for t, _ in rows):
        s = max(size for task, size in rows if task == t)
        calls = []
        for side in ["ours"] + libs:
            r = by.get((side, t, s))
            if r:
                call = (r.get("cmd") or r.get("call", "")).split("  #")[0]
                call = re.sub(r"Benchmarks/ingest/data/(gen|random)-[\d-]+\.ftm\.json", "FILE", call)
                calls.append(f"{'ours' if side == 'ours' else LIBS[side]} `{call}`")
        p(f"  - {TASKS[t]}: " + ", ".join(calls))
    print("\n".join(out))


if __name__ == "__main__":
    main()
