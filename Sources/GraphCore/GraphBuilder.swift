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

    /// An empty builder with room reserved for about `expectedNodes` ids and `expectedEdges` edges.
    /// - Complexity: O(expectedNodes) (the id table's hash index is allocated up front).
    public init(expectedNodes: Int = 16, expectedEdges: Int = 16) {
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
    /// is valid, `Graph.openStart` / `Graph.openEnd` when open. `kind` must be below 64.
    /// - Complexity: O(1) amortised.
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
    public consuming func build() -> (graph: Graph, ids: StringTable, layout: CSRLayout) {
        let (graph, layout) = GraphBuilder.makeCSR(nodeCount: ids.count, sources: sources, targets: targets, kinds: kinds,
                                                   weights: weights, validFrom: validFrom, validUntil: validUntil)
        return (graph, ids, layout)
    }

    /// Builds a CSR graph from parallel edge arrays (a stable counting sort by source); input
    /// edge `i` gets id `layout.positions[i]`.
    /// - Complexity: O(V + E).
    public static func makeCSR(nodeCount n: Int, sources: [UInt32], targets: [UInt32], kinds: [UInt8], weights: [Double],
                               validFrom: [Int32], validUntil: [Int32]) -> (Graph, CSRLayout) {
        var (s, t, k, w, f, u) = (sources, targets, kinds, weights, validFrom, validUntil)
        return makeCSR(nodeCount: n, consuming: &s, &t, &k, &w, &f, &u)
    }

    /// Builds a CSR graph from parallel edge arrays like `makeCSR`, emptying each input as
    /// soon as it is laid out so that peak memory stays near one copy of the edges.
    /// - Complexity: O(V + E).
    public static func makeCSR(nodeCount n: Int, consuming sources: inout [UInt32], _ targets: inout [UInt32],
                               _ kinds: inout [UInt8], _ weights: inout [Double], _ validFrom: inout [Int32],
                               _ validUntil: inout [Int32]) -> (Graph, CSRLayout) {
        let m = targets.count
        precondition([sources.count, kinds.count, weights.count, validFrom.count, validUntil.count].allSatisfy { $0 == m },
                     "Graph: one value per edge in every column")
        let out = CSRLayout(keys: sources, keyCount: n)
        let eSource = out.arrange(consuming: &sources)
        let eTarget = out.arrange(consuming: &targets)
        let eKind = out.arrange(consuming: &kinds)
        let eWeight = out.arrange(consuming: &weights)
        let eFrom = out.arrange(consuming: &validFrom)
        let eUntil = out.arrange(consuming: &validUntil)
        let into = CSRLayout(keys: eTarget, keyCount: n)
        let graph = Graph(nodeCount: n, outOffsets: out.offsets, edgeSource: eSource, edgeTarget: eTarget,
                          inOffsets: into.offsets, inEdgeIDs: into.itemAtPosition, inSources: into.arrange(eSource),
                          edgeKind: eKind, edgeWeight: eWeight, edgeValidFrom: eFrom, edgeValidUntil: eUntil)
        return (graph, out)
    }
}
