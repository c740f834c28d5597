import GraphCore

/// A partition of a graph's nodes into components.
public struct Components: Sendable {
    /// `component[v]` is the component of node `v`, numbered `0 ..< count` in order of
    /// each component's smallest node.
    public let component: [UInt32]
    /// The number of nodes in each component.
    public let sizes: [Int]
    /// The number of components.
    public var count: Int { sizes.count }
    /// The size of the largest component (0 for the empty graph).
    /// - Complexity: O(number of components).
    public var largest: Int { sizes.max() ?? 0 }
}

/// The weakly connected components of a graph view: nodes joined by an included edge in
/// either direction share a component, numbered in order of each component's smallest node
/// (`Components.renumbered`), so the result does not depend on the order of the edges. A
/// `UnionFind` joins the ends of every edge.
/// - Complexity: O((V + E) · α(V)) time, O(V) extra space.
public func weaklyConnectedComponents(of view: GraphView) -> Components {
    let graph = view.graph
    var sets = UnionFind(count: graph.nodeCount)
    sets.unionAll { join in
        for edge in graph.allEdges where view.includes(Int(edge.id)) { _ = join(edge.source, edge.target) }
    }
    return Components.renumbered(sets.roots(), count: graph.nodeCount)
}

/// The weakly connected components of the whole graph.
/// - Complexity: O((V + E) · α(V)).
public func weaklyConnectedComponents(of graph: Graph) -> Components {
    weaklyConnectedComponents(of: graph.view())
}

/// The weakly connected components of an adjacency (ties in either direction join).
/// - Complexity: O((V + E) · α(V)).
public func weaklyConnectedComponents(adjacency adj: Adjacency) -> Components {
    var sets = UnionFind(count: adj.nodeCount)
    adj.withRaw { g in
        sets.unionAll { join in
            for v in 0 ..< adj.nodeCount {
                for i in g.range(v) { _ = join(UInt32(v), g.targets[i]) }
            }
        }
    }
    return Components.renumbered(sets.roots(), count: adj.nodeCount)
}
