import Foundation
import Testing
import TestOracles
import TestKit
@testable import GraphIO
import GraphCore
import SanctionsModel

/// CSV files read row by row through a buffer (#11 §4): rows, quoted line breaks, doubled
/// quotes and CRLF across buffer boundaries; lines and columns of errors.
@Suite struct CSVStreamingTests {
    /// Quoted line breaks, doubled quotes, CRLF, empty fields, a blank line, a last row without a line break.
    static let tricky = "\u{FEFF}id,kind,name\r\n"
        + "p,Person,\"two\r\nlines, \"\"quoted\"\"\"\r\n"
        + "\r\n"
        + "q,Person,\"\"\"\"\n"
        + ",,\n"
        + "r,Company,\"a\nb\nc\nd\",\n"
        + "s,Company,Zoë ünïcödé\n"
        + "t,Company,last"

    @Test func rowsAreTheSameWhateverTheBufferSize() throws {
        let whole = try csvRows(Self.tricky)
        #expect(whole.map(\.line) == [1, 2, 5, 6, 7, 11, 12])
        #expect(whole[1].fields == ["p", "Person", "two\r\nlines, \"quoted\""])
        #expect(whole[2].fields == ["q", "Person", "\""])
        #expect(whole[3].fields == ["", "", ""])
        #expect(whole[4].fields == ["r", "Company", "a\nb\nc\nd", ""])
        #expect(whole[6].fields == ["t", "Company", "last"])
        // Every buffer size puts a boundary somewhere else: inside quotes, between '""', in CRLF.
        for blockSize in 16 ... 48 {
            let rows = try csvRows(Self.tricky, blockSize: blockSize)
            #expect(rows.map(\.line) == whole.map(\.line), "block \(blockSize)")
            #expect(rows.map(\.fields) == whole.map(\.fields), "block \(blockSize)")
        }
    }

    @Test func errorsHaveTheirLinesWhateverTheBufferSize() throws {
        let dir = try TempDir("csv-stream-errors")
        defer { dir.remove() }
        let good = (0 ..< 200).map { "e\($0),Company,\"Name\n\($0)\"" }.joined(separator: "\n")
        // A quote inside an unquoted field on the row after 200 two-line rows: line 1 + 400 + 1.
        try dir.write("entities.csv", "id,kind,name\n" + good + "\nbad,Company,ab\"c\n")
        // An unterminated quote: reported on the line it opens.
        try dir.write("unterminated.csv", "source,target\n" + (0 ..< 100).map { "a\($0),b\($0)" }.joined(separator: "\n") + "\nx,\"y\nz\n")
        // Not UTF-8 on the second line of a quoted field, column counted from that line.
        try dir.write("utf8.csv", bytes: Array("source,target\na,\"b\nxy".utf8) + [0xC3, 0x28] + Array("\"\n".utf8))
        for blockSize in [16, 17, 31, 64, LineReader.blockSize] {
            let options = readOptions(blockSize: blockSize)
            let e1 = try #require(inputError { () throws(InputError) in try CSVReader.loadTrio(folder: dir.path, options: options) })
            #expect(e1.line == 402 && e1.problem.caseName == "badCSV", "block \(blockSize): \(e1)")
            let e2 = try #require(inputError { () throws(InputError) in try CSVReader.loadEdgeList(path: dir.file("unterminated.csv"), options: options) })
            #expect(e2.line == 102 && e2.problem == .badCSV("unterminated quoted field"), "block \(blockSize): \(e2)")
            let e3 = try #require(inputError { () throws(InputError) in try CSVReader.loadEdgeList(path: dir.file("utf8.csv"), options: options) })
            #expect(e3.line == 3 && e3.problem == .notUTF8(column: 3), "block \(blockSize): \(e3)")
        }
    }

    @Test func aGeneratedTrioReadsTheSameThroughASmallBuffer() throws {
        let (network, _) = try loadFtM(GeneratedGraph(seed: 5, entities: 300).lines)
        let dir = try TempDir("csv-stream-trio")
        defer { dir.remove() }
        try CSVWriter.writeTrio(network, folder: dir.path)
        let (whole, report) = try CSVReader.loadTrio(folder: dir.path)
        let (small, smallReport) = try CSVReader.loadTrio(folder: dir.path, options: readOptions(blockSize: 32))
        #expect(whole.designations.count > 10 && whole.tieCount > 300)
        #expect(GraphSnapshot(small).difference(from: GraphSnapshot(whole)) == nil)
        #expect(GraphSnapshot(small) == GraphSnapshot(whole))
        #expect(smallReport.records == report.records)
    }

    @Test func blankSpaceOnlyIsEmptyButABlankHeaderIsNot() throws {
        let dir = try TempDir("csv-stream-blank")
        defer { dir.remove() }
        for blockSize in [16, LineReader.blockSize] {
            let options = readOptions(blockSize: blockSize)
            try dir.write("entities.csv", "  \n \t \r\n" + String(repeating: " \n", count: 40))
            #expect(inputError { () throws(InputError) in try CSVReader.loadTrio(folder: dir.path, options: options) }?.problem == .emptyFile)
            // Blank space first, text later: the blank first row is the header, as before.
            try dir.write("entities.csv", "  \n" + String(repeating: " \n", count: 40) + "id,kind\np,Person\n")
            let e = inputError { () throws(InputError) in try CSVReader.loadTrio(folder: dir.path, options: options) }
            #expect(e?.line == 1 && e?.problem.caseName == "badCSV", "\(String(describing: e))")
            try dir.write("edges.csv", " \n  \n")
            #expect(inputError { () throws(InputError) in try CSVReader.loadEdgeList(path: dir.file("edges.csv"), options: options) }?.problem == .emptyFile)
        }
    }

    @Test func edgeListsStreamWithOrWithoutAHeader() throws {
        let dir = try TempDir("csv-stream-edges")
        defer { dir.remove() }
        let rows = (0 ..< 300).map { "n\($0),n\($0 + 1),\($0 % 100)" }
        for (name, text) in [("h.csv", "source,target,share\n" + rows.joined(separator: "\n")), ("n.csv", rows.joined(separator: "\r\n") + "\r\n")] {
            let (network, report) = try CSVReader.loadEdgeList(path: try dir.write(name, text), options: readOptions(blockSize: 24))
            #expect(report.records == 300, "\(name)")
            #expect(network.entityCount == 301 && network.tieCount == 300, "\(name)")
        }
    }
}
