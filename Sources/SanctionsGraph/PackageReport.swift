import Platform

/// Reports of relief packages judged side by side (`comparePackages`): text, JSON, Markdown
/// and a self-contained HTML page, shared by the CLI (`package`) and scripts.
extension PackageAction {
    /// The action in words, with names and ids.
    public func text(_ network: SanctionsNetwork) -> String {
        func n(_ v: UInt32) -> String { "\(network.name(of: v)) [\(network.id(of: v))]" }
        switch self {
        case .delist(let v, nil): return "delist \(n(v)) (every jurisdiction that lists it)"
        case .delist(let v, let js?): return "delist \(n(v)) in \(js.map(\.code).joined(separator: ", "))"
        case .divest(let o, let a, let p): return "\(n(o)) divests its stake in \(n(a)) down to \(Share.format(p))%"
        case .removeTie(let o, let a): return "\(n(o)) gives up its stake in \(n(a))"
        case .addTie(let o, let a, let p): return "\(n(o)) acquires \(p.map { Share.format($0) + "%" } ?? "a stake of unknown size") of \(n(a))"
        case .designate(let v, let j): return "designate \(n(v)) in \(j.code)"
        }
    }
}

extension LegalStep {
    /// The step's kind and jurisdiction in words: "us: lift the listing", "eu: licence".
    public var title: String {
        switch kind {
        case .delist: "lift the listing"
        case .licence: "licence for the transaction"
        case .designate: "designation"
        case .none: "nothing to do"
        }
    }

    /// What the step takes, or why it is unknown.
    public var takes: String { path?.takes ?? (kind == .none ? "" : "unknown: the legal table has no path for this") }

    /// The sources: the basis's, then the path's, each once.
    public var citations: [String] {
        var out: [String] = []
        for c in (basis?.citations ?? []) + (path?.citations ?? []) where !out.contains(c) { out.append(c) }
        return out
    }
}

extension PackageComparison {
    /// The rule's short name for a column: ofac, eu, uk.
    private func ruleName(_ r: Int) -> String { rules[r].name }

    private func n(_ v: UInt32) -> String { "\(network.name(of: v)) [\(network.id(of: v))]" }

    private func dateText(_ e: PackageEvaluation) -> String {
        switch e.dateSource {
        case .override: "as of \(e.asOf) (the date given on the command line)"
        case .package: "as of \(e.asOf) (the package's date)"
        case .today: "as of \(e.asOf) (today: the package gives no date)"
        }
    }

    private func listingText(_ s: LegalStep) -> String { s.listing.map(\.recordText) ?? "" }

