import Platform
import SanctionsModel
import SanctionsRules

/// The network as plain tables for a cluster (docs/tables.md): the Swift side has parsed,
/// merged and classified everything, so that a distributed job only computes. Three tables,
/// each a folder of CSV files with a header (`part-00000.csv`, … of at most `rowsPerFile`
/// rows), and `manifest.json`:
///
/// - `entities`: `id,kind,name,countries`;
/// - `ties`: `owner,asset,kind,share_low,share_high,low_open,high_open,share_known,share_class,start,end,joint`
///   (every tie as read; the job merges parallel reports as docs/shares.md says);
/// - `designations`: `entity,jurisdiction,measure,start,end,known_since,dataset,source,unsc_id`
///   (as the source registry classified them).
///
/// ```swift
/// let written = try TableExport.write(network, to: "tables")
/// ```
public enum TableExport {
    /// The format version of the tables (`manifest.json`'s `formatVersion`).
    public static let formatVersion = 1

    /// What was written: rows and files per table.
    public struct Summary: Sendable, Hashable {
        /// Rows per table name.
        public var rows: [String: Int] = [:]
        /// Files per table name.
        public var files: [String: Int] = [:]
    }

    /// Writes the tables into `folder` (created if missing; existing table folders are
    /// replaced file by file: stale parts beyond the new count are removed).
    /// - Complexity: O(V + E + D) rows, written through whole-file outputs (temporary name, then rename).
    @discardableResult
    public static func write(_ network: SanctionsNetwork, to folder: String, rowsPerFile: Int = 1_000_000) throws -> Summary {
        precondition(rowsPerFile > 0, "rowsPerFile must be positive")
        var summary = Summary()
        func date(_ d: Day?) -> String { d?.description ?? "" }

        try writeTable("entities", header: ["id", "kind", "name", "countries"], count: network.entityCount, folder: folder,
                       rowsPerFile: rowsPerFile, summary: &summary) { i in
            let v = UInt32(i)
            return [network.id(of: v), network.kinds[i].ftmName, network.name(of: v),
                    network.countries[v].map { network.strings[$0] }.joined(separator: ";")]
        }
        let g = network.graph
        let sources = g.sources(of: 0 ..< UInt32(g.edgeCount))
        try writeTable("ties", header: ["owner", "asset", "kind", "share_low", "share_high", "low_open", "high_open", "share_known",
                                        "share_class", "start", "end", "joint"],
                       count: g.edgeCount, folder: folder, rowsPerFile: rowsPerFile, summary: &summary) { i in
            let e = UInt32(i)
            let share = network.shareInterval(e), validity = network.validity(ofTie: e)
            let kind = network.tieKind(e)
            return [network.id(of: sources[i]), network.id(of: g.target(of: e)), kind.ftmName,
                    Share.format(share.low), Share.format(share.high), String(share.lowOpen), String(share.highOpen), String(!share.isUnknown),
                    network.shareClass(e), date(validity.start), date(validity.end),
                    String(marksJointArrangement(network.tieDetail(e)))]
        }
        let designations = network.designations
        try writeTable("designations", header: ["entity", "jurisdiction", "measure", "start", "end", "known_since", "dataset", "source", "unsc_id"],
                       count: designations.count, folder: folder, rowsPerFile: rowsPerFile, summary: &summary) { i in
            let d = designations[i]
            return [network.id(of: d.entity), d.jurisdiction.code, d.measure.rawValue, date(d.validity.start), date(d.endDate),
                    date(d.knownSince), d.datasets.first ?? "", d.basis.description, d.unscId]
        }
        let manifest = JSONValue.object([
            "formatVersion": .int(formatVersion),
            "sourceRegistry": .string(network.sourceRegistry.version),
            "exportDate": network.exportDate.map { .string($0.description) } ?? .null,
            "tables": .object(Dictionary(uniqueKeysWithValues: summary.rows.keys.map { name in
                (name, JSONValue.object(["rows": .int(summary.rows[name]!), "files": .int(summary.files[name]!)]))
            })),
        ])
        let out = try OutputFile(path: folder + "/manifest.json")
        try out.write(manifest.serialized() + "\n")
        try out.close()
        return summary
    }

    /// One table: `count` rows from `row(i)`, `rowsPerFile` to a file.
    private static func writeTable(_ name: String, header: [String], count: Int, folder: String, rowsPerFile: Int,
                                   summary: inout Summary, row: (Int) -> [String]) throws {
        func part(_ i: Int) -> String {
            let digits = String(i)
            return "\(folder)/\(name)/part-\(String(repeating: "0", count: max(0, 5 - digits.count)))\(digits).csv"
        }
        let files = max(1, (count + rowsPerFile - 1) / rowsPerFile)
        for f in 0 ..< files {
            let out = try OutputFile(path: part(f))
            try out.write(csvRow(header))
            for i in f * rowsPerFile ..< min(count, (f + 1) * rowsPerFile) { try out.write(csvRow(row(i))) }
            try out.close()
        }
        // Parts a previous, larger export left behind would be read as rows of this one.
        var stale = files
        while removeFileIfPresent(part(stale)) { stale += 1 }
        summary.rows[name] = count
        summary.files[name] = files
    }
}
