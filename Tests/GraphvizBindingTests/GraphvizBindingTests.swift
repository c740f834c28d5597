import Foundation
import Testing
@testable import GraphvizBinding

/// The in-process binding: formats, engines, errors, locking, freeing.
@Suite struct GraphvizBindingTests {
    let small = """
        digraph "g" { node [fontname="Helvetica"]; "a" [label="Alpha"]; "b" [label="Beta"]; "a" -> "b" [label="50%"]; "b" -> "c"; }
        """

    @Test func rendersEveryFormat() throws {
        let svg = try Graphviz.render(dot: small, format: .svg)
        #expect(svg.text.hasPrefix("<?xml"))
        #expect(svg.text.contains("Alpha"))
        #expect(svg.text.hasSuffix("</svg>\n"))
        let png = try Graphviz.render(dot: small, format: .png)
        #expect(png.bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        // Binary output holds NULs: it must not have been read as a C string.
        #expect(png.bytes.contains(0))
        #expect(Array(png.bytes.suffix(8)) == [0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82])  // IEND chunk
        let pdf = try Graphviz.render(dot: small, format: .pdf)
        #expect(pdf.bytes.starts(with: Array("%PDF-".utf8)))
        #expect(String(decoding: pdf.bytes.suffix(8), as: UTF8.self).contains("%%EOF"))
        let dot = try Graphviz.render(dot: small, format: .dot)
        #expect(dot.text.contains("pos=") && dot.text.contains("bb="))
        let json = try Graphviz.render(dot: small, format: .json)
        let object = try JSONSerialization.jsonObject(with: Data(json.bytes)) as? [String: Any]
        #expect((object?["objects"] as? [Any])?.count == 3)
    }

    @Test(arguments: LayoutEngine.allCases)
    func everyEngineLaysOut(_ engine: LayoutEngine) throws {
        let r = try Graphviz.render(dot: small, engine: engine, format: .svg)
        #expect(r.text.contains("<svg"))
        #expect(r.text.contains("Beta"))
    }

