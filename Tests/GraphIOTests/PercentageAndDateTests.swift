import Testing
import TestKit
@testable import GraphIO
import GraphCore
import SanctionsModel

/// Ownership percentages and dates, as FtM spells them, and activity on an as-of day.
@Suite struct PercentageAndDateTests {
    /// A file whose ownership tie (on line 3) has the given `percentage` values.
    static func ownership(_ percentage: [String]?) -> [String] {
        var props: KeyValuePairs<String, [String]> = ["owner": ["p"], "asset": ["c"]]
        if let percentage { props = ["owner": ["p"], "asset": ["c"], "percentage": percentage] }
        return [ftm("p", "Person"), ftm("c", "Company"), ftm("own", "Ownership", props)]
    }

    @Test(arguments: ["51", "51%", "51.0", "51,0", "51 %", " 51 ", "+51", "051", "51.000"])
    func percentageSpellingsNormalise(_ text: String) throws {
        let (network, _) = try loadFtM(Self.ownership([text]))
        let e = try #require(network.ties(.ownership, from: "p", to: "c").first)
        #expect(network.share(e) == .percent(51), "'\(text)'")
    }

    @Test(arguments: [("44.95", 44.95), ("48,13", 48.13), ("0", 0.0), ("100", 100.0), ("100%", 100.0), ("0.5", 0.5), ("33.333", 33.333)])
    func fractionalAndBoundaryPercentages(_ text: String, _ value: Double) throws {
        let (network, _) = try loadFtM(Self.ownership([text]))
        let e = try #require(network.ties(.ownership, from: "p", to: "c").first)
        #expect(network.share(e) == .percent(value), "'\(text)'")
    }

    /// "-0" reads as 0, not as a negative zero that prints "-0" (found by the edges fuzz target).
    @Test func negativeZeroIsZero() throws {
        for text in ["-0", "-0.0", "-0%"] {
            let p = try #require(parsePercentage(text))
            #expect(p == 0 && p.sign == .plus, "'\(text)'")
        }
    }

    @Test func missingPercentageIsUnknownNeverZero() throws {
        for percentage in [nil, [String]()] {
            let (network, _) = try loadFtM(Self.ownership(percentage))
            let e = try #require(network.ties(.ownership, from: "p", to: "c").first)
            #expect(network.share(e) == .unknown)
            #expect(network.graph.weight(of: e) == nil)
            #expect(network.share(e) != .percent(0))
        }
    }

    @Test(arguments: [("-5", "percentageOutOfRange"), ("140", "percentageOutOfRange"), ("100.5", "percentageOutOfRange"),
                      ("abc", "badPercentage"), ("", "badPercentage"), ("1e2", "badPercentage"), ("5 1", "badPercentage"),
                      ("51%%", "badPercentage"), ("1.2.3", "badPercentage"), ("%", "badPercentage"), ("-", "badPercentage")])
    func badPercentagesAreRejectedWithFileAndLine(_ text: String, _ problem: String) throws {
        let (error, path) = try ftmError(Self.ownership([text]).joined(separator: "\n"))
        let e = try #require(error)
        #expect(e.problem.caseName == problem, "'\(text)': \(e)")
        #expect(e.file == path)
        #expect(e.line == 3)
        #expect(e.description.hasPrefix("\(path):3: "))
        #expect(e.description.contains("'\(text)'"))
    }

    @Test func lenientKeepsTiesWithUnreadableSharesAsUnknown() throws {
        let lines = [
            ftm("p", "Person"), ftm("c", "Company"),
            ftm("bad1", "Ownership", ["owner": ["p"], "asset": ["c"], "percentage": ["abc"]]),
            ftm("good", "Ownership", ["owner": ["p"], "asset": ["c"], "percentage": ["20"]]),
            ftm("bad2", "Ownership", ["owner": ["p"], "asset": ["c"], "percentage": ["140"]]),
        ]
        let (network, report) = try loadFtM(lines, options: ReadOptions(lenient: true))
        // --lenient never turns an unreadable share into "no tie" (the asset would read clear).
        #expect(report.skippedCount == 0)
        #expect(report.records == 5)
        #expect(network.tieCount == 3)
        let bad = (0 ..< UInt32(network.tieCount)).filter { network.tieID($0).hasPrefix("bad") }
        #expect(bad.count == 2 && bad.allSatisfy { network.shareInterval($0) == .unreadable })
        #expect(report.warnings.count == 2)
        #expect(report.warnings.contains { $0.contains(":3:") && $0.contains("'abc' is not a number") && $0.contains("the tie is kept") })
        #expect(report.warnings.contains { $0.contains(":5:") && $0.contains("outside 0–100") })
    }

    @Test func severalPercentagesAreOneStakeWithAWarning() throws {
        let (network, report) = try loadFtM(Self.ownership(["30", "45"]))
        let e = try #require(network.ties(.ownership, from: "p", to: "c").first)
        #expect(network.shareInterval(e) == ShareInterval(low: 30, high: 45))
        #expect(report.warnings.contains { $0.contains(":3:") && $0.contains("own") })
    }

