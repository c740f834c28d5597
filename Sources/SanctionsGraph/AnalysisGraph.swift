/// The part of a network the graph analyses look at: every entity but the derived sector
/// nodes, and the ties of the chosen kinds (all but sector memberships by default), in force
/// on a day if one is given. Analysis node `i` stands for network node `nodes[i]`.
/// Nothing is copied until an adjacency is asked for.
public struct AnalysisGraph: Sendable {
    public let network: SanctionsNetwork
    public let nodes: [UInt32]
    public let view: GraphView
    private let position: [Int32]

    public init(_ network: SanctionsNetwork, kinds: Set<TieKind>? = nil, activeOn day: Day? = nil) {
        self.network = network
        let kinds = kinds ?? Set(TieKind.allCases.filter { $0 != .sectorMembership })
        view = network.view(kinds, activeOn: day)
        var position = [Int32](repeating: -1, count: network.entityCount)
        var nodes: [UInt32] = []
        nodes.reserveCapacity(network.entityCount)
        for v in 0 ..< network.entityCount where network.kinds[v] != .sector {
            position[v] = Int32(nodes.count)
            nodes.append(UInt32(v))
        }
        self.nodes = nodes
        self.position = position
    }

    /// The number of entities analysed.
    public var nodeCount: Int { nodes.count }

    /// The analysis index of a network node (nil for sector nodes).
    public func index(of node: UInt32) -> Int? {
        let p = position[Int(node)]
        return p < 0 ? nil : Int(p)
    }

    /// The adjacency to analyse: ties followed forward, backward, or both ways (undirected);
    /// weighted by share or not.
    /// - Complexity: O(V + E).
    public func adjacency(_ direction: Direction = .outgoing, weighted: Bool = false) -> Adjacency {
        let g = network.graph
        var src: [UInt32] = [], dst: [UInt32] = [], w: [Double] = []
        let estimate = g.edgeCount * (direction == .both ? 2 : 1)
        src.reserveCapacity(estimate); dst.reserveCapacity(estimate); w.reserveCapacity(estimate)
        for e in 0 ..< g.edgeCount where view.includes(e) {
            let a = position[Int(g.edgeSource[e])], b = position[Int(g.edgeTarget[e])]
            guard a >= 0, b >= 0 else { continue }
            let raw = g.edgeWeight[e]
            let weight = weighted ? (raw.isNaN ? 1 : raw) : 1
            let s = UInt32(a), t = UInt32(b)
            switch direction {
            case .outgoing: src.append(s); dst.append(t); w.append(weight)
            case .incoming: src.append(t); dst.append(s); w.append(weight)
            case .both:
                src.append(s); dst.append(t); w.append(weight)
                if s != t { src.append(t); dst.append(s); w.append(weight) }
            }
        }
        return Adjacency(nodeCount: nodes.count, sources: src, targets: dst, weights: w, directed: direction != .both)
    }
}
