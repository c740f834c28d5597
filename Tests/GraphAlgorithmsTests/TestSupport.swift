import GraphCore

/// One edge of a test graph.
struct TestEdge {
    var source: UInt32
    var target: UInt32
    var kind: UInt8 = 0
    var from: Int32 = Graph.openStart
    var until: Int32 = Graph.openEnd
}

/// Builds a graph on nodes `0 ..< nodeCount` from an edge list.
/// - Precondition: every end is below `nodeCount` (the tests' graphs are valid).
func makeGraph(nodeCount: Int, _ edges: [TestEdge]) -> Graph {
    try! GraphBuilder.makeCSR(nodeCount: nodeCount, sources: edges.map(\.source), targets: edges.map(\.target),
                         kinds: edges.map(\.kind), weights: edges.map { _ in .nan },
                         validFrom: edges.map(\.from), validUntil: edges.map(\.until)).0
}

/// A random multigraph whose density ranges from a forest of isolated nodes to one blob,
/// with self-loops and parallel edges.
func randomEdges(seed: UInt64, maxNodes: Int = 60) -> (nodeCount: Int, edges: [TestEdge]) {
    var rng = SplitMix64(seed: seed)
    let n = Int.random(in: 0 ... maxNodes, using: &rng)
    guard n > 0 else { return (0, []) }
    let m = Int.random(in: 0 ... n * Int.random(in: 0 ... 2, using: &rng) + 1, using: &rng)
    var edges: [TestEdge] = []
    for _ in 0 ..< m {
        let s = UInt32.random(in: 0 ..< UInt32(n), using: &rng)
        let t = Int.random(in: 0 ..< 8, using: &rng) == 0 ? s : UInt32.random(in: 0 ..< UInt32(n), using: &rng)
        let from: Int32 = Bool.random(using: &rng) ? Graph.openStart : Int32.random(in: 0 ... 20, using: &rng)
        let until: Int32 = Bool.random(using: &rng) ? Graph.openEnd : Int32.random(in: 0 ... 30, using: &rng)
        let edge = TestEdge(source: s, target: t, kind: UInt8.random(in: 0 ..< 4, using: &rng), from: from, until: until)
        edges.append(edge)
        if Int.random(in: 0 ..< 10, using: &rng) == 0 { edges.append(edge) }
    }
    return (n, edges)
}

let randomSeeds: [UInt64] = Array(1 ... 60)
