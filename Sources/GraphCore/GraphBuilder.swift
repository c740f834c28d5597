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
    @discardableResult
    public mutating func node(_ id: String) -> Graph.Node { ids.intern(id) }

    /// The node of an id already seen, else nil.
    public func existingNode(_ id: String) -> Graph.Node? { ids.index(of: id) }

    /// Adds an edge and returns its insertion index (not its final id: see `build()`).
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

    /// Builds the graph. `order[i]` is the final edge id of the edge inserted `i`-th, so that
    /// callers can lay out their own per-edge columns the same way.
    /// - Complexity: O(V + E) (two counting sorts).
    public consuming func build() -> (graph: Graph, ids: StringTable, order: [UInt32]) {
        let graph: Graph
        let order: [UInt32]
        (graph, order) = GraphBuilder.makeCSR(nodeCount: ids.count, sources: sources, targets: targets, kinds: kinds,
                                              weights: weights, validFrom: validFrom, validUntil: validUntil)
        return (graph, ids, order)
    }

    /// Builds a CSR graph from parallel edge arrays (counting sort by source, stable).
    /// `order[i]` is the edge id given to input edge `i`.
    /// - Complexity: O(V + E).
    public static func makeCSR(nodeCount n: Int, sources: [UInt32], targets: [UInt32], kinds: [UInt8], weights: [Double],
                               validFrom: [Int32], validUntil: [Int32]) -> (Graph, [UInt32]) {
        var (s, t, k, w, f, u) = (sources, targets, kinds, weights, validFrom, validUntil)
        return makeCSR(nodeCount: n, consuming: &s, &t, &k, &w, &f, &u)
    }

    /// Builds a CSR graph from parallel edge arrays like `makeCSR`, emptying each input as
    /// soon as it is laid out so that peak memory stays near one copy of the edges.
    public static func makeCSR(nodeCount n: Int, consuming sources: inout [UInt32], _ targets: inout [UInt32],
                               _ kinds: inout [UInt8], _ weights: inout [Double], _ validFrom: inout [Int32],
                               _ validUntil: inout [Int32]) -> (Graph, [UInt32]) {
        let m = targets.count
        precondition(m < Int(UInt32.max), "Graph: more than 4 billion edges")
        var outOffsets = [UInt32](repeating: 0, count: n + 1)
        for s in sources { outOffsets[Int(s) + 1] &+= 1 }
        for v in 0 ..< n { outOffsets[v + 1] &+= outOffsets[v] }
        var cursor = outOffsets
        var order = [UInt32](repeating: 0, count: m)
        for i in 0 ..< m {
            let s = Int(sources[i])
            order[i] = cursor[s]
            cursor[s] &+= 1
        }
        let eSource = permute(&sources, by: order)
        let eTarget = permute(&targets, by: order)
        let eKind = permute(&kinds, by: order)
        let eWeight = permute(&weights, by: order)
        let eFrom = permute(&validFrom, by: order)
        let eUntil = permute(&validUntil, by: order)
        var inOffsets = [UInt32](repeating: 0, count: n + 1)
        for t in eTarget { inOffsets[Int(t) + 1] &+= 1 }
        for v in 0 ..< n { inOffsets[v + 1] &+= inOffsets[v] }
        cursor = inOffsets
        var inEdges = [UInt32](repeating: 0, count: m)
        var inSources = [UInt32](repeating: 0, count: m)
        for e in 0 ..< m {
            let t = Int(eTarget[e])
            let slot = Int(cursor[t])
            inEdges[slot] = UInt32(e)
            inSources[slot] = eSource[e]
            cursor[t] &+= 1
        }
        let graph = Graph(nodeCount: n, outOffsets: outOffsets, edgeSource: eSource, edgeTarget: eTarget,
                          inOffsets: inOffsets, inEdges: inEdges, inSources: inSources, edgeKind: eKind,
                          edgeWeight: eWeight, edgeValidFrom: eFrom, edgeValidUntil: eUntil)
        return (graph, order)
    }

    /// `result[order[i]] = column[i]`, emptying `column`.
    public static func permute<T>(_ column: inout [T], by order: [UInt32]) -> [T] {
        guard let first = column.first else { return [] }
        var result = [T](repeating: first, count: column.count)
        for i in 0 ..< column.count { result[Int(order[i])] = column[i] }
        column = []
        return result
    }
}
