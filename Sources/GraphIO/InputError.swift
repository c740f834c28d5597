import GraphCore
import Platform
import SanctionsModel

/// What is wrong with a piece of input.
public enum InputProblem: Sendable, Hashable, CustomStringConvertible {
    /// The file cannot be opened or read (the reason); writes fail with `OutputError`.
    case unreadable(String)
    /// The file holds no records.
    case emptyFile
    /// The file starts with a UTF-16 byte order mark.
    case utf16
    /// The bytes at `column` are not UTF-8.
    case notUTF8(column: Int)
    /// The record is not valid JSON at `column`.
    case malformedJSON(column: Int, detail: String)
    /// A record is longer than `ReadOptions.maxRecordBytes`.
    case recordTooLong(limitBytes: Int)
    /// A required field or column is missing or empty.
    case missingField(String)
    /// A property's value is not acceptable (`detail` says why).
    case badValue(property: String, detail: String)
    /// A share that is not a number (docs/shares.md).
    case badPercentage(String)
    /// A share outside 0–100 percent.
    case percentageOutOfRange(String)
    /// A date that is not YYYY, YYYY-MM or YYYY-MM-DD (docs/time.md).
    case badDate(property: String, value: String)
    /// Records that cannot be merged (an id reused for another entity, kind or schema).
    case conflict(String)
    /// Ties or designations naming undefined entities: the first few, and how many in all.
    case danglingReferences([DanglingReference], total: Int)
    /// A CSV file that does not parse or has the wrong shape.
    case badCSV(String)
    /// More of `resource` than `ReadOptions.limits` allows.
    case tooLarge(SizeLimits.Resource, limit: Int)
    /// A snapshot file that cannot be used (docs/snapshot.md): damaged, truncated, of
    /// another format version, or not a snapshot; `section` names the part at fault.
    case badSnapshot(section: String?, String)

    public var description: String {
        switch self {
        case .unreadable(let why): "cannot read the file: \(why)"
        case .emptyFile: "the file is empty: it holds no records"
        case .utf16: "the file is UTF-16 (it starts with a UTF-16 byte order mark); convert it to UTF-8"
        case .notUTF8(let column): "invalid UTF-8 at column \(column); the file must be UTF-8"
        case .malformedJSON(let column, let detail): "malformed JSON at column \(column): \(detail)"
        case .recordTooLong(let limit):
            "record longer than \(limit % (1 << 20) == 0 ? "\(limit >> 20) MiB" : "\(limit) bytes") (a missing line break?); raise the limit with --max-record-mb if it is real"
        case .missingField(let field): "missing '\(field)'"
        case .badValue(let property, let detail): "property '\(property)': \(detail)"
        case .badPercentage(let text): "percentage '\(text)' is not a number"
        case .percentageOutOfRange(let text): "percentage '\(text)' is outside 0–100"
        case .badDate(let property, let value): "\(property) '\(value)' is not a date (YYYY, YYYY-MM or YYYY-MM-DD)"
        case .conflict(let message): message
        case .danglingReferences(let refs, let total):
            "\(total) reference\(total == 1 ? "" : "s") to entities the input does not define"
                + (total > refs.count ? " (first \(refs.count) listed)" : "") + ":\n"
                + refs.map { "  \($0)" }.joined(separator: "\n")
                + "\n(--lenient drops those ties and designations and reports them)"
        case .badCSV(let detail): detail
        case .badSnapshot(let section, let detail):
            "not a usable snapshot: " + (section.map { "section \($0): " } ?? "") + detail
        case .tooLarge(let resource, let limit):
            "the input holds more than \(limit) \(resource.rawValue), the limit"
                + (limit >= SizeLimits.maximum / 2 ? " (the graph numbers and offsets them with 32-bit integers)" : "")
        }
    }
}

