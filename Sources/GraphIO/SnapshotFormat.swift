import SanctionsModel

/// The layout of a snapshot file (docs/snapshot.md): constants, the section checksum, and
/// the little-endian record encoding of the sections that are not plain columns.
enum SnapshotFormat {
    /// The first eight bytes: 0x89, "SGRAPH", LF (a high byte and a line break, so that a
    /// text-mode transfer or a 7-bit channel visibly damages the file).
    static let magic: [UInt8] = [0x89, 0x53, 0x47, 0x52, 0x41, 0x50, 0x48, 0x0A]
    /// The format version this build writes and reads.
    static let version: UInt32 = 3
    /// Bytes of the header.
    static let headerSize = 64
    /// Bytes of one section table entry.
    static let entrySize = 64
    /// Bytes of a section's name field (ASCII, NUL-padded).
    static let nameSize = 32
    /// Every section starts at a multiple of this.
    static let alignment = 64

    /// What a section holds: the element type of a column, or encoded records.
    enum Element: UInt8, CaseIterable {
        case uint8 = 1, uint32 = 2, int32 = 3, uint64 = 4, float64 = 5, records = 6, uint16 = 7

        /// Bytes per element (1 for records: a byte stream).
        var size: Int {
            switch self {
            case .uint8, .records: 1
            case .uint16: 2
            case .uint32, .int32: 4
            case .uint64, .float64: 8
            }
        }

        /// The element type, as docs/snapshot.md names it.
        var name: String {
            switch self {
            case .uint8: "u8"
            case .uint16: "u16"
            case .uint32: "u32"
            case .int32: "i32"
            case .uint64: "u64"
            case .float64: "f64"
            case .records: "records"
            }
        }
    }

    /// `n` rounded up to the section alignment.
    static func aligned(_ n: Int) -> Int { (n + alignment - 1) / alignment * alignment }
}

/// The section checksum (docs/snapshot.md, "Checksum"): four 64-bit lanes over 32-byte
/// blocks, each step `lane = rotl((lane ^ word) &* P, 31)`, the tail in lane 0 (zero-padded,
/// with the length mixed in), the lanes folded at the end. Each step is a bijection of the
/// lane for a fixed word and of the word for a fixed lane, so changing any one 8-byte word
/// (a flipped byte, say) always changes the result. About 8 bytes a cycle: verifying a
/// snapshot costs a small fraction of parsing the file it was made from.
enum SnapshotChecksum {
    static let p1: UInt64 = 0x9E37_79B9_7F4A_7C15
    static let p2: UInt64 = 0xC2B2_AE3D_27D4_EB4F

    /// The checksum of `bytes`.
    /// - Complexity: O(n).
    static func of(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        var a: UInt64 = 1, b: UInt64 = 2, c: UInt64 = 3, d: UInt64 = 4
        let n = bytes.count
        var i = 0
        if let base = bytes.baseAddress {
            @inline(__always) func step(_ lane: inout UInt64, _ offset: Int) {
                let word = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
                lane = rotl((lane ^ word) &* p1, 31)
            }
            while i + 32 <= n {
                step(&a, i); step(&b, i + 8); step(&c, i + 16); step(&d, i + 24)
                i += 32
            }
            while i + 8 <= n {
                step(&a, i)
                i += 8
            }
            if i < n {
                var tail: UInt64 = 0
                for k in 0 ..< n - i { tail |= UInt64(base.load(fromByteOffset: i + k, as: UInt8.self)) << UInt64(8 * k) }
                a = rotl((a ^ tail) &* p1, 31)
            }
        }
        var h = UInt64(n) &* p2
        for lane in [a, b, c, d] {
            h = rotl(h ^ lane, 27) &* p1 &+ p2
        }
        h ^= h >> 33
        h = h &* p2
        h ^= h >> 29
        return h
    }

    @inline(__always) static func rotl(_ x: UInt64, _ r: UInt64) -> UInt64 { (x << r) | (x >> (64 - r)) }
}

/// Writes the records of a section (docs/snapshot.md, "Records"): little-endian integers and
/// floats, strings as a u32 byte length and their UTF-8 bytes, lists as a u32 count and
/// their items, an optional day as an i32 with `Int32.min` for none.
struct RecordWriter {
    private(set) var bytes: [UInt8] = []

