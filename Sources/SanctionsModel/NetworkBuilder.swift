import GraphCore
import Platform

/// A problem found while assembling a network, with the input line it comes from (when one).
public struct Diagnostic: Sendable, Hashable, CustomStringConvertible {
    /// The input the record came from (as named by `NetworkBuilder.beginSource`), or "".
    public var file: String
    /// The input line, or nil when the problem is not about one record.
    public var line: Int?
    /// What is wrong.
    public var message: String
    /// A diagnostic `message` about `line` of `file`.
    public init(file: String = "", line: Int?, _ message: String) {
        self.file = file
        self.line = line
        self.message = message
    }
    public var description: String {
        let place = [file.isEmpty ? nil : file, line.map(String.init)].compactMap { $0 }.joined(separator: ":")
        return place.isEmpty ? message : "\(place): \(message)"
    }
}

/// A tie or designation that names an entity the input never defines.
public struct DanglingReference: Sendable, Hashable, CustomStringConvertible {
    /// The input the referring record came from, or "".
    public var file: String = ""
    /// The line of the referring record.
    public var line: Int
    /// The referring tie's or designation's id ("" if it has none).
    public var recordID: String
    /// The FtM property that names the missing entity (`owner`, `asset`, `entity`, …).
    public var property: String
    /// The id no record defines.
    public var missingID: String
    public var description: String {
        (file.isEmpty ? "line \(line)" : "\(file):\(line)")
            + ": \(recordID.isEmpty ? "record" : "'\(recordID)'") refers to missing entity '\(missingID)' (\(property))"
    }
}

/// What `NetworkBuilder.finish()` reports besides the network.
public struct BuildReport: Sendable {
    /// References to entities that were never defined; their ties and designations were dropped.
    public var dangling: [DanglingReference] = []
    /// Ties and designations dropped because they point at records that are not graph nodes
    /// (addresses, documents, …), counted by the schema of that record.
    public var outsideReferences: [String: Int] = [:]
    /// Records merged into an earlier record with the same id.
    public var mergedDuplicates = 0
    /// Records merged with a loss (conflicting shares taken as one stake, …).
    public var warnings: [Diagnostic] = []
}

/// Assembles a `SanctionsNetwork` from records in any order: entities may be referenced
/// before they are defined, and records repeating an id are merged deterministically
/// (names, countries and topics united in first-seen order; the more specific schema
/// kept; ties' dates widened; a conflicting share resolved to the larger with a warning).
public struct NetworkBuilder: Sendable {
    static let undefined: UInt8 = .max

    @usableFromInline var ids = StringTable(capacity: 1024)
    @usableFromInline var kinds: [UInt8] = []
    var schemas: [UInt32] = []
    var definedAt: [UInt32] = []
    @usableFromInline var strings = StringTable(capacity: 1024)

    var nameNodes: [UInt32] = [], nameValues: [UInt32] = []
    var aliasNodes: [UInt32] = [], aliasValues: [UInt32] = []
    var countryNodes: [UInt32] = [], countryValues: [UInt32] = []
    var topicNodes: [UInt32] = [], topicValues: [UInt32] = []
    var sectorMembers: [UInt32] = [], sectorOf: [UInt32] = []
    /// The sector spellings seen (`addSector`), and the sector node of each.
    var sectorSpellings = StringTable(capacity: 16)
    var sectorOfSpelling: [UInt32] = []
    var referentIDs = StringTable(capacity: 16)
    var referentNodes: [UInt32] = []

    var tSource: [UInt32] = [], tTarget: [UInt32] = []
    var tKind: [UInt8] = [], tShare: [Double] = []
    /// The shares that are ranges (neither exact nor unknown), by tie index; `tShare` is NaN for them.
    var tRanges: [Int: ShareInterval] = [:]
    /// The share class (`sharesType`, a `strings` index) of the ties that name one, by tie index.
    var tShareClass: [Int: UInt32] = [:]
    var tFrom: [Int32] = [], tUntil: [Int32] = []
    var tID: [UInt32] = [], tDetail: [UInt32] = [], tLine: [UInt32] = []
    var tieIDTable = StringTable(capacity: 1024)
    /// The bytes of the tie-id table while a reader has borrowed it (`lendTieIDs`), nil otherwise.
    var lentTieIDBytes: Int?
    /// Scratch space of `warm`.
    private var warmScratch: [UInt32] = []
    var firstTieForID: [Int32] = [-1]

