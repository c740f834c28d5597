import Platform
/// A stable counting sort of items by a small integer key: the one way this package lays
/// out grouped data in compressed sparse row form (a graph's out and in indices, adjacency
/// rows, stake graphs, multi-value columns, components).
///
/// Invariant: `offsets` has `keyCount + 1` non-decreasing entries from 0 to the item count;
/// the items with key `k` sit at positions `offsets[k] ..< offsets[k + 1]`, in their input
/// order, and item `i` sits at `positions[i]` (a permutation of `0 ..< count`).
public struct CSRLayout: Sendable {
    /// Where each key's items start; `keyCount + 1` entries.
    public let offsets: [UInt32]
    /// Where each item goes.
    public let positions: [UInt32]

    /// Lays out items with keys `keys` (each below `keyCount`).
    /// - Complexity: O(keyCount + n), two passes over `keys`.
    /// - Precondition: every key is in `0 ..< keyCount`, and there are at most
    ///   `SizeLimits.maximum` items (both checked in release builds too, once per key; callers
    ///   with keys from outside check them first with `checkEdges`).
    @inlinable
    public init<Keys: Collection>(keys: Keys, keyCount: Int) where Keys.Element: BinaryInteger {
        let offsets = CSRLayout.offsets(keys: keys, keyCount: keyCount)
        var cursor = offsets
        var positions = [UInt32](largeRepeating: 0, count: keys.count)
        positions.withUnsafeMutableBufferPointer { positions in
            cursor.withUnsafeMutableBufferPointer { cursor in
                var i = 0
                for k in keys {
                    positions[i] = cursor[Int(k)]
                    cursor[Int(k)] &+= 1
                    i += 1
                }
            }
        }
        self.offsets = offsets
        self.positions = positions
    }

    /// The offsets alone: what items with keys `keys`, once grouped by key, need to find each
    /// key's run (for items already in key order, the whole layout).
    /// - Complexity: O(keyCount + n).
    /// - Precondition: as `init(keys:keyCount:)`.
    @inlinable
    public static func offsets<Keys: Sequence>(keys: Keys, keyCount: Int) -> [UInt32] where Keys.Element: BinaryInteger {
        precondition(keyCount >= 0, "CSRLayout: negative key count")
        var offsets = [UInt32](largeRepeating: 0, count: keyCount + 1)
        var n = 0
        offsets.withUnsafeMutableBufferPointer { offsets in
            for k in keys {
                precondition(k >= 0 && Int(k) < keyCount, "CSRLayout: key out of range")
                offsets[Int(k) + 1] &+= 1
                n += 1
            }
            for k in 0 ..< keyCount { offsets[k + 1] &+= offsets[k] }
        }
        precondition(n <= SizeLimits.maximum, "CSRLayout: more than \(SizeLimits.maximum) items")
        return offsets
    }

    /// The number of items.
    @inlinable public var count: Int { positions.count }

    /// The positions of the items with key `key`.
    /// - Complexity: O(1).
    @inlinable public func range(of key: Int) -> Range<Int> { Int(offsets[key]) ..< Int(offsets[key + 1]) }

    /// `items` in layout order: `result[positions[i]] == items[i]`.
    /// - Complexity: O(n).
    @inlinable
    public func arrange<T>(_ items: [T]) -> [T] {
        precondition(items.count == count, "CSRLayout: one value per item")
        // No uninitialised array of none: the standard library writes its count into the
        // shared empty array (a data race the thread sanitizer reports between two threads).
        if count == 0 { return [] }
        return [T](unsafeUninitializedCapacity: count) { buffer, initialized in
            items.withUnsafeBufferPointer { items in
                positions.withUnsafeBufferPointer { positions in
                    for i in 0 ..< items.count { (buffer.baseAddress! + Int(positions[i])).initialize(to: items[i]) }
                }
            }
            initialized = items.count
        }
    }

    /// `items` in layout order like `arrange(_:)`, emptying `items` so that peak memory stays
    /// near one copy of the column.
    /// - Complexity: O(n).
    @inlinable
    public func arrange<T>(consuming items: inout [T]) -> [T] {
        let result = arrange(items)
        items = []
        return result
    }

