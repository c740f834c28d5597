import GraphvizBinding
import SanctionsModel
import SanctionsRules

/// Which part of a network a diagram shows.
public enum DiagramView: Sendable, Hashable {
    /// Every entity (sector nodes aside) and every tie in force. Refused above
    /// `DiagramOptions.maxEntities`, with a suggestion of a focused view.
    case whole
    /// The entities within `depth` ties of `center` (either direction, ties in force), and
    /// the ties among them. A sector node as the centre starts from its members.
    case ego(center: UInt32, depth: Int)
    /// Why `entity` has its status: the owners that brought it in, back to the designated
    /// roots, with the stakes and running totals; and its other direct owners. Needs a rule.
    case explanation(entity: UInt32)
    /// What a relief (or tightening) scenario changes: the edited entities, everything they
    /// own or control, everyone whose status changes and the blocked owners that keep the
    /// rest blocked; coloured by the change. Needs a rule.
    case relief(edits: [ReliefEdit])
    /// The `count` entities with the highest scores (ties broken by id), sized by score,
    /// with the ties among them. `measure` names the scores in the title.
    case top(scores: [UInt32: Double], count: Int, measure: ScoreMeasure)

    /// What the scores of a top view measure: a centrality measure, or a score of one's own
    /// named in words (a string literal is one: `measure: "integrated control"`).
    public enum ScoreMeasure: Sendable, Hashable, CustomStringConvertible, ExpressibleByStringLiteral {
        /// A centrality measure's scores, named by its description ("PageRank").
        case centrality(CentralityMeasure)
        /// Scores of one's own, named in words.
        case named(String)

        /// A score of one's own, named by the literal.
        public init(stringLiteral name: String) { self = .named(name) }

        /// The name in the title: the measure's description ("PageRank"), or the name given.
        public var description: String {
            switch self {
            case .centrality(let m): m.description
            case .named(let name): name
            }
        }
    }
}

/// How entities are grouped into boxes.
public enum ClusterMode: String, Sendable, CaseIterable, Hashable {
    /// No boxes.
    case none
    /// By the entity's first sector.
    case sector
    /// By the entity's first country (jurisdiction of incorporation, or nationality).
    case jurisdiction
}

/// How to draw a diagram.
public struct DiagramOptions: Sendable {
    /// The rule that decides each entity's status; nil colours designations only (any
    /// authority's, in force on `asOf`).
    public var rule: BlockingRule?
    /// The day designations and ties are taken to be in force; ties not in force are not drawn.
    public var asOf: Day
    /// How entities are grouped into boxes (drawn by dot and fdp only).
    public var cluster: ClusterMode
    /// Super nodes: at most this many ties are drawn per entity; the rest are summarised
    /// as one "+N more" node. 0 draws every tie.
    public var maxTiesPerEntity: Int
    /// The largest diagram drawn (entities, after summarising); larger views are refused.
    public var maxEntities: Int
    /// The layout engine; nil chooses by size (see `NetworkDiagram.defaultEngine`).
    public var engine: LayoutEngine?
    /// The share blocked owners must hold for a significant-minority caution, in percent.
    public var minority: Double
    /// Whether to draw the legend (the statuses, shapes and lines present) under the title;
    /// without it the title and subtitle are plain text.
    public var showLegend: Bool
    /// Replaces the generated title.
    public var title: String?
    /// Makes each entity a link in SVG: the URL with `{id}` replaced by the entity's id,
    /// percent-encoded (the explorer's "/entity/{id}"); nil: no links.
    public var entityLink: String?

    /// Options; the defaults: no clusters, at most 12 ties per entity and 250 entities, the
    /// engine chosen by size, a 25% minority, a legend and the generated title.
    public init(rule: BlockingRule? = nil, asOf: Day, cluster: ClusterMode = .none, maxTiesPerEntity: Int = 12,
                maxEntities: Int = 250, engine: LayoutEngine? = nil, minority: Double = 25, showLegend: Bool = true,
                title: String? = nil, entityLink: String? = nil) {
        self.entityLink = entityLink
        self.rule = rule
        self.asOf = asOf
        self.cluster = cluster
        self.maxTiesPerEntity = maxTiesPerEntity
        self.maxEntities = maxEntities
        self.engine = engine
        self.minority = minority
        self.showLegend = showLegend
        self.title = title
    }
}

