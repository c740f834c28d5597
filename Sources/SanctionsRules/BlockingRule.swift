import SanctionsModel

/// How stakes of different blocked persons combine.
public enum Aggregation: String, Sendable, Hashable, CaseIterable {
    /// Stakes of all blocked owners are added together (OFAC, EU).
    case acrossOwners
    /// Each designated person's own group counts alone (UK): a person and the entities it
    /// holds more than the threshold of, in full; no adding across persons unless a tie marks
    /// a joint arrangement.
    case perDesignatedPerson
}

/// A jurisdiction's ownership-and-control rule: when an entity is blocked because blocked
/// persons own or control it. See DOMAIN.md §1 for the sources of each preset.
public struct BlockingRule: Sendable, Hashable, CustomStringConvertible {
    /// A short name ("ofac", "eu", "uk", or "custom").
    public var name: String
    /// The ownership threshold in percent.
    public var threshold: Double
    /// Whether reaching the threshold exactly blocks (≥) or only exceeding it (>).
    public var inclusive: Bool
    /// Before this day the rule is strict (>) even if `inclusive` (the EU moved from
    /// "more than 50%" to "50% or more" on 2024-07-03).
    public var inclusiveSince: Day?
    public var aggregation: Aggregation
    /// Tie kinds whose shares count towards ownership.
    public var ownershipKinds: Set<TieKind>
    /// Tie kinds that block outright when held by a blocked person (control).
    public var controlKinds: Set<TieKind>
    /// The jurisdictions whose designations count; nil counts every designation.
    public var jurisdictions: Set<Jurisdiction>?
    /// Count only asset freezes: designations whose authority is one of the jurisdiction's
    /// asset-freeze authorities (or unnamed); others (director disqualifications, export
    /// debarments, …) are ignored.
    public var assetFreezesOnly: Bool

    public init(name: String = "custom", threshold: Double = 50, inclusive: Bool = true, inclusiveSince: Day? = nil,
                aggregation: Aggregation = .acrossOwners, ownershipKinds: Set<TieKind> = [.ownership],
                controlKinds: Set<TieKind> = [], jurisdictions: Set<Jurisdiction>? = nil, assetFreezesOnly: Bool = true) {
        self.name = name
        self.threshold = threshold
        self.inclusive = inclusive
        self.inclusiveSince = inclusiveSince
        self.aggregation = aggregation
        self.ownershipKinds = ownershipKinds
        self.controlKinds = controlKinds
        self.jurisdictions = jurisdictions
        self.assetFreezesOnly = assetFreezesOnly
    }

    /// OFAC's 50 Percent Rule (revised guidance of 13 Aug 2014, FAQs 398–402): 50% or more
    /// in the aggregate, ownership only (control alone does not block), US designations.
    public static let ofac = BlockingRule(name: "ofac", threshold: 50, inclusive: true, aggregation: .acrossOwners,
                                          ownershipKinds: [.ownership], controlKinds: [], jurisdictions: [.us])

    /// The EU rule (Council Best Practices, 3 July 2024; Commission FAQs on Reg. 269/2014):
    /// 50% or more, aggregated across listed persons, and control freezes too. Before
    /// 2024-07-03: more than 50%. How indirect holdings count is not spelled out; they are
    /// treated like the US chain rule (a blocked intermediary's stake counts in full).
    public static let eu = BlockingRule(name: "eu", threshold: 50, inclusive: true, inclusiveSince: Day(year: 2024, month: 7, day: 3),
                                        aggregation: .acrossOwners, ownershipKinds: [.ownership], controlKinds: [.control],
                                        jurisdictions: [.eu])

    /// The UK rule (Russia (Sanctions) (EU Exit) Regulations 2019, reg. 7; OFSI guidance
    /// 4.14): more than 50%, per designated person with no aggregation across persons, and
    /// control too.
    public static let uk = BlockingRule(name: "uk", threshold: 50, inclusive: false, aggregation: .perDesignatedPerson,
                                        ownershipKinds: [.ownership], controlKinds: [.control], jurisdictions: [.gb])

    /// A preset by name: "ofac" (or "us"), "eu", "uk" (or "gb").
    public static func named(_ name: String) -> BlockingRule? {
        switch name.lowercased() {
        case "ofac", "us": .ofac
        case "eu": .eu
        case "uk", "gb", "ofsi": .uk
        default: nil
        }
    }

    /// Whether `percent` held meets the rule on `day`.
    @inlinable public func meets(_ percent: Double, on day: Day) -> Bool {
        let strict = !inclusive || (inclusiveSince.map { day < $0 } ?? false)
        // Shares are decimal percentages summed in binary floating point: allow for rounding.
        return strict ? percent > threshold + 1e-9 : percent >= threshold - 1e-9
    }

    /// Whether `designation` counts under this rule on `day`.
    public func counts(_ designation: Designation, on day: Day) -> Bool {
        guard designation.isActive(on: day) else { return false }
        guard let jurisdictions else { return true }
        guard jurisdictions.contains(designation.jurisdiction) else { return false }
        return !assetFreezesOnly || BlockingRule.isAssetFreezeAuthority(designation.authority, of: designation.jurisdiction)
    }

    /// Whether an authority's designations are asset freezes for the jurisdiction (an empty
    /// authority counts: CSV data often names none).
    public static func isAssetFreezeAuthority(_ authority: String, of jurisdiction: Jurisdiction) -> Bool {
        let a = authority.lowercased()
        if a.isEmpty { return true }
        func has(_ words: String...) -> Bool { words.contains { a.contains($0) } }
        switch jurisdiction {
        case .us: return has("ofac", "foreign assets control", "treasury")
        case .eu: return has("council", "european union", "eu ")
        case .gb: return has("ofsi", "financial sanctions", "hm treasury", "fcdo", "foreign, commonwealth", "foreign and commonwealth")
        case .un: return has("security council", "united nations")
        case .other: return true
        }
    }

    public var description: String {
        let op = inclusive ? "≥" : ">"
        let agg = aggregation == .acrossOwners ? "aggregated across blocked owners" : "per designated person"
        let control = controlKinds.isEmpty ? "control alone does not block" : "control blocks"
        let who = jurisdictions.map { $0.map(\.code).sorted().joined(separator: ", ") + " designations" } ?? "every designation"
        return "\(name): \(op) \(Share.format(threshold))% \(agg); \(control); counts \(who)"
    }
}
