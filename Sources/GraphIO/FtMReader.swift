import GraphCore
import SanctionsModel

/// Reads FollowTheMoney entities, as OpenSanctions publishes them (`entities.ftm.json`):
/// one JSON object per line, or one JSON array of objects.
///
/// Things (Person, Company, Organization, …) become nodes; every FtM edge schema
/// (Ownership, Control, Directorship, Family, …) becomes a tie; `Sanction` records become
/// designations; the `sector` property becomes sector nodes with membership ties. Records
/// of other schemata (Address, Identification, documents, …) are counted, not modelled.
/// The file is streamed in 4 MiB blocks, a JSON array element by element (`FtMIngest.readArray`):
/// memory grows with the network and the longest record, not with the file.
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
        if firstByte == UInt8(ascii: "[") {
            try ingest.readArray(&reader, options: options, into: &builder, report: &report)
        } else {
            var nextProgress = ReadProgress.step
            while let line = try reader.next() {
                if reader.consumed >= nextProgress {
                    options.progress?(ReadProgress(file: path, bytes: reader.consumed, totalBytes: reader.fileSize, records: report.records, finished: false))
                    nextProgress += ReadProgress.step
                }
                switch line {
                case .tooLong:
                    report.records += 1
                    try ingest.fail(InputError(file: path, line: reader.lineNumber, .recordTooLong(limitBytes: options.maxRecordBytes)), report: &report)
                case .text(var p, var count):
                    if reader.lineNumber == 1 && count >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF { p += 3; count -= 3 }
                    try ingest.handleLine(p, count, line: reader.lineNumber, into: &builder, report: &report)
                    try options.checkLimits(builder, file: path, line: reader.lineNumber)
                }
            }
        }
        options.progress?(ReadProgress(file: path, bytes: reader.consumed, totalBytes: reader.fileSize, records: report.records, finished: true))
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
    private var schemaTable = StringTable(capacity: 64)
    private var roles: [Role] = []
    private let endNames: [(source: [UInt8], target: [UInt8], detail: [UInt8])] = TieKind.allCases.map {
        (Array($0.ftmEnds.source.utf8), Array($0.ftmEnds.target.utf8), Array($0.ftmDetailProperty.utf8))
    }

    init(file: String, lenient: Bool) {
        self.file = file
        self.lenient = lenient
    }

    /// Throws `error`, or records it as skipped in lenient mode.
    func fail(_ error: InputError, report: inout ReadReport) throws(InputError) {
        if !lenient { throw error }
        report.skip(error)
    }

    mutating func handleLine(_ p: UnsafePointer<UInt8>, _ count: Int, line: Int, into builder: inout NetworkBuilder,
                             report: inout ReadReport) throws(InputError) {
        let end = p + count
        let first = scanner.skipSpace(p, end)
        if first == end { return }  // blank line
        report.records += 1
        do throws(ScanError) {
            let after = try scanner.scanRecord(first, end)
            let rest = scanner.skipSpace(after, end)
            if rest != end {
                throw ScanError(offset: rest - first, kind: .syntax("unexpected text after the record (\(describe(rest.pointee))); one JSON object per line"))
            }
        } catch {
            try fail(inputError(error, line: line, lineStart: p, recordStart: first), report: &report)
            return
        }
        try applyScanned(line: line, into: &builder, report: &report)
    }

    /// Applies the record just scanned (from `line`), counting and keeping it; a bad record
    /// throws, or is skipped when lenient.
    mutating func applyScanned(line: Int, into builder: inout NetworkBuilder, report: inout ReadReport) throws(InputError) {
        do throws(InputError) {
            try apply(line: line, into: &builder, report: &report)
            records += 1
            keepRecord()
        } catch {
            try fail(error, report: &report)
        }
    }

    /// Keeps the record just applied, whole, when asked to.
    private mutating func keepRecord() {
        guard kept != nil, let id = scanner.id, let schema = scanner.schema else { return }
        let props = scanner.properties.map { p in (name: p.name.string, values: scanner.values[p.first ..< p.first + p.count].map(\.string)) }
        kept?.merge(FtMRecord(id: id.string, schema: schema.string, caption: scanner.caption?.string, properties: props,
                              datasets: scanner.datasets.map(\.string), referents: scanner.referents.map(\.string),
                              firstSeen: scanner.firstSeen?.string, lastSeen: scanner.lastSeen?.string,
                              lastChange: scanner.lastChange?.string, target: scanner.target))
    }

    private func inputError(_ error: ScanError, line: Int, lineStart: UnsafePointer<UInt8>, recordStart: UnsafePointer<UInt8>) -> InputError {
        inputError(error.kind, line: line, column: (recordStart - lineStart) + error.offset + 1)
    }

    /// The `InputError` for a scan error at `line`, `column` of the file.
    func inputError(_ kind: ScanError.Kind, line: Int, column: Int) -> InputError {
        switch kind {
        case .syntax(let detail): return InputError(file: file, line: line, .malformedJSON(column: column, detail: detail))
        case .notUTF8: return InputError(file: file, line: line, .notUTF8(column: column))
        case .shape(let property, let detail): return InputError(file: file, line: line, .badValue(property: property, detail: detail))
        }
    }

    private mutating func role(of schema: ByteSlice) -> Role {
        let k = Int(schemaTable.intern(schema.raw))
        if k == roles.count {
            let name = schema.string
            if let kind = FtMSchema.entityKind(of: name) { roles.append(.entity(kind, name)) }
            else if let tie = FtMSchema.tieKind(of: name) { roles.append(.tie(tie)) }
            else if name == "Sanction" { roles.append(.sanction) }
            else { roles.append(.ignored(name)) }
        }
        return roles[k]
    }

    private func values(_ name: StaticString) -> ArraySlice<ByteSlice> {
        for p in scanner.properties where p.name.equals(name) { return scanner.values[p.first ..< p.first + p.count] }
        return []
    }

    private func values(_ name: [UInt8]) -> ArraySlice<ByteSlice> {
        for p in scanner.properties where p.name.count == name.count && name.withUnsafeBufferPointer({ n in
            (0 ..< name.count).allSatisfy { p.name.start[$0] == n[$0] }
        }) {
            return scanner.values[p.first ..< p.first + p.count]
        }
        return []
    }

    private func date(_ property: StaticString, line: Int, earliest: Bool = true) throws(InputError) -> Day? {
        var result: Day?
        for v in values(property) {
            guard let d = Day(parsing: UnsafeBufferPointer(start: v.start, count: v.count)) else {
                throw InputError(file: file, line: line, .badDate(property: "\(property)", value: v.string))
            }
            if let r = result { result = earliest ? min(r, d) : max(r, d) } else { result = d }
        }
        return result
    }

    private mutating func apply(line: Int, into builder: inout NetworkBuilder, report: inout ReadReport) throws(InputError) {
        guard let idSlice = scanner.id, idSlice.count > 0 else { throw InputError(file: file, line: line, .missingField("id")) }
        guard let schemaSlice = scanner.schema, schemaSlice.count > 0 else { throw InputError(file: file, line: line, .missingField("schema")) }
        // The export's date (docs/time.md): the latest last_seen, else first_seen, of any record
        // (a last_seen that is not a date counts as none).
        func day(_ seen: ByteSlice?) -> Day? { seen.flatMap { Day(parsing: UnsafeBufferPointer(start: $0.start, count: $0.count)) } }
        if let seen = day(scanner.lastSeen) ?? day(scanner.firstSeen) { builder.noteSeen(seen) }
        switch role(of: schemaSlice) {
        case .entity(let kind, let schema):
            try applyEntity(idSlice, kind: kind, schema: schema, line: line, into: &builder)
        case .tie(let kind):
            try applyTie(idSlice, kind: kind, line: line, into: &builder, report: &report)
        case .sanction:
            try applySanction(idSlice, line: line, into: &builder)
        case .ignored(let schema):
            builder.noteIgnored(id: idSlice.raw, schema: schema)
            report.ignoredSchemas[schema, default: 0] += 1
        }
    }

    private mutating func applyEntity(_ id: ByteSlice, kind: EntityKind, schema: String, line: Int, into builder: inout NetworkBuilder) throws(InputError) {
        let v = builder.node(id.raw)
        if let conflict = builder.define(v, schema: schema, kind: kind, line: line) {
            throw InputError(file: file, line: line, .conflict(conflict.message))
        }
        // The display name is the caption when there is one (OpenSanctions picks it), else the
        // first name: the caption goes first, as one of the names when it is one.
        for r in scanner.referents where r.count > 0 { builder.addReferent(v, r.raw) }
        let caption = scanner.caption.flatMap { $0.count > 0 ? $0 : nil }
        if let caption { builder.addName(v, builder.text(caption.raw)) }
        for p in scanner.properties {
            let vals = scanner.values[p.first ..< p.first + p.count]
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
                for s in vals { builder.addSector(v, s.string) }
            }
        }
    }

    private mutating func applyTie(_ id: ByteSlice, kind: TieKind, line: Int, into builder: inout NetworkBuilder, report: inout ReadReport) throws(InputError) {
        let names = endNames[Int(kind.rawValue)]
        let sources = values(names.source), targets = values(names.target)
        guard !sources.isEmpty else { throw InputError(file: file, line: line, .missingField("properties.\(kind.ftmEnds.source)")) }
        guard !targets.isEmpty else { throw InputError(file: file, line: line, .missingField("properties.\(kind.ftmEnds.target)")) }
        // Shares as intervals (docs/shares.md); several values of one record are reports of one stake.
        var interval: ShareInterval? = nil
        var kind = kind
        // Control a PSC nature gives beside a stake: the votes (nil: plain control).
        var control: ShareInterval?? = nil
        if kind == .ownership {
            var reports: [ShareInterval] = []
            for v in values("percentage") {
                // The usual exact number without building a String.
                if let p = parsePercentage(UnsafeBufferPointer(start: v.start, count: v.count)), (0 ... 100).contains(p) {
                    let i = ShareInterval.exact(p)
                    interval = interval.map { $0.hull(i) } ?? i
                    if !reports.contains(i) { reports.append(i) }
                    continue
                }
                let problem: InputProblem
                switch parseShare(v.string) {
                case .interval(let i):
                    interval = interval.map { $0.hull(i) } ?? i
                    if !reports.contains(i) { reports.append(i) }
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
                if !reports.contains(.unreadable) { reports.append(.unreadable) }
            }
            if reports.count > 1, let interval {
                report.warnings.append("\(file):\(line): ownership '\(id.string)' lists several percentages \(reports.map(\.description)); taken as one stake of \(interval) (docs/shares.md)")
            }
            // UK PSC natures of control, as codes or as OpenSanctions writes them into `role`:
            // a share band is the stake (a number in `percentage` takes precedence); a voting band
            // or a board right is control, a tie of its own beside the stake, or instead of it when
            // the record gives no share at all.
            for name in ["role", "ownershipType"] as [StaticString] {
                for v in values(name) where NatureOfControl.mayBe(v.raw) {
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
            for name in ["role", "controlType"] as [StaticString] {
                for v in values(name) where NatureOfControl.mayBe(v.raw) {
                    if case .votes(let band)? = NatureOfControl(v.string) { interval = band }
                }
            }
        }
        let shareClass = values("sharesType").first.map { builder.string($0.raw) } ?? 0
        var start = try date("startDate", line: line)
        if start == nil { start = try date("date", line: line) }
        let end = try date("endDate", line: line, earliest: false)
        var detailValues = values(names.detail)
        if detailValues.isEmpty { detailValues = values("role") }
        let detail = detailValues.first.map { builder.string($0.raw) } ?? 0
        for s in sources where s.count > 0 {
            for t in targets where t.count > 0 {
                let single = sources.count == 1 && targets.count == 1
                if let conflict = builder.addTie(kind, from: builder.node(s.raw), to: builder.node(t.raw), interval: interval,
                                                 shareClass: shareClass, validity: Validity(start: start, end: end),
                                                 id: single ? id.raw : nil, detail: detail, line: line) {
                    throw InputError(file: file, line: line, .conflict(conflict.message))
                }
                if let votes = control {
                    var controlID = id.string + "#control"
                    let conflict = controlID.withUTF8 { raw in
                        builder.addTie(.control, from: builder.node(s.raw), to: builder.node(t.raw), interval: votes,
                                       validity: Validity(start: start, end: end), id: single ? UnsafeRawBufferPointer(raw) : nil,
                                       detail: detail, line: line)
                    }
                    if let conflict { throw InputError(file: file, line: line, .conflict(conflict.message)) }
                }
            }
        }
    }

    private mutating func applySanction(_ id: ByteSlice, line: Int, into builder: inout NetworkBuilder) throws(InputError) {
        let entities = values("entity")
        guard !entities.isEmpty else { throw InputError(file: file, line: line, .missingField("properties.entity")) }
        let listing = try date("listingDate", line: line)
        let start = try date("startDate", line: line)
        let end = try date("endDate", line: line, earliest: false)
        let authority = values("authority").first?.string ?? ""
        // The first code that names a jurisdiction; the source registry classifies the record
        // when the network is built (docs/sources.md).
        let countries = values("country").map { $0.string.lowercased() }
        let country = countries.first { Jurisdiction(code: $0) != nil } ?? countries.first ?? ""
        let programs = values("program").map(\.string).filter { !$0.isEmpty }
        let unscId = values("unscId").first?.string ?? ""
        let status = values("status").first?.string ?? ""
        let datasets = scanner.datasets.map(\.string)
        let provisions = values("provisions").map(\.string)
        let firstSeen = scanner.firstSeen.flatMap { Day(parsing: UnsafeBufferPointer(start: $0.start, count: $0.count)) }
        let recordID = id.string
        for e in entities where e.count > 0 {
            let d = Designation(id: entities.count == 1 ? recordID : "", entity: builder.node(e.raw), jurisdiction: Jurisdiction(code: country) ?? .unknown,
                                country: country, authority: authority, programs: programs, unscId: unscId, listingDate: listing,
                                startDate: start, endDate: end, status: status, datasets: datasets, provisions: provisions,
                                firstSeen: firstSeen)
            if let conflict = builder.addDesignation(d, line: line) { throw InputError(file: file, line: line, .conflict(conflict.message)) }
        }
    }
}
