import Testing
import TestKit
import SanctionsGraph

/// Paths, integrated owners and components as library calls, in network nodes: what the
/// `path`, `owners` and `components` commands print.
@Suite struct ChainsTests {
    static let enPlus = repoRoot() + "/Graphs/en-plus-2019.ftm.json"

    @Test func strongestPathCarriesItsStepsAndProduct() throws {
        let n = try GraphLoader.load(path: Self.enPlus).0
        let day = try #require(Day("2018-06-01"))
        let a = try #require(n.node(id: "p-oleg-deripaska")), b = try #require(n.node(id: "c-aughinish-alumina"))
        let path = try #require(try n.strongestOwnershipPath(from: a, to: b, on: day))
        #expect(path.entities.map { n.id(of: $0) } == ["p-oleg-deripaska", "c-en-plus", "c-rusal", "c-aughinish-alumina"])
        #expect(abs((path.percent ?? 0) - 70 * 0.4813) < 1e-6)
        #expect(path.steps.count == 3 && path.steps.allSatisfy { $0.tie?.kind == .ownership && !$0.isReversed })
        #expect(path.steps.first?.description(in: n).hasPrefix("↓ Ownership 70") == true)
        // No chain the other way.
        #expect(try n.strongestOwnershipPath(from: b, to: a, on: day) == nil)
    }

    @Test func shortestPathFollowsTiesEitherWay() throws {
        let n = try GraphLoader.load(path: Self.enPlus).0
        let a = try #require(n.node(id: "c-aughinish-alumina")), b = try #require(n.node(id: "p-oleg-deripaska"))
        let path = try #require(try n.shortestPath(from: a, to: b))
        #expect(path.entities.first == a && path.entities.last == b && path.percent == nil)
        #expect(path.steps.count == path.entities.count - 1)
        #expect(path.steps.first?.isReversed == true, "from an asset up to its owner")
        #expect(path.steps.first?.description(in: n).hasSuffix("(held by the entity below)") == true)
    }

    @Test func integratedOwnersAreBoundsByUpperBound() throws {
        let n = try GraphLoader.load(path: Self.enPlus).0
        let asset = try #require(n.node(id: "c-aughinish-alumina"))
        let result = try n.integratedOwners(of: asset, on: try #require(Day("2018-06-01")), threshold: 10)
        #expect(result.converged && result.entity == asset)
        #expect(!result.owners.isEmpty && result.owners.allSatisfy { $0.high >= 10 - 1e-9 && $0.low <= $0.high })
        #expect(zip(result.owners, result.owners.dropFirst()).allSatisfy { $0.high >= $1.high })
        let deripaska = try #require(result.owners.first { n.id(of: $0.node) == "p-oleg-deripaska" })
        #expect(abs(deripaska.high - 70 * 0.4813) < 1e-6 && deripaska.isUltimate)
    }

    @Test func sectorNodesAreRefused() throws {
        let n = try GraphLoader.load(path: repoRoot() + "/Graphs/demo-rare-earths.ftm.json").0
        let sector = try #require((0 ..< UInt32(n.entityCount)).first { n.kinds[Int($0)] == .sector })
        #expect(throws: ChainError.sectorNode(sector)) { try n.shortestPath(from: sector, to: 0) }
        #expect(throws: ChainError.sectorNode(sector)) { try n.integratedOwners(of: sector, on: Day.today, threshold: 0) }
    }

    @Test func componentsListTheirMembersAsEntities() throws {
        let n = try GraphLoader.load(path: repoRoot() + "/Graphs/demo-rare-earths.ftm.json").0
        let analysis = AnalysisGraph(n)
        let weak = analysis.components(strong: false)
        let largest = weak.largest(3)
        #expect(largest.count == min(3, weak.components.count))
        #expect(largest.first?.size == weak.components.largest && largest.first?.members.count == weak.components.largest)
        #expect(largest.allSatisfy { $0.members.allSatisfy { n.kinds[Int($0)] != .sector } })
        #expect(zip(largest, largest.dropFirst()).allSatisfy { $0.size >= $1.size })
        // Every member maps back to the component it was listed in.
        for (size, members) in largest {
            let labels = Set(members.map { weak.components.component[try! #require(analysis.index(of: $0)).rawValue] })
            #expect(labels.count == 1 && members.count == size)
        }
    }
}
