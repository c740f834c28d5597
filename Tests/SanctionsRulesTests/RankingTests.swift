import Testing
import SanctionsModel
import SanctionsRules
import TestOracles
import GraphIO

/// `rankDelistings` and `rankDesignations` against evaluating each scenario from scratch.
@Suite struct RankingTests {
    /// Blocked before, not blocked after (definite statuses: unknown stakes as 0%).
    static func freed(_ before: BlockingResult, _ after: BlockingResult) -> [UInt32] {
        (0 ..< UInt32(before.status.count)).filter { before.status[Int($0)].isBlocked && !after.status[Int($0)].isBlocked }
    }

    static func newlyBlocked(_ before: BlockingResult, _ after: BlockingResult) -> [UInt32] {
        (0 ..< UInt32(before.status.count)).filter { !before.status[Int($0)].isBlocked && after.status[Int($0)].isBlocked }
    }

    /// Checks one ranking of delistings; returns how many delistings were compared.
    @discardableResult
    static func checkDelistings(_ result: BlockingResult, edits: [ReliefEdit] = [], label: String) -> Int {
        let network = result.network
        let ranking = result.rankDelistings()
        #expect(ranking.map(\.entity).sorted() == result.roots, "\(label): every designated entity once")
        for impact in ranking {
            let after = evaluate(network, rule: result.rule, asOf: result.asOf, edits: edits + [.delist(impact.entity, nil)])
            let expected = freed(result, after)
            #expect(impact.freed == expected, "\(label): delisting \(network.id(of: impact.entity)) frees \(result.ids(expected).sorted()), ranking says \(result.ids(impact.freed).sorted())")
            #expect(impact.unblocked == impact.freed.count)
        }
        for (a, b) in zip(ranking, ranking.dropFirst()) {
            #expect(a.unblocked > b.unblocked || (a.unblocked == b.unblocked && network.id(of: a.entity) < network.id(of: b.entity)), "\(label): order")
        }
        return ranking.count
    }

    /// Checks one ranking of designations against `.addDesignation` evaluated from scratch.
    @discardableResult
    static func checkDesignations(_ result: BlockingResult, candidates: [UInt32]? = nil, label: String) -> Int {
        let network = result.network
        let ranking = result.rankDesignations(candidates: candidates)
        for impact in ranking {
            let after = evaluate(network, rule: result.rule, asOf: result.asOf, edits: [.addDesignation(impact.entity, jurisdiction(of: result.rule))])
            let expected = newlyBlocked(result, after)
            #expect(impact.newlyBlocked == expected.count, "\(label): designating \(network.id(of: impact.entity)) blocks \(result.ids(expected).sorted()), ranking says \(impact.newlyBlocked)")
        }
        for (a, b) in zip(ranking, ranking.dropFirst()) {
            #expect(a.newlyBlocked > b.newlyBlocked || (a.newlyBlocked == b.newlyBlocked && network.id(of: a.entity) < network.id(of: b.entity)), "\(label): order")
        }
        return ranking.count
    }

    @Test(arguments: presets.map(\.rule))
    func rankDelistingsAgreesWithEvaluatingEachDelisting(rule: BlockingRule) {
        var rng = TestRNG(seed: 0x5EED_0E)
        var compared = 0
        for _ in 0 ..< 300 {
            let spec = randomSpec(&rng, size: rng.int(5 ... 40), controlRate: rng.chance(0.5) ? 0.1 : 0)
            compared += Self.checkDelistings(evaluate(spec.build(), rule: rule, asOf: propertyDay), label: rule.name)
        }
        #expect(compared > 500)
    }

    @Test(arguments: presets.map(\.rule))
    func rankDesignationsAgreesWithEvaluatingEachDesignation(rule: BlockingRule) {
        var rng = TestRNG(seed: 0x5EED_0F)
        var compared = 0
        for _ in 0 ..< 300 {
            let spec = randomSpec(&rng, size: rng.int(5 ... 40), controlRate: rng.chance(0.5) ? 0.1 : 0)
            let network = spec.build()
            let result = evaluate(network, rule: rule, asOf: propertyDay)
            compared += Self.checkDesignations(result, label: rule.name)
            // The default candidates: every entity not blocked that owns (or, where control counts, controls) something.
            let problem = RefProblem(spec, rule: rule, day: propertyDay)
            let holders = Set(problem.stakes.map(\.o)).union(problem.controls.map(\.c))
            let expected = Set(holders.map { problem.ids[$0] }.filter { !result.status($0).isBlocked })
            #expect(Set(result.rankDesignations().map { network.id(of: $0.entity) }) == expected, "\(rule.name)")
        }
        #expect(compared > 1000)
    }

