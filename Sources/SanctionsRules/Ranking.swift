import GraphCore
import SanctionsModel

/// One designated entity ranked by what its delisting would free.
public struct DelistingImpact: Sendable, Hashable {
    /// The designated entity whose listings would end, by node.
    public var entity: UInt32
    /// How many entities (the delisted one included) would no longer be blocked.
    public var unblocked: Int
    /// The entities freed.
    public var freed: [UInt32]
}

/// One candidate ranked by what designating it would block.
public struct DesignationImpact: Sendable, Hashable {
    /// The candidate for designation, by node.
    public var entity: UInt32
    /// How many entities (the candidate included) would newly be blocked.
    public var newlyBlocked: Int
}

extension BlockingResult {
    /// Every designated entity ranked by the size of its delisting's blast radius (how many
    /// entities would no longer be definitely blocked), largest first, ties by id.
    ///
    /// Incremental: delisting `d` can only free blocked entities that `d` reaches through
    /// blocked entities that are not themselves designated, so each delisting recomputes
    /// the fixed point on that region alone, holding the stakes from outside it fixed.
    /// Under the UK rule, an entity is freed when no other designated person's group holds it.
    /// Unknown stakes count as 0%. The scenario's own edits, if any, are kept.
    /// - Complexity: aggregating rules, O(Σ over designated entities of their region's ties);
    ///   UK rule, O(V) plus two group propagations per group and, for a group of m > 1 joined
    ///   persons, m more rounds (the group without each person, split where it falls apart).
    ///   Then a sort of the R designated entities, O(R log R).
    public func rankDelistings() -> [DelistingImpact] {
        var result: [DelistingImpact] = []
        result.reserveCapacity(roots.count)
        switch rule.aggregation {
        case .acrossOwners:
            var region = RegionScratch(nodeCount: stakes.nodeCount)
            let isRoot = rootMask
            for d in roots {
                let freed = region.freedByDelisting(d, stakes: stakes, pass: lower, isRoot: isRoot, rule: rule, day: asOf)
                result.append(DelistingImpact(entity: d, unblocked: freed.count, freed: freed))
            }
        case .perDesignatedPerson:
            var cover = [UInt32](repeating: 0, count: stakes.nodeCount)
            var scratch = GroupScratch(nodeCount: stakes.nodeCount, bound: .lower)
            for group in groups {
                scratch.run(stakes, group: group, rule: rule, day: asOf) { v, _ in cover[Int(v)] += 1 }
            }
            let isRoot = rootMask
            for group in groups {
                // The group's members before, then without each designated person in turn.
                scratch.run(stakes, group: group, rule: rule, day: asOf) { _, _ in }
                let members = scratch.members
                for d in group {
                    var stillHeld = Set<UInt32>()
                    if group.count > 1 {
                        // Without d the group may fall apart into several (d may have been the link).
                        for part in joinedGroups(group.filter { $0 != d }, links: links) {
                            scratch.run(stakes, group: part, rule: rule, day: asOf) { _, _ in }
                            stillHeld.formUnion(scratch.members)
                        }
                    }
                    var freed: [UInt32] = []
                    for m in members where !stillHeld.contains(m) {
                        if m == d { if cover[Int(d)] == 0 { freed.append(d) }; continue }
                        if !isRoot[Int(m)] && cover[Int(m)] == 1 { freed.append(m) }
                    }
                    freed.sort()
                    result.append(DelistingImpact(entity: d, unblocked: freed.count, freed: freed))
                }
            }
        }
        return result.sorted { ($0.unblocked, network.id(of: $1.entity)) > ($1.unblocked, network.id(of: $0.entity)) }
    }