    var designations: [Designation] = []
    /// The latest `last_seen` (or `first_seen`) of any record: the export's date.
    public private(set) var latestSeen: Day?
    var designationLines: [UInt32] = []
    var designationForID: [String: Int] = [:]

    /// The inputs read, each with the tie and designation counts when it began.
    var sources: [(name: String, firstTie: Int, firstDesignation: Int)] = []
    var ignoredIDs = StringTable(capacity: 16)
    var ignoredSchemaOf: [UInt32] = []
    var ignoredSchemaNames: [String] = []
    var report = BuildReport()

    /// An empty builder.
    public init() {
        strings.intern("")
        tieIDTable.intern("")
    }

    /// Reserves room for about `records` input records of `bytes` bytes in all, so that the
    /// columns do not grow (and copy) while reading. Untouched reserved memory costs nothing.
    /// - Complexity: O(size of the builder) when its columns must move, else O(1).
    public mutating func reserve(records: Int, bytes: Int) {
        do {
            kinds.reserveCapacity(records); schemas.reserveCapacity(records); definedAt.reserveCapacity(records)
            nameNodes.reserveCapacity(records); nameValues.reserveCapacity(records)
            countryNodes.reserveCapacity(records); countryValues.reserveCapacity(records)
            tSource.reserveCapacity(records); tTarget.reserveCapacity(records); tKind.reserveCapacity(records)
            tShare.reserveCapacity(records); tFrom.reserveCapacity(records); tUntil.reserveCapacity(records)
            tID.reserveCapacity(records); tDetail.reserveCapacity(records); tLine.reserveCapacity(records)
            firstTieForID.reserveCapacity(records)
        }
        ids.reserve(strings: records, bytes: bytes / 8)
        tieIDTable.reserve(strings: records, bytes: bytes / 8)
        strings.reserve(strings: records, bytes: bytes / 4)
    }

    /// Names the input the following records come from (a file path), for diagnostics.
    public mutating func beginSource(_ name: String) {
        sources.append((name, tSource.count, designations.count))
    }

    /// The input being read.
    var currentSource: String { sources.last?.name ?? "" }

    /// The input that tie `index` (or designation `index`) came from.
    func source(ofTie index: Int? = nil, designation: Int? = nil) -> String {
        var name = ""
        for s in sources {
            if let index, s.firstTie > index { break }
            if let designation, s.firstDesignation > designation { break }
            name = s.name
        }
        return name
    }

    /// The number of distinct entity ids seen (defined or referenced).
    public var nodeCount: Int { ids.count }

    /// Throws when what the builder holds passes `limits`: the text of one of its string
    /// tables (ids, names and other texts, tie ids, merged ids, ignored ids), its entities
    /// (referenced ones included), or its ties (sector memberships included). Readers call it
    /// after each record, so that input past the limits is an input error naming the limit
    /// rather than an overflow of the 32-bit offsets.
    /// - Complexity: O(1).
    /// - Throws: `GraphInputError.tooLarge(resource, limit:)`.
    public func checkLimits(_ limits: SizeLimits) throws(GraphInputError) {
        let tieIDBytes = lentTieIDBytes ?? tieIDTable.byteCount
        let text = max(max(ids.byteCount, strings.byteCount), max(tieIDBytes, max(referentIDs.byteCount, ignoredIDs.byteCount)))
        try limits.check(text, .textBytes)
        try limits.check(ids.count, .nodes)
        try limits.check(tSource.count + sectorMembers.count, .edges)
    }

    // MARK: Entities

    /// The node for an entity id, created on first sight (defined later, or reported dangling).
    /// - Complexity: O(length of id) expected.
    @inlinable @discardableResult
    public mutating func node(_ id: UnsafeRawBufferPointer) -> UInt32 {
        node(id, hash: StringTable.hash(id))
    }

    /// `node(_:)` for an id whose `StringTable.hash` is `hash` (a reader computed it before,
    /// on another thread: docs/ingest.md).
    /// - Complexity: O(length of id) expected.
    /// - Precondition: `hash == StringTable.hash(id)`, else an id already known is added again.
    @inlinable public mutating func node(_ id: UnsafeRawBufferPointer, hash: UInt32) -> UInt32 {
        let v = ids.intern(id, hash: hash)
        if Int(v) == kinds.count { appendNodeSlot() }
        return v
    }

