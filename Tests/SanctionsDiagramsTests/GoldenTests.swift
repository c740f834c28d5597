import Foundation
import Testing
import GraphCore
import SanctionsModel
import SanctionsRules
@testable import SanctionsDiagrams
import GraphvizBinding

/// Determinism: the same input and options give byte-identical DOT and SVG, checked against
/// files in Golden/. To accept a deliberate change, run the tests with UPDATE_GOLDEN=1 and
/// look at the difference before committing it.
@Suite struct GoldenTests {
    struct Case: Sendable, CustomStringConvertible {
        let name: String
        let make: @Sendable () throws -> NetworkDiagram
        var description: String { name }
    }

    static let cases: [Case] = [
        Case(name: "demo-whole-ofac") {
            try NetworkDiagram(try bundled("Graphs/demo-rare-earths.ftm.json"), view: .whole, options: DiagramOptions(rule: .ofac, asOf: demoDay))
        },
        Case(name: "demo-whole-sfdp-sectors") {
            try NetworkDiagram(try bundled("Graphs/demo-rare-earths.ftm.json"), view: .whole,
                               options: DiagramOptions(rule: .eu, asOf: demoDay, cluster: .sector, engine: .sfdp))
        },
        Case(name: "demo-ego-stolnik-uk") {
            let n = try bundled("Graphs/demo-rare-earths.ftm.json")
            return try NetworkDiagram(n, view: .ego(center: n.node(id: "p-viktor-stolnik")!, depth: 2),
                                      options: DiagramOptions(rule: .uk, asOf: demoDay, cluster: .sector))
        },
        Case(name: "demo-explain-taiga-ofac") {
            let n = try bundled("Graphs/demo-rare-earths.ftm.json")
            return try NetworkDiagram(n, view: .explanation(entity: n.node(id: "c-taiga-nickel-trading")!),
                                      options: DiagramOptions(rule: .ofac, asOf: demoDay))
        },
        Case(name: "demo-top12-neato") {
            let n = try bundled("Graphs/demo-rare-earths.ftm.json")
            var scores: [UInt32: Double] = [:]
            for v in 0 ..< UInt32(n.entityCount) { scores[v] = Double(n.graph.inDegree(v) + n.graph.outDegree(v)) }
            return try NetworkDiagram(n, view: .top(scores: scores, count: 12, measure: "degree"),
                                      options: DiagramOptions(asOf: demoDay, engine: .neato))
        },
        Case(name: "enplus-relief-ofac") {
            let n = try bundled("Graphs/en-plus-2019.ftm.json")
            func v(_ id: String) -> UInt32 { n.node(id: id)! }
            let edits: [ReliefEdit] = [.delist(v("c-en-plus"), nil), .delist(v("c-rusal"), nil), .delist(v("c-eurosibenergo"), nil),
                                       .setShare(owner: v("p-oleg-deripaska"), asset: v("c-en-plus"), percent: 44.95)]
            return try NetworkDiagram(n, view: .relief(edits: edits), options: DiagramOptions(rule: .ofac, asOf: Day(year: 2018, month: 6, day: 1)!))
        },
        Case(name: "hostile-names") {
            try NetworkDiagram(try SafetyTests.network(), view: .whole, options: DiagramOptions(rule: .ofac, asOf: demoDay))
        },
    ]

    static var updating: Bool { ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] == "1" }

    func check(_ bytes: [UInt8], against file: String) throws {
        let path = testFolder() + "/Golden/" + file
        if GoldenTests.updating {
            try FileManager.default.createDirectory(atPath: testFolder() + "/Golden", withIntermediateDirectories: true)
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            return
        }
        guard let golden = FileManager.default.contents(atPath: path) else {
            Issue.record("no golden file \(file): run the tests with UPDATE_GOLDEN=1 to create it")
            return
        }
        if let difference = firstDifference([UInt8](golden), bytes) {
            Issue.record("\(file) differs from the golden file \(difference)\n(UPDATE_GOLDEN=1 accepts the change)")
        }
    }

    /// nil if equal, else where and how two texts first differ.
    func firstDifference(_ a: [UInt8], _ b: [UInt8]) -> String? {
        guard a != b else { return nil }
        let want = String(decoding: a, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        let got = String(decoding: b, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        let line = (0 ..< min(got.count, want.count)).first { got[$0] != want[$0] } ?? min(got.count, want.count)
        return """
            at line \(line + 1):
              before: \(line < want.count ? String(want[line].prefix(300)) : "(end)")
              now:    \(line < got.count ? String(got[line].prefix(300)) : "(end)")
            """
    }

    @Test(arguments: cases)
    func dotAndSVGMatchTheGoldenFiles(_ c: Case) throws {
        let d = try c.make()
        let again = try c.make()
        #expect(d.dot == again.dot, "two builds of \(c.name) differ")
        let svg = try d.render(.svg).bytes
        let difference = firstDifference(svg, try again.render(.svg).bytes)
        #expect(difference == nil, "two renders of \(c.name) differ \(difference ?? "")")
        try check(Array(d.dot.utf8), against: c.name + ".dot")
        try check(svg, against: c.name + ".svg")
    }
}
