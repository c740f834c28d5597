import Testing
import TestKit
@testable import GraphIO
import GraphCore
import SanctionsModel

/// Reading well-formed FollowTheMoney: entities, the OpenSanctions envelope, every edge
/// schema, sanctions and sectors.
@Suite struct FtMReaderTests {
    @Test func entityKindsComeFromSchemata() throws {
        let cases: [(String, EntityKind)] = [
            ("Person", .person), ("Company", .company), ("Organization", .organization), ("PublicBody", .organization),
            ("LegalEntity", .legalEntity), ("Vessel", .vessel), ("Airplane", .airplane), ("Security", .other),
        ]
        let lines = cases.enumerated().map { i, c in ftm("e\(i)", c.0, ["name": ["Entity \(i)"]]) }
        let (network, report) = try loadFtM(lines)
        #expect(network.entityCount == cases.count)
        #expect(report.records == cases.count)
        for (i, c) in cases.enumerated() {
            let v = try network.require("e\(i)")
            #expect(network.kinds[Int(v)] == c.1, "schema \(c.0)")
            #expect(network.schema(of: v) == c.0, "the schema name is kept per entity")
        }
    }

    @Test func namesAliasesCountriesAndTopics() throws {
        let (network, _) = try loadFtM([
            ftm("p1", "Person", ["name": ["Viktor Stolnik", "Viktor I. Stolnik"], "alias": ["V. Stolnik"],
                                 "country": ["ru", "cy"], "topics": ["sanction", "role.oligarch"], "notes": ["ignored"]]),
            ftm("c1", "Company", ["name": ["Kestrel FZE"], "jurisdiction": ["ae"], "mainCountry": ["ru"]]),
        ])
        #expect(network.namesOf("p1") == ["Viktor Stolnik", "Viktor I. Stolnik"])
        #expect(network.name(of: try network.require("p1")) == "Viktor Stolnik")
        #expect(network.aliasesOf("p1") == ["V. Stolnik"])
        #expect(network.countriesOf("p1") == ["ru", "cy"])
        #expect(network.topicsOf("p1") == ["sanction", "role.oligarch"])
        #expect(Set(network.countriesOf("c1")) == ["ae", "ru"])
        #expect(network.nodes(named: "v. stolnik") == [try network.require("p1")])
    }

    @Test func openSanctionsEnvelopeIsSkipped() throws {
        let line = """
            {"id": "p1", "schema": "Person", "caption": "Caption Only", "properties": {"name": ["Real Name"]}, \
            "datasets": ["us_ofac_sdn", "eu_fsf"], "referents": ["ofac-123", "eu-456"], "target": true, \
            "first_seen": "2018-04-06T00:00:00", "last_seen": "2024-01-01T00:00:00", "last_change": null, \
            "score": -1.5e3, "meta": {"nested": [1, 2.5, {"deep": [true, false, null, "x\\"y"]}], "empty": {}}, "list": []}
            """
        let (network, report) = try loadFtM([line, ftm("c1", "Company", ["name": ["C"]], extra: ", \"datasets\": []")])
        #expect(report.skippedCount == 0)
        #expect(network.entityCount == 2)
        #expect(network.namesOf("p1") == ["Caption Only", "Real Name"], "the caption is the display name (issue: names)")
        #expect(network.name(of: network.node(id: "p1")!) == "Caption Only")
        #expect(network.kind("p1") == .person)
    }

    @Test func aCaptionThatIsANameIsStoredOnceAndFirst() throws {
        let (network, _) = try loadFtM([
            #"{"id": "k", "schema": "Company", "caption": "Kalashnikov Concern", "properties": {"name": ["JSC NPO IZHMASH", "Kalashnikov Concern"]}}"#,
        ])
        #expect(network.namesOf("k") == ["Kalashnikov Concern", "JSC NPO IZHMASH"])
    }

    @Test func captionIsTheNameWhenThereIsNoName() throws {
        let (network, _) = try loadFtM([
            #"{"caption": "Aurora Family Holdings", "id": "c1", "schema": "Company", "properties": {"country": ["cy"]}}"#,
            #"{"id": "c2", "schema": "Company", "properties": {}}"#,
        ])
        #expect(network.namesOf("c1") == ["Aurora Family Holdings"])
        #expect(network.name(of: try network.require("c2")) == "c2", "without name or caption the id stands in")
    }

    static let edgeSchemata: [(schema: String, source: String, target: String, kind: TieKind)] = [
        ("Ownership", "owner", "asset", .ownership),
        ("Control", "controller", "controlled", .control),
        ("Directorship", "director", "organization", .directorship),
        ("Family", "person", "relative", .family),
        ("Associate", "person", "associate", .associate),
        ("UnknownLink", "subject", "object", .unknownLink),
        ("Employment", "employee", "employer", .employment),
        ("Membership", "member", "organization", .membership),
        ("Representation", "agent", "client", .representation),
        ("Succession", "predecessor", "successor", .succession),
        ("Occupancy", "holder", "post", .occupancy),
        ("Payment", "payer", "beneficiary", .payment),
        ("Debt", "debtor", "creditor", .debt),
        ("ContractAward", "contract", "supplier", .contractAward),
        ("CourtCaseParty", "party", "case", .courtCaseParty),
        ("ProjectParticipant", "participant", "project", .projectParticipant),
    ]

