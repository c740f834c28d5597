/// Which HITS scores a ranking uses.
public enum HITSScores: String, Sendable, Hashable, CaseIterable {
    /// Hubs: entities that point at good authorities (A · authorities).
    case hubs
    /// Authorities: entities good hubs point at.
    case authorities
}

/// How `AnalysisGraph.centrality` computes a measure; the defaults are networkx's.
public struct CentralityOptions: Sendable {
    /// Follow ties both ways rather than as directed in FtM (owner → asset, …).
    public var undirected = false
    /// Weigh ties by share (distances for the path-based measures).
    public var weighted = false
    /// Weighted: which number of a share interval weighs a tie (docs/shares.md).
    public var share: SharePoint = .mid
    /// Betweenness: sample this many source nodes instead of all.
    public var samples: Int?
    /// The random seed for sampling.
    public var seed: UInt64 = 1
    /// Betweenness: approximate every value to within this normalised error
    /// (Riondato–Kornaropoulos) with probability 1 − `delta`.
    public var epsilon: Double?
    /// Betweenness with `epsilon`: the probability that some value is off by more.
    public var delta = 0.1
    /// PageRank: personalise on the entities under an asset freeze (any jurisdiction's) in
    /// force on this day ("sanctions proximity"); nil for the uniform PageRank.
    public var proximity: Day?
    /// HITS: hubs or authorities.
    public var hits: HITSScores = .authorities
    /// Katz: the attenuation factor.
    public var alpha = 0.1
    /// Threads for betweenness, closeness, harmonic and eigenvector (nil: chosen by size).
    public var workers: Int?
    /// Exact betweenness: called with the number of sources done since the last call.
    public var progress: (@Sendable (Int) -> Void)?

    /// Options with networkx's defaults (directed, unweighted, every source, seed 1).
    public init() {}
}

/// Why a measure could not be computed.
public enum CentralityError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The iteration of eigenvector, Katz or HITS did not converge.
    case notConverged(CentralityMeasure)
    /// The measure refused its input (a negative sample count, an adjacency that does not
    /// match the analysis graph, a negative tie weight used as a distance).
    case invalidInput(GraphInputError)

    /// In words, with what to try instead.
    public var description: String {
        switch self {
        case .invalidInput(let error): "invalid input: \(error)"
        case .notConverged(.eigenvector): "eigenvector centrality did not converge (try --undirected, or pagerank)"
        case .notConverged(.katz): "Katz centrality did not converge: --alpha must be below 1/λmax of the graph"
        case .notConverged(.hits): "HITS did not converge"
        case .notConverged(let m): "\(m) did not converge"
        }
    }
}

/// The scores of a measure over an analysis graph, by analysis index.
public struct CentralityScores: Sendable {
    /// The graph the scores are over: `values[i]` belongs to network node `analysis.nodes[i]`.
    public let analysis: AnalysisGraph
    /// The measure computed.
    public let measure: CentralityMeasure
    /// The score of analysis node `i` (network node `analysis.nodes[i]`).
    public let values: [Double]
    /// The ties the measure looked at (after direction and kind filtering).
    public let tieCount: Int
    /// Betweenness with `epsilon`: how many shortest paths were sampled.
    public let sampledPaths: Int?
    /// PageRank with `proximity`: no asset freeze was in force, so the uniform PageRank was taken.
    public let proximityIgnored: Bool

    /// The entities by score, highest first, ties broken by entity id; the first `top` only
    /// when given (nil or 0: all).
    /// - Complexity: O(n log n); O(n + top² + top · log n) when `top` is below n / 8 (one
    ///   pass keeping the best `top`).
    public func ranking(top: Int? = nil) -> [(node: UInt32, score: Double)] {
        let network = analysis.network, nodes = analysis.nodes, values = self.values
        // Highest score first, ties by id: a strict order (ids are distinct).
        func precedes(_ a: Int, _ b: Int) -> Bool {
            values[a] != values[b] ? values[a] > values[b] : network.id(of: nodes[a]) < network.id(of: nodes[b])
        }
        var order: [Int]
        if let top, top > 0, top < values.count / 8 {
            // The first `top` alone: one pass, most entries rejected by one comparison.
            order = []
            order.reserveCapacity(top + 1)
            for i in values.indices {
                if order.count == top, !precedes(i, order[top - 1]) { continue }
                order.insert(i, at: order.partitioningIndex { precedes(i, $0) })
                if order.count > top { order.removeLast() }
            }
        } else {
            order = Array(values.indices)
            order.sort(by: precedes)
            if let top, top > 0 { order = Array(order.prefix(top)) }
        }
        return order.map { (nodes[$0], values[$0]) }
    }

    /// The scores by network node (sector nodes have none).
    /// - Complexity: O(n).
    public var byNode: [UInt32: Double] { analysis.byNode(values) }
}

