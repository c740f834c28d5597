import GraphvizBinding
import GraphCore
import SanctionsModel
import SanctionsRules

/// Each entity's standing for the diagram: the rule's result (and, in a relief view, the
/// result before the scenario), the cautions, or without a rule the designations in force.
struct StatusBook: Sendable {
    let network: SanctionsNetwork
    let rule: BlockingRule?
    let asOf: Day
    /// The result the colours show (after the scenario in a relief view).
    let result: BlockingResult?
    let radius: BlastRadius?
    let cautions: [UInt32: [Caution]]

    init(network: SanctionsNetwork, view: DiagramView, options: DiagramOptions, evaluation: BlockingResult?,
         relief: BlastRadius? = nil) throws(DiagramError) {
        self.network = network
        rule = options.rule
        asOf = options.asOf
        let n = UInt32(network.entityCount)
        func check(_ v: UInt32) throws(DiagramError) { if v >= n { throw .noSuchEntity(v) } }
        switch view {
        case .whole: break
        case .ego(let c, let depth):
            try check(c)
            if depth < 0 { throw .invalidOption("the depth must be 0 or more") }
        case .explanation(let v):
            try check(v)
            if options.rule == nil { throw .ruleRequired(view: "explanation") }
        case .relief(let edits):
            for e in edits { for v in e.entities { try check(v) } }
            if options.rule == nil { throw .ruleRequired(view: "relief") }
            if edits.isEmpty { throw .invalidOption("a relief view needs at least one edit") }
        case .top(let scores, let count, _):
            for v in scores.keys { try check(v) }
            if count < 1 { throw .invalidOption("the number of top entities must be at least 1") }
        }
        guard let rule = options.rule else {
            result = nil
            radius = nil
            cautions = [:]
            return
        }
        let before = evaluation ?? evaluate(network, rule: rule, asOf: options.asOf)
        if case .relief(let edits) = view {
            let r = relief ?? blastRadius(network, rule: rule, asOf: options.asOf, edits: edits, before: before)
            radius = r
            result = r.after
        } else {
            radius = nil
            result = before
        }
        var cautions: [UInt32: [Caution]] = [:]
        for c in result?.cautions(minority: options.minority) ?? [] { cautions[c.entity, default: []].append(c) }
        self.cautions = cautions
    }

    /// The status a node's colour shows.
    /// - Complexity: O(1) with a rule; O(log D + designations of v) without.
    func status(_ v: UInt32) -> DiagramStatus {
        guard let result else {
            return network.designations(of: v).contains { $0.isActive(on: asOf) } ? .designated : .clear
        }
        if let radius {
            let b = radius.before.status[Int(v)], a = radius.after.status[Int(v)]
            if b.isBlocked && !a.isBlocked { return .freed }
            if !b.isBlocked && a.isBlocked { return .newlyBlocked }
        }
        switch result.status[Int(v)] {
        case .designated: return .designated
        case .owned, .controlled: return .ownedOrControlled
        case .undetermined: return .undetermined
        case .clear: return cautions[v] != nil ? .caution : .clear
        }
    }

    /// How much a node matters when ties must be left out (higher is kept first).
    func interest(_ v: UInt32) -> Int {
        switch status(v) {
        case .freed, .newlyBlocked: 6
        case .designated: 5
        case .ownedOrControlled: 4
        case .undetermined: 3
        case .caution: 2
        case .clear: 0
        }
    }
}

/// A tie to draw: a network tie, or one a relief scenario adds.
struct DrawnTie: Sendable, Hashable {
    enum Role: Sendable, Hashable {
        case plain
        /// On an explanation chain: the blocked owners' running total after this stake.
        case chain(running: Double)
        /// Relief: a tie the scenario adds, removes, or whose share it changes.
        case added
        case removed
        case reshared(Double)
    }
    var source: UInt32
    var target: UInt32
    var kind: TieKind
    /// The stake (ownership) or the share of the votes (control), as an interval (docs/shares.md).
    var share: ShareInterval
    /// The network's edge id; nil for a tie the scenario adds.
    var edge: UInt32?
    var role: Role = .plain

