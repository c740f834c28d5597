internal import CPrefetch
import Platform

/// An append-only table of byte strings stored in one contiguous buffer, optionally
/// interned (deduplicated through a hash index).
///
/// Every string gets a dense `UInt32` index, so columns refer to strings with four bytes and
/// no per-string object exists. Lookups hash the raw bytes, so callers can intern straight
/// out of an input buffer without creating a `String`.
///
/// Invariant: `offsets.count == count + 1` and `offsets[i] ..< offsets[i + 1]` are the bytes
/// of string `i`. `slots` is an open-addressing index (linear probing, at most three quarters full)
/// whose non-zero entries pack a string's 32-bit hash (high half) and `index + 1` (low
/// half), so probing compares hashes without touching the strings. Strings added with
/// `append` are not in the index. Offsets are 32-bit: a table holds at most 4 GiB of text.
///
/// A table opened from a snapshot may instead carry a *sorted* index (docs/snapshot.md,
/// "String tables"): `sorted` lists the indexed strings by hash, then index, and `slots` is
/// empty. It takes 4 bytes a string instead of 8 a slot (12.8 MB less for 1M entity ids);
/// a look-up is a binary search, hashing the strings it passes. Interning into such a table
/// first rebuilds the open-addressing index.
public struct StringTable: Sendable {
    @usableFromInline var bytes: Column<UInt8> = []
    @usableFromInline var offsets: Column<UInt32> = [0]
    @usableFromInline var slots: Column<UInt64>
    @usableFromInline var mask: Int
    @usableFromInline var indexed = 0
    /// The sorted index, when `slots` is empty (see above).
    @usableFromInline var sorted: Column<UInt32> = []

    /// Reserves room for about `strings` more strings of `bytes` more bytes in all.
    /// - Complexity: O(number of strings and bytes held) when the buffers must move, else O(1).
    public mutating func reserve(strings: Int, bytes byteCount: Int) {
        offsets.reserveCapacity(offsets.count + strings)
        bytes.reserveCapacity(bytes.count + byteCount)
    }

    /// Creates an empty table sized for about `capacity` strings.
    /// - Complexity: O(capacity).
    public init(capacity: Int = 16) {
        var size = 16
        while size * 3 < capacity * 4 { size <<= 1 }
        slots = Column(repeating: 0, count: size)
        mask = size - 1
        offsets.reserveCapacity(capacity + 1)
    }

    /// The number of strings.
    @inlinable public var count: Int { offsets.count - 1 }

    /// The total number of string bytes held.
    public var byteCount: Int { bytes.count }

    /// Interns the bytes and returns the string's index (an existing one if already present).
    /// - Complexity: O(length) expected.
    /// - Precondition: as `append(_:)`, for a string not yet present.
    @discardableResult
    public mutating func intern(_ raw: UnsafeRawBufferPointer) -> UInt32 {
        intern(raw, hash: StringTable.hash(raw))
    }

    /// Interns the bytes whose `StringTable.hash` is `h` (computed before, by `warm`).
    /// - Complexity: O(length) expected.
    /// - Precondition: `h == StringTable.hash(raw)`, else a string present is not found and
    ///   is added again.
    @discardableResult
    public mutating func intern(_ raw: UnsafeRawBufferPointer, hash h: UInt32) -> UInt32 {
        if slots.isEmpty { rebuildHashIndex() }
        let tag = UInt64(h) << 32
        var slot = Int(h) & mask
        while true {
            let entry = slots[slot]
            if entry == 0 { break }
            if entry & 0xFFFF_FFFF_0000_0000 == tag {
                let index = Int(entry & 0xFFFF_FFFF) - 1
                if equals(index, raw) { return UInt32(index) }
            }
            slot = (slot + 1) & mask
        }
        let index = append(raw)
        slots[slot] = tag | UInt64(index + 1)
        indexed += 1
        if indexed * 4 > slots.count * 3 { grow() }
        return index
    }

