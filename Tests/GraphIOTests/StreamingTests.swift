import Foundation
import Synchronization
import Testing
import TestKit
@testable import GraphIO
import GraphCore
import SanctionsModel

/// Files larger than one read block, the record-length limit at its boundary, and progress.
@Suite struct StreamingTests {
    /// Records of varying lengths, so that line ends fall everywhere relative to the 4 MiB blocks.
    static func manyRecords(_ count: Int) -> [String] {
        (0 ..< count).map { i in
            ftm("e\(i)", i % 3 == 0 ? "Person" : "Company",
                ["name": ["Entity \(i) " + String(repeating: "ž", count: i % 97)], "country": ["ru"]])
        }
    }

    @Test func aFileOfSeveralBlocksReadsEveryRecordIntact() throws {
        let records = Self.manyRecords(50_000)
        let dir = try TempDir("blocks")
        defer { dir.remove() }
        let lf = try dir.write("lf.json", records.joined(separator: "\n"))
        let crlf = try dir.write("crlf.json", records.joined(separator: "\r\n") + "\r\n")
        let size = try FileManager.default.attributesOfItem(atPath: lf)[.size] as? Int ?? 0
        #expect(size > 2 * LineReader.blockSize, "the test needs more than two blocks: \(size) bytes")
        for path in [lf, crlf] {
            let (network, report) = try FtMReader.load(path: path)
            #expect(report.records == records.count)
            #expect(network.entityCount == records.count)
            for i in stride(from: 0, to: records.count, by: 997) {
                #expect(network.namesOf("e\(i)") == ["Entity \(i) " + String(repeating: "ž", count: i % 97)], "\(path) e\(i)")
            }
            #expect(network.namesOf("e49999").first?.hasPrefix("Entity 49999") == true)
        }
    }

    @Test func anErrorDeepInALargeFileHasItsLine() throws {
        var records = Self.manyRecords(30_000)
        records[29_000] = #"{"id": "bad", "schema": "Person", "properties": {"name": ["x"]"#
        let (error, _) = try ftmError(records.joined(separator: "\n"))
        #expect(error?.line == 29_001)
    }

    @Test func theRecordLimitIsInclusive() throws {
        let limit = 1_000
        func record(length: Int) -> String {
            let head = #"{"id": "p", "schema": "Person", "properties": {"name": [""#, tail = #""]}}"#
            return head + String(repeating: "a", count: length - head.utf8.count - tail.utf8.count) + tail
        }
        let (network, _) = try loadFtM([record(length: limit)], options: ReadOptions(maxRecordBytes: limit))
        #expect(network.entityCount == 1)
        let (crlf, _) = try loadFtM([record(length: limit) + "\r"], options: ReadOptions(maxRecordBytes: limit))
        #expect(crlf.entityCount == 1, "the CR of a CRLF does not count")
        let (error, _) = try ftmError(record(length: limit + 1) + "\n", options: ReadOptions(maxRecordBytes: limit))
        #expect(error?.problem == .recordTooLong(limitBytes: limit))
        #expect(error?.line == 1)
    }

    @Test(.bug(id: "IO-10", "regression"))
    func theRecordLimitMessageStatesTheLimit() throws {
        let (error, _) = try ftmError(String(repeating: "x", count: 2_000) + "\n", options: ReadOptions(maxRecordBytes: 1_000))
        let e = try #require(error)
        #expect(e.problem == .recordTooLong(limitBytes: 1_000))
        #expect(!e.description.contains("longer than 0 MiB"), "\(e)")
        let (half, _) = try ftmError(String(repeating: "x", count: 2 << 20) + "\n", options: ReadOptions(maxRecordBytes: 3 << 19))
        #expect(half?.description.contains("longer than 1 MiB") == false, "the limit is 1.5 MiB: \(String(describing: half))")
    }

    @Test func progressEndsAtTheFileSize() throws {
        let dir = try TempDir("progress")
        defer { dir.remove() }
        let path = try dir.write("p.json", Self.manyRecords(100).joined(separator: "\n") + "\n")
        let size = try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int ?? -1
        let calls = Mutex<[ReadProgress]>([])
        _ = try FtMReader.load(path: path, options: ReadOptions(progress: { p in calls.withLock { $0.append(p) } }))
        let seen = calls.withLock { $0 }
        let last = try #require(seen.last)
        #expect(last.bytes == size && last.totalBytes == size && last.records == 100 && last.finished && last.file == path, "\(seen)")
    }

    @Test func everyReaderReportsRowsAndBytes() throws {
        let dir = try TempDir("progress-csv")
        defer { dir.remove() }
        // Past one report step, so that reports come before the end too.
        let rows = ReadProgress.step / 8
        var text = "source,target,share\n"
        for i in 0 ..< rows { text += "n\(i % 5000),n\((i * 7) % 5000),\(i % 100)\n" }
        let path = try dir.write("edges.csv", text)
        let calls = Mutex<[ReadProgress]>([])
        _ = try CSVReader.loadEdgeList(path: path, options: ReadOptions(progress: { p in calls.withLock { $0.append(p) } }))
        let seen = calls.withLock { $0 }
        #expect(seen.count >= 2 && seen.dropLast().allSatisfy { !$0.finished && $0.bytes < $0.totalBytes })
        #expect(zip(seen, seen.dropFirst()).allSatisfy { $0.bytes <= $1.bytes && $0.records <= $1.records })
        let last = try #require(seen.last)
        #expect(last.finished && last.bytes == text.utf8.count && last.records == rows + 1, "the header row counts as read")
    }

    @Test func graphMLReportsProgressToItsEnd() throws {
        let dir = try TempDir("progress-graphml")
        defer { dir.remove() }
        var text = #"<?xml version="1.0"?><graphml xmlns="http://graphml.graphdrawing.org/xmlns"><graph edgedefault="directed">"# + "\n"
        for i in 0 ..< 1000 { text += "<node id=\"n\(i)\"/>\n" }
        text += "</graph></graphml>\n"
        let path = try dir.write("g.graphml", text)
        let calls = Mutex<[ReadProgress]>([])
        _ = try GraphMLReader.load(path: path, options: ReadOptions(progress: { p in calls.withLock { $0.append(p) } }))
        let last = try #require(calls.withLock { $0 }.last)
        #expect(last.finished && last.bytes == text.utf8.count && last.totalBytes == text.utf8.count && last.records == 1000, "\(last)")
    }

    @Test func membersMayComeInAnyOrder() throws {
        let (network, _) = try loadFtM([
            #"{"properties": {"name": ["Late Id"]}, "datasets": ["x"], "schema": "Company", "id": "c"}"#,
            #"{"schema": "Person", "properties": {}, "id": "p"}"#,
        ])
        #expect(network.kind("c") == .company)
        #expect(network.namesOf("c") == ["Late Id"])
        #expect(network.kind("p") == .person)
    }
}