    // MARK: Days

    @Test(arguments: [
        ("2018", 2018, 1, 1), ("2018-04", 2018, 4, 1), ("2018-04-06", 2018, 4, 6), ("2018-04-06T10:00:00", 2018, 4, 6),
        ("2018-04-06T10:00:00Z", 2018, 4, 6), ("2018-04-06 10:00", 2018, 4, 6), ("2020-02-29", 2020, 2, 29),
        ("2000-02-29", 2000, 2, 29), ("1970-01-01", 1970, 1, 1), ("1969-12-31", 1969, 12, 31),
    ])
    func daysParse(_ text: String, _ y: Int, _ m: Int, _ d: Int) throws {
        let day = try #require(Day(text), "'\(text)'")
        #expect(day == Day(year: y, month: m, day: d))
        #expect(day.components == (y, m, d))
    }

    @Test(arguments: ["2018-13-01", "2018-02-30", "2019-02-29", "1900-02-29", "2018-00-10", "2018-04-00", "2018-04-31",
                      "yesterday", "", "18-04-06", "2018-4-6", "2018-04-6", "20180406", "2018/04/06", "2018-04-06X", "2018-"])
    func invalidDaysAreRejected(_ text: String) {
        #expect(Day(text) == nil, "'\(text)'")
    }

    @Test func dayArithmeticAndFormatting() throws {
        #expect(Day(daysSinceEpoch: 0).description == "1970-01-01")
        #expect(Day("2018-04-06")?.description == "2018-04-06")
        let a = try #require(Day("2018-12-31")), b = try #require(Day("2019-01-01"))
        #expect(b.daysSinceEpoch - a.daysSinceEpoch == 1)
        #expect(a < b)
        // Every day of a leap year and the next round-trips through its description.
        var d = try #require(Day("2020-01-01"))
        for _ in 0 ..< 731 {
            #expect(Day(d.description) == d)
            d = Day(daysSinceEpoch: d.daysSinceEpoch + 1)
        }
        #expect(d == Day("2022-01-01"))
    }

    @Test func badDateInARecordNamesPropertyFileAndLine() throws {
        let text = [ftm("p", "Person"), ftm("c", "Company"),
                    ftm("d", "Directorship", ["director": ["p"], "organization": ["c"], "startDate": ["yesterday"]])].joined(separator: "\n")
        let (error, path) = try ftmError(text)
        let e = try #require(error)
        #expect(e.problem == .badDate(property: "startDate", value: "yesterday"))
        #expect(e.file == path)
        #expect(e.line == 3)
        #expect(e.description.contains("yesterday"))
        let (sanctionError, _) = try ftmError([ftm("p", "Person"), ftm("s", "Sanction", ["entity": ["p"], "endDate": ["2018-02-30"]])].joined(separator: "\n"))
        #expect(sanctionError?.problem == .badDate(property: "endDate", value: "2018-02-30"))
        #expect(sanctionError?.line == 2)
    }

    // MARK: Activity on a day

    @Test func designationActiveFromStartUntilTheDayBeforeItsEnd() throws {
        let (network, _) = try loadFtM([
            ftm("p", "Person"),
            ftm("s1", "Sanction", ["entity": ["p"], "country": ["us"], "listingDate": ["2017-01-01"],
                                    "startDate": ["2018-04-06"], "endDate": ["2019-01-27"], "status": ["active"]]),
        ])
        let d = try #require(network.designationsOf("p").first)
        #expect(d.validity == Validity(start: Day("2017-01-01"), end: Day("2019-01-27")), "the earliest of startDate and listingDate (docs/time.md)")
        let expectations: [(String, Bool)] = [("2016-12-31", false), ("2017-01-01", true), ("2018-04-05", true), ("2018-04-06", true),
                                              ("2018-12-31", true), ("2019-01-26", true), ("2019-01-27", false), ("2024-01-01", false)]
        for (day, active) in expectations {
            #expect(d.isActive(on: try #require(Day(day))) == active, "\(day)")
        }
    }

    @Test func designationWithOnlyAListingDateStartsThen() throws {
        let (network, _) = try loadFtM([
            ftm("p", "Person"),
            ftm("s1", "Sanction", ["entity": ["p"], "country": ["gb"], "listingDate": ["2022-03-15"], "status": ["delisted"]]),
            ftm("s2", "Sanction", ["entity": ["p"], "country": ["eu"]]),
        ])
        let ds = network.designationsOf("p")
        let listed = try #require(ds.first { $0.id == "s1" })
        #expect(!listed.isActive(on: try #require(Day("2022-03-14"))))
        #expect(listed.isActive(on: try #require(Day("2022-03-15"))))
        #expect(listed.isActive(on: try #require(Day("2030-01-01"))), "status is not trusted: no end date means in force")
        let undated = try #require(ds.first { $0.id == "s2" })
        #expect(undated.isUndated && undated.knownSince == nil)
        #expect(undated.standing(on: try #require(Day("1990-01-01"))) == .dateUnknown, "no date, no first_seen: never known in force")
    }

