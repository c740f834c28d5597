import GraphCore

/// How a listing's source was classified: the jurisdiction and measure it has, and what decided them.
public struct SourceClass: Sendable, Hashable {
    /// What decided the classification (docs/sources.md, "Classification order").
    public enum Basis: Sendable, Hashable, CustomStringConvertible {
        /// An OpenSanctions dataset name the registry knows.
        case dataset(String)
        /// An authority spelling the registry knows (no known dataset).
        case authority(String)
        /// Only a country code: no dataset the registry knows, no authority named. Such a
        /// listing (hand-made data) is taken as an asset freeze of that jurisdiction.
        case country(String)
        /// Nothing the registry knows: an unknown authority, or nothing at all.
        case unknown

        public var description: String {
            switch self {
            case .dataset(let d): "dataset \(d)"
            case .authority(let a): "authority '\(a)'"
            case .country(let c): "country \(c)"
            case .unknown: "unknown source"
            }
        }
    }

    /// The jurisdiction the listing counts for.
    public var jurisdiction: Jurisdiction
    /// What the listing does.
    public var measure: Measure
    /// What decided them.
    public var basis: Basis
    /// The registry's label of the matched row ("" when none matched).
    public var label: String
    /// The record's `provisions` narrowed the source's default measure (an asset-freeze list's
    /// record whose provisions include no asset freeze).
    public var narrowedByProvisions: Bool

    /// A classification with its parts.
    public init(jurisdiction: Jurisdiction, measure: Measure, basis: Basis, label: String = "", narrowedByProvisions: Bool = false) {
        self.jurisdiction = jurisdiction
        self.measure = measure
        self.basis = basis
        self.label = label
        self.narrowedByProvisions = narrowedByProvisions
    }
}

/// An error in a source registry file: where, and what is wrong.
public struct SourceRegistryError: Error, Sendable, CustomStringConvertible {
    /// The file ("built-in" for the compiled table).
    public var origin: String
    /// The line at fault.
    public var line: Int
    /// What is wrong with it.
    public var reason: String
    public var description: String { "\(origin):\(line): \(reason)" }
}

/// The table that says which listings are asset freezes of which jurisdiction
/// (docs/sources.md). The built-in table is `Sources/SanctionsModel/Resources/sources.tsv`,
/// compiled into the binary; `--sources FILE` adds or overrides rows in the same format.
///
/// A listing is classified by its OpenSanctions dataset name first (`datasets` on the
/// Sanction record), then by its authority (every spelling the table lists, compared
/// case-insensitively with spaces folded), then by its country code. A record of an
/// asset-freeze source whose `provisions` include some the table knows, but none that it
/// reads as an asset freeze, is not a freeze (a `gb_fcdo_sanctions` record with trust-services
/// sanctions only).
public struct SourceRegistry: Sendable {
    /// What a row matches on.
    public enum Match: String, Sendable, Hashable, CaseIterable {
        /// An OpenSanctions dataset name, an authority spelling, a provision, or a country code.
        case dataset, authority, provision, country
    }

    /// One row of the table.
    public struct Entry: Sendable, Hashable {
        /// What the row matches on.
        public var match: Match
        /// The dataset name, authority spelling, provision or country code, as written.
        public var key: String
        /// The jurisdiction (nil for provision rows).
        public var jurisdiction: Jurisdiction?
        /// The measure (nil for country rows).
        public var measure: Measure?
        /// A human-readable name of the source ("" if none).
        public var label: String
        /// Where the classification comes from (a law, a regulator's page; "" if none).
        public var citation: String
        /// Where the row comes from ("built-in" or a file path) and its line there.
        public var origin: String
        /// The row's line in `origin`.
        public var line: Int

        /// A row with every field given.
        public init(match: Match, key: String, jurisdiction: Jurisdiction?, measure: Measure?, label: String, citation: String,
                    origin: String, line: Int) {
            self.match = match
            self.key = key
            self.jurisdiction = jurisdiction
            self.measure = measure
            self.label = label
            self.citation = citation
            self.origin = origin
            self.line = line
        }
    }

