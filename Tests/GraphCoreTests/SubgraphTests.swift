import Testing
@testable import GraphCore

/// Naive breadth-first distances: sweep every edge once per level.
private func naiveDistances(_ g: Graph, seeds: [UInt32], depth: Int, direction: Direction,
                            include: (Int) -> Bool) -> [UInt32: Int] {
    var dist: [UInt32: Int] = [:]
    for s in seeds where Int(s) < g.nodeCount && dist[s] == nil { dist[s] = 0 }
    guard depth > 0 else { return dist }
    for level in 0 ..< depth {
        for e in 0 ..< g.edgeCount where include(e) {
            let a = g.source(of: UInt32(e)), b = g.edgeTarget[e]
            if direction != .incoming, dist[a] == level, dist[b] == nil { dist[b] = level + 1 }
            if direction != .outgoing, dist[b] == level, dist[a] == nil { dist[a] = level + 1 }
        }
    }
    return dist
}

/// The documented order for outgoing traversal: seeds, then level by level, each frontier
/// node's out edges in edge order.
private func naiveOutgoingOrder(_ g: Graph, seeds: [UInt32], depth: Int, include: (Int) -> Bool) -> [UInt32] {
    var order: [UInt32] = []
    for s in seeds where Int(s) < g.nodeCount && !order.contains(s) { order.append(s) }
    var frontier = 0
    for _ in 0 ..< max(depth, 0) {
        let end = order.count
        for v in order[frontier ..< end] {
            for e in 0 ..< g.edgeCount where g.source(of: UInt32(e)) == v && include(e) && !order.contains(g.edgeTarget[e]) {
                order.append(g.edgeTarget[e])
            }
        }
        frontier = end
    }
    return order
}

/// The edges of the view with both ends among `nodes`.
private func naiveInducedEdges(_ g: Graph, nodes: Set<UInt32>, include: (Int) -> Bool) -> [UInt32] {
    (0 ..< g.edgeCount).filter { include($0) && nodes.contains(g.source(of: UInt32($0))) && nodes.contains(g.edgeTarget[$0]) }.map(UInt32.init)
}

/// Checks that `sub` is the subgraph of `g` on `nodes` with exactly `expectedEdges`.
private func expectSubgraph(_ sub: Subgraph, of g: Graph, nodes: [UInt32], expectedEdges: [UInt32],
                            sourceLocation: SourceLocation = #_sourceLocation) {
    let h = sub.graph
    expectCSRInvariants(h, sourceLocation: sourceLocation)
    #expect(sub.originalNodes == nodes, sourceLocation: sourceLocation)
    #expect(h.nodeCount == nodes.count, sourceLocation: sourceLocation)
    #expect(sub.originalEdges.count == h.edgeCount, sourceLocation: sourceLocation)
    #expect(sub.originalEdges.sorted() == expectedEdges, "exactly the induced edges, once each", sourceLocation: sourceLocation)
    guard sub.originalEdges.count == h.edgeCount, sub.originalNodes.count == h.nodeCount else { return }
    for e in 0 ..< h.edgeCount {
        let o = Int(sub.originalEdges[e])
        var local = h.refEdge(e)
        local.source = sub.originalNodes[Int(local.source)]
        local.target = sub.originalNodes[Int(local.target)]
        if local != g.refEdge(o) { Issue.record("sub edge \(e) maps to \(o) but differs", sourceLocation: sourceLocation) }
    }
}

private let directions: [Direction] = [.outgoing, .incoming, .both]

@Suite struct SubgraphTests {
    // MARK: Edges of the input space

    @Test func emptyGraph() {
        let g = Graph()
        #expect(g.neighborhood(of: [], depth: 3).isEmpty)
        #expect(g.neighborhood(of: [0, 5], depth: 2).isEmpty, "seeds outside the graph are ignored")
        let sub = g.inducedSubgraph(nodes: [])
        #expect(sub.graph.nodeCount == 0 && sub.graph.edgeCount == 0 && sub.originalNodes.isEmpty && sub.originalEdges.isEmpty)
    }

