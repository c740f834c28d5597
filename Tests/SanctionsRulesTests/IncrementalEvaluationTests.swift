import Testing
import SanctionsModel
@testable import SanctionsRules
import TestOracles

/// `evaluate(_:rule:asOf:edits:reusing:)`: a scenario evaluated from a cached result equals
/// the scenario evaluated from scratch, in every part a report or an explanation reads.
@Suite struct IncrementalEvaluationTests {
    /// Every part of two results that reports and explanations read is the same.
    static func expectSame(_ a: BlockingResult, _ b: BlockingResult, _ label: String) {
        #expect(a.status == b.status, "\(label)")
        #expect(a.roots == b.roots && a.uncertainRoots == b.uncertainRoots && a.groups == b.groups && a.possibleGroups == b.possibleGroups, "\(label)")
        let s = a.stakes, t = b.stakes
        #expect(s.offsets == t.offsets && s.targets == t.targets && s.sources == t.sources, "\(label): slots")
        #expect(s.low == t.low && s.high == t.high && s.lowOpen == t.lowOpen && s.highOpen == t.highOpen && s.isControl == t.isControl, "\(label): shares")
        #expect(s.inOffsets == t.inOffsets && s.inSlots == t.inSlots && s.totalLow == t.totalLow && s.totalOpenLows == t.totalOpenLows, "\(label): index")
        for (p, q) in [(a.lower, b.lower), (a.upper, b.upper)] {
            #expect(p.step == q.step && p.reason == q.reason && p.order == q.order && p.group == q.group, "\(label): pass")
        }
        for v in 0 ..< UInt32(a.status.count) where a.status[Int(v)] != .clear {
            let x = a.explain(v, depth: 2), y = b.explain(v, depth: 2)
            #expect(x.verdict.description == y.verdict.description, "\(label): #\(v)")
            #expect(x.contributions.map(\.owner) == y.contributions.map(\.owner), "\(label): #\(v)")
        }
    }

    /// The stake graph made by several runs of owners, each in its own region of the columns
    /// (on the cores from `StakeGraph.parallelTies` ties on), is the one a single run makes,
    /// scenario slots included.
    @Test func theStakeGraphIsTheSameInAnyNumberOfRuns() {
        var rng = TestRNG(seed: 0x5107)
        for round in 0 ..< 60 {
            let spec = randomSpec(&rng, size: rng.int(2 ... 40), controlRate: 0.15, undatedRate: round % 2 == 0 ? 0.2 : 0)
            let n = spec.build()
            let edits = round % 3 == 0 ? [] : randomScenario(&rng, n)
            for (key, rule) in presets {
                let one = StakeGraph(network: n, rule: rule, day: propertyDay, edits: edits, workers: 1)
                for workers in [2, 3, 7] {
                    let s = StakeGraph(network: n, rule: rule, day: propertyDay, edits: edits, workers: workers)
                    #expect(s.offsets == one.offsets && s.targets == one.targets && s.sources == one.sources, "\(key) \(workers) runs")
                    #expect(s.low == one.low && s.high == one.high && s.lowOpen == one.lowOpen && s.highOpen == one.highOpen
                        && s.isControl == one.isControl, "\(key) \(workers) runs: shares")
                    #expect(s.inSlots == one.inSlots && s.totalLow == one.totalLow && s.totalOpenLows == one.totalOpenLows, "\(key) \(workers) runs")
                }
            }
        }
    }

    @Test func aScenarioFromACachedResultEqualsOneFromScratch() {
        var rng = TestRNG(seed: 0x1AC5)
        var patched = 0
        for round in 0 ..< 200 {
            var spec = randomSpec(&rng, size: rng.int(5 ... 30), controlRate: 0.1, undatedRate: round % 3 == 0 ? 0.3 : 0)
            addJointArrangements(&spec, &rng, count: 2)
            let n = spec.build()
            let edits = randomScenario(&rng, n)
            if edits.contains(where: { $0.changedOwner != nil }) { patched += 1 }
            for (key, rule) in presets {
                let base = evaluate(n, rule: rule, asOf: propertyDay)
                let fresh = evaluate(n, rule: rule, asOf: propertyDay, edits: edits)
                Self.expectSame(evaluate(n, rule: rule, asOf: propertyDay, edits: edits, reusing: base), fresh, "\(key) \(edits)")
                // A base with edits of its own that begin the scenario's.
                let first = Array(edits.prefix(1))
                let partial = evaluate(n, rule: rule, asOf: propertyDay, edits: first)
                Self.expectSame(evaluate(n, rule: rule, asOf: propertyDay, edits: edits, reusing: partial), fresh, "\(key) from \(first)")
            }
        }
        #expect(patched > 100)
    }

    /// A base that does not fit (another day, another rule, edits that are no prefix) is
    /// ignored, not misused.
    @Test func aBaseThatDoesNotFitIsIgnored() {
        var rng = TestRNG(seed: 0x1AC6)
        for _ in 0 ..< 100 {
            let n = randomSpec(&rng, size: rng.int(5 ... 25), controlRate: 0.1).build()
            let edits = randomScenario(&rng, n)
            let fresh = evaluate(n, rule: .eu, asOf: propertyDay, edits: edits)
            let otherDay = evaluate(n, rule: .eu, asOf: day(2021, 6, 1), edits: [])
            let otherRule = evaluate(n, rule: .ofac, asOf: propertyDay, edits: [])
            let otherEdits = evaluate(n, rule: .eu, asOf: propertyDay, edits: [.removeTie(owner: 0, asset: 1), .delist(2, nil)])
            for base in [otherDay, otherRule, otherEdits] {
                Self.expectSame(evaluate(n, rule: .eu, asOf: propertyDay, edits: edits, reusing: base), fresh, "\(edits)")
            }
        }
    }
}
