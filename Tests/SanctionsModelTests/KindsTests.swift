import Testing
import SanctionsModel

@Suite struct KindsTests {
    // MARK: EntityKind

    @Test func entityKindNamesRoundTrip() {
        for kind in EntityKind.allCases {
            #expect(EntityKind(name: kind.ftmName) == kind)
            #expect(EntityKind(name: kind.ftmName.lowercased()) == kind)
            #expect(EntityKind(name: kind.ftmName.uppercased()) == kind)
        }
        #expect(Set(EntityKind.allCases.map(\.ftmName)).count == EntityKind.allCases.count)
    }

    @Test(arguments: [("legal entity", EntityKind?.some(.legalEntity)), ("legal_entity", .legalEntity), ("Legal-Entity", .legalEntity),
                      ("LegalEntity", .legalEntity), ("person", .person), ("Sector", .sector), ("other", .other),
                      ("PublicBody", nil), ("Persons", nil), ("", nil), ("Ownership", nil)])
    func entityKindFromName(name: String, expected: EntityKind?) {
        #expect(EntityKind(name: name) == expected)
    }

    @Test func entityKindOrder() {
        #expect(EntityKind.allCases.sorted() == EntityKind.allCases)
        #expect(EntityKind.person < EntityKind.other)
    }

    // MARK: TieKind

    @Test func tieKindNamesRoundTrip() {
        for kind in TieKind.allCases {
            #expect(TieKind(name: kind.ftmName) == kind)
            #expect(TieKind(name: kind.ftmName.lowercased()) == kind)
        }
        #expect(Set(TieKind.allCases.map(\.ftmName)).count == TieKind.allCases.count)
        #expect(TieKind.allCases.map(\.rawValue) == (0 ..< UInt8(TieKind.allCases.count)).map { $0 }, "raw values are dense and stable")
        #expect(TieKind.ownership.rawValue == 0 && TieKind.sectorMembership.rawValue == 17)
    }

    @Test(arguments: [("unknown link", TieKind?.some(.unknownLink)), ("unknown_link", .unknownLink), ("link", .unknownLink),
                      ("sector", .sectorMembership), ("sector membership", .sectorMembership), ("Court-Case-Party", .courtCaseParty),
                      ("OWNERSHIP", .ownership), ("owner", nil), ("", nil), ("Person", nil)])
    func tieKindFromName(name: String, expected: TieKind?) {
        #expect(TieKind(name: name) == expected)
    }

    @Test func tieEnds() {
        #expect(TieKind.ownership.ftmEnds == ("owner", "asset"))
        #expect(TieKind.control.ftmEnds == ("controller", "controlled"))
        #expect(TieKind.directorship.ftmEnds == ("director", "organization"))
        #expect(TieKind.family.ftmEnds == ("person", "relative"))
        #expect(TieKind.unknownLink.ftmEnds == ("subject", "object"))
        #expect(TieKind.sectorMembership.ftmEnds == ("member", "sector"))
        for kind in TieKind.allCases {
            #expect(kind.ftmEnds.source != kind.ftmEnds.target, "\(kind) has two distinct ends")
        }
    }

    @Test func directedness() {
        let undirected = TieKind.allCases.filter { !$0.isDirected }
        #expect(undirected == [.family, .associate, .unknownLink, .documentation])
        #expect(TieKind.ownership.isDirected && TieKind.sectorMembership.isDirected)
    }

    @Test func detailProperties() {
        #expect(TieKind.ownership.ftmDetailProperty == "ownershipType")
        #expect(TieKind.control.ftmDetailProperty == "controlType")
        #expect(TieKind.family.ftmDetailProperty == "relationship" && TieKind.associate.ftmDetailProperty == "relationship")
        #expect(TieKind.directorship.ftmDetailProperty == "role")
    }

    // MARK: FtMSchema

    @Test(arguments: [("Person", EntityKind?.some(.person)), ("Company", .company), ("Organization", .organization),
                      ("PublicBody", .organization), ("LegalEntity", .legalEntity), ("Vessel", .vessel),
                      ("Airplane", .airplane), ("Security", .other), ("RealEstate", .other), ("Asset", .other),
                      ("Address", nil), ("Document", nil), ("Sanction", nil), ("Ownership", nil),
                      ("person", nil), ("Bogus", nil), ("", nil)])
    func entityKindOfSchema(schema: String, expected: EntityKind?) {
        #expect(FtMSchema.entityKind(of: schema) == expected)
    }

    @Test func tieKindOfSchema() {
        for kind in TieKind.allCases where kind != .sectorMembership {
            #expect(FtMSchema.tieKind(of: kind.ftmName) == kind)
        }
        #expect(FtMSchema.tieKind(of: "SectorMembership") == nil, "ours, not FtM's")
        #expect(FtMSchema.tieKind(of: "ownership") == nil, "schema names are exact")
        #expect(FtMSchema.tieKind(of: "Link") == nil)
        #expect(FtMSchema.tieKind(of: "Sector") == nil)
        #expect(FtMSchema.tieKind(of: "Person") == nil)
        #expect(FtMSchema.tieKind(of: "") == nil)
    }

    @Test(arguments: [("LegalEntity", "Company", String?.some("Company")), ("Organization", "PublicBody", "PublicBody"),
                      ("Person", "Company", nil), ("LegalEntity", "Person", "Person"), ("Organization", "Company", "Company"),
                      ("LegalEntity", "PublicBody", "PublicBody"), ("Asset", "Vessel", "Vessel"), ("Thing", "Company", "Company"),
                      ("Company", "PublicBody", nil), ("Vessel", "Airplane", nil), ("Person", "Vessel", nil),
                      ("Company", "Company", "Company"), ("Bogus", "Company", nil)])
    func schemaMerge(a: String, b: String, expected: String?) {
        #expect(FtMSchema.merge(a, b) == expected)
        #expect(FtMSchema.merge(b, a) == expected, "merge is symmetric")
    }

    @Test func schemaMergeIsSymmetricAndIdempotent() {
        let schemas = ["Thing", "LegalEntity", "Person", "Organization", "Company", "PublicBody", "Asset", "Vehicle",
                       "Vessel", "Airplane", "Security", "RealEstate", "BankAccount", "Position", "Bogus"]
        for a in schemas {
            #expect(FtMSchema.merge(a, a) == a)
            for b in schemas {
                let ab = FtMSchema.merge(a, b)
                #expect(ab == FtMSchema.merge(b, a), "\(a) + \(b)")
                if let ab { #expect(ab == a || ab == b) ; #expect(FtMSchema.merge(ab, a) == ab && FtMSchema.merge(ab, b) == ab) }
            }
        }
    }

    @Test func centralityMeasuresRoundTripThroughTheirNames() {
        for m in CentralityMeasure.allCases {
            #expect(CentralityMeasure(name: m.rawValue) == m)
            #expect(CentralityMeasure(name: m.rawValue.uppercased()) == m, "names are read in any case")
            #expect(m.description != m.rawValue, "\(m) has a title of its own")
        }
        #expect(CentralityMeasure(name: "in-share") == .inShare && CentralityMeasure.inShare.rawValue == "in-share")
        #expect(CentralityMeasure.pagerank.description == "PageRank")
        #expect(CentralityMeasure(name: "inshare") == nil && CentralityMeasure(name: "") == nil)
    }
}