    /// Brings into the cache what finding the entity ids with these hashes (`node(_:hash:)`)
    /// will read, with prefetch hints whose misses overlap (`StringTable.warm`); readers call
    /// it for a few hundred records at a time, just before adding them. Changes nothing the
    /// builder holds.
    /// - Complexity: O(hashes.count).
    public mutating func warm(entityHashes: UnsafeBufferPointer<UInt32>) {
        ids.warm(hashes: entityHashes, scratch: &warmScratch)
    }

    /// Lends the table of tie ids to a reader that interns them itself, on another thread
    /// (docs/ingest.md): until `restoreTieIDs`, ties with ids are added with the index the
    /// reader found (`addTie(…, idIndex:)`), and the reader reports the table's size
    /// (`noteTieIDBytes`) for the size limits. Ids in the table that no tie ends up using
    /// (a record skipped, a tie with several ends) cost their bytes and nothing else.
    /// - Complexity: O(1).
    public mutating func lendTieIDs() -> StringTable {
        precondition(lentTieIDBytes == nil, "NetworkBuilder: the tie ids are lent already")
        lentTieIDBytes = tieIDTable.byteCount
        let table = tieIDTable
        tieIDTable = StringTable(capacity: 0)
        return table
    }

    /// Takes back the table `lendTieIDs` lent, with the ids the reader added.
    /// - Complexity: O(1).
    public mutating func restoreTieIDs(_ table: StringTable) {
        precondition(lentTieIDBytes != nil, "NetworkBuilder: the tie ids are not lent")
        tieIDTable = table
        lentTieIDBytes = nil
    }

    /// The byte count of the lent tie-id table after the reader's latest id, for `checkLimits`.
    /// - Complexity: O(1).
    public mutating func noteTieIDBytes(_ bytes: Int) {
        if lentTieIDBytes != nil { lentTieIDBytes = bytes }
    }

    /// The node for an entity id given as a `String` (see `node(_:)` on raw bytes).
    /// - Complexity: O(length of id) expected.
    @discardableResult
    public mutating func node(_ id: String) -> UInt32 {
        var s = id
        return s.withUTF8 { node(UnsafeRawBufferPointer($0)) }
    }

    @usableFromInline mutating func appendNodeSlot() {
        kinds.append(NetworkBuilder.undefined)
        schemas.append(0)
        definedAt.append(0)
    }

    /// Interns a text that repeats (country, topic, role, …) and returns its `strings` index.
    /// - Complexity: O(length) expected.
    @inlinable public mutating func string(_ raw: UnsafeRawBufferPointer) -> UInt32 { strings.intern(raw) }
    /// Interns a repeating text given as a `String` (see `string(_:)` on raw bytes).
    /// - Complexity: O(length of text) expected.
    public mutating func string(_ text: String) -> UInt32 { strings.intern(text) }

    /// Stores a text that rarely repeats (a name, an alias) without deduplicating it, and
    /// returns its `strings` index.
    /// - Complexity: O(length) amortised.
    @inlinable public mutating func text(_ raw: UnsafeRawBufferPointer) -> UInt32 { strings.append(raw) }
    /// Stores a rarely repeating text given as a `String` (see `text(_:)` on raw bytes).
    /// - Complexity: O(length of text) amortised.
    public mutating func text(_ text: String) -> UInt32 {
        var s = text
        return s.withUTF8 { strings.append(UnsafeRawBufferPointer($0)) }
    }

    /// Declares `node` an entity of FtM schema `schema` (which must be a node schema).
    /// Returns a diagnostic when the node was already declared with an incompatible schema.
    /// - Complexity: O(length of schema) expected.
    public mutating func define(_ node: UInt32, schema: String, kind: EntityKind, line: Int) -> Diagnostic? {
        let i = Int(node)
        if kinds[i] == NetworkBuilder.undefined {
            kinds[i] = kind.rawValue
            schemas[i] = strings.intern(schema)
            definedAt[i] = UInt32(clamping: line)
            return nil
        }
        report.mergedDuplicates += 1
        let old = strings[schemas[i]]
        guard let merged = FtMSchema.merge(old, schema) else {
            return Diagnostic(file: currentSource, line: line, "entity '\(ids[node])' is a \(schema) here but a \(old) on line \(definedAt[i]); FtM cannot merge them")
        }
        if merged != old {
            schemas[i] = strings.intern(merged)
            kinds[i] = (FtMSchema.entityKind(of: merged) ?? kind).rawValue
        }
        return nil
    }

