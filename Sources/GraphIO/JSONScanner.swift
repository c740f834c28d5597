import GraphCore

/// A run of bytes, in the input buffer or in the scanner's scratch space.
struct ByteSlice {
    var start: UnsafePointer<UInt8>
    var count: Int

    var raw: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: start, count: count) }
    var string: String { String(decoding: UnsafeBufferPointer(start: start, count: count), as: UTF8.self) }

    @inline(__always) func equals(_ other: ByteSlice) -> Bool {
        count == other.count && (count == 0 || memcmp(start, other.start, count) == 0)
    }

    @inline(__always) func equals(_ literal: StaticString) -> Bool {
        count == literal.utf8CodeUnitCount && (count == 0 || memcmp(start, literal.utf8Start, count) == 0)
    }
}

@inline(__always) private func memcmp(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ n: Int) -> Int32 {
    var i = 0
    while i < n {
        if a[i] != b[i] { return a[i] < b[i] ? -1 : 1 }
        i += 1
    }
    return 0
}

/// Why a record could not be scanned: `offset` is the byte position in the record.
struct ScanError: Error {
    enum Kind {
        case syntax(String)
        case notUTF8
        case shape(property: String, detail: String)
    }
    var offset: Int
    var kind: Kind
}

/// One property of an FtM record: its name and its string values (`values[first ..< first + count]`).
struct ScannedProperty {
    var name: ByteSlice
    var first: Int
    var count: Int
}

/// What the record scanner keeps of one FtM record: its top-level strings, and where its
/// properties, datasets and referents are in the scanner's (or a batch's) `properties` and
/// `values` (`FtMRecordView` reads them there).
struct ScannedRecord: BitwiseCopyable {
    var id: ByteSlice?
    var schema: ByteSlice?
    var caption: ByteSlice?
    var firstSeen: ByteSlice?
    var lastSeen: ByteSlice?
    var lastChange: ByteSlice?
    /// OpenSanctions' `target` flag, when the record gives it as true or false.
    var target: Bool?
    /// Where the record's `datasets` values are in `values`.
    var datasets: Range<Int> {
        get { datasetBounds.0 ..< datasetBounds.1 }
        set { datasetBounds = (newValue.lowerBound, newValue.upperBound) }
    }
    /// Where the record's `referents` (ids merged into it) are in `values`.
    var referents: Range<Int> {
        get { referentBounds.0 ..< referentBounds.1 }
        set { referentBounds = (newValue.lowerBound, newValue.upperBound) }
    }
    /// Where the record's properties are in `properties`.
    var properties: Range<Int> {
        get { propertyBounds.0 ..< propertyBounds.1 }
        set { propertyBounds = (newValue.lowerBound, newValue.upperBound) }
    }
    // Stored as pairs: `Range` is not `BitwiseCopyable`, which a `Column` of records needs.
    private var datasetBounds = (0, 0), referentBounds = (0, 0), propertyBounds = (0, 0)
}

/// A byte-level scanner for FtM entities: `{"id": …, "schema": …, "properties": {…}, …}`.
///
/// It validates the whole object as JSON (RFC 8259: structure, escapes, numbers, UTF-8 in
/// strings) and keeps only what the graph needs: `id`, `schema`, `caption`, the string
/// values of `properties`, and OpenSanctions' `datasets`, `first_seen` and `last_seen`.
/// Other members (`referents`, `target`, …) are validated and skipped; so are `datasets`,
/// `first_seen` and `last_seen` of another shape than a list of strings or a string. Strings without escapes point into the input;
/// escaped ones are decoded into scratch space: the scanner's own, valid until the next
/// record (`scanRecord`), or space the caller gives, as long as the record (`appendRecord`,
/// which keeps the records of a batch side by side).
/// Strings are found eight bytes at a time (SWAR) where no quote, backslash, control or
/// non-ASCII byte occurs.
///
/// Non-copyable: it owns its scratch space, which `deinit` frees, once.
struct FtMRecordScanner: ~Copyable {
    // The records scanned are returned, not kept here: the scanner's helpers borrow it, and
    // borrowing a scanner that held a record (192 bytes) copied it at every member scanned.
    var properties: Column<ScannedProperty> = []
    var values: Column<ByteSlice> = []