    @Test(arguments: edgeSchemata.indices)
    func everyEdgeSchemaMapsToItsKindAndDirection(_ index: Int) throws {
        let e = Self.edgeSchemata[index]
        // Declare the target first and the source last: direction must come from the property names.
        let (network, report) = try loadFtM([
            ftm("to", "LegalEntity", ["name": ["Target"]]),
            ftm("t1", e.schema, [e.target: ["to"], e.source: ["from"]]),
            ftm("from", "LegalEntity", ["name": ["Source"]]),
        ])
        #expect(report.dangling.isEmpty)
        #expect(network.tieTriples == [TieTriple(kind: e.kind, source: "from", target: "to")], "\(e.schema)")
        #expect(network.tieID(0) == "t1")
        #expect(FtMSchema.tieKind(of: e.schema) == e.kind)
    }

    @Test func tieDetailsAndDatesAreKept() throws {
        let (network, _) = try loadFtM([
            ftm("p", "Person"), ftm("c", "Company"),
            ftm("d1", "Directorship", ["director": ["p"], "organization": ["c"], "role": ["Chairman"],
                                        "startDate": ["2015-03"], "endDate": ["2019-01-27"]]),
            ftm("k1", "Control", ["controller": ["p"], "controlled": ["c"], "controlType": ["voting trust"]]),
            ftm("f1", "Family", ["person": ["p"], "relative": ["p"], "relationship": ["self"]]),
        ])
        let d = try #require(network.ties(.directorship, from: "p", to: "c").first)
        #expect(network.tieDetail(d) == "Chairman")
        #expect(network.validity(ofTie: d) == Validity(start: Day("2015-03-01"), end: Day("2019-01-27")))
        let k = try #require(network.ties(.control, from: "p", to: "c").first)
        #expect(network.tieDetail(k) == "voting trust")
        #expect(network.validity(ofTie: k) == Validity())
        #expect(network.ties(.family, from: "p", to: "p").count == 1, "a self-loop is a tie like any other")
    }

