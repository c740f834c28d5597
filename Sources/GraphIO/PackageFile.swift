import SanctionsModel
import SanctionsRules
import Yams

/// Reads relief package files: JSON or YAML (JSON is read as the YAML it also is), one
/// package a file (README "Relief packages"):
///
/// ```yaml
/// name: EN+ 2019
/// asOf: 2018-12-19
/// actions:
///   - delist: c-en-plus                     # every jurisdiction that lists it
///   - delist: c-rusal
///     jurisdictions: [us]
///   - divest: {owner: p-oleg-deripaska, asset: c-en-plus, share: 44.95}
///   - removeTie: {owner: …, asset: …}
///   - addTie: {owner: …, asset: …, share: 30}    # share may be 'unknown' or left out
///   - designate: {entity: …, jurisdiction: us}
/// ```
///
/// Entities are ids, ids merged into an entity, or names equal after folding (docs/names.md),
/// as the command line resolves them; never a fuzzy pick. Every error names the file, the
/// line, and the field (`actions[2].divest.share`).
public enum PackageFile {
    /// The package in the file at `path`.
    /// - Complexity: O(size of the file), plus name look-ups: O(names) to index them once.
    public static func read(path: String, network: SanctionsNetwork) throws(PackageFileError) -> ReliefPackage {
        let bytes: [UInt8]
        do { bytes = try readFile(path) } catch {
            throw PackageFileError(file: path, line: nil, field: "", reason: error.problem.description)
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw PackageFileError(file: path, line: nil, field: "", reason: "the file is not UTF-8 text")
        }
        return try parse(text, file: path, network: network)
    }

    /// The package `text` states; `file` names it in errors.
    /// - Complexity: that of `read(path:network:)`.
    public static func parse(_ text: String, file: String, network: SanctionsNetwork) throws(PackageFileError) -> ReliefPackage {
        var reader = Reader(file: file, network: network)
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: text) else { throw reader.error(nil, "", "the file is empty") }
            root = node
        } catch let e as PackageFileError {
            throw e
        } catch let e as YamlError {
            throw reader.yamlError(e)
        } catch {
            throw PackageFileError(file: file, line: nil, field: "", reason: "\(error)")
        }
        return try reader.package(root)
    }
}

/// A package file that cannot be read: the file, the line, the field and why.
public struct PackageFileError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The file.
    public let file: String
    /// The line (1-based), when known.
    public let line: Int?
    /// The field, as a path ("actions[2].divest.share"); "" for the file as a whole.
    public let field: String
    /// What is wrong.
    public let reason: String

    /// "pkg.yaml:7: actions[2].divest.share: the share must be a number from 0 to 100".
    public var description: String {
        file + (line.map { ":\($0)" } ?? "") + ": " + (field.isEmpty ? "" : field + ": ") + reason
    }
}

/// The walk over the document, with what errors need.
private struct Reader {
    let file: String
    let network: SanctionsNetwork
    var index: NameIndex?

    init(file: String, network: SanctionsNetwork) {
        self.file = file
        self.network = network
    }

    func error(_ node: Node?, _ field: String, _ reason: String) -> PackageFileError {
        PackageFileError(file: file, line: node?.mark?.line, field: field, reason: reason)
    }