extension AnalysisGraph {
    /// The scores of `measure` over this graph, as `sanctions-graph centrality` computes them
    /// (networkx's definitions and normalisations; `inShare` sums the known ownership
    /// shares held in each entity, ties in force on `day`, ignoring direction and weights).
    /// - Complexity: the adjacency (`adjacency(for:)`, unless `prepared`), then the measure's:
    ///   O(V + E) for degree and in-share; O(V · E) for closeness, harmonic and exact
    ///   betweenness (× log V weighted; k · E for k sampled sources, r · (V + E) for r sampled
    ///   paths with `epsilon`); O(V + E) per iteration for PageRank, eigenvector, Katz and HITS.
    /// - Parameter prepared: `adjacency(for: options)` built already (so that a caller can time
    ///   the measure apart from the build); nil builds it here.
    public func centrality(_ measure: CentralityMeasure, options: CentralityOptions = CentralityOptions(),
                           prepared: Adjacency? = nil) throws(CentralityError) -> CentralityScores {
        let weighted = options.weighted
        if measure == .inShare {
            let ownership = network.view([.ownership], activeOn: day)
            var values = [Double](repeating: 0, count: nodeCount)
            var ties = 0
            for (i, v) in nodes.enumerated() {
                ownership.forEachInEdge(of: v) { e, _ in
                    ties += 1
                    if case .percent(let p) = network.share(e) { values[i] += p }
                }
            }
            return CentralityScores(analysis: self, measure: measure, values: values, tieCount: ties, sampledPaths: nil, proximityIgnored: false)
        }
        let adj = prepared ?? adjacency(for: options)
        let n = adj.nodeCount
        var sampledPaths: Int? = nil, proximityIgnored = false
        let values: [Double]
        switch measure {
        case .degree:
            values = degreeCentrality(outgoing: adj, weighted: weighted)
        case .pagerank:
            var p: [Double]? = nil
            if let day = options.proximity {
                // Asset freezes in force, of any jurisdiction (not, say, director disqualifications).
                p = nodes.map { v in network.designations(of: v).contains { $0.isActive(on: day) && $0.measure == .assetFreeze } ? 1 : 0 }
                if p?.contains(1) != true { proximityIgnored = true; p = nil }
            }
            values = try refusing { () throws(GraphInputError) in try pageRank(outgoing: adj, personalization: p) }
        case .betweenness:
            if let epsilon = options.epsilon {
                let (v, r) = approximateBetweenness(adj, epsilon: epsilon, delta: options.delta, seed: options.seed)
                values = v
                sampledPaths = r
            } else {
                values = try refusing { () throws(GraphInputError) in
                    let sources = try options.samples.map { k throws(GraphInputError) in try sampleSources(nodeCount: n, k: k, seed: options.seed) }
                    return try betweennessCentrality(adj, weighted: weighted, sources: sources, workers: options.workers, progress: options.progress)
                }
            }
        case .closeness:
            values = try refusing { () throws(GraphInputError) in try closenessCentrality(outgoing: adj, weighted: weighted, workers: options.workers) }
        case .harmonic:
            values = try refusing { () throws(GraphInputError) in try harmonicCentrality(outgoing: adj, weighted: weighted, workers: options.workers) }
        case .eigenvector:
            guard let s = eigenvectorCentrality(outgoing: adj, weighted: weighted, workers: options.workers) else { throw .notConverged(measure) }
            values = s
        case .katz:
            let katz = try refusing { () throws(GraphInputError) in try katzCentrality(outgoing: adj, alpha: options.alpha, weighted: weighted) }
            guard let s = katz else { throw .notConverged(measure) }
            values = s
        case .hits:
            guard let s = GraphAlgorithms.hits(outgoing: adj, weighted: weighted) else { throw .notConverged(measure) }
            values = options.hits == .hubs ? s.hubs : s.authorities
        case .inShare:
            preconditionFailure("handled above")
        }
        return CentralityScores(analysis: self, measure: measure, values: values, tieCount: adj.targets.count,
                                sampledPaths: sampledPaths, proximityIgnored: proximityIgnored)
    }
}

/// `body`'s result, its input error passed on as `CentralityError.invalidInput`.
private func refusing<T>(_ body: () throws(GraphInputError) -> T) throws(CentralityError) -> T {
    do { return try body() } catch { throw .invalidInput(error) }
}

extension AnalysisGraph {
    /// The adjacency `centrality(_:options:)` computes a measure on (every measure but
    /// in-share): ties both ways when `options.undirected`, weighted by share when
    /// `options.weighted`.
    /// - Complexity: O(V + E log d).
    public func adjacency(for options: CentralityOptions) -> Adjacency {
        adjacency(options.undirected ? .both : .outgoing, weighted: options.weighted, share: options.share)
    }
}

extension DiagramView {
    /// The top view of `measure`: the `count` entities with the highest scores over the
    /// ties in force on `day` (default options), titled by the measure.
    /// - Complexity: that of the measure (see `AnalysisGraph.centrality`).
    public static func top(_ count: Int, by measure: CentralityMeasure, in network: SanctionsNetwork,
                           asOf day: Day) throws(CentralityError) -> DiagramView {
        let scores = try AnalysisGraph(network, activeOn: day).centrality(measure)
        return .top(scores: scores.byNode, count: count, measure: .centrality(measure))
    }
}