    private var scratch: UnsafeMutablePointer<UInt8>
    private var scratchCapacity: Int
    /// Where escaped strings are decoded to, and how much of it the record has used.
    private var decoded: UnsafeMutablePointer<UInt8>
    private var decodedUsed = 0
    /// The start of the record being scanned (error offsets are measured from it).
    private var base = UnsafePointer<UInt8>(bitPattern: 1).unsafelyUnwrapped
    static let maxDepth = 200

    init() {
        scratchCapacity = 1 << 16
        scratch = .allocate(capacity: scratchCapacity)
        decoded = scratch
        properties.reserveCapacity(64)
        values.reserveCapacity(256)
    }

    /// Frees the scratch space.
    deinit { scratch.deallocate() }

    /// Scans one object starting at `p` (leading whitespace allowed) and returns it with the
    /// position after it. The previous record's properties and values are dropped first.
    mutating func scanRecord(_ p: UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>) throws(ScanError) -> (record: ScannedRecord, end: UnsafePointer<UInt8>) {
        properties.removeLast(properties.count)
        values.removeLast(values.count)
        // Escaped strings never grow when decoded, so the record's length bounds the scratch use.
        let length = end - p
        if length > scratchCapacity {
            scratch.deallocate()
            scratchCapacity = max(length, scratchCapacity * 2)
            scratch = .allocate(capacity: scratchCapacity)
        }
        return try appendRecord(p, end, decodingInto: scratch)
    }

    /// Scans one object as `scanRecord` does, but keeps the properties and values of the
    /// records before it (the record's ranges point past them), decoding escaped strings into
    /// `space`, which must hold `end - p` bytes and stay valid as long as the record is read.
    /// On an error the properties and values are as before the call.
    mutating func appendRecord(_ p: UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>,
                               decodingInto space: UnsafeMutablePointer<UInt8>) throws(ScanError) -> (record: ScannedRecord, end: UnsafePointer<UInt8>) {
        let (propertyCount, valueCount) = (properties.count, values.count)
        decoded = space
        decodedUsed = 0
        base = p
        do throws(ScanError) {
            var record = ScannedRecord()
            let after = try scanObject(p, end, into: &record)
            record.properties = propertyCount ..< properties.count
            return (record, after)
        } catch {
            properties.removeLast(properties.count - propertyCount)
            values.removeLast(values.count - valueCount)
            throw error
        }
    }

