import Testing
@testable import GraphCore

@Suite struct CSRTests {
    // MARK: Edges of the input space

    @Test func emptyGraph() throws {
        for g in [Graph(), try GraphBuilder().build().graph,
                  try GraphBuilder.makeCSR(nodeCount: 0, sources: [], targets: [], kinds: [], weights: [], validFrom: [], validUntil: []).0] {
            #expect(g.nodeCount == 0)
            #expect(g.edgeCount == 0)
            #expect(g.outOffsets == [0])
            #expect(g.inOffsets == [0])
            expectCSRInvariants(g)
        }
        let built = try GraphBuilder().build()
        #expect(built.ids.count == 0)
        #expect(built.layout.count == 0 && built.layout.offsets == [0])
    }

    @Test func oneNodeNoEdges() throws {
        var builder = GraphBuilder()
        #expect(builder.node("only") == 0)
        let (g, ids, layout) = try builder.build()
        #expect(g.nodeCount == 1 && g.edgeCount == 0)
        #expect(g.outOffsets == [0, 0] && g.inOffsets == [0, 0])
        #expect(g.successors(of: 0).isEmpty && g.predecessors(of: 0).isEmpty)
        #expect(g.outDegree(0) == 0 && g.inDegree(0) == 0)
        #expect(ids[0] == "only")
        #expect(layout.count == 0)
        expectCSRInvariants(g)
    }

    @Test func isolatedNodes() {
        let g = RandomGraph(nodeCount: 7, edges: []).graph()
        #expect(g.nodeCount == 7)
        #expect(Array(g.outOffsets) == [UInt32](repeating: 0, count: 8))
        expectCSRInvariants(g)
    }

