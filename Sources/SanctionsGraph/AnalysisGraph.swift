/// The part of a network the graph analyses look at: every entity but the derived sector
/// nodes, and the ties of the chosen kinds (all but sector memberships by default), in force
/// on a day if one is given. Analysis node `i` stands for network node `nodes[i]`.
public struct AnalysisGraph: Sendable {
    public let network: SanctionsNetwork
    public let nodes: [UInt32]
    public let subgraph: Subgraph
    private let position: [Int32]

    public init(_ network: SanctionsNetwork, kinds: Set<TieKind>? = nil, activeOn day: Day? = nil) {
        self.network = network
        let kinds = kinds ?? Set(TieKind.allCases.filter { $0 != .sectorMembership })
        let keep = (0 ..< UInt32(network.entityCount)).filter { network.kinds[Int($0)] != .sector }
        subgraph = network.graph.inducedSubgraph(nodes: keep, in: network.view(kinds, activeOn: day))
        nodes = subgraph.originalNodes
        var position = [Int32](repeating: -1, count: network.entityCount)
        for (i, v) in nodes.enumerated() { position[Int(v)] = Int32(i) }
        self.position = position
    }

    /// The analysis index of a network node (nil for sector nodes).
    public func index(of node: UInt32) -> Int? {
        let p = position[Int(node)]
        return p < 0 ? nil : Int(p)
    }

    /// The adjacency to analyse: ties followed forward, backward, or both ways (undirected);
    /// weighted by share or not.
    public func adjacency(_ direction: Direction = .outgoing, weighted: Bool = false) -> Adjacency {
        Adjacency(subgraph.graph.view(), direction: direction, weighted: weighted)
    }
}
