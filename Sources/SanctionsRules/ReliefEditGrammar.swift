import SanctionsModel

/// The kinds of relief edit the command line takes, by option name.
public enum ReliefEditKind: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// `ID` (every designation) or `ID:JURISDICTION` (that jurisdiction's).
    case delist
    /// `OWNER:ASSET=PERCENT`.
    case setShare = "set-share"
    /// `OWNER:ASSET`.
    case removeTie = "remove-tie"
    /// `OWNER:ASSET=PERCENT` or `OWNER:ASSET=unknown` (an ownership tie).
    case addTie = "add-tie"
    /// `ID:JURISDICTION`.
    case designate
    /// `A,B`: two designated persons holding under a joint arrangement.
    case joint

    /// The option that takes it: "--set-share".
    public var description: String { "--" + rawValue }

    /// The form the text takes: "OWNER:ASSET=PERCENT", …
    public var form: String {
        switch self {
        case .delist: "ID or ID:JURISDICTION"
        case .setShare: "OWNER:ASSET=PERCENT"
        case .removeTie: "OWNER:ASSET"
        case .addTie: "OWNER:ASSET=PERCENT"
        case .designate: "ID:JURISDICTION"
        case .joint: "A,B (two designated persons)"
        }
    }
}

/// Why the text of a relief edit was refused.
public enum ReliefEditError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The text is not of the edit's form.
    case malformed(ReliefEditKind, String)
    /// The share is not a number (`--set-share` takes no 'unknown').
    case shareNotANumber(ReliefEditKind, String)
    /// The share is outside [0, 100].
    case shareOutOfRange(ReliefEditKind, String)
    /// No split of OWNER:ASSET names two known entities.
    case unknownPair(ReliefEditKind, String)
    /// No entity has this id or name (the default resolver's answer).
    case unknownEntity(String)

    /// In words, naming the option: "--set-share a:b=150: the share must be between 0 and 100".
    public var description: String {
        switch self {
        case .malformed(let kind, let text): "\(kind) \(text): expected \(kind.form)"
        case .shareNotANumber(let kind, let text): "\(kind) \(text): the share must be a number"
        case .shareOutOfRange(let kind, let text): "\(kind) \(text): the share must be between 0 and 100"
        case .unknownPair(let kind, let text): "\(kind) '\(text)': expected OWNER:ASSET with two known entities (ids or unique names)"
        case .unknownEntity(let text): "no entity has the id or name '\(text)'"
        }
    }
}

/// Reads relief edits written as the command line takes them (`--delist c-rusal`,
/// `--set-share p-oleg-deripaska:c-en-plus=44.95`, …), entities named by id or unique name.
///
/// Entities go through `resolve`, which by default takes an id, a merged id or a name equal
/// after folding (docs/names.md) and throws `ReliefEditError.unknownEntity` otherwise; the
/// command line passes one that says on stderr which name matched. In `OWNER:ASSET`, each
/// `:` is tried in turn, so ids may contain colons.
///
/// ```swift
/// let parser = ReliefEditParser(network)
/// let edits = try [parser.parse(.delist, "c-rusal"), parser.parse(.setShare, "p-oleg-deripaska:c-en-plus=44.95")]
/// ```
public struct ReliefEditParser {
    /// The network whose entities the edits name.
    public let network: SanctionsNetwork
    /// Resolves an entity's text to its node, or throws.
    public let resolve: (String) throws -> UInt32
    private let names: LazyNameIndex

    /// A parser for `network`; `resolve` replaces the default resolution of entity texts, and
    /// `index` (the network's `NameIndex`, made once by a caller that parses often) saves
    /// indexing the names again.
    /// - Complexity: O(1); the names are indexed (O(total length of names), seconds at 1M
    ///   entities) on the first text that is no id, unless `index` is given.
    public init(_ network: SanctionsNetwork, index: NameIndex? = nil, resolve: ((String) throws -> UInt32)? = nil) {
        self.network = network
        let names = LazyNameIndex(network, index)
        self.names = names
        self.resolve = resolve ?? { text in
            if let v = network.node(id: text) { return v }
            switch names.index.resolve(text) {
            case .id(let v), .referent(let v), .name(let v, _): return v
            case .ambiguous, .notFound: throw ReliefEditError.unknownEntity(text)
            }
        }
    }

