#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Platform

/// Reads a file in large blocks and hands out its lines without copying them, so that a
/// file of any size streams in constant memory (one block plus the longest line).
///
/// Non-copyable: it owns the descriptor and the buffer, and `deinit` releases both, once.
struct LineReader: ~Copyable {
    let path: String
    let maxLine: Int
    private let fd: Int32
    private var buffer: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    private var start = 0
    private var filled = 0
    private var eof = false
    /// Bytes consumed so far (the lines handed out, with their newlines).
    private(set) var consumed = 0
    /// The 1-based number of the last line handed out.
    private(set) var lineNumber = 0
    let fileSize: Int

    static let blockSize = 4 << 20

    /// Opens `path`; `blockSize` is the first buffer's size (tests lower it to reach block
    /// boundaries with a few bytes); the buffer grows when one line or record fills it.
    init(path: String, maxLine: Int, blockSize: Int = LineReader.blockSize) throws(InputError) {
        self.path = path
        self.maxLine = maxLine
        fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw InputError(file: path, line: nil, .unreadable(systemErrorReason(errno))) }
        var st = stat()
        if fstat(fd, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR {
            _ = closeDescriptor(fd)
            throw InputError(file: path, line: nil, .unreadable("it is a folder"))
        }
        fileSize = fstat(fd, &st) == 0 ? Int(st.st_size) : 0
        capacity = max(blockSize, 16)
        buffer = .allocate(capacity: capacity)
    }

    /// Closes the file and frees the buffer.
    deinit {
        _ = closeDescriptor(fd)
        buffer.deallocate()
    }

    /// The first bytes of the file (for sniffing), without consuming them.
    mutating func peek(_ n: Int) throws(InputError) -> [UInt8] {
        while filled - start < n && !eof { try fill() }
        return Array(UnsafeBufferPointer(start: buffer + start, count: min(n, filled - start)))
    }

    /// The next line without its newline (and without a trailing CR), or nil at the end.
    /// A line longer than `maxLine` yields `.tooLong` after skipping the rest of it.
    enum Line { case text(UnsafePointer<UInt8>, Int), tooLong }

    mutating func next() throws(InputError) -> Line? {
        // Bytes after `start` already searched for a newline (`fill` may move `start`).
        var scanned = 0
        while true {
            let from = start + scanned
            let avail = filled - from
            if avail > 0, let nl = memchr(buffer + from, 0x0A, avail) {
                let end = nl.assumingMemoryBound(to: UInt8.self) - buffer
                return emit(end: end, next: end + 1)
            }
            if filled - start > maxLine { return try skipLongLine() }
            if eof {
                if filled > start { return emit(end: filled, next: filled) }
                return nil
            }
            scanned = filled - start
            try fill()
        }
    }

    /// What `nextBuffered` finds: a line (nil at the end of the file), or that the next line
    /// needs bytes not read yet.
    enum Buffered { case line(Line?), needsRead }

    /// The next line, as `next()` gives it, if the buffer holds all of it; `.needsRead`
    /// when getting it would read from the file (which moves the buffer's bytes, so lines
    /// handed out before would no longer be valid: `exchangeBuffer` first keeps them).
    mutating func nextBuffered() -> Buffered {
        let avail = filled - start
        if avail > 0, let nl = memchr(buffer + start, 0x0A, avail) {
            let end = nl.assumingMemoryBound(to: UInt8.self) - buffer
            return .line(emit(end: end, next: end + 1))
        }
        if eof { return .line(filled > start ? emit(end: filled, next: filled) : nil) }
        return .needsRead
    }

    /// The buffer's capacity.
    var bufferCapacity: Int { capacity }

    /// The bytes read but not yet handed out (`exchangeBuffer` takes a buffer that holds them).
    var unreadCount: Int { filled - start }

    /// Where the buffer starts: lines are at offsets from it.
    var bufferStart: UnsafePointer<UInt8> { UnsafePointer(buffer) }

    /// Hands over the buffer, with the lines returned from it (which stay where they are), in
    /// exchange for `fresh`, into which the bytes not yet handed out move; reading goes on in
    /// `fresh`. The caller owns (and deallocates) the buffer it gets, the reader `fresh`.
    /// - Precondition: `freshCapacity >= max(unreadCount, 1)`.
    mutating func exchangeBuffer(_ fresh: UnsafeMutablePointer<UInt8>, capacity freshCapacity: Int) -> (buffer: UnsafeMutablePointer<UInt8>, capacity: Int) {
        let tail = filled - start
        precondition(freshCapacity >= max(tail, 1), "LineReader: a buffer in exchange too small for the bytes not handed out")
        if tail > 0 { fresh.update(from: buffer + start, count: tail) }
        let old = (buffer, capacity)
        (buffer, capacity, start, filled) = (fresh, freshCapacity, 0, tail)
        return old
    }

    private mutating func emit(end: Int, next: Int) -> Line {
        lineNumber += 1
        consumed += next - start
        var e = end
        if e > start && buffer[e - 1] == 0x0D { e -= 1 }
        let begin = start
        start = next
        if e - begin > maxLine { return .tooLong }
        return .text(UnsafePointer(buffer + begin), e - begin)
    }

    private mutating func skipLongLine() throws(InputError) -> Line {
        lineNumber += 1
        while true {
            if filled > start, let nl = memchr(buffer + start, 0x0A, filled - start) {
                let end = nl.assumingMemoryBound(to: UInt8.self) - buffer
                consumed += end + 1 - start
                start = end + 1
                return .tooLong
            }
            consumed += filled - start
            start = filled
            if eof { return .tooLong }
            try fill()
        }
    }

    /// Reads more bytes, moving the unconsumed tail to the front and growing the buffer if
    /// one line fills it.
    private mutating func fill() throws(InputError) {
        if start > 0 {
            let tail = filled - start
            if tail > 0 { memmove(buffer, buffer + start, tail) }
            filled = tail
            start = 0
        }
        if filled == capacity {
            let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity * 2)
            bigger.update(from: buffer, count: filled)
            buffer.deallocate()
            buffer = bigger
            capacity *= 2
        }
        let n = read(fd, buffer + filled, capacity - filled)
        if n < 0 { throw InputError(file: path, line: lineNumber + 1, .unreadable(systemErrorReason(errno))) }
        if n == 0 { eof = true } else { filled += n }
    }

    // MARK: Reading by bytes (JSON arrays, CSV), for parsers that find their own record ends

    /// The bytes read but not yet consumed. Valid until the next `readMore` or `consume`.
    var pending: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: buffer + start, count: filled - start) }

    /// Reads more of the file behind the pending bytes, which stay pending (but may move:
    /// pointers into `pending` are invalid afterwards). Returns false at the end of the file.
    mutating func readMore() throws(InputError) -> Bool {
        while !eof {
            let before = filled - start
            try fill()
            if filled - start > before { return true }
        }
        return false
    }

    /// Drops the first `n` pending bytes.
    mutating func consume(_ n: Int) {
        start += n
        consumed += n
    }

    /// The rest of the file as one array (for files read whole: source registries).
    mutating func readAll() throws(InputError) -> [UInt8] {
        while !eof { try fill() }
        return Array(UnsafeBufferPointer(start: buffer + start, count: filled - start))
    }
}
