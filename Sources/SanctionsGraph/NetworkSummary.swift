import GraphAlgorithms
import Platform

/// What a network holds, as `sanctions-graph info` reports it.
public struct NetworkSummary: Sendable {
    /// The day the counts of ties and designations in force refer to.
    public var asOf: Day
    /// Entities by kind (sector nodes included, as `Sector`).
    public var entities: [EntityKind: Int] = [:]
    /// The FtM schemata of entities of kind `other` (Security, Position, …).
    public var otherSchemas: [String: Int] = [:]
    /// Records read but not modelled (Address, Passport, Identification, …), by schema;
    /// filled from a `ReadReport` (`init(_:asOf:report:)`).
    public var notModelled: [String: Int] = [:]
    /// Ties by kind, whatever their dates.
    public var ties: [TieKind: Int] = [:]
    /// Ties in force on `asOf`, by kind.
    public var activeTies: [TieKind: Int] = [:]
    /// Designations in force on `asOf`, by jurisdiction.
    public var designations: [Jurisdiction: Int] = [:]
    /// Designations in force on `asOf`, by the record's country code.
    public var designationsByCountry: [String: Int] = [:]
    /// Entities with at least one designation in force on `asOf`.
    public var designatedEntities = 0
    /// Designations not in force on `asOf` (ended, or not yet started).
    public var inactiveDesignations = 0
    /// Undated listings (no start or listing date; docs/time.md).
    public var undatedListings = 0
    /// Undated listings not known to be in force on `asOf` (before their `first_seen`).
    public var undatedUnknownOnDay = 0
    /// Ownership and control ties with neither a start nor an end date: taken as in force at every date.
    public var undatedStakes = 0
    /// Every source of listings, with its classification (docs/sources.md).
    public var sources: [SourceSeen] = []
    /// The export's date, when the input gives one (the latest `last_seen`).
    public var exportDate: Day?
    /// The `--sources` files added to the built-in registry.
    public var registryFiles: [String] = []
    /// The registry's version (a hash of its rows).
    public var registryVersion = ""
    /// Ownership ties whose share is unknown.
    public var unknownShareOwnerships = 0
    /// Ownership ties whose share is a range (docs/shares.md).
    public var rangeShareOwnerships = 0
    /// Weakly connected components of the entities (sector nodes and sector memberships left out).
    public var components = 0
    /// The number of entities in the largest of them.
    public var largestComponent = 0
    /// What the reader should check: the reading's notices, then assets whose ownership adds up to
    /// more than 100% and owner–asset pairs with several reports in force (20 of each at most).
    public var warnings: [String] = []
    /// How many warnings there are: lists' headers ("skipped 3 bad records (--lenient):") are
    /// not counted, and warnings left out of a list ("… and 5 more") are.
    public var warningCount = 0
    /// The snapshot the network was opened from, if it was (docs/snapshot.md): its source
    /// files, sections and classification.
    public var snapshot: SnapshotInfo?

    /// Summarises `network` as of `asOf`, with what reading it found (`report`): its notices
    /// lead the warnings, its skipped records are counted in `warningCount` one by one, and its
    /// records not modelled are counted by schema in `notModelled`.
    /// - Complexity: as `init(_:asOf:notices:)`.
    public init(_ network: SanctionsNetwork, asOf: Day, report: ReadReport) {
        self.init(network, asOf: asOf, notices: report.notices)
        warningCount += report.warningCount - NetworkSummary.counted(report.notices)
        notModelled = report.ignoredSchemas
        snapshot = report.snapshot
    }

    /// The warnings among `notices`: each line but the headers of lists (which end in ":").
    static func counted(_ notices: [String]) -> Int {
        notices.count(where: { !$0.hasSuffix(":") })
    }