    mutating func u8(_ v: UInt8) { bytes.append(v) }
    mutating func u32(_ v: UInt32) { withUnsafeBytes(of: v.littleEndian) { bytes.append(contentsOf: $0) } }
    mutating func i32(_ v: Int32) { withUnsafeBytes(of: v.littleEndian) { bytes.append(contentsOf: $0) } }
    mutating func u64(_ v: UInt64) { withUnsafeBytes(of: v.littleEndian) { bytes.append(contentsOf: $0) } }
    mutating func f64(_ v: Double) { u64(v.bitPattern) }
    mutating func bool(_ v: Bool) { u8(v ? 1 : 0) }
    mutating func string(_ s: String) {
        var s = s
        s.withUTF8 { utf8 in
            u32(UInt32(utf8.count))
            bytes.append(contentsOf: utf8)
        }
    }
    mutating func strings(_ list: [String]) {
        u32(UInt32(list.count))
        for s in list { string(s) }
    }
    mutating func day(_ d: Day?) { i32(d?.daysSinceEpoch ?? .min) }
    mutating func append(_ other: RecordWriter) { bytes.append(contentsOf: other.bytes) }
}

/// Reads what `RecordWriter` wrote, checking every length against the bytes left: a damaged
/// section ends in `RecordReader.Malformed`, never in a read past its end.
struct RecordReader {
    /// The section's bytes ran out, or held something no writer writes (`what` says which).
    struct Malformed: Error { var what: String }

    private let bytes: UnsafeRawBufferPointer
    private(set) var offset = 0

    init(_ bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    /// Whether every byte was read.
    var atEnd: Bool { offset == bytes.count }

    private mutating func take(_ n: Int, _ what: @autoclosure () -> String) throws(Malformed) -> Int {
        guard n >= 0, bytes.count - offset >= n else { throw Malformed(what: "\(what()) runs past the end of the section") }
        defer { offset += n }
        return offset
    }

    mutating func u8(_ what: @autoclosure () -> String) throws(Malformed) -> UInt8 { bytes[try take(1, what())] }
    mutating func u32(_ what: @autoclosure () -> String) throws(Malformed) -> UInt32 {
        UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: try take(4, what()), as: UInt32.self))
    }
    mutating func i32(_ what: @autoclosure () -> String) throws(Malformed) -> Int32 {
        Int32(littleEndian: bytes.loadUnaligned(fromByteOffset: try take(4, what()), as: Int32.self))
    }
    mutating func u64(_ what: @autoclosure () -> String) throws(Malformed) -> UInt64 {
        UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: try take(8, what()), as: UInt64.self))
    }
    mutating func f64(_ what: @autoclosure () -> String) throws(Malformed) -> Double { Double(bitPattern: try u64(what())) }
    mutating func bool(_ what: @autoclosure () -> String) throws(Malformed) -> Bool {
        switch try u8(what()) {
        case 0: return false
        case 1: return true
        case let b: throw Malformed(what: "\(what()) is \(b), not 0 or 1")
        }
    }
    mutating func string(_ what: @autoclosure () -> String) throws(Malformed) -> String {
        let n = Int(try u32(what()))
        let start = try take(n, what())
        // Checked, then decoded (nothing to repair): `String(validating:as:)` over raw bytes is
        // generic code that looks up type metadata on every call (docs/snapshot.md).
        let utf8 = UnsafeRawBufferPointer(rebasing: bytes[start ..< start + n]).assumingMemoryBound(to: UInt8.self)
        guard firstInvalidUTF8(utf8) == nil else { throw Malformed(what: "\(what()) is not UTF-8") }
        return String(decoding: utf8, as: UTF8.self)
    }
    mutating func strings(_ what: @autoclosure () -> String) throws(Malformed) -> [String] {
        let n = Int(try u32(what()))
        // Each string takes at least its four length bytes: a damaged count cannot make a huge array.
        guard n <= (bytes.count - offset) / 4 else { throw Malformed(what: "\(what()) runs past the end of the section") }
        var list: [String] = []
        list.reserveCapacity(n)
        for _ in 0 ..< n { list.append(try string(what())) }
        return list
    }
    mutating func day(_ what: @autoclosure () -> String) throws(Malformed) -> Day? {
        let v = try i32(what())
        return v == .min ? nil : Day(daysSinceEpoch: v)
    }
}
