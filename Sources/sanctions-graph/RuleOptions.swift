import ArgumentParser
import SanctionsGraph

/// The rule options shared by blocked, explain, relief, rank and free.
struct RuleOptions: ParsableArguments {
    @Option(help: "ofac, eu, uk, or custom (with --threshold, --strict, --aggregation, --ties, --control).")
    var rule: String

    @Option(name: .customLong("as-of"), help: "The date designations and ties are taken to be in force (YYYY-MM-DD; default: today).")
    var asOf: Day?

    @Option(help: "Which designations count: 'rule' (the rule's jurisdiction's asset freezes) or 'all' (every listing of every source).")
    var designations: String = "rule"

    @Option(help: "How undated listings read before their record's first_seen (docs/time.md): 'known-since' (what depends on them is undetermined) or 'in-force' (in force since forever).")
    var undated: UndatedListings = .knownSince

    @Option(help: "Custom rule: the ownership threshold in percent.")
    var threshold: Double?

    @Flag(help: "Custom rule: more than the threshold is needed (default: the threshold or more).")
    var strict = false

    @Option(help: "Custom rule: 'across' (add up blocked owners' stakes) or 'per-person' (each designated person's group alone).")
    var aggregation: String?

    @Option(help: "Custom rule: the tie kinds whose shares count, comma-separated (default: ownership).")
    var ties: String?

    @Option(help: "Custom rule: the tie kinds that block outright when a blocked person holds them, comma-separated (e.g. control; default: none).")
    var control: String?

    @Option(help: "Custom rule: the jurisdictions whose asset freezes count, comma-separated list codes (us, eu, gb, un, ch, fr, …; see info's sources).")
    var jurisdictions: String?

    @Option(name: .customLong("joint"), help: ArgumentHelp("UK rule: treat two designated persons as holding under a joint arrangement (their stakes add), where the data says nothing; repeatable.", valueName: "A,B"))
    var joint: [String] = []

    @Option(help: "The share blocked owners must hold for a 'significant minority' caution, in percent.")
    var minority: Double = 25

    var day: Day { asOf ?? Day.today }

    func validate() throws {
        guard designations == "rule" || designations == "all" else { throw ValidationError("--designations is 'rule' or 'all'") }
        if rule.lowercased() != "custom" {
            guard BlockingRule.named(rule) != nil else { throw ValidationError("--rule is ofac, eu, uk or custom, not '\(rule)'") }
            guard threshold == nil, !strict, aggregation == nil, ties == nil, control == nil, jurisdictions == nil else {
                throw ValidationError("--threshold, --strict, --aggregation, --ties, --control and --jurisdictions go with --rule custom")
            }
        }
        if let t = threshold, !(0 ... 100).contains(t) { throw ValidationError("--threshold must be between 0 and 100") }
        if let a = aggregation, a != "across", a != "per-person" { throw ValidationError("--aggregation is 'across' or 'per-person'") }
    }

    /// The rule to apply.
    func makeRule() throws -> BlockingRule {
        var r: BlockingRule
        if let preset = BlockingRule.named(rule) {
            r = preset
        } else {
            func kinds(_ text: String?, _ fallback: Set<TieKind>) throws -> Set<TieKind> {
                guard let text else { return fallback }
                var set = Set<TieKind>()
                for part in text.split(separator: ",") {
                    guard let k = TieKind(name: String(part)) else { throw ValidationError("'\(part)' is not a tie kind") }
                    set.insert(k)
                }
                return set
            }
            var js: Set<Jurisdiction>? = nil
            if let jurisdictions {
                js = []
                for part in jurisdictions.split(separator: ",") {
                    guard let j = Jurisdiction(code: String(part)) else { throw ValidationError("'\(part)' is not a jurisdiction") }
                    js?.insert(j)
                }
            }
            r = BlockingRule(name: "custom", threshold: threshold ?? 50, inclusive: !strict,
                             aggregation: aggregation == "per-person" ? .perDesignatedPerson : .acrossOwners,
                             ownershipKinds: try kinds(ties, [.ownership]), controlKinds: try kinds(control, []), jurisdictions: js)
        }
        if designations == "all" { r.jurisdictions = nil; r.measures = nil }
        r.undated = undated
        return r
    }
}

extension RuleOptions {
    /// The scenario the options state (`--joint A,B`), resolved in `network`.
    func scenario(in network: SanctionsNetwork) throws -> [ReliefEdit] {
        try joint.map { pair in
            let parts = pair.split(separator: ",", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { throw ValidationError("--joint \(pair): expected A,B (two designated persons)") }
            return .jointArrangement(try resolveEntity(parts[0], in: network), try resolveEntity(parts[1], in: network))
        }
    }
}

/// Finds an entity by id, by an id OpenSanctions merged into it, or by a name or alias equal
/// to the text after folding (docs/names.md); never a fuzzy pick. Otherwise it fails and lists
/// the best search hits. Says on stderr which name matched when it is not the display name.
func resolveEntity(_ text: String, in network: SanctionsNetwork) throws -> UInt32 {
    if let v = network.node(id: text) { return v }
    switch NameIndex(network).resolve(text) {
    case .id(let v):
        return v
    case .referent(let v):
        Stderr.print("note: '\(text)' is an id merged into \(network.name(of: v)) [\(network.id(of: v))]")
        return v
    case .name(let v, let matched):
        if matched != network.name(of: v) {
            Stderr.print("note: '\(text)' matched \(network.name(of: v)) [\(network.id(of: v))] by its name or alias '\(matched)'")
        }
        return v
    case .ambiguous(let hits):
        Stderr.print("error: '\(text)' names several entities; use an id:")
        for h in hits { Stderr.print("  \(network.id(of: h.node))  \(network.name(of: h.node)) (\(network.schema(of: h.node)))") }
    case .notFound(let hits):
        Stderr.print("error: no entity has the id or name '\(text)'" + (hits.isEmpty ? "" : "; the closest:"))
        for h in hits.prefix(5) { Stderr.print("  \(network.id(of: h.node))  \(network.name(of: h.node)) (\(network.schema(of: h.node)))") }
    }
    throw ExitCode.failure
}

/// Resolves "OWNER:ASSET", trying each ':' so that ids may contain colons.
func resolvePair(_ text: String, in network: SanctionsNetwork, option: String) throws -> (UInt32, UInt32) {
    let parts = text.split(separator: ":", omittingEmptySubsequences: false)
    for i in 1 ..< max(parts.count, 1) {
        let a = parts[..<i].joined(separator: ":"), b = parts[i...].joined(separator: ":")
        if let o = lookup(a, network), let t = lookup(b, network) { return (o, t) }
    }
    if parts.count == 2 { return (try resolveEntity(String(parts[0]), in: network), try resolveEntity(String(parts[1]), in: network)) }
    Stderr.print("error: \(option) '\(text)': expected OWNER:ASSET with two known entities (ids or unique names)")
    throw ExitCode.failure
}

private func lookup(_ text: String, _ network: SanctionsNetwork) -> UInt32? {
    if let v = network.node(id: text) { return v }
    switch NameIndex(network).resolve(text) {
    case .id(let v), .referent(let v), .name(let v, _): return v
    default: return nil
    }
}

extension UndatedListings: ExpressibleByArgument {}
extension SharePoint: ExpressibleByArgument {}
