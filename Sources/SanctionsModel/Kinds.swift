import GraphCore

/// What an entity is. Spelled as FtM spells schemata (`ftmName`); `sector` nodes are derived
/// from the free-text `sector` property and `other` covers the remaining FtM things
/// (Security, RealEstate, Position, …), whose schema is kept per entity.
public enum EntityKind: UInt8, CaseIterable, Sendable, Comparable {
    /// The FtM schemata of the same names, sector nodes, and every other node schema.
    case person, company, organization, legalEntity, vessel, airplane, sector, other

    /// The FtM schema name (`Sector` and `Other` are ours: FtM has no such schemata).
    public var ftmName: String {
        switch self {
        case .person: "Person"
        case .company: "Company"
        case .organization: "Organization"
        case .legalEntity: "LegalEntity"
        case .vessel: "Vessel"
        case .airplane: "Airplane"
        case .sector: "Sector"
        case .other: "Other"
        }
    }

    /// Parses an FtM name or a lowercase kind name ("Person", "person", "legal entity").
    /// - Complexity: O(length of name).
    public init?(name: String) {
        let key = name.lowercased().filter { $0 != " " && $0 != "_" && $0 != "-" }
        guard let kind = EntityKind.allCases.first(where: { $0.ftmName.lowercased() == key }) else { return nil }
        self = kind
    }

    public static func < (a: EntityKind, b: EntityKind) -> Bool { a.rawValue < b.rawValue }
}

/// The kind of a tie (an edge). Every FtM edge schema has its own kind; `sectorMembership`
/// links an entity to a derived sector node. Raw values are stable: they are stored per edge.
public enum TieKind: UInt8, CaseIterable, Sendable, Comparable {
    /// The FtM edge schemata of the same names (Ownership, Control, …).
    case ownership, control, directorship, family, associate, employment, membership
    /// More FtM edge schemata (UnknownLink: FtM's generic tie).
    case representation, succession, unknownLink, occupancy, payment, debt, contractAward
    /// The last FtM edge schemata, and `sectorMembership`: an entity's sector (ours, not FtM's).
    case courtCaseParty, projectParticipant, documentation, sectorMembership

    /// The FtM schema name (`SectorMembership` is ours).
    public var ftmName: String {
        switch self {
        case .ownership: "Ownership"
        case .control: "Control"
        case .directorship: "Directorship"
        case .family: "Family"
        case .associate: "Associate"
        case .employment: "Employment"
        case .membership: "Membership"
        case .representation: "Representation"
        case .succession: "Succession"
        case .unknownLink: "UnknownLink"
        case .occupancy: "Occupancy"
        case .payment: "Payment"
        case .debt: "Debt"
        case .contractAward: "ContractAward"
        case .courtCaseParty: "CourtCaseParty"
        case .projectParticipant: "ProjectParticipant"
        case .documentation: "Documentation"
        case .sectorMembership: "SectorMembership"
        }
    }

    /// The FtM properties naming the edge's source and target (`owner` → `asset`, …).
    public var ftmEnds: (source: String, target: String) {
        switch self {
        case .ownership: ("owner", "asset")
        case .control: ("controller", "controlled")
        case .directorship: ("director", "organization")
        case .family: ("person", "relative")
        case .associate: ("person", "associate")
        case .employment: ("employee", "employer")
        case .membership: ("member", "organization")
        case .representation: ("agent", "client")
        case .succession: ("predecessor", "successor")
        case .unknownLink: ("subject", "object")
        case .occupancy: ("holder", "post")
        case .payment: ("payer", "beneficiary")
        case .debt: ("debtor", "creditor")
        case .contractAward: ("contract", "supplier")
        case .courtCaseParty: ("party", "case")
        case .projectParticipant: ("participant", "project")
        case .documentation: ("document", "entity")
        case .sectorMembership: ("member", "sector")
        }
    }

    /// The FtM property holding the tie's qualifier (role, control type, relationship).
    public var ftmDetailProperty: String {
        switch self {
        case .ownership: "ownershipType"
        case .control: "controlType"
        case .family, .associate: "relationship"
        default: "role"
        }
    }

