import GraphCore
import SanctionsModel
import Platform

/// Who is blocked under a rule on a day, with what is needed to explain it.
///
/// Computed as the least fixed point of `blocked = designated ∪ {e : blocked owners hold
/// enough of e} ∪ {e : a blocked person controls e}` (control only where the rule counts it),
/// which terminates on cross-holding cycles because the set only grows. Under the UK rule
/// the fixed point is taken per designated person (docs/rules.md). Shares are intervals
/// (docs/shares.md) and undated listings may or may not be in force (docs/time.md), so there
/// are two fixed points: the lower bound (every stake at its smallest, undated listings out)
/// and the upper (every stake at its largest under the 100% cap, undated listings in).
/// Blocked in the first means blocked; blocked only in the second means undetermined.
public struct BlockingResult: Sendable {
    /// The network evaluated.
    public let network: SanctionsNetwork
    /// The rule applied.
    public let rule: BlockingRule
    /// The day the rule was applied on: the ties and listings in force that day count (docs/time.md).
    public let asOf: Day
    /// The scenario's edits, applied before evaluating; empty for the network as it is.
    public let edits: [ReliefEdit]
    /// The designated entities the rule counts (sorted).
    public let roots: [UInt32]
    /// The entities whose only listings the rule would count are undated and not known to be
    /// in force on `asOf` (docs/time.md); they, and what depends on them, are undetermined.
    public let uncertainRoots: [UInt32]
    /// The UK rule's groups of designated persons (one per person, or several joined by a
    /// tie marking a joint arrangement); empty for aggregating rules.
    public let groups: [[UInt32]]
    /// The groups with the uncertain roots too (the upper bound's); `groups` when there are none.
    let possibleGroups: [[UInt32]]
    /// The joint-arrangement ties between designated persons (UK rule).
    let links: [(UInt32, UInt32)]
    /// Each entity's status by node: designated, owned or controlled (blocked in the lower bound),
    /// undetermined (blocked only in the upper bound) or clear (docs/rules.md, "How the answer is computed").
    public let status: [BlockStatus]
    let stakes: StakeGraph
    let lower: Pass
    let upper: Pass

    /// The blocked entities (designated, owned or controlled), by node.
    /// - Complexity: O(V).
    public var blocked: [UInt32] { (0 ..< UInt32(status.count)).filter { status[Int($0)].isBlocked } }
    /// The undetermined entities, by node.
    /// - Complexity: O(V).
    public var undetermined: [UInt32] { (0 ..< UInt32(status.count)).filter { status[Int($0)] == .undetermined } }

    /// About how many bytes the result's own arrays take (statuses, the stakes it read, both
    /// propagations), counting arrays it shares with another result in full: what a cache of
    /// results weighs (the network is shared and not counted).
    /// - Complexity: O(groups); O(1) for aggregating rules.
    public var footprint: Int {
        func bytes<T>(_ a: [T]) -> Int { a.count * MemoryLayout<T>.stride }
        let s = stakes
        var total = bytes(status) + bytes(roots) + bytes(uncertainRoots)
        total += bytes(s.offsets) + bytes(s.targets) + bytes(s.sources) + bytes(s.low) + bytes(s.high) + bytes(s.lowOpen)
        total += bytes(s.highOpen) + bytes(s.isControl) + bytes(s.inOffsets) + bytes(s.inSlots) + bytes(s.totalLow) + bytes(s.totalOpenLows)
        // The upper bound is the lower one's arrays when the two are one fixed point.
        let sameBound = lower.step.withUnsafeBufferPointer { l in upper.step.withUnsafeBufferPointer { $0.baseAddress == l.baseAddress } }
        for pass in sameBound ? [lower] : [lower, upper] {
            total += bytes(pass.step) + bytes(pass.reason) + bytes(pass.order) + bytes(pass.group)
        }
        for group in uncertainRoots.isEmpty ? groups : groups + possibleGroups { total += bytes(group) }
        return total
    }

    /// How many entities have each status.
    /// - Complexity: O(V).
    public var counts: [BlockStatus: Int] {
        // Tallied by raw value (a dictionary update per entity hashes a million times at 1M).
        var tally = [Int](repeating: 0, count: Int(BlockStatus.allCases.map(\.rawValue).max()!) + 1)
        for s in status { tally[Int(s.rawValue)] += 1 }
        var c: [BlockStatus: Int] = [:]
        for s in BlockStatus.allCases where tally[Int(s.rawValue)] > 0 { c[s] = tally[Int(s.rawValue)] }
        return c
    }
}

