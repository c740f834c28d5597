/// An immutable directed multigraph in compressed sparse row form, with a reverse index.
///
/// Nodes are `0 ..< nodeCount` (`UInt32`). Edges are stored sorted by source; an edge's id
/// is its position in that order, and every per-edge value (kind, weight, validity) is read
/// by id through the accessors below (`kind(of:)`, `weight(of:)`, `validity(of:)`,
/// `source(of:)`, `target(of:)`); `outEdges(of:)` and `inEdges(of:)` iterate a node's edges.
/// The columns themselves and their encoding (NaN for an unknown weight, say) are internal
/// to this module.
///
/// Invariants: `outOffsets` and `inOffsets` have `nodeCount + 1` non-decreasing entries
/// ending at `edgeCount`; the out edges of `v` are `outOffsets[v] ..< outOffsets[v + 1]`,
/// with targets in `edgeTarget`; the in edges of `v` are `inEdgeIDs[inOffsets[v] ..< inOffsets[v + 1]]`,
/// with their sources beside them in `inSources`. An edge's source is not stored by edge id:
/// walks over a node's out edges know it, and `source(of:)` finds it from the offsets.
/// The store holds about 29 bytes per edge (18 in the generated 1M network's snapshot, whose
/// weights and days are coded) and 8 bytes per node, and no object per node.
public struct Graph: Sendable {
    /// A node index.
    public typealias Node = UInt32
    /// An edge id (position in the out-CSR).
    public typealias Edge = UInt32

    /// Sentinel of a validity's start for an edge valid since forever.
    public static let openStart: Int32 = .min
    /// Sentinel of a validity's end for an edge with no end.
    public static let openEnd: Int32 = .max

    /// The number of nodes.
    public let nodeCount: Int
    @usableFromInline let outOffsets: Column<UInt32>
    @usableFromInline let edgeTarget: Column<UInt32>
    @usableFromInline let inOffsets: Column<UInt32>
    /// Edge ids by in-slot: the in edges of `v` are `inEdgeIDs[inOffsets[v] ..< inOffsets[v + 1]]`.
    @usableFromInline let inEdgeIDs: Column<UInt32>
    /// The source of the edge in each in-slot.
    @usableFromInline let inSources: Column<UInt32>
    /// A small label per edge (the caller's edge kind, below 64 so kinds fit a bit set).
    @usableFromInline let edgeKind: Column<UInt8>
    /// A weight per edge; NaN means unknown (coded in an opened snapshot: `CodedColumn`).
    @usableFromInline let edgeWeight: CodedColumn<Double>
    /// First day (days since 1970-01-01) the edge is valid, or `openStart`.
    @usableFromInline let edgeValidFrom: CodedColumn<Int32>
    /// First day the edge is no longer valid, or `openEnd`.
    @usableFromInline let edgeValidUntil: CodedColumn<Int32>

    /// The number of edges.
    @inlinable public var edgeCount: Int { edgeTarget.count }

    /// The empty graph.
    public init() {
        self.init(columns: StoredColumns(outOffsets: [0], edgeTarget: [], inOffsets: [0], inEdgeIDs: [],
                                         inSources: [], edgeKind: [], edgeWeight: CodedColumn([]), edgeValidFrom: CodedColumn([]),
                                         edgeValidUntil: CodedColumn([])))
    }

    /// A graph over `c` as it is (callers check it: `stored(_:verify:)`, or build it right).
    @usableFromInline
    init(columns c: StoredColumns) {
        nodeCount = c.outOffsets.count - 1
        outOffsets = c.outOffsets
        edgeTarget = c.edgeTarget
        inOffsets = c.inOffsets
        inEdgeIDs = c.inEdgeIDs
        inSources = c.inSources
        edgeKind = c.edgeKind
        edgeWeight = c.edgeWeight
        edgeValidFrom = c.edgeValidFrom
        edgeValidUntil = c.edgeValidUntil
    }

