import Platform
import GraphvizBinding
import SanctionsModel
import SanctionsRules

/// Turns a selection into a styled `DOTGraph`: shapes, colours, labels, tooltips, SVG ids,
/// clusters and the legend.
struct DOTBuilder {
    let network: SanctionsNetwork
    let options: DiagramOptions
    let statuses: StatusBook
    let engine: LayoutEngine
    let edgeLabels: NetworkDiagram.EdgeLabelPlacement
    let view: DiagramView

    init(network: SanctionsNetwork, view: DiagramView, options: DiagramOptions, statuses: StatusBook, engine: LayoutEngine,
         edgeLabels: NetworkDiagram.EdgeLabelPlacement) {
        self.network = network
        self.view = view
        self.options = options
        self.statuses = statuses
        self.engine = engine
        self.edgeLabels = engine == .dot ? edgeLabels : .label
    }

    mutating func build(selection s: CappedSelection) -> DOTGraph {
        let font = DiagramStyle.fontName
        var g = DOTGraph(name: "sanctions-network")
        g.attributes = [
            "rankdir": "LR", "fontname": .value(font), "fontsize": "12", "bgcolor": "white", "pad": "0.25",
            "nodesep": "0.3", "ranksep": "0.5", "outputorder": "edgesfirst",
        ]
        g.nodeDefaults = ["fontname": .value(font), "fontsize": "11", "margin": "0.12,0.06", "penwidth": "1.2"]
        g.edgeDefaults = ["fontname": .value(font), "fontsize": "9", "fontcolor": "#333333", "arrowsize": "0.7",
                          "color": .value(DiagramStyle.edgeColor)]
        if edgeLabels == .xlabel { g.attributes["forcelabels"] = "true" }
        let scores: [UInt32: Double]
        if case .top(let map, _, _) = view { scores = map } else { scores = [:] }
        let drawnScores = s.nodes.compactMap { scores[$0] }
        let scoreRange = (drawnScores.min() ?? 0, drawnScores.max() ?? 0)

        // Entity nodes, each in its cluster (if any).
        var clusterOf: [String: [DOTNode]] = [:]
        var topLevel: [DOTNode] = []
        var present = Set<DiagramStatus>(), kinds = Set<EntityKind>()
        // dot with rankdir=LR stacks a rank's nodes bottom-up: write the top entities in
        // ascending order so that the highest score is drawn at the top.
        let nodeOrder = scores.isEmpty ? s.nodes : s.nodes.reversed()
        for v in nodeOrder {
            let status = statuses.status(v)
            present.insert(status)
            kinds.insert(network.kinds[Int(v)])
            let node = entityNode(v, status: status, emphasised: s.emphasised.contains(v),
                                  score: scores[v], scoreRange: scoreRange)
            var nodes = [node]
            if let hidden = s.hidden[v] { nodes.append(summaryNode(for: v, hidden: hidden)) }
            if let key = clusterKey(v) { clusterOf[key, default: []] += nodes } else { topLevel += nodes }
        }
        g.subgraphs = clusterOf.keys.sorted().map { key in
            DOTSubgraph(name: "cluster " + key, attributes: [
                "label": .text(key), "style": "rounded,filled", "fillcolor": .value(DiagramStyle.clusterFill),
                "color": .value(DiagramStyle.clusterBorder), "fontcolor": "#525252", "fontsize": "10", "labeljust": "l",
            ], nodes: clusterOf[key] ?? [])
        }
        g.nodes = topLevel

        // Ties, in node order, then the summary ties.
        let position = Dictionary(s.nodes.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        let ordered = s.ties.sorted {
            let a = (position[$0.source] ?? 0, position[$0.target] ?? 0, Int($0.edge ?? .max))
            let b = (position[$1.source] ?? 0, position[$1.target] ?? 0, Int($1.edge ?? .max))
            return a < b
        }
        var tieKinds = Set<TieKind>()
        var addedCount = 0
        for t in ordered {
            tieKinds.insert(t.kind)
            g.edges.append(edge(t, ordinal: &addedCount))
        }
        for v in s.nodes where s.hidden[v] != nil {
            g.edges.append(DOTEdge(network.id(of: v), summaryID(v), [
                "style": "dashed", "dir": "none", "color": .value(DiagramStyle.summaryColor), "class": "summary",
                "id": .text("m-" + DOTBuilder.slug(network.id(of: v)) + "-tie"),
            ]))
        }

        let title = options.title ?? titleText(view, s)
        let subtitle = subtitleText(view, s)
        g.attributes["tooltip"] = .text(title)
        if options.showLegend {
            g.attributes["label"] = .html(legend(title: title, subtitle: subtitle, statuses: present, kinds: kinds, ties: tieKinds,
                                                 summaries: !s.hidden.isEmpty,
                                                 scenarioTies: s.ties.contains { $0.role != .plain && $0.role != .removed && !$0.isChain },
                                                 view: view))
        } else {
            g.attributes["label"] = .text(title + "\n" + subtitle)
        }
        g.attributes["labelloc"] = "t"
        g.attributes["labeljust"] = "l"
        if options.cluster != .none && engine == .dot { g.attributes["newrank"] = "true" }
        if engine == .twopi, let root = s.emphasised.min() { g.attributes["root"] = .text(network.id(of: root)) }
        DOTBuilder.applyEngineAttributes(&g, engine: engine)
        return g
    }

    /// Settings that depend on the engine: overlap removal and straight or curved lines for
    /// the force-directed ones, a fixed seed so that their layouts repeat.
    static func applyEngineAttributes(_ g: inout DOTGraph, engine: LayoutEngine) {
        for name in ["overlap", "splines", "sep", "start", "layout"] { g.attributes[name] = nil }
        g.edgeDefaults["len"] = nil
        if engine != .dot { for i in g.edges.indices { g.edges[i].attributes["weight"] = nil } }
        switch engine {
        case .dot: break
        case .sfdp, .neato, .fdp:
            g.attributes["overlap"] = "prism"
            g.attributes["splines"] = engine == .sfdp ? "false" : "true"
            g.attributes["sep"] = "+6"
            g.attributes["start"] = "1"
            if engine != .sfdp { g.edgeDefaults["len"] = "1.6" }
        case .circo, .twopi:
            g.attributes["overlap"] = "false"
            g.attributes["splines"] = "true"
        }
        g.attributes["layout"] = .value(engine.rawValue)
    }

    // MARK: Nodes

    private func entityNode(_ v: UInt32, status: DiagramStatus, emphasised: Bool, score: Double?,
                            scoreRange: (min: Double, max: Double)) -> DOTNode {
        let kind = network.kinds[Int(v)]
        let (shape, rounded) = DiagramStyle.shape(kind)
        let (fill, fontColor) = DiagramStyle.colors(status)
        var lines = [DiagramStyle.wrap(network.name(of: v))]
        let (listed, delisted) = listedJurisdictions(v)
        if !listed.isEmpty { lines.append("listed: " + listed.joined(separator: " ")) }
        if !delisted.isEmpty { lines.append("delisted: " + delisted.joined(separator: " ")) }
        if let radius = statuses.radius {
            let b = radius.before.status[Int(v)], a = radius.after.status[Int(v)]
            if b != a { lines.append("\(b) → \(a)") }
        }
        if let score { lines.append("score " + DiagramStyle.formatScore(score)) }
        var a: DOTAttributes = [
            "label": .text(lines.joined(separator: "\n")),
            "shape": .value(shape),
            "style": rounded ? "filled,rounded" : "filled",
            "fillcolor": .value(fill),
            "fontcolor": .value(fontColor),
            "color": status == .clear ? "#636363" : "#252525",
            "id": .text("e-" + DOTBuilder.slug(network.id(of: v))),
            "class": .value("entity status-\(status.rawValue) kind-\(kind.ftmName.lowercased())"),
            "tooltip": .text(tooltip(v, status: status)),
        ]
        if let link = options.entityLink {
            a["URL"] = .text(link.split(separator: "{id}", omittingEmptySubsequences: false)
                .joined(separator: percentEncoded(network.id(of: v))))
            a["target"] = "_top"
        }
        if emphasised {
            a["penwidth"] = "3"
            a["color"] = "#000000"
        }
        if let score {
            // Sized between the lowest and the highest score drawn.
            let span = scoreRange.max - scoreRange.min
            let r = span > 0 ? max(0, min(1, (score - scoreRange.min) / span)) : 1
            a["fontsize"] = .number(10 + 8 * r, digits: 1)
            a["width"] = .number(0.9 + 1.6 * r)
            a["height"] = .number(0.45 + 0.6 * r)
        }
        return DOTNode(network.id(of: v), a)
    }

    /// The jurisdictions (upper-case codes) of the asset freezes in force on the entity,
    /// and of those a relief scenario ends.
    private func listedJurisdictions(_ v: UInt32) -> (listed: [String], delisted: [String]) {
        var listed: [String] = [], delisted: [String] = []
        var ended: [Jurisdiction?] = []
        if case .relief(let edits) = view {
            for case .delist(let w, let j) in edits where w == v { ended.append(j) }
        }
        for d in network.designations(of: v) where d.isActive(on: options.asOf) && d.measure == .assetFreeze {
            let code = d.jurisdiction.code.uppercased()
            let isEnded = ended.contains { $0 == nil || $0 == d.jurisdiction }
            if isEnded { if !delisted.contains(code) { delisted.append(code) } } else if !listed.contains(code) { listed.append(code) }
        }
        for case .addDesignation(let w, let j) in viewEdits where w == v {
            let code = j.code.uppercased() + " (scenario)"
            if !listed.contains(code) { listed.append(code) }
        }
        return (listed, delisted)
    }

    private var viewEdits: [ReliefEdit] {
        if case .relief(let edits) = view { return edits }
        return []
    }

    func summaryID(_ v: UInt32) -> String {
        var id = "+more " + network.id(of: v)
        while network.node(id: id) != nil { id += "'" }
        return id
    }

    private func summaryNode(for v: UInt32, hidden: [TieKind: Int]) -> DOTNode {
        let total = hidden.values.reduce(0, +)
        let parts = hidden.sorted { $0.key < $1.key }.map { "\($0.value) \(DiagramStyle.kindText($0.key))" }
        let tip = "\(total) more tie\(total == 1 ? "" : "s") of \(network.name(of: v)) not drawn (at most "
            + "\(options.maxTiesPerEntity) per entity): \(parts.joined(separator: ", ")). Draw its ego network to see them."
        return DOTNode(summaryID(v), [
            "label": .text("+\(total) more\n" + parts.joined(separator: "\n")),
            "shape": "box", "style": "dashed,rounded", "color": .value(DiagramStyle.summaryColor),
            "fontcolor": .value(DiagramStyle.summaryColor), "fontsize": "9",
            "id": .text("m-" + DOTBuilder.slug(network.id(of: v))), "class": "summary", "tooltip": .text(tip),
        ])
    }

    private func clusterKey(_ v: UInt32) -> String? {
        switch options.cluster {
        case .none: return nil
        case .sector:
            guard let s = network.sectors.first(of: v) else { return nil }
            return "sector: " + network.name(of: s)
        case .jurisdiction:
            guard let c = network.countries.first(of: v) else { return nil }
            return "jurisdiction: " + network.strings[c].uppercased()
        }
    }

    // MARK: Ties

    private func edge(_ t: DrawnTie, ordinal: inout Int) -> DOTEdge {
        let line = DiagramStyle.line(t.kind)
        var a: DOTAttributes = [:]
        var label: String
        switch t.kind {
        case .ownership: label = t.share.labelText
        case .control: label = "control"
        default:
            let detail = t.edge.map { network.tieDetail($0) } ?? ""
            label = detail.isEmpty ? DiagramStyle.kindText(t.kind) : DiagramStyle.wrap(detail, width: 18, maxLines: 2)
        }
        var color = line.color
        var penwidth = t.kind == .ownership ? DiagramStyle.penWidth(forShare: t.share) : 1
        var style = line.style
        switch t.role {
        case .plain: break
        case .chain(let running):
            color = DiagramStyle.chainEdgeColor
            if t.kind == .ownership { label += " (total " + Share.percentText(running) + ")" }
        case .added:
            color = DiagramStyle.addedEdgeColor
            label = "added " + label
        case .removed:
            color = DiagramStyle.removedEdgeColor
            style = "dashed"
            label = "removed " + label
        case .reshared(let p):
            color = DiagramStyle.addedEdgeColor
            label += " → " + ShareInterval.exact(p).labelText
            penwidth = DiagramStyle.penWidth(forShare: .exact(p))
        }
        a[edgeLabels == .xlabel ? "xlabel" : "label"] = .text(label)
        if style != "solid" { a["style"] = .value(style) }
        if color != DiagramStyle.edgeColor { a["color"] = .value(color) }
        if penwidth != 1 { a["penwidth"] = .number(penwidth) }
        if !line.directed { a["dir"] = "none" }
        // Weight 0 lets dot leave family ties crooked; twopi would read it as "not connected".
        if !line.straighten && engine == .dot { a["weight"] = "0" }
        let tieID = t.edge.map { network.tieID($0) } ?? ""
        if let e = t.edge {
            a["id"] = .text("t-" + (tieID.isEmpty ? "n\(e)" : DOTBuilder.slug(tieID)))
        } else {
            ordinal += 1
            a["id"] = .text("t-scenario-\(ordinal)")
        }
        a["class"] = .value("tie kind-\(t.kind.ftmName.lowercased())")
        a["tooltip"] = .text(tieTooltip(t, label: label))
        return DOTEdge(network.id(of: t.source), network.id(of: t.target), a)
    }

    private func tieTooltip(_ t: DrawnTie, label: String) -> String {
        let from = network.name(of: t.source), to = network.name(of: t.target)
        var text: String
        switch t.kind {
        case .ownership: text = "\(from) owns \(t.share.labelText) of \(to)"
        case .control: text = "\(from) controls \(to)"
        default: text = "\(DiagramStyle.kindText(t.kind).capitalizedFirst): \(from) – \(to)"
        }
        if let e = t.edge {
            let detail = network.tieDetail(e)
            if !detail.isEmpty { text += " (\(detail))" }
            let validity = network.validity(ofTie: e)
            if let start = validity.start { text += "\nsince \(start)" }
            if let end = validity.end { text += "\nuntil \(end)" }
            let id = network.tieID(e)
            if !id.isEmpty { text += "\ntie \(id)" }
        }
        switch t.role {
        case .chain: text += "\non the chain that blocks it: " + label
        case .added: text += "\nadded by the scenario"
        case .removed: text += "\nremoved by the scenario"
        case .reshared(let p): text += "\nthe scenario sets it to " + ShareInterval.exact(p).labelText
        case .plain: break
        }
        return text
    }

    // MARK: Tooltips

    private func tooltip(_ v: UInt32, status: DiagramStatus) -> String {
        var lines = ["\(network.name(of: v)) [\(network.id(of: v))]"]
        var about = network.schema(of: v)
        let countries = network.countries[v].map { network.strings[$0].uppercased() }
        if !countries.isEmpty { about += " · " + countries.joined(separator: ", ") }
        let sectors = network.sectors[v].map { network.name(of: $0) }
        if !sectors.isEmpty { about += " · sector: " + sectors.joined(separator: ", ") }
        lines.append(about)
        let names = network.names[v].dropFirst().map { network.strings[$0] } + network.aliases[v].map { network.strings[$0] }
        if !names.isEmpty { lines.append("also: " + names.prefix(5).joined(separator: "; ")) }
        if let result = statuses.result, let rule = options.rule {
            if let radius = statuses.radius {
                let b = radius.before.status[Int(v)], a = radius.after.status[Int(v)]
                lines.append("\(rule.name.uppercased()) as of \(options.asOf): \(b) before the scenario, \(a) after")
            } else {
                lines.append("\(rule.name.uppercased()) as of \(options.asOf): \(result.status[Int(v)])")
            }
            let s = result.status[Int(v)]
            if s != .designated {
                let e = result.explain(v, depth: 0)
                lines.append("why: " + e.verdict.description)
                for c in e.contributions.prefix(8) {
                    let what = c.isControl ? "controls it" : "holds \(c.share.labelText) (total \(Share.percentText(c.runningPercent)))"
                    lines.append("  \(network.name(of: c.owner)) \(what)")
                }
            }
            for c in statuses.cautions[v] ?? [] { lines.append("caution: " + cautionText(c)) }
        } else if status == .designated {
            lines.append("designated (no rule chosen: any authority)")
        }
        let designations = network.designations(of: v)
        if !designations.isEmpty {
            lines.append("designations:")
            for d in designations.prefix(12) {
                var text = "  " + d.jurisdiction.code.uppercased()
                if !d.authority.isEmpty { text += " " + d.authority }
                if !d.program.isEmpty { text += ", " + d.program }
                if let start = d.validity.start { text += ", since \(start)" }
                if d.measure != .assetFreeze { text += " (\(d.measure))" }
                if let end = d.endDate { text += d.isActive(on: options.asOf) ? ", until \(end)" : ", ended \(end)" }
                else if d.standing(on: options.asOf) == .dateUnknown { text += " (undated" + (d.knownSince.map { "; known from \($0))" } ?? ")") }
                else if !d.isActive(on: options.asOf) { text += " (not yet in force)" }
                lines.append(text)
            }
            if designations.count > 12 { lines.append("  and \(designations.count - 12) more") }
        }
        return lines.joined(separator: "\n")
    }

    private func cautionText(_ c: Caution) -> String {
        let by = c.by.prefix(4).map { network.name(of: $0) }.joined(separator: ", ")
        switch c.kind {
        case .significantMinority: return "blocked owners (\(by)) hold \(ShareInterval.exact(c.percent).labelText), a significant minority"
        case .controlledByBlocked: return "controlled by \(by), blocked (control alone does not block under this rule)"
        case .listedAndOwned: return "listed in its own right, and \(by) would block it anyway"
        }
    }

    // MARK: Titles and legend

    private func titleText(_ view: DiagramView, _ s: CappedSelection) -> String {
        switch view {
        case .whole: return "Whole network"
        case .ego(let c, let d):
            if let sector = s.sectorFocus { return "Sector \(network.name(of: sector)): its members and their ties, depth \(d)" }
            return "Ego network of \(network.name(of: c)), depth \(d)"
        case .explanation(let v):
            guard let result = statuses.result else { return network.name(of: v) }
            let e = result.explain(v, depth: 0)
            return "Why \(network.name(of: v)) is \(e.status): \(e.verdict)"
        case .relief(let edits):
            let words = edits.prefix(4).map { editText($0) }.joined(separator: "; ") + (edits.count > 4 ? "; …" : "")
            return "Relief scenario: " + words
        case .top(_, let n, let m): return "Top \(n) entities by \(m)"
        }
    }

    private func editText(_ e: ReliefEdit) -> String {
        func n(_ v: UInt32) -> String { network.name(of: v) }
        switch e {
        case .delist(let v, let j): return "delist \(n(v))" + (j.map { " (\($0.code.uppercased()))" } ?? "")
        case .setShare(let o, let a, let p): return "\(n(o)) holds \(ShareInterval.exact(p).labelText) of \(n(a))"
        case .removeTie(let o, let a): return "remove \(n(o)) → \(n(a))"
        case .addTie(let o, let a, _, let p): return "add \(n(o)) → \(n(a))" + (p.map { " \(ShareInterval.exact($0).labelText)" } ?? "")
        case .addDesignation(let v, let j): return "designate \(n(v)) (\(j.code.uppercased()))"
        case .jointArrangement(let a, let b): return "\(n(a)) and \(n(b)) hold jointly"
        }
    }

    private func subtitleText(_ view: DiagramView, _ s: CappedSelection) -> String {
        var parts: [String] = []
        if let rule = options.rule {
            parts.append(rule.name.uppercased() + " rule as of \(options.asOf)")
        } else {
            parts.append("designations in force on \(options.asOf) (no rule chosen)")
        }
        if let radius = statuses.radius {
            parts.append("\(radius.unblocked.count) freed, \(radius.newlyBlocked.count) newly blocked")
        }
        var size = "\(s.nodes.count) entit\(s.nodes.count == 1 ? "y" : "ies"), \(s.ties.count) tie\(s.ties.count == 1 ? "" : "s")"
        let hidden = s.hidden.values.reduce(0) { $0 + $1.values.reduce(0, +) }
        if hidden > 0 { size += " (\(hidden) more summarised)" }
        parts.append(size)
        return parts.joined(separator: " · ")
    }

    private func legend(title: String, subtitle: String, statuses present: Set<DiagramStatus>, kinds: Set<EntityKind>,
                        ties: Set<TieKind>, summaries: Bool, scenarioTies: Bool, view: DiagramView) -> HTMLLabel {
        let e = HTMLLabel.escape
        var rows: [String] = []
        rows.append("<TR><TD ALIGN=\"LEFT\"><FONT POINT-SIZE=\"14\"><B>\(e(title))</B></FONT></TD></TR>")
        rows.append("<TR><TD ALIGN=\"LEFT\"><FONT POINT-SIZE=\"10\" COLOR=\"#525252\">\(e(subtitle))</FONT></TD></TR>")
        // Colours and lines as glyphs in one text cell per row: Graphviz stretches nested
        // tables to the widest row, which would scatter swatches far from their words.
        var items: [String] = []
        for status in DiagramStatus.allCases where present.contains(status) {
            let (fill, _) = DiagramStyle.colors(status)
            var words = status.legendText
            if status == .designated && options.rule == nil { words = "designated (any authority)" }
            let swatch = status == .clear ? "<FONT COLOR=\"#636363\">\u{25A1}</FONT>" : "<FONT COLOR=\"\(fill)\">\u{25A0}</FONT>"
            items.append("<FONT POINT-SIZE=\"14\">" + swatch + "</FONT> " + e(words))
        }
        if !items.isEmpty { rows.append(row(items)) }
        items = []
        func sample(_ glyphs: String, _ color: String, _ words: String) -> String {
            "<FONT COLOR=\"\(color)\">\(glyphs)</FONT> " + e(words)
        }
        let heavy = "\u{2501}\u{2501}\u{2501}", dashed = "\u{254D}\u{254D}\u{254D}", light = "\u{2500}\u{2500}\u{2500}"
        if ties.contains(.ownership) { items.append(sample(heavy, DiagramStyle.edgeColor, "ownership: % held (thicker = larger)")) }
        if ties.contains(.control) { items.append(sample(dashed, DiagramStyle.edgeColor, "control")) }
        if ties.contains(.family) || ties.contains(.associate) {
            items.append(sample("\u{2508}\u{2508}\u{2508}", DiagramStyle.secondaryEdgeColor, "family or associate"))
        }
        if !ties.subtracting([.ownership, .control, .family, .associate]).isEmpty {
            items.append(sample(light, DiagramStyle.secondaryEdgeColor, "other ties (director, employee, …)"))
        }
        if case .explanation = view { items.append(sample(heavy, DiagramStyle.chainEdgeColor, "the chain that blocks it")) }
        if scenarioTies { items.append(sample(heavy, DiagramStyle.addedEdgeColor, "added or changed by the scenario")) }
        if summaries { items.append(sample("\u{254C}\u{254C}\u{254C}", DiagramStyle.summaryColor, "ties summarised as +N more")) }
        if !items.isEmpty { rows.append(row(items)) }
        // Shapes.
        let shapes = EntityKind.allCases.filter { kinds.contains($0) }.map { DiagramStyle.shapeText($0) }
        if !shapes.isEmpty {
            rows.append("<TR><TD ALIGN=\"LEFT\"><FONT POINT-SIZE=\"9\" COLOR=\"#525252\">\(e(shapes.joined(separator: " · ")))</FONT></TD></TR>")
        }
        return HTMLLabel(markup: "<TABLE BORDER=\"0\" CELLBORDER=\"0\" CELLSPACING=\"0\" CELLPADDING=\"2\">" + rows.joined() + "</TABLE>")
    }

    private func row(_ items: [String]) -> String {
        "<TR><TD ALIGN=\"LEFT\"><FONT POINT-SIZE=\"9\">" + items.joined(separator: "      ") + "</FONT></TD></TR>"
    }

    /// An id made of `A-Za-z0-9-` only: other characters (UTF-8 bytes) as `_XX`. Distinct
    /// ids stay distinct.
    /// - Complexity: O(length).
    static func slug(_ id: String) -> String {
        var out = ""
        for b in id.utf8 {
            let c = Character(Unicode.Scalar(b))
            if (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x2D {
                out.append(c)
            } else {
                out += "_" + DOTWriter.hex(UInt32(b))
            }
        }
        return out
    }
}

extension ShareInterval {
    /// "30%", "44.95%", "(25, 50]%" for a range, or "?%" for an unknown stake.
    var labelText: String {
        if let p = exactValue { return Share.percentText(p) }
        if isUnknown { return "?%" }
        return (lowOpen ? "(" : "[") + Share.roundedText(low) + ", " + Share.roundedText(high) + (highOpen ? ")" : "]") + "%"
    }
}

extension String {
    var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}