    /// The packages in words: for each, its date and actions, per rule what it frees, newly
    /// blocks and leaves blocked (with why), sectors and countries before → after, what only
    /// it frees, and the legal path of each action with its sources. Each line is
    /// `String.displaySafe`.
    /// - Complexity: O(size of the lists).
    public var text: String {
        var lines: [String] = []
        if mixedDates { lines.append("note: the packages are judged at different dates (each at its own); compare with care or give --as-of") }
        for (p, e) in evaluations.enumerated() {
            lines.append("package \(p + 1): \(e.package.name)\(e.package.source.isEmpty ? "" : " (\(e.package.source))"), \(dateText(e))")
            lines.append("  actions:")
            for (i, a) in e.package.actions.enumerated() { lines.append("    \(i + 1). " + a.text(network)) }
            for (r, radius) in e.radii.enumerated() {
                lines.append("  \(ruleName(r)): unblocked \(radius.unblocked.count), newly blocked \(radius.newlyBlocked.count), still blocked \(radius.stillBlocked.count)")
                if !radius.unblocked.isEmpty { lines.append("    unblocked: " + radius.unblocked.map(n).joined(separator: ", ")) }
                if !radius.newlyBlocked.isEmpty { lines.append("    newly blocked: " + radius.newlyBlocked.map(n).joined(separator: ", ")) }
                for (v, why) in radius.stillBlocked { lines.append("    still blocked: \(n(v)): \(why.text(network))") }
                if !radius.nowUndetermined.isEmpty { lines.append("    now undetermined: " + radius.nowUndetermined.map(n).joined(separator: ", ")) }
                for s in radius.sectors {
                    lines.append("    sector \(network.name(of: s.sector)): \(s.blockedBefore)/\(s.members) → \(s.blockedAfter)/\(s.members)")
                }
                let countries = e.countries[r].filter { $0.blockedBefore != $0.blockedAfter }
                if !countries.isEmpty {
                    lines.append("    countries: " + countries.map { "\($0.country) \($0.blockedBefore) → \($0.blockedAfter)" }.joined(separator: ", "))
                }
                if evaluations.count > 1 {
                    let only = onlyFreedBy[p][r]
                    lines.append("    only this package frees: " + (only.isEmpty ? "none" : only.map(n).joined(separator: ", ")))
                }
            }
            lines.append("  legal path:")
            for (i, a) in e.package.actions.enumerated() {
                lines.append("    \(i + 1). " + a.text(network))
                for s in e.legal where s.action == i {
                    var head = "       \(s.jurisdictionText): \(s.title)"
                    if let l = s.listing { head += ", " + l.recordText }
                    lines.append(head)
                    if let b = s.basis { lines.append("         basis: " + b.text) }
                    if !s.unknownPrograms.isEmpty { lines.append("         programs the table does not know: " + s.unknownPrograms.joined(separator: ", ")) }
                    if !s.takes.isEmpty { lines.append("         takes: " + s.takes) }
                    for note in s.notes { lines.append("         " + note) }
                    if !s.citations.isEmpty { lines.append("         sources: " + s.citations.joined(separator: " ")) }
                }
            }
        }
        if let d = LegalTable.builtIn.asOf { lines.append("(the legal table states the law as of \(d): docs/legal.md)") }
        return lines.map(\.displaySafe).joined(separator: "\n")
    }

    /// The comparison as JSON: `formatVersion`, `rules`, `mixedDates`, `legalTableAsOf`, and
    /// `packages` in the order given, each with `name`, `source`, `asOf`, `dateSource`,
    /// `actions`, `rules` (per rule name: the blast radius's JSON, with `unblocked`,
    /// `newlyBlocked`, `stillBlocked`, `sectors`, and `countries` and `onlyThisPackageFrees`)
    /// and `legal` (one object per step).
    /// - Complexity: O(size of the lists).
    public var json: JSONValue {
        func entity(_ v: UInt32) -> JSONValue { .object(["id": .string(network.id(of: v)), "name": .string(network.name(of: v))]) }
        func day(_ d: Day?) -> JSONValue { d.map { .string($0.description) } ?? .null }
        let packages: [JSONValue] = evaluations.enumerated().map { p, e in
            var perRule: [String: JSONValue] = [:]
            for (r, radius) in e.radii.enumerated() {
                guard case .object(var o) = radius.json else { continue }
                o["countries"] = .array(e.countries[r].map { c in
                    .object(["country": .string(c.country), "entities": .int(c.entities),
                             "blockedBefore": .int(c.blockedBefore), "blockedAfter": .int(c.blockedAfter)])
                })
                o["onlyThisPackageFrees"] = .array(onlyFreedBy[p][r].map(entity))
                perRule[ruleName(r)] = .object(o)
            }
            let legal: [JSONValue] = e.legal.map { s in
                var o: [String: JSONValue] = [
                    "action": .int(s.action), "actionText": .string(e.package.actions[s.action].text(network)),
                    "jurisdiction": .string(s.jurisdictionText), "step": .string(s.kind.rawValue), "known": .bool(s.isKnown),
                    "basis": s.basis.map { .string($0.text) } ?? .null, "path": s.path.map { .string($0.id) } ?? .null,
                    "takes": .string(s.takes), "citations": .array(s.citations.map { .string($0) }),
                    "earliestEffect": day(s.earliestEffect), "nextRenewal": day(s.nextRenewal),
                    "implementsUN": s.implementsUN.map { .string($0) } ?? .null,
                    "unknownPrograms": .array(s.unknownPrograms.map { .string($0) }), "notes": .array(s.notes.map { .string($0) }),
                ]
                o["listing"] = s.listing.map { .object($0.json) } ?? .null
                return .object(o)
            }
            return .object([
                "name": .string(e.package.name), "source": .string(e.package.source), "asOf": .string(e.asOf.description),
                "dateSource": .string(e.dateSource.rawValue),
                "actions": .array(e.package.actions.map { a in .object(["kind": .string(a.kindName), "text": .string(a.text(network))]) }),
                "rules": .object(perRule), "legal": .array(legal),
            ])
        }
        return JSONValue.object([
            "rules": .array(rules.map { .string($0.name) }), "mixedDates": .bool(mixedDates),
            "legalTableAsOf": day(LegalTable.builtIn.asOf), "packages": .array(packages),
        ]).versioned
    }

