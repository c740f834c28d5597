import Testing
import GraphCore
import SanctionsModel

@Suite struct ColumnTests {
    // MARK: MultiValueColumn

    @Test func groupingEdgeCases() {
        let none = MultiValueColumn.grouping(nodes: [], values: [], nodeCount: 0)
        #expect(none.stored.offsets == [0] && none.values.isEmpty)
        let empty = MultiValueColumn.grouping(nodes: [], values: [], nodeCount: 3)
        #expect(empty.stored.offsets == [0, 0, 0, 0] && (0 ..< 3).allSatisfy { empty[UInt32($0)].isEmpty })
        #expect(MultiValueColumn(empty: 2).stored.offsets == [0, 0, 0])
        let one = MultiValueColumn.grouping(nodes: [1, 1, 1], values: [7, 7, 7], nodeCount: 2)
        #expect(Array(one[0]) == [] && Array(one[1]) == [7])
    }

    @Test(arguments: Array(UInt64(1) ... 30))
    func groupingMatchesNaive(seed: UInt64) {
        var rng = SplitMix64(seed: seed)
        let n = Int.random(in: 1 ... 20, using: &rng)
        let pairs = (0 ..< Int.random(in: 0 ... 80, using: &rng)).map { _ in
            (UInt32.random(in: 0 ..< UInt32(n), using: &rng), UInt32.random(in: 0 ..< 6, using: &rng))
        }
        let column = MultiValueColumn.grouping(nodes: pairs.map(\.0), values: pairs.map(\.1), nodeCount: n)
        #expect(column.stored.offsets.count == n + 1 && column.stored.offsets.last.map(Int.init) == column.values.count)
        var expectedAll: [[UInt32]] = []
        for v in 0 ..< UInt32(n) {
            var expected: [UInt32] = []
            for (node, value) in pairs where node == v && !expected.contains(value) { expected.append(value) }
            #expect(Array(column[v]) == expected, "node \(v)")
            expectedAll.append(expected)
        }
        // Compacted, the lists are the same; the at-most-one layout only when it applies.
        let compact = column.compacted()
        #expect((0 ..< UInt32(n)).allSatisfy { Array(compact[$0]) == expectedAll[Int($0)] })
        #expect(compact.stored.offsets.isEmpty == expectedAll.allSatisfy { $0.count <= 1 })
        let keep = (0 ..< UInt32(n)).filter { _ in Bool.random(using: &rng) }.shuffled(using: &rng)
        let remapped = column.remapped(keep: keep)
        #expect(keep.indices.allSatisfy { Array(remapped[UInt32($0)]) == expectedAll[Int(keep[$0])] })
    }

    /// Nodes with many values (a record listing 60,000 names: a crafted file) are deduplicated
    /// in linear time, by index or, with `texts`, by content, first occurrences kept in order.
    @Test(.timeLimit(.minutes(1))) func groupingManyValuesOfOneNode() {
        var rng = SplitMix64(seed: 7)
        let indices = (0 ..< 5_000).map { _ in UInt32.random(in: 0 ..< 700, using: &rng) }
        let byIndex = MultiValueColumn.grouping(nodes: [UInt32](repeating: 1, count: indices.count) + [0], values: indices + [3], nodeCount: 2)
        var expected: [UInt32] = []
        for x in indices where !expected.contains(x) { expected.append(x) }
        #expect(Array(byIndex[1]) == expected && Array(byIndex[0]) == [3])
        // Names are appended, not interned: equal texts have different indices.
        var texts = StringTable()
        var values: [UInt32] = []
        for round in 0 ..< 2 {
            for i in 0 ..< 60_000 { values.append(Array("name \((i * 7_919 + round) % 60_000)".utf8).withUnsafeBytes { texts.append($0) }) }
        }
        let byText = MultiValueColumn.grouping(nodes: [UInt32](repeating: 0, count: values.count), values: values, nodeCount: 1, texts: texts)
        #expect(byText.values.count == 60_000 && Array(byText[0]) == Array(values.prefix(60_000)))
    }

    /// Lists of at most one value, over node counts around word boundaries: the presence bits
    /// and ranks give the same lists, reopen from their stored columns, and a damaged rank,
    /// a bit past the last node or a value past the limit is refused when verifying.
    @Test(arguments: [1, 63, 64, 65, 200])
    func atMostOneLayout(nodes n: Int) throws {
        var rng = SplitMix64(seed: UInt64(n))
        let lists: [[UInt32]] = (0 ..< n).map { _ in Bool.random(using: &rng) ? [UInt32.random(in: 0 ..< 9, using: &rng)] : [] }
        var offsets: [UInt32] = [0], values: [UInt32] = []
        for l in lists { values += l; offsets.append(UInt32(values.count)) }
        let compact = MultiValueColumn(offsets: offsets, values: values).compacted()
        let s = compact.stored
        #expect(s.offsets.isEmpty && s.present.count == (n + 63) / 64 && s.ranks.count == s.present.count + 1)
        #expect((0 ..< n).allSatisfy { Array(compact[UInt32($0)]) == lists[$0] })
        // The first value without the slice, in both layouts.
        let plain = MultiValueColumn(offsets: offsets, values: values)
        #expect((0 ..< n).allSatisfy { compact.first(of: UInt32($0)) == lists[$0].first && plain.first(of: UInt32($0)) == lists[$0].first })
        let reopened = try #require(MultiValueColumn(offsets: s.offsets, present: s.present, ranks: s.ranks, values: s.values,
                                                     nodeCount: n, valueLimit: 9, verify: true))
        #expect((0 ..< n).allSatisfy { Array(reopened[UInt32($0)]) == lists[$0] })
        #expect(compact.allocatedBytes < MultiValueColumn(offsets: offsets, values: values).allocatedBytes || n < 64)
        // Damage, each caught by verifying (and the layouts not mixed).
        var ranks = Array(s.ranks)
        ranks[ranks.count - 1] &+= 1
        #expect(MultiValueColumn(offsets: [], present: s.present, ranks: Column(ranks), values: s.values, nodeCount: n, valueLimit: 9, verify: true) == nil)
        if n % 64 != 0 {
            var bits = Array(s.present)
            bits[bits.count - 1] |= 1 << 63
            #expect(MultiValueColumn(offsets: [], present: Column(bits), ranks: s.ranks, values: s.values, nodeCount: n, valueLimit: 9, verify: true) == nil)
        }
        if !values.isEmpty {
            #expect(MultiValueColumn(offsets: [], present: s.present, ranks: s.ranks, values: s.values, nodeCount: n, valueLimit: Int(values.max()!), verify: true) == nil)
        }
        #expect(MultiValueColumn(offsets: Column(offsets), present: s.present, ranks: s.ranks, values: s.values, nodeCount: n, valueLimit: 9, verify: false) == nil)
        #expect(MultiValueColumn(offsets: [], present: s.present, ranks: s.ranks, values: s.values, nodeCount: n + 64, valueLimit: 9, verify: false) == nil)
    }

    /// A node with two values keeps the offsets layout.
    @Test func twoValuesKeepTheOffsets() {
        let column = MultiValueColumn(offsets: [0, 1, 3], values: [4, 5, 6]).compacted()
        #expect(column.stored.offsets == [0, 1, 3] && Array(column[1]) == [5, 6])
    }
}
