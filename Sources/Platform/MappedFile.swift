#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A whole regular file mapped read-only into memory (`mmap`), unmapped when the object
/// goes: the columns of a snapshot are read in place from it (docs/snapshot.md). Nothing
/// writes through the mapping; a private mapping keeps what the process sees unchanged by
/// later writes to the file only as far as the system copies pages (do not change a
/// snapshot while a process has it open: write a new one and rename it, as the writer does).
package final class MappedFile: @unchecked Sendable {
    // Sendable: the mapping is read-only and lives as long as the object.
    /// The file's bytes (empty for an empty file).
    package let bytes: UnsafeRawBufferPointer

    /// Maps the regular file at `path`; throws the error number when it cannot be opened,
    /// is not a regular file (`ENODEV` then), or cannot be mapped.
    /// - Complexity: a few system calls; pages are read when first touched.
    package init(path: String) throws(ReadFailure) {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw ReadFailure(code: errno) }
        defer { _ = close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw ReadFailure(code: errno) }
        guard info.st_mode & S_IFMT == S_IFREG else { throw ReadFailure(code: ENODEV) }
        let size = Int(info.st_size)
        guard size > 0 else {
            bytes = UnsafeRawBufferPointer(start: nil, count: 0)
            return
        }
        guard let base = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), base != MAP_FAILED else {
            throw ReadFailure(code: errno)
        }
        bytes = UnsafeRawBufferPointer(start: base, count: size)
    }

    deinit {
        if let base = bytes.baseAddress { munmap(UnsafeMutableRawPointer(mutating: base), bytes.count) }
    }
}

/// Why a file could not be read: the operating system's error number.
package struct ReadFailure: Error, Equatable {
    /// The error number (`errno`), such as `ENOENT`; `ENODEV` for a file that is not regular.
    package let code: Int32
    /// The operating system's text for `code`, or "not a regular file" for `ENODEV`.
    package var reason: String { code == ENODEV ? "not a regular file" : systemErrorReason(code) }
}
