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

/// Whether `path` names an existing regular file (following links).
/// - Complexity: one `stat` call.
package func isRegularFile(_ path: String) -> Bool {
    var st = stat()
    return stat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFREG
}

/// Whether `path` names a stream rather than a file or folder: a FIFO (as a shell's process
/// substitution `<(…)` gives), a character device such as `/dev/null`, or a socket
/// (following links).
/// - Complexity: one `stat` call.
package func isStream(_ path: String) -> Bool {
    var st = stat()
    guard stat(path, &st) == 0 else { return false }
    let type = st.st_mode & S_IFMT
    return type == S_IFIFO || type == S_IFCHR || type == S_IFSOCK
}

/// Why `path` cannot be looked at: nil when it exists, else the operating system's reason,
/// "no such file or folder" when it does not exist (following links).
/// - Complexity: one `stat` call.
package func missingReason(_ path: String) -> String? {
    var st = stat()
    if stat(path, &st) == 0 { return nil }
    let code = errno
    return code == ENOENT || code == ENOTDIR ? "no such file or folder" : systemErrorReason(code)
}

/// Whether `path` names an existing folder (following links).
/// - Complexity: one `stat` call.
package func isDirectory(_ path: String) -> Bool {
    var st = stat()
    return stat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR
}

/// Creates the folder `path` and any missing parents (mode 0755); a folder that exists
/// already is fine. Throws the step `.createFolder` with the error number of the first
/// folder that could not be made (its path in `FileError.path`).
/// - Complexity: one `stat` and at most one `mkdir` per component of `path`.
package func makeDirectories(_ path: String) throws(FileError) {
    var current = path.hasPrefix("/") ? "/" : ""
    for part in path.split(separator: "/") {
        current += (current.isEmpty || current.hasSuffix("/") ? "" : "/") + part
        if isDirectory(current) { continue }
        guard mkdir(current, 0o755) != 0 else { continue }
        let code = errno
        if code == EEXIST && isDirectory(current) { continue }   // made meanwhile by another process
        // A file where a folder is needed reads as "Not a directory".
        throw FileError(step: .createFolder, code: code == EEXIST ? ENOTDIR : code, path: current)
    }
}
