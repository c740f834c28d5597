import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
import TestOracles
import TestKit
@testable import GraphIO
import GraphCore
import SanctionsModel

/// GraphML: what the writer writes is valid XML with declared, typed keys, escapes any
/// name, and reads back into the same graph; and every format `convert` writes that can be
/// read back round-trips.
@Suite struct GraphMLTests {
    static let bundled = ["Graphs/demo-rare-earths.ftm.json", "Graphs/en-plus-2019.ftm.json"]
    static let day = Day("2026-11-29")!

    static func load(_ file: String) throws -> SanctionsNetwork {
        try FtMReader.load(path: repoRoot() + "/" + file).0
    }

    static func viaGraphML(_ network: SanctionsNetwork, options: GraphMLOptions = GraphMLOptions(asOf: day)) throws -> (SanctionsNetwork, ReadReport, String) {
        let dir = try TempDir("rt-graphml")
        defer { dir.remove() }
        let path = dir.file("out.graphml")
        try GraphMLWriter.write(network, to: path, options: options)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let (copy, report) = try GraphMLReader.load(path: path)
        return (copy, report, text)
    }

    /// Parses `text` with Foundation's XML parser and returns the parse (nil error when well-formed).
    static func parse(_ text: String) -> XMLCheck {
        let check = XMLCheck()
        let parser = XMLParser(data: Data(text.utf8))
        parser.delegate = check
        check.ok = parser.parse()
        if !check.ok { check.errors.append(parser.parserError.map { "\($0)" } ?? "unknown parse error") }
        return check
    }

    // MARK: Round trips of every readable format

    @Test(arguments: bundled)
    func graphMLRoundTrips(_ file: String) throws {
        let original = try Self.load(file)
        let (copy, report, _) = try Self.viaGraphML(original)
        // The one warning: the entities marked designated, whose designations GraphML does not carry.
        #expect(report.warnings.filter { !$0.contains("marked designated") }.isEmpty, "\(report.warnings.prefix(3))")
        #expect(report.warnings.count == 1)
        #expect(report.skippedCount == 0)
        let a = GraphSnapshot(original), b = GraphSnapshot(copy)
        // Everything but the designations, which GraphML does not carry.
        #expect(a.entities == b.entities, "\(a.difference(from: b) ?? "")")
        #expect(a.ties == b.ties, "\(a.difference(from: b) ?? "")")
        #expect(b.designations.isEmpty)
        #expect(a.entities.count > 10 && a.ties.count > 10, "\(a)")
        #expect(copy.entityCount == original.entityCount, "sector nodes recreated from the sectors attribute")
        #expect(copy.tieCount == original.tieCount, "sector memberships recreated")
        for v in 0 ..< UInt32(original.entityCount) {
            let w = try #require(copy.node(id: original.id(of: v)))
            #expect(copy.name(of: w) == original.name(of: v))
            #expect(copy.kinds[Int(w)] == original.kinds[Int(v)])
        }
    }

    @Test(arguments: bundled)
    func ftmRoundTrips(_ file: String) throws {
        let original = try Self.load(file)
        let dir = try TempDir("rt-ftm")
        defer { dir.remove() }
        try FtMWriter.write(original, to: dir.file("out.ftm.json"))
        let (copy, _) = try GraphLoader.load(path: dir.file("out.ftm.json"))
        #expect(GraphSnapshot(original).difference(from: GraphSnapshot(copy)) == nil)
        #expect(GraphSnapshot(original) == GraphSnapshot(copy))
    }

    @Test(arguments: bundled)
    func csvTrioRoundTrips(_ file: String) throws {
        let original = try Self.load(file)
        let dir = try TempDir("rt-trio")
        defer { dir.remove() }
        try CSVWriter.writeTrio(original, folder: dir.path)
        let (copy, _) = try GraphLoader.load(path: dir.path)
        #expect(GraphSnapshot(original).difference(from: GraphSnapshot(copy)) == nil)
        #expect(GraphSnapshot(original) == GraphSnapshot(copy))
    }

