import Foundation
import Testing
import TestKit
import SanctionsGraph

/// `sanctions-graph` end to end: the built executable, run as a user would.
@Suite(.serialized) struct CLITests {
    @Test func theExecutableIsFound() throws {
        let folder = try #require(productsDirectory(containing: "sanctions-graph"))
        #expect(FileManager.default.isExecutableFile(atPath: folder.appendingPathComponent("sanctions-graph").path))
    }

    @Test func infoAsJSONHasTheRequiredKeys() throws {
        let result = try runCLI(["info", "Graphs/demo-rare-earths.ftm.json", "--format", "json", "--as-of", "2024-07-01"])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: result.stdoutData) as? [String: Any], "\(result.stdout)")
        for key in ["entities", "ties", "designations", "components", "largestComponent", "warnings"] {
            #expect(object[key] != nil, "missing key \(key)")
        }
        let entities = try #require(object["entities"] as? [String: Int])
        #expect(entities["Person"] == 23)
        #expect(entities["Company"] == 45)
        #expect((object["ties"] as? [String: Int])?["Ownership"] == 70)
        #expect(object["asOf"] as? String == "2024-07-01")
        #expect((object["warnings"] as? [String]) == [])
        let designations = try #require(object["designations"] as? [String: Int])
        #expect(Set(designations.keys).isSuperset(of: ["us", "eu", "gb"]))
    }

    @Test func infoAsOfChangesWhatIsInForce() throws {
        let before = try runCLI(["info", "Graphs/en-plus-2019.ftm.json", "--format", "json", "--as-of", "2018-06-01"])
        let after = try runCLI(["info", "Graphs/en-plus-2019.ftm.json", "--format", "json", "--as-of", "2019-02-01"])
        #expect(before.status == 0 && after.status == 0)
        let b = try JSONSerialization.jsonObject(with: before.stdoutData) as? [String: Any]
        let a = try JSONSerialization.jsonObject(with: after.stdoutData) as? [String: Any]
        let usBefore = (b?["designations"] as? [String: Int])?["us"] ?? 0
        let usAfter = (a?["designations"] as? [String: Int])?["us"] ?? 0
        #expect(usBefore > usAfter, "En+, Rusal and EuroSibEnergo were delisted on 2019-01-27")
    }

    @Test func infoTextIsTheDefault() throws {
        let result = try runCLI(["info", "Graphs/ofac-guidance/faq401-ex1.ftm.json", "--as-of", "2024-01-01"])
        #expect(result.status == 0)
        #expect(result.stdout.hasPrefix("as of 2024-01-01"))
        #expect(result.stdout.contains("entities: 3"))
    }

    static func malformedFile() throws -> (TempDir, String) {
        let dir = try TempDir("cli")
        let path = try dir.write("bad.ftm.json", [
            ftm("p", "Person", ["name": ["Anna"]]),
            #"{"id": "c", "schema": "Company", "properties": {"name": ["Corp"]"#,
            ftm("q", "Person"),
        ].joined(separator: "\n") + "\n")
        return (dir, path)
    }

    @Test func infoOnAMalformedFileFailsNamingFileAndLine() throws {
        let (dir, path) = try Self.malformedFile()
        defer { dir.remove() }
        let result = try runCLI(["info", path, "--format", "json"])
        #expect(result.status != 0)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("\(path):2:"), "\(result.stderr)")
        #expect(result.stderr.contains("malformed JSON"))
        #expect(result.stderr.contains("--lenient"), "it says how to go on")
    }

    @Test func lenientInfoSucceedsAndReportsTheSkippedCount() throws {
        let (dir, path) = try Self.malformedFile()
        defer { dir.remove() }
        let result = try runCLI(["info", path, "--format", "json", "--lenient"])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try JSONSerialization.jsonObject(with: result.stdoutData) as? [String: Any]
        let warnings = try #require(object?["warnings"] as? [String])
        #expect(warnings.first == "skipped 1 bad record (--lenient):")
        #expect(warnings.contains { $0.contains("\(path):2:") })
        #expect((object?["entities"] as? [String: Int])?["Person"] == 2)
    }

    @Test func infoOnMissingOrEmptyInputFails() throws {
        let dir = try TempDir("cli-empty")
        defer { dir.remove() }
        let empty = try dir.write("empty.json", "\n")
        let r1 = try runCLI(["info", empty])
        #expect(r1.status != 0)
        #expect(r1.stderr.contains("empty"))
        let r2 = try runCLI(["info", dir.file("missing.json")])
        #expect(r2.status != 0)
        #expect(r2.stderr.contains("missing.json"))
        let r3 = try runCLI(["info", "Graphs/demo-rare-earths.ftm.json", "--as-of", "yesterday"])
        #expect(r3.status != 0)
        #expect(r3.stderr.contains("as-of"))
    }

    @Test func generateIsDeterministic() throws {
        let dir = try TempDir("cli-gen")
        defer { dir.remove() }
        let a = dir.file("a.ftm.json"), b = dir.file("b.ftm.json")
        let r1 = try runCLI(["generate", "--entities", "500", "--seed", "3", "-o", a])
        let r2 = try runCLI(["generate", "--entities", "500", "--seed", "3", "-o", b])
        #expect(r1.status == 0 && r2.status == 0, "\(r1.stderr)")
        let da = try Data(contentsOf: URL(fileURLWithPath: a)), db = try Data(contentsOf: URL(fileURLWithPath: b))
        #expect(da == db)
        #expect(da.count > 10_000)
        #expect(r1.stderr.contains("500 entities"))
        let r3 = try runCLI(["generate", "--entities", "500", "--seed", "4", "-o", dir.file("c.ftm.json")])
        #expect(r3.status == 0)
        #expect(try Data(contentsOf: URL(fileURLWithPath: dir.file("c.ftm.json"))) != da)
        // The file reads back cleanly.
        let info = try runCLI(["info", a, "--format", "json", "--as-of", "2024-01-01"])
        #expect(info.status == 0, "\(info.stderr)")
        let object = try JSONSerialization.jsonObject(with: info.stdoutData) as? [String: Any]
        #expect((object?["entities"] as? [String: Int])?["Person"] == 75)
        #expect((object?["warnings"] as? [String]) == [])
    }

    @Test func generateToStandardOutputMatchesTheFile() throws {
        let dir = try TempDir("cli-gen-stdout")
        defer { dir.remove() }
        let file = dir.file("g.json")
        _ = try runCLI(["generate", "--entities", "50", "--seed", "2", "-o", file])
        let piped = try runCLI(["generate", "--entities", "50", "--seed", "2", "-o", "-"])
        #expect(piped.status == 0)
        #expect(piped.stdoutData == (try Data(contentsOf: URL(fileURLWithPath: file))))
    }

    @Test func generateRejectsABadCount() throws {
        let result = try runCLI(["generate", "--entities", "1", "-o", "/dev/null"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("--entities"))
    }

    @Test func infoHelpMentionsItsOptions() throws {
        let result = try runCLI(["info", "--help"])
        #expect(result.status == 0)
        for option in ["--as-of", "--format", "--lenient", "--max-record-mb"] {
            #expect(result.stdout.contains(option), "\(option) missing from help")
        }
        let top = try runCLI(["--help"])
        #expect(top.stdout.contains("info") && top.stdout.contains("generate"))
    }

    @Test func maxRecordMBStopsAtOneGiB() throws {
        let result = try runCLI(["info", "Graphs/ofac-guidance/faq401-ex1.ftm.json", "--max-record-mb", "2048"])
        #expect(result.status == 64 && result.stderr.contains("--max-record-mb must be between 1 and 1024"), "\(result.stderr)")
        #expect(try runCLI(["info", "Graphs/ofac-guidance/faq401-ex1.ftm.json", "--max-record-mb", "1024"]).status == 0)
    }
}
