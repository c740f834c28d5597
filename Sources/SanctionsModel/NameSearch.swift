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
    public static func skeleton(_ word: String) -> String {
        // A leading "ye" is how some schemes write an initial е: Yevgeny, Evgeny.
        var s = word.hasPrefix("ye") ? String(word.dropFirst()) : word
        for (a, b) in [("shch", "s"), ("sch", "s"), ("sh", "s"), ("ch", "c"), ("zh", "z"), ("kh", "h"), ("ts", "c"), ("tz", "c"),
                       ("ph", "f"), ("ck", "k"), ("yu", "u"), ("iu", "u"), ("ya", "a"), ("ia", "a"), ("yo", "o"),
                       ("y", "i"), ("j", "i"), ("w", "v"), ("x", "ks")] {
            s = s.replacingAll(a, with: b)
        }
        // Doubled letters ("Vassiliev") as one.
        var out = ""
        for c in s where out.last != c { out.append(c) }
        return out
    }

    /// The search tokens of a text: the skeletons of its folded words.
    public static func tokens(_ text: String) -> [String] {
        fold(text).split(separator: " ").map { skeleton(String($0)) }
    }
}

extension String {
    /// Every occurrence of `target` replaced (ASCII, left to right, without overlap).
    func replacingAll(_ target: String, with replacement: String) -> String {
        guard contains(target) else { return self }
        var out = "", rest = Substring(self)
        while let r = rest.firstRange(of: target) {
            out += rest[..<r.lowerBound]
            out += replacement
            rest = rest[r.upperBound...]
        }
        return out + rest
    }
}

/// One search result: the entity, the name or id that matched, and a score in (0, 2].
public struct NameHit: Sendable, Hashable {
    public var node: UInt32
    /// The name, alias or id that matched best.
    public var matched: String
    /// 2 for an exact match after folding; otherwise the share of the query's words found.
    public var score: Double
}

/// An index of every entity's names, aliases and ids for `search` and name resolution: built
/// once (each name folded once), then each query costs the postings of its words.
public struct NameIndex: Sendable {
    public let network: SanctionsNetwork
    /// Skeleton word → (node, name index) postings.
    private var postings: [String: [(node: UInt32, name: UInt32)]] = [:]
    /// Folded whole name → nodes.
    private var exact: [String: [UInt32]] = [:]
    /// Every indexed name (a `strings` index, or an id as text).
    private var names: [String] = []

    /// - Complexity: O(total length of names, aliases and ids).
    public init(_ network: SanctionsNetwork) {
        self.network = network
        for v in 0 ..< UInt32(network.entityCount) where network.kinds[Int(v)] != .sector {
            var seen = Set<String>()
            let texts = network.names[v].map { network.strings[$0] } + network.aliases[v].map { network.strings[$0] } + [network.id(of: v)]
            for text in texts {
                let folded = NameFolding.fold(text)
                guard !folded.isEmpty, seen.insert(folded).inserted else { continue }
                let k = UInt32(names.count)
                names.append(text)
                exact[folded, default: []].append(v)
                for token in Set(folded.split(separator: " ").map { NameFolding.skeleton(String($0)) }) {
                    postings[token, default: []].append((v, k))
                }
            }
        }
        for (id, v) in network.referents { exact[NameFolding.fold(id), default: []].append(v) }
    }

    /// The entities matching `query`, best first (score, then id): a name equal to the query
    /// after folding scores 2; otherwise the share of the query's words (as skeletons) that
    /// one of the entity's names holds, and only hits holding at least half of them.
    /// - Complexity: O(postings of the query's words).
    public func search(_ query: String, limit: Int = 20) -> [NameHit] {
        let folded = NameFolding.fold(query)
        let words = Array(Set(folded.split(separator: " ").map { NameFolding.skeleton(String($0)) }))
        guard !words.isEmpty else { return [] }
        var counts: [UInt64: Int] = [:]   // node << 32 | name → words found
        for w in words { for p in postings[w] ?? [] { counts[UInt64(p.node) << 32 | UInt64(p.name), default: 0] += 1 } }
        var best: [UInt32: (hit: NameHit, name: UInt32)] = [:]
        for (key, n) in counts {
            let v = UInt32(key >> 32), k = UInt32(key & 0xFFFF_FFFF), name = names[Int(k)]
            var score = Double(n) / Double(words.count)
            if NameFolding.fold(name) == folded { score = 2 } else if score < 0.5 { continue }
            // The best name of each entity; among equals, the first indexed (deterministic).
            if let b = best[v], (b.hit.score, UInt32.max - b.name) >= (score, UInt32.max - k) { continue }
            best[v] = (NameHit(node: v, matched: name, score: score), k)
        }
        var hits = best.mapValues(\.hit)
        for v in exact[folded] ?? [] where (hits[v]?.score ?? 0) < 2 {
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
        /// Several entities do, or none: the best search hits to choose from.
        case ambiguous([NameHit])
        case notFound([NameHit])
    }

    /// Resolves a text to one entity: an id, a merged id, else a name that matches exactly
    /// after folding; never a fuzzy pick.
    public func resolve(_ text: String) -> Resolution {
        if let v = network.node(id: text) { return .id(v) }
        if let v = network.node(referent: text) { return .referent(v) }
        let folded = NameFolding.fold(text)
        let nodes = Array(Set(exact[folded] ?? [])).sorted()
        if nodes.count == 1 {
            let v = nodes[0]
            let matched = (network.names[v].map { network.strings[$0] } + network.aliases[v].map { network.strings[$0] })
                .first { NameFolding.fold($0) == folded } ?? text
            return .name(v, matched: matched)
        }
        let hits = search(text, limit: 10)
        return nodes.isEmpty ? .notFound(hits) : .ambiguous(hits.filter { nodes.contains($0.node) } + hits.filter { !nodes.contains($0.node) }.prefix(3))
    }
}
