// EnPlusRelief2019: the January 2019 delisting of EN+, Rusal and EuroSibEnergo, replayed.
//
//   swift run EnPlusRelief2019 [GRAPH]        (default: Graphs/en-plus-2019.ftm.json)
//
// On 27 January 2019 OFAC delisted En+ Group, UC Rusal and JSC EuroSibEnergo after Oleg
// Deripaska's stake in En+ fell from about 70% to 44.95%; Deripaska and GAZ Group stayed
// designated. This notebook asks the questions an analyst would: who was blocked before and
// after; why Rusal needed a delisting of its own; why delisting En+ alone would have freed
// nothing; what the whole package freed; why GAZ Group stayed blocked; and, as a relief
// package (en-plus-2019.package.json), what each step took in law: the licence the
// divestment needed and the CAATSA section 216 review the delistings went through.
import Foundation
import SanctionsGraph

// MARK: Setup

func notebook() {
    let root = Script.repositoryRoot()
    let graphPath = CommandLine.arguments.dropFirst().first ?? root + "/Graphs/en-plus-2019.ftm.json"
    let outDir = root + "/out/EnPlusRelief2019"
    try? FileManager.default.createDirectory(atPath: outDir, withIntermediateDirectories: true)
    let network: SanctionsNetwork
    do { (network, _) = try GraphLoader.load(path: graphPath) } catch { Script.fail("\(error)") }

    let before = Day("2018-06-01")!   // after the April 2018 designations
    let after = Day("2019-02-01")!    // after the 27 January 2019 delisting
    let rule = BlockingRule.ofac

    func node(_ id: String) -> UInt32 {
        guard let v = network.node(id: id) else { Script.fail("the graph has no entity '\(id)'") }
        return v
    }
    func label(_ v: UInt32) -> String { "\(network.name(of: v)) [\(network.id(of: v))]" }
    func names(_ vs: [UInt32]) -> String { vs.isEmpty ? "none" : vs.map { network.name(of: $0) }.joined(separator: ", ") }
    let deripaska = node("p-oleg-deripaska"), enPlus = node("c-en-plus"), rusal = node("c-rusal")
    let ese = node("c-eurosibenergo"), gaz = node("c-gaz-group")

    print("The EN+ / Rusal delisting of January 2019, under \(rule.description)")
    print("")

    // MARK: 1. Who was blocked in June 2018, and who in February 2019?
    let june2018 = evaluate(network, rule: rule, asOf: before)
    let feb2019 = evaluate(network, rule: rule, asOf: after)
    for (cell, result) in zip(["1a", "1b"], [june2018, feb2019]) {
        print("\(cell). Blocked as of \(result.asOf): \(result.blocked.count)")
        for v in result.blocked {
            print("   \(result.status[Int(v)].description.padding(to: 11)) \(label(v)): \(result.reason(of: v))")
        }
    }
    let freedByHistory = june2018.blocked.filter { !feb2019.status[Int($0)].isBlocked }
    print("   freed between the two dates: \(names(freedByHistory))")
    print("")

    // MARK: 2. Why did Rusal need its own delisting?
    // En+ held 48.13% of Rusal: below OFAC's 50%, so the 50 Percent Rule alone never blocked
    // Rusal. It was blocked because it was listed itself; freeing En+ could not free Rusal.
    let held = june2018.heldShare(of: rusal)
    print("2. Why Rusal needed its own delisting")
    print(june2018.explain(rusal).text(network).split(separator: "\n").map { "   " + $0 }.joined(separator: "\n"))
    print("   blocked owners hold \(Share.format(held.low))% of Rusal, below the 50% threshold: Rusal is blocked because it is listed in its own right")
    let withoutRusal = blastRadius(network, rule: rule, asOf: before,
                                   edits: [.delist(enPlus, nil), .delist(ese, nil), .setShare(owner: deripaska, asset: enPlus, percent: 44.95)],
                                   before: june2018)
    let rusalStays = withoutRusal.after.status[Int(rusal)].isBlocked
    print("   delisting En+ and ESE with the divestment but not Rusal: Rusal \(rusalStays ? "stays blocked (listed in its own right)" : "is freed")")
    print("")

    // MARK: 3. Delisting En+ alone, while Deripaska still held 70%
    let enPlusAlone = blastRadius(network, rule: rule, asOf: before, edits: [.delist(enPlus, nil)], before: june2018)
    print("3. Delisting En+ alone (Deripaska still holds 70%): frees \(enPlusAlone.unblocked.count) entities")
    for (v, reason) in enPlusAlone.stillBlocked {
        let why: String = switch reason {
        case .listed: "listed in its own right"
        case .ownersStillHold(let p): "blocked owners still hold \(Share.percentText(p))"
        case .stillControlled(let by): "still controlled by \(network.name(of: by))"
        }
        print("   still blocked: \(label(v)): \(why)")
    }
    print("")

    // MARK: 4. The package: delist En+, Rusal and ESE, and Deripaska divests to 44.95%
    let package: [ReliefEdit] = [.delist(enPlus, nil), .delist(rusal, nil), .delist(ese, nil),
                                 .setShare(owner: deripaska, asset: enPlus, percent: 44.95)]
    let combined = blastRadius(network, rule: rule, asOf: before, edits: package, before: june2018)
    print("4. The combined scenario (as of \(before)):")
    for edit in package { print("   " + edit.text(network)) }
    print("   frees \(combined.unblocked.count) entities: \(names(combined.unblocked))")
    print("   still blocked: \(names(combined.stillBlocked.map(\.entity)))")
    for s in combined.sectors {
        print("   sector \(network.name(of: s.sector).padding(to: 11)) \(s.blockedBefore)/\(s.members) → \(s.blockedAfter)/\(s.members)")
    }
    let matches = Set(combined.unblocked) == Set(freedByHistory)
    print("   the same as the record's own February 2019 state: \(matches ? "yes" : "no")")
    print("")

    // MARK: 5. Why GAZ Group stayed blocked
    // GAZ Group was designated in its own right, and it sits in Deripaska's group (Basic
    // Element → Russian Machines → GAZ, stakes of unknown size: "over 60%" is reported).
    print("5. Why GAZ Group stayed blocked (as of \(after))")
    print(feb2019.explain(gaz).text(network).split(separator: "\n").map { "   " + $0 }.joined(separator: "\n"))
    let gazDelisted = evaluate(network, rule: rule, asOf: after, edits: [.delist(gaz, nil)])
    let gazHeld = gazDelisted.heldShare(of: gaz)
    let gazOwners = gazDelisted.explain(gaz, depth: 0).contributions.map { network.name(of: $0.owner) }
    print("   GAZ Group is designated in its own right, so it stays blocked whatever happens to En+.")
    print("   Even if it were delisted it would be \(gazDelisted.status[Int(gaz)]): its blocked owner\(gazOwners.count == 1 ? "" : "s") "
          + "\(gazOwners.isEmpty ? "in Deripaska's group" : gazOwners.joined(separator: ", ")) (Deripaska's group) "
          + "hold\(gazOwners.count == 1 ? "s" : "") between \(Share.format(gazHeld.low))% and \(Share.format(gazHeld.high))%: a stake of unknown size, reported as over 60%")
    print("")

    // MARK: 6. Diagrams
    print("6. Diagrams")
    do {
        let june = DiagramOptions(rule: rule, asOf: before)
        let diagrams: [(NetworkDiagram, String)] = [
            (try NetworkDiagram(network, view: .explanation(entity: rusal), options: june, evaluation: june2018), "explain-rusal-2018-06-01"),
            (try NetworkDiagram(network, view: .relief(edits: package), options: june), "relief-2019-package"),
            (try NetworkDiagram(network, view: .explanation(entity: gaz), options: DiagramOptions(rule: rule, asOf: after), evaluation: feb2019), "explain-gaz-2019-02-01"),
        ]
        for (diagram, file) in diagrams {
            for ext in ["svg", "png"] { _ = try diagram.write(to: "\(outDir)/\(file).\(ext)") }
            print("   wrote out/EnPlusRelief2019/\(file).svg and .png")
        }
    } catch { Script.fail("\(error)") }
    print("")

    // MARK: 7. The same case as a relief package, with its legal path
    // OFAC notified Congress of the delistings on 19 December 2018. CAATSA section 216 gave
    // Congress 30 days to review them; the House voted to disapprove (17 January 2019), the
    // Senate did not (16 January 2019), and the delistings took effect on 27 January 2019.
    let filed: ReliefPackage
    do { filed = try PackageFile.read(path: root + "/Examples/EnPlusRelief2019/en-plus-2019.package.json", network: network) }
    catch { Script.fail("\(error)") }
    let judged = comparePackages(network, [filed], rules: [rule]).evaluations[0]
    print("7. The package '\(filed.name)', as of \(judged.asOf) (the day OFAC reported it to Congress)")
    print("   frees under \(rule.name): \(names(judged.radii[0].unblocked))")
    for step in judged.legal where step.kind == .licence {
        print("   licence: action \(step.action + 1) (\(filed.actions[step.action].text(network))) needs \(step.path?.id ?? "an unknown path") in \(step.jurisdiction.code)")
    }
    let reviews = judged.legal.filter { $0.path?.id == "us-caatsa-216" }
    for step in reviews {
        print("   CAATSA section 216 review: delist \(label(step.listing!.entity)) under \(step.listing!.program): no effect before \(step.earliestEffect!)")
    }
    let ended = Set(reviews.compactMap { $0.listing?.endDate })
    if let end = ended.min(), let earliest = reviews.compactMap({ $0.earliestEffect }).max() {
        print("   the graph records the delistings' end on \(end): \(end >= earliest ? "after" : "before") the review period's end (\(earliest))")
    }
}

notebook()
