import Testing
import GraphCore
import SanctionsModel

/// One input record, as a reader would hand it to the builder.
private enum Record {
    case entity(id: String, schema: String, names: [String], aliases: [String], countries: [String], topics: [String], sectors: [String])
    case tie(kind: TieKind, source: String, target: String, share: Double, validity: Validity, id: String?, detail: String?)
    case designation(id: String, entity: String, jurisdiction: Jurisdiction, listing: Day?, start: Day?, end: Day?)
    case ignored(id: String, schema: String)
}

private func describe(_ v: Validity) -> String { "\(v.start?.description ?? "-")..\(v.end?.description ?? "-")" }
private func describe(_ d: Day?) -> String { d?.description ?? "-" }

/// A random record set: entities defined once or twice (with compatible schemata), ids that
/// are referenced but never defined, ids of ignored records, ties with repeated ids, and
/// designations.
private func randomRecords(seed: UInt64) -> [Record] {
    var rng = SplitMix64(seed: seed)
    func pick<T>(_ xs: [T]) -> T { xs.randomElement(using: &rng)! }
    func several<T>(_ xs: [T], max: Int) -> [T] { (0 ..< Int.random(in: 0 ... max, using: &rng)).map { _ in pick(xs) } }
    func randomDay(_ range: ClosedRange<Int32>) -> Day? { Bool.random(using: &rng) ? nil : Day(daysSinceEpoch: .random(in: range, using: &rng)) }
    let chains = [["LegalEntity", "Organization", "Company"], ["LegalEntity", "Person"], ["Vessel"], ["Organization", "PublicBody"], ["Security"]]
    let names = ["Acme", "Rosneft", "Ivan Petrov", "Газпром", "Ω Holdings", "acme"]
    var records: [Record] = []
    let defined = (0 ..< Int.random(in: 1 ... 25, using: &rng)).map { "E\($0)" }
    for id in defined {
        let chain = pick(chains)
        for _ in 0 ..< (Int.random(in: 0 ..< 4, using: &rng) == 0 ? 2 : 1) {
            records.append(.entity(id: id, schema: pick(chain), names: several(names, max: 2), aliases: several(names, max: 2),
                                   countries: several(["ru", "cy", "ch", "us"], max: 3), topics: several(["sanction", "poi", "crime"], max: 2),
                                   sectors: several(["Energy", "Banking", "Oil & Gas"], max: 2)))
        }
    }
    let undefined = (0 ..< Int.random(in: 0 ... 4, using: &rng)).map { "D\($0)" }
    let ignored = (0 ..< Int.random(in: 0 ... 3, using: &rng)).map { "A\($0)" }
    for id in ignored { records.append(.ignored(id: id, schema: pick(["Address", "Document"]))) }
    let ends = defined + defined + defined + undefined + ignored
    var tieIDs: [(id: String, kind: TieKind, source: String, target: String, detail: String?)] = []
    for i in 0 ..< Int.random(in: 0 ... 60, using: &rng) {
        let share = pick([Double.nan, .nan, 10, 25, 50, 51, 75])
        let validity = Validity(start: randomDay(0 ... 30), end: randomDay(20 ... 60))
        if !tieIDs.isEmpty, Int.random(in: 0 ..< 4, using: &rng) == 0 {                // a repeat of an earlier tie id
            let t = pick(tieIDs)
            let detail = Bool.random(using: &rng) ? t.detail : nil
            records.append(.tie(kind: t.kind, source: t.source, target: t.target, share: share, validity: validity, id: t.id, detail: detail))
            continue
        }
        let kind = pick(TieKind.allCases.filter { $0 != .sectorMembership })
        let (s, t) = (pick(ends), pick(ends))
        let detail = Bool.random(using: &rng) ? nil : pick(["shareholder", "director", "brother"])
        let id = Int.random(in: 0 ..< 6, using: &rng) == 0 ? nil : "T\(i)"
        if let id { tieIDs.append((id, kind, s, t, detail)) }
        records.append(.tie(kind: kind, source: s, target: t, share: share, validity: validity, id: id, detail: detail))
    }
    var designationIDs: [(id: String, entity: String)] = []
    for i in 0 ..< Int.random(in: 0 ... 15, using: &rng) {
        let (listing, start, end) = (randomDay(0 ... 20), randomDay(0 ... 20), randomDay(15 ... 40))
        if !designationIDs.isEmpty, Int.random(in: 0 ..< 4, using: &rng) == 0 {
            let d = pick(designationIDs)
            records.append(.designation(id: d.id, entity: d.entity, jurisdiction: .us, listing: listing, start: start, end: end))
            continue
        }
        let id = Bool.random(using: &rng) ? "" : "S\(i)"
        let entity = pick(ends)
        if !id.isEmpty { designationIDs.append((id, entity)) }
        records.append(.designation(id: id, entity: entity, jurisdiction: .us, listing: listing, start: start, end: end))
    }
    return records
}

