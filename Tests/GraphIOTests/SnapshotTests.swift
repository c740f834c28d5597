import Foundation
import Testing
import TestOracles
import TestKit
@testable import GraphIO
import GraphCore
import SanctionsModel
import Platform

/// Snapshots (docs/snapshot.md): what goes in comes out, and a damaged, truncated, empty,
/// foreign or other-version file is refused naming what is wrong, never read wrongly.
@Suite struct SnapshotTests {
    static let graphs = ["Graphs/demo-rare-earths.ftm.json", "Graphs/en-plus-2019.ftm.json", "Graphs/opensanctions-cluster.ftm.json"]

    /// Loads `file`, writes it as a snapshot into `dir`, and returns the original and the path.
    static func snapshot(of file: String, in dir: TempDir, options: ReadOptions = ReadOptions()) throws -> (SanctionsNetwork, ReadReport, String) {
        let source = file.hasPrefix("/") ? file : repoRoot() + "/" + file
        let (network, report) = try GraphLoader.load(path: source, options: options)
        let path = dir.file("graph.sgraph")
        try Snapshot.write(network, report: report, sources: Snapshot.sources(of: report.files), to: path)
        return (network, report, path)
    }

    @Test(arguments: graphs)
    func aSnapshotHoldsTheSameNetwork(_ file: String) throws {
        let dir = try TempDir("snap")
        defer { dir.remove() }
        let (original, report, path) = try Self.snapshot(of: file, in: dir)
        for verify in [true, false] {
            var options = ReadOptions()
            options.verifySnapshot = verify
            let (copy, copyReport) = try Snapshot.open(path: path, options: options)
            #expect(GraphSnapshot(original).difference(from: GraphSnapshot(copy)) == nil)
            #expect(copy.designations == original.designations, "classification, knownSince and order kept")
            #expect(copy.exportDate == original.exportDate)
            #expect(copy.sourceRegistry.version == original.sourceRegistry.version)
            #expect(copy.sourceRegistry.entries == original.sourceRegistry.entries)
            #expect(copy.referents.map(\.id) == original.referents.map(\.id))
            #expect(copyReport.notices == report.notices && copyReport.warningCount == report.warningCount)
            #expect(copyReport.ignoredSchemas == report.ignoredSchemas && copyReport.records == report.records)
            // Look-ups by id go through the stored hash index.
            for v in stride(from: 0, to: UInt32(original.entityCount), by: 7) {
                #expect(copy.node(id: original.id(of: v)) == v)
            }
            #expect(copy.memoryFootprint < original.memoryFootprint / 4, "the columns are the file's, not copies")
            let info = try #require(copyReport.snapshot)
            #expect(info.verified == verify && !info.reclassified)
            #expect(info.sources.count == 1 && info.sources[0].bytes > 0 && info.sources[0].sha256.count == 64)
        }
    }

    /// A network without ties whose tie records were read and then dropped (dangling, lenient),
    /// and one assembled with an empty tie id table: both write a snapshot that opens.
    @Test func aNetworkWithoutTiesOpens() throws {
        let dir = try TempDir("snap-noties")
        defer { dir.remove() }
        let ftm = try dir.write("dangling.ftm.json", """
            {"id": "p1", "schema": "Person", "properties": {"name": ["A"]}}
            {"id": "o1", "schema": "Ownership", "properties": {"owner": ["p1"], "asset": ["gone"], "percentage": ["60"]}}
            {"id": "o2", "schema": "Ownership", "properties": {"owner": ["gone"], "asset": ["p1"], "percentage": ["10"]}}

            """)
        let (original, report, path) = try Self.snapshot(of: ftm, in: dir, options: ReadOptions(lenient: true))
        #expect(original.tieCount == 0 && report.danglingCount > 0)
        let (copy, _) = try Snapshot.open(path: path)
        #expect(copy.tieCount == 0 && copy.entityCount == original.entityCount)
        let assembled = SanctionsNetwork(graph: Graph(), ids: StringTable(), strings: StringTable(), kinds: [], schemas: [],
                                         names: MultiValueColumn(empty: 0), aliases: MultiValueColumn(empty: 0),
                                         countries: MultiValueColumn(empty: 0), topics: MultiValueColumn(empty: 0),
                                         sectors: MultiValueColumn(empty: 0), tieIDs: [], tieIDTable: StringTable(), tieDetails: [],
                                         designations: [])
        let empty = dir.file("empty.sgraph")
        try Snapshot.write(assembled, report: ReadReport(), sources: [], to: empty)
        #expect(try Snapshot.open(path: empty).0.entityCount == 0)
    }

