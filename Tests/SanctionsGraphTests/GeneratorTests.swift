import Foundation
import Testing
import TestKit
import GraphCore
import SanctionsGraph

/// `SyntheticNetwork`: a deterministic, realistic ownership network.
@Suite struct GeneratorTests {
    @Test func theSameSeedGivesTheSameRecords() {
        let a = records(entities: 500, seed: 3), b = records(entities: 500, seed: 3)
        #expect(a == b)
        #expect(a.count > 500)
        let c = records(entities: 500, seed: 4)
        #expect(a != c)
        #expect(a.map(\.id) != c.map(\.id) || a.map(\.properties) != c.map(\.properties))
    }

    @Test func splitMixIsTheReferenceSequence() {
        // SplitMix64 (Steele, Lea and Flood 2014) from seed 0: the published first outputs.
        var rng = SplitMix64(seed: 0)
        #expect(rng.next() == 0xE220_A839_7B1D_CDAF)
        #expect(rng.next() == 0x6E78_9E6A_A1B9_65F4)
        var unit = SplitMix64(seed: 9)
        for _ in 0 ..< 1000 {
            let u = unit.unit()
            #expect(u >= 0 && u < 1)
            #expect(unit.below(7) < 7)
        }
    }

    @Test func recordsComeEntitiesThenTiesThenSanctions() {
        let all = records(entities: 500, seed: 3)
        let entitySchemata: Set = ["Person", "Company", "PublicBody", "Vessel"]
        let phase = all.map { entitySchemata.contains($0.schema) ? 0 : $0.schema == "Sanction" ? 2 : 1 }
        #expect(phase == phase.sorted())
        #expect(all.filter { entitySchemata.contains($0.schema) }.count == 500)
        #expect(Set(all.map(\.id)).count == all.count, "ids are unique")
        #expect(Set(all.map(\.schema)).isSuperset(of: ["Person", "Company", "Ownership", "Directorship", "Family", "Sanction"]))
    }

    @Test func sharesPerAssetSumToAtMostHundredAndSomeAreUnknown() {
        let all = records(entities: 2_000, seed: 5)
        var total: [String: Double] = [:]
        var unknown = 0, known = 0
        for r in all where r.schema == "Ownership" {
            #expect(r["owner"].count == 1 && r["asset"].count == 1)
            #expect(r["owner"] != r["asset"])
            guard let text = r["percentage"].first else { unknown += 1; continue }
            guard let p = Double(text) else { Issue.record("percentage '\(text)'"); continue }
            #expect(p > 0 && p <= 100)
            total[r["asset"][0], default: 0] += p
            known += 1
        }
        #expect(total.values.allSatisfy { $0 <= 100 + 1e-9 }, "\(total.filter { $0.value > 100 + 1e-9 }.prefix(3))")
        #expect(unknown > 0)
        #expect(Double(unknown) / Double(unknown + known) < 0.15)
    }

    @Test func designationsAcrossUSEUAndUKWithSomeDelistings() {
        let all = records(entities: 2_000, seed: 5)
        let sanctions = all.filter { $0.schema == "Sanction" }
        #expect(Set(sanctions.flatMap { $0["country"] }) == ["us", "eu", "gb"])
        let delisted = sanctions.filter { !$0["endDate"].isEmpty }
        #expect(!delisted.isEmpty)
        #expect(delisted.count < sanctions.count / 4)
        for s in delisted {
            #expect(s["startDate"][0] < s["endDate"][0], "\(s.id) ends after it starts")
        }
        let designated = Set(sanctions.flatMap { $0["entity"] })
        let share = Double(designated.count) / 2_000
        #expect(share > 0.01 && share < 0.08, "about 3% of entities are designated: \(share)")
    }

    @Test func aRareEarthsSectorExists() {
        let all = records(entities: 500, seed: 3)
        #expect(all.contains { $0.schema == "Company" && $0["sector"].contains("rare earths") })
    }

    @Test func generatedRecordsLoadCleanly() throws {
        let dir = try TempDir("gen")
        defer { dir.remove() }
        let out = try OutputFile(path: dir.file("gen.ftm.json"))
        try SyntheticNetwork(entities: 1_000, seed: 11).generate { id, schema, props in
            try out.write(FtMWriter.line(id: id, schema: schema, properties: props))
        }
        try out.close()
        let (network, report) = try FtMReader.load(path: dir.file("gen.ftm.json"))
        #expect(report.skippedCount == 0 && report.danglingCount == 0)
        #expect(report.warnings.isEmpty)
        let summary = NetworkSummary(network, asOf: Day("2024-06-01")!)
        #expect(summary.entities[.person] == 150)
        #expect(summary.entities[.sector] == 10)
        #expect(summary.warnings.isEmpty, "no asset over 100%: \(summary.warnings.prefix(2))")
        #expect(summary.designations.count == 3)
        #expect(summary.largestComponent > 500, "one big ownership web")
    }

    /// Ownership ties whose owner is a company generated after (below) its asset.
    static func crossHoldings(_ all: [Record]) -> [Record] {
        func index(_ id: String) -> Int { Int(id.dropFirst()) ?? -1 }
        return all.filter { r in
            r.schema == "Ownership" && r["owner"][0].hasPrefix("c") && r["asset"][0].hasPrefix("c")
                && index(r["owner"][0]) > index(r["asset"][0])
        }
    }

    @Test(.bug(id: "SG-1", "regression"))
    func aboutOnePercentCrossHoldingsMakeCycles() throws {
        let n = 2_000
        let all = records(entities: n, seed: 3)
        let companies = all.filter { $0.schema == "Company" }.count
        let cross = Self.crossHoldings(all)
        #expect(Double(cross.count) >= 0.005 * Double(companies),
                "about 1% of \(companies) companies should take a cross-holding; found \(cross.count)")
        // Some ownership cycle must exist (an iterative three-colour depth-first search).
        var owned: [String: [String]] = [:]
        for r in all where r.schema == "Ownership" { owned[r["owner"][0], default: []].append(r["asset"][0]) }
        let cyclic = Self.hasCycle(owned)
        #expect(cyclic, "no ownership cycle among \(owned.values.map(\.count).reduce(0, +)) ownership ties")
    }

    static func hasCycle(_ edges: [String: [String]]) -> Bool {
        var colour: [String: Int] = [:]  // 1 = on the stack, 2 = done
        for root in edges.keys.sorted() where colour[root] == nil {
            var stack: [(String, Int)] = [(root, 0)]
            colour[root] = 1
            while let (node, next) = stack.last {
                let successors = edges[node] ?? []
                if next == successors.count {
                    colour[node] = 2
                    stack.removeLast()
                    continue
                }
                stack[stack.count - 1].1 += 1
                let s = successors[next]
                if colour[s] == 1 { return true }
                if colour[s] == nil { colour[s] = 1; stack.append((s, 0)) }
            }
        }
        return false
    }

    @Test func cycleFinderFindsCycles() {
        #expect(Self.hasCycle(["a": ["b"], "b": ["c"], "c": ["a"]]))
        #expect(Self.hasCycle(["a": ["a"]]))
        #expect(!Self.hasCycle(["a": ["b", "c"], "b": ["c"], "c": []]))
    }
}
