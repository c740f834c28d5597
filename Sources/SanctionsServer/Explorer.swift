import Dispatch
import Platform
import SanctionsGraph

/// The explorer behind `sanctions-graph serve` (README "The explorer"): the loaded network,
/// read-only, answering page and API requests. It knows nothing of HTTP beyond a path, a query
/// string and the response it gives (`ExplorerServer` puts it on Hummingbird), so a script can
/// ask it directly: `await Explorer(network).respond(path: "/api/entity/c-rusal", query: nil)`.
///
/// Heavy work (rule evaluations, relief, ranking, search) runs on Dispatch's global queue and
/// Graphviz layouts on a serial queue of their own, never on Swift's cooperative threads (two on
/// this machine class). Rule results per (rule, day) are cached, at most `cacheLimit` of them.
public final class Explorer: Sendable {
    /// The network served.
    public let network: SanctionsNetwork
    /// The day pages and the API use when a request names none.
    public let defaultDay: Day
    /// The rule pages use when a request names none.
    public let defaultRule: BlockingRule.Kind
    /// What the page header names as the source ("demo-rare-earths.ftm.json").
    public let sourceName: String
    /// The most rule results kept (each holds a status and shares per entity).
    public let cacheLimit: Int
    /// The longest query string accepted, in bytes.
    public static let maxQueryBytes = 8192
    /// The most relief edits one request may ask for.
    public static let maxEdits = 64

    let index: NameIndex
    private let cache = ResultCache()
    private let renderQueue = DispatchQueue(label: "sanctions-graph.graphviz")
    /// One serial queue per core for rule work: as many threads as cores, however many
    /// requests wait (Dispatch's global queue would start a thread per blocked item, each with
    /// its own allocator arena and temporaries).
    private let computeQueues = (0 ..< processorCount).map { DispatchQueue(label: "sanctions-graph.compute-\($0)") }
    private let load = WorkLoad()

    /// An explorer of `network`; `defaultDay` and `defaultRule` apply when a request names none.
    /// - Complexity: O(names) to index the names for search.
    public init(_ network: SanctionsNetwork, defaultDay: Day = Day.today, defaultRule: BlockingRule.Kind = .ofac,
                sourceName: String = "", cacheLimit: Int = 12) {
        self.network = network
        self.defaultDay = defaultDay
        self.defaultRule = defaultRule
        self.sourceName = sourceName
        self.cacheLimit = max(1, cacheLimit)
        self.index = NameIndex(network)
    }

    // MARK: Work off the cooperative pool

    /// Runs `work` on the next compute queue in turn and waits for it without holding a Swift
    /// concurrency thread. When the last running work ends, free heap memory is trimmed.
    func compute<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
        let queue = computeQueues[load.start() % computeQueues.count]
        let load = self.load
        return await withCheckedContinuation { continuation in
            queue.async {
                let value = work()
                if load.finish() { trimFreeMemory() }
                continuation.resume(returning: value)
            }
        }
    }

    /// Runs a Graphviz `work` on the explorer's own serial queue (the renderer holds one
    /// process-wide lock anyway), off the cooperative pool.
    func render<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            renderQueue.async { continuation.resume(returning: work()) }
        }
    }

    /// The rule's result on `day`, from the cache or evaluated (off the cooperative pool).
    func result(_ kind: BlockingRule.Kind, _ day: Day) async -> BlockingResult {
        if let r = cache.get(kind, day) { return r }
        let network = self.network
        let r = await compute { evaluate(network, rule: BlockingRule.preset(kind), asOf: day) }
        cache.put(kind, day, r, limit: cacheLimit)
        return r
    }

    /// How many rule results the cache holds.
    public var cachedResults: Int { cache.count }
}

extension BlockingRule {
    /// The preset of `kind` (ofac, eu or uk); the explorer serves no custom rule (the routes
    /// refuse it), so `custom` reads as ofac.
    static func preset(_ kind: BlockingRule.Kind) -> BlockingRule { kind.preset ?? .ofac }
}

/// The compute work in flight: a ticket per start (spreading work over the queues), and
/// whether a finish leaves none running.
private final class WorkLoad: @unchecked Sendable {
    private let lock = Lock()
    private var tickets = 0, running = 0

