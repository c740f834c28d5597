import Platform
/// Text, JSON and CSV renderings of rule results, shared by the CLI and scripts.
extension BlockingResult {
    /// The reason column of a blocked or undetermined entity, in words.
    /// - Complexity: one step of `explain(_:depth:)`: O(k log k + L) for k owners and L
    ///   listings under an aggregating rule, O(V + g · E) at worst under the UK rule.
    public func reason(of v: UInt32) -> String { BlockingResult.reason(explain(v, depth: 0)) }

    /// The reason column for an entity's own explanation step.
    /// - Complexity: O(1).
    static func reason(_ e: Explanation) -> String {
        var text = ""
        writeReason(e, to: &text)
        return text
    }

    /// Writes `reason(_:)` to `out`.
    static func writeReason<Out: TextOutputStream>(_ e: Explanation, to out: inout Out) {
        switch e.status {
        case .designated:
            out.write("listed: ")
            if let d = e.designations.first { d.writeRecordText(to: &out) } else { out.write("in the scenario") }
        default:
            out.write(e.verdict.description)
        }
    }

    /// One row per blocked or undetermined entity: `id,name,status,reason,share` (share: the
    /// percent held by blocked owners, unknown stakes as 0%).
    /// - Complexity: one step of `explain(_:depth:)` and `heldShare(of:)` per row, the UK
    ///   groups propagated once per worker (`forEachStepInBlocks`); the rows are made in
    ///   blocks on the cores and joined in order, so the text is the same.
    public var csv: String { csv(workers: nil) }

    /// `csv`, its rows made by `workers` threads (nil: the cores, one per 4,096 rows); the
    /// text is the same for any number.
    /// - Complexity: that of `csv`.
    public func csv(workers: Int?) -> String {
        let parts = csvParts(workers: workers)
        var text = CSVRows(report: true, capacity: parts.reduce(0) { $0 + $1.bytes.count })
        for part in parts { text.append(rows: part) }
        return text.text
    }

    /// `csv(workers:)` in parts whose bytes, in order, are its text (the header first): to
    /// write out as they are, without joining them.
    /// - Complexity: that of `csv`.
    public func csvParts(workers: Int?) -> [CSVRows] {
        let status = self.status
        let rows = (0 ..< UInt32(status.count)).filter { status[Int($0)] != .clear }
        // Below a few thousand rows a second thread costs more than it saves.
        let workers = max(1, workers ?? min(processorCount, rows.count / 4096))
        // Room for a block's rows made at once (about 100 bytes a row in the generated 1M
        // network's report), not grown by doubling and copying as they come.
        let blockSize = 1024
        let parts = forEachStepInBlocks(of: rows, workers: workers, blockSize: blockSize) { steps in
            var out = CSVRows(report: true, capacity: blockSize * 128)
            // Reasons repeat (most owned entities are "blocked owners hold 100% ≥ 50%"):
            // each verdict's text is made once per block.
            var texts: [Explanation.Verdict: String] = [:]
            steps { e in
                let v = e.entity
                network.withIDBytes(of: v) { out.field($0) }
                network.withNameBytes(of: v) { out.field($0) }
                out.field(status[Int(v)].description)
                if e.status == .designated {
                    out.beginField()
                    BlockingResult.writeReason(e, to: &out)
                    out.endField()
                } else {
                    out.field(texts[e.verdict] ?? {
                        let text = BlockingResult.reason(e)
                        texts[e.verdict] = text
                        return text
                    }())
                }
                out.field(Share.roundedText(e.held.low))
                out.endRow()
            }
            return out
        }
        var header = CSVRows(report: true)
        for field in ["id", "name", "status", "reason", "share"] { header.field(field) }
        header.endRow()
        return [header] + parts
    }

