import Foundation
import Testing
import TestKit
@testable import GraphIO
import GraphCore
import SanctionsModel

/// The CSV trio (entities.csv, ties.csv, designations.csv) and bare edge lists.
@Suite struct CSVTests {
    static let entities = """
        id,kind,name,country,sectors,topics,aliases
        p,Person,"Deripaska, Oleg",ru,,sanction;role.oligarch,"Oleg ""OD"" Deripaska;O. Deripaska"
        c,Company,"En+ Group
        plc",je;ru,aluminium; Energy,,
        b,PublicBody,Rosatom,ru,rare earths,gov.soe,
        v,vessel,MV Polar,mt,,,
        s,Security,Bond 1,,,,

        """
    static let ties = """
        source,target,kind,share,start,end,id,detail
        p,c,ownership,"70,0",2018-04-06,2019-01-27,own-1,beneficial
        p,c,ownership,44.95%,2019-01-27,,own-2,
        b,c,control,,,,,voting trust
        p,b,unknown link,,2020,,,
        """
    static let designations = """
        entity,jurisdiction,authority,program,start,end,listing,status,id,country
        p,us,Office of Foreign Assets Control,UKRAINE-EO13661,2018-04-06,,,active,s-1,
        c,,Council of the European Union,,2018-04-06,2019-01-27,,,s-2,
        c,other,,,,,2022-03-01,,s-3,ch
        """

    /// Writes the trio (any file may be replaced) and returns the folder.
    static func trio(entities: String = entities, ties: String? = ties, designations: String? = designations) throws -> TempDir {
        let dir = try TempDir("csv")
        try dir.write("entities.csv", entities)
        if let ties { try dir.write("ties.csv", ties) }
        if let designations { try dir.write("designations.csv", designations) }
        return dir
    }

    @Test func trioReadsEntitiesTiesAndDesignations() throws {
        let dir = try Self.trio()
        defer { dir.remove() }
        let (network, report) = try CSVReader.loadTrio(folder: dir.path)
        #expect(report.skippedCount == 0 && report.warnings.isEmpty)
        #expect(network.kind("p") == .person)
        #expect(network.kind("b") == .organization)
        #expect(network.schema(of: try network.require("b")) == "PublicBody")
        #expect(network.kind("v") == .vessel)
        #expect(network.kind("s") == .other)
        #expect(network.namesOf("p") == ["Deripaska, Oleg"], "a quoted comma")
        #expect(network.aliasesOf("p") == ["Oleg \"OD\" Deripaska", "O. Deripaska"], "doubled quotes")
        #expect(network.namesOf("c") == ["En+ Group\nplc"], "a newline inside quotes")
        #expect(network.countriesOf("c") == ["je", "ru"])
        #expect(network.sectorNamesOf("c") == ["aluminium", "Energy"])
        #expect(network.topicsOf("p") == ["sanction", "role.oligarch"])
        let own1 = try #require(network.ties(.ownership, from: "p", to: "c").first { network.tieID($0) == "own-1" })
        #expect(network.share(own1) == .percent(70))
        #expect(network.validity(ofTie: own1) == Validity(start: Day("2018-04-06"), end: Day("2019-01-27")))
        #expect(network.tieDetail(own1) == "beneficial")
        let own2 = try #require(network.ties(.ownership, from: "p", to: "c").first { network.tieID($0) == "own-2" })
        #expect(network.share(own2) == .percent(44.95))
        let control = try #require(network.ties(.control, from: "b", to: "c").first)
        #expect(network.share(control) == .unknown)
        #expect(network.tieDetail(control) == "voting trust")
        #expect(network.ties(.unknownLink, from: "p", to: "b").count == 1)
        let ds = network.designations
        #expect(ds.count == 3)
        let s1 = try #require(ds.first { $0.id == "s-1" }), s2 = try #require(ds.first { $0.id == "s-2" })
        let s3 = try #require(ds.first { $0.id == "s-3" })
        #expect(s1.jurisdiction == .us && s1.country == "us" && s1.status == "active" && s1.program == "UKRAINE-EO13661")
        #expect(s2.jurisdiction == .eu, "inferred from the authority")
        #expect(s2.validity == Validity(start: Day("2018-04-06"), end: Day("2019-01-27")))
        #expect(s3.jurisdiction.code == "ch" && s3.country == "ch" && s3.listingDate == Day("2022-03-01"))
    }

