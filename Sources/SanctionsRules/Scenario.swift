import SanctionsModel

/// One change to the network in a relief (or tightening) scenario.
public enum ReliefEdit: Sendable, Hashable, CustomStringConvertible {
    /// Ends every designation of the entity, or only one jurisdiction's.
    case delist(UInt32, Jurisdiction?)
    /// Sets the owner's stake in the asset (a divestment such as 70% → 44.95%).
    case setShare(owner: UInt32, asset: UInt32, percent: Double)
    /// Removes every tie from owner to asset.
    case removeTie(owner: UInt32, asset: UInt32)
    /// Adds a tie (an unknown share when `percent` is nil).
    case addTie(owner: UInt32, asset: UInt32, kind: TieKind, percent: Double?)
    /// Designates the entity in a jurisdiction.
    case addDesignation(UInt32, Jurisdiction)

    public var description: String {
        switch self {
        case .delist(let v, let j): "delist #\(v)\(j.map { " (\($0.code))" } ?? "")"
        case .setShare(let o, let a, let p): "set #\(o) → #\(a) to \(Share.format(p))%"
        case .removeTie(let o, let a): "remove #\(o) → #\(a)"
        case .addTie(let o, let a, let k, let p): "add \(k.ftmName) #\(o) → #\(a)\(p.map { " \(Share.format($0))%" } ?? "")"
        case .addDesignation(let v, let j): "designate #\(v) (\(j.code))"
        }
    }

    /// The entities the edit touches.
    public var entities: [UInt32] {
        switch self {
        case .delist(let v, _), .addDesignation(let v, _): [v]
        case .setShare(let o, let a, _), .removeTie(let o, let a), .addTie(let o, let a, _, _): [o, a]
        }
    }
}

/// The ties a rule counts (ownership and control kinds) in force on a day, with a
/// scenario's edits applied, in CSR form with a reverse index.
struct StakeGraph: Sendable {
    let nodeCount: Int
    var offsets: [UInt32]
    var targets: [UInt32]
    /// Percent; NaN = unknown.
    var shares: [Double]
    var isControl: [Bool]
    var sources: [UInt32]
    var inOffsets: [UInt32]
    /// For node v, `inSlots[inOffsets[v] ..< inOffsets[v + 1]]` are positions in the out arrays.
    var inSlots: [UInt32]

    init(network: SanctionsNetwork, rule: BlockingRule, day: Day, edits: [ReliefEdit]) {
        let g = network.graph
        let ownership = EdgeKindMask(rule.ownershipKinds), control = EdgeKindMask(rule.controlKinds)
        var removed = Set<UInt64>()
        var overrides: [UInt64: Double] = [:]
        for edit in edits {
            switch edit {
            case .removeTie(let o, let a): removed.insert(UInt64(o) << 32 | UInt64(a))
            case .setShare(let o, let a, let p): overrides[UInt64(o) << 32 | UInt64(a)] = p
            default: break
            }
        }
        var src: [UInt32] = [], dst: [UInt32] = [], share: [Double] = [], ctl: [Bool] = []
        var overridden = Set<UInt64>()
        for e in 0 ..< g.edgeCount {
            let kind = g.edgeKind[e]
            let isOwnership = ownership.contains(kind), isControl = control.contains(kind)
            guard isOwnership || isControl, g.isEdgeActive(UInt32(e), on: day.daysSinceEpoch) else { continue }
            let s = g.edgeSource[e], t = g.edgeTarget[e]
            let key = UInt64(s) << 32 | UInt64(t)
            if removed.contains(key) { continue }
            var w = g.edgeWeight[e]
            if isOwnership, let p = overrides[key] {
                // The new stake replaces every ownership tie between the two in force.
                if overridden.contains(key) { continue }
                overridden.insert(key)
                w = p
            }
            src.append(s); dst.append(t); share.append(isOwnership ? w : .nan); ctl.append(!isOwnership)
        }
        for (key, p) in overrides where !overridden.contains(key) {
            src.append(UInt32(key >> 32)); dst.append(UInt32(key & 0xFFFF_FFFF)); share.append(p); ctl.append(false)
        }
        for edit in edits {
            if case .addTie(let o, let a, let kind, let p) = edit {
                let isOwnership = ownership.contains(kind.rawValue), isControl = control.contains(kind.rawValue)
                guard isOwnership || isControl else { continue }
                src.append(o); dst.append(a); share.append(isOwnership ? (p ?? .nan) : .nan); ctl.append(!isOwnership)
            }
        }
        self.init(nodeCount: network.entityCount, sources: src, targets: dst, shares: share, isControl: ctl)
    }

    /// A stake graph from parallel tie arrays.
    init(nodeCount n: Int, sources src: [UInt32], targets dst: [UInt32], shares share: [Double], isControl ctl: [Bool]) {
        nodeCount = n
        var offsets = [UInt32](repeating: 0, count: n + 1)
        for s in src { offsets[Int(s) + 1] += 1 }
        for v in 0 ..< n { offsets[v + 1] += offsets[v] }
        var cursor = offsets
        let m = src.count
        var order = [Int](repeating: 0, count: m)
        for i in 0 ..< m { order[i] = Int(cursor[Int(src[i])]); cursor[Int(src[i])] += 1 }
        func place<T>(_ column: [T], _ fill: T) -> [T] {
            var out = [T](repeating: fill, count: m)
            for i in 0 ..< m { out[order[i]] = column[i] }
            return out
        }
        self.offsets = offsets
        targets = place(dst, 0)
        shares = place(share, 0)
        isControl = place(ctl, false)
        sources = place(src, 0)
        var inOffsets = [UInt32](repeating: 0, count: n + 1)
        for t in targets { inOffsets[Int(t) + 1] += 1 }
        for v in 0 ..< n { inOffsets[v + 1] += inOffsets[v] }
        cursor = inOffsets
        var inSlots = [UInt32](repeating: 0, count: m)
        for slot in 0 ..< m {
            let t = Int(targets[slot])
            inSlots[Int(cursor[t])] = UInt32(slot)
            cursor[t] += 1
        }
        self.inOffsets = inOffsets
        self.inSlots = inSlots
    }

    @inline(__always) func outRange(_ v: UInt32) -> Range<Int> { Int(offsets[Int(v)]) ..< Int(offsets[Int(v) + 1]) }
    @inline(__always) func inRange(_ v: UInt32) -> Range<Int> { Int(inOffsets[Int(v)]) ..< Int(inOffsets[Int(v) + 1]) }
}

/// A bit set of tie kinds, for the hot loops.
struct EdgeKindMask {
    let bits: UInt64
    init(_ kinds: Set<TieKind>) { bits = kinds.reduce(0) { $0 | (1 << UInt64($1.rawValue)) } }
    @inline(__always) func contains(_ raw: UInt8) -> Bool { bits & (1 << UInt64(raw & 63)) != 0 }
}
