import ArgumentParser
import SanctionsGraph

struct Search: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Find entities by name, alias, previous name, id or merged id, across scripts and spellings.",
        discussion: """
            Matching ignores case, accents and script: Cyrillic is transliterated, and spellings \
            of one transliteration agree (Захарова, Zakharova and Zaharova match). A name equal to \
            the query after folding scores 2; otherwise the score is the share of the query's \
            words one name holds (at least half). Each hit shows its status under ofac, eu and uk \
            on the as-of date (docs/names.md).

            Examples:
              sanctions-graph search Graphs/en-plus-2019.ftm.json rusal
              sanctions-graph search Graphs/opensanctions-cluster.ftm.json "Калашников" --format csv
            """
    )

    @OptionGroup var input: GraphInput
    @Argument(help: "The words to look for.") var query: String
    @Option(name: .customLong("as-of"), help: "The date the statuses are taken on (YYYY-MM-DD; default: today).") var asOf: Day?
    @Option(help: "How many hits to list.") var top = 20
    @Option(help: "text, json or csv (id,name,schema,countries,matched,score,ofac,eu,uk).") var format: TableFormat = .text

    func validate() throws {
        guard top > 0 else { throw ValidationError("--top must be positive") }
    }

    func run() throws {
        let (network, _) = try input.load()
        input.warnIfUndesignated(network)
        let day = asOf ?? Day.today
        let (hits, results, json) = searchReport(network, query: query, asOf: day, limit: top)
        func statuses(_ v: UInt32) -> [String] { results.map { $0.status[Int(v)].description } }
        func countries(_ v: UInt32) -> String { network.countries[v].map { network.strings[$0] }.joined(separator: ";") }
        switch format {
        case .json:
            print(json.serialized())
        case .csv:
            var out = reportRow(["id", "name", "schema", "countries", "matched", "score", "ofac", "eu", "uk"])
            for h in hits {
                out += reportRow([network.id(of: h.node), network.name(of: h.node), network.schema(of: h.node), countries(h.node), h.matched,
                               Share.format((h.score * 1000).rounded() / 1000)] + statuses(h.node))
            }
            print(out, terminator: "")
        case .text:
            printSafely("\(hits.count) hit\(hits.count == 1 ? "" : "s") for '\(query)' (statuses as of \(day): ofac / eu / uk)")
            for h in hits {
                let via = h.matched == network.name(of: h.node) ? "" : " — matched '\(h.matched)'"
                printSafely("  \(String(format: "%.2f", h.score))  \(network.name(of: h.node)) [\(network.id(of: h.node))] \(network.schema(of: h.node))"
                      + (countries(h.node).isEmpty ? "" : " · \(countries(h.node).uppercased())") + " · " + statuses(h.node).joined(separator: " / ") + via)
            }
        }
    }
}
