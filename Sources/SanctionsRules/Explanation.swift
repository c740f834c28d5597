import GraphCore
import SanctionsModel
import Platform

/// One owner's part in an entity's status: its stake, and the running total of the
/// blocked owners' stakes counted so far.
public struct Contribution: Sendable, Hashable {
    /// The blocked owner (or controller), by node.
    public var owner: UInt32
    /// The stake as an interval (docs/shares.md); for control, the votes ([100, 100]: the board).
    public var share: ShareInterval
    /// A control tie rather than a stake.
    public var isControl: Bool
    /// The blocked owners' total after this one, at the bound explained: the lower bounds of
    /// the stakes for a blocked entity, the upper bounds (before the 100% cap) for an
    /// undetermined one.
    public var runningPercent: Double
}

/// Why an entity has its status under a rule: its designations, or the blocked owners
/// whose stakes (or control) brought it in, each explained in turn back to the designated
/// roots (OpenSanctions' `riskSource`, with the arithmetic shown).
public struct Explanation: Sendable {
    /// The entity explained, by node.
    public var entity: UInt32
    /// Its status under the rule on the day.
    public var status: BlockStatus
    /// The listings the rule counts: the records that make the entity designated.
    public var designations: [Designation]
    /// The entity's other listings, each with why the rule does not count it (another
    /// jurisdiction's, not an asset freeze, not in force, date unknown, delisted in the scenario).
    public var otherListings: [ListingAssessment] = []
    /// The blocked owners that brought the entity in, in the order they were blocked; for
    /// an undetermined entity, those blocked when unknown stakes count in full.
    public var contributions: [Contribution]
    /// The share held by all blocked owners, unknown stakes counted as 0% and as 100%.
    public var held: (low: Double, high: Double)
    /// Under the UK rule, the designated person whose group holds the entity.
    public var group: UInt32?
    /// Under the UK rule, what joined the group's designated persons: each pair and the tie
    /// qualifier that marks the joint arrangement ("--joint" when a scenario stated it).
    public var joinedBy: [(UInt32, UInt32, String)] = []
    /// How many owner steps from the entity asked about (0 for it): the fewest, when an
    /// entity is reached along several chains.
    public internal(set) var level: Int = 0
    /// Every explanation made with this one, each entity's once (nil in those stored there).
    var shared: SharedExplanations?
    /// The rule's verdict: why the entity has its status, with the numbers; its
    /// `description` gives it in words ("blocked owners hold 55% ≥ 50%").
    public var verdict: Verdict
}

extension Explanation {
    /// The owners' own explanations, in the order of `contributions` (one each); empty past
    /// the depth limit. An owner reached along several chains is the same explanation in each.
    /// - Complexity: O(k) for k contributions.
    public var owners: [Explanation] {
        guard let shared, level < shared.depth else { return [] }
        return contributions.compactMap { shared.explanation(of: $0.owner) }
    }

    /// Every entity explained with this one, each once, breadth first from the entity asked
    /// about (which comes first): what a report prints so that it stays linear in the
    /// entities involved. A copy without the others (as stored) gives itself alone.
    /// - Complexity: O(A) for the A entities explained.
    public var explained: [Explanation] {
        guard let shared else { return [self] }
        return shared.order.compactMap { shared.explanation(of: $0) }
    }
}

/// The UK groups' propagations made for one report, each group's once: the order in which
/// the group captured its members (its designated persons first), by bound and group index.
final class GroupRuns {
    private var positions: [Bound: [Int: [UInt32: Int]]] = [:]
    private var scratch: [Bound: GroupScratch] = [:]

    /// The capture order of group `g` of `pass`, from the cache or propagated now.
    /// - Complexity: O(1) cached; else O(N + V) the first time a bound is seen (the scratch
    ///   buffers) and O(what the group reaches) per group.
    func positions(of g: Int, in pass: Pass, result: BlockingResult) -> [UInt32: Int] {
        if let known = positions[pass.bound]?[g] { return known }
        let group = result.groups(of: pass)[g]
        var position: [UInt32: Int] = [:]
        for (i, m) in group.enumerated() { position[m] = i }
        // Taken out of the table while it runs, so that its buffers are not copied.
        var run = scratch.removeValue(forKey: pass.bound) ?? GroupScratch(nodeCount: result.stakes.nodeCount, bound: pass.bound)
        run.run(result.stakes, group: group, rule: result.rule, day: result.asOf) { w, _ in position[w] = position.count }
        scratch[pass.bound] = run
        positions[pass.bound, default: [:]][g] = position
        return position
    }

    private var largest: [Bound: [UInt32: Double]] = [:]

