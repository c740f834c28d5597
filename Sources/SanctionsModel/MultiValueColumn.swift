import GraphCore

/// A per-node list of `UInt32` values (string or node indices) in CSR form: one offsets
/// array and one flat values array, no per-node array objects.
public struct MultiValueColumn: Sendable {
    /// Node `v`'s values are `values[offsets[v] ..< offsets[v + 1]]`; node count + 1 entries.
    public let offsets: [UInt32]
    /// Every node's values, node after node.
    public let values: [UInt32]

    /// A column from its two arrays (`offsets` non-decreasing, from 0 to `values.count`).
    public init(offsets: [UInt32], values: [UInt32]) {
        self.offsets = offsets
        self.values = values
    }

    /// Empty lists for `count` nodes.
    /// - Complexity: O(count).
    public init(empty count: Int) {
        offsets = [UInt32](repeating: 0, count: count + 1)
        values = []
    }

    /// The values of node `node`, in insertion order.
    /// - Complexity: O(1).
    @inlinable public subscript(node: UInt32) -> ArraySlice<UInt32> {
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
        return MultiValueColumn(offsets: newOffsets, values: flat)
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
