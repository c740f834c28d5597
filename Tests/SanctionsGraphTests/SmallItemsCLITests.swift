import Foundation
import Testing
import TestKit
import SanctionsGraph

/// The smaller items of #11 §7, end to end.
@Suite(.serialized) struct SmallItemsCLITests {
    /// A network whose names hold a newline, a right-to-left override and Cyrillic, with an
    /// address and a passport record the graph does not model.
    static func oddNames() throws -> (TempDir, String) {
        let dir = try TempDir("odd")
        let path = try dir.write("odd.ftm.json", #"""
            {"id":"p1","schema":"Person","properties":{"name":["Ivan\nEvil"]}}
            {"id":"c1","schema":"Company","properties":{"name":["Acme \u202Eevil"]}}
            {"id":"c2","schema":"Company","properties":{"name":["Газпром"]}}
            {"id":"o1","schema":"Ownership","properties":{"owner":["p1"],"asset":["c1"],"percentage":["60"]}}
            {"id":"o2","schema":"Ownership","properties":{"owner":["c1"],"asset":["c2"],"percentage":["60"]}}
            {"id":"a1","schema":"Address","properties":{"full":["1 Main St"]}}
            {"id":"a2","schema":"Address","properties":{"full":["2 Main St"]}}
            {"id":"pp1","schema":"Passport","properties":{"holder":["p1"],"number":["123"]}}
            {"id":"s1","schema":"Sanction","datasets":["us_ofac_sdn"],"properties":{"entity":["p1"],"authority":["OFAC"],"startDate":["2020-01-01"]}}

            """#)
        return (dir, path)
    }

    @Test func textOutputEscapesNewlinesAndBidiControlsInNames() throws {
        let (dir, path) = try Self.oddNames()
        defer { dir.remove() }
        let commands: [[String]] = [
            ["blocked", path, "--rule", "ofac", "--as-of", "2024-01-01"],
            ["explain", path, "c2", "--rule", "ofac", "--as-of", "2024-01-01"],
            ["search", path, "evil"],
            ["centrality", path, "--measure", "pagerank"],
            ["components", path],
            ["path", path, "p1", "c2"],
            ["owners", path, "c2"],
            ["rank", path, "--rule", "ofac", "--as-of", "2024-01-01"],
            ["free", path, "c2", "--rule", "ofac", "--as-of", "2024-01-01"],
        ]
        for arguments in commands {
            let result = try runCLI(arguments)
            #expect(result.status == 0, "\(arguments[0]): \(result.stderr)")
            #expect(!result.stdout.contains("\u{202E}"), "\(arguments[0]) printed a raw U+202E")
            #expect(!result.stdout.split(separator: "\n").contains { $0.hasPrefix("Evil") }, "\(arguments[0]) broke a line inside a name")
            #expect(result.stdout.contains("Ivan\\nEvil") || result.stdout.contains("Acme \\u{202E}evil"), "\(arguments[0]): \(result.stdout)")
        }
        let blocked = try runCLI(["blocked", path, "--rule", "ofac", "--as-of", "2024-01-01"]).stdout
        #expect(blocked.contains("Ivan\\nEvil [p1]"))
        #expect(blocked.contains("Acme \\u{202E}evil [c1]"))
        #expect(blocked.contains("Газпром [c2]"))
        // JSON keeps its own escaping, unchanged.
        let json = try runCLI(["blocked", path, "--rule", "ofac", "--as-of", "2024-01-01", "--format", "json"]).stdout
        #expect(json.contains(#""Ivan\nEvil""#))
    }
}

extension SmallItemsCLITests {
    @Test func infoCountsRecordsNotModelledBySchema() throws {
        let (dir, path) = try Self.oddNames()
        defer { dir.remove() }
        let text = try runCLI(["info", path, "--as-of", "2024-01-01"])
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.contains("records not modelled (counted, not in the graph), by schema: 3\n  Address              2\n  Passport             1\n"), "\(text.stdout)")
        let json = try runCLI(["info", path, "--as-of", "2024-01-01", "--format", "json"])
        let object = try #require(try JSONSerialization.jsonObject(with: json.stdoutData) as? [String: Any])
        #expect(object["notModelled"] as? [String: Int] == ["Address": 2, "Passport": 1])
        // A file with none shows no such section.
        let plain = try runCLI(["info", "Graphs/demo-rare-earths.ftm.json", "--as-of", "2024-07-01"])
        #expect(!plain.stdout.contains("not modelled"))
    }

    @Test func warningsCountWarningsNotListHeaders() throws {
        let dir = try TempDir("warn")
        defer { dir.remove() }
        let path = try dir.write("bad.ftm.json", #"""
            {"id":"a","schema":"Company","properties":{"name":["A"]}}
            {"id":"b","schema":"Company","properties":{
            {"id":"c"
            {"id":"t","schema":"Ownership","properties":{"owner":["zz"],"asset":["a"]}}

            """#)
        let result = try runCLI(["info", path, "--lenient", "--as-of", "2024-01-01"])
        #expect(result.status == 0, "\(result.stderr)")
        // Two skipped records and one dropped tie: 3 warnings, under 2 headers (5 lines).
        #expect(result.stdout.contains("warnings: 3\n  skipped 2 bad records (--lenient):"), "\(result.stdout)")
        let json = try runCLI(["info", path, "--lenient", "--as-of", "2024-01-01", "--format", "json"])
        let object = try #require(try JSONSerialization.jsonObject(with: json.stdoutData) as? [String: Any])
        #expect(object["warningCount"] as? Int == 3)
        #expect((object["warnings"] as? [String])?.count == 5)
    }
}

extension SmallItemsCLITests {
    @Test func rulesOnGraphMLSayItHoldsNoDesignations() throws {
        let dir = try TempDir("gml")
        defer { dir.remove() }
        let graphML = dir.file("demo.graphml")
        let convert = try runCLI(["convert", "Graphs/demo-rare-earths.ftm.json", "-o", graphML, "--as-of", "2024-07-01"])
        #expect(convert.status == 0, "\(convert.stderr)")
        for arguments in [["blocked", graphML, "--rule", "uk", "--as-of", "2024-07-01"],
                          ["rank", graphML, "--rule", "ofac", "--as-of", "2024-07-01"]] {
            let result = try runCLI(arguments)
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stderr.contains("warning: \(graphML) holds no designations"), "\(arguments[0]): \(result.stderr)")
            #expect(result.stderr.contains("GraphML does not carry designations"))
        }
        let info = try runCLI(["info", graphML, "--as-of", "2024-07-01"])
        #expect(info.stdout.contains("entities are marked designated, but GraphML does not carry designations"), "\(info.stdout)")
        // The FtM file it came from draws no such warning.
        let ftm = try runCLI(["blocked", "Graphs/demo-rare-earths.ftm.json", "--rule", "uk", "--as-of", "2024-07-01"])
        #expect(!ftm.stderr.contains("holds no designations"))
    }
}

extension SmallItemsCLITests {
    /// Standard error escapes names too: a file name with a bidi override or a carriage
    /// return in an error message, an entity id that is not found.
    @Test func errorsAndWarningsEscapeNames() throws {
        let dir = try TempDir("odd-stderr")
        defer { dir.remove() }
        let missing = dir.file("x\u{202E}nosj.json")
        let r1 = try runCLI(["info", missing])
        #expect(r1.status == 1)
        #expect(!r1.stderr.contains("\u{202E}") && r1.stderr.contains("x\\u{202E}nosj.json"), "\(r1.stderr)")
        let r2 = try runCLI(["explain", "Graphs/ofac-guidance/faq401-ex1.ftm.json", "no\rsuch", "--rule", "ofac"])
        #expect(r2.status != 0)
        #expect(!r2.stderr.contains("\r") && r2.stderr.contains("no\\rsuch"), "\(r2.stderr)")
    }

    /// Columns stay aligned when a name in them is shown escaped.
    @Test func paddedColumnsAreMeasuredAsShown() {
        let padded = "a\u{202E}b".padding(to: 12)
        #expect(padded == "a\\u{202E}b  ")
        #expect(padded.count == 12)
        #expect("Газпром".padding(to: 9) == "Газпром  ")
    }
}
