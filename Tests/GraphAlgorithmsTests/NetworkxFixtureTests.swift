import Foundation
import Testing
import GraphCore
@testable import GraphAlgorithms

/// Every measure against networkx's values on the fixture graphs (made by
/// Fixtures/make_fixtures.py), to a relative difference of 1e-9.
@Suite struct NetworkxFixtureTests {
    struct Fixture {
        let name: String
        let directed: Bool
        let nodes: [String]
        let adjacency: Adjacency        // as networkx sees the graph (undirected: both ways)
        let weightedAdjacency: Adjacency
        let json: [String: Any]

        var measures: [String: [String: Any]] { json["measures"] as? [String: [String: Any]] ?? [:] }
        var structure: [String: [String: Any]] { json["structure"] as? [String: [String: Any]] ?? [:] }

        func values(_ measure: String, key: String = "values") -> [Double]? {
            guard let m = measures[measure], let v = m[key] as? [String: Any] else { return nil }
            return nodes.map { (v[$0] as? NSNumber)?.doubleValue ?? .nan }
        }
    }

    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    static let names: [String] = {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [])
            .filter { $0.hasSuffix(".json") && !$0.hasPrefix("ownership") }.sorted()
    }()

    static func load(_ file: String) throws -> Fixture {
        let data = try Data(contentsOf: folder.appendingPathComponent(file))
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let nodes = try #require(json["nodes"] as? [String])
        let edges = try #require(json["edges"] as? [[Any]])
        let directed = (json["directed"] as? Bool) ?? ((json["directed"] as? String) == "True")
        var index: [String: UInt32] = [:]
        for (i, v) in nodes.enumerated() { index[v] = UInt32(i) }
        var src: [UInt32] = [], dst: [UInt32] = [], w: [Double] = []
        for e in edges {
            let s = try #require(index[e[0] as? String ?? ""]), t = try #require(index[e[1] as? String ?? ""])
            let weight = (e[2] as? NSNumber)?.doubleValue ?? 1
            src.append(s); dst.append(t); w.append(weight)
            if !directed && s != t { src.append(t); dst.append(s); w.append(weight) }
        }
        let ones = [Double](repeating: 1, count: w.count)
        return Fixture(name: file, directed: directed, nodes: nodes,
                       adjacency: try Adjacency(nodeCount: nodes.count, sources: src, targets: dst, weights: ones, directed: directed),
                       weightedAdjacency: try Adjacency(nodeCount: nodes.count, sources: src, targets: dst, weights: w, directed: directed),
                       json: json)
    }

    /// Checks `ours` against networkx's `measure` (skipped measures must be listed as skipped).
    func check(_ f: Fixture, _ measure: String, _ ours: [Double]?, _ sourceLocation: SourceLocation = #_sourceLocation) {
        // PageRank is solved exactly here; networkx stops its iteration up to ~4e-9 away, so
        // the fixture's exact solve of the same fixed point (converged_values) is the reference,
        // and networkx's own values must agree to 1e-8.
        if let exact = f.values(measure, key: "converged_values"), let ours, let nx = f.values(measure) {
            #expect(zip(ours, nx).allSatisfy { abs($0 - $1) <= 1e-8 * max(abs($1), 1e-300) }, "\(f.name) \(measure) vs networkx", sourceLocation: sourceLocation)
            compare(f, measure, ours, exact, sourceLocation)
            return
        }
        guard let expected = f.values(measure) else {
            let skipped = (f.json["skipped"] as? [String: Any])?[measure] != nil || (f.json["skipped"] as? [Any])?.contains { "\($0)".contains(measure) } == true
            #expect(skipped || ours == nil, "\(f.name): networkx has no \(measure)", sourceLocation: sourceLocation)
            return
        }
        guard let ours else { Issue.record("\(f.name) \(measure): ours did not converge", sourceLocation: sourceLocation); return }
        compare(f, measure, ours, expected, sourceLocation)
    }

    func compare(_ f: Fixture, _ measure: String, _ ours: [Double], _ expected: [Double], _ sourceLocation: SourceLocation) {
        var worst = 0.0, at = ""
        for (i, e) in expected.enumerated() {
            let d = abs(ours[i] - e) / max(abs(e), 1e-300)
            let bad = abs(ours[i] - e) > 1e-9 * max(abs(e), abs(ours[i])) + 1e-14
            if bad && d > worst { worst = d; at = "\(f.nodes[i]): ours \(ours[i]) vs networkx \(e)" }
        }
        #expect(worst == 0, "\(f.name) \(measure): \(at)", sourceLocation: sourceLocation)
    }

    @Test(arguments: names) func measuresMatchNetworkx(_ file: String) throws {
        let f = try Self.load(file)
        let a = f.adjacency, wa = f.weightedAdjacency, n = f.nodes.count
        check(f, "degree_centrality", degreeCentrality(outgoing: a))
        if f.directed {
            check(f, "in_degree_centrality", degreeCentrality(outgoing: a, kind: .in))
            check(f, "out_degree_centrality", degreeCentrality(outgoing: a, kind: .out))
            check(f, "weighted_in_degree", degreeCentrality(outgoing: wa, kind: .in, weighted: true).map { $0 * Double(n - 1) })
            check(f, "weighted_out_degree", degreeCentrality(outgoing: wa, kind: .out, weighted: true).map { $0 * Double(n - 1) })
        }
        if f.measures["weighted_degree"] != nil {
            check(f, "weighted_degree", degreeCentrality(outgoing: wa, weighted: true).map { $0 * Double(n - 1) })
        }
        check(f, "pagerank", try pageRank(outgoing: a))
        if f.measures["pagerank_weighted"] != nil { check(f, "pagerank_weighted", try pageRank(outgoing: wa)) }
        for (measure, adj) in [("pagerank_personalized", a), ("pagerank_weighted_personalized", wa)] {
            guard let m = f.measures[measure] else { continue }
            let p = try #require(m["personalization"] as? [String: Any])
            check(f, measure, try pageRank(outgoing: adj, personalization: f.nodes.map { (p[$0] as? NSNumber)?.doubleValue ?? 0 }))
        }
        for (prefix, adj, weighted) in [("betweenness", a, false), ("betweenness_weighted", wa, true)] where f.measures[prefix + "_raw"] != nil {
            check(f, prefix + "_normalized", try betweennessCentrality(adj, normalized: true, weighted: weighted))
            check(f, prefix + "_normalized_endpoints", try betweennessCentrality(adj, normalized: true, endpoints: true, weighted: weighted))
            check(f, prefix + "_raw", try betweennessCentrality(adj, normalized: false, weighted: weighted))
            check(f, prefix + "_raw_endpoints", try betweennessCentrality(adj, normalized: false, endpoints: true, weighted: weighted))
        }
        check(f, "closeness", try closenessCentrality(outgoing: a))
        check(f, "closeness_no_wf", try closenessCentrality(outgoing: a, wfImproved: false))
        check(f, "harmonic", try harmonicCentrality(outgoing: a))
        if f.measures["closeness_weighted"] != nil {
            check(f, "closeness_weighted", try closenessCentrality(outgoing: wa, weighted: true))
            check(f, "harmonic_weighted", try harmonicCentrality(outgoing: wa, weighted: true))
        }
        check(f, "eigenvector", eigenvectorCentrality(outgoing: a))
        if f.measures["eigenvector_weighted"] != nil { check(f, "eigenvector_weighted", eigenvectorCentrality(outgoing: wa, weighted: true)) }
        let alpha = (f.measures["katz"]?["alpha"] as? NSNumber)?.doubleValue ?? 0.1
        check(f, "katz", try katzCentrality(outgoing: a, alpha: alpha))
        if let m = f.measures["katz_weighted"] {
            check(f, "katz_weighted", try katzCentrality(outgoing: wa, alpha: (m["alpha"] as? NSNumber)?.doubleValue ?? 0.1, weighted: true))
        }
        let h = hits(outgoing: a)
        check(f, "hits_hubs", h?.hubs)
        check(f, "hits_authorities", h?.authorities)
        if f.measures["hits_weighted_hubs"] != nil {
            let hw = hits(outgoing: wa, weighted: true)
            check(f, "hits_weighted_hubs", hw?.hubs)
            check(f, "hits_weighted_authorities", hw?.authorities)
        }
    }

    @Test(arguments: names) func structureMatchesNetworkx(_ file: String) throws {
        let f = try Self.load(file)
        func groups(_ c: Components) -> [[String]] {
            var g = [[String]](repeating: [], count: c.count)
            for (v, k) in c.component.enumerated() { g[Int(k)].append(f.nodes[v]) }
            return g.map { $0.sorted() }.sorted { $0.lexicographicallyPrecedes($1) }
        }
        func expectedGroups(_ key: String) -> [[String]]? {
            (f.structure[key]?["value"] as? [[Any]])?.map { $0.map { "\($0)" }.sorted() }.sorted { $0.lexicographicallyPrecedes($1) }
        }
        var g = GraphBuilder()
        for v in f.nodes { g.node(v) }
        for v in 0 ..< f.adjacency.nodeCount { for i in f.adjacency.range(v) { g.addEdge(from: UInt32(v), to: f.adjacency.targets[i]) } }
        let (graph, _, _) = try g.build()
        if let weak = expectedGroups(f.directed ? "weakly_connected_components" : "connected_components") {
            #expect(groups(weaklyConnectedComponents(of: graph)) == weak)
        }
        if f.directed, let strong = expectedGroups("strongly_connected_components") {
            #expect(groups(stronglyConnectedComponents(outgoing: f.adjacency)) == strong)
        }
        let undirected = f.directed ? Adjacency(graph.view(), direction: .both, weighted: false) : f.adjacency
        if let core = (f.structure[f.directed ? "core_number_undirected" : "core_number"]?["value"] as? [String: Any]) {
            let ours = coreNumbers(undirected: undirected)
            #expect(f.nodes.enumerated().allSatisfy { (core[$1] as? NSNumber)?.intValue == ours[$0] }, "\(file) core numbers")
        }
        if let spl = f.structure["shortest_path_length"]?["value"] as? [String: [String: Any]] {
            var paths = SingleSource(nodeCount: f.nodes.count)
            for (s, name) in f.nodes.enumerated() {
                paths.bfs(f.adjacency, from: s, countPaths: false)
                let expected = spl[name] ?? [:]
                #expect(paths.order.count == expected.count, "\(file): reach of \(name)")
                for v in paths.order { #expect((expected[f.nodes[Int(v)]] as? NSNumber)?.doubleValue == paths.dist[Int(v)]) }
            }
        }
    }

    @Test(arguments: ["ownership-dag.json", "ownership-cycle.json"]) func integratedOwnershipMatchesTheMatrixInverse(_ file: String) throws {
        let f = try Self.load(file)
        let ownership = try #require(f.json["ownership"] as? [String: Any])
        let integrated = try #require((ownership["integrated_ownership"] as? [String: Any])?["values"] as? [String: [String: Any]])
        let incoming = f.weightedAdjacency.reversed
        for (j, asset) in f.nodes.enumerated() {
            let (shares, converged) = try integratedOwnership(of: j, incoming: incoming)
            #expect(converged)
            for (i, owner) in f.nodes.enumerated() where i != j {
                let expected = ((integrated[owner]?[asset]) as? NSNumber)?.doubleValue ?? 0
                let ours = (shares[i] ?? 0) / 100
                #expect(abs(ours - expected) <= 1e-9 * max(abs(expected), 1e-12) + 1e-15, "\(file): \(owner) in \(asset): ours \(ours) vs \(expected)")
            }
        }
    }
}

