/// Closeness centrality as networkx computes it (`nx.closeness_centrality`, with its
/// default `wf_improved=True`, or without the correction when `wfImproved` is false): for node u, (r − 1) / Σ d(v, u) over the r − 1 nodes v that
/// reach u, times (r − 1)/(n − 1) (Wasserman & Faust 1994, for disconnected graphs);
/// 0 when nothing reaches u. Distances are measured *to* u (networkx reverses directed
/// graphs), so pass the outgoing adjacency; weights are distances when `weighted`.
/// Targets are split over the cores.
/// - Complexity: O(V · E) unweighted, O(V · E log V) weighted.
public func closenessCentrality(outgoing: Adjacency, weighted: Bool = false, wfImproved: Bool = true,
                                workers: Int = defaultWorkers) -> [Double] {
    let incoming = outgoing.isDirected ? outgoing.reversed : outgoing
    let n = outgoing.nodeCount
    let parts = parallelChunks(n, workers: workers) { range -> [Double] in
        var paths = SingleSource(nodeCount: n)
        return range.map { u in
            if weighted { paths.dijkstra(incoming, from: u, countPaths: false) } else { paths.bfs(incoming, from: u, countPaths: false) }
            var total = 0.0
            for v in paths.order { total += paths.dist[Int(v)] }
            let reached = Double(paths.order.count - 1)
            guard total > 0, n > 1 else { return 0 }
            return reached / total * (wfImproved ? reached / Double(n - 1) : 1)
        }
    }
    return parts.flatMap { $0 }
}

/// Harmonic centrality as networkx computes it (`nx.harmonic_centrality`): for node u, the
/// sum of 1/d(v, u) over the nodes v ≠ u that reach it (Marchiori & Latora 2000). Targets are
/// split over the cores.
/// - Complexity: O(V · E) unweighted, O(V · E log V) weighted.
public func harmonicCentrality(outgoing: Adjacency, weighted: Bool = false, workers: Int = defaultWorkers) -> [Double] {
    let incoming = outgoing.isDirected ? outgoing.reversed : outgoing
    let n = outgoing.nodeCount
    let parts = parallelChunks(n, workers: workers) { range -> [Double] in
        var paths = SingleSource(nodeCount: n)
        return range.map { u in
            if weighted { paths.dijkstra(incoming, from: u, countPaths: false) } else { paths.bfs(incoming, from: u, countPaths: false) }
            var sum = 0.0
            for v in paths.order where paths.dist[Int(v)] > 0 { sum += 1 / paths.dist[Int(v)] }
            return sum
        }
    }
    return parts.flatMap { $0 }
}
