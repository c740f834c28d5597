/// Closeness centrality as networkx computes it (`nx.closeness_centrality`, with its
/// default `wf_improved=True`, or without the correction when `wfImproved` is false): for node u, (r − 1) / Σ d(v, u) over the r − 1 nodes v that
/// reach u, times (r − 1)/(n − 1) (Wasserman & Faust 1994, for disconnected graphs);
/// 0 when nothing reaches u. Distances are measured *to* u (networkx reverses directed
/// graphs), so pass the outgoing adjacency; weights are distances when `weighted`.
/// Targets are split over `workers` threads (nil: the cores, when the graph is large enough
/// for a second thread to pay).
/// - Complexity: O(V · E) unweighted, O(V · E log V) weighted.
public func closenessCentrality(outgoing: Adjacency, weighted: Bool = false, wfImproved: Bool = true,
                                workers: Int? = nil) -> [Double] {
    let n = outgoing.nodeCount
    return distancesTo(outgoing, weighted: weighted, workers: workers).map { r in
        let reached = Double(r.reached)
        guard r.distanceSum > 0, n > 1 else { return 0 }
        return reached / r.distanceSum * (wfImproved ? reached / Double(n - 1) : 1)
    }
}

/// Harmonic centrality as networkx computes it (`nx.harmonic_centrality`): for node u, the
/// sum of 1/d(v, u) over the nodes v ≠ u that reach it (Marchiori & Latora 2000). Targets are
/// split over `workers` threads, as for `closenessCentrality`.
/// - Complexity: O(V · E) unweighted, O(V · E log V) weighted.
public func harmonicCentrality(outgoing: Adjacency, weighted: Bool = false, workers: Int? = nil) -> [Double] {
    distancesTo(outgoing, weighted: weighted, workers: workers).map(\.inverseSum)
}

/// Per node u: how many other nodes reach it, the sum of their distances to u and the sum of
/// the inverses, each summed in the order the search visits the nodes.
struct DistanceSums {
    var reached: Int
    var distanceSum: Double
    var inverseSum: Double
}

/// One search per node, against the ties (`outgoing` reversed when directed), the nodes
/// handed out in blocks to `workers` threads; each node's sums depend on its own search only,
/// so the outcome does not depend on the number of workers.
func distancesTo(_ outgoing: Adjacency, weighted: Bool, workers: Int?) -> [DistanceSums] {
    let incoming = outgoing.isDirected ? outgoing.reversed : outgoing
    let n = outgoing.nodeCount
    // Below this size, starting a second thread costs more than it saves.
    let k = workers ?? (incoming.targets.count + n < parallelDistanceThreshold ? 1 : defaultWorkers)
    var result = [DistanceSums](repeating: DistanceSums(reached: 0, distanceSum: 0, inverseSum: 0), count: n)
    let blocks = BlockDispenser(count: n, blockSize: 128)
    result.withUnsafeMutableBufferPointer { buffer in
        guard let base = buffer.baseAddress else { return }
        let out = SharedOutput(base: base)
        parallelWorkers(min(k, n)) { _ in
            if weighted {
                var paths = SingleSource(nodeCount: n)
                while let range = blocks.take() {
                    for u in range {
                        paths.dijkstra(incoming, from: u, countPaths: false)
                        var sums = DistanceSums(reached: paths.order.count - 1, distanceSum: 0, inverseSum: 0)
                        for v in paths.order where paths.dist[Int(v)] > 0 {
                            sums.distanceSum += paths.dist[Int(v)]
                            sums.inverseSum += 1 / paths.dist[Int(v)]
                        }
                        out.set(u, sums)
                    }
                }
            } else {
                breadthFirstDistanceSums(incoming, blocks, out)
            }
        }
    }
    return result
}

/// Unweighted `distancesTo` for the blocks this worker takes: a breadth-first search from
/// each node.
private func breadthFirstDistanceSums(_ adj: Adjacency, _ blocks: BlockDispenser, _ out: SharedOutput<DistanceSums>) {
    let bfs = BreadthFirstBuffers(nodeCount: adj.nodeCount)
    defer { bfs.deallocate() }
    adj.offsets.withUnsafeBufferPointer { offsets in
        adj.targets.withUnsafeBufferPointer { targets in
            while let range = blocks.take() {
                for u in range {
                    var sums = DistanceSums(reached: 0, distanceSum: 0, inverseSum: 0)
                    let count = bfs.search(from: u, offsets, targets) { _, _, depth, new in
                        guard new else { return }
                        let d = Double(depth)
                        sums.distanceSum += d
                        sums.inverseSum += 1 / d
                    }
                    sums.reached = count - 1
                    bfs.clear(count)
                    out.set(u, sums)
                }
            }
        }
    }
}
/// Nodes plus ties below which `distancesTo` runs on one thread unless told otherwise. On the
/// generated networks (2 cores) a second thread is slower at 10k entities (27k nodes + ties)
/// and 1.5× faster at 100k.
let parallelDistanceThreshold = 100_000
