import GraphCore
import SanctionsModel
import Platform

// GraphML (http://graphml.graphdrawing.org) for Gephi, yEd and Cytoscape.
//
// GraphML carries the graph: entities with their names, kind, schema, countries, topics,
// sectors and aliases; ties (directed, as in FtM: owner → asset, …) with their kind, share,
// dates and detail; whether each entity has a designation in force on the as-of day; and,
// when a rule is given, each entity's status under it. Designations themselves are not in
// GraphML: the FtM and CSV exports carry them. Sector nodes are not written either: each
// entity's `sectors` attribute names them, and reading it back recreates them.
//
// Multi-valued attributes (names, countries, topics, sectors, aliases) are joined by ";",
// as in the CSV trio; a ";" or "\" inside a value is written "\;" or "\\".

/// What `GraphMLWriter` adds beyond the graph itself.
public struct GraphMLOptions: Sendable {
    /// The day `designated` refers to (a designation in force on it, any jurisdiction).
    public var asOf: Day
    /// The rule the statuses come from (its name, e.g. "uk"), written as graph data.
    public var rule: String?
    /// Each entity's status under `rule`, by node (written as its description: "clear",
    /// "designated", "owned", …); nil leaves it out.
    public var status: [BlockStatus]?

    /// Options for the day `asOf`, without statuses unless `rule` and `status` are given.
    public init(asOf: Day, rule: String? = nil, status: [BlockStatus]? = nil) {
        self.asOf = asOf
        self.rule = rule
        self.status = status
    }
}

/// Writes a network as a GraphML document, deterministically (entities and ties in the
/// network's order, keys in a fixed order).
public enum GraphMLWriter {
    /// The attributes declared, in order: (key id, for, attr.name, attr.type).
    static let graphKeys: [(String, String, String, String)] = [
        ("g_asof", "graph", "asOf", "string"),
        ("g_rule", "graph", "rule", "string"),
    ]
    static let nodeKeys: [(String, String, String, String)] = [
        ("v_label", "node", "label", "string"),
        ("v_names", "node", "names", "string"),
        ("v_kind", "node", "kind", "string"),
        ("v_schema", "node", "schema", "string"),
        ("v_country", "node", "country", "string"),
        ("v_topics", "node", "topics", "string"),
        ("v_sectors", "node", "sectors", "string"),
        ("v_aliases", "node", "aliases", "string"),
        ("v_designated", "node", "designated", "boolean"),
        ("v_status", "node", "status", "string"),
    ]
    static let edgeKeys: [(String, String, String, String)] = [
        ("e_kind", "edge", "kind", "string"),
        ("e_share", "edge", "share", "double"),
        ("e_start", "edge", "start", "string"),
        ("e_end", "edge", "end", "string"),
        ("e_detail", "edge", "detail", "string"),
    ]

    /// Writes the document to `path` ("-": standard output).
    /// - Complexity: O(size of the output).
    public static func write(_ network: SanctionsNetwork, to path: String, options: GraphMLOptions) throws(OutputError) {
        let out = try OutputFile(path: path)
        try write(network, options: options) { (text: String) throws(OutputError) in try out.write(text) }
        try out.close()
    }

    /// The whole document as one string (for small graphs and tests).
    /// - Complexity: O(size of the output).
    public static func document(_ network: SanctionsNetwork, options: GraphMLOptions) -> String {
        var text = ""
        write(network, options: options) { text += $0 }
        return text
    }

