import Foundation
import Testing
import GraphCore
import SanctionsModel
import SanctionsRules
@testable import SanctionsDiagrams
import GraphvizBinding

/// Views, styling, super nodes and the library API, on the bundled graphs.
@Suite struct DiagramTests {
    let demo: SanctionsNetwork
    let enPlus: SanctionsNetwork

    init() throws {
        demo = try bundled("Graphs/demo-rare-earths.ftm.json")
        enPlus = try bundled("Graphs/en-plus-2019.ftm.json")
    }

    func v(_ id: String, _ network: SanctionsNetwork? = nil) -> UInt32 { (network ?? demo).node(id: id)! }

    func status(_ d: NetworkDiagram, _ id: String) -> String? {
        guard let c = d.graph.node(id)?.attributes["class"]?.string else { return nil }
        return c.split(separator: " ").first { $0.hasPrefix("status-") }.map { String($0.dropFirst(7)) }
    }

    @Test func coloursFollowTheRule() throws {
        let ofac = try NetworkDiagram(demo, view: .whole, options: DiagramOptions(rule: .ofac, asOf: demoDay))
        #expect(status(ofac, "p-viktor-stolnik") == "designated")
        #expect(status(ofac, "c-taiga-nickel-trading") == "ownedOrControlled")
        #expect(status(ofac, "c-kestrel-energy-trading") == "caution")   // control does not block under OFAC
        #expect(status(ofac, "c-polar-magnet-alloys") == "undetermined")
        let eu = try NetworkDiagram(demo, view: .whole, options: DiagramOptions(rule: .eu, asOf: demoDay))
        #expect(status(eu, "c-kestrel-energy-trading") == "ownedOrControlled")
        let uk = try NetworkDiagram(demo, view: .whole, options: DiagramOptions(rule: .uk, asOf: demoDay))
        #expect(status(uk, "c-taiga-nickel-trading") != "ownedOrControlled")   // no aggregation across persons
        let none = try NetworkDiagram(demo, view: .whole, options: DiagramOptions(asOf: demoDay))
        #expect(status(none, "p-viktor-stolnik") == "designated")
        #expect(status(none, "c-taiga-nickel-trading") == "clear")
        let fill = ofac.graph.node("p-viktor-stolnik")?.attributes["fillcolor"]?.string
        #expect(fill == DiagramStyle.colors(.designated).fill)
    }

    @Test func shapesShowKindsAndEveryEntityHasAStableSVGID() throws {
        let d = try NetworkDiagram(demo, view: .whole, options: DiagramOptions(rule: .ofac, asOf: demoDay))
        #expect(d.graph.node("p-viktor-stolnik")?.attributes["shape"]?.string == "ellipse")
        #expect(d.graph.node("c-taiga-nickel-trading")?.attributes["shape"]?.string == "box")
        #expect(d.graph.node("v-polar-dawn")?.attributes["shape"]?.string == "invtrapezium")
        let entityNodes = d.graph.allNodes.filter { $0.attributes["class"]?.string.hasPrefix("entity") == true }
        #expect(entityNodes.count == d.entities.count)
        let ids = entityNodes.compactMap { $0.attributes["id"]?.string }
        #expect(Set(ids).count == ids.count)
        #expect(d.graph.node("p-viktor-stolnik")?.attributes["id"]?.string == "e-p-viktor-stolnik")
        // No sector nodes: sectors are clusters.
        #expect(d.entities.allSatisfy { demo.kinds[Int($0)] != .sector })
    }

