import GraphCore
import SanctionsModel

/// Reads FollowTheMoney entities, as OpenSanctions publishes them (`entities.ftm.json`):
/// one JSON object per line, or one JSON array of objects.
///
/// Things (Person, Company, Organization, …) become nodes; every FtM edge schema
/// (Ownership, Control, Directorship, Family, …) becomes a tie; `Sanction` records become
/// designations; the `sector` property becomes sector nodes with membership ties. Records
/// of other schemata (Address, Identification, documents, …) are counted, not modelled.
/// The file is streamed in 4 MiB blocks, JSON lines scanned on a second core ahead of the
/// network builder (`FtMIngest.readLines`), a JSON array element by element
/// (`FtMIngest.readArray`): memory grows with the network and the longest record, not with
/// the file.
public enum FtMReader {
    /// Reads `path` into `builder`, adding counts and notices to `report`.
    /// Throws the first bad record's error unless `options.lenient`.
    /// - Complexity: O(bytes read) expected; with `options.keepRecords`, merging records that
    ///   repeat an id costs more (`FtMRecordStore.merge`).
    public static func read(path: String, options: ReadOptions, into builder: inout NetworkBuilder,
                            report: inout ReadReport) throws(InputError) {
        var reader = try LineReader(path: path, maxLine: options.maxRecordBytes, blockSize: options.blockSize)
        var ingest = FtMIngest(file: path, lenient: options.lenient)
        if options.keepRecords { ingest.kept = report.ftmRecords ?? FtMRecordStore() }
        defer { if options.keepRecords { report.ftmRecords = ingest.kept } }
        report.files.append(path)
        builder.beginSource(path)
        // Look past a byte order mark and leading blank space, however long, to tell JSON lines
        // from a JSON array. Only a mark at the very start is one: bytes EF, BB, BF elsewhere
        // are the record scanner's to reject (the first block's size must not matter).
        func content(_ head: [UInt8]) -> ArraySlice<UInt8> {
            (head.starts(with: [0xEF, 0xBB, 0xBF]) ? head.dropFirst(3) : head[...])
                .drop(while: { $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 })
        }
        var peekSize = min(4096, options.blockSize)
        var head = try reader.peek(peekSize)
        while head.count == peekSize && content(head).isEmpty {
            peekSize *= 4
            head = try reader.peek(peekSize)
        }
        if head.starts(with: [0xFF, 0xFE]) || head.starts(with: [0xFE, 0xFF]) { throw InputError(file: path, line: nil, .utf16) }
        guard let firstByte = content(head).first else { throw InputError(file: path, line: nil, .emptyFile) }
        if firstByte == UInt8(ascii: "<") {
            throw InputError(file: path, line: nil, .conflict("not FtM JSON: it starts with '<', as XML does (GraphML is read from a file whose name ends in .graphml)"))
        }
        // FtM records are rarely under 64 bytes: reserve for that many (virtual memory only).
        builder.reserve(records: max(reader.fileSize / 64, 1024), bytes: reader.fileSize)
        let fileSize = reader.fileSize
        let consumed: Int
        if firstByte == UInt8(ascii: "[") {
            try ingest.readArray(&reader, options: options, into: &builder, report: &report)
            consumed = reader.consumed
        } else {
            consumed = try ingest.readLines(reader, options: options, into: &builder, report: &report)
        }
        options.progress?(ReadProgress(file: path, bytes: consumed, totalBytes: fileSize, records: report.records, finished: true))
        if ingest.records == 0 && report.skippedCount == 0 { throw InputError(file: path, line: nil, .emptyFile) }
    }

    /// Reads one FtM file into a network.
    /// - Complexity: as `read(path:options:into:report:)`, plus `NetworkBuilder.finish`.
    public static func load(path: String, options: ReadOptions = ReadOptions()) throws(InputError) -> (SanctionsNetwork, ReadReport) {
        var builder = NetworkBuilder()
        var report = ReadReport()
        try read(path: path, options: options, into: &builder, report: &report)
        return try finish(&builder, report: report, options: options)
    }