    @Test func rankingsOfTheDemo() throws {
        let demo = try bundled("Graphs/demo-rare-earths.ftm.json")
        for (key, rule) in presets {
            let result = evaluate(demo, rule: rule, asOf: demoDay)
            Self.checkDelistings(result, label: "demo \(key)")
            Self.checkDesignations(result, label: "demo \(key)")
        }
        let us = evaluate(demo, rule: .ofac, asOf: demoDay)
        let ranking = us.rankDelistings()
        let stolnik = try #require(ranking.first { $0.entity == demo.v("p-viktor-stolnik") })
        #expect(us.ids(stolnik.freed) == ["p-viktor-stolnik", "c-borealis-mineral-holdings", "c-borealis-rare-earths", "c-khibiny-rare-earth-mining",
                                          "c-khibiny-concentrate-trading", "c-murmansk-northern-thermal", "v-kara-sea-trader",
                                          "c-arctic-ree-logistics", "c-taiga-nickel-trading", "c-meridian-private-bank"])
        #expect(ranking.prefix(2).map { demo.id(of: $0.entity) } == ["p-arkady-veltsin", "p-viktor-stolnik"], "10 each; ties by id")
        // Severny State Bank (70% state-owned): its delisting frees itself, its leasing arm and Ural (Tavrin Holdings keeps only 30%).
        let bank = try #require(ranking.first { $0.entity == demo.v("c-severny-state-bank") })
        #expect(us.ids(bank.freed) == ["c-severny-state-bank", "c-severny-leasing", "c-ural-ree-separation"])
    }

    @Test func rankingsOfEnPlus() throws {
        let network = try bundled("Graphs/en-plus-2019.ftm.json")
        let r = evaluate(network, rule: .ofac, asOf: day(2018, 6, 1))
        Self.checkDelistings(r, label: "en+")
        Self.checkDesignations(r, label: "en+")
        let ranking = Dictionary(uniqueKeysWithValues: r.rankDelistings().map { (network.id(of: $0.entity), $0) })
        #expect(ranking["c-en-plus"]?.unblocked == 0, "Deripaska's 70% holds En+")
        #expect(ranking["c-rusal"].map { r.ids($0.freed) } == ["c-rusal", "c-aughinish-alumina"])
        #expect(ranking["c-eurosibenergo"]?.unblocked == 0, "wholly owned by En+, which stays listed")
        // Designating Glencore blocks only Glencore (10.55% is later; in 2018 it holds nothing).
        let glencore = r.rankDesignations(candidates: [network.v("c-glencore")])
        #expect(glencore.count == 1 && glencore[0].newlyBlocked == 1)
    }

    /// The scenario's own edits are kept when ranking.
    @Test func rankingAScenario() {
        var rng = TestRNG(seed: 0x5EED_10)
        for _ in 0 ..< 100 {
            let spec = randomSpec(&rng, size: rng.int(5 ... 25), controlRate: 0.1)
            let network = spec.build()
            let o = UInt32(rng.int(0 ... network.entityCount - 1)), a = UInt32(rng.int(0 ... network.entityCount - 1))
            let edits: [ReliefEdit] = [.setShare(owner: o, asset: a, percent: rng.pick([0.0, 30, 60])), .removeTie(owner: a, asset: o)]
            for (key, rule) in presets {
                Self.checkDelistings(evaluate(network, rule: rule, asOf: propertyDay, edits: edits), edits: edits, label: "scenario \(key)")
            }
        }
    }

    /// UK: P and Q are each in a joint arrangement with D, so {P, D, Q} is one group and
    /// P's 30% + Q's 25% of E count together. Delisting D leaves P and Q unjoined.
    @Test func ukDelistingTheLinkOfAJointArrangement() {
        var s = Spec()
        s.entity("p", "Person"); s.entity("d", "Person"); s.entity("q", "Person"); s.entity("e")
        s.tie(.associate, "p", "d", detail: "joint arrangement")
        s.tie(.associate, "d", "q", detail: "joint arrangement")
        s.own("p", "e", 30)
        s.own("q", "e", 25)
        for id in ["p", "d", "q"] { s.designate(id, [.gb]) }
        let network = s.build()
        let uk = evaluate(network, rule: .uk, asOf: demoDay)
        #expect(uk.groups.count == 1 && uk.status("e") == .owned)
        let after = evaluate(network, rule: .uk, asOf: demoDay, edits: [.delist(network.v("d"), nil)])
        #expect(after.groups.count == 2 && after.status("e") == .clear, "P and Q no longer act jointly")
        Self.checkDelistings(uk, label: "uk joint chain")
        // Without D in the middle, P and Q are not joined at all.
        var apart = s
        apart.listings.removeAll { $0.entity == "d" }
        #expect(evaluate(apart.build(), rule: .uk, asOf: demoDay).status("e") == .clear)
    }

    @Test func ukRankingsWithJointArrangements() {
        var rng = TestRNG(seed: 0x5EED_11)
        for _ in 0 ..< 200 {
            var spec = randomSpec(&rng, size: rng.int(5 ... 25), controlRate: 0.05)
            addJointArrangements(&spec, &rng, count: rng.int(1 ... 3))
            Self.checkDelistings(evaluate(spec.build(), rule: .uk, asOf: propertyDay), label: "uk joint")
        }
    }

    @Test func blockedCandidatesAreSkipped() throws {
        let demo = try bundled("Graphs/demo-rare-earths.ftm.json")
        let us = evaluate(demo, rule: .ofac, asOf: demoDay)
        let ranking = us.rankDesignations(candidates: [demo.v("p-viktor-stolnik"), demo.v("c-irtysh-energy-holding"), demo.v("p-sergei-tumanov")])
        #expect(ranking.map { demo.id(of: $0.entity) } == ["c-irtysh-energy-holding", "p-sergei-tumanov"], "Stolnik is blocked already")
        // Irtysh: itself, Pavlodar (45% + Tavrin's 10%), Ekibastuz. Tumanov: himself (Severny Aluminium Logistics is blocked).
        #expect(ranking.map(\.newlyBlocked) == [3, 1])
    }
}
