/// Disjoint sets over `0 ..< count`: union by size and path halving (Tarjan 1975), so a
/// sequence of m operations costs O(m · α(n)).
///
/// Invariant: following `parent` from any element reaches its set's root, whose parent is
/// itself; `size` is meaningful at roots only.
public struct UnionFind: Sendable {
    @usableFromInline var parent: [Int32]
    @usableFromInline var size: [UInt32]

    /// `count` singleton sets.
    /// - Complexity: O(count).
    /// - Precondition: `count` is below 2³¹ − 1 (checked in release builds too).
    public init(count: Int) {
        precondition(count < Int(Int32.max), "UnionFind: more than 2 billion elements")
        // Not uninitialised when empty: see `CSRLayout.arrange`.
        parent = count == 0 ? [] : [Int32](unsafeUninitializedCapacity: count) { buffer, initialized in
            for i in 0 ..< count { buffer[i] = Int32(i) }
            initialized = count
        }
        size = [UInt32](repeating: 1, count: count)
    }

    /// The number of elements.
    @inlinable public var count: Int { parent.count }

    /// The root of `x`'s set.
    /// - Complexity: O(α(n)) amortised.
    /// - Precondition: `x` is in `0 ..< count` (checked in release builds too).
    @inlinable
    public mutating func find(_ x: Int) -> Int {
        precondition(x >= 0 && x < parent.count, "UnionFind: element \(x) out of range 0 ..< \(parent.count)")
        return parent.withUnsafeMutableBufferPointer { Int(UnionFind.find(Int32(x), $0)) }
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
        precondition(parent.count == size.count)
        parent.withUnsafeMutableBufferPointer { parent in
            size.withUnsafeMutableBufferPointer { size in
                let n = parent.count
                pairs { a, b in
                    precondition(Int(a) < n && Int(b) < n, "UnionFind: element out of range")
                    var a = UnionFind.find(Int32(a), parent), b = UnionFind.find(Int32(b), parent)
                    if a == b { return false }
                    if size[Int(a)] < size[Int(b)] { swap(&a, &b) }
                    parent[Int(b)] = a
                    size[Int(a)] &+= size[Int(b)]
                    return true
                }
            }
        }
    }

    /// Every element's root (paths fully compressed).
    /// - Complexity: O(n · α(n)).
    public mutating func roots() -> [Int32] {
        parent.withUnsafeMutableBufferPointer { parent in
            for v in 0 ..< parent.count { parent[v] = UnionFind.find(Int32(v), parent) }
        }
        return parent
    }

    @inlinable @inline(__always)
    static func find(_ x: Int32, _ parent: UnsafeMutableBufferPointer<Int32>) -> Int32 {
        var x = x
        while parent[Int(x)] != x {
            let grand = parent[Int(parent[Int(x)])]
            parent[Int(x)] = grand
            x = grand
        }
        return x
    }
}
