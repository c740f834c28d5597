import Testing
import SanctionsModel
import SanctionsRules

/// Stakes of unknown size: a three-valued answer with bounds (docs/shares.md).
@Suite struct UnknownShareTests {
    /// X → A 30%, Y → A unknown; X designated, Y designated or not.
    static func network(yDesignated: Bool, xShare: Double = 30) -> SanctionsNetwork {
        var s = Spec()
        s.entity("x", "LegalEntity"); s.entity("y", "LegalEntity"); s.entity("a")
        s.own("x", "a", xShare)
        s.own("y", "a", nil)
        s.designate("x")
        if yDesignated { s.designate("y") }
        return s.build()
    }

    @Test(arguments: presets.map(\.rule))
    func undeterminedWithBoundsWhenBothAreDesignated(rule: BlockingRule) {
        let r = evaluate(Self.network(yDesignated: true), rule: rule, asOf: demoDay)
        #expect(r.status("a") == .undetermined)
        #expect(r.held("a") == (30, 100))
        #expect(r.blockedIDs == ["x", "y"])
        #expect(r.undeterminedIDs == ["a"])
        let e = r.explain(r.network.v("a"))
        #expect(e.status == .undetermined)
        #expect(e.held == (30, 100))
        // Aggregated, blocked owners hold 30–100%; per person (UK), one group holds at most 70%
        // (the other 30% belongs to another person's group: the 100% cap).
        #expect(e.verdict.description.contains(rule.aggregation == .acrossOwners ? "between 30% and 100%" : "one designated person's group holds between 30% and 70%"), "\(e.verdict)")
        // Sources: the designated persons whose stakes might block it.
        #expect(Set(r.riskSources(of: r.network.v("a")).map { r.network.id(of: $0) }).isSubset(of: ["x", "y"]))
        #expect(!r.riskSources(of: r.network.v("a")).isEmpty)
    }

    @Test(arguments: presets.map(\.rule))
    func clearWhenTheUnknownStakeIsNotBlocked(rule: BlockingRule) {
        let r = evaluate(Self.network(yDesignated: false), rule: rule, asOf: demoDay)
        #expect(r.status("a") == .clear, "30% < 50%, whatever Y holds")
        #expect(r.held("a") == (30, 30))
        #expect(r.undetermined.isEmpty)
        // A significant minority, all the same.
        #expect(r.cautions().contains { $0.entity == r.network.v("a") && $0.kind == .significantMinority && $0.percent == 30 })
    }

    @Test(arguments: presets.map(\.rule))
    func blockedWhenTheKnownStakeIsEnough(rule: BlockingRule) {
        let r = evaluate(Self.network(yDesignated: true, xShare: 60), rule: rule, asOf: demoDay)
        #expect(r.status("a") == .owned, "60% by X alone: the unknown stake does not matter")
        #expect(r.held("a") == (60, 100))
    }

    @Test func unknownStakesCarryDownAsUndetermined() {
        var s = Spec()
        s.entity("x", "LegalEntity"); s.entity("a"); s.entity("b"); s.entity("c")
        s.own("x", "a", nil)
        s.own("a", "b", 60)
        s.own("b", "c", 40)
        s.designate("x")
        let network = s.build()
        for (key, rule) in presets {
            let r = evaluate(network, rule: rule, asOf: demoDay)
            #expect(r.status("a") == .undetermined && r.status("b") == .undetermined, "\(key)")
            #expect(r.status("c") == .clear, "\(key): 40% even in the worst case")
            #expect(r.held("b") == (0, 60), "\(key)")
            #expect(r.held("c") == (0, 40), "\(key)")
            let e = r.explain(network.v("b"))
            #expect(e.contributions.map { network.id(of: $0.owner) } == ["a"], "\(key)")
            #expect(e.owners.first?.status == .undetermined)
            #expect(r.riskSources(of: network.v("b")) == [network.v("x")], "\(key)")
        }
    }

    /// Two unknown stakes of the same designated person: together they are unknown, at most everything.
    @Test func boundsNeverExceedEverythingUnlessTheKnownStakesDo() {
        var s = Spec()
        s.entity("x", "LegalEntity"); s.entity("y", "LegalEntity"); s.entity("a")
        s.own("x", "a", nil)
        s.own("y", "a", nil)
        s.designate("x"); s.designate("y")
        let r = evaluate(s.build(), rule: .ofac, asOf: demoDay)
        #expect(r.status("a") == .undetermined)
        #expect(r.held("a") == (0, 100))
    }

    @Test func freeingAnUndeterminedEntity() throws {
        let network = Self.network(yDesignated: true)
        let r = evaluate(network, rule: .ofac, asOf: demoDay)
        let plan = try #require(r.planToFree(network.v("a")))
        #expect(plan.isMinimal)
        #expect(plan.actions.count == 1, "Y's delisting or its divestment is enough: 30% alone does not block")
        #expect(plan.actions.allSatisfy { $0.entities.contains(network.v("y")) }, "\(plan.actions)")
        #expect(evaluate(network, rule: .ofac, asOf: demoDay, edits: plan.actions).status("a") == .clear)
    }

    @Test func addingATieOfUnknownSizeMakesItUndetermined() {
        var s = Spec()
        s.entity("x", "LegalEntity"); s.entity("a")
        s.own("x", "a", 10)
        s.designate("x")
        let network = s.build()
        let x = network.v("x"), a = network.v("a")
        let radius = blastRadius(network, rule: .ofac, asOf: demoDay, edits: [.addTie(owner: x, asset: a, kind: .ownership, percent: nil)])
        #expect(radius.after.status("a") == .undetermined)
        #expect(radius.nowUndetermined == [a])
        #expect(radius.newlyBlocked.isEmpty, "undetermined is not blocked")
        #expect(radius.after.held("a") == (10, 100))
    }

    /// A date-limited designation turns an undetermined entity clear once it ends.
    @Test func datesDecideWhichStakesAndDesignationsCount() {
        var s = Spec()
        s.entity("x", "LegalEntity"); s.entity("y", "LegalEntity"); s.entity("a")
        s.own("x", "a", 30)
        s.own("y", "a", nil, end: day(2023, 1, 1))
        s.designate("x"); s.designate("y", end: day(2024, 1, 1))
        let network = s.build()
        #expect(evaluate(network, rule: .ofac, asOf: day(2022, 6, 1)).status("a") == .undetermined)
        #expect(evaluate(network, rule: .ofac, asOf: day(2023, 6, 1)).status("a") == .clear, "Y's stake ended")
        #expect(evaluate(network, rule: .ofac, asOf: day(2023, 6, 1)).status("y") == .designated)
        #expect(evaluate(network, rule: .ofac, asOf: day(2024, 1, 1)).status("y") == .clear, "the end date is exclusive")
    }
}
