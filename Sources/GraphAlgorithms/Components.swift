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
/// either direction share a component, numbered in order of each component's smallest node.
/// - Complexity: O((V + E) · α(V)) time, O(V) extra space.
public func weaklyConnectedComponents(of view: GraphView) -> Components {
    let graph = view.graph
    return unionFindComponents(nodeCount: graph.nodeCount) { join in
        for e in 0 ..< graph.edgeCount where view.includes(e) { join(graph.edgeSource[e], graph.edgeTarget[e]) }
    }
}

/// The weakly connected components of the whole graph.
public func weaklyConnectedComponents(of graph: Graph) -> Components {
    weaklyConnectedComponents(of: graph.view())
}

/// The weakly connected components of an adjacency (ties in either direction join).
/// - Complexity: O((V + E) · α(V)).
public func weaklyConnectedComponents(adjacency adj: Adjacency) -> Components {
    adj.withRaw { g in
        unionFindComponents(nodeCount: adj.nodeCount) { join in
            for v in 0 ..< adj.nodeCount {
                for i in g.range(v) { join(UInt32(v), g.targets[i]) }
            }
        }
    }
}

/// Union–find over `0 ..< n` (union by size, path halving; Tarjan 1975): `ties` calls `join`
/// for every pair to put in one set. The sets are numbered as `Components.renumbered` does,
/// so the result does not depend on the order of the ties.
private func unionFindComponents(nodeCount n: Int, _ ties: ((UInt32, UInt32) -> Void) -> Void) -> Components {
    var parent = [Int32](unsafeUninitializedCapacity: n) { buffer, count in
        for i in 0 ..< n { buffer[i] = Int32(i) }
        count = n
    }
    var size = [UInt32](repeating: 1, count: n)
    parent.withUnsafeMutableBufferPointer { parent in
        size.withUnsafeMutableBufferPointer { size in
            @inline(__always) func find(_ x: Int32) -> Int32 {
                var x = x
                while parent[Int(x)] != x {
                    let grand = parent[Int(parent[Int(x)])]
                    parent[Int(x)] = grand
                    x = grand
                }
                return x
            }
            ties { a, b in
                var a = find(Int32(a)), b = find(Int32(b))
                if a == b { return }
                if size[Int(a)] < size[Int(b)] { swap(&a, &b) }
                parent[Int(b)] = a
                size[Int(a)] &+= size[Int(b)]
            }
            for v in 0 ..< n { parent[v] = find(Int32(v)) }
        }
    }
    return Components.renumbered(parent, count: n)
}
