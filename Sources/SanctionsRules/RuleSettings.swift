import SanctionsModel

/// Which listings a rule counts.
public enum DesignationScope: String, Sendable, Hashable, CaseIterable {
    /// The rule's own: its jurisdictions' asset freezes.
    case rule
    /// Every listing of every source, whatever its jurisdiction or measure.
    case all
}

/// A blocking rule as a command line or a script states it: a preset or a custom rule with
/// its settings, which listings count, and how undated listings read. `rule()` makes the
/// `BlockingRule`; settings of a custom rule given with a preset are refused.
///
/// ```swift
/// var settings = RuleSettings(kind: .custom)
/// settings.threshold = 25
/// settings.controlKinds = try RuleSettings.tieKinds("control")
/// let rule = try settings.rule()
/// ```
public struct RuleSettings: Sendable, Hashable {
    /// The preset, or `custom`.
    public var kind: BlockingRule.Kind
    /// Custom: the ownership threshold in percent (default 50).
    public var threshold: Double?
    /// Custom: more than the threshold is needed (default: the threshold or more).
    public var strict: Bool
    /// Custom: how blocked owners' stakes combine (default: across owners).
    public var aggregation: Aggregation?
    /// Custom: the tie kinds whose shares count (default: ownership).
    public var ownershipKinds: Set<TieKind>?
    /// Custom: the tie kinds that block outright when a blocked person holds them (default: none).
    public var controlKinds: Set<TieKind>?
    /// Custom: the jurisdictions whose asset freezes count (default: every jurisdiction's).
    public var jurisdictions: Set<Jurisdiction>?
    /// The rule's own listings, or every listing.
    public var designations: DesignationScope
    /// How undated listings read before their record's first_seen (docs/time.md).
    public var undated: UndatedListings

    /// Settings for a `kind` rule: the custom settings not given (nil, `strict` false), the rule's
    /// own listings, and undated listings read as `knownSince` (docs/time.md).
    public init(kind: BlockingRule.Kind, threshold: Double? = nil, strict: Bool = false, aggregation: Aggregation? = nil,
                ownershipKinds: Set<TieKind>? = nil, controlKinds: Set<TieKind>? = nil, jurisdictions: Set<Jurisdiction>? = nil,
                designations: DesignationScope = .rule, undated: UndatedListings = .knownSince) {
        self.kind = kind
        self.threshold = threshold
        self.strict = strict
        self.aggregation = aggregation
        self.ownershipKinds = ownershipKinds
        self.controlKinds = controlKinds
        self.jurisdictions = jurisdictions
        self.designations = designations
        self.undated = undated
    }

    /// Whether any setting of a custom rule is given.
    public var hasCustomSettings: Bool {
        threshold != nil || strict || aggregation != nil || ownershipKinds != nil || controlKinds != nil || jurisdictions != nil
    }

    /// Checks the settings: custom ones only with `custom`, the threshold within [0, 100].
    public func validate() throws(RuleSettingsError) {
        if kind != .custom && hasCustomSettings { throw .customSettingsWithPreset(kind) }
        if let threshold, !(0 ... 100).contains(threshold) { throw .thresholdOutOfRange(threshold) }
    }

    /// The rule the settings state: the preset, or the custom rule; with every listing
    /// counted if `designations` is `all`, and undated listings read as `undated` says.
    public func rule() throws(RuleSettingsError) -> BlockingRule {
        try validate()
        var r = kind.preset ?? BlockingRule(kind: .custom, threshold: threshold ?? 50, inclusive: !strict,
                                            aggregation: aggregation ?? .acrossOwners, ownershipKinds: ownershipKinds ?? [.ownership],
                                            controlKinds: controlKinds ?? [], jurisdictions: jurisdictions)
        if designations == .all { r.jurisdictions = nil; r.measures = nil }
        r.undated = undated
        return r
    }

    /// Tie kinds from a comma-separated list of their names ("ownership,control").
    /// - Complexity: O(length of `text`).
    public static func tieKinds(_ text: String) throws(RuleSettingsError) -> Set<TieKind> {
        try list(text, TieKind.init(name:), RuleSettingsError.unknownTieKind)
    }

    /// Jurisdictions from a comma-separated list of list codes ("us,eu,gb").
    /// - Complexity: O(length of `text`).
    public static func jurisdictions(_ text: String) throws(RuleSettingsError) -> Set<Jurisdiction> {
        try list(text, Jurisdiction.init(code:), RuleSettingsError.unknownJurisdiction)
    }

    /// The items of a comma-separated list, each read by `read`; `refuse` names the first unread.
    private static func list<T: Hashable>(_ text: String, _ read: (String) -> T?,
                                          _ refuse: (String) -> RuleSettingsError) throws(RuleSettingsError) -> Set<T> {
        var set = Set<T>()
        for part in text.split(separator: ",") {
            guard let item = read(String(part)) else { throw refuse(String(part)) }
            set.insert(item)
        }
        return set
    }
}

/// Why rule settings were refused.
public enum RuleSettingsError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A custom rule's setting (threshold, strictness, aggregation, tie kinds, jurisdictions) given with a preset.
    case customSettingsWithPreset(BlockingRule.Kind)
    /// A threshold outside [0, 100].
    case thresholdOutOfRange(Double)
    /// A name that is no tie kind.
    case unknownTieKind(String)
    /// A code that is no jurisdiction.
    case unknownJurisdiction(String)

    /// In words: "'x' is not a tie kind", …
    public var description: String {
        switch self {
        case .customSettingsWithPreset(let kind):
            "a threshold, strictness, aggregation, tie kinds and jurisdictions are settings of a custom rule, not of \(kind)"
        case .thresholdOutOfRange: "the threshold must be between 0 and 100"
        case .unknownTieKind(let name): "'\(name)' is not a tie kind"
        case .unknownJurisdiction(let code): "'\(code)' is not a jurisdiction"
        }
    }
}
