/// Collects nodes (named by external string ids) and edges, then builds a `Graph`.
///
/// Ids are interned in a `StringTable`: node `i` is the `i`-th distinct id seen. Edges keep
/// their insertion order within a source, so the built graph is a deterministic function of
/// the calls made.
public struct GraphBuilder: Sendable {
    /// The external ids; node `i` has id `ids[i]`.
    public private(set) var ids: StringTable
    @usableFromInline var sources: [UInt32] = []
    @usableFromInline var targets: [UInt32] = []
    @usableFromInline var kinds: [UInt8] = []
    @usableFromInline var weights: [Double] = []
    @usableFromInline var validFrom: [Int32] = []
    @usableFromInline var validUntil: [Int32] = []
    /// The sizes `build()` accepts.
    public let limits: SizeLimits

    /// An empty builder with room reserved for about `expectedNodes` ids and `expectedEdges`
    /// edges, whose `build()` accepts graphs within `limits`.
    /// - Complexity: O(expectedNodes) (the id table's hash index is allocated up front).
    public init(expectedNodes: Int = 16, expectedEdges: Int = 16, limits: SizeLimits = .standard) {
        self.limits = limits
        ids = StringTable(capacity: expectedNodes)
        sources.reserveCapacity(expectedEdges)
        targets.reserveCapacity(expectedEdges)
        kinds.reserveCapacity(expectedEdges)
        weights.reserveCapacity(expectedEdges)
        validFrom.reserveCapacity(expectedEdges)
        validUntil.reserveCapacity(expectedEdges)
    }

    /// The number of nodes so far.
    public var nodeCount: Int { ids.count }
    /// The number of edges so far.
    public var edgeCount: Int { targets.count }

    /// The node for an external id, created on first sight.
    /// - Complexity: O(length of id) expected.
    @discardableResult
    public mutating func node(_ id: UnsafeRawBufferPointer) -> Graph.Node { ids.intern(id) }

    /// The node for an external id, created on first sight.
    /// - Complexity: O(length of id) expected.
    @discardableResult
    public mutating func node(_ id: String) -> Graph.Node { ids.intern(id) }

    /// The node of an id already seen, else nil.
    /// - Complexity: O(length of id) expected.
    public func existingNode(_ id: String) -> Graph.Node? { ids.index(of: id) }

    /// Adds an edge and returns its insertion index (not its final id: see `build()`).
    /// `weight` is NaN when unknown; `from ..< until` are the days (since 1970-01-01) the edge
    /// is valid, `Graph.openStart` / `Graph.openEnd` when open. The ends are checked by
    /// `build()`, which throws for a node the builder never returned.
    /// - Complexity: O(1) amortised.
    /// - Precondition: `kind` is below 64 (checked in release builds too).
    @discardableResult
    public mutating func addEdge(from source: Graph.Node, to target: Graph.Node, kind: UInt8 = 0,
                                 weight: Double = .nan, validFrom from: Int32 = Graph.openStart,
                                 validUntil until: Int32 = Graph.openEnd) -> Int {
        precondition(kind < 64, "edge kinds must be below 64")
        sources.append(source)
        targets.append(target)
        kinds.append(kind)
        weights.append(weight)
        validFrom.append(from)
        validUntil.append(until)
        return targets.count - 1
    }

    /// Builds the graph, and the layout that placed each inserted edge: the edge inserted
    /// `i`-th has id `layout.positions[i]`, so that callers can lay out their own per-edge
    /// columns the same way (`layout.arrange(_:)`).
    /// - Complexity: O(V + E) (two counting sorts).
    /// - Throws: `GraphInputError.tooLarge` when the ids, nodes or edges exceed `limits`;
    ///   `.nodeOutOfRange` when an edge names a node the builder never returned.
    public consuming func build() throws(GraphInputError) -> (graph: Graph, ids: StringTable, layout: CSRLayout) {
        try limits.check(ids.byteCount, .textBytes)
        let (graph, layout) = try GraphBuilder.makeCSR(nodeCount: ids.count, sources: sources, targets: targets, kinds: kinds,
                                                       weights: weights, validFrom: validFrom, validUntil: validUntil, limits: limits)
        return (graph, ids, layout)
    }

    /// Builds a CSR graph from parallel edge arrays (a stable counting sort by source); input
    /// edge `i` gets id `layout.positions[i]`.
    /// - Complexity: O(V + E).
    /// - Throws: `GraphInputError` as `checkEdges(nodeCount:sources:targets:limits:)` does, or
    ///   `.lengthMismatch` when a column's length is not the number of edges.
    public static func makeCSR(nodeCount n: Int, sources: [UInt32], targets: [UInt32], kinds: [UInt8], weights: [Double],
                               validFrom: [Int32], validUntil: [Int32],
                               limits: SizeLimits = .standard) throws(GraphInputError) -> (Graph, CSRLayout) {
        var (s, t, k, w, f, u) = (sources, targets, kinds, weights, validFrom, validUntil)
        return try makeCSR(nodeCount: n, consuming: &s, &t, &k, &w, &f, &u, limits: limits)
    }