    /// `items` in layout order, as a column: `result[positions[i]] == items[i]`. Items in
    /// contiguous memory (an array, a column) are placed on both cores when there are many.
    /// - Complexity: O(n).
    @inlinable
    public func arrangeColumn<Items: Collection>(_ items: Items) -> Column<Items.Element> where Items.Element: BitwiseCopyable {
        precondition(items.count == count, "CSRLayout: one value per item")
        if let arranged = items.withContiguousStorageIfAvailable({ contiguous in
            Column<Items.Element>(unsafeUninitializedCount: count) { buffer in
                scatter(UnsafeRawPointer(contiguous.baseAddress), stride: MemoryLayout<Items.Element>.stride,
                        into: UnsafeMutableRawPointer(buffer.baseAddress))
            }
        }) { return arranged }
        return Column(unsafeUninitializedCount: count) { buffer in
            positions.withUnsafeBufferPointer { positions in
                var i = 0
                for item in items {
                    buffer[Int(positions[i])] = item
                    i += 1
                }
            }
        }
    }

    /// `arrangeColumn(_:)`, emptying `items` so that peak memory stays near one copy of the
    /// column.
    /// - Complexity: O(n).
    @inlinable
    public func arrangeColumn<T: BitwiseCopyable>(consuming items: inout [T]) -> Column<T> {
        let result = arrangeColumn(items)
        items = []
        return result
    }

    /// The item numbers in layout order: `result[positions[i]] == i` (the inverse of
    /// `positions`, `itemAtPosition` as a column), placed on both cores when there are many.
    /// - Complexity: O(n).
    public func arrangedItemNumbers() -> Column<UInt32> {
        Column(unsafeUninitializedCount: count) { buffer in
            scatter(nil, stride: MemoryLayout<UInt32>.stride, into: UnsafeMutableRawPointer(buffer.baseAddress))
        }
    }

    /// Writes item `i` of `items` (`stride` bytes each; nil: the item numbers, as `UInt32`)
    /// at `positions[i]` of `destination`; with many items, each core takes a part of them
    /// (the positions are a permutation: the parts write apart). Not generic, so that callers
    /// in other modules do not run it unspecialised.
    /// - Complexity: O(n).
    @usableFromInline
    func scatter(_ items: UnsafeRawPointer?, stride: Int, into destination: UnsafeMutableRawPointer?) {
        guard count > 0, let destination else { return }
        positions.withUnsafeBufferPointer { positions in
            let job = Scatter(items: items, stride: stride, positions: positions.baseAddress!, destination: destination)
            let workers = count >= CSRLayout.parallelItems ? min(2, processorCount) : 1
            let n = count
            parallelWorkers(workers) { w in job.run(n * w / workers ..< n * (w + 1) / workers) }
        }
    }

    /// From how many items `scatter` uses two cores.
    static let parallelItems = 1 << 17

    /// The memory one `scatter` reads and writes, shared by its workers.
    private struct Scatter: @unchecked Sendable {
        // Sendable: each worker writes the positions of its own items only.
        let items: UnsafeRawPointer?
        let stride: Int
        let positions: UnsafePointer<UInt32>
        let destination: UnsafeMutableRawPointer

        func run(_ part: Range<Int>) {
            guard let items else {
                let d = destination.assumingMemoryBound(to: UInt32.self)
                for i in part { d[Int(positions[i])] = UInt32(truncatingIfNeeded: i) }
                return
            }
            switch stride {
            case 1: place(UInt8.self, part, items)
            case 2: place(UInt16.self, part, items)
            case 4: place(UInt32.self, part, items)
            case 8: place(UInt64.self, part, items)
            default:
                for i in part { (destination + Int(positions[i]) * stride).copyMemory(from: items + i * stride, byteCount: stride) }
            }
        }

        @inline(__always)
        private func place<W: FixedWidthInteger>(_: W.Type, _ part: Range<Int>, _ items: UnsafeRawPointer) {
            let s = items.assumingMemoryBound(to: W.self), d = destination.assumingMemoryBound(to: W.self)
            for i in part { d[Int(positions[i])] = s[i] }
        }
    }

    /// For each position, the item placed there (the inverse of `positions`), as an array
    /// (`arrangedItemNumbers` as a column).
    /// - Complexity: O(n).
    public var itemAtPosition: [UInt32] {
        [UInt32](largeUninitializedCapacity: count) { buffer in
            scatter(nil, stride: MemoryLayout<UInt32>.stride, into: UnsafeMutableRawPointer(buffer.baseAddress))
        }
    }
}
