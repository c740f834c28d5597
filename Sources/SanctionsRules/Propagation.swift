import GraphCore
import SanctionsModel
import Platform

// The one propagation engine (docs/rules.md, docs/shares.md): every fixed point of the rules
// (blocked, the UK's per-person groups, ranking, freeing, explanations) adds stakes through
// `Holding` and decides through `BlockingRule.surelyMeets` / `possiblyMeets`, so intervals,
// the 100% cap and control by votes are implemented once.

/// Which bound of the answer a propagation computes.
enum Bound: Sendable {
    /// Every stake at its smallest, undated listings not in force: who is surely blocked.
    case lower
    /// Every stake at its largest (capped so an asset's stakes add up to at most 100%),
    /// undated listings in force: who may be blocked.
    case upper
}

/// The ties a rule counts (ownership and control kinds) in force on a day, with a
/// scenario's edits applied, in CSR form with a reverse index.
///
/// Reports of one stake are merged here (docs/shares.md): ownership ties between one owner
/// and one asset in force on the day become one stake, the hull of their shares (a report of
/// unknown size adds nothing when another gives a value), except that reports naming
/// different share classes (`sharesType`) are separate stakes that add. A control slot holds
/// the share of the votes it gives ([100, 100] for plain control: a board majority).
struct StakeGraph: Sendable {
    let nodeCount: Int
    var offsets: [UInt32]
    var targets: [UInt32]
    var sources: [UInt32]
    /// The stake's bounds in percent (for control: the votes).
    var low: [Double]
    var high: [Double]
    var lowOpen: [Bool]
    var highOpen: [Bool]
    var isControl: [Bool]
    var inOffsets: [UInt32]
    /// For node v, `inSlots[inOffsets[v] ..< inOffsets[v + 1]]` are positions in the out arrays.
    var inSlots: [UInt32]
    /// Per node, the sum of the lower bounds of all its ownership stakes, and how many of them
    /// are open: the 100% cap of the upper bound (docs/shares.md).
    var totalLow: [Double]
    var totalOpenLows: [Int32]
    /// Every slot is exact (one value, closed): the two bounds then propagate alike.
    var isExact: Bool {
        for slot in 0 ..< targets.count where low[slot] != high[slot] || lowOpen[slot] || highOpen[slot] { return false }
        return true
    }

    /// One slot before layout.
    struct Slot {
        var source: UInt32, target: UInt32
        var share: ShareInterval
        var isControl: Bool
    }

    /// - Parameter workers: how many runs of owners (nil: one per core from `parallelTies`
    ///   ties on, else one); the columns are the same for any number.
    init(network: SanctionsNetwork, rule: BlockingRule, day: Day, edits: [ReliefEdit], workers: Int? = nil) {
        // Owners in consecutive runs of about equal ties, one per core, each run's slots
        // written in a region of the columns, the regions then moved together in owner order:
        // the same columns as one run over all owners (docs/rules.md, "On both cores").
        let g = network.graph, n = network.entityCount, m = g.edgeCount
        let workers = max(1, workers ?? (m < StakeGraph.parallelTies ? 1 : processorCount))
        @Sendable func firstTie(_ v: Int) -> Int { v == n ? m : g.outEdgeRange(Graph.Node(v)).lowerBound }
        let cuts = (0 ... workers).map { w in w == workers ? n : (0 ..< n).partitioningIndex { firstTie($0) >= m * w / workers } }
        // At most one slot per tie, plus the scenario's added ones.
        let added = edits.count
        let capacities = (0 ..< workers).map { w in firstTie(cuts[w + 1]) - firstTie(cuts[w]) + added }
        let slots = SlotColumns.make(regions: capacities) { w, slots in
            var builder = SlotBuilder(network: network, rule: rule, day: day, edits: edits)
            builder.appendSlots(of: UInt32(cuts[w]) ..< UInt32(cuts[w + 1]), to: &slots)
        }
        self.init(nodeCount: n, sortedBySource: slots)
    }

    /// From this many ties on, the stake graph is made on all cores.
    static let parallelTies = 1 << 17

    /// The stake graph `init(network:rule:day:edits:)` would make with `edits`, from `base`,
    /// the one made with none (or with a prefix of `edits`): only the owners whose ties the
    /// edits change are read again from the network; every other owner's slots are copied.
    /// - Complexity: O(E) copying and re-indexing, plus the edited owners' ties.
    init(patching base: StakeGraph, network: SanctionsNetwork, rule: BlockingRule, day: Day, edits: [ReliefEdit]) {
        let owners = Array(Set(edits.compactMap(\.changedOwner))).sorted()
        guard !owners.isEmpty else { self = base; return }
        guard Int(owners.last!) < base.nodeCount else {
            // An owner outside the network: as the full build takes it.
            self.init(network: network, rule: rule, day: day, edits: edits)
            return
        }
        var builder = SlotBuilder(network: network, rule: rule, day: day, edits: edits)
        // The base's slots, and for each edited owner at most one per tie and the added ones.
        let capacity = base.targets.count + edits.count + owners.reduce(0) { $0 + network.graph.outDegree($1) }
        let slots = SlotColumns.make(capacity: capacity) { slots in
            var copiedUpTo = 0   // slots of base before this position are copied
            for u in owners {
                slots.append(contentsOf: base, copiedUpTo ..< Int(base.offsets[Int(u)]))
                builder.appendSlots(of: CollectionOfOne(u), to: &slots)
                copiedUpTo = Int(base.offsets[Int(u) + 1])
            }
            slots.append(contentsOf: base, copiedUpTo ..< base.targets.count)
        }
        self.init(nodeCount: base.nodeCount, sortedBySource: slots)
    }

