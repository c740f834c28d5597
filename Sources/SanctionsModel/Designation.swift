/// An entity's listing by an authority: an FtM `Sanction` record.
///
/// Activity is decided by dates, never by `status`, which is unreliable (docs/time.md): a listing starts at the earliest of its `startDate`
/// and `listingDate` values and ends at its `endDate`. A listing with neither start is
/// *undated*: it is known to be in force from `knownSince` (its record's `first_seen`, else
/// the export's date) on, and before that nothing says whether it was.
///
/// `jurisdiction` and `measure` are the source registry's classification (docs/sources.md),
/// set when the network is built from the raw fields (`datasets`, `authority`, `country`,
/// `provisions`); a designation made in code with only a jurisdiction is taken as an asset
/// freeze of that jurisdiction.
public struct Designation: Sendable, Hashable {
    /// The Sanction record's id ("" when the input had none, as in CSV).
    public var id: String
    /// The designated entity (a node of the network).
    public var entity: UInt32
    /// The list's jurisdiction, as classified (`us`, `eu`, `gb`, `ch`, …).
    public var jurisdiction: Jurisdiction
    /// The record's country code as given (lowercase), e.g. "us", "ua", "ch"; "" if none.
    public var country: String
    /// The record's `authority` as given ("" if none).
    public var authority: String
    /// The record's `program` values (the sanctions regimes, e.g. ["UKRAINE-EO13661",
    /// "UKRAINE-EO13662"]), in the record's order; the legal table (docs/legal.md) reads them.
    public var programs: [String]
    /// The record's `unscId`: the UN Security Council reference of the designation a listing
    /// implements ("" if none; docs/legal.md).
    public var unscId: String
    /// The record's `listingDate`, if any (docs/time.md).
    public var listingDate: Day?
    /// The record's `startDate`, if any.
    public var startDate: Day?
    /// The record's `endDate`: the first day the listing is no longer in force; nil for none.
    public var endDate: Day?
    /// The record's `status` as given; never used to decide activity (docs/time.md).
    public var status: String
    /// The record's OpenSanctions datasets (`datasets`), e.g. ["us_ofac_sdn"].
    public var datasets: [String]
    /// The record's `provisions` ("Asset freeze", "Travel Ban", "Block", …).
    public var provisions: [String]
    /// The record's `first_seen`: the first day OpenSanctions saw it.
    public var firstSeen: Day?
    /// From when an undated listing is known to be in force: `firstSeen`, else the export's
    /// date (the latest `last_seen` of the input); set when the network is built.
    public var knownSince: Day?
    /// What the listing does, as classified.
    public var measure: Measure
    /// What decided `jurisdiction` and `measure`.
    public var basis: SourceClass.Basis
    /// The classified source's label ("" when unknown).
    public var sourceLabel: String
    /// The record's provisions narrowed an asset-freeze source's measure.
    public var narrowedByProvisions: Bool

    /// A listing of `entity`, taken as an asset freeze of `jurisdiction` until classified
    /// (`classify(with:)`); `knownSince` starts as `firstSeen`.
    public init(id: String = "", entity: UInt32, jurisdiction: Jurisdiction, country: String = "", authority: String = "",
                programs: [String] = [], unscId: String = "", listingDate: Day? = nil, startDate: Day? = nil, endDate: Day? = nil, status: String = "",
                datasets: [String] = [], provisions: [String] = [], firstSeen: Day? = nil) {
        self.id = id
        self.entity = entity
        self.jurisdiction = jurisdiction
        self.country = country
        self.authority = authority
        self.programs = programs
        self.unscId = unscId
        self.listingDate = listingDate
        self.startDate = startDate
        self.endDate = endDate
        self.status = status
        self.datasets = datasets
        self.provisions = provisions
        self.firstSeen = firstSeen
        self.knownSince = firstSeen
        self.measure = .assetFreeze
        self.basis = .country(jurisdiction.code)
        self.sourceLabel = ""
        self.narrowedByProvisions = false
    }

    /// The programs as one text ("UKRAINE-EO13661; UKRAINE-EO13662"; "" if none), as reports show them.
    public var program: String { programs.joined(separator: "; ") }

    /// The interval the designation is in force (no start for an undated listing).
    public var validity: Validity {
        // The earlier of the two dates (no array: rules ask this of every listing).
        let start = switch (startDate, listingDate) {
        case let (s?, l?): min(s, l)
        case let (s, l): s ?? l
        }
        return Validity(start: start, end: endDate)
    }

    /// Whether the listing has no start date (neither `startDate` nor `listingDate`).
    public var isUndated: Bool { startDate == nil && listingDate == nil }