    /// Whether `node` has been defined as an entity.
    public func isDefined(_ node: UInt32) -> Bool { kinds[Int(node)] != NetworkBuilder.undefined }

    /// Gives `node` the name `text` (a `strings` index, from `text(_:)`); the first one added is
    /// the primary name.
    public mutating func addName(_ node: UInt32, _ text: UInt32) { nameNodes.append(node); nameValues.append(text) }
    /// Records an id OpenSanctions merged into `node` (`referents`); the first entity to claim it keeps it.
    /// - Complexity: O(length of id) expected.
    public mutating func addReferent(_ node: UInt32, _ id: UnsafeRawBufferPointer) {
        let k = referentIDs.intern(id)
        if Int(k) == referentNodes.count { referentNodes.append(node) }
    }
    /// Gives `node` the alias `text` (a `strings` index).
    public mutating func addAlias(_ node: UInt32, _ text: UInt32) { aliasNodes.append(node); aliasValues.append(text) }
    /// Gives `node` the country code `text` (a `strings` index).
    public mutating func addCountry(_ node: UInt32, _ text: UInt32) { countryNodes.append(node); countryValues.append(text) }
    /// Gives `node` the OpenSanctions topic `text` (a `strings` index, e.g. "sanction", "role.pep").
    public mutating func addTopic(_ node: UInt32, _ text: UInt32) { topicNodes.append(node); topicValues.append(text) }

    /// Puts `node` in the sector named `text`: the sector node (id "sector:" + the trimmed,
    /// lowercased name) is created on first use, named as first spelled.
    /// - Complexity: O(length of text) expected.
    public mutating func addSector(_ node: UInt32, _ text: String) {
        var text = text
        text.withUTF8 { addSector(node, UnsafeRawBufferPointer($0)) }
    }

    /// Puts `node` in the sector named by the UTF-8 bytes `raw` (as `addSector(_:_:)` with a
    /// `String`). Each spelling is trimmed and lowercased once: the sector of a spelling seen
    /// before is found by its bytes.
    /// - Complexity: O(length of text) expected.
    public mutating func addSector(_ node: UInt32, _ raw: UnsafeRawBufferPointer) {
        let k = Int(sectorSpellings.intern(raw))
        if k == sectorOfSpelling.count { sectorOfSpelling.append(sectorNode(named: String(decoding: raw, as: UTF8.self))) }
        let sector = sectorOfSpelling[k]
        guard sector != .max else { return }  // a spelling of blanks names no sector
        sectorMembers.append(node)
        sectorOf.append(sector)
    }

    /// The sector node for a sector's name as spelled (created on first use), or `.max` for a
    /// name that trims to nothing.
    private mutating func sectorNode(named text: String) -> UInt32 {
        let trimmed = text.trimmed
        guard !trimmed.isEmpty else { return .max }
        let sector = self.node("sector:" + trimmed.lowercased())
        if kinds[Int(sector)] == NetworkBuilder.undefined {
            kinds[Int(sector)] = EntityKind.sector.rawValue
            schemas[Int(sector)] = strings.intern("Sector")
            addName(sector, self.text(trimmed))
        }
        return sector
    }

    /// Records that an input record with this id exists but is not a graph node (an
    /// address, a document, …), so references to it are not reported as dangling.
    /// - Complexity: O(length of id) expected, plus O(number of ignored schemata) for a new id.
    public mutating func noteIgnored(id: UnsafeRawBufferPointer, schema: String) {
        let k = ignoredIDs.intern(id)
        if Int(k) == ignoredSchemaOf.count {
            let s = ignoredSchemaNames.firstIndex(of: schema) ?? {
                ignoredSchemaNames.append(schema)
                return ignoredSchemaNames.count - 1
            }()
            ignoredSchemaOf.append(UInt32(s))
        }
    }

