import GraphCore
import SanctionsModel

/// A named list of relief (or tightening) actions, as a policy team would propose it, with the
/// date it is to be judged at (README "Relief packages"; read from a file by GraphIO's
/// `PackageFile`).
public struct ReliefPackage: Sendable, Hashable {
    /// The package's name ("EN+ 2019").
    public var name: String
    /// The date the package is judged at, if it gives one.
    public var asOf: Day?
    /// The actions, in order.
    public var actions: [PackageAction]
    /// Where the package came from (a file path), for reports; "" when made in code.
    public var source: String

    /// A package of `actions`.
    public init(name: String, asOf: Day? = nil, actions: [PackageAction], source: String = "") {
        self.name = name
        self.asOf = asOf
        self.actions = actions
        self.source = source
    }
}

/// One action of a relief package.
public enum PackageAction: Sendable, Hashable {
    /// Lift the entity's listings in these jurisdictions (nil: every jurisdiction that lists it).
    case delist(UInt32, jurisdictions: [Jurisdiction]?)
    /// The owner's stake in the asset becomes `percent` (a divestment, 70% → 44.95%).
    case divest(owner: UInt32, asset: UInt32, percent: Double)
    /// The owner gives up every tie to the asset.
    case removeTie(owner: UInt32, asset: UInt32)
    /// The owner acquires a stake in the asset (nil: of unknown size).
    case addTie(owner: UInt32, asset: UInt32, percent: Double?)
    /// The entity is designated in the jurisdiction.
    case designate(UInt32, Jurisdiction)

    /// The scenario edits the action makes (a delisting in several jurisdictions is one edit each).
    public var edits: [ReliefEdit] {
        switch self {
        case .delist(let v, nil): [.delist(v, nil)]
        case .delist(let v, let js?): js.map { .delist(v, $0) }
        case .divest(let o, let a, let p): [.setShare(owner: o, asset: a, percent: p)]
        case .removeTie(let o, let a): [.removeTie(owner: o, asset: a)]
        case .addTie(let o, let a, let p): [.addTie(owner: o, asset: a, kind: .ownership, percent: p)]
        case .designate(let v, let j): [.addDesignation(v, j)]
        }
    }

    /// The action's kind as package files name it: delist, divest, removeTie, addTie, designate.
    public var kindName: String {
        switch self {
        case .delist: "delist"
        case .divest: "divest"
        case .removeTie: "removeTie"
        case .addTie: "addTie"
        case .designate: "designate"
        }
    }
}

/// An entity's country and how many of its entities are blocked before and after a package.
public struct CountryExposure: Sendable, Hashable {
    /// The country code, as the data gives it ("ru", "cy", …).
    public var country: String
    /// How many entities name the country.
    public var entities: Int
    /// How many of them are blocked before the package.
    public var blockedBefore: Int
    /// How many after.
    public var blockedAfter: Int
}

/// One step an action takes in law, in one jurisdiction (docs/legal.md).
public struct LegalStep: Sendable, Hashable {
    /// What kind of step.
    public enum Kind: String, Sendable, Hashable {
        /// Lifting a listing.
        case delist
        /// A licence or authorisation for a transaction with or by a blocked person.
        case licence
        /// Imposing a listing.
        case designate
        /// Nothing to do in this jurisdiction (not listed there; no blocked party).
        case none
    }
    /// The action's index in its package (0-based).
    public var action: Int
    /// Whose law.
    public var jurisdiction: Jurisdiction
    /// The kind of step.
    public var kind: Kind
    /// The listing it lifts (delist steps).
    public var listing: Designation?
    /// The listing's legal basis from the table (nil: unknown, or not a delisting).
    public var basis: LegalTable.Basis?
    /// The path the step takes (nil: the table does not know it).
    public var path: LegalTable.Path?
    /// Programs of the listing the table does not know.
    public var unknownPrograms: [String]
    /// The earliest day the step can take effect, if the law sets a waiting period
    /// (CAATSA section 216: the review period from a report made on the package's date).
    public var earliestEffect: Day?
    /// The next day the listing lapses unless renewed (EU regimes with review dates).
    public var nextRenewal: Day?
    /// The UN Security Council reference the listing implements (its `unscId`), if any.
    public var implementsUN: String?
    /// What else the reader should know, in words.
    public var notes: [String]

