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

/// Flushes the file behind `fd` to its storage (`fsync`), retrying when interrupted; nil on
/// success, else the error number (EINVAL, for a file that cannot be synced, is success).
func syncDescriptor(_ fd: Int32) -> Int32? {
    while fsync(fd) != 0 {
        if errno == EINTR { continue }
        return errno == EINVAL ? nil : errno
    }
    return nil
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

/// Opens the output for `path` (see `FileOutput`): creates missing parent folders, then
/// either a temporary file beside the target (a new regular file, or one replacing a regular
/// file, following a symbolic link to it) or, for devices, pipes and files whose folder
/// refuses the temporary, the path itself.
/// - Complexity: a few system calls, plus one `stat`/`mkdir` per missing folder.
func openOutput(_ path: String) throws(FileError) -> (descriptor: Int32, temporary: String?, target: String) {
    guard !path.isEmpty else { throw FileError(step: .create, code: ENOENT) }
    guard !path.hasSuffix("/") else { throw FileError(step: .create, code: EISDIR) }   // a folder, not a file
    try makeParentFolders(of: path)
    var target = path
    var mode: mode_t? = nil
    var st = stat()
    if lstat(path, &st) == 0 {
        if (st.st_mode & S_IFMT) == S_IFLNK {
            // Replace the file the link points to, not the link; a dangling link is written through.
            guard let real = realPath(path), stat(real, &st) == 0 else { return (try openInPlace(path), nil, path) }
            target = real
        }
        guard (st.st_mode & S_IFMT) == S_IFREG else { return (try openInPlace(path), nil, path) }
        mode = st.st_mode & 0o7777
    }
    let temporary = temporaryName(for: target)
    let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0o644)
    guard fd >= 0 else {
        let code = errno
        // A writable file in a folder that is not: write it in place, as before.
        if mode != nil && (code == EACCES || code == EPERM || code == EROFS) { return (try openInPlace(path), nil, path) }
        throw FileError(step: .create, code: code)
    }
    if let mode { _ = fchmod(fd, mode) }
    return (fd, temporary, target)
}

/// Opens `path` itself for writing (creating or truncating it, mode 0644).
func openInPlace(_ path: String) throws(FileError) -> Int32 {
    let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
    guard fd >= 0 else { throw FileError(step: .create, code: errno) }
    return fd
}

/// The temporary name beside `path`: `.NAME.partial-PID` in the same folder (NAME shortened
/// to 200 bytes, so the whole stays within the 255 bytes a file name may have).
/// - Complexity: O(length of `path`).
func temporaryName(for path: String) -> String {
    let slash = path.lastIndex(of: "/")
    let folder = slash.map { String(path[...$0]) } ?? ""
    var name = slash.map { String(path[path.index(after: $0)...]) } ?? path
    if name.utf8.count > 200 {
        var short = ""
        for scalar in name.unicodeScalars {
            guard short.utf8.count + String(scalar).utf8.count <= 200 else { break }
            short.unicodeScalars.append(scalar)
        }
        name = short
    }
    return folder + "." + name + ".partial-\(getpid())"
}

/// Creates the folder `path` is in, and any missing parents, unless it exists.
/// - Complexity: as `makeDirectories`.
func makeParentFolders(of path: String) throws(FileError) {
    guard let slash = path.lastIndex(of: "/"), slash != path.startIndex else { return }
    let folder = String(path[..<slash])
    if !isDirectory(folder) { try makeDirectories(folder) }
}

/// The absolute path `path` names with every link resolved (`realpath`), or nil.
/// - Complexity: one system call per path component.
func realPath(_ path: String) -> String? {
    guard let resolved = realpath(path, nil) else { return nil }
    defer { free(resolved) }
    return String(cString: resolved)
}

/// Renames `source` over `target` (atomically, within one file system); nil on success,
/// else the error number.
func renameFile(_ source: String, to target: String) -> Int32? {
    rename(source, target) == 0 ? nil : errno
}

/// Removes the file at `path` if there is one; whether there was (and it went).
package func removeFileIfPresent(_ path: String) -> Bool { unlink(path) == 0 }

/// Removes the file `path`; a failure is ignored (it was a temporary).
func removeFile(_ path: String) { _ = removeFileIfPresent(path) }

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

