import Foundation
import Testing
import TestKit
import SanctionsModel
import SanctionsRules
import TestOracles
import GraphIO

/// The official worked examples (docs/rules.md), under the three rules.
@Suite struct OfficialExamplesTests {
    static let files = ["guidance-2014.ftm.json", "faq401-ex1.ftm.json", "faq401-ex2.ftm.json",
                        "faq401-ex3.ftm.json", "faq401-ex4.ftm.json", "eu-faq8.ftm.json"]

    /// expected.json: file → {"us": [...], "eu": [...], "uk": [...]}.
    static func expected() throws -> [String: [String: [String]]] {
        let data = try Data(contentsOf: URL(fileURLWithPath: repoRoot() + "/Graphs/ofac-guidance/expected.json"))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: [String: [String]]])
    }

    @Test func expectedJSONCoversEveryFile() throws {
        let expected = try Self.expected()
        #expect(Set(expected.keys) == Set(Self.files))
        for (file, sets) in expected { #expect(Set(sets.keys) == ["us", "eu", "uk"], "\(file)") }
    }

    @Test(arguments: files)
    func blockedSetsMatchTheOfficialAnswers(file: String) throws {
        let network = try bundled("Graphs/ofac-guidance/" + file)
        let expected = try #require(try Self.expected()[file])
        // After 2020-01-01 (the records' start) and after 2024-07-03 (the EU's ≥ 50%).
        for asOf in [day(2024, 7, 3), day(2025, 1, 1), demoDay] {
            for (key, rule) in presets {
                let result = evaluate(network, rule: rule, asOf: asOf)
                #expect(result.blockedIDs == Set(expected[key] ?? []), "\(file) \(key) as of \(asOf)")
                #expect(result.undetermined.isEmpty, "\(file) \(key): every stake is known")
                // The designated are exactly the parties with a Sanction record.
                let listed = Set(network.designations.map { network.id(of: $0.entity) })
                #expect(result.ids(result.roots) == listed, "\(file) \(key)")
                #expect(result.ids(result.roots) == Set(result.blocked.filter { result.status[Int($0)] == .designated }.map { network.id(of: $0) }))
            }
        }
    }

    @Test(arguments: files)
    func nothingIsBlockedBeforeTheRecordsStart(file: String) throws {
        let network = try bundled("Graphs/ofac-guidance/" + file)
        for (key, rule) in presets {
            let result = evaluate(network, rule: rule, asOf: day(2019, 12, 31))
            #expect(result.blocked.isEmpty, "\(file) \(key)")
        }
    }

    @Test(arguments: files)
    func theReferenceAgreesOnEveryExample(file: String) throws {
        let network = try bundled("Graphs/ofac-guidance/" + file)
        for (key, rule) in presets {
            for asOf in [day(2024, 1, 1), day(2025, 1, 1)] {
                let result = evaluate(network, rule: rule, asOf: asOf)
                let ref = RefProblem(network, rule: rule, day: asOf).statuses(rule: rule, day: asOf)
                #expect(result.status.map(refStatus) == ref, "\(file) \(key) as of \(asOf)")
            }
        }
    }

    /// The chain rule of FAQ 401 ex. 1: a blocked intermediary's stake counts in full (50%, not 25%).
    @Test func blockedIntermediariesCountInFull() throws {
        let network = try bundled("Graphs/ofac-guidance/faq401-ex1.ftm.json")
        let result = evaluate(network, rule: .ofac, asOf: demoDay)
        #expect(result.status("b") == .owned)
        #expect(result.held("b").low == 50)
        #expect(result.riskSources(of: network.v("b")) == [network.v("x")])
        #expect(result.explain(network.v("b")).contributions.map { network.id(of: $0.owner) } == ["a"])
    }

    /// FAQ 401 ex. 4: non-blocked intermediaries break the chain, 25% + 25% is not looked through.
    @Test func nonBlockedIntermediariesBreakTheChain() throws {
        let network = try bundled("Graphs/ofac-guidance/faq401-ex4.ftm.json")
        for (key, rule) in presets {
            let result = evaluate(network, rule: rule, asOf: demoDay)
            #expect(result.held("c").low == 0, "\(key)")
            #expect(result.status("a") == .clear && result.status("b") == .clear && result.status("c") == .clear, "\(key)")
        }
    }

    /// The 2014 guidance: 25% + 25% of two different blocked persons is 50% in the US and
    /// EU; the UK does not add across persons.
    @Test func aggregationAcrossPersons() throws {
        let network = try bundled("Graphs/ofac-guidance/guidance-2014.ftm.json")
        let us = evaluate(network, rule: .ofac, asOf: demoDay), uk = evaluate(network, rule: .uk, asOf: demoDay)
        let e = us.explain(network.v("a"))
        #expect(e.status == .owned)
        #expect(e.contributions.map(\.runningPercent) == [25, 50])
        #expect(Set(e.contributions.map { network.id(of: $0.owner) }) == ["x", "y"])
        #expect(uk.status("a") == .clear)
        #expect(uk.explain(network.v("a")).verdict.description.contains("any one designated person"), "\(uk.explain(network.v("a")).verdict)")
    }

    // MARK: The EU's move from > 50% to ≥ 50% on 2024-07-03

    static func exactlyHalf() -> SanctionsNetwork {
        var s = Spec()
        s.entity("x", "LegalEntity"); s.entity("a"); s.entity("b")
        s.own("x", "a", 50)
        s.own("a", "b", 50)
        s.designate("x")
        return s.build()
    }

    @Test(arguments: [(day(2024, 1, 1), false), (day(2024, 7, 2), false), (day(2024, 7, 3), true), (day(2025, 1, 1), true)])
    func euIsStrictBeforeJuly2024(asOf: Day, blocks: Bool) {
        let network = Self.exactlyHalf()
        let eu = evaluate(network, rule: .eu, asOf: asOf)
        #expect(eu.status("a").isBlocked == blocks, "EU as of \(asOf)")
        #expect(eu.status("b").isBlocked == blocks, "EU as of \(asOf)")
        #expect(eu.held("a").low == 50)
        // The US rule was ≥ 50% throughout; the UK's is > 50% throughout.
        #expect(evaluate(network, rule: .ofac, asOf: asOf).blockedIDs == ["x", "a", "b"])
        #expect(evaluate(network, rule: .uk, asOf: asOf).blockedIDs == ["x"])
    }

    @Test func faq401Example1UnderTheOldEURule() throws {
        let network = try bundled("Graphs/ofac-guidance/faq401-ex1.ftm.json")
        #expect(evaluate(network, rule: .eu, asOf: day(2024, 1, 1)).blockedIDs == ["x"])
        #expect(evaluate(network, rule: .eu, asOf: day(2024, 7, 3)).blockedIDs == ["x", "a", "b"])
        // EU FAQ 8 (30% + 25%) is more than 50% either way.
        let faq8 = try bundled("Graphs/ofac-guidance/eu-faq8.ftm.json")
        #expect(evaluate(faq8, rule: .eu, asOf: day(2024, 1, 1)).blockedIDs == ["p1", "p2", "e"])
    }

    @Test func strictnessShowsInTheVerdict() {
        let network = Self.exactlyHalf()
        let before = evaluate(network, rule: .eu, asOf: day(2024, 1, 1)).explain(network.v("a"))
        let after = evaluate(network, rule: .eu, asOf: day(2025, 1, 1)).explain(network.v("a"))
        #expect(before.verdict.description.contains("> 50%"), "\(before.verdict)")
        #expect(after.verdict.description.contains("≥ 50%"), "\(after.verdict)")
    }

    @Test func presetsAreNamedAsDocumented() {
        #expect(BlockingRule.named("ofac") == .ofac && BlockingRule.named("US") == .ofac)
        #expect(BlockingRule.named("eu") == .eu)
        #expect(BlockingRule.named("uk") == .uk && BlockingRule.named("gb") == .uk)
        #expect(BlockingRule.named("fr") == nil)
        #expect(BlockingRule.ofac.controlKinds.isEmpty, "control alone does not block under OFAC (FAQ 398)")
        #expect(BlockingRule.eu.controlKinds.contains(.control) && BlockingRule.uk.controlKinds.contains(.control))
    }
}
