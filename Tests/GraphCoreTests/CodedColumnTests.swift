import Testing
@testable import GraphCore

/// Coded columns (docs/snapshot.md, "Coded columns"): compacting keeps every value, bit for
/// bit, and chooses the narrowest codes; stored columns reopen; codes past the table are
/// refused when verifying and never read out of bounds without.
@Suite struct CodedColumnTests {
    /// Values with `distinct` different ones, NaN among them, in a shuffled order.
    static func values(count: Int, distinct: Int, seed: UInt64) -> [Double] {
        var rng = SplitMix64(seed: seed)
        return (0 ..< count).map { i in
            let k = i < distinct ? i : Int.random(in: 0 ..< distinct, using: &rng)
            return k == 0 ? .nan : Double(k) / 8
        }.shuffled(using: &rng)
    }

    @Test(arguments: [(1, 1), (256, 1), (257, 2), (65536, 2), (65537, 0)])
    func compactingChoosesTheNarrowestCodes(distinct: Int, width: Int) throws {
        let plain = Self.values(count: max(distinct * 2, 10), distinct: distinct, seed: UInt64(distinct))
        let column = CodedColumn(Column(plain))
        let compact = column.compacted()
        #expect(compact.count == plain.count)
        switch compact.stored {
        case .plain: #expect(width == 0)
        case .codes8(_, let table): #expect(width == 1 && table.count == distinct)
        case .codes16(_, let table): #expect(width == 2 && table.count == distinct)
        }
        // Bit for bit, NaN included.
        #expect((0 ..< plain.count).allSatisfy { compact[$0].bitPattern == plain[$0].bitPattern })
        #expect(compact.values.map(\.bitPattern) == plain.map(\.bitPattern))
        // Stored and reopened, verified.
        let reopened = try #require(CodedColumn(stored: compact.stored, verify: true))
        #expect((0 ..< plain.count).allSatisfy { reopened[$0].bitPattern == plain[$0].bitPattern })
        // The same column compacts to the same codes and table.
        if case .codes16(let a, let ta) = compact.stored, case .codes16(let b, let tb) = column.compacted().stored {
            #expect(Array(a) == Array(b) && ta.map(\.bitPattern) == tb.map(\.bitPattern))
        }
    }

    @Test func codesPastTheTableAreRefusedOrClamped() throws {
        let table: Column<Int32> = [10, 20, 30]
        let bad: Column<UInt8> = [0, 2, 3, 200]
        #expect(CodedColumn(stored: .codes8(bad, table: table), verify: true) == nil)
        let unchecked = try #require(CodedColumn(stored: .codes8(bad, table: table), verify: false))
        #expect(unchecked[1] == 30 && unchecked[2] == 30 && unchecked[3] == 30, "the last value, not a read past the table")
        let wide: Column<UInt16> = [1, 40000]
        #expect(CodedColumn(stored: .codes16(wide, table: table), verify: true) == nil)
        #expect(try #require(CodedColumn(stored: .codes16(wide, table: table), verify: false))[1] == 30)
        // Codes need a table, whether verified or not; an empty column needs none.
        #expect(CodedColumn<Int32>(stored: .codes8([0], table: []), verify: false) == nil)
        #expect(CodedColumn<Int32>(stored: .codes8([], table: []), verify: true)?.count == 0)
        #expect(CodedColumn<Int32>(Column()).compacted().count == 0)
    }

    /// A graph opened from coded columns answers as the one built: weights, validity.
    @Test func aGraphOverCodedColumnsAnswersTheSame() throws {
        var b = GraphBuilder()
        let a = b.node("a"), c = b.node("c"), d = b.node("d")
        b.addEdge(from: a, to: c, kind: 1, weight: 50, validFrom: 3, validUntil: 9)
        b.addEdge(from: c, to: d, kind: 1, weight: .nan)
        b.addEdge(from: a, to: d, kind: 2, weight: 50, validFrom: 3, validUntil: 9)
        let g = try b.build().graph
        var stored = g.storedColumns
        stored.edgeWeight = stored.edgeWeight.compacted()
        stored.edgeValidFrom = stored.edgeValidFrom.compacted()
        stored.edgeValidUntil = stored.edgeValidUntil.compacted()
        let coded = try Graph.stored(stored, verify: true).get()
        for e in 0 ..< UInt32(g.edgeCount) {
            #expect(coded.weight(of: e) == g.weight(of: e) && coded.validity(of: e) == g.validity(of: e))
            #expect(coded.isEdgeActive(e, on: 5) == g.isEdgeActive(e, on: 5) && coded.isEdgeActive(e, on: 9) == g.isEdgeActive(e, on: 9))
        }
        #expect(coded.weightsByEdge.map(\.bitPattern) == g.weightsByEdge.map(\.bitPattern))
    }
}