/// Why a diagram could not be made or written.
public enum DiagramError: Error, Sendable, CustomStringConvertible {
    /// The view holds more entities than the limit.
    case tooLarge(view: String, entities: Int, limit: Int, suggestion: String)
    /// Explanation and relief views need a rule.
    case ruleRequired(view: String)
    /// An entity index outside the network.
    case noSuchEntity(UInt32)
    /// An option out of range (a negative depth, a top view of no entities, a relief view
    /// of no edits); the text says which.
    case invalidOption(String)
    /// Graphviz failed to lay out or render the diagram.
    case graphviz(GraphvizError)
    /// The file name's extension names no format.
    case unknownFormat(path: String)
    /// The file could not be written; `reason` says why.
    case cannotWrite(path: String, reason: String)

    public var description: String {
        switch self {
        case .tooLarge(let view, let n, let limit, let suggestion):
            "\(view) has \(n) entities, more than the \(limit) a readable diagram can hold; \(suggestion)"
        case .ruleRequired(let view): "the \(view) view needs a rule (ofac, eu or uk)"
        case .noSuchEntity(let v): "no entity #\(v) in the network"
        case .invalidOption(let text): text
        case .graphviz(let e): e.description
        case .unknownFormat(let path): "cannot tell the format of '\(path)': use .svg, .png, .pdf, .dot (or .gv) or .json"
        case .cannotWrite(let path, let reason): "cannot write '\(path)': \(reason)"
        }
    }
}

/// A diagram of (part of) a sanctions network, as a DOT graph ready to render.
///
/// Shapes show entity kinds, fill colours the status under the chosen rule (or the change
/// a relief scenario makes), ownership ties carry their share as label and pen width,
/// control ties are dashed, family and associate ties dotted. Tooltips (SVG) give the full
/// name, the designations and the explanation; every entity has a stable SVG id
/// (`e-` + its id, with characters outside `A-Za-z0-9-` spelled `_XX`). The same network,
/// view and options give the same DOT text, byte for byte.
///
/// ```swift
/// let options = DiagramOptions(rule: .ofac, asOf: Day("2026-11-29")!)
/// let diagram = try NetworkDiagram(network, view: .ego(center: v, depth: 2), options: options)
/// let svg = try diagram.render(.svg).bytes
/// try diagram.write(to: "ego.png")
/// ```
public struct NetworkDiagram: Sendable {
    /// The network drawn.
    public let network: SanctionsNetwork
    /// The part of it drawn.
    public let view: DiagramView
    /// The options it was drawn with.
    public let options: DiagramOptions
    /// The DOT graph (edit it before rendering if you like).
    public var graph: DOTGraph
    /// The engine `render` uses unless told otherwise.
    public var engine: LayoutEngine
    /// The entities drawn (network nodes), in drawing order.
    public let entities: [UInt32]
    /// How many ties are drawn.
    public let drawnTies: Int
    /// How many ties were left out, summarised into "+N more" nodes.
    public let summarisedTies: Int
    /// Things the reader of the command should know (e.g. that the engine ignores clusters).
    public let notes: [String]