    static func write<E: Error>(_ network: SanctionsNetwork, options: GraphMLOptions, _ emit: (String) throws(E) -> Void) throws(E) {
        let hasStatus = options.status != nil
        var head = """
            <?xml version="1.0" encoding="UTF-8"?>
            <graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" \
            xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">
              <!-- Written by SanctionsGraph. The graph and, with a rule, each entity's status; designations are in the FtM and CSV exports. -->

            """
        for (id, domain, name, type) in graphKeys + nodeKeys + edgeKeys {
            if !hasStatus && (id == "v_status" || id == "g_rule") { continue }
            head += "  <key id=\"\(id)\" for=\"\(domain)\" attr.name=\"\(name)\" attr.type=\"\(type)\"/>\n"
        }
        head += "  <graph id=\"G\" edgedefault=\"directed\">\n"
        head += "    <data key=\"g_asof\">\(options.asOf)</data>\n"
        if hasStatus, let rule = options.rule { head += "    <data key=\"g_rule\">\(xmlEscape(rule))</data>\n" }
        try emit(head)

        let s = network.strings
        func joined(_ values: some Collection<UInt32>) -> String { joinList(values.map { s[$0] }) }
        var designated = [Bool](repeating: false, count: network.entityCount)
        for d in network.designations where d.isActive(on: options.asOf) { designated[Int(d.entity)] = true }

        var text = ""
        func data(_ key: String, _ value: String, indent: String = "      ") {
            guard !value.isEmpty else { return }
            text += indent + "<data key=\"\(key)\">" + xmlEscape(value) + "</data>\n"
        }
        for v in 0 ..< UInt32(network.entityCount) where network.kinds[Int(v)] != .sector {
            text = "    <node id=\"" + xmlEscape(network.id(of: v), attribute: true) + "\">\n"
            data("v_label", network.name(of: v))
            data("v_names", joined(network.names[v]))
            data("v_kind", network.kinds[Int(v)].ftmName)
            data("v_schema", network.schema(of: v))
            data("v_country", joined(network.countries[v]))
            data("v_topics", joined(network.topics[v]))
            data("v_sectors", joinList(network.sectors[v].map { network.name(of: $0) }))
            data("v_aliases", joined(network.aliases[v]))
            data("v_designated", designated[Int(v)] ? "true" : "false")
            if let status = options.status { data("v_status", status[Int(v)].description) }
            text += "    </node>\n"
            try emit(text)
        }
        let g = network.graph
        for edge in g.allEdges where network.tieKind(edge.id) != .sectorMembership {
            let e = edge.id
            text = "    <edge"
            if network.hasTieID(e) { text += " id=\"" + xmlEscape(network.tieID(e), attribute: true) + "\"" }
            text += " source=\"" + xmlEscape(network.id(of: edge.source), attribute: true) + "\""
            text += " target=\"" + xmlEscape(network.id(of: edge.target), attribute: true) + "\">\n"
            data("e_kind", network.tieKind(e).ftmName)
            if case .percent(let p) = network.share(e) { data("e_share", Share.format(p)) }
            let validity = network.validity(ofTie: e)
            data("e_start", validity.start?.description ?? "")
            data("e_end", validity.end?.description ?? "")
            data("e_detail", network.tieDetail(e))
            text += "    </edge>\n"
            try emit(text)
        }
        try emit("  </graph>\n</graphml>\n")
    }
}

/// Values joined by ";", with ";" and "\\" inside them escaped by a backslash: the list cell
/// format of the CSV trio and of GraphML (README, "CSV").
func joinList(_ values: [String]) -> String {
    values.map { v in
        guard v.contains(";") || v.contains("\\") else { return v }
        var out = ""
        for c in v {
            if c == ";" || c == "\\" { out.append("\\") }
            out.append(c)
        }
        return out
    }.joined(separator: ";")
}

/// The values of a list `joinList` wrote (trimmed, empty ones left out).
func splitList(_ text: String) -> [String] {
    var values: [String] = [], current = "", escaped = false
    for c in text {
        if escaped { current.append(c); escaped = false }
        else if c == "\\" { escaped = true }
        else if c == ";" { values.append(current); current = "" }
        else { current.append(c) }
    }
    if escaped { current.append("\\") }
    values.append(current)
    return values.map(\.trimmed).filter { !$0.isEmpty }
}

/// `text` escaped for XML 1.0 character data (or, with `attribute`, a double- or
/// single-quoted attribute value): markup characters become entities, and characters
/// XML 1.0 forbids (controls other than tab, line feed and carriage return; U+FFFE,
/// U+FFFF) are left out. Line breaks and tabs in attributes become character references,
/// so that parsers do not normalise them to spaces.
/// - Complexity: O(length of text).
public func xmlEscape(_ text: String, attribute: Bool = false) -> String {
    var needs = false
    for u in text.utf8 where u < 0x20 || u == 0x26 || u == 0x3C || u == 0x3E || u == 0x22 || u == 0x27 || u == 0xEF {
        needs = true
        break
    }
    guard needs else { return text }
    var out = ""
    out.reserveCapacity(text.utf8.count + 16)
    for scalar in text.unicodeScalars {
        switch scalar.value {
        case 0x26: out += "&amp;"
        case 0x3C: out += "&lt;"
        case 0x3E: out += "&gt;"
        case 0x22: out += "&quot;"
        case 0x27: out += "&apos;"
        case 0x0D: out += "&#13;"
        case 0x09, 0x0A: if attribute { out += scalar.value == 0x09 ? "&#9;" : "&#10;" } else { out.unicodeScalars.append(scalar) }
        case 0 ..< 0x20, 0xFFFE, 0xFFFF: continue
        default: out.unicodeScalars.append(scalar)
        }
    }
    return out
}

// MARK: Reading

