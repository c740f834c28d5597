import CGraphviz
import Platform
#if canImport(Glibc)
import Glibc
#endif

/// In-process rendering through Graphviz's C library (libgvc and cgraph).
///
/// libgvc and cgraph keep global state (the DOT lexer, the error level, plugin tables) and
/// are not thread-safe: concurrent use crashes. Every call here runs under one process-wide
/// lock, so `render` may be called from any thread or task; calls simply take turns. Each
/// call parses, lays out, renders and frees its graph (render data, then layout, then the
/// graph); one Graphviz context, created on first use, is kept for the life of the process
/// (creating one loads the plugin configuration, which costs more than a small render).
///
/// Messages Graphviz reports during a call are captured (not printed on stderr): errors
/// become a thrown `GraphvizError`, warnings come back in `Rendering.warnings`. The sticky
/// error level (`agerrors()`) is reset before and after every call, so one failure never
/// breaks later renders.
public enum Graphviz {
    /// The Graphviz version of the headers built against ("2.43.0" for Debian 12's 2.42 packages).
    public static var version: String { String(cString: sg_version()) }

    /// Parses `dot`, lays it out with `engine` and renders it as `format`.
    ///
    /// `graphAttributes` are set on the root graph after parsing (e.g. `dpi` for raster
    /// output), overriding the text's own values.
    /// - Complexity: that of the layout: roughly linear for sfdp, superlinear for dot
    ///   (edge labels become extra nodes there: prefer `xlabel` on large graphs).
    public static func render(dot: String, engine: LayoutEngine = .dot, format: OutputFormat = .svg,
                              graphAttributes: [(String, String)] = []) throws(GraphvizError) -> Rendering {
        guard !dot.utf8.contains(0) else { throw .embeddedNUL }
        return try session.withLock { () throws(GraphvizError) -> Rendering in
            try renderLocked(dot: dot, engine: engine.rawValue, format: format.rawValue, graphAttributes: graphAttributes)
        }
    }

    /// The same, with an engine and a format named by text (for engines and formats this
    /// type does not list, such as `osage` or `xdot`).
    /// - Complexity: as `render(dot:engine:format:graphAttributes:)`.
    public static func render(dot: String, engineName: String, formatName: String,
                              graphAttributes: [(String, String)] = []) throws(GraphvizError) -> Rendering {
        guard !dot.utf8.contains(0) else { throw .embeddedNUL }
        return try session.withLock { () throws(GraphvizError) -> Rendering in
            try renderLocked(dot: dot, engine: engineName, format: formatName, graphAttributes: graphAttributes)
        }
    }

    /// Parses `dot` without laying it out: nil if it parses, else the messages.
    /// - Complexity: O(length of the text).
    public static func syntaxErrors(in dot: String) -> [String]? {
        guard !dot.utf8.contains(0) else { return ["the DOT text contains a NUL character"] }
        return withParsedGraph(dot) { graph, errors in graph == nil ? errors : nil }
    }

    /// Parses `dot` without laying it out: the names cgraph gives its nodes, in creation
    /// order, or nil if it does not parse (what an id written by `DOTWriter.quotedID` becomes).
    /// - Complexity: O(length of the text).
    public static func nodeNames(in dot: String) -> [String]? {
        guard !dot.utf8.contains(0) else { return nil }
        return withParsedGraph(dot) { graph, _ -> [String]? in
            guard let graph else { return nil }
            var names: [String] = []
            var node = sg_first_node(graph)
            while let n = node {
                names.append(String(cString: sg_node_name(n)))
                node = sg_next_node(graph, n)
            }
            return names
        }
    }

