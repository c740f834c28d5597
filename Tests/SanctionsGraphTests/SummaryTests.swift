import Foundation
import Testing
import TestKit
import SanctionsGraph

/// `NetworkSummary`: what `sanctions-graph info` reports.
@Suite struct SummaryTests {
    /// p owns c (60%) and z (60%); y owns z (50%): z is over 100%. c controls d. x stands alone.
    static let lines = [
        ftm("p", "Person", ["name": ["Pavel"], "sector": ["Nickel"]]),
        ftm("c", "Company", ["name": ["Crest"], "sector": ["nickel", "rare earths"]]),
        ftm("d", "Company", ["name": ["Delta"]]),
        ftm("x", "Security", ["name": ["Bond"], "sector": ["rare earths"]]),
        ftm("y", "Person", ["name": ["Yulia"]]),
        ftm("z", "Company", ["name": ["Zenith"]]),
        ftm("o1", "Ownership", ["owner": ["p"], "asset": ["c"], "percentage": ["60"]]),
        ftm("o2", "Ownership", ["owner": ["p"], "asset": ["z"], "percentage": ["60"]]),
        ftm("o3", "Ownership", ["owner": ["y"], "asset": ["z"], "percentage": ["50"], "endDate": ["2025-01-01"]]),
        ftm("o4", "Ownership", ["owner": ["y"], "asset": ["d"]]),
        ftm("k1", "Control", ["controller": ["c"], "controlled": ["d"], "startDate": ["2030-01-01"]]),
        ftm("s1", "Sanction", ["entity": ["p"], "country": ["us"], "startDate": ["2018-04-06"]]),
        ftm("s2", "Sanction", ["entity": ["c"], "country": ["us"], "startDate": ["2018-04-06"], "endDate": ["2019-01-27"]]),
        ftm("s3", "Sanction", ["entity": ["c"], "country": ["eu"], "startDate": ["2022-03-15"]]),
        ftm("s4", "Sanction", ["entity": ["c"], "country": ["eu"], "listingDate": ["2023-06-01"]]),
        ftm("s5", "Sanction", ["entity": ["d"], "authority": ["Office of Financial Sanctions Implementation"]]),
        ftm("s6", "Sanction", ["entity": ["y"], "country": ["ua"], "startDate": ["2030-01-01"]]),
    ]

    static let asOf = Day("2024-01-01")!

    @Test func countsEntitiesTiesAndDesignations() throws {
        let (network, report) = try loadFtM(Self.lines)
        let summary = NetworkSummary(network, asOf: Self.asOf, notices: report.notices)
        #expect(summary.asOf == Self.asOf)
        #expect(summary.entities == [.person: 2, .company: 3, .other: 1, .sector: 2])
        #expect(summary.otherSchemas == ["Security": 1])
        #expect(summary.ties == [.ownership: 4, .control: 1, .sectorMembership: 4])
        #expect(summary.activeTies == [.ownership: 4, .sectorMembership: 4], "the control tie starts in 2030")
        #expect(summary.unknownShareOwnerships == 1)
        #expect(summary.designations == [.us: 1, .eu: 2], "d's listing is undated and has no first_seen: not known in force")
        #expect(summary.designationsByCountry == ["us": 1, "eu": 2])
        #expect(summary.designatedEntities == 2, "p and c (twice)")
        #expect(summary.inactiveDesignations == 2, "one ended, one not yet started")
        #expect(summary.undatedListings == 1 && summary.undatedUnknownOnDay == 1)
        #expect(summary.sources.map { "\($0.jurisdiction) \($0.measure) \($0.records)" } == ["us asset-freeze 2", "eu asset-freeze 2", "gb asset-freeze 1", "ua asset-freeze 1"])
    }

    @Test func componentsLeaveSectorsOut() throws {
        let (network, _) = try loadFtM(Self.lines)
        let summary = NetworkSummary(network, asOf: Self.asOf)
        // {p, c, d, y, z} through ownership and control; x alone (its sector does not join it to c).
        #expect(summary.components == 2)
        #expect(summary.largestComponent == 5)
    }

    @Test func warningsStartWithTheNoticesThenOverflows() throws {
        let (network, _) = try loadFtM(Self.lines)
        let summary = NetworkSummary(network, asOf: Self.asOf, notices: ["skipped 1 bad record (--lenient):"])
        #expect(summary.warnings.first == "skipped 1 bad record (--lenient):")
        #expect(summary.warnings.count == 2)
        #expect(summary.warnings.last == "ownership of 'z' (Zenith) adds up to 110% on 2024-01-01")
        let later = NetworkSummary(network, asOf: Day("2025-01-01")!)
        #expect(later.warnings.isEmpty, "the 50% tie has ended by then")
    }