    @Test func tiesShowShareKindAndDirection() throws {
        let d = try NetworkDiagram(demo, view: .ego(center: v("c-kestrel-energy-trading"), depth: 1),
                                   options: DiagramOptions(rule: .eu, asOf: demoDay))
        func edge(_ from: String, _ to: String, _ where: (DOTEdge) -> Bool = { _ in true }) -> DOTEdge? {
            d.graph.edges.first { $0.from == from && $0.to == to && `where`($0) }
        }
        let own45 = edge("p-marina-stolnik", "c-kestrel-energy-trading")
        let own20 = edge("p-viktor-stolnik", "c-kestrel-energy-trading") { $0.attributes["class"]?.string == "tie kind-ownership" }
        #expect(own45?.attributes["label"]?.string == "45%")
        #expect(own20?.attributes["label"]?.string == "20%")
        let w45 = Double(own45?.attributes["penwidth"]?.string ?? "") ?? 0, w20 = Double(own20?.attributes["penwidth"]?.string ?? "") ?? 0
        #expect(w45 > w20 && w20 > 1)
        let control = edge("p-viktor-stolnik", "c-kestrel-energy-trading") { $0.attributes["class"]?.string == "tie kind-control" }
        #expect(control?.attributes["style"]?.string == "dashed")
        let family = d.graph.edges.first { $0.attributes["class"]?.string == "tie kind-family" }
        #expect(family?.attributes["style"]?.string == "dotted")
        #expect(family?.attributes["dir"]?.string == "none")
        #expect(family?.attributes["constraint"] == nil)   // crashes dot 2.42 in process
        #expect(d.graph.edges.allSatisfy { $0.attributes["tooltip"] != nil })
    }

    @Test func egoNetworkToDepth() throws {
        let center = v("c-taiga-nickel-trading")
        let options = DiagramOptions(rule: .ofac, asOf: demoDay, maxTiesPerEntity: 0)
        let d0 = try NetworkDiagram(demo, view: .ego(center: center, depth: 0), options: options)
        #expect(d0.entities == [center])
        let d1 = try NetworkDiagram(demo, view: .ego(center: center, depth: 1), options: options)
        let direct = Set(demo.graph.neighborhood(of: [center], depth: 1, direction: .both,
                                                 in: demo.view(ViewSelector.drawnKinds, activeOn: demoDay)))
        #expect(Set(d1.entities) == direct)
        #expect(d1.graph.node("c-taiga-nickel-trading")?.attributes["penwidth"]?.string == "3")
        let d2 = try NetworkDiagram(demo, view: .ego(center: center, depth: 2), options: options)
        #expect(d2.entities.count > d1.entities.count)
        #expect(d2.graph.attributes["tooltip"]?.string == "Ego network of Taiga Nickel Trading AG, depth 2")
    }

    @Test func aSectorFocusDrawsItsMembers() throws {
        let sector = v("sector:nickel")
        let d = try NetworkDiagram(demo, view: .ego(center: sector, depth: 1), options: DiagramOptions(rule: .ofac, asOf: demoDay))
        #expect(d.entities.count == 7)
        #expect(!d.entities.contains(sector))
    }

    @Test func explanationChainBackToTheRoots() throws {
        let taiga = v("c-taiga-nickel-trading")
        let d = try NetworkDiagram(demo, view: .explanation(entity: taiga), options: DiagramOptions(rule: .ofac, asOf: demoDay))
        #expect(Set(d.entities).isSuperset(of: [taiga, v("p-viktor-stolnik"), v("p-arkady-veltsin")]))
        let chain = d.graph.edges.filter { $0.attributes["color"]?.string == DiagramStyle.chainEdgeColor }
        #expect(chain.count == 2)
        #expect(chain.map { $0.attributes["label"]?.string ?? "" }.sorted() == ["25% (total 55%)", "30% (total 30%)"])
        #expect(d.graph.attributes["tooltip"]?.string == "Why Taiga Nickel Trading AG is owned: blocked owners hold 55% ≥ 50%")
        // A longer chain: Baikal Foil through two blocked intermediaries.
        let baikal = try NetworkDiagram(demo, view: .explanation(entity: v("c-baikal-foil-products")),
                                        options: DiagramOptions(rule: .ofac, asOf: demoDay))
        #expect(baikal.entities.contains(v("p-arkady-veltsin")))
        #expect(baikal.graph.edges.filter { $0.attributes["color"]?.string == DiagramStyle.chainEdgeColor }.count == 4)
    }

