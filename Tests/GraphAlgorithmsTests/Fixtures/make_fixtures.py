#!/usr/bin/env python3
"""Reference fixtures for the GraphAlgorithms tests, computed with networkx.

Tooling only: nothing in the Swift package imports or runs this. Regenerate with

    python3 Tests/GraphAlgorithmsTests/Fixtures/make_fixtures.py

It writes one JSON file per graph next to itself (see README.md in this folder
for the schema and the exact networkx definitions). Needs networkx 3.6.1, numpy
and scipy. The output is deterministic: random graphs and weights come from
fixed seeds.
"""

import json
import math
import os
import platform
import random
import sys
from itertools import count

import networkx as nx
import numpy as np
import scipy

HERE = os.path.dirname(os.path.abspath(__file__))
EXPECTED_NX = "3.6.1"
GENERATED = "made by make_fixtures.py; do not edit"

ALPHA_PR = 0.85
TOL = 1e-12
MAX_ITER = 10000
KATZ_ALPHA = 0.1
KATZ_BETA = 1.0
# Katz is only the convergent series sum_k alpha^k (A^T)^k beta when
# alpha * rho(A) < 1; otherwise the linear solve networkx does still returns
# numbers but they are not Katz centralities. Fallback alphas, largest first.
KATZ_FALLBACK_ALPHAS = [0.05, 0.02, 0.01, 0.005, 0.002, 0.001, 0.0005, 0.0002, 0.0001]
KATZ_MAX_ALPHA_RHO = 0.9


# --------------------------------------------------------------------------
# graph construction
# --------------------------------------------------------------------------

def rebuild(directed, nodes, edges, weight_attr):
    """The graph every measure is computed on: nodes added in `nodes` order,
    then edges in `edges` order, exactly as the fixture file lists them, so
    the file is self-contained (no hidden attributes such as karate's
    'weight')."""
    G = nx.DiGraph() if directed else nx.Graph()
    G.add_nodes_from(nodes)
    for s, t, w in edges:
        if w is None:
            G.add_edge(s, t)
        else:
            G.add_edge(s, t, **{weight_attr: w})
    return G


def from_nx(G0, weight_attr=None):
    """Node ids as strings in a fixed order; edges in (source index, target
    index) order; weight from `weight_attr` or None."""
    if all(isinstance(v, int) for v in G0):
        order = sorted(G0)
    else:
        order = sorted(G0, key=str)
    name = {v: str(v) for v in order}
    pos = {v: i for i, v in enumerate(order)}
    edges = []
    for u, v, d in G0.edges(data=True):
        if not G0.is_directed() and pos[u] > pos[v]:
            u, v = v, u
        w = None
        if weight_attr is not None:
            w = float(d[weight_attr])
        edges.append((pos[u], pos[v], name[u], name[v], w))
    edges.sort()
    return [name[v] for v in order], [[s, t, w] for _, _, s, t, w in edges]


def random_directed(n, p, seed):
    G0 = nx.gnp_random_graph(n, p, seed=seed, directed=True)
    rng = random.Random(1000 + seed)
    for u, v in sorted(G0.edges()):
        # uniform on {0.01, 0.02, ..., 100.00}: in (0, 100], 2 decimals
        G0[u][v]["share"] = rng.randint(1, 10000) / 100
    return G0


# --------------------------------------------------------------------------
# helpers
# --------------------------------------------------------------------------

def fl(d, nodes):
    """dict keyed by node id, in `nodes` order, values as Python floats."""
    return {v: float(d[v]) for v in nodes}


def max_rel_diff(a, b, nodes):
    """max |a-b| / max(|a|, |b|) over the nodes whose value is not a numerical
    zero (max(|a|, |b|) >= 1e-9 * the largest magnitude); max_abs_diff covers
    the rest."""
    scale = max(max(abs(a[v]) for v in nodes), max(abs(b[v]) for v in nodes))
    worst = 0.0
    for v in nodes:
        den = max(abs(a[v]), abs(b[v]))
        if den > 0 and den >= 1e-9 * scale:
            worst = max(worst, abs(a[v] - b[v]) / den)
    return worst


