extension Graph {
    /// A graph's columns as a snapshot stores them (docs/snapshot.md), in the store's own
    /// encoding: `outOffsets` and `inOffsets` (`nodeCount + 1` each), then per edge id its
    /// target, kind, weight (NaN = unknown) and validity (`openStart`/`openEnd` for
    /// open ends), and per in-slot its edge id and source. Weights and validity are
    /// `CodedColumn`s: plain in a graph built in memory, coded in a snapshot.
    public struct StoredColumns: Sendable {
        /// Where each node's out edges start: `nodeCount + 1` entries.
        public var outOffsets: Column<UInt32>
        /// The target of each edge, by edge id.
        public var edgeTarget: Column<UInt32>
        /// Where each node's in-slots start: `nodeCount + 1` entries.
        public var inOffsets: Column<UInt32>
        /// The edge id of each in-slot.
        public var inEdgeIDs: Column<UInt32>
        /// The source of the edge in each in-slot.
        public var inSources: Column<UInt32>
        /// The kind of each edge (below 64).
        public var edgeKind: Column<UInt8>
        /// The weight of each edge, NaN when unknown.
        public var edgeWeight: CodedColumn<Double>
        /// The first day each edge is valid, or `Graph.openStart`.
        public var edgeValidFrom: CodedColumn<Int32>
        /// The first day each edge is no longer valid, or `Graph.openEnd`.
        public var edgeValidUntil: CodedColumn<Int32>

        /// The columns, each given.
        public init(outOffsets: Column<UInt32>, edgeTarget: Column<UInt32>, inOffsets: Column<UInt32>,
                    inEdgeIDs: Column<UInt32>, inSources: Column<UInt32>, edgeKind: Column<UInt8>, edgeWeight: CodedColumn<Double>,
                    edgeValidFrom: CodedColumn<Int32>, edgeValidUntil: CodedColumn<Int32>) {
            self.outOffsets = outOffsets
            self.edgeTarget = edgeTarget
            self.inOffsets = inOffsets
            self.inEdgeIDs = inEdgeIDs
            self.inSources = inSources
            self.edgeKind = edgeKind
            self.edgeWeight = edgeWeight
            self.edgeValidFrom = edgeValidFrom
            self.edgeValidUntil = edgeValidUntil
        }
    }

    /// The graph's columns, shared (not copied).
    public var storedColumns: StoredColumns {
        StoredColumns(outOffsets: outOffsets, edgeTarget: edgeTarget, inOffsets: inOffsets,
                      inEdgeIDs: inEdgeIDs, inSources: inSources, edgeKind: edgeKind, edgeWeight: edgeWeight,
                      edgeValidFrom: edgeValidFrom, edgeValidUntil: edgeValidUntil)
    }

    /// A graph over stored columns, read in place. Every column must have its length (checked
    /// always). When `verify` is set, the type's invariants are checked too: both offset
    /// columns start at 0, never decrease and end at the edge count; each target is a node; the
    /// in index lists every edge exactly once, under its target, beside its source (the node
    /// whose out range holds it); kinds are below 64. The reason for
    /// the first failure is returned instead of a graph. Without `verify`, damaged columns
    /// give wrong answers or stop the process (`--no-verify` trusts the file).
    /// - Complexity: O(V + E) when verifying, else O(1).
    public static func stored(_ c: StoredColumns, verify: Bool) -> Result<Graph, StoredColumnError> {
        let n = c.outOffsets.count - 1, m = c.edgeTarget.count
        guard n >= 0, c.inOffsets.count == n + 1 else { return .failure(.init(column: "inOffsets", "has \(c.inOffsets.count) entries, not \(n + 1)")) }
        for (name, count) in [("edgeKind", c.edgeKind.count), ("edgeWeight", c.edgeWeight.count),
                              ("edgeValidFrom", c.edgeValidFrom.count), ("edgeValidUntil", c.edgeValidUntil.count),
                              ("inEdgeIDs", c.inEdgeIDs.count), ("inSources", c.inSources.count)] where count != m {
            return .failure(.init(column: name, "has \(count) entries, not one per edge (\(m))"))
        }
        let graph = Graph(columns: c)
        guard verify else { return .success(graph) }
        if let problem = graph.invariantViolation() { return .failure(problem) }
        return .success(graph)
    }