    /// Summarises `network` as of `asOf`; `notices` (reading's warnings) lead the warnings,
    /// each counted as one warning unless it ends in ":" (a list's header).
    /// - Complexity: O(V + E log d + D log D), d the largest in-degree (the ownership checks
    ///   sort each asset's owners; the sources are sorted).
    public init(_ network: SanctionsNetwork, asOf: Day, notices: [String] = []) {
        // Three parts, on as many cores as there are: the components, the ownership checks
        // (each asset's owners summed, parallel reports) and the counts. The longest first:
        // the cores take the parts in order, so on two the components (about as long as the
        // other two together at 1M entities) run beside the checks and then the counts, not
        // after the counts.
        enum Part: Sendable {
            case counts(NetworkSummary), components(count: Int, largest: Int), checks([OwnershipOverflow], [ParallelReports])
        }
        let parts = parallelWorkers(3) { part -> Part in
            switch part {
            case 0: let c = NetworkSummary.components(of: network); return .components(count: c.count, largest: c.largest)
            case 1: let (o, p) = network.ownershipChecks(on: asOf); return .checks(o, p)
            default: return .counts(NetworkSummary(counting: network, asOf: asOf, notices: notices))
            }
        }
        guard case .components(let components, let largest) = parts[0], case .checks(let overflows, let parallel) = parts[1],
              case .counts(var counted) = parts[2] else { preconditionFailure("NetworkSummary: parts out of order") }
        counted.components = components
        counted.largestComponent = largest
        self = counted
        for o in overflows.prefix(20) {
            warnings.append("ownership of '\(network.id(of: o.asset))' (\(network.name(of: o.asset))) adds up to \(Share.percentText(o.totalPercent)) on \(asOf)")
        }
        if overflows.count > 20 { warnings.append("… and \(overflows.count - 20) more assets whose ownership adds up to more than 100%") }
        warningCount += overflows.count
        for p in parallel.prefix(20) {
            let what = p.stakes.count > 1 ? "\(p.stakes.count) stakes of different share classes, which add" : "one stake of \(p.stakes[0])"
            warnings.append("'\(network.id(of: p.owner))' → '\(network.id(of: p.asset))' has \(p.reports.count) ownership reports in force on \(asOf) (\(p.reports.map(\.description).joined(separator: ", "))): taken as \(what) (docs/shares.md)")
        }
        if parallel.count > 20 { warnings.append("… and \(parallel.count - 20) more owner–asset pairs with several reports") }
        warningCount += parallel.count
    }

    /// The counts, components, sources and reading's notices of `init(_:asOf:notices:)`.
    private init(counting network: SanctionsNetwork, asOf: Day, notices: [String]) {
        self.asOf = asOf
        let g = network.graph
        // Counted by raw value first: a dictionary update per entity and tie hashes each time.
        var entityCounts = [Int](repeating: 0, count: 256), tieCounts = entityCounts, activeCounts = entityCounts
        for v in 0 ..< UInt32(network.entityCount) {
            let kind = network.kinds[Int(v)]
            entityCounts[Int(kind.rawValue)] += 1
            if kind == .other { otherSchemas[network.schema(of: v), default: 0] += 1 }
        }
        for e in 0 ..< UInt32(g.edgeCount) {
            let kind = network.tieKind(e)
            tieCounts[Int(kind.rawValue)] += 1
            if g.isEdgeActive(e, on: asOf.daysSinceEpoch) { activeCounts[Int(kind.rawValue)] += 1 }
            if kind == .ownership && g.weight(of: e) == nil {
                if network.shareInterval(e).isUnknown { unknownShareOwnerships += 1 } else { rangeShareOwnerships += 1 }
            }
            if kind == .ownership || kind == .control {
                let (from, until) = g.validity(of: e)   // days, without making dates of them
                if from == Graph.openStart && until == Graph.openEnd { undatedStakes += 1 }
            }
        }
        for kind in EntityKind.allCases where entityCounts[Int(kind.rawValue)] > 0 { entities[kind] = entityCounts[Int(kind.rawValue)] }
        for kind in TieKind.allCases where tieCounts[Int(kind.rawValue)] > 0 { ties[kind] = tieCounts[Int(kind.rawValue)] }
        for kind in TieKind.allCases where activeCounts[Int(kind.rawValue)] > 0 { activeTies[kind] = activeCounts[Int(kind.rawValue)] }
        var lastDesignated: UInt32 = .max
        for d in network.designations {
            if d.isUndated {
                undatedListings += 1
                if d.standing(on: asOf) == .dateUnknown { undatedUnknownOnDay += 1 }
            }
            switch d.standing(on: asOf) {
            case .inForce:
                designations[d.jurisdiction, default: 0] += 1
                designationsByCountry[d.country.isEmpty ? "?" : d.country, default: 0] += 1
                if d.entity != lastDesignated { designatedEntities += 1; lastDesignated = d.entity }
            case .notInForce: inactiveDesignations += 1
            case .dateUnknown: break
            }
        }
        sources = network.sourcesSeen
        exportDate = network.exportDate
        registryFiles = network.sourceRegistry.origins
        registryVersion = network.sourceRegistry.version
        warnings = notices
        warningCount = NetworkSummary.counted(notices)
    }

