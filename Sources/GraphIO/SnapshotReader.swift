import GraphCore
import SanctionsModel
import Platform

/// What is wrong with a snapshot: the section at fault (nil for the header or the file as a
/// whole) and what.
struct SnapshotProblem: Error, Sendable {
    var section: String?
    var detail: String
    init(_ section: String?, _ detail: String) {
        self.section = section
        self.detail = detail
    }
}

/// Reads a mapped snapshot file (docs/snapshot.md) into a network whose columns view the
/// mapping. Every check names the section it failed on.
struct SnapshotReader: Sendable {
    let file: MappedFile
    let path: String
    let options: ReadOptions
    private var bytes: UnsafeRawBufferPointer { file.bytes }

    /// A section table entry.
    struct Entry: Sendable {
        var name: String
        var offset: Int
        var length: Int
        var checksum: UInt64
        var element: SnapshotFormat.Element
    }

    init(file: MappedFile, path: String, options: ReadOptions) {
        self.file = file
        self.path = path
        self.options = options
    }

    func read() throws(SnapshotProblem) -> (SanctionsNetwork, ReadReport) {
        let entries = try sectionTable()
        guard options.verifySnapshot else { return try build(entries, checkGraph: false, checkRest: false)! }
        guard processorCount > 1 else {
            try checkSections(entries)
            return try build(entries, checkGraph: true, checkRest: true)!
        }
        // Both cores: one checks the checksums and the graph's structure while the other
        // builds the network and checks the rest (about the same work since the in index is
        // checked as a whole: docs/snapshot.md). A checksum mismatch is reported first: it
        // says more than what it broke.
        enum Outcome: Sendable {
            case checked(SnapshotProblem?)
            case built(Result<(SanctionsNetwork, ReadReport), SnapshotProblem>)
        }
        let reader = self
        var checked: SnapshotProblem?, built: Result<(SanctionsNetwork, ReadReport), SnapshotProblem>?
        for outcome in parallelWorkers(2, { (w: Int) -> Outcome in
            if w == 0 {
                do throws(SnapshotProblem) {
                    try reader.checkSections(entries)
                    _ = try reader.build(entries, checkGraph: true, checkRest: false)
                    return .checked(nil)
                } catch { return .checked(error) }
            }
            do throws(SnapshotProblem) { return .built(.success(try reader.build(entries, checkGraph: false, checkRest: true)!)) } catch { return .built(.failure(error)) }
        }) {
            switch outcome {
            case .checked(let problem): checked = problem
            case .built(let result): built = result
            }
        }
        if let checked { throw checked }
        guard let built else { throw SnapshotProblem(nil, "internal error: the snapshot was not read") }
        return try built.get()
    }

