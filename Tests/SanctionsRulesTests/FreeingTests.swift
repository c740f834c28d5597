import Testing
import SanctionsModel
import SanctionsRules
import TestOracles
import GraphIO

/// `planToFree`: the actions free the entity, and a plan said to be minimal is.
@Suite struct FreeingTests {
    /// Every delisting of a designated ancestor (or the entity) and every removal of a tie
    /// from a blocked or undetermined owner into an ancestor (or the entity): a superset of
    /// what could help, built from the records by the test.
    static func bruteForceCandidates(_ result: BlockingResult, target: UInt32) -> [ReliefEdit] {
        let network = result.network
        let problem = RefProblem(network, rule: result.rule, day: result.asOf)
        let ties = problem.stakes.map { ($0.o, $0.a) } + problem.controls.map { ($0.c, $0.t) }
        var ancestors: Set<Int> = [Int(target)], stack = [Int(target)]
        while let v = stack.popLast() {
            for (o, a) in ties where a == v && !ancestors.contains(o) { ancestors.insert(o); stack.append(o) }
        }
        var actions: [ReliefEdit] = result.roots.filter { ancestors.contains(Int($0)) }.map { .delist($0, jurisdiction(of: result.rule)) }
        var pairs = Set<[Int]>()
        for (o, a) in ties where ancestors.contains(a) && result.status[o] != .clear && pairs.insert([o, a]).inserted {
            actions.append(.removeTie(owner: UInt32(o), asset: UInt32(a)))
        }
        return actions
    }

    static func subsets<T>(_ items: [T], size: Int) -> [[T]] {
        guard size > 0 else { return [[]] }
        guard items.count >= size else { return [] }
        let head = items[0], tail = Array(items.dropFirst())
        return subsets(tail, size: size - 1).map { [head] + $0 } + subsets(tail, size: size)
    }

    static func frees(_ result: BlockingResult, _ target: UInt32, _ actions: [ReliefEdit]) -> Bool {
        evaluate(result.network, rule: result.rule, asOf: result.asOf, edits: result.edits + actions).status[Int(target)] == .clear
    }

