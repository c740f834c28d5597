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
        let enPlus = try #require(network.node(id: "c-en-plus"))
        var owned: [String: ShareInterval] = [:]
        for tie in network.ties(from: enPlus, activeOn: asOf) where tie.kind == .ownership {
            owned[network.id(of: tie.target)] = network.shareInterval(tie.edge)
            #expect(network.validity(ofTie: tie.edge).isActive(on: asOf))
        }
        #expect(owned["c-rusal"] == .exact(48.13))
        // Deripaska's stake in force on that day is the reduced one.
        var deripaska: [Share] = []
        for tie in network.ties(into: enPlus, activeOn: asOf) where network.id(of: tie.source) == "p-oleg-deripaska" {
            #expect(tie.kind == .ownership && tie.target == enPlus)
            deripaska.append(network.share(tie.edge))
        }
        // The view the analyses use sees the same ties.
        var viaView: [Share] = []
        network.view([.ownership], activeOn: asOf).forEachInEdge(of: enPlus) { edge, owner in
            if network.id(of: owner) == "p-oleg-deripaska" { viaView.append(network.share(edge)) }
        }
        #expect(viaView == deripaska)
        #expect(deripaska == [.percent(44.95)])
    }
}
