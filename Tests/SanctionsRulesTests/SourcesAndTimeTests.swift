import Testing
import TestKit
import SanctionsModel
import SanctionsRules
import GraphIO

/// Which listings count (docs/sources.md) and when (docs/time.md), on records shaped like an
/// OpenSanctions export: datasets, provisions, first_seen, undated SDN entries.
@Suite struct SourcesAndTimeTests {
    /// A record with OpenSanctions' top-level members.
    static func os(_ id: String, _ schema: String, _ properties: KeyValuePairs<String, [String]>, datasets: [String] = [],
                   firstSeen: String? = nil) -> String {
        var extra = ", \"datasets\": [" + datasets.map(json).joined(separator: ", ") + "]"
        if let firstSeen { extra += ", \"first_seen\": \(json(firstSeen + "T08:00:00")), \"last_seen\": \"2026-11-01T08:00:00\"" }
        return ftm(id, schema, properties, extra: extra)
    }

    static let lines: [String] = [
        os("p-owner", "Person", ["name": ["Owner"]]),
        os("p-banned", "Person", ["name": ["Banned"]]),
        os("c-maker", "Company", ["name": ["Maker"]]),
        os("c-sub", "Company", ["name": ["Sub"]]),
        os("c-banned", "Company", ["name": ["Banned Co"]]),
        os("c-sam", "Company", ["name": ["Excluded Co"]]),
        os("c-trust", "Company", ["name": ["Trust Co"]]),
        os("own-1", "Ownership", ["owner": ["p-owner"], "asset": ["c-maker"], "percentage": ["60"]]),
        os("own-2", "Ownership", ["owner": ["c-maker"], "asset": ["c-sub"], "percentage": ["100"]]),
        os("own-3", "Ownership", ["owner": ["p-banned"], "asset": ["c-banned"], "percentage": ["100"]]),
        // The SDN entry carries no date; OpenSanctions first saw it late in 2023.
        os("ofac-1", "Sanction", ["entity": ["p-owner"], "authority": ["Office of Foreign Assets Control"], "country": ["us"],
                                  "program": ["RUSSIA-EO14024"], "provisions": ["Block"]], datasets: ["us_ofac_sdn"], firstSeen: "2023-11-02"),
        os("eu-fsf-1", "Sanction", ["entity": ["p-owner"], "authority": ["Directorate-General for Financial Stability, Financial Services and Capital Markets Union"],
                                    "country": ["eu"], "startDate": ["2022-03-15"]], datasets: ["eu_fsf"], firstSeen: "2022-03-16"),
        os("eu-fsf-2", "Sanction", ["entity": ["c-maker"], "country": ["eu"], "startDate": ["2022-06-03"]], datasets: ["eu_fsf"]),
        os("eu-tb-1", "Sanction", ["entity": ["p-banned"], "authority": ["Council of the European Union"], "country": ["eu"],
                                   "startDate": ["2022-02-28"]], datasets: ["eu_travel_bans"]),
        os("sam-1", "Sanction", ["entity": ["c-sam"], "authority": ["OFAC"], "country": ["us"], "program": ["Reciprocal"],
                                 "startDate": ["2022-05-01"]], datasets: ["us_sam_exclusions"]),
        os("csl-1", "Sanction", ["entity": ["c-sam"], "authority": ["Bureau of Industry and Security"], "country": ["us"],
                                 "startDate": ["2022-05-01"]], datasets: ["us_trade_csl"]),
        os("gb-1", "Sanction", ["entity": ["p-owner"], "country": ["gb"], "startDate": ["2022-03-24"], "provisions": ["Asset freeze", "Travel Ban"]],
           datasets: ["gb_fcdo_sanctions"]),
        os("gb-2", "Sanction", ["entity": ["c-trust"], "country": ["gb"], "startDate": ["2023-04-20"], "provisions": ["Trust Services Sanctions"]],
           datasets: ["gb_fcdo_sanctions"]),
    ]

    static func network() throws -> SanctionsNetwork {
        let dir = try TempDir("sources")
        defer { dir.remove() }
        return try FtMReader.load(path: try dir.write("cluster.ftm.json", lines.joined(separator: "\n") + "\n")).0
    }