    /// The network over the mapped sections. `checkGraph` checks the graph's invariants,
    /// `checkRest` everything else (`Graph.stored`, `StringTable`, `MultiValueColumn`'s checks,
    /// indices within range); without `checkRest`, nothing is built past the graph (nil).
    func build(_ entries: [Entry], checkGraph: Bool, checkRest: Bool) throws(SnapshotProblem) -> (SanctionsNetwork, ReadReport)? {
        let verify = checkRest
        var byName: [String: Entry] = [:]
        for e in entries { byName[e.name] = e }

        func section(_ name: String) throws(SnapshotProblem) -> Entry {
            guard let e = byName[name] else { throw SnapshotProblem(name, "missing (the file lacks a section this version has)") }
            return e
        }
        func raw(_ e: Entry) -> UnsafeRawBufferPointer { UnsafeRawBufferPointer(rebasing: bytes[e.offset ..< e.offset + e.length]) }
        func column<T: BitwiseCopyable>(_ name: String, _ type: T.Type, count: Int? = nil) throws(SnapshotProblem) -> Column<T> {
            let e = try section(name)
            let expected: SnapshotFormat.Element = switch T.self {
            case is UInt8.Type: .uint8
            case is UInt16.Type: .uint16
            case is UInt32.Type: .uint32
            case is Int32.Type: .int32
            case is UInt64.Type: .uint64
            default: .float64
            }
            guard e.element == expected else { throw SnapshotProblem(name, "holds \(e.element.name), not \(expected.name)") }
            guard let c = Column<T>(viewing: raw(e), owner: file) else {
                throw SnapshotProblem(name, "its \(e.length) bytes are not a whole number of \(expected.name) values")
            }
            if let count, c.count != count { throw SnapshotProblem(name, "holds \(c.count) values, not \(count)") }
            return c
        }
        // A coded column (docs/snapshot.md, "Coded columns"): codes of one or two bytes into
        // the table in `name.table`, or plain values and an empty table.
        func coded<T: BitwiseCopyable>(_ name: String, _ type: T.Type, count: Int?, verify: Bool) throws(SnapshotProblem) -> CodedColumn<T> {
            let table = try column(name + ".table", T.self)
            let stored: CodedColumn<T>.Stored
            switch try section(name).element {
            case .uint8: stored = .codes8(try column(name, UInt8.self, count: count), table: table)
            case .uint16: stored = .codes16(try column(name, UInt16.self, count: count), table: table)
            default:
                guard table.isEmpty else { throw SnapshotProblem(name + ".table", "holds values although \(name) holds its values plainly") }
                stored = .plain(try column(name, T.self, count: count))
            }
            guard let c = CodedColumn(stored: stored, verify: verify) else {
                throw SnapshotProblem(name, "holds a code past the end of its table (\(table.count) values), or codes without a table")
            }
            return c
        }
        func reader(_ name: String) throws(SnapshotProblem) -> RecordReader {
            let e = try section(name)
            guard e.element == .records else { throw SnapshotProblem(name, "holds \(e.element.name), not records") }
            return RecordReader(raw(e))
        }
        func decode<R>(_ name: String, _ body: (inout RecordReader) throws(RecordReader.Malformed) -> R) throws(SnapshotProblem) -> R {
            var r = try reader(name)
            let result: R
            do { result = try body(&r) } catch { throw SnapshotProblem(name, error.what) }
            guard r.atEnd else { throw SnapshotProblem(name, "bytes after the last record") }
            return result
        }

        // The meta section first: the counts every column is checked against.
        let meta = try decode("meta") { (r) throws(RecordReader.Malformed) in try SnapshotMeta(&r) }
        let n = meta.entities, m = meta.ties
        guard n <= SizeLimits.maximum, m <= SizeLimits.maximum else { throw SnapshotProblem("meta", "counts past the 32-bit limit") }

        // The graph.
        let stored = Graph.StoredColumns(
            outOffsets: try column("graph.outOffsets", UInt32.self, count: n + 1),
            edgeTarget: try column("graph.edgeTarget", UInt32.self, count: m), inOffsets: try column("graph.inOffsets", UInt32.self, count: n + 1),
            inEdgeIDs: try column("graph.inEdgeIDs", UInt32.self, count: m), inSources: try column("graph.inSources", UInt32.self, count: m),
            edgeKind: try column("graph.edgeKind", UInt8.self, count: m), edgeWeight: try coded("graph.edgeWeight", Double.self, count: m, verify: checkGraph),
            edgeValidFrom: try coded("graph.edgeValidFrom", Int32.self, count: m, verify: checkGraph),
            edgeValidUntil: try coded("graph.edgeValidUntil", Int32.self, count: m, verify: checkGraph))
        let graph: Graph
        switch Graph.stored(stored, verify: checkGraph) {
        case .success(let g): graph = g
        case .failure(let problem): throw SnapshotProblem("graph." + problem.column, problem.reason)
        }
        guard checkRest || !checkGraph else { return nil }

        func table(_ prefix: String, count: Int?) throws(SnapshotProblem) -> StringTable {
            let offsets = try column(prefix + ".offsets", UInt32.self, count: count.map { $0 + 1 })
            guard let t = StringTable(bytes: try column(prefix + ".bytes", UInt8.self), offsets: offsets,
                                      slots: try column(prefix + ".slots", UInt64.self), sorted: try column(prefix + ".sorted", UInt32.self),
                                      verify: verify) else {
                throw SnapshotProblem(prefix + ".offsets", "the string table's offsets or index do not match its bytes")
            }
            return t
        }
        let ids = try table("ids", count: n)
        let strings = try table("strings", count: nil)
        // Tie ids in edge order: "", then one per tie ("" for none).
        let tieIDTable = try table("tieIDTable", count: m + 1)
        let referentIDs = try table("referentIDs", count: nil)

        let kinds = try column("entities.kind", UInt8.self, count: n)
        let schemas = try coded("entities.schema", UInt32.self, count: n, verify: verify)
        let tieDetails = try coded("ties.detail", UInt32.self, count: m, verify: verify)
        let referentNodes = try column("referents.node", UInt32.self, count: referentIDs.count)
        if verify {
            let kindLimit = UInt8(EntityKind.allCases.count)
            if kinds.contains(where: { $0 >= kindLimit }) { throw SnapshotProblem("entities.kind", "holds a code no entity kind has") }
            for (name, c, limit) in [("entities.schema" + (schemas.isCoded ? ".table" : ""), schemas.possibleValues, strings.count),
                                     ("ties.detail" + (tieDetails.isCoded ? ".table" : ""), tieDetails.possibleValues, strings.count),
                                     ("referents.node", referentNodes, n)]
            where c.contains(where: { Int($0) >= limit }) {
                throw SnapshotProblem(name, "refers past the end of what it indexes (\(limit) entries)")
            }
        }
        func multi(_ prefix: String, limit: Int) throws(SnapshotProblem) -> MultiValueColumn {
            let offsets = try column(prefix + ".offsets", UInt32.self)
            let values = try coded(prefix + ".values", UInt32.self, count: nil, verify: verify)
            guard let c = MultiValueColumn(offsets: offsets, present: try column(prefix + ".present", UInt64.self),
                                           ranks: try column(prefix + ".ranks", UInt32.self), values: values,
                                           nodeCount: n, valueLimit: limit, verify: verify) else {
                // Which section: a value past the end, or where the values start.
                if values.possibleValues.contains(where: { Int($0) >= limit }) {
                    throw SnapshotProblem(prefix + (values.isCoded ? ".values.table" : ".values"), "refers past the end of what it indexes (\(limit) entries)")
                }
                if offsets.isEmpty {
                    throw SnapshotProblem(prefix + ".ranks", "the presence bits and ranks do not give one value per set bit, from 0 to the value count, for \(n) nodes")
                }
                throw SnapshotProblem(prefix + ".offsets", "the offsets do not run from 0 to the value count without decreasing, for \(n) nodes")
            }
            return c
        }
        let names = try multi("names", limit: strings.count)
        let aliases = try multi("aliases", limit: strings.count)
        let countries = try multi("countries", limit: strings.count)
        let topics = try multi("topics", limit: strings.count)
        let sectors = try multi("sectors", limit: n)

        let shareRanges = try decode("shareRanges") { (r) throws(RecordReader.Malformed) in
            let count = Int(try r.u32("the range count"))
            var edges: [UInt32] = [], values: [ShareInterval] = []
            for _ in 0 ..< count {
                let e = try r.u32("a range's tie")
                guard Int(e) < m, edges.last.map({ $0 < e }) ?? true else { throw RecordReader.Malformed(what: "tie \(e) is out of range or out of order") }
                let low = try r.f64("a range's low end"), high = try r.f64("a range's high end")
                guard 0 <= low, low <= high, high <= 100 else { throw RecordReader.Malformed(what: "range \(low)–\(high) is not within 0–100") }
                edges.append(e)
                values.append(ShareInterval(low: low, high: high, lowOpen: try r.bool("a range's low end"), highOpen: try r.bool("a range's high end")))
            }
            return SparseEdgeColumn(sortedEdges: edges, values: values)
        }
        let shareClasses = try decode("shareClasses") { (r) throws(RecordReader.Malformed) in
            let count = Int(try r.u32("the share class count"))
            var edges: [UInt32] = [], values: [UInt32] = []
            for _ in 0 ..< count {
                let e = try r.u32("a share class's tie"), v = try r.u32("a share class")
                guard Int(e) < m, edges.last.map({ $0 < e }) ?? true, Int(v) < strings.count else {
                    throw RecordReader.Malformed(what: "tie \(e) is out of range or out of order, or its class is past the strings")
                }
                edges.append(e)
                values.append(v)
            }
            return SparseEdgeColumn(sortedEdges: edges, values: values)
        }
        let designations = try decode("designations") { (r) throws(RecordReader.Malformed) in try SnapshotReader.designations(&r, entities: n) }
        var registry = try decode("registry") { (r) throws(RecordReader.Malformed) in try SnapshotReader.registry(&r) }
        guard registry.version == meta.registryVersion else {
            throw SnapshotProblem("registry", "its rows do not give the version the snapshot recorded (\(meta.registryVersion))")
        }

        var network = SanctionsNetwork(
            graph: graph, ids: ids, strings: strings, kindCodes: kinds, schemas: schemas, names: names, aliases: aliases,
            countries: countries, topics: topics, sectors: sectors, tieIDs: [], tieIDTable: tieIDTable, tieDetails: tieDetails,
            classifiedDesignations: designations, registry: registry, exportDate: meta.exportDate, shareRanges: shareRanges,
            shareClasses: shareClasses, referentIDs: referentIDs, referentNodes: referentNodes)
        let reclassify = !options.sources.origins.isEmpty
        if reclassify {
            registry = options.sources
            network = network.reclassified(by: registry)
        }
        var report = ReadReport()
        report.files = [path]
        report.records = meta.records
        report.ignoredSchemas = meta.ignoredSchemas
        report.snapshot = SnapshotInfo(
            path: path, version: Int(SnapshotFormat.version), fileBytes: bytes.count, sources: meta.sources,
            registryVersion: registry.version, reclassified: reclassify, verified: options.verifySnapshot,
            sections: entries.map { SnapshotSection(name: $0.name, element: $0.element.name, bytes: $0.length) },
            records: meta.records, notices: meta.notices, warningCount: meta.warningCount)
        return (network, report)
    }