    /// Finishes a builder: dangling references are an error unless lenient, and so is input
    /// past `options.limits`.
    /// - Complexity: that of `NetworkBuilder.finish`.
    public static func finish(_ builder: inout NetworkBuilder, report: ReadReport, options: ReadOptions) throws(InputError) -> (SanctionsNetwork, ReadReport) {
        var report = report
        try options.checkLimits(builder, file: report.files.joined(separator: ", "), line: nil)
        let (network, built) = builder.finish(registry: options.sources)
        if !built.dangling.isEmpty && !options.lenient {
            let file = built.dangling[0].file.isEmpty ? report.files.joined(separator: ", ") : built.dangling[0].file
            throw InputError(file: file, line: nil, .danglingReferences(Array(built.dangling.prefix(ReadReport.keep)), total: built.dangling.count))
        }
        report.danglingCount = built.dangling.count
        report.dangling = Array(built.dangling.prefix(ReadReport.keep))
        report.outsideReferences = built.outsideReferences
        report.mergedDuplicates = built.mergedDuplicates
        report.warnings += built.warnings.map(\.description)
        report.warnings += network.unknownSourceWarnings
        return (network, report)
    }
}

/// The record-by-record work of `FtMReader`. Non-copyable, as the scanner it holds is.
struct FtMIngest: ~Copyable {
    enum Role { case entity(EntityKind, String), tie(TieKind), sanction, ignored(String) }

    let file: String
    let lenient: Bool
    var scanner = FtMRecordScanner()
    /// Every record read whole, when kept for a lossless conversion.
    var kept: FtMRecordStore?
    var records = 0
    private var roles = SchemaRoles()
    let tieEnds = TieEndNames()
    /// The distinct share reports of the ownership being read (scratch).
    private var shareReports: [ShareInterval] = []
    private static let controlProperties: [StaticString] = ["role", "controlType"]

    init(file: String, lenient: Bool) {
        self.file = file
        self.lenient = lenient
    }

    /// Throws `error`, or records it as skipped in lenient mode.
    func fail(_ error: InputError, report: inout ReadReport) throws(InputError) {
        if !lenient { throw error }
        report.skip(error)
    }

    /// Applies the record the scanner has just scanned (from `line`), as `apply(_:line:into:report:)`.
    mutating func applyScanned(_ record: ScannedRecord, line: Int, into builder: inout NetworkBuilder, report: inout ReadReport) throws(InputError) {
        let (propertyColumn, valueColumn) = (scanner.properties, scanner.values)
        try propertyColumn.withUnsafeBufferPointer { (properties) throws(InputError) in
            try valueColumn.withUnsafeBufferPointer { (values) throws(InputError) in
                try apply(FtMRecordView(record: record, allProperties: properties, allValues: values), line: line, into: &builder, report: &report)
            }
        }
    }

    /// Applies a scanned record (from `line`), counting and keeping it; a bad record throws,
    /// or is skipped when lenient.
    /// `resolved`: what `FtMLineSource` found for the record on another thread: the indices of
    /// its tie ids in the builder's lent tie-id table, when it is lent, and the hashes of the
    /// entity ids it names, from `entityHashes` on (`FtMIngest.entityKeys`).
    mutating func apply(_ record: FtMRecordView, line: Int, into builder: inout NetworkBuilder, report: inout ReadReport,
                        resolved: Resolved? = nil) throws(InputError) {
        do throws(InputError) {
            try applyRecord(record, line: line, into: &builder, report: &report, resolved: resolved)
            records += 1
            keep(record)
        } catch {
            try fail(error, report: &report)
        }
    }

    /// Keeps the record just applied, whole, when asked to.
    private mutating func keep(_ r: FtMRecordView) {
        guard kept != nil, let id = r.record.id, let schema = r.record.schema else { return }
        let props = r.properties.map { p in (name: p.name.string, values: r.values(of: p).map(\.string)) }
        kept?.merge(FtMRecord(id: id.string, schema: schema.string, caption: r.record.caption?.string, properties: props,
                              datasets: r.datasets.map(\.string), referents: r.referents.map(\.string),
                              firstSeen: r.record.firstSeen?.string, lastSeen: r.record.lastSeen?.string,
                              lastChange: r.record.lastChange?.string, target: r.record.target))
    }

    /// The `InputError` for a scan error at `line`, `column` of the file.
    func inputError(_ kind: ScanError.Kind, line: Int, column: Int) -> InputError {
        FtMIngest.inputError(kind, file: file, line: line, column: column)
    }

