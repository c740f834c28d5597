import Platform
import SanctionsGraph

/// The explorer's pages: server-rendered HTML, every datum escaped (`h`), names in `<bdi>` so
/// that bidi controls in them cannot reorder the page, no inline script or style (the
/// Content-Security-Policy forbids both), the stylesheet and script from /assets.
extension Explorer {
    /// Escaped for HTML text and attribute values alike.
    func h(_ s: String) -> String { xmlEscape(s, attribute: true) }

    /// A link to the entity's page, its name in `<bdi>`; `carry` (a relief scenario being
    /// built: its rule and edits) goes along, so that the page's links add to it.
    func link(_ v: UInt32, carry: [(String, String)] = []) -> String {
        let query = carry.isEmpty ? "" : "?" + queryString(carry)
        return "<a href=\"/entity/\(h(percentEncoded(network.id(of: v))))\(h(query))\"><bdi>\(h(network.name(of: v)))</bdi></a>"
    }

    /// The parameters of a relief scenario in a query, in order: the edits.
    static let editParameters = ["delist", "setShare", "removeTie", "addTie", "designate"]

    /// The query's relief edits as pairs, to carry from page to page.
    func scenarioPairs(_ q: Query) -> [(String, String)] {
        q.pairs.filter { Explorer.editParameters.contains($0.0) && !$0.1.isEmpty }
    }

    /// A query string of `pairs`, each percent-encoded.
    func queryString(_ pairs: [(String, String)]) -> String {
        pairs.map { percentEncoded($0.0) + "=" + percentEncoded($0.1) }.joined(separator: "&")
    }

    /// The page around `body`: the header with the navigation and the as-of form (which keeps
    /// the page's other parameters).
    func page(_ title: String, _ body: String, day: Day, keep: [(String, String)] = []) -> String {
        let hidden = keep.filter { $0.0 != "asOf" }.map { "<input type=\"hidden\" name=\"\(h($0.0))\" value=\"\(h($0.1))\">" }.joined()
        return """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(h(title)) · SanctionsGraph</title>
            <link rel="stylesheet" href="/assets/explorer.css"><script src="/assets/explorer.js" defer></script></head>
            <body><header><a class="home" href="/">SanctionsGraph explorer</a>
            <nav><a href="/">Search</a> <a href="/rank">Rank</a> <a href="/relief">Relief</a> <a href="/api/openapi.json">API</a></nav>
            <form method="get" class="asof" id="asof">\(hidden)<label>as of <input type="date" name="asOf" value="\(day)"></label> <button type="submit">show</button></form>
            <span class="source">\(h(sourceName))</span></header>
            <main>
            \(body)
            </main></body></html>

            """
    }

    func errorPage(_ e: RequestError) -> String {
        page("Error \(e.status)", "<h1>Error \(e.status)</h1><p class=\"error\">\(e.parameter.map { "<code>\(h($0))</code>: " } ?? "")\(h(e.message))</p>",
             day: defaultDay)
    }

    func statusBadge(_ s: BlockStatus) -> String { "<span class=\"status status-\(s)\">\(s)</span>" }

    // MARK: Search

    func searchPage(_ q: Query) async throws -> ExplorerResponse {
        try q.check(["q", "asOf"])
        let day = try day(q)
        var body = """
            <h1>Search</h1>
            <form method="get" action="/" class="search"><input type="search" name="q" value="\(h(q.value("q") ?? ""))" placeholder="a name, alias, id…" autofocus>
            <input type="hidden" name="asOf" value="\(day)"><button type="submit">Search</button></form>
            """
        if let text = q.value("q") {
            let results = [await result(.ofac, day), await result(.eu, day), await result(.uk, day)]
            let network = self.network, index = self.index
            let hits = await compute { searchReport(network, query: text, asOf: day, limit: 50, index: index, results: results).hits }
            body += "<p>\(hits.count) hit\(hits.count == 1 ? "" : "s") for <q>\(h(text))</q>; statuses as of \(day)</p>"
            body += "<table><tr><th>name</th><th>schema</th><th>countries</th><th>matched</th><th>score</th><th>ofac</th><th>eu</th><th>uk</th></tr>"
            for hit in hits {
                let v = hit.node
                body += "<tr><td>\(link(v))</td><td>\(h(network.schema(of: v)))</td><td>\(h(network.countries[v].map { network.strings[$0] }.joined(separator: ", ")))</td>"
                body += "<td><bdi>\(h(hit.matched))</bdi></td><td>\(Share.format((hit.score * 100).rounded() / 100))</td>"
                body += results.map { "<td>\(statusBadge($0.status[Int(v)]))</td>" }.joined() + "</tr>"
            }
            body += "</table>"
        }
        return .html(page("Search", body, day: day, keep: q.pairs))
    }

