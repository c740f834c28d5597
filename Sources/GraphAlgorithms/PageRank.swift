/// PageRank as networkx computes it (`nx.pagerank`): the stationary distribution of a
/// random walk that follows an out-tie with probability `damping` (in proportion to the
/// tie weights when weighted) and otherwise jumps to a node drawn from `personalization`
/// (uniform by default); a node with no out-ties (dangling) jumps as the personalization
/// says. Power iteration from the uniform vector until the L1 change is below n · `tolerance`.
/// Personalised on the designated entities it measures "sanctions proximity".
///
/// Page, Brin, Motwani & Winograd (1999), *The PageRank citation ranking*.
/// - Complexity: O(iterations · (V + E)).
public func pageRank(outgoing: Adjacency, damping: Double = 0.85, personalization: [Double]? = nil,
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
