import SanctionsModel

/// One FollowTheMoney record as read, every property and OpenSanctions' top-level members
/// kept: what `convert` writes back so that FtM → FtM loses nothing (README, "convert").
public struct FtMRecord: Sendable, Hashable {
    /// The record's FtM id.
    public var id: String
    /// The FtM schema ("Company", "Ownership", "Sanction", …).
    public var schema: String
    /// OpenSanctions' `caption` (the display name), if given.
    public var caption: String?
    /// Every property with its values, in the order first seen.
    public var properties: [(name: String, values: [String])]
    /// OpenSanctions' `datasets` (the lists the record comes from).
    public var datasets: [String]
    /// OpenSanctions' `referents`: the source ids merged into this record.
    public var referents: [String]
    /// OpenSanctions' `first_seen`, as written (an ISO 8601 timestamp).
    public var firstSeen: String?
    /// OpenSanctions' `last_seen`, as written.
    public var lastSeen: String?
    /// OpenSanctions' `last_change`, as written.
    public var lastChange: String?
    /// OpenSanctions' `target` (whether the entity is itself a sanctions target), if given.
    public var target: Bool?

    public static func == (a: FtMRecord, b: FtMRecord) -> Bool {
        a.id == b.id && a.schema == b.schema && a.caption == b.caption && a.datasets == b.datasets && a.referents == b.referents
            && a.firstSeen == b.firstSeen && a.lastSeen == b.lastSeen && a.lastChange == b.lastChange && a.target == b.target
            && a.properties.map(\.name) == b.properties.map(\.name) && a.properties.map(\.values) == b.properties.map(\.values)
    }

    public func hash(into h: inout Hasher) { h.combine(id); h.combine(schema) }
}

/// The records of one or more FtM inputs, merged by id as FtM merges entities: property
/// values united in first-seen order, the more specific schema kept, the first caption, the
/// datasets and referents united, the earliest `first_seen` and the latest `last_seen` and
/// `last_change`, `target` if any record says so.
public struct FtMRecordStore: Sendable {
    /// The merged records, in the order their ids were first seen.
    public private(set) var records: [FtMRecord] = []
    private var index: [String: Int] = [:]

    /// An empty store.
    public init() {}

    /// Adds a record, merging it into an earlier one with the same id.
    /// - Complexity: O(values of the record × values of that property already kept).
    public mutating func merge(_ r: FtMRecord) {
        guard let i = index[r.id] else {
            index[r.id] = records.count
            records.append(r)
            return
        }
        var m = records[i]
        m.schema = FtMSchema.merge(m.schema, r.schema) ?? m.schema
        if m.caption == nil { m.caption = r.caption }
        for (name, values) in r.properties {
            if let k = m.properties.firstIndex(where: { $0.name == name }) {
                for v in values where !m.properties[k].values.contains(v) { m.properties[k].values.append(v) }
            } else {
                m.properties.append((name, values))
            }
        }
        for d in r.datasets where !m.datasets.contains(d) { m.datasets.append(d) }
        for x in r.referents where !m.referents.contains(x) { m.referents.append(x) }
        func pick(_ a: String?, _ b: String?, _ later: Bool) -> String? {
            guard let a, let b else { return a ?? b }
            return (later ? b > a : b < a) ? b : a
        }
        m.firstSeen = pick(m.firstSeen, r.firstSeen, false)
        m.lastSeen = pick(m.lastSeen, r.lastSeen, true)
        m.lastChange = pick(m.lastChange, r.lastChange, true)
        if let t = r.target { m.target = (m.target ?? false) || t }
        records[i] = m
    }
}
