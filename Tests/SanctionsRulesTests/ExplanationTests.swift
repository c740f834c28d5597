import Testing
import SanctionsModel
import SanctionsRules
import GraphIO

/// Explanations: running totals, chains back to designated roots, termination on cycles.
@Suite struct ExplanationTests {
    /// Checks every explanation tree of `result`; returns how many nodes were checked.
    @discardableResult
    static func checkExplanations(_ result: BlockingResult, label: String) -> Int {
        let network = result.network
        var checked = 0
        for v in 0 ..< UInt32(network.entityCount) where result.status[Int(v)] != .clear {
            let root = result.explain(v, depth: 64)
            walk(root) { e, path in
                checked += 1
                let name = "\(label) \(network.id(of: v)) → … \(network.id(of: e.entity))"
                #expect(e.status == result.status[Int(e.entity)], "\(name): the tree's statuses are the result's")
                // Never an entity twice on one path: an owner blocked after the entity is never cited.
                #expect(!path.contains(e.entity), "\(name): loops back through \(path.map { network.id(of: $0) })")
                // Running totals are the partial sums of the stakes, in order.
                var sum = 0.0
                for c in e.contributions where !c.isControl {
                    sum += e.status == .undetermined ? c.share.high : c.share.low
                    #expect(abs(c.runningPercent - sum) < 1e-9, "\(name): running \(c.runningPercent) vs partial sum \(sum)")
                }
                let totals = e.contributions.filter { !$0.isControl }.map(\.runningPercent)
                #expect(totals == totals.sorted(), "\(name): running totals never decrease")
                switch e.status {
                case .designated:
                    #expect(e.contributions.isEmpty)
                case .owned:
                    #expect(!e.contributions.isEmpty, "\(name)")
                    #expect(result.rule.meets(totals.last ?? 0, on: result.asOf), "\(name): final total \(totals.last ?? 0) must meet the rule")
                case .controlled:
                    #expect(e.contributions.contains { $0.isControl }, "\(name)")
                case .undetermined:
                    #expect(!e.contributions.isEmpty, "\(name)")
                    let viaControl = e.contributions.contains { $0.isControl }
                    #expect(viaControl || result.rule.meets(totals.last ?? 0, on: result.asOf), "\(name): the upper bound meets the rule")
                    if result.rule.aggregation == .acrossOwners {
                        #expect(!result.rule.meets(e.held.low, on: result.asOf), "\(name): the lower bound does not")
                    }
                case .clear:
                    Issue.record("\(name): a clear owner cited")
                }
                // Each owner is explained in turn, in the same order.
                #expect(e.owners.map(\.entity) == e.contributions.map(\.owner), "\(name)")
                // The leaves are designated.
                if e.owners.isEmpty { #expect(e.status == .designated, "\(name): chain ends at \(e.status)") }
            }
            // Risk sources are designated, and they are the leaves of the tree.
            let sources = result.riskSources(of: v)
            #expect(!sources.isEmpty, "\(label) \(network.id(of: v))")
            #expect(sources.allSatisfy { result.status[Int($0)] == .designated }, "\(label) \(network.id(of: v))")
            var leaves = Set<UInt32>()
            walk(root) { e, _ in if e.owners.isEmpty { leaves.insert(e.entity) } }
            if result.status[Int(v)].isBlocked { #expect(leaves == Set(sources), "\(label) \(network.id(of: v)): leaves \(leaves.sorted()) vs riskSources \(sources)") }
        }
        return checked
    }

    @Test func everyExplanationOfTheBundledGraphs() throws {
        let demo = try bundled("Graphs/demo-rare-earths.ftm.json")
        let enPlus = try bundled("Graphs/en-plus-2019.ftm.json")
        var total = 0
        for (key, rule) in presets {
            total += Self.checkExplanations(evaluate(demo, rule: rule, asOf: demoDay), label: "demo \(key)")
            total += Self.checkExplanations(evaluate(demo, rule: rule, asOf: day(2020, 6, 1)), label: "demo 2020 \(key)")
            total += Self.checkExplanations(evaluate(enPlus, rule: rule, asOf: day(2018, 6, 1)), label: "en+ \(key)")
        }
        #expect(total > 100)
    }

    /// A ↔ B own 60% of each other; X (designated) owns 50% of A.
    static func crossHolding() -> SanctionsNetwork {
        var s = Spec()
        s.entity("x", "LegalEntity"); s.entity("a"); s.entity("b")
        s.own("a", "b", 60)
        s.own("b", "a", 60)
        s.own("x", "a", 50)
        s.designate("x")
        return s.build()
    }

    @Test func explanationsTerminateOnCrossHoldings() {
        let network = Self.crossHolding()
        let r = evaluate(network, rule: .ofac, asOf: demoDay)
        #expect(r.status("a") == .owned && r.status("b") == .owned)
        let a = r.explain(network.v("a"), depth: 100), b = r.explain(network.v("b"), depth: 100)
        #expect(a.contributions.map { network.id(of: $0.owner) } == ["x"], "B was blocked after A: not cited")
        #expect(a.contributions.map(\.runningPercent) == [50])
        #expect(b.contributions.map { network.id(of: $0.owner) } == ["a"])
        #expect(b.owners.first?.owners.first?.entity == network.v("x"))
        #expect(r.riskSources(of: network.v("b")) == [network.v("x")])
        Self.checkExplanations(r, label: "cross-holding")
        // But the cycle does count once A is blocked: B's 60% would hold A on its own.
        #expect(r.held("a").low == 110)
        // Under the UK (> 50%) X's 50% is not enough, and the cycle blocks nothing.
        #expect(evaluate(network, rule: .uk, asOf: demoDay).blockedIDs == ["x"])
        let eu = evaluate(network, rule: .eu, asOf: demoDay)
        #expect(eu.blockedIDs == ["x", "a", "b"])
        Self.checkExplanations(eu, label: "cross-holding eu")
    }

    @Test func theBorealisCrossHoldingIsNotCitedBackwards() throws {
        let demo = try bundled("Graphs/demo-rare-earths.ftm.json")
        for (key, rule) in presets {
            let r = evaluate(demo, rule: rule, asOf: demoDay)
            let e = r.explain(demo.v("c-borealis-mineral-holdings"))
            #expect(e.contributions.map { demo.id(of: $0.owner) } == ["p-viktor-stolnik"], "\(key): Borealis Rare Earths is blocked after its parent")
            #expect(e.contributions.map(\.runningPercent) == [70], "\(key)")
        }
    }

    @Test func taigaAddsTwoDesignatedOwners() throws {
        let demo = try bundled("Graphs/demo-rare-earths.ftm.json")
        let r = evaluate(demo, rule: .ofac, asOf: demoDay)
        let e = r.explain(demo.v("c-taiga-nickel-trading"))
        #expect(e.status == .owned)
        #expect(Set(e.contributions.map { demo.id(of: $0.owner) }) == ["p-viktor-stolnik", "p-arkady-veltsin"])
        #expect(e.contributions.last?.runningPercent == 55)
        #expect(e.verdict == .owned(holder: .blockedOwners, percent: 55, moreThan: false, threshold: .init(percent: 50, strict: false)))
        #expect(e.verdict.description == "blocked owners hold 55% ≥ 50%", "\(e.verdict)")
        #expect(e.owners.allSatisfy { $0.status == .designated && !$0.designations.isEmpty })
        #expect(Set(r.riskSources(of: demo.v("c-taiga-nickel-trading"))) == [demo.v("p-viktor-stolnik"), demo.v("p-arkady-veltsin")])
        // The designations shown are those the rule counts: US ones only.
        #expect(e.owners.flatMap(\.designations).allSatisfy { $0.jurisdiction == .us })
    }

    @Test func depthLimitsTheTree() throws {
        let demo = try bundled("Graphs/demo-rare-earths.ftm.json")
        let r = evaluate(demo, rule: .ofac, asOf: demoDay)
        let ship = demo.v("v-kara-sea-trader")
        let full = r.explain(ship)
        var depth = 0
        walk(full) { _, path in depth = max(depth, path.count) }
        #expect(depth == 5, "ship ← Khibiny Concentrate ← Khibiny Mining ← Borealis RE ← Borealis MH ← Stolnik")
        let shallow = r.explain(ship, depth: 1)
        #expect(shallow.owners.count == 1 && shallow.owners[0].owners.isEmpty && !shallow.owners[0].contributions.isEmpty)
        #expect(r.explain(ship, depth: 0).owners.isEmpty)
        #expect(r.riskSources(of: ship) == [demo.v("p-viktor-stolnik")])
    }

    @Test func clearEntitiesAreExplainedToo() throws {
        let demo = try bundled("Graphs/demo-rare-earths.ftm.json")
        let r = evaluate(demo, rule: .ofac, asOf: demoDay)
        let e = r.explain(demo.v("c-sibir-magnet-technologies"))
        #expect(e.status == .clear && e.contributions.isEmpty)
        #expect(e.verdict.description.contains("45%") && e.verdict.description.contains("not ≥ 50%"), "\(e.verdict)")
        guard case .belowThreshold(let low, _, let threshold, perPerson: false) = e.verdict else { Issue.record("\(e.verdict)"); return }
        #expect(low == 45 && threshold == Explanation.Threshold(percent: 50, strict: false))
        #expect(r.riskSources(of: demo.v("c-sibir-magnet-technologies")).isEmpty)
    }

    @Test func explanationsOnRandomGraphs() {
        var rng = TestRNG(seed: 0xE4A1)
        for _ in 0 ..< 120 {
            let spec = randomSpec(&rng, size: rng.int(5 ... 30), controlRate: 0.1)
            let network = spec.build()
            for (key, rule) in presets { Self.checkExplanations(evaluate(network, rule: rule, asOf: propertyDay), label: key) }
        }
        // UK groups joined by joint arrangements.
        for _ in 0 ..< 80 {
            var spec = randomSpec(&rng, size: rng.int(5 ... 25), controlRate: 0.05)
            addJointArrangements(&spec, &rng, count: rng.int(1 ... 3))
            Self.checkExplanations(evaluate(spec.build(), rule: .uk, asOf: propertyDay), label: "uk joint")
        }
    }
}