    /// A stake graph from slots in any order.
    init(nodeCount n: Int, slots: [Slot]) {
        let sorted = SlotColumns.make(capacity: slots.count) { sorted in
            for slot in StakeGraph.layout(of: slots, nodeCount: n).arrange(slots) { sorted.append(slot) }
        }
        self.init(nodeCount: n, sortedBySource: sorted)
    }

    /// The stable counting sort by source that `init(nodeCount:slots:)` lays slots out with:
    /// slot `i` lands at `positions[i]`.
    static func layout(of slots: [Slot], nodeCount n: Int) -> CSRLayout {
        CSRLayout(keys: slots.lazy.map(\.source), keyCount: n)
    }

    /// A stake graph from slots already grouped by source in increasing order.
    init(nodeCount n: Int, sortedBySource columns: SlotColumns) {
        nodeCount = n
        offsets = CSRLayout.offsets(keys: columns.sources, keyCount: n)
        targets = columns.targets
        sources = columns.sources
        low = columns.low
        high = columns.high
        lowOpen = columns.lowOpen
        highOpen = columns.highOpen
        isControl = columns.isControl
        let into = CSRLayout(keys: columns.targets, keyCount: n)
        inOffsets = into.offsets
        inSlots = into.itemAtPosition
        (totalLow, totalOpenLows) = StakeGraph.totals(nodeCount: n, inOffsets: inOffsets, inSlots: inSlots, low: low,
                                                      lowOpen: lowOpen, isControl: isControl)
    }

    /// `totalLow` and `totalOpenLows`, node by node through the in index: a node's slots come
    /// in slot order there, so each sum is added in the order of a pass over the slots. The
    /// nodes are split among the cores when there are many slots.
    static func totals(nodeCount n: Int, inOffsets: [UInt32], inSlots: [UInt32], low: [Double], lowOpen: [Bool],
                       isControl: [Bool]) -> ([Double], [Int32]) {
        let workers = inSlots.count < parallelTies ? 1 : processorCount
        // One pair of columns, each worker writing its nodes' part (no halves to join).
        var sums = [Double](largeRepeating: 0, count: n), open = [Int32](largeRepeating: 0, count: n)
        sums.withUnsafeMutableBufferPointer { sums in
            open.withUnsafeMutableBufferPointer { open in
                let out = DisjointParts(sums: sums, open: open)
                parallelWorkers(workers) { w in
                    let nodes = n * w / workers ..< n * (w + 1) / workers
                    // The slots come at random: each one's columns are asked of the cache
                    // `ahead` in-index places before they are read, so that the misses overlap.
                    let ahead = 16, end = Int(inOffsets[nodes.upperBound])
                    low.withUnsafeBufferPointer { lowP in
                        lowOpen.withUnsafeBufferPointer { lowOpenP in
                            isControl.withUnsafeBufferPointer { isControlP in
                                for v in nodes {
                                    var total = 0.0, opens: Int32 = 0
                                    for k in Int(inOffsets[v]) ..< Int(inOffsets[v + 1]) {
                                        if k + ahead < end {
                                            let later = Int(inSlots[k + ahead])
                                            low.prefetch(later); lowOpen.prefetch(later); isControl.prefetch(later)
                                        }
                                        let slot = Int(inSlots[k])
                                        if isControlP[slot] { continue }
                                        total += lowP[slot]
                                        if lowOpenP[slot] { opens += 1 }
                                    }
                                    out.sums[v] = total
                                    out.open[v] = opens
                                }
                            }
                        }
                    }
                }
            }
        }
        return (sums, open)
    }

    /// The totals' columns, written by the workers of `totals` in disjoint parts.
    private struct DisjointParts: @unchecked Sendable {
        let sums: UnsafeMutableBufferPointer<Double>, open: UnsafeMutableBufferPointer<Int32>
    }

    /// The share of slot `slot` as an interval.
    func share(_ slot: Int) -> ShareInterval {
        ShareInterval(low: low[slot], high: high[slot], lowOpen: lowOpen[slot], highOpen: highOpen[slot])
    }