/// Has the C allocator map every block of 1 MiB or more on its own and unmap it when freed
/// (a fixed `M_MMAP_THRESHOLD`; glibc otherwise raises the threshold after each large free,
/// and the freed memory then stays with the process). The columns of a large graph are built,
/// copied and freed in turn while loading, so with the fixed threshold the peak memory tracks
/// what is in use: `info` on 1M entities peaks about 7 MiB lower. Linux only; elsewhere
/// nothing is done.
package func returnLargeBlocksToTheSystem() {
    #if canImport(Glibc)
    // malloc.h is not part of the Glibc module: mallopt is looked up by name.
    typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
    let mmapThreshold: Int32 = -3   // M_MMAP_THRESHOLD in malloc.h
    guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") else { return }
    _ = unsafeBitCast(symbol, to: Mallopt.self)(mmapThreshold, 1 << 20)
    #endif
}

/// Gives the C allocator's free memory at the top of its heaps back to the system
/// (glibc's `malloc_trim(0)`); a long-running server calls it when it goes idle, so that
/// memory freed after a burst of concurrent requests does not stay with the process. Linux
/// only; elsewhere nothing is done.
/// - Complexity: O(free blocks in the heaps).
package func trimFreeMemory() {
    #if canImport(Glibc)
    typealias MallocTrim = @convention(c) (Int) -> Int32
    guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_trim") else { return }
    _ = unsafeBitCast(symbol, to: MallocTrim.self)(0)
    #endif
}

/// Keeps `value` until the process exits, for a command-line tool's large data (the loaded
/// network, a rule's result): the process's exit then returns the memory all at once,
/// where releasing it at the end of the command frees a million-entity network array by
/// array (about 10 ms of a 0.3 s `blocked` run on a snapshot, measured). Never for a
/// long-running server's per-request data.
package func keepUntilExit(_ value: some Sendable) {
    KeptUntilExit.shared.lock.withLock { KeptUntilExit.shared.values.append(value) }
}

/// What `keepUntilExit` keeps, guarded by `lock`.
private final class KeptUntilExit: @unchecked Sendable {
    static let shared = KeptUntilExit()
    let lock = Lock()
    var values: [any Sendable] = []
}

/// Asks the kernel to back the whole 2 MiB pages inside a buffer of `byteCount` bytes at
/// `start` with transparent huge pages (`madvise(MADV_HUGEPAGE)`), for a large column about to
/// be written: it then costs a page fault per 2 MiB instead of one per 4 KiB, and its reads at
/// random miss the TLB far less (docs/rules.md, "Memory"). Where THP is off, or not Linux,
/// nothing changes; so for buffers under 4 MiB.
@usableFromInline package func adviseHugePages(_ start: UnsafeMutableRawPointer, byteCount: Int) {
    #if canImport(Glibc)
    let huge = 2 << 20
    guard byteCount >= 2 * huge else { return }
    let first = (Int(bitPattern: start) + huge - 1) & ~(huge - 1)
    let end = (Int(bitPattern: start) + byteCount) & ~(huge - 1)
    guard end > first, let aligned = UnsafeMutableRawPointer(bitPattern: first) else { return }
    _ = madvise(aligned, end - first, 14)   // MADV_HUGEPAGE
    #endif
}

extension Array where Element: BitwiseCopyable {
    /// `count` copies of `value`, in storage advised huge pages before it is filled
    /// (`adviseHugePages`): for the large per-node and per-tie columns.
    /// - Complexity: O(count).
    @inlinable package init(largeRepeating value: Element, count: Int) {
        self.init(largeUninitializedCapacity: count) { buffer in buffer.initialize(repeating: value) }
    }

    /// `count` elements written by `fill` (it must initialise them all) in storage advised huge
    /// pages before it is filled (`adviseHugePages`). From 2 to 8 MiB the storage is 2 MiB
    /// longer than the elements, so that whole huge pages run to their end despite the
    /// allocator's header (docs/rules.md, "Memory"); below 2 MiB there is no advice.
    /// - Complexity: that of `fill`.
    @inlinable package init(largeUninitializedCapacity count: Int, _ fill: (UnsafeMutableBufferPointer<Element>) -> Void) {
        // No uninitialised array of none: see `CSRLayout.arrange`.
        guard count > 0 else { self = []; return }
        let huge = 2 << 20, bytes = count * MemoryLayout<Element>.stride
        let capacity = bytes >= huge && bytes < 4 * huge ? count + huge / MemoryLayout<Element>.stride : count
        self.init(unsafeUninitializedCapacity: capacity) { buffer, initialized in
            adviseHugePages(UnsafeMutableRawPointer(buffer.baseAddress!), byteCount: capacity * MemoryLayout<Element>.stride)
            fill(UnsafeMutableBufferPointer(rebasing: buffer[..<count]))
            initialized = count
        }
    }
}
