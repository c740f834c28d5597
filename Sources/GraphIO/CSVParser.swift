/// Splits CSV text (RFC 4180: quoted fields, doubled quotes, line breaks inside quotes,
/// CRLF or LF) into rows, one at a time, remembering the line each row starts on.
///
/// The file is read in blocks by a `LineReader`; a row's bytes stay in its buffer until the
/// row ends (a quoted field may hold line breaks and cross block boundaries), so memory
/// holds the longest row, not the file. Each row is checked to be UTF-8 before it is handed
/// out. Non-copyable, as the reader it owns is.
struct CSVParser: ~Copyable {
    struct Row {
        var line: Int
        var fields: [String]
    }

    let path: String
    private var reader: LineReader
    /// The line the next row starts on.
    private var line = 1
    /// Bytes before the first row on line 1 (a byte-order mark), counted in columns.
    private var firstLineOffset = 0
    /// Whether a row so far held anything but blank space (a file of blank space is empty).
    private(set) var sawText = false
    /// Rows read ahead, handed out first.
    private var held: [Row] = []
    /// Where progress goes (`ReadOptions.progress`), the rows handed out, and the byte count
    /// of the next report.
    private let progress: (@Sendable (ReadProgress) -> Void)?
    private var rowsRead = 0
    private var nextProgress = ReadProgress.step
    /// The bytes of the field being read, kept between rows so that each row does not
    /// allocate its own buffer.
    private var scratch: [UInt8] = []

    /// The file's size in bytes (0 for a pipe).
    var fileSize: Int { reader.fileSize }

    /// A parser of `path` with the read buffer size and progress reports of `options`.
    init(path: String, options: ReadOptions) throws(InputError) {
        try self.init(path: path, blockSize: options.blockSize, progress: options.progress)
    }

    /// Opens `path`: a UTF-16 byte-order mark is an error, a UTF-8 one is skipped.
    init(path: String, blockSize: Int = LineReader.blockSize, progress: (@Sendable (ReadProgress) -> Void)? = nil) throws(InputError) {
        self.progress = progress
        var reader = try LineReader(path: path, maxLine: .max, blockSize: blockSize)
        let head = try reader.peek(3)
        if head.starts(with: [0xFF, 0xFE]) || head.starts(with: [0xFE, 0xFF]) { throw InputError(file: path, line: nil, .utf16) }
        if head == [0xEF, 0xBB, 0xBF] { reader.consume(3) }
        self.path = path
        self.firstLineOffset = head == [0xEF, 0xBB, 0xBF] ? 3 : 0
        self.reader = reader
    }

    /// The next row, or nil at the end of the file. Blank lines are skipped. Throws a
    /// `badCSV` error for an unterminated quote or a quote inside an unquoted field, and
    /// `notUTF8` for a row that is not UTF-8.
    mutating func next() throws(InputError) -> Row? {
        if !held.isEmpty { return held.removeFirst() }
        while let row = try parseRow() {
            // A row that is one empty field is a blank line: skipped.
            if !(row.fields.count == 1 && row.fields[0].isEmpty) {
                rowsRead += 1
                if let progress, reader.consumed >= nextProgress {
                    nextProgress = reader.consumed + ReadProgress.step
                    progress(ReadProgress(file: path, bytes: reader.consumed, totalBytes: reader.fileSize, records: rowsRead, finished: false))
                }
                return row
            }
        }
        progress?(ReadProgress(file: path, bytes: reader.consumed, totalBytes: reader.fileSize, records: rowsRead, finished: true))
        return nil
    }

    /// Hands `row` out again before any other.
    mutating func pushBack(_ row: Row) { held.insert(row, at: 0) }

    /// Reads ahead past rows of blank space until one holds text; false if none does (the
    /// rows read stay to be handed out).
    mutating func anyText() throws(InputError) -> Bool {
        while !sawText, let row = try parseRow() { held.append(row) }
        return sawText
    }

    /// Whether at least `i + 1` bytes are pending, reading more as needed.
    private mutating func available(_ i: Int) throws(InputError) -> Bool {
        while i >= reader.pending.count {
            guard try reader.readMore() else { return false }
        }
        return true
    }

