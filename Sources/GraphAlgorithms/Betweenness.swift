import Platform
import GraphCore

/// Betweenness centrality as networkx computes it (`nx.betweenness_centrality`): for each
/// node v, the sum over pairs (s, t) of the fraction of shortest s–t paths through v.
/// Brandes' algorithm (Brandes 2001, *A faster algorithm for betweenness centrality*;
/// endpoints as in Brandes 2008), BFS when unweighted, Dijkstra with weights as distances.
///
/// Normalisation as networkx: with `normalized`, divided by (n−1)(n−2) — n(n−1) with
/// `endpoints`; without, halved for undirected graphs. With `sources` (a sample of k
/// nodes), only those sources are used and the result is rescaled as networkx does for
/// `k` (extrapolated to all n sources; sampled sources rescaled apart when endpoints are
/// excluded). Sources are dealt to `workers` threads in blocks of 64, round robin (nil: as
/// `betweennessWorkers` decides); each thread sums its sources in order and the
/// threads' sums are added in thread order, so a given number of threads always gives the
/// same bits, and any number gives the single-threaded result to rounding.
/// - Complexity: O(k · E) unweighted, O(k · E log V) weighted, for k sources (all n by default);
///   the checks cost O(k + V), and O(E) more when weighted.
/// - Throws: `GraphInputError.empty`, `.nodeOutOfRange` or `.duplicateNode` for a `sources`
///   list that is empty, names a node outside the adjacency or repeats one;
///   `.invalidValue` for a negative, infinite or NaN weight when `weighted`.
public func betweennessCentrality(_ adj: Adjacency, normalized: Bool = true, endpoints: Bool = false, weighted: Bool = false,
                                  sources: [Int]? = nil, workers: Int? = nil,
                                  progress: (@Sendable (Int) -> Void)? = nil) throws(GraphInputError) -> [Double] {
    let n = adj.nodeCount
    if let sources { try checkSources(sources, nodeCount: n) }
    if weighted { try adj.checkDistances() }
    guard n > 0 else { return [] }
    let list = sources ?? Array(0 ..< n)
    let blockSize = 64, blockCount = (list.count + blockSize - 1) / blockSize
    let k = max(1, min(workers ?? betweennessWorkers(sources: list.count, nodes: n, ties: adj.targets.count), blockCount))
    let partials = parallelWorkers(k) { worker -> [Double] in
        var bc = [Double](repeating: 0, count: n)
        let mine = stride(from: worker, to: blockCount, by: k).lazy.flatMap { b in
            list[(b * blockSize) ..< min(list.count, (b + 1) * blockSize)]
        }
        if weighted {
            var paths = SingleSource(nodeCount: n)
            var delta = [Double](repeating: 0, count: n)
            var done = 0
            for s in mine {
                paths.dijkstra(adj, from: s, countPaths: true)
                let order = paths.order
                if endpoints { bc[s] += Double(order.count - 1) }
                // Dependencies, farthest first: δ(w) = Σ over successors x on a shortest path of σ(w)/σ(x)·(1 + δ(x)).
                for j in stride(from: order.count - 1, through: 0, by: -1) {
                    let w = Int(order[j])
                    var dw = 0.0
                    let dist = paths.dist[w]
                    for i in adj.range(w) {
                        let x = Int(adj.targets[i])
                        if paths.dist[x] == dist + adj.weights[i] && paths.sigma[x] > 0 {
                            dw += paths.sigma[w] / paths.sigma[x] * (1 + delta[x])
                        }
                    }
                    delta[w] = dw
                    if w != s { bc[w] += endpoints ? dw + 1 : dw }
                }
                for v in order { delta[Int(v)] = 0 }
                done += 1
                if done % 64 == 0 { progress?(64) }
            }
            if done % 64 != 0 { progress?(done % 64) }
        } else {
            bc.withUnsafeMutableBufferPointer { bc in
                brandesBreadthFirst(adj, sources: mine, endpoints: endpoints, into: bc, progress: progress)
            }
        }
        return bc
    }
    var bc = [Double](repeating: 0, count: n)
    for part in partials { for v in 0 ..< n { bc[v] += part[v] } }
    rescaleBetweenness(&bc, n: n, normalized: normalized, directed: adj.isDirected, endpoints: endpoints,
                       sampled: sources)
    return bc
}

