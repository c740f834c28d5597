import Testing
import GraphCore
import SanctionsModel

/// A small network: an oligarch owning a holding that owns an operating company.
private func sampleNetwork() -> SanctionsNetwork {
    var b = NetworkBuilder()
    b.entity("oligarch", "Person", names: ["Oleg Deripaska"])
    b.addAlias(b.node("oligarch"), b.text("Олег Дерипаска"))
    b.entity("holding", "Company", names: ["EN+ Group"])
    b.entity("opco", "Company", names: ["Rusal"])
    b.tie(.ownership, "oligarch", "holding", share: 44.95, validity: Validity(start: day(2017, 11, 3), end: day(2019, 1, 27)),
          id: "own-1", detail: "beneficial")
    b.tie(.ownership, "holding", "opco", share: 48.13, id: "own-2")
    b.tie(.directorship, "oligarch", "opco", validity: Validity(end: day(2018, 5, 1)))
    return b.finish().0
}

@Suite struct NetworkTests {
    @Test func accessors() throws {
        let n = sampleNetwork()
        #expect(n.entityCount == 3 && n.tieCount == 3)
        let o = try #require(n.node(id: "oligarch"))
        let h = try #require(n.node(id: "holding"))
        #expect(n.node(id: "nobody") == nil && n.node(id: "") == nil)
        #expect(n.id(of: o) == "oligarch" && n.name(of: h) == "EN+ Group" && n.schema(of: o) == "Person")
        let own = try #require(n.ties("oligarch", "holding").first)
        #expect(n.tieKind(own) == .ownership)
        #expect(n.share(own) == .percent(44.95))
        #expect(n.tieID(own) == "own-1" && n.tieDetail(own) == "beneficial")
        #expect(n.validity(ofTie: own) == Validity(start: day(2017, 11, 3), end: day(2019, 1, 27)))
        #expect(!n.isTieActive(own, on: day(2017, 11, 2)) && n.isTieActive(own, on: day(2017, 11, 3)))
        #expect(n.isTieActive(own, on: day(2019, 1, 26)) && !n.isTieActive(own, on: day(2019, 1, 27)))
        let dir = try #require(n.ties("oligarch", "opco").first)
        #expect(n.tieKind(dir) == .directorship && n.share(dir) == .unknown && n.tieID(dir) == "" && n.tieDetail(dir) == "")
        #expect(n.validity(ofTie: dir) == Validity(end: day(2018, 5, 1)), "open start maps back to nil")
        #expect(n.isTieActive(dir, on: day(1900, 1, 1)) && !n.isTieActive(dir, on: day(2018, 5, 1)))
        let two = try #require(n.ties("holding", "opco").first)
        #expect(n.validity(ofTie: two) == Validity())
        #expect(n.strings[0] == "", "index 0 of strings is the empty text")
    }

    @Test func viewFiltersKindsAndDays() {
        let n = sampleNetwork()
        func included(_ view: GraphView) -> [String] {
            (0 ..< n.tieCount).filter { view.includes($0) }.map { "\(n.id(of: n.graph.source(of: UInt32($0))))>\(n.id(of: n.graph.target(of: UInt32($0))))" }.sorted()
        }
        #expect(included(n.view()) == ["holding>opco", "oligarch>holding", "oligarch>opco"])
        #expect(included(n.view([.ownership])) == ["holding>opco", "oligarch>holding"])
        #expect(included(n.view([.ownership], activeOn: day(2019, 1, 27))) == ["holding>opco"])
        #expect(included(n.view(activeOn: day(2018, 4, 30))) == ["holding>opco", "oligarch>holding", "oligarch>opco"])
        #expect(included(n.view([], activeOn: nil)) == [])
        #expect(included(n.view([.control, .family])) == [])
    }