    @Test func trioTiesAndDesignationsAreOptional() throws {
        let dir = try Self.trio(ties: nil, designations: nil)
        defer { dir.remove() }
        let (network, _) = try GraphLoader.load(path: dir.path)
        #expect(network.entityCount == 5 + 3, "five entities and three sectors")
        #expect(network.designations.isEmpty)
        // A path to one of the trio's files loads the whole folder.
        let (same, _) = try GraphLoader.load(path: dir.file("entities.csv"))
        #expect(same.entityCount == network.entityCount)
    }

    @Test func columnsInAnyOrderAndCaseWithCRLFAndBOM() throws {
        let entities = "\u{FEFF}NAME , Kind,ID\r\n\"A, B\",person,a\r\nC,company,c\r\n"
        let ties = "Kind,Target,Source,Share\r\nownership,c,a,51 %\r\n"
        let dir = try Self.trio(entities: entities, ties: ties, designations: nil)
        defer { dir.remove() }
        let (network, _) = try CSVReader.loadTrio(folder: dir.path)
        #expect(network.namesOf("a") == ["A, B"])
        #expect(network.kind("c") == .company)
        let e = try #require(network.ties(.ownership, from: "a", to: "c").first)
        #expect(network.share(e) == .percent(51))
    }

    @Test func repeatedRowsMergeLikeFtMRecords() throws {
        let entities = "id,kind,name,aliases,country\np,LegalEntity,Anna,A;B,ru\np,Person,Anna,B;C,ru;cy\n"
        let dir = try Self.trio(entities: entities, ties: nil, designations: nil)
        defer { dir.remove() }
        let (network, report) = try CSVReader.loadTrio(folder: dir.path)
        #expect(network.kind("p") == .person)
        #expect(network.namesOf("p") == ["Anna"])
        #expect(network.aliasesOf("p") == ["A", "B", "C"])
        #expect(network.countriesOf("p") == ["ru", "cy"])
        #expect(report.mergedDuplicates == 1)
    }

    @Test func unknownColumnsAreWarnedAbout() throws {
        let dir = try Self.trio(entities: "id,kind,colour\np,Person,red\n", ties: nil, designations: nil)
        defer { dir.remove() }
        let (_, report) = try CSVReader.loadTrio(folder: dir.path)
        #expect(report.warnings.contains { $0.contains("colour") })
    }

    /// (file, content, line, problem case, words the message must hold)
    static let badTrios: [(String, String, Int, String, String)] = [
        ("entities.csv", "id,kind,name\np,Person,\"Unterminated\nc,Company,C\n", 2, "badCSV", "unterminated"),
        ("entities.csv", "id,kind,name\np,Person,A\nc,Company\n", 3, "badCSV", "expected 3 fields"),
        ("entities.csv", "id,kind,name\np,Person,A,extra\n", 2, "badCSV", "found 4"),
        ("entities.csv", "id,name\np,A\n", 1, "badCSV", "'kind'"),
        ("entities.csv", "id,kind,id\np,Person,q\n", 1, "badCSV", "twice"),
        ("entities.csv", "id,kind,name\np,Person,A\nq,Spaceship,B\n", 3, "badValue", "Spaceship"),
        ("entities.csv", "id,kind,name\np,Person,A\n,Person,B\n", 3, "missingField", "id"),
        ("entities.csv", "id,kind,name\np,Person,A\np,Company,B\n", 3, "conflict", "'p'"),
        ("entities.csv", "id,kind,name\np,Person,ab\"c\n", 2, "badCSV", "quote"),
        ("entities.csv", "id,kind,name\np,Person,\"ab\"c\n", 2, "badCSV", "closing quote"),
        ("ties.csv", "source,target,kind,share\np,c,ownership,51\np,c,friendship,\n", 3, "badValue", "friendship"),
        ("ties.csv", "source,target,kind,share\np,c,ownership,abc\n", 2, "badPercentage", "abc"),
        ("ties.csv", "source,target,kind,share\np,c,ownership,140\n", 2, "percentageOutOfRange", "140"),
        ("ties.csv", "source,target,kind,share,start\np,c,ownership,5,2018-13-01\n", 2, "badDate", "2018-13-01"),
        ("ties.csv", "source,target,kind,share,end\n\np,c,ownership,5,yesterday\n", 3, "badDate", "yesterday"),
        ("ties.csv", "source,target,kind\np,,ownership\n", 2, "missingField", "target"),
        ("ties.csv", "source,target,kind\np,c,sector\n", 2, "badValue", "sectors"),
        ("ties.csv", "source,kind\np,ownership\n", 1, "badCSV", "'target'"),
        ("designations.csv", "entity,jurisdiction\np,mars\n", 2, "badValue", "mars"),
        ("designations.csv", "entity,jurisdiction,start\np,us,2018-02-30\n", 2, "badDate", "2018-02-30"),
        ("designations.csv", "entity,jurisdiction\n,us\n", 2, "missingField", "entity"),
    ]