    /// FtM's undirected edges (Family, Associate, UnknownLink, Documentation).
    public var isDirected: Bool {
        switch self {
        case .family, .associate, .unknownLink, .documentation: false
        default: true
        }
    }

    /// Parses an FtM schema name or a lowercase kind name ("Ownership", "ownership", "unknown link").
    /// - Complexity: O(length of name).
    public init?(name: String) {
        let key = name.lowercased().filter { $0 != " " && $0 != "_" && $0 != "-" }
        if key == "sector" { self = .sectorMembership; return }
        if key == "link" { self = .unknownLink; return }
        guard let kind = TieKind.allCases.first(where: { $0.ftmName.lowercased() == key }) else { return nil }
        self = kind
    }

    public static func < (a: TieKind, b: TieKind) -> Bool { a.rawValue < b.rawValue }
}

/// FtM schema knowledge the model needs: which schemata are graph nodes, their kind, and
/// how two schemata of one merged entity combine (the more specific one wins).
public enum FtMSchema {
    /// The parents of each node schema (FtM's `extends`), for merging.
    static let parents: [String: [String]] = [
        "Person": ["LegalEntity"], "Organization": ["LegalEntity"], "PublicBody": ["Organization"],
        "Company": ["Organization", "Asset"], "LegalEntity": ["Thing"], "Asset": ["Thing"],
        "Vehicle": ["Asset"], "Vessel": ["Vehicle"], "Airplane": ["Vehicle"], "Security": ["Asset"],
        "RealEstate": ["Asset"], "BankAccount": ["Asset"], "CryptoWallet": ["Value"],
    ]

    /// Thing schemata that are not nodes: addresses and documents.
    static let notNodes: Set<String> = [
        "Address", "Document", "Pages", "Folder", "Package", "Workbook", "Table", "PlainText",
        "HyperText", "Image", "Video", "Audio", "Email", "Message", "Article", "Note", "Mention",
        "Identification", "Passport", "Risk", "TaxRoll", "EconomicActivity", "Call", "Page", "Similar",
    ]

    /// FtM thing schemata that become nodes of kind `.other`.
    static let otherThings: Set<String> = [
        "Thing", "Asset", "Vehicle", "Security", "RealEstate", "BankAccount", "CryptoWallet", "Position",
        "Project", "Contract", "CourtCase", "License", "Event", "Trip", "UserAccount", "Territory", "CallForTenders",
    ]

    /// The entity kind of a node schema, or nil if the schema is not a node (documents,
    /// addresses, unknown schemata).
    public static func entityKind(of schema: String) -> EntityKind? {
        switch schema {
        case "Person": .person
        case "Company": .company
        case "Organization", "PublicBody": .organization
        case "LegalEntity": .legalEntity
        case "Vessel": .vessel
        case "Airplane": .airplane
        default: otherThings.contains(schema) ? .other : nil
        }
    }

    /// The tie kind of an FtM edge schema, or nil.
    public static func tieKind(of schema: String) -> TieKind? {
        guard schema != "SectorMembership", let kind = TieKind(name: schema), kind.ftmName == schema else { return nil }
        return kind
    }

    static func isAncestor(_ a: String, of b: String) -> Bool {
        guard let ps = parents[b] else { return false }
        return ps.contains { $0 == a || isAncestor(a, of: $0) }
    }

    /// The schema of an entity seen as both `a` and `b`: the more specific one, or nil if
    /// neither extends the other (a Person cannot also be a Company).
    /// - Complexity: O(depth of FtM's schema hierarchy).
    public static func merge(_ a: String, _ b: String) -> String? {
        if a == b { return a }
        if isAncestor(a, of: b) { return b }
        if isAncestor(b, of: a) { return a }
        return nil
    }
}

extension EdgeKindSet {
    /// The set of these tie kinds (a tie's kind is its graph edge label: `TieKind.rawValue`).
    /// - Complexity: O(number of kinds).
    @inlinable public init<S: Sequence>(_ kinds: S) where S.Element == TieKind {
        self.init(kinds.lazy.map(\.rawValue))
    }

    /// Whether the set holds `kind`.
    /// - Complexity: O(1).
    @inlinable public func contains(_ kind: TieKind) -> Bool { contains(kind.rawValue) }
}
