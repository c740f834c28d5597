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
/// excluded). Sources are split over the cores; partial sums are added in a fixed order,
/// so the result is deterministic.
/// - Complexity: O(k · E) unweighted, O(k · E log V) weighted, for k sources (all n by default).
public func betweennessCentrality(_ adj: Adjacency, normalized: Bool = true, endpoints: Bool = false, weighted: Bool = false,
                                  sources: [Int]? = nil, workers: Int = defaultWorkers,
                                  progress: (@Sendable (Int) -> Void)? = nil) -> [Double] {
    let n = adj.nodeCount
    guard n > 0 else { return [] }
    let list = sources ?? Array(0 ..< n)
    let partials = parallelChunks(list.count, workers: workers) { range in
        var bc = [Double](repeating: 0, count: n)
        var paths = SingleSource(nodeCount: n)
        var delta = [Double](repeating: 0, count: n)
        var done = 0
        for k in range {
            let s = list[k]
            if weighted { paths.dijkstra(adj, from: s, countPaths: true) } else { paths.bfs(adj, from: s, countPaths: true) }
            let order = paths.order
            if endpoints { bc[s] += Double(order.count - 1) }
            // Dependencies, farthest first: δ(w) = Σ over successors x on a shortest path of σ(w)/σ(x)·(1 + δ(x)).
            for j in stride(from: order.count - 1, through: 0, by: -1) {
                let w = Int(order[j])
                var dw = 0.0
                let dist = paths.dist[w]
                for i in adj.range(w) {
                    let x = Int(adj.targets[i])
                    let step = weighted ? adj.weights[i] : 1
                    if paths.dist[x] == dist + step && paths.sigma[x] > 0 {
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
        progress?(done % 64)
        return bc
    }
    var bc = [Double](repeating: 0, count: n)
    for part in partials { for v in 0 ..< n { bc[v] += part[v] } }
    rescaleBetweenness(&bc, n: n, normalized: normalized, directed: adj.isDirected, endpoints: endpoints,
                       sampled: sources)
    return bc
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

/// k distinct nodes drawn with a seeded generator (for sampled betweenness).
public func sampleSources(nodeCount n: Int, k: Int, seed: UInt64) -> [Int] {
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
        return Adjacency(nodeCount: n, sources: src, targets: dst, weights: [Double](repeating: 1, count: src.count), directed: false)
    }()
    var paths = SingleSource(nodeCount: n)
    paths.bfs(undirected, from: Int(rng.next() % UInt64(n)), countPaths: false)
    let eccentricity = paths.order.last.map { Int(paths.dist[Int($0)]) } ?? 0
    let vd = max(3, 2 * eccentricity + 1)
    let r = Int(((0.5 / (epsilon * epsilon)) * (Double(Int((Double(vd - 2)).log2Floor)) + 1 + (1 / delta).naturalLog)).rounded(.up))
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
    /// ln(x) for x ≥ 1 by halving to [1, 2) and a short series.
    fileprivate var naturalLog: Double {
        var x = self, k = 0.0
        while x >= 2 { x /= 2; k += 1 }
        let t = (x - 1) / (x + 1), t2 = t * t
        var term = t, sum = 0.0, i = 1.0
        while abs(term) > 1e-17 { sum += term / i; term *= t2; i += 2 }
        return 2 * sum + k * 0.6931471805599453
    }
}
