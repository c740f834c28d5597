import Testing
import SanctionsModel
import SanctionsRules
import GraphIO

/// The Deripaska / En+ / Rusal case (Graphs/en-plus-2019.ftm.json and its section in Graphs/README.md).
@Suite struct EnPlusTests {
    static let mid2018 = day(2018, 6, 1), feb2019 = day(2019, 2, 1)
    static let designated2018: Set<String> = ["p-oleg-deripaska", "c-b-finance", "c-basic-element", "c-russian-machines",
                                              "c-gaz-group", "c-en-plus", "c-rusal", "c-eurosibenergo"]
    static let designated2019: Set<String> = ["p-oleg-deripaska", "c-b-finance", "c-basic-element", "c-russian-machines", "c-gaz-group"]

    let network: SanctionsNetwork
    init() throws { network = try bundled("Graphs/en-plus-2019.ftm.json") }

    func v(_ id: String) -> UInt32 { network.v(id) }

    /// The 2019 terms as edits on the 2018 state.
    var relief: [ReliefEdit] {
        [.delist(v("c-en-plus"), nil), .delist(v("c-rusal"), nil), .delist(v("c-eurosibenergo"), nil),
         .setShare(owner: v("p-oleg-deripaska"), asset: v("c-en-plus"), percent: 44.95)]
    }

    @Test func ofacIn2018() {
        let r = evaluate(network, rule: .ofac, asOf: Self.mid2018)
        #expect(r.ids(r.roots) == Self.designated2018)
        #expect(r.blockedIDs == Self.designated2018.union(["c-irkutskenergo", "c-aughinish-alumina"]))
        #expect(r.status("c-irkutskenergo") == .owned && r.status("c-aughinish-alumina") == .owned)
        #expect(r.undetermined.isEmpty, "unknown stakes lead only to entities listed anyway")
        // Deripaska's 70% would block En+ even without its listing.
        #expect(r.cautions().contains { $0.entity == v("c-en-plus") && $0.kind == .listedAndOwned })
    }

    @Test func ofacIn2019() {
        let r = evaluate(network, rule: .ofac, asOf: Self.feb2019)
        #expect(r.ids(r.roots) == Self.designated2019)
        #expect(r.blockedIDs == Self.designated2019)
        for id in ["c-en-plus", "c-rusal", "c-eurosibenergo", "c-irkutskenergo", "c-aughinish-alumina"] {
            #expect(r.status(id) == .clear, "\(id)")
        }
        // Deripaska's 44.95% of En+ is not enough; VTB, Glencore and the charity are not blocked.
        #expect(r.held("c-en-plus") == (44.95, 44.95))
        #expect(r.status("c-gaz-group") == .designated && r.status("p-oleg-deripaska") == .designated)
    }

    @Test func noOtherRuleBlocksAnything() {
        for date in [Self.mid2018, Self.feb2019] {
            #expect(evaluate(network, rule: .eu, asOf: date).blocked.isEmpty)
            #expect(evaluate(network, rule: .uk, asOf: date).blocked.isEmpty)
        }
    }

    @Test func delistingEnPlusAloneFreesNothing() {
        let radius = blastRadius(network, rule: .ofac, asOf: Self.mid2018, edits: [.delist(v("c-en-plus"), nil)])
        #expect(radius.unblocked.isEmpty)
        #expect(radius.newlyBlocked.isEmpty)
        #expect(radius.after.status("c-en-plus") == .owned, "Deripaska still holds 70%")
        let e = radius.after.explain(v("c-en-plus"))
        #expect(e.contributions.map { network.id(of: $0.owner) } == ["p-oleg-deripaska"])
        #expect(e.contributions.last?.runningPercent == 70)
        let still = Dictionary(radius.stillBlocked.map { (network.id(of: $0.entity), $0.reason) }, uniquingKeysWith: { a, _ in a })
        #expect(still["c-en-plus"] == .ownersStillHold(70))
        #expect(still["c-rusal"] == .listed && still["c-eurosibenergo"] == .listed)
        #expect(still["c-irkutskenergo"] == .ownersStillHold(90.5))
    }

    @Test func the2019TermsFreeEnPlusRusalEuroSibEnergoAndTheirSubsidiaries() {
        let radius = blastRadius(network, rule: .ofac, asOf: Self.mid2018, edits: relief)
        #expect(radius.before.ids(radius.unblocked) == ["c-en-plus", "c-rusal", "c-eurosibenergo", "c-irkutskenergo", "c-aughinish-alumina"])
        #expect(radius.newlyBlocked.isEmpty)
        #expect(radius.after.blockedIDs == Self.designated2019)
        #expect(radius.after.status("c-gaz-group") == .designated)
        #expect(radius.after.status("p-oleg-deripaska") == .designated)
        #expect(radius.after.held("c-en-plus").low == 44.95)
        // The scenario reproduces what the dated records say for 2019.
        let actual2019 = evaluate(network, rule: .ofac, asOf: Self.feb2019)
        #expect(radius.after.blockedIDs == actual2019.blockedIDs)
    }