/// Reads GraphML into a `SanctionsNetwork`: what `GraphMLWriter` writes, and the plainer
/// GraphML other tools write (attributes are matched by `attr.name`; a node without `kind`
/// or `schema` is an entity of kind Other, named by its `label`; an edge without `kind` is
/// an ownership tie if it has a `share`, else an unknown link). Nested graphs are
/// flattened. Designations are not in GraphML, so the network has none: entities marked
/// `designated` are counted in a warning of the report.
public enum GraphMLReader {
    /// Reads the GraphML file at `path` as it streams: one block of the file (4 MiB, more
    /// while one element is longer) is held at a time, so memory grows with the graph, not
    /// with the file.
    /// - Complexity: as `read(_:file:options:)`.
    public static func load(path: String, options: ReadOptions = ReadOptions()) throws(InputError) -> (SanctionsNetwork, ReadReport) {
        let reader = try LineReader(path: path, maxLine: .max, blockSize: options.blockSize)
        return try read(XMLScanner(reader: reader, file: path, maxToken: options.maxRecordBytes), file: path, options: options)
    }

    /// Reads a GraphML document held in memory; `file` names it in errors.
    /// - Complexity: O(bytes) expected, plus `NetworkBuilder.finish`.
    public static func read(_ bytes: [UInt8], file: String, options: ReadOptions = ReadOptions()) throws(InputError) -> (SanctionsNetwork, ReadReport) {
        try read(XMLScanner(bytes: bytes, file: file, maxToken: options.maxRecordBytes), file: file, options: options)
    }

    static func read(_ scanner: consuming XMLScanner, file: String, options: ReadOptions) throws(InputError) -> (SanctionsNetwork, ReadReport) {
        var builder = NetworkBuilder()
        var report = ReadReport()
        report.files.append(file)
        builder.beginSource(file)
        var ingest = GraphMLIngest(file: file, options: options)
        try ingest.run(&scanner, builder: &builder, report: &report)
        guard scanner.sawContent else { throw InputError(file: file, line: nil, .emptyFile) }
        guard ingest.sawGraphML else {
            throw InputError(file: file, line: nil, .conflict("not a GraphML document: no <graphml> element"))
        }
        if ingest.markedDesignated > 0 {
            let n = ingest.markedDesignated
            report.warnings.append("\(file): \(n) entit\(n == 1 ? "y is" : "ies are") marked designated, but GraphML does not carry designations (jurisdiction, dates, source): read as not designated; the FtM and CSV exports carry them")
        }
        return try FtMReader.finish(&builder, report: report, options: options)
    }
}

/// The element-by-element work of `GraphMLReader`.
struct GraphMLIngest {
    struct Key { var domain: String; var name: String; var type: String; var defaultValue: String? }
    /// A node or edge being read: its XML attributes and its data by attr.name.
    struct Item {
        var isNode: Bool
        var attributes: [String: String]
        var data: [String: String] = [:]
        var line: Int
        /// The bytes of its data so far: a node or edge, like a record, is at most
        /// `--max-record-mb` long (its text may come in many pieces: CDATA, comments between).
        var dataBytes = 0
    }

    let file: String
    let lenient: Bool
    /// For the size limits, checked after each element.
    let options: ReadOptions
    var keys: [String: Key] = [:]
    var sawGraphML = false
    /// Nodes whose `designated` is true: designations the file cannot carry.
    var markedDesignated = 0

    init(file: String, options: ReadOptions) {
        self.file = file
        self.lenient = options.lenient
        self.options = options
    }