    // MARK: Entity

    func entityPage(_ v: UInt32, _ q: Query) async throws -> ExplorerResponse {
        try q.check(Set(["asOf", "rule"] + Explorer.editParameters))
        let day = try day(q), scenarioRule = try ruleKind(q)
        // A relief scenario being built (from the relief page): checked, and carried by the links.
        let scenario = scenarioPairs(q)
        _ = try edits(q)
        let carry = scenario.isEmpty ? [] : [("rule", scenarioRule.rawValue)] + scenario
        func reliefURL(_ rule: BlockingRule.Kind, adding edit: (String, String)) -> String {
            "/relief?" + queryString([("rule", rule.rawValue), ("asOf", day.description)] + scenario + [edit])
        }
        let results = [await result(.ofac, day), await result(.eu, day), await result(.uk, day)]
        let network = self.network
        func list(_ column: MultiValueColumn) -> String { column[v].map { "<bdi>\(h(network.strings[$0]))</bdi>" }.joined(separator: ", ") }
        let id = network.id(of: v)
        var body = ""
        if !scenario.isEmpty {
            body += "<p class=\"note\">A relief scenario is being built (\(scenario.count) edit\(scenario.count == 1 ? "" : "s")): the links below add to it. "
                + "<a href=\"\(h("/relief?" + queryString([("rule", scenarioRule.rawValue), ("asOf", day.description)] + scenario)))\">Back to the scenario</a></p>"
        }
        body += "<h1><bdi>\(h(network.name(of: v)))</bdi></h1><p class=\"meta\"><code>\(h(id))</code> · \(h(network.schema(of: v)))"
        if !network.countries[v].isEmpty { body += " · " + list(network.countries) }
        if !network.sectors[v].isEmpty { body += " · sectors: " + network.sectors[v].map { "<bdi>\(h(network.name(of: $0)))</bdi>" }.joined(separator: ", ") }
        body += "</p>"
        if network.aliases[v].count > 0 { body += "<p>also: \(list(network.aliases))</p>" }
        let designations = network.designations(of: v)
        body += "<h2>Listings</h2>"
        if designations.isEmpty { body += "<p>none</p>" } else {
            body += "<table><tr><th>jurisdiction</th><th>source</th><th>authority</th><th>program</th><th>measure</th><th>start</th><th>end</th><th>in force on \(day)</th></tr>"
            for d in designations {
                let standing: String = switch d.standing(on: day) {
                case .inForce: "yes"
                case .notInForce: "no"
                case .dateUnknown: "date unknown"
                }
                body += "<tr><td>\(h(d.jurisdiction.code))</td><td>\(h(d.datasets.joined(separator: ", ")))</td><td>\(h(d.authority))</td><td>\(h(d.program))</td><td>\(h(d.measure.rawValue))</td>"
                body += "<td>\(d.validity.start.map(\.description) ?? "undated")</td><td>\(d.endDate.map(\.description) ?? "")</td><td>\(standing)</td></tr>"
            }
            body += "</table>"
        }
        body += "<h2>Status as of \(day)</h2><div class=\"rules\">"
        for r in results {
            let explanation = await compute { r.explain(v).text(network) }
            let reliefLink = reliefURL(r.rule.kind, adding: ("delist", id))
            body += "<section><h3>\(h(r.rule.name)) \(statusBadge(r.status[Int(v)]))</h3><p class=\"rule\">\(h(r.rule.description))</p>"
            body += "<pre>\(h(explanation))</pre>"
            if r.status[Int(v)] == .designated { body += "<p><a href=\"\(h(reliefLink))\">\(scenario.isEmpty ? "What would delisting it free" : "Add its delisting to the scenario") under \(h(r.rule.name))?</a></p>" }
            body += "</section>"
        }
        body += "</div>"
        func ties(_ list: [Tie], owners: Bool) -> String {
            guard !list.isEmpty else { return "<p>none</p>" }
            var out = "<table><tr><th>\(owners ? "owner" : "holding")</th><th>kind</th><th>share</th><th>from</th><th>until</th><th>try</th></tr>"
            for t in list {
                let other = owners ? t.source : t.target, validity = network.validity(ofTie: t.edge)
                let pair = owners ? "\(network.id(of: t.source)):\(id)" : "\(id):\(network.id(of: t.target))"
                let remove = reliefURL(scenario.isEmpty ? defaultRule : scenarioRule, adding: ("removeTie", pair))
                out += "<tr><td>\(link(other, carry: carry))</td><td>\(h(t.kind.ftmName))</td><td>\(h(network.shareInterval(t.edge).description))</td>"
                out += "<td>\(validity.start.map(\.description) ?? "")</td><td>\(validity.end.map(\.description) ?? "")</td>"
                out += "<td>\(t.kind == .ownership ? "<a href=\"\(h(remove))\">without this stake</a>" : "")</td></tr>"
            }
            return out + "</table>"
        }
        body += "<h2>Owners and controllers</h2>" + ties(network.ties(into: v, activeOn: day).filter { $0.kind != .sectorMembership }, owners: true)
        body += "<h2>Holdings</h2>" + ties(network.ties(from: v, activeOn: day).filter { $0.kind != .sectorMembership }, owners: false)
        body += "<h2>Neighbourhood</h2>"
        do {
            body += "<div class=\"diagram\">\(try await egoDiagram(v, rule: defaultRule, day: day, depth: 1))</div>"
        } catch let e as RequestError {
            body += "<p class=\"note\">\(h(e.message))</p>"
        }
        return .html(page(network.name(of: v), body, day: day, keep: q.pairs))
    }

    // MARK: Relief

    func reliefPage(_ q: Query) async throws -> ExplorerResponse {
        try q.check(["rule", "asOf", "delist", "setShare", "removeTie", "addTie", "designate"])
        let kind = try ruleKind(q), day = try day(q), edits = try edits(q)
        let editPairs = scenarioPairs(q)
        var body = "<h1>Relief</h1><p>Rules: " + [BlockingRule.Kind.ofac, .eu, .uk].map { k in
            let url = "/relief?" + queryString([("rule", k.rawValue), ("asOf", day.description)] + editPairs)
            return k == kind ? "<strong>\(k.rawValue)</strong>" : "<a href=\"\(h(url))\">\(k.rawValue)</a>"
        }.joined(separator: " · ") + "</p>"
        body += "<h2>Scenario</h2><ul class=\"edits\">"
        for (i, e) in editPairs.enumerated() {
            var rest = editPairs
            rest.remove(at: i)
            let url = "/relief?" + queryString([("rule", kind.rawValue), ("asOf", day.description)] + rest)
            body += "<li>\(h(e.0)) <code>\(h(e.1))</code> <a href=\"\(h(url))\">remove</a></li>"
        }
        body += editPairs.isEmpty ? "<li>no edits yet: add one below, or from an entity page</li></ul>" : "</ul>"
        let carried = editPairs.map { "<input type=\"hidden\" name=\"\(h($0.0))\" value=\"\(h($0.1))\">" }.joined()
        body += """
            <form method="get" action="/relief" class="add">\(carried)<input type="hidden" name="rule" value="\(kind.rawValue)"><input type="hidden" name="asOf" value="\(day)">
            <label>delist <input type="text" name="delist" placeholder="ID, exact name, or ID:JURISDICTION"></label>
            <label>set a share <input type="text" name="setShare" placeholder="OWNER:ASSET=PERCENT"></label>
            <label>remove a tie <input type="text" name="removeTie" placeholder="OWNER:ASSET"></label>
            <label>add a tie <input type="text" name="addTie" placeholder="OWNER:ASSET=PERCENT"></label>
            <label>designate <input type="text" name="designate" placeholder="ID:JURISDICTION"></label>
            <button type="submit">add</button></form>
            """
        guard !edits.isEmpty else { return .html(page("Relief", body, day: day, keep: q.pairs)) }
        let before = await result(kind, day)
        let network = self.network
        let radius = await compute { blastRadius(network, rule: BlockingRule.preset(kind), asOf: day, edits: edits, before: before) }
        let carry = [("rule", kind.rawValue)] + editPairs
        func names(_ vs: [UInt32]) -> String { vs.isEmpty ? "none" : vs.map { link($0, carry: carry) }.joined(separator: ", ") }
        body += "<h2>\(h(radius.before.rule.description)), as of \(day)</h2>"
        body += "<p><strong>freed (\(radius.unblocked.count)):</strong> \(names(radius.unblocked))</p>"
        body += "<p><strong>newly blocked (\(radius.newlyBlocked.count)):</strong> \(names(radius.newlyBlocked))</p>"
        if !radius.nowUndetermined.isEmpty { body += "<p><strong>now undetermined:</strong> \(names(radius.nowUndetermined))</p>" }
        body += "<h3>Still blocked, and why (\(radius.stillBlocked.count))</h3><ul>"
        for (v, why) in radius.stillBlocked { body += "<li>\(link(v, carry: carry)): \(h(why.text(network)))</li>" }
        body += "</ul><h3>Sectors, blocked members before and after</h3><div class=\"chart\">\(sectorChart(network, radius.sectors))</div>"
        let outcome: Result<String, DiagramError> = await render {
            do {
                let options = DiagramOptions(rule: BlockingRule.preset(kind), asOf: day, maxEntities: 120, entityLink: "/entity/{id}")
                return .success(try NetworkDiagram(network, view: .relief(edits: edits), options: options, evaluation: before, relief: radius).render(.svg).svgElement)
            } catch let error as DiagramError { return .failure(error) } catch { return .failure(.invalidOption("\(error)")) }
        }
        switch outcome {
        case .success(let svg): body += "<h3>The relief diagram</h3><div class=\"diagram\">\(svg)</div>"
        case .failure(let error): body += "<p class=\"note\">no relief diagram: \(h(error.description))</p>"
        }
        return .html(page("Relief", body, day: day, keep: q.pairs))
    }

    // MARK: Rank

    func rankPage(_ q: Query) async throws -> ExplorerResponse {
        try q.check(["by", "rule", "asOf", "top"])
        let by = try rankingKind(q), kind = try ruleKind(q), day = try day(q)
        let top = try positive(q, "top", default: 50, max: 10_000) ?? 50
        let r = await result(kind, day)
        let rows = await compute { r.ranking(by: by, top: top) }
        var body = "<h1>\(by == .relief ? "Which delisting frees the most" : "Which designation blocks the most")</h1><p>"
        body += [RankingKind.relief, .designation].map { b in
            b == by ? "<strong>\(b.rawValue)</strong>" : "<a href=\"\(h("/rank?" + queryString([("by", b.rawValue), ("rule", kind.rawValue), ("asOf", day.description)])))\">\(b.rawValue)</a>"
        }.joined(separator: " · ") + " — " + [BlockingRule.Kind.ofac, .eu, .uk].map { k in
            k == kind ? "<strong>\(k.rawValue)</strong>" : "<a href=\"\(h("/rank?" + queryString([("by", by.rawValue), ("rule", k.rawValue), ("asOf", day.description)])))\">\(k.rawValue)</a>"
        }.joined(separator: " · ") + "</p><p class=\"rule\">\(h(r.rule.description))</p>"
        body += "<table><tr><th>#</th><th>entity</th><th>\(by == .relief ? "frees" : "newly blocks")</th><th>freed (first five)</th><th>try</th></tr>"
        let jurisdiction = kind == .eu ? "eu" : kind == .uk ? "gb" : "us"
        for (i, row) in rows.enumerated() {
            let id = network.id(of: row.entity)
            let edit = by == .relief ? ("delist", id) : ("designate", "\(id):\(jurisdiction)")
            let url = "/relief?" + queryString([("rule", kind.rawValue), ("asOf", day.description), edit])
            body += "<tr><td>\(i + 1)</td><td>\(link(row.entity))</td><td>\(row.count)</td><td>\(row.freed.prefix(5).map { link($0) }.joined(separator: ", "))</td>"
            body += "<td><a href=\"\(h(url))\">\(edit.0)</a></td></tr>"
        }
        body += "</table>"
        return .html(page("Rank", body, day: day, keep: q.pairs))
    }
}
