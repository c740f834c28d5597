import GraphCore
import SanctionsModel
import Platform

/// A file a snapshot was made from (docs/snapshot.md, "Provenance").
public struct SnapshotSource: Sendable, Hashable {
    /// The path as it was given.
    public var path: String
    /// Its size in bytes.
    public var bytes: Int
    /// Its SHA-256 as `sha256sum` prints it; "" when it was not a regular file (a pipe).
    public var sha256: String

    /// A source file's record.
    public init(path: String, bytes: Int, sha256: String) {
        self.path = path
        self.bytes = bytes
        self.sha256 = sha256
    }
}

/// One section of a snapshot: its name, what it holds and its size.
public struct SnapshotSection: Sendable, Hashable {
    /// The section's name (docs/snapshot.md, "Sections"), such as `graph.edgeTarget`.
    public var name: String
    /// Its element type: `u8`, `u32`, `i32`, `u64`, `f64` or `records`.
    public var element: String
    /// Its length in bytes (without alignment padding).
    public var bytes: Int
}

/// What a snapshot says about itself: where it came from, how it was classified, its
/// sections, and the notices of the load it was made from.
public struct SnapshotInfo: Sendable {
    /// The snapshot's path.
    public var path: String
    /// Its format version.
    public var version: Int
    /// Its size in bytes.
    public var fileBytes: Int
    /// The files it was made from.
    public var sources: [SnapshotSource]
    /// The version (`SourceRegistry.version`) of the registry that classified its listings.
    public var registryVersion: String
    /// Whether this opening classified the listings again with another registry (`--sources`).
    public var reclassified: Bool
    /// Whether the checksums and structure were checked at opening.
    public var verified: Bool
    /// The sections, in file order.
    public var sections: [SnapshotSection]
    /// The records the source files held, as the load that made the snapshot counted them.
    public var records: Int
    /// That load's notices (`ReadReport.notices`).
    public var notices: [String]
    /// That load's warning count (`ReadReport.warningCount`).
    public var warningCount: Int
}

/// Graph snapshots (docs/snapshot.md): a loaded network in one binary file that opens by
/// memory-mapping, its columns read in place.
public enum Snapshot {
    /// The extension a snapshot's path ends with.
    public static let fileExtension = ".sgraph"

    /// Records `paths` as a snapshot's source files: each one's size and SHA-256 (a
    /// folder's CSV trio by its three files; a pipe or device by its path alone).
    /// - Complexity: O(total bytes of the files).
    public static func sources(of paths: [String]) -> [SnapshotSource] {
        paths.map { path in
            guard let file = try? MappedFile(path: path) else { return SnapshotSource(path: path, bytes: 0, sha256: "") }
            var hash = SHA256()
            hash.update(file.bytes)
            return SnapshotSource(path: path, bytes: file.bytes.count, sha256: hash.hexDigest())
        }
    }

    /// Writes `network` to `path` as a snapshot (whole or not at all: `OutputFile`), with
    /// the notices and record count of `report` (the load that made the network) and the
    /// source files `sources`. The same network and sources always give the same bytes.
    /// `progress` hears after each section how many bytes are written (its `records` are
    /// the sections written).
    /// - Complexity: O(size of the network).
    public static func write(_ network: SanctionsNetwork, report: ReadReport, sources: [SnapshotSource], to path: String,
                             progress: (@Sendable (ReadProgress) -> Void)? = nil) throws(OutputError) {
        let sections = SnapshotLayout.sections(of: network, report: report, sources: sources)
        var offset = SnapshotFormat.aligned(SnapshotFormat.headerSize + SnapshotFormat.entrySize * sections.count)
        var table = RecordWriter()
        for section in sections {
            var name = Array(section.name.utf8)
            name += [UInt8](repeating: 0, count: SnapshotFormat.nameSize - name.count)
            for b in name { table.u8(b) }
            table.u64(UInt64(offset))
            table.u64(UInt64(section.data.count))
            table.u64(section.data.checksum())
            table.u8(section.element.rawValue)
            for _ in 0 ..< 7 { table.u8(0) }
            offset = SnapshotFormat.aligned(offset + section.data.count)
        }
        let fileSize = offset
        var header = RecordWriter()
        for b in SnapshotFormat.magic { header.u8(b) }
        header.u32(SnapshotFormat.version)
        header.u32(UInt32(sections.count))
        header.u64(UInt64(fileSize))
        header.u64(table.bytes.withUnsafeBytes { SnapshotChecksum.of($0) })
        header.u64(header.bytes.withUnsafeBytes { SnapshotChecksum.of($0) })
        for _ in header.bytes.count ..< SnapshotFormat.headerSize { header.u8(0) }

        let out = try OutputFile(path: path)
        var written = 0
        func pad(to position: Int) throws(OutputError) {
            if position > written { try out.write(bytes: [UInt8](repeating: 0, count: position - written)) }
            written = position
        }
        try out.write(bytes: header.bytes)
        try out.write(bytes: table.bytes)
        written = header.bytes.count + table.bytes.count
        for (i, section) in sections.enumerated() {
            try pad(to: SnapshotFormat.aligned(written))
            try section.data.withBytes { (raw) throws(OutputError) in try out.write(raw: raw) }
            written += section.data.count
            progress?(ReadProgress(file: path, bytes: written, totalBytes: fileSize, records: i + 1, finished: false))
        }
        try pad(to: fileSize)
        try out.close()
        progress?(ReadProgress(file: path, bytes: fileSize, totalBytes: fileSize, records: sections.count, finished: true))
    }