    /// The `InputError` for a scan error at `line`, `column` of `file`.
    static func inputError(_ kind: ScanError.Kind, file: String, line: Int, column: Int) -> InputError {
        switch kind {
        case .syntax(let detail): return InputError(file: file, line: line, .malformedJSON(column: column, detail: detail))
        case .notUTF8: return InputError(file: file, line: line, .notUTF8(column: column))
        case .shape(let property, let detail): return InputError(file: file, line: line, .badValue(property: property, detail: detail))
        }
    }

    mutating func role(of schema: ByteSlice) -> Role { roles.role(of: schema) }

    /// The properties whose values may name a UK PSC nature of control (`NatureOfControl`).
    static let natureProperties: [StaticString] = ["role", "ownershipType"]

    private func date(_ property: StaticString, of r: FtMRecordView, line: Int, earliest: Bool = true) throws(InputError) -> Day? {
        var result: Day?
        for v in r.values(property) {
            guard let d = Day(parsing: UnsafeBufferPointer(start: v.start, count: v.count)) else {
                throw InputError(file: file, line: line, .badDate(property: "\(property)", value: v.string))
            }
            if let r = result { result = earliest ? min(r, d) : max(r, d) } else { result = d }
        }
        return result
    }

    private mutating func applyRecord(_ r: FtMRecordView, line: Int, into builder: inout NetworkBuilder, report: inout ReadReport,
                                      resolved: Resolved?) throws(InputError) {
        guard let idSlice = r.record.id, idSlice.count > 0 else { throw InputError(file: file, line: line, .missingField("id")) }
        guard let schemaSlice = r.record.schema, schemaSlice.count > 0 else { throw InputError(file: file, line: line, .missingField("schema")) }
        // The export's date (docs/time.md): the latest last_seen, else first_seen, of any record
        // (a last_seen that is not a date counts as none).
        func day(_ seen: ByteSlice?) -> Day? { seen.flatMap { Day(parsing: UnsafeBufferPointer(start: $0.start, count: $0.count)) } }
        if let seen = day(r.record.lastSeen) ?? day(r.record.firstSeen) { builder.noteSeen(seen) }
        switch role(of: schemaSlice) {
        case .entity(let kind, let schema):
            try applyEntity(idSlice, of: r, kind: kind, schema: schema, line: line, into: &builder, hashes: resolved?.entityHashes ?? nil)
        case .tie(let kind):
            try applyTie(idSlice, of: r, kind: kind, line: line, into: &builder, report: &report, resolved: resolved)
        case .sanction:
            try applySanction(idSlice, of: r, line: line, into: &builder, hashes: resolved?.entityHashes ?? nil)
        case .ignored(let schema):
            builder.noteIgnored(id: idSlice.raw, schema: schema)
            report.ignoredSchemas[schema, default: 0] += 1
        }
    }

    private mutating func applyEntity(_ id: ByteSlice, of r: FtMRecordView, kind: EntityKind, schema: String, line: Int, into builder: inout NetworkBuilder,
                                      hashes: UnsafePointer<UInt32>?) throws(InputError) {
        let v = FtMIngest.node(id, 0, hashes, &builder)
        if let conflict = builder.define(v, schema: schema, kind: kind, line: line) {
            throw InputError(file: file, line: line, .conflict(conflict.message))
        }
        // The display name is the caption when there is one (OpenSanctions picks it), else the
        // first name: the caption goes first, as one of the names when it is one.
        for referent in r.referents where referent.count > 0 { builder.addReferent(v, referent.raw) }
        let caption = r.record.caption.flatMap { $0.count > 0 ? $0 : nil }
        if let caption { builder.addName(v, builder.text(caption.raw)) }
        for p in r.properties {
            let vals = r.values(of: p)
            if p.name.equals("name") {
                for s in vals where s.count > 0 {
                    // The caption, already added, is not stored twice.
                    if let caption, s.equals(caption) { continue }
                    builder.addName(v, builder.text(s.raw))
                }
            } else if p.name.equals("alias") || p.name.equals("previousName") {
                for s in vals where s.count > 0 { builder.addAlias(v, builder.text(s.raw)) }
            } else if p.name.equals("country") || p.name.equals("jurisdiction") || p.name.equals("mainCountry") {
                for s in vals where s.count > 0 { builder.addCountry(v, builder.string(s.raw)) }
            } else if p.name.equals("topics") {
                for s in vals where s.count > 0 { builder.addTopic(v, builder.string(s.raw)) }
            } else if p.name.equals("sector") {
                for s in vals { builder.addSector(v, s.raw) }
            }
        }
    }