    /// Under the UK rule, the most that one group of `pass` holds of each entity its
    /// propagation reaches, at the pass's bound: every group run once per bound, so that
    /// each undetermined entity's bounds then cost O(1) (not a walk of its ancestors).
    /// - Complexity: O(1) cached; else O(N + V) for the buffers and O(what each group reaches).
    func largestGroupHoldings(in pass: Pass, result: BlockingResult) -> [UInt32: Double] {
        if let known = largest[pass.bound] { return known }
        var best: [UInt32: Double] = [:]
        var run = scratch.removeValue(forKey: pass.bound) ?? GroupScratch(nodeCount: result.stakes.nodeCount, bound: pass.bound)
        for group in result.groups(of: pass) {
            run.run(result.stakes, group: group, rule: result.rule, day: result.asOf) { _, _ in }
            for v in run.holding.touched {
                let held = run.holding.held(result.stakes, Int(v)).value
                if held > best[v, default: 0] { best[v] = held }
            }
        }
        scratch[pass.bound] = run
        largest[pass.bound] = best
        return best
    }
}

/// The explanations made by one `explain(_:depth:)` call, each entity's once, shared by the
/// `Explanation` values handed out (which refer to it; the stored ones do not, so there is no
/// cycle).
final class SharedExplanations: Sendable {
    /// By entity, without `shared`.
    let steps: [UInt32: Explanation]
    /// The entities in the order they were explained (breadth first).
    let order: [UInt32]
    /// The levels of owners followed.
    let depth: Int

    init(steps: [UInt32: Explanation], order: [UInt32], depth: Int) {
        self.steps = steps
        self.order = order
        self.depth = depth
    }

    /// The shared explanation of `entity`, if it was explained.
    func explanation(of entity: UInt32) -> Explanation? {
        guard var e = steps[entity] else { return nil }
        e.shared = self
        return e
    }
}

/// An entity as a verdict names it: the node, and its name when the verdict was made.
public struct NamedEntity: Sendable, Hashable, CustomStringConvertible {
    /// The entity, by node.
    public var node: UInt32
    /// Its display name (docs/names.md).
    public var name: String

    /// The entity `node`, named `name`.
    public init(node: UInt32, name: String) {
        self.node = node
        self.name = name
    }

    /// The name.
    public var description: String { name }
}

extension Explanation {
    /// The test a holding must pass, as the rule applies it on the day: "≥ 50%" or "> 50%".
    public struct Threshold: Sendable, Hashable, CustomStringConvertible {
        /// The threshold in percent.
        public var percent: Double
        /// More than the threshold is needed (>); otherwise reaching it is enough (≥).
        public var strict: Bool

        /// The test "> `percent`%" when `strict`, else "≥ `percent`%".
        public init(percent: Double, strict: Bool) {
            self.percent = percent
            self.strict = strict
        }

        /// "≥ 50%" or "> 50%".
        public var description: String { (strict ? ">" : "≥") + " " + Share.format(percent) + "%" }
    }

    /// Who holds an owned entity, as the rule counts it.
    public enum Holder: Sendable, Hashable, CustomStringConvertible {
        /// The blocked owners together (an aggregating rule).
        case blockedOwners
        /// One designated person's group (the UK rule), named by its first person if known.
        case group(of: NamedEntity?)

        /// "blocked owners hold" or "the group of NAME holds".
        public var description: String {
            switch self {
            case .blockedOwners: "blocked owners hold"
            case .group(let person): "the group of \(person?.name ?? "one designated person") holds"
            }
        }
    }

    /// What an undetermined entity's bounds depend on.
    public enum Uncertainty: Sendable, Hashable, CustomStringConvertible {
        /// Stakes of unknown size among its own.
        case stakesOfUnknownSize
        /// Stakes known only as a range among its own.
        case stakesKnownAsRange
        /// Owners designated only by listings whose date is unknown.
        case undatedListings(of: [NamedEntity])
        /// Owners whose own status is undetermined.
        case undeterminedOwners

        /// In words: "stakes of unknown size", "the listing date of A, B (unknown)", …
        public var description: String {
            switch self {
            case .stakesOfUnknownSize: "stakes of unknown size"
            case .stakesKnownAsRange: "stakes known only as a range"
            case .undatedListings(let owners): "the listing date of " + owners.map(\.name).joined(separator: ", ") + " (unknown)"
            case .undeterminedOwners: "owners whose own status is undetermined"
            }
        }

        /// A list of uncertainties in words, joined by "and" ("stakes of uncertain size" when empty).
        /// - Complexity: O(length of the text).
        public static func text(_ list: [Uncertainty]) -> String {
            list.isEmpty ? "stakes of uncertain size" : list.map(\.description).joined(separator: " and ")
        }
    }

