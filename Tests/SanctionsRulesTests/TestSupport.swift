import Foundation
import Testing
import TestKit
import GraphCore
import SanctionsModel
import SanctionsRules
import GraphIO

/// A day from year, month, day (tests only).
func day(_ year: Int, _ month: Int, _ dayOfMonth: Int) -> Day { Day(year: year, month: month, day: dayOfMonth)! }

/// The demo's reference date (Graphs/README.md: "as of 2026-11-29 unless stated").
let demoDay = day(2026, 11, 29)

/// The three presets with their names in `expected.json`.
let presets: [(key: String, rule: BlockingRule)] = [("us", .ofac), ("eu", .eu), ("uk", .uk)]

/// Loads a bundled graph by its path under the repository root.
func bundled(_ relative: String) throws -> SanctionsNetwork {
    try FtMReader.load(path: repoRoot() + "/" + relative).0
}

/// A deterministic generator for the property tests (xorshift64*; independent of the
/// package's own SplitMix64 so that a bug there cannot hide one here).
struct TestRNG: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed &* 0x2545_F491_4F6C_DD1D | 1 }
    mutating func next() -> UInt64 {
        state ^= state >> 12
        state ^= state << 25
        state ^= state >> 27
        return state &* 0x2545_F491_4F6C_DD1D
    }
    mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &self) }
    mutating func chance(_ p: Double) -> Bool { Double.random(in: 0 ..< 1, using: &self) < p }
    mutating func pick<T>(_ items: [T]) -> T { items[int(0 ... items.count - 1)] }
}

/// The asset-freeze authority of each jurisdiction, as the bundled files name them.
func freezeAuthority(of j: Jurisdiction) -> String {
    switch j {
    case .us: "Office of Foreign Assets Control"
    case .eu: "Council of the European Union"
    case .gb: "Office of Financial Sanctions Implementation"
    case .un: "UN Security Council"
    default: ""
    }
}

/// A small network described by ids, built through `NetworkBuilder` in any record order.
struct Spec {
    struct Entity { var id: String; var schema: String; var name: String; var sectors: [String] }
    struct Tie {
        var kind: TieKind; var from: String; var to: String; var share: Double?; var start: Day?; var end: Day?; var detail: String
        /// A share that is a range (overrides `share`), and a share class (`sharesType`).
        var interval: ShareInterval? = nil
        var shareClass: String = ""
    }
    struct Listing { var entity: String; var jurisdiction: Jurisdiction; var authority: String; var start: Day?; var end: Day?; var firstSeen: Day? = nil
                   var programs: [String] = []; var unscId = "" }

    var entities: [Entity] = []
    var ties: [Tie] = []
    var listings: [Listing] = []

    /// Adds an entity (a Company unless said otherwise); its name is its id in capitals.
    mutating func entity(_ id: String, _ schema: String = "Company", name: String? = nil, sectors: [String] = []) {
        entities.append(Entity(id: id, schema: schema, name: name ?? id.uppercased(), sectors: sectors))
    }
    mutating func own(_ owner: String, _ asset: String, _ share: Double?, start: Day? = nil, end: Day? = nil) {
        ties.append(Tie(kind: .ownership, from: owner, to: asset, share: share, start: start, end: end, detail: ""))
    }
    /// A stake given as an interval, optionally of a share class.
    mutating func own(_ owner: String, _ asset: String, interval: ShareInterval, shareClass: String = "", start: Day? = nil, end: Day? = nil) {
        ties.append(Tie(kind: .ownership, from: owner, to: asset, share: nil, start: start, end: end, detail: "", interval: interval, shareClass: shareClass))
    }
    mutating func control(_ controller: String, _ controlled: String, start: Day? = nil, end: Day? = nil) {
        ties.append(Tie(kind: .control, from: controller, to: controlled, share: nil, start: start, end: end, detail: "board majority"))
    }
    mutating func tie(_ kind: TieKind, _ from: String, _ to: String, detail: String) {
        ties.append(Tie(kind: kind, from: from, to: to, share: nil, start: nil, end: nil, detail: detail))
    }
    /// Designates `id` by the asset-freeze authority of each jurisdiction given.
    mutating func designate(_ id: String, _ js: [Jurisdiction] = [.us, .eu, .gb], authority: String? = nil,
                            start: Day? = day(2020, 1, 1), end: Day? = nil, firstSeen: Day? = nil, programs: [String] = [], unscId: String = "") {
        for j in js {
            listings.append(Listing(entity: id, jurisdiction: j, authority: authority ?? freezeAuthority(of: j), start: start, end: end, firstSeen: firstSeen,
                                    programs: programs, unscId: unscId))
        }
    }

