/// The JSON reports the CLI prints and the explorer's API serves, built in one place so that
/// both give the same bytes (README "The explorer"). Each carries `formatVersion`
/// (`JSONValue.versioned`).

/// A name search with each hit's status under ofac, eu and uk on a day: `search --format json`
/// and `/api/search`.
/// - Complexity: `NameIndex.search`, plus one `evaluate` per rule unless `results` are given.
public func searchReport(_ network: SanctionsNetwork, query: String, asOf day: Day, limit: Int,
                         index: NameIndex? = nil, results: [BlockingResult]? = nil) -> (hits: [NameHit], results: [BlockingResult], json: JSONValue) {
    let hits = (index ?? NameIndex(network)).search(query, limit: limit)
    let results = results ?? [BlockingRule.ofac, .eu, .uk].map { evaluate(network, rule: $0, asOf: day) }
    let json = JSONValue.object([
        "query": .string(query), "asOf": .string(day.description),
        "hits": .array(hits.map { h in
            .object(["id": .string(network.id(of: h.node)), "name": .string(network.name(of: h.node)),
                     "schema": .string(network.schema(of: h.node)), "countries": .array(network.countries[h.node].map { .string(network.strings[$0]) }),
                     "matched": .string(h.matched), "score": .double((h.score * 1000).rounded() / 1000),
                     "status": .object(Dictionary(uniqueKeysWithValues: results.map { ($0.rule.name, JSONValue.string($0.status[Int(h.node)].description)) }))])
        }),
    ]).versioned
    return (hits, results, json)
}

extension BlockingResult {
    /// One entity's explanation under this result's rule: `explain --format json` and each
    /// rule's part of `/api/entity/{id}`: the rule, the date, the explanation (`Explanation.json`),
    /// the entity's cautions and its risk sources.
    /// - Complexity: `explain(_:depth:)`, `cautions(minority:)` and `riskSources(of:)`.
    public func explanationReport(_ v: UInt32, depth: Int = 16, minority: Double = 25) -> JSONValue {
        let cautions = cautions(minority: minority).filter { $0.entity == v }
        return JSONValue.object([
            "rule": .string(rule.name), "asOf": .string(asOf.description),
            "explanation": explain(v, depth: depth).json(network), "cautions": .array(cautions.map { $0.json(network) }),
            "riskSources": .array(riskSources(of: v).map { .string(network.id(of: $0)) }),
        ]).versioned
    }

    /// Designated entities by what delisting each frees (`.relief`), or candidates by what
    /// designating each would block (`.designation`), the first `top` (nil or 0: all), with
    /// the entities each frees: `rank` and `/api/rank`.
    /// - Complexity: that of `rankDelistings()` or `rankDesignations()`.
    public func ranking(by: RankingKind, top: Int?) -> [(entity: UInt32, count: Int, freed: [UInt32])] {
        let rows: [(entity: UInt32, count: Int, freed: [UInt32])] = by == .relief
            ? rankDelistings().map { ($0.entity, $0.unblocked, $0.freed) }
            : rankDesignations().map { ($0.entity, $0.newlyBlocked, []) }
        if let top, top > 0 { return Array(rows.prefix(top)) }
        return rows
    }

    /// `ranking(by:top:)`'s rows as JSON: `rank --format json` and `/api/rank`.
    /// - Complexity: O(rows and the entities they free).
    public func rankingJSON(_ rows: [(entity: UInt32, count: Int, freed: [UInt32])], by: RankingKind) -> JSONValue {
        let label = by == .relief ? "unblocked" : "newlyBlocked"
        return JSONValue.object([
            "rule": .string(rule.name), "asOf": .string(asOf.description), "by": .string(by.rawValue),
            "ranking": .array(rows.map { v, n, freed in
                .object(["id": .string(network.id(of: v)), "name": .string(network.name(of: v)), label: .int(n),
                         "freed": .array(freed.map { .string(network.id(of: $0)) })])
            }),
        ]).versioned
    }
}

/// What a ranking is by: what delisting frees, or what designating blocks.
public enum RankingKind: String, Sendable, Hashable, CaseIterable {
    /// Designated entities, by how many entities their delisting would free.
    case relief
    /// Entities not blocked that own or control something, by how many their designation would block.
    case designation
}
