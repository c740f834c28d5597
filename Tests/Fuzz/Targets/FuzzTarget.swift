import Foundation

/// The fuzz targets (README "Fuzzing", `scripts/fuzz.sh`). Each takes the fuzzer's bytes and
/// returns what it found wrong: an empty list when every check held. A crash, a trap or an
/// address-sanitizer report inside the library is a finding too (libFuzzer keeps the input).
///
/// The same functions run in three places: under libFuzzer (`sanctions-fuzz TARGET …` built
/// with `-sanitize=fuzzer,address`), in the suite (FuzzTests replays every seed, corpus and
/// regression input), and by hand (`sanctions-fuzz TARGET FILE…` in a normal build).
public enum FuzzTarget: String, CaseIterable, Sendable {
    /// The FtM reader (JSON lines and JSON arrays), strict, lenient and with small read buffers.
    case ftm
    /// The CSV trio reader: the input holds the three files, split at 0xFF bytes.
    case csv
    /// The edge-list reader.
    case edges
    /// The GraphML reader.
    case graphml
    /// DOT escaping of fuzzed names and ids, then an in-process Graphviz parse and render.
    case dot
    /// Small graphs built from the bytes: the rule engine against the reference (TestOracles).
    case differential

    /// What the target checks, for `scripts/fuzz.sh --list`.
    public var summary: String {
        switch self {
        case .ftm: "FtM JSON lines/array reader: errors name the file; strict, lenient and 16-byte buffers agree; write → read gives the same graph; the rules agree with the reference on small graphs"
        case .csv: "CSV trio reader (entities, ties, designations split at 0xFF): the same checks as ftm"
        case .edges: "edge-list reader: the same checks as ftm"
        case .graphml: "GraphML reader: the same checks as ftm (designations aside: GraphML has none)"
        case .dot: "DOT escaping of fuzzed names, ids and qualifiers: Graphviz parses the DOT and names every node as written; one input in eight is also laid out and rendered in process (JSON under an engine the input chooses, names checked again; the sanctions diagram as SVG)"
        case .differential: "random small graphs (stakes, ranges, unknown shares, control, dates, undated listings, joint arrangements) under each preset and custom rules: statuses and held shares equal the reference; explain never fails"
        }
    }

    /// The largest input worth trying (`-max_len`): readers get room for several records,
    /// the Graphviz target little (layout time grows with the text).
    public var maxLength: Int {
        switch self {
        case .ftm, .csv, .edges, .graphml: 4096
        case .dot: 512
        case .differential: 256
        }
    }

    /// Runs the target on one input; the problems found (none when every check held).
    public func run(_ data: [UInt8]) -> [String] {
        switch self {
        case .ftm: ReaderChecks.ftm(data)
        case .csv: ReaderChecks.csvTrio(data)
        case .edges: ReaderChecks.edgeList(data)
        case .graphml: ReaderChecks.graphML(data)
        case .dot: DOTChecks.run(data)
        case .differential: DifferentialCheck.run(data)
        }
    }
}

/// A private folder for the readers' input files, made once per process (in /dev/shm when
/// there is one: the readers take paths, and a file in memory costs little per input).
enum Scratch {
    static let folder: String = {
        let base = FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory()
        var template = Array("\(base)/sanctions-fuzz.XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { fatalError("cannot create a scratch folder under \(base)") }
        let path = String(cString: made)
        atexit { try? FileManager.default.removeItem(atPath: Scratch.folder) }
        return path
    }()

    /// Writes `bytes` to `name` in the scratch folder; its path.
    static func write(_ name: String, _ bytes: some Collection<UInt8>) -> String {
        let path = folder + "/" + name
        guard FileManager.default.createFile(atPath: path, contents: Data(bytes)) else { fatalError("cannot write \(path)") }
        return path
    }

    /// A fresh empty subfolder `name` (for the CSV trio); its path.
    static func emptyFolder(_ name: String) -> String {
        let path = folder + "/" + name
        try? FileManager.default.removeItem(atPath: path)
        do { try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true) } catch { fatalError("cannot create \(path)") }
        return path
    }
}

/// Reads bytes one at a time, and zeros once they run out (the fuzzer's input as a stream of choices).
struct ByteStream {
    private let bytes: [UInt8]
    private var position = 0
    init(_ bytes: [UInt8]) { self.bytes = bytes }
    var isAtEnd: Bool { position >= bytes.count }
    mutating func next() -> UInt8 {
        defer { position += 1 }
        return position < bytes.count ? bytes[position] : 0
    }
    /// A value in 0 ..< n.
    mutating func below(_ n: Int) -> Int { Int(next()) % n }
    mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }
    mutating func chance(_ eighths: Int) -> Bool { Int(next() & 7) < eighths }
}