    private enum Record { case entity(Entity), tie(Tie), listing(Listing) }

    /// Builds the network; with a seed, the records are fed in a shuffled order.
    func build(shuffle seed: UInt64? = nil) -> SanctionsNetwork {
        var records = entities.map(Record.entity) + ties.map(Record.tie) + listings.map(Record.listing)
        if let seed {
            var rng = TestRNG(seed: seed)
            records.shuffle(using: &rng)
        }
        var b = NetworkBuilder()
        for (line, r) in records.enumerated() {
            switch r {
            case .entity(let e):
                let v = b.node(e.id)
                _ = b.define(v, schema: e.schema, kind: FtMSchema.entityKind(of: e.schema) ?? .other, line: line + 1)
                b.addName(v, b.text(e.name))
                for s in e.sectors { b.addSector(v, s) }
            case .tie(let t):
                let s = b.node(t.from), d = b.node(t.to)
                let detail = t.detail.isEmpty ? 0 : b.string(t.detail)
                b.addTie(t.kind, from: s, to: d, interval: t.interval ?? t.share.map { .exact($0) },
                         shareClass: t.shareClass.isEmpty ? 0 : b.string(t.shareClass), validity: Validity(start: t.start, end: t.end),
                         detail: detail, line: line + 1)
            case .listing(let l):
                b.addDesignation(Designation(entity: b.node(l.entity), jurisdiction: l.jurisdiction, country: l.jurisdiction.code,
                                             authority: l.authority, programs: l.programs, unscId: l.unscId, startDate: l.start, endDate: l.end, firstSeen: l.firstSeen), line: line + 1)
            }
        }
        return b.finish().0
    }
}

extension SanctionsNetwork {
    /// The node of `id`, which must exist.
    func v(_ id: String) -> UInt32 {
        guard let v = node(id: id) else { Issue.record("no entity \(id)"); return 0 }
        return v
    }
}

extension BlockingResult {
    func status(_ id: String) -> BlockStatus { status[Int(network.v(id))] }
    func ids(_ nodes: [UInt32]) -> Set<String> { Set(nodes.map { network.id(of: $0) }) }
    var blockedIDs: Set<String> { ids(blocked) }
    var undeterminedIDs: Set<String> { ids(undetermined) }
    /// Status by id, for comparing networks built in different orders.
    var statusByID: [String: BlockStatus] {
        var out: [String: BlockStatus] = [:]
        for v in 0 ..< UInt32(status.count) { out[network.id(of: v)] = status[Int(v)] }
        return out
    }
    func held(_ id: String) -> (low: Double, high: Double) { heldShare(of: network.v(id)) }
}

/// "B" blocked, "U" undetermined, "N" clear: the letters of Graphs/README.md's tables.
func letter(_ s: BlockStatus) -> Character { s.isBlocked ? "B" : s == .undetermined ? "U" : "N" }

/// The jurisdiction a preset counts.
func jurisdiction(of rule: BlockingRule) -> Jurisdiction { rule.jurisdictions?.first ?? .us }

/// Every node of an explanation tree, with the path from the root, depth first.
func walk(_ e: Explanation, path: [UInt32] = [], _ visit: (Explanation, [UInt32]) -> Void) {
    visit(e, path)
    for o in e.owners { walk(o, path: path + [e.entity], visit) }
}