    /// The jurisdiction's code, or "any" for a step about every jurisdiction (an entity with
    /// no listing to lift).
    public var jurisdictionText: String { jurisdiction == .unknown ? "any" : jurisdiction.code }

    /// Whether the table knows the path (false: shown as unknown).
    public var isKnown: Bool { kind == .none || path != nil }
}

/// A package judged under several rules: the blast radius under each, the countries, and the
/// legal path of each action.
public struct PackageEvaluation: Sendable {
    /// Where the date came from.
    public enum DateSource: String, Sendable, Hashable {
        /// `--as-of` (or the caller's date) overrode the package's own.
        case override
        /// The package's `asOf`.
        case package
        /// Neither: today.
        case today
    }
    /// The package.
    public let package: ReliefPackage
    /// The day it is judged at.
    public let asOf: Day
    /// Where that day came from.
    public let dateSource: DateSource
    /// The blast radius under each rule, in the order given.
    public let radii: [BlastRadius]
    /// Per rule, each country with an entity blocked before or after, by code.
    public let countries: [[CountryExposure]]
    /// The legal steps, by action, then jurisdiction.
    public let legal: [LegalStep]
    /// The scenario edits of all actions, in order.
    public var edits: [ReliefEdit] { package.actions.flatMap(\.edits) }
}

/// Packages judged side by side.
public struct PackageComparison: Sendable {
    /// The network.
    public let network: SanctionsNetwork
    /// The rules, in the order given.
    public let rules: [BlockingRule]
    /// The packages' evaluations, in the order given.
    public let evaluations: [PackageEvaluation]
    /// `onlyFreedBy[p][r]`: what package p frees under rule r that no other package frees
    /// under it (sorted by node); empty for a single package.
    public let onlyFreedBy: [[[UInt32]]]
    /// Whether the packages are judged at different days (the report says so).
    public var mixedDates: Bool { Set(evaluations.map(\.asOf)).count > 1 }
}

/// Judges `packages` under `rules`, each package at `asOf` if given, else at its own date,
/// else today; and states the legal path of each action from `legal`.
/// - Complexity: per distinct (rule, day), one `evaluate`; per package and rule, one
///   `blastRadius` (O(V + E) after its evaluation); the countries O(V · c) for c countries per
///   entity; the legal steps O(listings of the entities the actions name), plus one
///   `evaluate` per preset rule and day a divestment needs to know who is blocked.
public func comparePackages(_ network: SanctionsNetwork, _ packages: [ReliefPackage], rules: [BlockingRule], asOf: Day? = nil,
                            legal: LegalTable = .builtIn, hops: Int = 1) -> PackageComparison {
    struct Key: Hashable { var rule: Int; var day: Day }
    var before: [Key: BlockingResult] = [:]
    func baseline(_ rule: BlockingRule, index: Int, _ day: Day) -> BlockingResult {
        if let r = before[Key(rule: index, day: day)] { return r }
        let r = evaluate(network, rule: rule, asOf: day)
        before[Key(rule: index, day: day)] = r
        return r
    }
    // The preset rules by jurisdiction, for who a transaction's licence concerns; the caller's
    // own rules are reused when they are the presets.
    let presets: [(Jurisdiction, BlockingRule)] = [(.us, .ofac), (.eu, .eu), (.gb, .uk)]
    func presetResult(_ j: Jurisdiction, _ day: Day) -> BlockingResult? {
        guard let (_, rule) = presets.first(where: { $0.0 == j }) else { return nil }
        if let i = rules.firstIndex(of: rule) { return baseline(rule, index: i, day) }
        return baseline(rule, index: -1 - presets.firstIndex { $0.0 == j }!, day)
    }
    var evaluations: [PackageEvaluation] = []
    for package in packages {
        let day = asOf ?? package.asOf ?? Day.today
        let source: PackageEvaluation.DateSource = asOf != nil ? .override : package.asOf != nil ? .package : .today
        let edits = package.actions.flatMap(\.edits)
        var radii: [BlastRadius] = [], countries: [[CountryExposure]] = []
        for (i, rule) in rules.enumerated() {
            let radius = blastRadius(network, rule: rule, asOf: day, edits: edits, hops: hops, before: baseline(rule, index: i, day))
            radii.append(radius)
            countries.append(countryExposure(network, radius))
        }
        let steps = legalSteps(network, package, asOf: day, legal: legal, blocked: presetResult)
        evaluations.append(PackageEvaluation(package: package, asOf: day, dateSource: source, radii: radii, countries: countries, legal: steps))
    }
    var only: [[[UInt32]]] = []
    for (p, e) in evaluations.enumerated() {
        only.append(rules.indices.map { r in
            guard evaluations.count > 1 else { return [] }
            var others = Set<UInt32>()
            for (q, o) in evaluations.enumerated() where q != p { others.formUnion(o.radii[r].unblocked) }
            return e.radii[r].unblocked.filter { !others.contains($0) }
        })
    }
    return PackageComparison(network: network, rules: rules, evaluations: evaluations, onlyFreedBy: only)
}

