import Foundation
import Testing
import TestKit
import SanctionsGraph

/// `sanctions-graph package` and the package reports (README "Relief packages").
@Suite struct PackageCLITests {
    static let enPlus = "Examples/EnPlusRelief2019/en-plus-2019.package.json"
    static let rareEarths = ["a-delist-oligarchs.yaml", "b-delist-companies.yaml", "c-divestments.yaml"].map { "Examples/RareEarthsPackages/" + $0 }

    @Test func textSummaryUnderEachRuleAndAll() throws {
        for rule in ["ofac", "eu", "uk", "all"] {
            let r = try runCLI(["package", "Graphs/demo-rare-earths.ftm.json"] + Self.rareEarths + ["--rule", rule])
            #expect(r.status == 0, "\(rule): \(r.stderr)")
            let rules = rule == "all" ? ["ofac", "eu", "uk"] : [rule]
            for name in rules { #expect(r.stdout.contains("\n  \(name): unblocked "), "\(rule): \(name)") }
            #expect(r.stdout.contains("only this package frees:"))
            #expect(r.stdout.contains("package 3: C. Divestments below the threshold"))
        }
        let one = try runCLI(["package", "Graphs/demo-rare-earths.ftm.json", Self.rareEarths[0], "--rule", "eu"])
        #expect(one.stdout.contains("ofac:") == false && one.stdout.contains("  eu: unblocked 12, newly blocked 0, still blocked 0"))
    }

    @Test func theEnPlusPackageShowsTheSection216ReviewAndTheLicence() throws {
        let r = try runCLI(["package", "Graphs/en-plus-2019.ftm.json", Self.enPlus, "--rule", "ofac"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("as of 2018-12-19 (the package's date)"))
        #expect(r.stdout.contains("ofac: unblocked 5, newly blocked 0, still blocked 5"))
        #expect(r.stdout.contains("with a report to Congress on 2018-12-19, the review period is 30 days: no effect before 2019-01-18"))
        #expect(r.stdout.contains("us: licence for the transaction"))
        #expect(r.stdout.contains("https://www.law.cornell.edu/uscode/text/22/9511"))
        // --as-of overrides the package's date.
        let later = try runCLI(["package", "Graphs/en-plus-2019.ftm.json", Self.enPlus, "--rule", "ofac", "--as-of", "2019-03-01"])
        #expect(later.stdout.contains("as of 2019-03-01 (the date given on the command line)"))
        #expect(later.stdout.contains("ofac: unblocked 0"), "by March 2019 the record itself has them delisted")
    }

    @Test func jsonReportKeys() throws {
        let dir = try TempDir("pkg")
        defer { dir.remove() }
        let out = dir.path + "/r.json"
        let r = try runCLI(["package", "Graphs/demo-rare-earths.ftm.json"] + Self.rareEarths + ["-o", out])
        #expect(r.status == 0, "\(r.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out))) as? [String: Any])
        #expect(json["formatVersion"] as? Int == 1)
        let packages = try #require(json["packages"] as? [[String: Any]])
        #expect(packages.map { $0["name"] as? String } == ["A. Delist the rare-earths oligarchs", "B. Delist their companies", "C. Divestments below the threshold"])
        let rules = try #require(packages[0]["rules"] as? [String: [String: Any]])
        #expect(Set(rules.keys) == ["ofac", "eu", "uk"])
        for key in ["unblocked", "newlyBlocked", "stillBlocked", "sectors", "countries", "onlyThisPackageFrees"] {
            #expect(rules["eu"]?[key] != nil, "\(key)")
        }
        let legal = try #require(packages[2]["legal"] as? [[String: Any]])
        #expect(legal.contains { $0["step"] as? String == "licence" && $0["path"] as? String == "gb-licence" })
        #expect(legal.allSatisfy { ($0["citations"] as? [String]).map { !$0.isEmpty } ?? false || $0["step"] as? String == "none" || $0["known"] as? Bool == false })
    }

    @Test func htmlReportIsSelfContainedAndMarkdownKeepsItsDiagramsBeside() throws {
        let dir = try TempDir("pkg")
        defer { dir.remove() }
        let html = dir.path + "/r.html", md = dir.path + "/r.md"
        #expect(try runCLI(["package", "Graphs/demo-rare-earths.ftm.json"] + Self.rareEarths + ["-o", html]).status == 0)
        let page = try String(contentsOfFile: html, encoding: .utf8)
        #expect(page.hasPrefix("<!DOCTYPE html>") && page.contains("<svg") && page.contains("Legal path"))
        // Nothing is fetched: no script, stylesheet, image, frame or font from anywhere.
        for pattern in ["<script", "<link", "<img", "<iframe", "@import", "url(", " src=", "<!DOCTYPE svg", "<?xml"] {
            #expect(!page.contains(pattern), "\(pattern)")
        }
        // The sources are links.
        #expect(page.contains("<a href=\"https://www.legislation.gov.uk/ukpga/2018/13/section/15\">"))
        let r = try runCLI(["package", "Graphs/demo-rare-earths.ftm.json", Self.rareEarths[2], "-o", md])
        #expect(r.status == 0 && r.stderr.contains("wrote \(md) and 6 diagrams beside it"), "\(r.stderr)")
        let text = try String(contentsOfFile: md, encoding: .utf8)
        #expect(text.contains("![relief diagram under uk](r-1-uk-relief.svg)"))
        for rule in ["ofac", "eu", "uk"] {
            for kind in ["sectors", "relief"] {
                let svg = try String(contentsOfFile: "\(dir.path)/r-1-\(rule)-\(kind).svg", encoding: .utf8)
                #expect(svg.hasPrefix("<svg"), "\(rule) \(kind)")
            }
        }
    }

    @Test func hostileNamesAreEscapedInTheHTML() throws {
        let lines = [
            #"{"id": "p", "schema": "Person", "properties": {"name": ["<script>alert(1)</script> \u202Eevil"]}}"#,
            #"{"id": "c", "schema": "Company", "properties": {"name": ["C & \"Co\""], "sector": ["rare earths"]}}"#,
            #"{"id": "o1", "schema": "Ownership", "properties": {"owner": ["p"], "asset": ["c"], "percentage": ["60"]}}"#,
            #"{"id": "s1", "schema": "Sanction", "properties": {"entity": ["p"], "authority": ["Office of Foreign Assets Control"], "country": ["us"], "program": ["<b>X</b>"], "startDate": ["2020-01-01"]}}"#,
        ]
        let (network, _) = try loadFtM(lines)
        let package = ReliefPackage(name: "<i>pkg</i>", asOf: Day("2026-11-29"), actions: [.delist(network.node(id: "p")!, jurisdictions: nil)])
        let page = comparePackages(network, [package], rules: [.ofac]).html()
        #expect(!page.contains("<script>") && !page.contains("<i>pkg") && !page.contains("<b>X"))
        #expect(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;") && page.contains("C &amp; &quot;Co&quot;"))
        #expect(page.contains("<bdi>&lt;script&gt;"), "names sit in <bdi>")
        // The unknown program is shown as unknown.
        #expect(page.contains("<span class=\"unknown\">unknown</span>"))
    }

    @Test func badPackagesAndOutputsFailLoudly() throws {
        let dir = try TempDir("pkg")
        defer { dir.remove() }
        let bad = try dir.write("bad.yaml", "name: x\nactions:\n  - divest: {owner: p-viktor-stolnik, asset: c-borealis-mineral-holdings, share: 101}\n")
        let r = try runCLI(["package", "Graphs/demo-rare-earths.ftm.json", bad])
        #expect(r.status == 1)
        #expect(r.stderr.contains("bad.yaml:3: actions[0].divest.share: '101' is not a share from 0 to 100"), "\(r.stderr)")
        let format = try runCLI(["package", "Graphs/demo-rare-earths.ftm.json", Self.rareEarths[0], "-o", dir.path + "/r.pdf"])
        #expect(format.status != 0 && format.stderr.contains("-o must end in .json, .md or .html"))
        let rule = try runCLI(["package", "Graphs/demo-rare-earths.ftm.json", Self.rareEarths[0], "--rule", "custom"])
        #expect(rule.status != 0 && rule.stderr.contains("--rule must be ofac, eu, uk or all"))
        // A missing output folder is created (as every command does); one that cannot be is an error.
        let nested = try runCLI(["package", "Graphs/demo-rare-earths.ftm.json", Self.rareEarths[0], "-o", dir.path + "/new/folder/r.html"])
        #expect(nested.status == 0 && FileManager.default.fileExists(atPath: dir.path + "/new/folder/r.html"))
        let blocked = try runCLI(["package", "Graphs/demo-rare-earths.ftm.json", Self.rareEarths[0], "-o", bad + "/r.html"])
        #expect(blocked.status == 1 && blocked.stderr.contains("cannot create the folder"), "\(blocked.stderr)")
    }
}
