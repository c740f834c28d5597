import GraphCore
import SanctionsModel

/// How stakes of different blocked persons combine.
public enum Aggregation: String, Sendable, Hashable, CaseIterable {
    /// Stakes of all blocked owners are added together (OFAC, EU).
    case acrossOwners
    /// Each designated person's own group counts alone (UK): a person and the entities it
    /// holds more than the threshold of, in full; no adding across persons unless a tie marks
    /// a joint arrangement.
    case perDesignatedPerson

    /// The aggregation by its command-line name: "across" or "per-person".
    public init?(name: String) {
        switch name {
        case "across": self = .acrossOwners
        case "per-person": self = .perDesignatedPerson
        default: return nil
        }
    }

    /// The command-line name: "across" or "per-person".
    public var name: String { self == .acrossOwners ? "across" : "per-person" }
}

/// A jurisdiction's ownership-and-control rule: when an entity is blocked because blocked
/// persons own or control it. docs/rules.md states each preset with its sources.
public struct BlockingRule: Sendable, Hashable, CustomStringConvertible {
    /// Which rule: one of the presets, or a rule of one's own.
    public enum Kind: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
        /// OFAC's 50 Percent Rule (`BlockingRule.ofac`).
        case ofac
        /// The EU rule (`BlockingRule.eu`).
        case eu
        /// The UK rule (`BlockingRule.uk`).
        case uk
        /// A rule of one's own: threshold, aggregation and tie kinds as given.
        case custom

        /// A kind by name, as the command line takes it: "ofac" (or "us"), "eu", "uk" (or
        /// "gb", "ofsi"), "custom"; any case.
        public init?(name: String) {
            switch name.lowercased() {
            case "ofac", "us": self = .ofac
            case "eu": self = .eu
            case "uk", "gb", "ofsi": self = .uk
            case "custom": self = .custom
            default: return nil
            }
        }

        /// The preset rule of this kind; nil for `custom`.
        public var preset: BlockingRule? {
            switch self {
            case .ofac: .ofac
            case .eu: .eu
            case .uk: .uk
            case .custom: nil
            }
        }