    /// Builds a CSR graph from parallel edge arrays like `makeCSR`, emptying each input as
    /// soon as it is laid out so that peak memory stays near one copy of the edges.
    /// - Complexity: O(V + E).
    /// - Throws: as `makeCSR(nodeCount:sources:targets:kinds:weights:validFrom:validUntil:limits:)`;
    ///   the inputs are left as they were.
    public static func makeCSR(nodeCount n: Int, consuming sources: inout [UInt32], _ targets: inout [UInt32],
                               _ kinds: inout [UInt8], _ weights: inout [Double], _ validFrom: inout [Int32],
                               _ validUntil: inout [Int32], limits: SizeLimits = .standard) throws(GraphInputError) -> (Graph, CSRLayout) {
        try checkEdges(nodeCount: n, sources: sources, targets: targets, limits: limits)
        for (what, count) in [("kinds", kinds.count), ("weights", weights.count), ("validFrom", validFrom.count), ("validUntil", validUntil.count)]
        where count != targets.count {
            throw .lengthMismatch(what: what, count: count, expected: targets.count)
        }
        return makeCSR(checkedNodeCount: n, consuming: &sources, &targets, &kinds, &weights, &validFrom, &validUntil)
    }

    /// `makeCSR` for edge arrays the package built itself from a valid graph or builder.
    /// - Complexity: O(V + E).
    /// - Precondition: the inputs pass `checkEdges` and every column has one value per edge
    ///   (checked in release builds too, by `CSRLayout`).
    package static func makeCSR(checkedNodeCount n: Int, consuming sources: inout [UInt32], _ targets: inout [UInt32],
                                _ kinds: inout [UInt8], _ weights: inout [Double], _ validFrom: inout [Int32],
                                _ validUntil: inout [Int32]) -> (Graph, CSRLayout) {
        let m = targets.count
        precondition([sources.count, kinds.count, weights.count, validFrom.count, validUntil.count].allSatisfy { $0 == m },
                     "Graph: one value per edge in every column")
        let out = CSRLayout(keys: sources, keyCount: n)
        let eSource = out.arrangeColumn(consuming: &sources)
        let eTarget = out.arrangeColumn(consuming: &targets)
        let eKind = out.arrangeColumn(consuming: &kinds)
        let eWeight = out.arrangeColumn(consuming: &weights)
        let eFrom = out.arrangeColumn(consuming: &validFrom)
        let eUntil = out.arrangeColumn(consuming: &validUntil)
        let into = CSRLayout(keys: eTarget, keyCount: n)
        let graph = Graph(columns: Graph.StoredColumns(
            outOffsets: Column(out.offsets), edgeTarget: eTarget, inOffsets: Column(into.offsets),
            inEdgeIDs: into.arrangedItemNumbers(), inSources: into.arrangeColumn(eSource), edgeKind: eKind,
            edgeWeight: CodedColumn(eWeight), edgeValidFrom: CodedColumn(eFrom), edgeValidUntil: CodedColumn(eUntil)))
        return (graph, out)
    }
}

/// Checks an edge list from a caller before it is laid out: `nodeCount` is within 0 ...
/// `limits.nodes`, there are as many targets as sources and at most `limits.edges` of
/// them, and every end is below `nodeCount`. Once this passes, the graph and adjacency
/// builders index their raw buffers with the ends unchecked.
/// - Complexity: O(E), one pass.
/// - Throws: `GraphInputError.negativeCount`, `.tooLarge(.nodes / .edges, limit:)`,
///   `.lengthMismatch` or `.nodeOutOfRange` (the first bad end).
public func checkEdges(nodeCount n: Int, sources: [UInt32], targets: [UInt32], limits: SizeLimits = .standard) throws(GraphInputError) {
    if n < 0 { throw .negativeCount(what: "nodeCount", value: n) }
    try limits.check(n, .nodes)
    if sources.count != targets.count { throw .lengthMismatch(what: "targets", count: targets.count, expected: sources.count) }
    try limits.check(sources.count, .edges)
    for column in [sources, targets] {
        // One comparison per end; the first offender is looked up only on failure.
        if let bad = column.firstIndex(where: { Int($0) >= n }) { throw .nodeOutOfRange(index: Int(column[bad]), count: n) }
    }
}