@Suite struct FixtureCoverageAndParallelTests {
    @Test func fixturesArePresent() {
        // The parameterised tests above run once per fixture: make sure there are fixtures.
        #expect(NetworkxFixtureTests.names.count >= 9)
        #expect(NetworkxFixtureTests.names.contains("karate.json") && NetworkxFixtureTests.names.contains("lesmis.json"))
    }

    @Test(arguments: ["ownership-dag.json", "ownership-cycle.json"]) func strongestPathsMatchNetworkx(_ file: String) throws {
        let f = try NetworkxFixtureTests.load(file)
        let ownership = try #require(f.json["ownership"] as? [String: Any])
        let strongest = try #require((ownership["strongest_path"] as? [String: Any])?["values"] as? [String: [String: [String: Any]]])
        for (i, s) in f.nodes.enumerated() {
            for (j, t) in f.nodes.enumerated() where i != j {
                let found = try strongestOwnershipPath(f.weightedAdjacency, from: i, to: j)
                guard let expected = strongest[s]?[t] else { #expect(found == nil, "\(file): \(s) → \(t) has no path"); continue }
                let product = try #require((expected["product"] as? NSNumber)?.doubleValue)
                let ours = try #require(found, "\(file): \(s) → \(t)")
                #expect(abs(ours.percent / 100 - product) <= 1e-12, "\(file): \(s) → \(t)")
                #expect(ours.path.map { f.nodes[$0] } == (expected["path"] as? [String]))
            }
        }
    }

    /// Two workers give the same result as one, within 1e-12 (partial sums are added in a fixed order).
    @Test(arguments: [1, 2, 3] as [UInt64]) func parallelRunsAgreeWithSerialOnes(_ seed: UInt64) throws {
        var rng = SplitMix64(seed: seed)
        let n = 300
        var src: [UInt32] = [], dst: [UInt32] = [], w: [Double] = []
        for _ in 0 ..< 1500 {
            src.append(UInt32(rng.next() % UInt64(n))); dst.append(UInt32(rng.next() % UInt64(n)))
            w.append(Double(1 + rng.next() % 100))
        }
        let adj = try Adjacency(nodeCount: n, sources: src, targets: dst, weights: w, directed: true)
        for weighted in [false, true] {
            let one = try betweennessCentrality(adj, weighted: weighted, workers: 1)
            let two = try betweennessCentrality(adj, weighted: weighted, workers: 2)
            #expect(zip(one, two).allSatisfy { abs($0 - $1) <= 1e-12 * max(abs($0), 1) })
            let c1 = try closenessCentrality(outgoing: adj, weighted: weighted, workers: 1)
            let c2 = try closenessCentrality(outgoing: adj, weighted: weighted, workers: 2)
            #expect(c1 == c2)
            #expect(try harmonicCentrality(outgoing: adj, weighted: weighted, workers: 1) == harmonicCentrality(outgoing: adj, weighted: weighted, workers: 2))
            // Three workers on 300 nodes: uneven chunks, more than one block each.
            #expect(try c1 == closenessCentrality(outgoing: adj, weighted: weighted, workers: 3))
        }
        // Sampled betweenness with all sources equals the exact one.
        let all = try betweennessCentrality(adj, sources: Array(0 ..< n))
        let exact = try betweennessCentrality(adj)
        #expect(zip(all, exact).allSatisfy { abs($0 - $1) <= 1e-12 * max(abs($0), 1) })
        // Same seed, same sample.
        #expect(try sampleSources(nodeCount: n, k: 20, seed: seed) == sampleSources(nodeCount: n, k: 20, seed: seed))
    }

    /// Eigenvector centrality sums per block of 4,096 nodes, so any number of threads gives
    /// the same bits (the graph spans several blocks).
    @Test func eigenvectorDoesNotDependOnThreads() throws {
        var rng = SplitMix64(seed: 11)
        let n = 10_000
        var src: [UInt32] = [], dst: [UInt32] = [], w: [Double] = []
        for _ in 0 ..< 40_000 {
            src.append(UInt32(rng.next() % UInt64(n))); dst.append(UInt32(rng.next() % UInt64(n)))
            w.append(Double(1 + rng.next() % 100))
        }
        let adj = try Adjacency(nodeCount: n, sources: src, targets: dst, weights: w, directed: true)
        for weighted in [false, true] {
            let one = try #require(eigenvectorCentrality(outgoing: adj, weighted: weighted, workers: 1))
            #expect(eigenvectorCentrality(outgoing: adj, weighted: weighted, workers: 2) == one)
            #expect(eigenvectorCentrality(outgoing: adj, weighted: weighted, workers: 3) == one)
        }
    }

    /// The work estimate that decides whether closeness uses a second thread: n searches
    /// times the sampled reach.
    @Test func searchWorkEstimate() throws {
        let n = 50
        let none = try Adjacency(nodeCount: n, sources: [], targets: [], weights: [], directed: true)
        #expect(estimatedSearchWork(none) == n)
        var src: [UInt32] = [], dst: [UInt32] = []
        for a in 0 ..< n { for b in 0 ..< n where a != b { src.append(UInt32(a)); dst.append(UInt32(b)) } }
        let complete = try Adjacency(nodeCount: n, sources: src, targets: dst, weights: [Double](repeating: 1, count: src.count), directed: true)
        #expect(estimatedSearchWork(complete) == n * n)
        // A chain 0 → 1 → … → 49: a search from s reaches n − s nodes.
        let chain = try Adjacency(nodeCount: n, sources: (0 ..< n - 1).map(UInt32.init), targets: (1 ..< n).map(UInt32.init),
                              weights: [Double](repeating: 1, count: n - 1), directed: true)
        let reached = (0 ..< 32).map { n - n * $0 / 32 }.reduce(0, +)
        #expect(estimatedSearchWork(chain) == n * (reached / 32))
    }

    /// Power iteration gives up after `maxIterations` (nil), and a loose tolerance stops early.
    @Test func eigenvectorIterationLimit() throws {
        let f = try NetworkxFixtureTests.load("karate.json")
        #expect(eigenvectorCentrality(outgoing: f.adjacency, maxIterations: 3) == nil)
        let loose = try #require(eigenvectorCentrality(outgoing: f.adjacency, tolerance: 1e-4, maxIterations: 100))
        let tight = try #require(eigenvectorCentrality(outgoing: f.adjacency))
        let worst = zip(loose, tight).map { abs($0 - $1) }.max() ?? 0
        #expect(worst > 1e-12 && worst < 1e-2)
    }

    @Test func edgeCases() throws {
        let empty = try Adjacency(nodeCount: 0, sources: [], targets: [], weights: [], directed: true)
        #expect(try pageRank(outgoing: empty).isEmpty && betweennessCentrality(empty).isEmpty && closenessCentrality(outgoing: empty).isEmpty)
        let one = try Adjacency(nodeCount: 1, sources: [0], targets: [0], weights: [1], directed: true)
        #expect(try pageRank(outgoing: one) == [1])
        #expect(try betweennessCentrality(one) == [0])
        #expect(try closenessCentrality(outgoing: one) == [0])
        #expect(stronglyConnectedComponents(outgoing: one).count == 1)
        #expect(try shortestPath(one, from: 0, to: 0) == [0])
        // Two components, no path; hub avoidance blocks the only route.
        let star = try Adjacency(nodeCount: 5, sources: [0, 1, 1, 4], targets: [1, 2, 3, 4], weights: [1, 1, 1, 1], directed: true)
        #expect(try shortestPath(star, from: 0, to: 4) == nil)
        #expect(try shortestPath(star, from: 0, to: 2) == [0, 1, 2])
        #expect(try shortestPath(star, from: 0, to: 2, maxDegree: 1) == nil)
    }
}

@Suite struct AdjacencyTests {
    /// `reversed` (a counting sort) equals building the adjacency from the swapped tie lists.
    @Test(arguments: [1, 2, 3] as [UInt64]) func reversedEqualsRebuiltFromSwappedTies(_ seed: UInt64) throws {
        var rng = SplitMix64(seed: seed)
        let n = 50
        var src: [UInt32] = [], dst: [UInt32] = [], w: [Double] = []
        for _ in 0 ..< 400 {   // dense enough for parallel ties and self-loops
            src.append(UInt32(rng.next() % UInt64(n))); dst.append(UInt32(rng.next() % UInt64(n)))
            w.append(Double(rng.next() % 100))
        }
        let adj = try Adjacency(nodeCount: n, sources: src, targets: dst, weights: w, directed: true)
        var s2: [UInt32] = [], d2: [UInt32] = [], w2: [Double] = []
        for v in 0 ..< n { for i in adj.range(v) { s2.append(adj.targets[i]); d2.append(UInt32(v)); w2.append(adj.weights[i]) } }
        let rebuilt = try Adjacency(nodeCount: n, sources: s2, targets: d2, weights: w2, directed: true)
        let reversed = adj.reversed
        #expect(reversed.offsets == rebuilt.offsets && reversed.targets == rebuilt.targets && reversed.weights == rebuilt.weights)
        #expect(reversed.reversed.targets == adj.targets && reversed.reversed.weights == adj.weights)
    }
}

@Suite struct PageRankSolverTests {
    /// Several cyclic components of growing and shrinking size in a chain (the solver's
    /// scratch space is reused and grown), with a self-loop, a dangling node and weights.
    @Test func chainOfCyclicComponents() throws {
        var src: [UInt32] = [], dst: [UInt32] = [], w: [Double] = []
        var next: UInt32 = 0
        var previous: UInt32? = nil
        for size in [2, 7, 3, 12, 4] as [UInt32] {
            let first = next
            for i in 0 ..< size {   // a ring with a chord
                src.append(first + i); dst.append(first + (i + 1) % size); w.append(Double(1 + i % 3))
            }
            src.append(first); dst.append(first + size / 2); w.append(2)
            if let previous { src.append(previous); dst.append(first); w.append(1) }
            previous = first + size - 1
            next += size
        }
        src.append(next - 1); dst.append(next); w.append(1)          // into a node with a self-loop
        src.append(next); dst.append(next); w.append(3)
        src.append(next); dst.append(next + 1); w.append(1)          // and on to a dangling node
        let n = Int(next) + 2
        for weighted in [false, true] {
            let adj = try Adjacency(nodeCount: n, sources: src, targets: dst, weights: weighted ? w : [Double](repeating: 1, count: w.count), directed: true)
            let exact = try pageRank(outgoing: adj)
            let power = try pageRankPowerIteration(outgoing: adj, tolerance: 1e-15)
            let worst = zip(exact, power).map { abs($0 - $1) }.max() ?? 0
            #expect(worst <= 1e-12, "weighted \(weighted): worst difference \(worst)")
        }
    }

