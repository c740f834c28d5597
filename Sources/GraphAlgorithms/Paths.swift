import GraphCore

/// A shortest path (fewest ties) from `source` to `target`, or nil if there is none.
/// Nodes with more than `maxDegree` neighbours are not passed through (hub avoidance:
/// registered agents and mass-registration addresses connect everything); the ends are
/// always allowed. Ties are broken by neighbour order, so the answer is deterministic.
/// - Complexity: O(V + E).
/// - Throws: `GraphInputError.nodeOutOfRange` when `source` or `target` is not a node.
public func shortestPath(_ adj: Adjacency, from source: Int, to target: Int, maxDegree: Int? = nil) throws(GraphInputError) -> [Int]? {
    let n = adj.nodeCount
    try adj.checkNode(source)
    try adj.checkNode(target)
    if source == target { return [source] }
    var parent = [Int32](repeating: -1, count: n)
    parent[source] = Int32(source)
    var queue = [source], head = 0
    while head < queue.count {
        let v = queue[head]
        head += 1
        if v != source, let maxDegree, adj.range(v).count > maxDegree { continue }
        for i in adj.range(v) {
            let w = Int(adj.targets[i])
            guard parent[w] < 0 else { continue }
            parent[w] = Int32(v)
            if w == target {
                var path = [w], x = v
                while x != source { path.append(x); x = Int(parent[x]) }
                path.append(source)
                return path.reversed()
            }
            queue.append(w)
        }
    }
    return nil
}

/// The strongest ownership path from `owner` to `asset`: the chain whose product of shares
/// (percent, as tie weights) is largest, by Dijkstra on −log(share). Ties with an unknown or
/// zero share are not followed. Returns the nodes and the product in percent.
/// - Complexity: O(E log V).
/// - Throws: `GraphInputError.nodeOutOfRange` when `owner` or `asset` is not a node.
public func strongestOwnershipPath(_ ownership: Adjacency, from owner: Int, to asset: Int,
                                   maxDegree: Int? = nil) throws(GraphInputError) -> (path: [Int], percent: Double)? {
    let n = ownership.nodeCount
    try ownership.checkNode(owner)
    try ownership.checkNode(asset)
    var cost = [Double](repeating: .infinity, count: n)
    var parent = [Int32](repeating: -1, count: n)
    var done = [Bool](repeating: false, count: n)
    var heap = MinHeap()
    cost[owner] = 0
    heap.push(0, owner)
    while let (c, v) = heap.pop() {
        if done[v] || c > cost[v] { continue }
        done[v] = true
        if v == asset { break }
        if v != owner, let maxDegree, ownership.range(v).count > maxDegree { continue }
        for i in ownership.range(v) {
            let w = Int(ownership.targets[i]), share = ownership.weights[i]
            guard share.isFinite, share > 0, !done[w] else { continue }
            let next = c - (min(share, 100) / 100).naturalLogarithm
            if next < cost[w] { cost[w] = next; parent[w] = Int32(v); heap.push(next, w) }
        }
    }
    guard done[asset], owner != asset else { return owner == asset ? ([owner], 100) : nil }
    var path = [asset], x = asset
    while x != owner { x = Int(parent[x]); path.append(x) }
    path.reverse()
    var product = 100.0
    for k in 0 ..< path.count - 1 {
        let v = path[k], w = path[k + 1]
        let share = ownership.range(v).first { Int(ownership.targets[$0]) == w }.map { ownership.weights[$0] } ?? 0
        product *= min(share, 100) / 100
    }
    return (path, product)
}


/// Integrated ownership (Vitali, Glattfelder & Battiston 2011, *The network of global
/// corporate control*): the share of `asset` each entity holds through every path, the
/// product of shares along a path summed over paths, cross-holdings included — the
/// `asset` column of (I − A)⁻¹ − I = A + A² + … for A[i][j] = share of i in j. Solved by Gauss–Seidel
/// iteration over the asset's ancestors (safe on cycles whenever the shares in a cycle
/// multiply to less than 1). Unknown shares count as 0. Returns percent by node, for every
/// ancestor with a positive integrated share, and whether the iteration converged.
/// - Complexity: O(iterations · ties among the ancestors).
/// - Throws: `GraphInputError.nodeOutOfRange` when `asset` is not a node.
public func integratedOwnership(of asset: Int, incoming: Adjacency, tolerance: Double = 1e-13,
                                maxIterations: Int = 10_000) throws(GraphInputError) -> (shares: [Int: Double], converged: Bool) {
    try incoming.checkNode(asset)
    // Ancestors of the asset.
    var local: [Int: Int] = [asset: 0]
    var nodes = [asset], head = 0
    while head < nodes.count {
        let v = nodes[head]
        head += 1
        for i in incoming.range(v) {
            let u = Int(incoming.targets[i])
            if local[u] == nil { local[u] = nodes.count; nodes.append(u) }
        }
    }
    // w[i] = A[i][asset] + Σ_k A[i][k] w[k] (k = the asset included: walks may cycle back
    // through it); iterate over each node's holdings (its out-ties).
    var holdings = [[(Int, Double)]](repeating: [], count: nodes.count)
    for (j, v) in nodes.enumerated() {
        for i in incoming.range(v) {
            let w = incoming.weights[i]
            guard w.isFinite, w > 0, let owner = local[Int(incoming.targets[i])] else { continue }
            holdings[owner].append((j, w / 100))
        }
    }
    var u = [Double](repeating: 0, count: nodes.count)
    var converged = false
    for _ in 0 ..< maxIterations {
        var change = 0.0
        for i in 0 ..< nodes.count {
            var value = 0.0
            for (j, a) in holdings[i] { value += a * ((j == 0 ? 1 : 0) + u[j]) }
            change = max(change, abs(value - u[i]))
            u[i] = value
        }
        if !change.isFinite { break }
        if change < tolerance { converged = true; break }
    }
    var result: [Int: Double] = [:]
    for i in 1 ..< max(nodes.count, 1) where u[i] > 0 { result[nodes[i]] = u[i] * 100 }
    return (result, converged)
}
