import GraphCore

/// A per-node list of `UInt32` values (string or node indices), no per-node array objects:
/// one flat values array, node after node, and where each node's values start, in one of two
/// layouts (docs/snapshot.md, "Lists per entity"):
/// - **offsets**: `nodeCount + 1` offsets, node `v`'s values being `values[offsets[v] ..< offsets[v + 1]]`;
/// - **at most one**, when no node has more than one value (`compacted()`; names, countries and
///   topics on the generated networks): a bit per node saying whether it has its value, and per
///   64 nodes the number of values before them. 3/16 of a byte per node instead of four.
public struct MultiValueColumn: Sendable {
    /// The offsets layout: `nodeCount + 1` entries; empty in the at-most-one layout.
    @usableFromInline let offsets: Column<UInt32>
    /// The at-most-one layout: bit `v % 64` of word `v / 64` is set when node `v` has a value…
    @usableFromInline let present: Column<UInt64>
    /// …and entry `w` counts the values of the nodes before `64 · w` (`present.count + 1` entries).
    @usableFromInline let ranks: Column<UInt32>
    /// Every node's values, node after node (coded in a snapshot when few are distinct).
    public let values: CodedColumn<UInt32>

    /// A column from its two arrays (`offsets` non-decreasing, from 0 to `values.count`).
    public init(offsets: [UInt32], values: [UInt32]) {
        self.init(columns: Column(offsets), Column(values))
    }

    init(columns offsets: Column<UInt32>, _ values: Column<UInt32>) {
        self.init(offsets: offsets, values: CodedColumn(values))
    }

    private init(offsets: Column<UInt32>, values: CodedColumn<UInt32>) {
        self.offsets = offsets
        self.values = values
        present = []
        ranks = []
    }

    private init(present: Column<UInt64>, ranks: Column<UInt32>, values: CodedColumn<UInt32>) {
        offsets = []
        self.present = present
        self.ranks = ranks
        self.values = values
    }

    /// How a column is stored: offsets, or presence bits and ranks (the other pair empty).
    public var stored: (offsets: Column<UInt32>, present: Column<UInt64>, ranks: Column<UInt32>, values: CodedColumn<UInt32>) {
        (offsets, present, ranks, values)
    }

    /// A column from stored columns (a snapshot's, read in place): `offsets` with
    /// `nodeCount + 1` entries and the other two empty, or `offsets` empty and `present` with
    /// a bit per node and `ranks` one more entry than it. When `verify` is set, also checks
    /// that the offsets run from 0 to `values.count` without decreasing (or that the ranks
    /// count the bits, no bit is set past the last node and they add up to `values.count`),
    /// and that every value is below `valueLimit`; nil when something does not hold.
    /// - Complexity: O(nodes + values) when verifying, else O(1).
    public init?(offsets: Column<UInt32>, present: Column<UInt64>, ranks: Column<UInt32>, values: CodedColumn<UInt32>,
                 nodeCount: Int, valueLimit: Int, verify: Bool) {
        if offsets.isEmpty {
            let words = (nodeCount + 63) / 64
            guard present.count == words, ranks.count == words + 1 else { return nil }
            self.init(present: present, ranks: ranks, values: values)
            guard verify else { return }
            let counted = present.withUnsafeBufferPointer { bits in
                ranks.withUnsafeBufferPointer { ranks in
                    guard ranks[0] == 0, Int(ranks[words]) == values.count else { return false }
                    for w in 0 ..< words where Int(ranks[w + 1]) != Int(ranks[w]) + bits[w].nonzeroBitCount { return false }
                    let tail = nodeCount % 64
                    return tail == 0 || bits[words - 1] >> UInt64(tail) == 0
                }
            }
            guard counted else { return nil }
        } else {
            guard offsets.count == nodeCount + 1, present.isEmpty, ranks.isEmpty else { return nil }
            self.init(offsets: offsets, values: values)
            guard verify else { return }
            let ordered = offsets.withUnsafeBufferPointer { o in
                guard o[0] == 0, Int(o[nodeCount]) == values.count else { return false }
                for v in 0 ..< nodeCount where o[v + 1] < o[v] { return false }
                return true
            }
            guard ordered else { return nil }
        }
        guard !values.possibleValues.contains(where: { Int($0) >= valueLimit }) else { return nil }
    }

    /// Empty lists for `count` nodes.
    /// - Complexity: O(count).
    public init(empty count: Int) {
        self.init(columns: Column(repeating: 0, count: count + 1), [])
    }

    /// Approximate heap bytes held (none for columns viewing a mapped snapshot).
    public var allocatedBytes: Int {
        offsets.allocatedBytes + present.allocatedBytes + ranks.allocatedBytes + values.allocatedBytes
    }

    /// Where node `node`'s values lie in `values`.
    /// - Complexity: O(1).
    @inlinable func range(_ node: UInt32) -> Range<Int> {
        if !offsets.isEmpty { return Int(offsets[Int(node)]) ..< Int(offsets[Int(node) + 1]) }
        let word = present[Int(node >> 6)], bit = UInt64(node & 63)
        let start = Int(ranks[Int(node >> 6)]) + (word & ((1 << bit) &- 1)).nonzeroBitCount
        return start ..< start + Int((word >> bit) & 1)
    }