    @Test(arguments: badTrios.indices)
    func badTrioInputNamesFileAndLine(_ index: Int) throws {
        let (file, content, line, problem, words) = Self.badTrios[index]
        let base = "id,kind\np,Person\nc,Company\n"
        let dir = try Self.trio(entities: file == "entities.csv" ? content : base,
                                ties: file == "ties.csv" ? content : nil,
                                designations: file == "designations.csv" ? content : nil)
        defer { dir.remove() }
        let error = try #require(inputError { () throws(InputError) in try CSVReader.loadTrio(folder: dir.path) })
        #expect(error.file == dir.file(file), "\(index): \(error)")
        #expect(error.line == line, "\(index): \(error)")
        #expect(error.problem.caseName == problem, "\(index): \(error)")
        #expect(error.description.contains(words), "\(index): \(error)")
    }

    @Test func lenientTrioSkipsBadRowsAndKeepsGoodOnes() throws {
        let ties = "source,target,kind,share\np,c,ownership,abc\np,c,ownership,30\np,c,ownership\np,ghost,control,\n"
        let dir = try Self.trio(entities: "id,kind\np,Person\nc,Company\nx,Dragon\n", ties: ties, designations: nil)
        defer { dir.remove() }
        let (network, report) = try CSVReader.loadTrio(folder: dir.path, options: ReadOptions(lenient: true))
        // The unreadable share keeps its tie (some stake of unknown size), with a warning.
        #expect(report.skippedCount == 2)
        #expect(report.skipped.map(\.line) == [4, 4])
        #expect(report.skipped.map(\.file) == [dir.file("entities.csv"), dir.file("ties.csv")])
        #expect(report.warnings.contains { $0.contains("ties.csv:2") && $0.contains("the tie is kept") }, "\(report.warnings)")
        #expect(report.danglingCount == 1)
        #expect(network.entityCount == 2)
        #expect(Set(network.tieTriples) == [TieTriple(kind: .ownership, source: "p", target: "c")])
        #expect(network.tieCount == 2)
        #expect(Set((0 ..< UInt32(network.tieCount)).map { network.shareInterval($0) }) == [.unreadable, .exact(30)])
    }

    @Test func danglingCSVTieIsAnErrorUnlessLenient() throws {
        let dir = try Self.trio(entities: "id,kind\np,Person\n", ties: "source,target,kind\np,ghost,ownership\n", designations: nil)
        defer { dir.remove() }
        let error = inputError { () throws(InputError) in try CSVReader.loadTrio(folder: dir.path) }
        guard case .danglingReferences(let refs, _) = error?.problem else { Issue.record("\(String(describing: error))"); return }
        #expect(refs.first?.missingID == "ghost")
        #expect(refs.first?.line == 2)
    }

    @Test(.bug(id: "IO-7", "regression"))
    func warningsNameTheFileTheyComeFrom() throws {
        let ties = "source,target,kind,share,id\np,c,ownership,30,own-1\np,c,ownership,40,own-1\n"
        let dir = try Self.trio(entities: "id,kind\np,Person\nc,Company\n", ties: ties,
                                designations: "entity,jurisdiction\np,us\n")
        defer { dir.remove() }
        let (network, report) = try CSVReader.loadTrio(folder: dir.path)
        #expect(network.shareInterval(0) == ShareInterval(low: 30, high: 40), "two reports of one stake: their hull")
        let warning = try #require(report.warnings.first { $0.contains("own-1") })
        #expect(warning.hasPrefix(dir.file("ties.csv") + ":3: "), "\(warning)")
    }

    @Test func quotedFieldsSpanningLinesKeepLaterLineNumbersRight() throws {
        let entities = "id,kind,name\np,Person,\"two\nline\nname\"\nq,Person,\"x\"\"y\"\nr,Dragon,R\n"
        let dir = try Self.trio(entities: entities, ties: nil, designations: nil)
        defer { dir.remove() }
        let error = inputError { () throws(InputError) in try CSVReader.loadTrio(folder: dir.path) }
        #expect(error?.line == 6, "the bad row starts on line 6: \(String(describing: error))")
        let (network, _) = try CSVReader.loadTrio(folder: dir.path, options: ReadOptions(lenient: true))
        #expect(network.namesOf("p") == ["two\nline\nname"])
        #expect(network.namesOf("q") == ["x\"y"])
    }

