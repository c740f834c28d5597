import Foundation
import GraphvizBinding
import SanctionsDiagrams
import SanctionsModel
import SanctionsRules

/// DOT escaping and in-process Graphviz of fuzzed text.
///
/// The input, split at 0xFF bytes and decoded as UTF-8 (invalid bytes replaced), gives up to
/// eight strings: three entity ids, three names, a tie's qualifier and a sector.
/// 1. A plain graph whose node ids are the fuzzed strings, labelled by them (as escaped text
///    and as HTML-like labels), parses in Graphviz, which names every node exactly as
///    `DOTWriter.quotedID` promises: distinct ids stay distinct, nothing is cut or merged.
/// 2. The sanctions diagram of a small network built from the strings (a designated
///    entity, a stake, a control tie with the qualifier, a sector) parses.
/// 3. One input in eight (chosen by its bytes) is also laid out and rendered in process: the
///    plain graph as JSON under a layout engine the input chooses, whose node names must be
///    the same, and the diagram as SVG. Layout costs milliseconds an input; parsing, which
///    is what the escaping is about, costs little, so every input is parsed.
enum DOTChecks {
    static func run(_ data: [UInt8]) -> [String] {
        var parts = data.split(separator: 0xFF, maxSplits: 7, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
        while parts.count < 8 { parts.append("") }
        let choice = data.reduce(0) { ($0 &* 31 &+ Int($1)) & 0xFFFF }
        let render = choice % 8 == 0
        return plainGraph(Array(parts[0 ..< 6]), render: render, engine: LayoutEngine.allCases[(choice / 8) % LayoutEngine.allCases.count])
            + diagram(parts, render: render)
    }

    /// The name Graphviz gives a node written with `quotedID(id)`: cgraph's lexer reads a
    /// quoted string in units, `\"` as `"` and `\\` as itself, and keeps every other character
    /// as written. By scalar: a combining mark after the opening quote would make one
    /// Character with it.
    static func parsedName(of id: String) -> String {
        let quoted = Array(DOTWriter.quotedID(id).unicodeScalars.dropFirst().dropLast())
        var name = String.UnicodeScalarView()
        var i = 0
        while i < quoted.count {
            if quoted[i] == "\\" && i + 1 < quoted.count && (quoted[i + 1] == "\"" || quoted[i + 1] == "\\") {
                if quoted[i + 1] == "\\" { name.append("\\") }
                name.append(quoted[i + 1])
                i += 2
            } else {
                name.append(quoted[i])
                i += 1
            }
        }
        return String(name)
    }

    static func plainGraph(_ texts: [String], render: Bool, engine: LayoutEngine) -> [String] {
        var graph = DOTGraph(name: "fuzz")
        var distinct = Set<String>()
        for (i, text) in texts.enumerated() where distinct.insert(text).inserted {
            let label: DOTValue = i % 2 == 0 ? .value(text) : .html(HTMLLabel(markup: HTMLLabel.escape(text)))
            graph.nodes.append(DOTNode(text, ["label": label, "tooltip": .value(text)]))
        }
        // Distinct ids must stay distinct: as many names as ids.
        let expected = Set(distinct.map(parsedName(of:)))
        if expected.count != distinct.count { return ["quotedID gives two ids one name: \(distinct.sorted())"] }
        let dot = graph.text
        guard let parsed = Graphviz.nodeNames(in: dot) else {
            return ["Graphviz rejects the DOT of fuzzed ids: \(Graphviz.syntaxErrors(in: dot) ?? []) in \(dot.debugDescription)"]
        }
        if parsed.count != expected.count || Set(parsed) != expected {
            return ["Graphviz parses the nodes as \(parsed), expected \(expected.sorted()) from \(dot.debugDescription)"]
        }
        guard render else { return [] }
        do {
            // Every engine must keep the names (neato, fdp, sfdp and twopi once lost them).
            let rendering = try Graphviz.render(dot: dot, engine: engine, format: .json)
            guard let json = try JSONSerialization.jsonObject(with: Data(rendering.bytes)) as? [String: Any] else {
                return ["Graphviz's JSON output is not an object"]
            }
            let names = Set(((json["objects"] as? [[String: Any]]) ?? []).compactMap { $0["name"] as? String })
            if names != expected {
                return ["Graphviz (\(engine.rawValue)) names the nodes \(names.sorted()), expected \(expected.sorted()) from \(dot.debugDescription)"]
            }
            return []
        } catch {
            return ["rendering the DOT of fuzzed ids fails: \(error) for \(dot.debugDescription)"]
        }
    }

    static func diagram(_ parts: [String], render: Bool) -> [String] {
        var b = NetworkBuilder()
        let ids = (0 ..< 3).map { parts[$0].isEmpty ? "id\($0)" : parts[$0] }
        let nodes = ids.enumerated().map { i, id in
            let v = b.node(id)
            _ = b.define(v, schema: i == 0 ? "Person" : "Company", kind: i == 0 ? .person : .company, line: i + 1)
            if !parts[3 + i].isEmpty { b.addName(v, b.text(parts[3 + i])) }
            return v
        }
        if !parts[7].isEmpty { b.addSector(nodes[2], parts[7]) }
        b.addTie(.ownership, from: nodes[0], to: nodes[1], interval: .exact(60), shareClass: 0, validity: Validity(start: nil, end: nil), detail: 0, line: 4)
        b.addTie(.control, from: nodes[1], to: nodes[2], interval: nil, shareClass: 0, validity: Validity(start: nil, end: nil),
                 detail: parts[6].isEmpty ? 0 : b.string(parts[6]), line: 5)
        _ = b.addDesignation(Designation(entity: nodes[0], jurisdiction: .us, country: "us", authority: "Office of Foreign Assets Control",
                                         programs: [parts[6]], startDate: Day(year: 2020, month: 1, day: 1)), line: 6)
        let network = b.finish().0
        do {
            let diagram = try NetworkDiagram(network, view: .whole, options: DiagramOptions(rule: .ofac, asOf: fuzzDay))
            if let errors = Graphviz.syntaxErrors(in: diagram.dot) { return ["Graphviz rejects the sanctions diagram: \(errors) in \(diagram.dot.debugDescription)"] }
            guard render else { return [] }
            let svg = try diagram.render(.svg)
            if svg.bytes.isEmpty { return ["the sanctions diagram renders as an empty SVG"] }
            return []
        } catch {
            return ["the sanctions diagram of fuzzed names fails: \(error)"]
        }
    }
}
