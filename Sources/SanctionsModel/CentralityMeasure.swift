/// A score that ranks entities: the centrality measures (networkx's definitions and
/// normalisations) and the ownership shares held in an entity. The raw value is the name the
/// command line takes ("pagerank", "in-share"); `description` names it in titles ("PageRank").
public enum CentralityMeasure: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// In + out degree, divided by n − 1.
    case degree
    /// PageRank, damping 0.85 (optionally personalised: sanctions proximity).
    case pagerank
    /// Betweenness (Brandes; exact, sampled, or approximated).
    case betweenness
    /// Closeness (Wasserman–Faust for disconnected graphs, distances measured to each node).
    case closeness
    /// Harmonic centrality.
    case harmonic
    /// Eigenvector centrality.
    case eigenvector
    /// Katz centrality.
    case katz
    /// HITS hub or authority scores.
    case hits
    /// Weighted in-degree over ownership ties: the sum of the known shares held in the
    /// entity, in percent.
    case inShare = "in-share"

    /// The measure by its command-line name ("pagerank", "in-share"); nil for other text.
    public init?(name: String) { self.init(rawValue: name.lowercased()) }

    /// The measure in words, for titles: "PageRank", "degree centrality", …
    public var description: String {
        switch self {
        case .degree: "degree centrality"
        case .pagerank: "PageRank"
        case .betweenness: "betweenness centrality"
        case .closeness: "closeness centrality"
        case .harmonic: "harmonic centrality"
        case .eigenvector: "eigenvector centrality"
        case .katz: "Katz centrality"
        case .hits: "HITS"
        case .inShare: "ownership shares held in them"
        }
    }
}