    /// The ids of the edges leaving `node` (they are contiguous).
    /// - Complexity: O(1).
    @inlinable public func outEdgeRange(_ node: Node) -> Range<Int> {
        Int(outOffsets[Int(node)]) ..< Int(outOffsets[Int(node) + 1])
    }

    /// The in-slots (positions in `inEdgeIDs` / `inSources`) of the edges entering `node`.
    /// - Complexity: O(1).
    @inlinable func inSlotRange(_ node: Node) -> Range<Int> {
        Int(inOffsets[Int(node)]) ..< Int(inOffsets[Int(node) + 1])
    }

    /// The targets of the edges leaving `node`, in edge order.
    /// - Complexity: O(1).
    @inlinable public func successors(of node: Node) -> Slice<Column<UInt32>> {
        edgeTarget[outEdgeRange(node)]
    }

    /// The sources of the edges entering `node`.
    /// - Complexity: O(1).
    @inlinable public func predecessors(of node: Node) -> Slice<Column<UInt32>> {
        inSources[inSlotRange(node)]
    }

    /// The number of edges leaving `node`.
    /// - Complexity: O(1).
    @inlinable public func outDegree(_ node: Node) -> Int {
        Int(outOffsets[Int(node) + 1] &- outOffsets[Int(node)])
    }

    /// The number of edges entering `node`.
    /// - Complexity: O(1).
    @inlinable public func inDegree(_ node: Node) -> Int {
        Int(inOffsets[Int(node) + 1] &- inOffsets[Int(node)])
    }

    /// Whether edge `edge` is valid on `day` (days since 1970-01-01): `from <= day < until`.
    /// - Complexity: O(1).
    @inlinable public func isEdgeActive(_ edge: Edge, on day: Int32) -> Bool {
        edgeValidFrom[Int(edge)] <= day && day < edgeValidUntil[Int(edge)]
    }

    /// The node edge `edge` leaves: the last node whose out range starts at or before it.
    /// Walks over all edges go node by node instead (`allEdges`, `outEdges(of:)`).
    /// - Complexity: O(log V).
    public func source(of edge: Edge) -> Node {
        precondition(Int(edge) < edgeCount, "Graph: edge \(edge) of \(edgeCount)")
        return outOffsets.withUnsafeBufferPointer { offsets in
            // The first node whose out range starts after the edge, minus one.
            var low = 0, high = nodeCount
            while low < high {
                let mid = (low + high) / 2
                if offsets[mid + 1] <= edge { low = mid + 1 } else { high = mid }
            }
            return Node(low)
        }
    }

    /// The node edge `edge` enters.
    /// - Complexity: O(1).
    @inlinable public func target(of edge: Edge) -> Node { edgeTarget[Int(edge)] }

    /// The sources of `edges`, in their order: a walk along the offsets while the ids ascend,
    /// a binary search where they do not.
    /// - Complexity: O(V + k) for k ascending ids, O(k log V) at worst.
    public func sources(of edges: some Sequence<Edge>) -> [Node] {
        var result: [Node] = []
        result.reserveCapacity(edges.underestimatedCount)
        var node = 0, previous = -1
        for e in edges {
            precondition(Int(e) < edgeCount, "Graph: edge \(e) of \(edgeCount)")
            if Int(e) < previous || Int(e) >= previous + 64 {
                node = Int(source(of: e))
            } else {
                while Int(outOffsets[node + 1]) <= Int(e) { node += 1 }
            }
            previous = Int(e)
            result.append(Node(node))
        }
        return result
    }

    /// Edge `edge` with its two ends.
    /// - Complexity: O(log V) (`source(of:)`).
    public func edge(_ edge: Edge) -> EdgeRef {
        EdgeRef(id: edge, source: source(of: edge), target: edgeTarget[Int(edge)])
    }

    /// Every edge with its ends, in edge-id order (node by node).
    /// - Complexity: O(1) to make; iterating is O(V + E).
    @inlinable public var allEdges: AllEdges { AllEdges(graph: self) }

    /// The label of edge `edge` (below 64).
    /// - Complexity: O(1).
    @inlinable public func kind(of edge: Edge) -> UInt8 { edgeKind[Int(edge)] }

