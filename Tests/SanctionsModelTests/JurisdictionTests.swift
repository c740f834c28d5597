import Testing
import SanctionsModel

@Suite struct JurisdictionTests {
    @Test(arguments: [("us", "us"), ("US", "us"), ("usa", "us"), ("eu", "eu"), ("gb", "gb"), ("uk", "gb"), ("UK", "gb"),
                      ("un", "un"), ("ua", "ua"), ("ch", "ch"), ("mc", "mc"), ("unknown", "unknown")])
    func codesAreKeptAsTheListsWriteThem(code: String, expected: String) {
        #expect(Jurisdiction(code: code)?.code == expected)
    }

    @Test(arguments: ["", "zz", "ZZ", "other", "u", "u.s.", "12", "européen"])
    func notACode(code: String) {
        #expect(Jurisdiction(code: code) == nil, "\(code)")
    }

    @Test func ordering() {
        let codes = ["unknown", "ch", "un", "gb", "be", "eu", "us"].compactMap { Jurisdiction(code: $0) }
        #expect(codes.sorted().map(\.code) == ["us", "eu", "gb", "un", "be", "ch", "unknown"])
    }
}
