import ArgumentParser
import Dispatch
import Platform
import SanctionsGraph
import SanctionsServer

struct Serve: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Explore the graph in a browser: search, entity pages, relief what-ifs, rankings and a JSON API.",
        discussion: """
            Loads GRAPH once and serves it over HTTP, read-only, on the loopback address unless \
            --host says otherwise. --port 0 picks a free port. The URL is printed on stderr once \
            the server listens; SIGINT or SIGTERM stops it. The API is described at \
            /api/openapi.json (README "The explorer").

            Example:
              sanctions-graph serve Graphs/demo-rare-earths.ftm.json --as-of 2026-11-29
            """
    )

    @OptionGroup var input: GraphInput

    @Option(help: "The address to listen on (default: loopback only).")
    var host = "127.0.0.1"

    @Option(help: "The port (0: any free port).")
    var port = 8080

    @Option(help: "The rule pages use when a request names none: ofac, eu or uk.")
    var rule: BlockingRule.Kind = .ofac

    @Option(name: .customLong("as-of"), help: "The date pages and the API use when a request names none (default: today).")
    var asOf: Day?

    @Option(name: .customLong("cache-mb"), help: "The most memory cached rule results may take, in MiB (about 80 a result at 1M entities; the newest is always kept).")
    var cacheMB = 512

    func validate() throws {
        guard (0 ... 65535).contains(port) else { throw ValidationError("--port must be between 0 and 65535") }
        guard (0 ... 1 << 30).contains(cacheMB) else { throw ValidationError("--cache-mb must be between 0 and 1073741824 (1 PiB)") }
        guard rule != .custom else { throw ValidationError("--rule must be ofac, eu or uk (the explorer serves the presets)") }
    }

    func run() throws {
        let (network, _) = try input.load()
        input.warnIfUndesignated(network)
        if !["127.0.0.1", "::1", "localhost"].contains(host) {
            Stderr.print("warning: listening on \(host), not on the loopback address only: anyone who can reach it can read the graph")
        }
        let name = input.graph.split(separator: "/").last.map(String.init) ?? input.graph
        let explorer = Explorer(network, defaultDay: asOf ?? Day.today, defaultRule: rule, sourceName: name, cacheBytes: cacheMB << 20)
        let app = ExplorerServer.application(explorer, host: host, port: port) { [host] bound in
            let shown = host.contains(":") ? "[\(host)]" : host
            Stderr.print("serving \(name) at http://\(shown):\(bound)/ (Ctrl-C stops)")
        }
        // The command line runs synchronously; the server runs on Swift concurrency until a
        // signal ends it, and the main thread waits (it is not one of the cooperative threads).
        let done = DispatchSemaphore(value: 0)
        let failure = FailureBox()
        Task {
            do { try await app.runService() } catch { failure.set(error) }
            done.signal()
        }
        done.wait()
        if let error = failure.get() {
            Stderr.print("error: cannot serve: \(error)")
            throw ExitCode.failure
        }
    }
}

/// The server's error, handed from its task to the waiting main thread.
private final class FailureBox: @unchecked Sendable {
    private let lock = Lock()
    private var error: (any Error)?
    func set(_ e: any Error) { lock.withLock { error = e } }
    func get() -> (any Error)? { lock.withLock { error } }
}
