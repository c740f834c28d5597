import Testing
import SanctionsModel
import SanctionsRules
import TestOracles
import GraphIO

/// Relief packages (README "Relief packages", docs/legal.md): judged under several rules,
/// compared, and the legal path of each action.
@Suite struct PackageTests {
    /// X listed by the US (a CAATSA-codified program) and the EU (Regulation 269/2014), owns
    /// 60% of A; Y listed by the US under EO 14024 and by the UK implementing a UN entry, owns
    /// 70% of B; Z listed by the US under a program the table does not know.
    static func network() -> SanctionsNetwork {
        var s = Spec()
        for id in ["x", "y", "z"] { s.entity(id, "Person") }
        s.entity("a", sectors: ["rare earths"]); s.entity("b", sectors: ["rare earths"]); s.entity("c")
        s.own("x", "a", 60); s.own("y", "b", 70); s.own("z", "c", 100)
        s.designate("x", [.us], programs: ["UKRAINE-EO13661", "RUSSIA-EO14024"])
        s.designate("x", [.eu], programs: ["Regulation (EU) No 269/2014"])
        s.designate("y", [.us], programs: ["RUSSIA-EO14024"])
        s.designate("y", [.gb], programs: ["Russia"], unscId: "QDi.999")
        s.designate("z", [.us], programs: ["SDGT"])
        return s.build()
    }

    static let day0 = day(2026, 11, 29)

    @Test func aPackageUnderARuleIsTheBlastRadiusOfItsEdits() {
        let n = Self.network()
        let package = ReliefPackage(name: "p", asOf: Self.day0, actions: [.delist(n.v("x"), jurisdictions: nil),
                                                                         .divest(owner: n.v("y"), asset: n.v("b"), percent: 40)])
        let c = comparePackages(n, [package], rules: [.ofac, .eu, .uk])
        let direct = blastRadius(n, rule: .ofac, asOf: Self.day0, edits: package.actions.flatMap(\.edits))
        #expect(c.evaluations[0].radii[0].unblocked == direct.unblocked)
        #expect(Set(c.evaluations[0].radii[0].unblocked) == [n.v("x"), n.v("a"), n.v("b")])
        #expect(Set(c.evaluations[0].radii[1].unblocked) == [n.v("x"), n.v("a")], "the EU never listed Y")
        #expect(c.evaluations[0].radii[2].unblocked == [n.v("b")], "the UK keeps Y listed; B is freed by the divestment")
        #expect(c.onlyFreedBy == [[[], [], []]], "one package: nothing to compare with")
    }

    @Test func aDelistingLimitedToAJurisdictionLeavesTheOthers() {
        let n = Self.network()
        let usOnly = ReliefPackage(name: "us", asOf: Self.day0, actions: [.delist(n.v("x"), jurisdictions: [.us])])
        let c = comparePackages(n, [usOnly], rules: [.ofac, .eu])
        #expect(c.evaluations[0].radii[0].unblocked.contains(n.v("a")))
        #expect(c.evaluations[0].radii[1].unblocked.isEmpty, "the EU listing stays")
        let steps = c.evaluations[0].legal
        #expect(steps.count == 1 && steps[0].jurisdiction == .us, "only the US listing is lifted")
    }

    @Test func packagesCompareSideBySide() {
        let n = Self.network()
        let a = ReliefPackage(name: "a", asOf: Self.day0, actions: [.delist(n.v("x"), jurisdictions: nil)])
        let b = ReliefPackage(name: "b", asOf: Self.day0, actions: [.delist(n.v("x"), jurisdictions: nil), .delist(n.v("y"), jurisdictions: nil)])
        let c = comparePackages(n, [a, b], rules: [.ofac])
        #expect(c.onlyFreedBy[0][0].isEmpty, "b frees all that a frees")
        #expect(Set(c.onlyFreedBy[1][0]) == [n.v("y"), n.v("b")])
        #expect(!c.mixedDates)
    }