    /// Adds the bytes as a new string without indexing or deduplicating them (for texts that
    /// are rarely equal, such as names), and returns its index.
    /// - Complexity: O(length) amortised.
    /// - Precondition: the table then holds at most `SizeLimits.maximum` bytes (4 GiB; checked
    ///   in release builds too). Readers stop with an input error at `SizeLimits.textBytes`
    ///   first (`NetworkBuilder.checkLimits`).
    @discardableResult
    public mutating func append(_ raw: UnsafeRawBufferPointer) -> UInt32 {
        let index = count
        precondition(bytes.count + raw.count <= SizeLimits.maximum, "StringTable: more than \(SizeLimits.maximum) bytes of text")
        bytes.append(contentsOf: UnsafeBufferPointer(start: raw.baseAddress?.assumingMemoryBound(to: UInt8.self), count: raw.count))
        offsets.append(UInt32(truncatingIfNeeded: bytes.count))
        return UInt32(index)
    }

    /// Interns a Swift string.
    /// - Complexity: O(length of string) expected.
    @discardableResult
    public mutating func intern(_ string: String) -> UInt32 {
        var s = string
        return s.withUTF8 { intern(UnsafeRawBufferPointer($0)) }
    }

    /// The index of the bytes if they were interned, else nil.
    /// - Complexity: O(length) expected.
    public func index(of raw: UnsafeRawBufferPointer) -> UInt32? {
        if slots.isEmpty { return sortedIndex(of: raw) }
        let h = StringTable.hash(raw)
        let tag = UInt64(h) << 32
        var slot = Int(h) & mask
        while true {
            let entry = slots[slot]
            if entry == 0 { return nil }
            if entry & 0xFFFF_FFFF_0000_0000 == tag {
                let index = Int(entry & 0xFFFF_FFFF) - 1
                if equals(index, raw) { return UInt32(index) }
            }
            slot = (slot + 1) & mask
        }
    }

    /// Brings into the cache what looking up each of `keys` reads: its index slot, the
    /// offsets of the string there with the key's hash, and that string's first bytes. A
    /// look-up's three reads wait on each other, a cache miss each in a large table; here
    /// each step is done for all the keys before the next, with prefetch hints that do not
    /// wait, so the misses overlap, and look-ups made soon after find what they need in the
    /// cache (docs/ingest.md). Changes nothing; the keys' hashes are left in `hashes` (one a
    /// key, in order) for `intern(_:hash:)`; `scratch` is scratch space.
    /// - Complexity: O(total length of the keys).
    public func warm(_ keys: UnsafeBufferPointer<UnsafeRawBufferPointer>, hashes: inout [UInt32], scratch: inout [UInt32]) {
        hashes.removeAll(keepingCapacity: true)
        for key in keys { hashes.append(StringTable.hash(key)) }
        hashes.withUnsafeBufferPointer { warm(hashes: $0, scratch: &scratch) }
    }

    /// `warm` for keys whose hashes (`StringTable.hash`) were computed before, elsewhere.
    /// - Complexity: O(hashes.count).
    public func warm(hashes: UnsafeBufferPointer<UInt32>, scratch: inout [UInt32]) {
        guard !slots.isEmpty, !hashes.isEmpty else { return }
        scratch.removeAll(keepingCapacity: true)
        slots.withUnsafeBufferPointer { s in
            let base = s.baseAddress!
            // The slots, hashes kept for the next step.
            for h in hashes {
                scratch.append(h)
                sg_prefetch(base + (Int(h) & mask))
            }
            // The candidates' offsets, the candidates kept (in place of the hashes).
            offsets.withUnsafeBufferPointer { o in
                var found = 0
                for k in 0 ..< scratch.count {
                    let h = scratch[k]
                    let tag = UInt64(h) << 32
                    var slot = Int(h) & mask
                    // The first entry with the key's hash; probes rarely leave the slot's cache line.
                    for _ in 0 ..< 8 {
                        let entry = s[slot]
                        if entry == 0 { break }
                        if entry & 0xFFFF_FFFF_0000_0000 == tag {
                            let index = Int(truncatingIfNeeded: entry & 0xFFFF_FFFF) - 1
                            if index >= 0 && index < count {
                                sg_prefetch(o.baseAddress! + index)
                                scratch[found] = UInt32(index)
                                found += 1
                            }
                            break
                        }
                        slot = (slot + 1) & mask
                    }
                }
                scratch.removeLast(scratch.count - found)
                // The candidates' bytes.
                bytes.withUnsafeBufferPointer { b in
                    guard let bytesBase = b.baseAddress else { return }
                    for index in scratch {
                        let start = Int(o[Int(index)])
                        if start < b.count { sg_prefetch(bytesBase + start) }
                    }
                }
            }
        }
    }

