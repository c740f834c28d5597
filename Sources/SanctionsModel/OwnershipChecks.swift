/// An asset whose known inbound ownership adds up to more than 100%.
public struct OwnershipOverflow: Sendable, Hashable {
    /// The asset (a node).
    public var asset: UInt32
    /// The sum of the lower bounds of its stakes in force.
    public var totalPercent: Double
}

/// An owner–asset pair with several ownership reports in force on one day: one stake (their
/// hull), or one per share class (docs/shares.md).
public struct ParallelReports: Sendable, Hashable {
    /// The owner (a node).
    public var owner: UInt32
    /// The asset (a node).
    public var asset: UInt32
    /// The reports' shares, in edge order.
    public var reports: [ShareInterval]
    /// The stakes they make.
    public var stakes: [ShareInterval]
}

extension SanctionsNetwork {
    /// The ownership stakes in force on `day` of `asset`, by owner (in the order of their
    /// first tie), with reports of one stake merged (`ShareInterval.stakes(fromReports:)`).
    /// - Complexity: O(d log d) expected for d ties into `asset`.
    public func ownershipStakes(of asset: UInt32, on day: Day) -> [(owner: UInt32, stakes: [ShareInterval], reports: [ShareInterval])] {
        var items: [(owner: UInt32, report: (share: ShareInterval, shareClass: UInt32))] = []
        for tie in ties(into: asset, activeOn: day) where tie.kind == .ownership {
            items.append((tie.source, (shareInterval(tie.edge), shareClasses[tie.edge] ?? 0)))
        }
        // Each owner's reports in tie order: by a scan for the few owners an asset usually has,
        // by a dictionary for many.
        var groups: [(owner: UInt32, reports: [(share: ShareInterval, shareClass: UInt32)])] = []
        if items.count <= 32 {
            for item in items {
                if let k = groups.firstIndex(where: { $0.owner == item.owner }) { groups[k].reports.append(item.report) }
                else { groups.append((item.owner, [item.report])) }
            }
        } else {
            var groupOf: [UInt32: Int] = [:]
            for item in items {
                if let k = groupOf[item.owner] { groups[k].reports.append(item.report) }
                else { groupOf[item.owner] = groups.count; groups.append((item.owner, [item.report])) }
            }
        }
        return groups.map { g in (g.owner, ShareInterval.stakes(fromReports: g.reports), g.reports.map(\.share)) }
    }

    /// The assets whose ownership stakes in force on `day` add up to more than 100% even at
    /// their lower bounds, or to exactly 100% with an open lower end (inconsistent data: the
    /// 100% cap is then not applied); `ownershipChecks(on:)`.
    /// - Complexity: as `ownershipChecks(on:)`.
    public func ownershipOverflows(on day: Day) -> [OwnershipOverflow] { ownershipChecks(on: day).overflows }

    /// The owner–asset pairs with several ownership reports in force on `day`;
    /// `ownershipChecks(on:)`.
    /// - Complexity: as `ownershipChecks(on:)`.
    public func parallelReports(on day: Day) -> [ParallelReports] { ownershipChecks(on: day).parallel }

    /// Both ownership checks of `day` in one pass over the ties: the assets whose stakes add
    /// up to more than 100% (`ownershipOverflows`) and the owner–asset pairs with several
    /// reports (`parallelReports`), each in node order.
    /// - Complexity: O(V + E), plus `ownershipStakes(of:on:)` for each asset with an owner
    ///   reporting more than once.
    public func ownershipChecks(on day: Day) -> (overflows: [OwnershipOverflow], parallel: [ParallelReports]) {
        var overflows: [OwnershipOverflow] = [], parallel: [ParallelReports] = []
        let inflow = ownershipInflow(on: day)
        for v in 0 ..< UInt32(entityCount) {
            // Most assets have one report per owner: each report is a stake, and the sum of
            // their lower bounds, in edge order, is the total. Only an owner reporting twice
            // needs its reports merged.
            let flags = inflow.flags[Int(v)]
            var total = inflow.total[Int(v)], open = flags & Inflow.openLow != 0
            if flags & Inflow.repeatedOwner != 0 {
                open = false
                let byOwner = ownershipStakes(of: v, on: day)
                total = 0
                for s in byOwner {
                    for stake in s.stakes {
                        total += stake.low
                        if stake.lowOpen { open = true }
                    }
                    if flags & Inflow.repeatedOwner != 0 && s.reports.count > 1 {
                        parallel.append(ParallelReports(owner: s.owner, asset: v, reports: s.reports, stakes: s.stakes))
                    }
                }
            }
            // More than 100%, or exactly 100% where a lower bound is open (more than its value).
            if total > 100 + 1e-9 || (open && total >= 100 - 1e-9) { overflows.append(OwnershipOverflow(asset: v, totalPercent: total)) }
        }
        return (overflows, parallel)
    }