    /// The result as JSON: the rule, the date, counts, every blocked or undetermined entity
    /// (id, name, status, reason, share, shareHigh, riskSources) and the cautions.
    /// - Complexity: that of `csv`, plus `riskSources(of:)` for them all at once (each entity
    ///   upstream asked once) and `cautions(minority:)`.
    public func json(minority: Double = 25) -> JSONValue {
        var entities: [JSONValue] = []
        let rows = (0 ..< UInt32(status.count)).filter { status[Int($0)] != .clear }
        let sources = riskSources(of: rows)
        forEachStep(of: rows) { e in
            let v = e.entity, held = e.held
            entities.append(.object([
                "id": .string(network.id(of: v)), "name": .string(network.name(of: v)),
                "status": .string(status[Int(v)].description), "reason": .string(BlockingResult.reason(e)),
                "share": .double(Share.rounded(held.low)), "shareHigh": .double(Share.rounded(held.high)),
                "riskSources": .array((sources[v] ?? []).map { .string(network.id(of: $0)) }),
            ]))
        }
        return .object([
            "rule": .string(rule.name), "ruleDescription": .string(rule.description), "asOf": .string(asOf.description),
            "counts": .object(Dictionary(uniqueKeysWithValues: BlockStatus.allCases.map { ($0.description, JSONValue.int(counts[$0] ?? 0)) })),
            "entities": .array(entities),
            "cautions": .array(cautions(minority: minority).map { $0.json(network) }),
        ])
    }

    /// A readable report: counts, then blocked and undetermined entities, then cautions.
    /// Each line is `String.displaySafe`: control and bidi characters in names show escaped.
    /// - Complexity: O(V), `reason(of:)` for the first `limit` rows, and `cautions(minority:)`.
    public func text(minority: Double = 25, limit: Int = 200) -> String {
        let c = counts
        var lines = ["\(rule.description)", "as of \(asOf)",
                     "blocked: \(blocked.count) (designated \(c[.designated] ?? 0), owned \(c[.owned] ?? 0), controlled \(c[.controlled] ?? 0)); undetermined: \(c[.undetermined] ?? 0)"]
        let rows = (0 ..< UInt32(status.count)).filter { status[Int($0)] != .clear }
        forEachStep(of: rows.prefix(limit)) { e in
            let v = e.entity
            lines.append("  \(status[Int(v)].description.padding(to: 12)) \(network.name(of: v)) [\(network.id(of: v))]: \(BlockingResult.reason(e))")
        }
        if rows.count > limit { lines.append("  … and \(rows.count - limit) more (use --format csv or json for all)") }
        let cautions = cautions(minority: minority)
        lines.append("cautions: \(cautions.count)")
        for k in cautions.prefix(limit) { lines.append("  " + k.text(network)) }
        if cautions.count > limit { lines.append("  … and \(cautions.count - limit) more") }
        return lines.map(\.displaySafe).joined(separator: "\n")
    }

    /// The derived entities (owned, controlled) as FtM records tagged `sanction.control`,
    /// with `riskSource` naming the designated roots: partial entities that merge, by id,
    /// into the source data (as OpenSanctions' own propagation does).
    /// - Complexity: `riskSources(of:)` for them all at once, and `reason(of:)` per owned or
    ///   controlled entity.
    public func ftmRecords() -> String {
        var out = ""
        let derived = (0 ..< UInt32(status.count)).filter { status[Int($0)] == .owned || status[Int($0)] == .controlled }
        let sources = riskSources(of: derived)
        forEachStep(of: derived) { e in
            let v = e.entity
            out += FtMWriter.line(id: network.id(of: v), schema: network.schema(of: v), properties: [
                ("name", [network.name(of: v)]), ("topics", ["sanction.control"]),
                ("riskSource", (sources[v] ?? []).map { network.id(of: $0) }),
                ("notes", ["\(rule.name) as of \(asOf): \(BlockingResult.reason(e))"]),
            ])
        }
        return out
    }
}

