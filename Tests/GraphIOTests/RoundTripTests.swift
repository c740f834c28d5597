import Foundation
import Testing
import TestOracles
import TestKit
@testable import GraphIO
import GraphCore
import SanctionsModel

/// Write → read gives the same graph, for FtM, the CSV trio and edge lists.
@Suite struct RoundTripTests {
    static let bundled = ["Graphs/demo-rare-earths.ftm.json", "Graphs/en-plus-2019.ftm.json"]

    /// Reads `network` back after writing it as FtM.
    static func viaFtM(_ network: SanctionsNetwork) throws -> (SanctionsNetwork, ReadReport) {
        let dir = try TempDir("rt-ftm")
        defer { dir.remove() }
        let path = dir.file("out.ftm.json")
        try FtMWriter.write(network, to: path)
        return try FtMReader.load(path: path)
    }

    static func viaCSV(_ network: SanctionsNetwork) throws -> (SanctionsNetwork, ReadReport) {
        let dir = try TempDir("rt-csv")
        defer { dir.remove() }
        try CSVWriter.writeTrio(network, folder: dir.path)
        return try CSVReader.loadTrio(folder: dir.path)
    }

    @Test(arguments: bundled)
    func bundledGraphsRoundTripThroughFtM(_ file: String) throws {
        let (original, _) = try FtMReader.load(path: repoRoot() + "/" + file)
        let (copy, report) = try Self.viaFtM(original)
        #expect(report.warnings.isEmpty)
        let a = GraphSnapshot(original), b = GraphSnapshot(copy)
        #expect(a.difference(from: b) == nil)
        #expect(a == b)
        #expect(a.entities.count > 10 && a.ties.count > 10 && a.designations.count > 5, "\(a)")
        #expect(copy.entityCount == original.entityCount, "sector nodes included")
        #expect(copy.tieCount == original.tieCount, "sector memberships included")
    }

    @Test(arguments: bundled)
    func bundledGraphsRoundTripThroughCSV(_ file: String) throws {
        let (original, _) = try FtMReader.load(path: repoRoot() + "/" + file)
        let (copy, report) = try Self.viaCSV(original)
        #expect(report.warnings.isEmpty)
        #expect(report.skippedCount == 0)
        let a = GraphSnapshot(original), b = GraphSnapshot(copy)
        #expect(a.difference(from: b) == nil)
        #expect(a == b)
    }

    @Test func generatedGraphRoundTripsThroughFtM() throws {
        let lines = GeneratedGraph(seed: 42, entities: 300).lines
        let (original, report) = try loadFtM(lines)
        #expect(report.warnings.isEmpty, "\(report.warnings.prefix(3))")
        #expect(original.entityCount > 300, "sector nodes come on top")
        #expect(original.tieCount > 400)
        #expect(original.designations.count > 10)
        // Ties naming several owners have no id of their own: the writer makes one up.
        let (viaFtM, _) = try Self.viaFtM(original)
        let ftmDiff = GraphSnapshot(original, tieIDs: false).difference(from: GraphSnapshot(viaFtM, tieIDs: false))
        #expect(ftmDiff == nil)
        let keptIDs = Set((0 ..< UInt32(original.tieCount)).map { original.tieID($0) }.filter { !$0.isEmpty })
        let copiedIDs = Set((0 ..< UInt32(viaFtM.tieCount)).map { viaFtM.tieID($0) })
        #expect(keptIDs.isSubset(of: copiedIDs))
        // Twice through the writer is a fixed point, ids included.
        let (again, _) = try Self.viaFtM(viaFtM)
        #expect(GraphSnapshot(again) == GraphSnapshot(viaFtM))
    }

    @Test func generatedGraphRoundTripsThroughCSV() throws {
        let (original, _) = try loadFtM(GeneratedGraph(seed: 7, entities: 300).lines)
        let (viaFtM, _) = try Self.viaFtM(original)  // every tie gets an id, as CSV needs for a fair comparison
        let (viaCSV, report) = try Self.viaCSV(viaFtM)
        #expect(report.skippedCount == 0)
        // Secondary names are checked by `csvTrioKeepsEveryName`; here compare the rest.
        func firstNamesOnly(_ n: SanctionsNetwork) -> GraphSnapshot {
            var snapshot = GraphSnapshot(n)
            snapshot.entities = snapshot.entities.mapValues { e in
                var e = e
                e.names = Array(e.names.prefix(1))
                return e
            }
            return snapshot
        }
        let a = firstNamesOnly(viaFtM), b = firstNamesOnly(viaCSV)
        #expect(a.difference(from: b) == nil)
        #expect(a == b)
    }