    /// Opens the snapshot at `path` by mapping it: the columns are read in place, the few
    /// records (designations, the registry, share ranges) decoded. Unless
    /// `options.verifySnapshot` is off, every section's checksum and the network's structure
    /// are checked first. When `options.sources` has rows added to the built-in table
    /// (`--sources`), the listings are classified again with it; otherwise they keep the
    /// classification the snapshot recorded.
    /// - Complexity: O(size of the file) when verifying, else O(sections + designations +
    ///   share ranges + registry rows).
    /// - Throws: `InputError` with `InputProblem.badSnapshot` naming the section at fault, or
    ///   `.unreadable`.
    public static func open(path: String, options: ReadOptions = ReadOptions()) throws(InputError) -> (SanctionsNetwork, ReadReport) {
        let file: MappedFile
        do { file = try MappedFile(path: path) } catch { throw InputError(file: path, line: nil, .unreadable(error.reason)) }
        do {
            return try SnapshotReader(file: file, path: path, options: options).read()
        } catch {
            throw InputError(file: path, line: nil, .badSnapshot(section: error.section, error.detail))
        }
    }
}

/// The bytes of one section to write: a column's, or encoded records (held as a column).
struct SectionData {
    let count: Int
    private let body: (_ use: (UnsafeRawBufferPointer) throws(OutputError) -> Void) throws(OutputError) -> Void

    init<T: BitwiseCopyable>(_ column: Column<T>) {
        count = column.count * MemoryLayout<T>.stride
        body = { (use) throws(OutputError) in try column.withUnsafeBytes { (raw) throws(OutputError) in try use(raw) } }
    }

    init(_ bytes: [UInt8]) { self.init(Column(bytes)) }

    func withBytes(_ use: (UnsafeRawBufferPointer) throws(OutputError) -> Void) throws(OutputError) { try body(use) }

    /// The checksum of the bytes (`SnapshotChecksum`).
    func checksum() -> UInt64 {
        var sum: UInt64 = 0
        try? withBytes { sum = SnapshotChecksum.of($0) }   // reading, not writing: nothing throws
        return sum
    }
}

/// Which sections a snapshot has, in file order, and how the records ones are encoded
/// (docs/snapshot.md, "Sections").
enum SnapshotLayout {
    static func sections(of network: SanctionsNetwork, report: ReadReport, sources: [SnapshotSource])
        -> [(name: String, element: SnapshotFormat.Element, data: SectionData)] {
        var list: [(name: String, element: SnapshotFormat.Element, data: SectionData)] = []
        func column<T: BitwiseCopyable>(_ name: String, _ element: SnapshotFormat.Element, _ c: Column<T>) {
            list.append((name, element, SectionData(c)))
        }
        func records(_ name: String, _ w: RecordWriter) { list.append((name, .records, SectionData(w.bytes))) }
        // A coded column (docs/snapshot.md, "Coded columns"): its codes, or its values when it
        // is plain, under `name`, and the table the codes index under `name.table` (empty then).
        func coded<T: BitwiseCopyable>(_ name: String, _ element: SnapshotFormat.Element, _ c: CodedColumn<T>) {
            switch c.compacted().stored {
            case .plain(let values): column(name, element, values); column(name + ".table", element, Column<T>())
            case .codes8(let codes, let table): column(name, .uint8, codes); column(name + ".table", element, table)
            case .codes16(let codes, let table): column(name, .uint16, codes); column(name + ".table", element, table)
            }
        }

        records("meta", meta(network, report: report, sources: sources))
        let g = network.graph.storedColumns
        column("graph.outOffsets", .uint32, g.outOffsets)
        column("graph.edgeTarget", .uint32, g.edgeTarget)
        column("graph.inOffsets", .uint32, g.inOffsets)
        column("graph.inEdgeIDs", .uint32, g.inEdgeIDs)
        column("graph.inSources", .uint32, g.inSources)
        column("graph.edgeKind", .uint8, g.edgeKind)
        coded("graph.edgeWeight", .float64, g.edgeWeight)
        coded("graph.edgeValidFrom", .int32, g.edgeValidFrom)
        coded("graph.edgeValidUntil", .int32, g.edgeValidUntil)
        for (prefix, table) in [("ids", network.ids), ("strings", network.strings), ("tieIDTable", network.tieIDsInEdgeOrder()), ("referentIDs", network.referentIDs)] {
            // An indexed table keeps its index sorted (docs/snapshot.md, "String tables").
            let t = table.storedColumns(sortIndex: true)
            column(prefix + ".bytes", .uint8, t.bytes)
            column(prefix + ".offsets", .uint32, t.offsets)
            column(prefix + ".slots", .uint64, t.slots)
            column(prefix + ".sorted", .uint32, t.sorted)
        }
        column("entities.kind", .uint8, network.kindCodes)
        coded("entities.schema", .uint32, network.schemas)
        for (prefix, c) in [("names", network.names), ("aliases", network.aliases), ("countries", network.countries),
                            ("topics", network.topics), ("sectors", network.sectors)] {
            // Lists per entity (docs/snapshot.md): offsets, or presence bits and ranks.
            let stored = c.compacted().stored
            column(prefix + ".offsets", .uint32, stored.offsets)
            column(prefix + ".present", .uint64, stored.present)
            column(prefix + ".ranks", .uint32, stored.ranks)
            coded(prefix + ".values", .uint32, stored.values)
        }
        coded("ties.detail", .uint32, network.tieDetails)
        column("referents.node", .uint32, network.referentNodes)
        var ranges = RecordWriter()
        ranges.u32(UInt32(network.shareRanges.count))
        for (e, r) in zip(network.shareRanges.edges, network.shareRanges.values) {
            ranges.u32(e); ranges.f64(r.low); ranges.f64(r.high); ranges.bool(r.lowOpen); ranges.bool(r.highOpen)
        }
        records("shareRanges", ranges)
        var classes = RecordWriter()
        classes.u32(UInt32(network.shareClasses.count))
        for (e, v) in zip(network.shareClasses.edges, network.shareClasses.values) { classes.u32(e); classes.u32(v) }
        records("shareClasses", classes)
        records("designations", designations(network.designations))
        records("registry", registry(network.sourceRegistry))
        return list
    }