    /// The index of the string if it was interned, else nil.
    /// - Complexity: O(length of string) expected.
    public func index(of string: String) -> UInt32? {
        var s = string
        return s.withUTF8 { index(of: UnsafeRawBufferPointer($0)) }
    }

    /// The string at `index`, decoded as UTF-8 (invalid bytes are repaired; readers validate).
    /// - Complexity: O(length of the string).
    public subscript(index: UInt32) -> String {
        let i = Int(index)
        return bytes.withUnsafeBufferPointer { buffer in
            String(decoding: UnsafeBufferPointer(rebasing: buffer[Int(offsets[i]) ..< Int(offsets[i + 1])]), as: UTF8.self)
        }
    }

    /// Whether the strings at `a` and `b` have the same bytes.
    /// - Complexity: O(length of the strings).
    public func equal(_ a: UInt32, _ b: UInt32) -> Bool {
        if a == b { return true }
        guard length(a) == length(b) else { return false }
        return withBytes(a) { ra in withBytes(b) { rb in ra.count == 0 || memoryEqual(ra.baseAddress!, rb.baseAddress!, ra.count) } }
    }

    /// The byte length of the string at `index`.
    @inlinable public func length(_ index: UInt32) -> Int {
        Int(offsets[Int(index) + 1] &- offsets[Int(index)])
    }

    /// Calls `body` with the raw bytes of the string at `index`.
    public func withBytes<R>(_ index: UInt32, _ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        let i = Int(index)
        return try bytes.withUnsafeBytes { buffer in
            try body(UnsafeRawBufferPointer(rebasing: buffer[Int(offsets[i]) ..< Int(offsets[i + 1])]))
        }
    }

    /// Asks the cache for where the string at `index` lies (`prefetch` of its offsets), the
    /// first of the two look-ups `withBytes` makes.
    public func prefetchEntry(_ index: UInt32) {
        offsets.prefetch(Int(index))
    }

    /// Asks the cache for the first bytes of the string at `index`, the second look-up of
    /// `withBytes` (its offset read now: ask for it with `prefetchEntry` some time before).
    public func prefetchBytes(_ index: UInt32) {
        let i = Int(index)
        guard i + 1 < offsets.count else { return }
        bytes.prefetch(Int(offsets[i]))
    }

    /// Releases the hash index once no more lookups by content are needed; `index(of:)`
    /// then finds nothing, and `intern` no longer deduplicates.
    public mutating func dropIndex() {
        slots = [0, 0]
        mask = 1
        indexed = 0
        sorted = []
    }

    /// Replaces the open-addressing index by the sorted one (see the type's comment): 4 bytes a
    /// string instead of 8 a slot, at the price of look-ups by binary search. For a table
    /// that is done growing (a network's entity ids once built).
    /// - Complexity: O(n log n).
    public mutating func compactIndex() {
        guard !slots.isEmpty, hasIndex else { return }
        // The slots go before the sort, which needs as much memory again (`sortedIndex`).
        var entries = indexEntries()
        slots = []
        mask = 0
        sorted = StringTable.sortedIndex(consuming: &entries)
    }

    /// The hash of the string at `index`.
    private func hash(at index: Int) -> UInt32 {
        let start = Int(offsets[index]), end = Int(offsets[index + 1])
        return bytes.withUnsafeBytes { buffer in
            StringTable.hash(UnsafeRawBufferPointer(rebasing: buffer[start ..< end]), readable: buffer.count - start)
        }
    }