    /// Checks every plan of `result`; returns (plans, plans proven minimal by brute force).
    @discardableResult
    static func checkPlans(_ result: BlockingResult, label: String, bruteForceUpTo maxCandidates: Int = 14) -> (Int, Int) {
        let network = result.network
        var plans = 0, proven = 0
        for t in 0 ..< UInt32(network.entityCount) {
            guard result.status[Int(t)] != .clear else {
                #expect(result.planToFree(t) == nil, "\(label) \(network.id(of: t)) is clear already")
                continue
            }
            guard let plan = result.planToFree(t) else { Issue.record("\(label) \(network.id(of: t)): no plan"); continue }
            plans += 1
            let name = "\(label) \(network.id(of: t)) (\(result.status[Int(t)])): \(plan.actions) [\(plan.method)]"
            #expect(!plan.actions.isEmpty, "\(name)")
            #expect(frees(result, t, plan.actions), "\(name): the plan does not free it")
            guard plan.isMinimal else { continue }
            // No action of a minimal plan can be left out.
            for i in plan.actions.indices where plan.actions.count > 1 {
                var fewer = plan.actions
                fewer.remove(at: i)
                #expect(!frees(result, t, fewer), "\(name): works without \(plan.actions[i])")
            }
            // No smaller set of candidate actions frees it.
            let candidates = bruteForceCandidates(result, target: t)
            for a in plan.actions { #expect(candidates.contains(a), "\(name): \(a) is not a delisting or divestment upstream") }
            guard candidates.count <= maxCandidates, plan.actions.count <= 3 else { continue }
            for size in 1 ..< plan.actions.count {
                for subset in subsets(candidates, size: size) where frees(result, t, subset) {
                    Issue.record("\(name): said minimal, but \(subset) frees it with \(size) action(s)")
                }
            }
            proven += 1
        }
        return (plans, proven)
    }

    @Test(arguments: presets.map(\.rule))
    func plansFreeAndMinimalPlansAreMinimal(rule: BlockingRule) {
        var rng = TestRNG(seed: 0xF4EE)
        var plans = 0, proven = 0
        for _ in 0 ..< 150 {
            let spec = randomSpec(&rng, size: rng.int(5 ... 12), controlRate: 0.1)
            let (p, m) = Self.checkPlans(evaluate(spec.build(), rule: rule, asOf: propertyDay), label: rule.name)
            plans += p
            proven += m
        }
        #expect(plans > 200)
        #expect(proven > 100)
    }

    @Test func greedyPlansFreeToo() {
        var rng = TestRNG(seed: 0xF4EF)
        for _ in 0 ..< 100 {
            let spec = randomSpec(&rng, size: rng.int(8 ... 30), controlRate: 0.1)
            let network = spec.build()
            for (key, rule) in presets {
                let result = evaluate(network, rule: rule, asOf: propertyDay)
                for t in 0 ..< UInt32(network.entityCount) where result.status[Int(t)] != .clear {
                    guard let plan = result.planToFree(t, exactUpTo: 0) else { Issue.record("\(key): no plan"); continue }
                    let greedy: Bool = if case .greedy(ruledOut: 0, _) = plan.method { true } else { false }
                    #expect(!plan.isMinimal && greedy, "\(key): \(plan.method)")
                    #expect(Self.frees(result, t, plan.actions), "\(key) \(network.id(of: t)): greedy plan \(plan.actions) does not free it")
                }
            }
        }
    }

    @Test func plansOnTheBundledGraphs() throws {
        let demo = try bundled("Graphs/demo-rare-earths.ftm.json")
        let enPlus = try bundled("Graphs/en-plus-2019.ftm.json")
        for (key, rule) in presets {
            Self.checkPlans(evaluate(demo, rule: rule, asOf: demoDay), label: "demo \(key)", bruteForceUpTo: 10)
        }
        Self.checkPlans(evaluate(enPlus, rule: .ofac, asOf: day(2018, 6, 1)), label: "en+")
    }

    @Test func plansOfThePlantedCases() throws {
        let demo = try bundled("Graphs/demo-rare-earths.ftm.json")
        let us = evaluate(demo, rule: .ofac, asOf: demoDay)
        let taiga = try #require(us.planToFree(demo.v("c-taiga-nickel-trading")))
        #expect(taiga.isMinimal && taiga.actions.count == 1, "either designated owner's delisting or divestment suffices")
        let eu = evaluate(demo, rule: .eu, asOf: demoDay)
        let kestrel = try #require(eu.planToFree(demo.v("c-kestrel-fuel-logistics")))
        #expect(kestrel.isMinimal && kestrel.actions.count == 1)
        #expect(Self.frees(eu, demo.v("c-kestrel-fuel-logistics"), kestrel.actions))
        // The ship: one action anywhere up the Borealis chain.
        let ship = try #require(us.planToFree(demo.v("v-kara-sea-trader")))
        #expect(ship.isMinimal && ship.actions.count == 1)
        // Undetermined Lovat: Borealis' unknown stake must go (or Borealis be freed).
        let lovat = try #require(us.planToFree(demo.v("c-lovat-rare-metals")))
        #expect(lovat.isMinimal && lovat.actions.count == 1 && Self.frees(us, demo.v("c-lovat-rare-metals"), lovat.actions))
    }

    @Test func exactSearchGivesWayToGreedyWhenAskedTo() throws {
        let network = try bundled("Graphs/en-plus-2019.ftm.json")
        let r = evaluate(network, rule: .ofac, asOf: day(2018, 6, 1))
        let exact = try #require(r.planToFree(network.v("c-en-plus")))
        #expect(exact.isMinimal && exact.actions.count == 2)
        guard case .exact(size: 2, let candidates) = exact.method else { Issue.record("\(exact.method)"); return }
        #expect(exact.method.description == "exact: no set of fewer than 2 of the \(candidates) candidate actions frees it")
        let greedy = try #require(r.planToFree(network.v("c-en-plus"), exactUpTo: 1))
        #expect(!greedy.isMinimal && greedy.method == .greedy(ruledOut: 1, candidates: candidates))
        #expect(greedy.method.description.hasPrefix("greedy (sets of up to 1 of the \(candidates) candidates were ruled out exactly)"))
        #expect(Self.frees(r, network.v("c-en-plus"), greedy.actions))
        let tight = try #require(r.planToFree(network.v("c-en-plus"), budget: 1))
        #expect(Self.frees(r, network.v("c-en-plus"), tight.actions))
    }

    @Test func ukPlansWithJointArrangements() {
        var rng = TestRNG(seed: 0xF4F0)
        for _ in 0 ..< 120 {
            var spec = randomSpec(&rng, size: rng.int(5 ... 12), controlRate: 0.05)
            addJointArrangements(&spec, &rng, count: rng.int(1 ... 3))
            Self.checkPlans(evaluate(spec.build(), rule: .uk, asOf: propertyDay), label: "uk joint")
        }
    }

    /// UK: P, Q and R each hold 30% of E and are all in a joint arrangement with D. Delisting
    /// D alone separates them (30% each); delisting one of P, Q, R leaves 60% held jointly.
    @Test func ukTheSmallestPlanMayDelistAJointPartnerWhoOwnsNothing() throws {
        var s = Spec()
        for id in ["p", "q", "r", "d"] { s.entity(id, "Person"); s.designate(id, [.gb]) }
        s.entity("e")
        for id in ["p", "q", "r"] {
            s.own(id, "e", 30)
            s.tie(.associate, id, "d", detail: "joint arrangement")
        }
        let network = s.build()
        let uk = evaluate(network, rule: .uk, asOf: demoDay)
        let e = network.v("e")
        #expect(uk.status[Int(e)] == .owned)
        #expect(Self.frees(uk, e, [.delist(network.v("d"), .gb)]), "one delisting is enough")
        let plan = try #require(uk.planToFree(e))
        #expect(Self.frees(uk, e, plan.actions))
        #expect(!plan.isMinimal || plan.actions.count == 1, "said minimal with \(plan.actions.count) actions (\(plan.method)), but delisting D alone frees E")
    }

    /// A plan for a scenario's result frees the entity when added to that scenario's edits.
    @Test func plansForAScenarioFreeWithinTheScenario() {
        var s = Spec()
        s.entity("x", "LegalEntity"); s.entity("a"); s.entity("b")
        s.own("x", "a", 60)
        s.own("a", "b", 60)
        s.designate("x")
        let network = s.build()
        let a = network.v("a"), b = network.v("b")
        for (key, rule) in presets {
            // A tightening scenario: A designated too.
            let scenario = evaluate(network, rule: rule, asOf: demoDay, edits: [.addDesignation(a, jurisdiction(of: rule))])
            #expect(scenario.status[Int(a)] == .designated, "\(key)")
            for t in [a, b] {
                guard let plan = scenario.planToFree(t) else { Issue.record("\(key): no plan"); continue }
                #expect(Self.frees(scenario, t, plan.actions),
                        "\(key) \(network.id(of: t)): \(plan.actions) applied to the scenario leaves it \(evaluate(network, rule: rule, asOf: demoDay, edits: scenario.edits + plan.actions).status[Int(t)])")
            }
        }
    }
}