    @Test func explanationAndReliefNeedARule() {
        #expect(throws: DiagramError.self) {
            try NetworkDiagram(demo, view: .explanation(entity: 0), options: DiagramOptions(asOf: demoDay))
        }
        #expect(throws: DiagramError.self) {
            try NetworkDiagram(demo, view: .relief(edits: [.delist(0, nil)]), options: DiagramOptions(asOf: demoDay))
        }
        #expect(throws: DiagramError.self) {
            try NetworkDiagram(demo, view: .ego(center: 1_000_000, depth: 1), options: DiagramOptions(asOf: demoDay))
        }
    }

    @Test func reliefShowsWhatChanges() throws {
        let day = Day(year: 2018, month: 6, day: 1)!
        let edits: [ReliefEdit] = [.delist(v("c-en-plus", enPlus), nil), .delist(v("c-rusal", enPlus), nil),
                                   .delist(v("c-eurosibenergo", enPlus), nil),
                                   .setShare(owner: v("p-oleg-deripaska", enPlus), asset: v("c-en-plus", enPlus), percent: 44.95)]
        let d = try NetworkDiagram(enPlus, view: .relief(edits: edits), options: DiagramOptions(rule: .ofac, asOf: day))
        for id in ["c-en-plus", "c-rusal", "c-eurosibenergo", "c-irkutskenergo", "c-aughinish-alumina"] {
            #expect(status(d, id) == "freed", "\(id)")
        }
        #expect(status(d, "p-oleg-deripaska") == "designated")
        let label = d.graph.node("c-rusal")?.attributes["label"]?.string ?? ""
        #expect(label.contains("designated → clear"))
        #expect(label.contains("delisted: US"))
        let divested = d.graph.edges.first { $0.from == "p-oleg-deripaska" && $0.to == "c-en-plus" && $0.attributes["class"]?.string == "tie kind-ownership" }
        #expect(divested?.attributes["label"]?.string == "70% → 44.95%")
        #expect(d.graph.attributes["tooltip"]?.string.hasPrefix("Relief scenario: delist En+ Group plc") == true)
    }

    @Test func topEntitiesAreSizedByScore() throws {
        var scores: [UInt32: Double] = [:]
        for i in 0 ..< UInt32(demo.entityCount) { scores[i] = Double(i % 17) }
        let d = try NetworkDiagram(demo, view: .top(scores: scores, count: 10, measure: "test"), options: DiagramOptions(asOf: demoDay))
        #expect(d.entities.count == 10)
        #expect(d.entities.allSatisfy { scores[$0] ?? 0 >= 14 })
        let sizes = d.entities.map { (scores[$0] ?? 0, Double(d.graph.node(demo.id(of: $0))?.attributes["width"]?.string ?? "") ?? 0) }
        for a in sizes { for b in sizes where a.0 > b.0 { #expect(a.1 > b.1) } }
        #expect(d.graph.attributes["tooltip"]?.string == "Top 10 entities by test")
        let typed = try NetworkDiagram(demo, view: .top(scores: scores, count: 10, measure: .centrality(.inShare)), options: DiagramOptions(asOf: demoDay))
        #expect(typed.graph.attributes["tooltip"]?.string == "Top 10 entities by ownership shares held in them")
    }

    @Test func hubsAreSummarised() throws {
        var f = FtMFile()
        f.entity("hub", "Person", name: "Hub Person")
        f.sanction("hub")
        for i in 0 ..< 30 {
            f.entity("c\(i)", name: "Company \(i)")
            f.own("hub", "c\(i)", Double(i + 1))
        }
        f.entity("far", name: "Far Away")
        f.own("c29", "far", 100)
        let network = try f.load()
        let hub = network.node(id: "hub")!
        let d = try NetworkDiagram(network, view: .ego(center: hub, depth: 2),
                                   options: DiagramOptions(rule: .ofac, asOf: demoDay, maxTiesPerEntity: 5))
        // The five largest stakes are kept; the rest become "+25 more"; what hung off them goes.
        #expect(d.entities.count == 7)
        #expect(Set(d.entities.map { network.id(of: $0) }) == ["hub", "c25", "c26", "c27", "c28", "c29", "far"])
        #expect(d.summarisedTies == 25)
        let summary = d.graph.allNodes.first { $0.attributes["class"]?.string == "summary" }
        #expect(summary?.attributes["label"]?.string == "+25 more\n25 ownership")
        #expect(d.graph.edges.contains { $0.from == "hub" && $0.to == summary?.id })
        let all = try NetworkDiagram(network, view: .ego(center: hub, depth: 2),
                                     options: DiagramOptions(rule: .ofac, asOf: demoDay, maxTiesPerEntity: 0))
        #expect(all.entities.count == 32)
    }

    @Test func theWholeGraphIsRefusedAboveTheLimit() {
        do {
            _ = try NetworkDiagram(demo, view: .whole, options: DiagramOptions(rule: .ofac, asOf: demoDay, maxEntities: 50))
            Issue.record("expected tooLarge")
        } catch {
            guard case .tooLarge(_, let n, let limit, let suggestion) = error else { Issue.record("wrong error \(error)"); return }
            #expect(n == 76 && limit == 50)
            #expect(suggestion.contains("--focus") && suggestion.contains("--explain") && suggestion.contains("--top"))
            #expect(error.description.contains("the whole network has 76 entities"))
        }
    }

    @Test func clustersBySectorOrJurisdiction() throws {
        let bySector = try NetworkDiagram(demo, view: .whole, options: DiagramOptions(rule: .ofac, asOf: demoDay, cluster: .sector))
        #expect(bySector.graph.subgraphs.map(\.name) == ["cluster sector: aluminium", "cluster sector: banking", "cluster sector: energy",
                                                         "cluster sector: nickel", "cluster sector: rare earths"])
        let members = bySector.graph.subgraphs.reduce(0) { $0 + $1.nodes.filter { $0.attributes["class"]?.string.hasPrefix("entity") == true }.count }
        #expect(members == 40)
        let byCountry = try NetworkDiagram(demo, view: .whole, options: DiagramOptions(rule: .ofac, asOf: demoDay, cluster: .jurisdiction))
        #expect(byCountry.graph.subgraphs.contains { $0.name == "cluster jurisdiction: CY" })
        let sfdp = try NetworkDiagram(demo, view: .whole, options: DiagramOptions(rule: .ofac, asOf: demoDay, cluster: .sector, engine: .sfdp))
        #expect(sfdp.notes.contains { $0.contains("does not draw clusters") })
    }

    @Test func legendListsWhatIsDrawn() throws {
        let d = try NetworkDiagram(demo, view: .explanation(entity: v("c-taiga-nickel-trading")), options: DiagramOptions(rule: .ofac, asOf: demoDay))
        let legend = d.graph.attributes["label"]?.string ?? ""
        #expect(legend.contains("designated") && legend.contains("owned or controlled"))
        #expect(legend.contains("the chain that blocks it"))
        #expect(!legend.contains("newly blocked"))
        let plain = try NetworkDiagram(demo, view: .whole, options: DiagramOptions(rule: .ofac, asOf: demoDay, showLegend: false))
        #expect(plain.graph.attributes["label"]?.string.hasPrefix("Whole network\n") == true)
    }

    @Test func engineAndLabelsChosenBySize() {
        #expect(NetworkDiagram.defaultEngine(entities: 30, ties: 40) == (.dot, .label))
        #expect(NetworkDiagram.defaultEngine(entities: 130, ties: 160) == (.dot, .xlabel))
        #expect(NetworkDiagram.defaultEngine(entities: 234, ties: 246) == (.sfdp, .label))
        #expect(NetworkDiagram.defaultEngine(entities: 200, ties: 400) == (.sfdp, .label))
        #expect(NetworkDiagram.defaultEngine(entities: 1000, ties: 1100) == (.sfdp, .label))
    }

    @Test func writesFilesByExtension() throws {
        let d = try NetworkDiagram(demo, view: .explanation(entity: v("c-taiga-nickel-trading")), options: DiagramOptions(rule: .ofac, asOf: demoDay))
        let folder = try tempFolder("write")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let magic: [String: [UInt8]] = ["svg": Array("<?xml".utf8), "png": [0x89, 0x50, 0x4E, 0x47], "pdf": Array("%PDF".utf8),
                                        "dot": Array("digraph".utf8), "gv": Array("digraph".utf8), "json": Array("{".utf8)]
        for (ext, prefix) in magic {
            let path = folder + "/out." + ext
            try d.write(to: path)
            let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
            #expect(bytes.starts(with: prefix), "\(ext)")
        }
        #expect(String(decoding: [UInt8](try Data(contentsOf: URL(fileURLWithPath: folder + "/out.dot"))), as: UTF8.self) == d.dot)
        #expect(throws: DiagramError.self) { try d.write(to: folder + "/out.bmp") }
        // Missing folders are created; a file where a folder is needed is an error, and the
        // failed write leaves nothing behind.
        try d.write(to: folder + "/no/such/dir/out.svg")
        #expect(FileManager.default.fileExists(atPath: folder + "/no/such/dir/out.svg"))
        let thrown = #expect(throws: DiagramError.self) { try d.write(to: folder + "/out.svg/out.svg") }
        #expect(thrown?.description == "cannot write '\(folder)/out.svg/out.svg': cannot create the folder \(folder)/out.svg: Not a directory")
    }

    @Test(arguments: LayoutEngine.allCases)
    func everyEngineDrawsTheDemo(_ engine: LayoutEngine) throws {
        let d = try NetworkDiagram(demo, view: .ego(center: v("p-arkady-veltsin"), depth: 1),
                                   options: DiagramOptions(rule: .uk, asOf: demoDay, engine: engine))
        let svg = try d.render(.svg)
        let xml = XMLSummary.parse(svg.bytes)
        #expect(xml?.attributes["id"]?.contains("e-p-arkady-veltsin") == true)
    }
}

