import Foundation
import Testing
import TestOracles
import TestKit
@testable import GraphIO
import GraphCore
import SanctionsModel

/// GraphML read as it streams (#11 §4): the same graph and the same errors (lines and
/// columns) whatever the buffer size; a document held in memory reads the same; an element
/// longer than --max-record-mb is an error, not all of memory.
@Suite struct GraphMLStreamingTests {
    /// Comments, a CDATA section, a doctype with an internal subset, '>' inside attribute
    /// values and text, entities, a byte order mark, CRLF line ends, non-ASCII names.
    static let tricky = "\u{FEFF}<?xml version=\"1.0\"?>\r\n<!DOCTYPE graphml [<!ENTITY x \"y\">]>\r\n"
        + "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\"><!-- a > b -->\r\n"
        + "<key id=\"d0\" for=\"node\" attr.name=\"label\" attr.type=\"string\"/>\n"
        + "<key id=\"d1\" for=\"edge\" attr.name=\"share\" attr.type=\"double\"/>\n"
        + "<graph edgedefault=\"directed\">\n"
        + "<node id=\"a&gt;1\"><data key=\"d0\">Zoë &amp; ünïcödé > 2</data></node>\n"
        + "<node id=\"b\"><data key=\"d0\"><![CDATA[<b>B & co</b> ]]]]></data></node>\n"
        + "<node id='c'><data key=\"d0\">Ｃ 公司</data></node>\n"
        + "<edge source=\"a&gt;1\" target=\"b\"><data key=\"d1\">60</data></edge>\n"
        + "<edge source=\"b\" target=\"c\"><data key=\"d1\">25.5</data></edge>\n"
        + "</graph></graphml>\n"

    @Test func theGraphIsTheSameWhateverTheBufferSize() throws {
        let dir = try TempDir("graphml-stream")
        defer { dir.remove() }
        let path = try dir.write("t.graphml", Self.tricky)
        let (whole, _) = try GraphMLReader.read(Array(Self.tricky.utf8), file: path)
        #expect(whole.entityCount == 3 && whole.tieCount == 2)
        #expect(whole.name(of: try #require(whole.node(id: "a>1"))) == "Zoë & ünïcödé > 2")
        #expect(whole.name(of: try #require(whole.node(id: "b"))) == "<b>B & co</b> ]]")
        let expected = GraphSnapshot(whole)
        for blockSize in [16, 17, 18, 19, 23, 31, 32, 64, 100, LineReader.blockSize] {
            let (copy, _) = try GraphMLReader.load(path: path, options: readOptions(blockSize: blockSize))
            #expect(GraphSnapshot(copy).difference(from: expected) == nil, "block \(blockSize)")
        }
    }

    /// A generated network of 2,000 entities, written and read back through small buffers.
    @Test func aGeneratedGraphStreams() throws {
        let dir = try TempDir("graphml-generated")
        defer { dir.remove() }
        let (network, _) = try loadFtM(GeneratedGraph(seed: 7, entities: 2000).lines)
        let path = dir.file("g.graphml")
        try GraphMLWriter.write(network, to: path, options: GraphMLOptions(asOf: Day(year: 2026, month: 11, day: 29)!))
        let (whole, _) = try GraphMLReader.load(path: path)
        #expect(whole.entityCount == network.entityCount && whole.tieCount == network.tieCount)
        for blockSize in [16, 4096] {
            let (copy, _) = try GraphMLReader.load(path: path, options: readOptions(blockSize: blockSize))
            #expect(GraphSnapshot(copy).difference(from: GraphSnapshot(whole)) == nil, "block \(blockSize)")
        }
    }

    @Test func errorsHaveTheirLinesAndColumnsWhateverTheBufferSize() throws {
        let dir = try TempDir("graphml-stream-errors")
        defer { dir.remove() }
        let head = "<graphml>\n<graph>\n" + (0 ..< 100).map { "<node id=\"n\($0)\"/>" }.joined(separator: "\n") + "\n"
        // Line 103: an edge without a target.
        try dir.write("missing.graphml", head + "<edge source=\"n1\"/>\n</graph></graphml>\n")
        // Line 103: an unterminated attribute value, found at the '<' on line 104.
        try dir.write("unterminated.graphml", head + "<node id=\"x/>\n</graph></graphml>\n")
        // Line 103, column 13: a byte that is not UTF-8, in an attribute value.
        try dir.write("utf8.graphml", bytes: Array((head + "<node id=\"ab").utf8) + [0xC3, 0x28] + Array("\"/>\n</graph></graphml>\n".utf8))
        // The document ends inside an element.
        try dir.write("truncated.graphml", head + "<node id=\"y\">\n")
        for blockSize in [16, 17, 31, 64, LineReader.blockSize] {
            let options = readOptions(blockSize: blockSize)
            func error(_ name: String) throws -> InputError {
                try #require(inputError { () throws(InputError) in try GraphMLReader.load(path: dir.file(name), options: options) })
            }
            let e1 = try error("missing.graphml")
            #expect(e1.line == 103 && e1.problem == .missingField("edge target"), "block \(blockSize): \(e1)")
            let e2 = try error("unterminated.graphml")
            #expect(e2.line == 104 && e2.problem.caseName == "conflict", "block \(blockSize): \(e2)")
            let e3 = try error("utf8.graphml")
            #expect(e3.line == 103 && e3.problem == .notUTF8(column: 13), "block \(blockSize): \(e3)")
            let e4 = try error("truncated.graphml")
            #expect(e4.line == nil && e4.problem.caseName == "conflict", "block \(blockSize): \(e4)")
        }
    }

