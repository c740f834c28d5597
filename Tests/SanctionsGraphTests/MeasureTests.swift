import Testing
import TestKit
import SanctionsGraph

/// `AnalysisGraph.centrality`: the measures the centrality command and render's --top use.
@Suite struct MeasureTests {
    static let lines = [
        ftm("a", "Person", ["name": ["A"]]), ftm("b", "Person", ["name": ["B"]]),
        ftm("c", "Company", ["name": ["C"]]), ftm("d", "Company", ["name": ["D"]]),
        ftm("ac", "Ownership", ["owner": ["a"], "asset": ["c"], "percentage": ["30"]]),
        ftm("bc", "Ownership", ["owner": ["b"], "asset": ["c"], "percentage": ["25"]]),
        ftm("cd", "Ownership", ["owner": ["c"], "asset": ["d"]]),
        ftm("da", "Ownership", ["owner": ["d"], "asset": ["a"], "percentage": ["10"]]),
        ftm("s", "Sanction", ["entity": ["a"], "country": ["us"], "authority": ["Office of Foreign Assets Control"], "startDate": ["2020-01-01"]]),
    ]

    static func network() throws -> SanctionsNetwork {
        let dir = try TempDir("measures")
        defer { dir.remove() }
        return try GraphLoader.load(path: try dir.write("m.ftm.json", lines.joined(separator: "\n") + "\n")).0
    }

    @Test func inShareSumsTheKnownSharesHeld() throws {
        let n = try Self.network()
        let scores = try AnalysisGraph(n).centrality(.inShare)
        #expect(scores.byNode[n.node(id: "c")!] == 55 && scores.byNode[n.node(id: "d")!] == 0, "an unknown share adds nothing")
        #expect(scores.tieCount == 4 && scores.byNode[n.node(id: "a")!] == 10)
        #expect(scores.ranking().map { n.id(of: $0.node) } == ["c", "a", "b", "d"], "by score, then id")
        #expect(scores.ranking(top: 1).count == 1 && scores.ranking(top: 0).count == 4)
    }

    @Test func theTopFewAreThePrefixOfTheWholeRanking() throws {
        // Many equal scores (degrees), so ties are broken by id across the cut.
        var lines: [String] = []
        for i in 0 ..< 300 { lines.append(ftm("e\(299 - i)", "Company", ["name": ["E\(i)"]])) }
        for i in 0 ..< 300 where i % 3 == 0 {
            lines.append(ftm("t\(i)", "Ownership", ["owner": ["e\(i)"], "asset": ["e\((i * 7 + 1) % 300)"], "percentage": ["\(i % 5 * 10)"]]))
        }
        let dir = try TempDir("ranking")
        defer { dir.remove() }
        let n = try GraphLoader.load(path: try dir.write("r.ftm.json", lines.joined(separator: "\n") + "\n")).0
        for measure in [CentralityMeasure.degree, .inShare, .pagerank] {
            let scores = try AnalysisGraph(n).centrality(measure)
            let all = scores.ranking().map(\.node)
            for top in [1, 2, 5, 20, 37] {
                #expect(scores.ranking(top: top).map(\.node) == Array(all.prefix(top)), "\(measure) top \(top)")
            }
        }
    }

    @Test func theLibraryAgreesWithTheAlgorithms() throws {
        let n = try Self.network()
        let analysis = AnalysisGraph(n)
        #expect(try analysis.centrality(.pagerank).values == pageRank(outgoing: analysis.adjacency(.outgoing)))
        var options = CentralityOptions()
        options.undirected = true
        #expect(try analysis.centrality(.degree, options: options).values == degreeCentrality(outgoing: analysis.adjacency(.both)))
        options = CentralityOptions()
        options.proximity = Day(year: 2025, month: 1, day: 1)!
        let proximity = try analysis.centrality(.pagerank, options: options)
        let uniform = try analysis.centrality(.pagerank)
        #expect(!proximity.proximityIgnored && proximity.values != uniform.values)
        options.proximity = Day(year: 2010, month: 1, day: 1)!
        #expect(try analysis.centrality(.pagerank, options: options).proximityIgnored, "no asset freeze in force in 2010")
        options = CentralityOptions()
        options.alpha = 5
        #expect(throws: CentralityError.notConverged(.katz)) { try analysis.centrality(.katz, options: options) }
        options.alpha = .nan   // used to give NaN scores: the iteration's max() ignored NaN
        let refused = #expect(throws: CentralityError.self) { try analysis.centrality(.katz, options: options) }
        #expect(refused?.description == "invalid input: alpha is nan; it must be finite and above 0", "\(String(describing: refused))")
        #expect(CentralityError.notConverged(.hits).description == "HITS did not converge")
    }

    @Test func theTopViewIsTitledByItsMeasure() throws {
        let n = try Self.network()
        let view = try DiagramView.top(2, by: .inShare, in: n, asOf: Day(year: 2025, month: 1, day: 1)!)
        guard case .top(let scores, 2, .centrality(.inShare)) = view else { Issue.record("\(view)"); return }
        #expect(scores[n.node(id: "c")!] == 55)
    }
}