    /// The weight of edge `edge`, or nil when unknown.
    /// - Complexity: O(1).
    @inlinable public func weight(of edge: Edge) -> Double? {
        let w = edgeWeight[Int(edge)]
        return w.isNaN ? nil : w
    }

    /// The days edge `edge` is valid: `from ..< until` in days since 1970-01-01, where
    /// `from == openStart` means since forever and `until == openEnd` without end.
    /// - Complexity: O(1).
    @inlinable public func validity(of edge: Edge) -> (from: Int32, until: Int32) {
        (edgeValidFrom[Int(edge)], edgeValidUntil[Int(edge)])
    }

    /// The edges leaving `node`, in edge order, with their ends.
    /// - Complexity: O(1); iterating is O(out-degree).
    @inlinable public func outEdges(of node: Node) -> OutEdges { OutEdges(graph: self, source: node, range: outEdgeRange(node)) }

    /// The edges entering `node`, with their ends (in order of their sources' out ranges).
    /// - Complexity: O(1); iterating is O(in-degree).
    @inlinable public func inEdges(of node: Node) -> InEdges { InEdges(graph: self, target: node, slots: inSlotRange(node)) }

    /// Every edge weight by edge id, NaN where unknown: for algorithms that take a weight
    /// column (the store's own column, shared until written, when it is held plainly).
    /// - Complexity: O(1) (copy on write) for a graph built in memory; O(E) for one opened
    ///   from a snapshot, whose weights are coded.
    public var weightsByEdge: Column<Double> { edgeWeight.values }

    /// Whether the two graphs are one store (one built or opened once, then copied): what
    /// was computed from one holds for the other.
    /// - Complexity: O(1).
    public func isSameStore(as other: Graph) -> Bool {
        outOffsets.sharesStorage(with: other.outOffsets) && (edgeCount == 0 ? other.edgeCount == 0 : edgeTarget.sharesStorage(with: other.edgeTarget))
    }

    /// Approximate heap bytes of the store.
    /// (Columns viewing a mapped snapshot count nothing: their memory is the file's.)
    public var memoryFootprint: Int {
        [outOffsets, inOffsets, edgeTarget, inEdgeIDs, inSources].reduce(0) { $0 + $1.allocatedBytes }
            + edgeValidFrom.allocatedBytes + edgeValidUntil.allocatedBytes + edgeKind.allocatedBytes + edgeWeight.allocatedBytes
    }
}

/// An edge with its two ends, as `Graph.outEdges(of:)` and `Graph.inEdges(of:)` yield it.
public struct EdgeRef: Sendable, Hashable {
    /// The edge id.
    public let id: Graph.Edge
    /// The node it leaves.
    public let source: Graph.Node
    /// The node it enters.
    public let target: Graph.Node

    /// An edge id with its ends.
    @inlinable public init(id: Graph.Edge, source: Graph.Node, target: Graph.Node) {
        self.id = id
        self.source = source
        self.target = target
    }

    /// The ordered pair of its ends.
    @inlinable public var pair: NodePair { NodePair(source, target) }
}

extension Graph {
    /// The edges leaving one node (see `Graph.outEdges(of:)`).
    public struct OutEdges: RandomAccessCollection, Sendable {
        /// The graph the edges belong to.
        public let graph: Graph
        @usableFromInline let source: Node
        @usableFromInline let range: Range<Int>
        @inlinable init(graph: Graph, source: Node, range: Range<Int>) { self.graph = graph; self.source = source; self.range = range }
        @inlinable public var startIndex: Int { range.lowerBound }
        @inlinable public var endIndex: Int { range.upperBound }
        @inlinable public subscript(position: Int) -> EdgeRef {
            precondition(range.contains(position), "OutEdges: index out of range")
            return EdgeRef(id: Edge(truncatingIfNeeded: position), source: source, target: graph.edgeTarget[position])
        }
    }