extension Caution {
    /// The caution in words, with names and ids ("NAME [id]: blocked owners (…) hold 30%, a
    /// significant minority").
    public func text(_ network: SanctionsNetwork) -> String {
        let who = by.map { network.name(of: $0) }.joined(separator: ", ")
        let name = "\(network.name(of: entity)) [\(network.id(of: entity))]"
        switch kind {
        case .significantMinority: return "\(name): blocked owners (\(who)) hold \(Share.percentText(percent)), a significant minority"
        case .controlledByBlocked: return "\(name): controlled by \(who), which does not block under this rule"
        case .listedAndOwned: return "\(name): listed in its own right, and also owned or controlled by \(who) (\(Share.percentText(percent)))"
        }
    }

    /// The caution as JSON: `id`, `name`, `kind`, `share` (percent) and `by` (ids).
    public func json(_ network: SanctionsNetwork) -> JSONValue {
        .object(["id": .string(network.id(of: entity)), "name": .string(network.name(of: entity)), "kind": .string(kind.rawValue),
                 "share": .double(Share.rounded(percent)), "by": .array(by.map { .string(network.id(of: $0)) })])
    }
}

extension Explanation {
    /// The indentation levels `text(_:)` draws; deeper owners are listed at this depth with
    /// their level, so that a long chain's text grows linearly with its length.
    public static let textIndentLimit = 16

    /// The explanation as an indented tree: each owner under the entity it brought in, with
    /// its stake and the running total against the threshold. An owner reached along several
    /// chains is explained under the first and named "explained above" under the others;
    /// below `textIndentLimit` levels the tree stops indenting and shows each line's level.
    /// Iterative, so a chain of any length prints. Each line is `String.displaySafe`: control
    /// and bidi characters in names show escaped.
    /// - Complexity: O(A · (k + L)) for the A entities explained with k owners and L listings each.
    public func text(_ network: SanctionsNetwork) -> String {
        var lines: [String] = []
        func head(_ e: Explanation) -> String {
            var text = "\(network.name(of: e.entity)) [\(network.id(of: e.entity))]: \(e.status)"
            if e.status == .designated {
                let ds = e.designations.map(\.recordText)
                text += ds.isEmpty ? " (\(e.verdict))" : " (\(ds.joined(separator: "; ")))"
            } else {
                text += " (\(e.verdict))"
            }
            return text
        }
        func stake(_ c: Contribution) -> String {
            c.isControl ? "controls" : "\(c.share), running \(Share.percentText(c.runningPercent))"
        }
        // Depth first, as the tree reads; each entity expanded at its first appearance only.
        struct Item { var explanation: Explanation?; var contribution: Contribution?; var owner: UInt32; var firstPrefix: String; var childPrefix: String; var indent: Int }
        var printed = Set<UInt32>()
        var stack = [Item(explanation: self, contribution: nil, owner: entity, firstPrefix: "", childPrefix: "", indent: 0)]
        while let item = stack.popLast() {
            let label = item.contribution.map { "[\(stake($0))] " } ?? ""
            let levelMark = item.indent > Explanation.textIndentLimit ? "(level \(item.indent)) " : ""
            guard let e = item.explanation else {
                lines.append(item.firstPrefix + levelMark + label + "\(network.name(of: item.owner)) [\(network.id(of: item.owner))]")
                continue
            }
            guard printed.insert(e.entity).inserted else {
                lines.append(item.firstPrefix + levelMark + label + "\(network.name(of: e.entity)) [\(network.id(of: e.entity))]: \(e.status), explained above")
                continue
            }
            lines.append(item.firstPrefix + levelMark + label + head(e))
            let owners = e.owners
            var children: [Item] = []
            for (i, c) in e.contributions.enumerated() {
                let last = i == e.contributions.count - 1
                let indented = item.indent < Explanation.textIndentLimit
                let branch = indented ? item.childPrefix + (last ? "└─ " : "├─ ") : item.childPrefix
                let below = indented ? item.childPrefix + (last ? "   " : "│  ") : item.childPrefix
                children.append(Item(explanation: i < owners.count ? owners[i] : nil, contribution: c, owner: c.owner,
                                     firstPrefix: branch, childPrefix: below, indent: item.indent + 1))
            }
            stack.append(contentsOf: children.reversed())
        }
        if !joinedBy.isEmpty {
            lines.append("the group joins designated persons under a joint arrangement:")
            for (a, b, how) in joinedBy { lines.append("  \(network.name(of: a)) + \(network.name(of: b)): \(how)") }
        }
        if !otherListings.isEmpty {
            lines.append("listings of \(network.name(of: entity)) not counted under this rule:")
            for a in otherListings { lines.append("  " + a.designation.recordText + ": " + a.reason) }
        }
        return lines.map(\.displaySafe).joined(separator: "\n")
    }