    /// Whether a control slot held by a blocked controller blocks its target at this bound:
    /// control means more than 50% of the votes, or the board (plain control: 100%).
    @inline(__always) func controlBlocks(_ slot: Int, _ bound: Bound) -> Bool {
        switch bound {
        case .lower: low[slot] > 50 + 1e-9 || (lowOpen[slot] && low[slot] >= 50 - 1e-9)
        case .upper: high[slot] > 50 + 1e-9
        }
    }

    @inline(__always) func outRange(_ v: UInt32) -> Range<Int> { Int(offsets[Int(v)]) ..< Int(offsets[Int(v) + 1]) }
    @inline(__always) func inRange(_ v: UInt32) -> Range<Int> { Int(inOffsets[Int(v)]) ..< Int(inOffsets[Int(v) + 1]) }
}

/// The slots of a stake graph as columns.
struct SlotColumns {
    var sources: [UInt32] = [], targets: [UInt32] = []
    var low: [Double] = [], high: [Double] = []
    var lowOpen: [Bool] = [], highOpen: [Bool] = [], isControl: [Bool] = []

    /// Columns of at most `capacity` slots, written in place by `fill` (an array's append
    /// checks that its buffer is not shared, a call into the runtime per column per slot:
    /// about a quarter of making a stake graph, in a profile).
    static func make(capacity: Int, _ fill: (inout SlotWriter) -> Void) -> SlotColumns {
        allocate(capacity: capacity) { writer in
            var writer = writer
            fill(&writer)
            return writer.count
        }
    }

    /// Columns written in consecutive regions at once, region `r` (at most `capacities[r]`
    /// slots) by `fill(r, &writer)` on a thread of its own, then moved together in region
    /// order: the slots one writer would write region after region, with no second copy
    /// of the columns to join (nor its page faults).
    static func make(regions capacities: [Int], _ fill: @Sendable (Int, inout SlotWriter) -> Void) -> SlotColumns {
        allocate(capacity: capacities.reduce(0, +)) { whole in
            let starts = capacities.indices.map { r in capacities[..<r].reduce(0, +) }
            let regions = SlotWriter.Regions(whole: whole)
            let counts = parallelWorkers(capacities.count) { r in
                var writer = regions.writer(starts[r] ..< starts[r] + capacities[r])
                fill(r, &writer)
                return writer.count
            }
            var end = counts[0]
            for r in counts.indices.dropFirst() {
                whole.move(starts[r] ..< starts[r] + counts[r], to: end)
                end += counts[r]
            }
            return end
        }
    }

    /// Columns of `capacity` slots, uninitialised, handed to `fill` as one writer; `fill`
    /// returns how many slots it wrote, from the start.
    private static func allocate(capacity: Int, _ fill: (SlotWriter) -> Int) -> SlotColumns {
        // With no room, `fill` can write nothing. And no uninitialised array of none: the
        // standard library would write its count into the shared empty array (a data race the
        // thread sanitizer reports; see `CSRLayout.arrange`).
        guard capacity > 0 else { return SlotColumns() }
        var count = 0
        var c = SlotColumns()
        c.sources = [UInt32](unsafeUninitializedCapacity: capacity) { sources, sourcesCount in
            c.targets = [UInt32](unsafeUninitializedCapacity: capacity) { targets, targetsCount in
                c.low = [Double](unsafeUninitializedCapacity: capacity) { low, lowCount in
                    c.high = [Double](unsafeUninitializedCapacity: capacity) { high, highCount in
                        c.lowOpen = [Bool](unsafeUninitializedCapacity: capacity) { lowOpen, lowOpenCount in
                            c.highOpen = [Bool](unsafeUninitializedCapacity: capacity) { highOpen, highOpenCount in
                                c.isControl = [Bool](unsafeUninitializedCapacity: capacity) { isControl, isControlCount in
                                    let writer = SlotWriter(sources: sources, targets: targets, low: low, high: high,
                                                            lowOpen: lowOpen, highOpen: highOpen, isControl: isControl)
                                    writer.adviseHugePages()
                                    count = fill(writer)
                                    isControlCount = count
                                }
                                highOpenCount = count
                            }
                            lowOpenCount = count
                        }
                        highCount = count
                    }
                    lowCount = count
                }
                targetsCount = count
            }
            sourcesCount = count
        }
        return c
    }
}

/// Writes slots into the columns `SlotColumns.make` is filling, one after another; a write
/// past the capacity stops the process (the capacity is an upper bound by construction).
struct SlotWriter {
    let sources: UnsafeMutableBufferPointer<UInt32>, targets: UnsafeMutableBufferPointer<UInt32>
    let low: UnsafeMutableBufferPointer<Double>, high: UnsafeMutableBufferPointer<Double>
    let lowOpen: UnsafeMutableBufferPointer<Bool>, highOpen: UnsafeMutableBufferPointer<Bool>, isControl: UnsafeMutableBufferPointer<Bool>
    private(set) var count = 0