    /// The number of weakly connected components of the entities (sector nodes and sector
    /// memberships left out) and the size of the largest.
    private static func components(of network: SanctionsNetwork) -> (count: Int, largest: Int) {
        let entityTies = TieKind.allCases.filter { $0 != .sectorMembership }
        let wcc = weaklyConnectedComponents(of: network.view(Set(entityTies)))
        var sizes = [Int](repeating: 0, count: wcc.count)
        for v in 0 ..< network.entityCount where network.kinds[v] != .sector { sizes[Int(wcc.component[v])] += 1 }
        return (sizes.filter { $0 > 0 }.count, sizes.max() ?? 0)
    }

    /// The summary as JSON: `entities`, `ties`, `designations`, `components`,
    /// `largestComponent`, `warnings`, and more detail under other keys.
    /// - Complexity: O(size of the summary).
    public var json: JSONValue {
        func object<K>(_ d: [K: Int], _ name: (K) -> String) -> JSONValue {
            .object(Dictionary(uniqueKeysWithValues: d.map { (name($0.key), JSONValue.int($0.value)) }))
        }
        return .object([
            "asOf": .string(asOf.description),
            "entities": object(entities, \.ftmName),
            "otherSchemas": object(otherSchemas, { $0 }),
            "notModelled": object(notModelled, { $0 }),
            "ties": object(ties, \.ftmName),
            "activeTies": object(activeTies, \.ftmName),
            "designations": object(designations, \.code),
            "designationsByCountry": object(designationsByCountry, { $0 }),
            "designatedEntities": .int(designatedEntities),
            "inactiveDesignations": .int(inactiveDesignations),
            "unknownShareOwnerships": .int(unknownShareOwnerships),
            "rangeShareOwnerships": .int(rangeShareOwnerships),
            "undatedListings": .int(undatedListings),
            "undatedListingsNotKnownInForce": .int(undatedUnknownOnDay),
            "undatedStakes": .int(undatedStakes),
            "exportDate": exportDate.map { .string($0.description) } ?? .null,
            "sourceRegistry": .object(["version": .string(registryVersion), "files": .array(registryFiles.map { .string($0) })]),
            "sources": .array(sources.map { s in
                .object(["dataset": .string(s.dataset), "authority": .string(s.authority), "jurisdiction": .string(s.jurisdiction.code),
                         "measure": .string(s.measure.rawValue), "basis": .string(s.basis.description), "label": .string(s.label),
                         "datasetKnown": .bool(!s.datasetUnknown), "records": .int(s.records), "undated": .int(s.undated),
                         "countedBy": .array(NetworkSummary.rulesCounting(s).map { .string($0) })])
            }),
            "components": .int(components),
            "largestComponent": .int(largestComponent),
            "warnings": .array(warnings.map { .string($0) }),
            "warningCount": .int(warningCount),
            "snapshot": snapshot.map { s in
                .object(["path": .string(s.path), "version": .int(s.version), "bytes": .int(s.fileBytes), "verified": .bool(s.verified),
                         "reclassified": .bool(s.reclassified), "records": .int(s.records),
                         "sources": .array(s.sources.map { .object(["path": .string($0.path), "bytes": .int($0.bytes), "sha256": .string($0.sha256)]) }),
                         "sections": .array(s.sections.map { .object(["name": .string($0.name), "element": .string($0.element), "bytes": .int($0.bytes)]) })])
            } ?? .null,
        ])
    }

