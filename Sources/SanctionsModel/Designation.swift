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

    /// A percentage in plain decimal notation, without a needless ".0" or an exponent
    /// ("50", "44.95", "0.00001"), exact enough to read back as the same number.
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
