import Testing
import SanctionsModel
import SanctionsRules
import TestOracles
import GraphIO

/// Relief scenarios (README, "What relief would do"): the edits and their blast radius.
@Suite struct ReliefTests {
    // MARK: The edits, one by one

    /// X (designated everywhere) → A: 30% and 25% in force (two share classes, so they add),
    /// 90% expired; Y designated by the EU only; B unowned.
    static func pair() -> SanctionsNetwork {
        var s = Spec()
        s.entity("x", "LegalEntity"); s.entity("y", "LegalEntity"); s.entity("a"); s.entity("b")
        s.own("x", "a", interval: .exact(30), shareClass: "ordinary")
        s.own("x", "a", interval: .exact(25), shareClass: "preferred", start: day(2021, 1, 1))
        s.own("x", "a", 90, end: day(2020, 1, 1))
        s.designate("x")
        s.designate("y", [.eu])
        return s.build()
    }

    @Test func setShareReplacesEveryTieInForceBetweenThePair() {
        let n = Self.pair()
        let x = n.v("x"), a = n.v("a")
        let base = evaluate(n, rule: .ofac, asOf: demoDay)
        #expect(base.status("a") == .owned && base.held("a").low == 55, "two ties in force; the 90% one expired")
        let forty = evaluate(n, rule: .ofac, asOf: demoDay, edits: [.setShare(owner: x, asset: a, percent: 40)])
        #expect(forty.held("a").low == 40, "40% replaces both 30% and 25%, and does not revive the expired 90%")
        #expect(forty.status("a") == .clear)
        let fifty = evaluate(n, rule: .ofac, asOf: demoDay, edits: [.setShare(owner: x, asset: a, percent: 50)])
        #expect(fifty.status("a") == .owned && fifty.held("a").low == 50)
        // Before the 25% stake began, only the 30% one is in force, and it is replaced.
        let early = evaluate(n, rule: .ofac, asOf: day(2020, 6, 1), edits: [.setShare(owner: x, asset: a, percent: 45)])
        #expect(early.held("a").low == 45)
    }

    @Test func setShareOnAPairWithoutATieAddsOne() {
        let n = Self.pair()
        let r = evaluate(n, rule: .ofac, asOf: demoDay, edits: [.setShare(owner: n.v("x"), asset: n.v("b"), percent: 60)])
        #expect(r.status("b") == .owned && r.held("b").low == 60)
        #expect(r.explain(n.v("b")).contributions.map(\.owner) == [n.v("x")])
    }

    @Test func setShareKeepsAControlTie() {
        var s = Spec()
        s.entity("x", "LegalEntity"); s.entity("a")
        s.own("x", "a", 60)
        s.control("x", "a")
        s.designate("x")
        let n = s.build()
        let edit = ReliefEdit.setShare(owner: n.v("x"), asset: n.v("a"), percent: 10)
        #expect(evaluate(n, rule: .ofac, asOf: demoDay, edits: [edit]).status("a") == .clear)
        #expect(evaluate(n, rule: .eu, asOf: demoDay, edits: [edit]).status("a") == .controlled, "the stake changes, not the control")
        let removed = ReliefEdit.removeTie(owner: n.v("x"), asset: n.v("a"))
        #expect(evaluate(n, rule: .eu, asOf: demoDay, edits: [removed]).status("a") == .clear, "removeTie removes stake and control")
        #expect(evaluate(n, rule: .eu, asOf: demoDay, edits: [removed]).held("a") == (0, 0))
    }

    @Test func addTie() {
        let n = Self.pair()
        let x = n.v("x"), b = n.v("b")
        let owned = evaluate(n, rule: .ofac, asOf: demoDay, edits: [.addTie(owner: x, asset: b, kind: .ownership, percent: 60)])
        #expect(owned.status("b") == .owned)
        let small = evaluate(n, rule: .ofac, asOf: demoDay, edits: [.addTie(owner: x, asset: b, kind: .ownership, percent: 20)])
        #expect(small.status("b") == .clear && small.held("b").low == 20)
        let control = ReliefEdit.addTie(owner: x, asset: b, kind: .control, percent: nil)
        #expect(evaluate(n, rule: .ofac, asOf: demoDay, edits: [control]).status("b") == .clear, "control alone does not block under OFAC")
        #expect(evaluate(n, rule: .eu, asOf: demoDay, edits: [control]).status("b") == .controlled)
        #expect(evaluate(n, rule: .uk, asOf: demoDay, edits: [control]).status("b") == .controlled)
        let family = ReliefEdit.addTie(owner: x, asset: b, kind: .family, percent: nil)
        #expect(evaluate(n, rule: .eu, asOf: demoDay, edits: [family]).status("b") == .clear, "a family tie neither owns nor controls")
    }