    @Test(arguments: Array(UInt64(1) ... 20))
    func designationsOfMatchesNaiveFilter(seed: UInt64) {
        var rng = SplitMix64(seed: seed)
        var b = NetworkBuilder()
        let count = Int.random(in: 1 ... 12, using: &rng)
        for i in 0 ..< count { b.entity("e\(i)") }
        var expected: [String: [(Int32, String)]] = [:]
        for i in 0 ..< Int.random(in: 0 ... 40, using: &rng) {
            let entity = "e\(Int.random(in: 0 ..< count, using: &rng))"
            let listing: Day? = Bool.random(using: &rng) ? nil : Day(daysSinceEpoch: .random(in: 0 ... 9, using: &rng))
            let start: Day? = Bool.random(using: &rng) ? nil : Day(daysSinceEpoch: .random(in: 0 ... 9, using: &rng))
            let id = "d\(String(i, radix: 36))-\(Int.random(in: 0 ... 99, using: &rng))"
            b.addDesignation(Designation(id: id, entity: b.node(entity), jurisdiction: .eu, listingDate: listing, startDate: start), line: i + 1)
            expected[entity, default: []].append(([start, listing].compactMap { $0 }.min()?.daysSinceEpoch ?? .min, id))
        }
        let n = b.finish().0
        var total = 0
        for v in 0 ..< UInt32(n.entityCount) {
            let got = n.designations(of: v)
            total += got.count
            #expect(got.allSatisfy { $0.entity == v })
            let want = (expected[n.id(of: v)] ?? []).sorted { $0 < $1 }.map(\.1)
            #expect(got.map(\.id) == want, "node \(n.id(of: v)): sorted by start, then id")
        }
        #expect(total == n.designations.count)
    }

    @Test func designationsOfANodeWithoutAny() {
        var b = NetworkBuilder()
        b.entity("a"); b.entity("b"); b.entity("c")
        b.addDesignation(Designation(entity: b.node("c"), jurisdiction: .us), line: 1)
        b.addDesignation(Designation(entity: b.node("a"), jurisdiction: .us, startDate: day(2020, 1, 1)), line: 2)
        b.addDesignation(Designation(entity: b.node("a"), jurisdiction: .gb, listingDate: day(2019, 1, 1)), line: 3)
        let n = b.finish().0
        #expect(n.designations(of: n.v("b")).isEmpty)
        #expect(n.designations(of: n.v("a")).map(\.jurisdiction) == [.gb, .us])
        #expect(n.designations(of: n.v("c")).count == 1)
    }

    @Test func nodesNamedIsCaseInsensitiveOverNamesAndAliases() {
        let n = sampleNetwork()
        #expect(n.nodes(named: "oleg deripaska") == [n.v("oligarch")])
        #expect(n.nodes(named: "OLEG DERIPASKA") == [n.v("oligarch")])
        #expect(n.nodes(named: "олег дерипаска") == [n.v("oligarch")], "aliases, with non-ASCII case folding")
        #expect(n.nodes(named: "oleg").isEmpty, "whole names only")
        #expect(n.nodes(named: "oligarch").isEmpty, "ids are not names")
        #expect(n.nodes(named: "").isEmpty)
    }

    @Test(arguments: Array(UInt64(1) ... 20))
    func nodesNamedMatchesNaiveSearch(seed: UInt64) {
        var rng = SplitMix64(seed: seed)
        let pool = ["Acme", "ACME", "acme ltd", "Газпром", "ГАЗПРОМ", "Straße", "Ivan"]
        var b = NetworkBuilder()
        var texts: [String: [String]] = [:]
        for i in 0 ..< Int.random(in: 1 ... 15, using: &rng) {
            let names = (0 ..< Int.random(in: 0 ... 2, using: &rng)).map { _ in pool.randomElement(using: &rng)! }
            let aliases = (0 ..< Int.random(in: 0 ... 2, using: &rng)).map { _ in pool.randomElement(using: &rng)! }
            let v = b.entity("n\(i)", names: names)
            for a in aliases { b.addAlias(v, b.text(a)) }
            texts["n\(i)"] = names + aliases
        }
        let n = b.finish().0
        for query in pool + ["acme", "газпром", "nobody"] {
            let expected = (0 ..< UInt32(n.entityCount)).filter { v in texts[n.id(of: v)]!.contains { $0.lowercased() == query.lowercased() } }
            #expect(n.nodes(named: query) == expected, "\(query)")
        }
    }

