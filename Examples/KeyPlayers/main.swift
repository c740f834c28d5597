// KeyPlayers: who matters in the network?
//
//   swift run KeyPlayers [GRAPH] [--top N] [--as-of YYYY-MM-DD]
//       (default: Graphs/demo-rare-earths.ftm.json, top 12 drawn, as of 2026-11-29)
//
// Three views of importance, each answering a different question:
// - PageRank (ties followed owner → asset, director → company, …): where does influence
//   flow to? High for entities at the end of many chains.
// - Betweenness: who sits on the paths between others? High for brokers and holding hubs.
// - Integrated control: whose money is really behind what? For each entity, the integrated
//   ownership (the product of shares along every chain, summed, cross-holdings included) it
//   holds in every other entity; we count the entities it controls at ≥ 50% integrated and
//   add up its integrated stakes.
import Foundation
import SanctionsGraph

// MARK: Setup

func notebook() {
    let root = Script.repositoryRoot()
    var graphPath = root + "/Graphs/demo-rare-earths.ftm.json"
    var topN = 12
    var asOf = Day("2026-11-29")!
    var args = Array(CommandLine.arguments.dropFirst())[...]
    while let arg = args.popFirst() {
        switch arg {
        case "--top": guard let n = args.popFirst().flatMap({ Int($0) }), n > 0 else { Script.fail("--top needs a positive number") }; topN = n
        case "--as-of": guard let d = args.popFirst().flatMap({ Day($0) }) else { Script.fail("--as-of needs a date YYYY-MM-DD") }; asOf = d
        case "-h", "--help": print("usage: KeyPlayers [GRAPH] [--top N] [--as-of YYYY-MM-DD]"); return
        default: graphPath = arg
        }
    }
    let outDir = root + "/out/KeyPlayers"
    try? FileManager.default.createDirectory(atPath: outDir, withIntermediateDirectories: true)
    let network: SanctionsNetwork
    do { (network, _) = try GraphLoader.load(path: graphPath) } catch { Script.fail("\(error)") }

    // Who is under an asset freeze (any of the three rules), to mark the tables.
    let ofac = evaluate(network, rule: .ofac, asOf: asOf)
    func designated(_ v: UInt32) -> Bool {
        [BlockingRule.ofac, .eu, .uk].contains { rule in network.designations(of: v).contains { rule.counts($0, on: asOf) } }
    }
    func table(_ title: String, _ scores: [UInt32: Double], format: (Double) -> String) {
        print(title)
        let rows = scores.filter { $0.value > 0 }.sorted {
            $0.value != $1.value ? $0.value > $1.value : network.id(of: $0.key) < network.id(of: $1.key)
        }.prefix(10)
        if rows.isEmpty { print("   none") }
        for (rank, (v, score)) in rows.enumerated() {
            let mark = designated(v) ? "designated" : ofac.status[Int(v)].isBlocked ? "ofac-" + ofac.status[Int(v)].description : ""
            print("   \(String(rank + 1).padding(to: 3))\(format(score).padding(to: 11))\(mark.padding(to: 17))\(network.name(of: v)) [\(network.id(of: v))]")
        }
        print("")
    }

    print("Key players in \(graphPath.hasPrefix(root + "/") ? String(graphPath.dropFirst(root.count + 1)) : graphPath), as of \(asOf)")
    print("(entities: \(network.entityCount), ties: \(network.tieCount); marks: designated somewhere, or blocked under ofac)")
    print("")

    // MARK: 1. PageRank over every tie in force (sector memberships left out)
    let analysis = AnalysisGraph(network, activeOn: asOf)
    // The adjacencies come from the analysis graph, so the measures accept them; stop if not.
    func checked<T>(_ body: () throws(GraphInputError) -> T) -> T {
        do { return try body() } catch { Script.fail("\(error)") }
    }
    let pageRankScores = analysis.byNode(checked { () throws(GraphInputError) in try pageRank(outgoing: analysis.adjacency(.outgoing)) })
    table("1. PageRank (damping 0.85, ties as directed in FtM): top 10", pageRankScores) { String(format: "%.4f", $0) }

    // MARK: 2. Betweenness, ties taken both ways (a broker links owners and assets alike)
    let betweennessScores = analysis.byNode(checked { () throws(GraphInputError) in try betweennessCentrality(analysis.adjacency(.both)) })
    table("2. Betweenness (normalised, undirected): top 10", betweennessScores) { String(format: "%.4f", $0) }

    // MARK: 3. Integrated control: ownership ties only, every chain multiplied out
    let ownership = AnalysisGraph(network, kinds: [.ownership], activeOn: asOf)
    let incoming = ownership.adjacency(.incoming, weighted: true)
    var integratedTotal: [UInt32: Double] = [:], controlled: [UInt32: Double] = [:]
    for asset in 0 ..< incoming.nodeCount where !incoming.range(asset).isEmpty {
        for (owner, percent) in checked({ () throws(GraphInputError) in try integratedOwnership(of: asset, incoming: incoming) }).shares where owner != asset {
            let v = ownership.node(at: .init(owner))
            integratedTotal[v, default: 0] += percent
            if percent >= 50 - 1e-9 { controlled[v, default: 0] += 1 }
        }
    }
    table("3a. Entities controlled at ≥ 50% integrated ownership: top 10", controlled) { "\(Int($0))" }
    table("3b. Sum of integrated stakes (percent points over everything held): top 10", integratedTotal) { String(format: "%.1f", $0) }

    // MARK: 4. Diagrams: the top N by PageRank and by integrated control, coloured by OFAC status
    print("4. Diagrams")
    do {
        let style = DiagramOptions(rule: .ofac, asOf: asOf)
        let views: [(DiagramView, String)] = [
            (.top(scores: pageRankScores, count: topN, measure: .centrality(.pagerank)), "top\(topN)-pagerank"),
            (.top(scores: betweennessScores, count: topN, measure: .centrality(.betweenness)), "top\(topN)-betweenness"),
            (.top(scores: integratedTotal, count: topN, measure: "integrated control"), "top\(topN)-integrated-control"),
        ]
        for (view, file) in views {
            let diagram = try NetworkDiagram(network, view: view, options: style, evaluation: ofac)
            for ext in ["svg", "png"] { _ = try diagram.write(to: "\(outDir)/\(file).\(ext)") }
            print("   wrote out/KeyPlayers/\(file).svg and .png")
        }
    } catch { Script.fail("\(error)") }
}

notebook()
