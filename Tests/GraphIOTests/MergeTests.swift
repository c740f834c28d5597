import Testing
import TestOracles
import TestKit
@testable import GraphIO
import GraphCore
import SanctionsModel

/// Records repeating an id are merged deterministically (README, "Repeated ids"; NetworkBuilder).
@Suite struct MergeTests {
    /// Guards IO-1 (HEAD e2379c4 stored names with `StringTable.append`, so equal names were not merged).
    @Test func twoPersonRecordsUniteNamesInFirstSeenOrderWithoutDuplicates() throws {
        let (network, report) = try loadFtM([
            ftm("p", "Person", ["name": ["Oleg Deripaska", "O. Deripaska"], "country": ["ru"], "topics": ["sanction"]]),
            ftm("c", "Company", ["name": ["Other"]]),
            ftm("p", "Person", ["name": ["O. Deripaska", "Oleg V. Deripaska", "Oleg Deripaska"], "country": ["ru", "cy"],
                                "topics": ["role.oligarch", "sanction"], "alias": ["Deripaska"]]),
        ])
        #expect(network.entityCount == 2)
        #expect(report.mergedDuplicates == 1)
        #expect(network.namesOf("p") == ["Oleg Deripaska", "O. Deripaska", "Oleg V. Deripaska"])
        #expect(network.countriesOf("p") == ["ru", "cy"])
        #expect(network.topicsOf("p") == ["sanction", "role.oligarch"])
        #expect(network.aliasesOf("p") == ["Deripaska"])
    }

    @Test func oneRecordRepeatingANameKeepsItOnce() throws {
        let (network, _) = try loadFtM([ftm("p", "Person", ["name": ["Anna", "Anna"], "alias": ["A", "A"], "country": ["ru", "ru"]])])
        #expect(network.namesOf("p") == ["Anna"])
        #expect(network.aliasesOf("p") == ["A"])
        #expect(network.countriesOf("p") == ["ru"])
    }

    @Test func legalEntityAndCompanyMergeIntoCompany() throws {
        for order in [["LegalEntity", "Company"], ["Company", "LegalEntity"]] {
            let (network, _) = try loadFtM(order.map { ftm("x", $0, ["name": [$0 + " name"]]) })
            #expect(network.kind("x") == .company, "\(order)")
            #expect(network.schema(of: try network.require("x")) == "Company")
            #expect(network.namesOf("x") == order.map { $0 + " name" })
        }
        let (public_, _) = try loadFtM([ftm("x", "Organization"), ftm("x", "PublicBody"), ftm("x", "LegalEntity")])
        #expect(public_.schema(of: try public_.require("x")) == "PublicBody")
        #expect(public_.kind("x") == .organization)
    }

    @Test func personAndCompanyConflictNamingTheLine() throws {
        let text = [ftm("x", "Person"), ftm("y", "Company"), ftm("x", "Company")].joined(separator: "\n")
        let (error, path) = try ftmError(text)
        let e = try #require(error)
        #expect(e.problem.caseName == "conflict")
        #expect(e.file == path)
        #expect(e.line == 3)
        #expect(e.description.contains("'x'"))
        #expect(e.description.contains("line 1"), "the message names the line of the first definition: \(e)")

        let dir = try TempDir("conflict")
        defer { dir.remove() }
        let (network, report) = try FtMReader.load(path: try dir.write("c.json", text), options: ReadOptions(lenient: true))
        #expect(report.skippedCount == 1)
        #expect(network.kind("x") == .person, "lenient keeps the first definition")
    }