    @Test func severalOwnersGiveOneTieEach() throws {
        let (network, report) = try loadFtM([
            ftm("a", "Person"), ftm("b", "Person"), ftm("c", "Company"),
            ftm("o1", "Ownership", ["owner": ["a", "b"], "asset": ["c"], "percentage": ["25"]]),
        ])
        #expect(report.skippedCount == 0)
        #expect(Set(network.tieTriples) == [TieTriple(kind: .ownership, source: "a", target: "c"),
                                             TieTriple(kind: .ownership, source: "b", target: "c")])
    }

    @Test(arguments: [
        ("us", Jurisdiction.us, "us"), ("US", .us, "us"), ("eu", .eu, "eu"), ("gb", .gb, "gb"), ("uk", .gb, "uk"),
        ("ua", Jurisdiction(code: "ua")!, "ua"), ("ch", Jurisdiction(code: "ch")!, "ch"), ("un", .un, "un"),
    ])
    func sanctionJurisdictionFromCountry(_ code: String, _ jurisdiction: Jurisdiction, _ kept: String) throws {
        let (network, _) = try loadFtM([
            ftm("p", "Person"),
            ftm("s1", "Sanction", ["entity": ["p"], "country": [code], "authority": ["Some Authority"], "program": ["PRG"],
                                    "listingDate": ["2018-04-06"], "status": ["active"]]),
        ])
        let d = try #require(network.designationsOf("p").first)
        #expect(d.jurisdiction == jurisdiction)
        #expect(d.measure == .unknown, "an authority the source registry does not know counts under no rule")
        #expect(d.country == kept)
        #expect(d.id == "s1")
        #expect(d.authority == "Some Authority")
        #expect(d.program == "PRG")
        #expect(d.status == "active")
        #expect(d.listingDate == Day("2018-04-06"))
    }

    @Test(arguments: [
        ("Office of Foreign Assets Control", Jurisdiction.us),
        ("Council of the European Union", .eu),
        ("Office of Financial Sanctions Implementation", .gb),
        ("HM Treasury", .gb),
        ("UN Security Council", .un),
        ("State Secretariat for Economic Affairs", Jurisdiction(code: "ch")!),
    ])
    func sanctionJurisdictionFromAuthorityWithoutCountry(_ authority: String, _ jurisdiction: Jurisdiction) throws {
        let (network, _) = try loadFtM([
            ftm("p", "Person"),
            ftm("s1", "Sanction", ["entity": ["p"], "authority": [authority]]),
        ])
        let d = try #require(network.designationsOf("p").first)
        #expect(d.jurisdiction == jurisdiction)
        #expect(d.country == "")
    }

    @Test func sanctionKeepsItsFirstCountryCode() throws {
        let (network, _) = try loadFtM([
            ftm("p", "Person"),
            ftm("s1", "Sanction", ["entity": ["p"], "country": ["zz", "ua", "gb"]]),
        ])
        let d = try #require(network.designationsOf("p").first)
        #expect(d.jurisdiction.code == "ua", "codes are kept as the lists write them; zz names no jurisdiction")
        #expect(d.country == "ua")
        #expect(d.measure == .assetFreeze && d.basis == .country("ua"), "a hand-made record with only a country")
    }

    @Test func sectorsBecomeNodesWithMembershipTies() throws {
        let (network, _) = try loadFtM([
            ftm("c1", "Company", ["sector": ["Rare Earths", "nickel"]]),
            ftm("c2", "Company", ["sector": ["rare earths", "  RARE EARTHS "]]),
            ftm("c3", "Company", ["sector": [""]]),
        ])
        let sectorNodes = (0 ..< UInt32(network.entityCount)).filter { network.kinds[Int($0)] == .sector }
        #expect(sectorNodes.count == 2, "one node per distinct sector name, case-insensitively")
        #expect(Set(sectorNodes.map { network.name(of: $0) }) == ["Rare Earths", "nickel"], "named as first spelled")
        #expect(network.sectorNamesOf("c1") == ["Rare Earths", "nickel"])
        #expect(network.sectorNamesOf("c2") == ["Rare Earths"])
        #expect(network.sectorNamesOf("c3").isEmpty)
        let memberships = network.tieTriples.filter { $0.kind == .sectorMembership }
        #expect(memberships.count == 3)
        #expect(memberships.allSatisfy { $0.source.hasPrefix("c") && $0.target.hasPrefix("sector:") })
    }

    @Test func addressesAndIdentificationsAreCountedNotNodes() throws {
        let (network, report) = try loadFtM([
            ftm("p", "Person", ["name": ["P"], "addressEntity": ["addr1"]]),
            ftm("addr1", "Address", ["full": ["1 Main St"]]),
            ftm("addr2", "Address", ["full": ["2 Main St"]]),
            ftm("id1", "Identification", ["holder": ["p"], "number": ["123"]]),
            ftm("link", "UnknownLink", ["subject": ["p"], "object": ["addr1"]]),
        ])
        #expect(network.entityCount == 1)
        #expect(report.ignoredSchemas == ["Address": 2, "Identification": 1])
        #expect(report.dangling.isEmpty, "a tie to an Address is not dangling")
        #expect(report.danglingCount == 0)
        #expect(report.outsideReferences == ["Address": 1])
        #expect(network.tieCount == 0)
        #expect(report.notices.contains { $0.contains("Address") })
    }

    @Test func documentationOfAnIgnoredDocumentIsAnOutsideReference() throws {
        let (network, report) = try loadFtM([
            ftm("p", "Person"),
            ftm("doc", "Document", ["title": ["Annual report"]]),
            ftm("d1", "Documentation", ["document": ["doc"], "entity": ["p"], "role": ["mentions"]]),
        ])
        #expect(network.tieCount == 0)
        #expect(report.ignoredSchemas == ["Document": 1])
        #expect(report.outsideReferences == ["Document": 1])
        #expect(report.danglingCount == 0)
    }

    @Test func unknownSchemataAreIgnoredAndCounted() throws {
        let (network, report) = try loadFtM([ftm("p", "Person"), ftm("x", "Mystery", ["name": ["?"]])])
        #expect(network.entityCount == 1)
        #expect(report.ignoredSchemas["Mystery"] == 1)
    }

    @Test func graphLoaderPicksTheReaderFromThePath() throws {
        let dir = try TempDir("loader")
        defer { dir.remove() }
        let text = [ftm("p", "Person"), ftm("c", "Company"), ftm("o", "Ownership", ["owner": ["p"], "asset": ["c"], "percentage": ["60"]])]
            .joined(separator: "\n")
        for name in ["a.json", "b.jsonl", "c.ftm.json", "d.ndjson"] {
            let (network, _) = try GraphLoader.load(path: try dir.write(name, text))
            #expect(network.entityCount == 2, "\(name)")
            #expect(network.tieCount == 1, "\(name)")
        }
        let unknown = try dir.write("e.txt", text)
        let error = inputError { () throws(InputError) in try GraphLoader.load(path: unknown) }
        #expect(error?.file == unknown)
        #expect(error?.problem.caseName == "unreadable")
        let missing = dir.file("nope.json")
        #expect(inputError { () throws(InputError) in try GraphLoader.load(path: missing) }?.problem.caseName == "unreadable")
    }
}
