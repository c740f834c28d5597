import Testing
import GraphCore
@testable import GraphAlgorithms

/// Every public analysis that takes indices, counts or vectors from the caller checks them
/// on entry and throws `GraphInputError` (#11 §3), so that the raw-buffer loops behind it
/// only ever see valid nodes.
@Suite struct InputCheckTests {
    /// 0 → 1 → 2 → 0, and 2 → 3.
    static let adj = try! Adjacency(nodeCount: 4, sources: [0, 1, 2, 2], targets: [1, 2, 0, 3], weights: [50, 50, 50, 50], directed: true)

    @Test func adjacencyRefusesBadEdgeLists() {
        #expect(throws: GraphInputError.nodeOutOfRange(index: 4, count: 4)) {
            try Adjacency(nodeCount: 4, sources: [0, 1], targets: [1, 4], weights: [1, 1], directed: true)
        }
        #expect(throws: GraphInputError.nodeOutOfRange(index: 5, count: 4)) {
            try Adjacency(nodeCount: 4, sources: [5], targets: [1], weights: [1], directed: true)
        }
        #expect(throws: GraphInputError.lengthMismatch(what: "targets", count: 1, expected: 2)) {
            try Adjacency(nodeCount: 4, sources: [0, 1], targets: [1], weights: [1, 1], directed: true)
        }
        #expect(throws: GraphInputError.lengthMismatch(what: "weights", count: 3, expected: 2)) {
            try Adjacency(nodeCount: 4, sources: [0, 1], targets: [1, 2], weights: [1, 1, 1], directed: false)
        }
        #expect(throws: GraphInputError.negativeCount(what: "nodeCount", value: -2)) {
            try Adjacency(nodeCount: -2, sources: [], targets: [], weights: [], directed: true)
        }
        #expect(Self.adj.targets.count == 4)
    }

    /// PageRank solved exactly, or by power iteration.
    static func rank(_ p: [Double], power: Bool) throws(GraphInputError) -> [Double] {
        power ? try pageRankPowerIteration(outgoing: adj, personalization: p) : try pageRank(outgoing: adj, personalization: p)
    }

    @Test func dampingAndKatzParametersAreChecked() throws {
        for damping in [-0.1, 1, 1.5, .nan, .infinity] {
            #expect(throws: GraphInputError.self, "damping \(damping)") { try pageRank(outgoing: Self.adj, damping: damping) }
            #expect(throws: GraphInputError.self, "damping \(damping)") { try pageRankPowerIteration(outgoing: Self.adj, damping: damping) }
        }
        #expect(try pageRank(outgoing: Self.adj, damping: 0).count == 4, "0 is allowed: every node its share of the jump")
        for alpha in [0, -1, Double.nan, .infinity] {
            #expect(throws: GraphInputError.self, "alpha \(alpha)") { try katzCentrality(outgoing: Self.adj, alpha: alpha) }
        }
        #expect(throws: GraphInputError.parameterOutOfRange(what: "beta", value: .infinity, allowed: "finite")) {
            try katzCentrality(outgoing: Self.adj, beta: .infinity)
        }
        #expect(try katzCentrality(outgoing: Self.adj, alpha: 0.1)?.allSatisfy(\.isFinite) == true)
    }

    @Test(arguments: [false, true]) func pageRankChecksThePersonalization(power: Bool) throws {
        do {
            func rank(_ p: [Double]) throws(GraphInputError) -> [Double] { try Self.rank(p, power: power) }
            #expect(throws: GraphInputError.lengthMismatch(what: "personalization", count: 3, expected: 4)) { try rank([1, 0, 0]) }
            #expect(throws: GraphInputError.invalidValue(what: "personalization", index: 1, value: -1)) { try rank([1, -1, 0, 0]) }
            #expect(throws: GraphInputError.invalidValue(what: "personalization", index: 3, value: .infinity)) { try rank([1, 0, 0, .infinity]) }
            #expect(throws: GraphInputError.self) { try rank([.nan, 0, 0, 0]) }
            // A vector summing to 0 stands for the uniform one.
            let zero = try rank([0, 0, 0, 0]), uniform = try rank([1, 1, 1, 1])
            #expect(zip(zero, uniform).allSatisfy { abs($0 - $1) < 1e-12 })
            let personal = try rank([1, 0, 0, 0])
            #expect(abs(personal.reduce(0, +) - 1) < 1e-9 && personal[0] > uniform[0])
        }
    }

    @Test func betweennessChecksItsSources() throws {
        #expect(throws: GraphInputError.nodeOutOfRange(index: 4, count: 4)) { try betweennessCentrality(Self.adj, sources: [0, 4]) }
        #expect(throws: GraphInputError.nodeOutOfRange(index: -1, count: 4)) { try betweennessCentrality(Self.adj, sources: [-1]) }
        #expect(throws: GraphInputError.duplicateNode(index: 2)) { try betweennessCentrality(Self.adj, sources: [2, 0, 2]) }
        #expect(throws: GraphInputError.empty(what: "sources")) { try betweennessCentrality(Self.adj, sources: []) }
        #expect(try betweennessCentrality(Self.adj, sources: [0, 1, 2, 3]) == (try betweennessCentrality(Self.adj)))
        let negative = try Adjacency(nodeCount: 2, sources: [0], targets: [1], weights: [-3], directed: true)
        #expect(throws: GraphInputError.invalidValue(what: "weights", index: 0, value: -3)) { try betweennessCentrality(negative, weighted: true) }
        #expect(try betweennessCentrality(negative).count == 2, "unweighted, the weights are not read")
    }

    @Test func sampleSourcesChecksItsCounts() throws {
        #expect(throws: GraphInputError.negativeCount(what: "nodeCount", value: -1)) { try sampleSources(nodeCount: -1, k: 2, seed: 1) }
        #expect(throws: GraphInputError.negativeCount(what: "k", value: -3)) { try sampleSources(nodeCount: 10, k: -3, seed: 1) }
        #expect(try sampleSources(nodeCount: 10, k: 20, seed: 1) == Array(0 ..< 10))
        #expect(try sampleSources(nodeCount: 0, k: 5, seed: 1).isEmpty)
    }

    @Test func distanceMeasuresCheckTheWeights() throws {
        let nan = try Adjacency(nodeCount: 3, sources: [0, 1], targets: [1, 2], weights: [1, .nan], directed: true)
        #expect(throws: GraphInputError.self) { try closenessCentrality(outgoing: nan, weighted: true) }
        #expect(throws: GraphInputError.self) { try harmonicCentrality(outgoing: nan, weighted: true) }
        #expect(try closenessCentrality(outgoing: nan).count == 3)
        #expect(try harmonicCentrality(outgoing: Self.adj, weighted: true).count == 4)
    }

    @Test func pathsCheckTheirEnds() throws {
        #expect(throws: GraphInputError.nodeOutOfRange(index: 4, count: 4)) { try shortestPath(Self.adj, from: 0, to: 4) }
        #expect(throws: GraphInputError.nodeOutOfRange(index: -1, count: 4)) { try shortestPath(Self.adj, from: -1, to: 2) }
        #expect(try shortestPath(Self.adj, from: 0, to: 3) == [0, 1, 2, 3])
        #expect(throws: GraphInputError.nodeOutOfRange(index: 9, count: 4)) { try strongestOwnershipPath(Self.adj, from: 9, to: 0) }
        #expect(throws: GraphInputError.nodeOutOfRange(index: -5, count: 4)) { try strongestOwnershipPath(Self.adj, from: 0, to: -5) }
        let strongest = try #require(try strongestOwnershipPath(Self.adj, from: 0, to: 3))
        #expect(strongest.path == [0, 1, 2, 3] && abs(strongest.percent - 12.5) < 1e-9)
        #expect(throws: GraphInputError.nodeOutOfRange(index: 4, count: 4)) { try integratedOwnership(of: 4, incoming: Self.adj.reversed) }
        #expect(throws: GraphInputError.nodeOutOfRange(index: -1, count: 4)) { try integratedOwnership(of: -1, incoming: Self.adj.reversed) }
        #expect(try integratedOwnership(of: 3, incoming: Self.adj.reversed).converged)
    }
}
