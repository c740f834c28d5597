/// Which degree to count.
public enum DegreeKind: String, Sendable, CaseIterable {
    /// Ties entering the node, ties leaving it, or both added.
    case `in`, out, total
}

/// Degree centrality as networkx defines it: the degree divided by n − 1
/// (`degree_centrality`, `in_degree_centrality`, `out_degree_centrality`). For an
/// undirected adjacency (`.both`) every kind is the plain degree; a self-loop counts twice
/// there, as in networkx. With `weighted`, the sum of tie weights is divided instead
/// (networkx has no weighted degree centrality; this is `G.degree(weight=…) / (n − 1)`).
/// - Complexity: O(V + E).
public func degreeCentrality(outgoing: Adjacency, kind: DegreeKind = .total, weighted: Bool = false) -> [Double] {
    let n = outgoing.nodeCount
    guard n > 1 else { return [Double](repeating: n == 1 ? 1 : 0, count: n) }
    var degree = [Double](repeating: 0, count: n)
    for v in 0 ..< n {
        for i in outgoing.range(v) {
            let t = Int(outgoing.targets[i])
            let w = weighted ? outgoing.weights[i] : 1
            if outgoing.isDirected {
                if kind != .in { degree[v] += w }
                if kind != .out { degree[t] += w }
            } else {
                degree[v] += w
                if t == v { degree[v] += w }
            }
        }
    }
    let scale = 1 / Double(n - 1)
    return degree.map { $0 * scale }
}