    // MARK: Ties

    /// Adds a tie. A tie whose non-empty id was seen before is merged into the earlier one:
    /// dates widened, shares joined into their hull (reports of one stake, docs/shares.md); a
    /// diagnostic is returned if the two disagree on kind or ends (the new one is dropped).
    /// `share` is in percent, NaN for unknown; `validity` holds the tie's dates.
    /// - Complexity: O(length of id) expected.
    @discardableResult
    public mutating func addTie(_ kind: TieKind, from source: UInt32, to target: UInt32, share: Double = .nan,
                                validity: Validity = Validity(), id: UnsafeRawBufferPointer? = nil, detail: UInt32 = 0,
                                line: Int) -> Diagnostic? {
        addTie(kind, from: source, to: target, interval: share.isNaN ? nil : .exact(share), validity: validity, id: id,
               detail: detail, line: line)
    }

    /// Adds a tie whose share is an interval (nil: unknown, or a tie without a share);
    /// `shareClass` is the `strings` index of its `sharesType` (0 = none). While the tie ids
    /// are lent (`lendTieIDs`), a tie with an `id` comes with `idIndex`, the id's index in the
    /// lent table; otherwise without.
    /// - Complexity: O(length of id) expected.
    @discardableResult
    public mutating func addTie(_ kind: TieKind, from source: UInt32, to target: UInt32, interval: ShareInterval?,
                                shareClass: UInt32 = 0, validity: Validity = Validity(), id: UnsafeRawBufferPointer? = nil,
                                idIndex interned: UInt32? = nil, detail: UInt32 = 0, line: Int) -> Diagnostic? {
        let from = validity.start?.daysSinceEpoch ?? Graph.openStart
        let until = validity.end?.daysSinceEpoch ?? Graph.openEnd
        var idIndex: UInt32 = 0
        if let id, id.count > 0 {
            // Interned here, or by the reader the table is lent to (`lendTieIDs`).
            precondition((interned != nil) == (lentTieIDBytes != nil), "NetworkBuilder: a tie id's index comes from the lent table, and only then")
            idIndex = interned ?? tieIDTable.intern(id)
            while firstTieForID.count <= Int(idIndex) { firstTieForID.append(-1) }
            let earlier = Int(firstTieForID[Int(idIndex)])
            if earlier >= 0 {
                report.mergedDuplicates += 1
                guard tKind[earlier] == kind.rawValue, tSource[earlier] == source, tTarget[earlier] == target else {
                    return Diagnostic(file: currentSource, line: line, "tie '\(String(decoding: id, as: UTF8.self))' repeats the id of line \(tLine[earlier]) with other ends or another kind")
                }
                if let interval {
                    if let old = self.interval(ofTie: earlier), old != interval {
                        let merged = old.hull(interval)
                        report.warnings.append(Diagnostic(file: currentSource, line: line, "tie '\(String(decoding: id, as: UTF8.self))' has shares \(old) (line \(tLine[earlier])) and \(interval); taken as one stake of \(merged) (docs/shares.md)"))
                        setInterval(earlier, merged)
                    } else {
                        setInterval(earlier, interval)
                    }
                }
                if tShareClass[earlier] == nil && shareClass != 0 { tShareClass[earlier] = shareClass }
                tFrom[earlier] = min(tFrom[earlier], from)
                tUntil[earlier] = max(tUntil[earlier], until)
                if tDetail[earlier] == 0 { tDetail[earlier] = detail }
                return nil
            }
            firstTieForID[Int(idIndex)] = Int32(tSource.count)
        }
        tSource.append(source); tTarget.append(target)
        tKind.append(kind.rawValue); tShare.append(.nan)
        tFrom.append(from); tUntil.append(until)
        tID.append(idIndex); tDetail.append(detail); tLine.append(UInt32(clamping: line))
        if let interval { setInterval(tSource.count - 1, interval) }
        if shareClass != 0 { tShareClass[tSource.count - 1] = shareClass }
        return nil
    }

    /// The share of tie `i` (nil: unknown or none).
    func interval(ofTie i: Int) -> ShareInterval? {
        if !tShare[i].isNaN { return .exact(tShare[i]) }
        return tRanges[i]
    }

