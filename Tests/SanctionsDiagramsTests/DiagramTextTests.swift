import Testing
@testable import SanctionsDiagrams

/// The diagrams' own text helpers: scores, node ids (slugs) and wrapped names.
@Suite struct DiagramTextTests {
    @Test func scoresAreShort() {
        #expect(DiagramStyle.formatScore(0.052345) == "0.0523")
        #expect(DiagramStyle.formatScore(1234.5) == "1235" || DiagramStyle.formatScore(1234.5) == "1234")
    }

    @Test func slugsAreSafeAndDistinct() {
        #expect(DOTBuilder.slug("p-viktor-stolnik") == "p-viktor-stolnik")
        #expect(DOTBuilder.slug("sector:rare earths") == "sector_3Arare_20earths")
        #expect(DOTBuilder.slug("a_b") == "a_5Fb")
        #expect(DOTBuilder.slug("<script>").allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" })
        #expect(DOTBuilder.slug("é") == "_C3_A9")
    }

    @Test func namesWrapAtSpaces() {
        #expect(DiagramStyle.wrap("Taiga Nickel Trading AG") == "Taiga Nickel Trading\nAG")
        #expect(DiagramStyle.wrap("Severny Aluminium Logistics LLC") == "Severny Aluminium\nLogistics LLC")
        #expect(DiagramStyle.wrap(String(repeating: "word ", count: 30)).split(separator: "\n").count == 3)
        #expect(DiagramStyle.wrap("").isEmpty)
    }
}
