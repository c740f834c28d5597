/// A Graphviz layout engine.
public enum LayoutEngine: String, Sendable, CaseIterable, Hashable {
    /// Hierarchical (layered) drawing: owners above what they own. Best for chains.
    case dot
    /// Scalable force-directed placement (multilevel): hundreds of entities in a fraction of a second.
    case sfdp
    /// Spring model (stress majorisation).
    case neato
    /// Force-directed (Fruchterman–Reingold); draws clusters. Its layouts are not
    /// byte-reproducible in a long-lived process with Graphviz 2.42 (the others are).
    case fdp
    /// Circular layout.
    case circo
    /// Radial layout around a root.
    case twopi

    /// Whether the engine draws `cluster` subgraphs as boxes (the others ignore them).
    public var drawsClusters: Bool { self == .dot || self == .fdp }
}

/// An output format of the renderer.
public enum OutputFormat: String, Sendable, CaseIterable, Hashable {
    /// SVG (text), PNG (raster) and PDF (vector).
    case svg, png, pdf
    /// The laid-out graph as DOT, with positions (`pos`, `bb`); the DOT writer gives the
    /// source without them.
    case dot
    /// Graphviz's JSON with positions.
    case json

    /// The format a file name's extension names (`.svg`, `.png`, `.pdf`, `.dot` or `.gv`,
    /// `.json`; case-insensitive), or nil.
    /// - Complexity: O(length of path).
    public init?(path: String) {
        guard let dot = path.lastIndex(of: "."), !path[dot...].contains("/") else { return nil }
        switch path[path.index(after: dot)...].lowercased() {
        case "svg": self = .svg
        case "png": self = .png
        case "pdf": self = .pdf
        case "dot", "gv": self = .dot
        case "json": self = .json
        default: return nil
        }
    }

    /// Whether the output is text (UTF-8) rather than binary.
    public var isText: Bool { self == .svg || self == .dot || self == .json }
}

/// A failure inside Graphviz, with the messages it reported for that call.
public enum GraphvizError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The DOT text did not parse.
    case syntax(messages: [String])
    /// The layout engine failed (or is not installed).
    case layout(engine: String, messages: [String])
    /// Rendering to the format failed (or no plugin provides it).
    case render(format: String, messages: [String])
    /// No Graphviz context could be created (the plugin configuration is missing).
    case unavailable(messages: [String])
    /// The DOT text contains a NUL character, which C strings cannot hold.
    case embeddedNUL
    /// The renderer reported success but produced no bytes (Pango fails this way on a
    /// label too large to lay out); `messages` are all Graphviz reported, warnings included.
    case emptyOutput(format: String, messages: [String])

    /// The messages Graphviz reported for the failed call (none for `embeddedNUL`).
    public var messages: [String] {
        switch self {
        case .syntax(let m), .layout(_, let m), .render(_, let m), .unavailable(let m), .emptyOutput(_, let m): m
        case .embeddedNUL: []
        }
    }

    public var description: String {
        let detail = messages.isEmpty ? "" : ": " + messages.joined(separator: "; ")
        switch self {
        case .syntax: return "Graphviz could not parse the DOT text" + detail
        case .layout(let e, _): return "Graphviz layout with \(e) failed" + detail
        case .render(let f, _): return "Graphviz could not render \(f)" + detail
        case .unavailable: return "no Graphviz context (is libgvc's plugin configuration, config6a, installed?)" + detail
        case .embeddedNUL: return "the DOT text contains a NUL character"
        case .emptyOutput(let f, _):
            return "Graphviz produced no \(f) output (a label too large to draw? a very long name, say)" + detail
        }
    }
}

/// What one render produced: the bytes, and the warnings Graphviz reported on the way.
public struct Rendering: Sendable, Equatable {
    /// The output file's bytes (UTF-8 text for svg, dot and json).
    public var bytes: [UInt8]
    /// Warning messages (errors are thrown instead), in the order reported.
    public var warnings: [String]

    /// A rendering of `bytes` with `warnings`.
    public init(bytes: [UInt8], warnings: [String] = []) {
        self.bytes = bytes
        self.warnings = warnings
    }

    /// The bytes as UTF-8 text (for svg, dot and json).
    /// - Complexity: O(bytes.count).
    public var text: String { String(decoding: bytes, as: UTF8.self) }

    /// An SVG rendering as an element to put inside an HTML page: from its `<svg` on, without
    /// the XML declaration and the DOCTYPE (which names a DTD on the web); the whole text if
    /// it has no `<svg`.
    /// - Complexity: O(bytes.count).
    public var svgElement: String {
        let open = Array("<svg".utf8)
        guard bytes.count >= open.count else { return text }
        for i in 0 ... bytes.count - open.count where bytes[i] == open[0] && Array(bytes[i ..< i + open.count]) == open {
            return String(decoding: bytes[i...], as: UTF8.self)
        }
        return text
    }
}