    @Test func eachPackageIsJudgedAtItsOwnDateUnlessOverridden() {
        let n = Self.network()
        let early = ReliefPackage(name: "early", asOf: day(2019, 6, 1), actions: [.delist(n.v("x"), jurisdictions: nil)])
        let late = ReliefPackage(name: "late", asOf: Self.day0, actions: [.delist(n.v("x"), jurisdictions: nil)])
        let own = comparePackages(n, [early, late], rules: [.ofac])
        #expect(own.mixedDates && own.evaluations.map(\.asOf) == [day(2019, 6, 1), Self.day0])
        #expect(own.evaluations[0].radii[0].unblocked.isEmpty, "X was listed from 2020: nothing to free in 2019")
        #expect(own.evaluations.map(\.dateSource) == [.package, .package])
        let forced = comparePackages(n, [early, late], rules: [.ofac], asOf: Self.day0)
        #expect(!forced.mixedDates && forced.evaluations.map(\.dateSource) == [.override, .override])
    }

    @Test func delistingStepsFollowTheLegalTable() throws {
        let n = Self.network()
        let package = ReliefPackage(name: "p", asOf: day(2026, 8, 1), actions: [.delist(n.v("x"), jurisdictions: nil),
                                                                               .delist(n.v("y"), jurisdictions: nil),
                                                                               .delist(n.v("z"), jurisdictions: nil),
                                                                               .delist(n.v("a"), jurisdictions: nil)])
        let steps = comparePackages(n, [package], rules: [.ofac]).evaluations[0].legal
        // X in the US: a codified program decides, though EO 14024 is listed too.
        let xUS = try #require(steps.first { $0.action == 0 && $0.jurisdiction == .us })
        #expect(xUS.path?.id == "us-caatsa-216")
        #expect(caatsaReviewDays(reportedOn: day(2026, 8, 1)) == 60)
        #expect(xUS.earliestEffect == day(2026, 9, 30), "60 days: the report falls between 10 July and 7 September")
        // X in the EU: unanimity, and the regime's next review date.
        let xEU = try #require(steps.first { $0.action == 0 && $0.jurisdiction == .eu })
        #expect(xEU.path?.id == "eu-delist" && xEU.nextRenewal == day(2026, 9, 15))
        // Y: EO 14024 is executive action; the UK listing implements a UN entry.
        let yUS = try #require(steps.first { $0.action == 1 && $0.jurisdiction == .us })
        #expect(yUS.path?.id == "us-executive" && yUS.earliestEffect == nil)
        let yGB = try #require(steps.first { $0.action == 1 && $0.jurisdiction == .gb })
        #expect(yGB.path?.id == "gb-delist" && yGB.implementsUN == "QDi.999")
        #expect(yGB.notes.contains { $0.contains("UN Security Council designation QDi.999") })
        // Z: a program the table does not know is unknown, never guessed.
        let zUS = try #require(steps.first { $0.action == 2 })
        #expect(zUS.path == nil && !zUS.isKnown && zUS.unknownPrograms == ["SDGT"])
        // A is blocked only through X: nothing to lift.
        let aStep = try #require(steps.first { $0.action == 3 })
        #expect(aStep.kind == .none && aStep.jurisdictionText == "any")
    }

    @Test func reviewPeriodBoundaries() {
        #expect(caatsaReviewDays(reportedOn: day(2018, 12, 19)) == 30)
        #expect(caatsaReviewDays(reportedOn: day(2026, 7, 9)) == 30)
        #expect(caatsaReviewDays(reportedOn: day(2026, 7, 10)) == 60)
        #expect(caatsaReviewDays(reportedOn: day(2026, 9, 7)) == 60)
        #expect(caatsaReviewDays(reportedOn: day(2026, 9, 8)) == 30)
    }

