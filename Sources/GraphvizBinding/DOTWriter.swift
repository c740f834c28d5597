/// Writes `DOTGraph` values as DOT text.
///
/// Every id (graph, subgraph and node names) and every value is quoted, so keywords
/// (`node`, `graph`, `subgraph`, `strict`), punctuation, `@` and non-Latin text are safe.
/// Inside quotes the DOT lexer turns `\"` into `"`, keeps `\\` as two characters, and
/// drops raw line breaks: ids therefore escape `"` and `\` and spell line breaks and other
/// control characters as backslash sequences that no original character can produce
/// (distinct ids stay distinct), and texts (`DOTValue.text`) are escaped for Graphviz's
/// escString expansion on top (see `DOTValue.text`).
public enum DOTWriter {
    /// The DOT text of `graph`, ending with a line break.
    /// - Complexity: O(size of the output).
    public static func write(_ graph: DOTGraph) -> String {
        var out = ""
        if graph.isStrict { out += "strict " }
        out += graph.isDirected ? "digraph " : "graph "
        out += quotedID(graph.name) + " {\n"
        let indent = "  "
        if !graph.attributes.isEmpty { out += indent + "graph " + attributeList(graph.attributes) + ";\n" }
        if !graph.nodeDefaults.isEmpty { out += indent + "node " + attributeList(graph.nodeDefaults) + ";\n" }
        if !graph.edgeDefaults.isEmpty { out += indent + "edge " + attributeList(graph.edgeDefaults) + ";\n" }
        for s in graph.subgraphs { write(s, into: &out, indent: indent) }
        for n in graph.nodes { write(n, into: &out, indent: indent) }
        let op = graph.isDirected ? " -> " : " -- "
        for e in graph.edges {
            out += indent + quotedID(e.from) + op + quotedID(e.to)
            if !e.attributes.isEmpty { out += " " + attributeList(e.attributes) }
            out += ";\n"
        }
        out += "}\n"
        return out
    }

    private static func write(_ s: DOTSubgraph, into out: inout String, indent: String) {
        out += indent + "subgraph " + quotedID(s.name) + " {\n"
        let inner = indent + "  "
        if !s.attributes.isEmpty { out += inner + "graph " + attributeList(s.attributes) + ";\n" }
        for sub in s.subgraphs { write(sub, into: &out, indent: inner) }
        for n in s.nodes { write(n, into: &out, indent: inner) }
        out += indent + "}\n"
    }

    private static func write(_ n: DOTNode, into out: inout String, indent: String) {
        out += indent + quotedID(n.id)
        if !n.attributes.isEmpty { out += " " + attributeList(n.attributes) }
        out += ";\n"
    }

    /// `[name="value", …]`.
    /// - Complexity: O(total length of the names and values).
    public static func attributeList(_ attributes: DOTAttributes) -> String {
        "[" + attributes.map { attributeName($0.name) + "=" + value($0.value, of: $0.name) }.joined(separator: ", ") + "]"
    }

    /// Attributes whose text Graphviz (2.42) runs through escape expansion twice (once as
    /// an escString, once more when emitting it), so a literal backslash needs four.
    static let doublyExpanded: Set<String> = ["tooltip", "edgetooltip", "labeltooltip", "headtooltip", "tailtooltip"]

    /// The value of attribute `name` as DOT text.
    static func value(_ v: DOTValue, of name: String) -> String {
        if case .text(let t) = v, doublyExpanded.contains(name) {
            return "\"" + escapeText(t).doublingEscapedBackslashes + "\""
        }
        return value(v)
    }

    /// An attribute name: bare when it is a plain identifier, else quoted.
    static func attributeName(_ name: String) -> String {
        let plain = !name.isEmpty && name.unicodeScalars.enumerated().allSatisfy { i, u in
            u == "_" || (u.value < 128 && (u.properties.isAlphabetic || (i > 0 && ("0" ... "9").contains(u))))
        }
        return plain ? name : quotedID(name)
    }

    /// An attribute value as DOT text.
    /// - Complexity: O(length of the value).
    public static func value(_ v: DOTValue) -> String {
        switch v {
        case .text(let t): return "\"" + escapeText(t) + "\""
        case .value(let s): return quotedValue(s)
        case .html(let h): return "<" + h.markup + ">"
        }
    }

