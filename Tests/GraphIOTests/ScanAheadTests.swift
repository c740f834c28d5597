import Foundation
import Testing
import TestKit
@testable import GraphIO
import GraphCore
import SanctionsModel

/// JSON lines scanned on a second core (`FtMLinePipeline`) give what one thread gives: the
/// same network with the same node numbers and string tables (the snapshot files are equal
/// byte for byte), the same warnings and skipped records in the same order, the same error.
@Suite struct ScanAheadTests {
    /// Records shaped like a real export, with the mess: escapes, non-ASCII names, records
    /// of one entity repeated with merged schemata, reports of one stake repeated with other
    /// shares, ranges, undated and dated sanctions, ignored schemata, blank lines, CRLF, long
    /// names (lines that do not fit a small batch's room, and wait for the next batch), and
    /// (every `badEvery` lines, when given) a malformed record, a bad date and a line over
    /// the 2,000-byte record limit.
    static func messyExport(_ count: Int, badEvery: Int? = nil) -> String {
        var lines = ["\u{FEFF}" + ftm("p0", "Person", ["name": ["Ærna \"Q\" Øst"], "country": ["ru"]])]
        for i in 1 ..< count {
            switch i % 11 {
            case 0: lines.append(ftm("p\(i)", "Person", ["name": ["Person \(i) \\ \u{1F600}"], "topics": ["sanction"], "country": ["ru", "cy"]]))
            case 1: lines.append(ftm("c\(i)", "Company", ["name": ["Company \(i)" + String(repeating: "é", count: i % 700)], "sector": ["Mining"], "jurisdiction": ["cy"]]))
            case 2: lines.append(ftm("c\(i - 1)", "Organization", ["alias": ["Alias \(i)"]]))  // merges into the Company
            case 3: lines.append(ftm("own\(i)", "Ownership", ["owner": ["p\(i - 3)"], "asset": ["c\(i - 2)"], "percentage": ["\(i % 90 + 5)"], "startDate": ["2019-04-01"]]))
            case 4: lines.append(ftm("own\(i - 1)", "Ownership", ["owner": ["p\(i - 4)"], "asset": ["c\(i - 3)"], "percentage": ["25-50"]]))
            case 5: lines.append(ftm("s\(i)", "Sanction", ["entity": ["p\(i - 5)"], "authority": ["Office of Foreign Assets Control"], "country": ["us"], "program": ["RUSSIA-EO14024"]], extra: #", "datasets": ["us_ofac_sdn"], "first_seen": "2022-03-01T00:00:00""#))
            case 6: lines.append(ftm("a\(i)", "Address", ["full": ["1 Main St"]]))
            case 7: lines.append("")
            case 8: lines.append(ftm("d\(i)", "Directorship", ["director": ["p\(i - 8)"], "organization": ["c\(i - 7)"], "role": ["Director"]]) + "\r")
            case 9: lines.append(ftm("s\(i)", "Sanction", ["entity": ["c\(i - 8)"], "authority": ["HM Treasury"], "country": ["gb"], "startDate": ["2022-05-04"]]))
            default: lines.append(ftm("f\(i)", "Family", ["person": ["p\(i - 10)"], "relative": ["p\(i - 21 < 0 ? 0 : i - 21)"], "relationship": ["spouse"]]))
            }
            if let badEvery, i % badEvery == 0 {
                switch (i / badEvery) % 3 {
                case 0: lines.append(#"{"id": "broken\#(i)", "schema": "Person", "properties": {"name": ["x"]"#)
                case 1: lines.append(ftm("late\(i)", "Ownership", ["owner": ["p0"], "asset": ["c1"], "startDate": ["2019-13-45"]]))
                default: lines.append(ftm("long\(i)", "Person", ["name": [String(repeating: "a", count: 2_100)]]))
                }
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Reads `text` with and without the second core, at several batch sizes, and compares.
    func compareWaysOfReading(_ text: String, lenient: Bool, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let dir = try TempDir("scan-ahead")
        defer { dir.remove() }
        let path = try dir.write("export.ftm.json", text)
        func read(scanAhead: Bool, blockSize: Int) -> (snapshot: [UInt8]?, report: [String], error: String?) {
            var options = ReadOptions(lenient: lenient, maxRecordBytes: 2_000)
            options.scanAhead = scanAhead
            options.blockSize = blockSize
            do {
                let (network, report) = try FtMReader.load(path: path, options: options)
                let out = dir.path + "/\(scanAhead)-\(blockSize).sgraph"
                try Snapshot.write(network, report: report, sources: [], to: out)
                let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: out)))
                let summary = ["records \(report.records)", "skipped \(report.skippedCount)", "merged \(report.mergedDuplicates)",
                               "dangling \(report.danglingCount)", "ignored \(report.ignoredSchemas.sorted { $0.key < $1.key })"]
                    + report.skipped.map(\.description) + report.warnings
                return (bytes, summary, nil)
            } catch {
                return (nil, [], "\(error)")
            }
        }
        let reference = read(scanAhead: false, blockSize: LineReader.blockSize)
        for (scanAhead, blockSize) in [(true, LineReader.blockSize), (true, 4_096), (true, 1_000), (false, 1_000), (true, 64), (true, 16)] {
            let other = read(scanAhead: scanAhead, blockSize: blockSize)
            let how = "scan ahead \(scanAhead), block \(blockSize)"
            #expect(other.error == reference.error, "\(how)", sourceLocation: sourceLocation)
            #expect(other.report == reference.report, "\(how)", sourceLocation: sourceLocation)
            let a = other.snapshot ?? [], b = reference.snapshot ?? []
            let firstDifference = a == b ? nil : (0 ..< min(a.count, b.count)).first { a[$0] != b[$0] } ?? min(a.count, b.count)
            #expect(firstDifference == nil, "\(how): the snapshots (\(a.count) and \(b.count) bytes) differ from byte \(firstDifference ?? 0)",
                    sourceLocation: sourceLocation)
        }
    }

    @Test func aMessyExportReadsAlikeOnOneCoreAndTwo() throws {
        let text = Self.messyExport(12_000)
        try compareWaysOfReading(text, lenient: false)
        // The reference itself is what it should be: every kind of record made it in.
        var options = ReadOptions()
        options.scanAhead = false
        let dir = try TempDir("scan-ahead-ref")
        defer { dir.remove() }
        let (network, report) = try FtMReader.load(path: try dir.write("x.ftm.json", text), options: options)
        #expect(report.mergedDuplicates > 1_000 && !report.warnings.isEmpty && report.ignoredSchemas["Address"] == 1_091)
        #expect(network.namesOf("p0") == ["Ærna \"Q\" Øst"])
        #expect(network.designations.count > 2_000)
    }

    @Test func skippedRecordsAndWarningsKeepTheirOrder() throws {
        let text = Self.messyExport(6_000, badEvery: 97)
        try compareWaysOfReading(text, lenient: true)
        var options = ReadOptions(lenient: true, maxRecordBytes: 2_000)
        options.scanAhead = true
        options.blockSize = 512
        let dir = try TempDir("scan-ahead-lenient")
        defer { dir.remove() }
        let (_, report) = try FtMReader.load(path: try dir.write("x.ftm.json", text), options: options)
        #expect(report.skippedCount == 6_000 / 97)
        let lines = report.skipped.compactMap(\.line)
        #expect(lines == lines.sorted() && lines.count == ReadReport.keep, "\(lines)")
    }

    @Test func theFirstBadRecordIsTheErrorWhicheverBatchItIsIn() throws {
        // Strict: the first of many bad records, deep in the file, stops the read.
        let text = Self.messyExport(6_000, badEvery: 1_999)
        try compareWaysOfReading(text, lenient: false)
        // By bytes: "\r\n" is one Character, which a split at "\n" would not cut.
        let lines = text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        let first = try #require(lines.firstIndex { String(decoding: $0, as: UTF8.self).contains("late1999") }) + 1
        for scanAhead in [true, false] {
            var options = ReadOptions(maxRecordBytes: 2_000)
            options.scanAhead = scanAhead
            options.blockSize = 256
            let (error, _) = try ftmError(text, options: options)
            #expect(error?.line == first && error?.problem.caseName == "badDate", "scan ahead \(scanAhead): \(String(describing: error)), expected line \(first)")
        }
    }

    /// Tie records whose ids the producer interns (JSON lines: the builder lends it its table,
    /// `NetworkBuilder.lendTieIDs`) against the builder interning them itself (a JSON array):
    /// repeated ids merged (with other shares), a repeat with other ends refused (or skipped),
    /// PSC natures that add a control tie (repeated too), ties with several ends. The same
    /// network, snapshot byte for byte, the same report, the same error.
    @Test(arguments: [false, true]) func tieIDsInternedByTheProducerAsByTheBuilder(lenient: Bool) throws {
        var records: [String] = []
        for i in 0 ..< 3_000 {
            let p = "p\(i % 400)", c = "c\(i % 500)"
            let k = i % 40
            switch i % 9 {
            case 0: records.append(ftm(p, "Person", ["name": ["Person \(i)"]]))
            case 1: records.append(ftm(c, "Company", ["name": ["Company \(i)"]]))
            case 2: records.append(ftm("own\(i)", "Ownership", ["owner": [p], "asset": [c], "percentage": ["\(i % 60 + 1)"]]))
            case 3: records.append(ftm("own\(i - 1)", "Ownership", ["owner": ["p\((i - 1) % 400)"], "asset": ["c\((i - 1) % 500)"], "percentage": ["10-20"]]))  // another report of one stake
            case 4: records.append(ftm("psc\(k)", "Ownership", ["owner": ["p\(k)"], "asset": ["c\(k)"], "role": ["ownership-of-shares-25-to-50-percent", "voting-rights-50-to-75-percent"]]))
            case 5: records.append(ftm("psc\(k)", "Ownership", ["owner": ["p\(k)"], "asset": ["c\(k)"], "ownershipType": ["right-to-appoint-and-remove-directors"], "percentage": ["30"]]))
            case 6: records.append(ftm("multi\(i % 50)", "Ownership", ["owner": [p, "p\((i + 1) % 400)"], "asset": [c], "percentage": ["5"]]))
            case 7: records.append(ftm("addr\(i)", "Address", ["full": ["1 Main St"]]))
            default: records.append(ftm("d\(i % 100)", "Directorship", ["director": [p], "organization": [c], "role": ["Director"]]))  // repeats with other ends
            }
        }
        for i in 0 ..< 500 { records.append(ftm("c\(i)", "Company", ["name": ["Company \(i)"]])) }
        for i in 0 ..< 400 { records.append(ftm("p\(i)", "Person", ["name": ["Person \(i)"]])) }
        let dir = try TempDir("tie-ids")
        defer { dir.remove() }
        // One path for both (reports name it): JSON lines first, then a JSON array with each
        // record on the same line ("[" before the first, "]" after the last).
        let path = dir.path + "/export.ftm.json"
        func read(_ text: String, scanAhead: Bool) throws -> (snapshot: [UInt8], report: [String], error: String?) {
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            var options = ReadOptions(lenient: lenient)
            options.scanAhead = scanAhead
            do {
                let (network, report) = try FtMReader.load(path: path, options: options)
                let out = dir.path + "/network.sgraph"
                try Snapshot.write(network, report: report, sources: [], to: out)
                let summary = ["records \(report.records)", "skipped \(report.skippedCount)", "merged \(report.mergedDuplicates)",
                               "ties \(network.graph.edgeCount)",
                               "control ties \((0 ..< UInt32(network.graph.edgeCount)).count { network.tieID($0).hasSuffix("#control") })"]
                    + report.skipped.map(\.description) + report.warnings
                return (try [UInt8](Data(contentsOf: URL(fileURLWithPath: out))), summary, nil)
            } catch {
                return ([], [], "\(error)")
            }
        }
        let reference = try read("[" + records.joined(separator: ",\n") + "]\n", scanAhead: false)
        if lenient {
            #expect(reference.error == nil)
            #expect(reference.report.contains { $0.contains("repeats the id") } && reference.report.contains { $0.contains("has shares") })
            #expect(reference.report[2] != "merged 0" && reference.report[4] != "control ties 0", "\(reference.report.prefix(5))")
        } else {
            #expect(reference.error?.contains("repeats the id") == true, "\(String(describing: reference.error))")
        }
        for scanAhead in [false, true] {
            let other = try read(records.joined(separator: "\n") + "\n", scanAhead: scanAhead)
            #expect(other.error == reference.error, "scan ahead \(scanAhead)")
            #expect(other.report == reference.report, "scan ahead \(scanAhead)")
            let (a, b) = (other.snapshot, reference.snapshot)
            let firstDifference = a == b ? nil : (0 ..< min(a.count, b.count)).first { a[$0] != b[$0] } ?? min(a.count, b.count)
            #expect(firstDifference == nil, "scan ahead \(scanAhead): the snapshots (\(a.count) and \(b.count) bytes) differ from byte \(firstDifference ?? 0)")
        }
    }
}
