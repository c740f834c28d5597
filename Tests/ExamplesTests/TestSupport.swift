import Foundation
import Testing

/// A fresh folder under the system temporary directory, one per test.
struct TempDir {
    let url: URL

    init(_ label: String = "ex") throws {
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

    func remove() { try? FileManager.default.removeItem(at: url) }
}

/// The repository root, found from this file's path (Tests/ExamplesTests/TestSupport.swift).
func repoRoot(_ file: String = #filePath) -> String {
    URL(fileURLWithPath: file).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
}

// MARK: Running the examples

/// The products folder holding the built example executables, next to the test bundle
/// (the way swift-argument-parser's own tests find their example executables).
func productsDirectory(containing executable: String) -> URL? {
    var candidates: [URL] = []
    let bundle = Bundle.main.bundleURL
    candidates.append(bundle.lastPathComponent.hasSuffix(".xctest") ? bundle.deletingLastPathComponent() : bundle)
    if let executable = Bundle.main.executableURL { candidates.append(executable.deletingLastPathComponent()) }
    let argv0 = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
    candidates.append(argv0.deletingLastPathComponent())
    candidates.append(argv0.deletingLastPathComponent().deletingLastPathComponent())  // inside a macOS .xctest bundle
    return candidates.first { FileManager.default.isExecutableFile(atPath: $0.appendingPathComponent(executable).path) }
}

struct CommandResult {
    var status: Int32
    var stdout: String
    var stderr: String
}

/// Runs the example `name` with `arguments` in `folder` (the repository root by default) and waits for it.
func runExample(_ name: String, _ arguments: [String] = [], in folder: String = repoRoot(),
                sourceLocation: SourceLocation = #_sourceLocation) throws -> CommandResult {
    let products = try #require(productsDirectory(containing: name), "\(name) was not built next to the tests", sourceLocation: sourceLocation)
    let process = Process()
    process.executableURL = products.appendingPathComponent(name)
    process.arguments = arguments
    process.currentDirectoryURL = URL(fileURLWithPath: folder)
    let out = Pipe(), err = Pipe()
    process.standardOutput = out
    process.standardError = err
    process.standardInput = FileHandle.nullDevice
    try process.run()
    // Drain stderr on another thread while stdout is read here, so neither pipe can fill and block the example.
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
                         stderr: String(decoding: errBox.data, as: UTF8.self))
}

/// The paths of an example's diagrams under `out/<example>/`, removed first so a test sees
/// only what its own run wrote.
func diagramPaths(_ example: String, _ names: [String]) -> [String] {
    let paths = names.map { "\(repoRoot())/out/\(example)/\($0)" }
    for p in paths { try? FileManager.default.removeItem(atPath: p) }
    return paths
}

/// Checks that each file exists and is a non-empty SVG or PNG.
func expectDiagrams(_ paths: [String], sourceLocation: SourceLocation = #_sourceLocation) {
    for path in paths {
        guard let data = FileManager.default.contents(atPath: path), !data.isEmpty else {
            Issue.record("missing or empty diagram \(path)", sourceLocation: sourceLocation)
            continue
        }
        if path.hasSuffix(".png") {
            #expect(Array(data.prefix(4)) == [0x89, 0x50, 0x4E, 0x47], "\(path) is not a PNG", sourceLocation: sourceLocation)
        } else if path.hasSuffix(".svg") {
            #expect(String(decoding: data, as: UTF8.self).contains("<svg"), "\(path) is not an SVG", sourceLocation: sourceLocation)
        }
    }
}
