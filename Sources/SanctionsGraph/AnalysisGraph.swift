/// The part of a network the graph analyses look at: every entity but the derived sector
/// nodes, and the ties of the chosen kinds (all but sector memberships by default), in force
/// on a day if one is given. Nothing is copied until an adjacency is asked for.
///
/// Two index spaces meet here: the network's nodes (`UInt32`) and the analysis's own
/// numbering `0 ..< nodeCount`, which its adjacencies and the algorithms' result arrays use.
/// An `AnalysisGraph.Index` is a position in the second; `index(of:)` and `node(at:)` cross
/// between them, and `byNode(_:)` turns a result array into values by network node.
public struct AnalysisGraph: Sendable {
    /// A position in the analysis numbering (the index of an adjacency's rows and of the
    /// algorithms' result arrays), kept apart from network nodes by its type.
    public struct Index: Sendable, Hashable, Comparable {
        /// The position, `0 ..< nodeCount`.
        public let rawValue: Int
        /// The position `rawValue`.
        @inlinable public init(_ rawValue: Int) { self.rawValue = rawValue }
        /// By position.
        @inlinable public static func < (a: Index, b: Index) -> Bool { a.rawValue < b.rawValue }
    }

    /// The network analysed.
    public let network: SanctionsNetwork
    /// The network node at each analysis position: `nodes[i]` is `node(at: Index(i))`.
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

    /// The analysis index of a network node (nil for sector nodes, which are not analysed).
    /// - Complexity: O(1).
    public func index(of node: UInt32) -> Index? {
        let p = position[Int(node)]
        return p < 0 ? nil : Index(Int(p))
    }

    /// The network node at analysis index `index`.
    /// - Complexity: O(1).
    public func node(at index: Index) -> UInt32 { nodes[index.rawValue] }

    /// A result array of the analysis (one value per analysis index, as the algorithms
    /// return them) as values by network node.
    /// - Complexity: O(n).
    public func byNode<Value>(_ values: [Value]) -> [UInt32: Value] {
        precondition(values.count == nodes.count, "AnalysisGraph.byNode: one value per analysed entity")
        var result: [UInt32: Value] = [:]
        result.reserveCapacity(values.count)
        for (i, v) in nodes.enumerated() { result[v] = values[i] }
        return result
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