    var isSpecial: Bool { role != .plain }
    var isChain: Bool { if case .chain = role { true } else { false } }
}

/// What a view selects, before ties around hubs are summarised.
struct Selection: Sendable {
    var nodes: [UInt32] = []
    var ties: [DrawnTie] = []
    /// Never removed, and their ties are kept first.
    var protected: Set<UInt32> = []
    /// Emphasised with a heavy border (the focus, the edited entities).
    var emphasised: Set<UInt32> = []
    /// Nodes left without ties by the summarising are removed (unless protected).
    var removeOrphans = true
    /// If set, only what stays connected to this node is kept.
    var anchor: UInt32? = nil
    /// A sector whose members make the view (drawn as the title, not as a node).
    var sectorFocus: UInt32? = nil
    /// Ties already left out while choosing the nodes (the ego view's capped expansion).
    var preHidden: [UInt32: [TieKind: Int]] = [:]
}

/// A selection after summarising: at most M ties per node, the rest counted by kind.
struct CappedSelection: Sendable {
    var nodes: [UInt32]
    var ties: [DrawnTie]
    /// Per node, the ties left out and summarised in its "+N more" node, by kind.
    var hidden: [UInt32: [TieKind: Int]]
    var emphasised: Set<UInt32>
    var sectorFocus: UInt32?
}

extension Selection {
    /// Keeps at most `maxTies` ties per node. Nodes are visited from the highest degree
    /// down (ties broken by index); each keeps its most important ties: explanation and
    /// scenario ties first, then ties to protected nodes, to blocked or changed entities,
    /// ownership and control before other kinds, larger shares first, then by the other
    /// end's index. Nodes left without ties are removed (unless protected), and with an
    /// anchor, so is everything no longer connected to it.
    /// - Complexity: O(T log T) for T ties.
    func capped(maxTies: Int, statuses: StatusBook) -> CappedSelection {
        var alive = [Bool](repeating: true, count: ties.count)
        var incident: [UInt32: [Int]] = [:]
        for (i, t) in ties.enumerated() {
            incident[t.source, default: []].append(i)
            if t.target != t.source { incident[t.target, default: []].append(i) }
        }
        var hidden = preHidden
        if maxTies > 0 {
            let position = Dictionary(nodes.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
            let order = nodes.sorted {
                let a = incident[$0]?.count ?? 0, b = incident[$1]?.count ?? 0
                return a != b ? a > b : (position[$0] ?? 0) < (position[$1] ?? 0)
            }
            for v in order {
                let mine = (incident[v] ?? []).filter { alive[$0] }
                guard mine.count > maxTies else { continue }
                let ranked = mine.sorted { a, b in
                    let ka = Selection.key(ties[a], at: v, protected: protected, statuses)
                    let kb = Selection.key(ties[b], at: v, protected: protected, statuses)
                    return ka != kb ? ka > kb : a < b
                }
                for i in ranked.dropFirst(maxTies) {
                    alive[i] = false
                    hidden[v, default: [:]][ties[i].kind, default: 0] += 1
                }
            }
        }
        var degree: [UInt32: Int] = [:]
        for (i, t) in ties.enumerated() where alive[i] {
            degree[t.source, default: 0] += 1
            degree[t.target, default: 0] += 1
        }
        var keep = Set(nodes.filter { v in
            protected.contains(v) || !removeOrphans || degree[v] != nil || (incident[v]?.isEmpty ?? true)
        })
        if let anchor, keep.contains(anchor) {
            // Only what stays connected to the anchor through drawn ties.
            var adjacency: [UInt32: [UInt32]] = [:]
            for (i, t) in ties.enumerated() where alive[i] && keep.contains(t.source) && keep.contains(t.target) {
                adjacency[t.source, default: []].append(t.target)
                adjacency[t.target, default: []].append(t.source)
            }
            var reached: Set<UInt32> = [anchor]
            var stack = [anchor]
            while let v = stack.popLast() {
                for w in adjacency[v] ?? [] where reached.insert(w).inserted { stack.append(w) }
            }
            keep = keep.filter { reached.contains($0) || protected.contains($0) }
        }
        let keptNodes = nodes.filter { keep.contains($0) }
        let keptTies = ties.indices.filter { alive[$0] && keep.contains(ties[$0].source) && keep.contains(ties[$0].target) }.map { ties[$0] }
        return CappedSelection(nodes: keptNodes, ties: keptTies, hidden: hidden.filter { keep.contains($0.key) },
                               emphasised: emphasised.intersection(keep), sectorFocus: sectorFocus)
    }

    /// The ordering key of a tie at node `v` (compared descending).
    static func key(_ t: DrawnTie, at v: UInt32, protected: Set<UInt32>, _ statuses: StatusBook) -> (Int, Int, Int, Int, Double, Int64) {
        let other = t.source == v ? t.target : t.source
        let stake = t.kind == .ownership || t.kind == .control
        let share: Double = t.share.isUnknown ? -1 : t.share.mid
        return (t.isSpecial ? 1 : 0, protected.contains(other) ? 1 : 0, statuses.interest(other), stake ? 1 : 0, share, -Int64(other))
    }
}

/// Chooses the entities and ties of each view.
struct ViewSelector {
    let network: SanctionsNetwork
    let options: DiagramOptions
    let statuses: StatusBook

