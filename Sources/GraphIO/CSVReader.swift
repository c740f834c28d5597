import GraphCore
import SanctionsModel
import Platform

/// Reads the spreadsheet-friendly CSV trio (a folder with `entities.csv`, `ties.csv`,
/// `designations.csv`) and bare edge lists (`source,target[,share]`).
///
/// Columns are found by their header name, in any order and case; several values in one
/// cell (countries, sectors, topics, aliases) are separated by `;`.
public enum CSVReader {

    /// Reads a CSV trio folder. `entities.csv` is required; `ties.csv` and `designations.csv` are optional.
    /// - Complexity: O(bytes read) expected, plus `NetworkBuilder.finish`.
    public static func loadTrio(folder: String, options: ReadOptions = ReadOptions()) throws(InputError) -> (SanctionsNetwork, ReadReport) {
        var builder = NetworkBuilder()
        var report = ReadReport()
        let entities = folder + "/entities.csv"
        guard isRegularFile(entities) else {
            throw InputError(file: folder, line: nil, .unreadable("no entities.csv in this folder (a CSV graph is entities.csv, ties.csv and designations.csv)"))
        }
        try readEntities(entities, options: options, into: &builder, report: &report)
        if isRegularFile(folder + "/ties.csv") { try readTies(folder + "/ties.csv", options: options, into: &builder, report: &report) }
        if isRegularFile(folder + "/designations.csv") {
            try readDesignations(folder + "/designations.csv", options: options, into: &builder, report: &report)
        }
        return try FtMReader.finish(&builder, report: report, options: options)
    }

    /// Reads a bare edge list: `source,target[,share]` rows, with an optional header row.
    /// Every id becomes an entity of kind Other; a row with a share is an ownership tie, one
    /// without an unknown link (FtM's generic tie).
    /// - Complexity: O(bytes read) expected, plus `NetworkBuilder.finish`.
    public static func loadEdgeList(path: String, options: ReadOptions = ReadOptions()) throws(InputError) -> (SanctionsNetwork, ReadReport) {
        var builder = NetworkBuilder()
        var report = ReadReport()
        report.files.append(path)
        builder.beginSource(path)
        var rows = try CSVParser(path: path, options: options)
        // A row is rarely under 16 bytes: room for that many ties (virtual memory only), so the
        // columns do not grow and copy while reading.
        builder.reserve(records: max(rows.fileSize / 16, 1024), bytes: rows.fileSize)
        let first = try firstRow(&rows)
        if first.fields.first?.lowercased().trimmed != "source" { rows.pushBack(first) }
        var any = false
        while let row = try rows.next() {
            any = true
            report.records += 1
            do throws(InputError) {
                guard row.fields.count == 2 || row.fields.count == 3 else {
                    throw InputError(file: path, line: row.line, .badCSV("expected 2 or 3 fields (source,target[,share]), found \(row.fields.count)"))
                }
                let s = row.fields[0].trimmed, t = row.fields[1].trimmed
                guard !s.isEmpty, !t.isEmpty else { throw InputError(file: path, line: row.line, .badCSV("empty source or target")) }
                var share = Double.nan
                if row.fields.count == 3 && !row.fields[2].trimmed.isEmpty { share = try percentage(row.fields[2], path, row.line) }
                let a = builder.node(s), b = builder.node(t)
                for v in [a, b] where !builder.isDefined(v) {
                    _ = builder.define(v, schema: "Thing", kind: .other, line: row.line)
                }
                builder.addTie(share.isNaN ? .unknownLink : .ownership, from: a, to: b, share: share, line: row.line)
            } catch {
                if !options.lenient { throw error }
                report.skip(error)
            }
            try options.checkLimits(builder, file: path, line: row.line)
        }
        guard any else { throw InputError(file: path, line: nil, .emptyFile) }
        return try FtMReader.finish(&builder, report: report, options: options)
    }

    // MARK: The trio

