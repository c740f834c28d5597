// The C library, behind the Glibc/Darwin guards: the module-qualified calls (`Glibc.write`)
// live here, and the other targets call these wrappers rather than naming Glibc or Darwin
// (a `close()` or `write(_:)` method of their own would shadow the libc function).
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The operating system's text for the error number `code` (`strerror`), such as
/// "No such file or directory".
/// - Complexity: O(length of the text).
package func systemErrorReason(_ code: Int32) -> String {
    String(cString: strerror(code))
}

/// Closes the file descriptor `fd`; nil on success, else the error number.
package func closeDescriptor(_ fd: Int32) -> Int32? {
    close(fd) == 0 ? nil : errno
}

/// Writes all of `bytes` to the file descriptor `fd`, looping over partial writes and
/// retrying writes interrupted by a signal; nil on success, else the error number.
/// - Complexity: O(`bytes.count`).
func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) -> Int32? {
    guard let base = bytes.baseAddress else { return nil }
    var written = 0
    while written < bytes.count {
        #if canImport(Glibc)
        let n = Glibc.write(fd, base + written, bytes.count - written)
        #elseif canImport(Darwin)
        let n = Darwin.write(fd, base + written, bytes.count - written)
        #endif
        if n < 0 {
            if errno == EINTR { continue }
            return errno
        }
        written += n
    }
    return nil
}

/// Creates (or truncates) the file at `path` for writing, with mode 0644, and returns its
/// descriptor.
func createFile(_ path: String) throws(FileError) -> Int32 {
    let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    guard fd >= 0 else { throw FileError(step: .create, code: errno) }
    return fd
}
