/// Disjoint sets over `0 ..< count`: union by size and path halving (Tarjan 1975), so a
/// sequence of m operations costs O(m · α(n)).
///
/// Invariant: an element that is not a root holds its parent, and following parents from any
/// element reaches its set's root; a root holds minus the size of its set. One entry per
/// element, sizes in the roots' own entries: a union reads the two sizes from the entries its
/// two finds have just read, where a column of sizes beside the parents cost a cache miss
/// more per union (the components of a million entities, in `sanctions-graph info`).
public struct UnionFind: Sendable {
    @usableFromInline var entry: [Int32]

    /// `count` singleton sets.
    /// - Complexity: O(count).
    /// - Precondition: `count` is below 2³¹ − 1 (checked in release builds too).
    public init(count: Int) {
        precondition(count < Int(Int32.max), "UnionFind: more than 2 billion elements")
        entry = [Int32](repeating: -1, count: count)
    }

    /// The number of elements.
    @inlinable public var count: Int { entry.count }

    /// The root of `x`'s set.
    /// - Complexity: O(α(n)) amortised.
    /// - Precondition: `x` is in `0 ..< count` (checked in release builds too).
    @inlinable
    public mutating func find(_ x: Int) -> Int {
        precondition(x >= 0 && x < entry.count, "UnionFind: element \(x) out of range 0 ..< \(entry.count)")
        return entry.withUnsafeMutableBufferPointer { Int(UnionFind.find(Int32(x), $0)) }
    }

    /// Puts `a` and `b` in one set; whether they were apart.
    /// - Complexity: O(α(n)) amortised.
    /// - Precondition: `a` and `b` are in `0 ..< count` (checked in release builds too).
    @inlinable @discardableResult
    public mutating func union(_ a: Int, _ b: Int) -> Bool {
        var joined = false
        unionAll { join in joined = join(UInt32(a), UInt32(b)) }
        return joined
    }

    /// Joins every pair `pairs` passes to `join` (which says whether the pair was apart), on
    /// unchecked buffers: the fast path for millions of pairs.
    /// - Complexity: O(m · α(n)) for m pairs.
    /// - Precondition: every element passed to `join` is in `0 ..< count` (checked in release
    ///   builds too, once per pair, before the buffers are touched).
    @inlinable
    public mutating func unionAll(_ pairs: (_ join: (UInt32, UInt32) -> Bool) -> Void) {
        entry.withUnsafeMutableBufferPointer { entry in
            let n = entry.count
            pairs { a, b in
                precondition(Int(a) < n && Int(b) < n, "UnionFind: element out of range")
                var a = UnionFind.find(Int32(a), entry), b = UnionFind.find(Int32(b), entry)
                if a == b { return false }
                // The larger set's root stays (a root holds minus its size); a tie keeps `a`.
                if entry[Int(a)] > entry[Int(b)] { swap(&a, &b) }
                entry[Int(a)] &+= entry[Int(b)]
                entry[Int(b)] = a
                return true
            }
        }
    }

    /// Every element's root.
    /// - Complexity: O(n · α(n)).
    public mutating func roots() -> [Int32] {
        // Not uninitialised when empty: see `CSRLayout.arrange`.
        guard !entry.isEmpty else { return [] }
        return entry.withUnsafeMutableBufferPointer { entry in
            [Int32](unsafeUninitializedCapacity: entry.count) { roots, initialized in
                for v in 0 ..< entry.count { roots[v] = UnionFind.find(Int32(v), entry) }
                initialized = entry.count
            }
        }
    }

    /// The root of `x`, halving the path on the way (each element passed points to its
    /// grandparent).
    @inlinable @inline(__always)
    static func find(_ x: Int32, _ entry: UnsafeMutableBufferPointer<Int32>) -> Int32 {
        var x = x
        while entry[Int(x)] >= 0 {
            let parent = entry[Int(x)]
            let grand = entry[Int(parent)]
            if grand < 0 { return parent }
            entry[Int(x)] = grand
            x = grand
        }
        return x
    }
}