    static func meta(_ network: SanctionsNetwork, report: ReadReport, sources: [SnapshotSource]) -> RecordWriter {
        var w = RecordWriter()
        w.u64(UInt64(network.entityCount))
        w.u64(UInt64(network.tieCount))
        w.day(network.exportDate)
        w.u32(UInt32(sources.count))
        for s in sources { w.string(s.path); w.u64(UInt64(s.bytes)); w.string(s.sha256) }
        w.u64(UInt64(report.records))
        w.strings(report.notices)
        w.u64(UInt64(report.warningCount))
        w.string(network.sourceRegistry.version)
        let ignored = report.ignoredSchemas.sorted { $0.key < $1.key }
        w.u32(UInt32(ignored.count))
        for (schema, n) in ignored { w.string(schema); w.u64(UInt64(n)) }
        return w
    }

    /// The listings: their texts repeat (authorities, programs, datasets), so each distinct
    /// text is written once, in a pool before the records, and the records refer to it.
    static func designations(_ list: [Designation]) -> RecordWriter {
        var pool: [String] = [], index: [String: UInt32] = [:]
        var refs = RecordWriter()
        func text(_ s: String) {
            if let i = index[s] { refs.u32(i); return }
            let i = UInt32(pool.count)
            index[s] = i
            pool.append(s)
            refs.u32(i)
        }
        func texts(_ list: [String]) {
            refs.u32(UInt32(list.count))
            for s in list { text(s) }
        }
        for d in list {
            text(d.id); refs.u32(d.entity); text(d.jurisdiction.code); text(d.country); text(d.authority)
            texts(d.programs); text(d.unscId); refs.day(d.listingDate); refs.day(d.startDate); refs.day(d.endDate); text(d.status)
            texts(d.datasets); texts(d.provisions); refs.day(d.firstSeen); refs.day(d.knownSince)
            text(d.measure.rawValue)
            switch d.basis {
            case .dataset(let s): refs.u8(0); text(s)
            case .authority(let s): refs.u8(1); text(s)
            case .country(let s): refs.u8(2); text(s)
            case .unknown: refs.u8(3); text("")
            }
            text(d.sourceLabel); refs.bool(d.narrowedByProvisions)
        }
        var w = RecordWriter()
        w.strings(pool)
        w.u32(UInt32(list.count))
        w.append(refs)
        return w
    }

    static func registry(_ r: SourceRegistry) -> RecordWriter {
        var w = RecordWriter()
        w.strings(r.origins)
        w.u32(UInt32(r.entries.count))
        for e in r.entries {
            w.string(e.match.rawValue); w.string(e.key); w.string(e.jurisdiction?.code ?? ""); w.string(e.measure?.rawValue ?? "")
            w.string(e.label); w.string(e.citation); w.string(e.origin); w.u32(UInt32(clamping: e.line))
        }
        return w
    }
}