    /// The explanation as JSON: the entity's own step (`id`, `name`, `status`, `verdict`,
    /// `held` in percent, `group`, `designations`, `joinedBy`, `notCounted`, and `owners`, each
    /// with its stake, the running total and whether it is `explained`), and `upstream`: the
    /// step of every owner explained with it, each entity once, breadth first, in the same
    /// shape (with its `level`), so that the document is flat whatever the chains' length.
    /// - Complexity: O(A · (k + L)) for the A entities explained.
    public func json(_ network: SanctionsNetwork) -> JSONValue {
        var root = stepJSON(network)
        root["upstream"] = .array(explained.dropFirst().map { e in
            var o = e.stepJSON(network)
            o["level"] = .int(e.level)
            return .object(o)
        })
        return .object(root)
    }

    /// This entity's own step as JSON fields (see `json(_:)`).
    /// - Complexity: O(k + L).
    func stepJSON(_ network: SanctionsNetwork) -> [String: JSONValue] {
        let notCounted: [JSONValue] = otherListings.map { a in
            var o = a.designation.json
            o["reason"] = .string(a.reason)
            return .object(o)
        }
        let counted: [JSONValue] = designations.map { .object($0.json) }
        let explainedOwners = Set(owners.map(\.entity))
        var ownerObjects: [JSONValue] = []
        for c in contributions {
            var o: [String: JSONValue] = ["id": .string(network.id(of: c.owner)), "control": .bool(c.isControl)]
            o["share"] = c.share.exactValue.map { .double($0) } ?? .null
            o["shareLow"] = .double(c.share.low)
            o["shareHigh"] = .double(c.share.high)
            o["shareText"] = .string(c.share.description)
            o["running"] = .double(Share.rounded(c.runningPercent))
            o["explained"] = .bool(explainedOwners.contains(c.owner))
            ownerObjects.append(.object(o))
        }
        return [
            "id": .string(network.id(of: entity)), "name": .string(network.name(of: entity)), "status": .string(status.description),
            "verdict": .string(verdict.description),
            "held": .object(["low": .double(Share.rounded(held.low)), "high": .double(Share.rounded(held.high))]),
            "group": group.map { .string(network.id(of: $0)) } ?? .null,
            "designations": .array(counted),
            "joinedBy": .array(joinedBy.map { a, b, how in
                .object(["a": .string(network.id(of: a)), "b": .string(network.id(of: b)), "by": .string(how)])
            }),
            "notCounted": .array(notCounted),
            "owners": .array(ownerObjects),
        ]
    }
}

extension ReliefEdit {
    /// The edit in words, with names.
    public func text(_ network: SanctionsNetwork) -> String {
        func n(_ v: UInt32) -> String { "\(network.name(of: v)) [\(network.id(of: v))]" }
        switch self {
        case .delist(let v, let j): return "delist \(n(v))\(j.map { " (\($0.code))" } ?? "")"
        case .setShare(let o, let a, let p): return "set \(n(o))'s stake in \(n(a)) to \(Share.format(p))%"
        case .removeTie(let o, let a): return "\(n(o)) divests its stake in \(n(a))"
        case .addTie(let o, let a, let k, let p): return "add \(k.ftmName) \(n(o)) → \(n(a))\(p.map { " \(Share.format($0))%" } ?? " (unknown share)")"
        case .addDesignation(let v, let j): return "designate \(n(v)) (\(j.code))"
        case .jointArrangement(let a, let b): return "treat \(n(a)) and \(n(b)) as holding under a joint arrangement"
        }
    }
}

