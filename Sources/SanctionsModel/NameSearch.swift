import GraphCore
import Platform

/// Name folding and search (docs/names.md): case-, accent- and script-insensitive matching of
/// entity names, aliases, previous names, ids and merged ids (`referents`).
public enum NameFolding {
    /// Cyrillic letters (Russian, Ukrainian, Belarusian) in a plain Latin transliteration.
    static let cyrillic: [Character: String] = [
        "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh", "з": "z", "и": "i", "й": "y",
        "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f",
        "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya",
        "і": "i", "ї": "yi", "є": "ye", "ґ": "g", "ў": "u",
    ]
    /// Latin letters with diacritics, and ligatures, as plain letters.
    static let latin: [Character: String] = {
        var m: [Character: String] = ["ß": "ss", "æ": "ae", "œ": "oe", "þ": "th", "ð": "d", "ł": "l", "ø": "o", "đ": "d", "ı": "i", "ħ": "h"]
        let groups: [(String, String)] = [
            ("àáâãäåāăą", "a"), ("çćĉċč", "c"), ("ď", "d"), ("èéêëēĕėęě", "e"), ("ĝğġģ", "g"), ("ĥ", "h"),
            ("ìíîïĩīĭįǐ", "i"), ("ĵ", "j"), ("ķ", "k"), ("ĺļľŀ", "l"), ("ñńņňŉ", "n"), ("òóôõöōŏőǒ", "o"),
            ("ŕŗř", "r"), ("śŝşšș", "s"), ("ţťțŧ", "t"), ("ùúûüũūŭůűųǔ", "u"), ("ŵ", "w"), ("ýÿŷ", "y"), ("źżž", "z"),
        ]
        for (letters, plain) in groups { for c in letters { m[c] = plain } }
        return m
    }()

    /// The text lowercased, without accents, Cyrillic transliterated, and every run of
    /// characters that are neither letters nor digits made one space: for exact matching.
    /// - Complexity: O(length).
    public static func fold(_ text: String) -> String {
        // Most names are ASCII: fold their bytes directly.
        if text.utf8.allSatisfy({ $0 < 0x80 }) {
            var bytes: [UInt8] = []
            bytes.reserveCapacity(text.utf8.count)
            var space = false
            for b in text.utf8 {
                let lower = b >= 0x41 && b <= 0x5A ? b + 32 : b
                let alnum = (lower >= 0x61 && lower <= 0x7A) || (lower >= 0x30 && lower <= 0x39)
                guard alnum else { space = true; continue }
                if space && !bytes.isEmpty { bytes.append(0x20) }
                space = false
                bytes.append(lower)
            }
            return String(decoding: bytes, as: UTF8.self)
        }
        var out = ""
        out.reserveCapacity(text.utf8.count)
        var space = false
        for ch in text.lowercased() {
            let piece: String
            if ch.isASCII {
                guard ch.isLetter || ch.isNumber else { space = true; continue }
                piece = String(ch)
            } else if let t = cyrillic[ch] ?? latin[ch] {
                piece = t
            } else if ch.isLetter || ch.isNumber {
                // A precomposed letter with marks not in the table: keep its base scalar.
                let base = ch.unicodeScalars.first.map { Character($0) } ?? ch
                piece = cyrillic[base] ?? latin[base] ?? String(base)
            } else {
                space = true
                continue
            }
            if piece.isEmpty { continue }
            if space && !out.isEmpty { out.append(" ") }
            space = false
            out += piece
        }
        return out
    }

    /// A folded word reduced so that transliteration schemes agree: Захарова, Zakharova and
    /// Zaharova all give "zaharova" (kh/h, sh/š, ch/č, zh/ž, ts/c, y/i/j, doubled letters; a
    /// leading ye/e).
    /// - Complexity: O(length of word).
    public static func skeleton(_ word: String) -> String {
        var s = Array(word.utf8), scratch: [UInt8] = []
        skeleton(&s, scratch: &scratch)
        return String(decoding: s, as: UTF8.self)
    }

    /// `skeleton(_:)` on the bytes of a folded word, in place; `scratch` is a buffer the
    /// caller may keep between calls (indexing a million names makes no array a word).
    /// - Complexity: O(length of word) per rule that applies.
    static func skeleton(_ s: inout [UInt8], scratch t: inout [UInt8]) {
        // A leading "ye" is how some schemes write an initial е: Yevgeny, Evgeny.
        if s.count >= 2 && s[0] == UInt8(ascii: "y") && s[1] == UInt8(ascii: "e") { s.removeFirst() }
        skeletonRuleBytes.withUnsafeBufferPointer { rules in
            for rule in skeletonRuleSpans {
                // Every occurrence of the pattern, left to right, without overlap.
                let first = rules[rule.pattern.lowerBound], length = rule.pattern.count
                guard s.count >= length, s.contains(first) else { continue }
                t.removeAll(keepingCapacity: true)
                var i = 0
                while i < s.count {
                    if s[i] == first && i + length <= s.count && (1 ..< length).allSatisfy({ s[i + $0] == rules[rule.pattern.lowerBound + $0] }) {
                        for r in rule.replacement { t.append(rules[r]) }
                        i += length
                    } else {
                        t.append(s[i])
                        i += 1
                    }
                }
                swap(&s, &t)
            }
        }
        // Doubled letters ("Vassiliev") as one.
        t.removeAll(keepingCapacity: true)
        for c in s where t.last != c { t.append(c) }
        swap(&s, &t)
    }

