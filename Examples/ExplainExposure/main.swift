// ExplainExposure: is this company blocked, under whose rules, and why?
//
//   swift run ExplainExposure [COMPANY] [--graph GRAPH] [--as-of YYYY-MM-DD]
//       (default: "Taiga Nickel Trading AG" in Graphs/demo-rare-earths.ftm.json, as of 2026-11-29)
//
// COMPANY is an id or a unique name (or alias). For each of the US, EU and UK rules the
// notebook prints the company's status with the chain of blocked owners back to the
// designated roots (each stake with the running total against the threshold), the cautions
// an analyst should read (significant minorities, control that does not block, listed and
// owned), and draws the explanation wherever the company is blocked or undetermined.
import Foundation
import SanctionsGraph

// MARK: Setup

/// A file-name-safe form of an id.
func slug(_ id: String) -> String {
    String(id.map { $0.isLetter || $0.isNumber || $0 == "-" ? $0 : "_" })
}

func notebook() {
    let root = Script.repositoryRoot()
    var graphPath = root + "/Graphs/demo-rare-earths.ftm.json"
    var company = "Taiga Nickel Trading AG"
    var asOf = Day("2026-11-29")!
    var args = Array(CommandLine.arguments.dropFirst())[...]
    while let arg = args.popFirst() {
        switch arg {
        case "--graph": guard let p = args.popFirst() else { Script.fail("--graph needs a path") }; graphPath = p
        case "--as-of": guard let d = args.popFirst().flatMap({ Day($0) }) else { Script.fail("--as-of needs a date YYYY-MM-DD") }; asOf = d
        case "-h", "--help": print("usage: ExplainExposure [COMPANY] [--graph GRAPH] [--as-of YYYY-MM-DD]"); return
        default: company = arg
        }
    }
    let outDir = root + "/out/ExplainExposure"
    try? FileManager.default.createDirectory(atPath: outDir, withIntermediateDirectories: true)
    let network: SanctionsNetwork
    do { (network, _) = try GraphLoader.load(path: graphPath) } catch { Script.fail("\(error)") }

    // MARK: 1. Find the company: by id, else by a unique name or alias
    let entity: UInt32
    if let v = network.node(id: company) {
        entity = v
    } else {
        let candidates = network.nodes(named: company)
        switch candidates.count {
        case 1: entity = candidates[0]
        case 0: Script.fail("no entity has the id or name '\(company)'")
        default: Script.fail("'\(company)' is ambiguous: " + candidates.map { "\(network.name(of: $0)) [\(network.id(of: $0))]" }.joined(separator: ", "))
        }
    }
    let label = "\(network.name(of: entity)) [\(network.id(of: entity))]"
    print("Exposure of \(label), as of \(asOf)")
    let countries = network.countries[entity].map { network.strings[$0] }, sectors = network.sectors[entity].map { network.name(of: $0) }
    print("kind: \(network.kinds[Int(entity)].ftmName); countries: \(countries.isEmpty ? "-" : countries.joined(separator: ", ")); "
          + "sectors: \(sectors.isEmpty ? "-" : sectors.joined(separator: ", "))")
    print("")

    // MARK: 2. Each rule in turn: the status, the chain with running totals, the cautions
    var summary: [String] = []
    var drawn: [(BlockingRule, BlockingResult)] = []
    for (cell, rule) in zip(["a", "b", "c"], [BlockingRule.ofac, .eu, .uk]) {
        let result = evaluate(network, rule: rule, asOf: asOf)
        let status = result.status[Int(entity)]
        print("2\(cell). \(rule.description)")
        print(result.explain(entity).text(network).split(separator: "\n").map { "    " + $0 }.joined(separator: "\n"))
        let cautions = result.cautions().filter { $0.entity == entity }
        print("    cautions: " + (cautions.isEmpty ? "none" : "\(cautions.count)"))
        for c in cautions { print("      " + c.text(network)) }
        let sources = result.riskSources(of: entity)
        if status.isBlocked || status == .undetermined {
            print("    risk sources: " + sources.map { network.name(of: $0) }.joined(separator: ", "))
            drawn.append((rule, result))
        }
        summary.append("\(rule.name) \(status.isBlocked ? "BLOCKED" : status == .undetermined ? "UNDETERMINED" : "not blocked") (\(status))")
        print("")
    }
    print("3. Summary: " + summary.joined(separator: "; "))
    print("")

    // MARK: 4. Diagrams: the explanation under each rule where the company is blocked
    print("4. Diagrams")
    if drawn.isEmpty { print("   none: not blocked under any rule") }
    do {
        for (rule, result) in drawn {
            let diagram = try NetworkDiagram(network, view: .explanation(entity: entity),
                                             options: DiagramOptions(rule: rule, asOf: asOf), evaluation: result)
            let file = "\(slug(network.id(of: entity)))-\(rule.name)"
            for ext in ["svg", "png"] { _ = try diagram.write(to: "\(outDir)/\(file).\(ext)") }
            print("   wrote out/ExplainExposure/\(file).svg and .png")
        }
    } catch { Script.fail("\(error)") }
}

notebook()
