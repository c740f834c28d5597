import Testing
@testable import GraphCore

/// A random kind filter and optional day, drawn from a seed.
struct RandomFilter {
    var kinds: [UInt8]
    var day: Int32?

    init(seed: UInt64) {
        var rng = SplitMix64(seed: seed &* 7919)
        switch Int.random(in: 0 ..< 4, using: &rng) {
        case 0: kinds = Array(0 ..< 64)
        case 1: kinds = []
        default: kinds = (0 ..< 64).map(UInt8.init).filter { _ in Bool.random(using: &rng) }
        }
        day = Bool.random(using: &rng) ? nil : Int32.random(in: -6 ... 41, using: &rng)
    }

    /// The obviously-correct inclusion rule.
    func includes(_ e: RefEdge) -> Bool {
        kinds.contains(e.kind) && (day.map { e.isActive(on: $0) } ?? true)
    }

    func view(of g: Graph) -> GraphView { g.view(kinds: EdgeKindSet(kinds), activeOn: day) }
}

@Suite struct ViewTests {
    @Test func viewOfEmptyGraph() {
        let view = Graph().view()
        #expect(view.kinds == .all && view.day == nil)
        let (g, originals) = view.materialize()
        #expect(g.nodeCount == 0 && g.edgeCount == 0 && originals.isEmpty)
    }

    @Test func viewKeepsItsParameters() {
        let g = RandomGraph(seed: 3).graph()
        let v = g.view(kinds: EdgeKindSet([1, 2]), activeOn: 17)
        let w = GraphView(g, kinds: EdgeKindSet([1, 2]), activeOn: 17)
        #expect(v.kinds == w.kinds && v.day == 17 && w.day == 17)
        #expect(v.graph.edgeCount == g.edgeCount)
        #expect(GraphView(g).kinds == .all && GraphView(g).day == nil)
    }

    @Test func dateFilterBoundaries() {
        let edges = [RefEdge(source: 0, target: 1, kind: 2, from: 10, until: 20),
                     RefEdge(source: 0, target: 1, kind: 2),
                     RefEdge(source: 1, target: 0, kind: 5, until: 10),
                     RefEdge(source: 1, target: 0, kind: 5, from: 20)]
        let g = RandomGraph(nodeCount: 2, edges: edges).graph()
        func included(_ day: Int32?, _ kinds: EdgeKindSet = .all) -> [Int] {
            let view = g.view(kinds: kinds, activeOn: day)
            return (0 ..< g.edgeCount).filter { view.includes($0) }   // edge ids equal insertion order here
        }
        #expect(included(nil) == [0, 1, 2, 3])
        #expect(included(9) == [1, 2])
        #expect(included(10) == [0, 1])
        #expect(included(19) == [0, 1])
        #expect(included(20) == [1, 3])
        #expect(included(nil, EdgeKindSet([5])) == [2, 3])
        #expect(included(20, EdgeKindSet([2])) == [1])
        #expect(included(nil, EdgeKindSet([UInt8]())) == [])
    }

    @Test(arguments: randomSeeds)
    func includesMatchesNaiveFilter(seed: UInt64) {
        let input = RandomGraph(seed: seed)
        let (g, _, order) = input.build()
        let filter = RandomFilter(seed: seed)
        let view = filter.view(of: g)
        for (i, e) in input.edges.enumerated() where view.includes(Int(order[i])) != filter.includes(e) {
            Issue.record("edge \(i) \(e), kinds \(filter.kinds), day \(String(describing: filter.day))")
        }
    }

    @Test(arguments: randomSeeds)
    func forEachEdgeVisitsExactlyTheIncludedEdges(seed: UInt64) {
        let input = RandomGraph(seed: seed)
        let (g, _, order) = input.build()
        let filter = RandomFilter(seed: seed)
        let view = filter.view(of: g)
        let out = naiveOutEdges(input.edges, nodeCount: input.nodeCount)
        for v in 0 ..< UInt32(input.nodeCount) {
            var visited: [(Graph.Edge, Graph.Node)] = []
            view.forEachOutEdge(of: v) { visited.append(($0, $1)) }
            let expected = out[Int(v)].filter { filter.includes(input.edges[$0]) }
            #expect(visited.map(\.0) == expected.map { order[$0] }, "out edges of \(v) in edge order")
            #expect(visited.map(\.1) == expected.map { input.edges[$0].target })

            var incoming: [(Graph.Edge, Graph.Node)] = []
            view.forEachInEdge(of: v) { incoming.append(($0, $1)) }
            let expectedIn = input.edges.indices.filter { input.edges[$0].target == v && filter.includes(input.edges[$0]) }
            #expect(incoming.map(\.0).sorted() == expectedIn.map { order[$0] }.sorted(), "in edges of \(v)")
            #expect(incoming.allSatisfy { g.source(of: $0.0) == $0.1 && g.edgeTarget[Int($0.0)] == v })
        }
    }

    @Test func forEachEdgeRethrows() {
        struct Stop: Error {}
        let g = RandomGraph(nodeCount: 1, edges: [RefEdge(source: 0, target: 0), RefEdge(source: 0, target: 0)]).graph()
        var calls = 0
        #expect(throws: Stop.self) { try g.view().forEachOutEdge(of: 0) { _, _ in calls += 1; throw Stop() } }
        #expect(calls == 1)
        #expect(throws: Stop.self) { try g.view().forEachInEdge(of: 0) { _, _ in throw Stop() } }
    }

    @Test(arguments: randomSeeds)
    func materializeKeepsExactlyTheIncludedEdges(seed: UInt64) throws {
        let input = RandomGraph(seed: seed)
        let g = input.graph()
        let filter = RandomFilter(seed: seed)
        let (h, originals) = filter.view(of: g).materialize()
        expectCSRInvariants(h)
        #expect(h.nodeCount == g.nodeCount, "every node kept")
        let expected = (0 ..< g.edgeCount).filter { filter.includes(g.refEdge($0)) }.map(UInt32.init)
        try #require(originals.count == h.edgeCount)
        #expect(originals.sorted() == expected)
        #expect(Set(originals).count == originals.count)
        for e in 0 ..< h.edgeCount where h.refEdge(e) != g.refEdge(Int(originals[e])) {
            Issue.record("materialized edge \(e) differs from original \(originals[e])")
        }
        // Edges of one node keep the original edge order.
        for v in 0 ..< UInt32(h.nodeCount) {
            let mapped = h.outEdgeRange(v).map { originals[$0] }
            #expect(mapped == mapped.sorted())
        }
    }

    @Test func materializeOfEverythingIsACopy() {
        let g = RandomGraph(seed: 11).graph()
        let (h, originals) = g.view().materialize()
        #expect(originals == (0 ..< UInt32(g.edgeCount)).map { $0 })
        #expect(h.outOffsets == g.outOffsets && h.edgeTarget == g.edgeTarget && h.inEdgeIDs == g.inEdgeIDs)
    }
}
