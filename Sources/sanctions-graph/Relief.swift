import ArgumentParser
import SanctionsGraph

struct Relief: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "relief",
        abstract: "What a relief scenario would do: who is freed, who stays blocked and why, what it does to sectors.",
        discussion: """
            Edits: --delist ID (all its designations) or ID:JURISDICTION (one jurisdiction's), \
            --set-share OWNER:ASSET=P (a divestment such as 70 → 44.95), --remove-tie OWNER:ASSET, \
            --add-tie OWNER:ASSET=P (an ownership tie; P may be 'unknown'), --designate ID:JURISDICTION. \
            Entities are ids or unique names.

            Example (the EN+ case of January 2019):
              sanctions-graph relief Graphs/en-plus-2019.ftm.json --rule ofac --as-of 2018-06-01 \\
                --delist c-en-plus --delist c-rusal --delist c-eurosibenergo \\
                --set-share p-oleg-deripaska:c-en-plus=44.95
            """
    )

    @OptionGroup var input: GraphInput
    @OptionGroup var ruleOptions: RuleOptions

    @Option(help: "Delist an entity: ID, or ID:JURISDICTION for one jurisdiction's designations.")
    var delist: [String] = []
    @Option(name: .customLong("set-share"), help: "Set a stake: OWNER:ASSET=PERCENT.")
    var setShare: [String] = []
    @Option(name: .customLong("remove-tie"), help: "Remove the ties from OWNER to ASSET: OWNER:ASSET.")
    var removeTie: [String] = []
    @Option(name: .customLong("add-tie"), help: "Add an ownership tie: OWNER:ASSET=PERCENT (or =unknown).")
    var addTie: [String] = []
    @Option(help: "Designate an entity: ID:JURISDICTION (us, eu, gb, un, other).")
    var designate: [String] = []

    @Option(help: "Neighbours of the edited entities within this many ties are listed.")
    var hops: Int = 1

    @Option(help: "text or json.")
    var format: ReportFormat = .text

    func run() throws {
        let (network, _) = try input.load()
        input.warnIfUndesignated(network)
        let parser = ReliefEditParser(network, resolve: { try resolveEntity($0, in: network) })
        let options: [(ReliefEditKind, [String])] = [(.delist, delist), (.setShare, setShare), (.removeTie, removeTie), (.addTie, addTie),
                                                     (.designate, designate)]
        let edits = try options.flatMap { kind, texts in try texts.map { try parseEdit(parser, kind, $0) } }
        guard !edits.isEmpty else { throw ValidationError("give at least one edit (--delist, --set-share, --remove-tie, --add-tie, --designate)") }
        let joint = try ruleOptions.scenario(in: network)
        let rule = try ruleOptions.makeRule()
        let before = evaluate(network, rule: rule, asOf: ruleOptions.day, edits: joint)
        let radius = blastRadius(network, rule: rule, asOf: ruleOptions.day, edits: joint + edits, hops: hops, before: before)
        switch format {
        case .json: print(radius.json.versioned.serialized())
        case .text: print(radius.text)
        }
    }
}

