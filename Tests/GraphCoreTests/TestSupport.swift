import Testing
@testable import GraphCore

/// One inserted edge, as the naive reference keeps it.
struct RefEdge: Equatable {
    var source: UInt32
    var target: UInt32
    var kind: UInt8 = 0
    var weight: Double = .nan
    var from: Int32 = Graph.openStart
    var until: Int32 = Graph.openEnd

    static func == (a: RefEdge, b: RefEdge) -> Bool {
        a.source == b.source && a.target == b.target && a.kind == b.kind && sameWeight(a.weight, b.weight)
            && a.from == b.from && a.until == b.until
    }

    /// The obviously-correct activity rule: `from <= day < until`.
    func isActive(on day: Int32) -> Bool { from <= day && day < until }
}

/// Weights are equal when both are NaN or both are the same number.
func sameWeight(_ a: Double, _ b: Double) -> Bool { (a.isNaN && b.isNaN) || a == b }

/// A random multigraph: the edge list in insertion order, with self-loops, parallel edges,
/// NaN weights, open and closed dates.
struct RandomGraph {
    var nodeCount: Int
    var edges: [RefEdge]

    init(nodeCount: Int, edges: [RefEdge]) {
        self.nodeCount = nodeCount
        self.edges = edges
    }

    init(seed: UInt64, maxNodes: Int = 40, maxEdges: Int = 120, kinds: UInt8 = 6) {
        var rng = SplitMix64(seed: seed)
        nodeCount = Int.random(in: 0 ... maxNodes, using: &rng)
        edges = []
        guard nodeCount > 0 else { return }
        let m = Int.random(in: 0 ... maxEdges, using: &rng)
        for _ in 0 ..< m {
            let s = UInt32.random(in: 0 ..< UInt32(nodeCount), using: &rng)
            var t = UInt32.random(in: 0 ..< UInt32(nodeCount), using: &rng)
            if Int.random(in: 0 ..< 10, using: &rng) == 0 { t = s }                         // self-loop
            if let last = edges.last, Int.random(in: 0 ..< 8, using: &rng) == 0 {           // parallel edge
                edges.append(RefEdge(source: last.source, target: last.target, kind: last.kind, weight: 1, from: last.from))
                continue
            }
            let kind = Int.random(in: 0 ..< 12, using: &rng) == 0 ? 63 : UInt8.random(in: 0 ..< kinds, using: &rng)
            let weight: Double = Bool.random(using: &rng) ? .nan : Double(Int.random(in: 0 ... 100, using: &rng))
            let from: Int32 = Bool.random(using: &rng) ? Graph.openStart : Int32.random(in: -5 ... 30, using: &rng)
            let until: Int32 = Bool.random(using: &rng) ? Graph.openEnd : Int32.random(in: -5 ... 40, using: &rng)
            edges.append(RefEdge(source: s, target: t, kind: kind, weight: weight, from: from, until: until))
        }
    }

    /// Builds through `GraphBuilder`, naming node `i` "n\(i)" so node indices match.
    func build() -> (graph: Graph, ids: StringTable, order: [UInt32]) {
        var builder = GraphBuilder()
        for i in 0 ..< nodeCount { builder.node("n\(i)") }
        for e in edges {
            builder.addEdge(from: e.source, to: e.target, kind: e.kind, weight: e.weight, validFrom: e.from, validUntil: e.until)
        }
        // The edges name the nodes made above: the builder accepts them.
        let built = try! builder.build()
        return (built.graph, built.ids, built.layout.positions)
    }

    func graph() -> Graph { build().graph }
}

extension Graph {
    /// Edge `e` read back from the columns.
    func refEdge(_ e: Int) -> RefEdge {
        RefEdge(source: source(of: UInt32(e)), target: edgeTarget[e], kind: edgeKind[e], weight: edgeWeight[e],
                from: edgeValidFrom[e], until: edgeValidUntil[e])
    }
}

/// Checks every structural invariant of a CSR graph that does not depend on how it was built.
func expectCSRInvariants(_ g: Graph, sourceLocation: SourceLocation = #_sourceLocation) {
    let n = g.nodeCount, m = g.edgeCount
    #expect(g.outOffsets.count == n + 1, sourceLocation: sourceLocation)
    #expect(g.inOffsets.count == n + 1, sourceLocation: sourceLocation)
    #expect(g.outOffsets.first == 0 && g.inOffsets.first == 0, sourceLocation: sourceLocation)
    #expect(g.outOffsets.last.map(Int.init) == m && g.inOffsets.last.map(Int.init) == m, sourceLocation: sourceLocation)
    #expect(zip(g.outOffsets, g.outOffsets.dropFirst()).allSatisfy { $0 <= $1 }, "outOffsets monotone", sourceLocation: sourceLocation)
    #expect(zip(g.inOffsets, g.inOffsets.dropFirst()).allSatisfy { $0 <= $1 }, "inOffsets monotone", sourceLocation: sourceLocation)
    for column in [g.edgeKind.count, g.edgeWeight.count, g.edgeValidFrom.count,
                   g.edgeValidUntil.count, g.inEdgeIDs.count, g.inSources.count] {
        #expect(column == m, "column length", sourceLocation: sourceLocation)
    }
    guard g.outOffsets.count == n + 1, g.inOffsets.count == n + 1, g.inEdgeIDs.count == m else { return }
    for v in 0 ..< UInt32(n) {
        for e in g.outEdgeRange(v) where g.source(of: UInt32(e)) != v {
            Issue.record("edge \(e) in the out range of \(v) has source \(g.source(of: UInt32(e)))", sourceLocation: sourceLocation)
        }
        for slot in g.inSlotRange(v) {
            let e = Int(g.inEdgeIDs[slot])
            if e >= m || g.edgeTarget[e] != v || g.inSources[slot] != g.source(of: UInt32(e)) {
                Issue.record("in slot \(slot) of \(v) is inconsistent", sourceLocation: sourceLocation)
            }
        }
        #expect(g.outDegree(v) == g.outEdgeRange(v).count && g.inDegree(v) == g.inSlotRange(v).count, sourceLocation: sourceLocation)
    }
    #expect(g.inEdgeIDs.sorted() == (0 ..< UInt32(m)).map { $0 }, "every edge appears once in the in-adjacency",
            sourceLocation: sourceLocation)
}

/// Naive out-adjacency: for each node, its outgoing inserted edges in insertion order.
func naiveOutEdges(_ edges: [RefEdge], nodeCount: Int) -> [[Int]] {
    var out = [[Int]](repeating: [], count: nodeCount)
    for (i, e) in edges.enumerated() { out[Int(e.source)].append(i) }
    return out
}

/// The seeds used by parameterised random tests.
let randomSeeds: [UInt64] = Array(1 ... 40)
