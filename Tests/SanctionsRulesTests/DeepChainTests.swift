import Foundation
import Testing
@testable import SanctionsRules
import SanctionsModel

/// Issue 11 §1: nothing recurses on the length of a chain, and nothing grows with the number
/// of chains rather than the entities on them.
@Suite struct DeepChainTests {
    /// A person designated in every jurisdiction holding 100% of c1, which holds 100% of c2, …
    static func chain(_ length: Int) -> SanctionsNetwork {
        var s = Spec()
        s.entity("p", "Person")
        s.designate("p")
        var previous = "p"
        for i in 1 ... length {
            s.entity("c\(i)")
            s.own(previous, "c\(i)", 100)
            previous = "c\(i)"
        }
        return s.build()
    }

    /// A lattice of `layers` layers of two companies, each holding 30% of both companies of
    /// the layer below (so 60% of each): 2^layers chains from the top to the bottom entity.
    static func lattice(_ layers: Int) -> SanctionsNetwork {
        var s = Spec()
        s.entity("p", "Person")
        s.designate("p")
        s.entity("a0"); s.entity("b0")
        s.own("p", "a0", 60); s.own("p", "b0", 60)
        for k in 1 ... layers {
            s.entity("a\(k)"); s.entity("b\(k)")
            for owner in ["a\(k - 1)", "b\(k - 1)"] { for asset in ["a\(k)", "b\(k)"] { s.own(owner, asset, 30) } }
        }
        s.entity("bottom")
        s.own("a\(layers)", "bottom", 30); s.own("b\(layers)", "bottom", 30)
        return s.build()
    }

    @Test(arguments: [BlockingRule.ofac, .eu, .uk])
    func aHundredThousandDeepChainIsExplainedWholeWithoutRecursion(rule: BlockingRule) throws {
        let n = Self.chain(100_000)
        let r = evaluate(n, rule: rule, asOf: day(2026, 1, 1))
        let last = n.v("c100000")
        #expect(r.status[Int(last)] == .owned)
        let e = r.explain(last, depth: 200_000)
        #expect(e.explained.count == 100_001, "every entity once")
        #expect(e.explained.last?.entity == n.v("p") && e.explained.last?.level == 100_000)
        #expect(e.owners.count == 1 && e.owners[0].level == 1 && e.owners[0].owners.first?.level == 2)
        #expect(r.riskSources(of: last) == [n.v("p")])
        let all = r.riskSources(of: (0 ..< UInt32(n.entityCount)).filter { r.status[Int($0)].isBlocked })
        #expect(all.count == 100_001 && all.values.allSatisfy { $0 == [n.v("p")] })
    }

    /// A stake of unknown size at the top of a 100,000-deep chain: every entity below it is
    /// undetermined. Under the UK rule each one's bounds are the most one group holds, taken
    /// from one run of the groups per bound (a walk of the ancestors per entity was quadratic).
    @Test func aHundredThousandDeepUndeterminedChainIsExplainedWithoutAWalkPerEntity() throws {
        var s = Spec()
        s.entity("p", "Person")
        s.designate("p")
        s.entity("c1")
        s.own("p", "c1", nil)
        for i in 2 ... 100_000 {
            s.entity("c\(i)")
            s.own("c\(i - 1)", "c\(i)", 100)
        }
        let n = s.build()
        let r = evaluate(n, rule: .uk, asOf: day(2026, 1, 1))
        let last = n.v("c100000")
        #expect(r.status[Int(last)] == .undetermined)
        let e = r.explain(last, depth: 200_000)
        #expect(e.explained.count == 100_001, "every entity once")
        for step in e.explained.prefix(3) + e.explained.dropLast().suffix(2) {
            guard case .undetermined(let low, let high, _, _, let perPerson) = step.verdict else {
                Issue.record("\(n.id(of: step.entity)): \(step.verdict)"); continue
            }
            #expect(low == 0 && high == 100 && perPerson, "\(n.id(of: step.entity))")
        }
    }

    @Test(arguments: [BlockingRule.ofac, .eu, .uk])
    func aTwentyFourLayerLatticeIsExplainedOnceAnEntity(rule: BlockingRule) throws {
        let n = Self.lattice(24)
        let r = evaluate(n, rule: rule, asOf: day(2026, 1, 1))
        let bottom = n.v("bottom")
        #expect(r.status[Int(bottom)] == .owned, "60% of 60% of … is still 60% at each step")
        let e = r.explain(bottom)   // 2^24 chains, depth 16 by default
        let all = r.explain(bottom, depth: 100)
        #expect(all.explained.count == 2 * 25 + 2, "bottom, 25 layers of two, and p")
        #expect(Set(all.explained.map(\.entity)).count == all.explained.count)
        // Shared: the owners of a layer are the same explanations from either side.
        let a24 = try #require(all.owners.first { $0.entity == n.v("a24") })
        let b24 = try #require(all.owners.first { $0.entity == n.v("b24") })
        #expect(a24.owners.map(\.entity) == b24.owners.map(\.entity))
        #expect(e.explained.count == 2 * 16 + 1, "depth 16: bottom and 16 layers of two")
        #expect(r.riskSources(of: bottom) == [n.v("p")])
    }
}