def max_abs_diff(a, b, nodes):
    return max(abs(a[v] - b[v]) for v in nodes)


def dense(G, nodes, weight):
    return nx.to_numpy_array(G, nodelist=nodes, weight=weight, dtype=float)


def exact_pagerank(G, nodes, weight, personalization=None):
    """Direct linear solve of the same fixed point networkx iterates to."""
    n = len(nodes)
    A = dense(G, nodes, weight)  # symmetric for undirected graphs
    S = A.sum(axis=1)
    P = np.zeros_like(A)
    nz = S != 0
    P[nz] = A[nz] / S[nz][:, None]
    if personalization is None:
        p = np.full(n, 1.0 / n)
    else:
        p = np.array([personalization.get(v, 0.0) for v in nodes], dtype=float)
        p /= p.sum()
    # x = alpha (x P + (x . dangling) p) + (1 - alpha) p, with sum x = 1
    M = P.copy()
    M[~nz] = p  # dangling rows redistribute by p
    x = np.linalg.solve(np.eye(n) - ALPHA_PR * M.T, (1 - ALPHA_PR) * p)
    return {v: float(x[i]) for i, v in enumerate(nodes)}


def dense_left_perron(G, nodes, weight):
    A = dense(G, nodes, weight)
    w, V = np.linalg.eig(A.T)
    i = int(np.argmax(w.real))
    top = w.real[i]
    multiplicity = int(np.sum(np.abs(w - w[i]) < 1e-8 * max(1.0, abs(top))))
    x = V[:, i].real
    x = x / (np.sign(x.sum()) * np.linalg.norm(x))
    return {v: float(x[k]) for k, v in enumerate(nodes)}, float(top), multiplicity


def spectral_radius(G, nodes, weight):
    A = dense(G, nodes, weight)
    if not A.any():
        return 0.0
    return float(max(abs(np.linalg.eigvals(A))))


def components_canonical(comps, nodes):
    pos = {v: i for i, v in enumerate(nodes)}
    out = [sorted(c, key=pos.get) for c in comps]
    out.sort(key=lambda c: pos[c[0]])
    return out


# --------------------------------------------------------------------------
# measures
# --------------------------------------------------------------------------

