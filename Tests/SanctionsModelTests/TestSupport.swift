import GraphCore
import SanctionsModel

/// A day from year, month, day, trapping on an impossible date (tests only).
func day(_ year: Int, _ month: Int, _ dayOfMonth: Int) -> Day { Day(year: year, month: month, day: dayOfMonth)! }

extension NetworkBuilder {
    /// Defines `id` as an entity of `schema` (kind from the schema) and returns its node.
    @discardableResult
    mutating func entity(_ id: String, _ schema: String = "Company", names: [String] = [], line: Int = 1) -> UInt32 {
        let v = node(id)
        _ = define(v, schema: schema, kind: FtMSchema.entityKind(of: schema) ?? .other, line: line)
        for name in names { addName(v, text(name)) }
        return v
    }

    /// Adds a tie between two ids (created on first sight).
    @discardableResult
    mutating func tie(_ kind: TieKind, _ source: String, _ target: String, share: Double = .nan,
                      validity: Validity = Validity(), id: String? = nil, detail: String? = nil, line: Int = 1) -> Diagnostic? {
        let s = node(source), t = node(target)
        let d = detail.map { string($0) } ?? 0
        guard let id else { return addTie(kind, from: s, to: t, share: share, validity: validity, detail: d, line: line) }
        return Array(id.utf8).withUnsafeBytes {
            addTie(kind, from: s, to: t, share: share, validity: validity, id: $0, detail: d, line: line)
        }
    }

    mutating func ignore(_ id: String, schema: String) {
        Array(id.utf8).withUnsafeBytes { noteIgnored(id: $0, schema: schema) }
    }
}

extension SanctionsNetwork {
    /// The node of `id`, which must exist.
    func v(_ id: String) -> UInt32 { node(id: id)! }

    func nameList(_ v: UInt32) -> [String] { names[v].map { strings[$0] } }
    func aliasList(_ v: UInt32) -> [String] { aliases[v].map { strings[$0] } }
    func countryList(_ v: UInt32) -> [String] { countries[v].map { strings[$0] } }
    func topicList(_ v: UInt32) -> [String] { topics[v].map { strings[$0] } }

    /// The ties as readable tuples: "source>target kind share from..until id detail".
    func tieDescriptions() -> [String] {
        graph.allEdges.map { edge in
            let e = edge.id, v = validity(ofTie: e)
            return "\(id(of: edge.source))>\(id(of: edge.target)) \(tieKind(e).ftmName) \(shareInterval(e))"
                + " \(v.start?.description ?? "-")..\(v.end?.description ?? "-") [\(tieID(e))] {\(tieDetail(e))}"
        }.sorted()
    }

    /// The ties between two ids.
    func ties(_ source: String, _ target: String) -> [UInt32] {
        guard let s = node(id: source), let t = node(id: target) else { return [] }
        return graph.outEdges(of: s).filter { $0.target == t }.map(\.id)
    }
}