    @Test(.bug(id: "IO-6", "regression"))
    func csvTrioKeepsEveryName() throws {
        let (network, _) = try loadFtM([ftm("p", "Person", ["name": ["Oleg Deripaska", "Oleg Vladimirovich Deripaska"], "alias": ["O. D."]])])
        let (copy, _) = try Self.viaCSV(network)
        #expect(copy.namesOf("p") == ["Oleg Deripaska", "Oleg Vladimirovich Deripaska"],
                "CSVWriter writes only the first name; the second is lost")
        #expect(copy.aliasesOf("p") == ["O. D."])
    }

    @Test func writtenLinesAreValidJSONInFixedOrder() throws {
        let line = FtMWriter.line(id: "p\"1", schema: "Person", properties: [("name", ["Zoë \"Z\" \\ \n\t\u{1}"]), ("country", ["ru", "cy"])])
        #expect(line == #"{"id": "p\"1", "schema": "Person", "properties": {"name": ["Zoë \"Z\" \\ \n\t\u0001"], "country": ["ru", "cy"]}}"# + "\n")
        let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
        let props = object?["properties"] as? [String: [String]]
        #expect(props?["name"] == ["Zoë \"Z\" \\ \n\t\u{1}"])
        #expect(FtMWriter.line(id: "x", schema: "Company", properties: []) == #"{"id": "x", "schema": "Company", "properties": {}}"# + "\n")
    }

    @Test func writerOutputIsDeterministic() throws {
        let (network, _) = try FtMReader.load(path: repoRoot() + "/Graphs/demo-rare-earths.ftm.json")
        let dir = try TempDir("det")
        defer { dir.remove() }
        try FtMWriter.write(network, to: dir.file("a.json"))
        try FtMWriter.write(network, to: dir.file("b.json"))
        let a = try Data(contentsOf: URL(fileURLWithPath: dir.file("a.json")))
        #expect(a == (try Data(contentsOf: URL(fileURLWithPath: dir.file("b.json")))))
        #expect(a.count > 10_000)
    }

    /// A two-entity network whose one ownership tie has `share`, built without any reader.
    static func network(share: Double) -> SanctionsNetwork {
        var builder = NetworkBuilder()
        let p = builder.node("p"), c = builder.node("c")
        _ = builder.define(p, schema: "Person", kind: .person, line: 1)
        _ = builder.define(c, schema: "Company", kind: .company, line: 2)
        builder.addTie(.ownership, from: p, to: c, share: share, line: 3)
        return builder.finish().0
    }

    @Test(arguments: [12.345678901234567, 33.333333333333336, 0.1 + 0.2, 44.95, 7.65, 100.0 / 7, 0.5, 48.13, 66.66666666666667])
    func sharesSurviveTheWriters(_ share: Double) throws {
        try Self.checkShareRoundTrip(share)
    }

    /// Shares whose shortest spelling has 16–17 significant digits (about 9% of arbitrary doubles).
    @Test(.bug(id: "IO-4", "regression"),
          arguments: [99.99999999999999, 94.52706955539223, 23.308445025757262, 12.088995980580641])
    func fullPrecisionSharesSurviveTheWriters(_ share: Double) throws {
        try Self.checkShareRoundTrip(share)
    }

    static func checkShareRoundTrip(_ share: Double, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let network = Self.network(share: share)
        let (ftm, _) = try Self.viaFtM(network)
        #expect(ftm.share(0) == .percent(share), "FtM writer → reader: \(Share.format(share))", sourceLocation: sourceLocation)
        let (csv, _) = try Self.viaCSV(network)
        #expect(csv.share(0) == .percent(share), "CSV writer → reader: \(Share.format(share))", sourceLocation: sourceLocation)
    }

    @Test(.bug(id: "IO-3", "regression"), arguments: [0.00001, 0.000_05, 1e-7])
    func tinySharesAreWrittenInAFormTheReadersAccept(_ share: Double) throws {
        // 0.00001% is a plausible stake (a few shares of a large company), and FtM input spells it so.
        let (network, _) = try loadFtM([ftm("p", "Person"), ftm("c", "Company"),
                                        ftm("o", "Ownership", ["owner": ["p"], "asset": ["c"], "percentage": [String(format: "%.7f", share)]])])
        #expect(network.share(0) == .percent(share))
        let dir = try TempDir("tiny")
        defer { dir.remove() }
        try FtMWriter.write(network, to: dir.file("t.json"))
        var error: InputError?
        do { _ = try FtMReader.load(path: dir.file("t.json")) } catch let e { error = e }
        #expect(error == nil, "FtMWriter writes '\(Share.format(share))', which FtMReader rejects: \(String(describing: error))")
        let copy = try? Self.viaCSV(network).0
        #expect(copy?.share(0) == .percent(share), "CSVWriter writes '\(Share.format(share))' too")
    }

    @Test(.bug(id: "IO-5", "regression"))
    func designationWithoutCountryKeepsAnEmptyCountry() throws {
        let (network, _) = try loadFtM([ftm("p", "Person"),
                                        ftm("s", "Sanction", ["entity": ["p"], "authority": ["Office of Foreign Assets Control"]])])
        #expect(network.designations.first?.country == "")
        #expect(network.designations.first?.jurisdiction == .us)
        let (copy, _) = try Self.viaFtM(network)
        #expect(copy.designations.first?.jurisdiction == .us)
        #expect(copy.designations.first?.country == "", "the writer invents country 'us' for a record that had none")
    }

    @Test(.bug(id: "IO-8", "regression"))
    func madeUpTieIDsDoNotCollideWithRealOnes() throws {
        // 'tie-1' is a real id; the two-owner tie has none, and its first edge is edge 1.
        let (network, _) = try loadFtM([
            ftm("a", "Person"), ftm("b", "Person"), ftm("c", "Company"),
            ftm("tie-1", "Ownership", ["owner": ["a"], "asset": ["c"], "percentage": ["10"]]),
            ftm("joint", "Ownership", ["owner": ["a", "b"], "asset": ["c"], "percentage": ["20"]]),
        ])
        #expect(network.tieCount == 3)
        let copy = try? Self.viaFtM(network).0
        #expect(copy?.tieCount == 3, "the id-less a→c tie is written as 'tie-1' and merged into the real one")
        #expect(copy.map { GraphSnapshot($0, tieIDs: false) } == GraphSnapshot(network, tieIDs: false))
    }

    @Test func edgeListKeepsEndsAndShares() throws {
        let (network, _) = try FtMReader.load(path: repoRoot() + "/Graphs/en-plus-2019.ftm.json")
        let dir = try TempDir("edges")
        defer { dir.remove() }
        let path = dir.file("edges.csv")
        try CSVWriter.writeEdgeList(network, to: path)
        let (copy, _) = try CSVReader.loadEdgeList(path: path)
        func ends(_ n: SanctionsNetwork) -> [String] {
            (0 ..< UInt32(n.tieCount)).filter { n.tieKind($0) != .sectorMembership }.map { e in
                "\(n.id(of: n.graph.source(of: e)))→\(n.id(of: n.graph.target(of: e))) \(n.share(e))"
            }.sorted()
        }
        #expect(ends(copy) == ends(network))
        #expect(!ends(copy).isEmpty)
        for e in 0 ..< UInt32(copy.tieCount) {
            #expect(copy.tieKind(e) == (copy.share(e) == .unknown ? .unknownLink : .ownership))
        }
        #expect(copy.kinds.allSatisfy { $0 == .other })
        let header = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").first
        #expect(header == "source,target,share")
    }
}

