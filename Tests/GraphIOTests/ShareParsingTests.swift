import Testing
import TestKit
import SanctionsModel
@testable import GraphIO

/// Shares as registers write them (docs/shares.md).
@Suite struct ShareParsingTests {
    static let open = true, closed = false

    @Test(arguments: [
        ("50", ShareInterval.exact(50)), ("50%", .exact(50)), ("50 %", .exact(50)), (" 50 ", .exact(50)), ("50,5", .exact(50.5)),
        ("0.5%", .exact(0.5)), ("50.00", .exact(50)), ("44.95", .exact(44.95)), ("0", .exact(0)), ("100", .exact(100)),
        ("25-50", ShareInterval(low: 25, high: 50)), ("25 - 50%", ShareInterval(low: 25, high: 50)),
        ("25–50", ShareInterval(low: 25, high: 50)), ("25 to 50%", ShareInterval(low: 25, high: 50)),
        ("<25", ShareInterval(low: 0, high: 25, highOpen: true)), ("< 25 %", ShareInterval(low: 0, high: 25, highOpen: true)),
        ("<=25", ShareInterval(low: 0, high: 25)), ("≤25", ShareInterval(low: 0, high: 25)),
        (">50", ShareInterval(low: 50, high: 100, lowOpen: true)), (">=50", ShareInterval(low: 50, high: 100)),
        ("≥50%", ShareInterval(low: 50, high: 100)),
        ("ownership-of-shares-25-to-50-percent", ShareInterval(low: 25, high: 50, lowOpen: true)),
        ("ownership-of-shares-50-to-75-percent-as-trust", ShareInterval(low: 50, high: 75, lowOpen: true, highOpen: true)),
        ("ownership-of-shares-75-to-100-percent-as-firm", ShareInterval(low: 75, high: 100)),
        ("Ownership of shares 25 to 50 percent", ShareInterval(low: 25, high: 50, lowOpen: true)),
    ])
    func readsEveryDocumentedSpelling(text: String, expected: ShareInterval) {
        guard case .interval(let got) = parseShare(text) else { Issue.record("'\(text)' not read"); return }
        #expect(got == expected, "'\(text)': \(got)")
    }

    @Test(arguments: ["abc", "", "50-", "-", "fifty", "25 to", "<", ">x", "1e2"])
    func refusesWhatIsNotAShare(text: String) {
        guard case .unreadable = parseShare(text) else { Issue.record("'\(text)' read as a share"); return }
    }

    @Test(arguments: ["140", "-5", "50-20", ">150", "<-1", "20-140"])
    func refusesWhatIsOutOfRange(text: String) {
        guard case .outOfRange = parseShare(text) else { Issue.record("'\(text)': \(parseShare(text))"); return }
    }

    @Test func naturesOfControl() {
        #expect(NatureOfControl("voting-rights-50-to-75-percent") == .votes(ShareInterval(low: 50, high: 75, lowOpen: true, highOpen: true)))
        #expect(NatureOfControl("Voting rights 25 to 50 percent as firm") == .votes(ShareInterval(low: 25, high: 50, lowOpen: true)))
        #expect(NatureOfControl("right-to-appoint-and-remove-directors") == .board)
        #expect(NatureOfControl("Right to appoint and remove directors as trust") == .board)
        #expect(NatureOfControl("significant-influence-or-control") == .significantInfluence)
        #expect(NatureOfControl("shareholder") == nil && NatureOfControl("subsidiary of") == nil)
    }

    /// PSC bands in `role` as OpenSanctions writes them: shares stay ownership, votes and the
    /// board become control ties.
    @Test func pscRolesBecomeStakesOrControl() throws {
        let (network, report) = try loadFtM([
            ftm("p", "Person"), ftm("a", "Company"), ftm("b", "Company"), ftm("c", "Company"),
            ftm("o1", "Ownership", ["owner": ["p"], "asset": ["a"], "role": ["Ownership of shares 50 to 75 percent"]]),
            ftm("o2", "Ownership", ["owner": ["p"], "asset": ["b"], "role": ["Voting rights 75 to 100 percent"]]),
            ftm("o3", "Ownership", ["owner": ["p"], "asset": ["c"], "role": ["Right to appoint and remove directors"]]),
        ])
        #expect(report.warnings.isEmpty)
        let a = try #require(network.ties(.ownership, from: "p", to: "a").first)
        #expect(network.shareInterval(a) == ShareInterval(low: 50, high: 75, lowOpen: true, highOpen: true))
        let b = try #require(network.ties(.control, from: "p", to: "b").first, "a voting band is control")
        #expect(network.shareInterval(b) == ShareInterval(low: 75, high: 100))
        let c = try #require(network.ties(.control, from: "p", to: "c").first)
        #expect(network.shareInterval(c) == .unknown, "plain control: no share of the votes")
        #expect(network.ties(.ownership, from: "p", to: "b").isEmpty && network.ties(.ownership, from: "p", to: "c").isEmpty)
    }

    @Test func shareClassesAreKept() throws {
        let (network, _) = try loadFtM([
            ftm("p", "Person"), ftm("a", "Company"),
            ftm("o1", "Ownership", ["owner": ["p"], "asset": ["a"], "percentage": ["30"], "sharesType": ["ordinary"]]),
            ftm("o2", "Ownership", ["owner": ["p"], "asset": ["a"], "percentage": ["25-30"], "sharesType": ["preferred"]]),
        ])
        let ties = network.ties(.ownership, from: "p", to: "a")
        #expect(Set(ties.map { network.shareClass($0) }) == ["ordinary", "preferred"])
        #expect(Set(ties.map { network.shareInterval($0) }) == [.exact(30), ShareInterval(low: 25, high: 30)])
    }

    /// A PSC record with a share and a voting band or a board right is a stake and control.
    @Test func aStakeWithAControlNatureMakesBothTies() throws {
        let (network, _) = try loadFtM([
            ftm("p", "Person"), ftm("a", "Company"), ftm("b", "Company"),
            ftm("o1", "Ownership", ["owner": ["p"], "asset": ["a"], "percentage": ["60"], "role": ["significant-influence-or-control"]]),
            ftm("o2", "Ownership", ["owner": ["p"], "asset": ["b"],
                                   "role": ["ownership-of-shares-75-to-100-percent", "voting-rights-75-to-100-percent"]]),
        ])
        let a = try #require(network.ties(.ownership, from: "p", to: "a").first)
        #expect(network.shareInterval(a) == .exact(60), "the number takes precedence")
        #expect(network.ties(.control, from: "p", to: "a").count == 1)
        let b = try #require(network.ties(.ownership, from: "p", to: "b").first)
        #expect(network.shareInterval(b) == ShareInterval(low: 75, high: 100))
        let bc = try #require(network.ties(.control, from: "p", to: "b").first)
        #expect(network.shareInterval(bc) == ShareInterval(low: 75, high: 100) && network.tieID(bc) == "o2#control")
    }

    @Test func intervalNotationReadsBack() {
        for i in [ShareInterval(low: 25, high: 50, lowOpen: true), ShareInterval(low: 50, high: 75, lowOpen: true, highOpen: true),
                  ShareInterval(low: 0, high: 25, highOpen: true), ShareInterval(low: 48, high: 51), ShareInterval(low: 12.5, high: 37.25)] {
            guard case .interval(let back) = parseShare(i.notation) else { Issue.record("\(i.notation)"); continue }
            #expect(back == i, "\(i.notation)")
        }
    }
}
