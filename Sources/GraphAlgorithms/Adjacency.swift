import GraphCore

/// A simple weighted adjacency for the analyses: per node, the neighbours to follow and the
/// weight of each tie, with parallel ties merged (as networkx's `Graph`/`DiGraph` keep one
/// edge per pair) and self-loops kept.
///
/// Built once from a graph view in one of three modes: following ties forward
/// (`.outgoing`), backward (`.incoming`), or both ways as an undirected graph (`.both`).
/// Weights come from the graph's edge weight column (NaN, an unknown share, counts as 1, as
/// a missing attribute does in networkx) or are all 1.
public struct Adjacency: Sendable {
    /// The number of nodes (rows).
    public let nodeCount: Int
    /// Row starts, `nodeCount + 1` entries: node `v`'s neighbours are at `offsets[v] ..< offsets[v + 1]`.
    public let offsets: [UInt32]
    /// The neighbours, row by row; each row is sorted and holds a neighbour once.
    public let targets: [UInt32]
    /// The weight of the tie beside each neighbour (a share in percent for ownership ties, 1
    /// when unweighted or unknown).
    public let weights: [Double]
    /// False for an adjacency built both ways (`.both`), where each tie sits in both rows.
    public let isDirected: Bool

    /// - Complexity: O(V + E log d) for sorting each node's neighbours (d: the degree).
    public init(_ view: GraphView, direction: Direction, weighted: Bool) {
        self.init(view, direction: direction, weighted: weighted, position: nil, nodeCount: view.graph.nodeCount)
    }

    /// The same for a subset of the nodes, renumbered: graph node v becomes `position[v]`,
    /// and ties touching a node whose position is negative are left out.
    /// - Complexity: O(V + E log d).
    /// - Parameter edgeWeights: weights by edge id to use instead of the graph's weight column.
    /// - Precondition: `n` is within 0 ... `SizeLimits.maximum`; `position`, when given, has an
    ///   entry per graph node, each below `n` (without it, `n` is at least the graph's node
    ///   count); `edgeWeights`, when given, has one weight per edge. Checked in release builds too,
    ///   once, in O(V).
    public init(_ view: GraphView, direction: Direction, weighted: Bool, position: [Int32]?, nodeCount n: Int, edgeWeights: [Double]? = nil) {
        precondition(edgeWeights.map { $0.count == view.graph.edgeCount } ?? true, "Adjacency: one weight per edge")
        precondition(n >= 0 && n <= SizeLimits.maximum, "Adjacency: node count \(n) outside 0 ... \(SizeLimits.maximum)")
        if let position {
            precondition(position.count >= view.graph.nodeCount, "Adjacency: \(position.count) positions for \(view.graph.nodeCount) nodes")
            precondition(position.allSatisfy { Int($0) < n }, "Adjacency: a position is not below the node count \(n)")
        } else {
            precondition(n >= view.graph.nodeCount, "Adjacency: node count \(n) for a graph of \(view.graph.nodeCount) nodes")
        }
        let g = view.graph
        var src: [UInt32] = [], dst: [UInt32] = [], w: [Double] = []
        let estimate = g.edgeCount * (direction == .both ? 2 : 1)
        src.reserveCapacity(estimate); dst.reserveCapacity(estimate); w.reserveCapacity(estimate)
        for edge in g.allEdges where view.includes(Int(edge.id)) {
            let e = Int(edge.id)
            let a = position.map { $0[Int(edge.source)] } ?? Int32(edge.source)
            let b = position.map { $0[Int(edge.target)] } ?? Int32(edge.target)
            guard a >= 0, b >= 0 else { continue }
            let weight = weighted ? (edgeWeights.map { $0[e].isNaN ? 1 : $0[e] } ?? g.weight(of: edge.id) ?? 1) : 1
            let s = UInt32(a), t = UInt32(b)
            switch direction {
            case .outgoing: src.append(s); dst.append(t); w.append(weight)
            case .incoming: src.append(t); dst.append(s); w.append(weight)
            case .both:
                src.append(s); dst.append(t); w.append(weight)
                if s != t { src.append(t); dst.append(s); w.append(weight) }
            }
        }
        self.init(checkedNodeCount: n, sources: src, targets: dst, weights: w, directed: direction != .both)
    }

    /// From edge lists (parallel edges merged, the first weight kept). The lists are checked
    /// once here; the analyses then index their raw buffers with the targets unchecked.
    /// - Complexity: O(V + E), plus O(d log d) for each row of d neighbours not already sorted
    ///   without repeats.
    /// - Throws: `GraphInputError.negativeCount` for `n < 0`, `.lengthMismatch` when `targets`
    ///   or `weights` is not as long as `sources`, `.nodeOutOfRange` for an end not below
    ///   `n`, `.tooLarge` past `SizeLimits.maximum` nodes or ties.
    public init(nodeCount n: Int, sources: [UInt32], targets dst: [UInt32], weights w: [Double], directed: Bool) throws(GraphInputError) {
        try checkEdges(nodeCount: n, sources: sources, targets: dst)
        if w.count != sources.count { throw .lengthMismatch(what: "weights", count: w.count, expected: sources.count) }
        self.init(checkedNodeCount: n, sources: sources, targets: dst, weights: w, directed: directed)
    }

