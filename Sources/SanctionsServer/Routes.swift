import Platform
import SanctionsGraph

/// The explorer's routes: pages, the JSON API (the same bytes as the CLI's JSON where the CLI
/// has a form: search, explain, blocked, relief, rank), the diagram, the OpenAPI document and
/// the bundled assets (docs/openapi.json describes the API).
extension Explorer {
    /// The response to a GET of `path` (percent-encoded, as sent) with `query` (the raw query
    /// string, without '?'). API errors are JSON naming the parameter; page errors are pages.
    /// - Complexity: that of the route: a cached rule result, or one evaluation per rule and
    ///   day not cached; relief one more evaluation; diagrams a Graphviz layout.
    public func respond(path: String, query: String?) async -> ExplorerResponse {
        let isAPI = path.hasPrefix("/api/")
        do {
            let q = try Query(query)
            var segments: [String] = []
            for s in path.split(separator: "/", omittingEmptySubsequences: true) {
                guard let d = percentDecoded(s) else { throw RequestError.bad("path", "the path is not valid percent-encoded UTF-8") }
                segments.append(d)
            }
            return try await route(segments, q)
        } catch let e as RequestError {
            return isAPI ? .json(e.json, status: e.status) : .html(errorPage(e), status: e.status)
        } catch {
            let e = RequestError(status: 500, parameter: nil, message: "\(error)")
            return isAPI ? .json(e.json, status: 500) : .html(errorPage(e), status: 500)
        }
    }

    private func route(_ s: [String], _ q: Query) async throws -> ExplorerResponse {
        switch s.count {
        case 0: return try await searchPage(q)
        case 1 where s[0] == "relief": return try await reliefPage(q)
        case 1 where s[0] == "rank": return try await rankPage(q)
        case 2 where s[0] == "entity": return try await entityPage(try entity(s[1]), q)
        case 2 where s[0] == "assets": return try Assets.response(s[1])
        case 2 where s[0] == "api":
            switch s[1] {
            case "search": return try await apiSearch(q)
            case "blocked": return try await apiBlocked(q)
            case "relief": return try await apiRelief(q)
            case "rank": return try await apiRank(q)
            case "openapi.json":
                try q.check([])
                return ExplorerResponse(status: 200, contentType: "application/json; charset=utf-8", body: Assets.openAPI)
            default: break
            }
        case 3 where s[0] == "api" && s[1] == "entity": return try await apiEntity(try entity(s[2]), q)
        case 3 where s[0] == "api" && s[1] == "diagram" && s[2].hasSuffix(".svg"):
            return try await apiDiagram(try entity(String(s[2].dropLast(4))), q)
        default: break
        }
        throw RequestError.notFound(nil, "no page or API route has this path")
    }

    // MARK: Parameters

    func entity(_ id: String) throws(RequestError) -> UInt32 {
        guard let v = network.node(id: id) else { throw .notFound("id", "no entity has the id '\(id)'") }
        return v
    }

    func day(_ q: Query) throws(RequestError) -> Day {
        guard let text = q.value("asOf") else { return defaultDay }
        guard let d = Day(text) else { throw .bad("asOf", "'\(text)' is not a date YYYY-MM-DD") }
        return d
    }

    func ruleKind(_ q: Query) throws(RequestError) -> BlockingRule.Kind {
        guard let text = q.value("rule") else { return defaultRule }
        guard let k = BlockingRule.Kind(name: text), k != .custom else { throw .bad("rule", "'\(text)' is not a rule: ofac, eu or uk") }
        return k
    }

    func positive(_ q: Query, _ name: String, default value: Int?, max: Int) throws(RequestError) -> Int? {
        guard let text = q.value(name) else { return value }
        guard let n = Int(text), n >= 0, n <= max else { throw .bad(name, "'\(text)' is not a whole number from 0 to \(max)") }
        return n
    }

    /// The relief edits the query states, in the CLI's order (delist, setShare, removeTie,
    /// addTie, designate), each entity an id, a merged id or an exact name.
    func edits(_ q: Query) throws(RequestError) -> [ReliefEdit] {
        let kinds: [(String, ReliefEditKind)] = [("delist", .delist), ("setShare", .setShare), ("removeTie", .removeTie),
                                                 ("addTie", .addTie), ("designate", .designate)]
        let count = kinds.reduce(0) { $0 + q.values($1.0).count }
        guard count <= Explorer.maxEdits else { throw .bad("delist", "at most \(Explorer.maxEdits) edits a request (\(count) given)") }
        let parser = ReliefEditParser(network, index: index)
        var edits: [ReliefEdit] = []
        for (name, kind) in kinds {
            for text in q.values(name) {
                do { edits.append(try parser.parse(kind, text)) } catch {
                    let message = (error as? ReliefEditError).map { e in
                        // The CLI's words name its option; the API's parameter is named by the error.
                        e.description.hasPrefix(kind.description + " ") ? String(e.description.dropFirst(kind.description.count + 1)) : e.description
                    } ?? "\(error)"
                    throw .bad(name, message)
                }
            }
        }
        return edits
    }

    // MARK: API

    private func apiSearch(_ q: Query) async throws -> ExplorerResponse {
        try q.check(["q", "asOf", "limit"])
        guard let text = q.value("q") else { throw RequestError.bad("q", "give the words to look for") }
        let day = try day(q), limit = try positive(q, "limit", default: 20, max: 1000) ?? 20
        let results = [await result(.ofac, day), await result(.eu, day), await result(.uk, day)]
        let network = self.network, index = self.index
        let json = await compute { searchReport(network, query: text, asOf: day, limit: max(limit, 1), index: index, results: results).json }
        return .json(json)
    }