extension StillBlockedReason {
    /// Why the entity stays blocked, in words: "listed in its own right", "other blocked
    /// owners still hold 70%", "still controlled by NAME" (relief, package and explorer reports).
    public func text(_ network: SanctionsNetwork) -> String {
        switch self {
        case .listed: "listed in its own right"
        case .ownersStillHold(let p): "other blocked owners still hold \(Share.percentText(p))"
        case .stillControlled(let by): "still controlled by \(network.name(of: by))"
        }
    }
}

extension BlastRadius {
    private var network: SanctionsNetwork { before.network }

    /// JSON with `unblocked`, `newlyBlocked`, `stillBlocked` (each with `id`, `name`, and
    /// `reason` for the still blocked), `sectors`, and more detail.
    /// - Complexity: O(size of the lists).
    public var json: JSONValue {
        func entity(_ v: UInt32) -> JSONValue { .object(["id": .string(network.id(of: v)), "name": .string(network.name(of: v))]) }
        return .object([
            "rule": .string(before.rule.name), "asOf": .string(before.asOf.description),
            "edits": .array(after.edits.map { .string($0.text(network)) }),
            "unblocked": .array(unblocked.map(entity)),
            "newlyBlocked": .array(newlyBlocked.map(entity)),
            "stillBlocked": .array(stillBlocked.map { v, r in
                .object(["id": .string(network.id(of: v)), "name": .string(network.name(of: v)), "reason": .string(r.text(network))])
            }),
            "nowUndetermined": .array(nowUndetermined.map(entity)),
            "noLongerUndetermined": .array(noLongerUndetermined.map(entity)),
            "sectors": .array(sectors.map { s in
                .object(["sector": .string(network.name(of: s.sector)), "members": .int(s.members),
                         "blockedBefore": .int(s.blockedBefore), "blockedAfter": .int(s.blockedAfter),
                         "shareBefore": .double((s.shareBefore * 10000).rounded() / 10000), "shareAfter": .double((s.shareAfter * 10000).rounded() / 10000)])
            }),
            "downstream": .array(downstream.map(entity)),
            "neighbours": .object(["hops": .int(hops), "entities": .array(neighbours.map(entity))]),
        ])
    }

    /// A readable report: the scenario, the unblocked and newly blocked, status changes to and
    /// from undetermined, the still blocked with their reasons, sector exposure, and counts.
    /// Each line is `String.displaySafe`: control and bidi characters in names show escaped.
    /// - Complexity: O(size of the lists).
    public var text: String {
        func n(_ v: UInt32) -> String { "\(network.name(of: v)) [\(network.id(of: v))]" }
        var lines = ["\(before.rule.description); as of \(before.asOf)", "scenario:"]
        lines += after.edits.map { "  " + $0.text(network) }
        lines.append("unblocked: \(unblocked.count)")
        lines += unblocked.map { "  " + n($0) }
        lines.append("newly blocked: \(newlyBlocked.count)")
        lines += newlyBlocked.map { "  " + n($0) }
        if !nowUndetermined.isEmpty { lines.append("now undetermined: " + nowUndetermined.map(n).joined(separator: ", ")) }
        if !noLongerUndetermined.isEmpty { lines.append("no longer undetermined: " + noLongerUndetermined.map(n).joined(separator: ", ")) }
        lines.append("still blocked (the edited entities and what they reach): \(stillBlocked.count)")
        lines += stillBlocked.map { "  \(n($0.entity)): \($0.reason.text(network))" }
        lines.append("sectors (blocked members before → after):")
        for s in sectors {
            lines.append("  \(network.name(of: s.sector).padding(to: 14)) \(s.blockedBefore)/\(s.members) (\(Int((s.shareBefore * 100).rounded()))%) → \(s.blockedAfter)/\(s.members) (\(Int((s.shareAfter * 100).rounded()))%)")
        }
        lines.append("downstream of the edited entities: \(downstream.count); neighbours within \(hops) tie\(hops == 1 ? "" : "s"): \(neighbours.count)")
        return lines.map(\.displaySafe).joined(separator: "\n")
    }
}

