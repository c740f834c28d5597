import GraphCore
import SanctionsModel

/// A set of actions that would free an entity under a rule.
public struct FreeingPlan: Sendable {
    /// The entity to free, by node.
    public var entity: UInt32
    /// Delistings (`.delist`) and divestments (`.removeTie`: the blocked owner sells the stake).
    public var actions: [ReliefEdit]
    /// True when the search proved no smaller set works; false for a greedy answer.
    public var isMinimal: Bool
    /// How the plan was found, and its bound when greedy; `description` says it in words.
    public var method: Method

    /// How a plan was found.
    public enum Method: Sendable, Hashable, CustomStringConvertible {
        /// Every smaller set of the `candidates` actions was tried: no set of fewer than
        /// `size` actions frees the entity.
        case exact(size: Int, candidates: Int)
        /// Every set was tried: even all `candidates` actions together do not free the
        /// entity (the plan lists them all).
        case noneSuffices(candidates: Int)
        /// Greedy, after every set of up to `ruledOut` of the `candidates` actions was ruled
        /// out exactly: a smaller set may exist.
        case greedy(ruledOut: Int, candidates: Int)

        /// In words: "exact: one action suffices (3 candidate actions)", "greedy (…); a smaller set may exist".
        public var description: String {
            switch self {
            case .exact(let size, let k):
                size == 1 ? "exact: one action suffices (\(k) candidate actions)"
                    : "exact: no set of fewer than \(size) of the \(k) candidate actions frees it"
            case .noneSuffices(let k): "exact: even all \(k) candidate actions together do not free it"
            case .greedy(let ruledOut, let k):
                "greedy (sets of up to \(ruledOut) of the \(k) candidates were ruled out exactly); a smaller set may exist"
            }
        }
    }
}

extension BlockingResult {
    /// The smallest set of delistings and divestments that leaves `entity` clear (not
    /// blocked, not undetermined) under this rule, or nil if it is clear already.
    ///
    /// Only the entity's ancestors matter, so the search runs on the subgraph of the
    /// blocked (or undetermined) entities upstream of it. Candidates: delisting each
    /// designated ancestor (and the entity itself), and each blocked owner selling its stake
    /// in an ancestor (or the entity). Every set of up to `exactUpTo` candidates is tried,
    /// smallest first, while that stays within `budget` evaluations: the answer is then
    /// minimal. Otherwise a greedy search adds, each round, the action that most reduces the
    /// share blocked owners hold of the entity; it uses at most as many actions as there are
    /// candidates and is not proven minimal.
    /// - Complexity: O(A + T) to gather the A blocked or undetermined ancestors and the T ties
    ///   among them, then O(A + T) per set of actions tried, for k ≤ A + T candidates: at most
    ///   `budget` sets in the exact search, O(k²) in the greedy one (each round tries every
    ///   candidate left).
    public func planToFree(_ entity: UInt32, exactUpTo: Int = 4, budget: Int = 50_000) -> FreeingPlan? {
        guard status[Int(entity)] != .clear else { return nil }
        let local = AncestorProblem(self, target: entity)
        let k = local.candidates.count
        // Exact: subsets by increasing size.
        var evaluations = 0
        var size = 1
        while size <= min(exactUpTo, k) {
            let count = binomial(k, size)
            if evaluations + count > budget { break }
            var chosen = Array(0 ..< size)
            while true {
                evaluations += 1
                if local.frees(chosen) {
                    return FreeingPlan(entity: entity, actions: chosen.map { local.candidates[$0] }, isMinimal: true,
                                       method: .exact(size: size, candidates: k))
                }
                // Next combination in lexicographic order.
                var i = size - 1
                while i >= 0 && chosen[i] == k - size + i { i -= 1 }
                if i < 0 { break }
                chosen[i] += 1
                for j in i + 1 ..< size { chosen[j] = chosen[j - 1] + 1 }
            }
            size += 1
        }
        if size > k {
            return FreeingPlan(entity: entity, actions: local.candidates, isMinimal: true,
                               method: .noneSuffices(candidates: k))
        }
        // Greedy.
        var chosen: [Int] = []
        while chosen.count < k {
            var best = -1, bestHeld = Double.infinity
            for c in 0 ..< k where !chosen.contains(c) {
                let trial = chosen + [c]
                if local.frees(trial) { best = c; bestHeld = -1; break }
                let held = local.heldHigh(trial)
                if held < bestHeld { best = c; bestHeld = held }
            }
            guard best >= 0 else { break }
            chosen.append(best)
            if bestHeld < 0 { break }
        }
        return FreeingPlan(entity: entity, actions: chosen.map { local.candidates[$0] }, isMinimal: false,
                           method: .greedy(ruledOut: size - 1, candidates: k))
    }
}

private func binomial(_ n: Int, _ k: Int) -> Int {
    var r = 1
    for i in 0 ..< k {
        r = r * (n - i) / (i + 1)
        if r > 10_000_000 { return r }
    }
    return r
}

/// The target's ancestors (blocked or undetermined ones) as a small stake graph, with the
/// candidate actions, evaluated without the rest of the network.
struct AncestorProblem {
    let result: BlockingResult
    let nodes: [UInt32]
    let local: [UInt32: UInt32]
    let target: UInt32
    let candidates: [ReliefEdit]
    let stakes: StakeGraph
    let isRoot: [Bool]
    /// For each node, the candidate that delists it (or -1).
    let delistAction: [Int]