    /// The skeleton's replacements, applied in this order.
    static let skeletonRules: [(String, String)] = [
        ("shch", "s"), ("sch", "s"), ("sh", "s"), ("ch", "c"), ("zh", "z"), ("kh", "h"), ("ts", "c"), ("tz", "c"),
        ("ph", "f"), ("ck", "k"), ("yu", "u"), ("iu", "u"), ("ya", "a"), ("ia", "a"), ("yo", "o"),
        ("y", "i"), ("j", "i"), ("w", "v"), ("x", "ks"),
    ]
    /// `skeletonRules` as one byte array and, per rule, the ranges of its pattern and its
    /// replacement in it (plain values: walking them costs no reference counting).
    static let skeletonRuleBytes: [UInt8] = skeletonRules.flatMap { Array($0.0.utf8) + Array($0.1.utf8) }
    static let skeletonRuleSpans: [(pattern: Range<Int>, replacement: Range<Int>)] = {
        var spans: [(pattern: Range<Int>, replacement: Range<Int>)] = []
        var at = 0
        for (a, b) in skeletonRules {
            spans.append((at ..< at + a.utf8.count, at + a.utf8.count ..< at + a.utf8.count + b.utf8.count))
            at += a.utf8.count + b.utf8.count
        }
        return spans
    }()

    /// The search tokens of a text: the skeletons of its folded words.
    /// - Complexity: O(length of text).
    public static func tokens(_ text: String) -> [String] {
        fold(text).split(separator: " ").map { skeleton(String($0)) }
    }
}

/// One search result: the entity, the name or id that matched, and a score in (0, 2].
public struct NameHit: Sendable, Hashable {
    /// The entity found.
    public var node: UInt32
    /// The name, alias or id that matched best.
    public var matched: String
    /// 2 for an exact match after folding; otherwise the share of the query's words found.
    public var score: Double
}

/// An index of every entity's names and aliases for `search` and name resolution: built
/// once (each name folded once), then each query costs the postings of its words. Postings
/// are sorted arrays keyed by a 64-bit hash of the word (or of the whole folded name), 16
/// bytes each: no dictionary of strings.
public struct NameIndex: Sendable {
    /// The network indexed.
    public let network: SanctionsNetwork
    /// (hash of a skeleton word, node, `strings` index of the name), sorted.
    private var postings: [(hash: UInt64, node: UInt32, name: UInt32)] = []
    /// (hash of a folded whole name, node, `strings` index of the name), sorted.
    private var exact: [(hash: UInt64, node: UInt32, name: UInt32)] = []

    static func hash(_ text: Substring) -> UInt64 {
        FNV1a.hash(text.utf8)
    }

    /// Indexes every name and alias of the network's entities (sector nodes left out), the
    /// entities split among the cores (the index is the same however many there are).
    /// - Complexity: O(total length of names and aliases + P log P) for P postings.
    public init(_ network: SanctionsNetwork) {
        self.network = network
        typealias Entry = (hash: UInt64, node: UInt32, name: UInt32)
        let n = network.entityCount
        let workers = n >= 20_000 ? processorCount : 1
        let parts = parallelWorkers(workers) { w -> (postings: [Entry], exact: [Entry]) in
            var postings: [Entry] = [], exact: [Entry] = []
            var word: [UInt8] = [], scratch: [UInt8] = [], seen: [UInt64] = []
            func add(_ v: UInt32, _ k: UInt32) {
                let folded = NameFolding.fold(network.strings[k])
                guard !folded.isEmpty else { return }
                exact.append((FNV1a.hash(folded.utf8), v, k))
                // Each skeleton word once a name (told apart by their 64-bit hashes).
                seen.removeAll(keepingCapacity: true)
                for part in folded.utf8.split(separator: 0x20) {
                    word.removeAll(keepingCapacity: true)
                    word.append(contentsOf: part)
                    NameFolding.skeleton(&word, scratch: &scratch)
                    let h = FNV1a.hash(word)
                    if !seen.contains(h) { seen.append(h); postings.append((h, v, k)) }
                }
            }
            for v in UInt32(n * w / workers) ..< UInt32(n * (w + 1) / workers) where network.kinds[Int(v)] != .sector {
                for k in network.names[v] { add(v, k) }
                for k in network.aliases[v] { add(v, k) }
            }
            return (postings, exact)
        }
        postings = parts.flatMap(\.postings)
        exact = parts.flatMap(\.exact)
        postings.sort { ($0.hash, $0.node, $0.name) < ($1.hash, $1.node, $1.name) }
        exact.sort { ($0.hash, $0.node, $0.name) < ($1.hash, $1.node, $1.name) }
    }

