// RareEarthsPackages: three fictional relief packages for the rare-earths sector, side by side.
//
//   swift run RareEarthsPackages [GRAPH]      (default: Graphs/demo-rare-earths.ftm.json)
//
// A policy team weighs three ways to ease the sanctions on the demo graph's rare-earths
// sector (the packages are YAML files beside this notebook):
//   A. delist the two oligarchs who hold rare-earths companies;
//   B. delist their companies instead;
//   C. keep the oligarchs listed, and have them sell down below every rule's threshold.
// The notebook judges each under the US, EU and UK rules at once, asks what each frees that
// the others do not, reads the legal path of each action (what it takes, in which
// jurisdiction, with its sources), and writes the report a team can hand on: one HTML file.
import Foundation
import SanctionsGraph

// MARK: Setup

func notebook() {
    let root = Script.repositoryRoot()
    let graphPath = CommandLine.arguments.dropFirst().first ?? root + "/Graphs/demo-rare-earths.ftm.json"
    let outDir = root + "/out/RareEarthsPackages"
    try? FileManager.default.createDirectory(atPath: outDir, withIntermediateDirectories: true)
    let network: SanctionsNetwork
    do { (network, _) = try GraphLoader.load(path: graphPath) } catch { Script.fail("\(error)") }

    // MARK: 1. Read the packages
    let files = ["a-delist-oligarchs.yaml", "b-delist-companies.yaml", "c-divestments.yaml"]
    let packages: [ReliefPackage]
    do {
        packages = try files.map { file in
            var p = try PackageFile.read(path: root + "/Examples/RareEarthsPackages/" + file, network: network)
            p.source = "Examples/RareEarthsPackages/" + file   // as the report shows it
            return p
        }
    } catch { Script.fail("\(error)") }
    print("1. Three packages, as of \(packages[0].asOf.map(\.description) ?? "today")")
    for p in packages { print("   \(p.name): \(p.actions.count) actions") }
    print("")

    // MARK: 2. Judge them side by side under the three rules
    let rules: [BlockingRule] = [.ofac, .eu, .uk]
    let comparison = comparePackages(network, packages, rules: rules)
    guard let sector = network.node(id: "sector:rare earths") else { Script.fail("the graph has no 'rare earths' sector") }
    print("2. Rare-earths companies blocked, before → after, and entities freed")
    print("   " + "package".padding(toLength: 38, withPad: " ", startingAt: 0) + rules.map { $0.name.padding(toLength: 20, withPad: " ", startingAt: 0) }.joined())
    for e in comparison.evaluations {
        let cells = e.radii.map { radius -> String in
            let s = radius.sectors.first { $0.sector == sector }
            let text = s.map { "\($0.blockedBefore)→\($0.blockedAfter)/\($0.members)" } ?? "0→0"
            return "\(text), frees \(radius.unblocked.count)".padding(toLength: 20, withPad: " ", startingAt: 0)
        }
        print("   " + e.package.name.padding(toLength: 38, withPad: " ", startingAt: 0) + cells.joined())
    }
    print("")

    // MARK: 3. What each frees that the others do not
    print("3. Freed by one package only")
    for (p, e) in comparison.evaluations.enumerated() {
        for (r, rule) in rules.enumerated() where !comparison.onlyFreedBy[p][r].isEmpty {
            print("   \(e.package.name), \(rule.name): " + comparison.onlyFreedBy[p][r].map { network.name(of: $0) }.joined(separator: ", "))
        }
    }
    print("")

    // MARK: 4. Why package B frees so little: its companies are not listed
    // Borealis and Korund are blocked through their owners; there is no listing to lift.
    let b = comparison.evaluations[1]
    print("4. The legal path of package B")
    for step in b.legal {
        let action = b.package.actions[step.action].text(network)
        let what = step.path.map { "\($0.id)" } ?? (step.kind == .none ? "nothing to do" : "unknown")
        print("   \(step.action + 1). \(step.jurisdictionText): \(what): \(action)")
        for note in step.notes { print("      \(note)") }
    }
    print("")

    // MARK: 5. What package C needs before the sales can happen
    let c = comparison.evaluations[2]
    print("5. The licences package C needs")
    for step in c.legal where step.kind == .licence {
        print("   action \(step.action + 1), \(step.jurisdiction.code): \(step.path?.id ?? "unknown")")
    }
    print("")

    // MARK: 6. The report
    do {
        let report = outDir + "/report.html"
        try comparison.writeReport(to: report)
        print("6. wrote out/RareEarthsPackages/report.html (self-contained: open it without a network)")
    } catch { Script.fail("\(error)") }
}

notebook()
