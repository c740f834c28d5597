/// Where a designation applies: the list's own lowercase code, as OpenSanctions writes it in
/// a Sanction's `country` (us, eu, gb, un, ch, ca, au, jp, nz, ua, fr, be, mc, …), kept as it
/// is rather than folded into a few known ones (docs/sources.md).
///
/// `uk` is read as `gb` and `usa` as `us`; `unknown` stands for a record that names no
/// jurisdiction at all. Ordered us, eu, gb, un first, then by code, `unknown` last.
public struct Jurisdiction: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The lowercase code ("us", "eu", "gb", "ch", …; "unknown").
    public let code: String

    private init(raw: String) { code = raw }

    /// The United States (OFAC and other US lists).
    public static let us = Jurisdiction(raw: "us")
    /// The European Union.
    public static let eu = Jurisdiction(raw: "eu")
    /// The United Kingdom (also read from "uk").
    public static let gb = Jurisdiction(raw: "gb")
    /// The United Nations Security Council.
    public static let un = Jurisdiction(raw: "un")
    /// A designation whose record names no jurisdiction (no country, no known source).
    public static let unknown = Jurisdiction(raw: "unknown")

    /// A jurisdiction by its code: two or three ASCII letters (any case), or "unknown".
    /// "uk" gives `gb`, "usa" gives `us`; "zz" (FtM's "no country"), "" and anything else
    /// give nil.
    /// - Complexity: O(length of code).
    public init?(code: String) {
        let key = code.lowercased()
        switch key {
        case "uk": self = .gb
        case "usa": self = .us
        case "unknown": self = .unknown
        case "zz", "": return nil
        default:
            guard (2 ... 3).contains(key.utf8.count), key.utf8.allSatisfy({ $0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "z") }) else { return nil }
            self.init(raw: key)
        }
    }

    public var description: String { code }

    private var rank: Int {
        switch code {
        case "us": 0
        case "eu": 1
        case "gb": 2
        case "un": 3
        case "unknown": 5
        default: 4
        }
    }

    public static func < (a: Jurisdiction, b: Jurisdiction) -> Bool { (a.rank, a.code) < (b.rank, b.code) }
}

/// What a listing does, as the source registry classifies it (docs/sources.md). Only asset
/// freezes block under the ownership rules; the others are shown, never counted by a preset.
public enum Measure: String, Sendable, Hashable, CaseIterable, Comparable, CustomStringConvertible {
    /// Funds and economic resources frozen; the basis of the 50% rules.
    case assetFreeze = "asset-freeze"
    /// Sectoral restrictions (e.g. OFAC's non-SDN lists: debt, equity, services).
    case sectoral
    /// Export controls (e.g. the BIS Entity List).
    case exportControl = "export-control"
    /// Entry and transit bans.
    case travelBan = "travel-ban"
    /// Exclusion from public procurement (e.g. SAM exclusions).
    case debarment
    /// Director disqualifications (e.g. the UK Insolvency Service).
    case disqualification
    /// A measure the registry knows to be none of the above (e.g. an information portal).
    case other
    /// A source the registry does not know, or knows to be ambiguous: never counted by a preset.
    case unknown

    public var description: String { rawValue }

    public static func < (a: Measure, b: Measure) -> Bool {
        (allCases.firstIndex(of: a) ?? 0) < (allCases.firstIndex(of: b) ?? 0)
    }
}