    /// Parses `dot` under the session lock, with deterministic ids and Graphviz's messages
    /// captured, and calls `body` with the graph (closed afterwards), or with nil and the
    /// error messages when it does not parse cleanly.
    private static func withParsedGraph<T>(_ dot: String, _ body: (UnsafeMutablePointer<Agraph_t>?, [String]) -> T) -> T {
        session.withLock { () -> T in
            let capture = MessageCapture()
            defer { capture.finish() }
            let previousIDs = sg_begin_deterministic_ids()
            defer { sg_end_deterministic_ids(previousIDs) }
            guard let graph = sg_read(dot) else { return body(nil, capture.messages().errors) }
            defer { sg_close(graph) }
            return capture.hasErrors ? body(nil, capture.messages().errors) : body(graph, [])
        }
    }

    static let session = GraphvizSession()

    /// Must run under the session lock.
    private static func renderLocked(dot: String, engine: String, format: String,
                                     graphAttributes: [(String, String)]) throws(GraphvizError) -> Rendering {
        let capture = MessageCapture()
        defer { capture.finish() }
        let previousIDs = sg_begin_deterministic_ids()
        defer { sg_end_deterministic_ids(previousIDs) }
        guard let context = session.context() else { throw .unavailable(messages: capture.messages().all) }
        guard let graph = sg_read(dot) else { throw .syntax(messages: capture.messages().errors) }
        defer { sg_close(graph) }
        if capture.hasErrors { throw .syntax(messages: capture.messages().errors) }
        for (name, value) in graphAttributes { _ = sg_set_graph_attribute(graph, name, value) }
        guard sg_layout(context, graph, engine) == 0, !capture.hasErrors else {
            throw .layout(engine: engine, messages: capture.messages().errors)
        }
        defer { sg_free_layout(context, graph) }
        var data: UnsafeMutablePointer<CChar>? = nil
        var length = 0
        let rc = sg_render_data(context, graph, format, &data, &length)
        defer { if let data { sg_free_render_data(data) } }
        guard rc == 0, !capture.hasErrors else { throw .render(format: format, messages: capture.messages().errors) }
        // A renderer that fails inside (Pango on a label too large to lay out) can report
        // success and produce nothing: that is a failure too, not an empty file.
        guard let data, length > 0 else { throw .emptyOutput(format: format, messages: capture.messages().all) }
        // Binary output (PNG, PDF) holds NULs: copy exactly `length` bytes.
        let bytes = Array(UnsafeRawBufferPointer(start: UnsafeRawPointer(data), count: length))
        return Rendering(bytes: bytes, warnings: capture.messages().warnings)
    }
}

/// The process-wide lock and the Graphviz context it guards.
final class GraphvizSession: @unchecked Sendable {
    /// The lock every Graphviz call runs under.
    private let lock = Lock()
    private var gvc: OpaquePointer? = nil
    private var contextFailed = false

    /// Runs `body` holding the lock. Not re-entrant.
    func withLock<T, E: Error>(_ body: () throws(E) -> T) throws(E) -> T {
        try lock.withLock(body)
    }

    /// The shared context, created on first use. Call under the lock.
    func context() -> OpaquePointer? {
        if gvc == nil && !contextFailed {
            gvc = sg_context_new()
            contextFailed = gvc == nil
        }
        return gvc
    }
}

/// The text Graphviz reported during the current call. Written only by `receiveMessage`,
/// which Graphviz calls synchronously from inside a call made under the session lock, so
/// the lock serialises every access.
nonisolated(unsafe) private var reportedText = ""

/// Graphviz's message callback: it delivers a message in pieces ("Error", ": ", text).
private let receiveMessage: @convention(c) (UnsafeMutablePointer<CChar>?) -> Int32 = { piece in
    guard let piece else { return 0 }
    let text = String(cString: piece)
    reportedText += text
    return Int32(clamping: text.utf8.count)
}

/// GLib's log callback (`GLogFunc`): what Pango and Cairo log from inside a Graphviz call
/// ("pango_cairo_show_layout: assertion … failed" when a label cannot be laid out) joins
/// that call's messages as a warning, instead of going to stderr on its own.
private let receiveGLibMessage: @convention(c) (UnsafePointer<CChar>?, UInt32, UnsafePointer<CChar>?, UnsafeMutableRawPointer?) -> Void = { domain, _, message, _ in
    let from = domain.map { String(cString: $0) } ?? "GLib"
    let text = message.map { String(cString: $0) } ?? ""
    reportedText += "\nWarning: \(from): \(text)\n"
}