/// A random network for the property tests: `size` entities, random stakes (some of
/// unknown size, some expired), control ties and designations in the three jurisdictions.
func randomSpec(_ rng: inout TestRNG, size: Int, controlRate: Double = 0.06, unknownRate: Double = 0.12, undatedRate: Double = 0) -> Spec {
    var spec = Spec()
    let ids = (0 ..< size).map { "n\($0)" }
    for (i, id) in ids.enumerated() { spec.entity(id, i % 7 == 0 ? "Person" : "Company") }
    let shares: [Double] = [5, 10, 15, 20, 24, 25, 26, 30, 35, 40, 45, 49, 50, 51, 55, 60, 75, 100]
    let tieCount = rng.int(size ... size * 2)
    for _ in 0 ..< tieCount {
        let o = rng.int(0 ... size - 1), a = rng.int(0 ... size - 1)
        guard o != a, spec.entities[a].schema == "Company" else { continue }
        let share: Double? = rng.chance(unknownRate) ? nil : rng.pick(shares)
        if rng.chance(0.05) {
            spec.own(ids[o], ids[a], share, end: day(2021, 1, 1))  // expired: must count for nothing
        } else {
            spec.own(ids[o], ids[a], share)
        }
    }
    for _ in 0 ..< Int(Double(size) * controlRate * 2) where rng.chance(0.5) {
        let c = rng.int(0 ... size - 1), t = rng.int(0 ... size - 1)
        if c != t { spec.control(ids[c], ids[t]) }
    }
    for id in ids {
        for j in [Jurisdiction.us, .eu, .gb] where rng.chance(0.12) {
            if rng.chance(0.1) {
                spec.designate(id, [j], end: day(2022, 1, 1))  // delisted before the day
            } else if undatedRate > 0 && rng.chance(undatedRate) {
                // Undated: known in force from first_seen (before or after the day), or never.
                spec.designate(id, [j], start: nil, firstSeen: rng.pick([nil, day(2024, 1, 1), day(2026, 1, 1)]))
            } else {
                spec.designate(id, [j])
            }
        }
    }
    return spec
}

/// Adds up to `count` ties marking a joint arrangement between entities the UK lists.
func addJointArrangements(_ spec: inout Spec, _ rng: inout TestRNG, count: Int) {
    let listed = Array(Set(spec.listings.filter { $0.jurisdiction == .gb && $0.end == nil }.map(\.entity))).sorted()
    guard listed.count >= 2 else { return }
    for _ in 0 ..< count {
        let a = rng.pick(listed), b = rng.pick(listed)
        if a != b { spec.tie(rng.pick([TieKind.associate, .unknownLink, .family]), a, b, detail: rng.pick(["joint arrangement", "Acting jointly"])) }
    }
}

/// The day the property tests evaluate on.
let propertyDay = day(2025, 6, 1)

/// A random scenario of one to four edits of every kind.
func randomScenario(_ rng: inout TestRNG, _ n: SanctionsNetwork) -> [ReliefEdit] {
    var edits: [ReliefEdit] = []
    for _ in 0 ..< rng.int(1 ... 4) {
        let u = UInt32(rng.int(0 ... n.entityCount - 1)), w = UInt32(rng.int(0 ... n.entityCount - 1))
        switch rng.int(0 ... 5) {
        case 0: edits.append(.delist(u, rng.chance(0.5) ? nil : rng.pick([Jurisdiction.us, .eu, .gb])))
        case 1: edits.append(.setShare(owner: u, asset: w, percent: rng.pick([0.0, 20, 45, 50, 70])))
        case 2: edits.append(.removeTie(owner: u, asset: w))
        case 3: edits.append(.addTie(owner: u, asset: w, kind: rng.pick([TieKind.ownership, .control, .directorship]),
                                     percent: rng.chance(0.2) ? nil : 55))
        case 4: edits.append(.jointArrangement(u, w))
        default: edits.append(.addDesignation(u, rng.pick([Jurisdiction.us, .eu, .gb])))
        }
    }
    return edits
}