    @Test func addDesignationCountsOnlyInTheRulesJurisdiction() {
        let n = Self.pair()
        let b = n.v("b"), y = n.v("y")
        #expect(evaluate(n, rule: .ofac, asOf: demoDay, edits: [.addDesignation(b, .us)]).status("b") == .designated)
        #expect(evaluate(n, rule: .ofac, asOf: demoDay, edits: [.addDesignation(b, .eu)]).status("b") == .clear, "an EU listing is ignored by OFAC")
        #expect(evaluate(n, rule: .uk, asOf: demoDay, edits: [.addDesignation(b, .us)]).status("b") == .clear)
        #expect(evaluate(n, rule: .uk, asOf: demoDay, edits: [.addDesignation(b, .gb)]).status("b") == .designated)
        var any = BlockingRule.ofac
        any.jurisdictions = nil
        #expect(evaluate(n, rule: any, asOf: demoDay, edits: [.addDesignation(b, .un)]).status("b") == .designated)
        // Y is listed by the EU only.
        #expect(evaluate(n, rule: .ofac, asOf: demoDay).status("y") == .clear)
        #expect(evaluate(n, rule: .eu, asOf: demoDay).status("y") == .designated)
        let e = evaluate(n, rule: .ofac, asOf: demoDay, edits: [.addDesignation(y, .us)]).explain(y)
        #expect(e.status == .designated && e.designations.isEmpty && e.verdict == .designatedInScenario && e.verdict.description == "designated in the scenario")
    }

    @Test func delistOneJurisdictionOrAll() {
        let n = Self.pair()
        let x = n.v("x")
        #expect(evaluate(n, rule: .ofac, asOf: demoDay, edits: [.delist(x, .eu)]).status("x") == .designated, "the US listing stays")
        #expect(evaluate(n, rule: .eu, asOf: demoDay, edits: [.delist(x, .eu)]).status("x") == .clear)
        #expect(evaluate(n, rule: .ofac, asOf: demoDay, edits: [.delist(x, .us)]).blockedIDs.isEmpty)
        #expect(evaluate(n, rule: .uk, asOf: demoDay, edits: [.delist(x, nil)]).blockedIDs.isEmpty)
    }

    /// A designation the scenario adds is one of the entity's designations in that
    /// jurisdiction: a later delisting in the same jurisdiction ends it.
    @Test func delistingInAJurisdictionEndsADesignationTheScenarioAdded() {
        let n = Self.pair()
        let b = n.v("b")
        let both = evaluate(n, rule: .ofac, asOf: demoDay, edits: [.addDesignation(b, .us), .delist(b, .us)])
        #expect(both.status("b") == .clear, "designated in the scenario, then delisted by the US: still \(both.status("b"))")
        #expect(evaluate(n, rule: .ofac, asOf: demoDay, edits: [.addDesignation(b, .us), .delist(b, nil)]).status("b") == .clear)
    }

    // MARK: Blast radius

