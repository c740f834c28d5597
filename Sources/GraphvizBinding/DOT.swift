/// A Graphviz graph description: the DOT language as values, independent of Graphviz.
///
/// Nothing here calls Graphviz: build a `DOTGraph`, then `DOTWriter.write(_:)` (or `.text`)
/// gives DOT text that parses for any ids, names and labels, and the same text for the
/// same graph (attributes keep the order they were set in; nothing is hashed or sorted
/// behind your back).
public struct DOTGraph: Sendable, Hashable {
    /// The graph's id (written quoted).
    public var name: String
    /// A `digraph` (edges `->`) when true, a `graph` (edges `--`) when false.
    public var isDirected: Bool
    /// Written `strict`: Graphviz keeps at most one edge between two nodes (per direction).
    public var isStrict: Bool
    /// Attributes of the graph itself (`rankdir`, `label`, …).
    public var attributes: DOTAttributes
    /// Defaults for every node (`node [...]`).
    public var nodeDefaults: DOTAttributes
    /// Defaults for every edge (`edge [...]`).
    public var edgeDefaults: DOTAttributes
    /// Subgraphs (clusters when the name starts with "cluster"), written before the nodes.
    public var subgraphs: [DOTSubgraph]
    /// Top-level nodes, written after the subgraphs.
    public var nodes: [DOTNode]
    /// Edges, written last, in order.
    public var edges: [DOTEdge]

    /// A graph with the given parts (all empty by default).
    public init(name: String = "G", isDirected: Bool = true, isStrict: Bool = false,
                attributes: DOTAttributes = [:], nodeDefaults: DOTAttributes = [:], edgeDefaults: DOTAttributes = [:],
                subgraphs: [DOTSubgraph] = [], nodes: [DOTNode] = [], edges: [DOTEdge] = []) {
        self.name = name
        self.isDirected = isDirected
        self.isStrict = isStrict
        self.attributes = attributes
        self.nodeDefaults = nodeDefaults
        self.edgeDefaults = edgeDefaults
        self.subgraphs = subgraphs
        self.nodes = nodes
        self.edges = edges
    }

    /// The DOT text.
    /// - Complexity: O(size of the graph's text).
    public var text: String { DOTWriter.write(self) }

    /// Every node, in the subgraphs (depth first) and then at the top level.
    /// - Complexity: O(number of nodes and subgraphs).
    public var allNodes: [DOTNode] {
        var result: [DOTNode] = []
        func visit(_ s: DOTSubgraph) {
            s.subgraphs.forEach(visit)
            result += s.nodes
        }
        subgraphs.forEach(visit)
        return result + nodes
    }
}

/// A subgraph; Graphviz draws it as a box (a cluster) when its name starts with "cluster"
/// and the engine supports clusters (dot, fdp).
public struct DOTSubgraph: Sendable, Hashable {
    /// The subgraph's id; a name starting with "cluster" makes it a cluster.
    public var name: String
    /// Attributes of the subgraph (`label`, `style`, …).
    public var attributes: DOTAttributes
    /// The nodes declared inside it, written after its own subgraphs.
    public var nodes: [DOTNode]
    /// Nested subgraphs.
    public var subgraphs: [DOTSubgraph]

    /// A subgraph with the given parts.
    public init(name: String, attributes: DOTAttributes = [:], nodes: [DOTNode] = [], subgraphs: [DOTSubgraph] = []) {
        self.name = name
        self.attributes = attributes
        self.nodes = nodes
        self.subgraphs = subgraphs
    }
}

/// A node: its id (any text; always written quoted) and attributes.
public struct DOTNode: Sendable, Hashable {
    /// The node's id, any text.
    public var id: String
    /// The node's attributes (`label`, `shape`, …).
    public var attributes: DOTAttributes

    /// A node `id` with `attributes`.
    public init(_ id: String, _ attributes: DOTAttributes = [:]) {
        self.id = id
        self.attributes = attributes
    }
}

/// An edge between two node ids.
public struct DOTEdge: Sendable, Hashable {
    /// The id of the node the edge leaves.
    public var from: String
    /// The id of the node the edge enters.
    public var to: String
    /// The edge's attributes (`label`, `style`, …).
    public var attributes: DOTAttributes

    /// An edge from node `from` to node `to` with `attributes`.
    public init(_ from: String, _ to: String, _ attributes: DOTAttributes = [:]) {
        self.from = from
        self.to = to
        self.attributes = attributes
    }
}

