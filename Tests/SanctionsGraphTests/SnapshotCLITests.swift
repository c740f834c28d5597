import Foundation
import Testing
import TestKit

/// `sanctions-graph snapshot`, and every command on a snapshot: the same output, byte for
/// byte, as on the file it was made from.
@Suite struct SnapshotCLITests {
    /// Every command's questions, with GRAPH where the graph goes.
    static let questions: [[String]] = [
        ["blocked", "GRAPH", "--rule", "ofac", "--as-of", "2026-11-29", "--format", "csv"],
        ["blocked", "GRAPH", "--rule", "eu", "--as-of", "2026-11-29", "--format", "json"],
        ["blocked", "GRAPH", "--rule", "uk", "--as-of", "2026-11-29", "--format", "ftm"],
        ["blocked", "GRAPH", "--rule", "uk", "--as-of", "2019-01-01"],
        ["explain", "GRAPH", "Polar Magnet Alloys LLC", "--rule", "uk", "--as-of", "2026-11-29", "--format", "json"],
        ["relief", "GRAPH", "--rule", "ofac", "--as-of", "2026-11-29", "--delist", "p-viktor-stolnik", "--format", "json"],
        ["rank", "GRAPH", "--by", "relief", "--rule", "uk", "--as-of", "2026-11-29", "--format", "csv"],
        ["free", "GRAPH", "Taiga Nickel Trading AG", "--rule", "ofac", "--as-of", "2026-11-29"],
        ["owners", "GRAPH", "v-kara-sea-trader", "--as-of", "2026-11-29"],
        ["path", "GRAPH", "p-viktor-stolnik", "v-kara-sea-trader"],
        ["centrality", "GRAPH", "--measure", "pagerank", "--format", "csv"],
        ["components", "GRAPH"],
        ["search", "GRAPH", "Stolnik"],
        ["render", "GRAPH", "--focus", "p-viktor-stolnik", "--depth", "1", "--rule", "uk", "--as-of", "2026-11-29", "-o", "OUT.svg"],
        ["info", "GRAPH", "--as-of", "2026-11-29", "--format", "json"],
    ]

    @Test func everyCommandAnswersTheSameFromASnapshot() throws {
        let dir = try TempDir("snap-cli")
        defer { dir.remove() }
        let demo = "Graphs/demo-rare-earths.ftm.json", snapshot = dir.file("demo.sgraph")
        let made = try runCLI(["snapshot", demo, "-o", snapshot])
        #expect(made.status == 0, "\(made.stderr)")
        #expect(made.stderr.contains("wrote \(snapshot): 81 entities"))
        for question in Self.questions {
            let fromFtM = try runCLI(question.map { $0 == "GRAPH" ? demo : $0 == "OUT.svg" ? dir.file("ftm.svg") : $0 })
            let fromSnapshot = try runCLI(question.map { $0 == "GRAPH" ? snapshot : $0 == "OUT.svg" ? dir.file("snapshot.svg") : $0 })
            #expect(fromFtM.status == fromSnapshot.status, "\(question)")
            if question[0] == "info" {
                // info says where the snapshot came from; the rest is the same.
                var a = try JSONSerialization.jsonObject(with: fromFtM.stdoutData) as! [String: Any]
                var b = try JSONSerialization.jsonObject(with: fromSnapshot.stdoutData) as! [String: Any]
                let provenance = try #require(b.removeValue(forKey: "snapshot") as? [String: Any])
                a.removeValue(forKey: "snapshot")
                #expect(NSDictionary(dictionary: a).isEqual(to: b))
                let sources = try #require(provenance["sources"] as? [[String: Any]])
                #expect(sources.first?["path"] as? String == demo && (sources.first?["sha256"] as? String)?.count == 64)
                #expect((provenance["sections"] as? [Any])?.count == 64)
            } else if question[0] == "render" {
                let a = try Data(contentsOf: URL(fileURLWithPath: dir.file("ftm.svg")))
                let b = try Data(contentsOf: URL(fileURLWithPath: dir.file("snapshot.svg")))
                #expect(a.count > 1000 && a == b)
            } else {
                #expect(fromFtM.stdoutData == fromSnapshot.stdoutData, "\(question)")
                #expect(!fromFtM.stdoutData.isEmpty, "\(question)")
            }
        }
    }

    @Test func snapshotsAreNamedSgraphAndDamageIsAnErrorNamingTheSection() throws {
        let dir = try TempDir("snap-cli-bad")
        defer { dir.remove() }
        let wrongName = try runCLI(["snapshot", "Graphs/demo-rare-earths.ftm.json", "-o", dir.file("demo.bin")])
        #expect(wrongName.status != 0 && wrongName.stderr.contains(".sgraph"))
        let convert = try runCLI(["convert", "Graphs/demo-rare-earths.ftm.json", "-o", dir.file("demo.sgraph")])
        #expect(convert.status != 0 && convert.stderr.contains("sanctions-graph snapshot"))

        let path = dir.file("demo.sgraph")
        #expect(try runCLI(["snapshot", "Graphs/demo-rare-earths.ftm.json", "-o", path]).status == 0)
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        bytes[bytes.count / 2] ^= 0xFF
        let damaged = try dir.write("damaged.sgraph", bytes: bytes)
        let r = try runCLI(["blocked", damaged, "--rule", "ofac"])
        #expect(r.status == 1 && r.stdout.isEmpty)
        #expect(r.stderr.contains("error: \(damaged): not a usable snapshot: section ") && r.stderr.contains("checksum mismatch"), "\(r.stderr)")
        // --no-verify skips the checksums (the header and table are always checked).
        let header = try dir.write("header.sgraph", bytes: [UInt8](bytes.prefix(20)) + [UInt8](repeating: 0, count: 10))
        let h = try runCLI(["info", header, "--no-verify"])
        #expect(h.status == 1 && h.stderr.contains("truncated"), "\(h.stderr)")
    }

    @Test func convertingASnapshotToFtMSaysWhatItDoesNotCarry() throws {
        let dir = try TempDir("snap-cli-convert")
        defer { dir.remove() }
        let path = dir.file("cluster.sgraph")
        #expect(try runCLI(["snapshot", "Graphs/opensanctions-cluster.ftm.json", "-o", path]).status == 0)
        let r = try runCLI(["convert", path, "-o", dir.file("back.ftm.json")])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("not carried"), "\(r.stderr)")
    }
}