    /// The summary as readable text.
    /// Each line is `String.displaySafe`: control and bidi characters in names show escaped.
    /// - Complexity: O(size of the summary).
    public var text: String {
        var lines: [String] = []
        func section<K: Comparable>(_ title: String, _ d: [K: Int], _ name: (K) -> String) {
            let total = d.values.reduce(0, +)
            lines.append("\(title): \(total)")
            for (k, n) in d.sorted(by: { $0.key < $1.key }) { lines.append("  \(name(k).padding(to: 20)) \(n)") }
        }
        lines.append("as of \(asOf)")
        if let s = snapshot {
            lines.append("snapshot: \(s.path) (format \(s.version), \(s.fileBytes) bytes, " + (s.verified ? "checksums verified" : "not verified (--no-verify)")
                + (s.reclassified ? ", listings classified again with --sources" : "") + "), made from \(s.records) records of:")
            for f in s.sources { lines.append("  \(f.path)  \(f.bytes) bytes  " + (f.sha256.isEmpty ? "(not a regular file: no hash)" : "sha256 \(f.sha256)")) }
        }
        section("entities", entities, \.ftmName)
        if !otherSchemas.isEmpty { section("  of kind Other, by schema", otherSchemas, { $0 }) }
        if !notModelled.isEmpty { section("records not modelled (counted, not in the graph), by schema", notModelled, { $0 }) }
        section("ties", ties, \.ftmName)
        lines.append("  of which in force on \(asOf): \(activeTies.values.reduce(0, +))")
        lines.append("  ownership ties with unknown share: \(unknownShareOwnerships)")
        if rangeShareOwnerships > 0 { lines.append("  ownership ties whose share is a range: \(rangeShareOwnerships)") }
        section("designations in force", designations, \.code)
        lines.append("  designated entities: \(designatedEntities); designations not in force: \(inactiveDesignations)")
        lines.append("  undated listings: \(undatedListings)" + (undatedListings > 0
            ? " (not known to be in force on \(asOf): \(undatedUnknownOnDay); known from first_seen" + (exportDate.map { ", else the export's date \($0)" } ?? "") + ")"
            : ""))
        lines.append("  ownership and control ties without dates (taken as in force at every date): \(undatedStakes)")
        lines.append("sources: \(sources.count)" + (registryFiles.isEmpty ? "" : " (registry: built-in + \(registryFiles.joined(separator: ", ")))"))
        for s in sources {
            let name = [s.dataset.isEmpty ? nil : s.dataset + (s.datasetUnknown ? " (not in the registry)" : ""),
                        s.authority.isEmpty ? nil : "'\(s.authority)'"].compactMap { $0 }.joined(separator: " ")
            let counted = NetworkSummary.rulesCounting(s)
            lines.append("  \(s.jurisdiction.code.padding(to: 4)) \(s.measure.rawValue.padding(to: 17)) \(String(s.records).padding(to: 5)) \(name.isEmpty ? "(no dataset or authority)" : name)"
                + (s.undated > 0 ? "; \(s.undated) undated" : "") + "; counted by " + (counted.isEmpty ? "no rule" : counted.joined(separator: ", ")))
        }
        lines.append("weakly connected components: \(components) (largest: \(largestComponent) entities)")
        lines.append("warnings: \(warningCount)")
        lines += warnings.map { "  " + $0 }
        return lines.map(\.displaySafe).joined(separator: "\n")
    }
}

extension NetworkSummary {
    /// The preset rules (ofac, eu, uk) that count a source's listings.
    static func rulesCounting(_ s: SourceSeen) -> [String] {
        [BlockingRule.ofac, .eu, .uk].filter { r in
            (r.jurisdictions?.contains(s.jurisdiction) ?? true) && (r.measures?.contains(s.measure) ?? true)
        }.map(\.name)
    }
}

extension String {
    /// The string as text output shows it (`displaySafe`), with spaces added at the end to
    /// make `width` characters (unchanged if it is as long already), for columns of text: a
    /// name with escaped characters keeps its column aligned.
    /// - Complexity: O(length + width).
    public func padding(to width: Int) -> String {
        let shown = displaySafe
        return shown.count >= width ? shown : shown + String(repeating: " ", count: width - shown.count)
    }
}