    /// An id, quoted: `"` and `\` escaped; line breaks as `\n`, other control characters
    /// as `\xHH` (a single backslash, which no original character produces); `&` as `&amp;`,
    /// as in shown text: Graphviz 2.42 writes an id into SVG titles leaving anything shaped
    /// like an entity (`&x;`, even `&;`) unescaped, which would make the SVG ill-formed.
    /// A leading `%` is written `&#37;`: cgraph takes names that start with `%` for its own
    /// anonymous ids and prints them as `%N`, losing the name.
    /// - Complexity: O(length).
    public static func quotedID(_ id: String) -> String {
        var out = "\""
        out.reserveCapacity(id.utf8.count + 2)
        // By scalar: "%" followed by a combining mark is one Character, but cgraph sees the byte.
        let leadingPercent = id.unicodeScalars.first == "%"
        if leadingPercent { out += "&#37;" }
        for u in id.unicodeScalars.dropFirst(leadingPercent ? 1 : 0) {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "&": out += "&amp;"
            case "\n": out += "\\n"
            default:
                if isDropped(u) || u == "\t" || u == "\r" {
                    out += "\\x" + hex(u.value)
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        return out + "\""
    }

    /// A setting, quoted: `"` escaped, line breaks dropped, and an odd run of backslashes
    /// before a quote (escaped or closing) made even. cgraph's lexer reads `\\` as one unit,
    /// so in `\\"` the quote would close the string early (found by the dot fuzz target).
    static func quotedValue(_ s: String) -> String {
        var out = "\""
        var trailingBackslashes = 0
        for u in s.unicodeScalars {
            if u == "\"" {
                if trailingBackslashes % 2 == 1 { out += "\\" }
                out += "\\\""
                trailingBackslashes = 0
                continue
            }
            if isDropped(u) || u == "\n" || u == "\r" { continue }
            out.unicodeScalars.append(u)
            trailingBackslashes = u == "\\" ? trailingBackslashes + 1 : 0
        }
        if trailingBackslashes % 2 == 1 { out += "\\" }
        return out + "\""
    }

    /// Shown text, escaped for DOT and for Graphviz's escString expansion (without the quotes).
    /// - Complexity: O(length).
    public static func escapeText(_ text: String) -> String {
        escapeShown(text, lineBreak: "\\n") { u in
            switch u {
            case "\\": return "\\\\"
            case "\"": return "\\\""
            case "&": return "&amp;"
            default: return nil
            }
        }
    }

    /// The walk both escapers of shown text share: a line break (CRLF, LF, CR, U+2028, U+2029,
    /// U+0085) becomes `lineBreak`, a tab a space, other control characters are dropped, and
    /// `special` gives the replacement of any other scalar that needs one.
    /// - Complexity: O(length).
    static func escapeShown(_ text: String, lineBreak: String, special: (Unicode.Scalar) -> String?) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        var previousWasCR = false
        for u in text.unicodeScalars {
            defer { previousWasCR = u == "\r" }
            switch u {
            case "\n": if !previousWasCR { out += lineBreak }
            case "\r", "\u{2028}", "\u{2029}", "\u{85}": out += lineBreak
            case "\t": out += " "
            default:
                if let replacement = special(u) { out += replacement; continue }
                if isDropped(u) { continue }
                out.unicodeScalars.append(u)
            }
        }
        return out
    }

    /// C0 and C1 control characters and DEL (line breaks and tabs are handled by the callers).
    static func isDropped(_ u: Unicode.Scalar) -> Bool {
        u.value < 0x20 || u.value == 0x7F || (0x80 ... 0x9F).contains(u.value)
    }

    /// The low byte of `v` as two upper-case hexadecimal digits ("0A").
    public static func hex(_ v: UInt32) -> String {
        let digits = Array("0123456789ABCDEF")
        return String([digits[Int(v >> 4) & 15], digits[Int(v) & 15]])
    }

    /// A number with at most `digits` decimals, without trailing zeros or a needless point;
    /// never in exponent notation (magnitudes are capped at 9e15). Deterministic across platforms.
    /// - Complexity: O(digits).
    public static func formatNumber(_ x: Double, digits: Int = 2) -> String {
        guard x.isFinite else { return "0" }
        var scale = 1.0
        for _ in 0 ..< max(0, digits) { scale *= 10 }
        let scaled = (abs(x) * scale).rounded()
        // Beyond 2^53 doubles are not exact integers anyway; Graphviz needs nothing this large.
        guard scaled < 9e15 else { return x < 0 ? "-9000000000000000" : "9000000000000000" }
        let n = Int64(scaled)
        let whole = n / Int64(scale), fraction = n % Int64(scale)
        var text = (x < 0 && n != 0 ? "-" : "") + String(whole)
        if fraction != 0 {
            var f = String(fraction)
            while f.count < digits { f = "0" + f }
            while f.hasSuffix("0") { f.removeLast() }
            text += "." + f
        }
        return text
    }
}

extension String {
    /// Escaped text with each escaped backslash (a `\\` pair) doubled again, other escapes
    /// (`\n`, `\"`) left as they are.
    var doublingEscapedBackslashes: String {
        var out = ""
        var iterator = makeIterator()
        while let c = iterator.next() {
            guard c == "\\" else { out.append(c); continue }
            guard let next = iterator.next() else { out.append(c); break }
            if next == "\\" { out += "\\\\\\\\" } else { out.append(c); out.append(next) }
        }
        return out
    }
}
