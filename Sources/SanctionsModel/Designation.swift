/// An entity's listing by an authority: an FtM `Sanction` record.
///
/// Activity is decided by dates, never by `status` (DOMAIN.md: the status field is
/// unreliable): active on day t when `startDate ?? listingDate` ≤ t and t < `endDate`.
public struct Designation: Sendable, Hashable {
    /// The Sanction record's id ("" when the input had none, as in CSV).
    public var id: String
    /// The designated entity (a node of the network).
    public var entity: UInt32
    public var jurisdiction: Jurisdiction
    /// The record's country code as given (lowercase), e.g. "us", "ua", "ch"; "" if none.
    public var country: String
    public var authority: String
    public var program: String
    public var listingDate: Day?
    public var startDate: Day?
    public var endDate: Day?
    public var status: String

    public init(id: String = "", entity: UInt32, jurisdiction: Jurisdiction, country: String = "", authority: String = "",
                program: String = "", listingDate: Day? = nil, startDate: Day? = nil, endDate: Day? = nil, status: String = "") {
        self.id = id
        self.entity = entity
        self.jurisdiction = jurisdiction
        self.country = country
        self.authority = authority
        self.program = program
        self.listingDate = listingDate
        self.startDate = startDate
        self.endDate = endDate
        self.status = status
    }

    /// The interval the designation is in force.
    public var validity: Validity { Validity(start: startDate ?? listingDate, end: endDate) }

    /// Whether the designation is in force on `day`.
    public func isActive(on day: Day) -> Bool { validity.isActive(on: day) }
}

/// An ownership share in percent (0–100), or unknown. Unknown is never zero (DOMAIN.md).
public enum Share: Sendable, Hashable, CustomStringConvertible {
    case percent(Double)
    case unknown

    /// From a stored edge weight (NaN = unknown).
    @inlinable public init(weight: Double) { self = weight.isNaN ? .unknown : .percent(weight) }

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

    /// A percentage without a needless ".0" ("50", "44.95").
    public static func format(_ p: Double) -> String {
        if p == p.rounded() && abs(p) < 1e15 { return String(Int64(p)) }
        return String(p)
    }
}
