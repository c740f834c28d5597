import Testing
import SanctionsModel
import SanctionsRules

/// `cautions(minority:)`: signals short of blocking, reported apart from the blocked.
@Suite struct CautionTests {
    /// Checks every caution of `result` against what it claims.
    static func checkCautions(_ result: BlockingResult, minority: Double = 25, label: String) {
        let network = result.network
        let cautions = result.cautions(minority: minority)
        for c in cautions {
            let name = "\(label) \(network.id(of: c.entity)) \(c.kind)"
            switch c.kind {
            case .significantMinority:
                #expect(result.status[Int(c.entity)] == .clear, "\(name)")
                #expect(c.percent >= minority - 1e-9 && abs(c.percent - result.heldShare(of: c.entity).low) < 1e-9, "\(name)")
                #expect(!c.by.isEmpty && c.by.allSatisfy { result.status[Int($0)].isBlocked }, "\(name)")
            case .controlledByBlocked:
                #expect(result.rule.controlKinds.isEmpty, "\(name): only where control does not block")
                #expect(result.status[Int(c.entity)] == .clear && c.by.allSatisfy { result.status[Int($0)].isBlocked }, "\(name)")
            case .listedAndOwned:
                #expect(result.status[Int(c.entity)] == .designated, "\(name)")
                // "Would be blocked by ownership or control anyway": without its own listing it stays blocked.
                let delisted = evaluate(network, rule: result.rule, asOf: result.asOf, edits: result.edits + [.delist(c.entity, nil)])
                #expect(delisted.status[Int(c.entity)].isBlocked,
                        "\(name): said to be owned or controlled by \(c.by.map { network.id(of: $0) }) anyway, but \(delisted.status[Int(c.entity)]) once delisted (those owners: \(c.by.map { "\(delisted.status[Int($0)])" }))")
            }
        }
        // Every clear entity whose blocked owners (one at least) hold a significant minority is
        // reported, and every clear one a blocked person controls where control does not block.
        for v in 0 ..< UInt32(network.entityCount) where result.status[Int(v)] == .clear {
            let ties = network.ties(into: v, activeOn: result.asOf).filter { result.status[Int($0.source)].isBlocked }
            if result.heldShare(of: v).low >= minority - 1e-9 && ties.contains(where: { $0.kind == .ownership }) {
                #expect(cautions.contains { $0.entity == v && $0.kind == .significantMinority }, "\(label) \(network.id(of: v))")
            }
            if result.rule.controlKinds.isEmpty && ties.contains(where: { $0.kind == .control && network.shareInterval($0.edge).isUnknown }) {
                #expect(cautions.contains { $0.entity == v && $0.kind == .controlledByBlocked }, "\(label) \(network.id(of: v))")
            }
        }
        #expect(cautions.allSatisfy { $0.kind != .significantMinority || !$0.by.isEmpty }, "\(label): a minority without a blocked owner")
    }

    @Test func cautionsOnRandomGraphs() {
        var rng = TestRNG(seed: 0xCA07)
        for _ in 0 ..< 200 {
            let spec = randomSpec(&rng, size: rng.int(5 ... 30), controlRate: 0.1)
            let network = spec.build()
            for (key, rule) in presets {
                let result = evaluate(network, rule: rule, asOf: propertyDay)
                Self.checkCautions(result, label: key)
                Self.checkCautions(result, minority: 0, label: key + " minority 0")
            }
        }
    }

    @Test func cautionsOnTheDemo() throws {
        let demo = try bundled("Graphs/demo-rare-earths.ftm.json")
        for (key, rule) in presets {
            Self.checkCautions(evaluate(demo, rule: rule, asOf: demoDay), label: key)
            Self.checkCautions(evaluate(demo, rule: rule, asOf: demoDay), minority: 10, label: key)
        }
    }

    /// Under OFAC control alone does not block, and the caution follows a scenario's control
    /// ties: a removed tie no longer makes one, an added one does.
    @Test func controlCautionsFollowTheScenario() {
        var s = Spec()
        s.entity("p", "Person"); s.entity("c"); s.entity("d")
        s.control("p", "c")
        s.designate("p", [.us])
        let n = s.build()
        func controlled(_ edits: [ReliefEdit]) -> [UInt32] {
            evaluate(n, rule: .ofac, asOf: demoDay, edits: edits).cautions().filter { $0.kind == .controlledByBlocked }.map(\.entity)
        }
        #expect(controlled([]) == [n.v("c")])
        #expect(controlled([.removeTie(owner: n.v("p"), asset: n.v("c"))]).isEmpty)
        #expect(controlled([.addTie(owner: n.v("p"), asset: n.v("d"), kind: .control, percent: nil)]) == [n.v("c"), n.v("d")])
    }

    /// X is listed and owns all of A; A holds 50% of X back. X is not "owned anyway": A's
    /// block comes from X, and without X's listing neither is blocked (least fixed point).
    @Test(arguments: [BlockingRule.ofac, .eu])
    func aCrossHoldingDoesNotMakeAListedEntityOwnedAnyway(rule: BlockingRule) {
        var s = Spec()
        s.entity("x"); s.entity("a")
        s.own("x", "a", 100)
        s.own("a", "x", 50)
        s.designate("x")
        let network = s.build()
        let result = evaluate(network, rule: rule, asOf: demoDay)
        #expect(result.status("a") == .owned)
        let delisted = evaluate(network, rule: rule, asOf: demoDay, edits: [.delist(network.v("x"), nil)])
        #expect(delisted.blocked.isEmpty, "the least fixed point blocks neither")
        #expect(!result.cautions().contains { $0.entity == network.v("x") && $0.kind == .listedAndOwned },
                "\(rule.name): 'listed and owned' caution on X, citing \(result.cautions().filter { $0.kind == .listedAndOwned }.flatMap(\.by).map { network.id(of: $0) }), which X itself blocks")
    }

    /// Under the UK, another designated person's group holding a listed entity is a caution.
    @Test func ukListedEntityHeldByAnotherGroup() {
        var s = Spec()
        s.entity("p", "Person"); s.entity("q"); s.entity("r")
        s.own("p", "q", 60)
        s.own("q", "r", 100)
        s.designate("p", [.gb]); s.designate("q", [.gb])
        let network = s.build()
        let uk = evaluate(network, rule: .uk, asOf: demoDay)
        let cautions = uk.cautions().filter { $0.kind == .listedAndOwned }
        #expect(cautions.map(\.entity) == [network.v("q")])
        #expect(cautions.first?.by == [network.v("p")])
        Self.checkCautions(uk, label: "uk")
    }
}
