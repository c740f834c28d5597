import GraphvizBinding
import SanctionsModel

/// What a node's colour says: an entity's standing under the chosen rule, or, in a relief
/// view, how the scenario changes it.
public enum DiagramStatus: String, Sendable, CaseIterable, Hashable {
    /// Listed in its own right (under the rule; without a rule, by any authority).
    case designated
    /// Blocked by ownership or control.
    case ownedOrControlled
    /// Blocked or not depending on what the data leaves open: stakes of unknown size or
    /// known as a range (docs/shares.md), or undated listings (docs/time.md).
    case undetermined
    /// Not blocked, but a signal to look at (a significant minority held by blocked
    /// persons, or control where control does not block).
    case caution
    /// Neither blocked nor a caution (nor, without a rule, designated).
    case clear
    /// Relief: blocked before the scenario, not after.
    case freed
    /// Relief: not blocked before, blocked after.
    case newlyBlocked

    /// The legend's words.
    public var legendText: String {
        switch self {
        case .designated: "designated"
        case .ownedOrControlled: "owned or controlled"
        case .undetermined: "undetermined (unknown stakes)"
        case .caution: "caution"
        case .clear: "clear"
        case .freed: "freed by the scenario"
        case .newlyBlocked: "newly blocked"
        }
    }
}

/// Colours, shapes and line styles of the diagrams. Colours are ColorBrewer's RdBu, PuOr
/// and PRGn families (distinguishable in print and by most colour-blind readers); every
/// status also has its own words in the legend and tooltips, so nothing rests on colour alone.
public enum DiagramStyle {
    /// The font of every label.
    public static let fontName = "Helvetica"

    /// Fill and font colour of a status.
    public static func colors(_ status: DiagramStatus) -> (fill: String, font: String) {
        switch status {
        case .designated: ("#b2182b", "#ffffff")
        case .ownedOrControlled: ("#f4a582", "#000000")
        case .undetermined: ("#fee08b", "#000000")
        case .caution: ("#c2a5cf", "#000000")
        case .clear: ("#ffffff", "#000000")
        case .freed: ("#a6dba0", "#000000")
        case .newlyBlocked: ("#c51b7d", "#ffffff")
        }
    }

    /// The Graphviz shape (and extra style) that shows an entity kind.
    public static func shape(_ kind: EntityKind) -> (shape: String, rounded: Bool) {
        switch kind {
        case .person: ("ellipse", false)
        case .company: ("box", true)
        case .organization: ("hexagon", false)
        case .legalEntity: ("octagon", false)
        case .vessel: ("invtrapezium", false)
        case .airplane: ("cds", false)
        case .sector: ("folder", false)
        case .other: ("note", false)
        }
    }

    /// The legend's words for a kind's shape.
    public static func shapeText(_ kind: EntityKind) -> String {
        switch kind {
        case .person: "ellipse: person"
        case .company: "rounded box: company"
        case .organization: "hexagon: organisation or public body"
        case .legalEntity: "octagon: legal entity"
        case .vessel: "trapezium: vessel"
        case .airplane: "arrow box: aircraft"
        case .sector: "folder: sector"
        case .other: "note: other (security, real estate, …)"
        }
    }

    /// Ownership and control ties.
    public static let edgeColor = "#4d4d4d"
    /// Ties of other kinds (family, associate, directorship, …).
    public static let secondaryEdgeColor = "#8c8c8c"
    /// Ties on an explanation chain.
    public static let chainEdgeColor = "#b2182b"
    /// Ties a relief scenario adds or whose share it changes.
    public static let addedEdgeColor = "#1b7837"
    /// Ties a relief scenario removes (drawn dashed).
    public static let removedEdgeColor = "#bdbdbd"
    /// The fill of a cluster's box.
    public static let clusterFill = "#f5f5f5"
    /// The border of a cluster's box.
    public static let clusterBorder = "#d9d9d9"
    /// The "+N more" summary nodes and their ties.
    public static let summaryColor = "#737373"

    /// The pen width of an ownership tie: 1 for a token stake, 4.5 for all of it; unknown
    /// stakes are drawn thin.
    public static func penWidth(forShare share: ShareInterval) -> Double {
        // A range draws at its midpoint; a stake of unknown size thin.
        guard !share.isUnknown else { return 1 }
        return 1 + 3.5 * min(max(share.exactValue ?? share.mid, 0), 100) / 100
    }

    /// How a tie kind is drawn: line style, whether it has a direction, whether it should
    /// pull the layout straight (ownership chains should; family ties should not), and its
    /// colour. (Weight 0 rather than `constraint=false`: the latter makes dot 2.42's
    /// crossing minimisation read out of bounds and crash in process.)
    public static func line(_ kind: TieKind) -> (style: String, directed: Bool, straighten: Bool, color: String) {
        switch kind {
        case .ownership: ("solid", true, true, edgeColor)
        case .control: ("dashed", true, true, edgeColor)
        case .family, .associate: ("dotted", false, false, secondaryEdgeColor)
        case .directorship, .employment, .membership, .representation: ("solid", true, true, secondaryEdgeColor)
        default: ("solid", kind.isDirected, false, secondaryEdgeColor)
        }
    }

    /// A tie kind in words ("ownership", "unknown link").
    public static func kindText(_ kind: TieKind) -> String {
        var out = ""
        for c in kind.ftmName {
            if c.isUppercase && !out.isEmpty { out += " " }
            out += c.lowercased()
        }
        return out
    }

    /// Wraps a name into lines of about `width` characters at spaces (long words stay
    /// whole), at most `maxLines` lines, the last shortened with "…".
    /// - Complexity: O(length).
    public static func wrap(_ text: String, width: Int = 22, maxLines: Int = 3) -> String {
        var lines: [String] = []
        var line = ""
        for word in text.split(separator: " ", omittingEmptySubsequences: true) {
            if line.isEmpty { line = String(word) } else if line.count + 1 + word.count <= width { line += " " + word } else {
                lines.append(line)
                line = String(word)
            }
        }
        if !line.isEmpty { lines.append(line) }
        if lines.count > maxLines {
            lines = Array(lines.prefix(maxLines))
            lines[maxLines - 1] += " …"
        }
        return lines.joined(separator: "\n")
    }

    /// A score with three significant digits, never in exponent notation ("0.0523", "12.3", "1200").
    public static func formatScore(_ x: Double) -> String {
        guard x.isFinite, x != 0 else { return "0" }
        var digits = 0
        var magnitude = abs(x)
        while magnitude < 100 && digits < 12 { magnitude *= 10; digits += 1 }
        return DOTWriter.formatNumber(x, digits: digits)
    }
}
