import Testing
import GraphCore
import SanctionsModel

@Suite struct ColumnTests {
    // MARK: MultiValueColumn

    @Test func groupingEdgeCases() {
        let none = MultiValueColumn.grouping(nodes: [], values: [], nodeCount: 0)
        #expect(none.offsets == [0] && none.values.isEmpty)
        let empty = MultiValueColumn.grouping(nodes: [], values: [], nodeCount: 3)
        #expect(empty.offsets == [0, 0, 0, 0] && (0 ..< 3).allSatisfy { empty[UInt32($0)].isEmpty })
        #expect(MultiValueColumn(empty: 2).offsets == [0, 0, 0])
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
        #expect(column.offsets.count == n + 1 && column.offsets.last.map(Int.init) == column.values.count)
        var expectedAll: [[UInt32]] = []
        for v in 0 ..< UInt32(n) {
            var expected: [UInt32] = []
            for (node, value) in pairs where node == v && !expected.contains(value) { expected.append(value) }
            #expect(Array(column[v]) == expected, "node \(v)")
            expectedAll.append(expected)
        }
        let keep = (0 ..< UInt32(n)).filter { _ in Bool.random(using: &rng) }.shuffled(using: &rng)
        let remapped = column.remapped(keep: keep)
        #expect(keep.indices.allSatisfy { Array(remapped[UInt32($0)]) == expectedAll[Int(keep[$0])] })
    }
}