    func yamlError(_ e: YamlError) -> PackageFileError {
        switch e {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _):
            return PackageFileError(file: file, line: mark.line, field: "", reason: "not valid JSON or YAML: \(problem)")
        default:
            return PackageFileError(file: file, line: nil, field: "", reason: "not valid JSON or YAML: \(e)")
        }
    }

    /// The mapping's fields by key, refusing keys not in `allowed`.
    func fields(_ node: Node, _ field: String, allowed: [String]) throws(PackageFileError) -> [String: Node] {
        guard case .mapping(let m) = node else { throw error(node, field, "expected an object (key: value pairs)") }
        var out: [String: Node] = [:]
        for (k, v) in m {
            guard let key = k.scalar?.string else { throw error(k, field, "a key must be text") }
            let path = field.isEmpty ? key : field + "." + key
            guard allowed.contains(key) else {
                throw error(k, path, "unknown field; expected " + allowed.map { "'\($0)'" }.joined(separator: ", "))
            }
            guard out[key] == nil else { throw error(k, path, "given twice") }
            out[key] = v
        }
        return out
    }

    func text(_ node: Node?, _ field: String, in parent: Node) throws(PackageFileError) -> String {
        guard let node else { throw error(parent, field, "missing") }
        guard case .scalar(let s) = node, !s.string.isEmpty else { throw error(node, field, "expected text") }
        return s.string
    }

    func share(_ node: Node?, _ field: String, in parent: Node, unknownAllowed: Bool) throws(PackageFileError) -> Double? {
        guard let node else {
            if unknownAllowed { return nil }
            throw error(parent, field, "missing")
        }
        guard case .scalar(let s) = node else { throw error(node, field, "expected a number from 0 to 100") }
        if unknownAllowed && s.string.lowercased() == "unknown" { return nil }
        guard let p = Double(s.string), p.isFinite, (0 ... 100).contains(p) else {
            throw error(node, field, "'\(s.string)' is not a share from 0 to 100" + (unknownAllowed ? " (or 'unknown')" : ""))
        }
        return p
    }

    func jurisdiction(_ node: Node, _ field: String) throws(PackageFileError) -> Jurisdiction {
        guard case .scalar(let s) = node, let j = Jurisdiction(code: s.string), j != .unknown else {
            throw error(node, field, "expected a jurisdiction code such as us, eu, gb (or uk), un, ch")
        }
        return j
    }

    /// An entity by id, merged id or exact name; never a fuzzy pick.
    mutating func entity(_ node: Node?, _ field: String, in parent: Node) throws(PackageFileError) -> UInt32 {
        let t = try text(node, field, in: parent)
        if let v = network.node(id: t) { return v }
        if index == nil { index = NameIndex(network) }
        switch index!.resolve(t) {
        case .id(let v), .referent(let v), .name(let v, _): return v
        case .ambiguous(let hits):
            throw error(node, field, "'\(t)' names several entities (\(hits.prefix(5).map { network.id(of: $0.node) }.joined(separator: ", "))): use an id")
        case .notFound(let hits):
            let near = hits.prefix(3).map { "\(network.name(of: $0.node)) [\(network.id(of: $0.node))]" }
            throw error(node, field, "no entity has the id or name '\(t)'" + (near.isEmpty ? "" : "; the closest: " + near.joined(separator: ", ")))
        }
    }

    mutating func package(_ root: Node) throws(PackageFileError) -> ReliefPackage {
        let f = try fields(root, "", allowed: ["name", "asOf", "actions"])
        let name = try text(f["name"], "name", in: root)
        var asOf: Day?
        if let node = f["asOf"] {
            guard let d = Day(try text(node, "asOf", in: root)) else { throw error(node, "asOf", "expected a date YYYY-MM-DD") }
            asOf = d
        }
        guard let list = f["actions"] else { throw error(root, "actions", "missing") }
        guard case .sequence(let items) = list else { throw error(list, "actions", "expected a list of actions") }
        guard !items.isEmpty else { throw error(list, "actions", "the package has no actions") }
        var actions: [PackageAction] = []
        for (i, item) in items.enumerated() { actions.append(try action(item, "actions[\(i)]")) }
        return ReliefPackage(name: name, asOf: asOf, actions: actions, source: file)
    }

    mutating func action(_ node: Node, _ field: String) throws(PackageFileError) -> PackageAction {
        let kinds = ["delist", "divest", "removeTie", "addTie", "designate"]
        let f = try fields(node, field, allowed: kinds + ["jurisdictions"])
        let present = kinds.filter { f[$0] != nil }
        guard present.count == 1, let kind = present.first, let body = f[kind] else {
            throw error(node, field, present.isEmpty ? "expected one of " + kinds.map { "'\($0)'" }.joined(separator: ", ")
                                                     : "one action each: \(present.joined(separator: " and ")) given together")
        }
        let path = field + "." + kind
        if let j = f["jurisdictions"], kind != "delist" { throw error(j, field + ".jurisdictions", "only a delisting takes jurisdictions") }
        switch kind {
        case "delist":
            let v = try entity(body, path, in: node)
            guard let list = f["jurisdictions"] else { return .delist(v, jurisdictions: nil) }
            guard case .sequence(let codes) = list, !codes.isEmpty else {
                throw error(list, field + ".jurisdictions", "expected a list of jurisdiction codes, such as [us, eu]")
            }
            var js: [Jurisdiction] = []
            for (k, c) in codes.enumerated() {
                let j = try jurisdiction(c, field + ".jurisdictions[\(k)]")
                if !js.contains(j) { js.append(j) }
            }
            return .delist(v, jurisdictions: js)
        case "designate":
            let g = try fields(body, path, allowed: ["entity", "jurisdiction"])
            let v = try entity(g["entity"], path + ".entity", in: body)
            guard let jn = g["jurisdiction"] else { throw error(body, path + ".jurisdiction", "missing") }
            return .designate(v, try jurisdiction(jn, path + ".jurisdiction"))
        default:
            let g = try fields(body, path, allowed: kind == "removeTie" ? ["owner", "asset"] : ["owner", "asset", "share"])
            let o = try entity(g["owner"], path + ".owner", in: body), a = try entity(g["asset"], path + ".asset", in: body)
            guard o != a else { throw error(body, path, "the owner and the asset are the same entity") }
            let holds = network.ties(from: o).contains { $0.target == a && $0.kind == .ownership }
            switch kind {
            case "divest":
                guard holds else { throw error(body, path, "\(network.id(of: o)) holds no stake in \(network.id(of: a)) to divest") }
                return .divest(owner: o, asset: a, percent: try share(g["share"], path + ".share", in: body, unknownAllowed: false)!)
            case "removeTie":
                guard holds else { throw error(body, path, "\(network.id(of: o)) holds no stake in \(network.id(of: a)) to remove") }
                return .removeTie(owner: o, asset: a)
            default:
                return .addTie(owner: o, asset: a, percent: try share(g["share"], path + ".share", in: body, unknownAllowed: true))
            }
        }
    }
}
