/// The 64-bit FNV-1a hash (Fowler, Noll and Vo): the same value on every run and platform,
/// unlike `Hasher`, for versions and on-disk keys; not for tables an adversary fills.
public struct FNV1a: Sendable, Hashable {
    /// The hash of the bytes added so far.
    @inlinable public var value: UInt64 { state }
    @usableFromInline var state: UInt64 = 0xcbf2_9ce4_8422_2325

    /// The hash of no bytes (the offset basis).
    @inlinable public init() {}

    /// Adds one byte.
    /// - Complexity: O(1).
    @inlinable public mutating func add(_ byte: UInt8) {
        state = (state ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
    }

    /// Adds the bytes in order.
    /// - Complexity: O(n).
    @inlinable public mutating func add<Bytes: Sequence>(_ bytes: Bytes) where Bytes.Element == UInt8 {
        for b in bytes { add(b) }
    }

    /// The hash of `bytes`.
    /// - Complexity: O(n).
    @inlinable public static func hash<Bytes: Sequence>(_ bytes: Bytes) -> UInt64 where Bytes.Element == UInt8 {
        var h = FNV1a()
        h.add(bytes)
        return h.value
    }
}
