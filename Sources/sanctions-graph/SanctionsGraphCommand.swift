import ArgumentParser
import SanctionsGraph
import Platform

@main
struct SanctionsGraphCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sanctions-graph",
        abstract: "Load sanctions data (FollowTheMoney, CSV) into a compact graph and analyse it.",
        discussion: """
            GRAPH is a FollowTheMoney file (.json, .jsonl or .ftm.json: JSON lines as \
            OpenSanctions publishes them, or one JSON array), a folder holding the CSV trio \
            (entities.csv, ties.csv, designations.csv), a bare edge list (.csv: source,target[,share]), \
            GraphML (.graphml), or a snapshot made by `sanctions-graph snapshot` (.sgraph, opened \
            without parsing: docs/snapshot.md).

            Examples:
              sanctions-graph info Graphs/demo-rare-earths.ftm.json
              sanctions-graph info entities.ftm.json --as-of 2019-02-01 --format json
              sanctions-graph generate --entities 100000 --seed 7 -o big.ftm.json
            """,
        subcommands: [Info.self, Search.self, Blocked.self, Explain.self, Relief.self, PackageCommand.self, Rank.self, Serve.self, Free.self, Centrality.self, ComponentsCommand.self, PathCommand.self, Owners.self, Render.self, Convert.self, Export.self, SnapshotCommand.self, Generate.self]
    )

    /// Runs the command line as ArgumentParser does, after arranging that output lost on
    /// standard output (a full disk, an I/O error) ends the process with an error and
    /// status 1, and a closed pipe ends it quietly (`StandardOutput.reportFailuresAtExit`).
    static func main() {
        StandardOutput.reportFailuresAtExit()
        main(nil)
    }
}

/// Writes to standard output through `StandardOutput`, which remembers why a write failed
/// (Swift's `print`, through stdio, does not), with the signature of Swift's `print`: the
/// commands' `print` calls resolve to this function, which shadows the standard library's
/// in this module.
/// - Complexity: O(length of the text).
func print(_ items: Any..., separator: String = " ", terminator: String = "\n") {
    for (i, item) in items.enumerated() {
        if i > 0 { StandardOutput.write(separator) }
        StandardOutput.write(String(describing: item))
    }
    StandardOutput.write(terminator)
}

/// Options shared by every command that reads a graph.
struct GraphInput: ParsableArguments {
    @Argument(help: "The graph: an FtM file, a CSV folder, a .csv edge list, a .graphml file or a .sgraph snapshot.")
    var graph: String

    @Flag(help: "Skip bad records instead of stopping at the first; say how many and which.")
    var lenient = false

    @Option(name: .customLong("max-record-mb"), help: "The longest record accepted, in MiB.")
    var maxRecordMB = 64

    @Flag(name: .shortAndLong, help: "No progress on stderr.")
    var quiet = false

    @Flag(name: .customLong("no-verify"), help: "Snapshots only: skip the checksums and structure checks at opening (for files you made and trust).")
    var noVerify = false

    @Option(name: .customLong("sources"), help: "A source registry table (docs/sources.md) whose rows add to or override the built-in one.")
    var sourcesFile: String?

    /// The most bytes of text one string table may hold (default: the 32-bit limit, 4 GiB):
    /// hidden, for tests that reach the oversized-input error with a small file.
    @Option(name: .customLong("max-text-bytes"), help: .hidden)
    var maxTextBytes: Int?

    func validate() throws {
        let largest = ReadOptions.largestRecord >> 20
        guard maxRecordMB > 0 && maxRecordMB <= largest else { throw ValidationError("--max-record-mb must be between 1 and \(largest)") }
    }

    /// Says on stderr that the graph holds no designations, when it holds none: a rule then
    /// finds nobody designated, owned or controlled, and the output alone would not say why.
    /// GraphML never holds any (its `designated` flag has no jurisdiction, dates or source).
    func warnIfUndesignated(_ network: SanctionsNetwork) {
        guard network.designations.isEmpty else { return }
        let graphML = GraphFormat.of(path: graph) == .graphML
        Stderr.print("warning: \(graph) holds no designations, so no entity is designated, owned or controlled under a rule"
                     + (graphML ? " (GraphML does not carry designations: run rules on the FtM or CSV export)" : ""))
    }

    /// Loads the graph, printing progress for large files on stderr; input errors become a
    /// message on stderr and exit code 1.
    func load(keepRecords: Bool = false) throws -> (SanctionsNetwork, ReadReport) {
        var registry = SourceRegistry.builtIn
        if let sourcesFile {
            do {
                registry = try SourceRegistry.builtIn(adding: sourcesFile)
            } catch {
                Stderr.print("error: \(error)")
                throw ExitCode.failure
            }
        }
        let meter = quiet ? nil : ProgressMeter(verb: "reading")
        var options = ReadOptions(lenient: lenient, maxRecordBytes: maxRecordMB << 20, sources: registry,
                                  progress: meter.map { meter in { @Sendable p in meter.report(p) } })
        options.keepRecords = keepRecords
        options.verifySnapshot = !noVerify
        if let maxTextBytes { options.limits.textBytes = min(max(maxTextBytes, 0), SizeLimits.maximum) }
        // Building a network copies and frees large columns in turn: a fixed mmap threshold
        // keeps the peak near what is in use (returnLargeBlocksToTheSystem). A snapshot builds
        // nothing large; there the allocator's own threshold lets a rule's buffers reuse freed
        // memory instead of faulting in fresh pages (blocked on a 1M snapshot: about 7% less
        // CPU, 12 MB more peak).
        if GraphFormat.of(path: graph) != .snapshot { returnLargeBlocksToTheSystem() }
        do {
            let loaded = try GraphLoader.load(path: graph, options: options)
            keepUntilExit(loaded.0)
            return loaded
        } catch {
            Stderr.print("error: \(error)")
            if case .tooLarge = error.problem {
                // Past a size limit: --lenient does not skip that.
            } else if !lenient && error.line != nil {
                Stderr.print("(--lenient skips bad records, and says how many and which)")
            }
            throw ExitCode.failure
        }
    }

}

/// The output format of a report.
enum ReportFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}

/// The output format of a ranked table: text for reading, json and csv for scripts.
enum TableFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json, csv

    /// How many rows to print: `top` if given; otherwise 20 in text and every row in json
    /// and csv (scripts expect the whole table).
    func rowLimit(_ top: Int?) -> Int? { top ?? (self == .text ? 20 : nil) }
}

/// Writes to standard error: the package's one implementation, under the name this
/// module's files use.
typealias Stderr = Platform.Stderr

extension Day: ExpressibleByArgument {
    public init?(argument: String) { self.init(argument) }
}

/// Prints one line of text output with the names in it made safe for a terminal
/// (`String.displaySafe`: a newline or a bidi override in a name is shown escaped).
/// - Complexity: O(length of `line`).
func printSafely(_ line: String) {
    print(line.displaySafe)
}
