import ArgumentParser
import SanctionsGraph

struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write the network as plain tables for a cluster (entities, ties, designations; docs/tables.md).",
        discussion: """
            Each table is a folder of CSV files with a header (part-00000.csv, …), beside a \
            manifest.json. Ties keep their share intervals, dates and joint-arrangement flag as \
            read; designations are classified by the source registry (jurisdiction, measure, \
            known-since for undated listings). A bank can produce the same tables from its own \
            warehouse (docs/tables.md).

            Example:
              sanctions-graph export Graphs/demo-rare-earths.ftm.json --tables tables/
            """
    )

    @OptionGroup var input: GraphInput

    @Option(help: "The folder to write the tables into (created if missing).")
    var tables: String

    @Option(name: .customLong("rows-per-file"), help: "The most rows in one CSV file of a table.")
    var rowsPerFile = 1_000_000

    func validate() throws {
        guard rowsPerFile > 0 else { throw ValidationError("--rows-per-file must be positive") }
    }

    func run() throws {
        let (network, _) = try input.load()
        do {
            let s = try TableExport.write(network, to: tables, rowsPerFile: rowsPerFile)
            let parts = ["entities", "ties", "designations"].map { "\(s.rows[$0] ?? 0) \($0) (\(s.files[$0] ?? 0) file\(s.files[$0] == 1 ? "" : "s"))" }
            Stderr.print("wrote " + parts.joined(separator: ", ") + " to \(tables)")
        } catch {
            Stderr.print("error: \(error)")
            throw ExitCode.failure
        }
    }
}
