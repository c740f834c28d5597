import Testing
import TestKit
import SanctionsModel
import SanctionsRules
import GraphIO

@Suite struct RuleKindTests {
    @Test func kindsAreReadByNameAndAlias() {
        #expect(BlockingRule.Kind(name: "OFAC") == .ofac && BlockingRule.Kind(name: "us") == .ofac)
        #expect(BlockingRule.Kind(name: "gb") == .uk && BlockingRule.Kind(name: "ofsi") == .uk && BlockingRule.Kind(name: "eu") == .eu)
        #expect(BlockingRule.Kind(name: "Custom") == .custom)
        #expect(BlockingRule.Kind(name: "fatf") == nil)
        for kind in BlockingRule.Kind.allCases { #expect(BlockingRule.Kind(name: kind.description) == kind) }
    }

    @Test func presetsCarryTheirKind() {
        #expect(BlockingRule.ofac.kind == .ofac && BlockingRule.eu.kind == .eu && BlockingRule.uk.kind == .uk)
        #expect(BlockingRule.Kind.custom.preset == nil && BlockingRule.named("custom") == nil)
        #expect(BlockingRule.named("gb") == .uk)
        let mine = BlockingRule(threshold: 25)
        #expect(mine.kind == .custom && mine.name == "custom")
        var derived = BlockingRule.ofac
        derived.controlKinds = [.control]
        #expect(derived.kind == .ofac && derived.name == "ofac", "a preset with changed settings keeps its kind")
    }
}

@Suite struct RuleSettingsTests {
    @Test func aCustomRuleTakesItsSettings() throws {
        var settings = RuleSettings(kind: .custom, threshold: 25, strict: true, aggregation: .perDesignatedPerson)
        settings.controlKinds = try RuleSettings.tieKinds("control,directorship")
        settings.jurisdictions = try RuleSettings.jurisdictions("us,gb")
        let rule = try settings.rule()
        #expect(rule.kind == .custom && rule.name == "custom" && rule.threshold == 25 && !rule.inclusive)
        #expect(rule.aggregation == .perDesignatedPerson && rule.ownershipKinds == [.ownership])
        #expect(rule.controlKinds == [.control, .directorship] && rule.jurisdictions == [.us, .gb] && rule.measures == [.assetFreeze])
        #expect(try RuleSettings(kind: .custom).rule() == BlockingRule(), "the defaults are BlockingRule's")
    }

    @Test func presetsRefuseCustomSettings() throws {
        #expect(try RuleSettings(kind: .uk).rule() == .uk)
        #expect(throws: RuleSettingsError.customSettingsWithPreset(.ofac)) { try RuleSettings(kind: .ofac, threshold: 25).rule() }
        #expect(throws: RuleSettingsError.customSettingsWithPreset(.eu)) { try RuleSettings(kind: .eu, controlKinds: []).validate() }
        #expect(throws: RuleSettingsError.thresholdOutOfRange(150)) { try RuleSettings(kind: .custom, threshold: 150).rule() }
        #expect(throws: RuleSettingsError.unknownTieKind("owns")) { try RuleSettings.tieKinds("ownership,owns") }
        #expect(throws: RuleSettingsError.unknownJurisdiction("u2")) { try RuleSettings.jurisdictions("us,u2") }
        #expect(RuleSettingsError.unknownTieKind("owns").description == "'owns' is not a tie kind")
    }

