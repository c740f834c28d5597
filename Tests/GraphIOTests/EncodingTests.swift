import Foundation
import Testing
import TestOracles
import TestKit
@testable import GraphIO
import GraphCore
import SanctionsModel

/// Bytes and layout: empty files, encodings, line endings, escapes, and JSON-array files.
@Suite struct EncodingTests {
    static let person = ftm("p", "Person", ["name": ["Anna"]])
    static let company = ftm("c", "Company", ["name": ["Corp"]])

    @Test(arguments: ["", " ", "\n\n\n", " \t\r\n  \n", "\u{FEFF}", "\u{FEFF}\n \n", "[]", " [ ] \n"])
    func emptyAndWhitespaceOnlyFilesAreEmpty(_ text: String) throws {
        let (error, path) = try ftmError(text)
        let e = try #require(error, "\(Array(text.utf8))")
        #expect(e.problem == .emptyFile, "\(Array(text.utf8)): \(e)")
        #expect(e.file == path)
        #expect(e.line == nil)
        #expect(e.description == "\(path): the file is empty: it holds no records")
    }

    @Test(arguments: [[UInt8](), [0x20]])
    func emptyFilesThroughGraphLoader(_ bytes: [UInt8]) throws {
        let dir = try TempDir("empty")
        defer { dir.remove() }
        let path = try dir.write("empty.ftm.json", bytes: bytes)
        let error = inputError { () throws(InputError) in try GraphLoader.load(path: path) }
        #expect(error?.problem == .emptyFile)
    }