    @Test func blastRadiusMatchesTwoEvaluationsOnRandomScenarios() {
        var rng = TestRNG(seed: 0x7E11)
        for _ in 0 ..< 200 {
            let spec = randomSpec(&rng, size: rng.int(5 ... 30), controlRate: 0.1)
            let n = spec.build()
            let edits = randomScenario(&rng, n)
            for (key, rule) in presets {
                let radius = blastRadius(n, rule: rule, asOf: propertyDay, edits: edits, hops: 2)
                let before = evaluate(n, rule: rule, asOf: propertyDay), after = evaluate(n, rule: rule, asOf: propertyDay, edits: edits)
                #expect(radius.before.status == before.status && radius.after.status == after.status, "\(key)")
                let all = 0 ..< UInt32(n.entityCount)
                #expect(radius.unblocked == all.filter { before.status[Int($0)].isBlocked && !after.status[Int($0)].isBlocked }, "\(key) \(edits)")
                #expect(radius.newlyBlocked == all.filter { !before.status[Int($0)].isBlocked && after.status[Int($0)].isBlocked }, "\(key) \(edits)")
                #expect(radius.nowUndetermined == all.filter { before.status[Int($0)] != .undetermined && after.status[Int($0)] == .undetermined })
                #expect(radius.noLongerUndetermined == all.filter { before.status[Int($0)] == .undetermined && after.status[Int($0)] != .undetermined })
                // Still blocked: every edited entity or entity downstream that is blocked before and after, with its reason.
                let edited = Set(edits.flatMap(\.entities))
                let reach = edited.union(radius.downstream)
                let expectedStill = reach.filter { before.status[Int($0)].isBlocked && after.status[Int($0)].isBlocked }
                #expect(Set(radius.stillBlocked.map(\.entity)) == expectedStill, "\(key)")
                for (v, reason) in radius.stillBlocked {
                    switch after.status[Int(v)] {
                    case .designated: #expect(reason == .listed)
                    case .controlled:
                        guard case .stillControlled(let by) = reason else { Issue.record("\(key): \(reason)"); continue }
                        #expect(after.status[Int(by)].isBlocked)
                    default:
                        #expect(reason == .ownersStillHold(after.heldShare(of: v).low))
                        if rule.aggregation == .acrossOwners { #expect(rule.meets(after.heldShare(of: v).low, on: propertyDay)) }
                    }
                }
                #expect(radius.downstream.allSatisfy { !edited.contains($0) } && radius.neighbours.allSatisfy { !edited.contains($0) })
            }
        }
    }

    /// The edits mean what they say: applying them to the records gives the same statuses.
    @Test func editsAgreeWithEditedRecords() {
        var rng = TestRNG(seed: 0x7E12)
        for _ in 0 ..< 200 {
            var spec = randomSpec(&rng, size: rng.int(5 ... 25), controlRate: 0.1)
            let n = spec.build()
            let ids = spec.entities.map(\.id)
            let o = rng.pick(ids), a = rng.pick(ids), d = rng.pick(ids), j = rng.pick([Jurisdiction.us, .eu, .gb])
            let p = rng.pick([10.0, 30, 50, 60])
            let edits: [ReliefEdit] = [.setShare(owner: n.v(o), asset: n.v(a), percent: p), .delist(n.v(d), j)]
            // The same, on the records: every ownership tie o → a in force replaced by one of p%; d's j listings ended.
            spec.ties.removeAll { $0.kind == .ownership && $0.from == o && $0.to == a && RefProblem.active($0.start, $0.end, on: propertyDay) }
            spec.own(o, a, p)
            spec.listings.removeAll { $0.entity == d && $0.jurisdiction == j }
            for (key, rule) in presets {
                let got = evaluate(n, rule: rule, asOf: propertyDay, edits: edits).statusByID.mapValues(refStatus)
                let expected = RefProblem(spec, rule: rule, day: propertyDay).statusByID(rule: rule, day: propertyDay)
                #expect(got == expected, "\(key): set \(o)→\(a) \(p)%, delist \(d) (\(j.code))")
            }
        }
    }

    @Test func downstreamAndNeighbours() {
        var s = Spec()
        s.entity("x", "Person"); s.entity("y", "Person"); s.entity("a"); s.entity("b"); s.entity("c")
        s.own("x", "a", 60); s.own("a", "b", 60); s.control("b", "c")
        s.tie(.family, "y", "x", detail: "brother")
        let n = s.build()
        let radius1 = blastRadius(n, rule: .ofac, asOf: demoDay, edits: [.delist(n.v("x"), nil)], hops: 1)
        #expect(Set(radius1.downstream.map { n.id(of: $0) }) == ["a", "b", "c"])
        #expect(Set(radius1.neighbours.map { n.id(of: $0) }) == ["a", "y"])
        let radius2 = blastRadius(n, rule: .ofac, asOf: demoDay, edits: [.delist(n.v("x"), nil)], hops: 2)
        #expect(Set(radius2.neighbours.map { n.id(of: $0) }) == ["a", "b", "y"])
    }

    // MARK: The demo's relief case

    @Test func delistingStolnikOrHisDivestmentFreesTheBorealisChain() throws {
        let demo = try bundled("Graphs/demo-rare-earths.ftm.json")
        let stolnik = demo.v("p-viktor-stolnik"), borealis = demo.v("c-borealis-mineral-holdings")
        let chain: Set<String> = ["c-borealis-mineral-holdings", "c-borealis-rare-earths", "c-khibiny-rare-earth-mining",
                                  "c-khibiny-concentrate-trading", "c-murmansk-northern-thermal", "v-kara-sea-trader"]
        for edits in [[ReliefEdit.delist(stolnik, nil)], [.setShare(owner: stolnik, asset: borealis, percent: 45)]] {
            for (key, rule) in presets {
                let radius = blastRadius(demo, rule: rule, asOf: demoDay, edits: edits)
                #expect(radius.before.ids(radius.unblocked).isSuperset(of: chain), "\(key) \(edits)")
                #expect(radius.after.status("c-lovat-rare-metals") == .clear, "\(key): the unknown Lovat stake no longer matters")
                #expect(radius.noLongerUndetermined.contains(demo.v("c-lovat-rare-metals")), "\(key)")
                #expect(radius.newlyBlocked.isEmpty, "\(key)")
                // The 10% held back through the cross-holding does not count.
                let divested = edits != [.delist(stolnik, nil)]
                #expect(radius.after.held("c-borealis-mineral-holdings").low == (divested ? 45 : 0), "\(key)")
            }
        }
    }

    @Test func sectorExposureOnTheDemo() throws {
        let demo = try bundled("Graphs/demo-rare-earths.ftm.json")
        let stolnik = demo.v("p-viktor-stolnik")
        let rareEarths = try #require(demo.node(id: "sector:rare earths"))
        // (blocked before, after) among the 16 rare-earth companies, per rule.
        let expected: [String: (Int, Int)] = ["us": (6, 1), "eu": (5, 0), "uk": (5, 1)]
        for (key, rule) in presets {
            let radius = blastRadius(demo, rule: rule, asOf: demoDay, edits: [.delist(stolnik, nil)])
            let sector = try #require(radius.sectors.first { $0.sector == rareEarths }, "\(key)")
            #expect(sector.members == 16)
            #expect((sector.blockedBefore, sector.blockedAfter) == expected[key]!, "\(key)")
            #expect(abs(sector.shareBefore - Double(expected[key]!.0) / 16) < 1e-12)
            // Listed: exactly the sectors with a member blocked before or after.
            let exposed = (0 ..< UInt32(demo.entityCount)).filter { demo.kinds[Int($0)] == .sector }.filter { sector in
                (0 ..< UInt32(demo.entityCount)).contains { demo.sectors[$0].contains(sector) && (radius.before.status[Int($0)].isBlocked || radius.after.status[Int($0)].isBlocked) }
            }
            #expect(radius.sectors.map(\.sector).sorted() == exposed, "\(key)")
            // Every sector's counts, recounted from the members' statuses.
            for s in radius.sectors {
                let members = (0 ..< UInt32(demo.entityCount)).filter { demo.sectors[$0].contains(s.sector) }
                #expect(s.members == members.count, "\(key) \(demo.name(of: s.sector))")
                #expect(s.blockedBefore == members.filter { radius.before.status[Int($0)].isBlocked }.count)
                #expect(s.blockedAfter == members.filter { radius.after.status[Int($0)].isBlocked }.count)
            }
        }
    }

    @Test func stillBlockedReasonsOnTheDemo() throws {
        let demo = try bundled("Graphs/demo-rare-earths.ftm.json")
        // Delisting Veltsin under the EU: Zapolyarny stays listed, and so what it owns stays blocked.
        let radius = blastRadius(demo, rule: .eu, asOf: demoDay, edits: [.delist(demo.v("p-arkady-veltsin"), nil)])
        let still = Dictionary(radius.stillBlocked.map { (demo.id(of: $0.entity), $0.reason) }, uniquingKeysWith: { a, _ in a })
        #expect(still["c-zapolyarny-nickel-combine"] == .listed, "EU-listed in its own right")
        #expect(still["c-norvik-nickel-sales"] == .ownersStillHold(100))
        #expect(radius.before.ids(radius.unblocked).isSuperset(of: ["p-arkady-veltsin", "c-veltsin-capital", "c-severny-aluminium-logistics", "c-altai-aluminium-holdings"]))
        #expect(radius.before.ids(radius.unblocked).contains("c-taiga-nickel-trading"), "Stolnik's 30% alone does not hold Taiga")
    }
}
