import Foundation
import Testing
import TestKit
import SanctionsGraph

/// `sanctions-graph convert`, end to end.
@Suite struct ConvertCLITests {
    static let demo = "Graphs/demo-rare-earths.ftm.json"

    /// (id, kind, name) of every entity, and (kind, source, target, share, start, end) of every tie, sorted.
    static func shape(_ n: SanctionsNetwork) -> (entities: [String], ties: [String]) {
        let entities = (0 ..< UInt32(n.entityCount)).map { "\(n.id(of: $0)) \(n.kinds[Int($0)].ftmName) \(n.name(of: $0))" }.sorted()
        let ties = (0 ..< UInt32(n.tieCount)).map { e in
            let validity = n.validity(ofTie: e)
            return "\(n.tieKind(e).ftmName) \(n.id(of: n.graph.source(of: e)))→\(n.id(of: n.graph.target(of: e))) \(n.share(e)) "
                + "\(validity.start?.description ?? "-") \(validity.end?.description ?? "-")"
        }.sorted()
        return (entities, ties)
    }

    @Test func convertsToEveryFormatAndBack() throws {
        let dir = try TempDir("convert")
        defer { dir.remove() }
        let (original, _) = try GraphLoader.load(path: repoRoot() + "/" + Self.demo)
        let expected = Self.shape(original)

        // FtM → GraphML (with a rule) → FtM: the graph survives, the designations do not.
        let graphml = dir.file("demo.graphml")
        var r = try runCLI(["convert", Self.demo, "-o", graphml, "--rule", "uk", "--as-of", "2026-11-29"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("wrote") && r.stderr.contains("GraphML") && r.stderr.contains("designations are not in GraphML"))
        let text = try String(contentsOfFile: graphml, encoding: .utf8)
        #expect(text.contains("<key id=\"v_status\" for=\"node\" attr.name=\"status\" attr.type=\"string\"/>"))
        #expect(text.contains("<data key=\"g_rule\">uk</data>"))
        #expect(text.contains("<data key=\"v_status\">designated</data>") && text.contains("<data key=\"v_status\">owned</data>"))
        let back = dir.file("back.ftm.json")
        r = try runCLI(["convert", graphml, "-o", back])
        #expect(r.status == 0, "\(r.stderr)")
        let (fromGraphML, _) = try GraphLoader.load(path: back)
        #expect(Self.shape(fromGraphML).entities == expected.entities)
        #expect(Self.shape(fromGraphML).ties == expected.ties)
        #expect(fromGraphML.designations.isEmpty)

        // FtM → CSV trio (a folder created on the way) → FtM: everything, designations too.
        let folder = dir.file("nested/trio")
        r = try runCLI(["convert", Self.demo, "-o", folder])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("CSV trio") && r.stderr.contains("\(original.designations.count) designations"))
        for name in ["entities.csv", "ties.csv", "designations.csv"] {
            #expect(FileManager.default.fileExists(atPath: folder + "/" + name), "\(name)")
        }
        r = try runCLI(["convert", folder, "-o", dir.file("trio.jsonl")])
        #expect(r.status == 0, "\(r.stderr)")
        let (fromTrio, _) = try GraphLoader.load(path: dir.file("trio.jsonl"))
        #expect(Self.shape(fromTrio).entities == expected.entities)
        #expect(Self.shape(fromTrio).ties == expected.ties)
        #expect(fromTrio.designations.count == original.designations.count)

        // FtM → edge list: ends and shares.
        r = try runCLI(["convert", Self.demo, "-o", dir.file("edges.csv")])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("edge list"))
        let (fromEdges, _) = try GraphLoader.load(path: dir.file("edges.csv"))
        func ends(_ n: SanctionsNetwork) -> [String] {
            (0 ..< UInt32(n.tieCount)).filter { n.tieKind($0) != .sectorMembership }
                .map { "\(n.id(of: n.graph.source(of: $0)))→\(n.id(of: n.graph.target(of: $0))) \(n.share($0))" }.sorted()
        }
        #expect(ends(fromEdges) == ends(original))

        // FtM → DOT: the whole-graph diagram's text, coloured by the rule.
        r = try runCLI(["convert", Self.demo, "-o", dir.file("demo.dot"), "--rule", "ofac", "--as-of", "2026-11-29"])
        #expect(r.status == 0, "\(r.stderr)")
        let dot = try String(contentsOfFile: dir.file("demo.dot"), encoding: .utf8)
        #expect(dot.hasPrefix("digraph"))
        #expect(dot.contains("\"p-viktor-stolnik\"") && dot.contains("status-designated"))
    }

    @Test func dotHonoursTheSizeLimit() throws {
        let dir = try TempDir("convert-dot")
        defer { dir.remove() }
        let r = try runCLI(["convert", Self.demo, "-o", dir.file("demo.dot"), "--max-entities", "10"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("more than the 10"))
        #expect(r.stderr.contains("--max-entities"))
        #expect(!FileManager.default.fileExists(atPath: dir.file("demo.dot")))
    }

    @Test func unknownExtensionsAreRefusedClearly() throws {
        let dir = try TempDir("convert-bad")
        defer { dir.remove() }
        var r = try runCLI(["convert", Self.demo, "-o", dir.file("demo.xlsx")])
        #expect(r.status != 0)
        #expect(r.stderr.contains("cannot tell the output format") && r.stderr.contains(".xlsx") && r.stderr.contains(".graphml"))
        #expect(!FileManager.default.fileExists(atPath: dir.file("demo.xlsx")))
        r = try runCLI(["convert", Self.demo, "-o", dir.file("entities.csv")])
        #expect(r.status != 0)
        #expect(r.stderr.contains("give the folder"))
        r = try runCLI(["convert", Self.demo, "-o", dir.file("x.graphml"), "--rule", "fatf"])
        #expect(r.status != 0)
        #expect(r.stderr.contains("'fatf' is invalid for '--rule <rule>'") && r.stderr.contains("'custom'"), "\(r.stderr)")
    }

    @Test func badInputStopsWithItsLineUnlessLenient() throws {
        let dir = try TempDir("convert-lenient")
        defer { dir.remove() }
        let input = try dir.write("bad.ftm.json", [
            ftm("a", "Person", ["name": ["A"]]), ftm("b", "Company", ["name": ["B"]]),
            ftm("o1", "Ownership", ["owner": ["a"], "asset": ["b"], "percentage": ["140"]]),
            ftm("o2", "Ownership", ["owner": ["a"], "asset": ["b"], "percentage": ["40"]]),
        ].joined(separator: "\n") + "\n")
        var r = try runCLI(["convert", input, "-o", dir.file("out.graphml")])
        #expect(r.status == 1)
        #expect(r.stderr.contains("bad.ftm.json:3") && r.stderr.contains("--lenient"))
        r = try runCLI(["convert", input, "-o", dir.file("out.graphml"), "--lenient"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("bad.ftm.json:3") && r.stderr.contains("the tie is kept"), "\(r.stderr)")
        let (network, _) = try GraphMLReader.load(path: dir.file("out.graphml"))
        #expect(network.tieCount == 2, "--lenient never turns an unreadable share into no tie")
    }
}
