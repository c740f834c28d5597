import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
import TestKit
import GraphCore
import SanctionsModel
import SanctionsRules
import GraphIO
@testable import SanctionsDiagrams
import GraphvizBinding

/// This test folder (golden files live in Golden/ beside the tests).
func testFolder(_ file: String = #filePath) -> String { URL(fileURLWithPath: file).deletingLastPathComponent().path }

/// Loads a bundled graph by its path under the repository root.
func bundled(_ relative: String) throws -> SanctionsNetwork {
    try GraphLoader.load(path: repoRoot() + "/" + relative).0
}

/// The demo's reference date (Graphs/README.md: "as of 2026-11-29 unless stated").
let demoDay = Day(year: 2026, month: 11, day: 29)!

/// A fresh temporary folder.
func tempFolder(_ label: String) throws -> String { try TempDir("render-\(label)").path }

/// Builds a network from FtM lines written by the helpers below.
struct FtMFile {
    var lines: [String] = []
    private var tieCount = 0

    mutating func entity(_ id: String, _ schema: String = "Company", name: String, country: String? = nil, sector: String? = nil) {
        var props = "\"name\": [\(json(name))]"
        if let country { props += ", \"country\": [\(json(country))]" }
        if let sector { props += ", \"sector\": [\(json(sector))]" }
        lines.append("{\"id\": \(json(id)), \"schema\": \(json(schema)), \"properties\": {\(props)}}")
    }

    mutating func own(_ owner: String, _ asset: String, _ percent: Double?) {
        tieCount += 1
        let pct = percent.map { ", \"percentage\": [\"\($0)\"]" } ?? ""
        lines.append("{\"id\": \"own-\(tieCount)\", \"schema\": \"Ownership\", \"properties\": {\"owner\": [\(json(owner))], \"asset\": [\(json(asset))]\(pct)}}")
    }

    mutating func tie(_ schema: String, _ a: String, _ b: String) {
        tieCount += 1
        let (s, t) = TieKind(name: schema)?.ftmEnds ?? ("subject", "object")
        lines.append("{\"id\": \"tie-\(tieCount)\", \"schema\": \(json(schema)), \"properties\": {\"\(s)\": [\(json(a))], \"\(t)\": [\(json(b))]}}")
    }

    mutating func sanction(_ entity: String, country: String = "us", authority: String = "Office of Foreign Assets Control") {
        tieCount += 1
        lines.append("{\"id\": \"sanc-\(tieCount)\", \"schema\": \"Sanction\", \"properties\": {\"entity\": [\(json(entity))], \"country\": [\(json(country))], \"authority\": [\(json(authority))], \"startDate\": [\"2020-01-01\"]}}")
    }

    func load() throws -> SanctionsNetwork {
        let folder = try tempFolder("ftm")
        let path = folder + "/test.ftm.json"
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: folder) }
        return try GraphLoader.load(path: path).0
    }
}

/// The elements and text of an SVG (or any XML) document, parsed with a real XML parser.
final class XMLSummary: NSObject, XMLParserDelegate {
    var elements: [String] = []
    var texts: [String] = []
    /// Attribute values, of every element.
    var attributes: [String: [String]] = [:]
    private var current = ""
    private var inText = false

    /// nil if the document is not well-formed XML.
    static func parse(_ bytes: [UInt8]) -> XMLSummary? {
        let parser = XMLParser(data: Data(bytes))
        let summary = XMLSummary()
        parser.delegate = summary
        parser.shouldResolveExternalEntities = false
        return parser.parse() ? summary : nil
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        elements.append(name)
        for (k, v) in attributes { self.attributes[k, default: []].append(v) }
        if name == "text" { inText = true; current = "" }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { if inText { current += string } }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        if name == "text" { texts.append(current); inText = false }
    }
}

extension DOTGraph {
    /// The node with this DOT id, in a cluster or not.
    func node(_ id: String) -> DOTNode? { allNodes.first { $0.id == id } }
}
