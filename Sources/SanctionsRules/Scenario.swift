import GraphCore
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
    /// Treats two designated persons as holding under a joint arrangement (the UK rule then
    /// adds their stakes: docs/rules.md), as `--joint A,B` does where the data says nothing.
    case jointArrangement(UInt32, UInt32)

    public var description: String {
        switch self {
        case .delist(let v, let j): "delist #\(v)\(j.map { " (\($0.code))" } ?? "")"
        case .setShare(let o, let a, let p): "set #\(o) → #\(a) to \(Share.format(p))%"
        case .removeTie(let o, let a): "remove #\(o) → #\(a)"
        case .addTie(let o, let a, let k, let p): "add \(k.ftmName) #\(o) → #\(a)\(p.map { " \(Share.format($0))%" } ?? "")"
        case .addDesignation(let v, let j): "designate #\(v) (\(j.code))"
        case .jointArrangement(let a, let b): "joint arrangement #\(a) + #\(b)"
        }
    }

    /// The entities the edit touches.
    public var entities: [UInt32] {
        switch self {
        case .delist(let v, _), .addDesignation(let v, _): [v]
        case .setShare(let o, let a, _), .removeTie(let o, let a), .addTie(let o, let a, _, _), .jointArrangement(let o, let a): [o, a]
        }
    }

    /// The owner whose ties the edit changes (the stake graph reads them again); nil for
    /// edits of listings.
    var changedOwner: UInt32? {
        switch self {
        case .setShare(let o, _, _), .removeTie(let o, _), .addTie(let o, _, _, _): o
        case .delist, .addDesignation, .jointArrangement: nil
        }
    }
}