/// The threads `betweennessCentrality` uses unless told: each costs buffers the size of the
/// graph, which a few sources with small reach do not repay. On the generated networks
/// (2 cores), all 10,000 sources at 10k entities run 1.2× faster on two threads, 1,000
/// sampled sources at 100k entities 1.15× slower.
func betweennessWorkers(sources: Int, nodes: Int, ties: Int) -> Int {
    sources >= 4096 || sources * (nodes + ties) >= 1 << 30 ? defaultWorkers : 1
}

/// Brandes' accumulation from each of `sources` over an unweighted adjacency, added into
/// `bc`: a breadth-first search counting shortest paths (σ), then dependencies δ farthest
/// first, on raw buffers cleared from the queue after each source.
private func brandesBreadthFirst(_ adj: Adjacency, sources: some Sequence<Int>, endpoints: Bool,
                                 into bc: UnsafeMutableBufferPointer<Double>, progress: (@Sendable (Int) -> Void)?) {
    let n = adj.nodeCount
    let bfs = BreadthFirstBuffers(nodeCount: n)
    let dist = bfs.dist, queue = bfs.queue
    let sigma = UnsafeMutablePointer<Double>.allocate(capacity: n), delta = UnsafeMutablePointer<Double>.allocate(capacity: n)
    defer { bfs.deallocate(); sigma.deallocate(); delta.deallocate() }
    sigma.initialize(repeating: 0, count: n)
    delta.initialize(repeating: 0, count: n)
    var done = 0
    adj.offsets.withUnsafeBufferPointer { offsets in
        adj.targets.withUnsafeBufferPointer { targets in
            for s in sources {
                sigma[s] = 1
                let tail = bfs.search(from: s, offsets, targets) { v, w, depth, _ in
                    if dist[w] == depth { sigma[w] += sigma[v] }
                }
                if endpoints { bc[s] += Double(tail - 1) }
                // Dependencies, farthest first: δ(w) = Σ over successors x on a shortest path of σ(w)/σ(x)·(1 + δ(x)).
                var j = tail
                while j > 0 {
                    j -= 1
                    let w = Int(queue[j])
                    let next = dist[w] + 1, sw = sigma[w]
                    var dw = 0.0
                    for i in Int(offsets[w]) ..< Int(offsets[w + 1]) {
                        let x = Int(targets[i])
                        if dist[x] == next { dw += sw / sigma[x] * (1 + delta[x]) }
                    }
                    delta[w] = dw
                    if w != s { bc[w] += endpoints ? dw + 1 : dw }
                }
                for i in 0 ..< tail {
                    let v = Int(queue[i])
                    sigma[v] = 0; delta[v] = 0
                }
                bfs.clear(tail)
                done += 1
                if done % 64 == 0 { progress?(64) }
            }
        }
    }
    if done % 64 != 0 { progress?(done % 64) }
}

/// networkx's `_rescale` (3.x).
func rescaleBetweenness(_ bc: inout [Double], n: Int, normalized: Bool, directed: Bool, endpoints: Bool, sampled: [Int]?) {
    let N = endpoints ? n : n - 1
    guard N >= 2 else { return }
    let k = sampled?.count
    let kSource = Double(k ?? N)
    let correction: Double = directed ? 1 : 2
    if k == nil || endpoints {
        let scale = normalized ? 1 / (kSource * Double(N - 1)) : Double(N) / (kSource * correction)
        if scale != 1 { for v in 0 ..< bc.count { bc[v] *= scale } }
        return
    }
    let sourceScale, otherScale: Double
    if normalized {
        sourceScale = kSource > 1 ? 1 / ((kSource - 1) * Double(N - 1)) : .nan
        otherScale = 1 / (kSource * Double(N - 1))
    } else {
        sourceScale = kSource > 1 ? Double(N) / ((kSource - 1) * correction) : .nan
        otherScale = Double(N) / (kSource * correction)
    }
    let sampledSet = Set(sampled ?? [])
    for v in 0 ..< bc.count { bc[v] *= sampledSet.contains(v) ? sourceScale : otherScale }
}

/// Throws unless `sources` is a non-empty list of distinct nodes below `n`.
/// - Complexity: O(k + n) for k sources.
func checkSources(_ sources: [Int], nodeCount n: Int) throws(GraphInputError) {
    if sources.isEmpty { throw .empty(what: "sources") }
    var seen = [Bool](repeating: false, count: n)
    for s in sources {
        if s < 0 || s >= n { throw .nodeOutOfRange(index: s, count: n) }
        if seen[s] { throw .duplicateNode(index: s) }
        seen[s] = true
    }
}

