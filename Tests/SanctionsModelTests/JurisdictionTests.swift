import Testing
import SanctionsModel

@Suite struct JurisdictionTests {
    @Test(arguments: [("us", Jurisdiction?.some(.us)), ("US", .us), ("usa", .us), ("eu", .eu), ("EU", .eu),
                      ("gb", .gb), ("uk", .gb), ("UK", .gb), ("un", .un), ("ua", .other), ("ch", .other),
                      ("ru", .other), ("zz", nil), ("ZZ", nil), ("", nil)])
    func fromCountryCode(code: String, expected: Jurisdiction?) {
        #expect(Jurisdiction(countryCode: code) == expected)
    }

    @Test(arguments: [
        ("OFAC", Jurisdiction.us),
        ("Office of Foreign Assets Control", .us),
        ("U.S. Department of the Treasury", .us),
        ("US Department of State", .us),
        ("Bureau of Industry and Security", .us),
        ("Council of the European Union", .eu),
        ("European Commission", .eu),
        ("EU Council", .eu),
        ("HM Treasury", .gb),
        ("OFSI", .gb),
        ("Office of Financial Sanctions Implementation", .gb),
        ("Foreign, Commonwealth & Development Office", .gb),
        ("United Nations Security Council", .un),
        ("UN Security Council", .un),
        ("UNSC", .un),
        ("State Secretariat for Economic Affairs", .other),
        ("National Security and Defense Council of Ukraine", .other),
        ("", .other),
    ])
    func fromAuthority(authority: String, expected: Jurisdiction) {
        #expect(Jurisdiction(authority: authority) == expected, "\(authority)")
    }

    @Test func caseInsensitiveAuthority() {
        #expect(Jurisdiction(authority: "office of foreign assets control") == .us)
        #expect(Jurisdiction(authority: "HM TREASURY") == .gb)
        #expect(Jurisdiction(authority: "council of the european union") == .eu)
    }

    @Test func fromCode() {
        #expect(Jurisdiction(code: "us") == .us)
        #expect(Jurisdiction(code: "UK") == .gb)
        #expect(Jurisdiction(code: "gb") == .gb)
        #expect(Jurisdiction(code: "un") == .un)
        #expect(Jurisdiction(code: "eu") == .eu)
        #expect(Jurisdiction(code: "other") == .other)
        #expect(Jurisdiction(code: "Other") == .other)
        #expect(Jurisdiction(code: "ua") == nil, "a country code is not a jurisdiction name")
        #expect(Jurisdiction(code: "") == nil)
        #expect(Jurisdiction(code: "zz") == nil)
        for j in Jurisdiction.allCases { #expect(Jurisdiction(code: j.code) == j, "code round trip of \(j)") }
    }

    @Test func ordering() {
        #expect(Jurisdiction.allCases.sorted() == [.us, .eu, .gb, .un, .other])
    }
}
