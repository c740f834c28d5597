import ArgumentParser
import SanctionsGraph

struct SnapshotCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "snapshot",
        abstract: "Save a loaded graph as a snapshot (.sgraph) that every command opens without parsing.",
        discussion: """
            Reads GRAPH once (any format GRAPH takes) and writes the network the commands use \
            to one binary file: the graph's columns, the string tables, the designations with \
            the source registry's classification, and the source files' names, sizes and \
            SHA-256. Every command then takes the .sgraph file wherever it takes GRAPH and \
            opens it by mapping it into memory: no parsing. Opening checks every section's \
            checksum and the structure (--no-verify skips that for files you made and trust); \
            --sources FILE with a snapshot classifies its listings again. The format is \
            described in docs/snapshot.md. A snapshot keeps what the commands use, not every \
            FtM property: convert it back to FtM and it says what is not carried.

            Examples:
              sanctions-graph snapshot Graphs/demo-rare-earths.ftm.json -o demo.sgraph
              sanctions-graph blocked demo.sgraph --rule ofac
              sanctions-graph info demo.sgraph
            """
    )

    @OptionGroup var input: GraphInput

    @Option(name: .shortAndLong, help: "The snapshot to write (a path ending in .sgraph).")
    var output: String

    func validate() throws {
        guard output.lowercased().hasSuffix(Snapshot.fileExtension), output.count > Snapshot.fileExtension.count else {
            throw ValidationError("-o must name a file ending in \(Snapshot.fileExtension), which is how commands recognise a snapshot")
        }
    }

    func run() throws {
        let (network, report) = try input.load()
        for notice in report.notices { Stderr.print("warning: \(notice)") }
        // A snapshot of a snapshot keeps the original source files.
        let sources = report.snapshot?.sources ?? Snapshot.sources(of: report.files)
        do {
            let meter = input.quiet ? nil : ProgressMeter(verb: "writing", unit: "sections")
            try Snapshot.write(network, report: report, sources: sources, to: output, progress: meter.map { meter in { @Sendable p in meter.report(p) } })
        } catch {
            Stderr.print("error: \(error)")
            throw ExitCode.failure
        }
        let (_, reopened) = try GraphInput.parse([output, "--quiet"]).load()
        let bytes = reopened.snapshot?.fileBytes ?? 0
        let read = sources.reduce(0) { $0 + $1.bytes }
        func per(_ n: Int) -> String { n > 0 ? String(format1: Double(bytes) / Double(n)) : "-" }
        Stderr.print("wrote \(output): \(network.entityCount) entities, \(network.tieCount) ties, \(network.designations.count) designations in \(bytes) bytes "
                     + "(\(per(network.entityCount)) per entity, \(per(network.tieCount)) per tie"
                     + (read > 0 ? "; \(String(format1: Double(bytes) / Double(read) * 100))% of the \(read) bytes read" : "") + ")")
    }
}

extension String {
    /// `value` with one decimal.
    init(format1 value: Double) {
        let tenths = (value * 10).rounded()
        self = "\(Int(tenths) / 10).\(abs(Int(tenths)) % 10)"
    }
}
