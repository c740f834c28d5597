import GraphCore

/// A sanctions network: entities as nodes of a CSR `Graph`, ties as its edges, designations
/// beside it, and every text in two interned string tables.
///
/// Edge columns of the graph hold the tie kind (`TieKind.rawValue`), the share in percent
/// (NaN = unknown) and the validity dates. Per-node columns are flat arrays indexed by node;
/// per-tie columns are indexed by edge id. Node `v`'s external id is `ids[v]`.
public struct SanctionsNetwork: Sendable {
    /// The entities and ties; edge kinds are `TieKind.rawValue`, weights shares in percent.
    public let graph: Graph
    /// External ids: node `v` has id `ids[v]`.
    public let ids: StringTable
    /// Every other text (names, countries, topics, schemata, tie details); index 0 is "".
    public let strings: StringTable
    /// The kind of each node.
    public var kinds: EntityKindColumn { EntityKindColumn(codes: kindCodes) }
    /// The kind of each node as `EntityKind.rawValue` (the stored column).
    public let kindCodes: Column<UInt8>
    /// The FtM schema name of each node (`strings` index), e.g. "PublicBody", "Security".
    public let schemas: CodedColumn<UInt32>
    /// All `name` values of each node, the primary name first (`strings` indices).
    public let names: MultiValueColumn
    /// The aliases (weak and previous names) of each node (`strings` indices).
    public let aliases: MultiValueColumn
    /// The country codes of each node, lowercase (`strings` indices).
    public let countries: MultiValueColumn
    /// OpenSanctions' topics of each node ("sanction", "role.pep", …; `strings` indices).
    public let topics: MultiValueColumn
    /// The sector nodes each entity belongs to (node indices).
    public let sectors: MultiValueColumn
    /// Tie ids (`tieIDTable` indices, 0 = none), by edge id; empty when the table holds the
    /// ids in edge order, as a snapshot does (`tieIDsInEdgeOrder`). Read through `tieID(_:)`.
    package let tieIDs: Column<UInt32>
    /// The tie ids' texts, index 0 being "" (no id); in edge order, string `e + 1` is edge `e`'s.
    package let tieIDTable: StringTable
    /// The tie's qualifier (role, control type, relationship), `strings` index, by edge id.
    public let tieDetails: CodedColumn<UInt32>
    /// Sorted by entity, then start date, then id; classified by `sourceRegistry`.
    public let designations: [Designation]
    /// The entity of each of `designations`, in their order: what `designations(of:)`
    /// searches (a search of the listings themselves copies each one it looks at).
    private let designationEntities: [UInt32]
    /// Whether each entity has a designation, a bit each: most have none, and are answered
    /// without a search.
    private let designatedBits: [UInt64]
    /// The table that classified the designations (docs/sources.md).
    public let sourceRegistry: SourceRegistry
    /// The export's date: the latest `last_seen` (else `first_seen`) of any input record, if
    /// any had one. Undated listings without a `first_seen` of their own are known to be in
    /// force from this day (docs/time.md).
    public let exportDate: Day?
    /// The ties whose share is a range (neither exact nor unknown), by edge id; the graph's
    /// weight column holds exact shares and NaN for the others (docs/shares.md).
    public let shareRanges: SparseEdgeColumn<ShareInterval>
    /// The share class (`sharesType`, a `strings` index) of the ties that name one, by edge id.
    public let shareClasses: SparseEdgeColumn<UInt32>
    /// Ids OpenSanctions merged into an entity (`referents`), each with its entity:
    /// `referentNodes[k]` holds `referentIDs[k]`.
    public let referentIDs: StringTable
    /// The entity of each merged id in `referentIDs`.
    public let referentNodes: Column<UInt32>

