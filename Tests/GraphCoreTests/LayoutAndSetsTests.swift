import Testing
@testable import GraphCore

/// The one CSR layout (a stable counting sort) and the one union–find of the package.
@Suite struct LayoutAndSetsTests {
    @Test func layoutIsAStableCountingSort() {
        let keys: [UInt32] = [2, 0, 2, 1, 0, 2]
        let layout = CSRLayout(keys: keys, keyCount: 4)
        #expect(layout.offsets == [0, 2, 3, 6, 6])
        #expect(layout.positions == [3, 0, 4, 2, 1, 5])
        #expect(layout.arrange(["a", "b", "c", "d", "e", "f"]) == ["b", "e", "d", "a", "c", "f"])
        #expect(layout.itemAtPosition == [1, 4, 3, 0, 2, 5])
        #expect(layout.range(of: 2) == 3 ..< 6 && layout.range(of: 3).isEmpty)
        var column = [10, 11, 12, 13, 14, 15]
        #expect(layout.arrange(consuming: &column) == [11, 14, 13, 10, 12, 15])
        #expect(column.isEmpty)
        #expect(CSRLayout.offsets(keys: [0, 0, 1, 3] as [Int], keyCount: 4) == [0, 2, 3, 3, 4])
    }

    @Test(arguments: [1, 2, 3, 4, 5] as [UInt64])
    func layoutMatchesASortedReference(seed: UInt64) {
        var rng = SplitMix64(seed: seed)
        let n = Int(rng.next() % 50) + 1
        let keys = (0 ..< Int(rng.next() % 300)).map { _ in UInt32(rng.next() % UInt64(n)) }
        let layout = CSRLayout(keys: keys, keyCount: n)
        let reference = keys.indices.sorted { (keys[$0], $0) < (keys[$1], $1) }
        #expect(layout.itemAtPosition == reference.map { UInt32($0) })
        for k in 0 ..< n { #expect(layout.range(of: k).count == keys.filter { $0 == UInt32(k) }.count) }
    }

    /// Columns of every element size, arranged on both cores (past `parallelItems`) and on
    /// one, are the arrangement `arrange` makes, and so are the item numbers.
    @Test(arguments: [40, CSRLayout.parallelItems + 12_345])
    func arrangedColumnsOfEverySizeMatchArrange(count: Int) {
        var rng = SplitMix64(seed: UInt64(count))
        let keys = (0 ..< count).map { _ in UInt32(rng.next() % 1000) }
        let layout = CSRLayout(keys: keys, keyCount: 1000)
        let wide = (0 ..< count).map { _ in rng.next() }
        #expect(Array(layout.arrangeColumn(wide)) == layout.arrange(wide))
        let narrow = wide.map { UInt32(truncatingIfNeeded: $0) }
        #expect(Array(layout.arrangeColumn(narrow)) == layout.arrange(narrow))
        let half = wide.map { UInt16(truncatingIfNeeded: $0) }
        #expect(Array(layout.arrangeColumn(half)) == layout.arrange(half))
        var bytes = wide.map { UInt8(truncatingIfNeeded: $0) }
        let expected = layout.arrange(bytes)
        #expect(Array(layout.arrangeColumn(consuming: &bytes)) == expected && bytes.isEmpty)
        let doubles = wide.map { Double($0 % 997) / 7 }
        #expect(Array(layout.arrangeColumn(Column(doubles))) == layout.arrange(doubles))
        // Elements of another size (16 bytes) take the byte-copying path.
        let triples = wide.map { SIMD3<UInt32>(UInt32(truncatingIfNeeded: $0), 1, UInt32(truncatingIfNeeded: $0 >> 32)) }
        #expect(Array(layout.arrangeColumn(triples)) == layout.arrange(triples))
        // Not contiguous: the one-core path.
        #expect(Array(layout.arrangeColumn(narrow.lazy.map { $0 })) == layout.arrange(narrow))
        let numbers = layout.arrange(Array(0 ..< UInt32(count)))
        #expect(layout.itemAtPosition == numbers && Array(layout.arrangedItemNumbers()) == numbers)
    }

    @Test func emptyLayout() {
        let layout = CSRLayout(keys: [UInt32](), keyCount: 0)
        #expect(layout.offsets == [0] && layout.count == 0 && layout.arrange([Int]()).isEmpty)
    }

    @Test(arguments: [1, 2, 3, 4, 5] as [UInt64])
    func unionFindMatchesANaiveLabelling(seed: UInt64) {
        var rng = SplitMix64(seed: seed)
        let n = Int(rng.next() % 40) + 1
        var sets = UnionFind(count: n)
        var label = Array(0 ..< n)   // the naive reference: relabel a whole set on each union
        for _ in 0 ..< Int(rng.next() % 60) {
            let a = Int(rng.next() % UInt64(n)), b = Int(rng.next() % UInt64(n))
            let apart = label[a] != label[b]
            #expect(sets.union(a, b) == apart)
            if apart { let old = label[b]; for i in 0 ..< n where label[i] == old { label[i] = label[a] } }
        }
        let roots = sets.roots()
        for a in 0 ..< n {
            for b in 0 ..< n { #expect((roots[a] == roots[b]) == (label[a] == label[b])) }
            #expect(sets.find(a) == Int(roots[a]))
        }
    }

    @Test func nodePairsOrderBySourceThenTarget() {
        #expect(NodePair(1, 9) < NodePair(2, 0))
        #expect(NodePair(2, 0) < NodePair(2, 1))
        #expect(Set([NodePair(1, 2), NodePair(1, 2), NodePair(2, 1)]).count == 2)
    }
}

/// The stable hash behind the source registry's version and the name index.
@Suite struct FNV1aTests {
    @Test func matchesThePublishedTestVectors() {
        // From the FNV reference test suite (64-bit FNV-1a).
        #expect(FNV1a.hash([UInt8]()) == 0xcbf2_9ce4_8422_2325)
        #expect(FNV1a.hash("a".utf8) == 0xaf63_dc4c_8601_ec8c)
        #expect(FNV1a.hash("foobar".utf8) == 0x8594_4171_f739_67e8)
        var h = FNV1a()
        h.add("foo".utf8)
        h.add(UInt8(ascii: "b")); h.add("ar".utf8)
        #expect(h.value == FNV1a.hash("foobar".utf8))
    }
}