    /// Tie kinds drawn in general views: all but sector memberships (sectors are clusters).
    static let drawnKinds = Set(TieKind.allCases.filter { $0 != .sectorMembership })

    var tieView: GraphView { network.view(ViewSelector.drawnKinds, activeOn: options.asOf) }

    /// Ownership and control (and whatever the rule counts as either), in force.
    var stakeView: GraphView {
        var kinds: Set<TieKind> = [.ownership, .control]
        if let rule = options.rule { kinds.formUnion(rule.ownershipKinds); kinds.formUnion(rule.controlKinds) }
        return network.view(kinds, activeOn: options.asOf)
    }

    func select(_ view: DiagramView) throws(DiagramError) -> Selection {
        switch view {
        case .whole: return try whole()
        case .ego(let center, let depth): return try ego(center, depth: depth)
        case .explanation(let v): return explanation(v)
        case .relief(let edits): return relief(edits)
        case .top(let scores, let count, _): return top(scores, count: count)
        }
    }

    private func isDrawable(_ v: UInt32) -> Bool { network.kinds[Int(v)] != .sector }

    /// Every tie of `view` among `nodes`, in node order.
    private func inducedTies(_ nodes: [UInt32], in view: GraphView) -> [DrawnTie] {
        let members = Set(nodes)
        var ties: [DrawnTie] = []
        for u in nodes {
            view.forEachOutEdge(of: u) { e, w in
                if members.contains(w) { ties.append(tie(e)) }
            }
        }
        return ties
    }

    private func tie(_ e: UInt32, role: DrawnTie.Role = .plain) -> DrawnTie {
        DrawnTie(source: network.graph.source(of: e), target: network.graph.target(of: e), kind: network.tieKind(e),
                 share: network.shareInterval(e), edge: e, role: role)
    }

    private func whole() throws(DiagramError) -> Selection {
        let nodes = (0 ..< UInt32(network.entityCount)).filter(isDrawable)
        if nodes.count > options.maxEntities {
            throw .tooLarge(view: "the whole network", entities: nodes.count, limit: options.maxEntities,
                            suggestion: ViewSelector.suggestion(for: .whole))
        }
        var s = Selection(nodes: nodes, ties: inducedTies(nodes, in: tieView))
        s.protected = Set(nodes)
        s.removeOrphans = false
        return s
    }

    /// Views larger than this are refused before the summarising even starts.
    private var hardLimit: Int { max(200_000, options.maxEntities * 100) }

