import Foundation
import Testing
import TestKit
@testable import GraphIO
import GraphCore
import SanctionsModel

/// Input past the 32-bit limits of the graph store is an input error naming the limit (#11
/// §3), not a trap. The limits are lowered through `ReadOptions.limits`, so that a few
/// records reach them.
@Suite struct SizeLimitTests {
    /// Three people named with 40 bytes each: the text table holds "", "Person" and the names.
    static let people = (1 ... 3).map { ftm("p\($0)", "Person", ["name": [String(repeating: "x", count: 40)]]) }

    static func options(_ limits: SizeLimits, lenient: Bool = false) -> ReadOptions {
        var options = ReadOptions(lenient: lenient)
        options.limits = limits
        return options
    }

    @Test(arguments: [false, true]) func textPastTheLimitStopsAtTheRecordThatPassesIt(lenient: Bool) throws {
        // "" + "Person" + 2 × 40 = 86 bytes fit in 100; the third name takes the table to 126.
        let (error, path) = try ftmError(Self.people.joined(separator: "\n") + "\n", options: Self.options(SizeLimits(textBytes: 100), lenient: lenient))
        let e = try #require(error)
        #expect(e.problem == .tooLarge(.textBytes, limit: 100))
        #expect(e.file == path && e.line == 3, "lenient mode does not skip it either")
        #expect(e.description.contains("more than 100 bytes of text in one string table"))
        // With room for it, the same file loads.
        let (network, _) = try loadFtM(Self.people, options: Self.options(SizeLimits(textBytes: 126)))
        #expect(network.entityCount == 3)
    }

    /// A record may be at most 1 GiB, whatever is asked for: the text limit stops 2 records
    /// short of the 32-bit offsets, so the record read after its last check always fits.
    @Test func recordsAreAtMostOneGiB() {
        #expect(ReadOptions(maxRecordBytes: 4 << 30).maxRecordBytes == 1 << 30)
        #expect(ReadOptions(maxRecordBytes: 5 << 20).maxRecordBytes == 5 << 20)
        var o = ReadOptions()
        o.maxRecordBytes = .max
        #expect(o.maxRecordBytes == ReadOptions.largestRecord)
    }

    @Test func tooManyEntitiesOrTies() throws {
        let (nodes, _) = try ftmError(Self.people.joined(separator: "\n") + "\n", options: Self.options(SizeLimits(nodes: 2)))
        #expect(nodes?.problem == .tooLarge(.nodes, limit: 2) && nodes?.line == 3)
        let owned = [ftm("a", "Company"), ftm("b", "Company"),
                     ftm("o1", "Ownership", ["owner": ["a"], "asset": ["b"]]),
                     ftm("o2", "Ownership", ["owner": ["b"], "asset": ["a"]])]
        let (ties, _) = try ftmError(owned.joined(separator: "\n") + "\n", options: Self.options(SizeLimits(edges: 1)))
        #expect(ties?.problem == .tooLarge(.edges, limit: 1) && ties?.line == 4)
        #expect(try loadFtM(owned, options: Self.options(SizeLimits(nodes: 2, edges: 2))).0.tieCount == 2)
    }

    @Test func aJSONArrayIsCheckedRecordByRecord() throws {
        let (error, _) = try ftmError("[\n" + Self.people.joined(separator: ",\n") + "\n]\n", options: Self.options(SizeLimits(textBytes: 100)))
        #expect(error?.problem == .tooLarge(.textBytes, limit: 100))
        #expect(error?.line == 4, "the third record, on the file's fourth line")
    }

    @Test func csvEdgeListsAreCheckedRowByRow() throws {
        let dir = try TempDir("limits")
        defer { dir.remove() }
        let path = try dir.write("edges.csv", "source,target\na,b\nb,c\nc,d\n")
        let error = inputError { () throws(InputError) in try GraphLoader.load(path: path, options: Self.options(SizeLimits(nodes: 2))) }
        #expect(error?.problem == .tooLarge(.nodes, limit: 2))
        #expect(error?.file == path && error?.line == 3, "b,c brings the third entity")
    }

    @Test func graphMLIsCheckedElementByElement() throws {
        let text = """
            <graphml xmlns="http://graphml.graphdrawing.org/xmlns">
            <graph edgedefault="directed">
            <node id="a"/>
            <node id="b"/>
            <edge source="a" target="b"/>
            <edge source="b" target="a"/>
            </graph>
            </graphml>
            """
        let error = inputError { () throws(InputError) in
            try GraphMLReader.read(Array(text.utf8), file: "t.graphml", options: Self.options(SizeLimits(edges: 1)))
        }
        #expect(error?.problem == .tooLarge(.edges, limit: 1) && error?.line == 6)
        #expect(try GraphMLReader.read(Array(text.utf8), file: "t.graphml").0.tieCount == 2)
    }

    @Test func finishingChecksTheWholeBuilder() throws {
        var builder = NetworkBuilder()
        for id in ["a", "b", "c"] { _ = builder.define(builder.node(id), schema: "Company", kind: .company, line: 1) }
        #expect(throws: GraphInputError.tooLarge(.nodes, limit: 2)) { try builder.checkLimits(SizeLimits(nodes: 2)) }
        try builder.checkLimits(SizeLimits(nodes: 3))
        let error = inputError { () throws(InputError) in
            try FtMReader.finish(&builder, report: ReadReport(), options: Self.options(SizeLimits(nodes: 2)))
        }
        #expect(error?.problem == .tooLarge(.nodes, limit: 2) && error?.line == nil)
    }
}