    /// Why an entity has its status under a rule. Percentages are as the rule counted them;
    /// `description` gives the verdict in words, as the reports print it.
    public enum Verdict: Sendable, Hashable, CustomStringConvertible {
        /// Designated by the scenario only (an added designation).
        case designatedInScenario
        /// Listed in its own right, by a designation the rule counts.
        case listedInOwnRight
        /// Listed only without a start date, and not known to be in force on `asOf`
        /// (`knownSince`: the first day it is known in force, if any; docs/time.md).
        case listingDateUnknown(knownSince: Day?, asOf: Day)
        /// Clear: blocked owners hold at least `low` and at most `high` percent, short of
        /// `threshold` (for any one designated person's group when `perPerson`).
        case belowThreshold(low: Double, high: Double, threshold: Threshold, perPerson: Bool)
        /// Controlled by a blocked person, and control blocks under the rule named `rule`.
        case controlled(by: NamedEntity?, rule: String)
        /// Owned: `holder` holds `percent` (more than that when `moreThan`), meeting `threshold`.
        case owned(holder: Holder, percent: Double, moreThan: Bool, threshold: Threshold)
        /// Undetermined: the holding is between `low` and `high` percent depending on
        /// `dependsOn`, and `threshold` falls in between (for one person's group when `perPerson`).
        case undetermined(low: Double, high: Double, dependsOn: [Uncertainty], threshold: Threshold, perPerson: Bool)

        /// The verdict in words ("blocked owners hold 55% ≥ 50%").
        public var description: String {
            let pct = Share.percentText
            switch self {
            case .designatedInScenario:
                return "designated in the scenario"
            case .listedInOwnRight:
                return "listed in its own right"
            case .listingDateUnknown(let since, let asOf):
                return "listing date unknown: listed without a start date"
                    + (since.map { ", and known to be in force only from \($0)" } ?? ", and no date says when it was in force")
                    + "; on \(asOf) nothing says whether it was (docs/time.md)"
            case .belowThreshold(let low, let high, let threshold, let perPerson):
                return "blocked owners hold \(pct(low))\(high > low ? " (at most \(pct(high)))" : ""), not \(threshold)"
                    + (perPerson ? " for any one designated person" : "")
            case .controlled(let by, let rule):
                return "controlled by \(by?.name ?? "a blocked person"); control blocks under \(rule)"
            case .owned(let holder, let percent, let moreThan, let threshold):
                return "\(holder) " + (moreThan ? "more than " : "") + "\(pct(percent)) \(threshold)"
            case .undetermined(let low, let high, let dependsOn, let threshold, let perPerson):
                let between = "between \(pct(low)) and \(pct(high)) depending on \(Uncertainty.text(dependsOn))"
                return perPerson ? "one designated person's group holds \(between); the rule needs \(threshold) for one person's group"
                    : "blocked owners hold \(between); the rule needs \(threshold)"
            }
        }
    }
}

/// A listing and whether a rule counts it on the day.
public struct ListingAssessment: Sendable, Hashable {
    /// The listing.
    public var designation: Designation
    /// Whether the rule counts it on `asOf`, and if not, why not (docs/sources.md, docs/time.md).
    public var verdict: ListingVerdict
    /// The scenario delists it (the verdict is then what it would be without the scenario).
    public var delistedInScenario: Bool
    /// The day assessed.
    public var asOf: Day
}

extension BlockingResult {
    /// The share of `entity` held by blocked owners (docs/shares.md): at least the lower
    /// bounds of the surely blocked owners' stakes; at most the upper bounds of the possibly
    /// blocked owners' stakes, capped at 100% less the other owners' lower bounds.
    /// - Complexity: O(in-degree).
    public func heldShare(of entity: UInt32) -> (low: Double, high: Double) {
        var low = 0.0, highs = 0.0, lows = 0.0
        var openHighs: Int32 = 0, openLows: Int32 = 0
        for slot in stakes.inRange(entity) {
            let s = Int(stakes.inSlots[slot])
            guard !stakes.isControl[s] else { continue }
            let owner = stakes.sources[s]
            if lower.isBlocked(owner) { low += stakes.low[s] }
            if upper.isBlocked(owner) {
                highs += stakes.high[s]; lows += stakes.low[s]
                if stakes.highOpen[s] { openHighs += 1 }
                if stakes.lowOpen[s] { openLows += 1 }
            }
        }
        let high = Holding.capped(stakes, Int(entity), highs: highs, openHighs: openHighs, lows: lows, openLows: openLows).value
        return (low, max(low, high))
    }

    /// The designated roots an entity's status derives from (its `riskSource`), sorted.
    /// - Complexity: that of `riskSources(of:)` for one entity.
    public func riskSources(of entity: UInt32) -> [UInt32] {
        riskSources(of: [entity])[entity] ?? []
    }

    /// The designated roots of each of `entities` (their `riskSource`), sorted: every entity
    /// upstream is asked for the owners that brought it in once, and its roots are the union
    /// of theirs (memoised, iteratively), so a whole report costs what its entities and ties
    /// do, however long the chains. A blocked entity's roots come from the surely blocked
    /// owners; an undetermined one's from the possibly blocked.
    /// - Complexity: O(A · c + R) for the A entities upstream of `entities`, c the cost of
    ///   one step of `explain(_:depth:)` and R the roots listed along the way.
    public func riskSources<S: Sequence>(of entities: S) -> [UInt32: [UInt32]] where S.Element == UInt32 {
        var memo: [Bound: [UInt32: [UInt32]]] = [.lower: [:], .upper: [:]]
        var result: [UInt32: [UInt32]] = [:]
        let runs = GroupRuns()
        for entity in entities {
            let pass = lower.isBlocked(entity) ? lower : upper
            result[entity] = roots(of: entity, in: pass, runs: runs, memo: &memo[pass.bound, default: [:]])
        }
        return result
    }