    /// A look-up in the sorted index: the first entry whose hash is not below `raw`'s, then
    /// the entries of equal hash.
    private func sortedIndex(of raw: UnsafeRawBufferPointer) -> UInt32? {
        let h = StringTable.hash(raw)
        var low = 0, high = sorted.count
        while low < high {
            let mid = (low + high) / 2
            if hash(at: Int(sorted[mid])) < h { low = mid + 1 } else { high = mid }
        }
        while low < sorted.count, hash(at: Int(sorted[low])) == h {
            let index = Int(sorted[low])
            if index < count, equals(index, raw) { return UInt32(index) }
            low += 1
        }
        return nil
    }

    /// Replaces a sorted index by an open-addressing one over the same strings.
    private mutating func rebuildHashIndex() {
        let members = sorted
        var size = 16
        while size * 3 < members.count * 4 + 4 { size <<= 1 }
        slots = Column(repeating: 0, count: size)
        mask = size - 1
        indexed = 0
        sorted = []
        for i in members {
            let h = hash(at: Int(i))
            var slot = Int(h) & mask
            while slots[slot] != 0 { slot = (slot + 1) & mask }
            slots[slot] = UInt64(h) << 32 | UInt64(i + 1)
            indexed += 1
        }
    }

    /// The strings the index holds, by hash then index: the sorted index of this table.
    /// - Complexity: O(n log n) for n indexed strings.
    private func sortedIndex() -> Column<UInt32> {
        if slots.isEmpty { return sorted }
        var entries = indexEntries()
        return StringTable.sortedIndex(consuming: &entries)
    }

    /// The open-addressing index's entries, each its hash then its string's index (as
    /// `sortedIndex(consuming:)` sorts them).
    /// - Complexity: O(slots).
    private func indexEntries() -> [UInt64] {
        var entries: [UInt64] = []
        entries.reserveCapacity(indexed)
        for entry in slots where entry != 0 { entries.append(entry &- 1) }   // hash, then index (index + 1 - 1)
        return entries
    }

    /// The sorted index of `entries` (`indexEntries`), which it empties.
    /// - Complexity: O(n log n) for n entries.
    private static func sortedIndex(consuming entries: inout [UInt64]) -> Column<UInt32> {
        guard entries.count >= 4096 else {
            entries.sort()
            return Column(entries.lazy.map { UInt32(truncatingIfNeeded: $0) })
        }
        // Grouped by the top bits of the hash (a counting sort, CSRLayout: about eight entries a
        // group), then each group sorted: a fraction of the time of one comparison sort.
        let bits = min(16, Int.bitWidth - (entries.count / 8).leadingZeroBitCount)
        let shift = UInt64(64 - bits)
        let layout = CSRLayout(keys: entries.lazy.map { $0 >> shift }, keyCount: 1 << bits)
        var grouped = layout.arrange(entries)
        entries = []
        grouped.withUnsafeMutableBufferPointer { g in
            for k in 0 ..< 1 << bits {
                let r = layout.range(of: k)
                // Insertion sort for the small groups evenly spread hashes make; a large group
                // (hashes made to collide) by the library's sort, never quadratic.
                if r.count > 32 { var big = UnsafeMutableBufferPointer(rebasing: g[r]); big.sort(); continue }
                for i in r.dropFirst() {
                    let x = g[i]
                    var j = i
                    while j > r.lowerBound && g[j - 1] > x { g[j] = g[j - 1]; j -= 1 }
                    g[j] = x
                }
            }
        }
        return Column(grouped.lazy.map { UInt32(truncatingIfNeeded: $0) })
    }

    /// Whether the table has an index, open-addressing or sorted (`dropIndex` removes it).
    public var hasIndex: Bool { slots.isEmpty || slots.count > 2 || indexed > 0 }

    /// Approximate heap bytes held by the table (none for columns viewing a mapped snapshot).
    public var memoryFootprint: Int {
        bytes.allocatedBytes + offsets.allocatedBytes + slots.allocatedBytes + sorted.allocatedBytes
    }

