import GraphCore
import SanctionsModel

/// Why an entity stays blocked after a relief scenario.
public enum StillBlockedReason: Sendable, Hashable {
    /// Listed in its own right (by a designation the scenario leaves in force).
    case listed
    /// Other blocked owners still hold this share (percent, unknown stakes as 0%).
    case ownersStillHold(Double)
    /// Still controlled by a blocked person.
    case stillControlled(by: UInt32)
}

/// A sector's exposure before and after a scenario.
public struct SectorExposure: Sendable, Hashable {
    /// The sector, by node (entities join it by sector-membership ties).
    public var sector: UInt32
    /// Its sector-membership ties: one per member (a member with several ties counts once per tie),
    /// whatever their dates.
    public var members: Int
    /// How many of those members are blocked before the scenario.
    public var blockedBefore: Int
    /// How many are blocked after it.
    public var blockedAfter: Int
    /// The fraction of members blocked before, from 0 to 1 (not percent); 0 for a sector with no members.
    public var shareBefore: Double { members == 0 ? 0 : Double(blockedBefore) / Double(members) }
    /// The fraction of members blocked after, from 0 to 1 (not percent); 0 for a sector with no members.
    public var shareAfter: Double { members == 0 ? 0 : Double(blockedAfter) / Double(members) }
}

/// What a relief (or tightening) scenario does under one rule.
public struct BlastRadius: Sendable {
    /// The rule evaluated without the edits.
    public let before: BlockingResult
    /// The rule evaluated with the edits.
    public let after: BlockingResult
    /// Blocked before, not blocked after (sorted by node).
    public let unblocked: [UInt32]
    /// Not blocked before, blocked after.
    public let newlyBlocked: [UInt32]
    /// Blocked before and after, among the edited entities and what they reach, with the reason.
    public let stillBlocked: [(entity: UInt32, reason: StillBlockedReason)]
    /// Not undetermined before, undetermined after (sorted by node).
    public let nowUndetermined: [UInt32]
    /// Undetermined before, and not after (sorted by node).
    public let noLongerUndetermined: [UInt32]
    /// Every sector with at least one member blocked before or after.
    public let sectors: [SectorExposure]
    /// What the edited entities own or control, directly or not, in force on the day.
    public let downstream: [UInt32]
    /// The edited entities' neighbours within `hops` ties of any kind, either direction.
    public let neighbours: [UInt32]
    /// How far `neighbours` reaches, in ties.
    public let hops: Int
}

/// The blast radius of `edits` under `rule` on `day`: the rule evaluated before and after.
/// The evaluation after the edits reuses `before`'s stakes (`evaluate(_:rule:asOf:edits:reusing:)`).
/// - Complexity: two runs of `evaluate` (one when `before` is given), then O(V + E) for the
///   statuses, the reach, the neighbourhood and the sectors, plus an `explain` at depth 0 per
///   controlled entity still blocked.
public func blastRadius(_ network: SanctionsNetwork, rule: BlockingRule, asOf day: Day, edits: [ReliefEdit],
                        hops: Int = 1, before: BlockingResult? = nil) -> BlastRadius {
    let before = before ?? evaluate(network, rule: rule, asOf: day)
    let after = evaluate(network, rule: rule, asOf: day, edits: edits, reusing: before)
    var unblocked: [UInt32] = [], newly: [UInt32] = [], nowU: [UInt32] = [], noLongerU: [UInt32] = []
    for v in 0 ..< UInt32(network.entityCount) {
        let a = before.status[Int(v)], b = after.status[Int(v)]
        if a.isBlocked && !b.isBlocked { unblocked.append(v) }
        if !a.isBlocked && b.isBlocked { newly.append(v) }
        if a != .undetermined && b == .undetermined { nowU.append(v) }
        if a == .undetermined && b != .undetermined { noLongerU.append(v) }
    }
    let edited = Array(Set(edits.flatMap(\.entities))).sorted()
    // Downstream: what the edited entities own or control, through any chain (before the edits).
    let g = network.graph
    let stakeKinds = EdgeKindSet([TieKind.ownership, .control])
    let view = g.view(kinds: stakeKinds, activeOn: day.daysSinceEpoch)
    let reach = g.neighborhood(of: edited, depth: Int.max, direction: .outgoing, in: view)
    let editedSet = Set(edited)
    let downstream = reach.filter { !editedSet.contains($0) }.sorted()
    let nonSector = g.view(kinds: EdgeKindSet(TieKind.allCases.filter { $0 != .sectorMembership }), activeOn: day.daysSinceEpoch)
    let neighbours = g.neighborhood(of: edited, depth: hops, direction: .both, in: nonSector).filter { !editedSet.contains($0) }.sorted()
    // Still blocked, with the reason, among the edited entities and their reach.
    var still: [(UInt32, StillBlockedReason)] = []
    for v in reach.sorted() where before.status[Int(v)].isBlocked && after.status[Int(v)].isBlocked {
        switch after.status[Int(v)] {
        case .designated: still.append((v, .listed))
        case .controlled:
            let by = after.explain(v, depth: 0).contributions.first?.owner ?? v
            still.append((v, .stillControlled(by: by)))
        default: still.append((v, .ownersStillHold(after.heldShare(of: v).low)))
        }
    }
    // Sector exposure.
    var sectors: [SectorExposure] = []
    for s in 0 ..< UInt32(network.entityCount) where network.kinds[Int(s)] == .sector {
        var e = SectorExposure(sector: s, members: 0, blockedBefore: 0, blockedAfter: 0)
        for tie in network.ties(into: s) where tie.kind == .sectorMembership {
            let m = tie.source
            e.members += 1
            if before.status[Int(m)].isBlocked { e.blockedBefore += 1 }
            if after.status[Int(m)].isBlocked { e.blockedAfter += 1 }
        }
        if e.blockedBefore > 0 || e.blockedAfter > 0 { sectors.append(e) }
    }
    return BlastRadius(before: before, after: after, unblocked: unblocked, newlyBlocked: newly, stillBlocked: still,
                       nowUndetermined: nowU, noLongerUndetermined: noLongerU, sectors: sectors,
                       downstream: downstream, neighbours: neighbours, hops: hops)
}