    /// Assembles a network. Each designation is classified by `registry`, and an undated
    /// one without a `firstSeen` is known in force from `exportDate`.
    /// - Complexity: O(D log D) for D designations, plus one classification per distinct source.
    /// - Precondition: `tieIDs` and `tieDetails` have one entry per edge of `graph` (checked in
    ///   release builds too).
    public init(graph: Graph, ids: StringTable, strings: StringTable, kinds: [EntityKind], schemas: [UInt32],
                names: MultiValueColumn, aliases: MultiValueColumn, countries: MultiValueColumn,
                topics: MultiValueColumn, sectors: MultiValueColumn, tieIDs: [UInt32], tieIDTable: StringTable,
                tieDetails: [UInt32], designations: [Designation], registry: SourceRegistry = .builtIn, exportDate: Day? = nil,
                shareRanges: SparseEdgeColumn<ShareInterval> = SparseEdgeColumn(), shareClasses: SparseEdgeColumn<UInt32> = SparseEdgeColumn(),
                referentIDs: StringTable = StringTable(), referentNodes: [UInt32] = []) {
        precondition(tieIDs.count == graph.edgeCount && tieDetails.count == graph.edgeCount, "SanctionsNetwork: one tie id and one qualifier per edge")
        self.init(graph: graph, ids: ids, strings: strings, kindCodes: Column(kinds.lazy.map(\.rawValue)), schemas: CodedColumn(Column(schemas)),
                  names: names, aliases: aliases, countries: countries, topics: topics, sectors: sectors,
                  tieIDs: Column(tieIDs), tieIDTable: tieIDTable, tieDetails: CodedColumn(Column(tieDetails)),
                  classifiedDesignations: SanctionsNetwork.classify(designations, by: registry, exportDate: exportDate),
                  registry: registry, exportDate: exportDate, shareRanges: shareRanges, shareClasses: shareClasses,
                  referentIDs: referentIDs, referentNodes: Column(referentNodes))
    }

    /// Assembles a network from its columns as they are, with designations already
    /// classified by `registry` and sorted (a snapshot's: docs/snapshot.md). The caller
    /// vouches for the columns' consistency (`SnapshotReader` checks it).
    /// - Complexity: O(1).
    package init(graph: Graph, ids: StringTable, strings: StringTable, kindCodes: Column<UInt8>, schemas: CodedColumn<UInt32>,
                 names: MultiValueColumn, aliases: MultiValueColumn, countries: MultiValueColumn,
                 topics: MultiValueColumn, sectors: MultiValueColumn, tieIDs: Column<UInt32>, tieIDTable: StringTable,
                 tieDetails: CodedColumn<UInt32>, classifiedDesignations: [Designation], registry: SourceRegistry, exportDate: Day?,
                 shareRanges: SparseEdgeColumn<ShareInterval>, shareClasses: SparseEdgeColumn<UInt32>,
                 referentIDs: StringTable, referentNodes: Column<UInt32>) {
        self.referentIDs = referentIDs
        self.referentNodes = referentNodes
        self.shareRanges = shareRanges
        self.shareClasses = shareClasses
        self.graph = graph
        self.ids = ids
        self.strings = strings
        self.kindCodes = kindCodes
        self.schemas = schemas
        self.names = names
        self.aliases = aliases
        self.countries = countries
        self.topics = topics
        self.sectors = sectors
        precondition(tieIDs.count == graph.edgeCount || tieIDTable.count == graph.edgeCount + 1,
                     "SanctionsNetwork: tie ids by edge, or a table of them in edge order")
        self.tieIDs = tieIDs
        self.tieIDTable = tieIDTable
        self.tieDetails = tieDetails
        self.sourceRegistry = registry
        self.exportDate = exportDate
        self.designations = classifiedDesignations
        designationEntities = classifiedDesignations.map(\.entity)
        var bits = [UInt64](repeating: 0, count: (graph.nodeCount + 63) / 64)
        for v in designationEntities where Int(v) < graph.nodeCount { bits[Int(v >> 6)] |= 1 << UInt64(v & 63) }
        designatedBits = bits
    }