    /// One row (blank or not), or nil at the end; consumes its bytes.
    private mutating func parseRow() throws(InputError) -> Row? {
        var fields: [String] = []
        fields.reserveCapacity(4)
        // The field's bytes: the parser's buffer, reused from row to row.
        var field = scratch
        scratch = []
        field.removeAll(keepingCapacity: true)
        defer { scratch = field }
        let rowLine = line
        var i = 0
        var atFieldStart = true
        while true {
            guard try available(i) else {
                // The end of the file: the last row has no line break.
                try check(i, rowLine: rowLine)
                reader.consume(i)
                if field.isEmpty && fields.isEmpty { return nil }
                fields.append(String(decoding: field, as: UTF8.self))
                return Row(line: rowLine, fields: fields)
            }
            let c = reader.pending[i]
            if atFieldStart && c == UInt8(ascii: "\"") {
                atFieldStart = false
                let quoteLine = line
                i += 1
                while true {
                    guard try available(i) else { throw try syntax(quoteLine, "unterminated quoted field", upTo: i, rowLine: rowLine) }
                    let d = reader.pending[i]
                    if d == UInt8(ascii: "\"") {
                        if try available(i + 1), reader.pending[i + 1] == UInt8(ascii: "\"") { field.append(d); i += 2; continue }
                        i += 1
                        break
                    }
                    if d == 0x0A { line += 1 }
                    field.append(d)
                    i += 1
                }
                // After the closing quote: a separator, a line end, or the end.
                if try available(i) {
                    let e = reader.pending[i]
                    if e != UInt8(ascii: ",") && e != 0x0A && e != 0x0D {
                        throw try syntax(line, "unexpected text after a closing quote", upTo: i, rowLine: rowLine)
                    }
                }
                continue
            }
            atFieldStart = false
            switch c {
            case UInt8(ascii: ","):
                fields.append(String(decoding: field, as: UTF8.self))
                field.removeAll(keepingCapacity: true)
                atFieldStart = true
            case 0x0D where try available(i + 1) && reader.pending[i + 1] == 0x0A:
                break
            case 0x0A:
                try check(i + 1, rowLine: rowLine)
                reader.consume(i + 1)
                line += 1
                fields.append(String(decoding: field, as: UTF8.self))
                return Row(line: rowLine, fields: fields)
            case UInt8(ascii: "\""):
                throw try syntax(line, "a quote inside an unquoted field (quote the whole field and double inner quotes)", upTo: i, rowLine: rowLine)
            default:
                // A run of plain bytes, appended at once (the common case: a whole field).
                let pending = reader.pending
                var j = i + 1
                while j < pending.count {
                    let d = pending[j]
                    if d == UInt8(ascii: ",") || d == 0x0A || d == 0x0D || d == UInt8(ascii: "\"") { break }
                    j += 1
                }
                field.append(contentsOf: UnsafeBufferPointer(rebasing: pending[i ..< j]))
                i = j
                continue
            }
            i += 1
        }
    }

    /// Checks that the first `n` pending bytes (a row starting on `rowLine`) are UTF-8, and
    /// notes whether they hold text.
    private mutating func check(_ n: Int, rowLine: Int) throws(InputError) {
        let bytes = UnsafeBufferPointer(rebasing: reader.pending[0 ..< n])
        if !sawText { sawText = bytes.contains { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 } }
        guard let bad = firstInvalidUTF8(bytes) else { return }
        let before = bytes[..<bad]
        let line = rowLine + before.count { $0 == 0x0A }
        let column = before.lastIndex(of: 0x0A).map { bad - $0 } ?? (bad + 1 + (rowLine == 1 ? firstLineOffset : 0))
        throw InputError(file: path, line: line, .notUTF8(column: column))
    }

    /// A syntax error on `line`, unless the row's bytes before it are not UTF-8 (that error
    /// comes first, as it does in a file read whole).
    private mutating func syntax(_ line: Int, _ message: String, upTo i: Int, rowLine: Int) throws(InputError) -> InputError {
        try check(i, rowLine: rowLine)
        return InputError(file: path, line: line, .badCSV(message))
    }
}

struct CSVSyntaxError: Error {
    var line: Int
    var message: String
}

/// Formats one CSV row (RFC 4180), quoting fields that need it, with its line break.
/// - Complexity: O(total length of the fields).
public func csvRow(_ fields: [String]) -> String { CSVRows.row(fields, report: false) }

/// Formats one row of a report meant for spreadsheets (`blocked`, `rank`, `centrality`,
/// `search`, `owners` as CSV): like `csvRow`, but a text cell that a spreadsheet would run as a
/// formula is prefixed with a single quote (`CSVRows`). The CSV trio, for data interchange,
/// keeps values exact (`csvRow`).
/// - Complexity: O(total length of the fields).
public func reportRow(_ fields: [String]) -> String { CSVRows.row(fields, report: true) }

/// CSV rows (RFC 4180) written as UTF-8 bytes, field by field: a field is quoted when it
/// starts or ends with a space or holds a comma, a quote or a line break (by byte: a CR in
/// "\r\n" counts on its own; found by the edges fuzz target, an id ending in CRLF was written
/// unquoted when checked by Character). In a report (`report: true`), a text cell that a
/// spreadsheet would run as a formula (starting with =, +, -, @, a tab or a carriage return;
/// numbers excepted) is prefixed with a single quote, as OWASP's advice on CSV injection says.
public struct CSVRows: Sendable, TextOutputStream {
    /// The rows so far.
    public private(set) var bytes: [UInt8] = []
    private let report: Bool
    private var rowStarted = false
    /// Where the field being written (`beginField()`) starts in `bytes`, or nil.
    private var fieldStart: Int?

