import ArgumentParser
import SanctionsGraph

struct Info: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "info",
        abstract: "Show what a graph holds: entities, ties, designations in force, components, warnings.",
        discussion: """
            Counts entities by kind and ties by kind, designations in force on the as-of date \
            by jurisdiction, ownership ties whose share is unknown, weakly connected components \
            (sector memberships left out), and warnings: skipped records (--lenient), dropped \
            ties, assets whose ownership adds up to more than 100%.

            Examples:
              sanctions-graph info Graphs/demo-rare-earths.ftm.json
              sanctions-graph info Graphs/en-plus-2019.ftm.json --as-of 2018-06-01 --format json
            """
    )

    @OptionGroup var input: GraphInput

    @Option(name: .customLong("as-of"), help: "The date designations and ties are taken to be in force (YYYY-MM-DD; default: today).")
    var asOf: Day?

    @Option(help: "text or json.")
    var format: ReportFormat = .text

    func run() throws {
        let (network, report) = try input.load()
        let summary = NetworkSummary(network, asOf: asOf ?? Day.today, report: report)
        switch format {
        case .text: print(summary.text)
        case .json: print(summary.json.versioned.serialized())
        }
    }
}