    @Test func aDivestmentByABlockedOwnerNeedsALicenceWhereItIsBlocked() {
        let n = Self.network()
        let package = ReliefPackage(name: "p", asOf: Self.day0, actions: [.divest(owner: n.v("x"), asset: n.v("a"), percent: 40)])
        let steps = comparePackages(n, [package], rules: [.ofac]).evaluations[0].legal
        #expect(steps.map(\.jurisdiction) == [.us, .eu, .gb])
        #expect(steps.map(\.kind) == [.licence, .licence, .none], "X is listed by the US and the EU, not the UK")
        #expect(steps[0].path?.id == "us-licence" && steps[1].path?.id == "eu-licence")
        #expect(steps[0].notes.contains { $0.contains("section 216") }, "X's US listing is under a codified program")
    }

    @Test func designatingTakesTheJurisdictionsDesignationPath() {
        let n = Self.network()
        let package = ReliefPackage(name: "p", asOf: Self.day0, actions: [.designate(n.v("c"), .eu), .designate(n.v("c"), Jurisdiction(code: "ch")!)])
        let c = comparePackages(n, [package], rules: [.eu])
        #expect(c.evaluations[0].radii[0].newlyBlocked == [n.v("c")])
        let steps = c.evaluations[0].legal
        #expect(steps[0].path?.id == "eu-designate")
        #expect(steps[1].path == nil && !steps[1].isKnown, "the table has no Swiss path: unknown")
    }

    @Test func theBuiltInLegalTableIsWholeAndRefusesBadRows() throws {
        let table = LegalTable.builtIn
        #expect(table.asOf == day(2026, 12, 1))
        for j in [Jurisdiction.us, .eu, .gb] {
            for step in ["licence", "designate"] { #expect(table.path(step, in: j) != nil, "\(j) \(step)") }
        }
        for b in table.bases { #expect(table.path(b.delistPath) != nil && !b.citations.isEmpty, "line \(b.line)") }
        for tag in ["UKRAINE-EO13660", "UKRAINE-EO13661", "UKRAINE-EO13662", "UKRAINE-EO13685", "CYBER2", "CAATSA - RUSSIA"] {
            let d = Designation(entity: 0, jurisdiction: .us, programs: [tag])
            #expect(table.reading(of: d).bases.first?.delistPath == "us-caatsa-216", "\(tag)")
        }
        #expect(table.reading(of: Designation(entity: 0, jurisdiction: .us, programs: ["russia-eo14024"])).bases.first?.delistPath == "us-executive")
        #expect(table.reading(of: Designation(entity: 0, jurisdiction: .eu, programs: ["Règlement (UE) n° 269/2014"])).bases.first?.renewal.count == 2)
        // A US listing under an unknown program has no default: unknown.
        #expect(table.reading(of: Designation(entity: 0, jurisdiction: .us, programs: ["SDGT"])).bases.isEmpty)
        #expect(throws: LegalTableError(line: 1, reason: "match 'fuzzy' is not exact, contains or any")) {
            try LegalTable(tsv: "basis\tus\tfuzzy\tX\ttext\tus-executive\t-\t-")
        }
        #expect(throws: LegalTableError(line: 2, reason: "no path has the id 'nowhere'")) {
            try LegalTable(tsv: "\nbasis\tus\texact\tX\ttext\tnowhere\t-\t-")
        }
        #expect(throws: LegalTableError(line: 1, reason: "renewal '13-01' is not MM-DD")) {
            try LegalTable(tsv: "basis\teu\tany\t-\ttext\teu-delist\t13-01\t-")
        }
    }

    @Test func nextRenewalRollsOverTheYear() throws {
        let b = try #require(LegalTable.builtIn.reading(of: Designation(entity: 0, jurisdiction: .eu, programs: ["269/2014"])).bases.first)
        #expect(b.nextRenewal(after: day(2026, 3, 14)) == day(2026, 3, 15))
        #expect(b.nextRenewal(after: day(2026, 3, 15)) == day(2026, 9, 15))
        #expect(b.nextRenewal(after: day(2026, 12, 1)) == day(2027, 3, 15))
    }
}
