#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A buffered writer to a file (or standard output), for large exports.
public final class OutputFile {
    private var fd: Int32
    private let ownsDescriptor: Bool
    private var buffer: [UInt8] = []
    public let path: String

    /// Creates (or truncates) `path`; "-" means standard output.
    public init(path: String) throws(InputError) {
        self.path = path
        if path == "-" {
            fd = 1
            ownsDescriptor = false
        } else {
            fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
            guard fd >= 0 else { throw InputError(file: path, line: nil, .unreadable("cannot create it: " + String(cString: strerror(errno)))) }
            ownsDescriptor = true
        }
        buffer.reserveCapacity(1 << 20)
    }

    public func write(_ text: String) throws(InputError) {
        var s = text
        s.withUTF8 { buffer.append(contentsOf: $0) }
        if buffer.count >= 1 << 20 { try flush() }
    }

    public func write(bytes: some Sequence<UInt8>) throws(InputError) {
        buffer.append(contentsOf: bytes)
        if buffer.count >= 1 << 20 { try flush() }
    }

    public func flush() throws(InputError) {
        var written = 0
        while written < buffer.count {
            let n = buffer.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + written, $0.count - written) }
            if n < 0 {
                if errno == EINTR { continue }
                throw InputError(file: path, line: nil, .unreadable("cannot write: " + String(cString: strerror(errno))))
            }
            written += n
        }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Flushes and closes the file.
    public func close() throws(InputError) {
        try flush()
        if ownsDescriptor && fd >= 0 { _ = Glibc.close(fd) }
        fd = -1
    }

    deinit { if ownsDescriptor && fd >= 0 { _ = Glibc.close(fd) } }
}
