import Foundation
import Testing
import SanctionsGraph

/// A fresh folder under the system temporary directory, one per test.
struct TempDir {
    let url: URL

    init(_ label: String = "sg") throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("sg-\(label)-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    var path: String { url.path }

    /// Writes `text` (UTF-8) to `name` in the folder and returns its path.
    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        let file = url.appendingPathComponent(name)
        try Data(text.utf8).write(to: file)
        return file.path
    }

    func file(_ name: String) -> String { url.appendingPathComponent(name).path }

    func remove() { try? FileManager.default.removeItem(at: url) }
}

/// The repository root, found from this file's path (Tests/SanctionsGraphTests/TestSupport.swift).
func repoRoot(_ file: String = #filePath) -> String {
    URL(fileURLWithPath: file).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
}

/// One FtM record as a JSON line (written without `FtMWriter`).
func ftm(_ id: String, _ schema: String, _ properties: KeyValuePairs<String, [String]> = [:]) -> String {
    let props = properties.map { k, values in json(k) + ": [" + values.map(json).joined(separator: ", ") + "]" }
    return "{\"id\": \(json(id)), \"schema\": \(json(schema)), \"properties\": {\(props.joined(separator: ", "))}}"
}

/// A JSON string literal.
func json(_ s: String) -> String {
    var out = "\""
    for scalar in s.unicodeScalars {
        switch scalar {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case _ where scalar.value < 0x20: out += String(format: "\\u%04x", scalar.value)
        default: out.unicodeScalars.append(scalar)
        }
    }
    return out + "\""
}

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

/// The built `sanctions-graph` executable, next to the test bundle in the products folder
/// (the way swift-argument-parser's own tests find their example executables).
func productsDirectory() -> URL? {
    var candidates: [URL] = []
    let bundle = Bundle.main.bundleURL
    candidates.append(bundle.lastPathComponent.hasSuffix(".xctest") ? bundle.deletingLastPathComponent() : bundle)
    if let executable = Bundle.main.executableURL { candidates.append(executable.deletingLastPathComponent()) }
    let argv0 = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
    candidates.append(argv0.deletingLastPathComponent())
    candidates.append(argv0.deletingLastPathComponent().deletingLastPathComponent())  // inside a macOS .xctest bundle
    return candidates.first { FileManager.default.isExecutableFile(atPath: $0.appendingPathComponent("sanctions-graph").path) }
}

struct CommandResult {
    var status: Int32
    var stdout: String
    var stderr: String
    var stdoutData: Data
}

/// Runs `sanctions-graph` with `arguments` in the repository root and waits for it.
func runCLI(_ arguments: [String], sourceLocation: SourceLocation = #_sourceLocation) throws -> CommandResult {
    let folder = try #require(productsDirectory(), "sanctions-graph was not built next to the tests", sourceLocation: sourceLocation)
    let process = Process()
    process.executableURL = folder.appendingPathComponent("sanctions-graph")
    process.arguments = arguments
    process.currentDirectoryURL = URL(fileURLWithPath: repoRoot())
    let out = Pipe(), err = Pipe()
    process.standardOutput = out
    process.standardError = err
    process.standardInput = FileHandle.nullDevice
    try process.run()
    // Drain stderr on another thread while stdout is read here, so neither pipe can fill and block the tool.
    final class Box: @unchecked Sendable { var data = Data() }
    let errBox = Box()
    let group = DispatchGroup()
    group.enter()
    DispatchQueue.global().async {
        errBox.data = err.fileHandleForReading.readDataToEndOfFile()
        group.leave()
    }
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    group.wait()
    process.waitUntilExit()
    let errData = errBox.data
    return CommandResult(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                         stderr: String(decoding: errData, as: UTF8.self), stdoutData: outData)
}