    // MARK: Markdown and HTML

    /// The relief diagram of package `p` under rule `r` as SVG (Graphviz, in process), or why
    /// there is none (too many entities for a readable drawing, no edit, a layout failure).
    /// - Complexity: that of `NetworkDiagram` for the relief view, and its layout.
    public func reliefDiagram(package p: Int, rule r: Int, maxEntities: Int = 80) -> Result<String, DiagramError> {
        let e = evaluations[p]
        do {
            let options = DiagramOptions(rule: rules[r], asOf: e.asOf, maxEntities: maxEntities,
                                         title: "\(e.package.name): \(rules[r].name), as of \(e.asOf)")
            let diagram = try NetworkDiagram(network, view: .relief(edits: e.edits), options: options, evaluation: e.radii[r].before,
                                             relief: e.radii[r])
            return .success(try diagram.render(.svg).svgElement)
        } catch {
            return .failure(error)
        }
    }

    /// The sector chart of package `p` under rule `r` (`sectorChart(_:_:)`).
    /// - Complexity: O(sectors).
    public func sectorChart(package p: Int, rule r: Int) -> String { SanctionsGraph.sectorChart(network, evaluations[p].radii[r].sectors) }

    /// A Markdown report: the comparison table, then per package its actions, per rule the
    /// counts, sectors (with the chart), countries and what only it frees, the legal-path
    /// table, and the relief diagrams. Images are referred to by `image(p, r, kind)`, a file
    /// name the caller writes beside the report (`writeReport(to:)` does).
    /// - Complexity: O(size of the lists).
    public func markdown(image: (Int, Int, String) -> String) -> String {
        func cell(_ s: String) -> String { s.displaySafe.split(separator: "|", omittingEmptySubsequences: false).joined(separator: "\\|") }
        var md = "# Relief packages\n\n"
        if mixedDates { md += "> The packages are judged at different dates, each at its own.\n\n" }
        md += "| package | as of | " + rules.map { "\($0.name): freed / newly blocked / still blocked" }.joined(separator: " | ") + " |\n"
        md += "|---|---|" + rules.map { _ in "---|" }.joined() + "\n"
        for e in evaluations {
            md += "| \(cell(e.package.name)) | \(e.asOf) | " + e.radii.map { "\($0.unblocked.count) / \($0.newlyBlocked.count) / \($0.stillBlocked.count)" }.joined(separator: " | ") + " |\n"
        }
        for (p, e) in evaluations.enumerated() {
            md += "\n## \(p + 1). \(cell(e.package.name))\n\n\(cell(dateText(e)))\n\n"
            for (i, a) in e.package.actions.enumerated() { md += "\(i + 1). \(cell(a.text(network)))\n" }
            for (r, radius) in e.radii.enumerated() {
                md += "\n### \(ruleName(r))\n\n"
                md += "- freed: " + (radius.unblocked.isEmpty ? "none" : radius.unblocked.map { cell(n($0)) }.joined(separator: ", ")) + "\n"
                md += "- newly blocked: " + (radius.newlyBlocked.isEmpty ? "none" : radius.newlyBlocked.map { cell(n($0)) }.joined(separator: ", ")) + "\n"
                for (v, why) in radius.stillBlocked { md += "- still blocked: \(cell(n(v))): \(cell(why.text(network)))\n" }
                if evaluations.count > 1 {
                    md += "- only this package frees: " + (onlyFreedBy[p][r].isEmpty ? "none" : onlyFreedBy[p][r].map { cell(n($0)) }.joined(separator: ", ")) + "\n"
                }
                md += "\n| sector | blocked before | blocked after |\n|---|---|---|\n"
                for s in radius.sectors { md += "| \(cell(network.name(of: s.sector))) | \(s.blockedBefore)/\(s.members) | \(s.blockedAfter)/\(s.members) |\n" }
                md += "\n![sectors under \(ruleName(r))](\(image(p, r, "sectors")))\n"
                let countries = e.countries[r]
                if !countries.isEmpty {
                    md += "\n| country | blocked before | blocked after |\n|---|---|---|\n"
                    for c in countries { md += "| \(cell(c.country)) | \(c.blockedBefore)/\(c.entities) | \(c.blockedAfter)/\(c.entities) |\n" }
                }
                md += "\n![relief diagram under \(ruleName(r))](\(image(p, r, "relief")))\n"
            }
            md += "\n### Legal path\n\n| # | action | jurisdiction | step | listing | basis | what it takes | timing and notes | sources |\n|---|---|---|---|---|---|---|---|---|\n"
            for s in e.legal {
                let notes = (s.unknownPrograms.isEmpty ? [] : ["programs the table does not know: " + s.unknownPrograms.joined(separator: ", ")]) + s.notes
                md += "| \(s.action + 1) | \(cell(e.package.actions[s.action].text(network))) | \(s.jurisdictionText) | \(s.title) | \(cell(listingText(s))) | \(cell(s.basis?.text ?? (s.kind == .delist ? "unknown" : ""))) | \(cell(s.takes)) | \(cell(notes.joined(separator: "; "))) | "
                    + s.citations.map { "<\($0)>" }.joined(separator: " ") + " |\n"
            }
        }
        if let d = LegalTable.builtIn.asOf { md += "\nThe legal table states the law as of \(d) (docs/legal.md).\n" }
        return md
    }