    private func ego(_ center: UInt32, depth: Int) throws(DiagramError) -> Selection {
        var seeds = [center], levels = depth
        var sectorFocus: UInt32? = nil
        if network.kinds[Int(center)] == .sector {
            // A sector's ego network starts from its members.
            sectorFocus = center
            seeds = []
            network.view([.sectorMembership], activeOn: options.asOf).forEachInEdge(of: center) { _, m in seeds.append(m) }
            levels = max(depth - 1, 0)
        }
        // Breadth first, each entity expanding through at most `maxTiesPerEntity` of its
        // ties (the most important, as in `capped`), so that hubs do not flood the view.
        let view = tieView
        let cap = options.maxTiesPerEntity
        var nodes: [UInt32] = []
        var depthOf: [UInt32: Int] = [:]
        for v in seeds where isDrawable(v) && depthOf[v] == nil { depthOf[v] = 0; nodes.append(v) }
        var hidden: [UInt32: [TieKind: Int]] = [:]
        var next = 0
        let protectedSeeds = Set(seeds)
        while next < nodes.count {
            let u = nodes[next]
            next += 1
            guard let d = depthOf[u], d < levels else { continue }
            var incident: [(tie: DrawnTie, other: UInt32)] = []
            view.forEachOutEdge(of: u) { e, w in if isDrawable(w) { incident.append((tie(e), w)) } }
            view.forEachInEdge(of: u) { e, w in if isDrawable(w) && w != u { incident.append((tie(e), w)) } }
            if cap > 0 && incident.count > cap {
                incident.sort { a, b in
                    let ka = Selection.key(a.tie, at: u, protected: protectedSeeds, statuses)
                    let kb = Selection.key(b.tie, at: u, protected: protectedSeeds, statuses)
                    return ka != kb ? ka > kb : (a.tie.edge ?? 0) < (b.tie.edge ?? 0)
                }
                for dropped in incident[cap...] where depthOf[dropped.other] == nil {
                    hidden[u, default: [:]][dropped.tie.kind, default: 0] += 1
                }
                incident = Array(incident[..<cap])
            }
            for (_, w) in incident where depthOf[w] == nil {
                depthOf[w] = d + 1
                nodes.append(w)
                if nodes.count > hardLimit {
                    throw .tooLarge(view: "the ego network of \(network.name(of: center)) to depth \(depth)", entities: nodes.count,
                                    limit: options.maxEntities, suggestion: ViewSelector.suggestion(for: .ego(center: center, depth: depth)))
                }
            }
        }
        var s = Selection(nodes: nodes, ties: inducedTies(nodes, in: view))
        s.preHidden = hidden
        if let sectorFocus {
            s.sectorFocus = sectorFocus
            s.protected = Set(seeds)
        } else {
            s.protected = [center]
            s.emphasised = [center]
            s.anchor = center
        }
        return s
    }

    private func explanation(_ v: UInt32) -> Selection {
        guard let result = statuses.result else { return Selection(nodes: [v]) }
        let stake = stakeView
        var nodes: [UInt32] = [v]
        var seen: Set<UInt32> = [v]
        var ties: [DrawnTie] = []
        var tied = Set<NodePair>()
        func add(_ w: UInt32) { if seen.insert(w).inserted { nodes.append(w) } }
        /// The network tie from `owner` to `asset` of the right sort, in force.
        func find(_ owner: UInt32, _ asset: UInt32, control: Bool) -> UInt32? {
            var found: UInt32? = nil
            stake.forEachOutEdge(of: owner) { e, w in
                guard found == nil, w == asset else { return }
                let k = network.tieKind(e)
                if control ? k != .ownership : k == .ownership { found = e }
            }
            return found
        }
        var queue = [result.explain(v)]
        var next = 0
        while next < queue.count {
            let e = queue[next]
            next += 1
            for (i, c) in e.contributions.enumerated() {
                add(c.owner)
                guard tied.insert(NodePair(c.owner, e.entity)).inserted else { continue }
                if let edge = find(c.owner, e.entity, control: c.isControl) {
                    ties.append(tie(edge, role: .chain(running: c.runningPercent)))
                } else {
                    ties.append(DrawnTie(source: c.owner, target: e.entity, kind: c.isControl ? .control : .ownership,
                                         share: c.share, edge: nil, role: .chain(running: c.runningPercent)))
                }
                if i < e.owners.count { queue.append(e.owners[i]) }
            }
        }
        // The focus's other direct owners and controllers, for the whole picture.
        stake.forEachInEdge(of: v) { e, owner in
            guard tied.insert(NodePair(owner, v)).inserted else { return }
            add(owner)
            ties.append(tie(e))
        }
        var s = Selection(nodes: nodes, ties: ties)
        s.protected = seen
        s.emphasised = [v]
        s.removeOrphans = false
        return s
    }

