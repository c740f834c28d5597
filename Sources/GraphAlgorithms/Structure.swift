import GraphCore

/// The strongly connected components (Tarjan 1972, iterative): `component[v]` numbered in
/// order of each component's smallest node, with sizes.
/// - Complexity: O(V + E).
public func stronglyConnectedComponents(outgoing: Adjacency) -> Components {
    let raw = stronglyConnectedComponentsInCompletionOrder(outgoing)
    return Components.renumbered(raw.label, count: raw.count)
}

/// Strongly connected components numbered in the order Tarjan's algorithm completes them:
/// every tie between two components goes from a higher number to a lower one (reverse
/// topological order). Component k's nodes are `nodes[offsets[k] ..< offsets[k + 1]]`. When
/// only part of the graph was searched, `label` is -1 for the nodes outside it.
struct CompletionOrderComponents {
    var label: [Int32]
    var count: Int
    var offsets: [Int]
    var nodes: [UInt32]
}

/// Tarjan from every node (`roots` nil), or only from `roots` and what they reach.
func stronglyConnectedComponentsInCompletionOrder(_ outgoing: Adjacency, roots: [UInt32]? = nil) -> CompletionOrderComponents {
    let n = outgoing.nodeCount
    var raw = [Int32](repeating: -1, count: n)
    var comps: Int32 = 0
    // Iterative Tarjan over raw buffers (no bounds checks in the hot loop).
    let index = UnsafeMutablePointer<Int32>.allocate(capacity: n), low = UnsafeMutablePointer<Int32>.allocate(capacity: n)
    let onStack = UnsafeMutablePointer<Bool>.allocate(capacity: n), stack = UnsafeMutablePointer<Int32>.allocate(capacity: n)
    let callNode = UnsafeMutablePointer<Int32>.allocate(capacity: n), callEdge = UnsafeMutablePointer<Int>.allocate(capacity: n)
    defer { index.deallocate(); low.deallocate(); onStack.deallocate(); stack.deallocate(); callNode.deallocate(); callEdge.deallocate() }
    index.initialize(repeating: -1, count: n)
    onStack.initialize(repeating: false, count: n)
    var counter: Int32 = 0, top = 0, depth = 0
    outgoing.offsets.withUnsafeBufferPointer { offsets in
        outgoing.targets.withUnsafeBufferPointer { targets in
            raw.withUnsafeMutableBufferPointer { raw in
                let rootCount = roots?.count ?? n
                for r in 0 ..< rootCount {
                    let root = roots.map { Int($0[r]) } ?? r
                    if index[root] >= 0 { continue }
                    callNode[0] = Int32(root); callEdge[0] = Int(offsets[root]); depth = 1
                    index[root] = counter; low[root] = counter; counter += 1
                    stack[top] = Int32(root); top += 1; onStack[root] = true
                    while depth > 0 {
                        let v = Int(callNode[depth - 1])
                        let e = callEdge[depth - 1]
                        if e < Int(offsets[v + 1]) {
                            callEdge[depth - 1] = e + 1
                            let w = Int(targets[e])
                            if index[w] < 0 {
                                index[w] = counter; low[w] = counter; counter += 1
                                stack[top] = Int32(w); top += 1; onStack[w] = true
                                callNode[depth] = Int32(w); callEdge[depth] = Int(offsets[w]); depth += 1
                            } else if onStack[w] && index[w] < low[v] {
                                low[v] = index[w]
                            }
                        } else {
                            depth -= 1
                            if depth > 0 {
                                let parent = Int(callNode[depth - 1])
                                if low[v] < low[parent] { low[parent] = low[v] }
                            }
                            if low[v] == index[v] {
                                while true {
                                    top -= 1
                                    let w = Int(stack[top])
                                    onStack[w] = false
                                    raw[w] = comps
                                    if w == v { break }
                                }
                                comps += 1
                            }
                        }
                    }
                }
            }
        }
    }
    let count = Int(comps)
    let members = (0 ..< UInt32(n)).filter { raw[Int($0)] >= 0 }
    let layout = CSRLayout(keys: members.lazy.map { raw[Int($0)] }, keyCount: count)
    return CompletionOrderComponents(label: raw, count: count, offsets: layout.offsets.map(Int.init), nodes: layout.arrange(members))
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