/// Feeds records to a builder in the given order (line = position + 1).
private func build(_ records: [Record]) -> (SanctionsNetwork, BuildReport) {
    var b = NetworkBuilder()
    for (i, record) in records.enumerated() {
        let line = i + 1
        switch record {
        case let .entity(id, schema, names, aliases, countries, topics, sectors):
            let v = b.node(id)
            _ = b.define(v, schema: schema, kind: FtMSchema.entityKind(of: schema)!, line: line)
            for x in names { b.addName(v, b.text(x)) }
            for x in aliases { b.addAlias(v, b.text(x)) }
            for x in countries { b.addCountry(v, b.string(x)) }
            for x in topics { b.addTopic(v, b.string(x)) }
            for x in sectors { b.addSector(v, x) }
        case let .tie(kind, source, target, share, validity, id, detail):
            b.tie(kind, source, target, share: share, validity: validity, id: id, detail: detail, line: line)
        case let .designation(id, entity, jurisdiction, listing, start, end):
            b.addDesignation(Designation(id: id, entity: b.node(entity), jurisdiction: jurisdiction, listingDate: listing,
                                         startDate: start, endDate: end), line: line)
        case let .ignored(id, schema):
            b.ignore(id, schema: schema)
        }
    }
    return b.finish()
}

/// A network described by external ids only, so that node numbering does not matter.
private struct Canonical: Equatable {
    var nodes: [String]
    var ties: [String]
    var designations: [String]

    init(_ n: SanctionsNetwork) {
        func set(_ xs: [String]) -> String { Set(xs).sorted().joined(separator: "|") }
        nodes = (0 ..< UInt32(n.entityCount)).map { v in
            "\(n.id(of: v)) \(n.kinds[Int(v)]) \(n.schema(of: v)) names:\(set(n.nameList(v))) aliases:\(set(n.aliasList(v)))"
                + " countries:\(set(n.countryList(v))) topics:\(set(n.topicList(v))) sectors:\(set(n.sectors[v].map { n.id(of: $0) }))"
        }.sorted()
        ties = n.tieDescriptions()
        designations = n.designations.map {
            "\(n.id(of: $0.entity)) [\($0.id)] \($0.jurisdiction) \(describe($0.listingDate)) \(describe($0.startDate)) \(describe($0.endDate))"
        }.sorted()
    }

    /// The naive expectation from the records (independent of their order).
    init(expected records: [Record]) {
        func set(_ xs: [String]) -> String { Set(xs).sorted().joined(separator: "|") }
        var schema: [String: String] = [:], names: [String: [String]] = [:], aliases: [String: [String]] = [:]
        var countries: [String: [String]] = [:], topics: [String: [String]] = [:], sectors: [String: [String]] = [:]
        for case let .entity(id, s, n, a, c, t, sec) in records {
            schema[id] = schema[id].map { FtMSchema.merge($0, s)! } ?? s
            names[id, default: []] += n; aliases[id, default: []] += a
            countries[id, default: []] += c; topics[id, default: []] += t
            sectors[id, default: []] += sec.map { "sector:" + $0.lowercased() }
        }
        var sectorNames: [String: String] = [:]
        for list in sectors.values { for key in list { sectorNames[key] = ["sector:energy": "Energy", "sector:banking": "Banking"][key] ?? "Oil & Gas" } }
        nodes = schema.map { id, s in
            "\(id) \(FtMSchema.entityKind(of: s)!) \(s) names:\(set(names[id]!)) aliases:\(set(aliases[id]!))"
                + " countries:\(set(countries[id]!)) topics:\(set(topics[id]!)) sectors:\(set(sectors[id]!))"
        } + sectorNames.map { key, name in "\(key) sector Sector names:\(name) aliases: countries: topics: sectors:" }
        nodes.sort()
        // Ties, merged by id.
        var merged: [String: (TieKind, String, String, ShareInterval?, Int32, Int32, String?)] = [:]
        var tieList: [(TieKind, String, String, ShareInterval?, Int32, Int32, String?)] = []
        var order: [String] = []
        for case let .tie(kind, s, t, share, v, id, detail) in records {
            let from = v.start?.daysSinceEpoch ?? Graph.openStart, until = v.end?.daysSinceEpoch ?? Graph.openEnd
            guard let id else { tieList.append((kind, s, t, share.isNaN ? nil : .exact(share), from, until, detail)); continue }
            if let m = merged[id] {
                // Reports of one stake: their hull (docs/shares.md); an unknown one adds nothing.
                let hull = m.3 == nil ? (share.isNaN ? nil : ShareInterval.exact(share)) : share.isNaN ? m.3 : m.3!.hull(.exact(share))
                merged[id] = (kind, s, t, hull, min(m.4, from), max(m.5, until), m.6 ?? detail)
            } else {
                merged[id] = (kind, s, t, share.isNaN ? nil : .exact(share), from, until, detail)
                order.append(id)
            }
        }
        ties = (tieList.map { ("", $0) } + order.map { ($0, merged[$0]!) }).compactMap { id, t in
            guard schema[t.1] != nil, schema[t.2] != nil else { return nil }
            let v = Validity(start: t.4 == Graph.openStart ? nil : Day(daysSinceEpoch: t.4), end: t.5 == Graph.openEnd ? nil : Day(daysSinceEpoch: t.5))
            return "\(t.1)>\(t.2) \(t.0.ftmName) \(t.3 ?? .unknown) \(describe(v)) [\(id)] {\(t.6 ?? "")}"
        }
        for (id, list) in sectors { for key in Set(list) { ties.append("\(id)>\(key) SectorMembership unknown -..- [] {}") } }
        ties.sort()
        // Designations, merged by id: the earliest start and listing dates given (an undated
        // report adds none), the later end (an open end winning).
        var byID: [String: (String, Day?, Day?, Day?, Bool)] = [:]
        var plain: [(String, String, Day?, Day?, Day?)] = []
        for case let .designation(id, entity, _, listing, start, end) in records {
            guard !id.isEmpty else { plain.append(("", entity, listing, start, end)); continue }
            if let m = byID[id] {
                let l = [m.1, listing].compactMap { $0 }.min()
                let s = [m.2, start].compactMap { $0 }.min()
                byID[id] = (m.0, l, s, m.4 || end == nil ? nil : max(m.3!, end!), m.4 || end == nil)
            } else {
                byID[id] = (entity, listing, start, end, end == nil)
            }
        }
        designations = (plain + byID.map { ($0.key, $0.value.0, $0.value.1, $0.value.2, $0.value.3) }).compactMap { id, e, l, s, end in
            schema[e] == nil ? nil : "\(e) [\(id)] us \(describe(l)) \(describe(s)) \(describe(end))"
        }.sorted()
    }
}