    /// A self-contained HTML page (no script, no stylesheet or image from elsewhere: it opens
    /// without a network): the comparison table, and per package the actions, per rule the
    /// outcome, the sector chart, the countries and the relief diagram (inline SVG), and the
    /// legal-path table with its sources as links. Every datum is escaped; names sit in
    /// `<bdi>`, so bidi controls in them cannot reorder the page.
    /// - Complexity: O(size of the lists), plus a Graphviz layout per package and rule.
    public func html() -> String {
        func h(_ s: String) -> String { xmlEscape(s, attribute: true) }
        func name(_ v: UInt32) -> String { "<bdi>\(h(network.name(of: v)))</bdi> <code>\(h(network.id(of: v)))</code>" }
        func list(_ vs: [UInt32]) -> String { vs.isEmpty ? "none" : vs.map(name).joined(separator: ", ") }
        var out = """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Relief packages</title>
            <style>
            body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:2em auto;max-width:1200px;padding:0 1em;color:#222}
            table{border-collapse:collapse;margin:.5em 0 1em}th,td{border:1px solid #ccc;padding:.3em .5em;vertical-align:top;text-align:left;font-size:.9em}
            th{background:#f3f3f3}code{font-size:.85em;color:#555}.diagram svg{max-width:100%;height:auto}.note{background:#fff6d6;padding:.5em}
            .unknown{color:#a00;font-weight:bold}h2{border-top:2px solid #333;padding-top:.5em}
            </style></head><body>
            <h1>Relief packages</h1>

            """
        if mixedDates { out += "<p class=\"note\">The packages are judged at different dates, each at its own.</p>\n" }
        out += "<table><tr><th>package</th><th>as of</th>" + rules.map { "<th>\(h($0.name)): freed / newly blocked / still blocked</th>" }.joined() + "</tr>\n"
        for e in evaluations {
            out += "<tr><td>\(h(e.package.name))</td><td>\(e.asOf)</td>" + e.radii.map { "<td>\($0.unblocked.count) / \($0.newlyBlocked.count) / \($0.stillBlocked.count)</td>" }.joined() + "</tr>\n"
        }
        out += "</table>\n"
        for (p, e) in evaluations.enumerated() {
            out += "<h2>\(p + 1). \(h(e.package.name))</h2>\n<p>\(h(dateText(e)))\(e.package.source.isEmpty ? "" : "; from <code>\(h(e.package.source))</code>")</p>\n<ol>"
            for a in e.package.actions { out += "<li>\(h(a.text(network)))</li>" }
            out += "</ol>\n"
            for (r, radius) in e.radii.enumerated() {
                out += "<h3>\(h(rules[r].description))</h3>\n<ul>"
                out += "<li>freed: \(list(radius.unblocked))</li><li>newly blocked: \(list(radius.newlyBlocked))</li>"
                for (v, why) in radius.stillBlocked { out += "<li>still blocked: \(name(v)): \(h(why.text(network)))</li>" }
                if !radius.nowUndetermined.isEmpty { out += "<li>now undetermined: \(list(radius.nowUndetermined))</li>" }
                if evaluations.count > 1 { out += "<li>only this package frees: \(list(onlyFreedBy[p][r]))</li>" }
                out += "</ul>\n<div class=\"chart\">\(sectorChart(package: p, rule: r))</div>\n"
                let countries = e.countries[r]
                if !countries.isEmpty {
                    out += "<table><tr><th>country</th><th>blocked before</th><th>blocked after</th></tr>"
                    for c in countries { out += "<tr><td>\(h(c.country))</td><td>\(c.blockedBefore)/\(c.entities)</td><td>\(c.blockedAfter)/\(c.entities)</td></tr>" }
                    out += "</table>\n"
                }
                switch reliefDiagram(package: p, rule: r) {
                case .success(let svg): out += "<div class=\"diagram\">\(svg)</div>\n"
                case .failure(let error): out += "<p class=\"note\">no relief diagram: \(h(error.description))</p>\n"
                }
            }
            out += "<h3>Legal path</h3>\n<table><tr><th>#</th><th>action</th><th>jurisdiction</th><th>step</th><th>listing</th><th>basis</th><th>what it takes</th><th>timing and notes</th><th>sources</th></tr>\n"
            for s in e.legal {
                let notes = (s.unknownPrograms.isEmpty ? [] : ["programs the table does not know: " + s.unknownPrograms.joined(separator: ", ")]) + s.notes
                let basis = s.basis.map { h($0.text) } ?? (s.kind == .delist ? "<span class=\"unknown\">unknown</span>" : "")
                let takes = s.path == nil && s.kind != .none ? "<span class=\"unknown\">\(h(s.takes))</span>" : h(s.takes)
                out += "<tr><td>\(s.action + 1)</td><td>\(h(e.package.actions[s.action].text(network)))</td><td>\(h(s.jurisdictionText))</td><td>\(h(s.title))</td>"
                out += "<td>\(h(listingText(s)))</td><td>\(basis)</td><td>\(takes)</td><td>\(notes.map(h).joined(separator: "<br>"))</td>"
                out += "<td>" + s.citations.map { "<a href=\"\(h($0))\">\(h($0))</a>" }.joined(separator: "<br>") + "</td></tr>\n"
            }
            out += "</table>\n"
        }
        if let d = LegalTable.builtIn.asOf { out += "<p>The legal table states the law as of \(d) (docs/legal.md in the SanctionsGraph repository).</p>\n" }
        return out + "</body></html>\n"
    }

