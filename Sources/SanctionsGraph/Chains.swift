/// Why a question about chains of ties has no answer on this graph.
public enum ChainError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A derived sector node was given: sectors are not analysed (they have no ties but memberships).
    case sectorNode(UInt32)

    /// In words.
    public var description: String {
        switch self {
        case .sectorNode: "sector nodes have no paths or owners"
        }
    }
}

/// One step of a path: the tie between two consecutive entities, followed in its direction
/// or against it.
public struct PathStep: Sendable, Hashable {
    /// The entity the step starts from.
    public let from: UInt32
    /// The entity it reaches.
    public let to: UInt32
    /// The tie taken (the first one between the two, as the path search saw them), nil when
    /// none was found.
    public let tie: Tie?
    /// Whether the tie runs from `to` to `from` (the step goes up, from an asset to its owner).
    public let isReversed: Bool

    /// The step in words: "↓ Ownership 70%", "↑ Directorship (held by the entity below)", …
    /// - Complexity: O(log R) for a share known as a range.
    public func description(in network: SanctionsNetwork) -> String {
        guard let tie else { return "↓ tie" }
        let share = tie.kind == .ownership ? " \(network.share(tie.edge))" : ""
        return isReversed ? "↑ \(tie.kind.ftmName)\(share) (held by the entity below)" : "↓ \(tie.kind.ftmName)\(share)"
    }
}

/// A chain of entities from one to another, with the tie of each step.
public struct EntityPath: Sendable, Hashable {
    /// The entities, from the start to the end.
    public let entities: [UInt32]
    /// The steps between consecutive entities (one fewer than the entities).
    public let steps: [PathStep]
    /// For the strongest ownership chain: the product of its shares, in percent.
    public let percent: Double?
}

/// The owners of an entity through every ownership chain (`SanctionsNetwork.integratedOwners`).
public struct IntegratedOwners: Sendable {
    /// One owner: its integrated share with every stake at its lower and at its upper bound
    /// (each clamped to [0, 100] percent), and whether it has owners of its own.
    public struct Owner: Sendable, Hashable {
        /// The owning entity.
        public let node: UInt32
        /// The integrated share with every stake at its lower bound (unknown: 0%), percent.
        public let low: Double
        /// The integrated share with every stake at its upper bound (unknown: 100%), percent.
        public let high: Double
        /// Whether no ownership tie in force enters it (an ultimate owner).
        public let isUltimate: Bool
    }

    /// The entity owned.
    public let entity: UInt32
    /// The owners whose upper bound reaches the threshold asked for, by upper bound, then
    /// lower bound (both highest first), then id.
    public let owners: [Owner]
    /// Whether both iterations converged (a cross-holding cycle whose shares multiply to 100%
    /// or more does not).
    public let converged: Bool
}

/// A partition into components, in network nodes.
public struct EntityComponents: Sendable {
    /// The components by analysis index (`analysis.node(at:)` maps back).
    public let components: Components
    /// The graph they partition.
    public let analysis: AnalysisGraph

    /// The `count` largest components (ties broken by component number), each with its
    /// members in node order.
    /// - Complexity: O(V + C log C) for C components.
    public func largest(_ count: Int) -> [(size: Int, members: [UInt32])] {
        let c = components
        let chosen = (0 ..< c.count).sorted { c.sizes[$0] != c.sizes[$1] ? c.sizes[$0] > c.sizes[$1] : $0 < $1 }.prefix(max(count, 0))
        var members: [Int: [UInt32]] = [:]
        for k in chosen { members[k] = [] }
        for (i, k) in c.component.enumerated() where members[Int(k)] != nil { members[Int(k)]!.append(analysis.nodes[i]) }
        return chosen.map { (c.sizes[$0], members[$0] ?? []) }
    }
}

extension AnalysisGraph {
    /// The weakly (ties either way) or strongly (ties in their direction) connected
    /// components of this graph; `outgoing`, if given, is its `adjacency(.outgoing)` built
    /// already (so that a caller can time the search apart from the build).
    /// - Complexity: O((V + E) · α(V)) weakly, O(V + E) strongly.
    public func components(strong: Bool, outgoing: Adjacency? = nil) -> EntityComponents {
        let adjacency = outgoing ?? adjacency(.outgoing)
        return EntityComponents(components: strong ? stronglyConnectedComponents(outgoing: adjacency) : weaklyConnectedComponents(adjacency: adjacency),
                                analysis: self)
    }
}

extension SanctionsNetwork {
    /// The fewest ties of any kind (sector memberships left out) between `a` and `b`, followed
    /// either way, through ties in force on `day` (every tie when nil), passing through no
    /// entity with more than `maxDegree` ties; nil when they are not connected so.
    /// - Complexity: O(V + E) (a breadth-first search).
    public func shortestPath(from a: UInt32, to b: UInt32, activeOn day: Day? = nil, maxDegree: Int? = nil) throws(ChainError) -> EntityPath? {
        let analysis = AnalysisGraph(self, activeOn: day)
        let (i, j) = try analysis.ends(a, b)
        guard let found = analysisNodes({ () throws(GraphInputError) in
            try GraphAlgorithms.shortestPath(analysis.adjacency(.both), from: i.rawValue, to: j.rawValue, maxDegree: maxDegree)
        }) else { return nil }
        let path = found.map { analysis.node(at: .init($0)) }
        return EntityPath(entities: path, steps: steps(along: path, ownershipOnly: false), percent: nil)
    }