    // MARK: Ownership above 100 %

    @Test func ownershipOverflowCases() {
        var b = NetworkBuilder()
        for id in ["asset", "p", "q", "r", "exact", "x", "y", "closed"] { b.entity(id) }
        b.tie(.ownership, "p", "asset", share: 60)
        b.tie(.ownership, "q", "asset", share: 50)
        b.tie(.ownership, "r", "asset", share: .nan)                                       // unknown: not counted
        b.tie(.control, "r", "asset", share: 90)                                           // not ownership
        b.tie(.ownership, "x", "exact", share: 60)
        b.tie(.ownership, "y", "exact", share: 40)                                         // exactly 100: fine
        b.tie(.ownership, "x", "closed", share: 70, validity: Validity(end: day(2020, 1, 1)))
        b.tie(.ownership, "y", "closed", share: 70, validity: Validity(start: day(2020, 1, 1)))
        let n = b.finish().0
        let on2021 = n.ownershipOverflows(on: day(2021, 1, 1))
        #expect(on2021.map { n.id(of: $0.asset) } == ["asset"])
        #expect(on2021.first?.totalPercent == 110)
        #expect(n.ownershipOverflows(on: day(2019, 12, 31)).map { n.id(of: $0.asset) } == ["asset"])
    }

    @Test(arguments: Array(UInt64(1) ... 25))
    func ownershipOverflowsMatchTheSumOfLowerBounds(seed: UInt64) {
        var rng = SplitMix64(seed: seed)
        var b = NetworkBuilder()
        let count = Int.random(in: 1 ... 8, using: &rng)
        for i in 0 ..< count { b.entity("c\(i)") }
        var ties: [(String, String, TieKind, Double, Validity)] = []
        for _ in 0 ..< Int.random(in: 0 ... 30, using: &rng) {
            let s = "c\(Int.random(in: 0 ..< count, using: &rng))", t = "c\(Int.random(in: 0 ..< count, using: &rng))"
            let kind: TieKind = Int.random(in: 0 ..< 4, using: &rng) == 0 ? .control : .ownership
            let share = Bool.random(using: &rng) ? Double.nan : Double(Int.random(in: 0 ... 80, using: &rng))
            let v = Validity(start: Bool.random(using: &rng) ? nil : Day(daysSinceEpoch: .random(in: 0 ... 10, using: &rng)),
                             end: Bool.random(using: &rng) ? nil : Day(daysSinceEpoch: .random(in: 5 ... 15, using: &rng)))
            b.tie(kind, s, t, share: share, validity: v)
            ties.append((s, t, kind, share, v))
        }
        let n = b.finish().0
        for t in Int32(-1) ... 16 {
            let d = Day(daysSinceEpoch: t)
            // Reports of one owner–asset pair are one stake (their hull): its lower bound is the
            // smallest share reported; stakes of different owners add.
            var lowest: [String: [String: Double]] = [:]
            for (source, target, kind, share, v) in ties where kind == .ownership && !share.isNaN && v.isActive(on: d) {
                lowest[target, default: [:]][source] = min(lowest[target]?[source] ?? .infinity, share)
            }
            let total = lowest.mapValues { $0.values.reduce(0, +) }
            let expected = total.filter { $0.value > 100 }.keys.sorted()
            let got = n.ownershipOverflows(on: d)
            #expect(got.map { n.id(of: $0.asset) }.sorted() == expected, "day \(t)")
            #expect(got.allSatisfy { total[n.id(of: $0.asset)] == $0.totalPercent })
            #expect(got.map(\.asset) == got.map(\.asset).sorted(), "by node")
        }
    }
}