    /// `init(nodeCount:sources:targets:weights:directed:)` for lists the package built from a
    /// valid graph or adjacency.
    /// - Precondition: the lists pass `checkEdges` and `w` has one weight per tie (the
    ///   sources and the lengths are checked by `CSRLayout` in release builds too).
    init(checkedNodeCount n: Int, sources: [UInt32], targets dst: [UInt32], weights w: [Double], directed: Bool) {
        let rows = CSRLayout(keys: sources, keyCount: n)
        let counts = rows.offsets
        let t = rows.arrange(dst), ww = rows.arrange(w)
        // Sort each node's neighbours (stable, so the first weight of a pair wins) and merge repeats.
        var offsets = [UInt32](repeating: 0, count: n + 1)
        var outT: [UInt32] = [], outW: [Double] = []
        // Written in place (an append checks its array's uniqueness each time); no array of
        // none made uninitialised (see `CSRLayout.arrange`).
        if !t.isEmpty {
            var written = 0
            outT = [UInt32](unsafeUninitializedCapacity: t.count) { outT, outTCount in
                outW = [Double](unsafeUninitializedCapacity: t.count) { outW, outWCount in
                    for v in 0 ..< n {
                        let lo = Int(counts[v]), hi = Int(counts[v + 1])
                        var increasing = true
                        for i in lo ..< max(lo, hi - 1) where t[i] >= t[i + 1] { increasing = false; break }
                        if increasing {
                            // Already sorted without repeats (the usual case): copy.
                            for i in lo ..< hi { outT[written] = t[i]; outW[written] = ww[i]; written += 1 }
                        } else {
                            let order = (lo ..< hi).sorted { (t[$0], $0) < (t[$1], $1) }
                            var last = UInt32.max
                            for i in order where t[i] != last {
                                outT[written] = t[i]; outW[written] = ww[i]; written += 1; last = t[i]
                            }
                        }
                        offsets[v + 1] = UInt32(written)
                    }
                    outWCount = written
                }
                outTCount = written
            }
        }
        nodeCount = n
        self.offsets = offsets
        targets = outT
        weights = outW
        isDirected = directed
    }

    /// Throws unless every weight is finite and ≥ 0, as distances must be for Dijkstra.
    /// - Complexity: O(E).
    /// - Throws: `GraphInputError.invalidValue` naming the first bad weight.
    public func checkDistances() throws(GraphInputError) {
        if let bad = weights.firstIndex(where: { !($0 >= 0 && $0.isFinite) }) {
            throw .invalidValue(what: "weights", index: bad, value: weights[bad])
        }
    }

    /// Throws unless `v` is a node of this adjacency.
    /// - Complexity: O(1).
    /// - Throws: `GraphInputError.nodeOutOfRange`.
    public func checkNode(_ v: Int) throws(GraphInputError) {
        if v < 0 || v >= nodeCount { throw .nodeOutOfRange(index: v, count: nodeCount) }
    }

    /// The positions in `targets` and `weights` of node `v`'s neighbours.
    /// - Complexity: O(1).
    @inlinable public func range(_ v: Int) -> Range<Int> { Int(offsets[v]) ..< Int(offsets[v + 1]) }

    /// Runs `body` with the arrays as raw buffers (no bounds checks), valid during the call.
    func withRaw<R>(_ body: (RawAdjacency) throws -> R) rethrows -> R {
        try offsets.withUnsafeBufferPointer { offsets in
            try targets.withUnsafeBufferPointer { targets in
                try weights.withUnsafeBufferPointer { weights in
                    try body(RawAdjacency(offsets: offsets, targets: targets, weights: weights))
                }
            }
        }
    }

    /// The same ties followed the other way. A counting sort by target: visiting the sources
    /// in increasing order leaves each reversed row sorted, and a row cannot repeat a
    /// neighbour because this adjacency has no parallel ties.
    /// - Complexity: O(V + E).
    public var reversed: Adjacency {
        var rowOf = [UInt32](repeating: 0, count: targets.count)
        for v in 0 ..< nodeCount { for i in range(v) { rowOf[i] = UInt32(v) } }
        let layout = CSRLayout(keys: targets, keyCount: nodeCount)
        return Adjacency(nodeCount: nodeCount, offsets: layout.offsets, targets: layout.arrange(rowOf),
                         weights: layout.arrange(weights), directed: isDirected)
    }

    private init(nodeCount: Int, offsets: [UInt32], targets: [UInt32], weights: [Double], directed: Bool) {
        self.nodeCount = nodeCount
        self.offsets = offsets
        self.targets = targets
        self.weights = weights
        isDirected = directed
    }
}

/// An adjacency's arrays as raw buffers (see `Adjacency.withRaw`), which worker threads may
/// read while the call that made them runs.
struct RawAdjacency: @unchecked Sendable {
    let offsets: UnsafeBufferPointer<UInt32>
    let targets: UnsafeBufferPointer<UInt32>
    let weights: UnsafeBufferPointer<Double>
    @inline(__always) func range(_ v: Int) -> Range<Int> { Int(offsets[v]) ..< Int(offsets[v + 1]) }
}

/// A result buffer that several workers fill, each at indices no other worker writes.
struct SharedOutput<T>: @unchecked Sendable {
    let base: UnsafeMutablePointer<T>
    func set(_ i: Int, _ value: T) { base[i] = value }
}

import Dispatch
import Platform

/// The number of worker threads for the parallel analyses (the cores, capped at 8).
public let defaultWorkers: Int = min(8, processorCount)
