// RareEarthsRelief: which relief option frees most of the rare-earths sector?
//
//   swift run RareEarthsRelief [GRAPH]        (default: Graphs/demo-rare-earths.ftm.json)
//
// A notebook in five cells: load the demo graph; measure the sector's exposure under the US,
// EU and UK rules; list the options the data suggests (delist each designated oligarch, or
// have each designated owner divest its largest rare-earths stake below the threshold); score
// every option under every rule by the share of the sector it frees; draw the best option
// before and after. Everything is as of an explicit date, so the report never changes.
import Foundation
import SanctionsGraph

// MARK: Setup: where the data is, where the diagrams go

func notebook() {
    let root = Script.repositoryRoot()
    let arguments = Array(CommandLine.arguments.dropFirst())
    let graphPath = arguments.first ?? root + "/Graphs/demo-rare-earths.ftm.json"
    let asOf = Day("2026-11-29")!
    let rules: [BlockingRule] = [.ofac, .eu, .uk]
    let outDir = root + "/out/RareEarthsRelief"
    try? FileManager.default.createDirectory(atPath: outDir, withIntermediateDirectories: true)

    let network: SanctionsNetwork
    do { (network, _) = try GraphLoader.load(path: graphPath) } catch { Script.fail("\(error)") }

    func label(_ v: UInt32) -> String { "\(network.name(of: v)) [\(network.id(of: v))]" }
    func percent(_ x: Double) -> String { String(format: "%.0f%%", x * 100) }

    print("Rare-earths relief options, as of \(asOf)")
    print("graph: \(graphPath.hasPrefix(root + "/") ? String(graphPath.dropFirst(root.count + 1)) : graphPath)")
    print("")

    // MARK: 1. How exposed is the sector today?
    // The sector is a node of kind Sector (`sector:rare earths`); blastRadius reports each
    // sector's blocked members before and after a scenario, so an empty scenario gives today's.

    guard let sector = network.node(id: "sector:rare earths")
            ?? (0 ..< UInt32(network.entityCount)).first(where: { network.kinds[Int($0)] == .sector && network.name(of: $0).lowercased() == "rare earths" })
    else { Script.fail("the graph has no 'rare earths' sector") }

    let baselines = rules.map { evaluate(network, rule: $0, asOf: asOf) }
    func exposure(_ radius: BlastRadius) -> SectorExposure? { radius.sectors.first { $0.sector == sector } }

    print("1. Exposure of the rare-earths sector (blocked members)")
    for (rule, before) in zip(rules, baselines) {
        let radius = blastRadius(network, rule: rule, asOf: asOf, edits: [], before: before)
        if let s = exposure(radius) {
            print("  \(rule.name.padding(to: 5)) \(s.blockedBefore)/\(s.members) (\(percent(s.shareBefore)))")
        } else {
            print("  \(rule.name.padding(to: 5)) no member blocked")
        }
    }
    print("")

    // MARK: 2. The options the data suggests
    // (a) Delist each designated oligarch (persons tagged role.oligarch with an asset freeze in
    //     force under any of the three rules; every designated person if none is tagged).
    // (b) For each designated owner, its largest stake in a rare-earths company that meets a
    //     threshold, cut to 45% (below every rule's threshold): e.g. Stolnik's 70% in Borealis.

    struct Option {
        var name: String
        var edits: [ReliefEdit]
    }

    func isDesignated(_ v: UInt32) -> Bool {
        rules.contains { rule in network.designations(of: v).contains { rule.counts($0, on: asOf) } }
    }
    let persons = (0 ..< UInt32(network.entityCount)).filter { network.kinds[Int($0)] == .person && isDesignated($0) }
    let oligarchs = persons.filter { v in network.topics[v].contains { network.strings[$0] == "role.oligarch" } }
    var options: [Option] = (oligarchs.isEmpty ? persons : oligarchs).map { Option(name: "delist \(network.name(of: $0))", edits: [.delist($0, nil)]) }

    let members = Set(network.graph.predecessors(of: sector))
    let ownership = network.view([.ownership], activeOn: asOf)
    for owner in 0 ..< UInt32(network.entityCount) where isDesignated(owner) {
        var largest: (asset: UInt32, percent: Double)?
        ownership.forEachOutEdge(of: owner) { edge, asset in
            let p = network.share(edge).weight
            guard members.contains(asset), !p.isNaN, p >= 50, p > (largest?.percent ?? -1) else { return }
            largest = (asset, p)
        }
        if let (asset, p) = largest {
            options.append(Option(name: "\(network.name(of: owner)): \(network.name(of: asset)) \(Share.format(p))% → 45%",
                                  edits: [.setShare(owner: owner, asset: asset, percent: 45)]))
        }
    }
    print("2. Options (\(options.count))")
    for option in options { print("  " + option.edits.map { $0.text(network) }.joined(separator: "; ")) }
    print("")

    // MARK: 3. Score every option under every rule
    // The score is the share of the sector's members that the option frees (blocked before,
    // not after), plus how many entities it frees in all.

    struct Score {
        var freedInSector: Int
        var members: Int
        var freedInAll: Int
        var share: Double { members == 0 ? 0 : Double(freedInSector) / Double(members) }
    }
    var scores: [[Score]] = []   // [option][rule]
    for option in options {
        scores.append(zip(rules, baselines).map { rule, before in
            let radius = blastRadius(network, rule: rule, asOf: asOf, edits: option.edits, before: before)
            let s = exposure(radius)
            return Score(freedInSector: (s?.blockedBefore ?? 0) - (s?.blockedAfter ?? 0), members: s?.members ?? members.count,
                         freedInAll: radius.unblocked.count)
        })
    }

    print("3. Share of the rare-earths sector freed, per rule (sorted by that share)")
    for (r, rule) in rules.enumerated() {
        print("  \(rule.description)")
        print("    \("share".padding(to: 7))\("sector".padding(to: 8))\("all".padding(to: 5))option")
        let order = options.indices.sorted {
            let a = scores[$0][r], b = scores[$1][r]
            if a.share != b.share { return a.share > b.share }
            if a.freedInAll != b.freedInAll { return a.freedInAll > b.freedInAll }
            return options[$0].name < options[$1].name
        }
        for i in order {
            let s = scores[i][r]
            print("    \(percent(s.share).padding(to: 7))\("\(s.freedInSector)/\(s.members)".padding(to: 8))\(String(s.freedInAll).padding(to: 5))\(options[i].name)")
        }
    }
    print("")

    // Side by side: one row per option, the three rules in columns, by the mean share freed;
    // between equals, the more targeted option (fewer entities freed in all) first.
    print("   " + rules.map { $0.name.padding(to: 9) }.joined() + "option")
    let overall = options.indices.sorted {
        let a = scores[$0].map(\.share).reduce(0, +), b = scores[$1].map(\.share).reduce(0, +)
        if a != b { return a > b }
        let x = scores[$0].map(\.freedInAll).reduce(0, +), y = scores[$1].map(\.freedInAll).reduce(0, +)
        return x != y ? x < y : options[$0].name < options[$1].name
    }
    for i in overall {
        print("   " + scores[i].map { "\(percent($0.share)) (\($0.freedInSector))".padding(to: 9) }.joined() + options[i].name)
    }
    print("")

    // MARK: 4. The best option, in detail
    guard let best = overall.first else { Script.fail("no relief option found in the data") }
    print("4. Best option: \(options[best].name)")
    for (rule, before) in zip(rules, baselines) {
        let radius = blastRadius(network, rule: rule, asOf: asOf, edits: options[best].edits, before: before)
        print("  \(rule.name): frees \(radius.unblocked.count): " + radius.unblocked.map { network.name(of: $0) }.joined(separator: ", "))
        if !radius.noLongerUndetermined.isEmpty {
            print("        no longer undetermined: " + radius.noLongerUndetermined.map { network.name(of: $0) }.joined(separator: ", "))
        }
    }
    print("")

    // MARK: 5. Diagrams: the sector before, and the best option's relief view, per rule
    print("5. Diagrams")
    do {
        for rule in rules {
            let style = DiagramOptions(rule: rule, asOf: asOf, title: "Rare earths under \(rule.name), as of \(asOf)")
            let before = try NetworkDiagram(network, view: .ego(center: sector, depth: 1), options: style)
            let after = try NetworkDiagram(network, view: .relief(edits: options[best].edits), options: DiagramOptions(rule: rule, asOf: asOf))
            for (diagram, file) in [(before, "before-\(rule.name)"), (after, "relief-\(rule.name)")] {
                for ext in ["svg", "png"] {
                    _ = try diagram.write(to: "\(outDir)/\(file).\(ext)")
                }
                print("  wrote out/RareEarthsRelief/\(file).svg and .png")
            }
        }
    } catch { Script.fail("\(error)") }
}

notebook()
