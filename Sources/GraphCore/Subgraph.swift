/// Which way to follow edges in a traversal.
public enum Direction: Sendable {
    /// Along edges (source to target), against them (target to source), or either way.
    case outgoing, incoming, both
}

/// A graph extracted from another, with the maps back to the original.
public struct Subgraph: Sendable {
    /// The extracted graph, on nodes `0 ..< originalNodes.count`.
    public let graph: Graph
    /// `originalNodes[v]` is the node of the parent graph that node `v` stands for.
    public let originalNodes: [Graph.Node]
    /// `originalEdges[e]` is the parent's edge id of edge `e`.
    public let originalEdges: [Graph.Edge]
}

extension Graph {
    /// The nodes within `depth` hops of `seeds`, in breadth-first order (seeds first, then by
    /// distance, ties broken by edge order, so the result is deterministic).
    /// - Complexity: O(V + E) in the worst case; O(size of the neighbourhood) plus one
    ///   bitmap of V bits.
    public func neighborhood(of seeds: [Node], depth: Int, direction: Direction = .both,
                             in view: GraphView? = nil) -> [Node] {
        let view = view ?? GraphView(self)
        var seen = [UInt64](repeating: 0, count: (nodeCount + 63) / 64)
        var order: [Node] = []
        func visit(_ v: Node) -> Bool {
            let word = Int(v >> 6), bit = UInt64(1) << UInt64(v & 63)
            if seen[word] & bit != 0 { return false }
            seen[word] |= bit
            order.append(v)
            return true
        }
        for s in seeds where Int(s) < nodeCount { _ = visit(s) }
        var frontier = 0
        var level = 0
        while level < depth && frontier < order.count {
            let end = order.count
            for i in frontier ..< end {
                let v = order[i]
                if direction != .incoming { view.forEachOutEdge(of: v) { _, w in _ = visit(w) } }
                if direction != .outgoing { view.forEachInEdge(of: v) { _, w in _ = visit(w) } }
            }
            frontier = end
            level += 1
        }
        return order
    }

    /// The ego network: the subgraph induced by the nodes within `radius` hops of `center`.
    /// - Complexity: O(size of the neighbourhood and its edges).
    public func egoGraph(of center: Node, radius: Int, direction: Direction = .both,
                         in view: GraphView? = nil) -> Subgraph {
        let nodes = neighborhood(of: [center], depth: radius, direction: direction, in: view)
        return inducedSubgraph(nodes: nodes, in: view)
    }

    /// The subgraph induced by `nodes` (in the given order; duplicates ignored): every edge
    /// of the view whose both ends are in the set.
    /// - Complexity: O(k + sum of out-degrees of `nodes`) expected, for k nodes (a map of V
    ///   entries is used only when k ≥ V/16).
    public func inducedSubgraph(nodes: [Node], in view: GraphView? = nil) -> Subgraph {
        let view = view ?? GraphView(self)
        // A dense map for large selections, a dictionary for small ones.
        let dense = nodes.count * 16 >= nodeCount
        var denseLocal = dense ? [UInt32](repeating: .max, count: nodeCount) : []
        var sparseLocal = [UInt32: UInt32]()
        var unique: [Node] = []
        unique.reserveCapacity(nodes.count)
        for v in nodes where Int(v) < nodeCount {
            if dense {
                guard denseLocal[Int(v)] == .max else { continue }
                denseLocal[Int(v)] = UInt32(unique.count)
            } else {
                guard sparseLocal[v] == nil else { continue }
                sparseLocal[v] = UInt32(unique.count)
            }
            unique.append(v)
        }
        func local(_ v: UInt32) -> UInt32? {
            if dense { let w = denseLocal[Int(v)]; return w == .max ? nil : w }
            return sparseLocal[v]
        }
        var sources: [UInt32] = [], targets: [UInt32] = [], edges: [Edge] = []
        for (i, v) in unique.enumerated() {
            view.forEachOutEdge(of: v) { e, w in
                if let t = local(w) { sources.append(UInt32(i)); targets.append(t); edges.append(e) }
            }
        }
        let (g, layout) = makeCSR(nodeCount: unique.count, sources: sources, targets: targets, edges: edges)
        return Subgraph(graph: g, originalNodes: unique, originalEdges: layout.arrange(edges))
    }

    /// A graph on `nodes` (new index = position) with the given edges, whose ends must be in `nodes`.
    func subgraph(nodes: [Node], edges: [Edge], localIndex: [UInt32: UInt32]? = nil) -> (graph: Graph, originalEdges: [Edge]) {
        let identity = localIndex == nil && nodes.count == nodeCount
        let map = localIndex ?? Dictionary(uniqueKeysWithValues: nodes.enumerated().map { ($1, UInt32($0)) })
        func local(_ v: UInt32) -> UInt32 {
            if identity { return v }
            guard let w = map[v] else { preconditionFailure("subgraph: an edge end is not among the nodes") }
            return w
        }
        let (g, layout) = makeCSR(nodeCount: nodes.count, sources: sources(of: edges).map(local),
                                  targets: edges.map { local(edgeTarget[Int($0)]) }, edges: edges)
        return (g, layout.arrange(edges))
    }

    /// A graph on `n` nodes with the given ends and this graph's columns of `edges`; the ends
    /// come from this graph, mapped to local nodes below `n`.
    private func makeCSR(nodeCount n: Int, sources: [UInt32], targets: [UInt32], edges: [Edge]) -> (Graph, CSRLayout) {
        var (s, t) = (sources, targets)
        var kinds = edges.map { edgeKind[Int($0)] }, weights = edges.map { edgeWeight[Int($0)] }
        var from = edges.map { edgeValidFrom[Int($0)] }, until = edges.map { edgeValidUntil[Int($0)] }
        return GraphBuilder.makeCSR(checkedNodeCount: n, consuming: &s, &t, &kinds, &weights, &from, &until)
    }
}