    mutating func run(_ scanner: inout XMLScanner, builder: inout NetworkBuilder, report: inout ReadReport) throws(InputError) {
        var items: [Item] = []                 // nodes and edges open (nodes nest in yEd's group nodes)
        var openKey: (id: String, key: Key)? = nil
        var inDefault = false
        var dataKey: String? = nil             // the key of the <data> being read
        var text = "", textBytes = 0
        var dataDepth = 0                      // elements nested inside <data> (yEd's graphics), skipped
        var stack: [String] = []
        var nextProgress = ReadProgress.step
        while let event = try scanner.next() {
            if let progress = options.progress {
                let (done, total) = scanner.progress
                if done >= nextProgress {
                    nextProgress = done + ReadProgress.step
                    progress(ReadProgress(file: file, bytes: done, totalBytes: total, records: report.records, finished: false))
                }
            }
            switch event {
            case .start(let name, let attributes, let selfClosing, let line):
                if stack.isEmpty {
                    guard name == "graphml" else {
                        throw InputError(file: file, line: line, .conflict("not a GraphML document: the root element is <\(name)>, not <graphml>"))
                    }
                    sawGraphML = true
                }
                if !selfClosing { stack.append(name) }
                if dataKey != nil { if !selfClosing { dataDepth += 1 }; continue }
                switch name {
                case "key":
                    guard let id = attributes["id"] else { throw InputError(file: file, line: line, .missingField("key id")) }
                    let key = Key(domain: attributes["for"] ?? "all", name: attributes["attr.name"] ?? id,
                                  type: attributes["attr.type"] ?? "string", defaultValue: nil)
                    keys[id] = key
                    if !selfClosing { openKey = (id, key) }
                case "default":
                    if openKey != nil { inDefault = true; text = ""; textBytes = 0 }
                case "node", "edge":
                    let item = Item(isNode: name == "node", attributes: attributes, line: line)
                    if selfClosing { try finish(item, builder: &builder, report: &report) } else { items.append(item) }
                case "data":
                    guard let key = attributes["key"] else { throw InputError(file: file, line: line, .missingField("data key")) }
                    if !selfClosing { dataKey = key; text = ""; textBytes = 0; dataDepth = 0 }
                default:
                    break
                }
            case .text(let value):
                if dataKey != nil && dataDepth == 0 || inDefault {
                    text += value
                    textBytes += value.utf8.count
                    if (items.last?.dataBytes ?? 0) + textBytes > options.maxRecordBytes {
                        throw InputError(file: file, line: items.last?.line ?? scanner.lineNumber, .recordTooLong(limitBytes: options.maxRecordBytes))
                    }
                }
            case .end(let name, let line):
                guard let open = stack.last, open == name else {
                    throw InputError(file: file, line: line, .conflict("malformed XML: </\(name)> closes \(stack.last.map { "<\($0)>" } ?? "nothing")"))
                }
                stack.removeLast()
                if let key = dataKey {
                    if dataDepth > 0 { dataDepth -= 1; continue }
                    if name == "data" {
                        if !items.isEmpty {
                            let attrName = keys[key]?.name ?? key
                            items[items.count - 1].data[attrName] = text
                            items[items.count - 1].dataBytes += textBytes
                        }
                        dataKey = nil
                    }
                    continue
                }
                switch name {
                case "default":
                    if inDefault, let open = openKey {
                        var k = open.key
                        k.defaultValue = text
                        keys[open.id] = k
                        openKey = (open.id, k)
                    }
                    inDefault = false
                case "key":
                    openKey = nil
                case "node", "edge":
                    if let item = items.popLast() { try finish(item, builder: &builder, report: &report) }
                default:
                    break
                }
            }
        }
        if let open = stack.last {
            throw InputError(file: file, line: nil, .conflict("malformed XML: the document ends inside <\(open)>"))
        }
        // The document is read to its end (what follows the root element is blank space).
        let (done, total) = scanner.progress
        options.progress?(ReadProgress(file: file, bytes: max(done, total), totalBytes: total, records: report.records, finished: true))
    }

    /// The value of attribute `name` for an item, its key's default if the item has none.
    func value(_ item: Item, _ name: String) -> String? {
        if let v = item.data[name] { return v }
        let domain = item.isNode ? "node" : "edge"
        return keys.values.first { $0.name == name && ($0.domain == domain || $0.domain == "all") && $0.defaultValue != nil }?.defaultValue
    }

    func list(_ item: Item, _ name: String) -> [String] {
        guard let text = value(item, name) else { return [] }
        return splitList(text)
    }

    func hasKey(_ name: String, domain: String) -> Bool {
        keys.values.contains { $0.name == name && ($0.domain == domain || $0.domain == "all") }
    }

    mutating func finish(_ item: Item, builder: inout NetworkBuilder, report: inout ReadReport) throws(InputError) {
        report.records += 1
        do throws(InputError) {
            if item.isNode { try node(item, builder: &builder) } else { try edge(item, builder: &builder) }
            if item.isNode && value(item, "designated")?.trimmed.lowercased() == "true" { markedDesignated += 1 }
        } catch {
            if !lenient { throw error }
            report.skip(error)
        }
        try options.checkLimits(builder, file: file, line: item.line)
    }