    @Test func csvEncodingProblems() throws {
        let dir = try TempDir("csv-enc")
        defer { dir.remove() }
        try dir.write("entities.csv", bytes: Array("id,kind,name\np,Person,A\nq,Person,B".utf8) + [0xFF] + [0x0A])
        let e1 = inputError { () throws(InputError) in try CSVReader.loadTrio(folder: dir.path) }
        #expect(e1?.problem == .notUTF8(column: 11))
        #expect(e1?.line == 3)
        try dir.write("entities.csv", bytes: [0xFF, 0xFE, 0x69, 0x00])
        #expect(inputError { () throws(InputError) in try CSVReader.loadTrio(folder: dir.path) }?.problem == .utf16)
        try dir.write("entities.csv", " \n\r\n")
        #expect(inputError { () throws(InputError) in try CSVReader.loadTrio(folder: dir.path) }?.problem == .emptyFile)
        let empty = try TempDir("csv-none")
        defer { empty.remove() }
        let e4 = inputError { () throws(InputError) in try CSVReader.loadTrio(folder: empty.path) }
        #expect(e4?.problem.caseName == "unreadable")
        #expect(e4?.description.contains("entities.csv") == true)
    }

    // MARK: Edge lists

    @Test func edgeListWithAndWithoutHeader() throws {
        let dir = try TempDir("edge")
        defer { dir.remove() }
        for text in ["source,target,share\na,b,50\nb,c,\nc,a,\"12,5\"\n", "a,b,50\nb,c\nc,a,12.5\n"] {
            let path = try dir.write("edges.csv", text)
            let (network, report) = try GraphLoader.load(path: path)
            #expect(report.records == 3)
            #expect(network.entityCount == 3)
            #expect(network.kinds.allSatisfy { $0 == .other })
            let ab = try #require(network.ties(.ownership, from: "a", to: "b").first)
            #expect(network.share(ab) == .percent(50))
            #expect(network.ties(.unknownLink, from: "b", to: "c").count == 1)
            let ca = try #require(network.ties(.ownership, from: "c", to: "a").first)
            #expect(network.share(ca) == .percent(12.5))
        }
    }

    @Test(arguments: [("a,b,50\nb\n", 2, "badCSV"), ("a,b,50\nb,c,d,e\n", 2, "badCSV"), ("source,target\na,b\n,c\n", 3, "badCSV"),
                      ("a,b,50\nb,c,150\n", 2, "percentageOutOfRange"), ("a,b,x\n", 1, "badPercentage"), ("a,\"b\n", 1, "badCSV")])
    func badEdgeLists(_ text: String, _ line: Int, _ problem: String) throws {
        let dir = try TempDir("edge-bad")
        defer { dir.remove() }
        let path = try dir.write("edges.csv", text)
        let error = try #require(inputError { () throws(InputError) in try CSVReader.loadEdgeList(path: path) })
        #expect(error.file == path)
        #expect(error.line == line, "\(error)")
        #expect(error.problem.caseName == problem, "\(error)")
    }

    @Test func edgeListWithOnlyAHeaderIsEmpty() throws {
        let dir = try TempDir("edge-empty")
        defer { dir.remove() }
        let path = try dir.write("edges.csv", "source,target,share\n")
        #expect(inputError { () throws(InputError) in try CSVReader.loadEdgeList(path: path) }?.problem == .emptyFile)
    }

    @Test func writtenCSVQuotesWhatNeedsQuoting() throws {
        #expect(csvRow(["a", "b,c", "d\"e", "f\ng", " h", ""]) == "a,\"b,c\",\"d\"\"e\",\"f\ng\",\" h\",\n")
        #expect(try csvRows(csvRow(["a", "b,c", "d\"e", "f\ng"])).first?.fields == ["a", "b,c", "d\"e", "f\ng"])
    }

    /// List cells escape the separator: a name with ";" survives the trio's round trip.
    @Test func listValuesWithTheSeparatorRoundTrip() throws {
        let (network, _) = try loadFtM([ftm("p", "Person", ["name": ["Smith; Jones & Co", "Back\\slash"], "alias": ["A;B"]])])
        let dir = try TempDir("csv-lists")
        defer { dir.remove() }
        try CSVWriter.writeTrio(network, folder: dir.path)
        let (back, _) = try CSVReader.loadTrio(folder: dir.path)
        #expect(back.namesOf("p") == ["Smith; Jones & Co", "Back\\slash"])
        #expect(back.aliasesOf("p") == ["A;B"])
    }