    static func readEntities(_ path: String, options: ReadOptions, into builder: inout NetworkBuilder, report: inout ReadReport) throws(InputError) {
        var rows = try CSVParser(path: path, options: options)
        let table = try Table(path: path, required: ["id", "kind"], optional: ["name", "aliases", "country", "sectors", "topics"], rows: &rows, builder: &builder, report: &report)
        while let row = try rows.next() {
            report.records += 1
            do throws(InputError) {
                try table.check(row)
                let id = table.value(row, "id"), kindText = table.value(row, "kind")
                guard !id.isEmpty else { throw InputError(file: path, line: row.line, .missingField("id")) }
                let schema: String, kind: EntityKind
                if let k = FtMSchema.entityKind(of: kindText) { (schema, kind) = (kindText, k) }
                else if let k = EntityKind(name: kindText), k != .sector { (schema, kind) = (k == .other ? "Thing" : k.ftmName, k) }
                else {
                    throw InputError(file: path, line: row.line, .badValue(property: "kind", detail: "'\(kindText)' is not an entity kind (Person, Company, Organization, LegalEntity, Vessel, Airplane, Other, or an FtM schema)"))
                }
                let v = builder.node(id)
                if let conflict = builder.define(v, schema: schema, kind: kind, line: row.line) {
                    throw InputError(file: path, line: row.line, .conflict(conflict.message))
                }
                for name in table.list(row, "name") { builder.addName(v, builder.text(name)) }
                for a in table.list(row, "aliases") { builder.addAlias(v, builder.text(a)) }
                for c in table.list(row, "country") { builder.addCountry(v, builder.string(c)) }
                for t in table.list(row, "topics") { builder.addTopic(v, builder.string(t)) }
                for s in table.list(row, "sectors") { builder.addSector(v, s) }
            } catch {
                if !options.lenient { throw error }
                report.skip(error)
            }
            try options.checkLimits(builder, file: path, line: row.line)
        }
    }

    static func readTies(_ path: String, options: ReadOptions, into builder: inout NetworkBuilder, report: inout ReadReport) throws(InputError) {
        var rows = try CSVParser(path: path, options: options)
        let table = try Table(path: path, required: ["source", "target", "kind"], optional: ["share", "start", "end", "id", "detail", "share_class"], rows: &rows, builder: &builder, report: &report)
        while let row = try rows.next() {
            report.records += 1
            do throws(InputError) {
                try table.check(row)
                let s = table.value(row, "source"), t = table.value(row, "target"), kindText = table.value(row, "kind")
                guard !s.isEmpty else { throw InputError(file: path, line: row.line, .missingField("source")) }
                guard !t.isEmpty else { throw InputError(file: path, line: row.line, .missingField("target")) }
                guard let kind = TieKind(name: kindText), kind != .sectorMembership else {
                    throw InputError(file: path, line: row.line, .badValue(property: "kind", detail: "'\(kindText)' is not a tie kind (ownership, control, directorship, family, associate, employment, membership, …); sectors go in the sectors column of entities.csv"))
                }
                let shareText = table.value(row, "share")
                var share: ShareInterval? = nil
                if !shareText.isEmpty {
                    do throws(InputError) {
                        share = try shareInterval(shareText, path, row.line)
                    } catch {
                        // Lenient: the tie stays, some stake of unknown size (docs/shares.md).
                        guard options.lenient else { throw error }
                        report.warnings.append("\(error); the tie is kept, its share unknown (--lenient)")
                        share = .unreadable
                    }
                }
                let classText = table.value(row, "share_class")
                let validity = Validity(start: try date(table.value(row, "start"), "start", path, row.line),
                                        end: try date(table.value(row, "end"), "end", path, row.line))
                let detailText = table.value(row, "detail")
                let detail = detailText.isEmpty ? 0 : builder.string(detailText)
                var id = table.value(row, "id")
                let conflict = id.withUTF8 { idBytes in
                    builder.addTie(kind, from: builder.node(s), to: builder.node(t), interval: share,
                                   shareClass: classText.isEmpty ? 0 : builder.string(classText), validity: validity,
                                   id: idBytes.isEmpty ? nil : UnsafeRawBufferPointer(idBytes), detail: detail, line: row.line)
                }
                if let conflict { throw InputError(file: path, line: row.line, .conflict(conflict.message)) }
            } catch {
                if !options.lenient { throw error }
                report.skip(error)
            }
            try options.checkLimits(builder, file: path, line: row.line)
        }
    }

