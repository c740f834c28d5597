/// What lifting or imposing a listing takes, by jurisdiction and program: the legal table
/// (`Resources/legal.tsv`, explained with its sources in docs/legal.md).
///
/// A listing's legal basis comes from its Sanction record's `program` values, read against the
/// rows of its jurisdiction; what the table does not know stays unknown, never guessed.
///
/// ```swift
/// let reading = LegalTable.builtIn.reading(of: designation)
/// for basis in reading.bases { print(basis.text, LegalTable.builtIn.path(basis.delistPath)?.takes ?? "unknown") }
/// ```
public struct LegalTable: Sendable {
    /// A legal path: what an action needs before it takes effect.
    public struct Path: Sendable, Hashable {
        /// The path's id ("us-caatsa-216", "eu-delist", …).
        public let id: String
        /// Whose law it is.
        public let jurisdiction: Jurisdiction
        /// What it takes, in words.
        public let takes: String
        /// Its sources (URLs).
        public let citations: [String]
    }

    /// How a basis row matches a listing's programs.
    public enum Match: String, Sendable, Hashable {
        /// A program equal to the key after folding case and spaces.
        case exact
        /// A program that contains the key (case folded).
        case contains
        /// Any listing of the jurisdiction that is an asset freeze, sectoral measure or travel ban.
        case any
    }

    /// A month and day at which a regime's listings lapse unless renewed.
    public struct MonthDay: Sendable, Hashable, CustomStringConvertible {
        /// 1–12.
        public let month: Int
        /// 1–31 (valid for the month in a leap year).
        public let day: Int
        public var description: String { (month < 10 ? "0" : "") + "\(month)-" + (day < 10 ? "0" : "") + "\(day)" }
    }

    /// The legal basis of a kind of listing.
    public struct Basis: Sendable, Hashable {
        /// The listing's jurisdiction.
        public let jurisdiction: Jurisdiction
        /// How `key` matches a program.
        public let match: Match
        /// The program text (or part of it) matched; "" for `any`.
        public let key: String
        /// The legal basis in words.
        public let text: String
        /// The id of the path lifting such a listing takes.
        public let delistPath: String
        /// When the regime's listings lapse unless renewed (empty: none known).
        public let renewal: [MonthDay]
        /// Its sources (URLs).
        public let citations: [String]
        /// The row's line in the table.
        public let line: Int

        /// The first renewal date strictly after `day`, if the regime has any.
        /// - Complexity: O(renewal dates).
        public func nextRenewal(after day: Day) -> Day? {
            let year = day.components.year
            var best: Day?
            for y in [year, year + 1] {
                for md in renewal {
                    guard let d = Day(year: y, month: md.month, day: md.day), d > day else { continue }
                    if best.map({ d < $0 }) ?? true { best = d }
                }
                if best != nil { return best }
            }
            return best
        }
    }

    /// What the table says of one listing.
    public struct Reading: Sendable, Hashable {
        /// The bases its programs match, one per distinct row, in program order.
        public var bases: [Basis]
        /// Programs that no row of the jurisdiction matches (shown as unknown).
        public var unmatched: [String]
    }

    /// The date the table states the law as of.
    public let asOf: Day?
    /// The paths by id.
    public let paths: [String: Path]
    /// The basis rows, in table order.
    public let bases: [Basis]

    /// The table compiled into the binary.
    public static let builtIn: LegalTable = {
        do {
            return try LegalTable(tsv: String(decoding: PackageResources.legal_tsv, as: UTF8.self))
        } catch {
            // The built-in table is checked by the tests; a broken one must not pass silently.
            fatalError("the built-in legal table is invalid: \(error)")
        }
    }()