    func node(_ item: Item, builder: inout NetworkBuilder) throws(InputError) {
        guard let id = item.attributes["id"], !id.isEmpty else { throw InputError(file: file, line: item.line, .missingField("node id")) }
        var schema = "Thing", kind = EntityKind.other
        if let s = value(item, "schema"), let k = FtMSchema.entityKind(of: s) {
            (schema, kind) = (s, k)
        } else if let text = value(item, "kind"), !text.isEmpty {
            guard let k = EntityKind(name: text) ?? FtMSchema.entityKind(of: text) else {
                throw InputError(file: file, line: item.line, .badValue(property: "kind", detail: "'\(text)' is not an entity kind"))
            }
            if k != .sector && k != .other { (schema, kind) = (k.ftmName, k) }
        }
        let v = builder.node(id)
        if let conflict = builder.define(v, schema: schema, kind: kind, line: item.line) {
            throw InputError(file: file, line: item.line, .conflict(conflict.message))
        }
        // Our own files name every name in `names` (the label is for display); other tools' in `label`.
        let names = hasKey("names", domain: "node") ? list(item, "names") : [value(item, "label")?.trimmed ?? ""].filter { !$0.isEmpty }
        for name in names { builder.addName(v, builder.text(name)) }
        for a in list(item, "aliases") { builder.addAlias(v, builder.text(a)) }
        for c in list(item, "country") { builder.addCountry(v, builder.string(c)) }
        for t in list(item, "topics") { builder.addTopic(v, builder.string(t)) }
        for s in list(item, "sectors") { builder.addSector(v, s) }
    }

    func edge(_ item: Item, builder: inout NetworkBuilder) throws(InputError) {
        guard let source = item.attributes["source"], !source.isEmpty else { throw InputError(file: file, line: item.line, .missingField("edge source")) }
        guard let target = item.attributes["target"], !target.isEmpty else { throw InputError(file: file, line: item.line, .missingField("edge target")) }
        var share = Double.nan
        if let text = value(item, "share")?.trimmed, !text.isEmpty {
            guard let p = Double(text) ?? parsePercentage(text), p.isFinite else { throw InputError(file: file, line: item.line, .badPercentage(text)) }
            guard (0 ... 100).contains(p) else { throw InputError(file: file, line: item.line, .percentageOutOfRange(text)) }
            share = p
        }
        let kind: TieKind
        if let text = value(item, "kind"), !text.isEmpty {
            guard let k = TieKind(name: text), k != .sectorMembership else {
                throw InputError(file: file, line: item.line, .badValue(property: "kind", detail: "'\(text)' is not a tie kind"))
            }
            kind = k
        } else {
            kind = share.isNaN ? .unknownLink : .ownership
        }
        func day(_ name: String) throws(InputError) -> Day? {
            guard let text = value(item, name)?.trimmed, !text.isEmpty else { return nil }
            guard let d = Day(text) else { throw InputError(file: file, line: item.line, .badDate(property: name, value: text)) }
            return d
        }
        let validity = Validity(start: try day("start"), end: try day("end"))
        let detailText = value(item, "detail") ?? ""
        let detail = detailText.isEmpty ? 0 : builder.string(detailText)
        var id = item.attributes["id"] ?? ""
        let from = builder.node(source), to = builder.node(target)
        let conflict = id.withUTF8 { idBytes in
            builder.addTie(kind, from: from, to: to, share: share, validity: validity,
                           id: idBytes.isEmpty ? nil : UnsafeRawBufferPointer(idBytes), detail: detail, line: item.line)
        }
        if let conflict { throw InputError(file: file, line: item.line, .conflict(conflict.message)) }
    }
}

/// A small pull parser for well-formed XML 1.0 in UTF-8: elements, attributes, character
/// data with the predefined and numeric entities, CDATA sections; comments, processing
/// instructions and the document type declaration are skipped. Element and attribute names
/// lose their namespace prefix. Enough for GraphML; not a validating parser.
///
/// It reads a file as it streams: `bytes` is a window on the file that holds at least the
/// next whole token (text up to the next `<`, a tag, a comment, a CDATA section, …). Before
/// each token, `ensureToken` finds where the token ends; when the window ends first, the
/// bytes before the token are dropped and the next block is read behind the rest. A token
/// longer than `maxToken` is an error, so a file without a `>` cannot take all memory.
/// Each token is checked to be UTF-8 before it is parsed.
struct XMLScanner: ~Copyable {
    enum Event {
        case start(name: String, attributes: [String: String], selfClosing: Bool, line: Int)
        case end(name: String, line: Int)
        case text(String)
    }

    /// The window: the file's bytes from some point on (all of them for a document in memory).
    var bytes: [UInt8]
    let file: String
    /// The file being read, nil for a document in memory (then `streaming` is false).
    private var reader: LineReader?
    private let streaming: Bool
    /// Whether `bytes` reaches the end of the document.
    private var eof: Bool
    private let maxToken: Int
    var i = 0
    /// The line at `linePosition`, advanced as the scan moves on (positions only grow).
    var lineNumber = 1, linePosition = 0
    /// The line and column (0-based) of `bytes[0]`.
    private var windowLine = 1, windowColumn = 0
    /// Bytes before this offset of the window are known to be UTF-8.
    private var validated = 0
    /// Whether anything but white space has been seen (else the file is empty).
    private(set) var sawContent = false
    /// Whether the byte order marks are still to be looked at.
    private var atStart = true