    @Test func rusalNeedsItsOwnDelisting() {
        let edits = relief.filter { $0 != .delist(v("c-rusal"), nil) }
        let radius = blastRadius(network, rule: .ofac, asOf: Self.mid2018, edits: edits)
        #expect(radius.after.status("c-rusal") == .designated)
        #expect(radius.after.status("c-aughinish-alumina") == .owned, "still 100% owned by Rusal")
        #expect(radius.before.ids(radius.unblocked) == ["c-en-plus", "c-eurosibenergo", "c-irkutskenergo"])
        let still = Dictionary(radius.stillBlocked.map { (network.id(of: $0.entity), $0.reason) }, uniquingKeysWith: { a, _ in a })
        #expect(still["c-rusal"] == .listed)
        #expect(still["c-aughinish-alumina"] == .ownersStillHold(100))
    }

    @Test func rusalIsExplainedByItsListingNotByOwnership() {
        let r = evaluate(network, rule: .ofac, asOf: Self.mid2018)
        let e = r.explain(v("c-rusal"))
        #expect(e.status == .designated)
        #expect(e.contributions.isEmpty && e.owners.isEmpty)
        #expect(!e.designations.isEmpty)
        #expect(e.designations.allSatisfy { $0.jurisdiction == .us && $0.authority == "Office of Foreign Assets Control" })
        #expect(e.verdict == .listedInOwnRight && e.verdict.description == "listed in its own right")
        #expect(r.riskSources(of: v("c-rusal")) == [v("c-rusal")])
        // En+ holds only 48.13%: without its listing Rusal would be clear under OFAC.
        let delisted = evaluate(network, rule: .ofac, asOf: Self.mid2018, edits: [.delist(v("c-rusal"), nil)])
        #expect(delisted.status("c-rusal") == .clear)
        #expect(delisted.held("c-rusal").low == 48.13)
        #expect(delisted.cautions().contains { $0.entity == v("c-rusal") && $0.kind == .significantMinority })
        #expect(delisted.cautions().contains { $0.entity == v("c-rusal") && $0.kind == .controlledByBlocked },
                "En+ controls Rusal under the shareholders' agreement: a caution under OFAC")
    }

    @Test func aughinishIsExplainedThroughRusal() {
        let r = evaluate(network, rule: .ofac, asOf: Self.mid2018)
        let e = r.explain(v("c-aughinish-alumina"))
        #expect(e.status == .owned)
        #expect(e.contributions.map { network.id(of: $0.owner) } == ["c-rusal"])
        #expect(e.owners.first?.status == .designated)
        #expect(r.riskSources(of: v("c-aughinish-alumina")) == [v("c-rusal")])
        #expect(r.riskSources(of: v("c-irkutskenergo")) == [v("c-eurosibenergo")])
    }

    /// With control counted (a custom US rule), the dated end of Deripaska's control matters.
    @Test func controlTiesAreDatedToo() {
        var rule = BlockingRule.ofac
        rule.name = "ofac+control"
        rule.controlKinds = [.control]
        let in2018 = evaluate(network, rule: rule, asOf: Self.mid2018, edits: relief)
        #expect(in2018.status("c-en-plus") == .controlled, "Deripaska's control of En+ is in force until 2019-01-27")
        #expect(in2018.status("c-rusal") == .controlled, "En+ controls Rusal")
        #expect(in2018.status("c-aughinish-alumina") == .owned)
        let in2019 = evaluate(network, rule: rule, asOf: Self.feb2019)
        #expect(in2019.status("c-en-plus") == .clear && in2019.status("c-rusal") == .clear)
    }

    @Test func freeingPlans() throws {
        let r = evaluate(network, rule: .ofac, asOf: Self.mid2018)
        let rusal = try #require(r.planToFree(v("c-rusal")))
        #expect(rusal.isMinimal)
        #expect(rusal.actions == [.delist(v("c-rusal"), .us)])
        // En+: its listing and Deripaska's 70% both have to go.
        let enPlus = try #require(r.planToFree(v("c-en-plus")))
        #expect(enPlus.isMinimal)
        #expect(enPlus.actions.count == 2)
        #expect(enPlus.actions.contains(.delist(v("c-en-plus"), .us)))
        #expect(evaluate(network, rule: .ofac, asOf: Self.mid2018, edits: enPlus.actions).status("c-en-plus") == .clear)
        #expect(r.planToFree(v("c-vtb-bank")) == nil, "VTB is not blocked")
    }
}