    @Test(arguments: directions)
    func oneNodeWithSelfLoop(direction: Direction) {
        let g = RandomGraph(nodeCount: 1, edges: [RefEdge(source: 0, target: 0, kind: 1)]).graph()
        for radius in 0 ... 2 {
            #expect(g.neighborhood(of: [0], depth: radius, direction: direction) == [0])
            let ego = g.egoGraph(of: 0, radius: radius, direction: direction)
            #expect(ego.originalNodes == [0] && ego.originalEdges == [0], "the loop is kept at radius \(radius)")
            #expect(ego.graph.allEdges.map(\.source) == [0] && ego.graph.edgeTarget == [0])
        }
        let filtered = g.egoGraph(of: 0, radius: 1, direction: direction, in: g.view(kinds: EdgeKindSet([0])))
        #expect(filtered.originalNodes == [0] && filtered.graph.edgeCount == 0)
    }

    @Test func disconnectedPartsStayApart() {
        // 0 → 1 → 2   3 ⇄ 4   5
        let edges = [RefEdge(source: 0, target: 1), RefEdge(source: 1, target: 2),
                     RefEdge(source: 3, target: 4), RefEdge(source: 4, target: 3)]
        let g = RandomGraph(nodeCount: 6, edges: edges).graph()
        #expect(g.neighborhood(of: [0], depth: 5, direction: .outgoing) == [0, 1, 2])
        #expect(g.neighborhood(of: [2], depth: 1, direction: .outgoing) == [2])
        #expect(g.neighborhood(of: [2], depth: 5, direction: .incoming) == [2, 1, 0])
        #expect(g.neighborhood(of: [1], depth: 1, direction: .both).sorted() == [0, 1, 2])
        #expect(g.neighborhood(of: [5, 3], depth: 9) == [5, 3, 4])
        #expect(g.neighborhood(of: [4, 4, 3, 4], depth: 0) == [4, 3], "duplicate seeds once, in order")
        #expect(g.neighborhood(of: [1, 99], depth: 0) == [1])
        #expect(g.neighborhood(of: [0], depth: -1) == [0])
        let ego = g.egoGraph(of: 3, radius: 1)
        #expect(ego.originalNodes == [3, 4] && ego.originalEdges.sorted() == [2, 3])
    }

    // MARK: Random graphs against naive references

    @Test(arguments: randomSeeds.prefix(25), [0, 1, 2, 3])
    func neighborhoodMatchesNaiveBFS(seed: UInt64, depth: Int) {
        let g = RandomGraph(seed: seed, maxNodes: 30, maxEdges: 45).graph()
        guard g.nodeCount > 0 else { return }
        var rng = SplitMix64(seed: seed ^ 0xABCD)
        let seeds = (0 ..< Int.random(in: 1 ... 3, using: &rng)).map { _ in UInt32.random(in: 0 ..< UInt32(g.nodeCount), using: &rng) }
        let filter = RandomFilter(seed: seed &+ UInt64(depth))
        for useView in [false, true] {
            let include: (Int) -> Bool = useView ? { filter.includes(g.refEdge($0)) } : { _ in true }
            let view = useView ? filter.view(of: g) : nil
            for direction in directions {
                let result = g.neighborhood(of: seeds, depth: depth, direction: direction, in: view)
                let dist = naiveDistances(g, seeds: seeds, depth: depth, direction: direction, include: include)
                let label = "seeds \(seeds) depth \(depth) \(direction) view \(useView)"
                #expect(Set(result) == Set(dist.keys), "\(label)")
                #expect(result.count == Set(result).count, "no duplicates, \(label)")
                var uniqueSeeds: [UInt32] = []
                for s in seeds where !uniqueSeeds.contains(s) { uniqueSeeds.append(s) }
                #expect(Array(result.prefix(uniqueSeeds.count)) == uniqueSeeds, "seeds first, \(label)")
                let distances = result.map { dist[$0] ?? -1 }
                #expect(distances == distances.sorted(), "breadth-first order, \(label)")
                if direction == .outgoing {
                    #expect(result == naiveOutgoingOrder(g, seeds: seeds, depth: depth, include: include), "\(label)")
                }
            }
        }
    }

