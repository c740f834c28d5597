/// An asset whose known inbound ownership adds up to more than 100%.
public struct OwnershipOverflow: Sendable, Hashable {
    public var asset: UInt32
    public var totalPercent: Double
}

extension SanctionsNetwork {
    /// The assets whose ownership ties in force on `day` with a known share sum to more than
    /// 100% (DOMAIN.md: pick the records valid at the as-of date; warn above 100%).
    /// - Complexity: O(V + E).
    public func ownershipOverflows(on day: Day) -> [OwnershipOverflow] {
        var result: [OwnershipOverflow] = []
        let ownership = TieKind.ownership.rawValue
        for v in 0 ..< UInt32(entityCount) {
            var total = 0.0
            for slot in graph.inSlotRange(v) {
                let e = graph.inEdges[slot]
                guard graph.edgeKind[Int(e)] == ownership, graph.isEdgeActive(e, on: day.daysSinceEpoch) else { continue }
                let w = graph.edgeWeight[Int(e)]
                if !w.isNaN { total += w }
            }
            if total > 100 + 1e-9 { result.append(OwnershipOverflow(asset: v, totalPercent: total)) }
        }
        return result
    }
}