/// A seeded random FtM graph exercising every field the writers carry.
struct GeneratedGraph {
    var lines: [String] = []

    init(seed: UInt64, entities n: Int) {
        var state = seed
        func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        func below(_ k: Int) -> Int { Int(next() % UInt64(k)) }
        func pick<T>(_ xs: [T]) -> T { xs[below(xs.count)] }
        func date() -> String { String(format: "%04d-%02d-%02d", 2000 + below(25), 1 + below(12), 1 + below(28)) }
        let schemas = ["Person", "Company", "Company", "Organization", "PublicBody", "LegalEntity", "Vessel", "Airplane", "Security"]
        let words = ["Zoë", "Ørsted", "\"Quoted\"", "Comma, Inc", "Semi", "Back\\slash", "Line\nbreak", "Émile", "李", "😀"]
        var schemaOf: [String] = []
        for i in 0 ..< n {
            let schema = i < 5 ? "Person" : pick(schemas)
            schemaOf.append(schema)
            var props: KeyValuePairs<String, [String]> = ["name": ["\(pick(words)) \(i)"]]
            switch below(4) {
            case 0: props = ["name": ["\(pick(words)) \(i)", "Second \(i)"], "alias": ["A\(i)", "\(pick(words)) alias"],
                             "country": ["ru", "cy"], "topics": ["sanction", "role.pep"]]
            case 1: props = ["name": ["\(pick(words)) \(i)"], "country": [pick(["ru", "gb", "vg", "ae"])],
                             "sector": [pick(["rare earths", "Nickel", "energy"])]]
            case 2: props = ["country": ["je"], "topics": ["gov.soe"]]  // no name: the id stands in
            default: break
            }
            lines.append(ftm("e\(i)", schema, props))
        }
        func entity() -> String { "e\(below(n))" }
        for t in 0 ..< n * 3 / 2 {
            let owner = entity()
            let asset = "e\(5 + below(n - 5))"
            var props: KeyValuePairs<String, [String]> = ["owner": [owner], "asset": [asset]]
            switch below(5) {
            case 0: props = ["owner": [owner], "asset": [asset], "percentage": ["\(below(101))"], "startDate": [date()]]
            case 1: props = ["owner": [owner], "asset": [asset], "percentage": ["\(below(100)).\(below(100))"],
                             "startDate": [date()], "endDate": ["2030-01-01"], "ownershipType": ["beneficial"]]
            case 2: props = ["owner": [owner, entity()], "asset": [asset], "percentage": ["12.5"]]
            default: break
            }
            lines.append(ftm("own\(t)", "Ownership", props))
        }
        for t in 0 ..< n / 2 {
            let kind = pick([("Directorship", "director", "organization", "role", "Chairman"),
                             ("Control", "controller", "controlled", "controlType", "voting trust"),
                             ("Family", "person", "relative", "relationship", "spouse"),
                             ("Associate", "person", "associate", "relationship", "partner"),
                             ("UnknownLink", "subject", "object", "role", ""),
                             ("Employment", "employee", "employer", "role", "CFO")])
            var props: KeyValuePairs<String, [String]> = [kind.1: [entity()], kind.2: [entity()]]
            if !kind.4.isEmpty { props = [kind.1: [entity()], kind.2: [entity()], kind.3: [kind.4], "startDate": ["2019-02"]] }
            lines.append(ftm("\(kind.0.lowercased())\(t)", kind.0, props))
        }
        for s in 0 ..< n / 10 {
            var props: KeyValuePairs<String, [String]> = ["entity": [entity()], "country": [pick(["us", "eu", "gb", "ua", "ch", "uk"])],
                                                          "authority": [pick(["Office of Foreign Assets Control", "Council of the European Union", "Office of Financial Sanctions Implementation"])],
                                                          "program": ["RUSSIA-EO14024"], "listingDate": [date()], "startDate": [date()]]
            if below(3) == 0 {
                props = ["entity": [entity()], "country": [pick(["us", "eu", "gb"])], "authority": ["Office of Foreign Assets Control"], "program": ["UKRAINE-EO13660"],
                         "startDate": ["2014-03-20"], "endDate": [date()], "status": ["delisted"]]
            }
            lines.append(ftm("sanc\(s)", "Sanction", props))
        }
        lines.append(ftm("addr", "Address", ["full": ["1 Main St"]]))
    }
}
