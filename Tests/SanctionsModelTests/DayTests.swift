import Foundation
import Testing
import GraphCore
import SanctionsModel

/// Foundation's Gregorian calendar in UTC: the reference for day arithmetic.
private let gregorianUTC: Calendar = {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: "UTC")!
    return calendar
}()

private func padded(_ y: Int, _ m: Int, _ d: Int) -> String {
    func pad(_ v: Int, _ width: Int) -> String { String(repeating: "0", count: max(0, width - String(v).count)) + String(v) }
    return "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2))"
}

@Suite struct DayTests {
    @Test func epoch() {
        #expect(day(1970, 1, 1).daysSinceEpoch == 0)
        #expect(day(1969, 12, 31).daysSinceEpoch == -1)
        #expect(day(1970, 1, 2).daysSinceEpoch == 1)
        #expect(day(2000, 3, 1).daysSinceEpoch == 11_017)
        #expect(Day(daysSinceEpoch: 0).description == "1970-01-01")
    }

    /// Every day from 1900-01-01 to 2100-12-31 against Foundation.
    @Test func everyDayFrom1900To2100MatchesFoundation() throws {
        let first = try #require(Day(year: 1900, month: 1, day: 1)).daysSinceEpoch
        let last = try #require(Day(year: 2100, month: 12, day: 31)).daysSinceEpoch
        #expect(last - first + 1 == 73_414)
        var failures = 0
        for n in first ... last {
            let date = Date(timeIntervalSince1970: Double(n) * 86_400)
            let c = gregorianUTC.dateComponents([.year, .month, .day], from: date)
            let (y, m, d) = (c.year!, c.month!, c.day!)
            let text = padded(y, m, d)
            let dayValue = Day(daysSinceEpoch: n)
            let parts = dayValue.components
            let ok = Day(year: y, month: m, day: d)?.daysSinceEpoch == n
                && parts.year == y && parts.month == m && parts.day == d
                && dayValue.description == text
                && Day(text) == dayValue
            if !ok {
                failures += 1
                if failures <= 5 { Issue.record("day \(n): Foundation says \(text), Day says \(dayValue.description) \(parts)") }
            }
        }
        #expect(failures == 0)
    }

    /// Random days of 1600–9999 (Foundation switches to the Julian calendar before 1582).
    @Test func randomDaysAfter1600MatchFoundation() throws {
        var rng = SplitMix64(seed: 1600)
        let lo = try #require(Day(year: 1600, month: 1, day: 1)).daysSinceEpoch
        let hi = try #require(Day(year: 9999, month: 12, day: 31)).daysSinceEpoch
        for _ in 0 ..< 5_000 {
            let n = Int32.random(in: lo ... hi, using: &rng)
            let c = gregorianUTC.dateComponents([.year, .month, .day], from: Date(timeIntervalSince1970: Double(n) * 86_400))
            let text = padded(c.year!, c.month!, c.day!)
            #expect(Day(daysSinceEpoch: n).description == text)
            #expect(Day(text)?.daysSinceEpoch == n)
        }
    }

    /// `components` inverts `init(year:month:day:)` for every valid date of years 1–9999.
    @Test func componentsInvertConstruction() {
        var rng = SplitMix64(seed: 9)
        var previous: Int32?
        for _ in 0 ..< 20_000 {
            let y = Int.random(in: 1 ... 9999, using: &rng), m = Int.random(in: 1 ... 12, using: &rng), d = Int.random(in: 1 ... 31, using: &rng)
            guard let value = Day(year: y, month: m, day: d) else { continue }
            let parts = value.components
            #expect(parts.year == y && parts.month == m && parts.day == d)
            #expect(Day(value.description) == value, "\(value.description)")
            previous = value.daysSinceEpoch
        }
        #expect(previous != nil)
        // Consecutive days: the next day's components follow the calendar.
        var day = Day(year: 1, month: 1, day: 1)!
        for _ in 0 ..< 3 * 366 {
            let next = Day(daysSinceEpoch: day.daysSinceEpoch + 1)
            let (a, b) = (day.components, next.components)
            let rolls = (b.year == a.year && b.month == a.month && b.day == a.day + 1)
                || (b.year == a.year && b.month == a.month + 1 && b.day == 1) || (b.year == a.year + 1 && b.month == 1 && b.day == 1)
            #expect(rolls, "\(day) → \(next)")
            day = next
        }
    }