    /// An element longer than the record limit stops the read (a file without '>' cannot
    /// make the window hold all of it), naming the line where the element starts.
    @Test func anOverlongElementIsAnError() throws {
        let dir = try TempDir("graphml-long")
        defer { dir.remove() }
        let path = try dir.write("long.graphml", "<graphml>\n<graph>\n<node id=\"" + String(repeating: "x", count: 5000) + "\"/>\n</graph></graphml>\n")
        let e = try #require(inputError { () throws(InputError) in try GraphMLReader.load(path: path, options: readOptions(blockSize: 64, maxRecordBytes: 1000)) })
        #expect(e.line == 3 && e.problem == .recordTooLong(limitBytes: 1000), "\(e)")
        // Under the limit, the same element reads.
        #expect(try GraphMLReader.load(path: path, options: readOptions(blockSize: 64, maxRecordBytes: 10000)).0.entityCount == 1)
    }

    @Test func byteOrderMarksAndEmptyFilesWhateverTheBufferSize() throws {
        let dir = try TempDir("graphml-marks")
        defer { dir.remove() }
        let utf16 = try dir.write("utf16.graphml", bytes: [0xFF, 0xFE] + Array("<graphml/>".utf8))
        let blank = try dir.write("blank.graphml", " \n\t\r\n")
        let bom = try dir.write("bom.graphml", bytes: [0xEF, 0xBB, 0xBF] + Array("<graphml><graph><node id=\"a\"/></graph></graphml>".utf8))
        for blockSize in [16, 64, LineReader.blockSize] {
            let options = readOptions(blockSize: blockSize)
            #expect(inputError { () throws(InputError) in try GraphMLReader.load(path: utf16, options: options) }?.problem == .utf16)
            #expect(inputError { () throws(InputError) in try GraphMLReader.load(path: blank, options: options) }?.problem == .emptyFile)
            #expect(try GraphMLReader.load(path: bom, options: options).0.entityCount == 1)
        }
    }
}

extension GraphMLStreamingTests {
    /// XML 1.0 allows no control characters but tab and line ends, written or as references:
    /// a NUL in an id was read, then dropped on writing, and the id became another's (found
    /// by the graphml fuzz target).
    @Test func controlCharactersAreErrors() throws {
        let dir = try TempDir("graphml-controls")
        defer { dir.remove() }
        let raw = try dir.write("raw.graphml", bytes: Array("<graphml><graph>\n<node id=\"a".utf8) + [0x00, 0x01] + Array("\"/>\n</graph></graphml>".utf8))
        let referenced = try dir.write("ref.graphml", "<graphml><graph>\n<node id=\"a&#1;\"/>\n</graph></graphml>")
        let tab = try dir.write("tab.graphml", "<graphml><graph>\n<node id=\"a&#9;b\"/>\n</graph></graphml>")
        for blockSize in [16, LineReader.blockSize] {
            let options = readOptions(blockSize: blockSize)
            let e1 = try #require(inputError { () throws(InputError) in try GraphMLReader.load(path: raw, options: options) })
            #expect(e1.line == 2 && "\(e1)".contains("control character U+0000 at column 12"), "\(e1)")
            let e2 = try #require(inputError { () throws(InputError) in try GraphMLReader.load(path: referenced, options: options) })
            #expect(e2.line == 2 && "\(e2)".contains("&#1; is a character XML does not allow"), "\(e2)")
            #expect(try GraphMLReader.load(path: tab, options: options).0.node(id: "a\tb") != nil)
        }
        // U+FFFE and U+FFFF are valid UTF-8 but not XML (the writer would drop them too).
        let nonCharacter = try dir.write("fffe.graphml", "<graphml><graph>\n<node id=\"a\u{FFFE}\"/>\n</graph></graphml>")
        let e3 = try #require(inputError { () throws(InputError) in try GraphMLReader.load(path: nonCharacter) })
        #expect(e3.line == 2 && "\(e3)".contains("character U+FFFE at column 12"), "\(e3)")
    }

    /// A node's data counts against the record limit however it comes: many CDATA sections
    /// and comments between short texts make one long value. In memory too.
    @Test func aNodeIsARecordHoweverItsTextComes() throws {
        let dir = try TempDir("graphml-pieces")
        defer { dir.remove() }
        let pieces = String(repeating: "<![CDATA[xxxxxxxxxx]]><!---->", count: 200)
        let text = "<graphml><key id=\"d0\" for=\"node\" attr.name=\"label\"/><graph>\n<node id=\"a\">\n<data key=\"d0\">" + pieces + "</data></node>\n</graph></graphml>"
        let path = try dir.write("pieces.graphml", text)
        let limited = readOptions(blockSize: 64, maxRecordBytes: 1000)
        let e = try #require(inputError { () throws(InputError) in try GraphMLReader.load(path: path, options: limited) })
        #expect(e.line == 2 && e.problem == .recordTooLong(limitBytes: 1000), "\(e)")
        let inMemory = try #require(inputError { () throws(InputError) in try GraphMLReader.read(Array(text.utf8), file: path, options: limited) })
        #expect(inMemory.problem == .recordTooLong(limitBytes: 1000), "\(inMemory)")
        #expect(try GraphMLReader.load(path: path, options: readOptions(blockSize: 64, maxRecordBytes: 3000)).0.name(of: 0).count == 2000)
    }
}