/// Routes GLib's log messages to `receiveGLibMessage` once GLib is loaded (Graphviz's Pango
/// and Cairo plugins load it on first use); looked up by name, as the binding does not link
/// GLib itself. Returns the handler it replaced, to put back.
/// `g_log_set_default_handler`'s C type: it takes a `GLogFunc` and user data and returns the
/// handler it replaces.
private typealias SetHandler = @convention(c) (UnsafeRawPointer?, UnsafeMutableRawPointer?) -> UnsafeMutableRawPointer?

private func routeGLibMessages() -> UnsafeMutableRawPointer? {
    guard let symbol = glibSetDefaultHandler else { return nil }
    return unsafeBitCast(symbol, to: SetHandler.self)(unsafeBitCast(receiveGLibMessage, to: UnsafeRawPointer.self), nil)
}

/// GLib's `g_log_set_default_handler`, GLib being loaded here (the plugins would load it at
/// the first render, after the capture began); nil without GLib.
nonisolated(unsafe) private let glibSetDefaultHandler: UnsafeMutableRawPointer? = {
    #if canImport(Glibc)
    _ = dlopen("libglib-2.0.so.0", RTLD_LAZY | RTLD_GLOBAL)
    #endif
    return dlsym(UnsafeMutableRawPointer(bitPattern: 0), "g_log_set_default_handler")
}()

/// Puts back the GLib handler `routeGLibMessages` replaced.
private func restoreGLibMessages(_ previous: UnsafeMutableRawPointer?) {
    guard let previous, let symbol = glibSetDefaultHandler else { return }
    _ = unsafeBitCast(symbol, to: SetHandler.self)(UnsafeRawPointer(previous), nil)
}

/// Captures Graphviz's messages for one call: resets the sticky error level, routes
/// messages to `reportedText`, and on `finish` restores the previous handler and resets
/// the level again. Use only under the session lock.
struct MessageCapture {
    private let previous: agusererrf?
    private let previousGLib: UnsafeMutableRawPointer?

    init() {
        reportedText = ""
        _ = sg_reset_errors()
        previous = sg_set_error_function(receiveMessage)
        previousGLib = routeGLibMessages()
    }

    /// Whether an error (not only a warning) was reported since the capture began.
    var hasErrors: Bool { sg_error_level() > 0 }

    /// The messages so far, split into errors and warnings by their "Error:"/"Warning:" prefix.
    func messages() -> (errors: [String], warnings: [String], all: [String]) {
        var errors: [String] = [], warnings: [String] = [], all: [String] = []
        var current: String? = nil
        var currentIsError = false
        func flush() {
            guard let text = current?.trimmingWhitespace, !text.isEmpty else { return }
            all.append(text)
            if currentIsError { errors.append(text) } else { warnings.append(text) }
        }
        for line in reportedText.split(separator: "\n", omittingEmptySubsequences: true) {
            if line.hasPrefix("Error: ") || line.hasPrefix("Error:") {
                flush()
                current = String(line.dropFirst(line.hasPrefix("Error: ") ? 7 : 6))
                currentIsError = true
            } else if line.hasPrefix("Warning: ") || line.hasPrefix("Warning:") {
                flush()
                current = String(line.dropFirst(line.hasPrefix("Warning: ") ? 9 : 8))
                currentIsError = false
            } else if let text = current {
                current = text + " " + line.trimmingWhitespace  // a continuation line
            } else {
                current = String(line)
                currentIsError = hasErrors
            }
        }
        flush()
        if errors.isEmpty && hasErrors { errors = all.isEmpty ? ["unspecified error"] : all }
        return (errors, warnings, all)
    }

    func finish() {
        restoreGLibMessages(previousGLib)
        _ = sg_set_error_function(previous)
        _ = sg_reset_errors()
        reportedText = ""
    }
}