/// An attribute value.
public enum DOTValue: Sendable, Hashable, ExpressibleByStringLiteral {
    /// Text shown to a reader (a label, a tooltip, an id): written so that Graphviz shows
    /// exactly these characters. Backslashes are doubled (so `\N`, `\l` and friends are not
    /// expanded), line breaks become `\n` (centred lines), `&` becomes `&amp;` (so entity
    /// names are not decoded), other control characters are dropped.
    case text(String)
    /// A Graphviz setting: a colour, a shape, a style, a number. Written quoted with `"`
    /// escaped and nothing else interpreted.
    case value(String)
    /// An HTML-like label, written between `<` and `>`.
    case html(HTMLLabel)

    public init(stringLiteral value: String) { self = .value(value) }

    /// A number with at most `digits` decimals and no needless zeros ("2", "1.25").
    /// - Complexity: O(digits).
    public static func number(_ x: Double, digits: Int = 2) -> DOTValue {
        .value(DOTWriter.formatNumber(x, digits: digits))
    }

    /// The text, value or HTML markup inside, unescaped as given.
    public var string: String {
        switch self {
        case .text(let s), .value(let s): s
        case .html(let h): h.markup
        }
    }
}

/// Attributes in the order they were set; setting a name again replaces its value in place.
public struct DOTAttributes: Sendable, Hashable, ExpressibleByDictionaryLiteral, Sequence {
    /// The attributes, in the order they were first set.
    public private(set) var pairs: [(name: String, value: DOTValue)] = []

    /// No attributes.
    public init() {}

    /// Dictionary literals keep their written order.
    /// - Complexity: O(k²) for k attributes.
    public init(dictionaryLiteral elements: (String, DOTValue)...) {
        for (k, v) in elements { self[k] = v }
    }

    /// - Complexity: O(number of attributes).
    public subscript(name: String) -> DOTValue? {
        get { pairs.first { $0.name == name }?.value }
        set {
            if let i = pairs.firstIndex(where: { $0.name == name }) {
                if let newValue { pairs[i].value = newValue } else { pairs.remove(at: i) }
            } else if let newValue {
                pairs.append((name, newValue))
            }
        }
    }

    /// Whether no attribute is set.
    public var isEmpty: Bool { pairs.isEmpty }
    /// The number of attributes set.
    public var count: Int { pairs.count }

    public func makeIterator() -> IndexingIterator<[(name: String, value: DOTValue)]> { pairs.makeIterator() }

    /// These attributes with `other`'s set on top.
    /// - Complexity: O(m · (n + m)) for n attributes here and m in `other`.
    public func merging(_ other: DOTAttributes) -> DOTAttributes {
        var result = self
        for (k, v) in other { result[k] = v }
        return result
    }

    public static func == (a: DOTAttributes, b: DOTAttributes) -> Bool {
        a.pairs.count == b.pairs.count && zip(a.pairs, b.pairs).allSatisfy { $0.name == $1.name && $0.value == $1.value }
    }

    public func hash(into hasher: inout Hasher) {
        for (k, v) in pairs { hasher.combine(k); hasher.combine(v) }
    }
}

/// Markup for an HTML-like label (tables, fonts, line breaks). Build the markup with
/// `HTMLLabel.escape` around every piece of text; the markup itself is trusted.
public struct HTMLLabel: Sendable, Hashable {
    /// The markup, written between `<` and `>` as given.
    public var markup: String

    /// A label of trusted `markup` (escape the text inside it with `escape(_:)`).
    public init(markup: String) { self.markup = markup }

    /// Text made safe inside HTML-like markup: `&`, `<`, `>`, `"`, `'` and `]` as entities,
    /// line breaks as `<BR/>`, other control characters dropped. (`]` because Graphviz 2.42's
    /// HTML-label parser rejects a label that is just `]` or `]]`; found by the dot fuzz target.)
    /// - Complexity: O(length).
    public static func escape(_ text: String) -> String {
        DOTWriter.escapeShown(text, lineBreak: "<BR/>") { u in
            switch u {
            case "&": return "&amp;"
            case "<": return "&lt;"
            case ">": return "&gt;"
            case "\"": return "&quot;"
            case "'": return "&#39;"
            case "]": return "&#93;"
            default: return nil
            }
        }
    }
}
