import ArgumentParser
import SanctionsGraph

struct Convert: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convert",
        abstract: "Convert a graph between FtM JSON lines, the CSV trio, a bare edge list, GraphML and DOT.",
        discussion: """
            The output format follows -o: .json, .jsonl, .ndjson or .ftm.json writes FtM JSON \
            lines; a folder (an existing one, a path ending in '/', or a name without an \
            extension; created if missing) the CSV trio (entities.csv, ties.csv, \
            designations.csv); any other .csv a bare edge list (source,target,share: ends and \
            shares only); .graphml GraphML for Gephi, yEd and Cytoscape; .dot or .gv the DOT \
            text of the whole-graph diagram (render's whole view, every tie drawn). The input may be any \
            format GRAPH takes, or a .graphml file.

            GraphML holds typed attributes: on entities label, names, kind, schema, country, \
            topics, sectors, aliases, designated (a designation in force on --as-of), and with \
            --rule the status under that rule; on ties (directed, as in FtM) kind, share \
            (double; left out when unknown), start, end and detail. GraphML carries the graph \
            and the status; designations stay in the FtM and CSV exports. DOT draws only the \
            ties in force on --as-of, coloured by the status under --rule (or the designations \
            in force), and is refused above --max-entities.

            Examples:
              sanctions-graph convert Graphs/demo-rare-earths.ftm.json -o demo.graphml --rule uk
              sanctions-graph convert Graphs/en-plus-2019.ftm.json -o en-plus-csv/
              sanctions-graph convert en-plus-csv -o en-plus.ftm.json
              sanctions-graph convert Graphs/demo-rare-earths.ftm.json -o demo.dot --rule ofac
            """
    )

    @OptionGroup var input: GraphInput

    @Option(name: .shortAndLong, help: "The output: .json/.jsonl/.ftm.json, a folder (CSV trio), .csv (edge list), .graphml or .dot/.gv.")
    var output: String

    @OptionGroup var ruleOptions: OptionalRuleOptions

    @Option(name: .customLong("max-entities"), help: "DOT only: refuse graphs with more entities than this.")
    var maxEntities: Int = 250

    func validate() throws {
        guard maxEntities >= 1 else { throw ValidationError("--max-entities must be at least 1") }
        guard output != "-" else { throw ValidationError("-o needs a file or folder name (standard output is not supported)") }
        guard OutputTarget.of(path: output) != nil else { throw ValidationError(OutputTarget.refusal(of: output)) }
    }

    func run() throws {
        let target = OutputTarget.of(path: output)!
        // FtM to FtM keeps every record and property as read (records of one id merged).
        let lossless = target == .ftm && GraphFormat.of(path: input.graph) == .ftm
        let (network, report) = try input.load(keepRecords: lossless)
        for notice in report.notices { Stderr.print("warning: \(notice)") }
        let day = ruleOptions.day
        let blockingRule = try ruleOptions.makeRule()
        // Only GraphML and DOT carry statuses.
        let evaluation = target == .graphML || target == .dot ? try ruleOptions.evaluation(of: network) : nil
        do {
            switch target {
            case .ftm:
                if lossless, let records = report.ftmRecords {
                    try FtMWriter.write(records: records, to: output)
                    Stderr.print("wrote \(output) as ftm: \(records.records.count) records, every property kept")
                    return
                }
                try FtMWriter.write(network, to: output)
            case .csvTrio:
                let folder = output.count > 1 && output.hasSuffix("/") ? String(output.dropLast()) : output
                try CSVWriter.writeTrio(network, folder: folder)
            case .edgeList:
                try CSVWriter.writeEdgeList(network, to: output)
            case .graphML:
                var options = GraphMLOptions(asOf: day)
                if let evaluation {
                    options.rule = evaluation.rule.name
                    options.status = evaluation.status
                }
                try GraphMLWriter.write(network, to: output, options: options)
            case .dot:
                let options = DiagramOptions(rule: blockingRule, asOf: day, maxTiesPerEntity: 0, maxEntities: maxEntities)
                let diagram: NetworkDiagram
                do {
                    diagram = try NetworkDiagram(network, view: .whole, options: options, evaluation: evaluation)
                } catch {
                    Stderr.print("error: \(error)")
                    Stderr.print("(convert writes the whole graph as DOT up to --max-entities \(maxEntities); raise it, "
                                 + "or draw a focused view with `sanctions-graph render ... -o OUT.dot`)")
                    throw ExitCode.failure
                }
                let out = try OutputFile(path: output)
                try out.write(diagram.dot)
                try out.close()
                Stderr.print("wrote \(output) as DOT: \(diagram.entities.count) entities, \(diagram.drawnTies) ties in force on \(day)")
                return
            }
        } catch let error as OutputError {
            Stderr.print("error: \(error)")
            throw ExitCode.failure
        }
        let entities = network.kinds.filter { $0 != .sector }.count
        let ties = (0 ..< UInt32(network.tieCount)).filter { network.tieKind($0) != .sectorMembership }.count
        var note = ""
        switch target {
        case .edgeList: note = " (ends and shares only: kinds, names, dates and designations are not in an edge list)"
        case .graphML: note = (network.designations.isEmpty ? "" : " (designations are not in GraphML: FtM and the CSV trio carry them)")
            + "; not carried: share ranges and classes, properties beyond GraphML's keys, records that are not entities or ties"
        case .csvTrio: note = "; not carried: properties beyond the trio's columns (identifiers, addresses, notes, …), captions, "
            + "first/last_seen of entities, and records that are not entities, ties or listings"
            + (report.ignoredSchemas.isEmpty ? "" : " (" + report.ignoredSchemas.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", ") + ")")
        case .ftm: note = GraphFormat.of(path: input.graph) == .snapshot
            ? "; a snapshot keeps what the commands use, so not carried: properties beyond names, aliases, countries, topics and sectors "
                + "(identifiers, addresses, birth dates, notes, …), captions, first/last_seen of entities, and records that are not entities, ties or listings"
            : "; from a format other than FtM only what the graph holds is written"
        default: break
        }
        Stderr.print("wrote \(output) as \(target): \(entities) entities, \(ties) ties"
                     + (target == .ftm || target == .csvTrio ? ", \(network.designations.count) designations" : "") + note)
    }

    /// Loads GRAPH through the shared loader (which reads .graphml too).
    private func load() throws -> (SanctionsNetwork, ReadReport) { try input.load() }
}
