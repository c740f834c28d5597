/// Eigenvector centrality as networkx computes it (`nx.eigenvector_centrality`): the
/// principal eigenvector of the transposed adjacency (a node is central when central nodes
/// point to it), by power iteration on (Aᵀ + I) from the uniform vector, normalised to unit
/// Euclidean length; stops when the L1 change is below n · `tolerance`. Returns nil if it
/// does not converge in `maxIterations`. Bonacich (1987). Nodes are split over `workers`
/// threads (nil: the cores from 50,000 nodes, one thread below).
/// - Complexity: O(iterations · (V + E)).
public func eigenvectorCentrality(outgoing: Adjacency, weighted: Bool = false, tolerance: Double = 1e-12,
                                  maxIterations: Int = 10_000, workers: Int? = nil) -> [Double]? {
    let n = outgoing.nodeCount
    guard n > 0 else { return [] }
    // Pull over incoming ties, nodes split over the cores: each value is computed by one
    // thread in a fixed order; the norm and the change are summed per chunk and the chunks
    // added in order, so more threads change the result by rounding only.
    let incoming = outgoing.isDirected ? outgoing.reversed : outgoing
    var x = [Double](repeating: 1 / Double(n), count: n)
    var next = [Double](repeating: 0, count: n)
    let k = max(1, min(workers ?? (n < 50_000 ? 1 : defaultWorkers), n))
    let partial = ResultSlots<Double>(count: k)
    func inChunks(_ body: @Sendable (Int, Range<Int>) -> Void) {
        if k == 1 { body(0, 0 ..< n) } else {
            DispatchQueue.concurrentPerform(iterations: k) { i in body(i, n * i / k ..< n * (i + 1) / k) }
        }
    }
    return incoming.offsets.withUnsafeBufferPointer { offsets in
        incoming.targets.withUnsafeBufferPointer { targets in
            incoming.weights.withUnsafeBufferPointer { weights in
                let graph = UnsafeSendableGraph(offsets: offsets, targets: targets, weights: weights)
                for _ in 0 ..< maxIterations {
                    var converged = false
                    x.withUnsafeBufferPointer { xs in
                        next.withUnsafeMutableBufferPointer { out in
                            guard let xp = xs.baseAddress, let op = out.baseAddress else { return }
                            let shared = UnsafeSendable(xp: xp, op: op)
                            // next = (Aᵀ + I) x, and the chunk's sum of squares.
                            inChunks { chunk, range in
                                let xp = shared.xp, op = shared.op
                                let offsets = graph.offsets, targets = graph.targets, weights = graph.weights
                                var squares = 0.0
                                for v in range {
                                    var sum = xp[v]
                                    let edges = Int(offsets[v]) ..< Int(offsets[v + 1])
                                    if weighted {
                                        for i in edges { sum += xp[Int(targets[i])] * weights[i] }
                                    } else {
                                        for i in edges { sum += xp[Int(targets[i])] }
                                    }
                                    op[v] = sum
                                    squares += sum * sum
                                }
                                partial.set(chunk, squares)
                            }
                            let length = partial.values.reduce(0, +).squareRoot()
                            let norm = length == 0 ? 1 : length
                            // Normalise, and the chunk's L1 change.
                            inChunks { chunk, range in
                                let xp = shared.xp, op = shared.op
                                var change = 0.0
                                for v in range {
                                    let value = op[v] / norm
                                    op[v] = value
                                    change += abs(value - xp[v])
                                }
                                partial.set(chunk, change)
                            }
                            converged = partial.values.reduce(0, +) < Double(n) * tolerance
                        }
                    }
                    swap(&x, &next)
                    if converged { return x }
                }
                return nil
            }
        }
    }
}

/// An adjacency's arrays, read by worker threads while the adjacency is alive.
struct UnsafeSendableGraph: @unchecked Sendable {
    let offsets: UnsafeBufferPointer<UInt32>
    let targets: UnsafeBufferPointer<UInt32>
    let weights: UnsafeBufferPointer<Double>
}