    /// Every edge of a graph in edge-id order, with its ends (see `Graph.allEdges`).
    public struct AllEdges: Sequence, Sendable {
        /// The graph the edges belong to.
        public let graph: Graph
        @inlinable init(graph: Graph) { self.graph = graph }

        /// Walks the nodes' out ranges in order.
        public struct Iterator: IteratorProtocol {
            @usableFromInline let graph: Graph
            @usableFromInline var node = 0
            @usableFromInline var position = 0
            @inlinable init(graph: Graph) { self.graph = graph }
            /// The next edge with its ends, or nil after the last.
            @inlinable public mutating func next() -> EdgeRef? {
                guard position < graph.edgeCount else { return nil }
                while Int(graph.outOffsets[node + 1]) <= position { node += 1 }
                defer { position += 1 }
                return EdgeRef(id: Edge(truncatingIfNeeded: position), source: Node(node), target: graph.edgeTarget[position])
            }
        }

        /// An iterator from the first edge.
        @inlinable public func makeIterator() -> Iterator { Iterator(graph: graph) }
        /// The number of edges.
        @inlinable public var underestimatedCount: Int { graph.edgeCount }
    }

    /// The edges entering one node (see `Graph.inEdges(of:)`).
    public struct InEdges: RandomAccessCollection, Sendable {
        /// The graph the edges belong to.
        public let graph: Graph
        @usableFromInline let target: Node
        @usableFromInline let slots: Range<Int>
        @inlinable init(graph: Graph, target: Node, slots: Range<Int>) { self.graph = graph; self.target = target; self.slots = slots }
        @inlinable public var startIndex: Int { slots.lowerBound }
        @inlinable public var endIndex: Int { slots.upperBound }
        @inlinable public subscript(position: Int) -> EdgeRef {
            precondition(slots.contains(position), "InEdges: index out of range")
            return EdgeRef(id: graph.inEdgeIDs[position], source: graph.inSources[position], target: target)
        }
    }
}

/// The edges of one node with the graph they belong to (`Graph.OutEdges`, `Graph.InEdges`):
/// what a sequence over a node's edges needs to read the edges' other columns.
public protocol NodeEdges: RandomAccessCollection, Sendable where Element == EdgeRef, Index == Int {
    /// The graph the edges belong to.
    var graph: Graph { get }
}

extension Graph.OutEdges: NodeEdges {}
extension Graph.InEdges: NodeEdges {}

/// An ordered pair of nodes (an owner and an asset, a tie's two ends): the key of tables
/// about pairs, in place of integers packed by hand.
public struct NodePair: Sendable, Hashable, Comparable {
    /// The first node (the tie's source, the owner).
    public var source: Graph.Node
    /// The second node (the tie's target, the asset).
    public var target: Graph.Node

    /// The pair `(source, target)`.
    @inlinable public init(_ source: Graph.Node, _ target: Graph.Node) {
        self.source = source
        self.target = target
    }

    /// Ordered by source, then target.
    @inlinable public static func < (a: NodePair, b: NodePair) -> Bool { (a.source, a.target) < (b.source, b.target) }
}

/// A set of edge kinds (kinds are below 64).
public struct EdgeKindSet: Sendable, Hashable {
    /// One bit per kind: bit `k` is set when kind `k` is in the set.
    public var bits: UInt64
    /// The set whose bits are `bits`.
    @inlinable public init(bits: UInt64) { self.bits = bits }
    /// Every kind.
    public static let all = EdgeKindSet(bits: .max)
    /// The set of `kinds` (each must be below 64).
    /// - Complexity: O(number of kinds).
    @inlinable public init<S: Sequence>(_ kinds: S) where S.Element == UInt8 {
        var b: UInt64 = 0
        for k in kinds { precondition(k < 64, "edge kinds must be below 64"); b |= 1 << UInt64(k) }
        bits = b
    }
    /// Whether `kind` is in the set (never for a kind of 64 or more, which no set holds).
    /// - Complexity: O(1).
    @inlinable public func contains(_ kind: UInt8) -> Bool { kind < 64 && bits & (1 << UInt64(kind)) != 0 }
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
