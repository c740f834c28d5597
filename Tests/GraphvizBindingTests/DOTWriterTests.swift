import Testing
@testable import GraphvizBinding

/// The DOT model and writer, without Graphviz.
@Suite struct DOTWriterTests {
    @Test func writesASmallGraphExactly() {
        var g = DOTGraph(name: "g")
        g.attributes = ["rankdir": "LR"]
        g.nodeDefaults = ["shape": "box"]
        g.nodes = [DOTNode("a", ["label": .text("A \"quoted\" name")]), DOTNode("node")]
        g.edges = [DOTEdge("a", "node", ["label": .text("50%")])]
        #expect(g.text == """
            digraph "g" {
              graph [rankdir="LR"];
              node [shape="box"];
              "a" [label="A \\"quoted\\" name"];
              "node";
              "a" -> "node" [label="50%"];
            }

            """)
    }

    @Test func undirectedStrictAndClusters() {
        var g = DOTGraph(name: "u", isDirected: false, isStrict: true)
        g.subgraphs = [DOTSubgraph(name: "cluster x", attributes: ["label": .text("X")], nodes: [DOTNode("1")])]
        g.edges = [DOTEdge("1", "2")]
        #expect(g.text == """
            strict graph "u" {
              subgraph "cluster x" {
                graph [label="X"];
                "1";
              }
              "1" -- "2";
            }

            """)
        #expect(g.allNodes.map(\.id) == ["1"])
    }

    @Test func idsAreAlwaysQuotedAndEscaped() {
        #expect(DOTWriter.quotedID("graph") == "\"graph\"")
        #expect(DOTWriter.quotedID("") == "\"\"")
        #expect(DOTWriter.quotedID("a\"b") == "\"a\\\"b\"")
        #expect(DOTWriter.quotedID("ends\\") == "\"ends\\\\\"")
        #expect(DOTWriter.quotedID("two\nlines") == "\"two\\nlines\"")
        #expect(DOTWriter.quotedID("tab\there") == "\"tab\\x09here\"")
        #expect(DOTWriter.quotedID("שלום 🙂 <&>") == "\"שלום 🙂 <&amp;>\"")
        #expect(DOTWriter.quotedID("x&;y") == "\"x&amp;;y\"", "an SVG title would keep &; as an entity")
        #expect(DOTWriter.quotedID("%3") == "\"&#37;3\"", "cgraph would print its own id for a name starting with %")
        #expect(DOTWriter.quotedID("a%3") == "\"a%3\"")
        #expect(DOTWriter.quotedID("%\u{301}x") == "\"&#37;\u{301}x\"", "a combining mark makes one Character with the %")
        #expect(DOTWriter.quotedID("x@y; z -> w") == "\"x@y; z -> w\"")
    }

    @Test func distinctIDsStayDistinct() {
        var rng = SystemRandomNumberGenerator()
        let alphabet: [Character] = ["a", "\\", "\"", "\n", "\t", "\r", "x", "0", "9", "n", "\u{1}", " "]
        var seen: [String: String] = [:]
        for _ in 0 ..< 5000 {
            let s = String((0 ..< Int.random(in: 0 ... 5, using: &rng)).map { _ in alphabet.randomElement(using: &rng)! })
            let q = DOTWriter.quotedID(s)
            if let other = seen[q] { #expect(other == s, "\(other.debugDescription) and \(s.debugDescription) both give \(q)") }
            seen[q] = s
        }
    }

    @Test func textIsEscapedForDOTAndForEscString() {
        #expect(DOTWriter.escapeText("back\\slash") == "back\\\\slash")
        #expect(DOTWriter.escapeText("\\N and \\G") == "\\\\N and \\\\G")
        #expect(DOTWriter.escapeText("ends with \\") == "ends with \\\\")
        #expect(DOTWriter.escapeText("\"]; x [label=\"") == "\\\"]; x [label=\\\"")
        #expect(DOTWriter.escapeText("a\nb\r\nc\rd") == "a\\nb\\nc\\nd")
        #expect(DOTWriter.escapeText("AT&T &amp; <b>") == "AT&amp;T &amp;amp; <b>")
        #expect(DOTWriter.escapeText("bell\u{7}del\u{7F}c1\u{85}x") == "belldelc1\\nx")
        #expect(DOTWriter.escapeText("مرحبا — 你好 — 👩‍👩‍👧") == "مرحبا — 你好 — 👩‍👩‍👧")
    }

    @Test func valuesCannotBreakOutOfTheirQuotes() {
        #expect(DOTWriter.value(.value("box")) == "\"box\"")
        #expect(DOTWriter.value(.value("a\"b")) == "\"a\\\"b\"")
        #expect(DOTWriter.value(.value("trailing\\")) == "\"trailing\\\\\"")
        #expect(DOTWriter.value(.value("line\nbreak")) == "\"linebreak\"")
        // A backslash before a quote: cgraph reads `\\` as one unit, so it is doubled (fuzzing found `\\"` closing early).
        #expect(DOTWriter.value(.value("a\\\"b")) == "\"a\\\\\\\"b\"")
        for raw in ["\\\"", "\\\\\"", "x\\", "\\\"\\"] {
            let dot = "digraph { a [tooltip=\(DOTWriter.value(.value(raw)))] }"
            #expect(Graphviz.syntaxErrors(in: dot) == nil, "\(dot)")
        }
        #expect(DOTWriter.value(.html(HTMLLabel(markup: "<B>x</B>"))) == "<<B>x</B>>")
    }

    @Test func tooltipsCompensateForTheirSecondExpansion() {
        // One literal backslash: two in a label, four in a tooltip (Graphviz 2.42 expands tooltips twice).
        #expect(DOTWriter.attributeList(["label": .text("a\\b")]) == "[label=\"a\\\\b\"]")
        #expect(DOTWriter.attributeList(["tooltip": .text("a\\b\n\"c\"")]) == "[tooltip=\"a\\\\\\\\b\\n\\\"c\\\"\"]")
    }

    @Test func attributeNamesAreBareOnlyWhenPlain() {
        #expect(DOTWriter.attributeName("fillcolor") == "fillcolor")
        #expect(DOTWriter.attributeName("_x1") == "_x1")
        #expect(DOTWriter.attributeName("1x") == "\"1x\"")
        #expect(DOTWriter.attributeName("a b") == "\"a b\"")
        #expect(DOTWriter.attributeName("") == "\"\"")
    }

    @Test func htmlTextIsEscaped() {
        #expect(HTMLLabel.escape("<script>alert('x') & \"y\"</script>")
                == "&lt;script&gt;alert(&#39;x&#39;) &amp; &quot;y&quot;&lt;/script&gt;")
        #expect(HTMLLabel.escape("a\nb\r\nc") == "a<BR/>b<BR/>c")
        #expect(HTMLLabel.escape("<!-- x -->") == "&lt;!-- x --&gt;")
        // Graphviz 2.42 rejects an HTML label of just "]" or "]]".
        #expect(HTMLLabel.escape("]]") == "&#93;&#93;")
        for text in ["]", "]]", "a]]", "x]]>y"] {
            let dot = "digraph { n [label=<\(HTMLLabel.escape(text))>] }"
            #expect(throws: Never.self, "\(text)") { try Graphviz.render(dot: dot, format: .svg) }
        }
    }

    @Test func attributesKeepTheirOrderAndReplaceInPlace() {
        var a: DOTAttributes = ["b": "1", "a": "2"]
        a["c"] = "3"
        a["b"] = "9"
        #expect(a.map(\.name) == ["b", "a", "c"])
        #expect(a["b"] == .value("9"))
        a["a"] = nil
        #expect(a.map(\.name) == ["b", "c"])
        #expect(a.merging(["c": "4", "d": "5"]).map { $0.value.string } == ["9", "4", "5"])
    }

    @Test func numbersAreShortAndPlain() {
        #expect(DOTWriter.formatNumber(2) == "2")
        #expect(DOTWriter.formatNumber(1.25) == "1.25")
        #expect(DOTWriter.formatNumber(1.005, digits: 1) == "1")
        #expect(DOTWriter.formatNumber(-0.5) == "-0.5")
        #expect(DOTWriter.formatNumber(0.0001) == "0")
        #expect(DOTWriter.formatNumber(1e20, digits: 0) == "9000000000000000")
        #expect(DOTWriter.formatNumber(123456789.5, digits: 0) == "123456790")
        #expect(DOTWriter.formatNumber(.nan) == "0")
    }

    @Test func outputFormatsFromFileNames() {
        #expect(OutputFormat(path: "a/b.SVG") == .svg)
        #expect(OutputFormat(path: "x.png") == .png)
        #expect(OutputFormat(path: "x.gv") == .dot)
        #expect(OutputFormat(path: "x.json") == .json)
        #expect(OutputFormat(path: "x.pdf") == .pdf)
        #expect(OutputFormat(path: "x.jpeg") == nil)
        #expect(OutputFormat(path: "dir.svg/file") == nil)
    }
}