def compute(name, description, directed, nodes, edges, weight_attr, personalization,
            extra_meta=None, ownership=False):
    G = rebuild(directed, nodes, edges, weight_attr)
    assert list(G) == nodes
    assert nx.number_of_selfloops(G) == 0
    W = weight_attr  # None for unweighted graphs
    n = len(nodes)
    measures = {}
    skipped = {}
    wname = repr(W)

    def put(key, call, values, **meta):
        for k in meta:
            if k.startswith("check_max"):
                # two significant digits: these are diagnostics, and ARPACK's
                # random start (eigenvector_centrality_numpy) moves the last bits
                meta[k] = float(f"{meta[k]:.1e}")
        entry = {"call": call}
        entry.update(meta)
        entry["values"] = values
        measures[key] = entry

    # ---- degree -----------------------------------------------------------
    put("degree_centrality", "nx.degree_centrality(G)", fl(nx.degree_centrality(G), nodes))
    if directed:
        put("in_degree_centrality", "nx.in_degree_centrality(G)",
            fl(nx.in_degree_centrality(G), nodes))
        put("out_degree_centrality", "nx.out_degree_centrality(G)",
            fl(nx.out_degree_centrality(G), nodes))
    if W is not None:
        put("weighted_degree", f"dict(G.degree(weight={wname}))  # raw sum, not normalised",
            fl(dict(G.degree(weight=W)), nodes))
        if directed:
            put("weighted_in_degree", f"dict(G.in_degree(weight={wname}))  # raw sum",
                fl(dict(G.in_degree(weight=W)), nodes))
            put("weighted_out_degree", f"dict(G.out_degree(weight={wname}))  # raw sum",
                fl(dict(G.out_degree(weight=W)), nodes))

    # ---- PageRank ---------------------------------------------------------
    def pagerank(key, weight, pers):
        call = (f"nx.pagerank(G, alpha={ALPHA_PR}, personalization="
                f"{pers!r}, max_iter={MAX_ITER}, "
                f"tol={TOL!r}, weight={weight!r})")
        pr = nx.pagerank(G, alpha=ALPHA_PR, personalization=pers, max_iter=MAX_ITER,
                         tol=TOL, weight=weight)
        ex = exact_pagerank(G, nodes, weight, pers)
        meta = {}
        if pers:
            meta["personalization"] = pers
        meta["check_max_rel_diff_vs_direct_solve"] = max_rel_diff(pr, ex, nodes)
        meta["converged_values"] = ex
        meta["converged_values_how"] = (
            "not networkx: numpy.linalg.solve of the same fixed point, "
            "x = alpha*(x P + (x . dangling) p) + (1 - alpha)*p, with P the row-normalised "
            "adjacency and dangling rows replaced by p; the exact answer networkx's power "
            "iteration approaches (it stops at L1 change < n*tol)")
        put(key, call, fl(pr, nodes), **meta)

    pagerank("pagerank", None, None)
    pagerank("pagerank_personalized", None, personalization)
    if W is not None:
        pagerank("pagerank_weighted", W, None)
        pagerank("pagerank_weighted_personalized", W, personalization)

    # ---- betweenness ------------------------------------------------------
    for weight in ([None] if W is None else [None, W]):
        for normalized in (True, False):
            for endpoints in (False, True):
                key = "betweenness"
                if weight is not None:
                    key += "_weighted"
                key += "_normalized" if normalized else "_raw"
                if endpoints:
                    key += "_endpoints"
                call = (f"nx.betweenness_centrality(G, normalized={normalized}, "
                        f"endpoints={endpoints}, weight={weight!r})")
                bc = nx.betweenness_centrality(G, normalized=normalized, endpoints=endpoints,
                                               weight=weight)
                meta = {}
                if weight is not None:
                    # Weighted Brandes detects equal-length paths with float ==.
                    # Make sure no pair of paths is equal in exact arithmetic but
                    # unequal in floating point (or the reverse): recompute with
                    # exact integer weights (cents) and compare.
                    H = G.copy()
                    for u, v, d in H.edges(data=True):
                        d["__int"] = int(round(d[weight] * 100))
                    bci = nx.betweenness_centrality(H, normalized=normalized,
                                                    endpoints=endpoints, weight="__int")
                    diff = max_rel_diff(bc, bci, nodes)
                    assert diff < 1e-12, (name, key, diff)
                    meta["check_same_with_exact_integer_weights"] = True
                put(key, call, fl(bc, nodes), **meta)

    # ---- closeness / harmonic ---------------------------------------------
    put("closeness", "nx.closeness_centrality(G, distance=None, wf_improved=True)",
        fl(nx.closeness_centrality(G, distance=None, wf_improved=True), nodes))
    put("closeness_no_wf", "nx.closeness_centrality(G, distance=None, wf_improved=False)",
        fl(nx.closeness_centrality(G, distance=None, wf_improved=False), nodes))
    put("harmonic", "nx.harmonic_centrality(G, distance=None)",
        fl(nx.harmonic_centrality(G, distance=None), nodes))
    if W is not None:
        put("closeness_weighted",
            f"nx.closeness_centrality(G, distance={wname}, wf_improved=True)",
            fl(nx.closeness_centrality(G, distance=W, wf_improved=True), nodes))
        put("harmonic_weighted", f"nx.harmonic_centrality(G, distance={wname})",
            fl(nx.harmonic_centrality(G, distance=W), nodes))

    # ---- eigenvector ------------------------------------------------------
    for weight in ([None] if W is None else [None, W]):
        key = "eigenvector" if weight is None else "eigenvector_weighted"
        call = (f"nx.eigenvector_centrality(G, max_iter={MAX_ITER}, tol={TOL!r}, "
                f"weight={weight!r})")
        ref, top, mult = dense_left_perron(G, nodes, weight)
        if top <= 1e-9:
            try:
                nx.eigenvector_centrality(G, max_iter=MAX_ITER, tol=TOL, weight=weight)
                outcome = "networkx returned a vector anyway"
            except nx.PowerIterationFailedConvergence as exc:
                outcome = f"networkx raises {type(exc).__name__}: {exc.args[-1]}"
            skipped[key] = (f"{call}: the adjacency matrix is nilpotent (the graph is "
                            f"acyclic; spectral radius {top!r}), so there is no Perron "
                            f"eigenvector; {outcome}")
            continue
        if mult > 1:
            skipped[key] = (f"{call}: the largest eigenvalue {top!r} has multiplicity "
                            f"{mult}; the eigenvector is not unique and the result "
                            "depends on the start vector")
            continue
        try:
            ev = nx.eigenvector_centrality(G, max_iter=MAX_ITER, tol=TOL, weight=weight)
        except nx.PowerIterationFailedConvergence as exc:
            skipped[key] = f"{call}: {type(exc).__name__}: {exc}"
            continue
        meta = {"function": "nx.eigenvector_centrality (power iteration on (A+I)^T, "
                            "start vector 1/n, Euclidean normalisation)",
                "largest_eigenvalue": top,
                "check_max_rel_diff_vs_dense_eig": max_rel_diff(ev, ref, nodes),
                "check_max_abs_diff_vs_dense_eig": max_abs_diff(ev, ref, nodes)}
        connected = nx.is_strongly_connected(G) if directed else nx.is_connected(G)
        if connected:
            evn = nx.eigenvector_centrality_numpy(G, weight=weight)
            meta["check_max_rel_diff_vs_eigenvector_centrality_numpy"] = \
                max_rel_diff(ev, evn, nodes)
        put(key, call, fl(ev, nodes), **meta)

    # ---- Katz ---------------------------------------------------------------
    for weight in ([None] if W is None else [None, W]):
        key = "katz" if weight is None else "katz_weighted"
        rho = spectral_radius(G, nodes, weight)
        alpha = KATZ_ALPHA
        meta = {"spectral_radius": rho}
        if alpha * rho >= 1:
            alpha = next(a for a in KATZ_FALLBACK_ALPHAS if a * rho < KATZ_MAX_ALPHA_RHO)
            meta["note"] = (f"alpha={KATZ_ALPHA} is not below 1/spectral_radius="
                            f"{1 / rho!r}, so the Katz series diverges; used alpha={alpha} "
                            f"(largest of {KATZ_FALLBACK_ALPHAS} with alpha*rho < "
                            f"{KATZ_MAX_ALPHA_RHO})")
        meta["alpha"] = alpha
        call = (f"nx.katz_centrality_numpy(G, alpha={alpha}, beta={KATZ_BETA}, "
                f"normalized=True, weight={weight!r})")
        kz = nx.katz_centrality_numpy(G, alpha=alpha, beta=KATZ_BETA, normalized=True,
                                      weight=weight)
        put(key, call, fl(kz, nodes), **meta)

    # ---- HITS ---------------------------------------------------------------
    # nx.hits has no weight parameter: it calls nx.adjacency_matrix(G), whose
    # default is weight='weight'. "hits" is computed on an attribute-free copy
    # (unweighted); "hits_weighted" on a copy whose weights are stored as 'weight'.
    variants = [("hits", None)] + ([] if W is None else [("hits_weighted", W)])
    for key, weight in variants:
        H = nx.DiGraph() if directed else nx.Graph()
        H.add_nodes_from(nodes)
        for u, v, d in G.edges(data=True):
            if weight is None:
                H.add_edge(u, v)
            else:
                H.add_edge(u, v, weight=d[weight])
        call = (f"nx.hits(H, max_iter={MAX_ITER}, tol={TOL!r}, nstart={{v: 1.0 for v in H}}, "
                "normalized=True)")
        if weight is None:
            comment = "  # H = G without edge attributes (unweighted)"
        else:
            comment = (f"  # H = G with {weight!r} copied to 'weight' "
                       "(nx.hits has no weight parameter and always uses 'weight')")
        A = dense(G, nodes, weight)
        sv = np.linalg.svd(A, compute_uv=False)
        if sv[0] == 0:
            skipped[key] = f"{call}: no edges"
            continue
        if len(sv) > 1 and sv[0] - sv[1] <= 1e-8 * sv[0]:
            skipped[key] = (f"{call}: the largest singular value {sv[0]!r} of A is not "
                            f"simple (next {sv[1]!r}); hubs/authorities are not unique and "
                            "depend on ARPACK's start vector")
            continue
        try:
            # nstart makes ARPACK's start vector fixed (with nstart=None scipy's
            # svds draws one from an unseeded numpy Generator, so the last bits
            # change from run to run); the answer does not depend on it.
            hubs, auth = nx.hits(H, max_iter=MAX_ITER, tol=TOL,
                                 nstart={v: 1.0 for v in H}, normalized=True)
        except nx.PowerIterationFailedConvergence as exc:
            skipped[key] = f"{call}: {type(exc).__name__}: {exc}"
            continue
        # dense reference: principal right singular vector of A (authorities),
        # hubs = A @ a, each divided by its sum
        _, _, Vt = np.linalg.svd(A)
        a = Vt[0]
        h = A @ a
        a_ref = {v: float(x) for v, x in zip(nodes, a / a.sum())}
        h_ref = {v: float(x) for v, x in zip(nodes, h / h.sum())}
        meta = {"largest_singular_value": float(sv[0]),
                "second_singular_value": float(sv[1]) if len(sv) > 1 else 0.0,
                "check_max_abs_diff_vs_dense_svd": max(max_abs_diff(hubs, h_ref, nodes),
                                                       max_abs_diff(auth, a_ref, nodes))}
        put(key + "_hubs", call + "[0]" + comment, fl(hubs, nodes), **meta)
        put(key + "_authorities", call + "[1]" + comment, fl(auth, nodes), **meta)

    # ---- structure ----------------------------------------------------------
    structure = {}
    if directed:
        structure["weakly_connected_components"] = {
            "call": "nx.weakly_connected_components(G)",
            "value": components_canonical(nx.weakly_connected_components(G), nodes)}
        structure["strongly_connected_components"] = {
            "call": "nx.strongly_connected_components(G)",
            "value": components_canonical(nx.strongly_connected_components(G), nodes)}
        structure["core_number"] = {
            "call": "nx.core_number(G)  # directed: degree = in + out, neighbours = "
                    "predecessors + successors",
            "value": {v: int(c) for v, c in nx.core_number(G).items()}}
        U = G.to_undirected()
        structure["core_number_undirected"] = {
            "call": "nx.core_number(G.to_undirected())  # reciprocal arcs merge into one edge",
            "value": {v: int(c) for v, c in nx.core_number(U).items()}}
    else:
        cc = components_canonical(nx.connected_components(G), nodes)
        for key in ("connected_components", "weakly_connected_components",
                    "strongly_connected_components"):
            structure[key] = {
                "call": "nx.connected_components(G)  # undirected: weak = strong = connected",
                "value": cc}
        structure["core_number"] = {"call": "nx.core_number(G)",
                                    "value": {v: int(c) for v, c in nx.core_number(G).items()}}
    for key in ("core_number", "core_number_undirected"):
        if key in structure:
            structure[key]["value"] = {v: structure[key]["value"][v] for v in nodes}
    spl = dict(nx.all_pairs_shortest_path_length(G))
    structure["shortest_path_length"] = {
        "call": "dict(nx.all_pairs_shortest_path_length(G))  # BFS hops; "
                "source -> {reachable target -> hops}, unreachable targets absent",
        "value": {s: {t: int(spl[s][t]) for t in nodes if t in spl[s]} for s in nodes}}

    doc = {
        "generated": GENERATED,
        "networkx": nx.__version__,
        "numpy": np.__version__,
        "scipy": scipy.__version__,
        "python": platform.python_version(),
        "name": name,
        "description": description,
        "directed": directed,
        "weight_attribute": W,
        "graph_construction": (
            "G = nx.DiGraph() if directed else nx.Graph(); G.add_nodes_from(nodes); then "
            "for [s, t, w] in edges: G.add_edge(s, t) if w is None else "
            "G.add_edge(s, t, **{weight_attribute: w}). Every call below is on this G."),
        "node_count": n,
        "edge_count": len(edges),
        "nodes": nodes,
        "edges": edges,
    }
    if extra_meta:
        doc.update(extra_meta)
    doc["measures"] = measures
    doc["skipped"] = skipped
    doc["structure"] = structure
    if ownership:
        doc["ownership"] = ownership_values(G, nodes, W)
    return doc


