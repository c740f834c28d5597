/// A calendar day, stored as days since 1970-01-01 (proleptic Gregorian, no time zone).
///
/// FtM dates may be partial ("2018", "2018-04"); a partial date means its first day.
public struct Day: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Days since 1970-01-01 (negative before it).
    public var daysSinceEpoch: Int32

    /// The day `daysSinceEpoch` days after 1970-01-01.
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
    /// Returns nil for anything else (the caller reports it). Allocates nothing.
    /// - Complexity: O(1) (reads at most the first 11 bytes).
    public init?(parsing text: UnsafeBufferPointer<UInt8>) {
        let n = text.count
        func digits(_ from: Int, _ count: Int) -> Int? {
            guard from + count <= n else { return nil }
            var v = 0
            for i in from ..< from + count {
                let c = text[i]
                guard c >= 0x30 && c <= 0x39 else { return nil }
                v = v * 10 + Int(c - 0x30)
            }
            return v
        }
        func endsAt(_ i: Int) -> Bool { i == n || text[i] == UInt8(ascii: "T") || text[i] == 0x20 }
        guard let year = digits(0, 4) else { return nil }
        if endsAt(4) { self.init(year: year, month: 1, day: 1); return }
        guard text[4] == UInt8(ascii: "-"), let month = digits(5, 2) else { return nil }
        if endsAt(7) { self.init(year: year, month: month, day: 1); return }
        guard text[7] == UInt8(ascii: "-"), let day = digits(8, 2), endsAt(10) else { return nil }
        self.init(year: year, month: month, day: day)
    }

    /// Parses "YYYY", "YYYY-MM" or "YYYY-MM-DD" (a time may follow), as `init(parsing:)`; a
    /// partial date gives its first day.
    public init?(_ text: String) {
        var s = text
        guard let day = s.withUTF8({ Day(parsing: $0) }) else { return nil }
        self = day
    }

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
        if 0 ... 9999 ~= y {
            // The usual years, digit by digit (reports write one date per row).
            return String(unsafeUninitializedCapacity: 10) { buffer in
                func put(_ value: Int, at start: Int, width: Int) {
                    var v = value
                    for k in (start ..< start + width).reversed() {
                        buffer[k] = UInt8(ascii: "0") + UInt8(v % 10)
                        v /= 10
                    }
                }
                put(y, at: 0, width: 4)
                buffer[4] = UInt8(ascii: "-")
                put(m, at: 5, width: 2)
                buffer[7] = UInt8(ascii: "-")
                put(d, at: 8, width: 2)
                return 10
            }
        }
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
    /// The first day in force, or nil for since forever.
    public var start: Day?
    /// The first day no longer in force, or nil for no end.
    public var end: Day?
    /// The interval `[start, end)`; a nil bound is open.
    public init(start: Day? = nil, end: Day? = nil) {
        self.start = start
        self.end = end
    }
    /// Active on `day` when `start <= day` (or no start) and `day < end` (or no end).
    @inlinable public func isActive(on day: Day) -> Bool {
        (start.map { $0 <= day } ?? true) && (end.map { day < $0 } ?? true)
    }
}