    init(sources: UnsafeMutableBufferPointer<UInt32>, targets: UnsafeMutableBufferPointer<UInt32>, low: UnsafeMutableBufferPointer<Double>,
         high: UnsafeMutableBufferPointer<Double>, lowOpen: UnsafeMutableBufferPointer<Bool>, highOpen: UnsafeMutableBufferPointer<Bool>,
         isControl: UnsafeMutableBufferPointer<Bool>) {
        self.sources = sources; self.targets = targets; self.low = low; self.high = high
        self.lowOpen = lowOpen; self.highOpen = highOpen; self.isControl = isControl
    }

    @inline(__always) mutating func append(_ s: StakeGraph.Slot) {
        precondition(count < targets.count, "SlotWriter: more slots than the capacity")
        sources.initializeElement(at: count, to: s.source)
        targets.initializeElement(at: count, to: s.target)
        low.initializeElement(at: count, to: s.share.low)
        high.initializeElement(at: count, to: s.share.high)
        lowOpen.initializeElement(at: count, to: s.share.lowOpen)
        highOpen.initializeElement(at: count, to: s.share.highOpen)
        isControl.initializeElement(at: count, to: s.isControl)
        count += 1
    }

    /// Advises huge pages for the columns (`Platform.adviseHugePages`), before they are written.
    func adviseHugePages() {
        func advise<T>(_ column: UnsafeMutableBufferPointer<T>) {
            guard let base = column.baseAddress else { return }
            Platform.adviseHugePages(UnsafeMutableRawPointer(base), byteCount: column.count * MemoryLayout<T>.stride)
        }
        advise(sources); advise(targets); advise(low); advise(high); advise(lowOpen); advise(highOpen); advise(isControl)
    }

    /// A writer's buffers shared by the threads that write disjoint regions of them
    /// (`SlotColumns.make(regions:_:)`): no two writers made here overlap.
    struct Regions: @unchecked Sendable {
        let whole: SlotWriter

        /// A writer of the slots `range` of the buffers, none written yet.
        func writer(_ range: Range<Int>) -> SlotWriter {
            SlotWriter(sources: .init(rebasing: whole.sources[range]), targets: .init(rebasing: whole.targets[range]),
                       low: .init(rebasing: whole.low[range]), high: .init(rebasing: whole.high[range]),
                       lowOpen: .init(rebasing: whole.lowOpen[range]), highOpen: .init(rebasing: whole.highOpen[range]),
                       isControl: .init(rebasing: whole.isControl[range]))
        }
    }

    /// Moves the slots `range` (written) to start at `start` ≤ `range.lowerBound`: regions
    /// written apart, moved together.
    func move(_ range: Range<Int>, to start: Int) {
        precondition(start <= range.lowerBound && range.upperBound <= targets.count)
        guard start < range.lowerBound, !range.isEmpty else { return }
        func move<T>(_ column: UnsafeMutableBufferPointer<T>) {
            // Overlapping regions: copyMemory is memmove.
            UnsafeMutableRawPointer(column.baseAddress! + start)
                .copyMemory(from: column.baseAddress! + range.lowerBound, byteCount: range.count * MemoryLayout<T>.stride)
        }
        move(sources); move(targets); move(low); move(high); move(lowOpen); move(highOpen); move(isControl)
    }

    /// The target of slot `i` (written already).
    @inline(__always) func target(_ i: Int) -> UInt32 { precondition(i < count); return targets[i] }
    /// Whether slot `i` (written already) is a control slot.
    @inline(__always) func control(_ i: Int) -> Bool { precondition(i < count); return isControl[i] }

    func share(_ i: Int) -> ShareInterval {
        precondition(i < count)
        return ShareInterval(low: low[i], high: high[i], lowOpen: lowOpen[i], highOpen: highOpen[i])
    }

    mutating func setShare(_ i: Int, _ s: ShareInterval) {
        precondition(i < count)
        low[i] = s.low; high[i] = s.high; lowOpen[i] = s.lowOpen; highOpen[i] = s.highOpen
    }

    /// Appends the slots `range` of `stakes`.
    mutating func append(contentsOf stakes: StakeGraph, _ range: Range<Int>) {
        guard !range.isEmpty else { return }
        precondition(count + range.count <= targets.count, "SlotWriter: more slots than the capacity")
        func copy<T>(_ from: [T], _ to: UnsafeMutableBufferPointer<T>) {
            from.withUnsafeBufferPointer { f in
                (to.baseAddress! + count).initialize(from: f.baseAddress! + range.lowerBound, count: range.count)
            }
        }
        copy(stakes.sources, sources); copy(stakes.targets, targets); copy(stakes.low, low); copy(stakes.high, high)
        copy(stakes.lowOpen, lowOpen); copy(stakes.highOpen, highOpen); copy(stakes.isControl, isControl)
        count += range.count
    }
}

