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
    var outWeight = [Double](repeating: 0, count: n)
    for v in 0 ..< n { for i in outgoing.range(v) { outWeight[v] += outgoing.weights[i] } }
    var p = personalization ?? [Double](repeating: 1, count: n)
    let psum = p.reduce(0, +)
    p = psum > 0 ? p.map { $0 / psum } : [Double](repeating: 1 / Double(n), count: n)
    // Incoming ties with their transition weights d · w(u, v) / out(u).
    var inOffsets = [UInt32](repeating: 0, count: n + 1)
    for i in 0 ..< outgoing.targets.count { inOffsets[Int(outgoing.targets[i]) + 1] += 1 }
    for v in 0 ..< n { inOffsets[v + 1] += inOffsets[v] }
    var cursor = inOffsets
    var inSource = [UInt32](repeating: 0, count: outgoing.targets.count)
    var inWeight = [Double](repeating: 0, count: outgoing.targets.count)
    for u in 0 ..< n where outWeight[u] > 0 {
        let scale = damping / outWeight[u]
        for i in outgoing.range(u) {
            let v = Int(outgoing.targets[i])
            inSource[Int(cursor[v])] = UInt32(u)
            inWeight[Int(cursor[v])] = outgoing.weights[i] * scale
            cursor[v] += 1
        }
    }
    // Components in topological order (Tarjan completes sinks first).
    let scc = stronglyConnectedComponentsInCompletionOrder(outgoing)
    var y = [Double](repeating: 0, count: n)
    var k = scc.count
    while k > 0 {
        k -= 1
        let members = scc.members(k)
        if members.count == 1 {
            let v = Int(members[members.startIndex])
            var sum = p[v], selfWeight = 0.0
            for j in Int(inOffsets[v]) ..< Int(inOffsets[v + 1]) {
                let u = Int(inSource[j])
                if u == v { selfWeight += inWeight[j] } else { sum += inWeight[j] * y[u] }
            }
            y[v] = sum / (1 - selfWeight)
            continue
        }
        for _ in 0 ..< maxSweeps {
            var change = 0.0
            for m in members {
                let v = Int(m)
                var sum = p[v]
                for j in Int(inOffsets[v]) ..< Int(inOffsets[v + 1]) { sum += inWeight[j] * y[Int(inSource[j])] }
                let old = y[v]
                y[v] = sum
                if sum != 0 { change = max(change, abs(sum - old) / sum) }
            }
            if change <= tolerance { break }
        }
    }
    let total = y.reduce(0, +)
    return total > 0 ? y.map { $0 / total } : y
}