    /// Builds the diagram of `view`. `evaluation` may pass the rule's result if it is
    /// already computed (it must be for `options.rule` and `options.asOf`, without edits), and
    /// for a relief view `relief` its blast radius (of the view's edits, under that rule and day).
    /// - Complexity: with a rule, `evaluate` (unless `evaluation` is given; a relief view adds
    ///   `blastRadius`) and `cautions(minority:)`; then the view: O(V + E) for the whole
    ///   network, the ties around the entities an ego view reaches, and for an explanation
    ///   view `explain(_:depth:)` at depth 16, which is not linear (see it); O(T log T) to
    ///   summarise T ties; and an `explain` at depth 0 per entity drawn, for its tooltip.
    public init(_ network: SanctionsNetwork, view: DiagramView, options: DiagramOptions,
                evaluation: BlockingResult? = nil, relief: BlastRadius? = nil) throws(DiagramError) {
        self.network = network
        self.view = view
        self.options = options
        let statuses = try StatusBook(network: network, view: view, options: options, evaluation: evaluation, relief: relief)
        let selection = try ViewSelector(network: network, options: options, statuses: statuses).select(view)
        let capped = selection.capped(maxTies: options.maxTiesPerEntity, statuses: statuses)
        if capped.nodes.count > options.maxEntities {
            throw .tooLarge(view: ViewSelector.describe(view, network), entities: capped.nodes.count, limit: options.maxEntities,
                            suggestion: ViewSelector.suggestion(for: view))
        }
        var chosen = NetworkDiagram.defaultEngine(entities: capped.nodes.count, ties: capped.ties.count)
        if let forced = options.engine, forced != chosen.engine {
            // Edge labels as nodes make dot slow on the views it would not have been chosen for.
            chosen = (forced, .xlabel)
        }
        var builder = DOTBuilder(network: network, view: view, options: options, statuses: statuses, engine: chosen.engine,
                                 edgeLabels: chosen.edgeLabels)
        graph = builder.build(selection: capped)
        engine = chosen.engine
        entities = capped.nodes
        drawnTies = capped.ties.count
        summarisedTies = capped.hidden.values.reduce(0) { $0 + $1.values.reduce(0, +) }
        var notes: [String] = []
        if options.cluster != .none && !chosen.engine.drawsClusters {
            notes.append("the \(chosen.engine.rawValue) engine does not draw clusters; use --layout dot or fdp to see them")
        }
        self.notes = notes
    }

    /// Where edge labels go: `label` (placed by the layout: best looking, but in dot each
    /// label becomes a node and costs time) or `xlabel` (placed after the layout).
    public enum EdgeLabelPlacement: String, Sendable { case label, xlabel }

    /// The engine and label placement for a diagram of this size. Measured on this machine
    /// class (2 cores): dot with edge labels stays well under a second up to about a
    /// hundred ties, and with xlabels up to a few hundred sparse ones, but dense views take
    /// dot seconds to a minute, and ownership views of more than about 150 entities have
    /// few ranks, so a layered drawing becomes a strip many metres long. sfdp lays those
    /// out compactly in a fraction of a second.
    public static func defaultEngine(entities: Int, ties: Int) -> (engine: LayoutEngine, edgeLabels: EdgeLabelPlacement) {
        if ties <= 100 && entities <= 100 { return (.dot, .label) }
        if entities <= 150 && ties <= 200 && Double(ties) <= 1.5 * Double(max(entities, 1)) { return (.dot, .xlabel) }
        return (.sfdp, .label)
    }

    /// The DOT text (what `write(to:)` writes for `.dot` and `.gv` files).
    /// - Complexity: O(size of the text).
    public var dot: String { graph.text }

    /// Renders the diagram in process. `dpi` applies to PNG (default 144 there, so text
    /// stays sharp when the image is scaled down in a report).
    /// - Complexity: that of the layout (see `defaultEngine`).
    public func render(_ format: OutputFormat, engine: LayoutEngine? = nil, dpi: Double? = nil) throws(DiagramError) -> Rendering {
        var attributes: [(String, String)] = []
        if format == .png { attributes.append(("dpi", DOTWriter.formatNumber(dpi ?? 144))) } else if let dpi {
            attributes.append(("dpi", DOTWriter.formatNumber(dpi)))
        }
        var text = dot
        let engine = engine ?? self.engine
        if engine != self.engine {
            var g = graph
            DOTBuilder.applyEngineAttributes(&g, engine: engine)
            text = g.text
        }
        do {
            return try Graphviz.render(dot: text, engine: engine, format: format, graphAttributes: attributes)
        } catch {
            throw .graphviz(error)
        }
    }

    /// Writes the diagram to `path`, in the format its extension names (or `format`):
    /// `.svg`, `.png`, `.pdf` and `.json` are rendered in process; `.dot` and `.gv` get the
    /// DOT text (no layout), to edit or render with any engine.
    /// - Complexity: that of `render(_:engine:dpi:)`, or O(size of the text) for DOT.
    @discardableResult
    public func write(to path: String, format: OutputFormat? = nil) throws(DiagramError) -> Rendering {
        guard let format = format ?? OutputFormat(path: path) else { throw .unknownFormat(path: path) }
        let output = format == .dot ? Rendering(bytes: Array(dot.utf8), warnings: []) : try render(format)
        if let reason = FileWriter.write(output.bytes, to: path) { throw .cannotWrite(path: path, reason: reason) }
        return output
    }
}
