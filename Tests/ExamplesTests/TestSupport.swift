import Foundation
import Testing
import TestKit

// MARK: Running the examples

/// Runs the example `name` with `arguments` in `folder` (the repository root by default) and waits for it.
func runExample(_ name: String, _ arguments: [String] = [], in folder: String = repoRoot()) throws -> CommandResult {
    try runExecutable(name, arguments, in: folder)
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