    @Test func anUndatedListingIsUndeterminedBeforeItsFirstSeen() throws {
        let n = try Self.network()
        let before = evaluate(n, rule: .ofac, asOf: day(2022, 6, 1))
        #expect(before.status("p-owner") == .undetermined && before.status("c-maker") == .undetermined && before.status("c-sub") == .undetermined)
        #expect(before.ids(before.uncertainRoots) == ["p-owner"] && before.roots.isEmpty)
        let why = before.explain(n.v("p-owner"))
        #expect(why.verdict.description.contains("listing date unknown") && why.verdict.description.contains("2023-11-02"), "\(why.verdict)")
        let maker = before.explain(n.v("c-maker"))
        #expect(maker.verdict.description.contains("listing date of Owner"), "\(maker.verdict)")
        #expect(why.verdict == .listingDateUnknown(knownSince: day(2023, 11, 2), asOf: day(2022, 6, 1)))
        guard case .undetermined(0, 60, let dependsOn, _, perPerson: false) = maker.verdict else { Issue.record("\(maker.verdict)"); return }
        #expect(dependsOn == [.undatedListings(of: [NamedEntity(node: n.v("p-owner"), name: "Owner")])], "\(dependsOn)")
        #expect(maker.held.low == 0 && maker.held.high == 60)
        // From first_seen on it is in force.
        let after = evaluate(n, rule: .ofac, asOf: day(2023, 11, 2))
        #expect(after.status("p-owner") == .designated && after.status("c-maker") == .owned && after.status("c-sub") == .owned)
        // The old reading, on request.
        var old = BlockingRule.ofac
        old.undated = .inForce
        let eternal = evaluate(n, rule: old, asOf: day(2022, 6, 1))
        #expect(eternal.status("p-owner") == .designated && eternal.status("c-sub") == .owned)
    }

    @Test func delistingTheUndatedOwnerSettlesWhatDependsOnIt() throws {
        let n = try Self.network()
        let r = blastRadius(n, rule: .ofac, asOf: day(2022, 6, 1), edits: [.delist(n.v("p-owner"), nil)])
        #expect(r.before.ids(r.noLongerUndetermined) == ["p-owner", "c-maker", "c-sub"])
        #expect(r.after.status("c-maker") == .clear)
        // Freeing plans are judged on the upper bound: the undated listing has to go.
        let plan = try #require(r.before.planToFree(n.v("c-sub")))
        let after = evaluate(n, rule: .ofac, asOf: day(2022, 6, 1), edits: plan.actions)
        #expect(after.status("c-sub") == .clear, "\(plan.actions)")
    }

    @Test func theEURuleCountsEULevelFreezesOnly() throws {
        let n = try Self.network()
        let eu = evaluate(n, rule: .eu, asOf: day(2024, 1, 1))
        #expect(eu.status("c-maker") == .designated, "listed in its own right by eu_fsf, not merely owned")
        #expect(eu.status("c-sub") == .owned)
        #expect(eu.status("p-banned") == .clear && eu.status("c-banned") == .clear, "a travel ban freezes nothing")
        let banned = eu.explain(n.v("p-banned"))
        #expect(banned.otherListings.map(\.verdict) == [.notCountedMeasure(.travelBan)])
        let maker = eu.explain(n.v("c-maker"))
        #expect(maker.designations.map(\.id) == ["eu-fsf-2"] && maker.designations.first?.basis == .dataset("eu_fsf"))
        // Delisting the owner does not free a company the EU lists itself.
        let relief = blastRadius(n, rule: .eu, asOf: day(2024, 1, 1), edits: [.delist(n.v("p-owner"), .eu)])
        #expect(relief.before.ids(relief.unblocked) == ["p-owner"], "only the delisted person himself")
        #expect(relief.stillBlocked.contains { $0.entity == n.v("c-maker") && $0.reason == .listed })
    }

