import Foundation
import Testing
import TestKit
@testable import GraphIO
import GraphCore
import SanctionsModel

/// Malformed JSON and records of the wrong shape: every error names the file and the line
/// and says what is wrong; lenient mode skips, counts and keeps the good records.
@Suite struct BadInputTests {
    static let good1 = ftm("p", "Person", ["name": ["Good Person"]])
    static let good3 = ftm("c", "Company", ["name": ["Good Company"]])

    /// The error for a file whose line 2 is `bad`, between two good records.
    static func errorOnLine2(_ bad: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> (InputError, String) {
        let (error, path) = try ftmError([good1, bad, good3].joined(separator: "\n") + "\n", sourceLocation: sourceLocation)
        return (try #require(error, sourceLocation: sourceLocation), path)
    }

    static let malformed: [(String, String)] = [
        (#"{"id": "x", "schema": "Person", "properties": {"name": ["A"]"#, "truncated object"),
        (#"{"id": "x", "schema": "Person", "properties": {"name": ["A"]}"#, "missing closing brace"),
        (#"{"id": "x", "schema": "Person", "properties": {},}"#, "trailing comma in the object"),
        (#"{"id": "x", "schema": "Person", "properties": {"name": ["A",]}}"#, "trailing comma in a list"),
        (#"{'id': 'x', 'schema': 'Person', 'properties': {}}"#, "single quotes"),
        (#"{"id": "x", "schema": "Person", "properties": {}} {"id": "y"}"#, "a second record on the line"),
        (#"{"id": "x", "schema": "Person", "properties": {}} trailing"#, "text after the record"),
        (#"{"id": "x", "schema": "Person", "properties": {}},"#, "a comma after the record"),
        (#"{"id": "x" "schema": "Person"}"#, "missing comma"),
        (#"{"id": "x", "schema": "Person", "properties": {"name": ["A\#tB"]}}"#, "raw tab in a string"),
        (#"{"id": "x", "schema": "Person", "properties": {"name": ["A\qB"]}}"#, "invalid escape"),
        (#"{"id": "x", "schema": "Person", "properties": {"name": ["\ud83d"]}}"#, "lone surrogate"),
        (#"{"id": "x", "schema": "Person", "properties": {"name": ["\u00g9"]}}"#, "bad hex escape"),
        (#"{"id": "x", "schema": "Person", "properties": {}, "n": 01}"#, "leading zero"),
        (#"{"id": "x", "schema": "Person", "properties": {}, "n": tru}"#, "bad literal"),
        (#"["not", "an object"]"#, "an array where a record should be"),
        (#""just a string""#, "a string where a record should be"),
        (#"{"id": "x", "schema": "Person", "properties": {"name": ["A"]}, "datasets": ["a", "b"}"#, "mismatched bracket"),
    ]

    @Test(arguments: malformed.indices)
    func malformedJSONNamesFileAndLine(_ index: Int) throws {
        let (bad, what) = Self.malformed[index]
        let (error, path) = try Self.errorOnLine2(bad)
        #expect(error.file == path, "\(what)")
        #expect(error.line == 2, "\(what): \(error)")
        #expect(error.problem.caseName == "malformedJSON", "\(what): \(error)")
        #expect(error.description.hasPrefix("\(path):2: malformed JSON at column "), "\(what): \(error)")
    }

    @Test func malformedJSONColumnPointsAtTheProblem() throws {
        let bad = #"{"id": "x", "schema": "Person", "properties": {},}"#
        let (error, _) = try Self.errorOnLine2(bad)
        guard case .malformedJSON(let column, let detail) = error.problem else { Issue.record("\(error)"); return }
        #expect(column == bad.utf8.count, "the closing brace after the trailing comma")
        #expect(detail.contains("'}'"))
    }

    @Test(arguments: [
        (#""name": [1]"#, "name"), (#""name": [["A"]]"#, "name"), (#""name": [{"a": "b"}]"#, "name"), (#""name": 5"#, "name"),
        (#""percentage": [51]"#, "percentage"), (#""name": {"en": "A"}"#, "name"), (#""country": true"#, "country"),
        (#""name": ["A", null]"#, "name"),
    ])
    func propertyValuesMustBeListsOfStrings(_ property: String, _ name: String) throws {
        let (error, path) = try Self.errorOnLine2(#"{"id": "x", "schema": "Person", "properties": {\#(property)}}"#)
        #expect(error.file == path)
        #expect(error.line == 2)
        guard case .badValue(let p, let detail) = error.problem else { Issue.record("\(property): \(error)"); return }
        #expect(p == name)
        #expect(detail.contains("string"))
        #expect(error.description.contains("'\(name)'"))
    }

    @Test func bareStringAndNullPropertiesAreTolerated() throws {
        let (network, _) = try loadFtM([#"{"id": "x", "schema": "Person", "properties": {"name": "Bare", "alias": null}}"#])
        #expect(network.namesOf("x") == ["Bare"])
        #expect(network.aliasesOf("x").isEmpty)
    }

    @Test(arguments: [
        (#"{"schema": "Person", "properties": {}}"#, InputProblem.missingField("id")),
        (#"{"id": "", "schema": "Person", "properties": {}}"#, .missingField("id")),
        (#"{"id": "x", "properties": {"name": ["A"]}}"#, .missingField("schema")),
        (#"{}"#, .missingField("id")),
        (#"{"id": "o", "schema": "Ownership", "properties": {"asset": ["c"]}}"#, .missingField("properties.owner")),
        (#"{"id": "o", "schema": "Ownership", "properties": {"owner": ["p"]}}"#, .missingField("properties.asset")),
        (#"{"id": "o", "schema": "Ownership", "properties": {"owner": [], "asset": ["c"]}}"#, .missingField("properties.owner")),
        (#"{"id": "d", "schema": "Directorship", "properties": {"director": ["p"]}}"#, .missingField("properties.organization")),
        (#"{"id": "s", "schema": "Sanction", "properties": {"country": ["us"]}}"#, .missingField("properties.entity")),
    ])
    func missingFieldsAreNamed(_ bad: String, _ problem: InputProblem) throws {
        let (error, path) = try Self.errorOnLine2(bad)
        #expect(error.problem == problem, "\(bad)")
        #expect(error.file == path)
        #expect(error.line == 2)
        #expect(error.description.contains("missing"))
    }

    @Test func idAndSchemaMustBeStrings() throws {
        for bad in [#"{"id": 5, "schema": "Person", "properties": {}}"#, #"{"id": "x", "schema": ["Person"], "properties": {}}"#,
                    #"{"id": "x", "schema": "Person", "properties": ["name"]}"#] {
            let (error, _) = try Self.errorOnLine2(bad)
            #expect(error.line == 2)
            #expect(error.problem.caseName == "badValue", "\(bad): \(error)")
        }
    }

    @Test func lenientSkipsBadRecordsAndSaysWhich() throws {
        let lines = [
            Self.good1,                                                        // 1
            #"{"id": "x", "schema": "Person", "properties": {"name": ["A"]"#,  // 2: truncated
            "",                                                                // 3: blank
            #"{"schema": "Person", "properties": {}}"#,                        // 4: no id
            Self.good3,                                                        // 5
            #"{"id": "o", "schema": "Ownership", "properties": {"owner": ["p"], "asset": ["c"], "percentage": ["60"]}}"#,  // 6
            #"{"id": "y", "schema": "Person", "properties": {"name": [7]}}"#,  // 7: not a string
        ]
        let (network, report) = try loadFtM(lines, options: ReadOptions(lenient: true))
        #expect(report.skippedCount == 3)
        #expect(report.skipped.map(\.line) == [2, 4, 7])
        #expect(report.skipped.map(\.problem.caseName) == ["malformedJSON", "missingField", "badValue"])
        #expect(report.records == 6, "blank lines are not records")
        #expect(network.entityCount == 2)
        #expect(network.tieTriples == [TieTriple(kind: .ownership, source: "p", target: "c")])
        let notices = report.notices
        #expect(notices.first == "skipped 3 bad records (--lenient):")
        #expect(notices.contains { $0.contains(":2: malformed JSON") })
    }

    @Test func lenientKeepsOnlyTheFirstTwentyErrorsButCountsAll() throws {
        var lines = [Self.good1]
        for i in 0 ..< 30 { lines.append(#"{"id": "bad\#(i)", "schema": "Person""#) }
        let (network, report) = try loadFtM(lines, options: ReadOptions(lenient: true))
        #expect(network.entityCount == 1)
        #expect(report.skippedCount == 30)
        #expect(report.skipped.count == ReadReport.keep)
        #expect(report.skipped.first?.line == 2)
        #expect(report.notices.first?.contains("the first 20") == true)
    }

    // MARK: Dangling references

    @Test func danglingReferenceListsLineAndMissingID() throws {
        let text = [Self.good1,
                    ftm("c", "Company"),
                    ftm("o", "Ownership", ["owner": ["p"], "asset": ["ghost"], "percentage": ["60"]]),
                    ftm("s", "Sanction", ["entity": ["phantom"], "country": ["us"]])].joined(separator: "\n")
        let (error, path) = try ftmError(text)
        let e = try #require(error)
        #expect(e.file == path)
        #expect(e.line == nil)
        guard case .danglingReferences(let refs, let total) = e.problem else { Issue.record("\(e)"); return }
        #expect(total == 2)
        #expect(refs.map(\.line) == [3, 4])
        #expect(refs.map(\.recordID) == ["o", "s"])
        #expect(refs.map(\.property) == ["asset", "entity"])
        #expect(refs.map(\.missingID) == ["ghost", "phantom"])
        #expect(e.description.contains("\(path):3: 'o' refers to missing entity 'ghost' (asset)"))
        #expect(e.description.contains("--lenient"))
    }

    @Test func lenientDropsDanglingTiesAndReportsThem() throws {
        let (network, report) = try loadFtM([
            Self.good1, ftm("c", "Company"),
            ftm("o1", "Ownership", ["owner": ["ghost"], "asset": ["c"]]),
            ftm("o2", "Ownership", ["owner": ["p"], "asset": ["c"], "percentage": ["10"]]),
            ftm("s", "Sanction", ["entity": ["phantom"]]),
            ftm("s2", "Sanction", ["entity": ["p"]]),
        ], options: ReadOptions(lenient: true))
        #expect(network.entityCount == 2, "missing entities are not invented")
        #expect(network.node(id: "ghost") == nil)
        #expect(network.tieTriples == [TieTriple(kind: .ownership, source: "p", target: "c")])
        #expect(network.designations.count == 1)
        #expect(report.danglingCount == 2)
        #expect(report.dangling.map(\.missingID) == ["ghost", "phantom"])
        #expect(report.dangling.map(\.line) == [3, 5])
        #expect(report.notices.contains { $0.hasPrefix("dropped 2 ties/designations") })
    }

    // MARK: Structure limits

    @Test func deepNestingIsAnErrorNotACrash() throws {
        let deep = String(repeating: "[", count: 10_000)
        let (e1, _) = try Self.errorOnLine2(#"{"id": "x", "schema": "Person", "properties": {}, "junk": \#(deep)}"#)
        #expect(e1.line == 2)
        #expect(e1.problem.caseName == "malformedJSON")
        #expect(e1.description.contains("nesting"))
        let objects = String(repeating: #"{"a": "#, count: 10_000)
        let (e2, _) = try Self.errorOnLine2(#"{"id": "x", "schema": "Person", "junk": \#(objects)}"#)
        #expect(e2.problem.caseName == "malformedJSON")
        let (e3, _) = try Self.errorOnLine2(#"{"id": "x", "schema": "Person", "properties": {"name": \#(deep)}}"#)
        #expect(e3.line == 2)
        // A file that is nothing but brackets is read as a JSON array and fails cleanly too.
        let (e4, path) = try ftmError(deep + "\n")
        #expect(e4?.file == path)
        #expect(e4?.line == 1)
    }

    @Test func aLineOverTheRecordLimitIsRejectedWithItsLine() throws {
        let dir = try TempDir("long")
        defer { dir.remove() }
        let huge = #"{"id": "big", "schema": "Person", "properties": {"name": [""# + String(repeating: "x", count: 3 << 20) + #""]}}"#
        let path = try dir.write("long.json", [Self.good1, huge, Self.good3, #"{"id": "q""#].joined(separator: "\n"))
        let options = ReadOptions(maxRecordBytes: 1 << 20)
        let error = try #require(inputError { () throws(InputError) in try FtMReader.load(path: path, options: options) })
        #expect(error.file == path)
        #expect(error.line == 2)
        #expect(error.problem == .recordTooLong(limitBytes: 1 << 20))
        #expect(error.description.contains("longer than 1 MiB"))

        let (network, report) = try FtMReader.load(path: path, options: ReadOptions(lenient: true, maxRecordBytes: 1 << 20))
        #expect(report.skippedCount == 2)
        #expect(report.skipped.map(\.line) == [2, 4], "line numbers stay right after a skipped long line")
        #expect(Set((0 ..< UInt32(network.entityCount)).map { network.id(of: $0) }) == ["p", "c"])

        // The same line under the default limit is just a long record.
        let (big, _) = try FtMReader.load(path: try dir.write("ok.json", [Self.good1, huge].joined(separator: "\n")))
        #expect(big.namesOf("big").first?.utf8.count == 3 << 20)
    }

    @Test(.timeLimit(.minutes(1)))
    func aHundredMegabyteLineUnderTheDefaultLimitFailsCleanly() throws {
        let dir = try TempDir("huge")
        defer { dir.remove() }
        // Built with Data (fast even in debug builds): one 100 MiB record, then a good one.
        var data = Data(#"{"id": "big", "schema": "Person", "properties": {"name": [""#.utf8)
        data.append(Data(repeating: UInt8(ascii: "y"), count: 100 << 20))
        data.append(Data((#""]}}"# + "\n" + Self.good1).utf8))
        let path = dir.file("huge.json")
        try data.write(to: URL(fileURLWithPath: path))
        data = Data()
        let clock = ContinuousClock(), start = clock.now
        let error = try #require(inputError { () throws(InputError) in try FtMReader.load(path: path) })
        #expect(error.problem == .recordTooLong(limitBytes: ReadOptions().maxRecordBytes))
        #expect(error.line == 1)
        #expect(error.file == path)
        let (network, report) = try FtMReader.load(path: path, options: ReadOptions(lenient: true))
        #expect(report.skippedCount == 1)
        #expect(network.entityCount == 1)
        print("100 MiB line: read twice in \(clock.now - start)")
    }
}