    /// The ownership chain from `owner` to `asset`, through ties in force on `day`, whose
    /// product of shares (each at `share`, docs/shares.md) is largest; nil when there is none.
    /// - Complexity: O((V + E) log V) (Dijkstra on −log share).
    public func strongestOwnershipPath(from owner: UInt32, to asset: UInt32, on day: Day, share: SharePoint = .mid,
                                       maxDegree: Int? = nil) throws(ChainError) -> EntityPath? {
        let analysis = AnalysisGraph(self, kinds: [.ownership], activeOn: day)
        let (i, j) = try analysis.ends(owner, asset)
        guard let found = analysisNodes({ () throws(GraphInputError) in
            try GraphAlgorithms.strongestOwnershipPath(analysis.adjacency(.outgoing, weighted: true, share: share),
                                                       from: i.rawValue, to: j.rawValue, maxDegree: maxDegree)
        }) else { return nil }
        let path = found.path.map { analysis.node(at: .init($0)) }
        return EntityPath(entities: path, steps: steps(along: path, ownershipOnly: true), percent: found.percent)
    }

    /// The tie of each step along `path`, either way: one from the earlier entity to the later
    /// if there is one (an ownership tie only, when `ownershipOnly`), else one back.
    /// - Complexity: O(sum of the out-degrees along the path).
    public func steps(along path: [UInt32], ownershipOnly: Bool) -> [PathStep] {
        zip(path, path.dropFirst()).map { u, v in
            if let tie = ties(from: u).first(where: { $0.target == v && (!ownershipOnly || $0.kind == .ownership) }) {
                return PathStep(from: u, to: v, tie: tie, isReversed: false)
            }
            if let tie = ties(from: v).first(where: { $0.target == u }) { return PathStep(from: u, to: v, tie: tie, isReversed: true) }
            return PathStep(from: u, to: v, tie: nil, isReversed: false)
        }
    }

    /// Who owns `entity` through every ownership chain in force on `day`, cross-holdings
    /// included (integrated ownership, Vitali, Glattfelder & Battiston 2011): solved once
    /// with every stake at its lower bound and once at its upper bound (docs/shares.md);
    /// owners whose upper bound reaches `threshold` percent.
    /// - Complexity: O(iterations · ties among the ancestors), twice.
    public func integratedOwners(of entity: UInt32, on day: Day, threshold: Double) throws(ChainError) -> IntegratedOwners {
        let analysis = AnalysisGraph(self, kinds: [.ownership], activeOn: day)
        guard let i = analysis.index(of: entity) else { throw .sectorNode(entity) }
        let lowIncoming = analysis.adjacency(.incoming, weighted: true, share: .low)
        let highIncoming = analysis.adjacency(.incoming, weighted: true, share: .high)
        let (low, lowConverged) = analysisNodes { () throws(GraphInputError) in try integratedOwnership(of: i.rawValue, incoming: lowIncoming) }
        let (high, highConverged) = analysisNodes { () throws(GraphInputError) in try integratedOwnership(of: i.rawValue, incoming: highIncoming) }
        func clamp(_ p: Double) -> Double { min(max(p, 0), 100) }
        let owners = Set(low.keys).union(high.keys)
            .map { k in IntegratedOwners.Owner(node: analysis.node(at: .init(k)), low: clamp(low[k] ?? 0), high: clamp(high[k] ?? 0),
                                               isUltimate: highIncoming.range(k).isEmpty) }
            .filter { $0.high >= threshold - 1e-9 }
            .sorted { ($0.high, $0.low) != ($1.high, $1.low) ? ($0.high, $0.low) > ($1.high, $1.low) : id(of: $0.node) < id(of: $1.node) }
        return IntegratedOwners(entity: entity, owners: owners, converged: lowConverged && highConverged)
    }
}

extension AnalysisGraph {
    /// The analysis indices of two entities, or the error for the first that is a sector.
    func ends(_ a: UInt32, _ b: UInt32) throws(ChainError) -> (Index, Index) {
        guard let i = index(of: a) else { throw .sectorNode(a) }
        guard let j = index(of: b) else { throw .sectorNode(b) }
        return (i, j)
    }
}

/// `body`'s result, for a search given indices of the analysis graph whose adjacency it
/// runs on: they are its nodes (`AnalysisGraph.index(of:)`), so the search cannot refuse them.
/// - Precondition: `body` does not throw (checked in release builds too).
private func analysisNodes<T>(_ body: () throws(GraphInputError) -> T) -> T {
    do { return try body() } catch { preconditionFailure("an analysis index was refused: \(error)") }
}
