import Foundation
import Testing
import TestKit
import SanctionsGraph

/// Loads FtM lines from a temp file.
func loadFtM(_ lines: [String], options: ReadOptions = ReadOptions()) throws -> (SanctionsNetwork, ReadReport) {
    let dir = try TempDir("ftm")
    defer { dir.remove() }
    let path = try dir.write("input.ftm.json", lines.joined(separator: "\n") + "\n")
    return try FtMReader.load(path: path, options: options)
}

/// One generated record.
struct Record: Equatable {
    var id: String
    var schema: String
    var properties: [String: [String]]
    var order: [String]

    subscript(_ key: String) -> [String] { properties[key] ?? [] }
}

/// Every record `SyntheticNetwork` emits, in order.
func records(entities: Int, seed: UInt64) -> [Record] {
    var out: [Record] = []
    SyntheticNetwork(entities: entities, seed: seed).generate { id, schema, props in
        out.append(Record(id: id, schema: schema, properties: Dictionary(props, uniquingKeysWith: { a, b in a + b }),
                          order: props.map(\.0)))
    }
    return out
}


// MARK: Running the CLI

/// Runs `sanctions-graph` with `arguments` in the repository root and waits for it.
func runCLI(_ arguments: [String]) throws -> CommandResult {
    try runExecutable("sanctions-graph", arguments, in: repoRoot())
}

/// Runs `script` with bash in the repository root, `"$EXE"` naming the built `sanctions-graph`
/// (for redirections and pipelines), and waits for it.
func runCLIShell(_ script: String) throws -> CommandResult {
    try runShell(script, executable: "sanctions-graph", in: repoRoot())
}