    /// The header and the section table, checked (always: they are small).
    func sectionTable() throws(SnapshotProblem) -> [Entry] {
        guard !bytes.isEmpty else { throw SnapshotProblem(nil, "the file is empty") }
        let magic = SnapshotFormat.magic
        guard zip(bytes.prefix(magic.count), magic).allSatisfy({ $0 == $1 }) else {
            let first = bytes.first { ![0x20, 0x09, 0x0A, 0x0D, 0xEF, 0xBB, 0xBF].contains($0) }
            let hint = first == UInt8(ascii: "{") || first == UInt8(ascii: "[") ? " (it looks like JSON: name an FtM file .json or .jsonl)" : ""
            throw SnapshotProblem(nil, "the file is not a SanctionsGraph snapshot: it does not start with the snapshot signature" + hint)
        }
        guard bytes.count >= SnapshotFormat.headerSize else {
            throw SnapshotProblem(nil, "truncated: \(bytes.count) bytes, shorter than the \(SnapshotFormat.headerSize)-byte header")
        }
        var h = RecordReader(UnsafeRawBufferPointer(rebasing: bytes[0 ..< SnapshotFormat.headerSize]))
        do {
            for _ in magic { _ = try h.u8("the signature") }
            let version = try h.u32("the version")
            guard version == SnapshotFormat.version else {
                throw SnapshotProblem(nil, "format version \(version); this build reads version \(SnapshotFormat.version): make the snapshot again with this build (sanctions-graph snapshot)")
            }
            let count = Int(try h.u32("the section count"))
            let size = try h.u64("the file size")
            let tableChecksum = try h.u64("the table checksum")
            let headerChecksum = try h.u64("the header checksum")
            guard headerChecksum == SnapshotChecksum.of(UnsafeRawBufferPointer(rebasing: bytes[0 ..< 32])) else {
                throw SnapshotProblem("header", "checksum mismatch: the file is damaged")
            }
            guard bytes[40 ..< SnapshotFormat.headerSize].allSatisfy({ $0 == 0 }) else { throw SnapshotProblem("header", "reserved bytes are not zero: the file is damaged") }
            guard size == UInt64(bytes.count) else {
                throw SnapshotProblem(nil, size > UInt64(bytes.count)
                    ? "truncated: the header says \(size) bytes, the file has \(bytes.count)"
                    : "\(UInt64(bytes.count) - size) bytes past the end the header gives (\(size) bytes)")
            }
            let tableEnd = SnapshotFormat.headerSize + count * SnapshotFormat.entrySize
            guard count <= (bytes.count - SnapshotFormat.headerSize) / SnapshotFormat.entrySize else {
                throw SnapshotProblem("table", "\(count) sections do not fit in the file")
            }
            let tableBytes = UnsafeRawBufferPointer(rebasing: bytes[SnapshotFormat.headerSize ..< tableEnd])
            guard SnapshotChecksum.of(tableBytes) == tableChecksum else { throw SnapshotProblem("table", "checksum mismatch: the file is damaged") }
            var t = RecordReader(tableBytes)
            var entries: [Entry] = []
            var end = SnapshotFormat.aligned(tableEnd)
            for i in 0 ..< count {
                var nameBytes: [UInt8] = []
                for _ in 0 ..< SnapshotFormat.nameSize { nameBytes.append(try t.u8("a section name")) }
                let name = String(decoding: nameBytes.prefix { $0 != 0 }, as: UTF8.self)
                let offset = try t.u64("a section offset"), length = try t.u64("a section length")
                let checksum = try t.u64("a section checksum")
                let code = try t.u8("a section type")
                for _ in 0 ..< 7 { _ = try t.u8("a section's reserved bytes") }
                guard let element = SnapshotFormat.Element(rawValue: code) else { throw SnapshotProblem(name, "unknown element type \(code)") }
                guard offset == UInt64(end), length <= UInt64(bytes.count) - offset else {
                    throw SnapshotProblem(name, "entry \(i) places it at \(offset)+\(length), not where the previous section ends (\(end)) within the file")
                }
                guard entries.allSatisfy({ $0.name != name }) else { throw SnapshotProblem(name, "appears twice") }
                entries.append(Entry(name: name, offset: Int(offset), length: Int(length), checksum: checksum, element: element))
                end = SnapshotFormat.aligned(Int(offset) + Int(length))
            }
            guard end == bytes.count else { throw SnapshotProblem(nil, "the sections end at \(end), the file at \(bytes.count)") }
            return entries
        } catch let problem as SnapshotProblem {
            throw problem
        } catch let malformed as RecordReader.Malformed {
            throw SnapshotProblem("header", malformed.what)
        } catch {
            throw SnapshotProblem(nil, "\(error)")
        }
    }