    /// An empty text; `report` guards formula cells.
    public init(report: Bool, capacity: Int = 0) {
        self.report = report
        bytes.reserveCapacity(capacity)
    }

    /// The rows so far as text.
    public var text: String { String(decoding: bytes, as: UTF8.self) }

    /// One row of `fields`, with its line break.
    static func row(_ fields: [String], report: Bool) -> String {
        var row = CSVRows(report: report)
        for field in fields { row.field(field) }
        row.endRow()
        return row.text
    }

    /// Appends a field to the current row.
    /// - Complexity: O(length of the field).
    public mutating func field(_ text: String) {
        var text = text
        text.withUTF8 { field(UnsafeRawBufferPointer($0)) }
    }

    /// Appends a field, given as UTF-8 bytes, to the current row.
    /// - Complexity: O(length of the field).
    public mutating func field(_ utf8: UnsafeRawBufferPointer) {
        precondition(fieldStart == nil, "CSVRows: a field is still open")
        if rowStarted { bytes.append(UInt8(ascii: ",")) }
        rowStarted = true
        appendEscaped(utf8)
    }

    /// Starts a field whose text is then written piece by piece (`write(_:)`: the rows are a
    /// `TextOutputStream`), without building it as one string first; `endField()` quotes and
    /// guards it as `field(_:)` does.
    public mutating func beginField() {
        precondition(fieldStart == nil, "CSVRows: a field is still open")
        if rowStarted { bytes.append(UInt8(ascii: ",")) }
        rowStarted = true
        fieldStart = bytes.count
    }

    /// Appends `string` to the field `beginField()` opened.
    public mutating func write(_ string: String) {
        precondition(fieldStart != nil, "CSVRows: write outside a field (beginField)")
        var string = string
        string.withUTF8 { bytes.append(contentsOf: $0) }
    }

    /// Ends the field `beginField()` opened: quoted or guarded when its text needs it.
    /// - Complexity: O(length of the field).
    public mutating func endField() {
        guard let start = fieldStart else { preconditionFailure("CSVRows: no field is open") }
        fieldStart = nil
        let plain = bytes.withUnsafeBytes { !needsEscaping(UnsafeRawBufferPointer(rebasing: $0[start...])) }
        if plain { return }
        let text = Array(bytes[start...])
        bytes.removeSubrange(start...)
        text.withUnsafeBytes { appendEscaped($0) }
    }

    /// Whether a field's text is written other than as it is: quoted or guarded.
    private func needsEscaping(_ utf8: UnsafeRawBufferPointer) -> Bool {
        (report && CSVRows.runsAsFormula(utf8)) || CSVRows.needsQuotes(utf8)
    }

    /// Whether a field's text must be quoted: it starts or ends with a space or holds a comma,
    /// a quote or a line break.
    private static func needsQuotes(_ utf8: UnsafeRawBufferPointer) -> Bool {
        let space = UInt8(ascii: " ")
        return utf8.first == space || utf8.last == space
            || utf8.contains { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 0x0A || $0 == 0x0D }
    }

    /// Appends a field's text, quoted and guarded as it needs.
    private mutating func appendEscaped(_ utf8: UnsafeRawBufferPointer) {
        let quote = UInt8(ascii: "\"")
        let guarded = report && CSVRows.runsAsFormula(utf8)
        let needsQuotes = CSVRows.needsQuotes(utf8)
        if needsQuotes { bytes.append(quote) }
        if guarded { bytes.append(UInt8(ascii: "'")) }
        if needsQuotes {
            for b in utf8 {
                if b == quote { bytes.append(quote) }
                bytes.append(b)
            }
            bytes.append(quote)
        } else {
            bytes.append(contentsOf: utf8)
        }
    }

    /// Ends the current row with its line break.
    public mutating func endRow() {
        precondition(fieldStart == nil, "CSVRows: a field is still open")
        bytes.append(0x0A)
        rowStarted = false
    }

    /// Appends rows written elsewhere (another worker's part of one report).
    public mutating func append(rows other: CSVRows) {
        precondition(!rowStarted, "CSVRows: a row is still open")
        bytes.append(contentsOf: other.bytes)
    }

    /// Whether a spreadsheet would run the cell as a formula: it starts with =, +, -, @, a
    /// tab or a carriage return and is not a number.
    static func runsAsFormula(_ utf8: UnsafeRawBufferPointer) -> Bool {
        switch utf8.first {
        case UInt8(ascii: "="), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "@"), 0x09, 0x0D:
            return Double(String(decoding: utf8, as: UTF8.self)) == nil
        default:
            return false
        }
    }
}

/// The first byte offset that is not valid UTF-8, or nil.
func firstInvalidUTF8(_ bytes: [UInt8]) -> Int? {
    bytes.withUnsafeBufferPointer { firstInvalidUTF8($0) }
}

/// The first byte offset that is not valid UTF-8, or nil.
func firstInvalidUTF8(_ buffer: UnsafeBufferPointer<UInt8>) -> Int? {
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