/// How far reading a file has come, as `ReadOptions.progress` hears it.
public struct ReadProgress: Sendable {
    /// The file being read.
    public var file: String
    /// Bytes of it read so far.
    public var bytes: Int
    /// Its size (0 when unknown: a pipe).
    public var totalBytes: Int
    /// Records (lines, array elements, rows) read from the file so far.
    public var records: Int
    /// Whether the file has been read to its end.
    public var finished: Bool

    /// How often readers report: every 8 MiB.
    public static let step = 8 << 20

    /// A report on `file`.
    public init(file: String, bytes: Int, totalBytes: Int, records: Int, finished: Bool) {
        self.file = file
        self.bytes = bytes
        self.totalBytes = totalBytes
        self.records = records
        self.finished = finished
    }
}

/// An input problem located in a file (and a line, when it is about one record).
public struct InputError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The file (or folder) the problem is in.
    public var file: String
    /// The line of the record at fault, or nil for the file as a whole.
    public var line: Int?
    /// What is wrong.
    public var problem: InputProblem

    /// `problem` at `line` of `file`.
    public init(file: String, line: Int?, _ problem: InputProblem) {
        self.file = file
        self.line = line
        self.problem = problem
    }

    public var description: String {
        if let line { return "\(file):\(line): \(problem)" }
        return "\(file): \(problem)"
    }
}

/// How to read input.
public struct ReadOptions: Sendable {
    /// Skip bad records (reporting how many and which) instead of failing on the first.
    public var lenient: Bool
    /// The longest record accepted, in bytes: what was asked for, at most
    /// `ReadOptions.largestRecord` (1 GiB), so that a record read after the text limit's last
    /// check still fits the string tables' 32-bit offsets.
    public var maxRecordBytes: Int {
        get { min(requestedRecordBytes, ReadOptions.largestRecord) }
        set { requestedRecordBytes = newValue }
    }
    private var requestedRecordBytes: Int
    /// The most `maxRecordBytes` can be: 1 GiB (`--max-record-mb` 1024).
    public static let largestRecord = 1 << 30
    /// Called now and then (every `ReadProgress.step` bytes, and at the end of each file)
    /// with how far reading has come.
    public var progress: (@Sendable (ReadProgress) -> Void)?
    /// The source registry that classifies listings (docs/sources.md): the built-in table,
    /// with the rows of any `--sources` file added.
    public var sources: SourceRegistry
    /// Check a snapshot's section checksums and structure when opening it (docs/snapshot.md);
    /// `--no-verify` turns it off for files one made and trusts.
    public var verifySnapshot = true
    /// Keep every FtM record whole (`ReadReport.records`), for a lossless FtM → FtM `convert`;
    /// costs memory in proportion to the file.
    public var keepRecords = false
    /// The most text, entities and ties the input may hold (tests lower them to reach the
    /// error with a few bytes). Text stops short of `SizeLimits.maximum` by two records'
    /// length (`maxRecordBytes`), so that the record that passes the limit cannot overflow a
    /// string table's 32-bit offsets before it is checked.
    public var limits = SizeLimits.standard
    /// The size of the first read buffer (tests lower it so that records cross buffer
    /// boundaries within a few bytes).
    package var blockSize = LineReader.blockSize
    /// Whether JSON lines are scanned on a second core, ahead of the network builder
    /// (`FtMLinePipeline`); tests turn it off to compare with reading on one thread.
    package var scanAhead = processorCount > 1

    /// Throws an `InputError` about `line` of `file` (the file as a whole when nil) when
    /// `builder` holds more than `limits` allow.
    /// - Complexity: O(1).
    /// - Throws: `InputError` with `InputProblem.tooLarge(resource, limit:)`.
    public func checkLimits(_ builder: NetworkBuilder, file: String, line: Int?) throws(InputError) {
        var effective = limits
        effective.textBytes = min(limits.textBytes, SizeLimits.maximum - 2 * maxRecordBytes)
        do {
            try builder.checkLimits(effective)
        } catch {
            guard case .tooLarge(let resource, let limit) = error else { preconditionFailure("checkLimits throws tooLarge only") }
            throw InputError(file: file, line: line, .tooLarge(resource, limit: limit))
        }
    }

