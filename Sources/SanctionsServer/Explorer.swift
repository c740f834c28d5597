import Dispatch
import Platform
import SanctionsGraph

/// The explorer behind `sanctions-graph serve` (README "The explorer"): the loaded network,
/// read-only, answering page and API requests. It knows nothing of HTTP beyond a path, a query
/// string and the response it gives (`ExplorerServer` puts it on Hummingbird), so a script can
/// ask it directly: `await Explorer(network).respond(path: "/api/entity/c-rusal", query: nil)`.
///
/// Heavy work (rule evaluations, relief, ranking, search) runs on one serial queue per core and
/// Graphviz layouts on a serial queue of their own, never on Swift's cooperative threads (two on
/// this machine class). Rule results per (rule, day) are cached, at most `cacheLimit` of them
/// and at most `cacheBytes` of memory (`BlockingResult.footprint`; the newest is always kept);
/// concurrent requests for a result not yet cached wait for one evaluation.
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
    /// The most memory the kept rule results may take, in bytes (about 80 MB a result at 1M
    /// entities, 2.3M ties).
    public let cacheBytes: Int
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
                sourceName: String = "", cacheLimit: Int = 12, cacheBytes: Int = 512 << 20) {
        self.network = network
        self.defaultDay = defaultDay
        self.defaultRule = defaultRule
        self.sourceName = sourceName
        self.cacheLimit = max(1, cacheLimit)
        self.cacheBytes = max(0, cacheBytes)
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
    /// Requests that arrive while it is evaluated wait for the same evaluation.
    func result(_ kind: BlockingRule.Kind, _ day: Day) async -> BlockingResult {
        let network = self.network, cache = self.cache, limit = cacheLimit, bytes = cacheBytes
        let work = cache.lookup(kind, day) {
            Task {
                let r = await self.compute { evaluate(network, rule: BlockingRule.preset(kind), asOf: day) }
                cache.put(kind, day, r, limit: limit, bytes: bytes)
                return r
            }
        }
        switch work {
        case .cached(let r): return r
        case .pending(let task): return await task.value
        }
    }

    /// How many rule results the cache holds.
    public var cachedResults: Int { cache.count }
    /// How many bytes the cached rule results take (`BlockingResult.footprint`).
    public var cachedBytes: Int { cache.bytes }
    /// How many rule results have been evaluated since the start (the cache's misses).
    public var evaluations: Int { cache.evaluations }
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

/// Rule results by (rule, day), the least recently used dropped past the limits, and the
/// evaluations under way.
private final class ResultCache: @unchecked Sendable {
    private struct Key: Hashable { var kind: BlockingRule.Kind; var day: Day }
    enum Lookup { case cached(BlockingResult), pending(Task<BlockingResult, Never>) }
    private let lock = Lock()
    private var entries: [Key: (result: BlockingResult, bytes: Int)] = [:]
    private var order: [Key] = []
    private var total = 0
    private var pending: [Key: Task<BlockingResult, Never>] = [:]
    private var evaluated = 0

    var count: Int { lock.withLock { entries.count } }
    var bytes: Int { lock.withLock { total } }
    var evaluations: Int { lock.withLock { evaluated } }

    /// The cached result, else the evaluation under way, else the one `start` begins.
    func lookup(_ kind: BlockingRule.Kind, _ day: Day, start: () -> Task<BlockingResult, Never>) -> Lookup {
        lock.withLock {
            let key = Key(kind: kind, day: day)
            if let e = entries[key] {
                order.removeAll { $0 == key }
                order.append(key)
                return .cached(e.result)
            }
            if let task = pending[key] { return .pending(task) }
            let task = start()
            pending[key] = task
            return .pending(task)
        }
    }

    /// Keeps a result just evaluated, ending its evaluation under way.
    func put(_ kind: BlockingRule.Kind, _ day: Day, _ result: BlockingResult, limit: Int, bytes limitBytes: Int) {
        let size = result.footprint
        lock.withLock {
            let key = Key(kind: kind, day: day)
            evaluated += 1
            pending[key] = nil
            if let old = entries[key] { total -= old.bytes; order.removeAll { $0 == key } }
            order.append(key)
            entries[key] = (result, size)
            total += size
            while order.count > limit || (total > limitBytes && order.count > 1) {
                let dropped = order.removeFirst()
                total -= entries[dropped]?.bytes ?? 0
                entries[dropped] = nil
            }
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
