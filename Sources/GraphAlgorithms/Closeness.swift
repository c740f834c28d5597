import Platform
import GraphCore

/// Closeness centrality as networkx computes it (`nx.closeness_centrality`, with its
/// default `wf_improved=True`, or without the correction when `wfImproved` is false): for node u, (r − 1) / Σ d(v, u) over the r − 1 nodes v that
/// reach u, times (r − 1)/(n − 1) (Wasserman & Faust 1994, for disconnected graphs);
/// 0 when nothing reaches u. Distances are measured *to* u (networkx reverses directed
/// graphs), so pass the outgoing adjacency; weights are distances when `weighted`.
/// Targets are split over `workers` threads (nil: the cores, when the graph is large enough
/// for a second thread to pay).
/// - Complexity: O(V · E) unweighted, O(V · E log V) weighted.
/// - Throws: `GraphInputError.invalidValue` for a negative, infinite or NaN weight when `weighted`.
public func closenessCentrality(outgoing: Adjacency, weighted: Bool = false, wfImproved: Bool = true,
                                workers: Int? = nil) throws(GraphInputError) -> [Double] {
    let n = outgoing.nodeCount
    if weighted { try outgoing.checkDistances() }
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
/// - Throws: `GraphInputError.invalidValue` for a negative, infinite or NaN weight when `weighted`.
public func harmonicCentrality(outgoing: Adjacency, weighted: Bool = false, workers: Int? = nil) throws(GraphInputError) -> [Double] {
    if weighted { try outgoing.checkDistances() }
    return distancesTo(outgoing, weighted: weighted, workers: workers).map(\.inverseSum)
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
    let k = workers ?? (estimatedSearchWork(incoming) < parallelDistanceThreshold ? 1 : defaultWorkers)
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

/// Roughly how many nodes all n searches will visit: n times the average reach of 32
/// searches from evenly spaced nodes. What a search from every node costs depends on how
/// far ties lead (a nearly acyclic ownership network: a few nodes each; a strongly connected
/// graph: all of them), which the graph's size does not tell.
func estimatedSearchWork(_ adj: Adjacency) -> Int {
    let n = adj.nodeCount
    guard n > 0 else { return 0 }
    let samples = min(n, 32)
    let bfs = BreadthFirstBuffers(nodeCount: n)
    defer { bfs.deallocate() }
    var reached = 0
    adj.offsets.withUnsafeBufferPointer { offsets in
        adj.targets.withUnsafeBufferPointer { targets in
            for i in 0 ..< samples {
                let count = bfs.search(from: n * i / samples, offsets, targets) { _, _, _, _ in }
                reached += count
                bfs.clear(count)
            }
        }
    }
    return n * (reached / samples)
}

/// Estimated nodes visited (`estimatedSearchWork`) below which `distancesTo` runs on one
/// thread unless told otherwise. On 2 cores, a second thread is slower for the generated
/// network of 10k entities (150,000 estimated visits, about 1 ms) and 1.5× faster at 100k
/// (1.7 million, 9 ms); a strongly connected random graph of 10k nodes (99 million) runs 2×
/// faster.
let parallelDistanceThreshold = 400_000
