import GraphCore
import Platform
/// Eigenvector centrality as networkx computes it (`nx.eigenvector_centrality`): the
/// principal eigenvector of the transposed adjacency (a node is central when central nodes
/// point to it), by power iteration on (Aᵀ + I) from the uniform vector, normalised to unit
/// Euclidean length; stops when the L1 change is below n · `tolerance`. Returns nil if it
/// does not converge in `maxIterations`. Bonacich (1987). Nodes are split over `workers`
/// threads (nil: the cores from 50,000 nodes, one thread below); the result does not depend
/// on their number, to the bit.
/// - Complexity: O(iterations · (V + E)).
public func eigenvectorCentrality(outgoing: Adjacency, weighted: Bool = false, tolerance: Double = 1e-12,
                                  maxIterations: Int = 10_000, workers: Int? = nil) -> [Double]? {
    let n = outgoing.nodeCount
    guard n > 0 else { return [] }
    // One pass per iteration, pulling over incoming ties, nodes split over the cores. Pass t
    // computes y(t+1) = (Aᵀ + I) y(t) · 1/‖y(t)‖ (that is, (Aᵀ + I) x(t) for the normalised
    // x(t)), the squares of y(t+1) for its norm, and the L1 change between x(t) and x(t−1),
    // which networkx checks after its iteration t: so x(t) is returned one pass later, and the
    // iterates are networkx's up to rounding. Each value is computed by one thread in a fixed
    // order, and the sums are taken per block of 4,096 nodes and the blocks added in order,
    // whatever the number of threads: the result is the same bits for any number of threads.
    let incoming = outgoing.isDirected ? outgoing.reversed : outgoing
    let blockSize = 4096, blockCount = (n + blockSize - 1) / blockSize
    let k = max(1, min(workers ?? (n < 50_000 ? 1 : defaultWorkers), blockCount))
    var older = [Double](repeating: 0, count: n)                 // y(t−1)
    var current = [Double](repeating: 1 / Double(n), count: n)   // y(t)
    var next = [Double](repeating: 0, count: n)                  // y(t+1)
    var olderScale = 1.0, currentScale = 1.0                      // x = y · scale
    var blockSums = [PassSums](repeating: PassSums(squares: 0, change: 0), count: blockCount)
    return incoming.withRaw { graph in
        for pass in 0 ... maxIterations {
            older.withUnsafeBufferPointer { older in
                current.withUnsafeBufferPointer { current in
                    next.withUnsafeMutableBufferPointer { next in
                        guard let o = older.baseAddress, let c = current.baseAddress, let x = next.baseAddress else { return }
                        let buffers = PowerBuffers(older: o, current: c, next: x)
                        let (oldScale, scale) = (olderScale, currentScale)
                        blockSums.withUnsafeMutableBufferPointer { blockSums in
                            guard let base = blockSums.baseAddress else { return }
                            let out = SharedOutput(base: base)
                            let body: @Sendable (Int) -> Void = { chunk in
                                let o = buffers.older, c = buffers.current, x = buffers.next
                                let offsets = graph.offsets, targets = graph.targets, weights = graph.weights
                                for block in blockCount * chunk / k ..< blockCount * (chunk + 1) / k {
                                    var sums = PassSums(squares: 0, change: 0)
                                    for v in block * blockSize ..< min(n, (block + 1) * blockSize) {
                                        var sum = c[v]
                                        let edges = Int(offsets[v]) ..< Int(offsets[v + 1])
                                        if weighted {
                                            for i in edges { sum += c[Int(targets[i])] * weights[i] }
                                        } else {
                                            for i in edges { sum += c[Int(targets[i])] }
                                        }
                                        let value = sum * scale
                                        x[v] = value
                                        sums.squares += value * value
                                        sums.change += abs(c[v] * scale - o[v] * oldScale)
                                    }
                                    out.set(block, sums)
                                }
                            }
                            parallelWorkers(k, body)
                        }
                    }
                }
            }
            let sums = blockSums
            if pass > 0 && sums.reduce(0, { $0 + $1.change }) < Double(n) * tolerance {
                return current.map { $0 * currentScale }
            }
            let norm = sums.reduce(0, { $0 + $1.squares }).squareRoot()
            (olderScale, currentScale) = (currentScale, norm == 0 ? 1 : 1 / norm)
            swap(&older, &current)     // older ← y(t)
            swap(&current, &next)      // current ← y(t+1); next reuses y(t−1)'s buffer
        }
        return nil
    }
}

/// One pass's sums over a block of nodes.
struct PassSums: Sendable {
    var squares: Double
    var change: Double
}

/// The three iterates of `eigenvectorCentrality`, handed to worker threads that write
/// disjoint ranges of `next`.
struct PowerBuffers: @unchecked Sendable {
    let older: UnsafePointer<Double>
    let current: UnsafePointer<Double>
    let next: UnsafeMutablePointer<Double>
}


/// Katz centrality as networkx computes it (`nx.katz_centrality_numpy`): the solution of
/// x = α Aᵀ x + β (a node gains from every walk that ends at it, damped by α per step),
/// normalised to unit Euclidean length with a positive sum. Solved by Jacobi iteration,
/// which converges when α is below 1/λ_max; nil if it does not. Katz (1953).
/// - Complexity: O(iterations · (V + E)).
/// - Throws: `GraphInputError.parameterOutOfRange` unless α is finite and above 0 and β finite.
public func katzCentrality(outgoing: Adjacency, alpha: Double = 0.1, beta: Double = 1, weighted: Bool = false,
                           normalized: Bool = true, tolerance: Double = 1e-15, maxIterations: Int = 100_000) throws(GraphInputError) -> [Double]? {
    guard alpha > 0 && alpha.isFinite else { throw .parameterOutOfRange(what: "alpha", value: alpha, allowed: "finite and above 0") }
    guard beta.isFinite else { throw .parameterOutOfRange(what: "beta", value: beta, allowed: "finite") }
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