    /// Every section's checksum, and the zero padding between sections.
    func checkSections(_ entries: [Entry]) throws(SnapshotProblem) {
        var previousEnd = SnapshotFormat.headerSize + entries.count * SnapshotFormat.entrySize
        var previousName = "table"
        for e in entries {
            guard bytes[previousEnd ..< e.offset].allSatisfy({ $0 == 0 }) else {
                throw SnapshotProblem(previousName, "the padding after it is not zero: the file is damaged")
            }
            guard SnapshotChecksum.of(UnsafeRawBufferPointer(rebasing: bytes[e.offset ..< e.offset + e.length])) == e.checksum else {
                throw SnapshotProblem(e.name, "checksum mismatch: the file is damaged")
            }
            previousEnd = e.offset + e.length
            previousName = e.name
        }
        guard bytes[previousEnd...].allSatisfy({ $0 == 0 }) else { throw SnapshotProblem(previousName, "the padding after it is not zero: the file is damaged") }
    }

    static func designations(_ r: inout RecordReader, entities n: Int) throws(RecordReader.Malformed) -> [Designation] {
        let pool = try r.strings("the listings' texts")
        func text(_ what: @autoclosure () -> String) throws(RecordReader.Malformed) -> String {
            let i = Int(try r.u32(what()))
            guard i < pool.count else { throw RecordReader.Malformed(what: "\(what()) refers to text \(i) of \(pool.count)") }
            return pool[i]
        }
        func texts(_ what: @autoclosure () -> String) throws(RecordReader.Malformed) -> [String] {
            let count = Int(try r.u32(what()))
            guard count <= pool.count else { throw RecordReader.Malformed(what: "\(what()) lists \(count) texts") }
            if count == 0 { return [] }
            var list: [String] = []
            list.reserveCapacity(count)
            for _ in 0 ..< count { list.append(try text(what())) }
            return list
        }
        let count = Int(try r.u32("the designation count"))
        var list: [Designation] = []
        list.reserveCapacity(min(count, 1 << 20))
        var previous: (entity: UInt32, start: Int32, id: String)?
        for i in 0 ..< count {
            // Named only when something is wrong: a message made for each would cost more than the rest.
            func what() -> String { "designation \(i)" }
            let id = try text(what()), entity = try r.u32(what())
            guard Int(entity) < n else { throw RecordReader.Malformed(what: "\(what()) names entity \(entity) of \(n)") }
            guard let jurisdiction = Jurisdiction(code: try text(what())) else { throw RecordReader.Malformed(what: "\(what()) has no jurisdiction") }
            var d = Designation(id: id, entity: entity, jurisdiction: jurisdiction, country: try text(what()), authority: try text(what()),
                                programs: try texts(what()), unscId: try text(what()), listingDate: try r.day(what()), startDate: try r.day(what()), endDate: try r.day(what()),
                                status: try text(what()), datasets: try texts(what()), provisions: try texts(what()), firstSeen: try r.day(what()))
            d.knownSince = try r.day(what())
            guard let measure = Measure(rawValue: try text(what())) else { throw RecordReader.Malformed(what: "\(what()) has an unknown measure") }
            d.measure = measure
            let tag = try r.u8(what()), basis = try text(what())
            switch tag {
            case 0: d.basis = .dataset(basis)
            case 1: d.basis = .authority(basis)
            case 2: d.basis = .country(basis)
            case 3: d.basis = .unknown
            default: throw RecordReader.Malformed(what: "\(what()) has an unknown basis \(tag)")
            }
            d.sourceLabel = try text(what())
            d.narrowedByProvisions = try r.bool(what())
            let key = (entity: d.entity, start: d.validity.start?.daysSinceEpoch ?? .min, id: d.id)
            if let previous, previous > key { throw RecordReader.Malformed(what: "\(what()) is out of order") }
            previous = key
            list.append(d)
        }
        return list
    }