    @Test func sameOwnershipIDTwiceIsOneStakeWithAWarning() throws {
        let (network, report) = try loadFtM([
            ftm("p", "Person"), ftm("c", "Company"),
            ftm("own-1", "Ownership", ["owner": ["p"], "asset": ["c"], "percentage": ["30"], "startDate": ["2015-01-01"]]),
            ftm("own-1", "Ownership", ["owner": ["p"], "asset": ["c"], "percentage": ["40"], "startDate": ["2012-01-01"], "endDate": ["2020-01-01"]]),
        ])
        let ties = network.ties(.ownership, from: "p", to: "c")
        #expect(ties.count == 1)
        let e = try #require(ties.first)
        #expect(network.shareInterval(e) == ShareInterval(low: 30, high: 40), "reports of one stake: their hull (docs/shares.md)")
        #expect(network.share(e) == .unknown, "not exact")
        #expect(network.validity(ofTie: e) == Validity(start: Day("2012-01-01"), end: nil), "dates widened: an open end stays open")
        #expect(report.mergedDuplicates == 1)
        #expect(report.warnings.contains { $0.contains("own-1") && $0.contains("30") && $0.contains("40") && $0.contains(":4:") },
                "\(report.warnings)")
    }

    @Test func sameTieIDFillsAnUnknownShareWithoutWarning() throws {
        let (network, report) = try loadFtM([
            ftm("p", "Person"), ftm("c", "Company"),
            ftm("own-1", "Ownership", ["owner": ["p"], "asset": ["c"]]),
            ftm("own-1", "Ownership", ["owner": ["p"], "asset": ["c"], "percentage": ["25"]]),
        ])
        #expect(network.tieCount == 1)
        #expect(network.share(0) == .percent(25))
        #expect(report.warnings.isEmpty)
    }

    @Test func sameTieIDWithOtherEndsIsAConflict() throws {
        let text = [ftm("p", "Person"), ftm("q", "Person"), ftm("c", "Company"),
                    ftm("t", "Ownership", ["owner": ["p"], "asset": ["c"]]),
                    ftm("t", "Ownership", ["owner": ["q"], "asset": ["c"]])].joined(separator: "\n")
        let (error, _) = try ftmError(text)
        #expect(error?.problem.caseName == "conflict")
        #expect(error?.line == 5)
    }

    @Test func sameSanctionIDMergesDates() throws {
        let (network, report) = try loadFtM([
            ftm("p", "Person"),
            ftm("s", "Sanction", ["entity": ["p"], "country": ["us"], "startDate": ["2018-04-06"], "endDate": ["2019-01-27"]]),
            ftm("s", "Sanction", ["entity": ["p"], "authority": ["OFAC"], "startDate": ["2018-01-01"], "endDate": ["2019-06-01"]]),
        ])
        let ds = network.designationsOf("p")
        #expect(ds.count == 1)
        #expect(ds.first?.validity == Validity(start: Day("2018-01-01"), end: Day("2019-06-01")))
        #expect(ds.first?.authority == "OFAC")
        #expect(ds.first?.jurisdiction == .us)
        #expect(report.mergedDuplicates == 1)
    }

    @Test func readingInEitherOrderGivesTheSameGraph() throws {
        let records = [
            ftm("x", "LegalEntity", ["name": ["Xeno"], "country": ["ru"]]),
            ftm("y", "Person", ["name": ["Yuri"]]),
            ftm("x", "Company", ["name": ["Xeno Holdings"], "country": ["cy"], "sector": ["nickel"]]),
            ftm("y", "Person", ["name": ["Yuri B."], "alias": ["YB"]]),
            ftm("o", "Ownership", ["owner": ["y"], "asset": ["x"], "percentage": ["50"]]),
            ftm("s", "Sanction", ["entity": ["y"], "country": ["eu"]]),
        ]
        let (forward, _) = try loadFtM(records)
        let (backward, _) = try loadFtM(records.reversed())
        let a = GraphSnapshot(forward), b = GraphSnapshot(backward)
        #expect(a.entities.mapValues(\.kind) == b.entities.mapValues(\.kind))
        #expect(a.entities.mapValues { Set($0.names) } == b.entities.mapValues { Set($0.names) })
        #expect(a.entities.mapValues { Set($0.countries) } == b.entities.mapValues { Set($0.countries) })
        #expect(a.ties == b.ties)
        #expect(a.designations == b.designations)
        #expect(forward.kind("x") == .company)
        #expect(Set(forward.namesOf("x")) == ["Xeno", "Xeno Holdings"])
    }

    @Test func entitiesMayBeReferencedBeforeTheyAreDefined() throws {
        let (network, report) = try loadFtM([
            ftm("o", "Ownership", ["owner": ["p"], "asset": ["c"], "percentage": ["10"]]),
            ftm("s", "Sanction", ["entity": ["p"]]),
            ftm("c", "Company"), ftm("p", "Person"),
        ])
        #expect(report.dangling.isEmpty)
        #expect(network.tieTriples == [TieTriple(kind: .ownership, source: "p", target: "c")])
        #expect(network.designationsOf("p").count == 1)
    }
}