    private mutating func applyTie(_ id: ByteSlice, of r: FtMRecordView, kind: TieKind, line: Int, into builder: inout NetworkBuilder,
                                   report: inout ReadReport, resolved: Resolved?) throws(InputError) {
        let names = tieEnds[kind]
        let sources = r.values(names.source), targets = r.values(names.target)
        guard !sources.isEmpty else { throw InputError(file: file, line: line, .missingField("properties.\(kind.ftmEnds.source)")) }
        guard !targets.isEmpty else { throw InputError(file: file, line: line, .missingField("properties.\(kind.ftmEnds.target)")) }
        // Shares as intervals (docs/shares.md); several values of one record are reports of one stake.
        var interval: ShareInterval? = nil
        var kind = kind
        // Control a PSC nature gives beside a stake: the votes (nil: plain control).
        var control: ShareInterval?? = nil
        if kind == .ownership {
            shareReports.removeAll(keepingCapacity: true)
            for v in r.values("percentage") {
                // The usual exact number without building a String.
                if let p = parsePercentage(UnsafeBufferPointer(start: v.start, count: v.count)), (0 ... 100).contains(p) {
                    let i = ShareInterval.exact(p)
                    interval = interval.map { $0.hull(i) } ?? i
                    if !shareReports.contains(i) { shareReports.append(i) }
                    continue
                }
                let problem: InputProblem
                switch parseShare(v.string) {
                case .interval(let i):
                    interval = interval.map { $0.hull(i) } ?? i
                    if !shareReports.contains(i) { shareReports.append(i) }
                    continue
                case .outOfRange: problem = .percentageOutOfRange(v.string)
                case .unreadable: problem = .badPercentage(v.string)
                }
                // Lenient: the tie stays, never "no tie" (the asset would read clear). Its share is
                // some stake of unknown size, (0, 100], which widens the hull of other reports
                // of the stake rather than adding nothing (docs/shares.md).
                guard lenient else { throw InputError(file: file, line: line, problem) }
                report.warnings.append("\(file):\(line): ownership '\(id.string)': \(problem); the tie is kept, this report's share unknown (--lenient)")
                interval = interval.map { $0.hull(.unreadable) } ?? .unreadable
                if !shareReports.contains(.unreadable) { shareReports.append(.unreadable) }
            }
            if shareReports.count > 1, let interval {
                report.warnings.append("\(file):\(line): ownership '\(id.string)' lists several percentages \(shareReports.map(\.description)); taken as one stake of \(interval) (docs/shares.md)")
            }
            // UK PSC natures of control, as codes or as OpenSanctions writes them into `role`:
            // a share band is the stake (a number in `percentage` takes precedence); a voting band
            // or a board right is control, a tie of its own beside the stake, or instead of it when
            // the record gives no share at all.
            for name in FtMIngest.natureProperties {
                for v in r.values(name) where NatureOfControl.mayBe(v.raw) {
                    switch NatureOfControl(v.string) {
                    case .shares(let band)?: if interval == nil { interval = band }
                    case .votes(let band)?: control = .some(band)
                    case .board?, .significantInfluence?: control = .some(nil)
                    case nil: break
                    }
                }
            }
            if control != nil && interval == nil { kind = .control; interval = control ?? nil; control = nil }
        } else if kind == .control {
            for name in FtMIngest.controlProperties {
                for v in r.values(name) where NatureOfControl.mayBe(v.raw) {
                    if case .votes(let band)? = NatureOfControl(v.string) { interval = band }
                }
            }
        }
        let shareClass = r.values("sharesType").first.map { builder.string($0.raw) } ?? 0
        var start = try date("startDate", of: r, line: line)
        if start == nil { start = try date("date", of: r, line: line) }
        let end = try date("endDate", of: r, line: line, earliest: false)
        var detailValues = r.values(names.detail)
        if detailValues.isEmpty { detailValues = r.values("role") }
        let detail = detailValues.first.map { builder.string($0.raw) } ?? 0
        // The ends' hashes: the sources', then the targets' (`FtMIngest.entityKeys`).
        let hashes = resolved?.entityHashes ?? nil
        let tieIDs = resolved?.tieIDs
        for (i, s) in sources.enumerated() where s.count > 0 {
            for (j, t) in targets.enumerated() where t.count > 0 {
                let single = sources.count == 1 && targets.count == 1
                let from = FtMIngest.node(s, i, hashes, &builder), to = FtMIngest.node(t, sources.count + j, hashes, &builder)
                if let conflict = builder.addTie(kind, from: from, to: to, interval: interval,
                                                 shareClass: shareClass, validity: Validity(start: start, end: end),
                                                 id: single ? id.raw : nil, idIndex: single ? tieIDs?.tie : nil, detail: detail, line: line) {
                    throw InputError(file: file, line: line, .conflict(conflict.message))
                }
                if let votes = control {
                    // The control tie's id (`FtMLineSource` interns it when the table is lent).
                    var controlID = id.string + FtMIngest.controlSuffix
                    if let tieIDs { precondition(tieIDs.control != 0, "FtMIngest: the control tie's id was not interned") }
                    let conflict = controlID.withUTF8 { raw in
                        builder.addTie(.control, from: from, to: to, interval: votes,
                                       validity: Validity(start: start, end: end), id: single ? UnsafeRawBufferPointer(raw) : nil,
                                       idIndex: single ? tieIDs?.control : nil, detail: detail, line: line)
                    }
                    if let conflict { throw InputError(file: file, line: line, .conflict(conflict.message)) }
                }
            }
        }
    }

