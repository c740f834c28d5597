import GraphCore
import SanctionsModel

/// Writes a network as FollowTheMoney JSON lines: entities (sector nodes become the
/// `sector` property again), then ties, then Sanction records. Reading the output gives
/// the same network; ties and designations without an id get one derived from their position.
public enum FtMWriter {
    /// Writes the network to `path` ("-": standard output).
    /// - Complexity: O(size of the output) expected.
    public static func write(_ network: SanctionsNetwork, to path: String) throws(OutputError) {
        let out = try OutputFile(path: path)
        var line = ""
        func list(_ key: String, _ values: [String], into props: inout [(String, [String])]) {
            if !values.isEmpty { props.append((key, values)) }
        }
        func record(id: String, schema: String, datasets: [String] = [], firstSeen: Day? = nil,
                    _ body: (inout [(String, [String])]) -> Void) -> String {
            var props: [(String, [String])] = []
            body(&props)
            return FtMWriter.line(id: id, schema: schema, properties: props, datasets: datasets, firstSeen: firstSeen)
        }
        let s = network.strings
        for v in 0 ..< UInt32(network.entityCount) where network.kinds[Int(v)] != .sector {
            line = record(id: network.id(of: v), schema: network.schema(of: v)) { props in
                list("name", network.names[v].map { s[$0] }, into: &props)
                list("alias", network.aliases[v].map { s[$0] }, into: &props)
                list("country", network.countries[v].map { s[$0] }, into: &props)
                list("topics", network.topics[v].map { s[$0] }, into: &props)
                list("sector", network.sectors[v].map { network.name(of: $0) }, into: &props)
            }
            try out.write(line)
        }
        let g = network.graph
        // Ties and designations without an id get one that no record of the input uses.
        var used = Set<String>()
        let ties = 0 ..< UInt32(g.edgeCount)
        if ties.contains(where: { !network.hasTieID($0) }) || network.designations.contains(where: { $0.id.isEmpty }) {
            for e in ties where network.hasTieID(e) { used.insert(network.tieID(e)) }
            for d in network.designations where !d.id.isEmpty { used.insert(d.id) }
            for v in 0 ..< UInt32(network.entityCount) { used.insert(network.id(of: v)) }
        }
        func fresh(_ base: String) -> String {
            var id = base, n = 1
            while used.contains(id) { n += 1; id = "\(base)-\(n)" }
            used.insert(id)
            return id
        }
        for edge in g.allEdges {
            let e = edge.id
            let kind = network.tieKind(e)
            if kind == .sectorMembership { continue }
            let id = network.hasTieID(e) ? network.tieID(e) : fresh("tie-\(e)")
            let validity = network.validity(ofTie: e)
            line = record(id: id, schema: kind.ftmName) { props in
                list(kind.ftmEnds.source, [network.id(of: edge.source)], into: &props)
                list(kind.ftmEnds.target, [network.id(of: edge.target)], into: &props)
                // Shares as intervals (docs/shares.md): exact, or in interval notation ("(25, 50]").
                let share = network.shareInterval(e)
                if kind == .control, let band = NatureOfControl.votesCode(share) {
                    list("role", [band], into: &props)
                } else if let p = share.exactValue {
                    list("percentage", [Share.format(p)], into: &props)
                } else if !share.isUnknown {
                    list("percentage", [share.notation], into: &props)
                }
                let shareClass = network.shareClass(e)
                if !shareClass.isEmpty { list("sharesType", [shareClass], into: &props) }
                if let d = validity.start { list("startDate", [d.description], into: &props) }
                if let d = validity.end { list("endDate", [d.description], into: &props) }
                let detail = network.tieDetail(e)
                if !detail.isEmpty { list(kind.ftmDetailProperty, [detail], into: &props) }
            }
            try out.write(line)
        }
        for (i, d) in network.designations.enumerated() {
            let id = d.id.isEmpty ? fresh("sanction-\(i)-\(network.id(of: d.entity))") : d.id
            // The datasets classify the record; an undated listing keeps the day it is known in
            // force from (its first_seen, or the export's date: docs/time.md).
            line = record(id: id, schema: "Sanction", datasets: d.datasets, firstSeen: d.firstSeen ?? d.knownSince) { props in
                list("entity", [network.id(of: d.entity)], into: &props)
                list("country", [d.country].filter { !$0.isEmpty }, into: &props)
                list("authority", [d.authority].filter { !$0.isEmpty }, into: &props)
                list("program", d.programs, into: &props)
                list("unscId", [d.unscId].filter { !$0.isEmpty }, into: &props)
                list("listingDate", [d.listingDate?.description].compactMap { $0 }, into: &props)
                list("startDate", [d.startDate?.description].compactMap { $0 }, into: &props)
                list("endDate", [d.endDate?.description].compactMap { $0 }, into: &props)
                list("status", [d.status].filter { !$0.isEmpty }, into: &props)
                list("provisions", d.provisions, into: &props)
            }
            try out.write(line)
        }
        try out.close()
    }