    static func registry(_ r: inout RecordReader) throws(RecordReader.Malformed) -> SourceRegistry {
        let origins = try r.strings("the registry's files")
        let count = Int(try r.u32("the registry row count"))
        var entries: [SourceRegistry.Entry] = []
        for i in 0 ..< count {
            let what = "registry row \(i)"
            guard let match = SourceRegistry.Match(rawValue: try r.string(what)) else { throw RecordReader.Malformed(what: "\(what) has an unknown match") }
            let key = try r.string(what), j = try r.string(what), m = try r.string(what)
            let jurisdiction = j.isEmpty ? nil : Jurisdiction(code: j)
            let measure = m.isEmpty ? nil : Measure(rawValue: m)
            guard j.isEmpty || jurisdiction != nil, m.isEmpty || measure != nil else { throw RecordReader.Malformed(what: "\(what) has an unknown jurisdiction or measure") }
            entries.append(SourceRegistry.Entry(match: match, key: key, jurisdiction: jurisdiction, measure: measure, label: try r.string(what),
                                                citation: try r.string(what), origin: try r.string(what), line: Int(try r.u32(what))))
        }
        return SourceRegistry(entries: entries, origins: origins)
    }
}

/// The `meta` section: counts, the export date, provenance, and the making load's notices.
struct SnapshotMeta {
    var entities: Int
    var ties: Int
    var exportDate: Day?
    var sources: [SnapshotSource]
    var records: Int
    var notices: [String]
    var warningCount: Int
    var registryVersion: String
    var ignoredSchemas: [String: Int]

    init(_ r: inout RecordReader) throws(RecordReader.Malformed) {
        entities = Int(clamping: try r.u64("the entity count"))
        ties = Int(clamping: try r.u64("the tie count"))
        exportDate = try r.day("the export date")
        let count = Int(try r.u32("the source file count"))
        sources = []
        for _ in 0 ..< count {
            sources.append(SnapshotSource(path: try r.string("a source file"), bytes: Int(clamping: try r.u64("a source file's size")),
                                          sha256: try r.string("a source file's hash")))
        }
        records = Int(clamping: try r.u64("the record count"))
        notices = try r.strings("the notices")
        warningCount = Int(clamping: try r.u64("the warning count"))
        registryVersion = try r.string("the registry version")
        let schemas = Int(try r.u32("the count of schemata not modelled"))
        ignoredSchemas = [:]
        for _ in 0 ..< schemas {
            let schema = try r.string("a schema not modelled")
            ignoredSchemas[schema] = Int(clamping: try r.u64("a count of records not modelled"))
        }
    }
}