/// Turns one owner's ties in force into slots (`StakeGraph.init(network:rule:day:edits:)`),
/// reports of one stake merged, the scenario's removals and replaced shares left out.
struct SlotBuilder {
    let network: SanctionsNetwork
    let graph: Graph
    let ownership: EdgeKindSet, control: EdgeKindSet
    let day: Day
    var removed = Set<NodePair>()
    var overrides: [NodePair: Double] = [:]
    /// The scenario's slots by owner: replaced shares by pair, then added ties in the edits'
    /// order; each owner's come after the slots of its ties.
    var added: [UInt32: [StakeGraph.Slot]] = [:]
    // Edges come grouped by source: a pair's reports share one source's range, which is
    // short; the first report of each pair takes a slot, found again by a scan of the
    // range, or in a long range by a small hash table of the range's targets: both stay in
    // cache (a table indexed by target, one miss per tie, took a third of the builder's own
    // time).
    var targetTable = RangeTargets()
    var repeated: [(slot: Int, reports: [(share: ShareInterval, shareClass: UInt32)])] = []

    init(network: SanctionsNetwork, rule: BlockingRule, day: Day, edits: [ReliefEdit]) {
        self.network = network
        graph = network.graph
        ownership = EdgeKindSet(rule.ownershipKinds)
        control = EdgeKindSet(rule.controlKinds)
        self.day = day
        for edit in edits {
            switch edit {
            case .removeTie(let o, let a): removed.insert(NodePair(o, a))
            case .setShare(let o, let a, let p): overrides[NodePair(o, a)] = p
            default: break
            }
        }
        for (pair, p) in overrides.sorted(by: { $0.key < $1.key }) {
            added[pair.source, default: []].append(StakeGraph.Slot(source: pair.source, target: pair.target, share: .exact(p), isControl: false))
        }
        for edit in edits {
            if case .addTie(let o, let a, let kind, let p) = edit {
                let isOwnership = ownership.contains(kind.rawValue), isControl = control.contains(kind.rawValue)
                guard isOwnership || isControl else { continue }
                added[o, default: []].append(StakeGraph.Slot(source: o, target: a, share: isOwnership ? (p.map { .exact($0) } ?? .unknown) : .exact(100),
                                                             isControl: !isOwnership))
            }
        }
    }

    /// Appends the slots of each owner's ties in force, then those the scenario adds, owner by
    /// owner in the order given.
    mutating func appendSlots(of owners: some Sequence<UInt32>, to slots: inout SlotWriter) {
        // Local copies, once a call: reading them through `self` in the loop would copy the
        // graph's and the network's columns (a retain each) for every owner.
        let g = graph, network = self.network
        func shareClass(_ e: Int) -> UInt32 { network.shareClasses.count == 0 ? 0 : network.shareClasses[UInt32(e)] ?? 0 }
        let checkEdits = !removed.isEmpty || !overrides.isEmpty
        for u in owners {
            if !repeated.isEmpty { repeated.removeAll(keepingCapacity: true) }
            let range = g.outEdgeRange(u)
            let rangeStart = slots.count
            let useTable = range.count > 32
            if useTable { targetTable.clear(for: range.count) }
            for e in range {
                let edge = UInt32(e)
                let kind = g.kind(of: edge)
                let isOwnership = ownership.contains(kind), isControl = control.contains(kind)
                guard isOwnership || isControl, g.isEdgeActive(edge, on: day.daysSinceEpoch) else { continue }
                let t = g.target(of: edge)
                if checkEdits {
                    let pair = NodePair(u, t)
                    if removed.contains(pair) || (isOwnership && overrides[pair] != nil) { continue }
                }
                let interval = network.shareInterval(edge)
                guard isOwnership else {
                    // Plain control (no share of the votes given) is full control.
                    let votes = interval.isUnknown ? ShareInterval.exact(100) : interval
                    slots.append(StakeGraph.Slot(source: u, target: t, share: votes, isControl: true))
                    continue
                }
                var first = -1, firstEdge: Int?
                if useTable {
                    if let known = targetTable.slot(of: t) { (first, firstEdge) = known }
                } else {
                    for k in rangeStart ..< slots.count where slots.target(k) == t && !slots.control(k) { first = k; break }
                }
                if first >= 0 {
                    // Another report of a pair seen in this range (rare): merged below.
                    if let k = repeated.firstIndex(where: { $0.slot == first }) {
                        repeated[k].reports.append((interval, shareClass(e)))
                    } else {
                        // The tie that took the slot: the table's, or in a short range (at most 32
                        // ties) the pair's first ownership tie in force (the scenario's edits name
                        // pairs, so they passed it as they pass this one).
                        let taken = firstEdge ?? (range.lowerBound ..< e).first { f in
                            let edge = UInt32(f)
                            return g.target(of: edge) == t && ownership.contains(g.kind(of: edge)) && g.isEdgeActive(edge, on: day.daysSinceEpoch)
                        } ?? e
                        repeated.append((first, [(slots.share(first), shareClass(taken)), (interval, shareClass(e))]))
                    }
                    continue
                }
                if useTable { targetTable.insert(t, slot: slots.count, edge: e) }
                slots.append(StakeGraph.Slot(source: u, target: t, share: interval, isControl: false))
            }
            for (slot, reports) in repeated {
                let stakes = ShareInterval.stakes(fromReports: reports)
                slots.setShare(slot, stakes[0])
                for stake in stakes.dropFirst() { slots.append(StakeGraph.Slot(source: u, target: slots.target(slot), share: stake, isControl: false)) }
            }
            if !added.isEmpty, let extra = added[u] { for slot in extra { slots.append(slot) } }
        }
    }
}

