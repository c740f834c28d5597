"""Times igraph's PageRank on the tie graph of an FtM file (tooling for the rules benchmark).

Reads the FtM JSON lines, keeps every edge record (Ownership, Control, Directorship, Family, ...)
as a directed edge source -> target, builds an igraph Graph, and times Graph.pagerank()
(PRPACK, damping 0.85) alone, best of --runs. Prints one JSON object.
"""
import argparse
import json
import os
import sys
import time

# The FtM parsing is the graph benchmark's (every edge record of every edge schema becomes a
# directed edge; Sanction records are ignored; every other record is a node).
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "graph"))
from reference import parse_ftm  # noqa: E402


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("file")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    import igraph

    n, sources, targets = parse_ftm(args.file)
    t0 = time.perf_counter()
    graph = igraph.Graph(n=n, edges=list(zip(sources, targets)), directed=True)
    build = time.perf_counter() - t0
    times = []
    for _ in range(args.runs):
        t0 = time.perf_counter()
        graph.pagerank(damping=0.85)
        times.append(time.perf_counter() - t0)
    print(json.dumps({"igraph": igraph.__version__, "nodes": graph.vcount(), "edges": graph.ecount(),
                      "build_seconds": round(build, 3), "pagerank_seconds": [round(t, 4) for t in times],
                      "best": round(min(times), 4)}))


if __name__ == "__main__":
    sys.exit(main())
