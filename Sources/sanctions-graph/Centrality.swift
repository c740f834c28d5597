import ArgumentParser
import Foundation
import SanctionsGraph
import Platform

struct Centrality: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "centrality",
        abstract: "Rank entities by a centrality measure, with networkx's definitions and normalisations.",
        discussion: """
            Measures: degree (in + out, divided by n − 1), pagerank (damping 0.85; --proximity \
            personalises it on the designated entities: "sanctions proximity"), betweenness \
            (exact, Brandes; --samples K for K sampled sources), closeness (Wasserman–Faust for \
            disconnected graphs, distances measured to each node), harmonic, eigenvector, katz \
            (alpha 0.1), hits (--hits hubs|authorities), in-share (the sum of the ownership shares \
            held in the entity, in percent). Ties are directed as in FtM (owner → \
            asset, director → company, …) unless --undirected. Sector nodes and sector memberships \
            are left out. GRAPH may be a bare source,target[,share] edge list.

            Examples:
              sanctions-graph centrality Graphs/demo-rare-earths.ftm.json --measure pagerank --top 10
              sanctions-graph centrality edges.csv --measure betweenness --undirected --format csv
            """
    )

    @OptionGroup var input: GraphInput

    @Option(help: "degree, pagerank, betweenness, closeness, harmonic, eigenvector, katz, hits or in-share.")
    var measure: CentralityMeasure

    @Flag(help: "Treat ties as undirected.")
    var undirected = false

    /// How ties weigh.
    enum Weight: String, ExpressibleByArgument, CaseIterable {
        case share, none
    }

    @Option(help: "share (tie shares as weights; distances for the path-based measures) or none.")
    var weight: Weight = .none

    @Option(help: "With --weight share: which number of a share interval weighs a tie: low, mid (default; unknown = 50) or high (docs/shares.md).")
    var share: SharePoint = .mid

    @Option(help: "Betweenness: sample this many source nodes instead of all.")
    var samples: Int?

    @Option(help: "The random seed for sampling.")
    var seed: UInt64 = 1

    @Option(help: "Betweenness: approximate every value to within this (normalised) error, with --delta (Riondato–Kornaropoulos).")
    var epsilon: Double?

    @Option(help: "Betweenness with --epsilon: the probability that some value is off by more than epsilon.")
    var delta: Double = 0.1

    @Flag(help: "PageRank: personalise on the entities under an asset freeze in force (sanctions proximity).")
    var proximity = false

    @Option(help: "HITS: hubs or authorities.")
    var hits: HITSScores = .authorities

    @Option(help: "Katz: the attenuation factor.")
    var alpha: Double = 0.1

    @Option(name: .customLong("as-of"), help: "Only ties in force on this date (default: every tie).")
    var asOf: Day?

    @Option(help: "How many to list (0 for all; default: 20 in text, all in json and csv).")
    var top: Int?

    @Option(help: "text, json or csv (id,name,score: by score, then id).")
    var format: TableFormat = .text

    @Flag(help: "Print how long loading and computing took on stderr.")
    var timings = false

    @Option(help: ArgumentHelp("Threads for betweenness, closeness, harmonic and eigenvector (default: every core when the graph is large enough to gain from it).", valueName: "N"))
    var threads: Int?

    func validate() throws {
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1") }
        if let samples, samples < 1 { throw ValidationError("--samples must be at least 1") }
        if let epsilon, !(epsilon > 0 && epsilon < 1) { throw ValidationError("--epsilon must be between 0 and 1") }
        guard delta > 0 && delta < 1 else { throw ValidationError("--delta must be between 0 and 1") }
        guard alpha > 0 && alpha.isFinite else { throw ValidationError("--alpha must be a finite number above 0") }
        if epsilon != nil && (samples != nil || weight == .share) { throw ValidationError("--epsilon goes without --samples and --weight share") }
    }

    func run() throws {
        let clock = ContinuousClock()
        let t0 = clock.now
        let (network, _) = try input.load()
        let analysis = AnalysisGraph(network, activeOn: asOf)
        let n = analysis.nodeCount
        var options = CentralityOptions()
        options.undirected = undirected
        options.weighted = weight == .share
        options.share = share
        options.samples = samples
        options.seed = seed
        options.epsilon = epsilon
        options.delta = delta
        options.proximity = proximity ? (asOf ?? Day.today) : nil
        options.hits = hits
        options.alpha = alpha
        options.workers = threads
        let total = min(samples ?? n, n)
        if measure == .betweenness && epsilon == nil && total >= 2000 && !input.quiet {
            let counter = ProgressCounter(total: total, label: "betweenness")
            options.progress = { @Sendable done in counter.add(done) }
        }
        // The adjacency is built before the clock starts, as the benchmark peers' load does.
        let prepared = measure == .inShare ? nil : analysis.adjacency(for: options)
        let t1 = clock.now
        let scores: CentralityScores
        do {
            scores = try analysis.centrality(measure, options: options, prepared: prepared)
        } catch {
            Stderr.print("error: \(error)")
            throw ExitCode.failure
        }
        if scores.proximityIgnored { Stderr.print("warning: no designation in force; --proximity ignored") }
        if let r = scores.sampledPaths, !input.quiet {
            Stderr.print("betweenness: \(r) sampled shortest paths (ε = \(epsilon ?? 0), δ = \(delta)); values on networkx's normalised scale")
        }
        if timings { Stderr.print("timings: load \(seconds(t1 - t0)) s, compute \(seconds(clock.now - t1)) s (\(n) entities, \(scores.tieCount) ties)") }
        let order = scores.ranking(top: format.rowLimit(top))
        switch format {
        case .csv:
            print("id,name,score")
            for (v, score) in order { print(reportRow([network.id(of: v), network.name(of: v), String(score)]), terminator: "") }
        case .json:
            print(JSONValue.object(["measure": .string(measure.rawValue), "undirected": .bool(undirected), "weight": .string(weight.rawValue),
                                    "scores": .array(order.map { v, score in .object(["id": .string(network.id(of: v)),
                                                                                      "name": .string(network.name(of: v)),
                                                                                      "score": .double(score)]) })]).versioned.serialized(pretty: true))
        case .text:
            print("\(measure.rawValue)\(undirected ? " (undirected)" : "")\(options.weighted ? " weighted by share" : ""): \(n) entities")
            for (rank, (v, score)) in order.enumerated() {
                printSafely("\(String(rank + 1).padding(to: 4)) \(String(format6(score)).padding(to: 14)) \(network.name(of: v)) [\(network.id(of: v))]")
            }
        }
    }
}