    private mutating func applySanction(_ id: ByteSlice, of r: FtMRecordView, line: Int, into builder: inout NetworkBuilder,
                                        hashes: UnsafePointer<UInt32>?) throws(InputError) {
        let entities = r.values("entity")
        guard !entities.isEmpty else { throw InputError(file: file, line: line, .missingField("properties.entity")) }
        let listing = try date("listingDate", of: r, line: line)
        let start = try date("startDate", of: r, line: line)
        let end = try date("endDate", of: r, line: line, earliest: false)
        let authority = r.values("authority").first?.string ?? ""
        // The first code that names a jurisdiction; the source registry classifies the record
        // when the network is built (docs/sources.md).
        let countries = r.values("country").map { $0.string.lowercased() }
        let country = countries.first { Jurisdiction(code: $0) != nil } ?? countries.first ?? ""
        let programs = r.values("program").map(\.string).filter { !$0.isEmpty }
        let unscId = r.values("unscId").first?.string ?? ""
        let status = r.values("status").first?.string ?? ""
        let datasets = r.datasets.map(\.string)
        let provisions = r.values("provisions").map(\.string)
        let firstSeen = r.record.firstSeen.flatMap { Day(parsing: UnsafeBufferPointer(start: $0.start, count: $0.count)) }
        let recordID = id.string
        for (i, e) in entities.enumerated() where e.count > 0 {
            let d = Designation(id: entities.count == 1 ? recordID : "", entity: FtMIngest.node(e, i, hashes, &builder), jurisdiction: Jurisdiction(code: country) ?? .unknown,
                                country: country, authority: authority, programs: programs, unscId: unscId, listingDate: listing,
                                startDate: start, endDate: end, status: status, datasets: datasets, provisions: provisions,
                                firstSeen: firstSeen)
            if let conflict = builder.addDesignation(d, line: line) { throw InputError(file: file, line: line, .conflict(conflict.message)) }
        }
    }
}


extension FtMIngest {
    /// What the id of the control tie a PSC nature adds beside a stake ends with.
    static let controlSuffix = "#control"

    /// Whether an ownership record names a nature of control that may add a control tie
    /// beside its stake (votes, board rights, significant influence: `applyTie` adds it when
    /// the record also gives a share).
    static func namesControl(_ r: FtMRecordView) -> Bool {
        for name in natureProperties {
            for v in r.values(name) where NatureOfControl.mayBe(v.raw) {
                switch NatureOfControl(v.string) {
                case .votes?, .board?, .significantInfluence?: return true
                case .shares?, nil: break
                }
            }
        }
        return false
    }
}