    @Test func undatedListingIsKnownFromFirstSeenElseTheExportDate() throws {
        let lines = [
            #"{"id": "p", "schema": "Person", "properties": {"name": ["P"]}, "first_seen": "2019-01-01T00:00:00", "last_seen": "2025-06-30T12:00:00"}"#,
            #"{"id": "s1", "schema": "Sanction", "properties": {"entity": ["p"], "country": ["us"]}, "datasets": ["us_ofac_sdn"], "first_seen": "2023-11-02T10:00:00", "last_seen": "2025-06-01T00:00:00"}"#,
            #"{"id": "s2", "schema": "Sanction", "properties": {"entity": ["p"], "country": ["gb"]}, "datasets": ["gb_fcdo_sanctions"]}"#,
        ]
        let (network, _) = try loadFtM(lines)
        #expect(network.exportDate == Day("2025-06-30"), "the latest last_seen of any record")
        let s1 = try #require(network.designationsOf("p").first { $0.id == "s1" })
        #expect(s1.firstSeen == Day("2023-11-02") && s1.knownSince == Day("2023-11-02"))
        #expect(s1.datasets == ["us_ofac_sdn"] && s1.measure == .assetFreeze && s1.basis == .dataset("us_ofac_sdn"))
        #expect(s1.standing(on: try #require(Day("2022-06-01"))) == .dateUnknown)
        #expect(s1.standing(on: try #require(Day("2023-11-02"))) == .inForce)
        let s2 = try #require(network.designationsOf("p").first { $0.id == "s2" })
        #expect(s2.firstSeen == nil && s2.knownSince == Day("2025-06-30"), "without its own first_seen: the export's date")
    }

    @Test func aLastSeenThatIsNotADateGivesWayToFirstSeen() throws {
        // Found by the ftm fuzz target: the original took no export date, while the copy
        // written as FtM (which keeps first_seen only) took first_seen.
        let (network, _) = try loadFtM([
            #"{"id": "p", "schema": "Person", "properties": {"name": ["P"]}}"#,
            #"{"id": "s1", "schema": "Sanction", "properties": {"entity": ["p"], "country": ["us"]}, "first_seen": "2022-03-01T00:00:00", "last_seen": "20*6-11-20"}"#,
            #"{"id": "s2", "schema": "Sanction", "properties": {"entity": ["p"], "country": ["gb"]}}"#,
        ])
        #expect(network.exportDate == Day("2022-03-01"))
        #expect(network.designationsOf("p").first { $0.id == "s2" }?.knownSince == Day("2022-03-01"))
    }

    @Test func tieValidityOnBoundaryDays() throws {
        let (network, _) = try loadFtM([
            ftm("p", "Person"), ftm("c", "Company"),
            ftm("o1", "Ownership", ["owner": ["p"], "asset": ["c"], "percentage": ["70"], "startDate": ["2018-04-06"], "endDate": ["2019-01-27"]]),
            ftm("o2", "Ownership", ["owner": ["p"], "asset": ["c"], "percentage": ["44.95"], "startDate": ["2019-01-27"]]),
            ftm("o3", "Ownership", ["owner": ["c"], "asset": ["p"], "endDate": ["2000"]]),
            ftm("o4", "Ownership", ["owner": ["c"], "asset": ["p"], "date": ["2010-05"]]),
        ])
        func edge(_ id: String) throws -> UInt32 {
            try #require((0 ..< UInt32(network.tieCount)).first { network.tieID($0) == id })
        }
        let o1 = try edge("o1"), o2 = try edge("o2"), o3 = try edge("o3"), o4 = try edge("o4")
        let day = { (s: String) in Day(s)! }
        #expect(!network.isTieActive(o1, on: day("2018-04-05")))
        #expect(network.isTieActive(o1, on: day("2018-04-06")))
        #expect(network.isTieActive(o1, on: day("2019-01-26")))
        #expect(!network.isTieActive(o1, on: day("2019-01-27")))
        #expect(!network.isTieActive(o2, on: day("2019-01-26")))
        #expect(network.isTieActive(o2, on: day("2019-01-27")))
        #expect(network.isTieActive(o2, on: day("2100-01-01")))
        #expect(network.isTieActive(o3, on: day("1900-01-01")))
        #expect(network.isTieActive(o3, on: day("1999-12-31")))
        #expect(!network.isTieActive(o3, on: day("2000-01-01")))
        #expect(network.validity(ofTie: o4).start == day("2010-05-01"), "'date' stands in for a missing startDate")
    }

    @Test func severalDatesWidenTheInterval() throws {
        let (network, _) = try loadFtM([
            ftm("p", "Person"), ftm("c", "Company"),
            ftm("o1", "Ownership", ["owner": ["p"], "asset": ["c"], "startDate": ["2015-01-01", "2012-06-01"],
                                     "endDate": ["2019-01-01", "2020-01-01"]]),
        ])
        #expect(network.validity(ofTie: 0) == Validity(start: Day("2012-06-01"), end: Day("2020-01-01")))
    }
}