    /// Scans an object's members into `record` (its top-level strings, datasets, referents
    /// and target; the properties go to `properties` and `values`).
    private mutating func scanObject(_ p: UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>,
                                     into record: inout ScannedRecord) throws(ScanError) -> UnsafePointer<UInt8> {
        var q = skipSpace(p, end)
        guard q < end, q.pointee == UInt8(ascii: "{") else {
            throw ScanError(offset: q - p, kind: .syntax(q < end ? "expected '{' to start an entity object, found \(describe(q.pointee))" : "expected an object"))
        }
        q += 1
        q = skipSpace(q, end)
        if q < end && q.pointee == UInt8(ascii: "}") { return q + 1 }
        while true {
            guard q < end, q.pointee == UInt8(ascii: "\"") else { throw syntax(q, end, "expected a member name in quotes") }
            let key: ByteSlice
            (key, q) = try scanString(q, end)
            q = try expectColon(q, end)
            if key.equals("properties") {
                q = try scanProperties(q, end)
            } else if key.equals("id") || key.equals("schema") || key.equals("caption") {
                if q < end && q.pointee == UInt8(ascii: "\"") {
                    let value: ByteSlice
                    (value, q) = try scanString(q, end)
                    if key.equals("id") { record.id = value } else if key.equals("schema") { record.schema = value } else { record.caption = value }
                } else if key.equals("caption") {
                    q = try skipValue(q, end, depth: 1)
                } else {
                    throw ScanError(offset: q - base, kind: .shape(property: key.string, detail: "must be a string"))
                }
            } else if (key.equals("first_seen") || key.equals("last_seen") || key.equals("last_change")) && q < end && q.pointee == UInt8(ascii: "\"") {
                let value: ByteSlice
                (value, q) = try scanString(q, end)
                if key.equals("first_seen") { record.firstSeen = value } else if key.equals("last_seen") { record.lastSeen = value } else { record.lastChange = value }
            } else if key.equals("target") && q < end && (q.pointee == UInt8(ascii: "t") || q.pointee == UInt8(ascii: "f")) {
                let isTrue = q.pointee == UInt8(ascii: "t")
                q = try skipValue(q, end, depth: 1)
                record.target = isTrue
            } else if (key.equals("datasets") || key.equals("referents")) && q < end && q.pointee == UInt8(ascii: "[") {
                let first = values.count
                q = try scanStringList(q, end)
                if key.equals("datasets") { record.datasets = first ..< values.count } else { record.referents = first ..< values.count }
            } else {
                q = try skipValue(q, end, depth: 1)
            }
            q = skipSpace(q, end)
            guard q < end else { throw syntax(q, end, "unterminated object") }
            if q.pointee == UInt8(ascii: ",") { q = skipSpace(q + 1, end); continue }
            if q.pointee == UInt8(ascii: "}") { return q + 1 }
            throw syntax(q, end, "expected ',' or '}'")
        }
    }

    private mutating func scanProperties(_ p: UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>) throws(ScanError) -> UnsafePointer<UInt8> {
        guard p < end, p.pointee == UInt8(ascii: "{") else {
            throw ScanError(offset: p - base, kind: .shape(property: "properties", detail: "must be an object"))
        }
        var q = skipSpace(p + 1, end)
        if q < end && q.pointee == UInt8(ascii: "}") { return q + 1 }
        while true {
            guard q < end, q.pointee == UInt8(ascii: "\"") else { throw syntax(q, end, "expected a property name in quotes") }
            let name: ByteSlice
            (name, q) = try scanString(q, end)
            q = try expectColon(q, end)
            let first = values.count
            guard q < end else { throw syntax(q, end, "missing value") }
            switch q.pointee {
            case UInt8(ascii: "["):
                q = skipSpace(q + 1, end)
                if q < end && q.pointee == UInt8(ascii: "]") { q += 1; break }
                while true {
                    guard q < end else { throw syntax(q, end, "unterminated list") }
                    guard q.pointee == UInt8(ascii: "\"") else {
                        if q.pointee == UInt8(ascii: "{") || q.pointee == UInt8(ascii: "[") || isValueStart(q.pointee) {
                            throw ScanError(offset: q - base, kind: .shape(property: name.string, detail: "values must be strings (FtM lists of strings)"))
                        }
                        throw syntax(q, end, "expected a string")
                    }
                    let value: ByteSlice
                    (value, q) = try scanString(q, end)
                    values.append(value)
                    q = skipSpace(q, end)
                    guard q < end else { throw syntax(q, end, "unterminated list") }
                    if q.pointee == UInt8(ascii: ",") { q = skipSpace(q + 1, end); continue }
                    if q.pointee == UInt8(ascii: "]") { q += 1; break }
                    throw syntax(q, end, "expected ',' or ']'")
                }
            case UInt8(ascii: "\""):
                // A bare string where FtM has a list: accepted as a one-value list.
                let value: ByteSlice
                (value, q) = try scanString(q, end)
                values.append(value)
            case UInt8(ascii: "n"):
                q = try skipValue(q, end, depth: 2)
            default:
                if isValueStart(q.pointee) || q.pointee == UInt8(ascii: "{") {
                    throw ScanError(offset: q - base, kind: .shape(property: name.string, detail: "must be a list of strings"))
                }
                throw syntax(q, end, "expected a value")
            }
            properties.append(ScannedProperty(name: name, first: first, count: values.count - first))
            q = skipSpace(q, end)
            guard q < end else { throw syntax(q, end, "unterminated properties object") }
            if q.pointee == UInt8(ascii: ",") { q = skipSpace(q + 1, end); continue }
            if q.pointee == UInt8(ascii: "}") { return q + 1 }
            throw syntax(q, end, "expected ',' or '}' in properties")
        }
    }