    /// Each asset's ownership ties in force on `day`, in one pass over the ties (grouped by
    /// owner, so an owner's reports of one asset are seen one after another's).
    struct Inflow {
        static let openLow: UInt8 = 1, repeatedOwner: UInt8 = 2
        /// The sum of the shares' lower bounds (unknown: 0), by asset, in edge order (that of
        /// `ties(into:)`).
        var total: [Double]
        /// `openLow` if a share's lower bound is open, `repeatedOwner` if an owner reports twice.
        var flags: [UInt8]
    }

    /// - Complexity: O(V + E).
    func ownershipInflow(on day: Day) -> Inflow {
        let g = graph, n = entityCount, d = day.daysSinceEpoch
        let ownership = TieKind.ownership.rawValue
        var inflow = Inflow(total: [Double](repeating: 0, count: n), flags: [UInt8](repeating: 0, count: n))
        var lastOwner = [UInt32](repeating: .max, count: n)
        for u in 0 ..< UInt32(n) {
            for e in g.outEdgeRange(u) {
                let edge = UInt32(e)
                guard g.kind(of: edge) == ownership, g.isEdgeActive(edge, on: d) else { continue }
                let v = Int(g.target(of: edge))
                if lastOwner[v] == u { inflow.flags[v] |= Inflow.repeatedOwner } else { lastOwner[v] = u }
                if let w = g.weight(of: edge) {
                    inflow.total[v] += w
                } else {
                    let share = shareInterval(edge)
                    inflow.total[v] += share.low
                    if share.lowOpen { inflow.flags[v] |= Inflow.openLow }
                }
            }
        }
        return inflow
    }
}

/// Which single number of a share interval the analytics use where one is needed
/// (centrality weights, ultimate owners, strongest paths): docs/shares.md.
public enum SharePoint: String, Sendable, Hashable, CaseIterable {
    /// The lower bound (unknown: 0%).
    case low
    /// The midpoint, the default (unknown: 50%).
    case mid
    /// The upper bound (unknown: 100%).
    case high

    /// The number this point takes from an interval.
    public func value(of share: ShareInterval) -> Double {
        switch self {
        case .low: share.low
        case .mid: share.mid
        case .high: share.high
        }
    }
}

extension SanctionsNetwork {
    /// One weight per tie for the analytics: an ownership tie's share at `point` (reports of
    /// one stake merged as the rules merge them, every report of a pair carrying the pair's
    /// merged share); other ties keep the graph's weight column (NaN when they have none).
    /// - Parameter day: the day whose ties in force are weighed and merged; nil weighs every
    ///   tie, each report apart (which reports make one stake depends on the day).
    /// - Complexity: O(V + E log d), d the largest out-degree (each owner's assets are sorted
    ///   to find repeated pairs).
    public func tieWeights(_ point: SharePoint, on day: Day? = nil) -> [Double] {
        var weights = Array(graph.weightsByEdge)
        let g = graph, ownership = TieKind.ownership.rawValue
        // Each ownership tie (in force) its share, in one pass over the ties in edge order.
        for e in 0 ..< UInt32(g.edgeCount) where g.kind(of: e) == ownership {
            if let day, !g.isEdgeActive(e, on: day.daysSinceEpoch) { continue }
            weights[Int(e)] = point.value(of: shareInterval(e))
        }
        guard let day else { return weights }
        // Several reports of one pair: each carries the sum of the stakes they make. The pairs
        // are found along the owners' ranges (an owner's reports of one asset share its range).
        var repeated = Set<UInt32>()
        var targets: [UInt32] = []
        for u in 0 ..< UInt32(entityCount) {
            let range = g.outEdgeRange(u)
            guard range.count > 1 else { continue }
            targets.removeAll(keepingCapacity: true)
            for e in range where g.kind(of: UInt32(e)) == ownership && g.isEdgeActive(UInt32(e), on: day.daysSinceEpoch) {
                targets.append(g.target(of: UInt32(e)))
            }
            guard SanctionsNetwork.hasRepeats(&targets) else { continue }
            for i in 1 ..< targets.count where targets[i] == targets[i - 1] { repeated.insert(targets[i]) }
        }
        for v in repeated.sorted() {
            for s in ownershipStakes(of: v, on: day) where s.reports.count > 1 {
                let merged = s.stakes.reduce(0.0) { $0 + point.value(of: $1) }
                for tie in ties(into: v, activeOn: day) where tie.kind == .ownership && tie.source == s.owner { weights[Int(tie.edge)] = merged }
            }
        }
        return weights
    }
}

extension SanctionsNetwork {
    /// Whether a short list of nodes names one twice (sorts it in place; allocates nothing).
    static func hasRepeats(_ owners: inout [UInt32]) -> Bool {
        guard owners.count > 1 else { return false }
        owners.sort()
        for i in 1 ..< owners.count where owners[i] == owners[i - 1] { return true }
        return false
    }
}