    @Test func theSameNetworkGivesTheSameBytesAndTheHashIsSHA256() throws {
        let dir = try TempDir("snap-det")
        defer { dir.remove() }
        let (network, report, path) = try Self.snapshot(of: Self.graphs[0], in: dir)
        let second = dir.file("again.sgraph")
        try Snapshot.write(network, report: report, sources: Snapshot.sources(of: report.files), to: second)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == Data(contentsOf: URL(fileURLWithPath: second)))
        // The digest of "abc" and of the empty message (FIPS 180-4's examples).
        let abc = try dir.write("abc", "abc"), empty = try dir.write("empty", "")
        #expect(Snapshot.sources(of: [abc])[0].sha256 == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(Snapshot.sources(of: [empty])[0].sha256 == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        // 1,000,000 × "a" crosses many blocks.
        let million = try dir.write("a", String(repeating: "a", count: 1_000_000))
        #expect(Snapshot.sources(of: [million])[0].sha256 == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test func sourcesGivenAtOpeningClassifyTheListingsAgain() throws {
        let dir = try TempDir("snap-src")
        defer { dir.remove() }
        let (_, _, path) = try Self.snapshot(of: Self.graphs[0], in: dir)
        let rows = "match\tkey\tjurisdiction\tmeasure\tlabel\tcitation\nauthority\tOffice of Foreign Assets Control\tus\ttravel-ban\ttest\t-\n"
        var registry = SourceRegistry.builtIn
        try registry.add(tsv: rows, origin: try dir.write("rows.tsv", rows))
        var options = ReadOptions()
        options.sources = registry
        let (fromFtM, _) = try FtMReader.load(path: repoRoot() + "/" + Self.graphs[0], options: options)
        let (reopened, report) = try Snapshot.open(path: path, options: options)
        #expect(report.snapshot?.reclassified == true)
        #expect(reopened.designations == fromFtM.designations)
        #expect(reopened.designations.contains { $0.measure == .travelBan })
        let (plain, _) = try Snapshot.open(path: path)
        #expect(!plain.designations.contains { $0.measure == .travelBan }, "without --sources the recorded classification stays")
    }

    // MARK: - Refusals

    /// The problem opening `bytes` as a snapshot reports.
    static func problem(_ bytes: [UInt8], verify: Bool = true) throws -> (section: String?, detail: String)? {
        let dir = try TempDir("snap-bad")
        defer { dir.remove() }
        let path = try dir.write("bad.sgraph", bytes: bytes)
        var options = ReadOptions()
        options.verifySnapshot = verify
        do {
            _ = try Snapshot.open(path: path, options: options)
            return nil
        } catch {
            #expect(error.file == path && error.line == nil)
            guard case .badSnapshot(let section, let detail) = error.problem else {
                Issue.record("expected badSnapshot, got \(error)")
                return nil
            }
            #expect(error.description.hasPrefix(path + ": not a usable snapshot: "))
            return (section, detail)
        }
    }

    static func demoBytes() throws -> [UInt8] {
        let dir = try TempDir("snap-demo")
        defer { dir.remove() }
        let (_, _, path) = try snapshot(of: graphs[0], in: dir)
        return [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
    }

    static func entries(_ bytes: [UInt8]) throws -> [SnapshotReader.Entry] {
        let dir = try TempDir("snap-entries")
        defer { dir.remove() }
        let path = try dir.write("x.sgraph", bytes: bytes)
        return try SnapshotReader(file: MappedFile(path: path), path: path, options: ReadOptions()).sectionTable()
    }

    @Test func emptyForeignAndOtherVersionFilesAreRefused() throws {
        #expect(try Self.problem([])?.detail == "the file is empty")
        let json = try #require(try Self.problem(Array("{\"id\": \"x\", \"schema\": \"Person\"}\n".utf8)))
        #expect(json.detail.contains("not a SanctionsGraph snapshot") && json.detail.contains("looks like JSON"))
        let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + [UInt8](repeating: 7, count: 100)
        #expect(try Self.problem(png)?.detail.contains("not a SanctionsGraph snapshot") == true)
        var other = try Self.demoBytes()
        other[8] = 1   // version 1, before listings kept all their programs
        let version = try #require(try Self.problem(other))
        #expect(version.detail.contains("format version 1") && version.detail.contains("reads version 3"))
        other[8] = 2   // version 2, before weights, validity and qualifiers were coded
        #expect(try Self.problem(other)?.detail.contains("format version 2") == true)
        other[8] = 4   // a later version
        #expect(try Self.problem(other)?.detail.contains("format version 4") == true)
    }

    @Test func truncatedAndExtendedFilesAreRefused() throws {
        let bytes = try Self.demoBytes()
        let sections = try Self.entries(bytes)
        var cuts = [1, 8, 40, 63, 64, 65, 64 + 64 * 3, bytes.count - 1]
        cuts += sections.filter { $0.length > 2 }.map { $0.offset + $0.length / 2 }
        for cut in cuts {
            let found = try #require(try Self.problem(Array(bytes[..<cut])), "cut at \(cut)")
            #expect(found.detail.contains("truncated") || found.detail.contains("shorter"), "cut at \(cut): \(found)")
        }
        let longer = try #require(try Self.problem(bytes + [0, 0, 0]))
        #expect(longer.detail.contains("past the end"))
    }

    @Test func aFlippedByteAnywhereIsFoundAndNamed() throws {
        let bytes = try Self.demoBytes()
        let sections = try Self.entries(bytes)
        #expect(sections.count == 64, "\(sections.map(\.name))")
        // In each section: its first, middle and last byte.
        for s in sections where s.length > 0 {
            for at in Set([s.offset, s.offset + s.length / 2, s.offset + s.length - 1]) {
                var damaged = bytes
                damaged[at] ^= 0x10
                let found = try #require(try Self.problem(damaged), "\(s.name) byte \(at)")
                #expect(found.section == s.name && found.detail.contains("checksum mismatch"), "\(s.name): \(found)")
            }
        }
        // In the header, the table and the padding.
        var header = bytes
        header[20] ^= 1
        #expect(try Self.problem(header)?.section == "header")
        var table = bytes
        table[64 + 64 + 3] ^= 1
        #expect(try Self.problem(table)?.section == "table")
        let gap = try #require(sections.first { SnapshotFormat.aligned($0.offset + $0.length) > $0.offset + $0.length })
        var padding = bytes
        padding[gap.offset + gap.length] = 1
        let found = try #require(try Self.problem(padding))
        #expect(found.section == gap.name && found.detail.contains("padding"))
        // Without verification a damaged column is not looked at, but the header and table still are.
        #expect(try Self.problem(header, verify: false)?.section == "header")
    }

    /// `bytes` with section `name` changed by `change`, every checksum recomputed: a
    /// consistent file whose content is wrong.
    static func forged(_ bytes: [UInt8], section name: String, _ change: (inout [UInt8], Int) -> Void) throws -> [UInt8] {
        var out = bytes
        let sections = try entries(bytes)
        let index = try #require(sections.firstIndex { $0.name == name })
        let s = sections[index]
        change(&out, s.offset)
        func checksum(_ range: Range<Int>) -> UInt64 { out[range].withUnsafeBytes { SnapshotChecksum.of($0) } }
        func put(_ value: UInt64, at offset: Int) {
            withUnsafeBytes(of: value.littleEndian) { for (i, b) in $0.enumerated() { out[offset + i] = b } }
        }
        let entry = 64 + 64 * index
        put(checksum(s.offset ..< s.offset + s.length), at: entry + 48)
        put(checksum(64 ..< 64 + 64 * sections.count), at: 24)
        put(checksum(0 ..< 32), at: 32)
        return out
    }

    @Test func forgedFlipsInEverySectionNeverStopTheProcess() throws {
        // The structure checks run beside the checksums (on the other core), so they see
        // damaged bytes too: whatever a section holds, opening either succeeds or refuses.
        let bytes = try Self.demoBytes()
        var random = SplitMix64(seed: 12)
        for s in try Self.entries(bytes) where s.length > 0 {
            for _ in 0 ..< 24 {
                let at = Int(random.next() % UInt64(s.length)), bit = UInt8(1) << UInt8(random.next() % 8)
                let forged = try Self.forged(bytes, section: s.name) { b, offset in b[offset + at] ^= bit }
                if let found = try Self.problem(forged) { #expect(found.section != nil, "\(s.name) byte \(at): \(found)") }
            }
        }
    }

    @Test func consistentButWrongContentIsRefusedByTheStructureChecks() throws {
        let bytes = try Self.demoBytes()
        func u32(_ v: UInt32, at: Int) -> (inout [UInt8], Int) -> Void {
            { b, offset in withUnsafeBytes(of: v.littleEndian) { for (i, x) in $0.enumerated() { b[offset + at * 4 + i] = x } } }
        }
        let cases: [(String, (inout [UInt8], Int) -> Void)] = [
            ("graph.edgeTarget", u32(999_999, at: 3)),
            ("graph.inSources", u32(0, at: 40)),
            ("graph.outOffsets", u32(1_000, at: 2)),
            ("graph.inEdgeIDs", u32(0, at: 5)),
            ("entities.kind", { b, offset in b[offset + 2] = 200 }),
            ("entities.schema", u32(1 << 30, at: 0)),
            ("names.values.table", u32(1 << 30, at: 1)),
            ("ids.offsets", u32(1 << 30, at: 3)),
            ("designations", u32(1 << 30, at: 1)),
            // A code past its table (the demo's weights are coded in bytes, its table short).
            ("graph.edgeWeight", { b, offset in b[offset + 1] = 255 }),
            ("ties.detail", { b, offset in b[offset] = 255 }),
        ]
        for (name, change) in cases {
            let forged = try Self.forged(bytes, section: name, change)
            let found = try #require(try Self.problem(forged), "\(name)")
            #expect(found.section?.hasPrefix(name.split(separator: ".")[0] + (name.contains(".") ? "." : "")) == true, "\(name): \(found)")
        }
        // A list in the at-most-one layout whose ranks do not count its presence bits.
        let sections = try Self.entries(bytes)
        let ranked = try #require(sections.first { $0.name.hasSuffix(".ranks") && $0.length >= 8 }, "a list of at most one value per entity")
        let forged = try Self.forged(bytes, section: ranked.name, u32(7, at: 1))
        let found = try #require(try Self.problem(forged), "\(ranked.name)")
        #expect(found.section?.hasPrefix(ranked.name.split(separator: ".")[0] + ".") == true, "\(ranked.name): \(found)")
    }
}
