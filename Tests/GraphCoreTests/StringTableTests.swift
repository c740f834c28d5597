import Testing
@testable import GraphCore

extension StringTable {
    fileprivate mutating func intern(bytes: [UInt8]) -> UInt32 { bytes.withUnsafeBytes { intern($0) } }
    fileprivate mutating func append(bytes: [UInt8]) -> UInt32 { bytes.withUnsafeBytes { append($0) } }
    fileprivate func index(ofBytes bytes: [UInt8]) -> UInt32? { bytes.withUnsafeBytes { index(of: $0) } }
    fileprivate func bytes(_ i: UInt32) -> [UInt8] { withBytes(i) { Array($0) } }
}

extension StringTable {
    /// The hash of bytes held in an array of their own (nothing readable after them).
    fileprivate static func hash(_ bytes: [UInt8]) -> UInt32 { bytes.withUnsafeBytes { hash($0) } }
}

/// A random byte string of one of the shapes that stress the hash and the comparison.
private func randomString(_ rng: inout SplitMix64, earlier: [[UInt8]]) -> [UInt8] {
    switch Int.random(in: 0 ..< 100, using: &rng) {
    case 0: return []
    case 1 ..< 25:
        return (0 ..< Int.random(in: 1 ... 8, using: &rng)).map { _ in UInt8.random(in: 0x61 ... 0x7A, using: &rng) }
    case 25 ..< 45:
        return (0 ..< Int.random(in: 9 ... 40, using: &rng)).map { _ in UInt8.random(in: 0x20 ... 0x7E, using: &rng) }
    case 45 ..< 55:
        let pieces = ["é", "ß", "Ж", "漢", "字", "🙂", "ü", "-", "a"]
        let s = (0 ..< Int.random(in: 1 ... 6, using: &rng)).map { _ in pieces.randomElement(using: &rng)! }.joined()
        return Array(s.utf8)
    case 55 ..< 60:
        return (0 ..< Int.random(in: 1 ... 20, using: &rng)).map { _ in UInt8.random(in: 0 ... 255, using: &rng) }
    case 60 ..< 80 where !earlier.isEmpty:                                  // differs only in the last byte
        var s = earlier.randomElement(using: &rng)!
        if s.isEmpty { return [0] }
        s[s.count - 1] &+= UInt8.random(in: 1 ... 255, using: &rng)
        return s
    case 80 ..< 85 where !earlier.isEmpty:                                  // one byte longer or shorter
        var s = earlier.randomElement(using: &rng)!
        if Bool.random(using: &rng) || s.isEmpty { s.append(0) } else { s.removeLast() }
        return s
    default:
        return earlier.isEmpty ? [1] : earlier.randomElement(using: &rng)!  // a repeat
    }
}

@Suite struct StringTableTests {
    @Test func emptyTable() {
        let table = StringTable()
        #expect(table.count == 0)
        #expect(table.byteCount == 0)
        #expect(table.index(of: "") == nil)
        #expect(table.index(of: "a") == nil)
    }

    @Test func emptyString() {
        var table = StringTable()
        let i = table.intern("")
        #expect(i == 0)
        #expect(table.intern(bytes: []) == i)
        #expect(table.count == 1)
        #expect(table[i] == "")
        #expect(table.length(i) == 0)
        #expect(table.bytes(i) == [])
        #expect(table.index(of: "") == i)
        #expect(table.index(of: "\u{0}") == nil)
    }

    @Test func stringAndBytesPathsAgree() {
        var table = StringTable()
        let a = table.intern("Газпром")
        #expect(table.intern(bytes: Array("Газпром".utf8)) == a)
        #expect(table.index(ofBytes: Array("Газпром".utf8)) == a)
        #expect(table.index(of: "Газпром") == a)
        #expect(table.length(a) == "Газпром".utf8.count)
    }

