#!/usr/bin/env python3
"""Writes the edge list the edge-list benchmark reads: TIES rows `source,target,share`
between NODES node ids (`n<k>`), uniformly at random (seeded), 80% with a share of
0.01–100, 20% with an empty share. Not a network the project generates, as in #12."""
import random
import sys

ties, nodes, seed, path = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
rng = random.Random(seed)
with open(path, "w") as f:
    f.write("source,target,share\n")
    for _ in range(ties):
        s, t = rng.randrange(nodes), rng.randrange(nodes)
        if rng.random() < 0.8:
            f.write(f"n{s},n{t},{rng.randint(1, 10000) / 100}\n")
        else:
            f.write(f"n{s},n{t},\n")
