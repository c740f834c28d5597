import GraphCore
import SanctionsModel

/// Everything a network says, in a form that compares equal across formats and node orders
/// (the round-trip tests and the reader fuzz targets compare through it).
package struct GraphSnapshot: Equatable, CustomStringConvertible {
    package struct Entity: Equatable {
        package var kind: EntityKind
        package var schema: String
        package var names: [String]
        package var aliases: [String]
        package var countries: [String]
        package var topics: [String]
        package var sectors: [String]
    }
    package struct Tie: Hashable, Comparable {
        package var kind: String
        package var source: String
        package var target: String
        package var share: String
        package var start: String
        package var end: String
        package var detail: String
        package var id: String
        package var shareClass: String
        package static func < (a: Tie, b: Tie) -> Bool {
            // Field by field, no arrays made per comparison: the fuzz targets sort thousands of ties an input.
            if a.kind != b.kind { return a.kind < b.kind }
            if a.source != b.source { return a.source < b.source }
            if a.target != b.target { return a.target < b.target }
            if a.id != b.id { return a.id < b.id }
            if a.share != b.share { return a.share < b.share }
            if a.start != b.start { return a.start < b.start }
            if a.end != b.end { return a.end < b.end }
            if a.detail != b.detail { return a.detail < b.detail }
            return a.shareClass < b.shareClass
        }
    }
    package struct Sanction: Hashable, Comparable {
        package var entity: String
        package var jurisdiction: String
        package var country: String
        package var authority: String
        package var program: String
        package var listing: String
        package var start: String
        package var end: String
        package var status: String
        package var id: String
        /// Datasets and provisions joined by "; ", and the day the listing is known in force from.
        package var datasets: String
        package var provisions: String
        package var knownSince: String
        package static func < (a: Sanction, b: Sanction) -> Bool {
            if a.entity != b.entity { return a.entity < b.entity }
            if a.id != b.id { return a.id < b.id }
            if a.jurisdiction != b.jurisdiction { return a.jurisdiction < b.jurisdiction }
            if a.country != b.country { return a.country < b.country }
            if a.start != b.start { return a.start < b.start }
            if a.listing != b.listing { return a.listing < b.listing }
            if a.end != b.end { return a.end < b.end }
            if a.authority != b.authority { return a.authority < b.authority }
            if a.program != b.program { return a.program < b.program }
            if a.status != b.status { return a.status < b.status }
            if a.datasets != b.datasets { return a.datasets < b.datasets }
            if a.provisions != b.provisions { return a.provisions < b.provisions }
            return a.knownSince < b.knownSince
        }
    }

    package var entities: [String: Entity]
    package var ties: [Tie]
    package var designations: [Sanction]

    /// `tieIDs`/`designationIDs`: compare ids too (off when one side gets ids made up by a writer).
    package init(_ n: SanctionsNetwork, tieIDs: Bool = true, designationIDs: Bool = true) {
        var entities: [String: Entity] = [:]
        for v in 0 ..< UInt32(n.entityCount) where n.kinds[Int(v)] != .sector {
            let s = n.strings
            entities[n.id(of: v)] = Entity(
                kind: n.kinds[Int(v)], schema: n.schema(of: v), names: n.names[v].map { s[$0] },
                aliases: n.aliases[v].map { s[$0] }, countries: n.countries[v].map { s[$0] },
                topics: n.topics[v].map { s[$0] }, sectors: n.sectors[v].map { n.name(of: $0) })
        }
        self.entities = entities
        let sources = n.graph.sources(of: 0 ..< UInt32(n.tieCount))
        ties = (0 ..< UInt32(n.tieCount)).filter { n.tieKind($0) != .sectorMembership }.map { e in
            let validity = n.validity(ofTie: e)
            let interval = n.shareInterval(e)
            return Tie(kind: n.tieKind(e).ftmName, source: n.id(of: sources[Int(e)]),
                       target: n.id(of: n.graph.target(of: e)),
                       share: interval.exactValue.map { "\($0)" } ?? (interval.isUnknown ? "unknown" : interval.notation),
                       start: validity.start?.description ?? "", end: validity.end?.description ?? "",
                       detail: n.tieDetail(e), id: tieIDs ? n.tieID(e) : "", shareClass: n.shareClass(e))
        }.sorted()
        designations = n.designations.map { d in
            Sanction(entity: n.id(of: d.entity), jurisdiction: d.jurisdiction.code, country: d.country, authority: d.authority,
                     program: d.program, listing: d.listingDate?.description ?? "", start: d.startDate?.description ?? "",
                     end: d.endDate?.description ?? "", status: d.status, id: designationIDs ? d.id : "",
                     datasets: d.datasets.joined(separator: "; "), provisions: d.provisions.joined(separator: "; "),
                     knownSince: d.knownSince?.description ?? "")
        }.sorted()
    }

    /// The first difference, for a readable failure.
    package func difference(from other: GraphSnapshot) -> String? {
        for key in Set(entities.keys).union(other.entities.keys).sorted() where entities[key] != other.entities[key] {
            return "entity \(key): \(String(describing: entities[key])) vs \(String(describing: other.entities[key]))"
        }
        if ties != other.ties {
            let a = Set(ties), b = Set(other.ties)
            return "ties: only left \(a.subtracting(b).sorted().prefix(3)); only right \(b.subtracting(a).sorted().prefix(3)); counts \(ties.count) vs \(other.ties.count)"
        }
        if designations != other.designations {
            let a = Set(designations), b = Set(other.designations)
            return "designations: only left \(a.subtracting(b).sorted().prefix(3)); only right \(b.subtracting(a).sorted().prefix(3))"
        }
        return nil
    }

    package var description: String { "\(entities.count) entities, \(ties.count) ties, \(designations.count) designations" }
}
