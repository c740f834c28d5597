import ArgumentParser
import SanctionsGraph

/// The rule options shared by blocked, explain, relief, rank and free: `--rule` is required.
struct RuleOptions: ParsableArguments {
    @Option(help: "ofac, eu, uk, or custom (with --threshold, --strict, --aggregation, --ties, --control).")
    var rule: BlockingRule.Kind

    @OptionGroup var settings: RuleSettingOptions

    var day: Day { settings.day }
    var minority: Double { settings.minority }

    func validate() throws { try settings.check(rule) }

    /// The rule to apply.
    func makeRule() throws -> BlockingRule { try settings.makeRule(rule) }

    /// The scenario the options state (`--joint A,B`), resolved in `network`.
    func scenario(in network: SanctionsNetwork) throws -> [ReliefEdit] { try settings.scenario(in: network) }
}

/// The rule options of render and convert: without `--rule`, no rule (designations only).
struct OptionalRuleOptions: ParsableArguments {
    @Option(help: "ofac, eu, uk, or custom (with --threshold, …): colours and statuses follow this rule (default: designations only).")
    var rule: BlockingRule.Kind?

    @OptionGroup var settings: RuleSettingOptions

    var day: Day { settings.day }

    func validate() throws {
        if let rule { try settings.check(rule) } else if try settings.settings(.custom).hasCustomSettings || !settings.joint.isEmpty {
            throw ValidationError("--threshold, --strict, --aggregation, --ties, --control, --jurisdictions and --joint go with --rule")
        }
    }

    /// The rule to apply, if any.
    func makeRule() throws -> BlockingRule? { try rule.map { try settings.makeRule($0) } }

    /// The rule's result on the day under the `--joint` scenario, if a rule is given.
    func evaluation(of network: SanctionsNetwork) throws -> BlockingResult? {
        guard let rule = try makeRule() else { return nil }
        return evaluate(network, rule: rule, asOf: day, edits: try settings.scenario(in: network))
    }
}

/// What every rule option but `--rule` says: the date, which listings count, the custom
/// rule's settings, the `--joint` scenario and the minority threshold.
struct RuleSettingOptions: ParsableArguments {
    @Option(name: .customLong("as-of"), help: "The date designations and ties are taken to be in force (YYYY-MM-DD; default: today).")
    var asOf: Day?

    @Option(help: "Which designations count: 'rule' (the rule's jurisdiction's asset freezes) or 'all' (every listing of every source).")
    var designations: DesignationScope = .rule

    @Option(help: "How undated listings read before their record's first_seen (docs/time.md): 'known-since' (what depends on them is undetermined) or 'in-force' (in force since forever).")
    var undated: UndatedListings = .knownSince

    @Option(help: "Custom rule: the ownership threshold in percent.")
    var threshold: Double?

    @Flag(help: "Custom rule: more than the threshold is needed (default: the threshold or more).")
    var strict = false

    @Option(help: "Custom rule: 'across' (add up blocked owners' stakes) or 'per-person' (each designated person's group alone).")
    var aggregation: Aggregation?

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

    /// The settings of a rule of `kind`, the comma-separated lists read.
    func settings(_ kind: BlockingRule.Kind) throws -> RuleSettings {
        do {
            return RuleSettings(kind: kind, threshold: threshold, strict: strict, aggregation: aggregation,
                                ownershipKinds: try ties.map(RuleSettings.tieKinds), controlKinds: try control.map(RuleSettings.tieKinds),
                                jurisdictions: try jurisdictions.map(RuleSettings.jurisdictions), designations: designations, undated: undated)
        } catch {
            throw Self.message(error)
        }
    }

    /// Validates the settings for a rule of `kind`.
    func check(_ kind: BlockingRule.Kind) throws {
        let s = try settings(kind)
        do { try s.validate() } catch { throw Self.message(error) }
    }

    /// The rule of `kind` these settings state.
    func makeRule(_ kind: BlockingRule.Kind) throws -> BlockingRule {
        let s = try settings(kind)
        do { return try s.rule() } catch { throw Self.message(error) }
    }

    /// The scenario the options state (`--joint A,B`), resolved in `network`.
    func scenario(in network: SanctionsNetwork) throws -> [ReliefEdit] {
        guard !joint.isEmpty else { return [] }
        let parser = ReliefEditParser(network, resolve: { try resolveEntity($0, in: network) })
        return try joint.map { try parseEdit(parser, .joint, $0) }
    }

    /// The command line's words for a refused setting.
    private static func message(_ error: any Error) -> any Error {
        switch error as? RuleSettingsError {
        case .customSettingsWithPreset?:
            ValidationError("--threshold, --strict, --aggregation, --ties, --control and --jurisdictions go with --rule custom")
        case .thresholdOutOfRange?: ValidationError("--threshold must be between 0 and 100")
        case .unknownTieKind?, .unknownJurisdiction?: ValidationError("\(error)")
        case nil: error
        }
    }
}

/// Reads one relief edit through `parser`; a malformed text is a usage error, a pair of
/// unknown entities an error on stderr (exit code 1).
func parseEdit(_ parser: ReliefEditParser, _ kind: ReliefEditKind, _ text: String) throws -> ReliefEdit {
    do {
        return try parser.parse(kind, text)
    } catch let error as ReliefEditError {
        if case .unknownPair = error {
            Stderr.print("error: \(error)")
            throw ExitCode.failure
        }
        throw ValidationError(error.description)
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

extension UndatedListings: ExpressibleByArgument {}
extension SharePoint: ExpressibleByArgument {}
extension BlockingRule.Kind: ExpressibleByArgument {
    /// The kind an option's argument names, as `init(name:)` reads it ("ofac", "us", "eu", "uk", …).
    public init?(argument: String) { self.init(name: argument) }
}
extension Aggregation: ExpressibleByArgument {
    /// The aggregation an option's argument names: "across" or "per-person" (`init(name:)`).
    public init?(argument: String) { self.init(name: argument) }
    public static var allValueStrings: [String] { allCases.map(\.name) }
    public var defaultValueDescription: String { name }
}
extension DesignationScope: ExpressibleByArgument {}
extension RankingKind: ExpressibleByArgument {}