    /// The edit `text` states, as option `kind` takes it.
    /// - Complexity: O(length of `text`) lookups of names; for `delist` of a text that is no
    ///   id, also O(total length of names), as it looks for a unique name with
    ///   `SanctionsNetwork.nodes(named:)`.
    public func parse(_ kind: ReliefEditKind, _ text: String) throws -> ReliefEdit {
        switch kind {
        case .delist:
            // The whole text may be an id or name; else ID:JURISDICTION.
            if let v = network.node(id: text) ?? uniqueName(text) { return .delist(v, nil) }
            if let (entity, j) = splitJurisdiction(text) { return .delist(try resolve(entity), j) }
            return .delist(try resolve(text), nil)
        case .setShare:
            let (pair, p) = try splitShare(text, kind)
            let (o, a) = try resolvePair(pair, kind)
            guard let p else { throw ReliefEditError.shareNotANumber(kind, text) }
            return .setShare(owner: o, asset: a, percent: p)
        case .removeTie:
            let (o, a) = try resolvePair(text, kind)
            return .removeTie(owner: o, asset: a)
        case .addTie:
            let (pair, p) = try splitShare(text, kind)
            let (o, a) = try resolvePair(pair, kind)
            return .addTie(owner: o, asset: a, kind: .ownership, percent: p)
        case .designate:
            guard let (entity, j) = splitJurisdiction(text) else { throw ReliefEditError.malformed(kind, text) }
            return .addDesignation(try resolve(entity), j)
        case .joint:
            let parts = text.split(separator: ",", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { throw ReliefEditError.malformed(kind, text) }
            return .jointArrangement(try resolve(parts[0]), try resolve(parts[1]))
        }
    }

    /// The one entity (never a sector) whose name or alias is `text` after folding, if exactly
    /// one is (docs/names.md).
    /// - Complexity: that of `NameIndex.resolve`.
    private func uniqueName(_ text: String) -> UInt32? {
        if case .name(let v, _) = names.index.resolve(text) { return v }
        return nil
    }

    /// "ID:JURISDICTION" as the text before the last ':' and a known jurisdiction code.
    private func splitJurisdiction(_ text: String) -> (String, Jurisdiction)? {
        let parts = text.split(separator: ":")
        guard parts.count >= 2, let j = Jurisdiction(code: String(parts.last!)) else { return nil }
        return (parts.dropLast().joined(separator: ":"), j)
    }

    /// "PAIR=PERCENT" as the pair and the share (nil for "unknown").
    private func splitShare(_ text: String, _ kind: ReliefEditKind) throws(ReliefEditError) -> (String, Double?) {
        guard let eq = text.lastIndex(of: "=") else { throw .malformed(kind, text) }
        let value = String(text[text.index(after: eq)...])
        if value.lowercased() == "unknown" { return (String(text[..<eq]), nil) }
        guard let p = Double(value), (0 ... 100).contains(p) else { throw .shareOutOfRange(kind, text) }
        return (String(text[..<eq]), p)
    }

    /// "OWNER:ASSET", trying each ':' so that ids may contain colons.
    private func resolvePair(_ text: String, _ kind: ReliefEditKind) throws -> (UInt32, UInt32) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        for i in 1 ..< max(parts.count, 1) {
            let a = parts[..<i].joined(separator: ":"), b = parts[i...].joined(separator: ":")
            if let o = lookup(a), let t = lookup(b) { return (o, t) }
        }
        if parts.count == 2 { return (try resolve(String(parts[0])), try resolve(String(parts[1]))) }
        throw ReliefEditError.unknownPair(kind, text)
    }

    /// An id, a merged id or an exact name, quietly.
    private func lookup(_ text: String) -> UInt32? {
        if let v = network.node(id: text) { return v }
        switch names.index.resolve(text) {
        case .id(let v), .referent(let v), .name(let v, _): return v
        default: return nil
        }
    }
}

/// The network's name index, made when first asked for: edits that name entities by id
/// never pay for it.
private final class LazyNameIndex {
    private let network: SanctionsNetwork
    private var made: NameIndex?

    init(_ network: SanctionsNetwork, _ index: NameIndex?) {
        self.network = network
        made = index
    }

    var index: NameIndex {
        if let made { return made }
        let index = NameIndex(network)
        made = index
        return index
    }
}
