/// An immutable directed multigraph in compressed sparse row form, with a reverse index.
///
/// Nodes are `0 ..< nodeCount` (`UInt32`). Edges are stored sorted by source; an edge's id
/// is its position in that order, and every per-edge column (`edgeKind`, `edgeWeight`,
/// `edgeValidFrom`, `edgeValidUntil`) is indexed by it. The in-adjacency lists, for each
/// node, the ids of the edges that end there (`inEdges`) and their sources (`inSources`).
///
/// Invariants: `outOffsets` and `inOffsets` have `nodeCount + 1` non-decreasing entries
/// ending at `edgeCount`; the out edges of `v` are `outOffsets[v] ..< outOffsets[v + 1]`,
/// with targets in `edgeTarget`; the in edges of `v` are `inEdges[inOffsets[v] ..< inOffsets[v + 1]]`.
/// The store holds about 33 bytes per edge and 8 bytes per node, and no object per node.
public struct Graph: Sendable {
    /// A node index.
    public typealias Node = UInt32
    /// An edge id (position in the out-CSR).
    public typealias Edge = UInt32

    /// Sentinel of `edgeValidFrom` for an edge valid since forever.
    public static let openStart: Int32 = .min
    /// Sentinel of `edgeValidUntil` for an edge with no end.
    public static let openEnd: Int32 = .max

    public let nodeCount: Int
    public let outOffsets: [UInt32]
    public let edgeSource: [UInt32]
    public let edgeTarget: [UInt32]
    public let inOffsets: [UInt32]
    public let inEdges: [UInt32]
    public let inSources: [UInt32]
    /// A small label per edge (the caller's edge kind, below 64 so kinds fit a bit set).
    public let edgeKind: [UInt8]
    /// A weight per edge; NaN means unknown.
    public let edgeWeight: [Double]
    /// First day (days since 1970-01-01) the edge is valid, or `openStart`.
    public let edgeValidFrom: [Int32]
    /// First day the edge is no longer valid, or `openEnd`.
    public let edgeValidUntil: [Int32]

    @inlinable public var edgeCount: Int { edgeTarget.count }

    /// The empty graph.
    public init() {
        self.init(nodeCount: 0, outOffsets: [0], edgeSource: [], edgeTarget: [], inOffsets: [0],
                  inEdges: [], inSources: [], edgeKind: [], edgeWeight: [], edgeValidFrom: [], edgeValidUntil: [])
    }

    @usableFromInline
    init(nodeCount: Int, outOffsets: [UInt32], edgeSource: [UInt32], edgeTarget: [UInt32], inOffsets: [UInt32],
         inEdges: [UInt32], inSources: [UInt32], edgeKind: [UInt8], edgeWeight: [Double],
         edgeValidFrom: [Int32], edgeValidUntil: [Int32]) {
        self.nodeCount = nodeCount
        self.outOffsets = outOffsets
        self.edgeSource = edgeSource
        self.edgeTarget = edgeTarget
        self.inOffsets = inOffsets
        self.inEdges = inEdges
        self.inSources = inSources
        self.edgeKind = edgeKind
        self.edgeWeight = edgeWeight
        self.edgeValidFrom = edgeValidFrom
        self.edgeValidUntil = edgeValidUntil
    }

    /// The ids of the edges leaving `node` (they are contiguous).
    /// - Complexity: O(1).
    @inlinable public func outEdgeRange(_ node: Node) -> Range<Int> {
        Int(outOffsets[Int(node)]) ..< Int(outOffsets[Int(node) + 1])
    }

    /// The positions in `inEdges` / `inSources` of the edges entering `node`.
    /// - Complexity: O(1).
    @inlinable public func inSlotRange(_ node: Node) -> Range<Int> {
        Int(inOffsets[Int(node)]) ..< Int(inOffsets[Int(node) + 1])
    }

    /// The targets of the edges leaving `node`, in edge order.
    /// - Complexity: O(1).
    @inlinable public func successors(of node: Node) -> ArraySlice<UInt32> {
        edgeTarget[outEdgeRange(node)]
    }

    /// The sources of the edges entering `node`.
    /// - Complexity: O(1).
    @inlinable public func predecessors(of node: Node) -> ArraySlice<UInt32> {
        inSources[inSlotRange(node)]
    }

    /// The number of edges leaving `node`.
    @inlinable public func outDegree(_ node: Node) -> Int {
        Int(outOffsets[Int(node) + 1] &- outOffsets[Int(node)])
    }

    /// The number of edges entering `node`.
    @inlinable public func inDegree(_ node: Node) -> Int {
        Int(inOffsets[Int(node) + 1] &- inOffsets[Int(node)])
    }

    /// Whether edge `edge` is valid on `day` (days since 1970-01-01): `from <= day < until`.
    @inlinable public func isEdgeActive(_ edge: Edge, on day: Int32) -> Bool {
        edgeValidFrom[Int(edge)] <= day && day < edgeValidUntil[Int(edge)]
    }

    /// Approximate heap bytes of the store.
    public var memoryFootprint: Int {
        (outOffsets.capacity + inOffsets.capacity + edgeSource.capacity + edgeTarget.capacity
            + inEdges.capacity + inSources.capacity + edgeValidFrom.capacity + edgeValidUntil.capacity) * 4
            + edgeKind.capacity + edgeWeight.capacity * 8
    }
}

/// A set of edge kinds (kinds are below 64).
public struct EdgeKindSet: Sendable, Hashable {
    public var bits: UInt64
    @inlinable public init(bits: UInt64) { self.bits = bits }
    /// Every kind.
    public static let all = EdgeKindSet(bits: .max)
    @inlinable public init<S: Sequence>(_ kinds: S) where S.Element == UInt8 {
        var b: UInt64 = 0
        for k in kinds { precondition(k < 64, "edge kinds must be below 64"); b |= 1 << UInt64(k) }
        bits = b
    }
    @inlinable public func contains(_ kind: UInt8) -> Bool { bits & (1 << UInt64(kind & 63)) != 0 }
}

extension RandomAccessCollection {
    /// The first index whose element satisfies `belongsInSecondPartition`, in a collection
    /// partitioned by it (all elements that fail come first); `endIndex` if none (the binary
    /// search of swift-algorithms' `partitioningIndex(where:)`).
    /// - Complexity: O(log n) calls of the predicate.
    @inlinable public func partitioningIndex(where belongsInSecondPartition: (Element) throws -> Bool) rethrows -> Index {
        var lo = startIndex, n = count
        while n > 0 {
            let half = n / 2
            let mid = index(lo, offsetBy: half)
            if try belongsInSecondPartition(self[mid]) { n = half } else { lo = index(after: mid); n -= half + 1 }
        }
        return lo
    }
}