struct Rank: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rank",
        abstract: "Rank designated entities by what delisting each would free (or candidates by what designating them would block).",
        discussion: """
            --by relief: every designated entity, by how many entities its delisting would no \
            longer leave blocked (itself included). --by designation: every entity that is not \
            blocked and owns or controls something, by how many it would newly block. Stakes of \
            unknown size count as 0%.

            Example:
              sanctions-graph rank Graphs/demo-rare-earths.ftm.json --by relief --rule eu --top 5
            """
    )

    @OptionGroup var input: GraphInput
    @OptionGroup var ruleOptions: RuleOptions

    @Option(help: "relief or designation.")
    var by: RankingKind = .relief
    @Option(help: "How many to list (0 for all; default: 20 in text, all in json and csv).")
    var top: Int?
    @Option(help: "text, json or csv.")
    var format: TableFormat = .text

    @Flag(help: "Print how long loading, evaluating and ranking took on stderr.")
    var timings = false

    func run() throws {
        let clock = ContinuousClock()
        let t0 = clock.now
        let (network, _) = try input.load()
        input.warnIfUndesignated(network)
        let t1 = clock.now
        let result = evaluate(network, rule: try ruleOptions.makeRule(), asOf: ruleOptions.day, edits: try ruleOptions.scenario(in: network))
        let t2 = clock.now
        let rows = result.ranking(by: by, top: format.rowLimit(top))
        if timings {
            Stderr.print("timings: load \(seconds(t1 - t0)) s, evaluate \(seconds(t2 - t1)) s, rank \(seconds(clock.now - t2)) s (\(rows.count) listed)")
        }
        switch format {
        case .json:
            print(result.rankingJSON(rows, by: by).serialized())
        case .csv:
            print("id,name,\(by == .relief ? "unblocked" : "newlyBlocked")")
            for (v, n, _) in rows { print(reportRow([network.id(of: v), network.name(of: v), String(n)]), terminator: "") }
        case .text:
            print("\(result.rule.description); as of \(result.asOf)")
            print(by == .relief ? "delisting would free:" : "designating would newly block:")
            for (i, (v, n, freed)) in rows.enumerated() {
                let sample = freed.prefix(5).map { network.name(of: $0) }.joined(separator: ", ")
                printSafely("\(String(i + 1).padding(to: 4)) \(String(n).padding(to: 6)) \(network.name(of: v)) [\(network.id(of: v))]"
                      + (sample.isEmpty ? "" : ": \(sample)\(freed.count > 5 ? ", …" : "")"))
            }
        }
    }
}

struct Free: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "free",
        abstract: "The smallest set of delistings and divestments that would free an entity.",
        discussion: """
            Exact for small cases (every set of up to 4 candidate actions among the entity's \
            blocked ancestors), greedy otherwise, saying which.

            Example:
              sanctions-graph free Graphs/en-plus-2019.ftm.json c-rusal --rule ofac --as-of 2018-06-01
            """
    )

    @OptionGroup var input: GraphInput
    @Argument(help: "The entity: an id, or a unique name.")
    var entity: String
    @OptionGroup var ruleOptions: RuleOptions

    @Option(name: .customLong("exact-up-to"), help: "Try every set of up to this many actions before going greedy.")
    var exactUpTo: Int = 4

    @Option(help: "text or json.")
    var format: ReportFormat = .text

    func run() throws {
        let (network, _) = try input.load()
        input.warnIfUndesignated(network)
        let v = try resolveEntity(entity, in: network)
        let result = evaluate(network, rule: try ruleOptions.makeRule(), asOf: ruleOptions.day, edits: try ruleOptions.scenario(in: network))
        guard let plan = result.planToFree(v, exactUpTo: exactUpTo) else {
            printSafely("\(network.name(of: v)) [\(network.id(of: v))] is not blocked under \(result.rule.name) as of \(result.asOf)")
            return
        }
        switch format {
        case .json:
            print(JSONValue.object(["id": .string(network.id(of: v)), "rule": .string(result.rule.name), "asOf": .string(result.asOf.description),
                                    "minimal": .bool(plan.isMinimal), "method": .string(plan.method.description),
                                    "actions": .array(plan.actions.map { .string($0.text(network)) })]).versioned.serialized())
        case .text:
            printSafely("to free \(network.name(of: v)) [\(network.id(of: v))] under \(result.rule.name) as of \(result.asOf):")
            for a in plan.actions { printSafely("  " + a.text(network)) }
            print("(\(plan.method))")
        }
    }
}


/// A duration in seconds with microsecond precision.
func seconds(_ d: Duration) -> String {
    let (s, attos) = d.components
    let micros = Double(s) * 1_000_000 + Double(attos) / 1e12
    return String(Double(Int(micros.rounded())) / 1_000_000)
}
