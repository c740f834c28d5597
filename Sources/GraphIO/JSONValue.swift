/// A JSON value for reports, written deterministically (object keys sorted, numbers in
/// their shortest round-trip form).
public indirect enum JSONValue: Sendable, Hashable, ExpressibleByStringLiteral, ExpressibleByIntegerLiteral {
    /// JSON `null`.
    case null
    /// `true` or `false`.
    case bool(Bool)
    /// An integer.
    case int(Int)
    /// A number; whole values below 10¹⁵ are written without a fraction, non-finite ones as `null`.
    case double(Double)
    /// A string.
    case string(String)
    /// An array, in order.
    case array([JSONValue])
    /// An object, written with its keys sorted.
    case object([String: JSONValue])

    /// The version of the shapes of the JSON reports (the CLI's `--format json`, `-o x.json` and
    /// the explorer's API), which each report's top-level object carries as `formatVersion`.
    /// It rises when a field changes meaning or goes; new fields may appear without it.
    public static let reportFormatVersion = 1

    /// This object with `formatVersion` added (any other value as it is).
    public var versioned: JSONValue {
        guard case .object(var o) = self else { return self }
        o["formatVersion"] = .int(JSONValue.reportFormatVersion)
        return .object(o)
    }

    public init(stringLiteral value: String) { self = .string(value) }
    /// `.int(value)`.
    public init(integerLiteral value: Int) { self = .int(value) }

    /// The JSON text; `pretty` indents by two spaces.
    /// - Complexity: O(size of the output), plus O(m log m) to sort the keys of each object of m members.
    public func serialized(pretty: Bool = true) -> String {
        var out = ""
        write(to: &out, pretty: pretty, indent: 0)
        return out
    }

    private func write(to out: inout String, pretty: Bool, indent: Int) {
        let newline = pretty ? "\n" : ""
        let pad = { (level: Int) in pretty ? String(repeating: "  ", count: level) : "" }
        switch self {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .int(let i): out += String(i)
        case .double(let d):
            if d.isFinite { out += d == d.rounded() && abs(d) < 1e15 ? String(Int64(d)) : String(d) } else { out += "null" }
        case .string(let s): JSONValue.quote(s, into: &out)
        case .array(let items):
            if items.isEmpty { out += "[]"; return }
            out += "[" + newline
            for (i, item) in items.enumerated() {
                out += pad(indent + 1)
                item.write(to: &out, pretty: pretty, indent: indent + 1)
                out += (i + 1 < items.count ? "," : "") + newline
            }
            out += pad(indent) + "]"
        case .object(let members):
            if members.isEmpty { out += "{}"; return }
            out += "{" + newline
            let keys = members.keys.sorted()
            for (i, key) in keys.enumerated() {
                out += pad(indent + 1)
                JSONValue.quote(key, into: &out)
                out += pretty ? ": " : ":"
                (members[key] ?? .null).write(to: &out, pretty: pretty, indent: indent + 1)
                out += (i + 1 < keys.count ? "," : "") + newline
            }
            out += pad(indent) + "}"
        }
    }

    /// Appends `s` as a JSON string literal (quotes, backslashes and control characters escaped).
    /// - Complexity: O(length of s).
    public static func quote(_ s: String, into out: inout String) {
        out += "\""
        // Most texts need no escape: appended whole, not scalar by scalar.
        if !s.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
            out += s
            out += "\""
            return
        }
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }
}