/// Evaluates `rule` on `network` as of `day`, after applying `edits`.
///
/// With `base`, an earlier result of the same rule on the same network (the same graph store)
/// and day whose edits begin `edits` (the network as it is, typically), the stakes it read are
/// reused: only the owners whose ties the further edits change are read again. The answer is
/// the same as without it, explanations included; a `base` that does not fit is ignored.
/// - Complexity: O(V + E + D) for aggregating rules, D the network's designations; for the
///   UK rule, that plus the sum over designated persons of the ties within their groups.
///   With `base`, no tie is read again but the edited owners'; O(E) copying for edits of
///   ties, nothing for edits of listings; the propagation itself visits what it blocks.
public func evaluate(_ network: SanctionsNetwork, rule: BlockingRule, asOf day: Day, edits: [ReliefEdit] = [],
                     reusing base: BlockingResult? = nil) -> BlockingResult {
    let stakes: StakeGraph
    if let base, base.rule == rule, base.asOf == day, base.network.graph.isSameStore(as: network.graph), edits.starts(with: base.edits) {
        stakes = StakeGraph(patching: base.stakes, network: network, rule: rule, day: day, edits: edits)
    } else {
        stakes = StakeGraph(network: network, rule: rule, day: day, edits: edits)
    }
    let (roots, uncertainRoots) = designatedRoots(network, rule: rule, day: day, edits: edits)
    // The upper bound takes undated listings as in force, and unknown stakes in full.
    let possibleRoots = uncertainRoots.isEmpty ? roots : (roots + uncertainRoots).sorted()
    let links = rule.aggregation == .perDesignatedPerson ? jointLinks(network, roots: possibleRoots, day: day, edits: edits) : []
    let groups = rule.aggregation == .perDesignatedPerson ? joinedGroups(possibleRoots, links: links) : []
    let certainGroups = uncertainRoots.isEmpty ? groups : joinedGroups(roots, links: links)
    // With every stake exact and every listing dated, both bounds are the same fixed point.
    let needsUpper = !uncertainRoots.isEmpty || !stakes.isExact
    @Sendable func propagate(_ bound: Bound) -> Pass {
        switch rule.aggregation {
        case .acrossOwners: propagateAggregate(stakes, roots: bound == .lower ? roots : possibleRoots, rule: rule, day: day, bound: bound)
        case .perDesignatedPerson: propagatePerGroup(stakes, groups: bound == .lower ? certainGroups : groups, rule: rule, day: day, bound: bound)
        }
    }
    // The two bounds are independent propagations: on two cores when both are needed and the
    // network is large.
    let lower: Pass, upper: Pass
    if !needsUpper { lower = propagate(.lower); upper = lower }
    else if stakes.targets.count < StakeGraph.parallelTies { (lower, upper) = (propagate(.lower), propagate(.upper)) }
    else { (lower, upper) = concurrently({ propagate(.lower) }, { propagate(.upper) }) }
    var status = [BlockStatus](repeating: .clear, count: network.entityCount)
    for v in 0 ..< status.count {
        if lower.step[v] != Pass.notBlocked { status[v] = BlockStatus(rawValue: lower.reason[v]) ?? .owned }
        else if upper.step[v] != Pass.notBlocked { status[v] = .undetermined }
    }
    return BlockingResult(network: network, rule: rule, asOf: day, edits: edits, roots: roots, uncertainRoots: uncertainRoots,
                          groups: certainGroups, possibleGroups: groups, links: links, status: status, stakes: stakes, lower: lower, upper: upper)
}

