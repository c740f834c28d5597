import ArgumentParser
import SanctionsGraph

struct PackageCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "package",
        abstract: "Judge relief packages (files of delistings, divestments, …) under the US, EU and UK rules, side by side, with the legal path of each action.",
        discussion: """
            Each PACKAGE is a JSON or YAML file: a name, an optional asOf date and a list of \
            actions (delist, divest, removeTie, addTie, designate); README "Relief packages" has \
            the format, docs/legal.md the legal table. Without -o, a text summary on stdout; \
            -o writes a report by its extension: .json, .md (diagrams beside it) or .html (one \
            self-contained file).

            Examples:
              sanctions-graph package Graphs/en-plus-2019.ftm.json Examples/EnPlusRelief2019/en-plus-2019.package.json --rule ofac
              sanctions-graph package Graphs/demo-rare-earths.ftm.json Examples/RareEarthsPackages/*.yaml -o rare-earths.html
            """
    )

    @OptionGroup var input: GraphInput

    @Argument(help: "The package files (JSON or YAML).")
    var packages: [String]

    @Option(help: "ofac, eu, uk, or all (the three side by side).")
    var rule: String = "all"

    @Option(name: .customLong("as-of"), help: "Judge every package at this date (YYYY-MM-DD), overriding the packages' own dates (default: each package's asOf, else today).")
    var asOf: Day?

    @Option(name: .shortAndLong, help: "The report: .json, .md or .html (default: text on stdout).")
    var output: String?

    func validate() throws {
        guard !packages.isEmpty else { throw ValidationError("give at least one package file") }
        _ = try rules()
        if let output {
            let lower = output.lowercased()
            guard [".json", ".md", ".html", ".htm"].contains(where: { lower.hasSuffix($0) }) else {
                throw ValidationError("-o must end in .json, .md or .html")
            }
        }
    }

    /// The rules `--rule` names.
    func rules() throws -> [BlockingRule] {
        switch rule.lowercased() {
        case "all": return [.ofac, .eu, .uk]
        case "ofac", "us": return [.ofac]
        case "eu": return [.eu]
        case "uk", "gb": return [.uk]
        default: throw ValidationError("--rule must be ofac, eu, uk or all")
        }
    }

    func run() throws {
        let (network, _) = try input.load()
        input.warnIfUndesignated(network)
        var list: [ReliefPackage] = []
        for path in packages {
            do {
                list.append(try PackageFile.read(path: path, network: network))
            } catch {
                Stderr.print("error: \(error)")
                throw ExitCode.failure
            }
        }
        let comparison = comparePackages(network, list, rules: try rules(), asOf: asOf)
        guard let output else {
            print(comparison.text)
            return
        }
        do {
            let written = try comparison.writeReport(to: output)
            if written.count > 1 { Stderr.print("wrote \(output) and \(written.count - 1) diagram\(written.count == 2 ? "" : "s") beside it") }
        } catch {
            Stderr.print("error: \(error)")
            throw ExitCode.failure
        }
    }
}