    /// Strings of every length around the 8-byte chunking of the hash, differing only in
    /// their last byte, or only by trailing zero bytes.
    @Test(arguments: [1, 2, 7, 8, 9, 15, 16, 17, 24, 33])
    func lastByteAndTrailingZeros(length: Int) {
        var table = StringTable(capacity: 1)
        let stem = (0 ..< length - 1).map { UInt8(0x41 + $0 % 26) }
        var indices: [UInt32] = []
        for last in 0 ... 255 {
            let i = table.intern(bytes: stem + [UInt8(last)])
            #expect(Int(i) == last, "byte \(last)")
            indices.append(i)
        }
        #expect(table.count == 256)
        for last in 0 ... 255 {
            #expect(table.index(ofBytes: stem + [UInt8(last)]) == indices[last])
            #expect(table.bytes(indices[last]) == stem + [UInt8(last)])
        }
        // "…" , "…\0", "…\0\0": same hash tail, different lengths.
        let zeros = (0 ..< 9).map { table.intern(bytes: stem + [UInt8](repeating: 0, count: $0 + 1)) }
        #expect(Set(zeros).count == 9)
        #expect(zeros.first == indices[0])
        #expect(table.index(ofBytes: stem) == nil)
    }

    @Test func prefixesAreDistinct() {
        var table = StringTable()
        let s = String(repeating: "ab", count: 30)
        for k in 0 ... s.count { #expect(table.intern(String(s.prefix(k))) == UInt32(k)) }
        for k in 0 ... s.count { #expect(table.index(of: String(s.prefix(k))) == UInt32(k)) }
    }

    /// 100 000 random strings interned through growth, against a dictionary.
    @Test(arguments: [UInt64(1), 2, 3])
    func randomInterningMatchesDictionary(seed: UInt64) {
        var rng = SplitMix64(seed: seed)
        var table = StringTable()
        var reference: [[UInt8]: UInt32] = [:]
        var distinct: [[UInt8]] = []
        var checkpoint = 16
        for step in 0 ..< 100_000 {
            let s = randomString(&rng, earlier: distinct)
            let viaString = step % 3 == 0 ? String(validating: s, as: UTF8.self) : nil
            let i = viaString.map { table.intern($0) } ?? table.intern(bytes: s)
            if let expected = reference[s] {
                if i != expected { Issue.record("step \(step): \(s) interned as \(i), first seen as \(expected)"); return }
            } else {
                if Int(i) != distinct.count { Issue.record("step \(step): new string \(s) got index \(i), expected \(distinct.count)"); return }
                reference[s] = i
                distinct.append(s)
            }
            if distinct.count == checkpoint {                             // after each growth, everything still found
                checkpoint *= 2
                for (k, d) in distinct.enumerated() where table.index(ofBytes: d) != UInt32(k) {
                    Issue.record("after \(distinct.count) strings, \(d) is not found at \(k)"); return
                }
            }
        }
        #expect(table.count == distinct.count)
        #expect(table.byteCount == distinct.reduce(0) { $0 + $1.count })
        var mismatches = 0
        for (k, d) in distinct.enumerated() {
            let i = UInt32(k)
            if table.bytes(i) != d || table.length(i) != d.count || table.index(ofBytes: d) != i { mismatches += 1 }
            if let text = String(validating: d, as: UTF8.self), table[i] != text { mismatches += 1 }
        }
        #expect(mismatches == 0)
        // Absent strings: a byte no generator emits at the front (0xC0 never starts UTF-8 and
        // the random bytes are tagged), checked with and without a match in length.
        var absent = 0
        for _ in 0 ..< 2_000 {
            var s = randomString(&rng, earlier: distinct)
            s.insert(0xC0, at: 0)
            s.append(0xC1)
            if reference[s] == nil, table.index(ofBytes: s) != nil { absent += 1 }
        }
        #expect(absent == 0)
        #expect(table.count == distinct.count, "lookups do not insert")
    }

    @Test func appendedStringsAreNotInterned() {
        var table = StringTable()
        let a = table.append(bytes: Array("x".utf8))
        let b = table.append(bytes: Array("x".utf8))
        #expect(a == 0 && b == 1)
        #expect(table.count == 2)
        #expect(table.index(of: "x") == nil)
        let c = table.intern("x")
        #expect(c == 2)
        #expect(table.intern("x") == c)
        #expect(table[a] == "x" && table[b] == "x" && table[c] == "x")
    }

    @Test func dropIndexKeepsStrings() {
        var table = StringTable()
        let words = (0 ..< 100).map { "word\($0)" }
        for w in words { table.intern(w) }
        table.dropIndex()
        #expect(table.count == 100)
        #expect(words.allSatisfy { table.index(of: $0) == nil })
        #expect(words.enumerated().allSatisfy { table[UInt32($0.offset)] == $0.element })
    }

    @Test func capacityDoesNotChangeResults() {
        for capacity in [0, 1, 16, 1000] {
            var table = StringTable(capacity: capacity)
            let indices = (0 ..< 500).map { table.intern("s\($0 % 250)") }
            #expect(indices == (0 ..< 500).map { UInt32($0 % 250) }, "capacity \(capacity)")
        }
    }

    /// A table stored with its index sorted (docs/snapshot.md, "String tables") finds every
    /// string and nothing else, interns after a rebuild, and is refused when its index is
    /// out of order, repeats a string or names one past the end.
    @Test(arguments: [0, 1, 2, 100, 5000])
    func sortedIndex(count: Int) throws {
        var table = StringTable()
        for i in 0 ..< count { table.intern("id-\(i)") }
        _ = table.append(bytes: Array("appended".utf8))   // not indexed
        let stored = table.storedColumns(sortIndex: true)
        #expect(stored.slots.isEmpty && stored.sorted.count == count)
        var opened = try #require(StringTable(bytes: stored.bytes, offsets: stored.offsets, slots: stored.slots, sorted: stored.sorted, verify: true))
        for i in 0 ..< count { #expect(opened.index(of: "id-\(i)") == UInt32(i)) }
        #expect(opened.index(of: "id-\(count)") == nil && opened.index(of: "appended") == nil && opened.index(of: "") == nil)
        // Interning rebuilds the open-addressing index: old strings found, new ones added once.
        if count > 0 { #expect(opened.intern("id-0") == 0) }
        let fresh = opened.intern("new")
        #expect(opened.intern("new") == fresh && opened.count == count + 2)
        #expect(opened.index(of: "id-\(count / 2)") == (count > 0 ? UInt32(count / 2) : nil))
        // Damaged indices are refused when verifying.
        if count >= 2 {
            var swapped = Array(stored.sorted)
            swapped.swapAt(0, 1)
            #expect(StringTable(bytes: stored.bytes, offsets: stored.offsets, slots: [], sorted: Column(swapped), verify: true) == nil)
            var repeated = Array(stored.sorted)
            repeated[1] = repeated[0]
            #expect(StringTable(bytes: stored.bytes, offsets: stored.offsets, slots: [], sorted: Column(repeated), verify: true) == nil)
            var past = Array(stored.sorted)
            past[past.count - 1] = UInt32(count + 1)
            #expect(StringTable(bytes: stored.bytes, offsets: stored.offsets, slots: [], sorted: Column(past), verify: true) == nil)
        }
        // Slots and a sorted index together are not a table.
        let hashed = table.storedColumns(sortIndex: false)
        #expect(hashed.sorted.isEmpty && !hashed.slots.isEmpty)
        #expect(StringTable(bytes: stored.bytes, offsets: stored.offsets, slots: hashed.slots, sorted: stored.sorted, verify: false) == nil || count == 0)
    }

    /// Warming a table for a batch of keys changes nothing, and the hashes it leaves intern the
    /// keys as plain interning does: present ones found, new ones added once.
    @Test func warmedHashesInternAsPlainInterning() {
        var warmed = StringTable(), plain = StringTable()
        for i in 0 ..< 3_000 { warmed.intern("id-\(i)"); plain.intern("id-\(i)") }
        let keys = (0 ..< 800).map { "id-\($0 * 7)" } + ["id-7", "fresh", "fresh"]   // present, new, repeated
        let blob = keys.flatMap { Array($0.utf8) }
        blob.withUnsafeBytes { all in
            var raws: [UnsafeRawBufferPointer] = [], at = 0
            for key in keys { raws.append(UnsafeRawBufferPointer(rebasing: all[at ..< at + key.utf8.count])); at += key.utf8.count }
            var hashes: [UInt32] = [], scratch: [UInt32] = []
            raws.withUnsafeBufferPointer { warmed.warm($0, hashes: &hashes, scratch: &scratch) }
            #expect(hashes == raws.map { StringTable.hash($0) } && warmed.count == 3_000)
            for k in raws.indices { #expect(warmed.intern(raws[k], hash: hashes[k]) == plain.intern(raws[k]), "\(keys[k])") }
        }
        #expect(warmed.count == plain.count && warmed.count == 3_000 + 800 - 429 + 1)
    }

    /// The hash with bytes readable past the string's end (one masked load for the last
    /// chunk) is the hash byte by byte, for every length and every place in a buffer, with
    /// garbage after the string.
    @Test func hashWithReadableBytesAfterIsTheSame() {
        var rng = SplitMix64(seed: 12)
        let buffer = (0 ..< 96).map { _ in UInt8.random(in: 0 ... 255, using: &rng) }
        buffer.withUnsafeBytes { all in
            for start in 0 ..< 24 {
                for length in 0 ... 40 {
                    let raw = UnsafeRawBufferPointer(rebasing: all[start ..< start + length])
                    let exact = StringTable.hash(Array(raw))
                    for readable in [length, length + 1, length + 7, all.count - start] {
                        #expect(StringTable.hash(raw, readable: readable) == exact, "start \(start), length \(length), readable \(readable)")
                    }
                }
            }
        }
    }

    /// Sorting a large index groups the entries by the top bits of their hashes and sorts each
    /// group: ids made to share those bits (a crafted file) fall into one large group, which is
    /// sorted as well as the small ones, without quadratic work.
    @Test func sortedIndexWithCollidingTopBits() throws {
        var table = StringTable()
        var crafted = 0, i = 0
        // 5,100 strings: the index is grouped by the top 10 bits of the hash (about 8 a group).
        while table.count < 5_100 {
            let s = "k\(i)"
            i += 1
            let top = s.utf8.withContiguousStorageIfAvailable { StringTable.hash(UnsafeRawBufferPointer($0)) >> 22 }!
            if top == 0 && crafted < 300 { table.intern(s); crafted += 1 }
            else if top != 0 && table.count - crafted < 4_800 { table.intern(s) }
        }
        let stored = table.storedColumns(sortIndex: true)
        let opened = try #require(StringTable(bytes: stored.bytes, offsets: stored.offsets, slots: stored.slots, sorted: stored.sorted, verify: true))
        for k in 0 ..< UInt32(table.count) { #expect(opened.index(of: table[k]) == k) }
        var compacted = table
        compacted.compactIndex()
        #expect(compacted.storedColumns(sortIndex: true).sorted.elementsEqual(stored.sorted))
    }

    /// A table whose index was dropped keeps its two empty slots: it has no index to sort.
    @Test func aDroppedIndexStaysDropped() throws {
        var table = StringTable()
        _ = table.append(bytes: Array("a".utf8))
        table.dropIndex()
        let stored = table.storedColumns(sortIndex: true)
        #expect(stored.slots.count == 2 && stored.sorted.isEmpty)
        let opened = try #require(StringTable(bytes: stored.bytes, offsets: stored.offsets, slots: stored.slots, sorted: stored.sorted, verify: true))
        #expect(opened.index(of: "a") == nil && opened[0] == "a")
    }
}
