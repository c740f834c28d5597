import GraphCore
import SanctionsModel
import SanctionsRules

/// A slow, obviously correct implementation of docs/rules.md, docs/shares.md and
/// docs/time.md, written from the text and independent of SanctionsRules' code: only the
/// rule's parameters are read from `BlockingRule`. Nodes are plain integers; ids name them
/// for comparisons. Every fixed point is recomputed from scratch until nothing changes.
/// The rule tests and the differential fuzz target (Tests/Fuzz) both check the engine against it.
package struct RefProblem {
    package var ids: [String]
    /// Ownership stakes in force, reports of one stake merged: owner, asset, share interval.
    package var stakes: [(o: Int, a: Int, share: ShareInterval)]
    /// Control ties in force: controller, controlled.
    package var controls: [(c: Int, t: Int)]
    /// Designated entities the rule counts.
    package var roots: Set<Int>
    /// Entities whose only counted listings are undated and not known in force on the day:
    /// designated in the upper bound only (docs/time.md).
    package var possibleRoots: Set<Int> = []
    /// Ties in force whose qualifier names a joint arrangement (any kind, either way).
    package var joint: [(Int, Int)] = []

    package enum Status: Hashable, CustomStringConvertible {
        case clear, designated, blocked, undetermined
        package var description: String { "\(self == .clear ? "clear" : self == .designated ? "designated" : self == .blocked ? "blocked" : "undetermined")" }
    }

    package static func active(_ start: Day?, _ end: Day?, on day: Day) -> Bool {
        (start.map { $0 <= day } ?? true) && (end.map { day < $0 } ?? true)
    }

    /// Whether an authority freezes assets for a jurisdiction (the README's list).
    package static func isFreeze(_ authority: String, _ j: Jurisdiction) -> Bool {
        let a = authority.lowercased()
        if a.isEmpty { return true }
        switch j {
        case .us: return a.contains("foreign assets control") || a.contains("ofac")
        case .eu: return a.contains("council of the european union")
        case .gb: return a.contains("financial sanctions implementation") || a.contains("hm treasury") || a.contains("foreign, commonwealth")
        default: return false
        }
    }

    /// Whether a listing counts under the rule: of a jurisdiction it names and a measure it
    /// names (nil names every one). The measure is the source's (docs/sources.md): a network
    /// carries it as its registry classified the listing; a spec's authority gives it by `isFreeze`.
    package static func counts(_ j: Jurisdiction, measure: Measure, rule: BlockingRule) -> Bool {
        (rule.jurisdictions?.contains(j) ?? true) && (rule.measures?.contains(measure) ?? true)
    }

    /// A listing's standing by the time model: in force, not, or undated and unknown.
    package static func standing(start: Day?, end: Day?, knownSince: Day?, on day: Day, rule: BlockingRule) -> Bool? {
        if let end, day >= end { return false }
        if let start { return start <= day }
        if rule.undated == .inForce { return true }
        if let knownSince, knownSince <= day { return true }
        return nil
    }

    /// Sorts listings into certain and possible roots.
    private mutating func addListings(_ listings: [(entity: Int, start: Day?, end: Day?, knownSince: Day?, counts: Bool)], rule: BlockingRule, day: Day) {
        for l in listings where l.counts {
            switch RefProblem.standing(start: l.start, end: l.end, knownSince: l.knownSince, on: day, rule: rule) {
            case true?: roots.insert(l.entity)
            case nil: possibleRoots.insert(l.entity)
            case false?: break
            }
        }
        possibleRoots.subtract(roots)
    }

    /// The problem from its parts: ownership reports (merged here into stakes), control ties,
    /// joint-arrangement ties and listings (sorted here into certain and possible roots).
    package init(ids: [String], reports: [(o: Int, a: Int, share: ShareInterval, shareClass: String)],
                 controls: [(c: Int, t: Int)], joint: [(Int, Int)],
                 listings: [(entity: Int, start: Day?, end: Day?, knownSince: Day?, counts: Bool)],
                 rule: BlockingRule, day: Day) {
        self.ids = ids
        self.stakes = RefProblem.merge(reports)
        self.controls = controls
        self.roots = []
        self.joint = joint
        addListings(listings, rule: rule, day: day)
    }

    /// From a loaded network, by reading ties and designations through the public columns.
    package init(_ network: SanctionsNetwork, rule: BlockingRule, day: Day) {
        var reports: [(o: Int, a: Int, share: ShareInterval, shareClass: String)] = []
        var controls: [(c: Int, t: Int)] = [], joint: [(Int, Int)] = []
        let g = network.graph
        for edge in g.allEdges {
            let e = edge.id
            let v = network.validity(ofTie: e)
            guard RefProblem.active(v.start, v.end, on: day) else { continue }
            let kind = network.tieKind(e), o = Int(edge.source), a = Int(edge.target)
            if rule.ownershipKinds.contains(kind) { reports.append((o, a, network.shareInterval(e), network.shareClass(e))) }
            if rule.controlKinds.contains(kind) { controls.append((o, a)) }
            if RefProblem.isJoint(network.tieDetail(e)) { joint.append((o, a)) }
        }
        self.init(ids: (0 ..< UInt32(network.entityCount)).map { network.id(of: $0) }, reports: reports,
                  controls: controls, joint: joint,
                  listings: network.designations.map { d in
                      (Int(d.entity), [d.startDate, d.listingDate].compactMap { $0 }.min(), d.endDate, d.knownSince,
                       RefProblem.counts(d.jurisdiction, measure: d.measure, rule: rule))
                  }, rule: rule, day: day)
    }

    /// Whether a tie's qualifier names a joint arrangement: exactly one of the four phrases
    /// of docs/rules.md (UK), ignoring case and repeated spaces.
    package static func isJoint(_ detail: String) -> Bool {
        let words = detail.lowercased().split(separator: " ").joined(separator: " ")
        return ["joint arrangement", "joint-arrangement", "acting jointly", "acting together"].contains(words)
    }

    package static func meets(_ percent: Double, rule: BlockingRule, day: Day) -> Bool {
        let strict = !rule.inclusive || (rule.inclusiveSince.map { day < $0 } ?? false)
        return strict ? percent > rule.threshold + 1e-9 : percent >= rule.threshold - 1e-9
    }

    /// Reports of one pair are one stake: the hull of those that give a value; with several
    /// share classes, one such stake per class (reports without a class then add nothing).
    package static func merge(_ reports: [(o: Int, a: Int, share: ShareInterval, shareClass: String)]) -> [(o: Int, a: Int, share: ShareInterval)] {
        var out: [(o: Int, a: Int, share: ShareInterval)] = []
        var seen = Set<[Int]>()
        for r in reports where seen.insert([r.o, r.a]).inserted {
            let mine = reports.filter { $0.o == r.o && $0.a == r.a }
            let classes = Set(mine.map(\.shareClass).filter { !$0.isEmpty })
            let groups: [[ShareInterval]] = classes.count > 1
                ? classes.sorted().map { c in mine.filter { $0.shareClass == c }.map(\.share) }
                : [mine.map(\.share)]
            for group in groups {
                let known = group.filter { $0 != .unknown }
                guard var lo = known.first else { out.append((r.o, r.a, .unknown)); continue }
                var hi = lo
                for k in known {
                    if k.low < lo.low || (k.low == lo.low && !k.lowOpen) { lo = k }
                    if k.high > hi.high || (k.high == hi.high && !k.highOpen) { hi = k }
                }
                out.append((r.o, r.a, ShareInterval(low: lo.low, high: hi.high, lowOpen: lo.lowOpen, highOpen: hi.highOpen)))
            }
        }
        return out
    }

    /// Whether a holding meets the rule: surely (the value is the lower bound, `open` = more
    /// than it) or possibly (the value is the upper bound, `open` = less than it).
    package static func meets(_ value: Double, open: Bool, surely: Bool, rule: BlockingRule, day: Day) -> Bool {
        let strict = !rule.inclusive || (rule.inclusiveSince.map { day < $0 } ?? false)
        let t = rule.threshold, eps = 1e-9
        if surely { return strict ? (open ? value >= t - eps : value > t + eps) : value >= t - eps }
        return strict || open ? value > t + eps : value >= t - eps
    }

    /// What the owners in `set` hold of `e`: the lower bound, or the upper bound capped at
    /// 100% less the lower bounds of the other owners' stakes (unless those exceed 100%).
    package func holding(of e: Int, by set: Set<Int>, upper: Bool) -> (value: Double, open: Bool) {
        let inbound = stakes.filter { $0.a == e }
        let mine = inbound.filter { set.contains($0.o) }, others = inbound.filter { !set.contains($0.o) }
        if !upper { return (mine.reduce(0.0) { $0 + $1.share.low }, mine.contains { $0.share.lowOpen }) }
        let highs = mine.reduce(0.0) { $0 + $1.share.high }, highsOpen = mine.contains { $0.share.highOpen }
        let totalLow = inbound.reduce(0.0) { $0 + $1.share.low }
        let inconsistent = totalLow > 100 + 1e-9 || (totalLow >= 100 - 1e-9 && inbound.contains { $0.share.lowOpen })
        guard !inconsistent else { return (highs, highsOpen) }
        let cap = 100 - others.reduce(0.0) { $0 + $1.share.low }, capOpen = others.contains { $0.share.lowOpen }
        if cap < highs - 1e-9 { return (max(cap, 0), capOpen) }
        if highs < cap - 1e-9 { return (highs, highsOpen) }
        return (highs, highsOpen || capOpen)
    }

    /// Iterates `set ∪= {e : stakes of members meet the rule, or a member controls e}` until
    /// nothing changes (the least fixed point above `set`), at one bound.
    package func closure(of start: Set<Int>, rule: BlockingRule, day: Day, upper: Bool) -> Set<Int> {
        var set = start
        var changed = true
        while changed {
            changed = false
            for e in 0 ..< ids.count where !set.contains(e) {
                let controlled = controls.contains { set.contains($0.c) && $0.t == e }
                let (value, open) = holding(of: e, by: set, upper: upper)
                if controlled || RefProblem.meets(value, open: open, surely: !upper, rule: rule, day: day) {
                    set.insert(e)
                    changed = true
                }
            }
        }
        return set
    }

    /// The blocked set at one bound; at the upper bound the possible roots (undated
    /// listings) count as designated too.
    package func blocked(rule: BlockingRule, day: Day, upper: Bool) -> Set<Int> {
        let start = upper ? roots.union(possibleRoots) : roots
        switch rule.aggregation {
        case .acrossOwners:
            return closure(of: start, rule: rule, day: day, upper: upper)
        case .perDesignatedPerson:
            // Each designated person's own group, to its own fixed point; no adding across
            // persons, unless joined (transitively) by joint-arrangement ties.
            var all = start
            for group in jointGroups(of: start) { all.formUnion(closure(of: group, rule: rule, day: day, upper: upper)) }
            return all
        }
    }

    /// The designated persons, grouped by joint-arrangement ties between them.
    package func jointGroups(of roots: Set<Int>) -> [Set<Int>] {
        var groups = roots.map { Set([$0]) }
        var merged = true
        while merged {
            merged = false
            outer: for i in groups.indices {
                for j in groups.indices where j > i {
                    if joint.contains(where: { (groups[i].contains($0.0) && groups[j].contains($0.1)) || (groups[i].contains($0.1) && groups[j].contains($0.0)) }) {
                        groups[i].formUnion(groups[j])
                        groups.remove(at: j)
                        merged = true
                        break outer
                    }
                }
            }
        }
        return groups
    }

    /// Every node's status: blocked at the lower bound is blocked; only at the upper, undetermined.
    package func statuses(rule: BlockingRule, day: Day) -> [Status] {
        let low = blocked(rule: rule, day: day, upper: false), high = blocked(rule: rule, day: day, upper: true)
        return (0 ..< ids.count).map { v in
            roots.contains(v) ? .designated : low.contains(v) ? .blocked : high.contains(v) ? .undetermined : .clear
        }
    }

    package func statusByID(rule: BlockingRule, day: Day) -> [String: Status] {
        Dictionary(uniqueKeysWithValues: zip(ids, statuses(rule: rule, day: day)))
    }

    /// What blocked owners hold of each node: the lower bound with the surely blocked owners,
    /// the capped upper bound with the possibly blocked ones.
    package func held(rule: BlockingRule, day: Day) -> [(low: Double, high: Double)] {
        let lowSet = blocked(rule: rule, day: day, upper: false), highSet = blocked(rule: rule, day: day, upper: true)
        return (0 ..< ids.count).map { v in
            let low = holding(of: v, by: lowSet, upper: false).value
            return (low, max(low, holding(of: v, by: highSet, upper: true).value))
        }
    }
}

/// The library's status in the reference's terms.
package func refStatus(_ s: BlockStatus) -> RefProblem.Status {
    switch s {
    case .clear: .clear
    case .designated: .designated
    case .owned, .controlled: .blocked
    case .undetermined: .undetermined
    }
}
