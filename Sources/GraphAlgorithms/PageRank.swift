/// PageRank as networkx computes it (`nx.pagerank`): the stationary distribution of a
/// random walk that follows an out-tie with probability `damping` (in proportion to the
/// tie weights when weighted) and otherwise jumps to a node drawn from `personalization`
/// (uniform by default); a node with no out-ties (dangling) jumps as the personalization
/// says. Power iteration from the uniform vector until the L1 change is below n · `tolerance`.
/// Personalised on the designated entities it measures "sanctions proximity".
///
/// Page, Brin, Motwani & Winograd (1999), *The PageRank citation ranking*.
/// - Complexity: O(iterations · (V + E)).
public func pageRankPowerIteration(outgoing: Adjacency, damping: Double = 0.85, personalization: [Double]? = nil,
                                   tolerance: Double = 1e-12, maxIterations: Int = 10_000) -> [Double] {
    let n = outgoing.nodeCount
    guard n > 0 else { return [] }
    // Row-stochastic weights.
    var outWeight = [Double](repeating: 0, count: n)
    for v in 0 ..< n { for i in outgoing.range(v) { outWeight[v] += outgoing.weights[i] } }
    var p = personalization ?? [Double](repeating: 1, count: n)
    let psum = p.reduce(0, +)
    p = psum > 0 ? p.map { $0 / psum } : [Double](repeating: 1 / Double(n), count: n)
    let dangling = (0 ..< n).filter { outWeight[$0] == 0 }
    var x = [Double](repeating: 1 / Double(n), count: n)
    var next = [Double](repeating: 0, count: n)
    for _ in 0 ..< maxIterations {
        var danglingSum = 0.0
        for v in dangling { danglingSum += x[v] }
        danglingSum *= damping
        for v in 0 ..< n { next[v] = danglingSum * p[v] + (1 - damping) * p[v] }
        for v in 0 ..< n where outWeight[v] > 0 {
            let share = damping * x[v] / outWeight[v]
            for i in outgoing.range(v) { next[Int(outgoing.targets[i])] += share * outgoing.weights[i] }
        }
        var err = 0.0
        for v in 0 ..< n { err += abs(next[v] - x[v]) }
        swap(&x, &next)
        if err < Double(n) * tolerance { break }
    }
    return x
}

/// PageRank as networkx defines it (see `pageRankPowerIteration`), solved exactly instead of
/// by power iteration: with dangling nodes jumping as the personalization p says, the
/// PageRank vector is y / ‖y‖₁ for the solution of y = d·Wᵀy + p (W row-stochastic, dangling
/// rows zero; Del Corso, Gullì & Romani 2005). The system is solved strongly connected
/// component by component in topological order: a component of one node without a
/// self-loop is solved in one step from its (already solved) predecessors; larger ones by
/// Gauss–Seidel sweeps until the largest relative change is below `tolerance`. Ownership
/// networks are nearly acyclic, so most of the graph is solved in a single pass (as
/// igraph's PRPACK does).
/// - Complexity: O(V + E) plus the sweeps inside cyclic components.
public func pageRank(outgoing: Adjacency, damping: Double = 0.85, personalization: [Double]? = nil,
                     tolerance: Double = 1e-15, maxSweeps: Int = 100_000) -> [Double] {
    let n = outgoing.nodeCount
    guard n > 0 else { return [] }
    var scale = [Double](repeating: 0, count: n)   // d / out-weight
    for v in 0 ..< n {
        var w = 0.0
        for i in outgoing.range(v) { w += outgoing.weights[i] }
        scale[v] = w > 0 ? damping / w : 0
    }
    var p = personalization ?? [Double](repeating: 1, count: n)
    let psum = p.reduce(0, +)
    p = psum > 0 ? p.map { $0 / psum } : [Double](repeating: 1 / Double(n), count: n)
    // Components in topological order (Tarjan completes sinks first). Solved values are
    // pushed forward along out-ties into `incoming`, so a component of one node without a
    // self-loop is solved in one step; larger ones by Gauss–Seidel over their inner ties.
    let scc = stronglyConnectedComponentsInCompletionOrder(outgoing)
    var y = [Double](repeating: 0, count: n)
    var incoming = [Double](repeating: 0, count: n)
    var local: [Int32] = []
    var inner: [(target: Int, source: Int, weight: Double)] = []
    var k = scc.count
    while k > 0 {
        k -= 1
        let lo = scc.offsets[k], hi = scc.offsets[k + 1]
        if hi - lo == 1 {
            // One node: solved from what its predecessors pushed, pushed on in the same pass.
            let v = Int(scc.nodes[lo])
            let range = outgoing.range(v)
            var selfWeight = 0.0
            outgoing.targets.withUnsafeBufferPointer { targets in
                outgoing.weights.withUnsafeBufferPointer { weights in
                    for i in range where Int(targets[i]) == v { selfWeight += weights[i] }
                    let value = (p[v] + incoming[v]) / (1 - selfWeight * scale[v])
                    y[v] = value
                    let share = value * scale[v]
                    if share != 0 {
                        incoming.withUnsafeMutableBufferPointer { incoming in
                            for i in range where Int(targets[i]) != v { incoming[Int(targets[i])] += share * weights[i] }
                        }
                    }
                }
            }
            continue
        } else {
            // The component's inner ties, by target.
            if local.isEmpty { local = [Int32](repeating: -1, count: n) }
            for j in lo ..< hi { local[Int(scc.nodes[j])] = Int32(j - lo) }
            inner.removeAll(keepingCapacity: true)
            for j in lo ..< hi {
                let u = Int(scc.nodes[j])
                for i in outgoing.range(u) where local[Int(outgoing.targets[i])] >= 0 {
                    inner.append((Int(outgoing.targets[i]), u, outgoing.weights[i] * scale[u]))
                }
            }
            inner.sort { $0.target < $1.target }
            var starts: [Int: Range<Int>] = [:]
            var a = 0
            while a < inner.count {
                var b = a
                while b < inner.count && inner[b].target == inner[a].target { b += 1 }
                starts[inner[a].target] = a ..< b
                a = b
            }
            for _ in 0 ..< maxSweeps {
                var change = 0.0
                for j in lo ..< hi {
                    let v = Int(scc.nodes[j])
                    var sum = p[v] + incoming[v]
                    if let r = starts[v] { for t in r { sum += inner[t].weight * y[inner[t].source] } }
                    let old = y[v]
                    y[v] = sum
                    if sum != 0 { change = max(change, abs(sum - old) / sum) }
                }
                if change <= tolerance { break }
            }
            for j in lo ..< hi { local[Int(scc.nodes[j])] = -1 }
        }
        // Push the solved values to the components downstream.
        for j in lo ..< hi {
            let u = Int(scc.nodes[j])
            let share = y[u] * scale[u]
            if share == 0 { continue }
            for i in outgoing.range(u) {
                let v = Int(outgoing.targets[i])
                if scc.label[v] != Int32(k) { incoming[v] += share * outgoing.weights[i] }
            }
        }
    }
    let total = y.reduce(0, +)
    return total > 0 ? y.map { $0 / total } : y
}