    /// A table in the format of `Resources/legal.tsv` (see its header).
    /// - Complexity: O(length of the text).
    public init(tsv text: String) throws(LegalTableError) {
        var asOf: Day?
        var paths: [String: Path] = [:], bases: [Basis] = []
        var lineNumber = 0
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            let line = raw.hasSuffix("\r") ? raw.dropLast() : raw
            if line.hasPrefix("# as-of\t") {
                guard let d = Day(String(line.dropFirst("# as-of\t".count))) else { throw LegalTableError(line: lineNumber, reason: "the as-of date is not YYYY-MM-DD") }
                asOf = d
                continue
            }
            if line.hasPrefix("#") || line.allSatisfy({ $0 == " " || $0 == "\t" }) { continue }
            let f = line.split(separator: "\t", omittingEmptySubsequences: false).map { $0 == "-" ? "" : String($0) }
            func citations(_ s: String) -> [String] { s.split(separator: " ").map(String.init) }
            switch f.first {
            case "path":
                guard f.count == 5 else { throw LegalTableError(line: lineNumber, reason: "a path row has 5 fields, this one \(f.count)") }
                guard let j = Jurisdiction(code: f[2]) else { throw LegalTableError(line: lineNumber, reason: "'\(f[2])' is not a jurisdiction code") }
                guard !f[1].isEmpty, !f[3].isEmpty else { throw LegalTableError(line: lineNumber, reason: "a path needs an id and what it takes") }
                paths[f[1]] = Path(id: f[1], jurisdiction: j, takes: f[3], citations: citations(f[4]))
            case "basis":
                guard f.count == 8 else { throw LegalTableError(line: lineNumber, reason: "a basis row has 8 fields, this one \(f.count)") }
                guard let j = Jurisdiction(code: f[1]) else { throw LegalTableError(line: lineNumber, reason: "'\(f[1])' is not a jurisdiction code") }
                guard let match = Match(rawValue: f[2]) else { throw LegalTableError(line: lineNumber, reason: "match '\(f[2])' is not exact, contains or any") }
                guard match == .any || !f[3].isEmpty else { throw LegalTableError(line: lineNumber, reason: "an \(match) row needs a key") }
                var renewal: [MonthDay] = []
                for part in f[6].split(separator: ",") {
                    let md = part.split(separator: "-")
                    guard md.count == 2, let m = Int(md[0]), let d = Int(md[1]), Day(year: 2024, month: m, day: d) != nil else {
                        throw LegalTableError(line: lineNumber, reason: "renewal '\(part)' is not MM-DD")
                    }
                    renewal.append(MonthDay(month: m, day: d))
                }
                bases.append(Basis(jurisdiction: j, match: match, key: f[3], text: f[4], delistPath: f[5], renewal: renewal,
                                   citations: citations(f[7]), line: lineNumber))
            default:
                throw LegalTableError(line: lineNumber, reason: "a row starts with 'path' or 'basis'")
            }
        }
        for b in bases where paths[b.delistPath] == nil {
            throw LegalTableError(line: b.line, reason: "no path has the id '\(b.delistPath)'")
        }
        self.asOf = asOf
        self.paths = paths
        self.bases = bases
    }

    /// The path with this id, if the table has it.
    public func path(_ id: String) -> Path? { paths[id] }

    /// The path of kind `step` ("delist", "licence", "designate") in `jurisdiction`: the
    /// table's `JURISDICTION-STEP` row, if any.
    public func path(_ step: String, in jurisdiction: Jurisdiction) -> Path? { paths["\(jurisdiction.code)-\(step)"] }

    /// What the table says of `d`: a basis per program (exact rows first, then contains
    /// rows); a listing without a program, or whose programs match nothing, takes its
    /// jurisdiction's `any` row if its measure is an asset freeze, sectoral or a travel ban.
    /// - Complexity: O(programs × rows).
    public func reading(of d: Designation) -> Reading {
        let rows = bases.filter { $0.jurisdiction == d.jurisdiction }
        var found: [Basis] = [], unmatched: [String] = []
        for program in d.programs {
            let folded = LegalTable.fold(program)
            let hit = rows.first { $0.match == .exact && LegalTable.fold($0.key) == folded }
                ?? rows.first { $0.match == .contains && folded.contains(LegalTable.fold($0.key)) }
            if let hit { if !found.contains(hit) { found.append(hit) } } else { unmatched.append(program) }
        }
        let sanctionLike: Set<Measure> = [.assetFreeze, .sectoral, .travelBan]
        if found.isEmpty, sanctionLike.contains(d.measure), let any = rows.first(where: { $0.match == .any }) {
            found.append(any)
        }
        return Reading(bases: found, unmatched: unmatched)
    }

    /// Lowercased, runs of spaces made one, trimmed.
    static func fold(_ s: String) -> String {
        s.lowercased().split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ")
    }
}

/// A line of the legal table that cannot be read.
public struct LegalTableError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The line (1-based).
    public let line: Int
    /// What is wrong.
    public let reason: String
    /// The problem at `line`.
    public init(line: Int, reason: String) {
        self.line = line
        self.reason = reason
    }
    public var description: String { "legal table, line \(line): \(reason)" }
}
