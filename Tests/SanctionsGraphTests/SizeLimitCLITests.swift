import Foundation
import Testing
import TestKit
import SanctionsGraph

/// Input the library refuses (#11 §3), end to end: an oversized file through the CLI, and a
/// measure's input error through `AnalysisGraph.centrality`.
@Suite(.serialized) struct SizeLimitCLITests {
    @Test func oversizedTextIsAnInputErrorNamingTheLimit() throws {
        let dir = try TempDir("limits-cli")
        defer { dir.remove() }
        let lines = (1 ... 3).map { ftm("p\($0)", "Person", ["name": [String(repeating: "x", count: 40)]]) }
        let path = try dir.write("people.ftm.json", lines.joined(separator: "\n") + "\n")
        let refused = try runCLI(["info", path, "--max-text-bytes", "100"])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("\(path):3: the input holds more than 100 bytes of text in one string table, the limit"), "\(refused.stderr)")
        #expect(!refused.stderr.contains("--lenient"), "lenient reading does not skip a size limit")
        let read = try runCLI(["info", path, "--max-text-bytes", "1000"])
        #expect(read.status == 0, "\(read.stderr)")
    }

    @Test func aMeasureRefusingItsInputIsACentralityError() throws {
        let dir = try TempDir("limits-measure")
        defer { dir.remove() }
        let lines = [ftm("a", "Company"), ftm("b", "Company"), ftm("o", "Ownership", ["owner": ["a"], "asset": ["b"]])]
        let network = try GraphLoader.load(path: try dir.write("m.ftm.json", lines.joined(separator: "\n") + "\n")).0
        var options = CentralityOptions()
        options.samples = -1
        #expect(throws: CentralityError.invalidInput(.negativeCount(what: "k", value: -1))) {
            try AnalysisGraph(network).centrality(.betweenness, options: options)
        }
        options.samples = 1
        #expect(try AnalysisGraph(network).centrality(.betweenness, options: options).values.count == 2)
    }
}
