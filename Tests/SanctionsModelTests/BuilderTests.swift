import Testing
import GraphCore
import SanctionsModel

@Suite struct BuilderTests {
    @Test func emptyBuilder() {
        var b = NetworkBuilder()
        let (network, report) = b.finish()
        #expect(network.entityCount == 0 && network.tieCount == 0 && network.designations.isEmpty)
        #expect(report.dangling.isEmpty && report.outsideReferences.isEmpty && report.warnings.isEmpty && report.mergedDuplicates == 0)
        #expect(network.nodes(named: "anything").isEmpty)
        #expect(network.ownershipOverflows(on: day(2020, 1, 1)).isEmpty)
    }

    @Test func oneEntityWithSelfTie() {
        var b = NetworkBuilder()
        b.entity("solo", names: ["Solo Ltd"])
        b.tie(.ownership, "solo", "solo", share: 10)
        let (n, report) = b.finish()
        #expect(n.entityCount == 1 && n.tieCount == 1 && report.dangling.isEmpty)
        #expect(n.graph.source(of: 0) == 0 && n.graph.target(of: 0) == 0)
        #expect(n.name(of: 0) == "Solo Ltd" && n.id(of: 0) == "solo")
    }

    @Test func forwardReferencesResolve() {
        var b = NetworkBuilder()
        b.tie(.ownership, "owner", "asset", share: 60, line: 1)
        b.tie(.directorship, "director", "asset", line: 2)
        b.entity("asset", "Company", names: ["Asset LLC"], line: 3)
        b.entity("owner", "Person", names: ["Ann Owner"], line: 4)
        b.entity("director", "Person", line: 5)
        let (n, report) = b.finish()
        #expect(report.dangling.isEmpty)
        #expect(n.entityCount == 3 && n.tieCount == 2)
        #expect(n.tieDescriptions() == ["director>asset Directorship unknown -..- [] {}", "owner>asset Ownership 60% -..- [] {}"])
        #expect(n.kinds[Int(n.v("owner"))] == .person && n.schema(of: n.v("asset")) == "Company")
        #expect(n.name(of: n.v("director")) == "director", "no name: the id")
    }