    /// `designations` classified by `registry`, each undated one without a `firstSeen` known
    /// in force from `exportDate`, sorted by entity, then start date, then id.
    /// - Complexity: O(D log D) for D designations, plus one classification per distinct source.
    static func classify(_ designations: consuming [Designation], by registry: SourceRegistry, exportDate: Day?) -> [Designation] {
        // Sources repeat across records: classify each distinct one once (records of one
        // source often follow one another: the previous one is tried first).
        var classes: [SourceRegistry.Query: SourceClass] = [:]
        var previous: (query: SourceRegistry.Query, class: SourceClass)?
        var all = designations   // consumed: changed in place when the caller let it go
        for i in all.indices {
            let q = all[i].sourceQuery
            let c: SourceClass
            if let previous, previous.query == q {
                c = previous.class
            } else if let known = classes[q] {
                c = known
            } else {
                c = registry.classify(q)
                classes[q] = c
            }
            previous = (q, c)
            all[i].apply(c)
            all[i].knownSince = all[i].firstSeen ?? exportDate
        }
        all.sort {
            ($0.entity, $0.validity.start?.daysSinceEpoch ?? .min, $0.id) < ($1.entity, $1.validity.start?.daysSinceEpoch ?? .min, $1.id)
        }
        return all
    }

    /// The same network with its designations classified again by `registry` (the built-in
    /// table with a user's `--sources` rows, say).
    /// - Complexity: O(D log D) for D designations, plus one classification per distinct
    ///   source (the columns are shared, not copied).
    public func reclassified(by registry: SourceRegistry) -> SanctionsNetwork {
        SanctionsNetwork(graph: graph, ids: ids, strings: strings, kindCodes: kindCodes, schemas: schemas, names: names, aliases: aliases,
                         countries: countries, topics: topics, sectors: sectors, tieIDs: tieIDs, tieIDTable: tieIDTable,
                         tieDetails: tieDetails, classifiedDesignations: SanctionsNetwork.classify(designations, by: registry, exportDate: exportDate),
                         registry: registry, exportDate: exportDate,
                         shareRanges: shareRanges, shareClasses: shareClasses, referentIDs: referentIDs, referentNodes: referentNodes)
    }

    /// The number of entities (nodes, sector nodes included).
    @inlinable public var entityCount: Int { graph.nodeCount }
    /// The number of ties (edges, sector memberships included).
    @inlinable public var tieCount: Int { graph.edgeCount }

    /// The node with external id `id`, if any.
    /// - Complexity: O(length of id) expected.
    public func node(id: String) -> UInt32? { ids.index(of: id) }

    /// The entity an id OpenSanctions merged into another (`referents`) now belongs to.
    /// - Complexity: O(length of id) expected.
    public func node(referent id: String) -> UInt32? { referentIDs.index(of: id).map { referentNodes[Int($0)] } }

    /// Every merged id with its entity.
    /// - Complexity: O(total length of the merged ids).
    public var referents: [(id: String, node: UInt32)] {
        (0 ..< UInt32(referentIDs.count)).map { (referentIDs[$0], referentNodes[Int($0)]) }
    }

    /// The external id of `node`.
    /// - Complexity: O(length of the id).
    public func id(of node: UInt32) -> String { ids[node] }

    /// The primary name of `node`, or its id if it has none.
    /// - Complexity: O(length of the name).
    public func name(of node: UInt32) -> String {
        names.first(of: node).map { strings[$0] } ?? ids[node]
    }

    /// Calls `body` with the UTF-8 bytes of `id(of: node)`, read in place (no string is made:
    /// for writers of many rows).
    /// - Complexity: O(1) besides `body`.
    public func withIDBytes<R>(of node: UInt32, _ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try ids.withBytes(node, body)
    }

    /// Calls `body` with the UTF-8 bytes of `name(of: node)`, read in place.
    /// - Complexity: O(1) besides `body`.
    public func withNameBytes<R>(of node: UInt32, _ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        if let first = names.first(of: node) { return try strings.withBytes(first, body) }
        return try ids.withBytes(node, body)
    }

