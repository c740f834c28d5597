// Helpers shared by the test targets: temporary folders, the repository root, FtM lines
// written by hand, and running a built executable of the package. Foundation only; the test targets depend on it.
import Foundation

/// A fresh folder under the system temporary directory, one per test.
public struct TempDir: Sendable {
    public let url: URL

    public init(_ label: String = "sg") throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("sg-\(label)-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    public var path: String { url.path }

    /// Writes `text` (UTF-8) to `name` in the folder and returns its path.
    @discardableResult
    public func write(_ name: String, _ text: String) throws -> String {
        try write(name, bytes: Array(text.utf8))
    }

    /// Writes raw bytes to `name` in the folder and returns its path.
    @discardableResult
    public func write(_ name: String, bytes: [UInt8]) throws -> String {
        let file = url.appendingPathComponent(name)
        try Data(bytes).write(to: file)
        return file.path
    }

    /// The path of `name` in the folder (not created).
    public func file(_ name: String) -> String { url.appendingPathComponent(name).path }

    public func remove() { try? FileManager.default.removeItem(at: url) }
}

/// The repository root, found from this file's path (Tests/TestKit/TestKit.swift).
public func repoRoot() -> String {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
}

/// What a finished process printed and how it exited.
public struct CommandResult: Sendable {
    public var status: Int32
    public var stdout: String
    public var stderr: String
    public var stdoutData: Data
}

/// A package executable that is not beside the tests (not built).
public struct ExecutableNotBuilt: Error, CustomStringConvertible {
    public let name: String
    public var description: String { "\(name) was not built next to the tests" }
}

/// The products folder holding the built executable `name`, next to the test bundle (the way
/// swift-argument-parser's own tests find their example executables).
public func productsDirectory(containing name: String) -> URL? {
    var candidates: [URL] = []
    let bundle = Bundle.main.bundleURL
    candidates.append(bundle.lastPathComponent.hasSuffix(".xctest") ? bundle.deletingLastPathComponent() : bundle)
    if let executable = Bundle.main.executableURL { candidates.append(executable.deletingLastPathComponent()) }
    let argv0 = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
    candidates.append(argv0.deletingLastPathComponent())
    candidates.append(argv0.deletingLastPathComponent().deletingLastPathComponent())  // inside a macOS .xctest bundle
    return candidates.first { FileManager.default.isExecutableFile(atPath: $0.appendingPathComponent(name).path) }
}

/// Runs the built executable `name` with `arguments` in `folder` and waits for it; throws
/// `ExecutableNotBuilt` when it is not beside the tests.
public func runExecutable(_ name: String, _ arguments: [String], in folder: String) throws -> CommandResult {
    guard let products = productsDirectory(containing: name) else { throw ExecutableNotBuilt(name: name) }
    let process = Process()
    process.executableURL = products.appendingPathComponent(name)
    process.arguments = arguments
    return try run(process, in: folder)
}

/// Runs `script` with `/bin/bash -c` in `folder`, with the built executable `name`'s path
/// in the environment variable `EXE` (for redirections and pipelines: `"$EXE" … > /dev/full`),
/// and waits for it; throws `ExecutableNotBuilt` when it is not beside the tests.
public func runShell(_ script: String, executable name: String, in folder: String) throws -> CommandResult {
    guard let products = productsDirectory(containing: name) else { throw ExecutableNotBuilt(name: name) }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/bash")
    process.arguments = ["-c", script]
    var environment = ProcessInfo.processInfo.environment
    environment["EXE"] = products.appendingPathComponent(name).path
    process.environment = environment
    return try run(process, in: folder)
}

/// Runs `process` in `folder` with its output and errors captured, and waits for it.
private func run(_ process: Process, in folder: String) throws -> CommandResult {
    process.currentDirectoryURL = URL(fileURLWithPath: folder)
    let out = Pipe(), err = Pipe()
    process.standardOutput = out
    process.standardError = err
    process.standardInput = FileHandle.nullDevice
    try process.run()
    // Drain stderr on another thread while stdout is read here, so neither pipe can fill and block the child.
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
    return CommandResult(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                         stderr: String(decoding: errBox.data, as: UTF8.self), stdoutData: outData)
}

/// One FtM record as a JSON line, written independently of `FtMWriter` (keys in the given order).
public func ftm(_ id: String, _ schema: String, _ properties: KeyValuePairs<String, [String]> = [:], extra: String = "") -> String {
    var props: [String] = []
    for (k, values) in properties {
        props.append(json(k) + ": [" + values.map(json).joined(separator: ", ") + "]")
    }
    return "{\"id\": \(json(id)), \"schema\": \(json(schema)), \"properties\": {\(props.joined(separator: ", "))}\(extra)}"
}

/// A JSON string literal.
public func json(_ s: String) -> String {
    var out = "\""
    for scalar in s.unicodeScalars {
        switch scalar {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        case "\r": out += "\\r"
        case "\t": out += "\\t"
        case _ where scalar.value < 0x20: out += String(format: "\\u%04x", scalar.value)
        default: out.unicodeScalars.append(scalar)
        }
    }
    return out + "\""
}
