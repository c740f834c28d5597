/// A flat column of plain values (integers, floats, bytes) that the storage core reads in
/// place: either memory of its own, or a region of a memory-mapped snapshot file
/// (docs/snapshot.md) kept alive by an owner object. Swift arrays cannot live in mapped
/// memory; every column of a `Graph`, a `StringTable` and a network is a `Column`, so a
/// snapshot opens without copying or parsing its columns.
///
/// Value semantics with copy on write, like `Array`: copies share the buffer until one of
/// them changes it; a column over mapped memory is copied into memory of its own on its
/// first change (the mapping is read-only).
///
/// Invariant: `base` points at `count` initialised elements (nil only when `count == 0`),
/// owned by `storage`.
public struct Column<Element: BitwiseCopyable>: @unchecked Sendable {
    // Sendable: the buffer is only written while uniquely referenced (`isUniqueOwnMemory`;
    // otherwise `moveBuffer` copies it first).
    @usableFromInline var storage: ColumnStorage?
    @usableFromInline var base: UnsafeMutablePointer<Element>?
    @usableFromInline var _count: Int
    /// The number of elements.
    @inlinable public var count: Int { _count }

    /// An empty column.
    @inlinable public init() {
        storage = nil
        base = nil
        _count = 0
    }

    /// A column holding a copy of `elements`.
    /// - Complexity: O(n).
    @inlinable public init(_ elements: some Sequence<Element>) {
        var column = Column()
        if elements.withContiguousStorageIfAvailable({ column.append(contentsOf: $0) }) == nil {
            column.reserveCapacity(elements.underestimatedCount)
            for e in elements { column.append(e) }
        }
        self = column
    }

    /// A column of `count` elements that `body` initialises (every one of them: the elements
    /// are plain values, so assigning through the buffer initialises them).
    /// - Complexity: O(count) plus `body`.
    @inlinable public init<E: Error>(unsafeUninitializedCount count: Int,
                                     initializingWith body: (UnsafeMutableBufferPointer<Element>) throws(E) -> Void) throws(E) {
        precondition(count >= 0, "Column: negative count")
        self.init()
        reserveCapacity(count)
        _count = count
        try body(UnsafeMutableBufferPointer(start: base, count: count))
    }

    /// `count` copies of `value`.
    /// - Complexity: O(count).
    @inlinable public init(repeating value: Element, count: Int) {
        self.init(unsafeUninitializedCount: count) { buffer in
            for i in 0 ..< buffer.count { buffer[i] = value }
        }
    }

    /// A column over `bytes` of memory `owner` keeps alive and unchanged for as long as the
    /// column or a copy of it exists (a mapped snapshot file): no copy is made. Nil when the
    /// bytes are not a whole number of elements or not aligned for `Element`.
    /// - Complexity: O(1).
    public init?(viewing bytes: UnsafeRawBufferPointer, owner: AnyObject & Sendable) {
        let size = MemoryLayout<Element>.stride
        guard bytes.count % size == 0 else { return nil }
        guard let start = bytes.baseAddress, bytes.count > 0 else { self.init(); return }
        guard Int(bitPattern: start) % MemoryLayout<Element>.alignment == 0 else { return nil }
        self.init()
        storage = ColumnStorage(viewing: UnsafeMutableRawPointer(mutating: start), bytes: bytes.count, owner: owner)
        base = UnsafeMutableRawPointer(mutating: start).assumingMemoryBound(to: Element.self)
        _count = bytes.count / size
    }

    /// The number of elements the column can hold without moving.
    @inlinable public var capacity: Int {
        guard let storage, storage.owner == nil else { return count }
        return storage.byteCapacity / MemoryLayout<Element>.stride
    }

    /// Whether the two columns read the same memory (one is a copy of the other, neither
    /// written since); false for empty columns.
    /// - Complexity: O(1).
    public func sharesStorage(with other: Column) -> Bool {
        guard let storage, let theirs = other.storage else { return false }
        return storage === theirs && base == other.base && _count == other._count
    }

    /// Heap bytes this column allocated itself (0 for a view of mapped memory).
    public var allocatedBytes: Int {
        guard let storage, storage.owner == nil else { return 0 }
        return storage.byteCapacity
    }

    /// Makes room for `minimumCapacity` elements, in memory of the column's own.
    /// - Complexity: O(count) when the buffer moves, else O(1).
    @inlinable public mutating func reserveCapacity(_ minimumCapacity: Int) {
        guard minimumCapacity > 0 else { return }
        if minimumCapacity > capacity || !isUniqueOwnMemory { moveBuffer(capacity: Swift.max(minimumCapacity, count)) }
    }

    /// Appends one element.
    /// - Complexity: O(1) amortised.
    @inlinable public mutating func append(_ element: Element) {
        if count == capacity || !isUniqueOwnMemory { moveBuffer(capacity: Swift.max(16, count * 2)) }
        (base! + count).initialize(to: element)
        _count += 1
    }

    /// Appends the elements of `elements`.
    /// - Complexity: O(elements.count) amortised.
    @inlinable public mutating func append(contentsOf elements: UnsafeBufferPointer<Element>) {
        guard let source = elements.baseAddress, elements.count > 0 else { return }
        let needed = count + elements.count
        if needed > capacity || !isUniqueOwnMemory { moveBuffer(capacity: Swift.max(needed, count * 2)) }
        (base! + count).update(from: source, count: elements.count)
        _count = needed
    }

    /// Removes the last `k` elements.
    /// - Complexity: O(1).
    @inlinable public mutating func removeLast(_ k: Int) {
        precondition(k >= 0 && k <= count, "Column: cannot remove more elements than it holds")
        _count -= k
    }

