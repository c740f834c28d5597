/// The part of a network the graph analyses look at: every entity but the derived sector
/// nodes, and the ties of the chosen kinds (all but sector memberships by default), in force
/// on a day if one is given. Analysis node `i` stands for network node `nodes[i]`.
/// Nothing is copied until an adjacency is asked for.
public struct AnalysisGraph: Sendable {
    /// The network analysed.
    public let network: SanctionsNetwork
    /// The network node of each analysis node (every entity but the sector nodes, in node order).
    public let nodes: [UInt32]
    /// The ties analysed: those of the chosen kinds, in force on `day` when one is given.
    public let view: GraphView
    private let position: [Int32]
    /// The day whose ties are in force (nil: all).
    public let day: Day?

    /// The entities of `network` with the ties of `kinds` (nil: every kind but sector
    /// membership), only those in force on `day` when one is given.
    /// - Complexity: O(V).
    public init(_ network: SanctionsNetwork, kinds: Set<TieKind>? = nil, activeOn day: Day? = nil) {
        self.network = network
        self.day = day
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
    /// weighted by share or not. Weighted, an ownership tie weighs its share at `share`
    /// (the midpoint by default, so a stake of unknown size weighs 50: docs/shares.md);
    /// a tie without a share weighs 1.
    /// - Complexity: O(V + E), plus O(d log d) per row of d neighbours not already sorted
    ///   (as `Adjacency`).
    public func adjacency(_ direction: Direction = .outgoing, weighted: Bool = false, share: SharePoint = .mid) -> Adjacency {
        Adjacency(view, direction: direction, weighted: weighted, position: position, nodeCount: nodes.count,
                  edgeWeights: weighted ? network.tieWeights(share, on: day) : nil)
    }
}