    /// The designated roots of `entity` in `pass`, from `memo` or computed there: a post-order
    /// walk of the bringers with an explicit stack.
    private func roots(of entity: UInt32, in pass: Pass, runs: GroupRuns, memo: inout [UInt32: [UInt32]]) -> [UInt32] {
        if let known = memo[entity] { return known }
        var stack: [(node: UInt32, owners: [UInt32]?)] = [(entity, nil)]
        while let (v, owners) = stack.popLast() {
            if let owners {
                var union = Set<UInt32>()
                for o in owners { union.formUnion(memo[o] ?? []) }
                memo[v] = union.sorted()
                continue
            }
            guard memo[v] == nil else { continue }
            if pass.reason[Int(v)] == BlockStatus.designated.rawValue {
                memo[v] = [v]
                continue
            }
            let bringers = bringers(of: v, in: pass, runs: runs).map(\.owner)
            memo[v] = []   // in progress: bringers are blocked before v, so no walk comes back here
            stack.append((v, bringers))
            for o in bringers where memo[o] == nil { stack.append((o, nil)) }
        }
        return memo[entity] ?? []
    }

    /// Explains `entity` and, breadth first, the owners that brought it in, up to `depth`
    /// levels of owners: each entity is explained once, at the fewest steps it is reached in,
    /// and shared by every chain through it (`Explanation.owners` hands out the shared ones),
    /// so that the cost and the output grow with the entities involved, not with the number
    /// of chains. Iterative: no recursion on the length of a chain.
    /// - Complexity: O(A · c) for the A entities explained, where one step, c, is
    ///   O(k log k + L) for an entity with k owners and L listings (plus the scenario's edits)
    ///   under an aggregating rule; under the UK rule a step also allocates buffers of V
    ///   entries and reruns the propagation of the g groups that may hold the entity,
    ///   O(V + g · E) at worst.
    public func explain(_ entity: UInt32, depth: Int = 16) -> Explanation {
        var steps: [UInt32: Explanation] = [:]
        var order: [UInt32] = [entity]
        var level: [UInt32: Int] = [entity: 0]
        var next = 0
        let runs = GroupRuns()
        while next < order.count {
            let v = order[next]
            next += 1
            var e = step(v, runs: runs)
            e.level = level[v] ?? 0
            if e.level < depth {
                for c in e.contributions where level[c.owner] == nil {
                    level[c.owner] = e.level + 1
                    order.append(c.owner)
                }
            }
            steps[v] = e
        }
        let shared = SharedExplanations(steps: steps, order: order, depth: depth)
        return shared.explanation(of: entity)!
    }

    /// Calls `body` with the explanation of each of `entities` alone (as `explain(_:depth:)`
    /// at depth 0), in order, sharing the UK groups' propagations between them: what a report
    /// with a reason per row needs, in time linear in the rows however long the chains.
    /// - Complexity: one step of `explain(_:depth:)` per entity, each UK group propagated once.
    public func forEachStep<S: Sequence>(of entities: S, _ body: (Explanation) throws -> Void) rethrows where S.Element == UInt32 {
        let runs = GroupRuns()
        for v in entities { try body(step(v, runs: runs)) }
    }

    /// `forEachStep(of:_:)` on `workers` threads for a long report: each thread takes blocks
    /// of `blockSize` consecutive entities as it comes free (steps differ in cost: listed
    /// entities against owned ones), shares the UK groups' propagations between its blocks,
    /// and makes each block's part of the report with `block`, whose argument calls its body
    /// with the block's explanations in order. The parts come back in the entities' order,
    /// the same for any number of threads.
    /// - Complexity: one step per entity, each UK group propagated once per thread.
    public func forEachStepInBlocks<T: Sendable>(of entities: [UInt32], workers: Int, blockSize: Int = 1024,
                                                 _ block: @Sendable (_ steps: ((Explanation) -> Void) -> Void) -> T) -> [T] {
        let blocks = BlockDispenser(count: entities.count, blockSize: blockSize)
        var parts: [(start: Int, part: T)] = []
        for made in parallelWorkers(workers, { _ -> [(start: Int, part: T)] in
            let runs = GroupRuns()
            var mine: [(start: Int, part: T)] = []
            while let range = blocks.take() {
                mine.append((range.lowerBound, block { body in
                    let rows = entities[range]
                    for i in rows.indices {
                        prefetchStep(rows, at: i)
                        body(step(rows[i], runs: runs))
                    }
                }))
            }
            return mine
        }) { parts += made }
        return parts.sorted { $0.start < $1.start }.map(\.part)
    }

