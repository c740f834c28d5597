#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import GraphCore
import SanctionsModel

extension FtMIngest {
    /// Reads a JSON array of FtM records from `reader`, positioned at the start of the file,
    /// one element at a time: `JSONArrayWalk` finds each top-level element's bytes in the
    /// buffer (tracking nesting and strings), and the record scanner reads them there.
    /// Memory holds one element, not the file. Errors carry the file's line and column as
    /// when the array was read whole; after malformed JSON the array cannot be
    /// resynchronised, so reading stops even when lenient. An element longer than
    /// `options.maxRecordBytes` is `recordTooLong` (skipped when lenient, as a long line is).
    mutating func readArray(_ reader: inout LineReader, options: ReadOptions, into builder: inout NetworkBuilder,
                            report: inout ReadReport) throws(InputError) {
        var walk = JSONArrayWalk(maxElement: options.maxRecordBytes)
        // Blank space and a byte-order mark, then '[' (the caller saw it).
        var c = try walk.skipSpace(&reader)
        if c == 0xEF {
            while reader.pending.count < 3, try reader.readMore() {}
            if reader.pending.starts(with: [0xEF, 0xBB, 0xBF]) { reader.consume(3); c = try walk.skipSpace(&reader) }
        }
        if c != nil { reader.consume(1) }  // '['
        c = try walk.skipSpace(&reader)
        if c == UInt8(ascii: "]") { throw InputError(file: file, line: nil, .emptyFile) }
        var nextProgress = ReadProgress.step
        while true {
            if reader.consumed >= nextProgress {
                options.progress?(ReadProgress(file: file, bytes: reader.consumed, totalBytes: reader.fileSize, records: report.records, finished: false))
                nextProgress += ReadProgress.step
            }
            let recordLine = walk.line
            let recordColumn = walk.column(reader)
            report.records += 1
            let extent = c == nil ? .element(0) : try walk.extent(&reader)
            switch extent {
            case .tooLong:
                try fail(InputError(file: file, line: recordLine, .recordTooLong(limitBytes: options.maxRecordBytes)), report: &report)
            case .element(let length):
                let bytes = reader.pending
                let base = bytes.baseAddress.unsafelyUnwrapped
                let scanned: (record: ScannedRecord, end: UnsafePointer<UInt8>)
                do throws(ScanError) {
                    scanned = try scanner.scanRecord(base, base + length)
                } catch {
                    let (line, column) = JSONArrayWalk.position(of: error.offset, in: base, line: recordLine, column: recordColumn)
                    throw inputError(error.kind, line: line, column: column)
                }
                try applyScanned(scanned.record, line: recordLine, into: &builder, report: &report)
                walk.consume(scanned.end - base, &reader)
            }
            try options.checkLimits(builder, file: file, line: recordLine)
            guard let after = try walk.skipSpace(&reader) else {
                throw InputError(file: file, line: walk.line, .malformedJSON(column: 1, detail: "unterminated array: expected ',' or ']'"))
            }
            if after == UInt8(ascii: ",") {
                reader.consume(1)
                c = try walk.skipSpace(&reader)
                continue
            }
            if after == UInt8(ascii: "]") {
                reader.consume(1)
                if try walk.skipSpace(&reader) != nil {
                    throw InputError(file: file, line: walk.line, .malformedJSON(column: walk.column(reader), detail: "unexpected text after the array"))
                }
                return
            }
            throw InputError(file: file, line: walk.line, .malformedJSON(column: walk.column(reader),
                                                                         detail: "expected ',' or ']' between array elements, found \(describe(after))"))
        }
    }
}

/// Finds the top-level elements of a JSON array in a `LineReader`'s pending bytes, counting
/// lines as it consumes them, without parsing the elements (the record scanner does).
struct JSONArrayWalk {
    /// The line of the next pending byte (1-based).
    var line = 1
    /// The file offset at which `line` starts.
    var lineStart = 0
    /// The longest element kept whole; a longer one is skipped.
    let maxElement: Int

    /// Where one element is: its first `element` pending bytes, or skipped as too long.
    enum Extent { case element(Int), tooLong }

    /// The column (1-based) of the next pending byte.
    func column(_ reader: borrowing LineReader) -> Int { reader.consumed - lineStart + 1 }

    /// Consumes `n` pending bytes, counting the lines they end.
    mutating func consume(_ n: Int, _ reader: inout LineReader) {
        let base = UnsafePointer<UInt8>(reader.pending.baseAddress.unsafelyUnwrapped)
        var i = 0
        while i < n {
            guard let nl = memchr(base + i, 0x0A, n - i) else { break }
            i = UnsafePointer<UInt8>(nl.assumingMemoryBound(to: UInt8.self)) - base + 1
            line += 1
            lineStart = reader.consumed + i
        }
        reader.consume(n)
    }

    /// Consumes blank space, counting lines, and returns the next byte (still pending), or
    /// nil at the end of the file.
    mutating func skipSpace(_ reader: inout LineReader) throws(InputError) -> UInt8? {
        while true {
            let bytes = reader.pending
            var i = 0
            while i < bytes.count {
                let c = bytes[i]
                if c == 0x0A { line += 1; lineStart = reader.consumed + i + 1 }
                else if c != 0x20 && c != 0x09 && c != 0x0D { break }
                i += 1
            }
            reader.consume(i)
            if i < bytes.count { return bytes[i] }
            guard try reader.readMore() else { return nil }
        }
    }

    /// Finds the end of the element that starts the pending bytes, reading more as needed: the
    /// brace that closes an object, outside strings. Anything but an object is one byte (the
    /// record scanner rejects it there); an object cut short by the end of the file is the
    /// rest of the file (the scanner says what is missing). An object longer than
    /// `maxElement` is consumed, lines counted, and reported as `.tooLong`.
    mutating func extent(_ reader: inout LineReader) throws(InputError) -> Extent {
        guard reader.pending.first == UInt8(ascii: "{") else { return .element(min(1, reader.pending.count)) }
        var i = 0, depth = 0
        var inString = false, escaped = false, skipping = false
        while true {
            let bytes = reader.pending
            let p = bytes.baseAddress.unsafelyUnwrapped
            let n = bytes.count
            while i < n {
                let c = p[i]
                i += 1
                if inString {
                    if escaped { escaped = false }
                    else if c == UInt8(ascii: "\\") { escaped = true }
                    else if c == UInt8(ascii: "\"") { inString = false }
                    continue
                }
                switch c {
                case UInt8(ascii: "\""): inString = true
                case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    depth -= 1
                    if depth == 0 {
                        if !skipping && i <= maxElement { return .element(i) }
                        consume(i, &reader)
                        return .tooLong
                    }
                default: break
                }
            }
            if skipping || i > maxElement {
                skipping = true
                consume(i, &reader)
                i = 0
            }
            guard try reader.readMore() else { return skipping ? .tooLong : .element(i) }
        }
    }

    /// The line and column of `offset` bytes into an element that starts at `base`, on
    /// `line` at `column`.
    static func position(of offset: Int, in base: UnsafePointer<UInt8>, line: Int, column: Int) -> (line: Int, column: Int) {
        var line = line, column = column
        for i in 0 ..< offset {
            if base[i] == 0x0A { line += 1; column = 1 } else { column += 1 }
        }
        return (line, column)
    }
}