/// Six significant digits, for the text report.
func format6(_ x: Double) -> String { String(format: "%.6g", x) }

/// Prints progress on stderr every tenth of the work.
final class ProgressCounter: @unchecked Sendable {
    private var done = 0, next = 0
    private let total: Int, label: String
    private let lock = Lock()
    init(total: Int, label: String) { self.total = total; self.label = label; next = max(1, total / 10) }
    func add(_ n: Int) {
        guard n > 0 else { return }
        lock.withLock {
            done += n
            if done >= next || done == total {
                Stderr.print("\(label): \(done) of \(total) sources (\(done * 100 / max(total, 1))%)")
                next += max(1, total / 10)
            }
        }
    }
}

struct ComponentsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "components",
        abstract: "Weakly or strongly connected components: how many, and the largest.",
        discussion: """
            Sector nodes and sector memberships are left out.

            Example:
              sanctions-graph components Graphs/demo-rare-earths.ftm.json --strong
            """
    )

    @OptionGroup var input: GraphInput
    @Flag(help: "Strongly connected components (ties followed in their direction).") var strong = false
    @Option(help: "How many of the largest components to list.") var top: Int = 5
    @Option(help: "text or json.") var format: ReportFormat = .text
    @Flag(help: "Print how long loading and computing took on stderr.") var timings = false

    func run() throws {
        let clock = ContinuousClock()
        let t0 = clock.now
        let (network, _) = try input.load()
        let analysis = AnalysisGraph(network)
        let adjacency = analysis.adjacency(.outgoing)
        let t1 = clock.now
        let found = analysis.components(strong: strong, outgoing: adjacency)
        if timings { Stderr.print("timings: load \(seconds(t1 - t0)) s, compute \(seconds(clock.now - t1)) s") }
        let c = found.components, largest = found.largest(top)
        switch format {
        case .json:
            print(JSONValue.object(["strong": .bool(strong), "components": .int(c.count), "largest": .int(c.largest),
                                    "sizes": .array(largest.map { .int($0.size) })]).versioned.serialized())
        case .text:
            print("\(strong ? "strongly" : "weakly") connected components: \(c.count); largest: \(c.largest)")
            for (size, members) in largest {
                printSafely("  \(size): " + members.prefix(5).map { network.name(of: $0) }.joined(separator: ", ") + (size > 5 ? ", …" : ""))
            }
        }
    }
}

extension CentralityMeasure: ExpressibleByArgument {}
extension HITSScores: ExpressibleByArgument {}
