import Testing
import SanctionsModel
import SanctionsRules

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