    /// The values of node `node`, in insertion order.
    /// - Complexity: O(1).
    @inlinable public subscript(node: UInt32) -> Slice<CodedColumn<UInt32>> {
        values[range(node)]
    }

    /// The first value of node `node`, if any: `self[node].first` without the slice (which
    /// holds a copy of the values column, a retain and a release per call).
    /// - Complexity: O(1).
    @inlinable public func first(of node: UInt32) -> UInt32? {
        let r = range(node)
        return r.isEmpty ? nil : values[r.lowerBound]
    }

    /// Asks the cache for where node `node`'s values lie (the first look-up of `first(of:)`).
    @inlinable public func prefetchRange(_ node: UInt32) {
        if !offsets.isEmpty { offsets.prefetch(Int(node)); return }
        present.prefetch(Int(node >> 6)); ranks.prefetch(Int(node >> 6))
    }

    /// Asks the cache for node `node`'s first value (the second look-up of `first(of:)`: ask
    /// for its range with `prefetchRange` some time before).
    @inlinable public func prefetchFirst(of node: UInt32) {
        guard Int(node >> 6) < present.count || Int(node) + 1 < offsets.count else { return }
        let r = range(node)
        if !r.isEmpty { values.prefetch(r.lowerBound) }
    }

    /// The same lists in the at-most-one layout when no node has more than one value (else
    /// the column as it is). The snapshot writer codes the values (`CodedColumn.compacted()`).
    /// - Complexity: O(nodes).
    public func compacted() -> MultiValueColumn {
        guard !offsets.isEmpty else { return self }
        let n = offsets.count - 1, words = (n + 63) / 64
        var bits = [UInt64](repeating: 0, count: words), counts = [UInt32](repeating: 0, count: words + 1)
        for v in 0 ..< n {
            switch offsets[v + 1] - offsets[v] {
            case 0: continue
            case 1: bits[v >> 6] |= 1 << UInt64(v & 63)
            default: return self
            }
        }
        for w in 0 ..< words { counts[w + 1] = counts[w] + UInt32(bits[w].nonzeroBitCount) }
        return MultiValueColumn(present: Column(bits), ranks: Column(counts), values: values)
    }

    /// Groups `(node, value)` pairs by node (stable: insertion order kept), dropping repeated
    /// values within a node: equal indices, or, with `texts`, values whose strings in that
    /// table are equal (texts stored without deduplication, such as names).
    /// - Complexity: O(V + P) expected for P pairs: a node's first few values are compared
    ///   with one another, a node with more is deduplicated through a hash of each value.
    public static func grouping(nodes: [UInt32], values: [UInt32], nodeCount n: Int, texts: StringTable? = nil) -> MultiValueColumn {
        let layout = CSRLayout(keys: nodes, keyCount: n)
        let offsets = layout.offsets
        var flat = layout.arrange(values)
        @inline(__always) func same(_ a: UInt32, _ b: UInt32) -> Bool { a == b || (texts?.equal(a, b) ?? false) }
        func key(_ a: UInt32) -> Int { texts.map { t in t.withBytes(a) { Int(StringTable.hash($0)) } } ?? Int(a) }
        // Deduplicate within each node, compacting in place.
        var out = 0
        var newOffsets = [UInt32](repeating: 0, count: n + 1)
        var kept: [Int: [Int]] = [:]   // a large node's kept values, by key: their positions
        for v in 0 ..< n {
            let start = out
            let range = Int(offsets[v]) ..< Int(offsets[v + 1])
            if range.count <= 32 {
                for j in range {
                    let x = flat[j]
                    var seen = false
                    for k in start ..< out where same(flat[k], x) { seen = true; break }
                    if !seen { flat[out] = x; out += 1 }
                }
            } else {
                kept.removeAll(keepingCapacity: true)
                for j in range {
                    let x = flat[j], h = key(x)
                    if let positions = kept[h], positions.contains(where: { same(flat[$0], x) }) { continue }
                    kept[h, default: []].append(out)
                    flat[out] = x
                    out += 1
                }
            }
            newOffsets[v + 1] = UInt32(out)
        }
        flat.removeLast(flat.count - out)
        // Each array let go as soon as its column is made.
        let offsetColumn = Column(newOffsets)
        newOffsets = []
        let valueColumn = Column(flat)
        flat = []
        return MultiValueColumn(columns: offsetColumn, valueColumn)
    }

    /// The column restricted and renumbered to `keep` (old node indices, in new order).
    /// - Complexity: O(number of kept nodes and their values).
    public func remapped(keep: [UInt32]) -> MultiValueColumn {
        var offs: [UInt32] = [0]
        offs.reserveCapacity(keep.count + 1)
        var vals: [UInt32] = []
        for v in keep {
            vals.append(contentsOf: self[v])
            offs.append(UInt32(vals.count))
        }
        return MultiValueColumn(offsets: offs, values: vals)
    }
}
