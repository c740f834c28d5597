import Foundation
import Testing
import GraphCore
import SanctionsModel
import SanctionsRules
@testable import SanctionsDiagrams
import GraphvizBinding

/// Hostile names: the DOT must parse, and the SVG must show them as text, never as markup.
@Suite struct SafetyTests {
    static let hostile: [(id: String, name: String)] = [
        ("evil-quote", "\"]; x [label=\""),
        ("evil-script", "<script>alert(1)</script>"),
        ("evil-comment", "a <!-- b --> c"),
        ("\"]; node [shape=box", "Hostile id"),
        ("<!--id-->", "Comment id"),
        ("back\\slash\\", "C:\\Temp\\"),
        ("escapes", "\\N \\G \\L \\n"),
        ("entity", "AT&amp;T & Sons &lt;b&gt;"),
        ("rtl", "شركة النفط المحدودة"),
        ("emoji", "🚢 Tanker ☠️ 👩‍👩‍👧"),
        ("cdata", "]]> <![CDATA[ x ]]>"),
    ]

    static func network() throws -> SanctionsNetwork {
        var f = FtMFile()
        f.entity("root", "Person", name: "Root Owner")
        f.sanction("root")
        for (id, name) in hostile {
            f.entity(id, name: name)
            f.own("root", id, 60)
        }
        return try f.load()
    }

    @Test func theDOTParsesAndTheSVGShowsTheTextEscaped() throws {
        let network = try SafetyTests.network()
        let d = try NetworkDiagram(network, view: .whole, options: DiagramOptions(rule: .ofac, asOf: demoDay, maxTiesPerEntity: 0))
        #expect(Graphviz.syntaxErrors(in: d.dot) == nil)
        let svg = try d.render(.svg)
        guard let xml = XMLSummary.parse(svg.bytes) else {
            Issue.record("the SVG is not well-formed XML")
            return
        }
        #expect(!xml.elements.contains { $0.lowercased() == "script" })
        #expect(!svg.text.contains("<script"))
        #expect(!svg.text.contains("<!-- b -->"))
        let entityGroups = xml.attributes["class"]?.filter { $0.hasPrefix("node entity") }.count
        #expect(entityGroups == SafetyTests.hostile.count + 1)
        for (id, name) in SafetyTests.hostile {
            // Each name comes back as the text of its label, exactly.
            #expect(xml.texts.joined(separator: " ").contains(name), "label of \(id.debugDescription)")
            #expect(xml.attributes["xlink:title"]?.contains { $0.hasPrefix(name + " [" + id + "]") } == true, "tooltip of \(id.debugDescription)")
            #expect(xml.attributes["id"]?.contains("e-" + DOTBuilder.slug(id)) == true)
        }
        // Raster and PDF output of the same text render without trouble.
        #expect(try d.render(.png).bytes.count > 1000)
        #expect(try d.render(.pdf).bytes.count > 1000)
    }

    @Test func randomHostileLabelsComeBackExactly() throws {
        var rng = SystemRandomNumberGenerator()
        let pieces = ["\"", "\\", "<", ">", "&", ";", "[", "]", "{", "}", "=", "-", "!", "@", "#", "'", "%", "a", "Z", "0",
                      "ש", "🙂", "\u{200F}", "amp;", "&#45;", "\\N", "<!--", "-->", "]]>", "->", "--"]
        var graph = DOTGraph(name: "fuzz")
        var names: [String] = []
        for i in 0 ..< 200 {
            let name = "x" + (0 ..< Int.random(in: 1 ... 8, using: &rng)).map { _ in pieces.randomElement(using: &rng)! }.joined() + "x"
            names.append(name)
            graph.nodes.append(DOTNode(name + "\(i)", ["label": .text(name), "tooltip": .text(name)]))
        }
        #expect(Graphviz.syntaxErrors(in: graph.text) == nil)
        let svg = try Graphviz.render(dot: graph.text, engine: .neato, format: .svg)
        guard let xml = XMLSummary.parse(svg.bytes) else {
            try? svg.text.write(toFile: "/tmp/sg-fuzz.svg", atomically: true, encoding: .utf8)
            Issue.record("the SVG is not well-formed XML (written to /tmp/sg-fuzz.svg)")
            return
        }
        #expect(xml.texts.sorted() == names.sorted())
        #expect(xml.attributes["xlink:title"]?.sorted() == names.sorted())
    }
}