/// Each country with an entity blocked before or after the scenario: how many entities name
/// it, how many are blocked before and after; sorted by code.
/// - Complexity: O(V · c) for c countries per entity.
func countryExposure(_ network: SanctionsNetwork, _ radius: BlastRadius) -> [CountryExposure] {
    var byCode: [UInt32: CountryExposure] = [:]
    for v in 0 ..< UInt32(network.entityCount) where network.kinds[Int(v)] != .sector {
        let b = radius.before.status[Int(v)].isBlocked, a = radius.after.status[Int(v)].isBlocked
        for c in network.countries[v] {
            var e = byCode[c] ?? CountryExposure(country: network.strings[c], entities: 0, blockedBefore: 0, blockedAfter: 0)
            e.entities += 1
            if b { e.blockedBefore += 1 }
            if a { e.blockedAfter += 1 }
            byCode[c] = e
        }
    }
    return byCode.values.filter { $0.blockedBefore > 0 || $0.blockedAfter > 0 }.sorted { $0.country < $1.country }
}

/// The CAATSA section 216 review period for a report submitted on `day`: 30 days, or 60 if
/// it is submitted between 10 July and 7 September (22 U.S.C. 9511; docs/legal.md).
public func caatsaReviewDays(reportedOn day: Day) -> Int {
    let (_, m, d) = day.components
    return (m == 7 && d >= 10) || m == 8 || (m == 9 && d <= 7) ? 60 : 30
}

