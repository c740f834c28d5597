/// A read-only view of a `Graph` restricted to some edge kinds and, optionally, to the
/// edges valid on one day. Nothing is copied: iteration skips the excluded edges.
public struct GraphView: Sendable {
    /// The graph seen through the view.
    public let graph: Graph
    /// The edge kinds the view includes.
    public let kinds: EdgeKindSet
    /// Days since 1970-01-01, or nil for every edge regardless of dates.
    public let day: Int32?

    /// The edges of `graph` whose kind is in `kinds` and, if `day` (days since 1970-01-01) is
    /// given, valid on it.
    public init(_ graph: Graph, kinds: EdgeKindSet = .all, activeOn day: Int32? = nil) {
        self.graph = graph
        self.kinds = kinds
        self.day = day
    }

    /// Whether the view includes edge `edge`.
    /// - Complexity: O(1).
    @inlinable public func includes(_ edge: Int) -> Bool {
        guard kinds.contains(graph.edgeKind[edge]) else { return false }
        if let day { return graph.edgeValidFrom[edge] <= day && day < graph.edgeValidUntil[edge] }
        return true
    }

    /// Calls `body(edge, target)` for each included edge leaving `node`, in edge order.
    /// - Complexity: O(out-degree of `node`) plus the calls of `body`.
    @inlinable public func forEachOutEdge(of node: Graph.Node, _ body: (Graph.Edge, Graph.Node) throws -> Void) rethrows {
        for e in graph.outEdgeRange(node) where includes(e) {
            try body(Graph.Edge(truncatingIfNeeded: e), graph.edgeTarget[e])
        }
    }

    /// Calls `body(edge, source)` for each included edge entering `node`.
    /// - Complexity: O(in-degree of `node`) plus the calls of `body`.
    @inlinable public func forEachInEdge(of node: Graph.Node, _ body: (Graph.Edge, Graph.Node) throws -> Void) rethrows {
        for edge in graph.inEdges(of: node) where includes(Int(edge.id)) { try body(edge.id, edge.source) }
    }

    /// A new graph holding only the included edges (all nodes kept), and for each of its
    /// edges the id of the original edge.
    /// - Complexity: O(V + E).
    public func materialize() -> (graph: Graph, originalEdges: [Graph.Edge]) {
        var kept: [UInt32] = []
        kept.reserveCapacity(graph.edgeCount)
        for e in 0 ..< graph.edgeCount where includes(e) { kept.append(UInt32(e)) }
        return graph.subgraph(nodes: Array(0 ..< UInt32(graph.nodeCount)), edges: kept)
    }
}

extension Graph {
    /// A view of the edges whose kind is in `kinds` and, if `day` is given, valid on it.
    public func view(kinds: EdgeKindSet = .all, activeOn day: Int32? = nil) -> GraphView {
        GraphView(self, kinds: kinds, activeOn: day)
    }
}
