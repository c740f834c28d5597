import ArgumentParser
import SanctionsGraph

struct Generate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Write a synthetic, realistic ownership network as FtM JSON lines.",
        discussion: """
            Persons at the top, layered holding chains across jurisdictions, heavy-tailed \
            out-degree, about 1% cross-holdings, shares summing to at most 100% per asset (some \
            unknown), sector tags (rare earths among them), and about 3% of entities designated \
            by the US, EU and/or UK with dates and some delistings. The same seed gives the same file.

            Example:
              sanctions-graph generate --entities 1000000 --seed 1 -o gen-1M.ftm.json
            """
    )

    @Option(help: "How many entities (persons, companies, organisations, vessels).")
    var entities: Int

    @Option(help: "The random seed.")
    var seed: UInt64 = 1

    @Option(name: .shortAndLong, help: "The output file (- for standard output).")
    var output: String

    func validate() throws {
        guard entities >= 2 && entities <= 100_000_000 else { throw ValidationError("--entities must be between 2 and 100000000") }
    }

    func run() throws {
        do {
            let out = try OutputFile(path: output)
            var records = 0
            try SyntheticNetwork(entities: entities, seed: seed).generate { id, schema, properties in
                try out.write(FtMWriter.line(id: id, schema: schema, properties: properties))
                records += 1
            }
            try out.close()
            if output != "-" { Stderr.print("wrote \(records) records for \(entities) entities to \(output)") }
        } catch let error as OutputError {
            Stderr.print("error: \(error)")
            throw ExitCode.failure
        }
    }
}
