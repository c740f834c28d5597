import Testing
import SanctionsModel

@Suite struct SourceRegistryTests {
    let registry = SourceRegistry.builtIn

    func measure(_ dataset: String) -> Measure? { registry.entry(.dataset, dataset)?.measure }

    /// The datasets the real-data issue names, with the measure each must have.
    @Test(arguments: [
        ("us_ofac_sdn", "us", Measure.assetFreeze), ("eu_fsf", "eu", .assetFreeze), ("eu_journal_sanctions", "eu", .assetFreeze),
        ("gb_fcdo_sanctions", "gb", .assetFreeze), ("gb_hmt_sanctions", "gb", .assetFreeze), ("un_sc_sanctions", "un", .assetFreeze),
        ("ch_seco_sanctions", "ch", .assetFreeze), ("ca_dfatd_sema_sanctions", "ca", .assetFreeze), ("au_dfat_sanctions", "au", .assetFreeze),
        ("jp_mof_sanctions", "jp", .assetFreeze), ("nz_russia_sanctions", "nz", .assetFreeze), ("ua_nsdc_sanctions", "ua", .assetFreeze),
        ("fr_tresor_gels_avoir", "fr", .assetFreeze), ("be_fod_sanctions", "be", .assetFreeze), ("mc_fund_freezes", "mc", .assetFreeze),
        ("us_ofac_cons", "us", .sectoral), ("us_trade_csl", "us", .exportControl), ("us_sam_exclusions", "us", .debarment),
        ("eu_travel_bans", "eu", .travelBan), ("gb_coh_disqualified", "gb", .disqualification), ("ua_war_sanctions", "ua", .other),
    ])
    func builtInClassifiesTheDatasetsOfTheIssue(dataset: String, jurisdiction: String, expected: Measure) {
        let c = registry.classify(datasets: [dataset], authority: "", country: "", provisions: [])
        #expect(c.measure == expected && c.jurisdiction.code == jurisdiction && c.basis == .dataset(dataset), "\(dataset): \(c)")
    }

    @Test func theDatasetDecidesBeforeTheAuthority() {
        // SAM writes "OFAC" as its authority; a travel-ban record names the Council.
        #expect(registry.classify(datasets: ["us_sam_exclusions"], authority: "OFAC", country: "us", provisions: []).measure == .debarment)
        #expect(registry.classify(datasets: ["eu_travel_bans"], authority: "Council of the European Union", country: "eu", provisions: []).measure == .travelBan)
        // The first dataset the table knows decides; unknown ones are passed over.
        let c = registry.classify(datasets: ["sanctiongraph-demo", "us_ofac_sdn"], authority: "", country: "", provisions: [])
        #expect(c.basis == .dataset("us_ofac_sdn"))
    }