    /// Stores a share: exact ones in the dense column, ranges beside it.
    mutating func setInterval(_ i: Int, _ interval: ShareInterval) {
        if let p = interval.exactValue {
            tShare[i] = p
            tRanges[i] = nil
        } else {
            tShare[i] = .nan
            tRanges[i] = interval.isUnknown ? nil : interval
        }
    }

    /// Notes a record's `last_seen` (or, without one, its `first_seen`): the latest such day
    /// is taken as the export's date (docs/time.md).
    public mutating func noteSeen(_ day: Day) {
        if latestSeen.map({ $0 < day }) ?? true { latestSeen = day }
    }

    // MARK: Designations

    /// Adds a designation; one whose non-empty id was seen before is merged into it (dates
    /// widened, empty fields filled).
    /// Returns a diagnostic (and drops the new record) when the id was used for another entity.
    /// - Complexity: O(length of the id) expected; merging into an earlier report costs
    ///   O(d² + p²) more for d datasets and p provisions.
    @discardableResult
    public mutating func addDesignation(_ d: Designation, line: Int) -> Diagnostic? {
        if !d.id.isEmpty, let earlier = designationForID[d.id] {
            var e = designations[earlier]
            guard e.entity == d.entity else {
                return Diagnostic(file: currentSource, line: line, "sanction '\(d.id)' repeats the id of line \(designationLines[earlier]) for another entity")
            }
            report.mergedDuplicates += 1
            // Reports of one listing (docs/time.md): every date given counts, so the earliest
            // start and listing dates are kept, and an undated report adds no start; the later
            // end (an open end wins).
            e.startDate = [e.startDate, d.startDate].compactMap { $0 }.min()
            e.listingDate = [e.listingDate, d.listingDate].compactMap { $0 }.min()
            if let a = e.endDate, let b = d.endDate { e.endDate = max(a, b) } else { e.endDate = nil }
            for x in d.datasets where !e.datasets.contains(x) { e.datasets.append(x) }
            for x in d.provisions where !e.provisions.contains(x) { e.provisions.append(x) }
            if let f = d.firstSeen { e.firstSeen = min(e.firstSeen ?? f, f); e.knownSince = e.firstSeen }
            if e.authority.isEmpty { e.authority = d.authority }
            for x in d.programs where !e.programs.contains(x) { e.programs.append(x) }
            if e.unscId.isEmpty { e.unscId = d.unscId }
            if e.status.isEmpty { e.status = d.status }
            if e.country.isEmpty { e.country = d.country; e.jurisdiction = d.jurisdiction }
            designations[earlier] = e
            return nil
        }
        if !d.id.isEmpty { designationForID[d.id] = designations.count }
        designations.append(d)
        designationLines.append(UInt32(clamping: line))
        return nil
    }

    /// A per-node column from (node, value) fragments in reading order: renumbered when some
    /// nodes were never defined (their values go with them), grouped by node, repeats dropped;
    /// texts that are not deduplicated (names) compared by content in `strings`.
    /// - Complexity: as `MultiValueColumn.grouping`.
    static func column(_ nodes: [UInt32], _ values: [UInt32], renumbering newIndex: [UInt32]?, nodeCount: Int,
                       strings: StringTable?) -> MultiValueColumn {
        var nodes = nodes, values = values
        if let newIndex {
            var w = 0
            for i in nodes.indices where newIndex[Int(nodes[i])] != .max {
                nodes[w] = newIndex[Int(nodes[i])]; values[w] = values[i]; w += 1
            }
            nodes.removeLast(nodes.count - w); values.removeLast(values.count - w)
        }
        return MultiValueColumn.grouping(nodes: nodes, values: values, nodeCount: nodeCount, texts: strings)
    }

    // MARK: Finishing