    /// Writes the report to `path` in the format its extension names: `.json`, `.md` (with
    /// the sector charts and relief diagrams as SVG files beside it, named
    /// `BASE-P-RULE-sectors.svg` and `BASE-P-RULE-relief.svg`) or `.html` (one file). Each file
    /// is written whole or not at all. Returns the paths written.
    /// - Complexity: that of the format's rendering.
    @discardableResult
    public func writeReport(to path: String) throws -> [String] {
        let lower = path.lowercased()
        func write(_ text: String, _ file: String) throws {
            let out = try OutputFile(path: file)
            try out.write(text)
            try out.close()
        }
        if lower.hasSuffix(".json") {
            try write(json.serialized() + "\n", path)
            return [path]
        }
        if lower.hasSuffix(".html") || lower.hasSuffix(".htm") {
            try write(html(), path)
            return [path]
        }
        guard lower.hasSuffix(".md") else { throw PackageReportError.unknownFormat(path) }
        let base = String(path.dropLast(3))
        let stem = base.split(separator: "/").last.map(String.init) ?? base
        var written: [String] = []
        for p in evaluations.indices {
            for r in rules.indices {
                let file = "\(base)-\(p + 1)-\(rules[r].name)"
                try write(sectorChart(package: p, rule: r), file + "-sectors.svg")
                written.append(file + "-sectors.svg")
                let svg: String
                switch reliefDiagram(package: p, rule: r) {
                case .success(let s): svg = s
                case .failure(let error):
                    svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"600\" height=\"30\"><text x=\"4\" y=\"20\" font-size=\"12\">no relief diagram: \(xmlEscape(error.description))</text></svg>"
                }
                try write(svg, file + "-relief.svg")
                written.append(file + "-relief.svg")
            }
        }
        try write(markdown { p, r, kind in "\(stem)-\(p + 1)-\(rules[r].name)-\(kind).svg" }, path)
        return [path] + written
    }
}

