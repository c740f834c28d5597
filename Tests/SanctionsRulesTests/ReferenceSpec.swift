import SanctionsModel
import SanctionsRules
import TestOracles

extension RefProblem {
    /// From a spec, by reading its records directly (no NetworkBuilder involved).
    init(_ spec: Spec, rule: BlockingRule, day: Day) {
        let ids = spec.entities.map(\.id)
        var index: [String: Int] = [:]
        for (i, id) in ids.enumerated() { index[id] = i }
        var reports: [(o: Int, a: Int, share: ShareInterval, shareClass: String)] = []
        var controls: [(c: Int, t: Int)] = [], joint: [(Int, Int)] = []
        for t in spec.ties where RefProblem.active(t.start, t.end, on: day) {
            guard let o = index[t.from], let a = index[t.to] else { continue }
            if rule.ownershipKinds.contains(t.kind) { reports.append((o, a, t.interval ?? t.share.map { .exact($0) } ?? .unknown, t.shareClass)) }
            if rule.controlKinds.contains(t.kind) { controls.append((o, a)) }
            if RefProblem.isJoint(t.detail) { joint.append((o, a)) }
        }
        self.init(ids: ids, reports: reports, controls: controls, joint: joint,
                  listings: spec.listings.compactMap { l in
                      index[l.entity].map { ($0, l.start, l.end, l.firstSeen, RefProblem.counts(l.jurisdiction, measure: RefProblem.isFreeze(l.authority, l.jurisdiction) ? .assetFreeze : .unknown, rule: rule)) }
                  }, rule: rule, day: day)
    }
}