    /// A document in memory; no token may be longer than `maxToken` bytes.
    init(bytes: [UInt8], file: String, maxToken: Int) {
        self.bytes = bytes
        self.file = file
        reader = nil
        streaming = false
        eof = true
        self.maxToken = maxToken
    }

    /// A document read from `reader` as it streams; no token may be longer than `maxToken` bytes.
    init(reader: consuming LineReader, file: String, maxToken: Int) {
        bytes = []
        self.file = file
        self.reader = .some(reader)
        streaming = true
        eof = false
        self.maxToken = maxToken
    }

    /// Bytes of the file consumed so far and its size, for progress reports ((0, 0) for a
    /// document held in memory).
    var progress: (consumed: Int, total: Int) {
        switch reader {
        case .some(let r): (r.consumed, r.fileSize)
        case .none: (0, 0)
        }
    }

    /// The line of byte offset `at` (counted from where the last call left off).
    mutating func line(_ at: Int) -> Int {
        let at = min(at, bytes.count)
        if at < linePosition { (lineNumber, linePosition) = (windowLine, 0) }
        for j in linePosition ..< at where bytes[j] == 0x0A { lineNumber += 1 }
        linePosition = at
        return lineNumber
    }

    func fail(_ message: String, at: Int) -> InputError {
        let line = bytes[..<min(at, bytes.count)].reduce(windowLine) { $1 == 0x0A ? $0 + 1 : $0 }
        return InputError(file: file, line: line, .conflict("malformed XML: " + message))
    }