    @Test func jsonHasTheRequiredKeysWithFtMNames() throws {
        let (network, _) = try loadFtM(Self.lines)
        let summary = NetworkSummary(network, asOf: Self.asOf)
        let text = summary.json.serialized()
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        for key in ["entities", "ties", "designations", "components", "largestComponent", "warnings", "asOf"] {
            #expect(object[key] != nil, "missing key \(key)")
        }
        #expect(object["entities"] as? [String: Int] == ["Person": 2, "Company": 3, "Other": 1, "Sector": 2])
        #expect(object["ties"] as? [String: Int] == ["Ownership": 4, "Control": 1, "SectorMembership": 4])
        #expect(object["designations"] as? [String: Int] == ["us": 1, "eu": 2])
        #expect(object["undatedListings"] as? Int == 1 && object["undatedListingsNotKnownInForce"] as? Int == 1)
        let sources = try #require(object["sources"] as? [[String: Any]])
        #expect(sources.count == 4)
        #expect(sources.first?["countedBy"] as? [String] == ["ofac"] && sources.first?["jurisdiction"] as? String == "us")
        #expect(sources.last?["countedBy"] as? [String] == [], "a Ukrainian listing counts under no preset")
        #expect(object["components"] as? Int == 2)
        #expect(object["largestComponent"] as? Int == 5)
        #expect((object["warnings"] as? [String])?.count == 1)
        #expect(object["asOf"] as? String == "2024-01-01")
        // Deterministic: keys sorted, the same text every time.
        #expect(text == NetworkSummary(network, asOf: Self.asOf).json.serialized())
        let keys = text.split(separator: "\n").filter { $0.hasPrefix("  \"") }.map { $0.split(separator: "\"")[1] }
        #expect(keys == keys.sorted())
        #expect(!summary.json.serialized(pretty: false).contains("\n"))
    }

    @Test func textSaysTheSameThings() throws {
        let (network, _) = try loadFtM(Self.lines)
        let text = NetworkSummary(network, asOf: Self.asOf).text
        #expect(text.hasPrefix("as of 2024-01-01"))
        #expect(text.contains("entities: 8"))
        #expect(text.contains("ties: 9"))
        #expect(text.contains("of which in force on 2024-01-01: 8"))
        #expect(text.contains("designations in force: 3"))
        #expect(text.contains("undated listings: 1 (not known to be in force on 2024-01-01: 1"))
        #expect(text.contains("sources: 4"))
        #expect(text.contains("weakly connected components: 2 (largest: 5 entities)"))
        #expect(text.contains("warnings: 1"))
    }

    @Test func emptyishNetwork() throws {
        let (network, _) = try loadFtM([ftm("p", "Person")])
        let summary = NetworkSummary(network, asOf: Self.asOf)
        #expect(summary.entities == [.person: 1])
        #expect(summary.ties.isEmpty)
        #expect(summary.components == 1 && summary.largestComponent == 1)
        #expect(summary.warnings.isEmpty)
        let object = try JSONSerialization.jsonObject(with: Data(summary.json.serialized().utf8)) as? [String: Any]
        #expect(object?["ties"] as? [String: Int] == [:])
    }

    @Test func demoGraphSummary() throws {
        let (network, report) = try FtMReader.load(path: repoRoot() + "/Graphs/demo-rare-earths.ftm.json")
        let summary = NetworkSummary(network, asOf: Day("2024-07-01")!, notices: report.notices)
        #expect(summary.warnings.isEmpty, "\(summary.warnings)")
        #expect(summary.entities[.person] == 23)
        #expect(summary.entities[.company] == 45)
        #expect(summary.ties[.ownership] == 70)
        #expect(summary.entities[.sector, default: 0] > 0)
        #expect(summary.designations.keys.contains(.us) && summary.designations.keys.contains(.eu) && summary.designations.keys.contains(.gb))
        #expect(summary.largestComponent <= network.entityCount - summary.entities[.sector, default: 0])
    }
}

extension SummaryTests {
    @Test func warningCountCountsEveryWarningAndNoHeader() throws {
        // 25 bad records: the list shows 20 under a header, and there are 25 warnings.
        let lines = Self.lines + (0 ..< 25).map { #"{"id": "bad\#($0)""# }
        let (network, report) = try loadFtM(lines, options: ReadOptions(lenient: true))
        let summary = NetworkSummary(network, asOf: Self.asOf, report: report)
        #expect(report.skippedCount == 25)
        #expect(summary.warningCount == 25 + 1, "the 25 skipped records and the asset over 100%")
        #expect(summary.text.contains("warnings: 26\n"))
        #expect(NetworkSummary(network, asOf: Self.asOf, notices: report.notices).warningCount == 20 + 1, "from lines alone: the 20 listed")
    }
}