/// Raw pointers handed to worker threads that write disjoint ranges.
struct UnsafeSendable: @unchecked Sendable {
    let xp: UnsafePointer<Double>
    let op: UnsafeMutablePointer<Double>
}

import Dispatch

/// Katz centrality as networkx computes it (`nx.katz_centrality_numpy`): the solution of
/// x = α Aᵀ x + β (a node gains from every walk that ends at it, damped by α per step),
/// normalised to unit Euclidean length with a positive sum. Solved by Jacobi iteration,
/// which converges when α is below 1/λ_max; nil if it does not. Katz (1953).
/// - Complexity: O(iterations · (V + E)).
public func katzCentrality(outgoing: Adjacency, alpha: Double = 0.1, beta: Double = 1, weighted: Bool = false,
                           normalized: Bool = true, tolerance: Double = 1e-15, maxIterations: Int = 100_000) -> [Double]? {
    let n = outgoing.nodeCount
    guard n > 0 else { return [] }
    var x = [Double](repeating: beta, count: n)
    var converged = false
    for _ in 0 ..< maxIterations {
        var next = [Double](repeating: beta, count: n)
        for v in 0 ..< n {
            for i in outgoing.range(v) { next[Int(outgoing.targets[i])] += alpha * x[v] * (weighted ? outgoing.weights[i] : 1) }
        }
        var err = 0.0, size = 0.0
        for v in 0 ..< n { err = max(err, abs(next[v] - x[v])); size = max(size, abs(next[v])) }
        x = next
        if !err.isFinite || size > 1e300 { return nil }
        if err <= tolerance * max(size, 1) { converged = true; break }
    }
    guard converged else { return nil }
    guard normalized else { return x }
    let sign: Double = x.reduce(0, +) < 0 ? -1 : 1
    let norm = x.reduce(0) { $0 + $1 * $1 }.squareRoot() * sign
    return norm == 0 ? x : x.map { $0 / norm }
}

/// HITS hubs and authorities as networkx computes them (`nx.hits`): authorities are the
/// principal right singular vector of the adjacency (power iteration on AᵀA), hubs = A ·
/// authorities, each normalised to sum 1. Kleinberg (1999). Nil if it does not converge.
/// - Complexity: O(iterations · (V + E)).
public func hits(outgoing: Adjacency, weighted: Bool = false, tolerance: Double = 1e-14,
                 maxIterations: Int = 100_000) -> (hubs: [Double], authorities: [Double])? {
    let n = outgoing.nodeCount
    guard n > 0 else { return ([], []) }
    var a = [Double](repeating: 1 / Double(n).squareRoot(), count: n)
    func hubsOf(_ a: [Double]) -> [Double] {
        var h = [Double](repeating: 0, count: n)
        for v in 0 ..< n { for i in outgoing.range(v) { h[v] += (weighted ? outgoing.weights[i] : 1) * a[Int(outgoing.targets[i])] } }
        return h
    }
    var converged = false
    for _ in 0 ..< maxIterations {
        let h = hubsOf(a)
        var next = [Double](repeating: 0, count: n)
        for v in 0 ..< n { for i in outgoing.range(v) { next[Int(outgoing.targets[i])] += (weighted ? outgoing.weights[i] : 1) * h[v] } }
        let norm = next.reduce(0) { $0 + $1 * $1 }.squareRoot()
        guard norm > 0 else { return ([Double](repeating: 0, count: n), [Double](repeating: 0, count: n)) }
        var err = 0.0
        for v in 0 ..< n { next[v] /= norm; err = max(err, abs(next[v] - a[v])) }
        a = next
        if err < tolerance { converged = true; break }
    }
    guard converged else { return nil }
    let h = hubsOf(a)
    let hs = h.reduce(0, +), asum = a.reduce(0, +)
    return (hs == 0 ? h : h.map { $0 / hs }, asum == 0 ? a : a.map { $0 / asum })
}