    /// Asks the cache for what the steps of the rows after `rows[i]` will read at random, a
    /// stage a row: the in index's entry of the 12th row on, the first in slots of the 6th,
    /// the owners and shares of those slots for the 3rd, the owners' places in both passes
    /// for the next. Each stage needs what the one before fetched, and a step alone waits for
    /// the four one after another (`heldShare(of:)`, `bringers(of:in:runs:)`). The row's id
    /// and name, which a report prints, likewise in four stages from the 16th row on
    /// (`SanctionsNetwork.prefetchIDAndName`).
    @inline(__always) func prefetchStep(_ rows: ArraySlice<UInt32>, at i: Int) {
        let slotsAhead = 4
        @inline(__always) func row(_ d: Int) -> Int? { i + d < rows.endIndex ? Int(rows[i + d]) : nil }
        if let v = row(16) { network.prefetchIDAndName(of: UInt32(v), stage: 0) }
        if let v = row(12) { network.prefetchIDAndName(of: UInt32(v), stage: 1) }
        if let v = row(8) { network.prefetchIDAndName(of: UInt32(v), stage: 2) }
        if let v = row(4) { network.prefetchIDAndName(of: UInt32(v), stage: 3) }
        if let v = row(12) { stakes.inOffsets.prefetch(v) }
        if let v = row(6) { stakes.inSlots.prefetch(Int(stakes.inOffsets[v])) }
        if let v = row(3) {
            for k in stakes.inRange(UInt32(v)).prefix(slotsAhead) {
                let s = Int(stakes.inSlots[k])
                stakes.sources.prefetch(s); stakes.isControl.prefetch(s); stakes.low.prefetch(s)
            }
        }
        if let v = row(1) {
            for k in stakes.inRange(UInt32(v)).prefix(slotsAhead) {
                let owner = Int(stakes.sources[Int(stakes.inSlots[k])])
                lower.step.prefetch(owner); upper.step.prefetch(owner)
            }
        }
    }

    /// The explanation of `entity` alone: its status, listings, the owners that brought it
    /// in and the verdict, without the owners' own explanations.
    /// - Complexity: one step of `explain(_:depth:)`.
    func step(_ entity: UInt32, runs: GroupRuns = GroupRuns()) -> Explanation {
        let status = self.status[Int(entity)]
        let held = heldShare(of: entity)
        let pass = status == .undetermined ? upper : lower
        var e = Explanation(entity: entity, status: status, designations: [], contributions: [], held: held,
                            group: nil, verdict: .listedInOwnRight)
        let threshold = Explanation.Threshold(percent: rule.threshold, strict: !rule.meets(rule.threshold, on: asOf))
        let perPerson = rule.aggregation == .perDesignatedPerson
        func named(_ v: UInt32) -> NamedEntity { NamedEntity(node: v, name: network.name(of: v)) }
        let delisted = delistedListings(of: entity)
        for d in network.designations(of: entity) {
            let verdict = rule.assess(d, on: asOf)
            let gone = delisted(d.jurisdiction)
            if verdict == .counted && !gone { e.designations.append(d) }
            else { e.otherListings.append(ListingAssessment(designation: d, verdict: verdict, delistedInScenario: gone, asOf: asOf)) }
        }
        let undatedRoot = status == .undetermined && upper.reason[Int(entity)] == BlockStatus.designated.rawValue
        switch status {
        case .designated:
            e.verdict = e.designations.isEmpty ? .designatedInScenario : .listedInOwnRight
        case .undetermined where undatedRoot:
            let undated = e.otherListings.filter { if case .dateUnknown = $0.verdict { !$0.delistedInScenario } else { false } }
            e.verdict = .listingDateUnknown(knownSince: undated.compactMap(\.designation.knownSince).min(), asOf: asOf)
        case .clear:
            e.verdict = .belowThreshold(low: held.low, high: held.high, threshold: threshold, perPerson: perPerson)
        case .owned, .controlled, .undetermined:
            e.contributions = bringers(of: entity, in: pass, runs: runs)
            if rule.aggregation == .perDesignatedPerson {
                if let g = groupIndex(of: entity, in: pass) {
                    let members = groups(of: pass)[g]
                    e.group = members.first
                    if members.count > 1 { e.joinedBy = jointArrangements(among: Set(members)) }
                }
            }
            let total = e.contributions.last?.runningPercent ?? 0
            switch status {
            case .controlled:
                e.verdict = .controlled(by: e.contributions.first.map { named($0.owner) }, rule: rule.name)
            case .owned:
                let more = e.contributions.contains { !$0.isControl && $0.share.lowOpen }
                e.verdict = .owned(holder: perPerson ? .group(of: e.group.map(named)) : .blockedOwners, percent: total, moreThan: more,
                                   threshold: threshold)
            default:
                let dependsOn = uncertainty(of: entity, contributions: e.contributions)
                if perPerson {
                    // Per person: the sum across owners (heldShare) is not what the rule looks at.
                    let low = runs.largestGroupHoldings(in: lower, result: self)[entity] ?? 0
                    let high = runs.largestGroupHoldings(in: upper, result: self)[entity] ?? 0
                    e.verdict = .undetermined(low: low, high: high, dependsOn: dependsOn, threshold: threshold, perPerson: true)
                } else {
                    e.verdict = .undetermined(low: held.low, high: held.high, dependsOn: dependsOn, threshold: threshold, perPerson: false)
                }
            }
        }
        return e
    }

