import ArgumentParser
import SanctionsGraph

struct Relief: ParsableCommand {
    static let configuration = CommandConfiguration(
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
        var edits: [ReliefEdit] = []
        for d in delist {
            if let v = network.node(id: d) ?? uniqueName(d, network) { edits.append(.delist(v, nil)); continue }
            let parts = d.split(separator: ":")
            guard parts.count >= 2, let j = Jurisdiction(code: String(parts.last!)) else { _ = try resolveEntity(d, in: network); continue }
            edits.append(.delist(try resolveEntity(parts.dropLast().joined(separator: ":"), in: network), j))
        }
        for s in setShare {
            let (pair, p) = try splitShare(s, option: "--set-share")
            let (o, a) = try resolvePair(pair, in: network, option: "--set-share")
            guard let p else { throw ValidationError("--set-share \(s): the share must be a number") }
            edits.append(.setShare(owner: o, asset: a, percent: p))
        }
        for r in removeTie {
            let (o, a) = try resolvePair(r, in: network, option: "--remove-tie")
            edits.append(.removeTie(owner: o, asset: a))
        }
        for t in addTie {
            let (pair, p) = try splitShare(t, option: "--add-tie")
            let (o, a) = try resolvePair(pair, in: network, option: "--add-tie")
            edits.append(.addTie(owner: o, asset: a, kind: .ownership, percent: p))
        }
        for d in designate {
            let parts = d.split(separator: ":")
            guard parts.count >= 2, let j = Jurisdiction(code: String(parts.last!)) else {
                throw ValidationError("--designate \(d): expected ID:JURISDICTION")
            }
            edits.append(.addDesignation(try resolveEntity(parts.dropLast().joined(separator: ":"), in: network), j))
        }
        guard !edits.isEmpty else { throw ValidationError("give at least one edit (--delist, --set-share, --remove-tie, --add-tie, --designate)") }
        let joint = try ruleOptions.scenario(in: network)
        let rule = try ruleOptions.makeRule()
        let before = evaluate(network, rule: rule, asOf: ruleOptions.day, edits: joint)
        let radius = blastRadius(network, rule: rule, asOf: ruleOptions.day, edits: joint + edits, hops: hops, before: before)
        switch format {
        case .json: print(radius.json.serialized())
        case .text: print(radius.text)
        }
    }

    private func uniqueName(_ text: String, _ network: SanctionsNetwork) -> UInt32? {
        let m = network.nodes(named: text)
        return m.count == 1 ? m[0] : nil
    }

    private func splitShare(_ text: String, option: String) throws -> (String, Double?) {
        guard let eq = text.lastIndex(of: "=") else { throw ValidationError("\(option) \(text): expected OWNER:ASSET=PERCENT") }
        let value = String(text[text.index(after: eq)...])
        if value.lowercased() == "unknown" { return (String(text[..<eq]), nil) }
        guard let p = Double(value), (0 ... 100).contains(p) else { throw ValidationError("\(option) \(text): the share must be between 0 and 100") }
        return (String(text[..<eq]), p)
    }
}

struct Rank: ParsableCommand {
    static let configuration = CommandConfiguration(
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
    var by: String = "relief"
    @Option(help: "How many to list (0 for all).")
    var top: Int = 20
    @Option(help: "text, json or csv.")
    var format: String = "text"

    @Flag(help: "Print how long loading, evaluating and ranking took on stderr.")
    var timings = false

    func validate() throws {
        guard by == "relief" || by == "designation" else { throw ValidationError("--by is relief or designation") }
        guard ["text", "json", "csv"].contains(format) else { throw ValidationError("--format is text, json or csv") }
    }

    func run() throws {
        let clock = ContinuousClock()
        let t0 = clock.now
        let (network, _) = try input.load()
        let t1 = clock.now
        let result = evaluate(network, rule: try ruleOptions.makeRule(), asOf: ruleOptions.day, edits: try ruleOptions.scenario(in: network))
        let t2 = clock.now
        var rows: [(UInt32, Int, [UInt32])]
        if by == "relief" {
            rows = result.rankDelistings().map { ($0.entity, $0.unblocked, $0.freed) }
        } else {
            rows = result.rankDesignations().map { ($0.entity, $0.newlyBlocked, []) }
        }
        if timings {
            Stderr.print("timings: load \(seconds(t1 - t0)) s, evaluate \(seconds(t2 - t1)) s, rank \(seconds(clock.now - t2)) s (\(rows.count) ranked)")
        }
        if top > 0 { rows = Array(rows.prefix(top)) }
        let label = by == "relief" ? "unblocked" : "newlyBlocked"
        switch format {
        case "json":
            print(JSONValue.object(["rule": .string(result.rule.name), "asOf": .string(result.asOf.description), "by": .string(by),
                                    "ranking": .array(rows.map { v, n, freed in
                                        .object(["id": .string(network.id(of: v)), "name": .string(network.name(of: v)), label: .int(n),
                                                 "freed": .array(freed.map { .string(network.id(of: $0)) })])
                                    })]).serialized())
        case "csv":
            print("id,name,\(label)")
            for (v, n, _) in rows { print(reportRow([network.id(of: v), network.name(of: v), String(n)]), terminator: "") }
        default:
            print("\(result.rule.description); as of \(result.asOf)")
            print(by == "relief" ? "delisting would free:" : "designating would newly block:")
            for (i, (v, n, freed)) in rows.enumerated() {
                let sample = freed.prefix(5).map { network.name(of: $0) }.joined(separator: ", ")
                print("\(String(i + 1).padding(to: 4)) \(String(n).padding(to: 6)) \(network.name(of: v)) [\(network.id(of: v))]"
                      + (sample.isEmpty ? "" : ": \(sample)\(freed.count > 5 ? ", …" : "")"))
            }
        }
    }
}

struct Free: ParsableCommand {
    static let configuration = CommandConfiguration(
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
        let v = try resolveEntity(entity, in: network)
        let result = evaluate(network, rule: try ruleOptions.makeRule(), asOf: ruleOptions.day, edits: try ruleOptions.scenario(in: network))
        guard let plan = result.planToFree(v, exactUpTo: exactUpTo) else {
            print("\(network.name(of: v)) [\(network.id(of: v))] is not blocked under \(result.rule.name) as of \(result.asOf)")
            return
        }
        switch format {
        case .json:
            print(JSONValue.object(["id": .string(network.id(of: v)), "rule": .string(result.rule.name), "asOf": .string(result.asOf.description),
                                    "minimal": .bool(plan.isMinimal), "method": .string(plan.method.description),
                                    "actions": .array(plan.actions.map { .string($0.text(network)) })]).serialized())
        case .text:
            print("to free \(network.name(of: v)) [\(network.id(of: v))] under \(result.rule.name) as of \(result.asOf):")
            for a in plan.actions { print("  " + a.text(network)) }
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
