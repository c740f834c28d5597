import Testing
import GraphCore

/// The graph builders refuse edge lists and sizes they cannot store, with a typed error
/// (#11 §3), instead of stopping the process in a precondition.
@Suite struct InputCheckTests {
    static func csr(nodeCount n: Int, _ sources: [UInt32], _ targets: [UInt32], kinds: [UInt8]? = nil,
                    limits: SizeLimits = .standard) throws(GraphInputError) -> Graph {
        let m = targets.count
        return try GraphBuilder.makeCSR(nodeCount: n, sources: sources, targets: targets, kinds: kinds ?? [UInt8](repeating: 0, count: m),
                                        weights: [Double](repeating: .nan, count: m), validFrom: [Int32](repeating: Graph.openStart, count: m),
                                        validUntil: [Int32](repeating: Graph.openEnd, count: m), limits: limits).0
    }

    @Test func makeCSRRefusesEndsOutsideTheNodes() throws {
        #expect(throws: GraphInputError.nodeOutOfRange(index: 3, count: 3)) { try Self.csr(nodeCount: 3, [0, 1], [1, 3]) }
        #expect(throws: GraphInputError.nodeOutOfRange(index: 7, count: 3)) { try Self.csr(nodeCount: 3, [7], [0]) }
        #expect(throws: GraphInputError.nodeOutOfRange(index: 0, count: 0)) { try Self.csr(nodeCount: 0, [0], [0]) }
        #expect(throws: GraphInputError.negativeCount(what: "nodeCount", value: -1)) { try Self.csr(nodeCount: -1, [], []) }
        let g = try Self.csr(nodeCount: 3, [0, 1], [1, 2])
        #expect(g.nodeCount == 3 && g.edgeCount == 2)
    }

    @Test func makeCSRRefusesColumnsOfAnotherLength() {
        #expect(throws: GraphInputError.lengthMismatch(what: "targets", count: 1, expected: 2)) {
            try GraphBuilder.makeCSR(nodeCount: 2, sources: [0, 1], targets: [1], kinds: [0], weights: [.nan], validFrom: [0], validUntil: [1])
        }
        #expect(throws: GraphInputError.lengthMismatch(what: "kinds", count: 1, expected: 2)) {
            try Self.csr(nodeCount: 2, [0, 1], [1, 0], kinds: [0])
        }
        var s: [UInt32] = [0], t: [UInt32] = [1], k: [UInt8] = [0], w: [Double] = [], f: [Int32] = [0], u: [Int32] = [1]
        #expect(throws: GraphInputError.lengthMismatch(what: "weights", count: 0, expected: 1)) {
            try GraphBuilder.makeCSR(nodeCount: 2, consuming: &s, &t, &k, &w, &f, &u)
        }
        #expect(s == [0] && t == [1], "a refused input is left as it was")
    }

    @Test func sizeLimitsAreErrorsNamingTheLimit() throws {
        #expect(throws: GraphInputError.tooLarge(.nodes, limit: 2)) { try Self.csr(nodeCount: 3, [], [], limits: SizeLimits(nodes: 2)) }
        #expect(throws: GraphInputError.tooLarge(.edges, limit: 1)) { try Self.csr(nodeCount: 2, [0, 1], [1, 0], limits: SizeLimits(edges: 1)) }
        // At the limit is fine.
        #expect(try Self.csr(nodeCount: 2, [0, 1], [1, 0], limits: SizeLimits(nodes: 2, edges: 2)).edgeCount == 2)
        #expect(GraphInputError.tooLarge(.textBytes, limit: 100).description == "more than 100 bytes of text in one string table (the limit)")
        // Limits are clamped to what 32-bit offsets hold.
        #expect(SizeLimits(textBytes: 1 << 40, nodes: -5).textBytes == SizeLimits.maximum)
        #expect(SizeLimits(nodes: -5).nodes == 0)
        #expect(SizeLimits.maximum == Int(UInt32.max) - 1)
    }

    @Test func builderRefusesUnknownNodesAndOversizedInput() throws {
        var builder = GraphBuilder()
        let a = builder.node("a")
        builder.addEdge(from: a, to: 5)
        #expect(throws: GraphInputError.nodeOutOfRange(index: 5, count: 1)) { try builder.build() }

        var small = GraphBuilder(limits: SizeLimits(textBytes: 10))
        small.node("abcde")
        small.node("fghij")
        #expect(try small.build().graph.nodeCount == 2, "10 bytes of ids fit a limit of 10")
        var large = GraphBuilder(limits: SizeLimits(textBytes: 10))
        for id in ["abcde", "fghij", "k"] { large.node(id) }
        #expect(throws: GraphInputError.tooLarge(.textBytes, limit: 10)) { try large.build() }

        var edges = GraphBuilder(limits: SizeLimits(edges: 1))
        let (x, y) = (edges.node("x"), edges.node("y"))
        edges.addEdge(from: x, to: y)
        edges.addEdge(from: y, to: x)
        #expect(throws: GraphInputError.tooLarge(.edges, limit: 1)) { try edges.build() }
    }

    @Test func checkEdgesReportsTheFirstBadEnd() throws {
        try checkEdges(nodeCount: 4, sources: [0, 3], targets: [3, 0])
        #expect(throws: GraphInputError.nodeOutOfRange(index: 9, count: 4)) { try checkEdges(nodeCount: 4, sources: [0, 9, 8], targets: [1, 1, 1]) }
        #expect(throws: GraphInputError.nodeOutOfRange(index: 4, count: 4)) { try checkEdges(nodeCount: 4, sources: [0], targets: [4]) }
    }
}