        /// The short name: "ofac", "eu", "uk" or "custom".
        public var description: String { rawValue }
    }

    /// The preset this rule is (or was derived from by changing its settings), or `custom`.
    public var kind: Kind
    /// A short name ("ofac", "eu", "uk", or "custom"; by default the kind's).
    public var name: String
    /// The ownership threshold in percent.
    public var threshold: Double
    /// Whether reaching the threshold exactly blocks (≥) or only exceeding it (>).
    public var inclusive: Bool
    /// Before this day the rule is strict (>) even if `inclusive` (the EU moved from
    /// "more than 50%" to "50% or more" on 2024-07-03).
    public var inclusiveSince: Day?
    /// How blocked persons' stakes combine: across owners (OFAC, EU) or per designated person (UK).
    public var aggregation: Aggregation
    /// Tie kinds whose shares count towards ownership.
    public var ownershipKinds: Set<TieKind>
    /// Tie kinds that block outright when held by a blocked person (control).
    public var controlKinds: Set<TieKind>
    /// The jurisdictions whose designations count (list codes, docs/sources.md); nil counts
    /// every jurisdiction's.
    public var jurisdictions: Set<Jurisdiction>?
    /// The measures that count (docs/sources.md); nil counts every listing, whatever it does.
    /// The presets count asset freezes only: travel bans, export controls, debarments and
    /// director disqualifications never block.
    public var measures: Set<Measure>?
    /// How undated listings read before the day they are known to be in force from
    /// (docs/time.md): by default, what depends on them is undetermined.
    public var undated: UndatedListings

    /// A rule with the given settings; `name` defaults to the kind's ("custom").
    public init(kind: Kind = .custom, name: String? = nil, threshold: Double = 50, inclusive: Bool = true, inclusiveSince: Day? = nil,
                aggregation: Aggregation = .acrossOwners, ownershipKinds: Set<TieKind> = [.ownership],
                controlKinds: Set<TieKind> = [], jurisdictions: Set<Jurisdiction>? = nil, measures: Set<Measure>? = [.assetFreeze],
                undated: UndatedListings = .knownSince) {
        self.kind = kind
        self.name = name ?? kind.rawValue
        self.threshold = threshold
        self.inclusive = inclusive
        self.inclusiveSince = inclusiveSince
        self.aggregation = aggregation
        self.ownershipKinds = ownershipKinds
        self.controlKinds = controlKinds
        self.jurisdictions = jurisdictions
        self.measures = measures
        self.undated = undated
    }

    /// OFAC's 50 Percent Rule (revised guidance of 13 Aug 2014, FAQs 398–402): 50% or more
    /// in the aggregate, ownership only (control alone does not block), US designations.
    public static let ofac = BlockingRule(kind: .ofac, threshold: 50, inclusive: true, aggregation: .acrossOwners,
                                          ownershipKinds: [.ownership], controlKinds: [], jurisdictions: [.us])

    /// The EU rule (Council Best Practices, 3 July 2024; Commission FAQs on Reg. 269/2014):
    /// 50% or more, aggregated across listed persons, and control freezes too. Before
    /// 2024-07-03: more than 50%. How indirect holdings count is not spelled out; they are
    /// treated like the US chain rule (a blocked intermediary's stake counts in full).
    public static let eu = BlockingRule(kind: .eu, threshold: 50, inclusive: true, inclusiveSince: Day(year: 2024, month: 7, day: 3),
                                        aggregation: .acrossOwners, ownershipKinds: [.ownership], controlKinds: [.control],
                                        jurisdictions: [.eu])

    /// The UK rule (Russia (Sanctions) (EU Exit) Regulations 2019, reg. 7; OFSI guidance
    /// 4.14): more than 50%, per designated person with no aggregation across persons, and
    /// control too.
    public static let uk = BlockingRule(kind: .uk, threshold: 50, inclusive: false, aggregation: .perDesignatedPerson,
                                        ownershipKinds: [.ownership], controlKinds: [.control], jurisdictions: [.gb])

    /// A preset by name: "ofac" (or "us"), "eu", "uk" (or "gb"); nil for "custom" and
    /// anything else (see `Kind.init(name:)`).
    public static func named(_ name: String) -> BlockingRule? { Kind(name: name)?.preset }

    /// Whether exactly `percent` held meets the rule on `day`.
    @inlinable public func meets(_ percent: Double, on day: Day) -> Bool { surelyMeets(percent, open: false, on: day) }

    /// Whether the rule is strict (> the threshold) on `day`.
    @inlinable public func isStrict(on day: Day) -> Bool { !inclusive || (inclusiveSince.map { day < $0 } ?? false) }

    /// Whether a holding known to be at least `value` (more than `value` when `open`) meets
    /// the rule on `day`: the lower bound blocks (docs/shares.md).
    @inlinable public func surelyMeets(_ value: Double, open: Bool, on day: Day) -> Bool {
        // Shares are decimal percentages summed in binary floating point: allow for rounding.
        if isStrict(on: day) { return open ? value >= threshold - 1e-9 : value > threshold + 1e-9 }
        return value >= threshold - 1e-9
    }

    /// Whether a holding of at most `value` (less than `value` when `open`) could meet the rule
    /// on `day`: the upper bound leaves it undetermined (docs/shares.md).
    @inlinable public func possiblyMeets(_ value: Double, open: Bool, on day: Day) -> Bool {
        if isStrict(on: day) || open { return value > threshold + 1e-9 }
        return value >= threshold - 1e-9
    }

    /// Whether `designation` counts under this rule on `day`, and if not, why not.
    /// - Complexity: O(1) expected.
    public func assess(_ designation: Designation, on day: Day) -> ListingVerdict {
        if let jurisdictions, !jurisdictions.contains(designation.jurisdiction) { return .otherJurisdiction }
        if let measures, !measures.contains(designation.measure) {
            return designation.measure == .unknown ? .unknownSource : .notCountedMeasure(designation.measure)
        }
        switch designation.standing(on: day, undated: undated) {
        case .inForce: return .counted
        case .notInForce: return .notInForce
        case .dateUnknown: return .dateUnknown(knownSince: designation.knownSince)
        }
    }

    /// Whether `designation` counts under this rule on `day` (known to be in force, of a
    /// jurisdiction and measure the rule counts).
    public func counts(_ designation: Designation, on day: Day) -> Bool { assess(designation, on: day) == .counted }

    public var description: String {
        let op = inclusive ? "≥" : ">"
        let agg = aggregation == .acrossOwners ? "aggregated across blocked owners" : "per designated person"
        let control = controlKinds.isEmpty ? "control alone does not block" : "control blocks"
        let what = measures.map { $0.sorted().map(\.rawValue).joined(separator: ", ") } ?? "every measure"
        let who = (jurisdictions.map { $0.sorted().map(\.code).joined(separator: ", ") } ?? "every jurisdiction") + " listings (\(what))"
        return "\(name): \(op) \(Share.format(threshold))% \(agg); \(control); counts \(who)"
            + (undated == .inForce ? "; undated listings read as in force since forever" : "")
    }
}

/// Why a listing does or does not count under a rule on a day (explanations show it).
public enum ListingVerdict: Sendable, Hashable, CustomStringConvertible {
    /// It counts: the entity is designated.
    case counted
    /// Another jurisdiction's list.
    case otherJurisdiction
    /// A measure the rule does not count (a travel ban, an export control, …).
    case notCountedMeasure(Measure)
    /// A source the registry does not know.
    case unknownSource
    /// Ended, or not yet started, on the day.
    case notInForce
    /// Undated, and the day is before the one it is known in force from (nil: none known).
    case dateUnknown(knownSince: Day?)

    public var description: String {
        switch self {
        case .counted: "counted"
        case .otherJurisdiction: "another jurisdiction's list"
        case .notCountedMeasure(let m): "not an asset freeze (\(m))"
        case .unknownSource: "a source the registry does not know"
        case .notInForce: "not in force on the day"
        case .dateUnknown(let since): "listing date unknown" + (since.map { "; known in force only from \($0)" } ?? "; no date known")
        }
    }
}