# --------------------------------------------------------------------------
# ownership
# --------------------------------------------------------------------------

def ownership_values(G, nodes, W):
    n = len(nodes)
    idx = {v: i for i, v in enumerate(nodes)}
    A = np.zeros((n, n))
    for u, v, d in G.edges(data=True):
        A[idx[u], idx[v]] = d[W] / 100.0
    rho = float(max(abs(np.linalg.eigvals(A)))) if n else 0.0
    M = np.linalg.inv(np.eye(n) - A) - np.eye(n)
    integrated = {}
    for i, u in enumerate(nodes):
        row = {nodes[j]: float(M[i, j]) for j in range(n) if M[i, j] != 0.0}
        if row:
            integrated[u] = row
    # strongest ownership path: the simple path with the largest product of
    # shares/100 (enumerated; the graphs are tiny)
    strongest = {}
    for s in nodes:
        row = {}
        for t in nodes:
            if s == t:
                continue
            best = None
            for path in nx.all_simple_paths(G, s, t):
                prod = 1.0
                for a, b in zip(path, path[1:]):
                    prod *= G[a][b][W] / 100.0
                if best is None or prod > best[0]:
                    best = (prod, path)
            if best is not None:
                row[t] = {"product": best[0], "path": best[1]}
        if row:
            strongest[s] = row
    return {
        "integrated_ownership": {
            "how": ("A = n x n numpy array with A[i][j] = share/100 for the edge i -> j "
                    "('i owns share% of j'), rows/columns in `nodes` order; "
                    "M = numpy.linalg.inv(numpy.eye(n) - A) - numpy.eye(n); "
                    "value[i][j] = M[i][j] for the entries that are exactly non-zero. "
                    "M = A + A^2 + A^3 + ... = sum over all walks i -> j of the product "
                    "of shares/100 (converges because the spectral radius of A < 1). "
                    "On a cycle the diagonal M[i][i] is non-zero (indirect self-ownership)."),
            "spectral_radius_of_A": rho,
            "values": integrated,
        },
        "strongest_path": {
            "how": ("for every ordered pair (s, t), s != t, over nx.all_simple_paths(G, s, t): "
                    "the path with the largest product of share/100 along its edges, "
                    "multiplied left to right starting from 1.0; pairs with no path absent"),
            "values": strongest,
        },
    }