    /// Makes the window hold the whole token at `i` (or the rest of the document), and checks
    /// that it is UTF-8.
    /// - Complexity: O(token length) amortised; each byte of the file is copied into the
    ///   window about twice.
    private mutating func ensureToken() throws(InputError) {
        if atStart {
            // The byte order marks, before anything else.
            while bytes.count < 3 && !eof { try readMore() }
            atStart = false
            if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) { throw InputError(file: file, line: nil, .utf16) }
            if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { (i, validated) = (3, 3) }
        }
        var end = tokenEnd(from: i)
        while end == nil && !eof {
            if bytes.count - i > maxToken { throw InputError(file: file, line: line(i), .recordTooLong(limitBytes: maxToken)) }
            try readMore()
            end = tokenEnd(from: i)
        }
        let upTo = end ?? bytes.count
        if upTo - i > maxToken { throw InputError(file: file, line: line(i), .recordTooLong(limitBytes: maxToken)) }
        if upTo > validated {
            let from = max(validated, i)
            if let bad = bytes[from ..< upTo].withUnsafeBufferPointer({ firstInvalidUTF8($0) }).map({ $0 + from }) {
                throw InputError(file: file, line: line(bad), .notUTF8(column: column(of: bad)))
            }
            // XML 1.0 allows no C0 control character but tab and the line ends (a NUL in an id
            // would be dropped on writing, and the id would become another's).
            if let bad = bytes[from ..< upTo].firstIndex(where: { $0 < 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D }) {
                let hex = String(bytes[bad], radix: 16, uppercase: true)
                throw fail("control character U+\(String(repeating: "0", count: 4 - hex.count) + hex) at column \(column(of: bad)): XML does not allow it", at: bad)
            }
            // Nor U+FFFE and U+FFFF (EF BF BE, EF BF BF; a token ends at ASCII, so none is cut).
            var j = from
            while let k = bytes[j ..< upTo].firstIndex(of: 0xEF) {
                if k + 2 < upTo && bytes[k + 1] == 0xBF && (bytes[k + 2] == 0xBE || bytes[k + 2] == 0xBF) {
                    throw fail("character U+FFF\(bytes[k + 2] == 0xBE ? "E" : "F") at column \(column(of: k)): XML does not allow it", at: k)
                }
                j = k + 1
            }
            validated = upTo
        }
    }

    /// The 1-based column of window offset `at`.
    private func column(of at: Int) -> Int {
        if let lineStart = bytes[..<at].lastIndex(of: 0x0A) { return at - lineStart }
        return windowColumn + at + 1
    }

    /// Drops the window's bytes before `i` and reads the next block of the file behind the rest.
    private mutating func readMore() throws(InputError) {
        guard streaming else { eof = true; return }
        // Move the line count and the column to `i`, the window's new start.
        _ = line(i)
        if let lastBreak = bytes[..<i].lastIndex(of: 0x0A) { windowColumn = i - lastBreak - 1 } else { windowColumn += i }
        windowLine = lineNumber
        reader!.consume(i)
        validated = max(0, validated - i)
        (i, linePosition) = (0, 0)
        if try !reader!.readMore() { eof = true }
        switch reader {
        case .some(let r): bytes = Array(r.pending)
        case .none: bytes = []
        }
    }

    /// Where the token at `from` ends (the offset just past it), or nil when the window ends
    /// first. Text ends before the next `<`; markup after its closing delimiter (a tag's `>`
    /// outside quoted values, a comment's `-->`, …), the same boundaries `next` finds.
    private func tokenEnd(from: Int) -> Int? {
        let n = bytes.count
        guard from < n else { return nil }
        if bytes[from] != UInt8(ascii: "<") { return bytes[from...].firstIndex(of: UInt8(ascii: "<")) }
        // Enough bytes to tell a CDATA section ("<![CDATA[") from other markup.
        guard n - from >= 9 else { return nil }
        if starts(with: "<!--", at: from) { return end(of: "-->", from: from + 4) }
        if starts(with: "<![CDATA[", at: from) { return end(of: "]]>", from: from + 9) }
        if starts(with: "<?", at: from) { return end(of: "?>", from: from + 2) }
        if starts(with: "<!", at: from) { return doctypeEnd(from: from + 2) }
        var j = from + 1
        var quote: UInt8? = nil
        while j < n {
            let c = bytes[j]
            j += 1
            if let q = quote {
                if c == q { quote = nil }
            } else if c == UInt8(ascii: "\"") || c == UInt8(ascii: "'") {
                quote = c
            } else if c == UInt8(ascii: ">") {
                return j
            }
        }
        return nil
    }

    func starts(with text: String, at position: Int) -> Bool {
        var j = position
        for u in text.utf8 {
            guard j < bytes.count, bytes[j] == u else { return false }
            j += 1
        }
        return true
    }

    /// The offset just past the next `terminator` from `from`, or nil if the window has none.
    func end(of terminator: String, from: Int) -> Int? {
        let t = Array(terminator.utf8)
        var j = from
        while j + t.count <= bytes.count {
            if bytes[j] == t[0] && bytes[j ..< j + t.count].elementsEqual(t) { return j + t.count }
            j += 1
        }
        return nil
    }

    /// The offset just past the `>` that ends a document type declaration whose body starts at
    /// `from` (brackets of an internal subset nest), or nil if the window has none.
    func doctypeEnd(from: Int) -> Int? {
        var depth = 0, j = from
        while j < bytes.count {
            let c = bytes[j]
            j += 1
            if c == UInt8(ascii: "[") { depth += 1 } else if c == UInt8(ascii: "]") { depth -= 1 } else if c == UInt8(ascii: ">") && depth <= 0 { return j }
        }
        return nil
    }

    /// The offset just past the next `terminator` from `from`, or an error.
    func skip(past terminator: String, from: Int, what: String) throws(InputError) -> Int {
        guard let j = end(of: terminator, from: from) else { throw fail("unterminated \(what)", at: from) }
        return j
    }

    mutating func next() throws(InputError) -> Event? {
        while true {
            try ensureToken()
            guard i < bytes.count else { return nil }
            if bytes[i] != UInt8(ascii: "<") {
                let start = i
                while i < bytes.count && bytes[i] != UInt8(ascii: "<") { i += 1 }
                if !sawContent && bytes[start ..< i].contains(where: { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 }) { sawContent = true }
                let text = try decode(start, i, attribute: false)
                if !text.isEmpty { return .text(text) }
                continue
            }
            let at = i
            sawContent = true
            if starts(with: "<!--", at: i) { i = try skip(past: "-->", from: i + 4, what: "comment"); continue }
            if starts(with: "<?", at: i) { i = try skip(past: "?>", from: i + 2, what: "processing instruction"); continue }
            if starts(with: "<![CDATA[", at: i) {
                let end = try skip(past: "]]>", from: i + 9, what: "CDATA section")
                let text = String(decoding: bytes[(i + 9) ..< (end - 3)], as: UTF8.self)
                i = end
                return .text(text)
            }
            if starts(with: "<!", at: i) {
                // A document type declaration, with an internal subset in brackets.
                i = doctypeEnd(from: i + 2) ?? bytes.count
                continue
            }
            if starts(with: "</", at: i) {
                i += 2
                let name = try readName()
                skipSpace()
                guard i < bytes.count, bytes[i] == UInt8(ascii: ">") else { throw fail("expected '>' after </\(name)", at: i) }
                i += 1
                return .end(name: localName(name), line: line(at))
            }
            i += 1
            let name = try readName()
            var attributes: [String: String] = [:]
            while true {
                skipSpace()
                guard i < bytes.count else { throw fail("unterminated tag <\(name)", at: at) }
                if bytes[i] == UInt8(ascii: ">") { i += 1; return .start(name: localName(name), attributes: attributes, selfClosing: false, line: line(at)) }
                if starts(with: "/>", at: i) { i += 2; return .start(name: localName(name), attributes: attributes, selfClosing: true, line: line(at)) }
                let attr = try readName()
                skipSpace()
                guard i < bytes.count, bytes[i] == UInt8(ascii: "=") else { throw fail("expected '=' after attribute \(attr)", at: i) }
                i += 1
                skipSpace()
                guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") || bytes[i] == UInt8(ascii: "'") else {
                    throw fail("expected a quoted value for attribute \(attr)", at: i)
                }
                let quote = bytes[i]
                let start = i + 1
                i = start
                while i < bytes.count && bytes[i] != quote {
                    if bytes[i] == UInt8(ascii: "<") { throw fail("'<' in the value of attribute \(attr)", at: i) }
                    i += 1
                }
                guard i < bytes.count else { throw fail("unterminated value of attribute \(attr)", at: start) }
                let key = attr.hasPrefix("xmlns") ? attr : localName(attr)
                if attributes[key] != nil { throw fail("attribute \(attr) repeated in <\(name)>", at: start) }
                attributes[key] = try decode(start, i, attribute: true)
                i += 1
            }
        }
    }

    mutating func skipSpace() {
        while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x0A || bytes[i] == 0x0D || bytes[i] == 0x09 { i += 1 }
    }

    mutating func readName() throws(InputError) -> String {
        let start = i
        while i < bytes.count {
            let c = bytes[i]
            if c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 || c == UInt8(ascii: ">") || c == UInt8(ascii: "/")
                || c == UInt8(ascii: "=") || c == UInt8(ascii: "<") || c == UInt8(ascii: "\"") || c == UInt8(ascii: "'") { break }
            i += 1
        }
        guard i > start else { throw fail("expected a name", at: start) }
        return String(decoding: bytes[start ..< i], as: UTF8.self)
    }

    /// Whether XML 1.0 allows `scalar` in a document (its `Char` production).
    static func isAllowed(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09, 0x0A, 0x0D, 0x20 ... 0xD7FF, 0xE000 ... 0xFFFD, 0x10000 ... 0x10FFFF: true
        default: false
        }
    }

    func localName(_ name: String) -> String {
        guard let colon = name.lastIndex(of: ":") else { return name }
        return String(name[name.index(after: colon)...])
    }

    /// Bytes `start ..< end` with entities and character references replaced; line ends
    /// normalised to "\n" (and, in attributes, white space to spaces) as XML says.
    func decode(_ start: Int, _ end: Int, attribute: Bool) throws(InputError) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(end - start)
        var j = start
        while j < end {
            let c = bytes[j]
            if c == UInt8(ascii: "&") {
                guard let semi = bytes[j ..< end].firstIndex(of: UInt8(ascii: ";")), semi - j <= 12 else {
                    throw fail("'&' that starts no entity (write &amp;)", at: j)
                }
                let name = String(decoding: bytes[(j + 1) ..< semi], as: UTF8.self)
                var scalar: Unicode.Scalar?
                switch name {
                case "amp": scalar = "&"
                case "lt": scalar = "<"
                case "gt": scalar = ">"
                case "quot": scalar = "\""
                case "apos": scalar = "'"
                default:
                    if name.hasPrefix("#x") || name.hasPrefix("#X") {
                        scalar = UInt32(name.dropFirst(2), radix: 16).flatMap(Unicode.Scalar.init)
                    } else if name.hasPrefix("#") {
                        scalar = UInt32(name.dropFirst(), radix: 10).flatMap(Unicode.Scalar.init)
                    }
                }
                guard let scalar else { throw fail("unknown entity &\(name);", at: j) }
                guard XMLScanner.isAllowed(scalar) else { throw fail("&\(name); is a character XML does not allow", at: j) }
                out.append(contentsOf: Array(String(Character(scalar)).utf8))
                j = semi + 1
            } else if c == 0x0D {
                out.append(attribute ? 0x20 : 0x0A)
                j += 1
                if j < end && bytes[j] == 0x0A { j += 1 }
            } else if attribute && (c == 0x0A || c == 0x09) {
                out.append(0x20)
                j += 1
            } else {
                out.append(c)
                j += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