    /// Scans a top-level list, starting at its '[', appending its strings to `values` (other
    /// members are validated and skipped).
    private mutating func scanStringList(_ p: UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>) throws(ScanError) -> UnsafePointer<UInt8> {
        var q = skipSpace(p + 1, end)
        if q < end && q.pointee == UInt8(ascii: "]") { return q + 1 }
        while true {
            guard q < end else { throw syntax(q, end, "unterminated list") }
            if q.pointee == UInt8(ascii: "\"") {
                let value: ByteSlice
                (value, q) = try scanString(q, end)
                values.append(value)
            } else {
                q = try skipValue(q, end, depth: 2)
            }
            q = skipSpace(q, end)
            guard q < end else { throw syntax(q, end, "unterminated list") }
            if q.pointee == UInt8(ascii: ",") { q = skipSpace(q + 1, end); continue }
            if q.pointee == UInt8(ascii: "]") { return q + 1 }
            throw syntax(q, end, "expected ',' or ']'")
        }
    }

    @inline(__always) private func isValueStart(_ c: UInt8) -> Bool {
        c == UInt8(ascii: "-") || (c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9")) || c == UInt8(ascii: "t") || c == UInt8(ascii: "f") || c == UInt8(ascii: "n")
    }

    @inline(__always) private func expectColon(_ p: UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>) throws(ScanError) -> UnsafePointer<UInt8> {
        let q = skipSpace(p, end)
        guard q < end, q.pointee == UInt8(ascii: ":") else { throw syntax(q, end, "expected ':'") }
        return skipSpace(q + 1, end)
    }

    @inline(__always) func skipSpace(_ p: UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>) -> UnsafePointer<UInt8> {
        var q = p
        while q < end {
            let c = q.pointee
            if c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 { q += 1 } else { break }
        }
        return q
    }

    private func syntax(_ q: UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>, _ expected: String) -> ScanError {
        if q >= end { return ScanError(offset: q - base, kind: .syntax("\(expected), but the record ends")) }
        if q.pointee >= 0x80 { return ScanError(offset: q - base, kind: .syntax("\(expected), found the non-ASCII byte \(describe(q.pointee)) outside a string")) }
        return ScanError(offset: q - base, kind: .syntax("\(expected), found \(describe(q.pointee))"))
    }

    /// Skips one JSON value of any kind, validating it.
    private mutating func skipValue(_ p: UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>, depth: Int) throws(ScanError) -> UnsafePointer<UInt8> {
        guard depth < FtMRecordScanner.maxDepth else { throw ScanError(offset: p - base, kind: .syntax("nesting deeper than \(FtMRecordScanner.maxDepth) levels")) }
        guard p < end else { throw syntax(p, end, "expected a value") }
        switch p.pointee {
        case UInt8(ascii: "\""):
            return try scanString(p, end).1
        case UInt8(ascii: "{"):
            var q = skipSpace(p + 1, end)
            if q < end && q.pointee == UInt8(ascii: "}") { return q + 1 }
            while true {
                guard q < end, q.pointee == UInt8(ascii: "\"") else { throw syntax(q, end, "expected a member name in quotes") }
                q = try scanString(q, end).1
                q = try expectColon(q, end)
                q = try skipValue(q, end, depth: depth + 1)
                q = skipSpace(q, end)
                guard q < end else { throw syntax(q, end, "unterminated object") }
                if q.pointee == UInt8(ascii: ",") { q = skipSpace(q + 1, end); continue }
                if q.pointee == UInt8(ascii: "}") { return q + 1 }
                throw syntax(q, end, "expected ',' or '}'")
            }
        case UInt8(ascii: "["):
            var q = skipSpace(p + 1, end)
            if q < end && q.pointee == UInt8(ascii: "]") { return q + 1 }
            while true {
                q = try skipValue(q, end, depth: depth + 1)
                q = skipSpace(q, end)
                guard q < end else { throw syntax(q, end, "unterminated list") }
                if q.pointee == UInt8(ascii: ",") { q = skipSpace(q + 1, end); continue }
                if q.pointee == UInt8(ascii: "]") { return q + 1 }
                throw syntax(q, end, "expected ',' or ']'")
            }
        case UInt8(ascii: "t"): return try literal(p, end, "true")
        case UInt8(ascii: "f"): return try literal(p, end, "false")
        case UInt8(ascii: "n"): return try literal(p, end, "null")
        default:
            return try skipNumber(p, end)
        }
    }

    private func literal(_ p: UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>, _ word: StaticString) throws(ScanError) -> UnsafePointer<UInt8> {
        let n = word.utf8CodeUnitCount
        guard end - p >= n, memcmp(p, word.utf8Start, n) == 0 else { throw syntax(p, end, "expected a value") }
        return p + n
    }

    private func skipNumber(_ p: UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>) throws(ScanError) -> UnsafePointer<UInt8> {
        var q = p
        func digit(_ q: UnsafePointer<UInt8>) -> Bool { q < end && q.pointee >= 0x30 && q.pointee <= 0x39 }
        if q < end && q.pointee == UInt8(ascii: "-") { q += 1 }
        guard digit(q) else { throw syntax(p, end, "expected a value") }
        if q.pointee == 0x30 { q += 1 } else { while digit(q) { q += 1 } }
        if q < end && q.pointee == UInt8(ascii: ".") {
            q += 1
            guard digit(q) else { throw syntax(q, end, "expected a digit after '.'") }
            while digit(q) { q += 1 }
        }
        if q < end && (q.pointee == UInt8(ascii: "e") || q.pointee == UInt8(ascii: "E")) {
            q += 1
            if q < end && (q.pointee == UInt8(ascii: "+") || q.pointee == UInt8(ascii: "-")) { q += 1 }
            guard digit(q) else { throw syntax(q, end, "expected an exponent") }
            while digit(q) { q += 1 }
        }
        return q
    }

    /// Scans the string starting at the quote `p`; returns its decoded bytes and the position after the closing quote.
    @inline(__always)
    private mutating func scanString(_ p: UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>) throws(ScanError) -> (ByteSlice, UnsafePointer<UInt8>) {
        let start = p + 1
        var q = start
        while true {
            // Eight bytes at a time while none is special, then straight to the first special
            // one: the lowest byte flagged is always a special byte (a false flag can only
            // follow a true one, from a borrow), and the bytes are read little-endian.
            while end - q >= 8 {
                let w = UInt64(littleEndian: UnsafeRawPointer(q).loadUnaligned(as: UInt64.self))
                let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
                let quote = w ^ (ones &* 0x22), slash = w ^ (ones &* 0x5C)
                let special = (((quote &- ones) & ~quote) | ((slash &- ones) & ~slash) | ((w &- ones &* 0x20) & ~w) | w) & highs
                if special != 0 { q += special.trailingZeroBitCount >> 3; break }
                q += 8
            }
            guard q < end else { throw ScanError(offset: p - base, kind: .syntax("unterminated string")) }
            let c = q.pointee
            if c == UInt8(ascii: "\"") { return (ByteSlice(start: start, count: q - start), q + 1) }
            if c == UInt8(ascii: "\\") { return try scanEscapedString(start, from: q, end) }
            if c < 0x20 { throw ScanError(offset: q - base, kind: .syntax("control character \(describe(c)) inside a string (escape it)")) }
            if c >= 0x80 { q = try skipUTF8(q, end) } else { q += 1 }
        }
    }

    /// Validates one multi-byte UTF-8 sequence at `q` and returns the position after it.
    @inline(__always)
    private func skipUTF8(_ q: UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>) throws(ScanError) -> UnsafePointer<UInt8> {
        let n = utf8SequenceLength(q, end)
        guard n > 0 else { throw ScanError(offset: q - base, kind: .notUTF8) }
        return q + n
    }

    /// The slow path: decodes a string with escapes into scratch space.
    private mutating func scanEscapedString(_ start: UnsafePointer<UInt8>, from firstEscape: UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>) throws(ScanError) -> (ByteSlice, UnsafePointer<UInt8>) {
        let out = decoded + decodedUsed
        var o = 0
        var s = start
        while s < firstEscape { out[o] = s.pointee; o += 1; s += 1 }
        var q = firstEscape
        while true {
            guard q < end else { throw ScanError(offset: start - 1 - base, kind: .syntax("unterminated string")) }
            let c = q.pointee
            if c == UInt8(ascii: "\"") {
                decodedUsed += o
                return (ByteSlice(start: UnsafePointer(out), count: o), q + 1)
            }
            if c == UInt8(ascii: "\\") {
                guard end - q >= 2 else { throw ScanError(offset: q - base, kind: .syntax("unterminated escape")) }
                let e = q[1]
                q += 2
                switch e {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out[o] = e; o += 1
                case UInt8(ascii: "b"): out[o] = 0x08; o += 1
                case UInt8(ascii: "f"): out[o] = 0x0C; o += 1
                case UInt8(ascii: "n"): out[o] = 0x0A; o += 1
                case UInt8(ascii: "r"): out[o] = 0x0D; o += 1
                case UInt8(ascii: "t"): out[o] = 0x09; o += 1
                case UInt8(ascii: "u"):
                    var scalar = try hex4(q, end)
                    q += 4
                    if scalar >= 0xD800 && scalar <= 0xDBFF {
                        guard end - q >= 6, q[0] == UInt8(ascii: "\\"), q[1] == UInt8(ascii: "u") else {
                            throw ScanError(offset: q - base, kind: .syntax("lone UTF-16 surrogate in a \\u escape"))
                        }
                        let low = try hex4(q + 2, end)
                        guard low >= 0xDC00 && low <= 0xDFFF else { throw ScanError(offset: q - base, kind: .syntax("lone UTF-16 surrogate in a \\u escape")) }
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                        q += 6
                    } else if scalar >= 0xDC00 && scalar <= 0xDFFF {
                        throw ScanError(offset: q - base, kind: .syntax("lone UTF-16 surrogate in a \\u escape"))
                    }
                    // The escape (6 or 12 bytes) is longer than the 1–4 bytes it encodes.
                    if scalar < 0x80 { out[o] = UInt8(scalar); o += 1 }
                    else if scalar < 0x800 { out[o] = UInt8(0xC0 | (scalar >> 6)); out[o + 1] = UInt8(0x80 | (scalar & 0x3F)); o += 2 }
                    else if scalar < 0x10000 {
                        out[o] = UInt8(0xE0 | (scalar >> 12)); out[o + 1] = UInt8(0x80 | ((scalar >> 6) & 0x3F)); out[o + 2] = UInt8(0x80 | (scalar & 0x3F)); o += 3
                    } else {
                        out[o] = UInt8(0xF0 | (scalar >> 18)); out[o + 1] = UInt8(0x80 | ((scalar >> 12) & 0x3F))
                        out[o + 2] = UInt8(0x80 | ((scalar >> 6) & 0x3F)); out[o + 3] = UInt8(0x80 | (scalar & 0x3F)); o += 4
                    }
                default:
                    throw ScanError(offset: q - 2 - base, kind: .syntax("invalid escape '\\\(Character(Unicode.Scalar(e)))'"))
                }
                continue
            }
            if c < 0x20 { throw ScanError(offset: q - base, kind: .syntax("control character \(describe(c)) inside a string (escape it)")) }
            if c >= 0x80 {
                let next = try skipUTF8(q, end)
                while q < next { out[o] = q.pointee; o += 1; q += 1 }
            } else {
                out[o] = c; o += 1; q += 1
            }
        }
    }

    private func hex4(_ q: UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>) throws(ScanError) -> UInt32 {
        guard end - q >= 4 else { throw ScanError(offset: q - base, kind: .syntax("short \\u escape")) }
        var v: UInt32 = 0
        for i in 0 ..< 4 {
            let c = q[i]
            let d: UInt32
            switch c {
            case 0x30 ... 0x39: d = UInt32(c - 0x30)
            case 0x41 ... 0x46: d = UInt32(c - 0x41 + 10)
            case 0x61 ... 0x66: d = UInt32(c - 0x61 + 10)
            default: throw ScanError(offset: q - base, kind: .syntax("bad hex digit in a \\u escape"))
            }
            v = v << 4 | d
        }
        return v
    }
}

/// A byte for an error message: the character if printable ASCII, else its hex code.
func describe(_ byte: UInt8) -> String {
    if byte >= 0x21 && byte < 0x7F { return "'\(Character(Unicode.Scalar(byte)))'" }
    return "byte 0x" + String(byte, radix: 16, uppercase: true)
}

/// The length (2–4) of the valid multi-byte UTF-8 sequence starting at `q` (whose first
/// byte is ≥ 0x80), or 0 if it is not valid UTF-8 (RFC 3629: no overlongs, no surrogates,
/// nothing above U+10FFFF).
@inline(__always)
func utf8SequenceLength(_ q: UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>) -> Int {
    let c = q.pointee
    let n: Int
    var lo: UInt8 = 0x80, hi: UInt8 = 0xBF
    switch c {
    case 0xC2 ... 0xDF: n = 1
    case 0xE0: n = 2; lo = 0xA0
    case 0xE1 ... 0xEC, 0xEE ... 0xEF: n = 2
    case 0xED: n = 2; hi = 0x9F
    case 0xF0: n = 3; lo = 0x90
    case 0xF1 ... 0xF3: n = 3
    case 0xF4: n = 3; hi = 0x8F
    default: return 0
    }
    guard end - q > n else { return 0 }
    let b1 = q[1]
    guard b1 >= lo && b1 <= hi else { return 0 }
    for i in 2 ..< n + 1 where q[i] & 0xC0 != 0x80 { return 0 }
    return n + 1
}

/// A scanned record together with the properties and values its ranges point into (the
/// scanner's, or a batch's): what `FtMIngest` applies.
struct FtMRecordView {
    let record: ScannedRecord
    let allProperties: UnsafeBufferPointer<ScannedProperty>
    let allValues: UnsafeBufferPointer<ByteSlice>

    var properties: Slice<UnsafeBufferPointer<ScannedProperty>> { allProperties[record.properties] }
    var datasets: Slice<UnsafeBufferPointer<ByteSlice>> { allValues[record.datasets] }
    var referents: Slice<UnsafeBufferPointer<ByteSlice>> { allValues[record.referents] }

    /// The values of `property`.
    func values(of property: ScannedProperty) -> Slice<UnsafeBufferPointer<ByteSlice>> {
        allValues[property.first ..< property.first + property.count]
    }

    /// The values of the first property named `name` (none when there is no such property).
    func values(_ name: StaticString) -> Slice<UnsafeBufferPointer<ByteSlice>> {
        values(ByteSlice(start: name.utf8Start, count: name.utf8CodeUnitCount))
    }

    /// The values of the first property named `name` (bytes), as `values(_:)`.
    func values(_ name: ByteSlice) -> Slice<UnsafeBufferPointer<ByteSlice>> {
        for p in properties where p.name.equals(name) { return values(of: p) }
        return allValues[0 ..< 0]
    }
}