    @Test func danglingReferencesAreDroppedAndNodesRenumbered() throws {
        var b = NetworkBuilder()
        b.entity("x", names: ["X Corp"], line: 1)                                   // node 0
        b.tie(.ownership, "ghost", "x", share: 25, id: "own1", line: 5)             // ghost: node 1, never defined
        b.entity("y", "Person", names: ["Yan"], line: 2)                            // node 2
        b.tie(.control, "y", "phantom", line: 3)                                    // phantom: node 3
        b.tie(.ownership, "y", "x", share: 40, line: 4)
        b.tie(.associate, "ghost", "phantom", id: "both", line: 6)
        b.addDesignation(Designation(id: "sanc1", entity: b.node("ghost"), jurisdiction: .us), line: 9)
        b.addDesignation(Designation(id: "sanc2", entity: b.node("y"), jurisdiction: .eu, programs: ["P"]), line: 10)
        b.entity("z", names: ["Zed"], line: 11)                                     // node 4 → 2
        b.tie(.family, "z", "y", detail: "brother", line: 12)
        let (n, report) = b.finish()

        let dangling = report.dangling.map { "\($0.line) \($0.recordID) \($0.property) \($0.missingID)" }
        #expect(dangling == ["3  controlled phantom", "5 own1 owner ghost", "6 both person ghost",
                             "6 both associate phantom", "9 sanc1 entity ghost"], "sorted by line, then missing id")
        #expect(report.outsideReferences.isEmpty)
        // Dense renumbering, ids and columns consistent.
        #expect(n.entityCount == 3)
        #expect(n.ids.count == 3)
        #expect((0 ..< 3).map { n.id(of: UInt32($0)) } == ["x", "y", "z"])
        for v in UInt32(0) ..< 3 { #expect(n.node(id: n.id(of: v)) == v) }
        #expect(n.node(id: "ghost") == nil && n.node(id: "phantom") == nil)
        #expect(n.nameList(n.v("x")) == ["X Corp"] && n.nameList(n.v("y")) == ["Yan"] && n.nameList(n.v("z")) == ["Zed"])
        #expect(Array(n.kinds) == [.company, .person, .company])
        #expect(n.tieDescriptions() == ["y>x Ownership 40% -..- [] {}", "z>y Family unknown -..- [] {brother}"])
        #expect(n.designations.count == 1)
        let d = try #require(n.designations(of: n.v("y")).first)
        #expect(d.id == "sanc2" && d.entity == n.v("y") && d.program == "P")
        #expect(n.designations(of: n.v("x")).isEmpty)
        #expect(n.graph.nodeCount == 3)
    }

    @Test func danglingReferenceFields() throws {
        var b = NetworkBuilder()
        b.entity("a")
        b.tie(.employment, "a", "nobody", id: "job", line: 17)
        let (_, report) = b.finish()
        let d = try #require(report.dangling.first)
        #expect(report.dangling.count == 1)
        #expect(d.line == 17 && d.recordID == "job" && d.property == "employer" && d.missingID == "nobody")
        #expect(d.description.contains("nobody") && d.description.contains("17"))
    }

    @Test func referencesToIgnoredRecordsAreOutsideReferences() {
        var b = NetworkBuilder()
        b.entity("x")
        b.ignore("addr1", schema: "Address")
        b.ignore("addr2", schema: "Address")
        b.ignore("doc", schema: "Document")
        b.tie(.unknownLink, "x", "addr1", line: 2)
        b.tie(.unknownLink, "addr2", "x", line: 3)
        b.tie(.documentation, "doc", "x", line: 4)
        b.tie(.unknownLink, "x", "missing", line: 5)
        b.addDesignation(Designation(entity: b.node("doc"), jurisdiction: .un), line: 6)
        let (n, report) = b.finish()
        #expect(report.outsideReferences == ["Address": 2, "Document": 2])
        #expect(report.dangling.map(\.missingID) == ["missing"])
        #expect(n.entityCount == 1 && n.tieCount == 0 && n.designations.isEmpty)
    }

    /// Values given to an id that is never defined vanish with it (like its ties), rather
    /// than trapping in `finish()`.
    @Test func valuesOfUndefinedNodesAreDropped() async {
        await #expect(processExitsWith: .success) {
            var b = NetworkBuilder()
            b.entity("x")
            let ghost = b.node("ghost")
            b.addName(ghost, b.text("Ghost"))
            b.addCountry(ghost, b.string("ru"))
            let (n, _) = b.finish()
            precondition(n.entityCount == 1 && n.nodes(named: "Ghost").isEmpty)
        }
        await #expect(processExitsWith: .success) {
            var b = NetworkBuilder()
            b.entity("x")
            b.addSector(b.node("ghost"), "Energy")
            let (n, _) = b.finish()
            precondition(n.node(id: "ghost") == nil)
        }
    }

    /// `finish()` documents that it empties the builder; a second call must not return a
    /// half-emptied network (entities and designations kept, ties and names gone).
    @Test func secondFinishIsNotHalfEmpty() {
        var b = NetworkBuilder()
        b.entity("a", names: ["A"]); b.entity("c")
        b.tie(.ownership, "a", "c", share: 50)
        b.addDesignation(Designation(entity: b.node("a"), jurisdiction: .us), line: 3)
        let (first, _) = b.finish()
        let (second, _) = b.finish()
        #expect(first.entityCount == 2 && first.tieCount == 1 && first.nameList(first.v("a")) == ["A"])
        let empty = second.entityCount == 0 && second.tieCount == 0 && second.designations.isEmpty
        let same = second.entityCount == 2 && second.tieCount == 1 && second.designations.count == 1
            && second.nameList(second.v("a")) == ["A"]
        #expect(empty || same, "second finish: \(second.entityCount) entities, \(second.tieCount) ties, \(second.designations.count) designations, \(second.names.values.count) names")
    }

    // MARK: Merging repeated ids

    @Test func duplicateTieIdsMerge() throws {
        var b = NetworkBuilder()
        for id in ["a", "b", "c"] { b.entity(id) }
        let early = Validity(start: day(2010, 1, 1), end: day(2015, 1, 1)), late = Validity(start: day(2012, 1, 1), end: day(2020, 1, 1))
        #expect(b.tie(.ownership, "a", "b", share: 30, validity: early, id: "o1", line: 1) == nil)
        #expect(b.tie(.ownership, "a", "b", share: 50, validity: late, id: "o1", line: 2) == nil)
        #expect(b.tie(.ownership, "a", "c", share: .nan, id: "o2", line: 3) == nil)
        #expect(b.tie(.ownership, "a", "c", share: 40, id: "o2", line: 4) == nil)
        #expect(b.tie(.ownership, "b", "c", share: 40, id: "o3", line: 5) == nil)
        #expect(b.tie(.ownership, "b", "c", share: .nan, id: "o3", line: 6) == nil)
        #expect(b.tie(.ownership, "c", "a", share: 20, validity: Validity(start: day(2010, 1, 1)), id: "o4", line: 7) == nil)
        #expect(b.tie(.ownership, "c", "a", share: 20, validity: Validity(end: day(2015, 1, 1)), id: "o4", line: 8) == nil)
        #expect(b.tie(.control, "c", "b", id: "c1", line: 9) == nil)
        #expect(b.tie(.control, "c", "b", id: "c1", detail: "shareholder", line: 10) == nil)
        let otherEnds = b.tie(.ownership, "a", "c", share: 99, id: "o1", line: 11)
        let otherKind = b.tie(.control, "a", "b", id: "o1", line: 12)
        #expect(otherEnds != nil && otherEnds?.line == 11 && otherEnds?.message.contains("o1") == true)
        #expect(otherKind != nil && otherKind?.line == 12)
        b.tie(.ownership, "a", "b", share: 1, line: 13)                          // no id: never merged
        b.tie(.ownership, "a", "b", share: 1, line: 14)
        let (n, report) = b.finish()
        #expect(n.tieDescriptions() == [
            "a>b Ownership 1% -..- [] {}", "a>b Ownership 1% -..- [] {}",
            "a>b Ownership [30, 50]% 2010-01-01..2020-01-01 [o1] {}",
            "a>c Ownership 40% -..- [o2] {}",
            "b>c Ownership 40% -..- [o3] {}",
            "c>a Ownership 20% -..- [o4] {}",
            "c>b Control unknown -..- [c1] {shareholder}",
        ])
        #expect(report.warnings.count == 1, "only the differing known shares warn (one stake, their hull)")
        #expect(report.warnings.first?.line == 2 && report.warnings.first?.message.contains("o1") == true)
        #expect(report.mergedDuplicates == 7)
        #expect(report.dangling.isEmpty)
    }

    @Test func duplicateTieIdsMergeAcrossForwardReferences() {
        var b = NetworkBuilder()
        b.tie(.ownership, "p", "q", share: 10, id: "t", line: 1)
        b.tie(.ownership, "p", "q", share: 70, id: "t", line: 2)
        b.entity("q"); b.entity("p", "Person")
        let (n, _) = b.finish()
        #expect(n.tieDescriptions() == ["p>q Ownership [10, 70]% -..- [t] {}"], "reports of one stake: their hull")
    }

    @Test func duplicateDesignationIdsMerge() throws {
        var b = NetworkBuilder()
        let a = b.entity("a")
        b.addDesignation(Designation(id: "s1", entity: a, jurisdiction: .us, country: "us", programs: ["UKRAINE-EO13660"],
                                     listingDate: day(2014, 3, 20), endDate: day(2018, 1, 1)), line: 1)
        b.addDesignation(Designation(id: "s1", entity: a, jurisdiction: .us, country: "us", authority: "OFAC", programs: ["X"],
                                     listingDate: day(2014, 3, 17), startDate: day(2014, 3, 18), endDate: day(2019, 1, 1),
                                     status: "active"), line: 2)
        b.addDesignation(Designation(id: "s2", entity: a, jurisdiction: .eu, endDate: day(2016, 1, 1)), line: 3)
        b.addDesignation(Designation(id: "s2", entity: a, jurisdiction: .eu), line: 4)
        b.addDesignation(Designation(entity: a, jurisdiction: .gb), line: 5)                  // no id: never merged
        b.addDesignation(Designation(entity: a, jurisdiction: .gb), line: 6)
        let (n, report) = b.finish()
        #expect(n.designations.count == 4)
        #expect(report.mergedDuplicates == 2)
        let s1 = try #require(n.designations.first { $0.id == "s1" })
        #expect(s1.listingDate == day(2014, 3, 17) && s1.startDate == day(2014, 3, 18) && s1.endDate == day(2019, 1, 1))
        #expect(s1.authority == "OFAC" && s1.programs == ["UKRAINE-EO13660", "X"] && s1.status == "active")
        let s2 = try #require(n.designations.first { $0.id == "s2" })
        #expect(s2.endDate == nil, "an open end wins")
        #expect(n.designations.filter { $0.id.isEmpty }.count == 2)
    }

    /// The merged designation must be in force whenever either record was. `startDate`
    /// overrides `listingDate`, so widening each field on its own can narrow the interval:
    /// listed 2014-03-20 (no start) + started 2015-01-01 (no listing) gives start 2015-01-01.
    @Test func mergedDesignationKeepsTheEarlierEffectiveStart() throws {
        var b = NetworkBuilder()
        let a = b.entity("a")
        b.addDesignation(Designation(id: "s", entity: a, jurisdiction: .us, listingDate: day(2014, 3, 20)), line: 1)
        b.addDesignation(Designation(id: "s", entity: a, jurisdiction: .us, startDate: day(2015, 1, 1)), line: 2)
        let merged = try #require(b.finish().0.designations.first)
        #expect(merged.isActive(on: day(2014, 6, 1)), "the first record was in force then; merged: \(merged.validity)")
        #expect(merged.validity.start == day(2014, 3, 20))
    }

    /// Ends are widened to "open" when one record has no end. A report without a start date
    /// is missing information about the same listing (docs/time.md), not a listing since
    /// forever: the dated report's start is kept.
    @Test func mergedDesignationKeepsTheDatedStart() throws {
        var b = NetworkBuilder()
        let a = b.entity("a")
        b.addDesignation(Designation(id: "s", entity: a, jurisdiction: .us, listingDate: day(2014, 3, 20), endDate: day(2016, 1, 1)), line: 1)
        b.addDesignation(Designation(id: "s", entity: a, jurisdiction: .us, firstSeen: day(2023, 1, 1)), line: 2)
        let merged = try #require(b.finish().0.designations.first)
        #expect(merged.endDate == nil, "open end wins (as documented)")
        #expect(merged.validity.start == day(2014, 3, 20) && !merged.isUndated)
        #expect(!merged.isActive(on: day(2010, 1, 1)) && merged.isActive(on: day(2015, 1, 1)))
        #expect(merged.firstSeen == day(2023, 1, 1), "the undated report's first_seen is kept")
    }

    /// Property: for random pairs of dated records (start ≤ end), the merge covers both.
    @Test func mergedDesignationCoversBothRecords() {
        var failures: [String] = []
        var rng = SplitMix64(seed: 2024)
        func randomRecord() -> Designation {
            let first = Int32.random(in: 0 ... 10, using: &rng)
            let listing = Day(daysSinceEpoch: first)
            let start = Bool.random(using: &rng) ? nil : Day(daysSinceEpoch: first + Int32.random(in: -3 ... 3, using: &rng))
            let end = Bool.random(using: &rng) ? nil : Day(daysSinceEpoch: first + Int32.random(in: 4 ... 10, using: &rng))
            return Designation(id: "s", entity: 0, jurisdiction: .us, listingDate: Bool.random(using: &rng) || start == nil ? listing : nil,
                               startDate: start, endDate: end)
        }
        for _ in 0 ..< 300 {
            let first = randomRecord(), second = randomRecord()
            var b = NetworkBuilder()
            b.entity("e")
            b.addDesignation(first, line: 1)
            b.addDesignation(second, line: 2)
            guard let merged = b.finish().0.designations.first else { failures.append("lost"); continue }
            for t in Int32(-4) ... 22 {
                let d = Day(daysSinceEpoch: t)
                if (first.isActive(on: d) || second.isActive(on: d)) && !merged.isActive(on: d) {
                    failures.append("\(first.validity) + \(second.validity) → \(merged.validity), day \(t)")
                    break
                }
            }
        }
        #expect(failures.isEmpty, "\(failures.count) of 300 merges narrowed the interval, e.g. \(failures.prefix(2))")
    }

    /// A repeated Sanction id naming a different entity must not vanish silently.
    @Test func repeatedDesignationIdForAnotherEntityIsNotLost() {
        var b = NetworkBuilder()
        let a = b.entity("a"), c = b.entity("c")
        #expect(b.addDesignation(Designation(id: "s", entity: a, jurisdiction: .us), line: 1) == nil)
        // The same id for another entity is refused with a diagnostic (the readers make it an error).
        let conflict = b.addDesignation(Designation(id: "s", entity: c, jurisdiction: .us), line: 2)
        #expect(conflict?.line == 2 && conflict?.message.contains("another entity") == true)
        let (n, _) = b.finish()
        #expect(n.designations(of: n.v("a")).count == 1 && n.designations(of: n.v("c")).isEmpty)
    }

    @Test func schemasMergeOnRedefinition() {
        var b = NetworkBuilder()
        let v = b.node("m")
        #expect(b.define(v, schema: "LegalEntity", kind: .legalEntity, line: 1) == nil)
        #expect(b.define(v, schema: "Company", kind: .company, line: 2) == nil)
        #expect(b.define(v, schema: "Organization", kind: .organization, line: 3) == nil)
        let p = b.node("p")
        #expect(b.define(p, schema: "Person", kind: .person, line: 4) == nil)
        let conflict = b.define(p, schema: "Company", kind: .company, line: 5)
        #expect(conflict?.line == 5 && conflict?.message.contains("p") == true)
        let q = b.node("q")
        #expect(b.isDefined(v) && b.isDefined(p) && !b.isDefined(q))
        let (n, report) = b.finish()
        #expect(n.schema(of: n.v("m")) == "Company" && n.kinds[Int(n.v("m"))] == .company)
        #expect(n.schema(of: n.v("p")) == "Person" && n.kinds[Int(n.v("p"))] == .person)
        #expect(report.mergedDuplicates == 3)
        #expect(n.entityCount == 2)
    }

    // MARK: Per-node values

    @Test func namesKeepInsertionOrderAndValuesDropRepeats() {
        var b = NetworkBuilder()
        let a = b.entity("a", names: ["Zeta", "Alpha", "Mu"])
        for alias in ["Z", "A", "Z"] { b.addAlias(a, b.string(alias)) }
        for country in ["ru", "cy", "ru", "ch"] { b.addCountry(a, b.string(country)) }
        for topic in ["sanction", "role.oligarch", "sanction"] { b.addTopic(a, b.string(topic)) }
        b.entity("bare")
        let (n, _) = b.finish()
        #expect(n.nameList(n.v("a")) == ["Zeta", "Alpha", "Mu"])
        #expect(n.name(of: n.v("a")) == "Zeta")
        #expect(n.aliasList(n.v("a")) == ["Z", "A"])
        #expect(n.countryList(n.v("a")) == ["ru", "cy", "ch"])
        #expect(n.topicList(n.v("a")) == ["sanction", "role.oligarch"])
        #expect(n.nameList(n.v("bare")).isEmpty && n.name(of: n.v("bare")) == "bare")
    }

    /// The builder's contract: records repeating an id are merged with their names united.
    @Test func mergedRecordsUniteEqualNames() {
        var b = NetworkBuilder()
        b.entity("acme", "LegalEntity", names: ["Acme"], line: 1)
        b.entity("acme", "Company", names: ["Acme", "Acme Holdings"], line: 2)
        let v = b.node("acme")
        b.addAlias(v, b.text("ACME")); b.addAlias(v, b.text("ACME"))
        let (n, _) = b.finish()
        #expect(n.nameList(n.v("acme")) == ["Acme", "Acme Holdings"])
        #expect(n.aliasList(n.v("acme")) == ["ACME"])
    }

    @Test func sectorsDedupeCaseInsensitively() throws {
        var b = NetworkBuilder()
        let a = b.entity("a"), c = b.entity("c")
        b.addSector(a, "Energy")
        b.addSector(c, " energy ")
        b.addSector(a, "ENERGY")
        b.addSector(a, "   ")
        b.addSector(c, "")
        b.addSector(c, "Oil & Gas")
        let (n, _) = b.finish()
        let energy = try #require(n.node(id: "sector:energy"))
        let oil = try #require(n.node(id: "sector:oil & gas"))
        #expect(n.entityCount == 4)
        #expect(n.kinds[Int(energy)] == .sector && n.schema(of: energy) == "Sector" && n.name(of: energy) == "Energy")
        #expect(n.name(of: oil) == "Oil & Gas")
        #expect(Array(n.sectors[n.v("a")]) == [energy])
        #expect(Array(n.sectors[n.v("c")]) == [energy, oil])
        #expect(n.sectors[energy].isEmpty)
        #expect(n.tieDescriptions() == ["a>sector:energy SectorMembership unknown -..- [] {}",
                                        "c>sector:energy SectorMembership unknown -..- [] {}",
                                        "c>sector:oil & gas SectorMembership unknown -..- [] {}"])
        #expect(n.nodes(named: "energy") == [energy])
    }
}