    /// Reports meant for spreadsheets neutralise formula cells; numbers stay numbers.
    @Test func reportRowsNeutraliseFormulas() {
        #expect(reportRow(["=HYPERLINK(\"x\")", "+1+1", "@SUM(A1)", "-2", "-x", "plain", "44.95"])
                == "\"'=HYPERLINK(\"\"x\"\")\",'+1+1,'@SUM(A1),-2,'-x,plain,44.95\n")
        #expect(csvRow(["=exact"]) == "=exact\n", "the CSV trio keeps values exact")
        // By the first byte, as a spreadsheet reads it: a carriage return that starts a CRLF
        // (one Character) and a formula sign carrying a combining mark are guarded too.
        #expect(reportRow(["\r\n=1+1", "=\u{301}A1", "\tx", " =x"]) == "\"'\r\n=1+1\",'=\u{301}A1,'\tx,\" =x\"\n")
        // A report written in pieces is the rows written whole.
        var rows = CSVRows(report: true)
        for row in [["a", "-b"], ["c,d", "+1"]] {
            for field in row { rows.field(field) }
            rows.endRow()
        }
        #expect(rows.text == reportRow(["a", "-b"]) + reportRow(["c,d", "+1"]))
    }

    /// A field written in pieces (`beginField`, `write`, `endField`) is the field written
    /// whole: quoted, doubled and guarded the same, in reports and in the trio.
    @Test func fieldsWrittenInPiecesAreTheFieldsWrittenWhole() {
        let pieces: [[String]] = [["plain"], ["listed: ", "OFAC, SDN", ", since 2014-05-03"], ["say \"", "hi\""], [" lead", "ing"],
                                  ["trail", "ing "], ["=SUM", "(A1)"], ["-", "2"], ["-", "x"], ["line\n", "break"], ["", ""], []]
        for report in [true, false] {
            var whole = CSVRows(report: report), streamed = CSVRows(report: report)
            for row in [pieces, pieces.reversed()] {
                for field in row {
                    whole.field(field.joined())
                    streamed.beginField()
                    for piece in field { streamed.write(piece) }
                    streamed.endField()
                }
                whole.endRow()
                streamed.endRow()
            }
            #expect(streamed.bytes == whole.bytes, "report: \(report)")
        }
        #expect(reportRow(["listed: OFAC, SDN"]) == "\"listed: OFAC, SDN\"\n")
    }
}

/// The trio is one output (#11 §2): when one of its files cannot be written, none replaces
/// what the folder held, and no temporary stays behind.
@Suite struct TrioAsOneTests {
    @Test func aFailedTrioLeavesTheFolderAsItWas() throws {
        let dir = try TempDir("trio-as-one")
        defer { dir.remove() }
        try dir.write("entities.csv", "old entities\n")
        try dir.write("ties.csv", "old ties\n")
        // designations.csv is a folder: the third file cannot be created.
        try FileManager.default.createDirectory(atPath: dir.file("designations.csv"), withIntermediateDirectories: false)
        let (network, _) = try loadFtM(GeneratedGraph(seed: 3, entities: 50).lines)
        let error = try #require(outputError { () throws(OutputError) in try CSVWriter.writeTrio(network, folder: dir.path) })
        #expect(error.file == dir.file("designations.csv"), "\(error)")
        #expect(try String(contentsOfFile: dir.file("entities.csv"), encoding: .utf8) == "old entities\n")
        #expect(try String(contentsOfFile: dir.file("ties.csv"), encoding: .utf8) == "old ties\n")
        let left = try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
        #expect(left == ["designations.csv", "entities.csv", "ties.csv"], "no temporaries: \(left)")
        // Once the way is clear, all three are written.
        try FileManager.default.removeItem(atPath: dir.file("designations.csv"))
        try CSVWriter.writeTrio(network, folder: dir.path)
        #expect(try String(contentsOfFile: dir.file("entities.csv"), encoding: .utf8).hasPrefix("id,kind,name"))
        #expect(FileManager.default.fileExists(atPath: dir.file("designations.csv")))
    }
}

/// A field with a CR-LF pair is quoted: "\r\n" is one Character, equal to neither "\r" nor
/// "\n", and an id ending in it was written bare (found by the edges fuzz target).
@Suite struct CSVQuotingTests {
    @Test func lineBreaksOfEveryKindAreQuoted() {
        #expect(csvRow(["b\r\n", "x"]) == "\"b\r\n\",x\n")
        #expect(csvRow(["a\rb"]) == "\"a\rb\"\n")
        #expect(csvRow(["a\nb"]) == "\"a\nb\"\n")
        #expect(csvRow(["plain"]) == "plain\n")
    }
}

/// The error `body` throws, if any.
func outputError(_ body: () throws(OutputError) -> Void) -> OutputError? {
    do { try body(); return nil } catch { return error }
}