    init(_ result: BlockingResult, target: UInt32) {
        self.result = result
        let s = result.stakes
        // Ancestors through entities blocked when unknown stakes count in full.
        var order: [UInt32] = [target]
        var local: [UInt32: UInt32] = [target: 0]
        var next = 0
        while next < order.count {
            let v = order[next]
            next += 1
            for slot in s.inRange(v) {
                let u = s.sources[Int(s.inSlots[slot])]
                if local[u] == nil && result.upper.isBlocked(u) {
                    local[u] = UInt32(order.count)
                    order.append(u)
                }
            }
        }
        // Under the UK rule, joint partners of the designated ancestors matter too: delisting one
        // may split a group (even a partner that owns nothing).
        if result.rule.aggregation == .perDesignatedPerson {
            let ancestors = Set(order)
            for group in result.possibleGroups where group.contains(where: ancestors.contains) {
                for r in group where local[r] == nil {
                    local[r] = UInt32(order.count)
                    order.append(r)
                }
            }
        }
        nodes = order
        self.local = local
        self.target = local[target] ?? 0
        // Freeing is judged on the upper bound, where undated listings count as in force.
        let rootSet = Set(result.roots).union(result.uncertainRoots)
        isRoot = order.map { rootSet.contains($0) }
        var slots: [StakeGraph.Slot] = []
        var candidates: [ReliefEdit] = []
        var delist = [Int](repeating: -1, count: order.count)
        var tieAction: [Int] = []
        let jurisdiction = result.rule.jurisdictions.flatMap { $0.count == 1 ? $0.first : nil }
        for (i, v) in order.enumerated() where isRoot[i] {
            delist[i] = candidates.count
            candidates.append(.delist(v, jurisdiction))
        }
        var stakeAction: [NodePair: Int] = [:]
        for (i, v) in order.enumerated() {
            for slot in s.inRange(v) {
                let e = Int(s.inSlots[slot])
                guard let u = local[s.sources[e]] else { continue }
                slots.append(StakeGraph.Slot(source: u, target: UInt32(i), share: s.share(e), isControl: s.isControl[e]))
                let key = NodePair(u, UInt32(i))
                if let a = stakeAction[key] { tieAction.append(a); continue }
                stakeAction[key] = candidates.count
                tieAction.append(candidates.count)
                candidates.append(.removeTie(owner: s.sources[e], asset: v))
            }
        }
        self.candidates = candidates
        self.delistAction = delist
        var region = StakeGraph(nodeCount: order.count, slots: slots)
        // The 100% cap counts every owner of a node, not only the ancestors kept here.
        for (i, v) in order.enumerated() { region.totalLow[i] = s.totalLow[Int(v)]; region.totalOpenLows[i] = s.totalOpenLows[Int(v)] }
        stakes = region
        // StakeGraph reorders ties by source; map the actions along.
        self.tieActionSorted = StakeGraph.layout(of: slots, nodeCount: order.count).arrange(tieAction)
    }

    /// For each local tie (in the stake graph's order), the candidate that removes it.
    var tieActionSorted: [Int] = []

    /// The stake graph and roots with the chosen actions applied.
    private func applying(_ chosen: [Int]) -> (StakeGraph, [UInt32]) {
        let set = Set(chosen)
        var g = stakes
        for slot in 0 ..< g.targets.count where set.contains(tieActionSorted[slot]) {
            // A removed tie counts for nothing: no share, no control, no part in the cap.
            if !g.isControl[slot] {
                g.totalLow[Int(g.targets[slot])] -= g.low[slot]
                if g.lowOpen[slot] { g.totalOpenLows[Int(g.targets[slot])] -= 1 }
            }
            g.low[slot] = 0; g.high[slot] = 0; g.lowOpen[slot] = false; g.highOpen[slot] = false
            g.isControl[slot] = false
        }
        let roots = (0 ..< nodes.count).filter { isRoot[$0] && !set.contains(delistAction[$0]) }.map { UInt32($0) }
        return (g, roots)
    }

    private func passes(_ chosen: [Int], bound: Bound) -> Pass {
        let (g, roots) = applying(chosen)
        switch result.rule.aggregation {
        case .acrossOwners:
            return propagateAggregate(g, roots: roots, rule: result.rule, day: result.asOf, bound: bound)
        case .perDesignatedPerson:
            // The joint groups the roots left form (a delisted partner may have been the link).
            let left = roots.map { nodes[Int($0)] }
            let groups = joinedGroups(left, links: result.links).map { $0.compactMap { local[$0] } }
            return propagatePerGroup(g, groups: groups, rule: result.rule, day: result.asOf, bound: bound)
        }
    }

    /// Whether the actions leave the target clear (not blocked even at the upper bound).
    func frees(_ chosen: [Int]) -> Bool { !passes(chosen, bound: .upper).isBlocked(target) }

    /// The share of the target its blocked owners may hold after the actions (the upper bound).
    func heldHigh(_ chosen: [Int]) -> Double {
        let pass = passes(chosen, bound: .upper)
        let (g, _) = applying(chosen)
        var held = 0.0
        for slot in g.inRange(target) {
            let e = Int(g.inSlots[slot])
            if pass.isBlocked(g.sources[e]) { held += g.isControl[e] ? 100 : g.high[e] }
        }
        return held + (pass.reason[Int(target)] == BlockStatus.designated.rawValue ? 1000 : 0)
    }
}
