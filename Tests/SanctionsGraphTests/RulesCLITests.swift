import Foundation
import Testing
import TestKit
import SanctionsGraph

/// `blocked`, `explain`, `relief`, `rank` and `free` end to end, against the library.
@Suite(.serialized) struct RulesCLITests {
    static let demo = "Graphs/demo-rare-earths.ftm.json"
    static let enPlus = "Graphs/en-plus-2019.ftm.json"
    static let asOf = ["--as-of", "2026-11-29"]
    static let demoDay = Day(year: 2026, month: 11, day: 29)!

    static func object(_ result: CommandResult) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: result.stdoutData) as? [String: Any], "\(result.stdout)\n\(result.stderr)")
    }

    static func demoNetwork() throws -> SanctionsNetwork { try GraphLoader.load(path: repoRoot() + "/" + demo).0 }

    /// Splits a CSV line (quotes allowed).
    static func fields(_ line: Substring) -> [String] {
        var out: [String] = [], field = "", quoted = false
        var chars = Array(line)[...]
        while let c = chars.popFirst() {
            if quoted {
                if c == "\"" { if chars.first == "\"" { field.append("\""); chars.removeFirst() } else { quoted = false } } else { field.append(c) }
            } else if c == "\"" { quoted = true } else if c == "," { out.append(field); field = "" } else { field.append(c) }
        }
        out.append(field)
        return out
    }

    @Test(arguments: ["ofac", "eu", "uk"])
    func theCSVIsTheSameOnAnyNumberOfThreads(rule: String) throws {
        // The demo and a generated network (the UK rule's group runs are per worker).
        let dir = try TempDir("csv-threads")
        defer { dir.remove() }
        let path = dir.file("g.ftm.json")
        let generate = try runCLI(["generate", "--entities", "3000", "--seed", "4", "-o", path])
        #expect(generate.status == 0, "\(generate.stderr)")
        for network in [try Self.demoNetwork(), try GraphLoader.load(path: path).0] {
            let result = evaluate(network, rule: BlockingRule.named(rule)!, asOf: Self.demoDay)
            let one = result.csv(workers: 1)
            #expect(one.split(separator: "\n").count > 5)
            for workers in [2, 3, 7] { #expect(result.csv(workers: workers) == one, "\(rule), \(workers) threads") }
            #expect(result.csv == one)
            // In parts, as the CLI writes them: the same bytes, the header first.
            let parts = result.csvParts(workers: 2)
            #expect(parts.flatMap(\.bytes) == Array(one.utf8) && parts.count > 1)
            #expect(String(decoding: parts[0].bytes, as: UTF8.self) == "id,name,status,reason,share\n")
            // Small blocks, every other one slow, so that the threads interleave: the
            // explanations still come in entity order.
            let rows = (0 ..< UInt32(network.entityCount)).filter { result.status[Int($0)] != .clear }
            func steps(workers: Int) -> [String] {
                result.forEachStepInBlocks(of: rows, workers: workers, blockSize: 7) { steps in
                    var made: [String] = [], first: UInt32?
                    steps { e in
                        first = first ?? e.entity
                        made.append("\(e.entity) \(e.status) \(e.verdict) \(e.held)")
                    }
                    if let first, let i = rows.firstIndex(of: first), (i / 7) % 2 == 0 { usleep(2_000) }
                    return made
                }.flatMap { $0 }
            }
            let alone = steps(workers: 1)
            #expect(alone.count == rows.count && alone.map { $0.prefix { $0 != " " } } == rows.map { Substring(String($0)) })
            for workers in [2, 3] { #expect(steps(workers: workers) == alone, "\(rule), \(workers) threads, blocks of 7") }
        }
    }

    @Test(arguments: ["ofac", "eu", "uk"])
    func blockedCSVHasOneRowPerBlockedOrUndeterminedEntity(rule: String) throws {
        let result = try runCLI(["blocked", Self.demo, "--rule", rule, "--format", "csv"] + Self.asOf)
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.first == "id,name,status,reason,share")
        let library = evaluate(try Self.demoNetwork(), rule: BlockingRule.named(rule)!, asOf: Self.demoDay)
        let rows = lines.dropFirst().map(Self.fields)
        #expect(rows.count == library.blocked.count + library.undetermined.count)
        #expect(rows.allSatisfy { $0.count == 5 }, "\(rows.filter { $0.count != 5 })")
        let byID = Dictionary(rows.map { ($0[0], $0) }, uniquingKeysWith: { a, _ in a })
        #expect(Set(byID.keys) == library.ids(library.blocked + library.undetermined))
        for (id, row) in byID {
            let v = library.network.node(id: id)!
            #expect(row[1] == library.network.name(of: v))
            #expect(row[2] == library.status[Int(v)].description, "\(id)")
            #expect(!row[3].isEmpty, "\(id): a reason")
            #expect(Double(row[4]).map { abs($0 - library.heldShare(of: v).low) < 0.01 } == true, "\(id): share \(row[4])")
        }
        if rule == "ofac" {
            #expect(byID["c-taiga-nickel-trading"]?[4] == "55")
            #expect(byID["c-polar-magnet-alloys"]?[2] == "undetermined")
            #expect(byID["c-severny-aluminium-logistics"]?[4] == "50")
        }
    }

    @Test(arguments: ["ofac", "eu", "uk"])
    func blockedCountsMatchTheLibrary(rule: String) throws {
        let library = evaluate(try Self.demoNetwork(), rule: BlockingRule.named(rule)!, asOf: Self.demoDay)
        let json = try runCLI(["blocked", Self.demo, "--rule", rule, "--format", "json"] + Self.asOf)
        #expect(json.status == 0, "\(json.stderr)")
        let object = try Self.object(json)
        #expect(object["rule"] as? String == rule && object["asOf"] as? String == "2026-11-29")
        let counts = try #require(object["counts"] as? [String: Int])
        for s in BlockStatus.allCases { #expect(counts[s.description] == library.counts[s] ?? 0, "\(rule) \(s)") }
        let entities = try #require(object["entities"] as? [[String: Any]])
        #expect(entities.count == library.blocked.count + library.undetermined.count)
        for e in entities {
            let id = try #require(e["id"] as? String)
            let sources = try #require(e["riskSources"] as? [String])
            #expect(sources.allSatisfy { library.status($0) == .designated }, "\(id): \(sources)")
        }
        #expect(object["cautions"] is [Any])
        // The text report's summary line has the same counts.
        let text = try runCLI(["blocked", Self.demo, "--rule", rule] + Self.asOf)
        let c = library.counts
        let summary = "blocked: \(library.blocked.count) (designated \(c[.designated] ?? 0), owned \(c[.owned] ?? 0), controlled \(c[.controlled] ?? 0)); undetermined: \(c[.undetermined] ?? 0)"
        #expect(text.stdout.contains(summary), "\(text.stdout.prefix(400))")
    }

    @Test func blockedCountsAreThoseOfTheReadme() throws {
        // Graphs/README.md: US 5 + 22, EU 4 + 21, UK 4 + 18, 2 undetermined each.
        for (rule, designated, derived) in [("ofac", 5, 22), ("eu", 4, 21), ("uk", 4, 18)] {
            let object = try Self.object(try runCLI(["blocked", Self.demo, "--rule", rule, "--format", "json"] + Self.asOf))
            let counts = try #require(object["counts"] as? [String: Int])
            #expect(counts["designated"] == designated, "\(rule)")
            #expect((counts["owned"] ?? 0) + (counts["controlled"] ?? 0) == derived, "\(rule)")
            #expect(counts["undetermined"] == 2, "\(rule)")
        }
    }

    @Test func blockedAsFtMRecords() throws {
        let result = try runCLI(["blocked", Self.demo, "--rule", "eu", "--format", "ftm"] + Self.asOf)
        #expect(result.status == 0, "\(result.stderr)")
        let library = evaluate(try Self.demoNetwork(), rule: .eu, asOf: Self.demoDay)
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.count == (library.counts[.owned] ?? 0) + (library.counts[.controlled] ?? 0))
        for line in lines {
            let record = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], "\(line)")
            let id = try #require(record["id"] as? String)
            let properties = try #require(record["properties"] as? [String: [String]], "\(line)")
            #expect(properties["topics"] == ["sanction.control"], "\(id)")
            let sources = try #require(properties["riskSource"])
            #expect(!sources.isEmpty && sources.allSatisfy { library.status($0) == .designated }, "\(id): \(sources)")
            #expect(library.status(id) == .owned || library.status(id) == .controlled, "\(id)")
            #expect(record["schema"] as? String == library.network.schema(of: library.network.node(id: id)!))
        }
    }

    @Test func aCustomRuleAt25PercentBlocksMoreThanOFAC() throws {
        func blocked(_ args: [String]) throws -> Int {
            let r = try runCLI(["blocked", Self.demo, "--format", "json"] + args + Self.asOf)
            #expect(r.status == 0, "\(r.stderr)")
            let counts = try #require(try Self.object(r)["counts"] as? [String: Int])
            return (counts["designated"] ?? 0) + (counts["owned"] ?? 0) + (counts["controlled"] ?? 0)
        }
        let ofac = try blocked(["--rule", "ofac"])
        let custom = try blocked(["--rule", "custom", "--threshold", "25", "--aggregation", "across"])
        #expect(custom > ofac, "\(custom) vs \(ofac)")
        // Same jurisdiction, lower threshold: a superset of OFAC's blocked set.
        let usOnly = try blocked(["--rule", "custom", "--threshold", "25", "--aggregation", "across", "--jurisdictions", "us"])
        #expect(usOnly > ofac)
    }

    @Test func badRuleOptionsFail() throws {
        let bad = try runCLI(["blocked", Self.demo, "--rule", "mars"])
        #expect(bad.status != 0)
        #expect(bad.stderr.contains("--rule"), "\(bad.stderr)")
        let stray = try runCLI(["blocked", Self.demo, "--rule", "ofac", "--threshold", "25"])
        #expect(stray.status != 0 && stray.stderr.contains("--rule custom"), "\(stray.stderr)")
        let format = try runCLI(["blocked", Self.demo, "--rule", "ofac", "--format", "xml"])
        #expect(format.status != 0 && format.stderr.contains("--format"))
    }

    @Test func explainPrintsTheChain() throws {
        let result = try runCLI(["explain", Self.demo, "Kara Sea Trader", "--rule", "ofac"] + Self.asOf)
        #expect(result.status == 0, "\(result.stderr)")
        for name in ["Kara Sea Trader", "Khibiny Concentrate Trading FZE", "Khibiny Rare Earth Mining JSC", "Borealis Rare Earths B.V.",
                     "Borealis Mineral Holdings Ltd", "Viktor Stolnik"] {
            #expect(result.stdout.contains(name), "\(name) missing from\n\(result.stdout)")
        }
        #expect(result.stdout.contains("running 70%"), "\(result.stdout)")
        let lines = result.stdout.split(separator: "\n")
        let ship = try #require(lines.firstIndex { $0.contains("Kara Sea Trader") })
        let stolnik = try #require(lines.firstIndex { $0.contains("Viktor Stolnik") })
        #expect(ship < stolnik, "the chain goes from the entity up to the designated root")
        let json = try Self.object(try runCLI(["explain", Self.demo, "c-taiga-nickel-trading", "--rule", "ofac", "--format", "json"] + Self.asOf))
        #expect(Set(json["riskSources"] as? [String] ?? []) == ["p-viktor-stolnik", "p-arkady-veltsin"])
        let explanation = try #require(json["explanation"] as? [String: Any])
        let owners = try #require(explanation["owners"] as? [[String: Any]])
        #expect(owners.compactMap { $0["running"] as? Double }.sorted() == [25, 55] || owners.compactMap { $0["running"] as? Double }.sorted() == [30, 55])
        // Kestrel under OFAC: clear, with the control caution.
        let kestrel = try runCLI(["explain", Self.demo, "c-kestrel-energy-trading", "--rule", "ofac"] + Self.asOf)
        #expect(kestrel.stdout.contains("caution:") && kestrel.stdout.contains("does not block"), "\(kestrel.stdout)")
    }

    @Test func entitiesByNameAmbiguousOrUnknown() throws {
        let dir = try TempDir("rules")
        defer { dir.remove() }
        let path = try dir.write("twins.ftm.json", [
            ftm("x", "LegalEntity", ["name": ["Xavier Holdings"]]),
            ftm("a1", "Company", ["name": ["Acme Trading"]]),
            ftm("a2", "Company", ["name": ["Acme Trading"]]),
            ftm("own-1", "Ownership", ["owner": ["x"], "asset": ["a1"], "percentage": ["60"]]),
            ftm("s-1", "Sanction", ["entity": ["x"], "authority": ["Office of Foreign Assets Control"], "country": ["us"], "startDate": ["2020-01-01"]]),
        ].joined(separator: "\n") + "\n")
        let unique = try runCLI(["explain", path, "Xavier Holdings", "--rule", "ofac", "--as-of", "2025-01-01"])
        #expect(unique.status == 0 && unique.stdout.contains("designated"), "\(unique.stderr)")
        let ambiguous = try runCLI(["explain", path, "Acme Trading", "--rule", "ofac", "--as-of", "2025-01-01"])
        #expect(ambiguous.status != 0)
        #expect(ambiguous.stderr.contains("a1") && ambiguous.stderr.contains("a2"), "candidates listed: \(ambiguous.stderr)")
        let unknown = try runCLI(["explain", path, "Nobody Ltd", "--rule", "ofac"])
        #expect(unknown.status != 0 && unknown.stderr.contains("Nobody Ltd"), "\(unknown.stderr)")
        for command in [["free", path, "Acme Trading"], ["relief", path, "--delist", "Acme Trading"]] {
            let r = try runCLI(command + ["--rule", "ofac", "--as-of", "2025-01-01"])
            #expect(r.status != 0 && r.stderr.contains("a1") && r.stderr.contains("a2"), "\(command[0]): \(r.stderr)")
        }
        let byName = try runCLI(["relief", path, "--delist", "Xavier Holdings", "--rule", "ofac", "--as-of", "2025-01-01", "--format", "json"])
        #expect(Set((try Self.object(byName)["unblocked"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }) == ["x", "a1"])
    }

    @Test func reliefAsJSON() throws {
        let result = try runCLI(["relief", Self.demo, "--rule", "ofac", "--delist", "Viktor Stolnik", "--format", "json"] + Self.asOf)
        #expect(result.status == 0, "\(result.stderr)")
        let object = try Self.object(result)
        for key in ["unblocked", "newlyBlocked", "stillBlocked", "sectors"] { #expect(object[key] != nil, "missing \(key)") }
        let network = try Self.demoNetwork()
        let radius = blastRadius(network, rule: .ofac, asOf: Self.demoDay, edits: [.delist(network.node(id: "p-viktor-stolnik")!, nil)])
        let unblocked = try #require(object["unblocked"] as? [[String: Any]])
        #expect(Set(unblocked.compactMap { $0["id"] as? String }) == radius.before.ids(radius.unblocked))
        #expect(unblocked.allSatisfy { ($0["name"] as? String)?.isEmpty == false })
        #expect((object["newlyBlocked"] as? [Any])?.count == 0)
        let still = try #require(object["stillBlocked"] as? [[String: Any]])
        #expect(still.count == radius.stillBlocked.count)
        #expect(still.allSatisfy { $0["id"] is String && $0["name"] is String && ($0["reason"] as? String)?.isEmpty == false })
        let sectors = try #require(object["sectors"] as? [[String: Any]])
        let rare = try #require(sectors.first { $0["sector"] as? String == "rare earths" })
        #expect(rare["members"] as? Int == 16 && rare["blockedBefore"] as? Int == 6 && rare["blockedAfter"] as? Int == 1)
    }

    @Test func reliefTheEnPlusCase() throws {
        let result = try runCLI(["relief", Self.enPlus, "--rule", "ofac", "--as-of", "2018-06-01", "--delist", "c-en-plus", "--delist", "c-rusal",
                                 "--delist", "c-eurosibenergo", "--set-share", "p-oleg-deripaska:c-en-plus=44.95", "--format", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try Self.object(result)
        let unblocked = Set((object["unblocked"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String })
        #expect(unblocked == ["c-en-plus", "c-rusal", "c-eurosibenergo", "c-irkutskenergo", "c-aughinish-alumina"])
        let text = try runCLI(["relief", Self.enPlus, "--rule", "ofac", "--as-of", "2018-06-01", "--delist", "c-en-plus"])
        #expect(text.status == 0 && text.stdout.contains("unblocked: 0"), "\(text.stdout)")
        let none = try runCLI(["relief", Self.enPlus, "--rule", "ofac"])
        #expect(none.status != 0, "no edit given")
    }

    @Test func reliefEditOptions() throws {
        func ids(_ args: [String], _ key: String) throws -> Set<String> {
            let r = try runCLI(["relief", Self.demo, "--format", "json"] + args + Self.asOf)
            #expect(r.status == 0, "\(args): \(r.stderr)")
            return Set((try Self.object(r)[key] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String })
        }
        #expect(try ids(["--rule", "ofac", "--designate", "c-irtysh-energy-holding:us"], "newlyBlocked")
                == ["c-irtysh-energy-holding", "c-pavlodar-power-invest", "c-ekibastuz-heat-supply"])
        #expect(try ids(["--rule", "ofac", "--designate", "c-irtysh-energy-holding:eu"], "newlyBlocked").isEmpty, "an EU listing does not count for OFAC")
        #expect(try ids(["--rule", "ofac", "--add-tie", "p-viktor-stolnik:c-sibir-magnet-technologies=10"], "newlyBlocked") == ["c-sibir-magnet-technologies"])
        #expect(try ids(["--rule", "ofac", "--add-tie", "p-viktor-stolnik:c-sibir-magnet-technologies=unknown"], "nowUndetermined") == ["c-sibir-magnet-technologies"])
        #expect(try ids(["--rule", "uk", "--remove-tie", "p-viktor-stolnik:c-borealis-mineral-holdings"], "unblocked")
                .isSuperset(of: ["c-borealis-mineral-holdings", "c-borealis-rare-earths", "c-khibiny-rare-earth-mining", "v-kara-sea-trader"]))
        #expect(try ids(["--rule", "ofac", "--delist", "p-viktor-stolnik:eu"], "unblocked").isEmpty, "the US listing stays")
        #expect(try ids(["--rule", "ofac", "--delist", "p-viktor-stolnik:us"], "unblocked").contains("c-borealis-mineral-holdings"))
        #expect(try ids(["--rule", "eu", "--set-share", "Borealis Mineral Holdings Ltd:Meridian Private Bank Ltd=0"], "unblocked") == ["c-meridian-private-bank"])
        let bad = try runCLI(["relief", Self.demo, "--rule", "ofac", "--set-share", "p-viktor-stolnik:c-borealis-mineral-holdings=150"])
        #expect(bad.status != 0 && bad.stderr.contains("between 0 and 100"), "\(bad.stderr)")
    }

    @Test func rankTopThree() throws {
        let csv = try runCLI(["rank", Self.demo, "--by", "relief", "--top", "3", "--rule", "ofac", "--format", "csv"] + Self.asOf)
        #expect(csv.status == 0, "\(csv.stderr)")
        let lines = csv.stdout.split(separator: "\n")
        #expect(lines.first == "id,name,unblocked")
        #expect(lines.count == 4, "\(csv.stdout)")
        let network = try Self.demoNetwork()
        let top = evaluate(network, rule: .ofac, asOf: Self.demoDay).rankDelistings().prefix(3)
        #expect(lines.dropFirst().map { Self.fields($0)[0] } == top.map { network.id(of: $0.entity) })
        #expect(lines.dropFirst().map { Self.fields($0)[2] } == top.map { String($0.unblocked) })
        let text = try runCLI(["rank", Self.demo, "--by", "relief", "--top", "3", "--rule", "ofac"] + Self.asOf)
        let rows = text.stdout.split(separator: "\n").filter { $0.first?.isNumber == true }
        #expect(rows.count == 3, "\(text.stdout)")
        let designation = try runCLI(["rank", Self.demo, "--by", "designation", "--top", "3", "--rule", "eu", "--format", "json"] + Self.asOf)
        #expect((try Self.object(designation)["ranking"] as? [Any])?.count == 3)
    }

    @Test func freePrintsAPlan() throws {
        let result = try runCLI(["free", Self.enPlus, "c-rusal", "--rule", "ofac", "--as-of", "2018-06-01"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("to free United Company RUSAL plc"), "\(result.stdout)")
        #expect(result.stdout.contains("delist United Company RUSAL plc"), "\(result.stdout)")
        #expect(result.stdout.contains("exact"), "\(result.stdout)")
        let json = try Self.object(try runCLI(["free", Self.enPlus, "En+", "--rule", "ofac", "--as-of", "2018-06-01", "--format", "json"]))
        #expect(json["minimal"] as? Bool == true)
        #expect((json["actions"] as? [String])?.count == 2)
        let clear = try runCLI(["free", Self.enPlus, "c-vtb-bank", "--rule", "ofac", "--as-of", "2018-06-01"])
        #expect(clear.status == 0 && clear.stdout.contains("is not blocked"))
    }
}

fileprivate extension BlockingResult {
    func status(_ id: String) -> BlockStatus { network.node(id: id).map { status[Int($0)] } ?? .clear }
    func ids(_ nodes: [UInt32]) -> Set<String> { Set(nodes.map { network.id(of: $0) }) }
}
