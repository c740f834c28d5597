import Foundation
import Testing
import TestKit
@testable import GraphIO
import GraphCore
import SanctionsModel

/// The graphs shipped in Graphs/ load cleanly, and the ownership-over-100% check.
@Suite struct BundledGraphTests {
    static var bundledFiles: [String] {
        let root = repoRoot()
        var files: [String] = []
        for folder in ["Graphs", "Graphs/ofac-guidance"] {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: root + "/" + folder)) ?? []
            files += names.filter { $0.hasSuffix(".ftm.json") }.sorted().map { folder + "/" + $0 }
        }
        return files
    }

    @Test func theBundledGraphsAreFound() {
        #expect(Self.bundledFiles.count >= 8, "\(Self.bundledFiles)")
        #expect(Self.bundledFiles.contains("Graphs/demo-rare-earths.ftm.json"))
    }

    @Test(arguments: bundledFiles)
    func bundledGraphLoadsWithoutWarnings(_ file: String) throws {
        let (network, report) = try GraphLoader.load(path: repoRoot() + "/" + file)
        #expect(report.skippedCount == 0)
        #expect(report.danglingCount == 0)
        #expect(report.warnings.isEmpty, "\(report.warnings)")
        #expect(report.notices.isEmpty, "\(report.notices)")
        #expect(report.outsideReferences.isEmpty)
        #expect(network.entityCount >= 2)
        #expect(!network.designations.isEmpty)
        for day in ["2014-01-01", "2018-06-01", "2019-02-01", "2022-06-01", "2024-07-01"] {
            #expect(network.ownershipOverflows(on: Day(day)!).isEmpty, "\(file) on \(day)")
        }
        #expect(network.ownershipOverflows(on: Day.today).isEmpty)
    }

    @Test func enPlusTellsTheStoryOfTheDelisting() throws {
        let (network, _) = try FtMReader.load(path: repoRoot() + "/Graphs/en-plus-2019.ftm.json")
        let deripaska = try network.require("p-oleg-deripaska")
        let enPlus = try network.require("c-en-plus")
        let before = Day("2018-06-01")!, after = Day("2019-02-01")!
        #expect(network.designations(of: enPlus).contains { $0.jurisdiction == .us && $0.isActive(on: before) })
        #expect(!network.designations(of: enPlus).contains { $0.jurisdiction == .us && $0.isActive(on: after) })
        #expect(network.designations(of: deripaska).contains { $0.jurisdiction == .us && $0.isActive(on: after) })
        let stakes = { (day: Day) in
            network.graph.inEdges(of: enPlus).map(\.id)
                .filter { network.tieKind($0) == .ownership && network.isTieActive($0, on: day) }
                .compactMap { e -> Double? in if case .percent(let p) = network.share(e) { p } else { nil } }
        }
        #expect(stakes(before).contains(70))
        #expect(stakes(after).contains(44.95))
        #expect(!stakes(after).contains(70))
    }

    // MARK: Ownership over 100%

    static func overflowGraph(secondEnds: String?) throws -> SanctionsNetwork {
        var second: KeyValuePairs<String, [String]> = ["owner": ["b"], "asset": ["c"], "percentage": ["50"]]
        if let secondEnds { second = ["owner": ["b"], "asset": ["c"], "percentage": ["50"], "endDate": [secondEnds]] }
        return try loadFtM([
            ftm("a", "Person"), ftm("b", "Person"), ftm("c", "Company", ["name": ["Target"]]), ftm("d", "Company"),
            ftm("o1", "Ownership", ["owner": ["a"], "asset": ["c"], "percentage": ["60"]]),
            ftm("o2", "Ownership", second),
            ftm("o3", "Ownership", ["owner": ["a"], "asset": ["d"], "percentage": ["100"]]),
            ftm("o4", "Ownership", ["owner": ["b"], "asset": ["d"]]),
        ]).0
    }

    @Test func ownershipOverHundredPercentIsFound() throws {
        let network = try Self.overflowGraph(secondEnds: nil)
        let overflows = network.ownershipOverflows(on: Day("2024-01-01")!)
        #expect(overflows.count == 1, "unknown shares count for nothing: d holds 100% + unknown")
        #expect(overflows.first?.asset == network.node(id: "c"))
        #expect(overflows.first?.totalPercent == 110)
    }

    @Test func endedTiesDoNotCountTowardsOverflow() throws {
        let network = try Self.overflowGraph(secondEnds: "2020-01-01")
        #expect(network.ownershipOverflows(on: Day("2020-01-01")!).isEmpty, "the 50% tie ended that day")
        #expect(network.ownershipOverflows(on: Day("2019-12-31")!).count == 1)
    }

    @Test func exactlyHundredPercentIsNoOverflow() throws {
        let (network, _) = try loadFtM([
            ftm("a", "Person"), ftm("b", "Person"), ftm("c", "Company"),
            ftm("o1", "Ownership", ["owner": ["a"], "asset": ["c"], "percentage": ["44.95"]]),
            ftm("o2", "Ownership", ["owner": ["b"], "asset": ["c"], "percentage": ["55.05"]]),
            ftm("k", "Control", ["controller": ["a"], "controlled": ["c"]]),
        ])
        #expect(network.ownershipOverflows(on: Day("2024-01-01")!).isEmpty)
    }
}
