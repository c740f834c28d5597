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
    @Option(help: "With --strongest: which number of a share interval to multiply: low, mid (default; unknown = 50) or high.") var share: SharePoint = .mid
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
            guard let found = strongestOwnershipPath(analysis.adjacency(.outgoing, weighted: true, share: share), from: i, to: j, maxDegree: maxDegree) else {
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
    for tie in network.ties(from: u) where tie.target == v {
        if ownershipOnly && tie.kind != .ownership { continue }
        return "↓ \(tie.kind.ftmName)" + (tie.kind == .ownership ? " \(network.share(tie.edge))" : "")
    }
    for tie in network.ties(from: v) where tie.target == u {
        return "↑ \(tie.kind.ftmName)" + (tie.kind == .ownership ? " \(network.share(tie.edge))" : "") + " (held by the entity below)"
    }
    return "↓ tie"
}

struct Owners: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Who ultimately owns an entity: integrated ownership through every chain, cross-holdings included.",
        discussion: """
            The integrated share of an owner is the product of shares along each ownership chain, \
            summed over chains (Vitali, Glattfelder & Battiston 2011: (I − A)⁻¹, solved \
            iteratively so that cross-holding cycles are safe). Shares are intervals \
            (docs/shares.md): the integrated share is solved once with every stake at its lower \
            bound and once at its upper bound (a stake of unknown size: 0% and 100%), each clamped \
            to [0, 100]. Owners whose upper bound reaches --threshold are listed; owners with no \
            owners of their own are marked ultimate.

            Examples:
              sanctions-graph owners Graphs/en-plus-2019.ftm.json c-aughinish-alumina --as-of 2018-06-01
              sanctions-graph owners Graphs/opensanctions-cluster.ftm.json NK-zala-aero-group --format csv
            """
    )

    @OptionGroup var input: GraphInput
    @Argument(help: "The entity: an id or a unique name.") var entity: String
    @Option(help: "List owners with at least this integrated share, in percent.") var threshold: Double = 10
    @Option(name: .customLong("as-of"), help: "Ownership ties in force on this date (default: today).") var asOf: Day?
    @Option(help: "text, json or csv (id,name,low,high,ultimate).") var format: TableFormat = .text

    func run() throws {
        let (network, _) = try input.load()
        let v = try resolveEntity(entity, in: network)
        let analysis = AnalysisGraph(network, kinds: [.ownership], activeOn: asOf ?? Day.today)
        guard let i = analysis.index(of: v) else { Stderr.print("error: sector nodes have no owners"); throw ExitCode.failure }
        let lowIncoming = analysis.adjacency(.incoming, weighted: true, share: .low)
        let highIncoming = analysis.adjacency(.incoming, weighted: true, share: .high)
        let (low, lowConverged) = integratedOwnership(of: i, incoming: lowIncoming)
        let (high, highConverged) = integratedOwnership(of: i, incoming: highIncoming)
        if !lowConverged || !highConverged {
            Stderr.print("warning: the iteration did not converge: a cross-holding cycle's shares multiply to 100% or more")
        }
        func clamp(_ p: Double) -> Double { min(max(p, 0), 100) }
        let keys = Set(low.keys).union(high.keys)
        let rows = keys.map { k in (k, clamp(low[k] ?? 0), clamp(high[k] ?? 0)) }.filter { $0.2 >= threshold - 1e-9 }.sorted {
            ($0.2, $0.1) != ($1.2, $1.1) ? ($0.2, $0.1) > ($1.2, $1.1) : network.id(of: analysis.nodes[$0.0]) < network.id(of: analysis.nodes[$1.0])
        }
        func isUltimate(_ k: Int) -> Bool { highIncoming.range(k).isEmpty }
        func rounded(_ p: Double) -> Double { (p * 1e6).rounded() / 1e6 }
        switch format {
        case .json:
            print(JSONValue.object(["entity": .string(network.id(of: v)), "threshold": .double(threshold),
                                    "converged": .bool(lowConverged && highConverged),
                                    "owners": .array(rows.map { k, lo, hi in .object([
                                        "id": .string(network.id(of: analysis.nodes[k])), "name": .string(network.name(of: analysis.nodes[k])),
                                        "low": .double(rounded(lo)), "high": .double(rounded(hi)), "ultimate": .bool(isUltimate(k))]) })]).serialized())
        case .csv:
            var out = reportRow(["id", "name", "low", "high", "ultimate"])
            for (k, lo, hi) in rows {
                out += reportRow([network.id(of: analysis.nodes[k]), network.name(of: analysis.nodes[k]), Share.format(rounded(lo)),
                               Share.format(rounded(hi)), isUltimate(k) ? "true" : "false"])
            }
            print(out, terminator: "")
        case .text:
            print("owners of \(network.name(of: v)) [\(network.id(of: v))] with an integrated share of at least \(Share.format(threshold))% (at most):")
            if rows.isEmpty { print("  none") }
            for (k, lo, hi) in rows {
                let share = abs(hi - lo) < 1e-9 ? String(format: "%8.4f%%", hi) : String(format: "%.4g–%.4g%%", lo, hi)
                print("  \(share)  \(network.name(of: analysis.nodes[k])) [\(network.id(of: analysis.nodes[k]))]\(isUltimate(k) ? "  (ultimate)" : "")")
            }
        }
    }
}
