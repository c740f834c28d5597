#!/usr/bin/env python3
"""Peer of the edge-list benchmark: read a `source,target,share` CSV with the csv module
into igraph (`Graph.TupleList`, share as the weight, 0 when empty) and compute weighted
PageRank (damping 0.85). Prints one JSON object: vertices, edges, load and PageRank seconds.
Tooling only: never a runtime dependency of the toolkit."""
import csv
import json
import sys
import time

import igraph


def main() -> int:
    t0 = time.perf_counter()
    rows = []
    with open(sys.argv[1], newline="") as f:
        reader = csv.reader(f)
        next(reader)
        for row in reader:
            source, target = row[0], row[1]
            share = row[2] if len(row) > 2 else ""
            rows.append((source, target, float(share) if share else 0.0))
    g = igraph.Graph.TupleList(rows, directed=True, weights=True)
    t1 = time.perf_counter()
    scores = g.pagerank(weights="weight", damping=0.85)
    t2 = time.perf_counter()
    print(json.dumps({"vertices": g.vcount(), "edges": g.ecount(), "load_seconds": t1 - t0,
                      "pagerank_seconds": t2 - t1, "top": max(scores)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