    /// What an undetermined entity's bounds depend on: stakes of unknown size among its own,
    /// stakes known as a range, owners whose listing date is unknown, owners that are
    /// themselves undetermined.
    func uncertainty(of entity: UInt32, contributions: [Contribution]) -> [Explanation.Uncertainty] {
        var parts: [Explanation.Uncertainty] = []
        if contributions.contains(where: { !$0.isControl && $0.share.isUnknown }) { parts.append(.stakesOfUnknownSize) }
        if contributions.contains(where: { !$0.isControl && $0.share.exactValue == nil && !$0.share.isUnknown }) {
            parts.append(.stakesKnownAsRange)
        }
        let undatedOwners = contributions.filter { isUncertainRoot($0.owner) && !lower.isBlocked($0.owner) }
        if !undatedOwners.isEmpty {
            parts.append(.undatedListings(of: undatedOwners.map { NamedEntity(node: $0.owner, name: network.name(of: $0.owner)) }))
        }
        if contributions.contains(where: { status[Int($0.owner)] == .undetermined && !isUncertainRoot($0.owner) }) {
            parts.append(.undeterminedOwners)
        }
        return parts
    }

    /// Whether `v` is designated only by undated listings not known to be in force.
    /// - Complexity: O(log R).
    func isUncertainRoot(_ v: UInt32) -> Bool {
        let i = uncertainRoots.partitioningIndex { $0 >= v }
        return i < uncertainRoots.count && uncertainRoots[i] == v
    }

    /// Whether the scenario delists a listing of `entity` in a jurisdiction.
    func delistedListings(of entity: UInt32) -> Delistings {
        var d = Delistings()
        for edit in edits {
            if case .delist(let v, let j) = edit, v == entity {
                if let j { d.some.insert(j) } else { d.all = true }
            }
        }
        return d
    }

    /// The jurisdictions a scenario delists one entity in (`delistedListings(of:)`).
    struct Delistings {
        var all = false, some = Set<Jurisdiction>()
        func callAsFunction(_ j: Jurisdiction) -> Bool { all || some.contains(j) }
    }

    /// The owners (and controllers) that brought `v` in, in the order they were blocked, with
    /// running totals; only those blocked before `v`, so explanations never loop.
    /// - Parameter runs: the UK groups' propagations already made, shared by the calls of one
    ///   report so that each group runs once.
    func bringers(of v: UInt32, in pass: Pass, runs: GroupRuns = GroupRuns()) -> [Contribution] {
        guard pass.isBlocked(v), pass.reason[Int(v)] != BlockStatus.designated.rawValue else { return [] }
        // Loops, not closures: a closure that used `stakes` would capture a copy of the result
        // (or of the stake graph) on every call, one retain per column.
        var keyed: [(key: Int, slot: Int)] = []
        if rule.aggregation == .perDesignatedPerson, let g = groupIndex(of: v, in: pass) {
            // Only the holding group's members count, in the order the group captured them.
            let position = runs.positions(of: g, in: pass, result: self)
            let mine = position[v] ?? Int.max
            for slot in stakes.inRange(v) {
                let s = Int(stakes.inSlots[slot])
                if let p = position[stakes.sources[s]], p < mine { keyed.append((p, s)) }
            }
        } else {
            let mine = pass.step[Int(v)]
            for slot in stakes.inRange(v) {
                let s = Int(stakes.inSlots[slot])
                let step = pass.step[Int(stakes.sources[s])]
                if step < mine { keyed.append((Int(step), s)) }
            }
        }
        keyed.sort { $0.key < $1.key }
        // A control tie alone explains a controlled entity.
        if pass.reason[Int(v)] == BlockStatus.controlled.rawValue {
            for (_, c) in keyed where stakes.isControl[c] && stakes.controlBlocks(c, pass.bound) {
                return [Contribution(owner: stakes.sources[c], share: stakes.share(c), isControl: true, runningPercent: 0)]
            }
        }
        var running = 0.0
        var contributions: [Contribution] = []
        for (_, s) in keyed where !stakes.isControl[s] {
            running += pass.bound == .lower ? stakes.low[s] : stakes.high[s]
            contributions.append(Contribution(owner: stakes.sources[s], share: stakes.share(s), isControl: false, runningPercent: running))
        }
        return contributions
    }

