import ArgumentParser
import Foundation
import SanctionsGraph

struct PathCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "path",
        abstract: "How two entities are connected: the shortest chain of ties, or the strongest ownership chain.",
        discussion: """
            By default the fewest ties of any kind, followed either way. --strongest follows \
            ownership ties from FROM to TO and takes the chain whose product of shares is largest. \
            --max-degree D passes through no entity with more than D ties (hub avoidance).

            Examples:
              sanctions-graph path Graphs/demo-rare-earths.ftm.json p-viktor-stolnik v-kara-sea-trader
              sanctions-graph path Graphs/en-plus-2019.ftm.json p-oleg-deripaska c-aughinish-alumina --strongest --as-of 2018-06-01
            """
    )

    @OptionGroup var input: GraphInput
    @Argument(help: "From: an id or a unique name.") var from: String
    @Argument(help: "To: an id or a unique name.") var to: String
    @Flag(help: "Follow ownership ties only and maximise the product of shares.") var strongest = false
    @Option(name: .customLong("max-degree"), help: "Do not pass through entities with more ties than this.") var maxDegree: Int?
    @Option(name: .customLong("as-of"), help: "Only ties in force on this date (default: every tie; for --strongest, today).") var asOf: Day?
    @Option(help: "text or json.") var format: ReportFormat = .text

    func run() throws {
        let (network, _) = try input.load()
        let a = try resolveEntity(from, in: network), b = try resolveEntity(to, in: network)
        let analysis = AnalysisGraph(network, kinds: strongest ? [.ownership] : nil, activeOn: strongest ? (asOf ?? Day.today) : asOf)
        guard let i = analysis.index(of: a), let j = analysis.index(of: b) else { Stderr.print("error: sector nodes have no paths"); throw ExitCode.failure }
        var nodes: [Int] = []
        var percent: Double? = nil
        if strongest {
            guard let found = strongestOwnershipPath(analysis.adjacency(.outgoing, weighted: true), from: i, to: j, maxDegree: maxDegree) else {
                print("no ownership chain with known shares from \(network.name(of: a)) to \(network.name(of: b))")
                return
            }
            (nodes, percent) = found
        } else {
            guard let found = shortestPath(analysis.adjacency(.both), from: i, to: j, maxDegree: maxDegree) else {
                print("\(network.name(of: a)) and \(network.name(of: b)) are not connected\(maxDegree.map { " avoiding entities with more than \($0) ties" } ?? "")")
                return
            }
            nodes = found
        }
        let path = nodes.map { analysis.nodes[$0] }
        // The tie between each consecutive pair, either way.
        let steps: [String] = zip(path, path.dropFirst()).map { u, v in describeTie(network, u, v, ownershipOnly: strongest) }
        switch format {
        case .json:
            print(JSONValue.object([
                "path": .array(path.map { .object(["id": .string(network.id(of: $0)), "name": .string(network.name(of: $0))]) }),
                "ties": .array(steps.map { .string($0) }),
                "percent": percent.map { .double(($0 * 1e6).rounded() / 1e6) } ?? .null]).serialized())
        case .text:
            for (k, v) in path.enumerated() {
                print("\(network.name(of: v)) [\(network.id(of: v))]")
                if k < steps.count { print("  \(steps[k])") }
            }
            if let percent { print("integrated along this chain: \(String(format: "%.4g", percent))%") }
        }
    }
}

/// The tie from u to v (or v to u) in words: "owns 70% →", "← director of", …
func describeTie(_ network: SanctionsNetwork, _ u: UInt32, _ v: UInt32, ownershipOnly: Bool) -> String {
    let g = network.graph
    for e in g.outEdgeRange(u) where g.edgeTarget[e] == v {
        let kind = network.tieKind(UInt32(e))
        if ownershipOnly && kind != .ownership { continue }
        return "↓ \(kind.ftmName)" + (kind == .ownership ? " \(network.share(UInt32(e)))" : "")
    }
    for e in g.outEdgeRange(v) where g.edgeTarget[e] == u {
        let kind = network.tieKind(UInt32(e))
        return "↑ \(kind.ftmName)" + (kind == .ownership ? " \(network.share(UInt32(e)))" : "") + " (held by the entity below)"
    }
    return "↓ tie"
}

struct Owners: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Who ultimately owns an entity: integrated ownership through every chain, cross-holdings included.",
        discussion: """
            The integrated share of an owner is the product of shares along each ownership chain, \
            summed over chains (Vitali, Glattfelder & Battiston 2011: (I − A)⁻¹, solved \
            iteratively so that cross-holding cycles are safe). Stakes of unknown size count as 0. \
            Owners with no owners of their own are marked ultimate.

            Example:
              sanctions-graph owners Graphs/en-plus-2019.ftm.json c-aughinish-alumina --as-of 2018-06-01
            """
    )

    @OptionGroup var input: GraphInput
    @Argument(help: "The entity: an id or a unique name.") var entity: String
    @Option(help: "List owners with at least this integrated share, in percent.") var threshold: Double = 10
    @Option(name: .customLong("as-of"), help: "Ownership ties in force on this date (default: today).") var asOf: Day?
    @Option(help: "text or json.") var format: ReportFormat = .text

    func run() throws {
        let (network, _) = try input.load()
        let v = try resolveEntity(entity, in: network)
        let analysis = AnalysisGraph(network, kinds: [.ownership], activeOn: asOf ?? Day.today)
        guard let i = analysis.index(of: v) else { Stderr.print("error: sector nodes have no owners"); throw ExitCode.failure }
        let incoming = analysis.adjacency(.incoming, weighted: true)
        let (shares, converged) = integratedOwnership(of: i, incoming: incoming)
        if !converged { Stderr.print("warning: the iteration did not converge: a cross-holding cycle's shares multiply to 100% or more") }
        let rows = shares.filter { $0.value >= threshold - 1e-9 }.sorted {
            $0.value != $1.value ? $0.value > $1.value : network.id(of: analysis.nodes[$0.key]) < network.id(of: analysis.nodes[$1.key])
        }
        func isUltimate(_ k: Int) -> Bool { incoming.range(k).isEmpty }
        switch format {
        case .json:
            print(JSONValue.object(["entity": .string(network.id(of: v)), "threshold": .double(threshold), "converged": .bool(converged),
                                    "owners": .array(rows.map { k, p in .object([
                                        "id": .string(network.id(of: analysis.nodes[k])), "name": .string(network.name(of: analysis.nodes[k])),
                                        "integratedShare": .double((p * 1e6).rounded() / 1e6), "ultimate": .bool(isUltimate(k))]) })]).serialized())
        case .text:
            print("owners of \(network.name(of: v)) [\(network.id(of: v))] with an integrated share of at least \(Share.format(threshold))%:")
            if rows.isEmpty { print("  none") }
            for (k, p) in rows {
                print("  \(String(format: "%8.4f", p))%  \(network.name(of: analysis.nodes[k])) [\(network.id(of: analysis.nodes[k]))]\(isUltimate(k) ? "  (ultimate)" : "")")
            }
        }
    }
}