extension Designation {
    /// The record in words: dataset, authority, program, dates ("us_ofac_sdn, Office of
    /// Foreign Assets Control, RUSSIA-EO14024, undated (known in force from 2023-11-02)").
    public var recordText: String {
        var text = ""
        writeRecordText(to: &text)
        return text
    }

    /// Writes `recordText` to `out` part by part (a report writes one per listed entity).
    public func writeRecordText<Out: TextOutputStream>(to out: inout Out) {
        // The dataset when it decided the classification (an unknown dataset name says little).
        var empty = true
        func separate() { if !empty { out.write(", ") }; empty = false }
        func add(_ part: String) {
            guard !part.isEmpty else { return }
            separate()
            out.write(part)
        }
        if case .dataset(let d) = basis { add(d) }
        add(authority)
        if programs.count > 1 || programs.first?.isEmpty == false {   // `program`, not empty
            separate()
            for (i, p) in programs.enumerated() {
                if i > 0 { out.write("; ") }
                out.write(p)
            }
        }
        if empty { add(jurisdiction.code) }
        separate()
        if let start = validity.start {
            out.write("since ")
            out.write(start.description)
        } else if let knownSince {
            out.write("undated (known in force from ")
            out.write(knownSince.description)
            out.write(")")
        } else {
            out.write("undated (no date known)")
        }
        if let end = endDate {
            out.write(", until ")
            out.write(end.description)
        }
    }

    /// The record as a JSON object: id, dataset, authority, program, jurisdiction, measure,
    /// start, end, knownSince.
    public var json: [String: JSONValue] {
        func day(_ d: Day?) -> JSONValue { d.map { .string($0.description) } ?? .null }
        var o: [String: JSONValue] = ["id": .string(id), "authority": .string(authority), "program": .string(program)]
        o["datasets"] = .array(datasets.map { .string($0) })
        o["jurisdiction"] = .string(jurisdiction.code)
        o["measure"] = .string(measure.rawValue)
        o["source"] = .string(basis.description)
        o["start"] = day(validity.start)
        o["end"] = day(endDate)
        o["knownSince"] = day(knownSince)
        return o
    }
}

extension ListingAssessment {
    /// Why the rule does not count the listing, in words.
    public var reason: String {
        if delistedInScenario { return "delisted in the scenario" }
        switch verdict {
        case .otherJurisdiction: return "listed in \(designation.jurisdiction.code), not this rule's jurisdiction"
        case .notCountedMeasure(let m): return "not an asset freeze (\(m)\(designation.narrowedByProvisions ? ", by its provisions" : ""); \(designation.basis))"
        case .unknownSource: return "a source the registry does not know (\(designation.basis)); see docs/sources.md"
        case .notInForce:
            if let start = designation.validity.start, let end = designation.endDate, end <= start { return "ends before it starts (\(start) to \(end))" }
            // Not in force: ended, or not started yet (a start after the day).
            if let end = designation.endDate, designation.validity.start.map({ $0 < end }) ?? true,
               !(designation.validity.start.map { asOf < $0 } ?? false), asOf >= end {
                return "ended on \(end)"
            }
            return "not yet in force (starts \(designation.validity.start.map(\.description) ?? "later"))"
        case .dateUnknown(let since):
            return "listing date unknown" + (since.map { "; known in force only from \($0)" } ?? "; no date says when it was in force")
        case .counted: return "counted"
        }
    }
}
