import Foundation
import Testing
import TestKit
@testable import GraphIO
import GraphCore
import SanctionsModel

/// Writes `lines` (joined by "\n") to a fresh temp file and loads it with `FtMReader`.
func loadFtM(_ lines: [String], options: ReadOptions = ReadOptions(), name: String = "input.ftm.json")
    throws -> (SanctionsNetwork, ReadReport) {
    let dir = try TempDir("ftm")
    defer { dir.remove() }
    let path = try dir.write(name, lines.joined(separator: "\n") + "\n")
    return try FtMReader.load(path: path, options: options)
}

/// The `InputError` that `body` throws, or nil (recording a test failure) if it throws none.
func inputError<T>(_ body: () throws(InputError) -> T, sourceLocation: SourceLocation = #_sourceLocation) -> InputError? {
    do {
        _ = try body()
        Issue.record("expected an InputError, but reading succeeded", sourceLocation: sourceLocation)
        return nil
    } catch {
        return error
    }
}

/// Writes `text` to a temp file and returns the `InputError` reading it throws (and the path).
func ftmError(_ text: String, options: ReadOptions = ReadOptions(),
              sourceLocation: SourceLocation = #_sourceLocation) throws -> (InputError?, String) {
    let dir = try TempDir("bad")
    defer { dir.remove() }  // the path stays useful for comparing with `InputError.file`
    let path = try dir.write("bad.ftm.json", text)
    let error = inputError({ () throws(InputError) in try FtMReader.load(path: path, options: options) }, sourceLocation: sourceLocation)
    return (error, path)
}

extension InputProblem {
    /// The case name, for matching without associated values.
    var caseName: String {
        switch self {
        case .unreadable: "unreadable"
        case .emptyFile: "emptyFile"
        case .utf16: "utf16"
        case .notUTF8: "notUTF8"
        case .malformedJSON: "malformedJSON"
        case .recordTooLong: "recordTooLong"
        case .missingField: "missingField"
        case .badValue: "badValue"
        case .badPercentage: "badPercentage"
        case .percentageOutOfRange: "percentageOutOfRange"
        case .badDate: "badDate"
        case .conflict: "conflict"
        case .danglingReferences: "danglingReferences"
        case .badCSV: "badCSV"
        case .tooLarge: "tooLarge"
        case .badSnapshot: "badSnapshot"
        }
    }
}

extension SanctionsNetwork {
    /// The node with `id`, failing the test if there is none.
    func require(_ id: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> UInt32 {
        try #require(node(id: id), "no entity '\(id)'", sourceLocation: sourceLocation)
    }

    func kind(_ id: String) -> EntityKind? { node(id: id).map { kinds[Int($0)] } }
    func namesOf(_ id: String) -> [String] { node(id: id).map { names[$0].map { strings[$0] } } ?? [] }
    func aliasesOf(_ id: String) -> [String] { node(id: id).map { aliases[$0].map { strings[$0] } } ?? [] }
    func countriesOf(_ id: String) -> [String] { node(id: id).map { countries[$0].map { strings[$0] } } ?? [] }
    func topicsOf(_ id: String) -> [String] { node(id: id).map { topics[$0].map { strings[$0] } } ?? [] }
    func sectorNamesOf(_ id: String) -> [String] { node(id: id).map { sectors[$0].map { name(of: $0) } } ?? [] }

    /// Every tie as (kind, source id, target id), sector memberships included.
    var tieTriples: [TieTriple] {
        graph.allEdges.map { e in TieTriple(kind: tieKind(e.id), source: id(of: e.source), target: id(of: e.target)) }
    }

    /// The edges of `kind` from `source` to `target`.
    func ties(_ kind: TieKind, from source: String, to target: String) -> [UInt32] {
        graph.allEdges.filter { e in tieKind(e.id) == kind && id(of: e.source) == source && id(of: e.target) == target }.map(\.id)
    }

    /// The designations of the entity `id`.
    func designationsOf(_ id: String) -> [Designation] {
        node(id: id).map { Array(designations(of: $0)) } ?? []
    }
}

struct TieTriple: Hashable, CustomStringConvertible {
    var kind: TieKind
    var source: String
    var target: String
    var description: String { "\(kind.ftmName) \(source)→\(target)" }
}

/// The rows `CSVParser` finds in `text`, read through a buffer of `blockSize` bytes.
func csvRows(_ text: String, blockSize: Int = LineReader.blockSize) throws -> [CSVParser.Row] {
    let dir = try TempDir("csv-rows")
    defer { dir.remove() }
    var parser = try CSVParser(path: try dir.write("rows.csv", text), blockSize: blockSize)
    var rows: [CSVParser.Row] = []
    while let row = try parser.next() { rows.append(row) }
    return rows
}
