"""Reference side of the graph-analytics benchmark (tooling only, never a runtime dependency).

    reference.py FILE --prepare [--cache-dir DIR]
    reference.py FILE --make-random NODES,TIES [--seed S]
    reference.py FILE --lib igraph|networkit|networkx --tasks pagerank,wcc,... [--runs R] ...

Reads the FtM JSON lines (Benchmarks/rules/pagerank.py uses the same parse_ftm): every edge record
(Ownership, Control, Directorship, Family, Associate, UnknownLink, Employment, Membership,
Representation, Succession) becomes directed edges source -> target, Sanction records are
ignored, every other record is a node; sectors (a Company's `sector` property) are not nodes.
Parallel edges (the same source -> target pair from two records) are kept once, so that every
library sees the same simple graph as `sanctions-graph` (which merges them too).

The parsed graph is cached as two int32 arrays (`--cache-dir`, keyed on the file's size and
mtime), so that `--prepare` pays for the JSON once and the timed processes, whose peak RSS is
reported, hold the library's graph and not Python's JSON objects.

`--make-random` writes a strongly connected comparison graph as FtM: NODES companies and
TIES distinct ownership ties between random pairs (Erdős–Rényi, seeded), where every search
reaches most of the graph, unlike the nearly acyclic generated networks. The tasks named
`*_random` are the same calls, run by run.sh on that file.

Each library builds its graph once (timed apart as `build_seconds`); then each task is timed
alone, best of --runs (a task whose first run takes longer than --slow-seconds runs once).
Prints one JSON object on stdout; progress on stderr.
"""
import argparse
import json
import os
import platform
import random
import sys
import threading
import time
import warnings

EDGE_ENDS = {
    "Ownership": ("owner", "asset"), "Control": ("controller", "controlled"),
    "Directorship": ("director", "organization"), "Family": ("person", "relative"),
    "Associate": ("person", "associate"), "UnknownLink": ("subject", "object"),
    "Employment": ("employee", "employer"), "Membership": ("member", "organization"),
    "Representation": ("agent", "client"), "Succession": ("predecessor", "successor"),
}

TASKS = ["pagerank", "wcc", "scc", "betweenness", "betweenness_sampled", "closeness", "harmonic",
         "eigenvector", "eigenvector_undirected",
         "pagerank_random", "closeness_random", "harmonic_random", "betweenness_random"]


def base_task(name):
    """The call a task times: `closeness_random` is `closeness` on the random graph."""
    return name[: -len("_random")] if name.endswith("_random") else name


def make_random(path, nodes, ties, seed):
    """Writes the random comparison graph (see the module's docstring) as FtM JSON lines."""
    if ties > nodes * (nodes - 1):
        raise SystemExit(f"--make-random: {ties} ties do not fit between {nodes} nodes")
    rng = random.Random(seed)
    pairs = set()
    while len(pairs) < ties:
        a, b = rng.randrange(nodes), rng.randrange(nodes)
        if a != b:
            pairs.add((a, b))
    partial = path + ".partial"
    with open(partial, "w", encoding="utf-8") as f:
        for i in range(nodes):
            f.write(json.dumps({"id": f"r{i}", "schema": "Company", "properties": {"name": [f"Random {i}"]}}) + "\n")
        for j, (a, b) in enumerate(sorted(pairs)):
            f.write(json.dumps({"id": f"o{j}", "schema": "Ownership",
                                "properties": {"owner": [f"r{a}"], "asset": [f"r{b}"]}}) + "\n")
    os.replace(partial, path)


def log(msg):
    print(f"[graph/reference] {msg}", file=sys.stderr, flush=True)


# ------------------------------------------------------------------ parsing ---