/// The entities a rule takes as designated on `day`, after the scenario's delistings and
/// added designations: `certain` have a listing the rule counts; `uncertain` have none, but
/// an undated listing that would count if it was in force (docs/time.md). Both sorted.
func designatedRoots(_ network: SanctionsNetwork, rule: BlockingRule, day: Day, edits: [ReliefEdit]) -> (certain: [UInt32], uncertain: [UInt32]) {
    struct Listing: Hashable { var entity: UInt32; var jurisdiction: Jurisdiction }
    var delistAll = Set<UInt32>(), delistIn = Set<Listing>()
    var added: [Listing] = []
    for edit in edits {
        switch edit {
        case .delist(let v, nil): delistAll.insert(v)
        case .delist(let v, let j?): delistIn.insert(Listing(entity: v, jurisdiction: j))
        case .addDesignation(let v, let j) where rule.jurisdictions?.contains(j) ?? true: added.append(Listing(entity: v, jurisdiction: j))
        default: break
        }
    }
    func delisted(_ l: Listing) -> Bool { delistAll.contains(l.entity) || delistIn.contains(l) }
    // Sets of entities as bits (a node's bit set once), read out in order: no hashing and no
    // sort for the tens of thousands of designated entities of a large export.
    var certain = NodeBits(count: network.entityCount), uncertain = NodeBits(count: network.entityCount)
    let designations = network.designations
    for i in designations.indices where !certain.contains(designations[i].entity) {
        // Read in place: a copy of a designation retains each of its texts.
        let verdict = rule.assess(designations[i], on: day)
        guard verdict == .counted || { if case .dateUnknown = verdict { return true } else { return false } }() else { continue }
        let entity = designations[i].entity
        if delisted(Listing(entity: entity, jurisdiction: designations[i].jurisdiction)) { continue }
        if verdict == .counted { certain.insert(entity) } else { uncertain.insert(entity) }
    }
    // A designation the scenario adds ends with a delisting of the entity there too.
    for l in added where !delisted(l) { certain.insert(l.entity) }
    return (certain.members, uncertain.members.filter { !certain.contains($0) })
}

/// A set of nodes as one bit each: insertions and look-ups without hashing, members in order.
private struct NodeBits {
    private var words: [UInt64]

    /// An empty set of nodes below `count` (a node past it is kept too: the words grow).
    init(count: Int) { words = [UInt64](repeating: 0, count: (count + 63) / 64) }

    func contains(_ v: UInt32) -> Bool {
        let w = Int(v >> 6)
        return w < words.count && words[w] & (1 << UInt64(v & 63)) != 0
    }

    mutating func insert(_ v: UInt32) {
        let w = Int(v >> 6)
        if w >= words.count { words += [UInt64](repeating: 0, count: w + 1 - words.count) }
        words[w] |= 1 << UInt64(v & 63)
    }

    /// The members, increasing.
    var members: [UInt32] {
        var out: [UInt32] = []
        for (w, word) in words.enumerated() {
            var bits = word
            while bits != 0 {
                out.append(UInt32(w << 6 + bits.trailingZeroBitCount))
                bits &= bits - 1
            }
        }
        return out
    }
}

/// The qualifiers that mark a tie as a joint arrangement between its ends (docs/rules.md,
/// "UK"): compared whole, case-insensitively, so that free text such as "no joint
/// arrangement" never joins anyone.
public let jointArrangementQualifiers: Set<String> = ["joint arrangement", "joint-arrangement", "acting jointly", "acting together"]

/// Whether a tie's qualifier marks a joint arrangement (one of `jointArrangementQualifiers`).
public func marksJointArrangement(_ detail: String) -> Bool {
    jointArrangementQualifiers.contains(detail.lowercased().split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " "))
}

/// The pairs of designated persons joined by a tie in force whose qualifier marks a joint
/// arrangement (`jointArrangementQualifiers`).
func jointLinks(_ network: SanctionsNetwork, roots: [UInt32], day: Day, edits: [ReliefEdit] = []) -> [(UInt32, UInt32)] {
    let isRoot = Set(roots)
    var links: [(UInt32, UInt32)] = []
    // Joint arrangements a scenario (or --joint) states.
    for case .jointArrangement(let a, let b) in edits where isRoot.contains(a) && isRoot.contains(b) && a != b { links.append((a, b)) }
    for r in roots {
        for tie in network.ties(from: r, activeOn: day) where isRoot.contains(tie.target) && tie.target != r {
            if marksJointArrangement(network.tieDetail(tie.edge)) { links.append((r, tie.target)) }
        }
    }
    return links
}

/// Splits `members` into groups connected by `links` (each member alone when unlinked);
/// groups and their members in node order.
func joinedGroups(_ members: [UInt32], links: [(UInt32, UInt32)]) -> [[UInt32]] {
    let sorted = Array(Set(members)).sorted()
    var index: [UInt32: Int] = [:]
    for (i, r) in sorted.enumerated() { index[r] = i }
    var sets = UnionFind(count: sorted.count)
    for (a, b) in links {
        guard let i = index[a], let j = index[b] else { continue }
        sets.union(i, j)
    }
    var groups: [Int: [UInt32]] = [:]
    for (i, r) in sorted.enumerated() { groups[sets.find(i), default: []].append(r) }
    // Members were added in node order: a group's first member is its smallest.
    return groups.values.sorted { $0[0] < $1[0] }
}
