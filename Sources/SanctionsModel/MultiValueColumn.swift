import GraphCore

/// A per-node list of `UInt32` values (string or node indices) in CSR form: one offsets
/// array and one flat values array, no per-node array objects.
public struct MultiValueColumn: Sendable {
    /// Node `v`'s values are `values[offsets[v] ..< offsets[v + 1]]`; node count + 1 entries.
    public let offsets: Column<UInt32>
    /// Every node's values, node after node.
    public let values: Column<UInt32>

    /// A column from its two arrays (`offsets` non-decreasing, from 0 to `values.count`).
    public init(offsets: [UInt32], values: [UInt32]) {
        self.offsets = Column(offsets)
        self.values = Column(values)
    }

    init(columns offsets: Column<UInt32>, _ values: Column<UInt32>) {
        self.offsets = offsets
        self.values = values
    }

    /// A column from stored columns (a snapshot's, read in place). When `verify` is set,
    /// checks that `offsets` has `nodeCount + 1` entries from 0 to `values.count`, never
    /// decreasing, and that every value is below `valueLimit`; nil when not.
    /// - Complexity: O(nodes + values) when verifying, else O(1).
    public init?(offsets: Column<UInt32>, values: Column<UInt32>, nodeCount: Int, valueLimit: Int, verify: Bool) {
        guard offsets.count == nodeCount + 1 else { return nil }
        self.offsets = offsets
        self.values = values
        guard verify else { return }
        let ordered = offsets.withUnsafeBufferPointer { o in
            guard o[0] == 0, Int(o[nodeCount]) == values.count else { return false }
            for v in 0 ..< nodeCount where o[v + 1] < o[v] { return false }
            return true
        }
        guard ordered, !values.contains(where: { Int($0) >= valueLimit }) else { return nil }
    }

    /// Empty lists for `count` nodes.
    /// - Complexity: O(count).
    public init(empty count: Int) {
        offsets = Column(repeating: 0, count: count + 1)
        values = []
    }

    /// The values of node `node`, in insertion order.
    /// - Complexity: O(1).
    @inlinable public subscript(node: UInt32) -> Slice<Column<UInt32>> {
        values[Int(offsets[Int(node)]) ..< Int(offsets[Int(node) + 1])]
    }

    /// Groups `(node, value)` pairs by node (stable: insertion order kept), dropping repeated
    /// values within a node (equal indices, or values `same` says are equal).
    /// - Complexity: O(V + P·k) for P pairs and at most k values per node.
    public static func grouping(nodes: [UInt32], values: [UInt32], nodeCount n: Int,
                                same: ((UInt32, UInt32) -> Bool)? = nil) -> MultiValueColumn {
        let layout = CSRLayout(keys: nodes, keyCount: n)
        let offsets = layout.offsets
        var flat = layout.arrange(values)
        // Deduplicate within each node, compacting in place.
        var out = 0
        var newOffsets = [UInt32](repeating: 0, count: n + 1)
        for v in 0 ..< n {
            let start = out
            for j in Int(offsets[v]) ..< Int(offsets[v + 1]) {
                let x = flat[j]
                var seen = false
                for k in start ..< out where flat[k] == x || (same?(flat[k], x) ?? false) { seen = true; break }
                if !seen { flat[out] = x; out += 1 }
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