    @Test(arguments: [1, 2, 5])
    func onlySelfLoops(loopsPerNode: Int) {
        var edges: [RefEdge] = []
        for round in 0 ..< loopsPerNode {
            for v in UInt32(0) ..< 3 { edges.append(RefEdge(source: v, target: v, kind: UInt8(round), weight: Double(round))) }
        }
        let (g, _, order) = RandomGraph(nodeCount: 3, edges: edges).build()
        expectCSRInvariants(g)
        for v in UInt32(0) ..< 3 {
            #expect(g.outDegree(v) == loopsPerNode && g.inDegree(v) == loopsPerNode)
            #expect(Array(g.successors(of: v)) == [UInt32](repeating: v, count: loopsPerNode))
            #expect(Array(g.predecessors(of: v)) == [UInt32](repeating: v, count: loopsPerNode))
            // The loops of one node keep insertion order (their kinds are 0, 1, 2, …).
            #expect(g.outEdgeRange(v).map { g.edgeKind[$0] } == (0 ..< loopsPerNode).map(UInt8.init))
        }
        for (i, e) in edges.enumerated() { #expect(g.refEdge(Int(order[i])) == e) }
    }

    @Test func defaultEdgeColumns() throws {
        var builder = GraphBuilder()
        let a = builder.node("a"), b = builder.node("b")
        #expect(builder.addEdge(from: a, to: b) == 0)
        #expect(builder.edgeCount == 1)
        let g = try builder.build().graph
        #expect(g.edgeKind == [0])
        #expect(g.edgeWeight[0].isNaN)
        #expect(g.edgeValidFrom.values == [Graph.openStart] && g.edgeValidUntil.values == [Graph.openEnd])
        #expect(g.isEdgeActive(0, on: 0) && g.isEdgeActive(0, on: -1_000_000) && g.isEdgeActive(0, on: 1_000_000))
    }

    @Test func builderNodeIdentity() throws {
        var builder = GraphBuilder(expectedNodes: 1, expectedEdges: 1)
        let ids = ["x", "y", "", "x", "long-identifier-over-8-bytes", "y", "ÿ"]
        let nodes = ids.map { builder.node($0) }
        #expect(nodes == [0, 1, 2, 0, 3, 1, 4])
        #expect(builder.nodeCount == 5)
        #expect(builder.existingNode("long-identifier-over-8-bytes") == 3)
        #expect(builder.existingNode("z") == nil)
        let raw = Array("y".utf8).withUnsafeBytes { builder.node($0) }
        #expect(raw == 1)
        let table = try builder.build().ids
        #expect((0 ..< 5).map { table[UInt32($0)] } == ["x", "y", "", "long-identifier-over-8-bytes", "ÿ"])
    }

    // MARK: Random multigraphs against an adjacency-list reference

    @Test(arguments: randomSeeds)
    func randomMultigraphMatchesReference(seed: UInt64) throws {
        let input = RandomGraph(seed: seed)
        let (g, ids, order) = input.build()
        let n = input.nodeCount, m = input.edges.count
        #expect(g.nodeCount == n && g.edgeCount == m && ids.count == n)
        expectCSRInvariants(g)
        try #require(order.count == m)
        #expect(Set(order).count == m && order.allSatisfy { Int($0) < m }, "order is a permutation")
        // Every inserted edge sits at order[i] with its columns.
        for (i, e) in input.edges.enumerated() where g.refEdge(Int(order[i])) != e {
            Issue.record("inserted edge \(i) \(e) is stored as \(g.refEdge(Int(order[i])))")
        }
        // The out edges of a source are exactly its inserted edges, in insertion order.
        let out = naiveOutEdges(input.edges, nodeCount: n)
        for v in 0 ..< n {
            let range = g.outEdgeRange(UInt32(v))
            #expect(out[v].map { Int(order[$0]) } == Array(range), "edges of \(v) keep insertion order")
            #expect(Array(g.successors(of: UInt32(v))) == out[v].map { input.edges[$0].target })
            #expect(g.outDegree(UInt32(v)) == out[v].count)
        }
        // In-adjacency: exactly the edges ending at v, with their sources.
        for v in 0 ..< n {
            let expected = input.edges.indices.filter { input.edges[$0].target == UInt32(v) }.map { order[$0] }.sorted()
            let slots = g.inSlotRange(UInt32(v))
            #expect(slots.map { g.inEdgeIDs[$0] }.sorted() == expected)
            #expect(g.predecessors(of: UInt32(v)).sorted() == expected.map { g.source(of: $0) }.sorted())
            #expect(g.inDegree(UInt32(v)) == expected.count)
            for slot in slots { #expect(g.inSources[slot] == g.source(of: g.inEdgeIDs[slot])) }
        }
        // Sources are found from the offsets: one by one, as a list in any order, and walking
        // every edge; each is the input edge's source.
        let all = Array(g.allEdges)
        #expect(all.count == g.edgeCount && all.map(\.id) == (0 ..< UInt32(g.edgeCount)).map { $0 })
        for (i, edge) in input.edges.enumerated() {
            let id = order[i]
            #expect(g.source(of: id) == edge.source && all[Int(id)].source == edge.source && all[Int(id)].target == edge.target)
            #expect(g.edge(id) == all[Int(id)])
        }
        var rng = SplitMix64(seed: seed)
        let edgeIDs = (0 ..< UInt32(g.edgeCount)).map { $0 }
        for list in [edgeIDs, edgeIDs.reversed(), edgeIDs.shuffled(using: &rng), edgeIDs.filter { $0 % 3 == 0 }] {
            #expect(g.sources(of: list) == list.map { g.source(of: $0) })
        }
    }

    @Test(arguments: randomSeeds)
    func makeCSRAgreesWithBuilder(seed: UInt64) throws {
        let input = RandomGraph(seed: seed)
        let (g, _, order) = input.build()
        let e = input.edges
        let (h, layout2) = try GraphBuilder.makeCSR(nodeCount: input.nodeCount, sources: e.map(\.source), targets: e.map(\.target),
                                               kinds: e.map(\.kind), weights: e.map(\.weight), validFrom: e.map(\.from),
                                               validUntil: e.map(\.until))
        #expect(order == layout2.positions)
        #expect(h.outOffsets == g.outOffsets && h.inOffsets == g.inOffsets)
        #expect(Array(h.allEdges) == Array(g.allEdges) && h.edgeTarget == g.edgeTarget && h.edgeKind == g.edgeKind)
        #expect(h.inEdgeIDs == g.inEdgeIDs && h.inSources == g.inSources)
        #expect(zip(h.edgeWeight.values, g.edgeWeight.values).allSatisfy { sameWeight($0, $1) })
        #expect(h.edgeValidFrom.values == g.edgeValidFrom.values && h.edgeValidUntil.values == g.edgeValidUntil.values)
        // The consuming variant empties its inputs and builds the same graph.
        var (s, t, k, w, f, u) = (e.map(\.source), e.map(\.target), e.map(\.kind), e.map(\.weight), e.map(\.from), e.map(\.until))
        let (c, layout3) = try GraphBuilder.makeCSR(nodeCount: input.nodeCount, consuming: &s, &t, &k, &w, &f, &u)
        #expect(layout3.positions == order && c.edgeTarget == g.edgeTarget && c.inEdgeIDs == g.inEdgeIDs)
        #expect(s.isEmpty && t.isEmpty && k.isEmpty && w.isEmpty && f.isEmpty && u.isEmpty)
    }

    @Test func edgeIteratorsAgreeWithTheColumns() {
        let input = RandomGraph(seed: 7)
        let g = input.graph()
        var seenIn = 0
        for v in 0 ..< UInt32(g.nodeCount) {
            let out = g.outEdges(of: v)
            #expect(out.map(\.id) == g.outEdgeRange(v).map { UInt32($0) })
            #expect(out.allSatisfy { $0.source == v && g.source(of: $0.id) == v && g.target(of: $0.id) == $0.target })
            let into = g.inEdges(of: v)
            #expect(into.count == g.inDegree(v))
            #expect(into.allSatisfy { $0.target == v && g.target(of: $0.id) == v && g.source(of: $0.id) == $0.source })
            seenIn += into.count
        }
        #expect(seenIn == g.edgeCount)
        for e in 0 ..< UInt32(g.edgeCount) {
            let w = g.edgeWeight[Int(e)]
            #expect(g.weight(of: e) == (w.isNaN ? nil : w))
            #expect(g.validity(of: e) == (g.edgeValidFrom[Int(e)], g.edgeValidUntil[Int(e)]))
            #expect(g.kind(of: e) == g.edgeKind[Int(e)])
            #expect(g.edge(e).pair == NodePair(g.source(of: e), g.target(of: e)))
        }
    }

    @Test(arguments: randomSeeds.prefix(10))
    func isEdgeActiveMatchesHalfOpenInterval(seed: UInt64) {
        let input = RandomGraph(seed: seed)
        let (g, _, order) = input.build()
        for (i, e) in input.edges.enumerated() {
            for day in Int32(-7) ... 42 where g.isEdgeActive(order[i], on: day) != e.isActive(on: day) {
                Issue.record("edge \(i) \(e) on day \(day)")
            }
        }
    }

    @Test func activityBoundaries() {
        let edges = [RefEdge(source: 0, target: 0, from: 10, until: 20),
                     RefEdge(source: 0, target: 0, until: 20),
                     RefEdge(source: 0, target: 0, from: 10),
                     RefEdge(source: 0, target: 0, from: 5, until: 5)]
        let g = RandomGraph(nodeCount: 1, edges: edges).graph()
        #expect(!g.isEdgeActive(0, on: 9) && g.isEdgeActive(0, on: 10) && g.isEdgeActive(0, on: 19) && !g.isEdgeActive(0, on: 20))
        #expect(g.isEdgeActive(1, on: .min) && g.isEdgeActive(1, on: 19) && !g.isEdgeActive(1, on: 20))
        #expect(!g.isEdgeActive(2, on: 9) && g.isEdgeActive(2, on: 10) && g.isEdgeActive(2, on: 1_000_000))
        #expect(!g.isEdgeActive(3, on: 4) && !g.isEdgeActive(3, on: 5) && !g.isEdgeActive(3, on: 6), "empty interval")
    }

    @Test func edgeKindSet() {
        #expect((0 ..< 64).allSatisfy { EdgeKindSet.all.contains(UInt8($0)) })
        let none = EdgeKindSet([UInt8]())
        #expect((0 ..< 64).allSatisfy { !none.contains(UInt8($0)) })
        let some = EdgeKindSet([0, 3, 63, 3])
        #expect(some.bits == (1 | 1 << 3 | 1 << 63 as UInt64))
        #expect((0 ..< 64).filter { some.contains(UInt8($0)) } == [0, 3, 63])
        #expect(EdgeKindSet(bits: 0b1010) == EdgeKindSet([1, 3]))
        #expect(!EdgeKindSet.all.contains(64) && !some.contains(64) && !some.contains(255), "no set holds a kind of 64 or more")
    }

    // MARK: Stored columns (a snapshot's graph)

    /// The in index is checked against the out index as a whole: any reordering within a
    /// node's slots is a valid store, and every in-range change that lists an edge twice,
    /// under another node or beside another source is refused.
    @Test(arguments: 1 ... 20 as ClosedRange<UInt64>)
    func storedColumnsWithADamagedInIndexAreRefused(seed: UInt64) throws {
        let g = RandomGraph(seed: seed, maxNodes: 30, maxEdges: 90).graph()
        let c = g.storedColumns
        #expect(throws: Never.self) { try Graph.stored(c, verify: true).get() }
        guard g.edgeCount >= 2 else { return }
        var rng = SplitMix64(seed: seed)
        for _ in 0 ..< 20 {
            let a = rng.below(g.edgeCount), b = rng.below(g.edgeCount)
            var swapped = c, repeated = c, moved = c
            // Both columns of two slots swapped: the same in index if both slots are one
            // node's, else two edges listed under nodes they do not enter.
            swapped.inEdgeIDs.swapAt(a, b)
            swapped.inSources.swapAt(a, b)
            let oneNode = g.inOffsets.partitioningIndex { Int($0) > a } == g.inOffsets.partitioningIndex { Int($0) > b }
            #expect(((try? Graph.stored(swapped, verify: true).get()) != nil) == oneNode, "seed \(seed): slots \(a), \(b)")
            // An edge listed twice (another one missing).
            if c.inEdgeIDs[a] != c.inEdgeIDs[b] {
                repeated.inEdgeIDs[a] = c.inEdgeIDs[b]
                #expect((try? Graph.stored(repeated, verify: true).get()) == nil, "seed \(seed): edge \(c.inEdgeIDs[b]) twice")
            }
            // A source changed.
            moved.inSources[a] = (c.inSources[a] + 1) % UInt32(g.nodeCount)
            #expect((try? Graph.stored(moved, verify: true).get()) == nil || g.nodeCount == 1, "seed \(seed): slot \(a)'s source")
        }
    }
}
