"""Times igraph's PageRank on the tie graph of an FtM file (tooling for the rules benchmark).

Reads the FtM JSON lines, keeps every edge record (Ownership, Control, Directorship, Family, ...)
as a directed edge source -> target, builds an igraph Graph, and times Graph.pagerank()
(PRPACK, damping 0.85) alone, best of --runs. Prints one JSON object.
"""
import argparse
import json
import sys
import time

EDGE_ENDS = {
    "Ownership": ("owner", "asset"), "Control": ("controller", "controlled"),
    "Directorship": ("director", "organization"), "Family": ("person", "relative"),
    "Associate": ("person", "associate"), "UnknownLink": ("subject", "object"),
    "Employment": ("employee", "employer"), "Membership": ("member", "organization"),
    "Representation": ("agent", "client"), "Succession": ("predecessor", "successor"),
}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("file")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    import igraph

    index = {}
    sources, targets = [], []

    def node(i):
        v = index.get(i)
        if v is None:
            v = index[i] = len(index)
        return v

    with open(args.file, encoding="utf-8") as f:
        for line in f:
            record = json.loads(line)
            schema = record.get("schema")
            props = record.get("properties", {})
            if schema in EDGE_ENDS:
                s, t = EDGE_ENDS[schema]
                for a in props.get(s, []):
                    for b in props.get(t, []):
                        sources.append(node(a))
                        targets.append(node(b))
            elif schema != "Sanction":
                node(record["id"])
    t0 = time.perf_counter()
    graph = igraph.Graph(n=len(index), edges=list(zip(sources, targets)), directed=True)
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
