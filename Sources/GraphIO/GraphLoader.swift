import SanctionsModel
import Platform

/// The formats a graph can be read from, chosen from the path.
public enum GraphFormat: String, Sendable {
    /// FollowTheMoney JSON lines or JSON array: `.json`, `.jsonl`, `.ftm.json`, `.ndjson`.
    case ftm
    /// A folder holding `entities.csv`, `ties.csv`, `designations.csv`.
    case csvTrio
    /// A bare `source,target[,share]` list: any other `.csv` file.
    case edgeList
    /// GraphML (as written by `GraphMLWriter`, or by Gephi, yEd, Cytoscape): `.graphml`.
    case graphML
    /// A snapshot written by `Snapshot.write` (docs/snapshot.md): `.sgraph`.
    case snapshot

    /// The format of `path`, or nil when it cannot be told. A stream without a known
    /// extension (a FIFO such as a shell's `<(…)`, a device such as `/dev/null`) is read as
    /// FtM (JSON lines or a JSON array, both read as they stream).
    /// - Complexity: O(length of path).
    public static func of(path: String) -> GraphFormat? {
        if isDirectory(path) { return .csvTrio }
        let lower = path.lowercased()
        if lower.hasSuffix(".json") || lower.hasSuffix(".jsonl") || lower.hasSuffix(".ndjson") { return .ftm }
        if lower.hasSuffix(".graphml") { return .graphML }
        if lower.hasSuffix(Snapshot.fileExtension) { return .snapshot }
        if lower.hasSuffix(".csv") {
            let name = lower.split(separator: "/").last.map(String.init) ?? lower
            return ["entities.csv", "ties.csv", "designations.csv"].contains(name) ? .csvTrio : .edgeList
        }
        return isStream(path) ? .ftm : nil
    }
}

/// The formats a graph can be written to, chosen from the output path as `convert -o` does.
public enum OutputTarget: Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// FtM JSON lines: `.json`, `.jsonl`, `.ndjson`, `.ftm.json`.
    case ftm
    /// The CSV trio in a folder: an existing folder, a path ending in '/', or a name without
    /// an extension.
    case csvTrio
    /// A bare edge list: any other `.csv`.
    case edgeList
    /// GraphML: `.graphml`.
    case graphML
    /// The DOT text of the whole-graph diagram: `.dot` or `.gv`.
    case dot

    /// The target `path` names, or nil (`refusal(of:)` says why).
    public static func of(path: String) -> OutputTarget? {
        let lower = path.lowercased()
        let last = lower.split(separator: "/").last.map(String.init) ?? lower
        if lower.hasSuffix("/") || isDirectory(path) || (!last.contains(".") && !last.isEmpty) { return .csvTrio }
        if lower.hasSuffix(".json") || lower.hasSuffix(".jsonl") || lower.hasSuffix(".ndjson") { return .ftm }
        if lower.hasSuffix(".graphml") { return .graphML }
        if lower.hasSuffix(".dot") || lower.hasSuffix(".gv") { return .dot }
        if lower.hasSuffix(".csv") { return isTrioFile(last) ? nil : .edgeList }
        return nil
    }


    /// Why `path` names no target, in words: a file of the trio (give its folder), or an
    /// extension no writer takes (with the ones that work).
    public static func refusal(of path: String) -> String {
        let last = path.split(separator: "/").last.map(String.init) ?? path
        if isTrioFile(last.lowercased()) { return "-o \(path): to write the CSV trio, give the folder to write it into" }
        let ext = last.firstIndex(of: ".").map { String(last[$0...]) } ?? last
        if last.lowercased().hasSuffix(Snapshot.fileExtension) { return "-o \(path): snapshots are written by `sanctions-graph snapshot GRAPH -o \(path)`" }
        return "cannot tell the output format of '\(path)' (\(ext)): use .json/.jsonl/.ftm.json (FtM), a folder (CSV trio), .csv (edge list), .graphml (GraphML) or .dot/.gv (DOT)"
    }

    private static func isTrioFile(_ name: String) -> Bool { ["entities.csv", "ties.csv", "designations.csv"].contains(name) }

    /// The format in words: "FtM JSON lines", "CSV trio", "edge list", "GraphML", "DOT".
    public var description: String {
        switch self {
        case .ftm: "FtM JSON lines"
        case .csvTrio: "CSV trio"
        case .edgeList: "edge list"
        case .graphML: "GraphML"
        case .dot: "DOT"
        }
    }
}

/// Loads a graph from a path in any supported format.
public enum GraphLoader {
    /// Reads `path` with the reader its format calls for (`GraphFormat.of(path:)`): a folder or
    /// one of its three files as the CSV trio, other `.csv` files as edge lists.
    /// - Complexity: that of the reader: O(bytes read) expected, plus `NetworkBuilder.finish`.
    public static func load(path: String, options: ReadOptions = ReadOptions()) throws(InputError) -> (SanctionsNetwork, ReadReport) {
        guard let format = GraphFormat.of(path: path) else {
            if let reason = missingReason(path) { throw InputError(file: path, line: nil, .unreadable(reason)) }
            throw InputError(file: path, line: nil, .unreadable("unknown format: use .json/.jsonl/.ftm.json for FollowTheMoney, a folder or .csv for CSV, .graphml for GraphML, .sgraph for a snapshot"))
        }
        switch format {
        case .ftm:
            return try FtMReader.load(path: path, options: options)
        case .csvTrio:
            let folder = isDirectory(path) ? path : (path.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/"))
            return try CSVReader.loadTrio(folder: folder.isEmpty ? "." : folder, options: options)
        case .edgeList:
            return try CSVReader.loadEdgeList(path: path, options: options)
        case .graphML:
            return try GraphMLReader.load(path: path, options: options)
        case .snapshot:
            return try Snapshot.open(path: path, options: options)
        }
    }
}
