import Foundation
import Synchronization
import Testing
import TestOracles
import TestKit
@testable import GraphIO
import GraphCore
import SanctionsModel

/// JSON-array FtM files read element by element from the buffered reader (#11 §4): the same
/// network as JSON lines, elements across buffer boundaries, errors on their lines.
@Suite struct ArrayStreamingTests {
    /// A buffer small enough that most elements cross one of its boundaries.
    static let small = readOptions(blockSize: 64)

    static func load(_ text: String, options: ReadOptions = small) throws -> (SanctionsNetwork, ReadReport) {
        let dir = try TempDir("array-stream")
        defer { dir.remove() }
        return try FtMReader.load(path: try dir.write("a.json", text), options: options)
    }

    /// The records of `lines` as a JSON array, with `separator` between elements.
    static func array(_ lines: [String], separator: String = ",\n") -> String {
        "[" + lines.joined(separator: separator) + "]\n"
    }

    @Test(arguments: [64, 4096, LineReader.blockSize])
    func aGeneratedGraphReadsTheSameAsJSONLines(blockSize: Int) throws {
        let lines = GeneratedGraph(seed: 11, entities: 400).lines
        let (fromLines, linesReport) = try loadFtM(lines)
        let (fromArray, arrayReport) = try Self.load(Self.array(lines), options: readOptions(blockSize: blockSize))
        #expect(fromLines.designations.count > 10 && fromLines.tieCount > 400, "the graph has ties and designations to compare")
        #expect(GraphSnapshot(fromArray).difference(from: GraphSnapshot(fromLines)) == nil)
        #expect(GraphSnapshot(fromArray) == GraphSnapshot(fromLines))
        #expect(arrayReport.records == linesReport.records)
        #expect(arrayReport.warnings == linesReport.warnings.map { $0.replacingOccurrences(of: "input.ftm.json", with: "a.json") })
    }

    @Test func oddFormattingAndBracesInsideStrings() throws {
        // Braces, brackets, commas and escaped quotes inside strings must not end an element.
        let tricky = ftm("p", "Person", ["name": ["Anna {the} [first],\"A\\\" }]"], "alias": ["}", "{", "]", "\\", "\"{"]])
        let lines = [tricky, Self.company, Self.ownership]
        let (expected, _) = try loadFtM(lines)
        let spaced = "\u{FEFF}\r\n \t[\r\n\n" + lines.map { "\t" + $0.replacingOccurrences(of: ", ", with: "\r\n  ,\n\t ") }
            .joined(separator: "\n\n ,\r\n") + "\n\t]\r\n\n  "
        let (network, report) = try Self.load(spaced)
        #expect(GraphSnapshot(network) == GraphSnapshot(expected))
        #expect(report.records == 3)
        #expect(network.namesOf("p") == ["Anna {the} [first],\"A\\\" }]"])
        // No space at all.
        let (tight, _) = try Self.load("[" + lines.joined(separator: ",") + "]")
        #expect(GraphSnapshot(tight) == GraphSnapshot(expected))
    }

    static let person = ftm("p", "Person", ["name": ["Anna"]])
    static let company = ftm("c", "Company", ["name": ["Corp"]])
    static let ownership = ftm("o", "Ownership", ["owner": ["p"], "asset": ["c"], "percentage": ["51"]])

    /// Many records, one element per line after the '[' line, padded so that they cross the small buffer's boundaries.
    static func manyLines(_ count: Int) -> [String] {
        (0 ..< count).map { i in ftm("e\(i)", "Company", ["name": ["Entity \(i) " + String(repeating: "x", count: i % 150)]]) }
    }