    @Test func procurementExclusionsAndExportControlsDoNotBlock() throws {
        let n = try Self.network()
        let us = evaluate(n, rule: .ofac, asOf: day(2024, 1, 1))
        #expect(us.status("c-sam") == .clear)
        let sam = us.explain(n.v("c-sam"))
        #expect(Set(sam.otherListings.map(\.verdict)) == [.notCountedMeasure(.debarment), .notCountedMeasure(.exportControl)])
        var everything = BlockingRule.ofac
        everything.measures = nil
        #expect(evaluate(n, rule: everything, asOf: day(2024, 1, 1)).status("c-sam") == .designated, "--designations all counts them")
    }

    @Test func provisionsDecideWhatAUKRecordDoes() throws {
        let n = try Self.network()
        let uk = evaluate(n, rule: .uk, asOf: day(2024, 1, 1))
        #expect(uk.status("p-owner") == .designated && uk.status("c-maker") == .owned)
        #expect(uk.status("c-trust") == .clear, "trust-services sanctions only: not an asset freeze")
        let trust = try #require(uk.explain(n.v("c-trust")).otherListings.first)
        #expect(trust.designation.narrowedByProvisions && trust.verdict == .notCountedMeasure(trust.designation.measure))
    }

    @Test func jurisdictionsAreTheListsOwnCodes() throws {
        let n = try Self.network()
        #expect(Set(n.designations.map(\.jurisdiction.code)) == ["us", "eu", "gb"])
        var swiss = BlockingRule.ofac
        swiss.jurisdictions = [Jurisdiction(code: "ch")!]
        #expect(evaluate(n, rule: swiss, asOf: day(2024, 1, 1)).roots.isEmpty)
        // A designation added in a scenario under its own code counts for a rule of that code.
        let added = evaluate(n, rule: swiss, asOf: day(2024, 1, 1), edits: [.addDesignation(n.v("c-sam"), Jurisdiction(code: "ch")!)])
        #expect(added.status("c-sam") == .designated)
    }

    @Test func sourcesSeenListEveryClassification() throws {
        let n = try Self.network()
        let seen = n.sourcesSeen.map { "\($0.jurisdiction) \($0.measure) \($0.dataset) \($0.records) \($0.undated)" }
        #expect(seen == ["us asset-freeze us_ofac_sdn 1 1", "us export-control us_trade_csl 1 0", "us debarment us_sam_exclusions 1 0",
                         "eu asset-freeze eu_fsf 2 0", "eu travel-ban eu_travel_bans 1 0",
                         "gb asset-freeze gb_fcdo_sanctions 1 0", "gb other gb_fcdo_sanctions 1 0"])
        #expect(n.unknownSourceWarnings.isEmpty)
        #expect(n.exportDate == day(2026, 11, 1))
    }

    @Test func aUsersTableReclassifies() throws {
        let n = try Self.network()
        var registry = SourceRegistry.builtIn
        try registry.add(tsv: "match\tkey\tjurisdiction\tmeasure\tlabel\tcitation\ndataset\tus_sam_exclusions\tus\tasset-freeze\tcounted on purpose\t-\n",
                         origin: "mine.tsv")
        let wider = n.reclassified(by: registry)
        #expect(evaluate(wider, rule: .ofac, asOf: day(2024, 1, 1)).status("c-sam") == .designated)
        #expect(evaluate(n, rule: .ofac, asOf: day(2024, 1, 1)).status("c-sam") == .clear, "the original is unchanged")
    }

    /// UK joint arrangements join holders only on an explicit qualifier, never on a
    /// substring of free text (the real-data issue: "no joint arrangement" joined them).
    @Test(arguments: [("joint arrangement", true), ("Acting jointly", true), ("no joint arrangement", false),
                      ("joint venture partner", false), ("business associate", false)])
    func onlyAnExplicitQualifierJoinsUKHolders(detail: String, joins: Bool) {
        var s = Spec()
        s.entity("p", "Person"); s.entity("q", "Person"); s.entity("e")
        s.designate("p", [.gb]); s.designate("q", [.gb])
        s.own("p", "e", 30); s.own("q", "e", 30)
        s.tie(.associate, "p", "q", detail: detail)
        let r = evaluate(s.build(), rule: .uk, asOf: demoDay)
        #expect(r.status("e") == (joins ? .owned : .clear), "\(detail)")
        #expect(r.groups.count == (joins ? 1 : 2))
    }
}