extension FtMIngest {
    /// The entity ids a record names, in the order `applyRecord` finds their nodes: an
    /// entity's id; a tie's source values, then its target values; a sanction's `entity`
    /// values (empty values too: positions count). `FtMLineSource` hashes them on another
    /// thread (`Resolved.entityHashes`); other records name none.
    static func entityKeys(of r: FtMRecordView, role: Role, ends: borrowing TieEndNames, _ body: (ByteSlice) -> Void) {
        switch role {
        case .entity:
            if let id = r.record.id { body(id) }
        case .tie(let kind):
            let names = ends[kind]
            for v in r.values(names.source) { body(v) }
            for v in r.values(names.target) { body(v) }
        case .sanction:
            for v in r.values("entity") { body(v) }
        case .ignored:
            break
        }
    }

    /// The node of entity id `id`, the `k`th of its record's `entityKeys`, whose hashes start
    /// at `hashes` when they were computed before.
    @inline(__always)
    static func node(_ id: ByteSlice, _ k: Int, _ hashes: UnsafePointer<UInt32>?, _ builder: inout NetworkBuilder) -> UInt32 {
        guard let hashes else { return builder.node(id.raw) }
        assert(hashes[k] == StringTable.hash(id.raw), "FtMIngest: an entity id's hash is not its key's")
        return builder.node(id.raw, hash: hashes[k])
    }

    /// What `FtMLineSource` found for a record, as the reading thread applies it.
    struct Resolved {
        var tieIDs: ResolvedTieIDs
        /// The hashes of the record's `entityKeys`, in order (nil: not computed).
        var entityHashes: UnsafePointer<UInt32>?
    }
}

/// The indices of a tie record's ids in a lent tie-id table (`NetworkBuilder.lendTieIDs`):
/// its own id and that of the control tie it may add (0: none), and the table's byte count
/// once they are in; and where the hashes of any record's `FtMIngest.entityKeys` start in
/// its batch's `entityHashes`.
struct ResolvedTieIDs {
    var tie: UInt32 = 0
    var control: UInt32 = 0
    var tableBytes = 0
    var firstHash = 0
}

/// The properties that name each tie kind's ends and its detail, as byte slices compared
/// without copying or retaining anything per record. Non-copyable: it owns their bytes.
struct TieEndNames: ~Copyable {
    private let byKind: [(source: ByteSlice, target: ByteSlice, detail: ByteSlice)]
    private let bytes: UnsafeMutablePointer<UInt8>

    init() {
        let names = TieKind.allCases.map { [$0.ftmEnds.source, $0.ftmEnds.target, $0.ftmDetailProperty] }
        let bytes = UnsafeMutablePointer<UInt8>.allocate(capacity: names.joined().reduce(0) { $0 + $1.utf8.count })
        var used = 0
        func slice(_ name: String) -> ByteSlice {
            let start = bytes + used
            for b in name.utf8 { bytes[used] = b; used += 1 }
            return ByteSlice(start: start, count: name.utf8.count)
        }
        byKind = names.map { (slice($0[0]), slice($0[1]), slice($0[2])) }
        self.bytes = bytes
    }

    deinit { bytes.deallocate() }

    subscript(kind: TieKind) -> (source: ByteSlice, target: ByteSlice, detail: ByteSlice) { byKind[Int(kind.rawValue)] }
}

/// The role of each FtM schema, found once per schema name in a small table (one per thread
/// that reads records).
struct SchemaRoles {
    private var table = StringTable(capacity: 64)
    private var roles: [FtMIngest.Role] = []

    mutating func role(of schema: ByteSlice) -> FtMIngest.Role {
        let k = Int(table.intern(schema.raw))
        if k == roles.count {
            let name = schema.string
            if let kind = FtMSchema.entityKind(of: name) { roles.append(.entity(kind, name)) }
            else if let tie = FtMSchema.tieKind(of: name) { roles.append(.tie(tie)) }
            else if name == "Sanction" { roles.append(.sanction) }
            else { roles.append(.ignored(name)) }
        }
        return roles[k]
    }
}