    /// The first broken invariant of the store, if any (see `stored(_:verify:)`).
    /// - Complexity: O(V + E).
    func invariantViolation() -> StoredColumnError? {
        let n = nodeCount, m = edgeCount
        for (name, offsets) in [("outOffsets", outOffsets), ("inOffsets", inOffsets)] {
            let ok = offsets.withUnsafeBufferPointer { o in
                guard o[0] == 0, Int(o[n]) == m else { return false }
                for v in 0 ..< n where o[v + 1] < o[v] { return false }
                return true
            }
            if !ok { return StoredColumnError(column: name, "does not run from 0 to the edge count without decreasing") }
        }
        if let e = edgeTarget.firstIndex(where: { Int($0) >= n }) { return StoredColumnError(column: "edgeTarget", "edge \(e) enters node \(edgeTarget[e]) of \(n)") }
        if let e = edgeKind.firstIndex(where: { $0 >= 64 }) { return StoredColumnError(column: "edgeKind", "edge \(e) has kind \(edgeKind[e]) (kinds are below 64)") }
        // The in index against the out index: both must hold the same (edge, source, target)
        // triples, and the out index holds each edge once. Compared as multisets by sums of a
        // keyed hash of each triple, in two sequential passes (a check edge by edge reads the
        // edges in the in index's order: a cache miss each, most of the time of opening a
        // snapshot). The keys are random for each process, so no file can be made to pass
        // with a different in index except by chance, about 2^-64 (docs/snapshot.md).
        var keys = SystemRandomNumberGenerator()
        let k1 = keys.next() | 1, k2 = keys.next() | 1, k3 = keys.next() | 1
        @inline(__always) func triple(_ e: UInt32, _ u: UInt32, _ v: UInt32) -> UInt64 {
            var z = (UInt64(e) &* k1) ^ (UInt64(u) &* k2) ^ (UInt64(v) &* k3)
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        let outSum = outOffsets.withUnsafeBufferPointer { offsets in
            edgeTarget.withUnsafeBufferPointer { targets in
                var sum: UInt64 = 0
                for u in 0 ..< n {
                    for e in Int(offsets[u]) ..< Int(offsets[u + 1]) { sum &+= triple(UInt32(e), UInt32(u), targets[e]) }
                }
                return sum
            }
        }
        let inSum = inOffsets.withUnsafeBufferPointer { offsets in
            inEdgeIDs.withUnsafeBufferPointer { edges in
                inSources.withUnsafeBufferPointer { sources -> UInt64? in
                    var sum: UInt64 = 0
                    for v in 0 ..< n {
                        for slot in Int(offsets[v]) ..< Int(offsets[v + 1]) {
                            guard Int(edges[slot]) < m, Int(sources[slot]) < n else { return nil }
                            sum &+= triple(edges[slot], sources[slot], UInt32(v))
                        }
                    }
                    return sum
                }
            }
        }
        guard inSum == outSum else {
            return StoredColumnError(column: "inEdgeIDs", "the in index does not list every edge exactly once, under its target, beside its source")
        }
        return nil
    }
}

/// Why stored columns do not make a valid structure: the column and what is wrong with it.
public struct StoredColumnError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The column's name, as the snapshot's section names it (`outOffsets`, `bytes`, …).
    public var column: String
    /// What is wrong.
    public var reason: String

    /// The problem `reason` in column `column`.
    public init(column: String, _ reason: String) {
        self.column = column
        self.reason = reason
    }

    /// "column: reason".
    public var description: String { "\(column): \(reason)" }
}
