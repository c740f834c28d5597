// OpenSanctionsImport: load an FtM export the way you would with real data, and triage it.
//
//   swift run OpenSanctionsImport [PATH] [--as-of YYYY-MM-DD] [--top N]
//       (default: Graphs/demo-rare-earths.ftm.json, as of 2026-11-29, top 10 exposures)
//
// PATH is an FtM JSON-lines file such as OpenSanctions' `entities.ftm.json` (or any graph
// the library reads). Real exports have records the graph cannot use, so the file is read
// leniently: bad records are skipped and reported, ties to missing entities dropped and
// counted. Then three questions: what does the file hold? which entities are caught by the
// 50% and control rules without being listed themselves (the exposures a list lookup misses),
// and from which designated roots? which delistings would free the most?
import Foundation
import SanctionsGraph

// MARK: Setup

func notebook() {
    let root = Script.repositoryRoot()
    var path = root + "/Graphs/demo-rare-earths.ftm.json"
    var asOf = Day("2026-11-29")!
    var top = 10
    var args = Array(CommandLine.arguments.dropFirst())[...]
    while let arg = args.popFirst() {
        switch arg {
        case "--as-of": guard let d = args.popFirst().flatMap({ Day($0) }) else { Script.fail("--as-of needs a date YYYY-MM-DD") }; asOf = d
        case "--top": guard let n = args.popFirst().flatMap({ Int($0) }), n > 0 else { Script.fail("--top needs a positive number") }; top = n
        case "-h", "--help": print("usage: OpenSanctionsImport [PATH] [--as-of YYYY-MM-DD] [--top N]"); return
        default: path = arg
        }
    }
    let outDir = root + "/out/OpenSanctionsImport"
    try? FileManager.default.createDirectory(atPath: outDir, withIntermediateDirectories: true)
    let shown = path.hasPrefix(root + "/") ? String(path.dropFirst(root.count + 1)) : path

    // MARK: 1. Read leniently, and say what was left out
    let network: SanctionsNetwork, report: ReadReport
    do { (network, report) = try GraphLoader.load(path: path, options: ReadOptions(lenient: true)) } catch { Script.fail("\(error)") }
    print("1. Read \(shown): \(report.records) records, \(report.skippedCount) skipped, "
          + "\(report.danglingCount) ties/designations naming missing entities dropped")
    if report.notices.isEmpty { print("   nothing skipped or dropped") }
    for line in report.notices { print("   " + line) }
    for (schema, n) in report.ignoredSchemas.sorted(by: { $0.key < $1.key }) {
        print("   not part of the graph: \(n) \(schema) record\(n == 1 ? "" : "s")")
    }
    print("")

    // MARK: 2. What the file holds (as `sanctions-graph info` prints it)
    print("2. Summary")
    print(NetworkSummary(network, asOf: asOf, notices: report.notices).text.split(separator: "\n").map { "   " + $0 }.joined(separator: "\n"))
    print("")

    // MARK: 3. Top exposures: blocked under a rule without being listed, with their roots
    // Ranked by the number of designated roots behind them, then by the share blocked owners hold.
    let rules: [BlockingRule] = [.ofac, .eu, .uk]
    let results = rules.map { evaluate(network, rule: $0, asOf: asOf) }
    func names(_ vs: [UInt32]) -> String { vs.map { network.name(of: $0) }.joined(separator: ", ") }
    print("3. Top exposures (derived, not designated), as of \(asOf)")
    for result in results {
        let derived = result.blocked.filter { result.status[Int($0)] != .designated }
        let rows = derived.map { v in (v, result.riskSources(of: v), result.heldShare(of: v).low) }.sorted {
            if $0.1.count != $1.1.count { return $0.1.count > $1.1.count }
            if $0.2 != $1.2 { return $0.2 > $1.2 }
            return network.id(of: $0.0) < network.id(of: $1.0)
        }
        let designated = result.blocked.count - derived.count
        print("   \(result.rule.name): \(derived.count) derived exposure\(derived.count == 1 ? "" : "s") beside \(designated) designated; top \(min(top, rows.count)):")
        for (v, sources, _) in rows.prefix(top) {
            print("     \(result.status[Int(v)].description.padding(to: 11)) \(network.name(of: v)) [\(network.id(of: v))]: \(result.reason(of: v)); risk sources: \(names(sources))")
        }
    }
    print("")

    // MARK: 4. Largest relief blast radii: which delisting would free the most, per rule
    print("4. Largest relief blast radii (delisting one designated entity)")
    var best: [(BlockingRule, BlockingResult, UInt32)] = []
    for result in results {
        let ranking = result.rankDelistings()
        print("   \(result.rule.name):")
        if ranking.isEmpty { print("     no designations in force") }
        for impact in ranking.prefix(5) {
            let freed = impact.freed.prefix(4).map { network.name(of: $0) }.joined(separator: ", ")
            print("     frees \(String(impact.unblocked).padding(to: 4)) \(network.name(of: impact.entity)) [\(network.id(of: impact.entity))]"
                  + (impact.freed.isEmpty ? "" : ": \(freed)\(impact.freed.count > 4 ? ", …" : "")"))
        }
        if let first = ranking.first, first.unblocked > 0 { best.append((result.rule, result, first.entity)) }
    }
    print("")

    // MARK: 5. Diagrams: the largest delisting's relief view, per rule
    print("5. Diagrams")
    if best.isEmpty { print("   none: no delisting frees anything") }
    do {
        for (rule, _, v) in best {
            let diagram = try NetworkDiagram(network, view: .relief(edits: [.delist(v, nil)]), options: DiagramOptions(rule: rule, asOf: asOf))
            let file = "relief-top-\(rule.name)"
            for ext in ["svg", "png"] { _ = try diagram.write(to: "\(outDir)/\(file).\(ext)") }
            print("   wrote out/OpenSanctionsImport/\(file).svg and .png (delist \(network.name(of: v)))")
        }
    } catch { Script.fail("\(error)") }
}

notebook()