/// The first ownership slot of each target in one owner's range of ties, and the tie that
/// took it: open addressing over at least twice as many entries as the range has ties,
/// cleared for each range.
struct RangeTargets {
    private var targets: [UInt32] = []   // target + 1; 0 is empty
    private var slots: [(slot: Int, edge: Int)] = []
    private var mask = 0

    /// Empties the table and sizes it for `count` ties.
    mutating func clear(for count: Int) {
        var size = 64
        while size < 2 * count { size *= 2 }
        if targets.count < size {
            targets = [UInt32](repeating: 0, count: size)
            slots = [(slot: Int, edge: Int)](repeating: (0, 0), count: size)
        } else {
            for i in 0 ..< size { targets[i] = 0 }
        }
        mask = size - 1
    }

    /// The slot recorded for `target` and its tie, if any.
    func slot(of target: UInt32) -> (slot: Int, edge: Int)? {
        var i = Int(truncatingIfNeeded: (UInt64(target) &* 0x9E37_79B9_7F4A_7C15) >> 32) & mask
        while targets[i] != 0 {
            if targets[i] == target &+ 1 { return slots[i] }
            i = (i + 1) & mask
        }
        return nil
    }

    /// Records `slot`, taken by tie `edge`, for `target` (not yet in the table).
    mutating func insert(_ target: UInt32, slot: Int, edge: Int) {
        var i = Int(truncatingIfNeeded: (UInt64(target) &* 0x9E37_79B9_7F4A_7C15) >> 32) & mask
        while targets[i] != 0 { i = (i + 1) & mask }
        targets[i] = target &+ 1
        slots[i] = (slot, edge)
    }
}

/// What blocked owners (or one UK group) hold of each entity, added up stake by stake at one
/// bound; reset through a touched list, so a propagation costs only what it reaches.
///
/// The lower bound is the sum of the stakes' lower bounds. The upper bound is the smaller of
/// the sum of their upper bounds and 100% less the lower bounds of the other owners' stakes
/// (a designated owner with a stake of unknown size next to a clean 60% holder holds at most
/// 40%); where the lower bounds of all stakes already exceed 100% (inconsistent data) no cap
/// applies (docs/shares.md).
struct Holding {
    let bound: Bound
    var sum: [Double]
    var openCount: [Int32]
    /// Upper bound only: the lower bounds (and open ones) of the stakes added, for the cap.
    var addedLow: [Double]
    var addedOpenLows: [Int32]
    var touched: [UInt32] = []
    var isTouched: [Bool]

    init(nodeCount n: Int, bound: Bound) {
        self.bound = bound
        sum = [Double](largeRepeating: 0, count: n)
        openCount = [Int32](largeRepeating: 0, count: n)
        addedLow = bound == .upper ? [Double](largeRepeating: 0, count: n) : []
        addedOpenLows = bound == .upper ? [Int32](largeRepeating: 0, count: n) : []
        isTouched = [Bool](largeRepeating: false, count: n)
    }

    mutating func reset() {
        for v in touched {
            let i = Int(v)
            sum[i] = 0; openCount[i] = 0; isTouched[i] = false
            if bound == .upper { addedLow[i] = 0; addedOpenLows[i] = 0 }
        }
        touched.removeAll(keepingCapacity: true)
    }

    /// Adds ownership slot `slot` (its owner counts) to its target.
    @inline(__always) mutating func add(_ stakes: StakeGraph, _ slot: Int) {
        let v = Int(stakes.targets[slot])
        if !isTouched[v] { isTouched[v] = true; touched.append(UInt32(v)) }
        switch bound {
        case .lower:
            sum[v] += stakes.low[slot]
            if stakes.lowOpen[slot] { openCount[v] += 1 }
        case .upper:
            sum[v] += stakes.high[slot]
            if stakes.highOpen[slot] { openCount[v] += 1 }
            addedLow[v] += stakes.low[slot]
            if stakes.lowOpen[slot] { addedOpenLows[v] += 1 }
        }
    }