    /// Strict reading of records up to 64 MiB with the built-in source registry, by default.
    public init(lenient: Bool = false, maxRecordBytes: Int = 64 << 20, sources: SourceRegistry = .builtIn,
                progress: (@Sendable (ReadProgress) -> Void)? = nil) {
        self.lenient = lenient
        self.sources = sources
        self.requestedRecordBytes = maxRecordBytes
        self.progress = progress
    }
}

/// What reading found besides the network: counts, skipped records, warnings.
public struct ReadReport: Sendable {
    /// The files read.
    public var files: [String] = []
    /// Records (lines or array elements, CSV rows) read, bad ones included.
    public var records = 0
    /// Records skipped in lenient mode.
    public var skippedCount = 0
    /// The first skipped records' errors (at most `ReadReport.keep`).
    public var skipped: [InputError] = []
    /// Records whose schema is not part of the graph (addresses, documents, identifications, …), by schema.
    public var ignoredSchemas: [String: Int] = [:]
    /// Ties and designations dropped because they name an entity that is not defined
    /// (lenient mode only: otherwise an error).
    public var danglingCount = 0
    /// The first dropped references (at most `ReadReport.keep`), sorted by file and line.
    public var dangling: [DanglingReference] = []
    /// Ties and designations dropped because they point at records that are not nodes, by that record's schema.
    public var outsideReferences: [String: Int] = [:]
    /// Records merged into an earlier one with the same id.
    public var mergedDuplicates = 0
    /// Other notices (merged shares, unknown columns, …), in the order found.
    public var warnings: [String] = []
    /// Every FtM record read, merged by id, when `ReadOptions.keepRecords` asks for them.
    public var ftmRecords: FtMRecordStore?
    /// What the snapshot read says of itself, when the graph came from one: then `notices`
    /// and `warningCount` are those of the load it was made from.
    public var snapshot: SnapshotInfo?

    /// How many skipped records and dangling references are kept for display.
    public static let keep = 20

    /// An empty report.
    public init() {}

    mutating func skip(_ error: InputError) {
        skippedCount += 1
        if skipped.count < ReadReport.keep { skipped.append(error) }
    }

    /// How many warnings `notices` holds: each skipped record and each dropped reference
    /// (those past the first `keep` too), each schema of references pointing outside the
    /// graph, each other warning; the headers of the lists are not warnings.
    public var warningCount: Int {
        if let snapshot { return snapshot.warningCount }
        return skippedCount + danglingCount + outsideReferences.count + warnings.count
    }

    /// Every notice in one list of lines: skipped records, dangling references, drops and warnings.
    /// - Complexity: O(number of notices + s log s) for s schemas in `outsideReferences`.
    public var notices: [String] {
        if let snapshot { return snapshot.notices }
        var lines: [String] = []
        if skippedCount > 0 {
            lines.append("skipped \(skippedCount) bad record\(skippedCount == 1 ? "" : "s") (--lenient)"
                + (skippedCount > skipped.count ? "; the first \(skipped.count):" : ":"))
            lines += skipped.map { "  \($0)" }
        }
        if danglingCount > 0 {
            lines.append("dropped \(danglingCount) tie\(danglingCount == 1 ? "" : "s")/designation\(danglingCount == 1 ? "" : "s") naming missing entities"
                + (danglingCount > dangling.count ? "; the first \(dangling.count):" : ":"))
            lines += dangling.map { "  \($0)" }
        }
        for (schema, n) in outsideReferences.sorted(by: { $0.key < $1.key }) {
            lines.append("dropped \(n) tie\(n == 1 ? "" : "s")/designation\(n == 1 ? "" : "s") pointing at \(schema) records, which are not graph nodes")
        }
        lines += warnings
        return lines
    }
}