/// The dangling references and outside references the records should produce in this order.
private func expectedReport(_ records: [Record]) -> (dangling: [String], outside: [String: Int]) {
    var defined = Set<String>(), ignored: [String: String] = [:]
    for record in records {
        if case let .entity(id, _, _, _, _, _, _) = record { defined.insert(id) }
        if case let .ignored(id, schema) = record { ignored[id] = schema }
    }
    var dangling: [String] = [], outside: [String: Int] = [:]
    func note(_ line: Int, _ record: String, _ property: String, _ id: String) {
        if defined.contains(id) { return }
        if let schema = ignored[id] { outside[schema, default: 0] += 1 } else { dangling.append("\(line) \(record) \(property) \(id)") }
    }
    var seenTies = Set<String>(), seenDesignations = Set<String>()
    for (i, record) in records.enumerated() {
        switch record {
        case let .tie(kind, s, t, _, _, id, _):
            if let id { guard seenTies.insert(id).inserted else { continue } }
            note(i + 1, id ?? "", kind.ftmEnds.source, s)
            note(i + 1, id ?? "", kind.ftmEnds.target, t)
        case let .designation(id, entity, _, _, _, _):
            if !id.isEmpty { guard seenDesignations.insert(id).inserted else { continue } }
            note(i + 1, id, "entity", entity)
        default: break
        }
    }
    return (dangling.sorted(), outside)
}

@Suite struct BuilderPropertyTests {
    @Test(arguments: Array(UInt64(1) ... 40))
    func orderDoesNotMatter(seed: UInt64) {
        let records = randomRecords(seed: seed)
        var rng = SplitMix64(seed: ~seed)
        let shuffled = records.shuffled(using: &rng)
        let expected = Canonical(expected: records)
        for (label, input) in [("given order", records), ("shuffled", shuffled), ("reversed", Array(records.reversed()))] {
            let (n, report) = build(input)
            let actual = Canonical(n)
            #expect(actual.nodes == expected.nodes, "\(label)")
            #expect(actual.ties == expected.ties, "\(label)")
            #expect(actual.designations == expected.designations, "\(label)")
            // Dense, consistent numbering.
            #expect(n.ids.count == n.entityCount && n.kinds.count == n.entityCount && n.schemas.count == n.entityCount)
            #expect((0 ..< UInt32(n.entityCount)).allSatisfy { n.node(id: n.id(of: $0)) == $0 })
            #expect(n.tieIDs.count == n.tieCount && n.tieDetails.count == n.tieCount)
            #expect(n.designations.allSatisfy { Int($0.entity) < n.entityCount })
            // The report, with the lines of this order.
            let (dangling, outside) = expectedReport(input)
            #expect(report.dangling.map { "\($0.line) \($0.recordID) \($0.property) \($0.missingID)" }.sorted() == dangling, "\(label)")
            #expect(zip(report.dangling, report.dangling.dropFirst()).allSatisfy { ($0.line, $0.missingID) <= ($1.line, $1.missingID) })
            #expect(report.outsideReferences == outside, "\(label)")
        }
    }
}