    /// Builds the network, leaving the builder empty (as new). Ties and designations naming entities that were never defined are
    /// dropped and listed in the report (`dangling`, or `outsideReferences` when the id
    /// belongs to a record that is not a node); the caller decides whether that is an error.
    /// - Complexity: O(V + E + P·k + R log R) for P name, alias, country, topic and sector
    ///   values with at most k per entity (repeats are found by comparison) and R ties with a
    ///   share range or class; plus the network's O(D log D) for D designations.
    public mutating func finish(registry: SourceRegistry = .builtIn) -> (SanctionsNetwork, BuildReport) {
        precondition(lentTieIDBytes == nil, "NetworkBuilder: finish while the tie ids are lent")
        let n = ids.count
        var report = self.report
        // Keep only defined nodes, renumbering if any are missing.
        var newIndex: [UInt32] = []
        var keep: [UInt32] = []
        var missing = 0
        for v in 0 ..< n where kinds[v] == NetworkBuilder.undefined { missing += 1 }
        // The ids are done growing: from here on, when finishing needs the most memory, they
        // keep a sorted index, 12.8 MB less than the hash slots at 1M entities (docs/ingest.md).
        var finalIDs: StringTable
        if missing > 0 {
            newIndex = [UInt32](repeating: .max, count: n)
            keep.reserveCapacity(n - missing)
            for v in 0 ..< n where kinds[v] != NetworkBuilder.undefined {
                newIndex[v] = UInt32(keep.count)
                keep.append(UInt32(v))
            }
            finalIDs = StringTable(capacity: keep.count)
            for v in keep { ids.withBytes(v) { _ = finalIDs.intern($0) } }
            finalIDs.compactIndex()
            ids.dropIndex()  // its strings are still read (dangling references), never looked up
        } else {
            ids.compactIndex()
            finalIDs = ids
        }
        let nodeCount = n - missing
        @inline(__always) func remap(_ v: UInt32) -> UInt32 { missing == 0 ? v : newIndex[Int(v)] }
        func noteMissing(_ v: UInt32, line: UInt32, record: String, property: String, file: String) {
            let idBytes = ids.withBytes(v) { Array($0) }
            if let k = idBytes.withUnsafeBytes({ ignoredIDs.index(of: $0) }) {
                report.outsideReferences[ignoredSchemaNames[Int(ignoredSchemaOf[Int(k)])], default: 0] += 1
            } else {
                report.dangling.append(DanglingReference(file: file, line: Int(line), recordID: record, property: property, missingID: ids[v]))
            }
        }
        // Ties: drop (in place) those naming missing entities.
        if missing > 0 {
            var w = 0
            var ranges: [Int: ShareInterval] = [:], classes: [Int: UInt32] = [:]
            for i in 0 ..< tSource.count {
                let s = newIndex[Int(tSource[i])], t = newIndex[Int(tTarget[i])]
                if s == .max || t == .max {
                    let k = TieKind(rawValue: tKind[i]) ?? .unknownLink
                    let file = source(ofTie: i)
                    if s == .max { noteMissing(tSource[i], line: tLine[i], record: tieIDTable[tID[i]], property: k.ftmEnds.source, file: file) }
                    if t == .max { noteMissing(tTarget[i], line: tLine[i], record: tieIDTable[tID[i]], property: k.ftmEnds.target, file: file) }
                    continue
                }
                tSource[w] = s; tTarget[w] = t; tKind[w] = tKind[i]; tShare[w] = tShare[i]
                tFrom[w] = tFrom[i]; tUntil[w] = tUntil[i]; tID[w] = tID[i]; tDetail[w] = tDetail[i]
                if let r = tRanges[i] { ranges[w] = r }
                if let c = tShareClass[i] { classes[w] = c }
                w += 1
            }
            tRanges = ranges
            tShareClass = classes
            let drop = tSource.count - w
            tSource.removeLast(drop); tTarget.removeLast(drop); tKind.removeLast(drop); tShare.removeLast(drop)
            tFrom.removeLast(drop); tUntil.removeLast(drop); tID.removeLast(drop); tDetail.removeLast(drop)
        }
        tLine = []
        firstTieForID = []
        tieIDTable.dropIndex()
        let strings = self.strings
        // The per-node columns (sector memberships, deduplicated per entity and sector, become
        // ties too), grouped on as many cores as there are.
        let lists: [(nodes: [UInt32], values: [UInt32], byContent: Bool)] = [
            (sectorMembers, missing > 0 ? sectorOf.map(remap) : sectorOf, false), (nameNodes, nameValues, true),
            (aliasNodes, aliasValues, true), (countryNodes, countryValues, false), (topicNodes, topicValues, false),
        ]
        sectorMembers = []; sectorOf = []; nameNodes = []; nameValues = []; aliasNodes = []; aliasValues = []
        countryNodes = []; countryValues = []; topicNodes = []; topicValues = []
        let renumbering = missing > 0 ? newIndex : nil
        let grouped = parallelWorkers(lists.count) { i in
            NetworkBuilder.column(lists[i].nodes, lists[i].values, renumbering: renumbering, nodeCount: nodeCount,
                                  strings: lists[i].byContent ? strings : nil)
        }
        let (sectorColumn, names, aliases, countries, topics) = (grouped[0], grouped[1], grouped[2], grouped[3], grouped[4])
        // By range and index: a slice of the column a node copies (and retains) its columns.
        let sectorValues = sectorColumn.values
        for v in 0 ..< UInt32(nodeCount) {
            for i in sectorColumn.range(v) {
                let sector = sectorValues[i]
                tSource.append(v); tTarget.append(sector); tKind.append(TieKind.sectorMembership.rawValue); tShare.append(.nan)
                tFrom.append(Graph.openStart); tUntil.append(Graph.openEnd); tID.append(0); tDetail.append(0)
            }
        }
        // Move the tie columns out of self (so each can be freed as soon as it is laid out).
        var src = tSource, dst = tTarget, kind = tKind, share = tShare, from = tFrom, until = tUntil, tieID = tID, detail = tDetail
        tSource = []; tTarget = []; tKind = []; tShare = []; tFrom = []; tUntil = []; tID = []; tDetail = []
        let (graph, layout) = GraphBuilder.makeCSR(checkedNodeCount: nodeCount, consuming: &src, &dst, &kind, &share, &from, &until)
        let order = layout.positions
        let tieIDs = layout.arrangeColumn(consuming: &tieID)
        let shareRanges = SparseEdgeColumn(tRanges.map { (order[$0.key], $0.value) })
        let shareClasses = SparseEdgeColumn(tShareClass.map { (order[$0.key], $0.value) })
        tRanges = [:]
        tShareClass = [:]
        let tieDetails = CodedColumn(layout.arrangeColumn(consuming: &detail))
        // Designations: taken from the builder as they are when every entity was defined, else
        // renumbered, those of entities never defined dropped.
        var finalDesignations: [Designation] = []
        if missing == 0 {
            swap(&finalDesignations, &designations)
        } else {
            finalDesignations.reserveCapacity(designations.count)
            for (i, d) in designations.enumerated() {
                let v = remap(d.entity)
                if v == .max {
                    noteMissing(d.entity, line: designationLines[i], record: d.id, property: "entity", file: source(designation: i))
                    continue
                }
                var copy = d
                copy.entity = v
                finalDesignations.append(copy)
            }
            designations = []
        }
        // Columns made straight from the builder's arrays, each array let go before the next.
        let finalKinds = missing == 0 ? Column(kinds) : Column(keep.map { kinds[Int($0)] })
        kinds = []
        let finalSchemas = CodedColumn(missing == 0 ? Column(schemas) : Column(keep.map { schemas[Int($0)] }))
        schemas = []
        report.dangling.sort { ($0.file, $0.line, $0.missingID) < ($1.file, $1.line, $1.missingID) }
        let tieTable = tieIDTable
        let exportDate = latestSeen
        // Merged ids of entities that were never defined go with them.
        var finalReferents = StringTable(capacity: referentNodes.count), finalReferentNodes: [UInt32] = []
        for k in 0 ..< referentNodes.count {
            let v = remap(referentNodes[k])
            guard v != .max else { continue }
            referentIDs.withBytes(UInt32(k)) { _ = finalReferents.intern($0) }
            finalReferentNodes.append(v)
        }
        self = NetworkBuilder()
        let network = SanctionsNetwork(
            graph: graph, ids: finalIDs, strings: strings, kindCodes: finalKinds, schemas: finalSchemas,
            names: names, aliases: aliases, countries: countries, topics: topics,
            sectors: sectorColumn, tieIDs: tieIDs, tieIDTable: tieTable, tieDetails: tieDetails,
            classifiedDesignations: SanctionsNetwork.classify(consume finalDesignations, by: registry, exportDate: exportDate),
            registry: registry, exportDate: exportDate,
            shareRanges: shareRanges, shareClasses: shareClasses, referentIDs: finalReferents, referentNodes: Column(finalReferentNodes))
        return (network, report)
    }
}