    /// Whether the listing is in force on `day`, not in force, or not known (docs/time.md).
    /// - Parameter undated: how an undated listing reads before `knownSince`.
    public func standing(on day: Day, undated: UndatedListings = .knownSince) -> ListingStanding {
        if let end = endDate, day >= end { return .notInForce }
        if let start = validity.start { return start <= day ? .inForce : .notInForce }
        if undated == .inForce { return .inForce }
        if let known = knownSince, known <= day { return .inForce }
        return .dateUnknown
    }

    /// Whether the designation is known to be in force on `day` (an undated listing: from
    /// `knownSince` on).
    public func isActive(on day: Day) -> Bool { standing(on: day) == .inForce }

    /// The fields the source registry classifies. A designation made in code (or a CSV row)
    /// with a jurisdiction and nothing else keeps that jurisdiction through the country fallback.
    public var sourceQuery: SourceRegistry.Query {
        SourceRegistry.Query(datasets: datasets, authority: authority, country: country.isEmpty ? jurisdiction.code : country,
                             provisions: provisions)
    }

    /// Applies a source registry's classification of the raw fields.
    /// - Complexity: that of `SourceRegistry.classify(_:)`.
    public mutating func classify(with registry: SourceRegistry) { apply(registry.classify(sourceQuery)) }

    /// Takes a classification of this record's source.
    public mutating func apply(_ c: SourceClass) {
        jurisdiction = c.jurisdiction
        measure = c.measure
        basis = c.basis
        sourceLabel = c.label
        narrowedByProvisions = c.narrowedByProvisions
    }
}

/// Whether a listing is in force on a day (docs/time.md).
public enum ListingStanding: Sendable, Hashable {
    /// The listing is in force on the day.
    case inForce
    /// The listing is not in force on the day (not started, or ended).
    case notInForce
    /// An undated listing before the day it is known to be in force from.
    case dateUnknown
}

/// How undated listings read before the day they are known to be in force from.
public enum UndatedListings: String, Sendable, Hashable, CaseIterable {
    /// Known in force from `first_seen` (or the export's date) on; before that, what depends
    /// on them is undetermined. The default.
    case knownSince = "known-since"
    /// In force since forever (the reading of earlier versions).
    case inForce = "in-force"
}

/// An ownership share in percent (0–100), or unknown. Unknown is never zero (docs/shares.md).
public enum Share: Sendable, Hashable, CustomStringConvertible {
    /// A known share, in percent.
    case percent(Double)
    /// A stake of unknown size (not zero).
    case unknown

    /// From a stored edge weight (NaN = unknown).
    @inlinable public init(weight: Double) { self = weight.isNaN ? .unknown : .percent(weight) }

    /// The share as a stored edge weight: the percent, or NaN when unknown.
    public var weight: Double {
        if case .percent(let p) = self { return p }
        return .nan
    }

    public var description: String {
        switch self {
        case .percent(let p): Share.format(p) + "%"
        case .unknown: "unknown"
        }
    }

    /// A percentage rounded to two decimals, as reports give it: 44.949999 → 44.95.
    @inlinable public static func rounded(_ p: Double) -> Double { (p * 100).rounded() / 100 }

    /// A percentage rounded to two decimals in plain notation, without a percent sign:
    /// "44.95", "50" (`format` of `rounded`).
    public static func roundedText(_ p: Double) -> String { format(rounded(p)) }

    /// A percentage rounded to two decimals, with its sign: "44.95%", "50%".
    public static func percentText(_ p: Double) -> String { roundedText(p) + "%" }

    /// A percentage in plain decimal notation, without a needless ".0" or an exponent
    /// ("50", "44.95", "0.00001"), exact enough to read back as the same number.
    /// - Complexity: O(number of digits written).
    public static func format(_ p: Double) -> String {
        if p == p.rounded() && abs(p) < 1e15 { return String(Int64(p)) }
        let text = String(p)
        guard let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }), let exponent = Int(text[text.index(after: e)...]) else { return text }
        // Expand "d.ddde±x" into plain digits.
        var mantissa = String(text[..<e])
        let negative = mantissa.hasPrefix("-")
        if negative { mantissa.removeFirst() }
        let point = mantissa.firstIndex(of: ".").map { mantissa.distance(from: mantissa.startIndex, to: $0) } ?? mantissa.count
        var digits = mantissa.replacingAll(".", with: "")
        var position = point + exponent
        if position <= 0 { digits = String(repeating: "0", count: 1 - position) + digits; position = 1 }
        if position >= digits.count { digits += String(repeating: "0", count: position - digits.count); return (negative ? "-" : "") + digits }
        let i = digits.index(digits.startIndex, offsetBy: position)
        var fraction = String(digits[i...])
        while fraction.hasSuffix("0") { fraction.removeLast() }
        return (negative ? "-" : "") + digits[..<i] + (fraction.isEmpty ? "" : "." + fraction)
    }
}

extension String {
    func replacingAll(_ target: Character, with replacement: String) -> String {
        var out = ""
        for c in self { if c == target { out += replacement } else { out.append(c) } }
        return out
    }
}