    @Test(arguments: randomSeeds.prefix(25), [0, 1, 2, 3])
    func egoGraphIsTheInducedNeighborhood(seed: UInt64, radius: Int) {
        let g = RandomGraph(seed: seed, maxNodes: 30, maxEdges: 60).graph()
        guard g.nodeCount > 0 else { return }
        let center = UInt32(seed % UInt64(g.nodeCount))
        let filter = RandomFilter(seed: seed)
        for direction in directions {
            let plain = g.egoGraph(of: center, radius: radius, direction: direction)
            let nodes = g.neighborhood(of: [center], depth: radius, direction: direction)
            #expect(plain.originalNodes.first == center)
            expectSubgraph(plain, of: g, nodes: nodes, expectedEdges: naiveInducedEdges(g, nodes: Set(nodes)) { _ in true })

            let view = filter.view(of: g)
            let viewed = g.egoGraph(of: center, radius: radius, direction: direction, in: view)
            let viewNodes = naiveDistances(g, seeds: [center], depth: radius, direction: direction) { filter.includes(g.refEdge($0)) }
            #expect(Set(viewed.originalNodes) == Set(viewNodes.keys), "ego traversal follows only the view's edges")
            let expected = naiveInducedEdges(g, nodes: Set(viewed.originalNodes)) { filter.includes(g.refEdge($0)) }
            expectSubgraph(viewed, of: g, nodes: viewed.originalNodes, expectedEdges: expected)
        }
    }

    @Test(arguments: randomSeeds)
    func inducedSubgraphMatchesNaiveFilter(seed: UInt64) {
        let g = RandomGraph(seed: seed).graph()
        guard g.nodeCount > 0 else { return }
        var rng = SplitMix64(seed: seed &* 31)
        let picks = (0 ..< Int.random(in: 0 ... g.nodeCount + 5, using: &rng)).map { _ in
            UInt32.random(in: 0 ..< UInt32(g.nodeCount), using: &rng)
        }
        var unique: [UInt32] = []
        for v in picks where !unique.contains(v) { unique.append(v) }
        let filter = RandomFilter(seed: seed)
        let sub = g.inducedSubgraph(nodes: picks)
        expectSubgraph(sub, of: g, nodes: unique, expectedEdges: naiveInducedEdges(g, nodes: Set(unique)) { _ in true })
        let viewed = g.inducedSubgraph(nodes: picks, in: filter.view(of: g))
        expectSubgraph(viewed, of: g, nodes: unique,
                       expectedEdges: naiveInducedEdges(g, nodes: Set(unique)) { filter.includes(g.refEdge($0)) })
    }

    @Test func inducedSubgraphOfEveryNodeKeepsEverything() {
        let g = RandomGraph(seed: 5).graph()
        let all = (0 ..< UInt32(g.nodeCount)).reversed().map { $0 }
        let sub = g.inducedSubgraph(nodes: all + all)
        expectSubgraph(sub, of: g, nodes: all, expectedEdges: (0 ..< UInt32(g.edgeCount)).map { $0 })
    }

    @Test func inducedSubgraphKeepsParallelEdgesAndLoops() {
        let edges = [RefEdge(source: 0, target: 1, weight: 1), RefEdge(source: 0, target: 1, weight: 2),
                     RefEdge(source: 1, target: 1, weight: 3), RefEdge(source: 1, target: 2, weight: 4),
                     RefEdge(source: 2, target: 0, weight: 5)]
        let g = RandomGraph(nodeCount: 3, edges: edges).graph()
        let sub = g.inducedSubgraph(nodes: [1, 0])
        expectSubgraph(sub, of: g, nodes: [1, 0], expectedEdges: [0, 1, 2])
        #expect(sub.graph.outDegree(1) == 2 && sub.graph.inDegree(0) == 3, "local 0 is node 1: two in from 0, one loop")
    }
}