    private func relief(_ edits: [ReliefEdit]) -> Selection {
        guard let radius = statuses.radius else { return Selection() }
        let edited = edits.flatMap(\.entities)
        var nodes: [UInt32] = []
        var seen = Set<UInt32>()
        func add(_ w: UInt32) { if isDrawable(w) && seen.insert(w).inserted { nodes.append(w) } }
        edited.forEach(add)
        for w in radius.unblocked + radius.newlyBlocked + radius.nowUndetermined + radius.noLongerUndetermined + radius.downstream { add(w) }
        // The blocked owners that keep (or make) the others blocked.
        let stake = stakeView
        for w in nodes {
            stake.forEachInEdge(of: w) { _, owner in
                if radius.before.status[Int(owner)].isBlocked || radius.after.status[Int(owner)].isBlocked { add(owner) }
            }
        }
        var removed = Set<NodePair>(), reshared: [NodePair: Double] = [:]
        var added: [DrawnTie] = []
        for edit in edits {
            switch edit {
            case .removeTie(let o, let a): removed.insert(NodePair(o, a))
            case .setShare(let o, let a, let p): reshared[NodePair(o, a)] = p
            case .addTie(let o, let a, let kind, let p):
                added.append(DrawnTie(source: o, target: a, kind: kind, share: p.map { .exact($0) } ?? .unknown, edge: nil, role: .added))
            default: break
            }
        }
        var ties = inducedTies(nodes, in: stake).map { t -> DrawnTie in
            var t = t
            let key = NodePair(t.source, t.target)
            if removed.contains(key) { t.role = .removed } else if let p = reshared[key], t.kind == .ownership { t.role = .reshared(p) }
            return t
        }
        // A new stake between two entities that had none is drawn as added.
        for (key, p) in reshared.sorted(by: { $0.key < $1.key })
        where !ties.contains(where: { NodePair($0.source, $0.target) == key && $0.kind == .ownership }) {
            let o = key.source, a = key.target
            add(o); add(a)
            ties.append(DrawnTie(source: o, target: a, kind: .ownership, share: .exact(p), edge: nil, role: .added))
        }
        for t in added { add(t.source); add(t.target) }
        ties += added
        var s = Selection(nodes: nodes, ties: ties)
        s.protected = Set(edited + radius.unblocked + radius.newlyBlocked)
        s.emphasised = Set(edited)
        return s
    }

    private func top(_ scores: [UInt32: Double], count: Int) -> Selection {
        let ranked = scores.filter { isDrawable($0.key) && $0.value.isFinite }.sorted {
            $0.value != $1.value ? $0.value > $1.value : network.id(of: $0.key) < network.id(of: $1.key)
        }
        let nodes = ranked.prefix(count).map(\.key)
        var s = Selection(nodes: nodes, ties: inducedTies(nodes, in: tieView))
        s.protected = Set(nodes)
        s.removeOrphans = false
        return s
    }

    /// The view in words, for messages.
    static func describe(_ view: DiagramView, _ network: SanctionsNetwork) -> String {
        switch view {
        case .whole: "the whole network"
        case .ego(let c, let d): "the ego network of \(network.name(of: c)) to depth \(d)"
        case .explanation(let v): "the explanation of \(network.name(of: v))"
        case .relief: "the relief scenario"
        case .top(_, let n, let m): "the top \(n) by \(m)"
        }
    }

    /// What to try instead of a view that is too large.
    static func suggestion(for view: DiagramView) -> String {
        switch view {
        case .whole:
            "draw a focused view instead: --focus ID --depth 2 (an entity's ego network), --explain ID (why it is blocked), "
                + "--relief ID (what delisting it would do) or --top 50 (the most central entities); or raise --max-entities"
        case .ego:
            "lower --depth, lower --max-ties (fewer ties per entity, the rest summarised), or raise --max-entities"
        case .explanation, .relief:
            "lower --max-ties (fewer ties per entity, the rest summarised), or raise --max-entities"
        case .top:
            "ask for fewer entities with --top, or raise --max-entities"
        }
    }
}