/// k distinct nodes drawn with a seeded generator (for sampled betweenness); all n when
/// k ≥ n. Sorted ascending; equal seeds give equal samples.
/// - Complexity: O(n + k log k).
/// - Throws: `GraphInputError.negativeCount` when `n` or `k` is negative.
public func sampleSources(nodeCount n: Int, k: Int, seed: UInt64) throws(GraphInputError) -> [Int] {
    if n < 0 { throw .negativeCount(what: "nodeCount", value: n) }
    if k < 0 { throw .negativeCount(what: "k", value: k) }
    var rng = SplitMix64(seed: seed)
    var pool = Array(0 ..< n)
    let k = min(k, n)
    for i in 0 ..< k {
        let j = i + Int(rng.next() % UInt64(n - i))
        pool.swapAt(i, j)
    }
    return Array(pool[0 ..< k]).sorted()
}

/// Approximate betweenness with a probabilistic guarantee (Riondato & Kornaropoulos 2016,
/// *Fast approximation of betweenness centrality through sampling*): r shortest paths are
/// sampled uniformly, each from a random pair (s, t), and every inner node of a sampled path
/// gains 1/r. With r = ⌈(c/ε²)(⌊log₂(VD − 2)⌋ + 1 + ln(1/δ))⌉ (c = 0.5, VD an upper bound of
/// the vertex diameter: twice the largest BFS distance from one node, ties taken both ways),
/// every estimate is within ε of the true normalised betweenness with probability at least
/// 1 − δ. Returned on networkx's `normalized=True` scale (÷ (n−1)(n−2)). Unweighted.
/// - Complexity: O(r · (V + E)) in the worst case; r is independent of the graph's size.
public func approximateBetweenness(_ adj: Adjacency, epsilon: Double, delta: Double, seed: UInt64 = 1) -> (values: [Double], samples: Int) {
    let n = adj.nodeCount
    guard n > 2, epsilon > 0, delta > 0, delta < 1 else { return ([Double](repeating: 0, count: n), 0) }
    var rng = SplitMix64(seed: seed)
    // Vertex-diameter bound from one BFS on the undirected version.
    let undirected: Adjacency = {
        guard adj.isDirected else { return adj }
        var src: [UInt32] = [], dst: [UInt32] = []
        for v in 0 ..< n { for i in adj.range(v) { let t = adj.targets[i]; src.append(UInt32(v)); dst.append(t); src.append(t); dst.append(UInt32(v)) } }
        return Adjacency(checkedNodeCount: n, sources: src, targets: dst, weights: [Double](repeating: 1, count: src.count), directed: false)
    }()
    var paths = SingleSource(nodeCount: n)
    paths.bfs(undirected, from: Int(rng.next() % UInt64(n)), countPaths: false)
    let eccentricity = paths.order.last.map { Int(paths.dist[Int($0)]) } ?? 0
    let vd = max(3, 2 * eccentricity + 1)
    let r = Int(((0.5 / (epsilon * epsilon)) * (Double(Int((Double(vd - 2)).log2Floor)) + 1 + (1 / delta).naturalLogarithm)).rounded(.up))
    let incoming = adj.isDirected ? adj.reversed : adj
    var estimate = [Double](repeating: 0, count: n)
    let unit = 1 / Double(r)
    for _ in 0 ..< r {
        let s = Int(rng.next() % UInt64(n))
        var t = Int(rng.next() % UInt64(n - 1))
        if t >= s { t += 1 }
        paths.bfs(adj, from: s, countPaths: true)
        guard paths.dist[t].isFinite else { continue }
        // Walk back from t, choosing each predecessor in proportion to its path count.
        var w = t
        while true {
            var preds: [(Int, Double)] = []
            var total = 0.0
            for i in incoming.range(w) {
                let u = Int(incoming.targets[i])
                if paths.dist[u] == paths.dist[w] - 1 { preds.append((u, paths.sigma[u])); total += paths.sigma[u] }
            }
            guard !preds.isEmpty else { break }
            var pick = Double(rng.next() >> 11) * 0x1.0p-53 * total
            var chosen = preds[preds.count - 1].0
            for (u, sigma) in preds { if pick < sigma { chosen = u; break }; pick -= sigma }
            if chosen == s { break }
            estimate[chosen] += unit
            w = chosen
        }
    }
    // RK estimates the fraction over ordered pairs n(n−1); networkx normalises by (n−1)(n−2).
    let scale = Double(n) / Double(n - 2)
    return (estimate.map { $0 * scale }, r)
}

extension Double {
    fileprivate var log2Floor: Double { self < 1 ? 0 : Double(Int(self).bitWidth - Int(self).leadingZeroBitCount - 1) }
}