    @Test func withoutAKnownDatasetTheAuthorityThenTheCountryDecides() {
        let ofac = registry.classify(datasets: ["my-own-file"], authority: "office of foreign  assets control", country: "", provisions: [])
        #expect(ofac.jurisdiction == .us && ofac.measure == .assetFreeze && ofac.basis == .authority("Office of Foreign Assets Control"),
                "authorities compare case-insensitively with spaces folded")
        #expect(registry.classify(datasets: [], authority: "OFAC", country: "us", provisions: []).measure == .unknown,
                "the bare 'OFAC' is ambiguous (SAM writes it too): a dataset must decide")
        #expect(registry.classify(datasets: [], authority: "Insolvency Service", country: "gb", provisions: []).measure == .disqualification)
        let unknown = registry.classify(datasets: [], authority: "Ministry of Something", country: "xk", provisions: [])
        #expect(unknown.measure == .unknown && unknown.basis == .unknown && unknown.jurisdiction.code == "xk")
        let byCountry = registry.classify(datasets: [], authority: "", country: "uk", provisions: [])
        #expect(byCountry.jurisdiction == .gb && byCountry.measure == .assetFreeze && byCountry.basis == .country("gb"))
        #expect(registry.classify(datasets: [], authority: "", country: "", provisions: []).measure == .unknown)
    }

    @Test func provisionsTheTableKnowsNarrowAFreeze() {
        func fcdo(_ provisions: [String]) -> SourceClass {
            registry.classify(datasets: ["gb_fcdo_sanctions"], authority: "", country: "gb", provisions: provisions)
        }
        #expect(fcdo(["Asset freeze", "Travel Ban"]).measure == .assetFreeze)
        let trust = fcdo(["Trust Services Sanctions"])
        #expect(trust.measure != .assetFreeze && trust.narrowedByProvisions)
        #expect(fcdo(["Travel Ban"]).measure == .travelBan)
        // Text the table does not know (a legal basis) says nothing either way.
        let mc = registry.classify(datasets: ["mc_fund_freezes"], authority: "", country: "mc", provisions: ["Arrêté ministériel n° 2022-110"])
        #expect(mc.measure == .assetFreeze && !mc.narrowedByProvisions)
        // Provisions never widen: a travel ban with "Asset freeze" among its provisions stays a travel ban.
        #expect(registry.classify(datasets: ["eu_travel_bans"], authority: "", country: "eu", provisions: ["Asset freeze"]).measure == .travelBan)
    }

    @Test func rowsAddAndOverride() throws {
        var r = registry
        try r.add(tsv: """
            # a user's table
            match\tkey\tjurisdiction\tmeasure\tlabel\tcitation
            dataset\tus_sam_exclusions\tus\tasset-freeze\tmiscounted on purpose\t-
            dataset\txx_new_list\tfr\tasset-freeze\tA new national list\thttps://example.org
            """, origin: "mine.tsv")
        #expect(r.classify(datasets: ["us_sam_exclusions"], authority: "", country: "", provisions: []).measure == .assetFreeze)
        #expect(r.entry(.dataset, "xx_new_list")?.origin == "mine.tsv" && r.entry(.dataset, "xx_new_list")?.line == 4)
        #expect(r.origins == ["mine.tsv"])
        #expect(r.entries.count == registry.entries.count + 1, "an override replaces its row")
        #expect(r.version != registry.version)
    }

    @Test(arguments: [
        ("dataset\tx\tus\tasset-freeze\tl\tc", 1, "header"),
        ("match\tkey\tjurisdiction\tmeasure\tlabel\tcitation\ndataset\tx\tus\tfreeze\tl\tc", 2, "measure 'freeze'"),
        ("match\tkey\tjurisdiction\tmeasure\tlabel\tcitation\ndataset\tx\tusa-1\tasset-freeze\tl\tc", 2, "jurisdiction"),
        ("match\tkey\tjurisdiction\tmeasure\tlabel\tcitation\ndataset\tx\tus\tasset-freeze", 2, "6 tab-separated fields"),
        ("match\tkey\tjurisdiction\tmeasure\tlabel\tcitation\nplace\tx\tus\tasset-freeze\tl\tc", 2, "match 'place'"),
        ("match\tkey\tjurisdiction\tmeasure\tlabel\tcitation\ndataset\tx\t-\tasset-freeze\tl\tc", 2, "needs a jurisdiction"),
        ("# only a comment", 1, "no header"),
    ])
    func badTablesNameTheLineAndTheReason(text: String, line: Int, reason: String) {
        do {
            _ = try SourceRegistry(tsv: text, origin: "bad.tsv")
            Issue.record("accepted a bad table")
        } catch {
            #expect(error.origin == "bad.tsv" && error.line == line && error.reason.contains(reason), "\(error)")
        }
    }

    @Test func everyBuiltInRowIsWellFormed() {
        #expect(registry.entries.count > 60)
        for e in registry.entries {
            #expect(!e.key.isEmpty)
            switch e.match {
            case .dataset, .authority: #expect(e.jurisdiction != nil && e.measure != nil, "\(e.key)")
            case .provision: #expect(e.measure != nil, "\(e.key)")
            case .country: #expect(e.jurisdiction != nil, "\(e.key)")
            }
            if e.match == .dataset { #expect(e.key == e.key.lowercased() && !e.key.contains(" "), "dataset names are slugs: \(e.key)") }
        }
    }
}