    /// Under the UK rule, the index (in `groups(of: pass)`) of the first group that holds `v`:
    /// the one that blocked it in the evaluation.
    /// - Complexity: O(1) (recorded by the propagation); else that of `groupRoot(of:in:)`.
    func groupIndex(of v: UInt32, in pass: Pass) -> Int? {
        guard rule.aggregation == .perDesignatedPerson else { return nil }
        if !pass.group.isEmpty {
            let g = Int(pass.group[Int(v)])
            return g >= 0 ? g : nil
        }
        guard let root = groupRoot(of: v, in: pass) else { return nil }
        return groups(of: pass).firstIndex { $0.contains(root) }
    }

    /// Under the UK rule, the first designated person (in root order) whose group holds `v`.
    /// - Complexity: O(1) when the propagation recorded the groups (it does); else the
    ///   designated ancestors' walk and their groups' propagations.
    func groupRoot(of v: UInt32, in pass: Pass) -> UInt32? {
        guard rule.aggregation == .perDesignatedPerson else { return nil }
        if !pass.group.isEmpty {
            let g = Int(pass.group[Int(v)])
            return g >= 0 ? groups(of: pass)[g].first : nil
        }
        let candidates = designatedAncestors(of: v, in: pass)
        var scratch = GroupScratch(nodeCount: stakes.nodeCount, bound: pass.bound)
        for group in groups(of: pass) where group.contains(where: candidates.contains) {
            var found = false
            scratch.run(stakes, group: group, rule: rule, day: asOf) { w, _ in if w == v { found = true } }
            if found { return group[0] }
        }
        return nil
    }

    /// The designated entities `v` is reached from through entities blocked in `pass`: the
    /// candidate roots of its UK groups.
    func designatedAncestors(of v: UInt32, in pass: Pass) -> Set<UInt32> {
        var seen = Set<UInt32>(), candidates = Set<UInt32>()
        var stack = [v]
        while let w = stack.popLast() {
            guard seen.insert(w).inserted else { continue }
            if pass.reason[Int(w)] == BlockStatus.designated.rawValue && w != v { candidates.insert(w) }
            for slot in stakes.inRange(w) {
                let u = stakes.sources[Int(stakes.inSlots[slot])]
                if pass.isBlocked(u) { stack.append(u) }
            }
        }
        return candidates
    }

    /// The joint-arrangement links among `members`, each with what marks it.
    func jointArrangements(among members: Set<UInt32>) -> [(UInt32, UInt32, String)] {
        links.filter { members.contains($0.0) && members.contains($0.1) }.map { a, b in
            let tie = network.ties(from: a).first { $0.target == b && marksJointArrangement(network.tieDetail($0.edge)) }
            return (a, b, tie.map { "\($0.kind.ftmName) '\(network.tieDetail($0.edge))'" } ?? "--joint")
        }
    }

    /// The UK rule's groups behind a pass: the certain ones for the lower bound, with the
    /// uncertain roots for the upper.
    func groups(of pass: Pass) -> [[UInt32]] { pass.bound == .lower ? groups : possibleGroups }
}

/// A signal short of blocking that an analyst should look at.
public struct Caution: Sendable, Hashable {
    /// The kinds of caution (docs/rules.md, "Cautions").
    public enum Kind: String, Sendable, Hashable {
        /// Blocked persons hold a significant minority (≥ 25% by default) but not enough to block.
        case significantMinority
        /// A blocked person controls it, and control alone does not block under the rule (OFAC FAQ 398).
        case controlledByBlocked
        /// Listed in its own right, and also owned or controlled enough to be blocked without the listing.
        case listedAndOwned
    }
    /// The entity the caution is about, by node.
    public var entity: UInt32
    /// What the caution is.
    public var kind: Kind
    /// The share held by blocked owners (unknown stakes as 0%).
    public var percent: Double
    /// The blocked owners or controllers concerned.
    public var by: [UInt32]
}