    /// Calls `body` with the elements as one buffer.
    @inlinable public func withUnsafeBufferPointer<R, E: Error>(_ body: (UnsafeBufferPointer<Element>) throws(E) -> R) throws(E) -> R {
        try body(UnsafeBufferPointer(start: base, count: count))
    }

    /// Asks the cache for the element at `position`, without waiting for it (a hint that never
    /// faults: reports that read columns at random overlap their misses with it,
    /// docs/snapshot.md). A position out of range asks for nothing.
    @inlinable public func prefetch(_ position: Int) {
        guard UInt(bitPattern: position) < UInt(bitPattern: count), let base else { return }
        prefetchCacheLine(UnsafeRawPointer(base + position))
    }

    /// Calls `body` with the elements' bytes.
    @inlinable public func withUnsafeBytes<R, E: Error>(_ body: (UnsafeRawBufferPointer) throws(E) -> R) throws(E) -> R {
        try body(UnsafeRawBufferPointer(UnsafeBufferPointer(start: base, count: count)))
    }

    /// Calls `body` with the elements as one mutable buffer, in memory of the column's own.
    @inlinable public mutating func withUnsafeMutableBufferPointer<R, E: Error>(_ body: (UnsafeMutableBufferPointer<Element>) throws(E) -> R) throws(E) -> R {
        if !isUniqueOwnMemory { moveBuffer(capacity: count) }
        return try body(UnsafeMutableBufferPointer(start: base, count: count))
    }

    @inlinable var isUniqueOwnMemory: Bool {
        mutating get {
            guard isKnownUniquelyReferenced(&storage) else { return false }
            return storage.unsafelyUnwrapped.owner == nil
        }
    }

    @usableFromInline mutating func moveBuffer(capacity: Int) {
        let size = MemoryLayout<Element>.stride
        let fresh = ColumnStorage(allocating: Swift.max(capacity, 1) * size, alignment: MemoryLayout<Element>.alignment)
        let pointer = fresh.base.assumingMemoryBound(to: Element.self)
        if let base, count > 0 { pointer.update(from: base, count: count) }
        storage = fresh
        base = pointer
    }
}

extension Column: RandomAccessCollection, MutableCollection {
    /// Positions are `0 ..< count`.
    public typealias Index = Int
    /// A range of a column, sharing its buffer.
    public typealias SubSequence = Slice<Column<Element>>
    /// The positions, as a range.
    public typealias Indices = Range<Int>

    /// 0.
    @inlinable public var startIndex: Int { 0 }
    /// The element count.
    @inlinable public var endIndex: Int { count }
    /// `0 ..< count`.
    @inlinable public var indices: Range<Int> { 0 ..< count }

    /// The element at `position`; checked in release builds too.
    /// - Complexity: O(1).
    @inlinable public subscript(position: Int) -> Element {
        get {
            precondition(UInt(bitPattern: position) < UInt(bitPattern: count), "Column: index out of range")
            return base.unsafelyUnwrapped[position]
        }
        set {
            precondition(UInt(bitPattern: position) < UInt(bitPattern: count), "Column: index out of range")
            if !isUniqueOwnMemory { moveBuffer(capacity: count) }
            base.unsafelyUnwrapped[position] = newValue
        }
    }

    /// Calls `body` with the elements as one buffer (always available).
    @inlinable public func withContiguousStorageIfAvailable<R>(_ body: (UnsafeBufferPointer<Element>) throws -> R) rethrows -> R? {
        try body(UnsafeBufferPointer(start: base, count: count))
    }
}

extension Column: ExpressibleByArrayLiteral {
    /// A column of the literal's elements.
    @inlinable public init(arrayLiteral elements: Element...) { self.init(elements) }
}

extension Column: Equatable where Element: Equatable {
    /// The same elements in the same order.
    /// - Complexity: O(n).
    @inlinable public static func == (a: Column, b: Column) -> Bool { a.elementsEqual(b) }
}

extension Array where Element: BitwiseCopyable {
    /// The elements of `column`, copied.
    /// - Complexity: O(n).
    @inlinable public init(_ column: Column<Element>) {
        self = column.withUnsafeBufferPointer { Array($0) }
    }
}

/// The memory behind a `Column`: allocated here and freed with the object, or a region of
/// memory an owner keeps alive (a mapped file), never written.
@usableFromInline
final class ColumnStorage: @unchecked Sendable {
    // Sendable: written only through a uniquely referenced `Column`.
    @usableFromInline let base: UnsafeMutableRawPointer
    @usableFromInline let byteCapacity: Int
    /// What keeps viewed memory alive; nil for memory allocated here.
    @usableFromInline let owner: AnyObject?

    @usableFromInline init(allocating bytes: Int, alignment: Int) {
        base = UnsafeMutableRawPointer.allocate(byteCount: bytes, alignment: Swift.max(alignment, 16))
        byteCapacity = bytes
        owner = nil
    }

    init(viewing base: UnsafeMutableRawPointer, bytes: Int, owner: AnyObject) {
        self.base = base
        byteCapacity = bytes
        self.owner = owner
    }

    deinit {
        if owner == nil { base.deallocate() }
    }
}

extension Array where Element: BitwiseCopyable {
    /// `Column.prefetch(_:)` for an array: asks the cache for the element at `position`
    /// without waiting for it (the rules' engine reads its columns at random, docs/rules.md,
    /// "Memory"). A position out of range asks for nothing.
    @inlinable package func prefetch(_ position: Int) {
        guard UInt(bitPattern: position) < UInt(bitPattern: count) else { return }
        withUnsafeBufferPointer { prefetchCacheLine(UnsafeRawPointer($0.baseAddress! + position)) }
    }
}