    /// The table's columns as a snapshot stores them (docs/snapshot.md): the string bytes end
    /// to end, `count + 1` offsets into them, and its index, either the open-addressing slots
    /// (a power of two of them, each 0 or a string's 32-bit `hash` in the high half and its
    /// index + 1 in the low half; `sorted` empty) or, when `sortIndex` is set and the table
    /// has an index, the sorted index (`slots` empty).
    /// - Complexity: O(1), or O(n log n) when sorting the index.
    public func storedColumns(sortIndex: Bool) -> (bytes: Column<UInt8>, offsets: Column<UInt32>, slots: Column<UInt64>, sorted: Column<UInt32>) {
        guard sortIndex, hasIndex else { return (bytes, offsets, slots, sorted) }
        return (bytes, offsets, [], sortedIndex())
    }

    /// A table over stored columns (`storedColumns`), read in place. When `verify` is set,
    /// checks what the table's reads rely on (offsets from 0, non-decreasing, ending at the
    /// byte count; a power-of-two index, less than full, whose entries name strings of the
    /// table; or a sorted index of distinct strings of the table in order of hash, then index)
    /// and returns nil when something does not hold; without it, damaged columns make reads
    /// go wrong (`--no-verify` trusts the file).
    /// - Complexity: O(strings + slots) when verifying, else O(slots).
    public init?(bytes: Column<UInt8>, offsets: Column<UInt32>, slots: Column<UInt64>, sorted: Column<UInt32>, verify: Bool) {
        let n = slots.count
        guard n == 0 || (n >= 2 && n & (n - 1) == 0 && sorted.isEmpty), offsets.count >= 1, offsets.count - 1 <= SizeLimits.maximum else { return nil }
        self.bytes = bytes
        self.offsets = offsets
        self.slots = slots
        self.sorted = sorted
        mask = max(n - 1, 0)
        var used = 0
        if n == 0 { used = sorted.count } else { for entry in slots where entry != 0 { used += 1 } }
        indexed = used
        guard verify else { return }
        guard offsets[0] == 0, Int(offsets[offsets.count - 1]) == bytes.count, n == 0 || used < n else { return nil }
        let ordered = offsets.withUnsafeBufferPointer { o in
            var ok = true
            for i in 1 ..< o.count where o[i] < o[i - 1] { ok = false; break }
            return ok
        }
        guard ordered else { return nil }
        let count = self.count
        if n == 0 {
            // Distinct strings of the table, in increasing order of (hash, index). When most
            // strings are indexed (ids), the hashes are taken in table order first: reading the
            // strings in hash order would miss the cache on nearly every one. When few are
            // (the texts: a few dozen interned among a million appended names), only theirs.
            // The hashes are then read at random: each one is asked of the cache 16 entries
            // before it is read, so that the misses overlap.
            let hashes = sorted.count * 4 >= count ? (0 ..< count).map { hash(at: $0) } : nil
            let inOrder = sorted.withUnsafeBufferPointer { sorted -> Bool in
                var previous: UInt64? = nil
                for k in 0 ..< sorted.count {
                    let i = Int(sorted[k])
                    guard i < count else { return false }
                    let hash: UInt32
                    if let hashes {
                        if k + 16 < sorted.count { hashes.prefetch(Int(sorted[k + 16])) }
                        hash = hashes[i]
                    } else {
                        hash = self.hash(at: i)
                    }
                    let key = UInt64(hash) << 32 | UInt64(i)
                    if let p = previous, key <= p { return false }
                    previous = key
                }
                return true
            }
            guard inOrder else { return nil }
            return
        }
        // Every entry names a string of the table (one pass in slot order; whether it hashes
        // to its slot only decides whether a look-up finds it, which the checksums guard).
        let named = slots.withUnsafeBufferPointer { slots in
            for entry in slots where entry != 0 {
                let index = Int(entry & 0xFFFF_FFFF) - 1
                if index < 0 || index >= count { return false }
            }
            return true
        }
        guard named else { return nil }
    }