    static func readDesignations(_ path: String, options: ReadOptions, into builder: inout NetworkBuilder, report: inout ReadReport) throws(InputError) {
        var rows = try CSVParser(path: path, options: options)
        let table = try Table(path: path, required: ["entity"],
                              optional: ["jurisdiction", "authority", "program", "start", "end", "listing", "status", "id", "country",
                                         "datasets", "provisions", "first_seen", "unsc_id"], rows: &rows, builder: &builder, report: &report)
        while let row = try rows.next() {
            report.records += 1
            do throws(InputError) {
                try table.check(row)
                let entity = table.value(row, "entity")
                guard !entity.isEmpty else { throw InputError(file: path, line: row.line, .missingField("entity")) }
                let authority = table.value(row, "authority")
                // "other" is how earlier versions wrote every code but us, eu, gb, un: the country says.
                let jText = table.value(row, "jurisdiction").lowercased() == "other" ? "" : table.value(row, "jurisdiction")
                var country = table.value(row, "country").lowercased()
                // The jurisdiction column stands in for a missing country; the source registry
                // classifies the row when the network is built (docs/sources.md).
                var jurisdiction = Jurisdiction(code: country) ?? .unknown
                if !jText.isEmpty {
                    guard let j = Jurisdiction(code: jText) else {
                        throw InputError(file: path, line: row.line, .badValue(property: "jurisdiction", detail: "'\(jText)' is not a list code such as us, eu, gb, un, ch"))
                    }
                    jurisdiction = j
                    if country.isEmpty && j != .unknown { country = j.code }
                }
                func list(_ column: String) -> [String] {
                    splitList(table.value(row, column))
                }
                let d = Designation(id: table.value(row, "id"), entity: builder.node(entity), jurisdiction: jurisdiction,
                                    country: country, authority: authority, programs: list("program"), unscId: table.value(row, "unsc_id"),
                                    listingDate: try date(table.value(row, "listing"), "listing", path, row.line),
                                    startDate: try date(table.value(row, "start"), "start", path, row.line),
                                    endDate: try date(table.value(row, "end"), "end", path, row.line),
                                    status: table.value(row, "status"), datasets: list("datasets"), provisions: list("provisions"),
                                    firstSeen: try date(table.value(row, "first_seen"), "first_seen", path, row.line))
                if let conflict = builder.addDesignation(d, line: row.line) {
                    throw InputError(file: path, line: row.line, .conflict(conflict.message))
                }
            } catch {
                if !options.lenient { throw error }
                report.skip(error)
            }
            try options.checkLimits(builder, file: path, line: row.line)
        }
    }

    // MARK: Helpers

    /// A CSV file with a header row, columns looked up by name.
    struct Table {
        var column: [String: Int]
        var width = 0
        let path: String

        /// Throws unless the row has as many fields as the header.
        func check(_ row: CSVParser.Row) throws(InputError) {
            if row.fields.count != width {
                throw InputError(file: path, line: row.line, .badCSV("expected \(width) fields as in the header, found \(row.fields.count)"))
            }
        }

        /// Reads the header row from `rows`, which then hand out the data rows.
        init(path: String, required: [String], optional: [String], rows: inout CSVParser, builder: inout NetworkBuilder,
             report: inout ReadReport) throws(InputError) {
            self.path = path
            report.files.append(path)
            builder.beginSource(path)
            let header = try CSVReader.firstRow(&rows)
            var column: [String: Int] = [:]
            for (i, name) in header.fields.enumerated() {
                let key = name.trimmed.lowercased()
                if column[key] != nil { throw InputError(file: path, line: 1, .badCSV("column '\(key)' appears twice in the header")) }
                column[key] = i
            }
            for name in required where column[name] == nil {
                throw InputError(file: path, line: 1, .badCSV("the header has no '\(name)' column (expected \((required + optional).joined(separator: ",")))"))
            }
            let known = Set(required + optional)
            let unknown = header.fields.map { $0.trimmed.lowercased() }.filter { !known.contains($0) }
            if !unknown.isEmpty { report.warnings.append("\(path): ignored column\(unknown.count == 1 ? "" : "s") \(unknown.joined(separator: ", "))") }
            self.width = header.fields.count
            self.column = column
        }

        func value(_ row: CSVParser.Row, _ name: String) -> String {
            guard let i = column[name], i < row.fields.count else { return "" }
            return row.fields[i].trimmed
        }

        func list(_ row: CSVParser.Row, _ name: String) -> [String] {
            splitList(value(row, name))
        }
    }

    /// The first row of a file; `emptyFile` when it has none or only blank space.
    static func firstRow(_ rows: inout CSVParser) throws(InputError) -> CSVParser.Row {
        guard let first = try rows.next(), try rows.anyText() else { throw InputError(file: rows.path, line: nil, .emptyFile) }
        return first
    }

    /// A share cell: a number, a range or interval notation (docs/shares.md).
    static func shareInterval(_ text: String, _ path: String, _ line: Int) throws(InputError) -> ShareInterval {
        switch parseShare(text) {
        case .interval(let i): return i
        case .outOfRange: throw InputError(file: path, line: line, .percentageOutOfRange(text))
        case .unreadable: throw InputError(file: path, line: line, .badPercentage(text))
        }
    }

    static func percentage(_ text: String, _ path: String, _ line: Int) throws(InputError) -> Double {
        guard let p = parsePercentage(text) else { throw InputError(file: path, line: line, .badPercentage(text)) }
        guard p >= 0 && p <= 100 else { throw InputError(file: path, line: line, .percentageOutOfRange(text)) }
        return p
    }

    static func date(_ text: String, _ property: String, _ path: String, _ line: Int) throws(InputError) -> Day? {
        if text.isEmpty { return nil }
        guard let d = Day(text) else { throw InputError(file: path, line: line, .badDate(property: property, value: text)) }
        return d
    }
}

/// The whole file's bytes.
func readFile(_ path: String) throws(InputError) -> [UInt8] {
    var reader = try LineReader(path: path, maxLine: .max)
    return try reader.readAll()
}

