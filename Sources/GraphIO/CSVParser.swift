/// Splits CSV text (RFC 4180: quoted fields, doubled quotes, line breaks inside quotes,
/// CRLF or LF) into rows, remembering the line each row starts on.
struct CSVParser {
    struct Row {
        var line: Int
        var fields: [String]
    }

    /// Parses `bytes` (already checked to be UTF-8). Throws a message and a line for an
    /// unterminated quote or a quote inside an unquoted field.
    static func rows(_ bytes: [UInt8]) throws(CSVSyntaxError) -> [Row] {
        var rows: [Row] = []
        var fields: [String] = []
        var field: [UInt8] = []
        var line = 1, rowLine = 1
        var i = 0
        let n = bytes.count
        var start = 0
        if n >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF { start = 3 }
        i = start
        var atFieldStart = true
        func endField() {
            fields.append(String(decoding: field, as: UTF8.self))
            field.removeAll(keepingCapacity: true)
            atFieldStart = true
        }
        func endRow() {
            endField()
            // A row that is one empty field is a blank line: skipped.
            if !(fields.count == 1 && fields[0].isEmpty) { rows.append(Row(line: rowLine, fields: fields)) }
            fields.removeAll(keepingCapacity: true)
        }
        while i < n {
            let c = bytes[i]
            if atFieldStart && c == UInt8(ascii: "\"") {
                atFieldStart = false
                let quoteLine = line
                i += 1
                while true {
                    guard i < n else { throw CSVSyntaxError(line: quoteLine, message: "unterminated quoted field") }
                    let d = bytes[i]
                    if d == UInt8(ascii: "\"") {
                        if i + 1 < n && bytes[i + 1] == UInt8(ascii: "\"") { field.append(d); i += 2; continue }
                        i += 1
                        break
                    }
                    if d == 0x0A { line += 1 }
                    field.append(d)
                    i += 1
                }
                // After the closing quote: a separator, a line end, or the end.
                if i < n && bytes[i] != UInt8(ascii: ",") && bytes[i] != 0x0A && bytes[i] != 0x0D {
                    throw CSVSyntaxError(line: line, message: "unexpected text after a closing quote")
                }
                continue
            }
            atFieldStart = false
            switch c {
            case UInt8(ascii: ","):
                endField()
            case 0x0D where i + 1 < n && bytes[i + 1] == 0x0A:
                break
            case 0x0A:
                endRow()
                line += 1
                rowLine = line
            case UInt8(ascii: "\""):
                throw CSVSyntaxError(line: line, message: "a quote inside an unquoted field (quote the whole field and double inner quotes)")
            default:
                field.append(c)
            }
            i += 1
        }
        if !field.isEmpty || !fields.isEmpty { endRow() }
        return rows
    }
}

struct CSVSyntaxError: Error {
    var line: Int
    var message: String
}

/// Formats one CSV row (RFC 4180), quoting fields that need it, with its line break.
/// - Complexity: O(total length of the fields).
public func csvRow(_ fields: [String]) -> String {
    fields.map { f -> String in
        let needsQuotes = f.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
            || f.first == " " || f.last == " "
        return needsQuotes ? "\"" + f.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : f
    }.joined(separator: ",") + "\n"
}

/// Formats one row of a report meant for spreadsheets (`blocked`, `rank`, `centrality`,
/// `search`, `owners` as CSV): like `csvRow`, but a text cell that a spreadsheet would run as a
/// formula (starting with =, +, -, @, a tab or a carriage return; numbers excepted) is
/// prefixed with a single quote, as OWASP's advice on CSV injection says. The CSV trio, for
/// data interchange, keeps values exact (`csvRow`).
/// - Complexity: O(total length of the fields).
public func reportRow(_ fields: [String]) -> String {
    csvRow(fields.map { f in
        guard let c = f.first, "=+-@\t\r".contains(c), Double(f) == nil else { return f }
        return "'" + f
    })
}

extension String {
    func replacingOccurrences(of target: String, with replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}

/// The first byte offset that is not valid UTF-8, or nil.
func firstInvalidUTF8(_ bytes: [UInt8]) -> Int? {
    bytes.withUnsafeBufferPointer { buffer -> Int? in
        guard let base = buffer.baseAddress else { return nil }
        let end = base + buffer.count
        var q = base
        while q < end {
            if q.pointee < 0x80 { q += 1; continue }
            let n = utf8SequenceLength(q, end)
            if n == 0 { return q - base }
            q += n
        }
        return nil
    }
}
