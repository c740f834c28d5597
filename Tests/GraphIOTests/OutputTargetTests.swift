import Foundation
import Testing
import TestKit
import GraphIO

/// `OutputTarget.of(path:)`: the format `convert -o` writes, from the path.
@Suite struct OutputTargetTests {
    @Test(arguments: [("out.ftm.json", OutputTarget?.some(.ftm)), ("OUT.JSONL", .ftm), ("a.ndjson", .ftm), ("x/", .csvTrio),
                      ("folder", .csvTrio), ("edges.csv", .edgeList), ("g.graphml", .graphML), ("g.gv", .dot), ("g.DOT", .dot),
                      ("dir/entities.csv", nil), ("ties.csv", nil), ("out.xlsx", nil)])
    func targetsFollowThePath(path: String, expected: OutputTarget?) {
        #expect(OutputTarget.of(path: path) == expected)
    }

    @Test func anExistingFolderIsTheTrio() throws {
        let dir = try TempDir("target")
        defer { dir.remove() }
        let folder = dir.file("with.dot")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        #expect(OutputTarget.of(path: folder) == .csvTrio)
    }

    @Test func refusalsSayWhatWorks() {
        #expect(OutputTarget.refusal(of: "x/entities.csv") == "-o x/entities.csv: to write the CSV trio, give the folder to write it into")
        let text = OutputTarget.refusal(of: "demo.xlsx")
        #expect(text.hasPrefix("cannot tell the output format of 'demo.xlsx' (.xlsx)") && text.contains(".graphml (GraphML)"))
        #expect(OutputTarget.allCases.map(\.description) == ["FtM JSON lines", "CSV trio", "edge list", "GraphML", "DOT"])
    }
}