    /// Asks the cache for what `withIDBytes(of:)` and `withNameBytes(of:)` will read of
    /// `node`, a stage a call: stage 0 where its id and its name's index lie, 1 the id's bytes
    /// and the name's index, 2 where the name lies, 3 the name's bytes. Each stage reads what
    /// the one before asked for: a report that prints many rows (`blocked --format csv`)
    /// calls them a few rows apart, so that the misses of rows to come overlap.
    @inlinable public func prefetchIDAndName(of node: UInt32, stage: Int) {
        switch stage {
        case 0: ids.prefetchEntry(node); names.prefetchRange(node)
        case 1: ids.prefetchBytes(node); names.prefetchFirst(of: node)
        case 2: if let first = names.first(of: node) { strings.prefetchEntry(first) }
        default: if let first = names.first(of: node) { strings.prefetchBytes(first) }
        }
    }

    /// The FtM schema name of `node`.
    /// - Complexity: O(length of the name).
    public func schema(of node: UInt32) -> String { strings[schemas[Int(node)]] }

    /// The kind of tie `edge`.
    @inlinable public func tieKind(_ edge: UInt32) -> TieKind {
        TieKind(rawValue: graph.kind(of: edge)) ?? .unknownLink
    }

    /// The share of tie `edge` when it is exact, else unknown (meaningful for ownership); see
    /// `shareInterval(_:)` for ranges.
    @inlinable public func share(_ edge: UInt32) -> Share { Share(weight: graph.weight(of: edge) ?? .nan) }

    /// The share of tie `edge` as an interval: exact, a range, or [0, 100] when unknown.
    /// - Complexity: O(1) for exact shares, O(log R) otherwise (R ranges).
    public func shareInterval(_ edge: UInt32) -> ShareInterval {
        if let w = graph.weight(of: edge) { return .exact(w) }
        return shareRanges[edge] ?? .unknown
    }

    /// The share class (`sharesType`) of tie `edge`, "" when it names none.
    /// - Complexity: O(log C) for C ties with a share class.
    public func shareClass(_ edge: UInt32) -> String {
        shareClasses[edge].map { strings[$0] } ?? ""
    }

    /// The validity of tie `edge`.
    public func validity(ofTie edge: UInt32) -> Validity {
        let (from, until) = graph.validity(of: edge)
        return Validity(start: from == Graph.openStart ? nil : Day(daysSinceEpoch: from),
                        end: until == Graph.openEnd ? nil : Day(daysSinceEpoch: until))
    }

    /// Whether tie `edge` is in force on `day`.
    @inlinable public func isTieActive(_ edge: UInt32, on day: Day) -> Bool {
        graph.isEdgeActive(edge, on: day.daysSinceEpoch)
    }

    /// Tie `edge` with its ends and kind.
    /// - Complexity: O(log V) (`Graph.source(of:)`; walks over a node's ties know its ends).
    @inlinable public func tie(_ edge: UInt32) -> Tie {
        let ends = graph.edge(edge)
        return Tie(edge: edge, source: ends.source, target: ends.target, kind: tieKind(edge))
    }

    /// The ties leaving `node`, in edge order; only those in force on `day` when one is given.
    /// - Complexity: O(1) to make; iterating is O(out-degree).
    @inlinable public func ties(from node: UInt32, activeOn day: Day? = nil) -> TieSequence<Graph.OutEdges> {
        TieSequence(edges: graph.outEdges(of: node), day: day?.daysSinceEpoch)
    }

    /// The ties entering `node`; only those in force on `day` when one is given.
    /// - Complexity: O(1) to make; iterating is O(in-degree).
    @inlinable public func ties(into node: UInt32, activeOn day: Day? = nil) -> TieSequence<Graph.InEdges> {
        TieSequence(edges: graph.inEdges(of: node), day: day?.daysSinceEpoch)
    }

    /// The tie's id ("" if it had none).
    /// - Complexity: O(length of the id).
    public func tieID(_ edge: UInt32) -> String { tieIDTable[tieIDIndex(edge)] }

    /// Whether the tie has an id.
    /// - Complexity: O(1).
    public func hasTieID(_ edge: UInt32) -> Bool { tieIDTable.length(tieIDIndex(edge)) > 0 }