    /// Every row, later rows overriding earlier ones with the same match and key.
    public private(set) var entries: [Entry] = []
    private var index: [Match: [String: Int]] = [:]
    /// The files whose rows were added to the built-in table, in order.
    public private(set) var origins: [String] = []
    /// A 64-bit FNV-1a hash of every row's fields, in hex: two registries with the same
    /// version classify alike.
    /// - Complexity: O(total length of the rows).
    public var version: String {
        var h = FNV1a()
        for e in entries {
            for field in [e.match.rawValue, e.key, e.jurisdiction?.code ?? "-", e.measure?.rawValue ?? "-"] {
                h.add(field.utf8)
                h.add(0x09)   // a tab ends each field, so ("ab", "c") and ("a", "bc") differ
            }
        }
        let hex = String(h.value, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    /// An empty table (every listing then classified by country alone, or unknown).
    public init() {}

    /// A table of `entries` as they are (later ones override earlier ones with the same
    /// match and key), whose added files were `origins`: a snapshot's stored registry.
    /// - Complexity: O(total length of the keys).
    package init(entries: [Entry], origins: [String]) {
        for entry in entries {
            let normalised = SourceRegistry.key(entry.key)
            if let existing = index[entry.match]?[normalised] {
                self.entries[existing] = entry
            } else {
                index[entry.match, default: [:]][normalised] = self.entries.count
                self.entries.append(entry)
            }
        }
        self.origins = origins
    }

    /// Parses a table in the registry's tab-separated format (docs/sources.md): `#` comments,
    /// a header `match key jurisdiction measure label citation`, then six fields a row, `-`
    /// for an empty one.
    /// - Complexity: O(length of the text).
    public init(tsv text: String, origin: String) throws(SourceRegistryError) {
        try add(tsv: text, origin: origin)
    }

    /// The table compiled into the binary.
    public static let builtIn: SourceRegistry = {
        do {
            return try SourceRegistry(tsv: String(decoding: PackageResources.sources_tsv, as: UTF8.self), origin: "built-in")
        } catch {
            // The built-in table is checked by the tests; a broken one must not pass silently.
            fatalError("the built-in source registry is invalid: \(error)")
        }
    }()

    /// Adds (or overrides) rows from a table in the same format.
    /// - Complexity: O(length of the text) expected.
    public mutating func add(tsv text: String, origin: String) throws(SourceRegistryError) {
        var sawHeader = false
        var lineNumber = 0
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            var line = Substring(rawLine)
            if line.hasSuffix("\r") { line = line.dropLast() }
            if line.allSatisfy({ $0 == " " || $0 == "\t" }) || line.hasPrefix("#") { continue }
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map { SourceRegistry.normalisedSpaces(String($0)) }
            func fail(_ reason: String) -> SourceRegistryError { SourceRegistryError(origin: origin, line: lineNumber, reason: reason) }
            if !sawHeader {
                guard fields == ["match", "key", "jurisdiction", "measure", "label", "citation"] else {
                    throw fail("expected the header 'match<TAB>key<TAB>jurisdiction<TAB>measure<TAB>label<TAB>citation'")
                }
                sawHeader = true
                continue
            }
            guard fields.count == 6 else { throw fail("expected 6 tab-separated fields, found \(fields.count)") }
            guard let match = Match(rawValue: fields[0].lowercased()) else {
                throw fail("match '\(fields[0])' is not one of \(Match.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            let key = fields[1]
            guard !key.isEmpty && key != "-" else { throw fail("empty key") }
            var jurisdiction: Jurisdiction? = nil
            if fields[2] != "-" {
                guard let j = Jurisdiction(code: fields[2]) else { throw fail("jurisdiction '\(fields[2])' is not a list code (two or three letters)") }
                jurisdiction = j
            }
            var measure: Measure? = nil
            if fields[3] != "-" {
                guard let m = Measure(rawValue: fields[3].lowercased()) else {
                    throw fail("measure '\(fields[3])' is not one of \(Measure.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                measure = m
            }
            switch match {
            case .dataset, .authority:
                guard jurisdiction != nil, measure != nil else { throw fail("a \(match.rawValue) row needs a jurisdiction and a measure") }
            case .provision:
                guard measure != nil else { throw fail("a provision row needs a measure") }
            case .country:
                guard jurisdiction != nil else { throw fail("a country row needs a jurisdiction") }
            }
            let entry = Entry(match: match, key: key, jurisdiction: jurisdiction, measure: measure,
                              label: fields[4] == "-" ? "" : fields[4], citation: fields[5] == "-" ? "" : fields[5],
                              origin: origin, line: lineNumber)
            let normalised = SourceRegistry.key(key)
            if let existing = index[match]?[normalised] {
                entries[existing] = entry
            } else {
                index[match, default: [:]][normalised] = entries.count
                entries.append(entry)
            }
        }
        guard sawHeader else { throw SourceRegistryError(origin: origin, line: lineNumber, reason: "no header line: is this a source registry table?") }
        if origin != "built-in" { origins.append(origin) }
    }

    /// The row for a key, if any.
    /// - Complexity: O(length of key) expected.
    public func entry(_ match: Match, _ key: String) -> Entry? {
        index[match]?[SourceRegistry.key(key)].map { entries[$0] }
    }

    /// What a listing record says of its source: the fields the registry classifies.
    public struct Query: Sendable, Hashable {
        /// The record's OpenSanctions dataset names.
        public var datasets: [String]
        /// The record's authority ("" if none).
        public var authority: String
        /// The record's country code ("" if none).
        public var country: String
        /// The record's provisions.
        public var provisions: [String]
        /// A query of these fields.
        public init(datasets: [String], authority: String, country: String, provisions: [String]) {
            self.datasets = datasets
            self.authority = authority
            self.country = country
            self.provisions = provisions
        }
    }

    /// Classifies one listing record's source.
    /// - Complexity: O(total length of the query's fields).
    public func classify(_ q: Query) -> SourceClass {
        classify(datasets: q.datasets, authority: q.authority, country: q.country, provisions: q.provisions)
    }

    /// Classifies one listing record (docs/sources.md, "Classification order").
    /// - Parameters:
    ///   - datasets: the record's OpenSanctions dataset names (the first known one decides).
    ///   - authority: the record's authority, "" if none.
    ///   - country: the record's country code, "" if none.
    ///   - provisions: the record's provisions (may narrow an asset freeze).
    /// - Complexity: O(total length of the arguments).
    public func classify(datasets: [String], authority: String, country: String, provisions: [String]) -> SourceClass {
        let countryJurisdiction = entry(.country, country)?.jurisdiction ?? Jurisdiction(code: country)
        var result: SourceClass
        if let e = datasets.lazy.compactMap({ self.entry(.dataset, $0) }).first, let j = e.jurisdiction, let m = e.measure {
            result = SourceClass(jurisdiction: j, measure: m, basis: .dataset(e.key), label: e.label)
        } else if !authority.isEmpty {
            if let e = entry(.authority, authority), let m = e.measure {
                result = SourceClass(jurisdiction: e.jurisdiction ?? countryJurisdiction ?? .unknown, measure: m, basis: .authority(e.key), label: e.label)
            } else {
                result = SourceClass(jurisdiction: countryJurisdiction ?? .unknown, measure: .unknown, basis: .unknown)
            }
        } else if let j = countryJurisdiction, j != .unknown {
            result = SourceClass(jurisdiction: j, measure: .assetFreeze, basis: .country(j.code))
        } else {
            result = SourceClass(jurisdiction: .unknown, measure: .unknown, basis: .unknown)
        }
        // Provisions narrow only when the table knows at least one of them: some lists put a
        // legal basis or free text there (mc_fund_freezes), which says nothing either way.
        let measures = provisions.compactMap { entry(.provision, $0)?.measure }
        if result.measure == .assetFreeze, let narrower = measures.min(), !measures.contains(.assetFreeze) {
            result.measure = narrower
            result.narrowedByProvisions = true
        }
        return result
    }

    /// The lookup key of a text: lowercase, spaces trimmed and folded.
    static func key(_ text: String) -> String { normalisedSpaces(text).lowercased() }

    /// The text with leading and trailing spaces removed and inner runs of spaces folded into one.
    static func normalisedSpaces(_ text: String) -> String {
        text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\u{A0}" }).joined(separator: " ")
    }
}

/// One source of listings seen in a network, as `info` lists them.
public struct SourceSeen: Sendable, Hashable {
    /// The record's first dataset name ("" when none).
    public var dataset: String
    /// The authority its first record names.
    public var authority: String
    /// The jurisdiction it was classified in.
    public var jurisdiction: Jurisdiction
    /// What its listings do.
    public var measure: Measure
    /// What decided the classification.
    public var basis: SourceClass.Basis
    /// The registry's label of the source.
    public var label: String
    /// The dataset is not in the registry (the authority or country decided).
    public var datasetUnknown: Bool
    /// How many listings (designations) come from it.
    public var records: Int
    /// How many of them are undated (no start or listing date).
    public var undated: Int
}

extension SanctionsNetwork {
    /// Every source of designations seen, with its classification and counts; sorted by
    /// jurisdiction, measure, dataset and authority.
    /// - Complexity: O(D log D).
    public var sourcesSeen: [SourceSeen] {
        struct Key: Hashable { var dataset: String; var authority: String; var jurisdiction: Jurisdiction; var measure: Measure; var narrowed: Bool }
        // One hash of a designation's key, and one registry look-up per distinct dataset name;
        // fields read in place, not the whole designation copied.
        var known: [String: Bool] = [:]
        func isKnown(_ dataset: String) -> Bool {
            if let k = known[dataset] { return k }
            let k = sourceRegistry.entry(.dataset, dataset) != nil
            known[dataset] = k
            return k
        }
        var slot: [Key: Int] = [:]
        var seen: [SourceSeen] = []   // in order of first sighting
        for i in designations.indices {
            let datasets = designations[i].datasets, basis = designations[i].basis
            let dataset = datasets.first(where: isKnown) ?? datasets.first ?? ""
            // A known dataset is one source whatever its records call the authority.
            let byDataset: Bool
            if case .dataset = basis { byDataset = true } else { byDataset = false }
            let key = Key(dataset: dataset, authority: byDataset ? "" : designations[i].authority, jurisdiction: designations[i].jurisdiction,
                          measure: designations[i].measure, narrowed: designations[i].narrowedByProvisions)
            let k: Int
            if let existing = slot[key] {
                k = existing
            } else {
                k = seen.count
                slot[key] = k
                seen.append(SourceSeen(dataset: dataset, authority: designations[i].authority, jurisdiction: key.jurisdiction, measure: key.measure,
                                       basis: basis, label: designations[i].sourceLabel,
                                       datasetUnknown: !dataset.isEmpty && !isKnown(dataset), records: 0, undated: 0))
            }
            seen[k].records += 1
            if designations[i].isUndated { seen[k].undated += 1 }
        }
        return seen.sorted {
            ($0.jurisdiction, $0.measure, $0.dataset, $0.authority) < ($1.jurisdiction, $1.measure, $1.dataset, $1.authority)
        }
    }

    /// One warning per source the registry does not know: its listings count under no rule.
    /// - Complexity: that of `sourcesSeen`.
    public var unknownSourceWarnings: [String] {
        sourcesSeen.filter { $0.measure == .unknown }.map { s in
            let what = [s.dataset.isEmpty ? nil : "dataset \(s.dataset)", s.authority.isEmpty ? nil : "authority '\(s.authority)'",
                        s.jurisdiction == .unknown ? nil : "jurisdiction \(s.jurisdiction.code)"].compactMap { $0 }.joined(separator: ", ")
            return "\(s.records) listing\(s.records == 1 ? "" : "s") from a source the registry does not know (\(what.isEmpty ? "no dataset, authority or country" : what))"
                + (s.label.isEmpty ? "" : ": \(s.label)")
                + "; no rule counts \(s.records == 1 ? "it" : "them"); classify the source with --sources FILE (docs/sources.md)"
        }
    }
}