/// The legal steps of each action of `package` on `day` (docs/legal.md). `blocked` gives a
/// jurisdiction's preset rule result on a day, for who a transaction's licence concerns.
/// - Complexity: O(listings of the entities the actions name × rows of the table).
func legalSteps(_ network: SanctionsNetwork, _ package: ReliefPackage, asOf day: Day, legal: LegalTable,
                blocked: (Jurisdiction, Day) -> BlockingResult?) -> [LegalStep] {
    var steps: [LegalStep] = []
    func name(_ v: UInt32) -> String { "\(network.name(of: v)) [\(network.id(of: v))]" }
    for (index, action) in package.actions.enumerated() {
        switch action {
        case .delist(let v, let scope):
            let listings = network.designations(of: v).filter { $0.standing(on: day) != .notInForce }
            let jurisdictions = scope ?? Array(Set(listings.map(\.jurisdiction))).sorted()
            if jurisdictions.isEmpty {
                steps.append(LegalStep(action: index, jurisdiction: .unknown, kind: .none, unknownPrograms: [],
                                       notes: ["\(name(v)) has no listing in force on \(day): nothing to lift"]))
            }
            for j in jurisdictions {
                let mine = listings.filter { $0.jurisdiction == j }
                if mine.isEmpty {
                    steps.append(LegalStep(action: index, jurisdiction: j, kind: .none, unknownPrograms: [],
                                           notes: ["not listed in \(j.code) on \(day): nothing to lift"]))
                }
                for d in mine { steps.append(delistStep(d, action: index, day: day, legal: legal)) }
            }
        case .divest(let o, let a, _), .removeTie(let o, let a), .addTie(let o, let a, _):
            for j in [Jurisdiction.us, .eu, .gb] {
                guard let result = blocked(j, day) else { continue }
                let parties = [o, a].filter { result.status[Int($0)].isBlocked }
                guard !parties.isEmpty else {
                    steps.append(LegalStep(action: index, jurisdiction: j, kind: .none, unknownPrograms: [],
                                           notes: ["neither party is blocked under \(result.rule.name) on \(day): no licence needed"]))
                    continue
                }
                var notes = parties.map { "\(name($0)) is \(result.status[Int($0)]) under \(result.rule.name) on \(day)" }
                let path = legal.path("licence", in: j)
                if j == .us {
                    // A licence under a CAATSA-codified program may itself need the review.
                    let codified = parties.flatMap { network.designations(of: $0) }
                        .filter { $0.jurisdiction == .us && $0.standing(on: day) != .notInForce }
                        .flatMap { legal.reading(of: $0).bases }.contains { $0.delistPath == "us-caatsa-216" }
                    if codified {
                        notes.append("a blocked party is listed under a program CAATSA codified: if the licence significantly alters US policy towards Russia, the section 216 review applies (\(caatsaReviewDays(reportedOn: day)) days from a report on \(day))")
                    }
                }
                if path == nil { notes.append("the legal table has no licence path for \(j.code)") }
                steps.append(LegalStep(action: index, jurisdiction: j, kind: .licence, path: path, unknownPrograms: [], notes: notes))
            }
        case .designate(_, let j):
            let path = legal.path("designate", in: j)
            steps.append(LegalStep(action: index, jurisdiction: j, kind: .designate, path: path, unknownPrograms: [],
                                   notes: path == nil ? ["the legal table has no designation path for \(j.code)"] : []))
        }
    }
    return steps
}

/// The step that lifts one listing: its basis and path from the table, the CAATSA review's
/// end, the next renewal date, and the UN designation it implements.
private func delistStep(_ d: Designation, action: Int, day: Day, legal: LegalTable) -> LegalStep {
    let reading = legal.reading(of: d)
    // A codified program decides when a listing has several (the review applies if any does).
    let basis = reading.bases.first { $0.delistPath == "us-caatsa-216" } ?? reading.bases.first
    var step = LegalStep(action: action, jurisdiction: d.jurisdiction, kind: .delist, listing: d, basis: basis,
                         path: basis.flatMap { legal.path($0.delistPath) }, unknownPrograms: reading.unmatched, notes: [])
    if basis == nil {
        step.notes.append(d.programs.isEmpty ? "the listing names no program the legal table knows: its path is unknown"
                                             : "the legal table does not know \(d.programs.joined(separator: ", ")): the path is unknown")
    }
    if basis?.delistPath == "us-caatsa-216" {
        let days = caatsaReviewDays(reportedOn: day)
        step.earliestEffect = Day(daysSinceEpoch: day.daysSinceEpoch + Int32(days))
        step.notes.append("with a report to Congress on \(day), the review period is \(days) days: no effect before \(step.earliestEffect!)")
    }
    if let next = basis?.nextRenewal(after: day) {
        step.nextRenewal = next
        step.notes.append("the listing lapses on \(next) unless the Council renews it")
    }
    if !d.unscId.isEmpty {
        step.implementsUN = d.unscId
        if d.jurisdiction != .un {
            step.notes.append("implements UN Security Council designation \(d.unscId): it follows the UN committee's delisting and cannot be lifted alone while the UN entry stands")
        }
    }
    return step
}
