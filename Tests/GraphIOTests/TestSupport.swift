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
        (0 ..< UInt32(tieCount)).map { e in
            TieTriple(kind: tieKind(e), source: id(of: graph.source(of: e)), target: id(of: graph.target(of: e)))
        }
    }

    /// The edges of `kind` from `source` to `target`.
    func ties(_ kind: TieKind, from source: String, to target: String) -> [UInt32] {
        (0 ..< UInt32(tieCount)).filter { e in
            tieKind(e) == kind && id(of: graph.source(of: e)) == source && id(of: graph.target(of: e)) == target
        }
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

/// Everything a network says, in a form that compares equal across formats and node orders.
struct GraphSnapshot: Equatable, CustomStringConvertible {
    struct Entity: Equatable {
        var kind: EntityKind
        var schema: String
        var names: [String]
        var aliases: [String]
        var countries: [String]
        var topics: [String]
        var sectors: [String]
    }
    struct Tie: Hashable, Comparable {
        var kind: String
        var source: String
        var target: String
        var share: String
        var start: String
        var end: String
        var detail: String
        var id: String
        static func < (a: Tie, b: Tie) -> Bool {
            [a.kind, a.source, a.target, a.id, a.share, a.start, a.end, a.detail]
                .lexicographicallyPrecedes([b.kind, b.source, b.target, b.id, b.share, b.start, b.end, b.detail])
        }
    }
    struct Sanction: Hashable, Comparable {
        var entity: String
        var jurisdiction: String
        var country: String
        var authority: String
        var program: String
        var listing: String
        var start: String
        var end: String
        var status: String
        var id: String
        static func < (a: Sanction, b: Sanction) -> Bool {
            [a.entity, a.id, a.jurisdiction, a.country, a.start, a.listing, a.end, a.authority, a.program, a.status]
                .lexicographicallyPrecedes([b.entity, b.id, b.jurisdiction, b.country, b.start, b.listing, b.end, b.authority, b.program, b.status])
        }
    }

    var entities: [String: Entity]
    var ties: [Tie]
    var designations: [Sanction]

    /// `tieIDs`/`designationIDs`: compare ids too (off when one side gets ids made up by a writer).
    init(_ n: SanctionsNetwork, tieIDs: Bool = true, designationIDs: Bool = true) {
        var entities: [String: Entity] = [:]
        for v in 0 ..< UInt32(n.entityCount) where n.kinds[Int(v)] != .sector {
            let s = n.strings
            entities[n.id(of: v)] = Entity(
                kind: n.kinds[Int(v)], schema: n.schema(of: v), names: n.names[v].map { s[$0] },
                aliases: n.aliases[v].map { s[$0] }, countries: n.countries[v].map { s[$0] },
                topics: n.topics[v].map { s[$0] }, sectors: n.sectors[v].map { n.name(of: $0) })
        }
        self.entities = entities
        ties = (0 ..< UInt32(n.tieCount)).filter { n.tieKind($0) != .sectorMembership }.map { e in
            let validity = n.validity(ofTie: e)
            return Tie(kind: n.tieKind(e).ftmName, source: n.id(of: n.graph.source(of: e)),
                       target: n.id(of: n.graph.target(of: e)), share: n.share(e).description,
                       start: validity.start?.description ?? "", end: validity.end?.description ?? "",
                       detail: n.tieDetail(e), id: tieIDs ? n.tieID(e) : "")
        }.sorted()
        designations = n.designations.map { d in
            Sanction(entity: n.id(of: d.entity), jurisdiction: d.jurisdiction.code, country: d.country, authority: d.authority,
                     program: d.program, listing: d.listingDate?.description ?? "", start: d.startDate?.description ?? "",
                     end: d.endDate?.description ?? "", status: d.status, id: designationIDs ? d.id : "")
        }.sorted()
    }

    /// The first difference, for a readable failure.
    func difference(from other: GraphSnapshot) -> String? {
        for key in Set(entities.keys).union(other.entities.keys).sorted() where entities[key] != other.entities[key] {
            return "entity \(key): \(String(describing: entities[key])) vs \(String(describing: other.entities[key]))"
        }
        if ties != other.ties {
            let a = Set(ties), b = Set(other.ties)
            return "ties: only left \(a.subtracting(b).sorted().prefix(3)); only right \(b.subtracting(a).sorted().prefix(3)); counts \(ties.count) vs \(other.ties.count)"
        }
        if designations != other.designations {
            let a = Set(designations), b = Set(other.designations)
            return "designations: only left \(a.subtracting(b).sorted().prefix(3)); only right \(b.subtracting(a).sorted().prefix(3))"
        }
        return nil
    }

    var description: String { "\(entities.count) entities, \(ties.count) ties, \(designations.count) designations" }
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
