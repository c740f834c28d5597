import ArgumentParser
import SanctionsGraph
import Platform

struct Blocked: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "blocked",
        abstract: "List who is blocked under a jurisdiction's ownership-and-control rule, and why.",
        discussion: """
            ofac: 50% or more in the aggregate, ownership only (control alone is a caution), US \
            asset freezes. eu: 50% or more aggregated (more than 50% before 2024-07-03), control \
            blocks too, EU asset freezes. uk: more than 50% per designated person (no adding \
            across persons unless a tie marks a joint arrangement), control blocks too, UK asset \
            freezes. Stakes of unknown size make an entity 'undetermined' when the answer depends \
            on them. Blocked intermediaries count in full down chains; cross-holdings are safe.

            Formats: text (default), json, csv (id,name,status,reason,share: one row per blocked \
            or undetermined entity), ftm (the derived entities as FtM records tagged \
            sanction.control with riskSource, to merge into OpenSanctions data).

            Examples:
              sanctions-graph blocked Graphs/demo-rare-earths.ftm.json --rule uk
              sanctions-graph blocked Graphs/en-plus-2019.ftm.json --rule ofac --as-of 2018-06-01 --format csv
            """
    )

    @OptionGroup var input: GraphInput
    @OptionGroup var ruleOptions: RuleOptions

    /// The report's format.
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json, csv, ftm
    }

    @Option(help: "text, json, csv or ftm.")
    var format: Format = .text

    @Flag(help: "Print how long loading, evaluating and writing the report took on stderr.")
    var timings = false

    func run() throws {
        let clock = ContinuousClock()
        let t0 = clock.now
        let (network, report) = try input.load()
        input.warnIfUndesignated(network)
        for notice in report.notices { Stderr.print("warning: \(notice)") }
        let t1 = clock.now
        let result = evaluate(network, rule: try ruleOptions.makeRule(), asOf: ruleOptions.day, edits: try ruleOptions.scenario(in: network))
        keepUntilExit(result)
        let t2 = clock.now
        switch format {
        case .json: print(result.json(minority: ruleOptions.minority).versioned.serialized())
        case .csv:
            // Written part by part, as the cores made them (the text of `result.csv`).
            for part in result.csvParts(workers: nil) { part.bytes.withUnsafeBytes { StandardOutput.write(bytes: $0) } }
        case .ftm: print(result.ftmRecords(), terminator: "")
        case .text: print(result.text(minority: ruleOptions.minority))
        }
        if timings { Stderr.print("timings: load \(seconds(t1 - t0)) s, evaluate \(seconds(t2 - t1)) s, report \(seconds(clock.now - t2)) s") }
    }
}

struct Explain: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Explain an entity's status under a rule: the chains of stakes back to the designated roots.",
        discussion: """
            Each owner that brought the entity in is shown under it with its stake and the \
            running total against the threshold, down to the designations themselves.

            Example:
              sanctions-graph explain Graphs/demo-rare-earths.ftm.json "Taiga Nickel Trading AG" --rule ofac
            """
    )

    @OptionGroup var input: GraphInput
    @Argument(help: "The entity: an id, or a unique name.")
    var entity: String
    @OptionGroup var ruleOptions: RuleOptions

    @Option(help: "text or json.")
    var format: ReportFormat = .text

    @Option(help: "How many levels of owners to follow.")
    var depth: Int = 16

    func run() throws {
        let (network, _) = try input.load()
        input.warnIfUndesignated(network)
        let v = try resolveEntity(entity, in: network)
        let rule = try ruleOptions.makeRule()
        let result = evaluate(network, rule: rule, asOf: ruleOptions.day, edits: try ruleOptions.scenario(in: network))
        switch format {
        case .json:
            print(result.explanationReport(v, depth: depth, minority: ruleOptions.minority).serialized())
        case .text:
            print("\(rule.description); as of \(ruleOptions.day)")
            print(result.explain(v, depth: depth).text(network))
            for c in result.cautions(minority: ruleOptions.minority) where c.entity == v { printSafely("caution: " + c.text(network)) }
        }
    }
}
