/// A calendar day, stored as days since 1970-01-01 (proleptic Gregorian, no time zone).
///
/// FtM dates may be partial ("2018", "2018-04"); a partial date means its first day.
public struct Day: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var daysSinceEpoch: Int32

    @inlinable public init(daysSinceEpoch: Int32) { self.daysSinceEpoch = daysSinceEpoch }

    /// The day for a year, month (1–12) and day of month, or nil if there is no such day.
    public init?(year: Int, month: Int, day: Int) {
        guard (1 ... 12).contains(month), day >= 1, day <= Day.daysIn(month: month, year: year) else { return nil }
        // Howard Hinnant's days_from_civil.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        daysSinceEpoch = Int32(era * 146_097 + doe - 719_468)
    }

    /// Parses "YYYY", "YYYY-MM", "YYYY-MM-DD", optionally followed by a time ("T…" or " …").
    /// Returns nil for anything else (the caller reports it).
    public init?<Bytes: Collection<UInt8>>(parsing text: Bytes) {
        var digits: [Int] = []
        var parts: [Int] = []
        var i = text.startIndex
        func flush() -> Bool {
            guard !digits.isEmpty else { return false }
            parts.append(digits.reduce(0) { $0 * 10 + $1 })
            let expected = parts.count == 1 ? 4 : 2
            let ok = digits.count == expected
            digits.removeAll(keepingCapacity: true)
            return ok
        }
        while i != text.endIndex {
            let c = text[i]
            if c >= 0x30 && c <= 0x39 {
                digits.append(Int(c - 0x30))
                if digits.count > 4 { return nil }
            } else if c == 0x2D /* - */ && parts.count < 2 {
                guard flush() else { return nil }
            } else if c == 0x54 /* T */ || c == 0x20 /* space */ {
                break
            } else {
                return nil
            }
            i = text.index(after: i)
        }
        guard flush() else { return nil }
        switch parts.count {
        case 1: self.init(year: parts[0], month: 1, day: 1)
        case 2: self.init(year: parts[0], month: parts[1], day: 1)
        case 3: self.init(year: parts[0], month: parts[1], day: parts[2])
        default: return nil
        }
    }

    public init?(_ text: String) { self.init(parsing: Array(text.utf8)) }

    /// Year, month, day.
    public var components: (year: Int, month: Int, day: Int) {
        let z = Int(daysSinceEpoch) + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    /// ISO 8601, "YYYY-MM-DD".
    public var description: String {
        let (y, m, d) = components
        func pad(_ v: Int, _ width: Int) -> String {
            let s = String(v)
            return String(repeating: "0", count: max(0, width - s.count)) + s
        }
        return "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2))"
    }

    @inlinable public static func < (a: Day, b: Day) -> Bool { a.daysSinceEpoch < b.daysSinceEpoch }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}

/// A validity interval `[start, end)` of days; a missing bound is open.
public struct Validity: Sendable, Hashable {
    public var start: Day?
    public var end: Day?
    public init(start: Day? = nil, end: Day? = nil) {
        self.start = start
        self.end = end
    }
    /// Active on `day` when `start <= day` (or no start) and `day < end` (or no end).
    @inlinable public func isActive(on day: Day) -> Bool {
        (start.map { $0 <= day } ?? true) && (end.map { day < $0 } ?? true)
    }
}
