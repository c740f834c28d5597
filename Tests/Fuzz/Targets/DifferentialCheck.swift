import GraphCore
import SanctionsModel
import SanctionsRules
import TestOracles

/// The rule engine against the reference implementation (TestOracles/ReferenceRules.swift).
enum RuleChecks {
    /// The largest graphs compared (the reference recomputes its fixed points from scratch).
    static let maxEntities = 12

    /// The problems found when `rules` (the presets when nil) evaluate `network` on `day`:
    /// a status or a held share that differs from the reference's, an undated listing the two
    /// sort differently, an explanation that disagrees with its status.
    static func agreeWithReference(_ network: SanctionsNetwork, day: Day, rules: [BlockingRule]? = nil, label: String) -> [String] {
        guard network.entityCount <= maxEntities, network.tieCount <= 4 * maxEntities else { return [] }
        var problems: [String] = []
        for rule in rules ?? [.ofac, .eu, .uk] {
            let result = evaluate(network, rule: rule, asOf: day)
            let reference = RefProblem(network, rule: rule, day: day)
            let expected = reference.statuses(rule: rule, day: day)
            let held = reference.held(rule: rule, day: day)
            let name = "\(label), \(rule.name) (undated: \(rule.undated)) on \(day)"
            if Set(result.uncertainRoots.map(Int.init)) != reference.possibleRoots {
                problems.append("\(name): undated roots \(result.uncertainRoots.map { network.id(of: $0) }.sorted()), reference \(reference.possibleRoots.map { reference.ids[$0] }.sorted())")
            }
            for v in 0 ..< network.entityCount {
                let id = network.id(of: UInt32(v)), got = result.status[v]
                if refStatus(got) != expected[v] { problems.append("\(name): \(id) is \(got), reference \(expected[v])") }
                let h = result.heldShare(of: UInt32(v))
                if abs(h.low - held[v].low) > 1e-9 || abs(h.high - held[v].high) > 1e-9 {
                    problems.append("\(name): blocked owners hold \(h) of \(id), reference \(held[v])")
                }
                // An explanation's verdict is the entity's status.
                if got != .clear, result.explain(UInt32(v)).status != got {
                    problems.append("\(name): the explanation of \(id) says \(result.explain(UInt32(v)).status), the result \(got)")
                }
            }
        }
        return problems
    }
}

/// Small graphs built from the fuzzer's bytes, evaluated by the engine and by the reference.
///
/// The bytes choose: 2–9 entities; up to 15 ties (ownership, control,
/// directorship, family, associate, each way, self-ties included; directorships with a share too) with exact shares near the
/// thresholds, ranges with open or closed ends, unknown shares, share classes, start and end
/// dates around the day, and qualifiers that do and do not name a joint arrangement; up to
/// 5 listings in four jurisdictions by freeze and other authorities, dated, ended, or undated
/// with and without a first-seen day. Then each preset and a custom rule, with undated
/// listings read both ways, must give the reference's statuses and held shares.
enum DifferentialCheck {
    static let shares: [Double] = [0, 10, 24.99, 25, 25.01, 33.3, 49.99, 50, 50.01, 60, 75, 100]
    static let qualifiers = ["", "", "", "joint arrangement", "Acting  Together", "joint-arrangement", "acting jointly",
                             "no joint arrangement", "board majority", "beneficial owner"]
    static let kinds: [TieKind] = [.ownership, .ownership, .ownership, .control, .directorship, .family, .associate]
    static let days: [Day?] = [nil, nil, Day(year: 2019, month: 3, day: 1), fuzzDay, Day(year: 2026, month: 11, day: 30), Day(year: 2030, month: 1, day: 1)]
    static let authorities: [Jurisdiction: [String]] = [
        .us: ["Office of Foreign Assets Control", "Department of State", ""],
        .eu: ["Council of the European Union", "European Commission"],
        .gb: ["Office of Financial Sanctions Implementation", "HM Treasury", "Department for Business and Trade"],
        .un: ["UN Security Council"],
    ]

    static func run(_ data: [UInt8]) -> [String] {
        var bytes = ByteStream(data)
        let (network, rules) = build(&bytes)
        return RuleChecks.agreeWithReference(network, day: fuzzDay, rules: rules, label: "\(network.entityCount) entities, \(network.tieCount) ties")
    }

    static func build(_ bytes: inout ByteStream) -> (SanctionsNetwork, [BlockingRule]) {
        var b = NetworkBuilder()
        let count = 2 + bytes.below(8)
        let nodes = (0 ..< count).map { i in
            let v = b.node("e\(i)")
            let schema = bytes.chance(2) ? "Person" : "Company"
            _ = b.define(v, schema: schema, kind: FtMSchema.entityKind(of: schema) ?? .other, line: i + 1)
            b.addName(v, b.text("E\(i)"))
            return v
        }
        var line = count
        for _ in 0 ..< bytes.below(16) {
            line += 1
            let kind = bytes.pick(kinds), from = bytes.pick(nodes), to = bytes.pick(nodes)
            var interval: ShareInterval? = nil
            if kind == .ownership || kind == .directorship {
                switch bytes.below(4) {
                case 0, 1: interval = .exact(bytes.pick(shares))
                case 2:
                    let a = bytes.pick(shares), c = bytes.pick(shares)
                    interval = ShareInterval(low: min(a, c), high: max(a, c), lowOpen: bytes.chance(3) && a != c, highOpen: bytes.chance(3) && a != c)
                default: interval = nil
                }
            }
            let shareClass = bytes.chance(1) ? b.string(bytes.pick(["A", "B"])) : 0
            let detail = bytes.pick(qualifiers)
            b.addTie(kind, from: from, to: to, interval: interval, shareClass: shareClass,
                     validity: Validity(start: bytes.pick(days), end: bytes.pick(days)),
                     detail: detail.isEmpty ? 0 : b.string(detail), line: line)
        }
        for _ in 0 ..< bytes.below(6) {
            line += 1
            let j = bytes.pick([Jurisdiction.us, .eu, .gb, .un])
            let start = bytes.pick(days)
            _ = b.addDesignation(Designation(entity: bytes.pick(nodes), jurisdiction: j, country: j.code,
                                             authority: bytes.pick(authorities[j] ?? [""]), startDate: start,
                                             endDate: bytes.pick(days), firstSeen: bytes.pick(days)), line: line)
        }
        let network = b.finish().0
        var custom = BlockingRule(threshold: bytes.pick([10, 25, 33.3, 50, 75]), inclusive: bytes.chance(4),
                                  aggregation: bytes.chance(4) ? .acrossOwners : .perDesignatedPerson,
                                  controlKinds: bytes.chance(4) ? [.control] : [],
                                  jurisdictions: bytes.chance(2) ? nil : [.us, .gb])
        custom.undated = bytes.chance(4) ? .inForce : .knownSince
        var rules: [BlockingRule] = [.ofac, .eu, .uk, custom]
        if bytes.chance(4) {
            for i in 0 ..< 3 { rules[i].undated = .inForce }
        }
        return (network, rules)
    }
}
