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
        let found: EntityPath?
        do {
            found = strongest
                ? try network.strongestOwnershipPath(from: a, to: b, on: asOf ?? Day.today, share: share, maxDegree: maxDegree)
                : try network.shortestPath(from: a, to: b, activeOn: asOf, maxDegree: maxDegree)
        } catch {
            Stderr.print("error: \(error)")
            throw ExitCode.failure
        }
        guard let found else {
            if strongest {
                printSafely("no ownership chain with known shares from \(network.name(of: a)) to \(network.name(of: b))")
            } else {
                printSafely("\(network.name(of: a)) and \(network.name(of: b)) are not connected\(maxDegree.map { " avoiding entities with more than \($0) ties" } ?? "")")
            }
            return
        }
        let path = found.entities, percent = found.percent
        let steps = found.steps.map { $0.description(in: network) }
        switch format {
        case .json:
            print(JSONValue.object([
                "path": .array(path.map { .object(["id": .string(network.id(of: $0)), "name": .string(network.name(of: $0))]) }),
                "ties": .array(steps.map { .string($0) }),
                "percent": percent.map { .double(($0 * 1e6).rounded() / 1e6) } ?? .null]).versioned.serialized())
        case .text:
            for (k, v) in path.enumerated() {
                printSafely("\(network.name(of: v)) [\(network.id(of: v))]")
                if k < steps.count { printSafely("  \(steps[k])") }
            }
            if let percent { print("integrated along this chain: \(String(format: "%.4g", percent))%") }
        }
    }
}

struct Owners: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "owners",
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
        let result: IntegratedOwners
        do {
            result = try network.integratedOwners(of: v, on: asOf ?? Day.today, threshold: threshold)
        } catch {
            Stderr.print("error: \(error)")
            throw ExitCode.failure
        }
        if !result.converged {
            Stderr.print("warning: the iteration did not converge: a cross-holding cycle's shares multiply to 100% or more")
        }
        let rows = result.owners
        func rounded(_ p: Double) -> Double { (p * 1e6).rounded() / 1e6 }
        switch format {
        case .json:
            print(JSONValue.object(["entity": .string(network.id(of: v)), "threshold": .double(threshold),
                                    "converged": .bool(result.converged),
                                    "owners": .array(rows.map { o in .object([
                                        "id": .string(network.id(of: o.node)), "name": .string(network.name(of: o.node)),
                                        "low": .double(rounded(o.low)), "high": .double(rounded(o.high)), "ultimate": .bool(o.isUltimate)]) })]).versioned.serialized())
        case .csv:
            var out = reportRow(["id", "name", "low", "high", "ultimate"])
            for o in rows {
                out += reportRow([network.id(of: o.node), network.name(of: o.node), Share.format(rounded(o.low)),
                               Share.format(rounded(o.high)), o.isUltimate ? "true" : "false"])
            }
            print(out, terminator: "")
        case .text:
            printSafely("owners of \(network.name(of: v)) [\(network.id(of: v))] with an integrated share of at least \(Share.format(threshold))% (at most):")
            if rows.isEmpty { print("  none") }
            for o in rows {
                let share = abs(o.high - o.low) < 1e-9 ? String(format: "%8.4f%%", o.high) : String(format: "%.4g–%.4g%%", o.low, o.high)
                printSafely("  \(share)  \(network.name(of: o.node)) [\(network.id(of: o.node))]\(o.isUltimate ? "  (ultimate)" : "")")
            }
        }
    }
}
