import GraphCore

/// A partition of a graph's nodes into components.
public struct Components: Sendable {
    /// `component[v]` is the component of node `v`, numbered `0 ..< count` in order of
    /// each component's smallest node.
    public let component: [UInt32]
    /// The number of nodes in each component.
    public let sizes: [Int]
    public var count: Int { sizes.count }
    /// The size of the largest component (0 for the empty graph).
    public var largest: Int { sizes.max() ?? 0 }
}

/// The weakly connected components of a graph view: nodes joined by an included edge in
/// either direction share a component.
///
/// Union–find with union by size and path halving (Tarjan 1975), then a relabelling pass so
/// that numbering is deterministic.
/// - Complexity: O((V + E) · α(V)) time, O(V) extra space.
public func weaklyConnectedComponents(of view: GraphView) -> Components {
    let graph = view.graph
    let n = graph.nodeCount
    var parent = [UInt32](unsafeUninitializedCapacity: n) { buffer, count in
        for i in 0 ..< n { buffer[i] = UInt32(i) }
        count = n
    }
    var size = [UInt32](repeating: 1, count: n)
    parent.withUnsafeMutableBufferPointer { parent in
        size.withUnsafeMutableBufferPointer { size in
            @inline(__always) func find(_ x: UInt32) -> UInt32 {
                var x = x
                while parent[Int(x)] != x {
                    let grand = parent[Int(parent[Int(x)])]
                    parent[Int(x)] = grand
                    x = grand
                }
                return x
            }
            for e in 0 ..< graph.edgeCount where view.includes(e) {
                var a = find(graph.edgeSource[e]), b = find(graph.edgeTarget[e])
                if a == b { continue }
                if size[Int(a)] < size[Int(b)] { swap(&a, &b) }
                parent[Int(b)] = a
                size[Int(a)] &+= size[Int(b)]
            }
            for v in 0 ..< n { parent[v] = find(UInt32(v)) }
        }
    }
    var label = [UInt32](repeating: .max, count: n)
    var component = [UInt32](repeating: 0, count: n)
    var sizes: [Int] = []
    for v in 0 ..< n {
        let root = Int(parent[v])
        if label[root] == .max {
            label[root] = UInt32(sizes.count)
            sizes.append(0)
        }
        component[v] = label[root]
        sizes[Int(label[root])] += 1
    }
    return Components(component: component, sizes: sizes)
}

/// The weakly connected components of the whole graph.
public func weaklyConnectedComponents(of graph: Graph) -> Components {
    weaklyConnectedComponents(of: graph.view())
}

/// The weakly connected components of an adjacency (ties in either direction join).
/// - Complexity: O((V + E) · α(V)).
public func weaklyConnectedComponents(adjacency adj: Adjacency) -> Components {
    let n = adj.nodeCount
    var parent = [Int32](unsafeUninitializedCapacity: n) { buffer, count in
        for i in 0 ..< n { buffer[i] = Int32(i) }
        count = n
    }
    parent.withUnsafeMutableBufferPointer { parent in
        adj.offsets.withUnsafeBufferPointer { offsets in
            adj.targets.withUnsafeBufferPointer { targets in
                @inline(__always) func find(_ x: Int32) -> Int32 {
                    var x = x
                    while parent[Int(x)] != x {
                        let grand = parent[Int(parent[Int(x)])]
                        parent[Int(x)] = grand
                        x = grand
                    }
                    return x
                }
                for v in 0 ..< n {
                    for i in Int(offsets[v]) ..< Int(offsets[v + 1]) {
                        let a = find(Int32(v)), b = find(Int32(targets[i]))
                        if a != b { if a < b { parent[Int(b)] = a } else { parent[Int(a)] = b } }
                    }
                }
                for v in 0 ..< n { parent[v] = find(Int32(v)) }
            }
        }
    }
    return Components.renumbered(parent, count: n)
}