    @Test func everyDesignationAndUndatedListings() throws {
        let all = try RuleSettings(kind: .ofac, designations: .all, undated: .inForce).rule()
        #expect(all.kind == .ofac && all.jurisdictions == nil && all.measures == nil && all.undated == .inForce)
        #expect(Aggregation(name: "per-person") == .perDesignatedPerson && Aggregation(name: "across") == .acrossOwners)
        for a in Aggregation.allCases { #expect(Aggregation(name: a.name) == a) }
        #expect(Aggregation(name: "acrossOwners") == nil)
    }
}

@Suite struct ReliefEditGrammarTests {
    @Test func everyEditParses() throws {
        let demo = try bundled("Graphs/demo-rare-earths.ftm.json")
        let parser = ReliefEditParser(demo)
        let stolnik = demo.v("p-viktor-stolnik"), borealis = demo.v("c-borealis-mineral-holdings")
        #expect(try parser.parse(.delist, "p-viktor-stolnik") == .delist(stolnik, nil))
        #expect(try parser.parse(.delist, "Viktor Stolnik") == .delist(stolnik, nil), "a unique name")
        #expect(try parser.parse(.delist, "p-viktor-stolnik:eu") == .delist(stolnik, .eu))
        #expect(try parser.parse(.setShare, "p-viktor-stolnik:c-borealis-mineral-holdings=44.95")
                == .setShare(owner: stolnik, asset: borealis, percent: 44.95))
        #expect(try parser.parse(.setShare, "Viktor Stolnik:Borealis Mineral Holdings Ltd=0") == .setShare(owner: stolnik, asset: borealis, percent: 0))
        #expect(try parser.parse(.removeTie, "p-viktor-stolnik:c-borealis-mineral-holdings") == .removeTie(owner: stolnik, asset: borealis))
        #expect(try parser.parse(.addTie, "p-viktor-stolnik:c-borealis-mineral-holdings=unknown")
                == .addTie(owner: stolnik, asset: borealis, kind: .ownership, percent: nil))
        #expect(try parser.parse(.designate, "c-borealis-mineral-holdings:us") == .addDesignation(borealis, .us))
        #expect(try parser.parse(.joint, "p-viktor-stolnik,p-arkady-veltsin") == .jointArrangement(stolnik, demo.v("p-arkady-veltsin")))
    }

    @Test func idsMayHoldColons() throws {
        let dir = try TempDir("colons")
        defer { dir.remove() }
        let path = try dir.write("colons.ftm.json", [ftm("x:1", "Person", ["name": ["X"]]), ftm("y:2:z", "Company", ["name": ["Y"]])].joined(separator: "\n") + "\n")
        let network = try FtMReader.load(path: path).0
        let parser = ReliefEditParser(network)
        #expect(try parser.parse(.removeTie, "x:1:y:2:z") == .removeTie(owner: network.v("x:1"), asset: network.v("y:2:z")))
        #expect(try parser.parse(.delist, "x:1:gb") == .delist(network.v("x:1"), .gb))
    }

    @Test func malformedEditsAreRefusedClearly() throws {
        let demo = try bundled("Graphs/demo-rare-earths.ftm.json")
        let parser = ReliefEditParser(demo)
        func message(_ kind: ReliefEditKind, _ text: String) -> String? {
            do { _ = try parser.parse(kind, text); return nil } catch { return "\(error)" }
        }
        #expect(message(.setShare, "p-viktor-stolnik:c-borealis-mineral-holdings") == "--set-share p-viktor-stolnik:c-borealis-mineral-holdings: expected OWNER:ASSET=PERCENT")
        #expect(message(.setShare, "p-viktor-stolnik:c-borealis-mineral-holdings=150") == "--set-share p-viktor-stolnik:c-borealis-mineral-holdings=150: the share must be between 0 and 100")
        #expect(message(.setShare, "p-viktor-stolnik:c-borealis-mineral-holdings=unknown") == "--set-share p-viktor-stolnik:c-borealis-mineral-holdings=unknown: the share must be a number")
        #expect(message(.designate, "c-borealis-mineral-holdings") == "--designate c-borealis-mineral-holdings: expected ID:JURISDICTION")
        #expect(message(.joint, "p-viktor-stolnik") == "--joint p-viktor-stolnik: expected A,B (two designated persons)")
        #expect(message(.removeTie, "a:b:c") == "--remove-tie 'a:b:c': expected OWNER:ASSET with two known entities (ids or unique names)")
        #expect(message(.delist, "Nobody Ltd") == "no entity has the id or name 'Nobody Ltd'")
        #expect(throws: ReliefEditError.unknownEntity("nobody")) { try parser.parse(.removeTie, "nobody:p-viktor-stolnik") }
    }

    @Test func aResolverOfOnesOwnIsUsed() throws {
        let demo = try bundled("Graphs/demo-rare-earths.ftm.json")
        let parser = ReliefEditParser(demo, resolve: { _ in 0 })
        #expect(try parser.parse(.designate, "anything:us") == .addDesignation(0, .us))
    }
}