    /// The entries of a sorted column with `hash`.
    private static func range(_ column: [(hash: UInt64, node: UInt32, name: UInt32)], _ hash: UInt64) -> ArraySlice<(hash: UInt64, node: UInt32, name: UInt32)> {
        let lo = column.partitioningIndex { $0.hash >= hash }
        return column[lo ..< column[lo...].partitioningIndex { $0.hash > hash }]
    }

    /// The entities with a name or alias equal to `folded` (a folded text), with that name.
    private func exactMatches(_ folded: String) -> [(node: UInt32, name: String)] {
        NameIndex.range(exact, NameIndex.hash(Substring(folded))).compactMap { e in
            let name = network.strings[e.name]
            return NameFolding.fold(name) == folded ? (e.node, name) : nil
        }
    }

    /// The entities matching `query`, best first (score, then id): a name equal to the query
    /// after folding scores 2; otherwise the share of the query's words (as skeletons) that
    /// one of the entity's names holds, and only hits holding at least half of them.
    /// - Complexity: O(postings of the query's words).
    public func search(_ query: String, limit: Int = 20) -> [NameHit] {
        let folded = NameFolding.fold(query)
        let words = Array(Set(folded.split(separator: " ").map { NameFolding.skeleton(String($0)) }))
        guard !words.isEmpty else { return [] }
        struct NodeName: Hashable { var node: UInt32, name: UInt32 }
        var counts: [NodeName: Int] = [:]   // words found, by entity and name
        for w in words {
            for p in NameIndex.range(postings, NameIndex.hash(Substring(w))) { counts[NodeName(node: p.node, name: p.name), default: 0] += 1 }
        }
        var best: [UInt32: (hit: NameHit, name: UInt32)] = [:]
        for (key, n) in counts {
            let v = key.node, k = key.name, name = network.strings[k]
            var score = Double(n) / Double(words.count)
            if NameFolding.fold(name) == folded { score = 2 } else if score < 0.5 { continue }
            // The best name of each entity; among equals, the first stored (deterministic).
            if let b = best[v], (b.hit.score, UInt32.max - b.name) >= (score, UInt32.max - k) { continue }
            best[v] = (NameHit(node: v, matched: name, score: score), k)
        }
        var hits = best.mapValues(\.hit)
        // Ids and merged ids match whole.
        for v in [network.node(id: query), network.node(referent: query)].compactMap({ $0 }) where (hits[v]?.score ?? 0) < 2 {
            hits[v] = NameHit(node: v, matched: query, score: 2)
        }
        let ranked = hits.values.sorted { ($0.score, network.id(of: $1.node)) > ($1.score, network.id(of: $0.node)) }
        return Array(ranked.prefix(limit))
    }

    /// How a text names an entity (docs/names.md).
    public enum Resolution: Sendable {
        /// Its id.
        case id(UInt32)
        /// An id OpenSanctions merged into it (`referents`).
        case referent(UInt32)
        /// One entity has a name or alias equal to the text after folding (`matched`).
        case name(UInt32, matched: String)
        /// Several entities do: the best search hits to choose from, those entities first.
        case ambiguous([NameHit])
        /// No entity does: the best search hits, if any, to choose from.
        case notFound([NameHit])
    }

    /// Resolves a text to one entity: an id, a merged id, else a name that matches exactly
    /// after folding; never a fuzzy pick.
    /// - Complexity: O(length of text) expected for an id or a merged id; else that of
    ///   `search(_:limit:)`.
    public func resolve(_ text: String) -> Resolution {
        if let v = network.node(id: text) { return .id(v) }
        if let v = network.node(referent: text) { return .referent(v) }
        let folded = NameFolding.fold(text)
        let matches = exactMatches(folded)
        let nodes = Array(Set(matches.map(\.node))).sorted()
        if nodes.count == 1 {
            let v = nodes[0]
            return .name(v, matched: matches.first { $0.node == v }?.name ?? text)
        }
        let hits = search(text, limit: 10)
        return nodes.isEmpty ? .notFound(hits) : .ambiguous(hits.filter { nodes.contains($0.node) } + hits.filter { !nodes.contains($0.node) }.prefix(3))
    }
}
