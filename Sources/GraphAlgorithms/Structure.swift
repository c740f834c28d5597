/// The strongly connected components (Tarjan 1972, iterative): `component[v]` numbered in
/// order of each component's smallest node, with sizes.
/// - Complexity: O(V + E).
public func stronglyConnectedComponents(outgoing: Adjacency) -> Components {
    let raw = stronglyConnectedComponentsInCompletionOrder(outgoing)
    return Components.renumbered(raw.label, count: raw.count)
}

/// Strongly connected components numbered in the order Tarjan's algorithm completes them:
/// every tie between two components goes from a higher number to a lower one (reverse
/// topological order). `members(k)` lists component k's nodes.
struct CompletionOrderComponents {
    var label: [Int32]
    var count: Int
    var offsets: [Int]
    var nodes: [UInt32]
    func members(_ k: Int) -> ArraySlice<UInt32> { nodes[offsets[k] ..< offsets[k + 1]] }
}

func stronglyConnectedComponentsInCompletionOrder(_ outgoing: Adjacency) -> CompletionOrderComponents {
    let n = outgoing.nodeCount
    var index = [Int32](repeating: -1, count: n), low = [Int32](repeating: 0, count: n)
    var onStack = [Bool](repeating: false, count: n)
    var stack: [Int] = [], raw = [Int32](repeating: -1, count: n)
    var counter: Int32 = 0, comps: Int32 = 0
    var call: [(v: Int, edge: Int)] = []
    for root in 0 ..< n where index[root] < 0 {
        call.append((root, Int(outgoing.offsets[root])))
        index[root] = counter; low[root] = counter; counter += 1
        stack.append(root); onStack[root] = true
        while !call.isEmpty {
            let (v, e) = call[call.count - 1]
            if e < Int(outgoing.offsets[v + 1]) {
                call[call.count - 1].edge = e + 1
                let w = Int(outgoing.targets[e])
                if index[w] < 0 {
                    index[w] = counter; low[w] = counter; counter += 1
                    stack.append(w); onStack[w] = true
                    call.append((w, Int(outgoing.offsets[w])))
                } else if onStack[w] {
                    low[v] = min(low[v], index[w])
                }
            } else {
                call.removeLast()
                if let parent = call.last { low[parent.v] = min(low[parent.v], low[v]) }
                if low[v] == index[v] {
                    while let w = stack.popLast() {
                        onStack[w] = false
                        raw[w] = comps
                        if w == v { break }
                    }
                    comps += 1
                }
            }
        }
    }
    let count = Int(comps)
    var offsets = [Int](repeating: 0, count: count + 1)
    for r in raw { offsets[Int(r) + 1] += 1 }
    for k in 0 ..< count { offsets[k + 1] += offsets[k] }
    var fill = offsets
    var nodes = [UInt32](repeating: 0, count: n)
    for v in 0 ..< n { nodes[fill[Int(raw[v])]] = UInt32(v); fill[Int(raw[v])] += 1 }
    return CompletionOrderComponents(label: raw, count: count, offsets: offsets, nodes: nodes)
}

extension Components {
    /// Renumbers raw component labels in order of each component's smallest node.
    static func renumbered(_ raw: [Int32], count: Int) -> Components {
        var label = [UInt32](repeating: .max, count: count)
        var component = [UInt32](repeating: 0, count: raw.count)
        var sizes: [Int] = []
        for v in 0 ..< raw.count {
            let r = Int(raw[v])
            if label[r] == .max { label[r] = UInt32(sizes.count); sizes.append(0) }
            component[v] = label[r]
            sizes[Int(label[r])] += 1
        }
        return Components(component: component, sizes: sizes)
    }
}

/// Core numbers as networkx computes them (`nx.core_number`, which needs no self-loops):
/// the largest k such that the node is in the k-core (the subgraph where every node has
/// degree ≥ k); degrees count both directions on directed graphs. Batagelj & Zaversnik (2003).
/// - Complexity: O(V + E).
public func coreNumbers(undirected adj: Adjacency) -> [Int] {
    let n = adj.nodeCount
    var degree = (0 ..< n).map { v in adj.range(v).filter { Int(adj.targets[$0]) != v }.count }
    let maxDegree = degree.max() ?? 0
    var bins = [Int](repeating: 0, count: maxDegree + 2)
    for d in degree { bins[d] += 1 }
    var start = 0
    for d in 0 ... maxDegree { let c = bins[d]; bins[d] = start; start += c }
    var position = [Int](repeating: 0, count: n), vert = [Int](repeating: 0, count: n)
    for v in 0 ..< n { position[v] = bins[degree[v]]; vert[position[v]] = v; bins[degree[v]] += 1 }
    for d in stride(from: maxDegree, to: 0, by: -1) { bins[d] = bins[d - 1] }
    bins[0] = 0
    for i in 0 ..< n {
        let v = vert[i]
        for j in adj.range(v) {
            let u = Int(adj.targets[j])
            guard u != v, degree[u] > degree[v] else { continue }
            let du = degree[u], pu = position[u], pw = bins[du], w = vert[pw]
            if u != w { position[u] = pw; vert[pu] = w; position[w] = pu; vert[pw] = u }
            bins[du] += 1
            degree[u] -= 1
        }
    }
    return degree
}