/// Why a package report cannot be written.
public enum PackageReportError: Error, Sendable, CustomStringConvertible {
    /// The output's extension names no report format.
    case unknownFormat(String)
    public var description: String {
        switch self {
        case .unknownFormat(let path): "\(path): the report's format comes from its extension: .json, .md or .html"
        }
    }
}

/// Sectors before and after a scenario as horizontal bars: for each, the share of members
/// blocked before and after (SVG, self-contained; names escaped): the package reports and the
/// explorer's relief page.
/// - Complexity: O(sectors).
public func sectorChart(_ network: SanctionsNetwork, _ sectors: [SectorExposure]) -> String {
    let rowHeight = 34, labelWidth = 150, barWidth = 300, top = 22
    let height = top + max(sectors.count, 1) * rowHeight + 8
    var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(labelWidth + barWidth + 70)\" height=\"\(height)\" role=\"img\" aria-label=\"sectors before and after\">"
    svg += "<rect x=\"\(labelWidth)\" y=\"4\" width=\"10\" height=\"10\" fill=\"#c0392b\"/><text x=\"\(labelWidth + 14)\" y=\"13\" font-size=\"11\">blocked before</text>"
    svg += "<rect x=\"\(labelWidth + 110)\" y=\"4\" width=\"10\" height=\"10\" fill=\"#2e86c1\"/><text x=\"\(labelWidth + 124)\" y=\"13\" font-size=\"11\">blocked after</text>"
    if sectors.isEmpty { svg += "<text x=\"4\" y=\"\(top + 16)\" font-size=\"12\">no sector has a blocked member before or after</text>" }
    for (i, s) in sectors.enumerated() {
        let y = top + i * rowHeight
        let before = Int((s.shareBefore * Double(barWidth)).rounded()), after = Int((s.shareAfter * Double(barWidth)).rounded())
        svg += "<text x=\"4\" y=\"\(y + 18)\" font-size=\"12\">\(xmlEscape(network.name(of: s.sector)))</text>"
        svg += "<rect x=\"\(labelWidth)\" y=\"\(y + 4)\" width=\"\(barWidth)\" height=\"24\" fill=\"#eeeeee\"/>"
        svg += "<rect x=\"\(labelWidth)\" y=\"\(y + 4)\" width=\"\(before)\" height=\"11\" fill=\"#c0392b\"/>"
        svg += "<rect x=\"\(labelWidth)\" y=\"\(y + 17)\" width=\"\(after)\" height=\"11\" fill=\"#2e86c1\"/>"
        svg += "<text x=\"\(labelWidth + barWidth + 6)\" y=\"\(y + 20)\" font-size=\"11\">\(s.blockedBefore)→\(s.blockedAfter) of \(s.members)</text>"
    }
    return svg + "</svg>"
}