    /// Where tie `edge`'s id is in `tieIDTable`: by `tieIDs`, one per tie, or in edge order
    /// (a snapshot's: `tieIDs` empty while there are ties).
    private func tieIDIndex(_ edge: UInt32) -> UInt32 {
        precondition(Int(edge) < tieCount, "SanctionsNetwork: tie \(edge) of \(tieCount)")
        return tieIDs.count == tieCount ? tieIDs[Int(edge)] : edge + 1
    }

    /// The tie ids in edge order, as a snapshot stores them (docs/snapshot.md): `tieCount + 1`
    /// strings, "" and then each tie's id ("" for none), without a look-up index.
    /// - Complexity: O(ties + bytes of their ids), or O(1) when already in that order.
    package func tieIDsInEdgeOrder() -> StringTable {
        // Already in edge order (with no ties, the table may still hold the ids of ties that
        // were dropped, dangling: it is made again, as "" alone).
        if tieIDs.count != tieCount { return tieIDTable }
        var table = StringTable()
        table.dropIndex()
        table.reserve(strings: tieCount + 1, bytes: tieIDTable.byteCount)
        table.append(UnsafeRawBufferPointer(start: nil, count: 0))
        for e in 0 ..< tieCount { tieIDTable.withBytes(tieIDs[e]) { _ = table.append($0) } }
        return table
    }

    /// The tie's qualifier ("" if none).
    /// - Complexity: O(length of the text).
    public func tieDetail(_ edge: UInt32) -> String { strings[tieDetails[Int(edge)]] }

    /// The designations of `node`, sorted by start date.
    /// - Complexity: O(log D).
    public func designations(of node: UInt32) -> ArraySlice<Designation> {
        guard Int(node >> 6) < designatedBits.count, designatedBits[Int(node >> 6)] & (1 << UInt64(node & 63)) != 0 else { return [] }
        let lo = designationEntities.partitioningIndex { $0 >= node }
        let end = designationEntities[lo...].partitioningIndex { $0 > node }
        return designations[lo ..< end]
    }

    /// The nodes whose name or alias equals `name` after folding (case, accents, script:
    /// `NameFolding.fold`), sorted. For many look-ups, build a `NameIndex` once.
    /// - Complexity: O(total length of names).
    public func nodes(named name: String) -> [UInt32] {
        let key = NameFolding.fold(name)
        guard !key.isEmpty else { return [] }
        var result: [UInt32] = []
        for v in 0 ..< UInt32(entityCount) {
            if names[v].contains(where: { NameFolding.fold(strings[$0]) == key })
                || aliases[v].contains(where: { NameFolding.fold(strings[$0]) == key }) {
                result.append(v)
            }
        }
        return result
    }

    /// A view of the ties of the given kinds in force on `day` (all days if nil).
    /// - Complexity: O(number of kinds).
    public func view(_ kinds: Set<TieKind> = Set(TieKind.allCases), activeOn day: Day? = nil) -> GraphView {
        graph.view(kinds: EdgeKindSet(kinds), activeOn: day?.daysSinceEpoch)
    }

    /// Approximate heap bytes held by the network (columns viewing a mapped snapshot count nothing).
    public var memoryFootprint: Int {
        graph.memoryFootprint + ids.memoryFootprint + strings.memoryFootprint + tieIDTable.memoryFootprint + referentIDs.memoryFootprint
            + kindCodes.allocatedBytes + schemas.allocatedBytes + tieIDs.allocatedBytes + tieDetails.allocatedBytes + referentNodes.allocatedBytes
            + [names, aliases, countries, topics, sectors].reduce(0) { $0 + $1.allocatedBytes }
    }
}

/// The kind of each node of a network, read from its stored codes (`EntityKind.rawValue`;
/// a code no kind has reads as `.other`).
public struct EntityKindColumn: RandomAccessCollection, Sendable, Equatable {
    /// The stored codes.
    public let codes: Column<UInt8>
    /// The kinds of `codes`.
    @inlinable public init(codes: Column<UInt8>) { self.codes = codes }
    @inlinable public var startIndex: Int { 0 }
    @inlinable public var endIndex: Int { codes.count }
    /// The kind of node `position`.
    /// - Complexity: O(1).
    @inlinable public subscript(position: Int) -> EntityKind { EntityKind(rawValue: codes[position]) ?? .other }
}