def parse_ftm(path):
    """FtM JSON lines -> (node count, sources, targets) as Python lists of ints."""
    index = {}
    sources, targets = [], []

    def node(i):
        v = index.get(i)
        if v is None:
            v = index[i] = len(index)
        return v

    with open(path, encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            record = json.loads(line)
            schema = record.get("schema")
            props = record.get("properties", {})
            ends = EDGE_ENDS.get(schema)
            if ends is not None:
                s, t = ends
                for a in props.get(s, []):
                    for b in props.get(t, []):
                        sources.append(node(a))
                        targets.append(node(b))
            elif schema != "Sanction":
                node(record["id"])
    return len(index), sources, targets


def cache_path(path, cache_dir):
    return os.path.join(cache_dir, os.path.basename(path) + ".edges.npz")


def load_graph_arrays(path, cache_dir):
    """(n, src, tgt, info): int32 numpy arrays of the deduplicated directed edges."""
    import numpy as np

    st = os.stat(path)
    key = np.array([st.st_size, st.st_mtime_ns], dtype=np.int64)
    cached = cache_path(path, cache_dir) if cache_dir else None
    if cached and os.path.exists(cached):
        t0 = time.perf_counter()
        with np.load(cached) as z:
            if np.array_equal(z["key"], key):
                n, src, tgt, raw = int(z["n"]), z["src"], z["tgt"], int(z["raw_edges"])
                return n, src, tgt, {"cached": True, "parse_seconds": round(time.perf_counter() - t0, 3),
                                     "raw_edges": raw}
    t0 = time.perf_counter()
    n, sources, targets = parse_ftm(path)
    raw = len(sources)
    pairs = np.empty((raw, 2), dtype=np.int32)
    pairs[:, 0] = sources
    pairs[:, 1] = targets
    del sources, targets
    pairs = np.unique(pairs, axis=0)  # drop parallel edges; sorted by source, then target
    src = np.ascontiguousarray(pairs[:, 0])
    tgt = np.ascontiguousarray(pairs[:, 1])
    del pairs
    seconds = time.perf_counter() - t0
    if cached:
        os.makedirs(cache_dir, exist_ok=True)
        partial = cached + ".partial.npz"
        np.savez(partial, key=key, n=np.int64(n), src=src, tgt=tgt, raw_edges=np.int64(raw))
        os.replace(partial, cached)
    return n, src, tgt, {"cached": False, "parse_seconds": round(seconds, 3), "raw_edges": raw}


# ---------------------------------------------------------------- libraries ---

def sample_sources(n, k, seed):
    return sorted(random.Random(seed).sample(range(n), min(k, n)))


def igraph_side(n, src, tgt, args):
    import igraph
    import numpy as np

    t0 = time.perf_counter()
    g = igraph.Graph(n=n, edges=np.column_stack((src, tgt)), directed=True)
    build = time.perf_counter() - t0
    derived = {}

    def undirected():  # built once, outside the timing; reciprocal ties become one edge
        # (g.eigenvector_centrality(directed=False) fails in python-igraph 1.0.0 with
        # "Invalid mode for eigenvector centrality")
        if "u" not in derived:
            derived["u"] = g.as_undirected(mode="collapse")
        return derived["u"]
    calls = {
        "pagerank": ("g.pagerank(damping=0.85)  # PRPACK", lambda: g.pagerank(damping=0.85)),
        "wcc": ('g.connected_components(mode="weak")',
                lambda: len(g.connected_components(mode="weak"))),
        "scc": ('g.connected_components(mode="strong")',
                lambda: len(g.connected_components(mode="strong"))),
        "betweenness": ("g.betweenness(directed=True)", lambda: g.betweenness(directed=True)),
        "betweenness_sampled": (
            f"g.betweenness(directed=True, sources=random.Random({args.seed}).sample(range(n), {args.samples}))"
            "  # subset betweenness: exact paths from the sampled sources to every target",
            lambda: g.betweenness(directed=True, sources=sample_sources(n, args.samples, args.seed))),
        "closeness": ('g.closeness(mode="in")', lambda: g.closeness(mode="in")),
        "harmonic": ('g.harmonic_centrality(mode="in")', lambda: g.harmonic_centrality(mode="in")),
        "eigenvector": ("g.eigenvector_centrality(directed=True)  # ARPACK",
                        lambda: g.eigenvector_centrality(directed=True)),
        "eigenvector_undirected": ('g.as_undirected(mode="collapse").eigenvector_centrality()  # ARPACK',
                                   lambda: undirected().eigenvector_centrality()),
    }
    return igraph.__version__, build, calls, {"eigenvector_undirected": undirected}


def networkit_side(n, src, tgt, args):
    import networkit as nk
    import numpy as np

    nk.setNumberOfThreads(args.threads)
    nk.setSeed(args.seed, False)
    t0 = time.perf_counter()
    g = nk.Graph(n, weighted=False, directed=True)
    g.addEdges((src.astype(np.uint64), tgt.astype(np.uint64)))
    g.indexEdges()
    build = time.perf_counter() - t0
    derived = {}

    def transposed():  # built once, outside the timing: closeness and harmonic measure distances *to* a node
        if "t" not in derived:
            derived["t"] = nk.graphtools.transpose(g)
        return derived["t"]

    def undirected():
        if "u" not in derived:
            u = nk.graphtools.toUndirected(g)
            u.removeMultiEdges()  # reciprocal ties become one edge
            derived["u"] = u
        return derived["u"]

    def run(algorithm, result=None):
        algorithm.run()
        return result(algorithm) if result else None

    c = nk.centrality
    calls = {
        "pagerank": ("centrality.PageRank(g, damp=0.85).run()", lambda: run(c.PageRank(g, damp=0.85))),
        "wcc": ("components.WeaklyConnectedComponents(g).run()",
                lambda: run(nk.components.WeaklyConnectedComponents(g), lambda a: a.numberOfComponents())),
        "scc": ("components.StronglyConnectedComponents(g).run()",
                lambda: run(nk.components.StronglyConnectedComponents(g), lambda a: a.numberOfComponents())),
        "betweenness": ("centrality.Betweenness(g, normalized=True).run()",
                        lambda: run(c.Betweenness(g, normalized=True))),
        "betweenness_sampled": (
            f"centrality.EstimateBetweenness(g, {args.samples}, normalized=True, parallel=True).run()"
            "  # source sampling",
            lambda: run(c.EstimateBetweenness(g, args.samples, True, True))),
        "closeness": ("centrality.Closeness(transpose(g), True, ClosenessVariant.GENERALIZED).run()",
                      lambda: run(c.Closeness(transposed(), True, c.ClosenessVariant.GENERALIZED))),
        "harmonic": ("centrality.HarmonicCloseness(transpose(g), normalized=True).run()",
                     lambda: run(c.HarmonicCloseness(transposed(), True))),
        "eigenvector": ("centrality.EigenvectorCentrality(g).run()",
                        lambda: run(c.EigenvectorCentrality(g))),
        "eigenvector_undirected": ("centrality.EigenvectorCentrality(toUndirected(g)).run()",
                                   lambda: run(c.EigenvectorCentrality(undirected()))),
    }
    prepare = {"closeness": transposed, "harmonic": transposed, "eigenvector_undirected": undirected}
    return nk.__version__, build, calls, prepare


def networkx_side(n, src, tgt, args):
    import networkx as nx

    t0 = time.perf_counter()
    g = nx.DiGraph()
    g.add_nodes_from(range(n))
    g.add_edges_from(zip(src.tolist(), tgt.tolist()))
    build = time.perf_counter() - t0
    derived = {}

    def undirected():
        if "u" not in derived:
            derived["u"] = g.to_undirected(as_view=False)
        return derived["u"]

    calls = {
        "pagerank": ("nx.pagerank(g, alpha=0.85)  # SciPy power iteration", lambda: nx.pagerank(g, alpha=0.85)),
        "wcc": ("nx.number_weakly_connected_components(g)", lambda: nx.number_weakly_connected_components(g)),
        "scc": ("nx.number_strongly_connected_components(g)", lambda: nx.number_strongly_connected_components(g)),
        "betweenness": ("nx.betweenness_centrality(g)", lambda: nx.betweenness_centrality(g)),
        "betweenness_sampled": (f"nx.betweenness_centrality(g, k={args.samples}, seed={args.seed})",
                                lambda: nx.betweenness_centrality(g, k=min(args.samples, n), seed=args.seed)),
        "closeness": ("nx.closeness_centrality(g)", lambda: nx.closeness_centrality(g)),
        "harmonic": ("nx.harmonic_centrality(g)", lambda: nx.harmonic_centrality(g)),
        "eigenvector": ("nx.eigenvector_centrality(g)  # power iteration, max_iter=100",
                        lambda: nx.eigenvector_centrality(g)),
        "eigenvector_undirected": ("nx.eigenvector_centrality(g.to_undirected())",
                                   lambda: nx.eigenvector_centrality(undirected())),
    }
    return nx.__version__, build, calls, {"eigenvector_undirected": undirected}


# ------------------------------------------------------------------- timing ---

def time_task(name, call, args, out):
    """Best of args.runs; a watchdog thread ends the process with a "timeout" entry if one run
    takes longer than args.timeout (it can fire while a library's C code runs without the GIL,
    as NetworKit's does, and between bytecodes in networkx; run.sh adds a hard limit for the rest)."""
    times, result, detail = [], None, ""
    for i in range(args.runs):
        timer = None
        if args.timeout:
            def expire(done=list(times)):
                entry = {"status": "timeout", "detail": f"a run took over {args.timeout} s", "times": done}
                out["tasks"][name] = {**entry, "call": out["tasks"].get(name, {}).get("call", "")}
                print(json.dumps(out), flush=True)
                log(f"{args.lib} {name}: over {args.timeout} s, stopped")
                os._exit(0)
            timer = threading.Timer(args.timeout, expire)
            timer.daemon = True
        with warnings.catch_warnings(record=True) as w:
            warnings.simplefilter("always")
            try:
                if timer:
                    timer.start()
                t0 = time.perf_counter()
                result = call()
                dt = time.perf_counter() - t0
            except Exception as e:  # noqa: BLE001 - report whatever the library raised
                msg = f"{type(e).__name__}: {e}".splitlines()[0][:300]
                return {"status": "failed", "detail": msg, "times": [round(t, 5) for t in times]}
            finally:
                if timer:
                    timer.cancel()
            caught = [str(x.message).splitlines()[0][:200] for x in w]
        times.append(dt)
        if caught:
            detail = "warning: " + "; ".join(dict.fromkeys(caught))
        log(f"{args.lib} {name}: run {i + 1}/{args.runs}: {dt:.4f} s")
        if dt > args.slow_seconds:
            break
    entry = {"status": "ok", "times": [round(t, 5) for t in times], "best": round(min(times), 5)}
    if detail:
        entry["detail"] = detail
    if isinstance(result, int):
        entry["result"] = result
    return entry


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("file")
    parser.add_argument("--lib", choices=["igraph", "networkit", "networkx"])
    parser.add_argument("--tasks", default="pagerank", help="comma-separated: " + ",".join(TASKS))
    parser.add_argument("--runs", type=int, default=3, help="best of this many runs per task")
    parser.add_argument("--slow-seconds", type=float, default=10.0,
                        help="a task whose run takes longer than this is not run again")
    parser.add_argument("--samples", type=int, default=1000, help="sampled betweenness: source count")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--threads", type=int, default=2, help="NetworKit threads")
    parser.add_argument("--timeout", type=float, default=0,
                        help="give up on a task when one run takes longer than this (seconds; 0: never)")
    parser.add_argument("--cache-dir", default="", help="cache the parsed edge arrays here")
    parser.add_argument("--prepare", action="store_true", help="parse FILE into the cache and stop")
    parser.add_argument("--make-random", metavar="NODES,TIES", help="write the random comparison graph to FILE and stop")
    args = parser.parse_args()
    if args.make_random:
        nodes, ties = (int(x) for x in args.make_random.split(","))
        make_random(args.file, nodes, ties, args.seed)
        return 0

    tasks = [t for t in args.tasks.split(",") if t]
    unknown = [t for t in tasks if t not in TASKS]
    if unknown:
        parser.error(f"unknown task(s) {unknown}; known: {TASKS}")
    if not args.prepare and not args.lib:
        parser.error("--lib is required unless --prepare")

    n, src, tgt, info = load_graph_arrays(args.file, args.cache_dir)
    out = {"file": args.file, "nodes": n, "edges": int(len(src)), "python": platform.python_version(), **info}
    if args.prepare:
        print(json.dumps(out))
        return 0

    side = {"igraph": igraph_side, "networkit": networkit_side, "networkx": networkx_side}[args.lib]
    version, build, calls, prepare = side(n, src, tgt, args)
    del src, tgt
    log(f"{args.lib} {version}: graph of {n} nodes, {out['edges']} edges built in {build:.3f} s")
    out.update({"lib": args.lib, "version": version, "build_seconds": round(build, 4), "tasks": {}})
    for name in tasks:
        if base_task(name) in prepare:
            prepare[base_task(name)]()
        label, call = calls[base_task(name)]
        out["tasks"][name] = {"call": label}
        result = time_task(name, call, args, out)
        out["tasks"][name] = {**result, "call": label}
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
