/// A stake's size as an interval of percentages with open or closed ends, as the Beneficial
/// Ownership Data Standard models shares (exact, minimum, maximum, exclusive minimum,
/// exclusive maximum); docs/shares.md.
///
/// "50" is [50, 50]; "25-50" is [25, 50]; "<25" is [0, 25); ">50" is (50, 100]; a stake of
/// unknown size is [0, 100]. Invariant: 0 ≤ low ≤ high ≤ 100, and an open end is never the
/// other end of a one-point interval.
public struct ShareInterval: Sendable, Hashable, CustomStringConvertible {
    /// The lower bound, in percent.
    public var low: Double
    /// The upper bound, in percent.
    public var high: Double
    /// The interval excludes `low` (a share of more than `low`).
    public var lowOpen: Bool
    /// The interval excludes `high` (a share of less than `high`).
    public var highOpen: Bool

    /// The interval from `low` to `high` percent, closed unless an end is said to be open.
    public init(low: Double, high: Double, lowOpen: Bool = false, highOpen: Bool = false) {
        // −0 is 0: a share read as "-0" must equal one read as "0", and write back the same
        // (adding +0 turns −0 into +0 and leaves every other value as it is).
        self.low = low + 0
        self.high = high + 0
        self.lowOpen = lowOpen
        self.highOpen = highOpen
    }

    /// An exact share.
    public static func exact(_ p: Double) -> ShareInterval { ShareInterval(low: p, high: p) }
    /// A stake of unknown size: anything from 0% to 100%.
    public static let unknown = ShareInterval(low: 0, high: 100)
    /// A stake whose reported share could not be read (kept with `--lenient`): some stake,
    /// (0, 100]. Unlike `unknown`, it widens the hull of other reports of the stake.
    public static let unreadable = ShareInterval(low: 0, high: 100, lowOpen: true)

    /// The one value of an exact share, else nil.
    public var exactValue: Double? { low == high && !lowOpen && !highOpen ? low : nil }
    /// Nothing is known: [0, 100].
    public var isUnknown: Bool { low == 0 && high == 100 && !lowOpen && !highOpen }
    /// The middle of the interval: the single number measures use by default (`--share mid`).
    public var mid: Double { (low + high) / 2 }

    /// The smallest interval holding both (several reports of one stake: docs/shares.md).
    public func hull(_ other: ShareInterval) -> ShareInterval {
        let lo = low < other.low ? (low, lowOpen) : other.low < low ? (other.low, other.lowOpen) : (low, lowOpen && other.lowOpen)
        let hi = high > other.high ? (high, highOpen) : other.high > high ? (other.high, other.highOpen) : (high, highOpen && other.highOpen)
        return ShareInterval(low: lo.0, high: hi.0, lowOpen: lo.1, highOpen: hi.1)
    }

    /// Interval notation without a percent sign ("[25, 50]", "(50, 75)"), as the writers put
    /// a range into a `percentage` value; the readers read it back.
    /// - Complexity: O(number of digits written).
    public var notation: String {
        (lowOpen ? "(" : "[") + Share.format(low) + ", " + Share.format(high) + (highOpen ? ")" : "]")
    }

    /// In the notation of docs/shares.md: "50%", "[25, 50]%", "(50, 75)%", "unknown".
    public var description: String {
        if let p = exactValue { return Share.format(p) + "%" }
        if isUnknown { return "unknown" }
        return (lowOpen ? "(" : "[") + Share.format(low) + ", " + Share.format(high) + (highOpen ? ")" : "]") + "%"
    }
}

/// What a UK PSC "nature of control" says (docs/shares.md), as the Companies House codes
/// (`ownership-of-shares-25-to-50-percent`, `…-as-trust`, `…-as-firm`) or OpenSanctions'
/// words ("Ownership of shares 25 to 50 percent") give it.
public enum NatureOfControl: Sendable, Hashable {
    /// A band of the shares: an ownership stake.
    case shares(ShareInterval)
    /// A band of the voting rights: control, not ownership.
    case votes(ShareInterval)
    /// The right to appoint or remove a majority of the board: control.
    case board
    /// Significant influence or control: control.
    case significantInfluence

    /// A cheap test on the raw bytes that rules out most texts that are not a nature of
    /// control ("shareholder", "subsidiary of"): they start with o, v, r or s and are long.
    @inlinable public static func mayBe(_ raw: UnsafeRawBufferPointer) -> Bool {
        guard raw.count >= 25, let first = raw.first else { return false }
        switch first | 0x20 {
        case UInt8(ascii: "o"), UInt8(ascii: "v"), UInt8(ascii: "r"), UInt8(ascii: "s"): return true
        default: return false
        }
    }

    /// The Companies House code of a voting-rights band, when `votes` is one.
    public static func votesCode(_ votes: ShareInterval) -> String? {
        switch votes {
        case ShareInterval(low: 25, high: 50, lowOpen: true): "voting-rights-25-to-50-percent"
        case ShareInterval(low: 50, high: 75, lowOpen: true, highOpen: true): "voting-rights-50-to-75-percent"
        case ShareInterval(low: 75, high: 100): "voting-rights-75-to-100-percent"
        default: nil
        }
    }

    /// Reads a nature of control, or nil when the text is not one.
    /// - Complexity: O(length of the text).
    public init?(_ text: String) {
        let words = text.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map(String.init)
        let joined = " " + words.joined(separator: " ") + " "
        func band() -> ShareInterval? {
            if joined.contains(" 25 to 50 percent ") { return ShareInterval(low: 25, high: 50, lowOpen: true) }
            if joined.contains(" 50 to 75 percent ") { return ShareInterval(low: 50, high: 75, lowOpen: true, highOpen: true) }
            if joined.contains(" 75 to 100 percent ") { return ShareInterval(low: 75, high: 100) }
            return nil
        }
        if joined.hasPrefix(" ownership of shares "), let b = band() { self = .shares(b); return }
        if joined.hasPrefix(" voting rights "), let b = band() { self = .votes(b); return }
        if joined.hasPrefix(" right to appoint and remove directors ") || joined.hasPrefix(" right to appoint or remove directors ") {
            self = .board
            return
        }
        if joined.hasPrefix(" significant influence or control ") { self = .significantInfluence; return }
        return nil
    }
}

extension Share {
    /// The exact share of an interval, or unknown for a range (which a single number cannot say).
    public init(_ interval: ShareInterval) { self = interval.exactValue.map { .percent($0) } ?? .unknown }
}

extension ShareInterval {
    /// The stakes that several reports of one owner–asset pair in force on one day make
    /// (docs/shares.md): reports of one stake (two registers, a correction) are not added
    /// but joined into their hull, where a report of unknown size adds nothing when another
    /// gives a value; only reports naming different share classes (`shareClass` ≠ 0) are
    /// separate stakes, one hull per class (reports without a class beside several classes
    /// then add nothing).
    /// - Complexity: O(r log r) for r reports.
    public static func stakes(fromReports reports: [(share: ShareInterval, shareClass: UInt32)]) -> [ShareInterval] {
        if reports.count == 1 { return [reports[0].share] }  // the usual case: one report, one stake
        func hull(_ list: [ShareInterval]) -> ShareInterval {
            let known = list.filter { !$0.isUnknown }
            guard let first = known.first else { return .unknown }
            return known.dropFirst().reduce(first) { $0.hull($1) }
        }
        let classes = Array(Set(reports.map(\.shareClass).filter { $0 != 0 })).sorted()
        guard classes.count > 1 else { return [hull(reports.map(\.share))] }
        return classes.map { c in hull(reports.filter { $0.shareClass == c }.map(\.share)) }
    }
}
