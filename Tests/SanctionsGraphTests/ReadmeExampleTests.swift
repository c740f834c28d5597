import Foundation
import Testing
import TestKit
import SanctionsGraph

/// The README's "Using it from Swift" snippet, kept compiling and checked.
@Suite struct ReadmeExampleTests {
    @Test func librarySnippetWorksOnTheEnPlusGraph() throws {
        let path = repoRoot() + "/Graphs/en-plus-2019.ftm.json"
        // As in the README:
        let (network, report) = try GraphLoader.load(path: path)
        let summary = NetworkSummary(network, asOf: try #require(Day("2018-06-01")), notices: report.notices)
        #expect(summary.designations[.us] == 8)

        let asOf = try #require(Day("2019-02-01"))
        let ownership = network.view([.ownership], activeOn: asOf)
        let enPlus = try #require(network.node(id: "c-en-plus"))
        var owned: [String: Share] = [:]
        ownership.forEachOutEdge(of: enPlus) { edge, asset in owned[network.id(of: asset)] = network.share(edge) }
        #expect(owned["c-rusal"] == .percent(48.13))
        // Deripaska's stake in force on that day is the reduced one.
        var deripaska: [Share] = []
        ownership.forEachInEdge(of: enPlus) { edge, owner in
            if network.id(of: owner) == "p-oleg-deripaska" { deripaska.append(network.share(edge)) }
        }
        #expect(deripaska == [.percent(44.95)])
    }
}
