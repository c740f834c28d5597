/// An entity's standing under a rule. SanctionsRules computes it; it is declared here so
/// that the writers (GraphML's `status` attribute) can carry it typed.
public enum BlockStatus: UInt8, Sendable, CaseIterable, CustomStringConvertible {
    /// Not blocked, whatever the unknown shares are.
    case clear
    /// Listed in its own right (a designation the rule counts, in force).
    case designated
    /// Blocked because blocked persons own enough of it.
    case owned
    /// Blocked because a blocked person controls it (where control counts).
    case controlled
    /// Blocked if the unknown shares are large enough, not if they are small.
    case undetermined

    /// Designated, owned or controlled: blocked for certain.
    public var isBlocked: Bool { self == .designated || self == .owned || self == .controlled }
    /// The status in words, as the reports print it: "clear", "designated", "owned", …
    public var description: String {
        switch self {
        case .clear: "clear"
        case .designated: "designated"
        case .owned: "owned"
        case .controlled: "controlled"
        case .undetermined: "undetermined"
        }
    }
}