    @Test func errorsDeepInTheArrayHaveTheirLineAndColumn() throws {
        var lines = Self.manyLines(500)
        lines[300] = #"{"id": "e300", "schema": "Company", "properties": {"name": ["A"],}}"#
        // Line 1 is "[", element i is on line i + 2.
        let text = "[\n" + lines.joined(separator: ",\n") + "\n]\n"
        let error = try #require(try ftmError(text, options: Self.small).0)
        #expect(error.line == 302)
        let column = lines[300].utf8.count - 2 + 1  // the '}' after the trailing comma
        #expect(error.problem.caseName == "malformedJSON", "\(error)")
        if case .malformedJSON(let c, _) = error.problem { #expect(c == column, "\(error)") }
        // A record error (not JSON) names the line its element starts on, even when the element spans lines.
        var bad = Self.manyLines(400)
        bad[250] = "{\"id\": \"e250\",\n\"schema\": \"Ownership\",\n\"properties\": {\"owner\": [\"e1\"]}}"
        let text2 = "[\n" + bad.joined(separator: ",\n") + "\n]\n"
        let e2 = try #require(try ftmError(text2, options: Self.small).0)
        #expect(e2.problem == .missingField("properties.asset"))
        #expect(e2.line == 252)
        // Lenient: skipped with that line, and the records after it are read.
        var lenient = Self.small
        lenient.lenient = true
        let (network, report) = try Self.load(text2, options: lenient)
        #expect(report.skipped.map(\.line) == [252])
        #expect(network.entityCount == 399)
        #expect(network.namesOf("e399") == ["Entity 399 " + String(repeating: "x", count: 399 % 150)])
    }

    @Test(arguments: [
        // (text, line, detail fragment)
        ("[\n" + person + ",\n" + String(company.dropLast(5)), 3, "truncated inside an element"),
        ("[\n" + person + ",\n" + company + ",\n", 4, "truncated after a comma"),
        ("[\n" + person + ",\n" + company + "\n", 4, "truncated after an element"),
        ("[\n" + person + ",\n" + #"{"id": "c", "schema": "Company", "properties": {"name": ["Co"#, 3, "truncated inside a string"),
        ("[", 1, "just the bracket"),
    ])
    func truncatedArrays(_ text: String, _ line: Int, _ what: String) throws {
        for options in [Self.small, ReadOptions()] {
            let error = try #require(try ftmError(text, options: options).0, "\(what)")
            #expect(error.problem.caseName == "malformedJSON", "\(what): \(error)")
            #expect(error.line == line, "\(what): \(error)")
        }
        // Lenient cannot resynchronise after broken JSON: still an error.
        var lenient = Self.small
        lenient.lenient = true
        #expect(try ftmError(text, options: lenient).0?.problem.caseName == "malformedJSON")
    }

    @Test func anElementOverTheRecordLimitIsSkippedWhenLenient() throws {
        let huge = ftm("big", "Person", ["name": [String(repeating: "{[\"", count: 2_000)]])
        #expect(huge.utf8.count > 4_000)
        let text = "[\n" + [Self.person, huge, Self.company].joined(separator: ",\n") + "\n]"
        var options = Self.small
        options.maxRecordBytes = 4_000
        let error = try #require(try ftmError(text, options: options).0)
        #expect(error.problem == .recordTooLong(limitBytes: 4_000))
        #expect(error.line == 3)
        options.lenient = true
        let (network, report) = try Self.load(text, options: options)
        #expect(report.skipped.map(\.line) == [3])
        #expect(Set((0 ..< UInt32(network.entityCount)).map { network.id(of: $0) }) == ["p", "c"])
        // At the limit exactly, the element is read.
        options.maxRecordBytes = huge.utf8.count
        options.lenient = false
        #expect(try Self.load(text, options: options).0.entityCount == 3)
    }

    @Test func progressEndsAtTheFileSize() throws {
        let text = Self.array(Self.manyLines(200))
        let dir = try TempDir("array-progress")
        defer { dir.remove() }
        let path = try dir.write("a.json", text)
        let seen = Mutex<[Int]>([])
        var options = Self.small
        options.progress = { p in seen.withLock { $0.append(p.bytes) } }
        _ = try FtMReader.load(path: path, options: options)
        #expect(seen.withLock { $0.last } == text.utf8.count)
    }
}

extension ArrayStreamingTests {
    /// Only a byte order mark at the very start is skipped when telling lines from an array:
    /// stray EF bytes after blank space are malformed JSON on their line, whatever the size
    /// of the first buffer (a 48-byte one used to call the file empty; found by the ftm fuzz
    /// target).
    @Test func strayMarkBytesAreNotSkippedWhateverTheBufferSize() throws {
        let dir = try TempDir("stray-ef")
        defer { dir.remove() }
        let path = try dir.write("x.ftm.json", bytes: Array("   \n".utf8) + [UInt8](repeating: 0xEF, count: 44) + [0, 0, 0x20])
        for blockSize in [16, 48, 64, LineReader.blockSize] {
            let e = try #require(inputError { () throws(InputError) in try FtMReader.load(path: path, options: readOptions(blockSize: blockSize)) })
            #expect(e.line == 2 && e.problem.caseName == "malformedJSON", "block \(blockSize): \(e)")
        }
        // A real mark is still skipped.
        let marked = try dir.write("m.ftm.json", bytes: [0xEF, 0xBB, 0xBF] + Array("{\"id\":\"a\",\"schema\":\"Company\",\"properties\":{}}\n".utf8))
        #expect(try FtMReader.load(path: marked, options: readOptions(blockSize: 16)).0.entityCount == 1)
    }
}
