import GraphCore
import SanctionsModel

/// Writes the CSV trio and bare edge lists that `CSVReader` reads.
public enum CSVWriter {
    /// Writes `entities.csv`, `ties.csv` and `designations.csv` into `folder` (created,
    /// with missing parents, by the first file), the three as one: they are renamed into
    /// place only once all three are written (`OutputFile.closeTogether`), so a failed
    /// export leaves the folder as it was.
    /// - Complexity: O(size of the output).
    public static func writeTrio(_ network: SanctionsNetwork, folder: String) throws(OutputError) {
        let s = network.strings
        func joined(_ values: some Collection<UInt32>) -> String { joinList(values.map { s[$0] }) }
        let entities = try OutputFile(path: folder + "/entities.csv")
        try entities.write(csvRow(["id", "kind", "name", "country", "sectors", "topics", "aliases"]))
        for v in 0 ..< UInt32(network.entityCount) where network.kinds[Int(v)] != .sector {
            let schema = network.schema(of: v)
            let kind = network.kinds[Int(v)]
            let kindText = kind == .other || kind == .organization ? schema : kind.ftmName
            try entities.write(csvRow([network.id(of: v), kindText, joined(network.names[v]), joined(network.countries[v]),
                                       joinList(network.sectors[v].map { network.name(of: $0) }),
                                       joined(network.topics[v]), joined(network.aliases[v])]))
        }
        let ties = try OutputFile(path: folder + "/ties.csv")
        try ties.write(csvRow(["source", "target", "kind", "share", "start", "end", "id", "detail", "share_class"]))
        let g = network.graph
        for edge in g.allEdges where network.tieKind(edge.id) != .sectorMembership {
            let e = edge.id
            let validity = network.validity(ofTie: e)
            // Exact shares as numbers, ranges in interval notation ("(25, 50]"), unknown empty.
            let interval = network.shareInterval(e)
            let share = interval.exactValue.map(Share.format) ?? (interval.isUnknown ? "" : interval.notation)
            try ties.write(csvRow([network.id(of: edge.source), network.id(of: edge.target),
                                   network.tieKind(e).ftmName.lowercasedFirst, share,
                                   validity.start?.description ?? "", validity.end?.description ?? "",
                                   network.tieID(e), network.tieDetail(e), network.shareClass(e)]))
        }
        let designations = try OutputFile(path: folder + "/designations.csv")
        try designations.write(csvRow(["entity", "jurisdiction", "authority", "program", "start", "end", "listing", "status", "id", "country",
                                       "datasets", "provisions", "first_seen", "unsc_id"]))
        for d in network.designations {
            // An undated listing keeps the day it is known in force from (its own first_seen, or the export's date).
            // A listing without a country whose jurisdiction the source registry gave (by dataset
            // or authority): the cell stays empty, so that reading it back classifies it again the
            // same way (a code there would stand in for the country, and it would read back with one).
            let classified: Bool
            switch d.basis { case .dataset, .authority: classified = true; default: classified = false }
            let jurisdictionCell = d.country.isEmpty && classified ? "" : d.jurisdiction.code
            try designations.write(csvRow([network.id(of: d.entity), jurisdictionCell, d.authority, joinList(d.programs),
                                           d.startDate?.description ?? "", d.endDate?.description ?? "",
                                           d.listingDate?.description ?? "", d.status, d.id, d.country,
                                           joinList(d.datasets), joinList(d.provisions),
                                           (d.firstSeen ?? d.knownSince)?.description ?? "", d.unscId]))
        }
        try OutputFile.closeTogether([entities, ties, designations])
    }

    /// Writes `source,target,share` rows for every tie except sector memberships.
    /// - Complexity: O(size of the output).
    public static func writeEdgeList(_ network: SanctionsNetwork, to path: String) throws(OutputError) {
        let out = try OutputFile(path: path)
        try out.write("source,target,share\n")
        let g = network.graph
        for edge in g.allEdges where network.tieKind(edge.id) != .sectorMembership {
            let share: String
            if case .percent(let p) = network.share(edge.id) { share = Share.format(p) } else { share = "" }
            try out.write(csvRow([network.id(of: edge.source), network.id(of: edge.target), share]))
        }
        try out.close()
    }
}

extension String {
    /// "UnknownLink" → "unknownLink".
    var lowercasedFirst: String { prefix(1).lowercased() + dropFirst() }
}
