import Testing
import TestKit
import GraphCore
import GraphIO
import SanctionsModel
import SanctionsRules

/// Relief package files (README "Relief packages"): JSON and YAML, entities by id or exact
/// name, and errors that name the file, the line and the field.
@Suite struct PackageFileTests {
    static let network: SanctionsNetwork = {
        // The EN+ graph: Deripaska, En+, Rusal and the rest, with their 2018 listings.
        try! GraphLoader.load(path: repoRoot() + "/Graphs/en-plus-2019.ftm.json").0
    }()

    func parse(_ text: String, file: String = "p.yaml") throws(PackageFileError) -> ReliefPackage {
        try PackageFile.parse(text, file: file, network: Self.network)
    }

    func problem(_ text: String) -> PackageFileError? {
        do { _ = try parse(text); return nil } catch { return error }
    }

    @Test func jsonAndYamlReadTheSamePackage() throws {
        let n = Self.network
        let json = """
            {"name": "EN+ 2019", "asOf": "2018-12-19",
             "actions": [{"delist": "c-en-plus"},
                         {"delist": "c-rusal", "jurisdictions": ["us"]},
                         {"divest": {"owner": "p-oleg-deripaska", "asset": "c-en-plus", "share": 44.95}},
                         {"removeTie": {"owner": "c-en-plus", "asset": "c-rusal"}},
                         {"addTie": {"owner": "c-gaz-group", "asset": "c-rusal"}},
                         {"designate": {"entity": "c-gaz-group", "jurisdiction": "uk"}}]}
            """
        let yaml = """
            # the same package
            name: EN+ 2019
            asOf: 2018-12-19
            actions:
              - delist: En+ Group plc          # by its exact name
              - delist: c-rusal
                jurisdictions: [us]
              - divest: {owner: p-oleg-deripaska, asset: c-en-plus, share: 44.95}
              - removeTie: {owner: c-en-plus, asset: c-rusal}
              - addTie: {owner: c-gaz-group, asset: c-rusal, share: unknown}
              - designate:
                  entity: c-gaz-group
                  jurisdiction: gb
            """
        let a = try parse(json, file: "p.json"), b = try parse(yaml)
        #expect(a.actions == b.actions && a.name == "EN+ 2019" && a.asOf == Day("2018-12-19"))
        #expect(a.source == "p.json")
        #expect(a.actions == [
            .delist(n.node(id: "c-en-plus")!, jurisdictions: nil), .delist(n.node(id: "c-rusal")!, jurisdictions: [.us]),
            .divest(owner: n.node(id: "p-oleg-deripaska")!, asset: n.node(id: "c-en-plus")!, percent: 44.95),
            .removeTie(owner: n.node(id: "c-en-plus")!, asset: n.node(id: "c-rusal")!),
            .addTie(owner: n.node(id: "c-gaz-group")!, asset: n.node(id: "c-rusal")!, percent: nil),
            .designate(n.node(id: "c-gaz-group")!, .gb),
        ])
    }

    @Test func errorsNameTheFileTheLineAndTheField() {
        let cases: [(String, Int?, String, String)] = [
            ("name: x\nactions:\n  - delist: nobody-here\n", 3, "actions[0].delist", "no entity has the id or name 'nobody-here'"),
            ("name: x\nactions:\n  - delist: c-rusal\n  - divest: {owner: p-oleg-deripaska, asset: c-en-plus, share: 150}\n", 4,
             "actions[1].divest.share", "'150' is not a share from 0 to 100"),
            ("name: x\nactions:\n  - divest: {owner: p-oleg-deripaska, asset: c-en-plus}\n", 3, "actions[0].divest.share", "missing"),
            ("name: x\nactions:\n  - divest: {owner: c-rusal, asset: c-en-plus, share: 10}\n", 3, "actions[0].divest",
             "c-rusal holds no stake in c-en-plus to divest"),
            ("name: x\nactions:\n  - delist: c-rusal\n    jurisdictions: [us, mars]\n", 4, "actions[0].jurisdictions[1]",
             "expected a jurisdiction code such as us, eu, gb (or uk), un, ch"),
            ("name: x\nactions:\n  - delist: c-rusal\n    desist: c-en-plus\n", 4, "actions[0].desist", "unknown field"),
            ("name: x\nactions:\n  - {delist: c-rusal, designate: {entity: c-rusal, jurisdiction: us}}\n", 3, "actions[0]",
             "one action each: delist and designate given together"),
            ("name: x\nactions:\n  - divest: {owner: p-oleg-deripaska, asset: c-en-plus, share: 10}\n    jurisdictions: [us]\n", 4,
             "actions[0].jurisdictions", "only a delisting takes jurisdictions"),
            ("actions:\n  - delist: c-rusal\n", 1, "name", "missing"),
            ("name: x\nasOf: 19 Dec 2018\nactions:\n  - delist: c-rusal\n", 2, "asOf", "expected a date YYYY-MM-DD"),
            ("name: x\nactions: []\n", 2, "actions", "the package has no actions"),
            ("name: x\nactions: [\n", 3, "", "not valid JSON or YAML"),
            ("", nil, "", "the file is empty"),
        ]
        for (text, line, field, reason) in cases {
            guard let e = problem(text) else { Issue.record("accepted: \(text)"); continue }
            #expect(e.file == "p.yaml" && e.line == line && e.field == field && e.reason.contains(reason), "\(e)")
        }
        #expect(problem("name: x\nactions:\n  - delist: c-rusal\n    desist: c-en-plus\n")?.description
            .hasPrefix("p.yaml:4: actions[0].desist: unknown field") == true)
    }

    @Test func hostileDocumentsAreRefusedQuickly() {
        // 100,000 nested lists: libyaml's nesting limit, not a stack overflow.
        let deep = problem("name: x\nactions: " + String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000))
        #expect(deep?.reason.contains("not valid JSON or YAML") == true, "\(String(describing: deep))")
        // Aliases nested 13 deep (9^13 leaves if expanded): refused at the first action.
        var laughs = "name: x\nactions: [&a0 [x, x, x, x, x, x, x, x, x]"
        for i in 1 ..< 14 { laughs += ", &a\(i) [" + Array(repeating: "*a\(i - 1)", count: 9).joined(separator: ", ") + "]" }
        let e = problem(laughs + "]\n")
        #expect(e?.field == "actions[0]" && e?.reason.contains("expected an object") == true, "\(String(describing: e))")
    }

    /// Thousands of random mutations of valid JSON and YAML packages: each is read or refused
    /// with an error that names the file (and, when it is about a field, the field), never a crash.
    @Test func mutatedPackagesAreReadOrRefusedCleanly() {
        let seeds = [
            #"{"name": "p", "asOf": "2018-12-19", "actions": [{"delist": "c-rusal", "jurisdictions": ["us", "eu"]}, {"divest": {"owner": "p-oleg-deripaska", "asset": "c-en-plus", "share": 44.95}}]}"#,
            "name: p\nactions:\n  - delist: En+ Group plc\n  - addTie: {owner: c-gaz-group, asset: c-rusal, share: unknown}\n  - designate: {entity: c-gaz-group, jurisdiction: uk}\n",
        ]
        let alphabet = Array("{}[]:,\"'-&*!|>#\n \t0123456789.eE%aZ\u{0}\u{202E}é".unicodeScalars)
        var rng = SplitMix64(seed: 20261201)   // the same 3,000 mutations every run
        var read = 0, refused = 0
        for i in 0 ..< 3000 {
            var scalars = Array(seeds[i % seeds.count].unicodeScalars)
            for _ in 0 ..< Int.random(in: 1 ... 4, using: &rng) {
                let at = Int.random(in: 0 ... scalars.count, using: &rng)
                switch Int.random(in: 0 ..< 3, using: &rng) {
                case 0 where at < scalars.count: scalars.remove(at: at)
                case 1: scalars.insert(alphabet.randomElement(using: &rng)!, at: at)
                default: if at < scalars.count { scalars[at] = alphabet.randomElement(using: &rng)! }
                }
            }
            var text = ""
            text.unicodeScalars.append(contentsOf: scalars)
            do {
                let p = try parse(text, file: "m.yaml")
                #expect(!p.name.isEmpty && !p.actions.isEmpty)
                read += 1
            } catch {
                #expect(error.file == "m.yaml" && !error.reason.isEmpty)
                refused += 1
            }
        }
        #expect(read > 0 && refused > 0, "read \(read), refused \(refused)")
    }

    @Test func aMissingFileIsAReadError() {
        do {
            _ = try PackageFile.read(path: "/nonexistent/p.json", network: Self.network)
            Issue.record("read a missing file")
        } catch {
            #expect(error.file == "/nonexistent/p.json" && error.line == nil)
        }
    }
}