    /// What the owners added so far hold of `v` at this bound, and whether the value itself
    /// is excluded (an open end).
    func held(_ stakes: StakeGraph, _ v: Int) -> (value: Double, open: Bool) {
        guard bound == .upper else { return (sum[v], openCount[v] > 0) }
        return Holding.capped(stakes, v, highs: sum[v], openHighs: openCount[v], lows: addedLow[v], openLows: addedOpenLows[v])
    }

    /// The upper bound of what some owners hold of `v`: the sum of their stakes' upper bounds
    /// (`highs`, `openHighs` of them open), capped at 100% less the lower bounds of the other
    /// stakes (theirs sum to `lows`, `openLows` of them open).
    static func capped(_ stakes: StakeGraph, _ v: Int, highs: Double, openHighs: Int32, lows: Double, openLows: Int32) -> (value: Double, open: Bool) {
        let sumOpen = openHighs > 0
        let total = stakes.totalLow[v]
        // Inconsistent data (the lower bounds already exceed 100%, or reach it with an open
        // end): no cap.
        guard total < 100 - 1e-9 || (total <= 100 + 1e-9 && stakes.totalOpenLows[v] == 0) else { return (highs, sumOpen) }
        let cap = 100 - (total - lows)
        let capOpen = stakes.totalOpenLows[v] - openLows > 0
        if cap < highs - 1e-9 { return (max(cap, 0), capOpen) }
        if highs < cap - 1e-9 { return (highs, sumOpen) }
        return (highs, sumOpen || capOpen)
    }

    /// Takes slot `slot` of an owner that counts and says whether its target is now captured:
    /// a control slot by control (`StakeGraph.controlBlocks`), a stake by what the owners hold.
    @inline(__always) mutating func captures(_ stakes: StakeGraph, _ slot: Int, rule: BlockingRule, day: Day) -> Bool {
        if stakes.isControl[slot] { return stakes.controlBlocks(slot, bound) }
        add(stakes, slot)
        return meets(stakes, Int(stakes.targets[slot]), rule: rule, day: day)
    }

    /// Whether what the owners added so far holds of `v` meets the rule at this bound.
    @inline(__always) func meets(_ stakes: StakeGraph, _ v: Int, rule: BlockingRule, day: Day) -> Bool {
        let (value, open) = held(stakes, v)
        switch bound {
        case .lower: return rule.surelyMeets(value, open: open, on: day)
        case .upper: return rule.possiblyMeets(value, open: open, on: day)
        }
    }
}

/// One propagation of a rule at one bound.
struct Pass: Sendable {
    static let notBlocked = UInt32.max
    /// The position at which each node was blocked, or `notBlocked`.
    var step: [UInt32]
    /// Why: `BlockStatus` raw value (designated, owned, controlled).
    var reason: [UInt8]
    /// Nodes in the order they were blocked.
    var order: [UInt32] = []
    /// Under the UK rule, the index of the group (in the pass's group order) that blocked each
    /// node first, -1 for none; empty for the aggregating rules.
    var group: [Int32] = []
    let bound: Bound

    init(nodeCount: Int, bound: Bound) {
        self.bound = bound
        step = [UInt32](largeRepeating: Pass.notBlocked, count: nodeCount)
        reason = [UInt8](largeRepeating: 0, count: nodeCount)
    }

    @inline(__always) func isBlocked(_ v: UInt32) -> Bool { step[Int(v)] != Pass.notBlocked }

    @inline(__always) mutating func block(_ v: UInt32, _ why: BlockStatus) {
        step[Int(v)] = UInt32(order.count)
        reason[Int(v)] = why.rawValue
        order.append(v)
    }
}

/// The least fixed point with stakes added across all blocked owners.
///
/// Ownership is propagated to its fixed point first, then everything controlled by a blocked
/// entity is added at once (as `controlled`), and so on until nothing changes: an entity
/// both owned and controlled is reported as owned whatever the order of the input.
/// - Complexity: O(V + E).
func propagateAggregate(_ stakes: StakeGraph, roots: [UInt32], rule: BlockingRule, day: Day, bound: Bound) -> Pass {
    var pass = Pass(nodeCount: stakes.nodeCount, bound: bound)
    var holding = Holding(nodeCount: stakes.nodeCount, bound: bound)
    for r in roots where !pass.isBlocked(r) { pass.block(r, .designated) }
    var next = 0
    var controlled: [UInt32] = []
    while true {
        while next < pass.order.count {
            prefetchQueue(pass.order, next, stakes, pass, holding)
            let u = pass.order[next]
            next += 1
            for slot in stakes.outRange(u) {
                let v = stakes.targets[slot]
                if pass.isBlocked(v) { continue }
                if stakes.isControl[slot] {
                    if stakes.controlBlocks(slot, bound) { controlled.append(v) }
                    continue
                }
                holding.add(stakes, slot)
                if holding.meets(stakes, Int(v), rule: rule, day: day) { pass.block(v, .owned) }
            }
        }
        let fresh = Array(Set(controlled.filter { !pass.isBlocked($0) })).sorted()
        controlled.removeAll(keepingCapacity: true)
        if fresh.isEmpty { return pass }
        for v in fresh { pass.block(v, .controlled) }
    }
}

