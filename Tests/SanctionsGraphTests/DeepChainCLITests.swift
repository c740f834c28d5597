import Foundation
import Testing
import TestKit
import SanctionsGraph

/// Issue 11 §1 end to end: a 100,000-deep ownership chain through every command, none of
/// which recurses on its length or takes time that grows with its square.
@Suite(.serialized) struct DeepChainCLITests {
    static let length = 100_000

    /// The chain as FtM lines: a person designated by OFAC, the EU and the UK holding 100% of
    /// c1, which holds 100% of c2, and so on.
    static func write(into dir: TempDir) throws -> String {
        var lines = [ftm("p", "Person", ["name": ["Root Person"]])]
        for (i, authority) in ["Office of Foreign Assets Control", "Council of the European Union", "HM Treasury"].enumerated() {
            lines.append(ftm("s\(i)", "Sanction", ["entity": ["p"], "authority": [authority], "startDate": ["2020-01-01"],
                                                 "country": [["us", "eu", "gb"][i]]]))
        }
        var previous = "p"
        for i in 1 ... length {
            lines.append(ftm("c\(i)", "Company", ["name": ["Company \(i)"]]))
            lines.append(ftm("o\(i)", "Ownership", ["owner": [previous], "asset": ["c\(i)"], "percentage": ["100"]]))
            previous = "c\(i)"
        }
        return try dir.write("chain.ftm.json", lines.joined(separator: "\n") + "\n")
    }

    @Test func everyCommandHandlesTheChain() throws {
        let dir = try TempDir("deep-chain")
        defer { dir.remove() }
        let path = try Self.write(into: dir)
        let last = "c\(Self.length)", asOf = ["--as-of", "2026-01-01"]
        for rule in ["ofac", "uk"] {
            let text = try runCLI(["explain", path, last, "--rule", rule, "--depth", "200000"] + asOf)
            #expect(text.status == 0, "\(text.stderr)")
            #expect(text.stdout.contains("(level 100000) [100%, running 100%] Root Person [p]: designated"))
            #expect(text.stdout.utf8.count < (Self.length + 1) * 200, "linear in the chain's length (indentation stops at 16 levels)")
        }
        let json = try runCLI(["explain", path, last, "--rule", "ofac", "--depth", "200000", "--format", "json"] + asOf)
        #expect(json.status == 0, "\(json.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let explanation = try #require(object["explanation"] as? [String: Any])
        #expect((explanation["upstream"] as? [Any])?.count == Self.length, "flat: every owner once, no nesting")
        #expect(object["riskSources"] as? [String] == ["p"])
        for (rule, format) in [("ofac", "json"), ("ofac", "ftm"), ("ofac", "csv"), ("uk", "csv"), ("uk", "json")] {
            let blocked = try runCLI(["blocked", path, "--rule", rule, "--format", format] + asOf)
            #expect(blocked.status == 0, "\(rule) \(format): \(blocked.stderr)")
            #expect(blocked.stdout.contains("c\(Self.length)"))
        }
        let chain = try runCLI(["path", path, "p", last, "--strongest"] + asOf)
        #expect(chain.status == 0 && chain.stdout.contains("integrated along this chain: 100%"), "\(chain.stderr)")
        let owners = try runCLI(["owners", path, last, "--format", "csv"] + asOf)
        #expect(owners.status == 0 && owners.stdout.contains("p,Root Person,100,100,true"), "\(owners.stdout.suffix(300)) \(owners.stderr)")
        for args in [["components", path, "--strong"], ["centrality", path, "--measure", "pagerank", "--top", "3"]] {
            let r = try runCLI(args)
            #expect(r.status == 0, "\(args[0]): \(r.stderr)")
        }
        // A diagram of the chain stays bounded: Graphviz itself recurses, so the view is refused past --max-entities.
        let render = try runCLI(["render", path, "--explain", last, "--rule", "ofac", "-o", dir.file("e.dot")] + asOf)
        #expect(render.status == 0 || render.stderr.contains("entities"), "\(render.stderr)")
    }
}