    /// Candidates ranked by how many entities designating them would newly block (largest
    /// first). By default every entity that is not blocked and owns or controls something.
    /// Unknown stakes count as 0%.
    /// - Complexity: O(Σ over candidates of the ties their designation reaches) after one O(E) pass.
    public func rankDesignations(candidates: [UInt32]? = nil) -> [DesignationImpact] {
        let candidates = candidates ?? (0 ..< UInt32(stakes.nodeCount)).filter { !lower.isBlocked($0) && !stakes.outRange($0).isEmpty }
        var result: [DesignationImpact] = []
        switch rule.aggregation {
        case .acrossOwners:
            // What blocked owners already hold of each entity that is not blocked (lower bounds).
            var base = Holding(nodeCount: stakes.nodeCount, bound: .lower)
            for u in lower.order {
                for slot in stakes.outRange(u) where !stakes.isControl[slot] && !lower.isBlocked(stakes.targets[slot]) { base.add(stakes, slot) }
            }
            var holding = base
            var added = [Bool](repeating: false, count: stakes.nodeCount)
            var touched: [UInt32] = [], queue: [UInt32] = []
            for c in candidates where !lower.isBlocked(c) {
                // Back to the base for the entities the last candidate touched.
                for v in touched {
                    let i = Int(v)
                    added[i] = false
                    holding.sum[i] = base.sum[i]
                    holding.openCount[i] = base.openCount[i]
                }
                touched.removeAll(keepingCapacity: true)
                queue = [c]
                added[Int(c)] = true
                touched.append(c)
                var next = 0
                while next < queue.count {
                    let u = queue[next]
                    next += 1
                    for slot in stakes.outRange(u) {
                        let v = stakes.targets[slot]
                        if lower.isBlocked(v) || added[Int(v)] { continue }
                        touched.append(v)
                        if holding.captures(stakes, slot, rule: rule, day: asOf) { added[Int(v)] = true; queue.append(v) }
                    }
                }
                result.append(DesignationImpact(entity: c, newlyBlocked: queue.count))
            }
        case .perDesignatedPerson:
            var scratch = GroupScratch(nodeCount: stakes.nodeCount, bound: .lower)
            for c in candidates where !lower.isBlocked(c) {
                scratch.run(stakes, group: [c], rule: rule, day: asOf) { _, _ in }
                result.append(DesignationImpact(entity: c, newlyBlocked: scratch.members.filter { !lower.isBlocked($0) }.count))
            }
        }
        return result.sorted { ($0.newlyBlocked, network.id(of: $1.entity)) > ($1.newlyBlocked, network.id(of: $0.entity)) }
    }

    var rootMask: [Bool] {
        var mask = [Bool](repeating: false, count: stakes.nodeCount)
        for r in roots { mask[Int(r)] = true }
        return mask
    }
}

/// Buffers for recomputing the fixed point (lower bound) on one region, reset through
/// touched lists.
struct RegionScratch {
    var inRegion: [Bool]
    var holding: Holding
    var blocked: [Bool]
    var region: [UInt32] = []
    var queue: [UInt32] = []

    init(nodeCount: Int) {
        inRegion = [Bool](repeating: false, count: nodeCount)
        holding = Holding(nodeCount: nodeCount, bound: .lower)
        blocked = [Bool](repeating: false, count: nodeCount)
    }

    /// The entities that would no longer be blocked if `d` lost its designations.
    mutating func freedByDelisting(_ d: UInt32, stakes: StakeGraph, pass: Pass, isRoot: [Bool], rule: BlockingRule, day: Day) -> [UInt32] {
        for v in region { inRegion[Int(v)] = false; blocked[Int(v)] = false }
        holding.reset()
        region.removeAll(keepingCapacity: true)
        // The region: d and the blocked, non-designated entities it reaches through them.
        region.append(d)
        inRegion[Int(d)] = true
        var next = 0
        while next < region.count {
            let u = region[next]
            next += 1
            for slot in stakes.outRange(u) {
                let v = stakes.targets[slot]
                if inRegion[Int(v)] || isRoot[Int(v)] || !pass.isBlocked(v) { continue }
                inRegion[Int(v)] = true
                region.append(v)
            }
        }
        // Stakes from outside the region stay as they are; seed with what they block alone.
        queue.removeAll(keepingCapacity: true)
        for v in region {
            var controlled = false
            for slot in stakes.inRange(v) {
                let s = Int(stakes.inSlots[slot])
                let u = stakes.sources[s]
                guard !inRegion[Int(u)], pass.isBlocked(u) else { continue }
                if stakes.isControl[s] { controlled = controlled || stakes.controlBlocks(s, .lower) } else { holding.add(stakes, s) }
            }
            if controlled || holding.meets(stakes, Int(v), rule: rule, day: day) { blocked[Int(v)] = true; queue.append(v) }
        }
        next = 0
        while next < queue.count {
            let u = queue[next]
            next += 1
            for slot in stakes.outRange(u) {
                let v = stakes.targets[slot]
                guard inRegion[Int(v)], !blocked[Int(v)] else { continue }
                if holding.captures(stakes, slot, rule: rule, day: day) { blocked[Int(v)] = true; queue.append(v) }
            }
        }
        return region.filter { !blocked[Int($0)] }.sorted()
    }
}