/// Asks the cache for what the owners after `queue[next]` will read at random, a stage an
/// owner: the slot offsets of the 8th owner on, the first slots of the 4th, and for the 2nd
/// its first slots' targets: their places in the pass and what is held of them (and, for the
/// upper bound, the lower bounds added and their totals). Each stage needs what the one
/// before fetched, and an owner's turn alone waits for them one after another.
@inline(__always) func prefetchQueue(_ queue: [UInt32], _ next: Int, _ stakes: StakeGraph, _ pass: Pass, _ holding: Holding) {
    if next + 8 < queue.count { stakes.offsets.prefetch(Int(queue[next + 8])) }
    if next + 4 < queue.count {
        let first = Int(stakes.offsets[Int(queue[next + 4])])
        stakes.targets.prefetch(first); stakes.isControl.prefetch(first); stakes.low.prefetch(first); stakes.high.prefetch(first)
    }
    if next + 2 < queue.count {
        for slot in stakes.outRange(queue[next + 2]).prefix(4) {
            let v = Int(stakes.targets[slot])
            pass.step.prefetch(v); holding.isTouched.prefetch(v); holding.sum.prefetch(v)
            if holding.bound == .upper { holding.addedLow.prefetch(v); stakes.totalLow.prefetch(v) }
        }
    }
}

/// The UK rule: for each group of designated persons, the least fixed point of the
/// entities the group (with what it already holds) owns more than the threshold of, or
/// controls; the union over groups.
func propagatePerGroup(_ stakes: StakeGraph, groups: [[UInt32]], rule: BlockingRule, day: Day, bound: Bound) -> Pass {
    var pass = Pass(nodeCount: stakes.nodeCount, bound: bound)
    pass.group = [Int32](repeating: -1, count: stakes.nodeCount)
    for (g, group) in groups.enumerated() {
        for r in group where !pass.isBlocked(r) { pass.block(r, .designated); pass.group[Int(r)] = Int32(g) }
    }
    var scratch = GroupScratch(nodeCount: stakes.nodeCount, bound: bound)
    for (g, group) in groups.enumerated() {
        scratch.run(stakes, group: group, rule: rule, day: day) { v, why in
            if !pass.isBlocked(v) { pass.block(v, why); pass.group[Int(v)] = Int32(g) }
            // Owned by one person's group and controlled by another's: owned, in any order.
            else if why == .owned && pass.reason[Int(v)] == BlockStatus.controlled.rawValue { pass.reason[Int(v)] = why.rawValue }
        }
    }
    return pass
}

/// Reusable buffers for one group's propagation (reset through touched lists, so a group
/// costs only what it reaches).
struct GroupScratch {
    var holding: Holding
    var inGroup: [Bool]
    var touched: [UInt32] = []
    var members: [UInt32] = []
    var bound: Bound { holding.bound }

    init(nodeCount: Int, bound: Bound) {
        holding = Holding(nodeCount: nodeCount, bound: bound)
        inGroup = [Bool](repeating: false, count: nodeCount)
    }

    /// Propagates from `group`: ownership to its fixed point, then all that the group controls,
    /// and so on; calls `captured(v, reason)` for each entity the group owns or controls, in
    /// order. Afterwards `members` holds the group and what it captured.
    mutating func run(_ stakes: StakeGraph, group: [UInt32], rule: BlockingRule, day: Day,
                      captured: (UInt32, BlockStatus) -> Void) {
        for v in touched { inGroup[Int(v)] = false }
        touched.removeAll(keepingCapacity: true)
        holding.reset()
        members.removeAll(keepingCapacity: true)
        for r in group where !inGroup[Int(r)] {
            inGroup[Int(r)] = true
            touched.append(r)
            members.append(r)
        }
        var next = 0
        var controlled: [UInt32] = []
        while true {
            while next < members.count {
                let u = members[next]
                next += 1
                for slot in stakes.outRange(u) {
                    let v = stakes.targets[slot]
                    if inGroup[Int(v)] { continue }
                    if stakes.isControl[slot] {
                        if stakes.controlBlocks(slot, bound) { controlled.append(v) }
                        continue
                    }
                    holding.add(stakes, slot)
                    if holding.meets(stakes, Int(v), rule: rule, day: day) {
                        inGroup[Int(v)] = true
                        touched.append(v)
                        members.append(v)
                        captured(v, .owned)
                    }
                }
            }
            let fresh = Array(Set(controlled.filter { !inGroup[Int($0)] })).sorted()
            controlled.removeAll(keepingCapacity: true)
            if fresh.isEmpty { return }
            for v in fresh {
                touched.append(v)
                inGroup[Int(v)] = true
                members.append(v)
                captured(v, .controlled)
            }
        }
    }
}