    /// Writes records kept whole (`ReadOptions.keepRecords`), in the order first read: every
    /// property and top-level member as read, records of one id merged.
    /// - Complexity: O(size of the output).
    public static func write(records: FtMRecordStore, to path: String) throws(OutputError) {
        let out = try OutputFile(path: path)
        for r in records.records {
            var line = "{\"id\": "
            JSONValue.quote(r.id, into: &line)
            line += ", \"schema\": "
            JSONValue.quote(r.schema, into: &line)
            if let c = r.caption { line += ", \"caption\": "; JSONValue.quote(c, into: &line) }
            line += ", \"properties\": {"
            for (i, (key, values)) in r.properties.enumerated() {
                if i > 0 { line += ", " }
                JSONValue.quote(key, into: &line)
                line += ": " + list(values)
            }
            line += "}"
            if !r.datasets.isEmpty { line += ", \"datasets\": " + list(r.datasets) }
            if !r.referents.isEmpty { line += ", \"referents\": " + list(r.referents) }
            for (key, value) in [("first_seen", r.firstSeen), ("last_seen", r.lastSeen), ("last_change", r.lastChange)] {
                if let value { line += ", \"\(key)\": "; JSONValue.quote(value, into: &line) }
            }
            if let t = r.target { line += ", \"target\": \(t)" }
            try out.write(line + "}\n")
        }
        try out.close()
    }

    /// A JSON list of strings.
    static func list(_ values: [String]) -> String {
        var s = "["
        for (j, v) in values.enumerated() {
            if j > 0 { s += ", " }
            JSONValue.quote(v, into: &s)
        }
        return s + "]"
    }

    /// One FtM record as a JSON line (with its newline), properties in the given order, and
    /// OpenSanctions' top-level `datasets` and `first_seen` when given.
    /// - Complexity: O(size of the line).
    public static func line(id: String, schema: String, properties: [(String, [String])], datasets: [String] = [],
                            firstSeen: Day? = nil) -> String {
        var line = "{\"id\": "
        JSONValue.quote(id, into: &line)
        line += ", \"schema\": "
        JSONValue.quote(schema, into: &line)
        line += ", \"properties\": {"
        for (i, (key, values)) in properties.enumerated() {
            if i > 0 { line += ", " }
            JSONValue.quote(key, into: &line)
            line += ": ["
            for (j, v) in values.enumerated() {
                if j > 0 { line += ", " }
                JSONValue.quote(v, into: &line)
            }
            line += "]"
        }
        line += "}"
        if !datasets.isEmpty {
            line += ", \"datasets\": ["
            for (j, v) in datasets.enumerated() {
                if j > 0 { line += ", " }
                JSONValue.quote(v, into: &line)
            }
            line += "]"
        }
        if let firstSeen { line += ", \"first_seen\": \"\(firstSeen)T00:00:00\"" }
        line += "}\n"
        return line
    }
}