/// A tie of a network, as `SanctionsNetwork.ties(from:activeOn:)` and `ties(into:activeOn:)`
/// yield it: its edge id, its ends and its kind. Its share and dates are read by edge id
/// (`shareInterval(_:)`, `validity(ofTie:)`, `isTieActive(_:on:)`).
public struct Tie: Sendable, Hashable {
    /// The edge id.
    public let edge: UInt32
    /// The entity the tie leaves (the owner, the controller, the member).
    public let source: UInt32
    /// The entity it enters (the asset, the sector).
    public let target: UInt32
    /// What kind of tie it is.
    public let kind: TieKind

    /// A tie with its ends and kind.
    @inlinable public init(edge: UInt32, source: UInt32, target: UInt32, kind: TieKind) {
        self.edge = edge
        self.source = source
        self.target = target
        self.kind = kind
    }

    /// Its (source, target) pair.
    @inlinable public var pair: NodePair { NodePair(source, target) }
}

/// The ties of one node, as `SanctionsNetwork.ties(from:activeOn:)` and `ties(into:activeOn:)`
/// give them: the node's edges, only those in force on `day` when one is given. A plain
/// iterator over the graph's edges: no closure, no copy of the network per call.
public struct TieSequence<Edges: NodeEdges>: Sequence, Sendable {
    @usableFromInline let edges: Edges
    @usableFromInline let day: Int32?

    @inlinable init(edges: Edges, day: Int32?) {
        self.edges = edges
        self.day = day
    }

    /// Iterates the ties.
    public struct Iterator: IteratorProtocol {
        @usableFromInline let sequence: TieSequence
        @usableFromInline var position: Int

        @inlinable init(_ sequence: TieSequence) {
            self.sequence = sequence
            position = sequence.edges.startIndex
        }

        /// The next tie in force, if any.
        /// - Complexity: O(1) amortised.
        @inlinable public mutating func next() -> Tie? {
            while position < sequence.edges.endIndex {
                let e = sequence.edges[position]
                position += 1
                if let day = sequence.day, !sequence.edges.graph.isEdgeActive(e.id, on: day) { continue }
                return Tie(edge: e.id, source: e.source, target: e.target, kind: TieKind(rawValue: sequence.edges.graph.kind(of: e.id)) ?? .unknownLink)
            }
            return nil
        }
    }

    @inlinable public func makeIterator() -> Iterator { Iterator(self) }
}

/// A per-tie column that only some ties have a value in: edge ids sorted, values beside them.
public struct SparseEdgeColumn<Value: Sendable>: Sendable {
    /// The edge ids that have a value, ascending.
    public private(set) var edges: [UInt32]
    /// The value of each edge in `edges`, beside it.
    public private(set) var values: [Value]

    /// An empty column.
    public init() { edges = []; values = [] }

    /// A column from edge ids already ascending and without repeats, with their values
    /// (a snapshot's, checked by its reader).
    /// - Complexity: O(1).
    package init(sortedEdges: [UInt32], values: [Value]) {
        precondition(sortedEdges.count == values.count, "SparseEdgeColumn: one value per edge")
        edges = sortedEdges
        self.values = values
    }

    /// From (edge, value) pairs in any order; an edge given twice keeps its last value.
    /// - Complexity: O(n log n) for n pairs.
    public init(_ pairs: [(UInt32, Value)]) {
        let sorted = pairs.enumerated().sorted { ($0.element.0, $0.offset) < ($1.element.0, $1.offset) }
        edges = []; values = []
        for (_, (e, v)) in sorted {
            if edges.last == e { values[values.count - 1] = v } else { edges.append(e); values.append(v) }
        }
    }

    /// The value of `edge`, if it has one.
    /// - Complexity: O(log n).
    public subscript(edge: UInt32) -> Value? {
        let i = edges.partitioningIndex { $0 >= edge }
        return i < edges.count && edges[i] == edge ? values[i] : nil
    }

    /// The number of edges with a value.
    public var count: Int { edges.count }
}