    @inline(__always)
    private func equals(_ index: Int, _ raw: UnsafeRawBufferPointer) -> Bool {
        let start = Int(offsets[index]), end = Int(offsets[index + 1])
        guard end - start == raw.count else { return false }
        if raw.count == 0 { return true }
        return bytes.withUnsafeBytes { buffer in
            memoryEqual(buffer.baseAddress! + start, raw.baseAddress!, raw.count)
        }
    }

    /// Doubles the hash index. The entries keep their hashes, so the strings are not read;
    /// taken in slot order they land in two runs of increasing slots, written through
    /// buffers. The new slots are advised huge pages before they are zeroed
    /// (`Platform.adviseHugePages`): a page fault per 2 MiB rather than per 4 KiB. A doubling
    /// stops the thread that interns, and the one waiting for it (docs/ingest.md).
    private mutating func grow() {
        let size = slots.count * 2, m = size - 1
        let old = slots
        slots = Column<UInt64>(unsafeUninitializedCount: size) { fresh in
            Platform.adviseHugePages(UnsafeMutableRawPointer(fresh.baseAddress!), byteCount: size * MemoryLayout<UInt64>.stride)
            fresh.initialize(repeating: 0)
            old.withUnsafeBufferPointer { old in
                for entry in old where entry != 0 {
                    var slot = Int(entry >> 32) & m
                    while fresh[slot] != 0 { slot = (slot + 1) & m }
                    fresh[slot] = entry
                }
            }
        }
        mask = m
    }

    /// A fast 32-bit hash of bytes (8-byte chunks folded with a multiply-xorshift mix).
    /// - Complexity: O(length).
    @inlinable
    public static func hash(_ raw: UnsafeRawBufferPointer) -> UInt32 {
        hash(raw, readable: raw.count)
    }

    /// `hash(raw)` for bytes followed in memory by more that may be read, `readable` from
    /// `raw`'s start in all (at least `raw.count`): with 8 of them readable, the last chunk
    /// (the whole of a short id) is read in one load and masked, not byte by byte. The same
    /// hash either way.
    /// - Complexity: O(length).
    @inlinable
    public static func hash(_ raw: UnsafeRawBufferPointer, readable: Int) -> UInt32 {
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(raw.count)
        var i = 0
        let n = raw.count
        while i + 8 <= n {
            let word = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            h = (h ^ word) &* 0xBF58_476D_1CE4_E5B9
            h ^= h >> 29
            i += 8
        }
        if i < n {
            var tail: UInt64 = 0
            #if _endian(little)
            let wide = i + 8 <= readable
            #else
            let wide = false
            #endif
            if wide {
                // Bytes i ..< n as the loop below assembles them: the low n - i bytes of a load.
                let word = UInt64(littleEndian: UnsafeRawPointer(raw.baseAddress!).loadUnaligned(fromByteOffset: i, as: UInt64.self))
                tail = word & (UInt64.max >> (64 - 8 * UInt64(n - i)))
            } else {
                var shift: UInt64 = 0
                while i < n {
                    tail |= UInt64(raw[i]) << shift
                    shift += 8
                    i += 1
                }
            }
            h = (h ^ tail) &* 0x94D0_49BB_1331_11EB
        }
        h ^= h >> 32
        h = h &* 0xD6E8_FEB8_6659_FD93
        h ^= h >> 32
        return UInt32(truncatingIfNeeded: h)
    }
}

@usableFromInline
func memoryEqual(_ a: UnsafeRawPointer, _ b: UnsafeRawPointer, _ count: Int) -> Bool {
    var i = 0
    while i + 8 <= count {
        if a.loadUnaligned(fromByteOffset: i, as: UInt64.self) != b.loadUnaligned(fromByteOffset: i, as: UInt64.self) { return false }
        i += 8
    }
    while i < count {
        if a.load(fromByteOffset: i, as: UInt8.self) != b.load(fromByteOffset: i, as: UInt8.self) { return false }
        i += 1
    }
    return true
}

/// `sg_prefetch` for inlinable code (the C module is imported internally).
@usableFromInline func prefetchCacheLine(_ address: UnsafeRawPointer) {
    sg_prefetch(address)
}
