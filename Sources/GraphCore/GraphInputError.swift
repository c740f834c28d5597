/// What is wrong with the indices, counts, vectors or sizes passed to a graph API. The
/// public entry points of GraphCore and GraphAlgorithms that take such data from a caller
/// check it once, on entry, and throw this instead of indexing a buffer with it.
public enum GraphInputError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A node index outside `0 ..< count`.
    case nodeOutOfRange(index: Int, count: Int)
    /// A count (`what`) below zero.
    case negativeCount(what: String, value: Int)
    /// An array (`what`) with `count` entries where `expected` are needed.
    case lengthMismatch(what: String, count: Int, expected: Int)
    /// A node listed twice where each must appear once (sampled sources).
    case duplicateNode(index: Int)
    /// Entry `index` of `what` is NaN, infinite or negative where a finite value ≥ 0 is needed.
    case invalidValue(what: String, index: Int, value: Double)
    /// An empty list (`what`) where at least one entry is needed.
    case empty(what: String)
    /// A parameter (`what`) outside the values it may take (`allowed`, in words).
    case parameterOutOfRange(what: String, value: Double, allowed: String)
    /// More of `resource` than `limit` allows (`SizeLimits`).
    case tooLarge(SizeLimits.Resource, limit: Int)

    /// In words.
    public var description: String {
        switch self {
        case .nodeOutOfRange(let index, let count): "node index \(index) is outside 0 ..< \(count)"
        case .negativeCount(let what, let value): "\(what) is negative (\(value))"
        case .lengthMismatch(let what, let count, let expected): "\(what) has \(count) entries; \(expected) expected"
        case .duplicateNode(let index): "node \(index) is listed twice"
        case .invalidValue(let what, let index, let value): "\(what)[\(index)] is \(value); a finite value ≥ 0 is needed"
        case .empty(let what): "\(what) is empty"
        case .parameterOutOfRange(let what, let value, let allowed): "\(what) is \(value); it must be \(allowed)"
        case .tooLarge(let resource, let limit): "more than \(limit) \(resource.rawValue) (the limit)"
        }
    }
}

/// Throws unless `damping` is a PageRank damping factor: finite, at least 0 and below 1.
/// - Throws: `GraphInputError.parameterOutOfRange`.
public func checkDamping(_ damping: Double) throws(GraphInputError) {
    guard damping >= 0 && damping < 1 else { throw .parameterOutOfRange(what: "damping", value: damping, allowed: "at least 0 and below 1") }
}

/// The largest graph the package stores: strings, nodes and edges are numbered and offset
/// with 32-bit integers. Readers check their input against these (`ReadOptions.limits`) and
/// report an input error naming the limit; tests lower them to reach that error with a few
/// bytes of input.
public struct SizeLimits: Sendable, Hashable {
    /// What a limit bounds.
    public enum Resource: String, Sendable, Hashable {
        /// Bytes of text in one string table (ids, names, …).
        case textBytes = "bytes of text in one string table"
        /// Nodes (entities) of one graph.
        case nodes = "nodes"
        /// Edges (ties) of one graph.
        case edges = "edges"
    }

    /// The most bytes of text one `StringTable` holds.
    public var textBytes: Int
    /// The most nodes of one graph.
    public var nodes: Int
    /// The most edges of one graph.
    public var edges: Int

    /// The largest value each limit can take: 2³² − 2, as offsets and indices are `UInt32`
    /// and `UInt32.max` serves as a marker.
    public static let maximum = Int(UInt32.max) - 1

    /// Every limit at `maximum`.
    public static let standard = SizeLimits()

    /// Limits as given (each clamped to `0 ... maximum`).
    /// - Complexity: O(1).
    public init(textBytes: Int = SizeLimits.maximum, nodes: Int = SizeLimits.maximum, edges: Int = SizeLimits.maximum) {
        self.textBytes = min(max(textBytes, 0), SizeLimits.maximum)
        self.nodes = min(max(nodes, 0), SizeLimits.maximum)
        self.edges = min(max(edges, 0), SizeLimits.maximum)
    }

    /// Throws `.tooLarge` unless `count` of `resource` is within its limit.
    /// - Complexity: O(1).
    /// - Throws: `GraphInputError.tooLarge(resource, limit:)`.
    public func check(_ count: Int, _ resource: Resource) throws(GraphInputError) {
        let limit = switch resource { case .textBytes: textBytes; case .nodes: nodes; case .edges: edges }
        if count > limit { throw .tooLarge(resource, limit: limit) }
    }
}