    @Test(arguments: bundled)
    func edgeListKeepsEndsAndShares(_ file: String) throws {
        let original = try Self.load(file)
        let dir = try TempDir("rt-edges")
        defer { dir.remove() }
        try CSVWriter.writeEdgeList(original, to: dir.file("edges.csv"))
        let (copy, _) = try GraphLoader.load(path: dir.file("edges.csv"))
        func triples(_ n: SanctionsNetwork) -> [String] {
            (0 ..< UInt32(n.tieCount)).filter { n.tieKind($0) != .sectorMembership }.map { e in
                "\(n.id(of: n.graph.source(of: e)))→\(n.id(of: n.graph.target(of: e))) \(n.share(e))"
            }.sorted()
        }
        #expect(triples(original) == triples(copy))
        #expect(copy.tieCount > 10)
        // Known shares become ownership ties, the rest unknown links.
        for e in 0 ..< UInt32(copy.tieCount) {
            if case .percent = copy.share(e) { #expect(copy.tieKind(e) == .ownership) } else { #expect(copy.tieKind(e) == .unknownLink) }
        }
    }

    // MARK: Validity

    @Test(arguments: bundled)
    func documentIsValidGraphML(_ file: String) throws {
        let network = try Self.load(file)
        let status: [BlockStatus] = (0 ..< network.entityCount).map { $0 % 2 == 0 ? .clear : .owned }
        let text = GraphMLWriter.document(network, options: GraphMLOptions(asOf: Self.day, rule: "uk", status: status))
        let check = Self.parse(text)
        #expect(check.ok, "\(check.errors)")
        #expect(check.root == "graphml")
        #expect(check.undeclaredUses.isEmpty, "data used before its key is declared: \(check.undeclaredUses.prefix(3))")
        #expect(Set(check.keyTypes.values).isSubset(of: ["string", "double", "boolean", "int"]))
        #expect(check.keyTypes["e_share"] == "double")
        #expect(check.keyTypes["v_designated"] == "boolean")
        #expect(check.keyDomains["v_status"] == "node" && check.keyDomains["e_kind"] == "edge")
        #expect(Set(check.values["v_status", default: []]) == ["clear", "owned"], "statuses are written as their descriptions")
        #expect(check.graphDefault == "directed")
        let nodes = network.kinds.filter { $0 != .sector }.count
        #expect(check.counts["node"] == nodes)
        #expect(check.counts["edge"] == (0 ..< UInt32(network.tieCount)).filter { network.tieKind($0) != .sectorMembership }.count)
        // Typed values parse as their types.
        for value in check.values["e_share", default: []] { #expect(Double(value) != nil && (0 ... 100).contains(Double(value)!), "\(value)") }
        for value in check.values["v_designated", default: []] { #expect(value == "true" || value == "false") }
        for key in ["e_start", "e_end"] {
            for value in check.values[key, default: []] { #expect(Day(value)?.description == value, "\(value)") }
        }
        #expect(check.values["v_status", default: []].count == nodes)
        #expect(check.values["v_designated", default: []].contains("true"))
    }

    @Test func unknownSharesAreLeftOutAndStatusOnlyWithARule() throws {
        let (network, _) = try loadFtM([
            ftm("a", "Person", ["name": ["A"]]), ftm("b", "Company", ["name": ["B"]]),
            ftm("o1", "Ownership", ["owner": ["a"], "asset": ["b"]]),
            ftm("o2", "Ownership", ["owner": ["a"], "asset": ["b"], "percentage": ["12.5"], "startDate": ["2019-03"]]),
        ])
        let text = GraphMLWriter.document(network, options: GraphMLOptions(asOf: Self.day))
        #expect(!text.contains("v_status") && !text.contains("g_rule"))
        let check = Self.parse(text)
        #expect(check.values["e_share"] == ["12.5"])
        #expect(check.values["e_start"] == ["2019-03-01"])
        let (copy, _) = try GraphMLReader.read(Array(text.utf8), file: "t.graphml")
        #expect(copy.ties(.ownership, from: "a", to: "b").map { copy.share($0).description }.sorted() == ["12.5%", "unknown"])
    }

    @Test func hostileTextIsEscaped() throws {
        let names = ["<script>alert(1)</script>", "\"&'", "A & B <Holdings> \"Ltd\"", "tab\there\nnewline", "bell\u{7}and\u{1}nul", "]]> --> <!-- &amp;", "back\\slash; semi;colon"]
        var lines: [String] = []
        for (i, name) in names.enumerated() {
            lines.append(ftm("e\(i)&\"<'>", "Company", ["name": [name], "country": ["ru"], "sector": ["a<b>&c"]]))
        }
        lines.append(ftm("t&1", "Ownership", ["owner": ["e0&\"<'>"], "asset": ["e1&\"<'>"], "percentage": ["51"],
                                              "ownershipType": ["<b>\"direct\" & 'beneficial'</b>"]]))
        let (network, _) = try loadFtM(lines)
        let text = GraphMLWriter.document(network, options: GraphMLOptions(asOf: Self.day, rule: "r&<\"", status: (0 ..< network.entityCount).map { _ in .owned }))
        #expect(!text.contains("<script>"))
        #expect(!text.contains("\u{7}") && !text.contains("\u{1}"))
        #expect(text.contains("&lt;script&gt;") && text.contains("&quot;&amp;&apos;"))
        let check = Self.parse(text)
        #expect(check.ok, "\(check.errors)")
        #expect(check.undeclaredUses.isEmpty)
        // Foundation's parser reads the names back as written (less the forbidden characters).
        let expected = names.map { String($0.unicodeScalars.filter { $0.value >= 0x20 || $0 == "\t" || $0 == "\n" }.map(Character.init)) }
        #expect(Set(check.values["v_label", default: []]) == Set(expected))
        // So does our reader.
        let (copy, report) = try GraphMLReader.read(Array(text.utf8), file: "hostile.graphml")
        #expect(report.skippedCount == 0)
        for (i, name) in expected.enumerated() {
            #expect(copy.namesOf("e\(i)&\"<'>") == [name])
            #expect(copy.sectorNamesOf("e\(i)&\"<'>") == ["a<b>&c"])
        }
        let tie = try #require(copy.ties(.ownership, from: "e0&\"<'>", to: "e1&\"<'>").first)
        #expect(copy.tieID(tie) == "t&1")
        #expect(copy.tieDetail(tie) == "<b>\"direct\" & 'beneficial'</b>")
    }

    @Test func xmlEscapeHandlesEveryMarkupCharacter() {
        #expect(xmlEscape("plain") == "plain")
        #expect(xmlEscape("a&b<c>d\"e'f") == "a&amp;b&lt;c&gt;d&quot;e&apos;f")
        #expect(xmlEscape("x\u{0}y\u{1F}z\u{FFFE}\u{FFFF}") == "xyz")
        #expect(xmlEscape("a\tb\nc\rd") == "a\tb\nc&#13;d")
        #expect(xmlEscape("a\tb\nc\rd", attribute: true) == "a&#9;b&#10;c&#13;d")
        #expect(xmlEscape("ключ 🔑 \u{85}") == "ключ 🔑 \u{85}")
    }

    @Test(arguments: bundled)
    func outputIsDeterministic(_ file: String) throws {
        let a = GraphMLWriter.document(try Self.load(file), options: GraphMLOptions(asOf: Self.day))
        let b = GraphMLWriter.document(try Self.load(file), options: GraphMLOptions(asOf: Self.day))
        #expect(a == b)
        let dir = try TempDir("det")
        defer { dir.remove() }
        try GraphMLWriter.write(try Self.load(file), to: dir.file("x.graphml"), options: GraphMLOptions(asOf: Self.day))
        #expect(try String(contentsOfFile: dir.file("x.graphml"), encoding: .utf8) == a, "the streamed file is the document")
    }

    // MARK: Reading other tools' GraphML, and bad input

    @Test func readsPlainGraphMLFromOtherTools() throws {
        let text = """
            <?xml version="1.0" encoding="UTF-8" standalone="no"?>
            <!DOCTYPE graphml>
            <graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:y="http://www.yworks.com/xml/graphml">
              <key attr.name="label" attr.type="string" for="node" id="label"/>
              <key attr.name="weight" attr.type="double" for="edge" id="weight"/>
              <key attr.name="share" attr.type="double" for="edge" id="d9"><default>10</default></key>
              <key for="node" id="d6" yfiles.type="nodegraphics"/>
              <graph edgedefault="directed">
                <node id="n0"><data key="label">Alpha &amp; Co</data><data key="d6"><y:ShapeNode><y:NodeLabel>ignored</y:NodeLabel></y:ShapeNode></data></node>
                <node id="n1"><data key="label"><![CDATA[Beta <GmbH>]]></data></node>
                <node id="n2"/>
                <edge source="n0" target="n1"><data key="weight">1.0</data></edge>
                <edge source="n1" target="n2"><data key="d9">75</data></edge>
              </graph>
            </graphml>
            """
        let (network, report) = try GraphMLReader.read(Array(text.utf8), file: "other.graphml")
        #expect(report.skippedCount == 0)
        #expect(network.namesOf("n0") == ["Alpha & Co"])
        #expect(network.namesOf("n1") == ["Beta <GmbH>"])
        #expect(network.namesOf("n2") == [])
        #expect(network.kind("n0") == .other)
        #expect(network.ties(.ownership, from: "n0", to: "n1").map { network.share($0).description } == ["10%"], "the key's default")
        #expect(network.ties(.ownership, from: "n1", to: "n2").map { network.share($0).description } == ["75%"])
    }

    @Test func malformedXMLIsAnErrorWithALine() throws {
        let cases: [(String, String)] = [
            ("<graphml>\n<graph>\n<node id=\"a\">\n</graph>\n</graphml>", "closes"),
            ("<graphml>\n<graph>\n<node id=\"a & b\"/>\n</graph></graphml>", "&amp;"),
            ("<graphml><graph>", "ends inside"),
            ("<gexf></gexf>", "not a GraphML document"),
        ]
        for (text, message) in cases {
            let error = inputError({ () throws(InputError) in try GraphMLReader.read(Array(text.utf8), file: "bad.graphml") })
            #expect(error.map { "\($0)" }?.contains(message) == true, "\(String(describing: error))")
        }
        let error = inputError({ () throws(InputError) in
            try GraphMLReader.read(Array("<graphml>\n<graph>\n<node id=\"a\">\n</graph>\n</graphml>".utf8), file: "bad.graphml")
        })
        #expect(error?.line == 4)
    }

    @Test func badValuesAreSkippedWhenLenient() throws {
        let text = """
            <graphml><key id="s" for="edge" attr.name="share" attr.type="double"/><key id="k" for="edge" attr.name="kind" attr.type="string"/>
            <graph edgedefault="directed"><node id="a"/><node id="b"/>
            <edge source="a" target="b"><data key="s">140</data></edge>
            <edge source="a" target="b"><data key="k">Frobnication</data></edge>
            <edge source="a" target="b"><data key="s">30</data></edge>
            </graph></graphml>
            """
        let strict = inputError({ () throws(InputError) in try GraphMLReader.read(Array(text.utf8), file: "bad.graphml") })
        #expect(strict?.problem.caseName == "percentageOutOfRange")
        #expect(strict?.line == 3)
        let (network, report) = try GraphMLReader.read(Array(text.utf8), file: "bad.graphml", options: ReadOptions(lenient: true))
        #expect(report.skippedCount == 2)
        #expect(network.tieCount == 1)
    }
}

/// Collects what the tests check while Foundation's parser walks a document.
final class XMLCheck: NSObject, XMLParserDelegate, @unchecked Sendable {
    var ok = false
    var errors: [String] = []
    var root: String?
    var keyTypes: [String: String] = [:]
    var keyDomains: [String: String] = [:]
    var undeclaredUses: [String] = []
    var counts: [String: Int] = [:]
    var graphDefault: String?
    var values: [String: [String]] = [:]
    private var currentKey: String?
    private var text = ""

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        if root == nil { root = name }
        counts[name, default: 0] += 1
        switch name {
        case "key":
            if let id = attributes["id"] {
                keyTypes[id] = attributes["attr.type"]
                keyDomains[id] = attributes["for"]
            }
        case "graph":
            graphDefault = attributes["edgedefault"]
        case "data":
            let key = attributes["key"] ?? ""
            if keyTypes[key] == nil { undeclaredUses.append(key) }
            currentKey = key
            text = ""
        default:
            break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { if currentKey != nil { text += string } }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        if name == "data", let key = currentKey {
            values[key, default: []].append(text)
            currentKey = nil
        }
    }

    func parser(_ parser: XMLParser, parseErrorOccurred error: Error) { errors.append("\(error)") }
}

extension GraphMLTests {
    @Test func entitiesMarkedDesignatedAreCountedInAWarning() throws {
        let network = try Self.load("Graphs/demo-rare-earths.ftm.json")
        let (copy, report, text) = try Self.viaGraphML(network)
        let marked = text.components(separatedBy: "<data key=\"v_designated\">true</data>").count - 1
        #expect(marked > 0)
        #expect(copy.designations.isEmpty)
        #expect(report.warnings.contains { $0.contains("\(marked) entities are marked designated, but GraphML does not carry designations") },
                "\(report.warnings)")
        // None marked: no warning.
        let (_, plain, _) = try Self.viaGraphML(network, options: GraphMLOptions(asOf: Day("1990-01-01")!))
        #expect(!plain.warnings.contains { $0.contains("marked designated") })
    }
}