    /// Line 2 with `bytes` spliced into the name value, and the 1-based column of the splice.
    static func lineWithBytes(_ bytes: [UInt8], property: String = "name") -> ([UInt8], Int) {
        let head = Array(#"{"id": "x", "schema": "Person", "properties": {"\#(property)": ["ab"#.utf8)
        let tail = Array(#"cd"]}}"#.utf8)
        return (head + bytes + tail, head.count + 1)
    }

    @Test(arguments: [[0xFF], [0xC0, 0x80], [0xED, 0xA0, 0x80], [0xE2, 0x82], [0xF4, 0x90, 0x80, 0x80], [0x80], [0xF8, 0x88, 0x80, 0x80, 0x80]])
    func invalidUTF8InsideAStringNamesLineAndColumn(_ bad: [UInt8]) throws {
        let (line2, column) = Self.lineWithBytes(bad)
        let bytes = Array(Self.person.utf8) + [0x0A] + line2 + [0x0A] + Array(Self.company.utf8) + [0x0A]
        let dir = try TempDir("utf8")
        defer { dir.remove() }
        let path = try dir.write("bad.json", bytes: bytes)
        let error = try #require(inputError { () throws(InputError) in try FtMReader.load(path: path) })
        #expect(error.problem == .notUTF8(column: column), "\(bad): \(error)")
        #expect(error.file == path)
        #expect(error.line == 2)
        #expect(error.description.contains("UTF-8"))
        let (network, report) = try FtMReader.load(path: path, options: ReadOptions(lenient: true))
        #expect(report.skipped.map(\.line) == [2])
        #expect(network.entityCount == 2)
    }

    @Test func invalidUTF8InAnIgnoredMemberIsStillCaught() throws {
        let line = Array(#"{"id": "x", "schema": "Person", "properties": {}, "datasets": [""#.utf8) + [0xFE] + Array(#""]}"#.utf8)
        let dir = try TempDir("utf8b")
        defer { dir.remove() }
        let path = try dir.write("bad.json", bytes: line)
        let error = inputError { () throws(InputError) in try FtMReader.load(path: path) }
        #expect(error?.problem.caseName == "notUTF8")
        #expect(error?.line == 1)
    }

    @Test(arguments: [[UInt8]([0xFF, 0xFE]), [0xFE, 0xFF]])
    func utf16FilesAreRecognised(_ bom: [UInt8]) throws {
        var bytes = bom
        for unit in Self.person.utf16 {
            let pair = [UInt8(unit & 0xFF), UInt8(unit >> 8)]
            bytes += bom[0] == 0xFF ? pair : pair.reversed()
        }
        let dir = try TempDir("utf16")
        defer { dir.remove() }
        let path = try dir.write("utf16.json", bytes: bytes)
        let error = try #require(inputError { () throws(InputError) in try FtMReader.load(path: path) })
        #expect(error.problem == .utf16)
        #expect(error.file == path)
        #expect(error.description.contains("UTF-16"))
        #expect(error.description.contains("UTF-8"), "it says what to do")
    }

    @Test func crlfBomAndBlankLinesReadLikePlainLines() throws {
        let lines = [Self.person, "", "   ", Self.company,
                     ftm("o", "Ownership", ["owner": ["p"], "asset": ["c"], "percentage": ["51 %"]]), ""]
        let dir = try TempDir("crlf")
        defer { dir.remove() }
        let plain = try dir.write("plain.json", lines.joined(separator: "\n"))
        let crlf = try dir.write("crlf.json", bytes: [0xEF, 0xBB, 0xBF] + Array(lines.joined(separator: "\r\n").utf8) + [0x0D, 0x0A])
        let (a, ra) = try FtMReader.load(path: plain)
        let (b, rb) = try FtMReader.load(path: crlf)
        #expect(GraphSnapshot(a) == GraphSnapshot(b))
        #expect(b.namesOf("p") == ["Anna"], "no BOM or CR in the text")
        #expect(b.id(of: 0) == "p")
        #expect(ra.records == 3 && rb.records == 3)
        #expect(b.share(0) == .percent(51))
    }

    @Test func crlfAndBlankLinesKeepLineNumbersRight() throws {
        let text = "\u{FEFF}" + [Self.person, "", Self.company, "", #"{"id": "q", "schema": "Person""#].joined(separator: "\r\n")
        let (error, _) = try ftmError(text)
        #expect(error?.line == 5)
        #expect(error?.problem.caseName == "malformedJSON")
    }

    @Test(.bug(id: "IO-9", "regression"))
    func manyLeadingBlankLinesAreNotAnEmptyFile() throws {
        let text = String(repeating: "\n", count: 5_000) + Self.person + "\n"
        let dir = try TempDir("blank")
        defer { dir.remove() }
        let path = try dir.write("blank.json", text)
        var error: InputError?
        do {
            let (network, _) = try FtMReader.load(path: path)
            #expect(network.namesOf("p") == ["Anna"])
        } catch let e { error = e }
        #expect(error == nil, "\(String(describing: error))")
        let (array, _) = try ftmError(String(repeating: " ", count: 5_000) + "[" + Self.person + ", {]")
        #expect(array?.problem.caseName == "malformedJSON", "a padded JSON array is still an array: \(String(describing: array))")
    }

    @Test func bomOnTheFirstRecordLine() throws {
        let dir = try TempDir("bom")
        defer { dir.remove() }
        let path = try dir.write("bom.json", bytes: [0xEF, 0xBB, 0xBF] + Array(Self.person.utf8))
        let (network, _) = try FtMReader.load(path: path)
        #expect(network.id(of: 0) == "p")
    }

    @Test func jsonEscapesDecode() throws {
        let line = #"{"id": "p\u0031", "schema": "Person", "properties": {"name": ["Ren\u00e9e \"Ren\" O\u2019Neil \ud83d\ude00", "Jos\u00C9", "a\/b\\c", "tab\there\nnew"], "alias": ["Zoë 😀 Straße"]}}"#
        let (network, _) = try loadFtM([line, ftm("o", "Ownership", ["owner": ["p1"], "asset": ["p1"]])])
        #expect(network.node(id: "p1") != nil, "escapes decode in ids too")
        #expect(network.namesOf("p1") == ["Renée \"Ren\" O’Neil 😀", "JosÉ", "a/b\\c", "tab\there\nnew"])
        #expect(network.aliasesOf("p1") == ["Zoë 😀 Straße"])
        #expect(network.tieTriples == [TieTriple(kind: .ownership, source: "p1", target: "p1")])
    }

    /// Strings are scanned eight bytes at a time, then straight to the first special byte of
    /// the word: each kind of special byte, at every offset of a word and past it, ends or
    /// changes the string where it is (decoded names, the control byte's column).
    @Test(arguments: 0 ..< 18)
    func specialBytesAtEveryOffsetOfAWord(offset: Int) throws {
        let plain = String(repeating: "x", count: offset)
        let spellings: [(json: String, decoded: String)] = [
            (plain + "z", plain + "z"), (plain + #"\"q"#, plain + "\"q"), (plain + #"\\b"#, plain + "\\b"),
            (plain + #"\u00e9z"#, plain + "éz"), (plain + "é€😀z", plain + "é€😀z"), (plain + "~\u{7F}z", plain + "~\u{7F}z"),
        ]
        let line = #"{"id": "p", "schema": "Person", "properties": {"name": ["# + spellings.map { "\"\($0.json)\"" }.joined(separator: ", ") + "]}}"
        let (network, _) = try loadFtM([line])
        #expect(network.namesOf("p") == spellings.map(\.decoded))
        let before = #"{"id": "p", "schema": "Person", "properties": {"name": [""# + plain
        let error = try #require(ftmError(before + "\u{01}z\"]}}").0)
        guard case .malformedJSON(let column, let detail) = error.problem else { Issue.record("\(error)"); return }
        #expect(column == before.utf8.count + 1 && detail.contains("control character"), "\(error)")
    }

    @Test func escapedAndPlainSpellingsOfOneIDAreOneEntity() throws {
        let (network, report) = try loadFtM([
            #"{"id": "caf\u00e9", "schema": "Company", "properties": {"name": ["Escaped"]}}"#,
            ftm("café", "Company", ["name": ["Plain"]]),
        ])
        #expect(network.entityCount == 1)
        #expect(report.mergedDuplicates == 1)
        #expect(network.namesOf("café") == ["Escaped", "Plain"])
    }

    @Test func manyEscapedStringsInOneLongRecord() throws {
        // Decoded strings share scratch space: each must keep its own bytes.
        let names = (0 ..< 2_000).map { "N\u{e9}\($0)\"" }
        let (network, _) = try loadFtM([ftm("p", "Person", ["name": names])])
        #expect(network.namesOf("p") == names)
    }

    // MARK: JSON arrays

    static let arrayText = """
        [
          {
            "id": "p",
            "schema": "Person",
            "properties": {"name": ["Anna"]}
          },
          {
            "id": "c",
            "schema": "Company",
            "properties": {
              "name": ["Corp"]
            }
          },
          {"id": "o", "schema": "Ownership", "properties": {"owner": ["p"], "asset": ["c"], "percentage": ["51"]}}
        ]

        """

    @Test func prettyPrintedArrayReadsLikeJSONLines() throws {
        let dir = try TempDir("array")
        defer { dir.remove() }
        let (fromArray, report) = try FtMReader.load(path: try dir.write("a.json", Self.arrayText))
        let (fromLines, _) = try loadFtM([Self.person, Self.company,
                                          ftm("o", "Ownership", ["owner": ["p"], "asset": ["c"], "percentage": ["51"]])])
        #expect(GraphSnapshot(fromArray) == GraphSnapshot(fromLines))
        #expect(report.records == 3)
        let withBOM = try dir.write("b.json", bytes: [0xEF, 0xBB, 0xBF] + Array(("\r\n" + Self.arrayText).utf8))
        #expect(GraphSnapshot(try FtMReader.load(path: withBOM).0) == GraphSnapshot(fromLines))
    }

    @Test func arrayRecordErrorsCarryTheRecordsLine() throws {
        let bad = Self.arrayText.replacingOccurrences(of: #""percentage": ["51"]"#, with: #""percentage": ["151"]"#)
        let (error, path) = try ftmError(bad)
        #expect(error?.problem == .percentageOutOfRange("151"))
        #expect(error?.line == 14)
        #expect(error?.file == path)
        let missing = Self.arrayText.replacingOccurrences(of: #""schema": "Company","#, with: "")
        let (e2, _) = try ftmError(missing)
        #expect(e2?.problem == .missingField("schema"))
        #expect(e2?.line == 7)
        // Lenient: the tie is kept with its share unknown, and a warning names the line.
        let dir = try TempDir("array-lenient")
        defer { dir.remove() }
        let (network, report) = try FtMReader.load(path: try dir.write("a.json", bad), options: ReadOptions(lenient: true))
        #expect(report.skipped.isEmpty)
        #expect(report.warnings.contains { $0.contains("a.json:14:") && $0.contains("151") }, "\(report.warnings)")
        #expect(network.entityCount == 2)
        #expect(network.tieCount == 1 && network.shareInterval(0) == .unreadable, "some stake of unknown size")
    }

    @Test(.bug(id: "IO-2", "regression"))
    func arraySyntaxErrorsPointAtTheirLine() throws {
        // A trailing comma on line 11, inside the record that starts on line 7.
        let bad = Self.arrayText.replacingOccurrences(of: "\"name\": [\"Corp\"]\n", with: "\"name\": [\"Corp\"],\n")
        let (error, path) = try ftmError(bad)
        let e = try #require(error)
        #expect(e.file == path)
        #expect(e.problem.caseName == "malformedJSON")
        #expect(e.line == 12, "the '}' after the trailing comma is on line 12: \(e)")
        if case .malformedJSON(let column, _) = e.problem {
            let lineLength = bad.split(separator: "\n", omittingEmptySubsequences: false)[(e.line ?? 1) - 1].utf8.count
            #expect(column >= 1 && column <= lineLength, "the column lies on the reported line (\(column) of \(lineLength))")
        }
    }

    @Test(arguments: [
        ("[\n" + person + ",\n" + company, 3, "unterminated array"),
        ("[\n" + person + "\n" + company + "\n]", 3, "missing comma between elements"),
        ("[\n" + person + ",\n" + company + "\n] x", 4, "text after the array"),
        ("[\n" + person + ",\n" + company + ",\n]", 4, "trailing comma in the array"),
    ])
    func arrayStructureErrors(_ text: String, _ line: Int, _ what: String) throws {
        let (error, path) = try ftmError(text)
        #expect(error?.problem.caseName == "malformedJSON", "\(what): \(String(describing: error))")
        #expect(error?.line == line, "\(what): \(String(describing: error))")
        #expect(error?.file == path)
    }
}