    func start() -> Int { lock.withLock { running += 1; tickets &+= 1; return tickets } }
    func finish() -> Bool { lock.withLock { running -= 1; return running == 0 } }
}

/// Rule results by (rule, day), the least recently used dropped past the limit.
private final class ResultCache: @unchecked Sendable {
    private struct Key: Hashable { var kind: BlockingRule.Kind; var day: Day }
    private let lock = Lock()
    private var entries: [Key: BlockingResult] = [:]
    private var order: [Key] = []

    var count: Int { lock.withLock { entries.count } }

    func get(_ kind: BlockingRule.Kind, _ day: Day) -> BlockingResult? {
        lock.withLock {
            let key = Key(kind: kind, day: day)
            guard let r = entries[key] else { return nil }
            order.removeAll { $0 == key }
            order.append(key)
            return r
        }
    }

    func put(_ kind: BlockingRule.Kind, _ day: Day, _ result: BlockingResult, limit: Int) {
        lock.withLock {
            let key = Key(kind: kind, day: day)
            if entries[key] == nil { order.append(key) }
            entries[key] = result
            while order.count > limit { entries[order.removeFirst()] = nil }
        }
    }
}

/// What the explorer answers: a status, a content type, the bytes.
public struct ExplorerResponse: Sendable {
    /// The HTTP status (200, 400, 404, 414).
    public var status: Int
    /// The content type ("text/html; charset=utf-8", "application/json", …).
    public var contentType: String
    /// The body.
    public var body: [UInt8]

    /// The body as text.
    public var text: String { String(decoding: body, as: UTF8.self) }

    static func json(_ value: JSONValue, status: Int = 200) -> ExplorerResponse {
        ExplorerResponse(status: status, contentType: "application/json; charset=utf-8", body: Array((value.serialized() + "\n").utf8))
    }

    static func html(_ text: String, status: Int = 200) -> ExplorerResponse {
        ExplorerResponse(status: status, contentType: "text/html; charset=utf-8", body: Array(text.utf8))
    }
}

/// A request the explorer refuses: the status, the parameter at fault and why.
struct RequestError: Error, Sendable {
    var status: Int
    var parameter: String?
    var message: String

    static func bad(_ parameter: String, _ message: String) -> RequestError { RequestError(status: 400, parameter: parameter, message: message) }
    static func notFound(_ parameter: String?, _ message: String) -> RequestError { RequestError(status: 404, parameter: parameter, message: message) }

    /// The error as the API gives it: `{"error": …, "parameter": …, "status": …}`.
    var json: JSONValue {
        JSONValue.object(["error": .string(message), "parameter": parameter.map { .string($0) } ?? .null, "status": .int(status)]).versioned
    }
}

/// A query string read once: `+` as space, `%XX` decoded; repeated keys kept in order.
struct Query: Sendable {
    private(set) var pairs: [(String, String)] = []

    init(_ raw: String?) throws(RequestError) {
        guard let raw, !raw.isEmpty else { return }
        guard raw.utf8.count <= Explorer.maxQueryBytes else {
            throw RequestError(status: 414, parameter: "query", message: "the query string is longer than \(Explorer.maxQueryBytes) bytes")
        }
        for part in raw.split(separator: "&", omittingEmptySubsequences: true) {
            let kv = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let key = percentDecoded(kv[0], plusIsSpace: true) else { throw .bad(String(kv[0]), "the parameter's name is not valid percent-encoded UTF-8") }
            guard let value = percentDecoded(kv.count > 1 ? kv[1] : "", plusIsSpace: true) else {
                throw .bad(key, "the value is not valid percent-encoded UTF-8")
            }
            pairs.append((key, value))
        }
    }

    /// The last value of `key`, if any and not empty.
    func value(_ key: String) -> String? { pairs.last { $0.0 == key }.map(\.1).flatMap { $0.isEmpty ? nil : $0 } }

    /// Every non-empty value of `key`, in order.
    func values(_ key: String) -> [String] { pairs.filter { $0.0 == key && !$0.1.isEmpty }.map(\.1) }

    /// Refuses parameters not in `allowed`.
    func check(_ allowed: Set<String>) throws(RequestError) {
        if let unknown = pairs.first(where: { !allowed.contains($0.0) }) {
            throw .bad(unknown.0, "unknown parameter; this route takes " + allowed.sorted().joined(separator: ", "))
        }
    }
}