/// The README's diagram snippet, kept compiling and checked.
@Suite struct ReadmeDiagramTests {
    @Test func readmeSnippetWorks() throws {
        let network = try bundled("Graphs/demo-rare-earths.ftm.json")
        // As in the README:
        let options = DiagramOptions(rule: .uk, asOf: Day("2026-11-29")!, cluster: .sector)
        let diagram = try NetworkDiagram(network, view: .ego(center: network.node(id: "p-viktor-stolnik")!, depth: 2),
                                         options: options)
        let svg: [UInt8] = try diagram.render(.svg).bytes
        let folder = try tempFolder("readme")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try diagram.write(to: folder + "/stolnik.png")
        #expect(svg.starts(with: Array("<?xml".utf8)))
        #expect(FileManager.default.fileExists(atPath: folder + "/stolnik.png"))
        #expect(diagram.dot.hasPrefix("digraph"))
    }

    /// Shares known only as a range are drawn as the range, not as "?%" (docs/shares.md).
    @Test func rangesAreLabelledAsRanges() throws {
        let cluster = try bundled("Graphs/opensanctions-cluster.ftm.json")
        let center = try #require(cluster.node(id: "x-c-range-motors"))
        let d = try NetworkDiagram(cluster, view: .ego(center: center, depth: 1),
                                   options: DiagramOptions(rule: .ofac, asOf: Day(year: 2026, month: 11, day: 1)!))
        #expect(d.dot.contains("[25, 50]%"), "\(d.dot)")
    }
}