# --------------------------------------------------------------------------
# the graphs
# --------------------------------------------------------------------------

def main():
    # nx.harmonic_centrality iterates over a set of node ids (strings), whose
    # order, and so the last bits of the sums, depends on string hashing.
    if os.environ.get("PYTHONHASHSEED") != "0":
        env = dict(os.environ, PYTHONHASHSEED="0")
        os.execve(sys.executable, [sys.executable, os.path.abspath(__file__)] + sys.argv[1:], env)
    if nx.__version__ != EXPECTED_NX:
        sys.exit(f"networkx {EXPECTED_NX} expected, found {nx.__version__}")
    docs = []

    # karate: networkx 3.x stores 'weight' on its edges; ignored (unweighted).
    nodes, edges = from_nx(nx.karate_club_graph(), None)
    docs.append(compute(
        "karate", "Zachary's karate club, nx.karate_club_graph(), undirected, unweighted "
        "(networkx 3.x 'weight' edge attributes deliberately dropped)",
        False, nodes, edges, None, {"0": 1.0, "33": 1.0}))

    nodes, edges = from_nx(nx.florentine_families_graph(), None)
    docs.append(compute(
        "florentine", "Florentine families, nx.florentine_families_graph(), undirected, "
        "unweighted", False, nodes, edges, None, {"Medici": 1.0, "Strozzi": 1.0}))

    nodes, edges = from_nx(nx.krackhardt_kite_graph(), None)
    docs.append(compute(
        "kite", "Krackhardt kite, nx.krackhardt_kite_graph(), undirected, unweighted",
        False, nodes, edges, None, {"0": 1.0, "9": 1.0}))

    nodes, edges = from_nx(nx.les_miserables_graph(), "weight")
    docs.append(compute(
        "lesmis", "Les Miserables co-occurrence, nx.les_miserables_graph(), undirected; "
        "'weight' (co-occurrence count) is the weight of the weighted variants "
        "(as a distance for betweenness/closeness/harmonic)",
        False, nodes, edges, "weight", {"Valjean": 1.0, "Javert": 1.0, "Cosette": 1.0}))

    for n, p, seed in [(30, 0.1, 1), (30, 0.2, 2), (60, 0.05, 3), (60, 0.1, 4)]:
        G0 = random_directed(n, p, seed)
        nodes, edges = from_nx(G0, "share")
        docs.append(compute(
            f"random-directed-{n}-{seed}",
            f"nx.gnp_random_graph({n}, {p}, seed={seed}, directed=True); each edge, in "
            f"sorted (u, v) order, gets share = random.Random({1000 + seed}).randint(1, 10000)/100",
            True, nodes, edges, "share", {"0": 1.0, "1": 2.0, "2": 1.0},
            extra_meta={"generator": {"n": n, "p": p, "seed": seed,
                                      "weight_seed": 1000 + seed}}))

    # dangling nodes on purpose: out-arcs of four nodes removed, one of them
    # isolated entirely (in-arcs removed too). gnp never makes self-loops;
    # the assert in compute() checks there are none.
    n, p, seed = 30, 0.12, 5
    G0 = random_directed(n, p, seed)
    dangling = [3, 11, 17, 26]
    isolated = 26
    G0.remove_edges_from(list(G0.out_edges(dangling)))
    G0.remove_edges_from(list(G0.in_edges(isolated)))
    G0.remove_edges_from(list(nx.selfloop_edges(G0)))
    nodes, edges = from_nx(G0, "share")
    docs.append(compute(
        f"random-directed-{n}-{seed}-dangling",
        f"nx.gnp_random_graph({n}, {p}, seed={seed}, directed=True) with shares as for the "
        f"other random graphs, then the out-arcs of nodes {dangling} removed (dangling) and "
        f"the in-arcs of node {isolated} too (isolated); no self-loops",
        True, nodes, edges, "share", {"3": 1.0, "5": 1.0, "8": 1.0},
        extra_meta={"generator": {"n": n, "p": p, "seed": seed, "weight_seed": 1000 + seed,
                                  "made_dangling": [str(v) for v in dangling],
                                  "made_isolated": str(isolated)},
                    "dangling_nodes": [v for v in nodes if G0.out_degree(int(v)) == 0]}))

    # small acyclic ownership graph, checkable by hand
    own_edges = [
        ("Person", "Holding", 60.0),
        ("Person", "Trust", 30.0),
        ("Partner", "Holding", 40.0),
        ("Holding", "SubA", 50.0),
        ("Holding", "SubB", 40.0),
        ("Trust", "SubB", 50.0),
        ("Holding", "Target", 10.0),
        ("SubA", "Target", 30.0),
        ("SubB", "Target", 60.0),
    ]
    nodes = sorted({x for e in own_edges for x in e[:2]})
    pos = {v: i for i, v in enumerate(nodes)}
    edges = [[s, t, w] for s, t, w in sorted(own_edges, key=lambda e: (pos[e[0]], pos[e[1]]))]
    docs.append(compute(
        "ownership-dag", "hand-made acyclic ownership graph; edge s -> t with share = "
        "'s owns share% of t'", True, nodes, edges, "share",
        {"Person": 1.0, "Partner": 1.0},
        extra_meta={"hand_check": {
            "Person->Target": "Person-Holding-Target .6*.1 = .06; Person-Holding-SubA-Target "
                              ".6*.5*.3 = .09; Person-Holding-SubB-Target .6*.4*.6 = .144; "
                              "Person-Trust-SubB-Target .3*.5*.6 = .09; total .384",
            "Partner->Target": ".4*.1 + .4*.5*.3 + .4*.4*.6 = .04 + .06 + .096 = .196",
            "Person->SubB": ".6*.4 + .3*.5 = .39",
            "Holding->Target": ".1 + .5*.3 + .4*.6 = .49",
            "strongest Person->Target": "Person-Holding-SubB-Target, .144"}},
        ownership=True))

    # small ownership graph with a cross-holding cycle (A <-> B)
    cyc_edges = [
        ("Owner", "A", 70.0),
        ("A", "B", 50.0),
        ("B", "A", 20.0),
        ("B", "C", 80.0),
    ]
    nodes = sorted({x for e in cyc_edges for x in e[:2]})
    pos = {v: i for i, v in enumerate(nodes)}
    edges = [[s, t, w] for s, t, w in sorted(cyc_edges, key=lambda e: (pos[e[0]], pos[e[1]]))]
    docs.append(compute(
        "ownership-cycle", "hand-made ownership graph with a cross-holding cycle "
        "A <-> B; edge s -> t with share = 's owns share% of t'", True, nodes, edges, "share",
        {"Owner": 1.0},
        extra_meta={"hand_check": {
            "A->B": ".5 / (1 - .5*.2) = .5/.9 = 0.5555...",
            "A->A": ".5*.2 / (1 - .1) = .1/.9 = 0.1111... (indirect self-ownership)",
            "Owner->A": ".7 / .9 = 0.7777...",
            "Owner->B": ".7*.5 / .9 = 0.3888...",
            "Owner->C": ".7*.5*.8 / .9 = 0.3111...",
            "B->A": ".2 / .9 = 0.2222...",
            "B->B": ".1 / .9 = 0.1111..."}},
        ownership=True))

    total = 0
    for doc in docs:
        path = os.path.join(HERE, doc["name"] + ".json")
        text = json.dumps(doc, indent=1, ensure_ascii=False, allow_nan=False) + "\n"
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        size = len(text.encode("utf-8"))
        total += size
        print(f"{os.path.relpath(path)}  {size} bytes  "
              f"skipped={sorted(doc['skipped']) or '-'}")
    print(f"total {total} bytes")


if __name__ == "__main__":
    main()
