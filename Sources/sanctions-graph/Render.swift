import ArgumentParser
import SanctionsGraph

struct Render: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render",
        abstract: "Draw a network diagram (SVG, PNG, PDF or DOT) through Graphviz, in process.",
        discussion: """
            Views: the whole graph (the default; refused above --max-entities, with a suggestion), \
            --focus ID --depth K (the ego network), --explain ID (the chain of stakes that blocks \
            an entity, back to the designated roots), --relief ID... (what delisting those \
            entities would change: freed in green, newly blocked in magenta), --top N --measure M \
            (the most central entities, sized by score; measures: pagerank (PageRank over the \
            ties as directed in FtM, damping 0.85, as `centrality --measure pagerank`), degree \
            (in + out degree over n − 1), in-share (weighted in-degree: the sum of the ownership \
            shares held in the entity, in percent), or any other measure `centrality` takes, \
            with its defaults).

            Shapes show kinds (ellipse: person, rounded box: company, hexagon: organisation, \
            octagon: legal entity, trapezium: vessel); colours the status under --rule \
            (designated, owned or controlled, undetermined, caution, clear) or, without a rule, \
            the designations in force. Ownership ties carry the share (thicker = larger), \
            control is dashed, family and associate ties dotted; at most --max-ties ties per \
            entity are drawn and the rest summarised as a "+N more" node. SVG tooltips give \
            the full name, designations and the explanation; each entity has the SVG id \
            e-<id>. Only ties in force on --as-of are drawn.

            The format follows the extension of -o: .svg, .png, .pdf, .json (laid out by \
            Graphviz) or .dot/.gv (the DOT text, to edit or render elsewhere). The layout engine \
            is chosen by size (dot with edge labels for small views, dot with external labels \
            up to 150 entities, sfdp beyond) unless --layout says otherwise.

            Examples:
              sanctions-graph render Graphs/demo-rare-earths.ftm.json --rule ofac --as-of 2026-11-29 -o demo.svg
              sanctions-graph render Graphs/demo-rare-earths.ftm.json --focus p-viktor-stolnik --depth 2 --rule uk -o stolnik.png
              sanctions-graph render Graphs/demo-rare-earths.ftm.json --explain "Taiga Nickel Trading AG" --rule ofac -o taiga.pdf
              sanctions-graph render Graphs/en-plus-2019.ftm.json --rule ofac --as-of 2018-06-01 --relief c-en-plus --relief c-rusal -o relief.svg
              sanctions-graph render big.ftm.json --top 40 --measure pagerank -o central.svg
            """
    )

    @OptionGroup var input: GraphInput

    @Option(help: "Draw the ego network of this entity (an id or a unique name).")
    var focus: String?
    @Option(help: "With --focus: how many ties away from the entity to go.")
    var depth: Int = 2
    @Option(help: "Draw what delisting this entity (all its designations) would change; repeatable. Needs --rule.")
    var relief: [String] = []
    @Option(help: "Draw why this entity has its status: the chain of stakes back to the designated roots. Needs --rule.")
    var explain: String?
    @Option(help: "Draw the N most central entities, sized by score.")
    var top: Int?
    @Option(help: "With --top: pagerank, degree or in-share (the sum of the ownership shares held in the entity), or another centrality measure.")
    var measure: CentralityMeasure = .pagerank

    @OptionGroup var ruleOptions: OptionalRuleOptions

    @Option(help: "dot, sfdp, neato, fdp, circo or twopi (default: chosen by size).")
    var layout: LayoutEngine?
    @Option(help: "Group entities in boxes by sector, jurisdiction, or none (dot and fdp draw them).")
    var cluster: ClusterMode = .none
    @Option(name: .customLong("max-ties"), help: "At most this many ties per entity; the rest become a \"+N more\" node (0: all).")
    var maxTies: Int = 12
    @Option(name: .customLong("max-entities"), help: "Refuse diagrams with more entities than this.")
    var maxEntities: Int = 250
    @Option(help: "A title instead of the generated one.")
    var title: String?
    @Flag(name: .customLong("no-legend"), help: "Leave the legend out (the title stays).")
    var noLegend = false

    @Option(name: .shortAndLong, help: "The output file: .svg, .png, .pdf, .json, or .dot/.gv.")
    var output: String

    @Flag(help: "Print how long loading, building the diagram (rule, view, DOT) and rendering took on stderr.")
    var timings = false

    func validate() throws {
        let views = [focus != nil, !relief.isEmpty, explain != nil, top != nil].filter { $0 }.count
        guard views <= 1 else { throw ValidationError("choose one view: --focus, --relief, --explain or --top") }
        if (!relief.isEmpty || explain != nil) && ruleOptions.rule == nil {
            throw ValidationError("\(explain != nil ? "--explain" : "--relief") needs --rule ofac, eu, uk or custom")
        }
        guard depth >= 0 else { throw ValidationError("--depth must be 0 or more") }
        if let top { guard top >= 1 else { throw ValidationError("--top must be at least 1") } }
        guard maxTies >= 0 else { throw ValidationError("--max-ties must be 0 or more") }
        guard maxEntities >= 1 else { throw ValidationError("--max-entities must be at least 1") }
        guard OutputFormat(path: output) != nil else { throw ValidationError("-o must end in .svg, .png, .pdf, .json, .dot or .gv") }
    }

    func run() throws {
        let clock = ContinuousClock()
        let t0 = clock.now
        let (network, report) = try input.load()
        for notice in report.notices { Stderr.print("warning: \(notice)") }
        let day = ruleOptions.day
        let options = DiagramOptions(rule: try ruleOptions.makeRule(), asOf: day, cluster: cluster, maxTiesPerEntity: maxTies,
                                     maxEntities: maxEntities, engine: layout, minority: ruleOptions.settings.minority,
                                     showLegend: !noLegend, title: title)
        let joint = try ruleOptions.settings.scenario(in: network)
        let view: DiagramView
        if let focus {
            view = .ego(center: try resolveEntity(focus, in: network), depth: depth)
        } else if let explain {
            view = .explanation(entity: try resolveEntity(explain, in: network))
        } else if !relief.isEmpty {
            view = .relief(edits: joint + (try relief.map { .delist(try resolveEntity($0, in: network), nil) }))
        } else if let top {
            do {
                view = try .top(top, by: measure, in: network, asOf: day)
            } catch {
                Stderr.print("error: \(error)")
                throw ExitCode.failure
            }
        } else {
            view = .whole
        }
        let evaluation = joint.isEmpty ? nil : try ruleOptions.evaluation(of: network)
        let t1 = clock.now
        do {
            let diagram = try NetworkDiagram(network, view: view, options: options, evaluation: evaluation)
            let t2 = clock.now
            let output = try diagram.write(to: self.output)
            if timings {
                Stderr.print("timings: load \(seconds(t1 - t0)) s, build \(seconds(t2 - t1)) s, render \(seconds(clock.now - t2)) s")
            }
            for warning in output.warnings { Stderr.print("graphviz: \(warning)") }
            for note in diagram.notes { Stderr.print("note: \(note)") }
            let laidOut = OutputFormat(path: self.output) == .dot ? "DOT text, no layout" : "\(diagram.engine.rawValue) layout"
            Stderr.print("wrote \(self.output): \(diagram.entities.count) entities, \(diagram.drawnTies) ties"
                         + (diagram.summarisedTies > 0 ? " (\(diagram.summarisedTies) summarised)" : "")
                         + ", \(laidOut); load \(seconds(t1 - t0)) s, draw \(seconds(clock.now - t1)) s")
        } catch {
            Stderr.print("error: \(error)")
            throw ExitCode.failure
        }
    }
}

extension LayoutEngine: ExpressibleByArgument {}
extension ClusterMode: ExpressibleByArgument {}