    private func apiBlocked(_ q: Query) async throws -> ExplorerResponse {
        try q.check(["rule", "asOf"])
        let r = await result(try ruleKind(q), try day(q))
        return .json(await compute { r.json().versioned })
    }

    private func apiRelief(_ q: Query) async throws -> ExplorerResponse {
        try q.check(["rule", "asOf", "delist", "setShare", "removeTie", "addTie", "designate", "hops"])
        let kind = try ruleKind(q), day = try day(q), edits = try edits(q)
        guard !edits.isEmpty else { throw RequestError.bad("delist", "give at least one edit (delist, setShare, removeTie, addTie, designate)") }
        let hops = try positive(q, "hops", default: 1, max: 8) ?? 1
        let before = await result(kind, day)
        let network = self.network
        return .json(await compute {
            blastRadius(network, rule: BlockingRule.preset(kind), asOf: day, edits: edits, hops: hops, before: before).json.versioned
        })
    }

    private func apiRank(_ q: Query) async throws -> ExplorerResponse {
        try q.check(["by", "rule", "asOf", "top"])
        let by = try rankingKind(q)
        let r = await result(try ruleKind(q), try day(q))
        let top = try positive(q, "top", default: nil, max: Int(Int32.max))
        return .json(await compute { r.rankingJSON(r.ranking(by: by, top: top), by: by) })
    }

    func rankingKind(_ q: Query) throws(RequestError) -> RankingKind {
        guard let text = q.value("by") else { return .relief }
        guard let k = RankingKind(rawValue: text) else { throw .bad("by", "'\(text)' is not relief or designation") }
        return k
    }

    private func apiEntity(_ v: UInt32, _ q: Query) async throws -> ExplorerResponse {
        try q.check(["asOf"])
        let day = try day(q)
        let results = [await result(.ofac, day), await result(.eu, day), await result(.uk, day)]
        let network = self.network
        return .json(await compute { Explorer.entityJSON(network, v, day: day, results: results) })
    }

    /// An entity as the API gives it: who it is, its listings, its status under each rule with
    /// the explanation (each as `explain --format json` gives it), its owners and holdings.
    /// - Complexity: `explanationReport` per rule, and O(ties of the entity).
    static func entityJSON(_ network: SanctionsNetwork, _ v: UInt32, day: Day, results: [BlockingResult]) -> JSONValue {
        func texts(_ column: MultiValueColumn) -> JSONValue { .array(column[v].map { .string(network.strings[$0]) }) }
        func tie(_ t: Tie, other: UInt32) -> JSONValue {
            let interval = network.shareInterval(t.edge), validity = network.validity(ofTie: t.edge)
            return .object(["id": .string(network.id(of: other)), "name": .string(network.name(of: other)), "kind": .string(t.kind.ftmName),
                            "share": .string(interval.isUnknown ? "unknown" : interval.description),
                            "start": validity.start.map { .string($0.description) } ?? .null,
                            "end": validity.end.map { .string($0.description) } ?? .null])
        }
        var rules: [String: JSONValue] = [:]
        for r in results { rules[r.rule.name] = r.explanationReport(v) }
        return JSONValue.object([
            "id": .string(network.id(of: v)), "name": .string(network.name(of: v)), "schema": .string(network.schema(of: v)),
            "names": texts(network.names), "aliases": texts(network.aliases), "countries": texts(network.countries),
            "topics": texts(network.topics), "sectors": .array(network.sectors[v].map { .string(network.name(of: $0)) }),
            "asOf": .string(day.description),
            "designations": .array(network.designations(of: v).map { .object($0.json) }),
            "rules": .object(rules),
            "owners": .array(network.ties(into: v, activeOn: day).filter { $0.kind != .sectorMembership }.map { tie($0, other: $0.source) }),
            "holdings": .array(network.ties(from: v, activeOn: day).filter { $0.kind != .sectorMembership }.map { tie($0, other: $0.target) }),
        ]).versioned
    }

    private func apiDiagram(_ v: UInt32, _ q: Query) async throws -> ExplorerResponse {
        try q.check(["rule", "asOf", "depth"])
        let svg = try await egoDiagram(v, rule: try ruleKind(q), day: try day(q), depth: try positive(q, "depth", default: 1, max: 3) ?? 1)
        return ExplorerResponse(status: 200, contentType: "image/svg+xml", body: Array(svg.utf8))
    }

    /// The entity's neighbourhood as SVG, its nodes linking to their entity pages.
    func egoDiagram(_ v: UInt32, rule: BlockingRule.Kind, day: Day, depth: Int) async throws -> String {
        let result = await result(rule, day)
        let network = self.network
        let outcome: Result<String, DiagramError> = await render {
            do {
                let options = DiagramOptions(rule: BlockingRule.preset(rule), asOf: day, maxEntities: 120, entityLink: "/entity/{id}")
                let diagram = try NetworkDiagram(network, view: .ego(center: v, depth: depth), options: options, evaluation: result)
                return .success(try diagram.render(.svg).svgElement)
            } catch let error as DiagramError {
                return .failure(error)
            } catch {
                return .failure(.invalidOption("\(error)"))
            }
        }
        switch outcome {
        case .success(let svg): return svg
        case .failure(let error): throw RequestError(status: 422, parameter: "depth", message: "no diagram: \(error)")
        }
    }
}