    /// Every engine keeps the names: in the JSON's objects, and at both ends of the SVG's edge
    /// titles. neato, fdp, sfdp and twopi close subgraphs of the graph while laying it out
    /// (the components, fdp's cluster edges), and in Graphviz 2.42 that drops cgraph's own
    /// name map: names the id discipline left there came back as "%3", and edge titles as
    /// "%5->%5". "lone" makes a second component; the cluster is a named subgraph.
    @Test(arguments: LayoutEngine.allCases)
    func everyEngineKeepsTheNames(_ engine: LayoutEngine) throws {
        let dot = """
            digraph "named" { "x" -> "a"; "x" -> "b"; "a" -> "c"; "y" -> "c"; "lone"; subgraph "cluster_k" { "b"; "c" } }
            """
        let json = try Graphviz.render(dot: dot, engine: engine, format: .json)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.bytes)) as? [String: Any])
        #expect(object["name"] as? String == "named")
        let names = (object["objects"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
        #expect(names.sorted() == ["a", "b", "c", "cluster_k", "lone", "x", "y"], "\(engine): \(names)")

        let svg = try Graphviz.render(dot: dot, engine: engine, format: .svg)
        // Titles, unescaped; whether a cluster is drawn depends on the engine.
        let titles = svg.text.components(separatedBy: "<title>").dropFirst()
            .map { $0.prefix { $0 != "<" }.replacingOccurrences(of: "&#45;&gt;", with: "->") }
            .filter { !$0.hasPrefix("cluster_") }
        #expect(titles.sorted() == ["a", "a->c", "b", "c", "lone", "named", "x", "x->a", "x->b", "y", "y->c"],
                "\(engine): \(titles)")

        // Keeping the names must not cost determinism: the same bytes again.
        #expect(try Graphviz.render(dot: dot, engine: engine, format: .json).bytes == json.bytes)
        #expect(try Graphviz.render(dot: dot, engine: engine, format: .svg).bytes == svg.bytes)
    }

    @Test func aSyntaxErrorIsTypedAndDoesNotStick() throws {
        do {
            _ = try Graphviz.render(dot: "digraph { a -> ; }")
            Issue.record("expected a syntax error")
        } catch {
            guard case .syntax(let messages) = error else { Issue.record("wrong error \(error)"); return }
            #expect(messages.joined().contains("syntax error"))
        }
        let next = try Graphviz.render(dot: small)
        #expect(next.warnings.isEmpty)
        #expect(next.text.contains("Alpha"))
        #expect(Graphviz.syntaxErrors(in: small) == nil)
        #expect(Graphviz.syntaxErrors(in: "graph { a -- }")?.isEmpty == false)
        #expect(Graphviz.syntaxErrors(in: small) == nil)
    }

    /// Pango fails inside the PNG renderer on a 1 MB label, and Graphviz then reports success
    /// with no bytes: that is an error, not an empty image.
    @Test func aRendererThatProducesNothingIsAnError() throws {
        let label = String(repeating: "Ж", count: 500_000)
        let thrown = #expect(throws: GraphvizError.self) {
            try Graphviz.render(dot: "digraph { a [label=\"\(label)\"]; a -> b }", format: .png)
        }
        guard case .emptyOutput(let format, _) = thrown else { Issue.record("\(String(describing: thrown))"); return }
        #expect(format == "png")
        #expect(thrown?.description.hasPrefix("Graphviz produced no png output") == true)
        // The same graph with a short label still renders.
        #expect(try !Graphviz.render(dot: "digraph { a [label=\"short\"]; a -> b }", format: .png).bytes.isEmpty)
    }

    @Test func unknownEnginesAndFormatsAreTypedErrors() throws {
        do {
            _ = try Graphviz.render(dot: small, engineName: "nosuchengine", formatName: "svg")
            Issue.record("expected a layout error")
        } catch {
            guard case .layout(let engine, let messages) = error else { Issue.record("wrong error \(error)"); return }
            #expect(engine == "nosuchengine")
            #expect(messages.joined().contains("not recognized"))
        }
        do {
            _ = try Graphviz.render(dot: small, engineName: "dot", formatName: "nosuchformat")
            Issue.record("expected a render error")
        } catch {
            guard case .render(let format, let messages) = error else { Issue.record("wrong error \(error)"); return }
            #expect(format == "nosuchformat")
            #expect(messages.joined().contains("nosuchformat"))
        }
        #expect(try Graphviz.render(dot: small).warnings.isEmpty)
    }

    @Test func warningsAreReturnedNotPrinted() throws {
        let r = try Graphviz.render(dot: "digraph { a [shape=\"nosuchshape\"]; }")
        #expect(r.warnings.contains { $0.contains("nosuchshape") })
        #expect(r.text.contains("<svg"))
    }

    @Test func aNULIsRefused() {
        #expect(throws: GraphvizError.embeddedNUL) { try Graphviz.render(dot: "digraph { a }\u{0}") }
    }

    @Test func versionIsKnown() {
        #expect(Graphviz.version.split(separator: ".").count >= 2)
    }

    @Test func concurrentRendersTakeTurnsAndAgree() async throws {
        let graphs = (0 ..< 8).map { i in
            "digraph \"g\(i)\" { " + (0 ..< 30).map { "\"n\($0)\" -> \"n\(($0 * 7 + i) % 30)\" [label=\"\($0)%\"];" }.joined() + " }"
        }
        let serial = try graphs.map { try Graphviz.render(dot: $0).bytes }
        let parallel = try await withThrowingTaskGroup(of: (Int, [UInt8]).self) { group in
            for _ in 0 ..< 4 {
                for (i, g) in graphs.enumerated() {
                    group.addTask { (i, try Graphviz.render(dot: g).bytes) }
                }
            }
            var results: [(Int, [UInt8])] = []
            for try await r in group { results.append(r) }
            return results
        }
        #expect(parallel.count == 32)
        for (i, bytes) in parallel { #expect(bytes == serial[i] ? true : false, "graph \(i) came out differently") }
    }

    #if os(Linux)
    /// Resident memory in KiB (from /proc).
    private func residentKiB() -> Int {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
        let fields = text.split(separator: " ")
        return fields.count > 1 ? (Int(fields[1]) ?? 0) * 4 : 0
    }

    @Test func repeatedRendersFreeWhatTheyAllocate() throws {
        let graph = "digraph \"m\" { " + (0 ..< 60).map { "\"n\($0)\" -> \"n\(($0 * 7 + 1) % 60)\" [label=\"\($0)%\"];" }.joined() + " }"
        for _ in 0 ..< 20 { _ = try Graphviz.render(dot: graph, format: .png) }
        // A leak grows memory in every batch; other tests running at the same time (the whole
        // suite runs in parallel in one process) only in some: take the quietest of many batches.
        var growth: [Int] = []
        for _ in 0 ..< 10 {
            let before = residentKiB()
            for i in 0 ..< 100 { _ = try Graphviz.render(dot: graph, format: i % 2 == 0 ? .svg : .png) }
            growth.append(residentKiB() - before)
            if growth.last ?? 0 < 1024 { break }
        }
        // Keeping one graph and its layout per render would add several MiB per batch.
        #expect(growth.min() ?? 0 < 1024, "resident memory grew by \(growth) KiB per 100 renders")
    }
    #endif
}

/// What Pango logs through GLib inside a render joins the render's warnings (it used to go
/// to stderr on its own, unattributed).
@Suite struct GLibMessageTests {
    @Test func pangoFailuresAreReportedWithTheRender() throws {
        let label = String(repeating: "X", count: 300_000)
        let error = #expect(throws: GraphvizError.self) {
            try Graphviz.render(dot: "digraph { a [label=\"\(label)\"]; b; a -> b }", format: .png)
        }
        guard case .emptyOutput(_, let messages) = error else { Issue.record("\(String(describing: error))"); return }
        #expect(messages.contains { $0.hasPrefix("Pango: ") && $0.contains("pango_cairo_show_layout") }, "\(messages)")
        // The next render is clean: the handler is put back and the messages start afresh.
        let small = try Graphviz.render(dot: "digraph { a -> b }", format: .svg)
        #expect(small.warnings.isEmpty, "\(small.warnings)")
    }
}