    @Test(arguments: [(2000, true), (1900, false), (2024, true), (2023, false), (2100, false), (1600, true), (2400, true), (1996, true)])
    func leapYears(year: Int, leap: Bool) {
        #expect((Day(year: year, month: 2, day: 29) != nil) == leap)
        #expect((Day("\(year)-02-29") != nil) == leap)
        #expect(Day(year: year, month: 2, day: 28) != nil)
        #expect(Day(year: year, month: 2, day: 30) == nil)
        if leap { #expect(day(year, 3, 1).daysSinceEpoch - day(year, 2, 28).daysSinceEpoch == 2) }
    }

    @Test(arguments: [(1, 31), (2, 28), (3, 31), (4, 30), (5, 31), (6, 30), (7, 31), (8, 31), (9, 30), (10, 31), (11, 30), (12, 31)])
    func monthLengths(month: Int, days: Int) {
        #expect(Day(year: 2023, month: month, day: days) != nil)
        #expect(Day(year: 2023, month: month, day: days + 1) == nil)
        #expect(Day(year: 2023, month: month, day: 0) == nil)
    }

    @Test(arguments: ["2018-13-01", "2018-00-10", "2018-04-31", "2018-02-29", "2018-04-00", "2018-4-1", "2018-04-1",
                      "18", "201", "", "abcd", "2018-04-01x", "2018x", "2018/04/01", "2018-04-", "2018-", " 2018",
                      "2018--04", "20180401", "-2018", "2018-04-01-", "２０１８"])
    func invalidTextIsRejected(text: String) {
        #expect(Day(text) == nil)
    }

    @Test(arguments: [("2018", "2018-01-01"), ("2018-04", "2018-04-01"), ("2018-04-05", "2018-04-05"),
                      ("2018-04-05T12:30:00Z", "2018-04-05"), ("2018-04-05 12:30", "2018-04-05"),
                      ("2018T00", "2018-01-01"), ("2018-12T", "2018-12-01"), ("0001-01-01", "0001-01-01"),
                      ("1900-02-28", "1900-02-28"), ("9999-12-31", "9999-12-31")])
    func validTextParses(text: String, expected: String) throws {
        let parsed = try #require(Day(text))
        #expect(parsed.description == expected)
    }

    @Test func parsingBytesAgreesWithString() {
        for text in ["2018", "2018-04", "2018-04-05", "bad", "2018-04-05T1"] {
            let fromBytes = Array(text.utf8).withUnsafeBufferPointer { Day(parsing: $0) }
            #expect(fromBytes == Day(text), "\(text)")
        }
    }

    @Test func comparisonsFollowDayNumbers() {
        var rng = SplitMix64(seed: 42)
        for _ in 0 ..< 2_000 {
            let a = Day(daysSinceEpoch: Int32.random(in: -50_000 ... 50_000, using: &rng))
            let b = Day(daysSinceEpoch: Int32.random(in: -50_000 ... 50_000, using: &rng))
            #expect((a < b) == (a.daysSinceEpoch < b.daysSinceEpoch))
            #expect((a == b) == (a.daysSinceEpoch == b.daysSinceEpoch))
            #expect((a <= b) == (a.description <= b.description), "ISO text sorts like days for 4-digit years")
        }
        #expect(Set([day(2020, 1, 1), day(2020, 1, 1), day(2020, 1, 2)]).count == 2)
        #expect(day(1999, 12, 31) < day(2000, 1, 1))
    }

    @Test func todayIsNow() {
        let now = Int32(Date().timeIntervalSince1970 / 86_400)
        #expect(abs(Day.today.daysSinceEpoch - now) <= 1)
    }

    // MARK: Validity

    @Test func validityBoundaries() {
        let v = Validity(start: day(2020, 1, 10), end: day(2020, 1, 20))
        #expect(!v.isActive(on: day(2020, 1, 9)))
        #expect(v.isActive(on: day(2020, 1, 10)), "the start day is active")
        #expect(v.isActive(on: day(2020, 1, 19)))
        #expect(!v.isActive(on: day(2020, 1, 20)), "the end day is not")
        #expect(Validity().isActive(on: Day(daysSinceEpoch: .min)) && Validity().isActive(on: Day(daysSinceEpoch: .max)))
        let openStart = Validity(end: day(2020, 1, 20))
        #expect(openStart.isActive(on: day(1000, 1, 1)) && !openStart.isActive(on: day(2020, 1, 20)))
        let openEnd = Validity(start: day(2020, 1, 10))
        #expect(!openEnd.isActive(on: day(2020, 1, 9)) && openEnd.isActive(on: day(9999, 12, 31)))
        let empty = Validity(start: day(2020, 1, 10), end: day(2020, 1, 10))
        #expect(!empty.isActive(on: day(2020, 1, 10)))
    }

    @Test func randomValidityMatchesDefinition() {
        var rng = SplitMix64(seed: 7)
        for _ in 0 ..< 1_000 {
            let s: Int32? = Bool.random(using: &rng) ? nil : Int32.random(in: 0 ... 30, using: &rng)
            let e: Int32? = Bool.random(using: &rng) ? nil : Int32.random(in: 0 ... 30, using: &rng)
            let v = Validity(start: s.map(Day.init(daysSinceEpoch:)), end: e.map(Day.init(daysSinceEpoch:)))
            for t in Int32(-1) ... 31 {
                let expected = (s == nil || s! <= t) && (e == nil || t < e!)
                #expect(v.isActive(on: Day(daysSinceEpoch: t)) == expected)
            }
        }
    }

    // MARK: Designation

    @Test func designationActivity() {
        let listed = Designation(entity: 0, jurisdiction: .us, listingDate: day(2014, 3, 20))
        #expect(!listed.isActive(on: day(2014, 3, 19)) && listed.isActive(on: day(2014, 3, 20)) && listed.isActive(on: day(2030, 1, 1)))

        let started = Designation(entity: 0, jurisdiction: .eu, listingDate: day(2014, 3, 20), startDate: day(2014, 4, 1),
                                  endDate: day(2018, 1, 1))
        #expect(started.isActive(on: day(2014, 3, 25)), "the earliest of startDate and listingDate starts it (docs/time.md)")
        #expect(!started.isActive(on: day(2014, 3, 19)))
        #expect(started.isActive(on: day(2017, 12, 31)))
        #expect(!started.isActive(on: day(2018, 1, 1)), "the end day is inactive")
        #expect(started.validity == Validity(start: day(2014, 3, 20), end: day(2018, 1, 1)))

        let earlierStart = Designation(entity: 0, jurisdiction: .eu, listingDate: day(2014, 3, 20), startDate: day(2014, 1, 1))
        #expect(earlierStart.isActive(on: day(2014, 2, 1)), "a start before the listing counts from the start")

        // Undated: known in force only from first_seen (docs/time.md); status is ignored.
        var undated = Designation(entity: 0, jurisdiction: .gb, endDate: day(2020, 6, 1), status: "inactive", firstSeen: day(2019, 5, 1))
        #expect(undated.isUndated)
        #expect(undated.standing(on: day(1990, 1, 1)) == .dateUnknown)
        #expect(undated.standing(on: day(2019, 4, 30)) == .dateUnknown)
        #expect(undated.standing(on: day(2019, 5, 1)) == .inForce && undated.isActive(on: day(2019, 5, 1)))
        #expect(undated.standing(on: day(2020, 6, 1)) == .notInForce, "an end date decides even without a start")
        #expect(undated.standing(on: day(1990, 1, 1), undated: .inForce) == .inForce, "the old reading on request")
        undated.knownSince = nil
        #expect(undated.standing(on: day(2019, 6, 1)) == .dateUnknown, "nothing known: never certain")
        #expect(!Designation(entity: 0, jurisdiction: .un).isActive(on: day(2000, 1, 1)))
    }

    // MARK: Share

    @Test func shares() {
        #expect(Share(weight: .nan) == .unknown)
        #expect(Share(weight: 50) == .percent(50))
        #expect(Share(weight: 0) == .percent(0), "zero is known, not unknown")
        #expect(Share.unknown.weight.isNaN)
        #expect(Share.percent(44.95).weight == 44.95)
        #expect(Share.percent(50).description == "50%")
        #expect(Share.percent(44.95).description == "44.95%")
        #expect(Share.percent(0).description == "0%")
        #expect(Share.unknown.description == "unknown")
        #expect(Share.format(100) == "100" && Share.format(0.5) == "0.5")
    }

    @Test func percentsRoundToTwoDecimals() {
        // Sums of decimal shares in binary floating point print as reports show them.
        #expect(Share.rounded(44.949999999) == 44.95)
        #expect(Share.rounded(0.004) == 0 && Share.rounded(33.33333) == 33.33)
        #expect(Share.roundedText(20.1 + 30.2) == "50.3", "20.1 + 30.2 is 50.300000000000004")
        #expect(Share.percentText(70 * 0.6421) == "44.95%")
        #expect(Share.percentText(100) == "100%" && Share.percentText(0.125) == "0.13%")
    }

    /// A share of at most two decimals is written as `String` writes its double, from
    /// hundredths to a trillion, negative ones too; others in plain notation.
    @Test func twoDecimalSharesAreWrittenAsTheirDoubles() {
        var rng = SystemRandomNumberGenerator()
        for scale in [Int64(100), 10_000, 100_000_000, 100_000_000_000_000] {
            for _ in 0 ..< 20_000 {
                let k = Int64.random(in: -scale ... scale, using: &rng)
                let p = Double(k) / 100
                #expect(Share.format(p) == String(p).replacingOccurrencesOfPointZero, "\(k) hundredths")
            }
        }
        #expect(Share.format(0.05) == "0.05" && Share.format(67.8) == "67.8" && Share.format(-0.5) == "-0.5")
        #expect(Share.format(0.125) == "0.125" && Share.format(1e-5) == "0.00001")
    }
}

extension String {
    /// "50.0" as "50" (`String` of an integral double), else itself.
    fileprivate var replacingOccurrencesOfPointZero: String { hasSuffix(".0") ? String(dropLast(2)) : self }
}