extension BlockingResult {
    /// The cautions under this rule, reported apart from the blocked: significant minorities
    /// (blocked owners, one at least, hold at least `minority` percent of an entity that is not
    /// blocked), control by blocked persons where control does not block, and listed entities
    /// that would be blocked by ownership or control anyway.
    /// - Complexity: O(B log B) for the B blocked entities and those they hold or control
    ///   directly (only they can have a caution), plus, for each listed entity that blocked
    ///   owners would block anyway, the ties of the region its delisting could free (as in
    ///   `rankDelistings()`); under the UK rule, plus one propagation per group of designated
    ///   persons.
    public func cautions(minority: Double = 25) -> [Caution] {
        var result: [Caution] = []
        var region: RegionScratch? = nil   // made for the first listed entity owned anyway
        var isRoot: [Bool] = []   // with `region`
        // Under the UK rule: designated entities that another person's group holds or controls.
        var heldByOtherGroup: [UInt32: UInt32] = [:]
        if rule.aggregation == .perDesignatedPerson {
            var scratch = GroupScratch(nodeCount: stakes.nodeCount, bound: .lower)
            for group in groups {
                scratch.run(stakes, group: group, rule: rule, day: asOf) { v, _ in
                    if status[Int(v)] == .designated && heldByOtherGroup[v] == nil { heldByOtherGroup[v] = group[0] }
                }
            }
        }
        let scenarioControl = self.scenarioControl
        for v in cautionCandidates(addedControl: scenarioControl.added) {
            let s = status[Int(v)]
            if s == .clear {
                let held = heldShare(of: v).low
                if held >= minority - 1e-9 {
                    let owners = stakes.inRange(v).map { Int(stakes.inSlots[$0]) }
                        .filter { !stakes.isControl[$0] && lower.isBlocked(stakes.sources[$0]) }.map { stakes.sources[$0] }
                    // Some blocked owner must hold a stake (a minority of 0% is none).
                    if !owners.isEmpty {
                        result.append(Caution(entity: v, kind: .significantMinority, percent: held, by: Array(Set(owners)).sorted()))
                    }
                }
                if rule.controlKinds.isEmpty {
                    var controllers: [UInt32] = []
                    for tie in network.ties(into: v, activeOn: asOf) where tie.kind == .control && lower.isBlocked(tie.source) {
                        if scenarioControl.removed.contains(NodePair(tie.source, v)) { continue }
                        // Control: the board, or surely more than 50% of the votes (docs/rules.md).
                        let votes = network.shareInterval(tie.edge)
                        if votes.isUnknown || votes.low > 50 + 1e-9 || (votes.lowOpen && votes.low >= 50 - 1e-9) { controllers.append(tie.source) }
                    }
                    // Control ties the scenario adds are plain control.
                    for (o, a) in scenarioControl.added where a == v && lower.isBlocked(o) { controllers.append(o) }
                    if !controllers.isEmpty {
                        result.append(Caution(entity: v, kind: .controlledByBlocked, percent: held, by: Array(Set(controllers)).sorted()))
                    }
                }
            } else if s == .designated {
                var held = 0.0, heldOpen = false, by: [UInt32] = [], controlled = false
                for slot in stakes.inRange(v) {
                    let i = Int(stakes.inSlots[slot])
                    let owner = stakes.sources[i]
                    guard owner != v, lower.isBlocked(owner) else { continue }
                    if stakes.isControl[i] {
                        if stakes.controlBlocks(i, .lower) { controlled = true; by.append(owner) }
                        continue
                    }
                    held += stakes.low[i]
                    if stakes.lowOpen[i] { heldOpen = true }
                    if stakes.low[i] > 0 || stakes.lowOpen[i] { by.append(owner) }
                }
                if rule.aggregation == .perDesignatedPerson {
                    if let person = heldByOtherGroup[v] { result.append(Caution(entity: v, kind: .listedAndOwned, percent: held, by: [person])) }
                } else if controlled || rule.surelyMeets(held, open: heldOpen, on: asOf) {
                    // Only if it would stay blocked without its own listing (owners blocked
                    // only through it, in a cross-holding, do not count).
                    if region == nil { region = RegionScratch(nodeCount: stakes.nodeCount); isRoot = rootMask }
                    let freed = region!.freedByDelisting(v, stakes: stakes, pass: lower, isRoot: isRoot, rule: rule, day: asOf)
                    if !freed.contains(v) {
                        result.append(Caution(entity: v, kind: .listedAndOwned, percent: held, by: Array(Set(by)).sorted()))
                    }
                }
            }
        }
        return result
    }

    /// The control ties the scenario removes (every tie of the pair) and adds, for the rules
    /// whose stakes leave control out (the controlled-by-blocked caution reads the network's).
    private var scenarioControl: (removed: Set<NodePair>, added: [(UInt32, UInt32)]) {
        var removed = Set<NodePair>(), added: [(UInt32, UInt32)] = []
        for edit in edits {
            switch edit {
            case .removeTie(let o, let a): removed.insert(NodePair(o, a))
            case .addTie(let o, let a, .control, _): added.append((o, a))
            default: break
            }
        }
        return (removed, added)
    }

    /// The entities that can have a caution, in node order: the surely blocked ones (a listed
    /// entity may be owned anyway) and what they hold a stake in or control directly (a
    /// caution needs a blocked owner or controller).
    /// - Parameter addedControl: the control ties the scenario adds (`scenarioControl`).
    /// - Complexity: O(B log B), B the blocked entities and their direct holdings.
    private func cautionCandidates(addedControl: [(UInt32, UInt32)]) -> [UInt32] {
        var candidates = lower.order
        for u in lower.order {
            for slot in stakes.outRange(u) { candidates.append(stakes.targets[slot]) }
            if rule.controlKinds.isEmpty {
                for tie in network.ties(from: u, activeOn: asOf) where tie.kind == .control { candidates.append(tie.target) }
            }
        }
        if rule.controlKinds.isEmpty { candidates += addedControl.map(\.1) }
        candidates.sort()
        var unique: [UInt32] = []
        unique.reserveCapacity(candidates.count)
        for v in candidates where unique.last != v { unique.append(v) }
        return unique
    }
}