    /// The component-by-component solve agrees with networkx-style power iteration.
    @Test(arguments: [1, 2, 3, 4] as [UInt64]) func exactSolveAgreesWithPowerIteration(_ seed: UInt64) throws {
        var rng = SplitMix64(seed: seed)
        let n = 200
        var src: [UInt32] = [], dst: [UInt32] = [], w: [Double] = []
        // Mostly acyclic (low → high) with some back ties, self-loops and dangling nodes.
        for _ in 0 ..< 600 {
            var a = UInt32(rng.next() % UInt64(n)), b = UInt32(rng.next() % UInt64(n))
            if rng.next() % 10 != 0 && a > b { swap(&a, &b) }
            // Some zero weights (a 0% share): a node whose ties all weigh 0 is dangling.
            src.append(a); dst.append(b); w.append(rng.next() % 8 == 0 ? 0 : Double(1 + rng.next() % 100))
        }
        for weighted in [false, true] {
            let adj = try Adjacency(nodeCount: n, sources: src, targets: dst, weights: weighted ? w : [Double](repeating: 1, count: w.count), directed: true)
            var p = [Double](repeating: 0, count: n)
            p[3] = 1; p[17] = 2
            for personalization in [nil, p] {
                let exact = try pageRank(outgoing: adj, personalization: personalization)
                let power = try pageRankPowerIteration(outgoing: adj, personalization: personalization, tolerance: 1e-15)
                // Power iteration stops at an L1 change of n·1e-15, so it is the less exact of the two.
                let worst = zip(exact, power).map { abs($0 - $1) }.max() ?? 0
                #expect(worst <= 1e-12, "weighted \(weighted), personalised \(personalization != nil): worst difference \(worst)")
                #expect(abs(exact.reduce(0, +) - 1) < 1e-12)
            }
        }
    }
}

@Suite struct ApproximateBetweennessTests {
    /// Riondato–Kornaropoulos: every estimate within ε of the exact normalised value (with
    /// probability ≥ 1 − δ; the seeds are fixed, so this is deterministic).
    @Test(arguments: ["karate.json", "lesmis.json", "random-directed-60-4.json"]) func withinEpsilonOfExact(_ file: String) throws {
        let f = try NetworkxFixtureTests.load(file)
        let exact = try betweennessCentrality(f.adjacency, normalized: true)
        let (approx, samples) = approximateBetweenness(f.adjacency, epsilon: 0.05, delta: 0.1, seed: 7)
        #expect(samples > 0)
        let worst = zip(exact, approx).map { abs($0 - $1) }.max() ?? 0
        #expect(worst <= 0.05, "\(file): worst error \(worst) with \(samples) samples")
        // Same seed, same answer.
        #expect(approximateBetweenness(f.adjacency, epsilon: 0.05, delta: 0.1, seed: 7).values == approx)
    }
}
