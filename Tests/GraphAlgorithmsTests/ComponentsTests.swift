import Testing
import GraphCore
import GraphAlgorithms

/// The obviously-correct reference: for each node in increasing order, if it has no
/// component yet, flood its undirected neighbourhood with the next number.
private func naiveComponents(nodeCount n: Int, edges: [TestEdge]) -> [UInt32] {
    var neighbours = [[Int]](repeating: [], count: n)
    for e in edges {
        neighbours[Int(e.source)].append(Int(e.target))
        neighbours[Int(e.target)].append(Int(e.source))
    }
    var label = [UInt32?](repeating: nil, count: n)
    var next: UInt32 = 0
    for start in 0 ..< n where label[start] == nil {
        label[start] = next
        var queue = [start]
        while let v = queue.popLast() {
            for w in neighbours[v] where label[w] == nil {
                label[w] = next
                queue.append(w)
            }
        }
        next += 1
    }
    return label.map { $0! }
}

private func expectMatchesReference(_ c: Components, nodeCount n: Int, edges: [TestEdge],
                                    sourceLocation: SourceLocation = #_sourceLocation) {
    let expected = naiveComponents(nodeCount: n, edges: edges)
    #expect(c.component == expected, sourceLocation: sourceLocation)
    let count = Int(expected.max().map { $0 + 1 } ?? 0)
    var sizes = [Int](repeating: 0, count: count)
    for l in expected { sizes[Int(l)] += 1 }
    #expect(c.count == count, sourceLocation: sourceLocation)
    #expect(c.sizes == sizes, sourceLocation: sourceLocation)
    #expect(c.sizes.reduce(0, +) == n, sourceLocation: sourceLocation)
    #expect(c.largest == (sizes.max() ?? 0), sourceLocation: sourceLocation)
}

@Suite struct ComponentsTests {
    // MARK: Edges of the input space

    @Test func emptyGraph() {
        for c in [weaklyConnectedComponents(of: Graph()), weaklyConnectedComponents(of: Graph().view())] {
            #expect(c.component.isEmpty)
            #expect(c.sizes.isEmpty)
            #expect(c.count == 0)
            #expect(c.largest == 0)
        }
    }

    @Test func oneNode() {
        let c = weaklyConnectedComponents(of: makeGraph(nodeCount: 1, []))
        #expect(c.component == [0] && c.sizes == [1] && c.count == 1 && c.largest == 1)
    }

    @Test func isolatedNodes() {
        let c = weaklyConnectedComponents(of: makeGraph(nodeCount: 5, []))
        #expect(c.component == [0, 1, 2, 3, 4])
        #expect(c.sizes == [1, 1, 1, 1, 1] && c.largest == 1)
    }

    @Test func selfLoopsJoinNothing() {
        let edges = (0 ..< 4).flatMap { v in [TestEdge(source: UInt32(v), target: UInt32(v)), TestEdge(source: UInt32(v), target: UInt32(v))] }
        let c = weaklyConnectedComponents(of: makeGraph(nodeCount: 4, edges))
        #expect(c.component == [0, 1, 2, 3] && c.largest == 1)
    }

    @Test func directionIsIgnored() {
        // 3 → 0, 2 → 0: one component; 1 and 4 alone; 5 ← 4 would join them but is absent.
        let c = weaklyConnectedComponents(of: makeGraph(nodeCount: 5, [TestEdge(source: 3, target: 0), TestEdge(source: 2, target: 0)]))
        #expect(c.component == [0, 1, 0, 0, 2])
        #expect(c.sizes == [3, 1, 1] && c.largest == 3)
    }

    @Test func numberingFollowsSmallestNode() {
        // Components {4, 5}, {0, 3}, {1}, {2, 6}: the one holding node 0 is 0, node 1's is 1, …
        let edges = [TestEdge(source: 5, target: 4), TestEdge(source: 3, target: 0), TestEdge(source: 6, target: 2)]
        let c = weaklyConnectedComponents(of: makeGraph(nodeCount: 7, edges))
        #expect(c.component == [0, 1, 2, 0, 3, 3, 2])
        #expect(c.sizes == [2, 1, 2, 2])
    }

    @Test func longChainBuiltBackwards() {
        // A path inserted from the far end, so unions meet trees of every shape.
        let n = 2_000
        let edges = (1 ..< n).reversed().map { TestEdge(source: UInt32($0), target: UInt32($0 - 1)) }
        let c = weaklyConnectedComponents(of: makeGraph(nodeCount: n, edges))
        #expect(c.count == 1 && c.largest == n && c.component.allSatisfy { $0 == 0 })
    }

    // MARK: Random graphs against the reference

    @Test(arguments: randomSeeds)
    func randomGraphMatchesReference(seed: UInt64) {
        let (n, edges) = randomEdges(seed: seed)
        let g = makeGraph(nodeCount: n, edges)
        expectMatchesReference(weaklyConnectedComponents(of: g), nodeCount: n, edges: edges)
        expectMatchesReference(weaklyConnectedComponents(of: g.view()), nodeCount: n, edges: edges)
    }

    @Test(arguments: randomSeeds)
    func viewMatchesReferenceOnFilteredEdges(seed: UInt64) {
        let (n, edges) = randomEdges(seed: seed)
        let g = makeGraph(nodeCount: n, edges)
        var rng = SplitMix64(seed: ~seed)
        let kinds = (0 ..< 4).map(UInt8.init).filter { _ in Bool.random(using: &rng) }
        let day: Int32? = Bool.random(using: &rng) ? nil : Int32.random(in: -1 ... 31, using: &rng)
        let kept = edges.filter { e in kinds.contains(e.kind) && (day.map { e.from <= $0 && $0 < e.until } ?? true) }
        let c = weaklyConnectedComponents(of: g.view(kinds: EdgeKindSet(kinds), activeOn: day))
        expectMatchesReference(c, nodeCount: n, edges: kept)
    }

    @Test func isDeterministic() {
        let (n, edges) = randomEdges(seed: 99, maxNodes: 300)
        let a = weaklyConnectedComponents(of: makeGraph(nodeCount: n, edges))
        let b = weaklyConnectedComponents(of: makeGraph(nodeCount: n, edges.reversed()))
        #expect(a.component == b.component && a.sizes == b.sizes, "the numbering does not depend on edge order")
    }
}
