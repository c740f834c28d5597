/// Why writing a file failed: the step that failed and the operating system's error number.
package struct FileError: Error, Equatable {
    /// What was being done.
    package enum Step: Equatable, Sendable {
        /// Creating (or truncating) the file.
        case create
        /// Writing bytes to it, or closing it (the last bytes may be lost then).
        case write
        /// Creating a folder to write into (`path` names it).
        case createFolder
        /// Renaming the finished temporary file over the target (a failed rename leaves
        /// the target as it was).
        case replace
    }

    /// What was being done.
    package let step: Step
    /// The error number (`errno`), such as `ENOENT` or `ENOSPC`.
    package let code: Int32
    /// The file or folder the step failed on, where the caller does not know it already.
    package let path: String?

    /// Creates an error for `step` failing with error number `code`.
    package init(step: Step, code: Int32, path: String? = nil) {
        self.step = step
        self.code = code
        self.path = path
    }

    /// The operating system's text for `code`, such as "No space left on device".
    /// - Complexity: O(length of the text).
    package var reason: String { systemErrorReason(code) }
}

/// A file being written, or standard output: each `write` hands its bytes whole to the
/// operating system (no buffering here: callers that write small pieces buffer them).
///
/// A regular file (new, or replacing one) is written whole or not at all: the bytes go to a
/// temporary file beside it (`.NAME.partial-PID`), which `close()` renames over the target;
/// a failed write, `discard()`, or dropping the object without closing it removes the
/// temporary and leaves the target as it was. Missing parent folders are created first
/// (the package's one choice for every output). Devices, pipes and other files that are not
/// regular (`/dev/full`, `/dev/stdout`) are written in place, and so is an existing file
/// whose folder does not let a temporary be created beside it. Standard output is never
/// closed. A final class, so the descriptor has exactly one owner.
package final class FileOutput {
    /// The descriptor, or -1 once closed.
    private var descriptor: Int32
    /// Whether `close()` closes the descriptor (false for standard output).
    private let ownsDescriptor: Bool
    /// The temporary file being written and the path it is renamed to on `close()`; nil
    /// when writing in place, and once renamed or removed.
    private var pending: (temporary: String, target: String)?

    /// Wraps `descriptor`, which `close()` closes if `ownsDescriptor`.
    private init(descriptor: Int32, ownsDescriptor: Bool, pending: (temporary: String, target: String)? = nil) {
        self.descriptor = descriptor
        self.ownsDescriptor = ownsDescriptor
        self.pending = pending
    }

    /// Starts writing the file at `path` (mode 0644, or the mode of the file it replaces),
    /// creating missing parent folders; the file appears, whole, on `close()`.
    /// - Complexity: one `stat`/`mkdir` per missing folder, and a few system calls.
    package convenience init(creating path: String) throws(FileError) {
        let output = try openOutput(path)
        self.init(descriptor: output.descriptor, ownsDescriptor: true,
                  pending: output.temporary.map { ($0, output.target) })
    }

    /// Standard output (descriptor 1), which `close()` leaves open.
    package static func standardOutput() -> FileOutput {
        FileOutput(descriptor: 1, ownsDescriptor: false)
    }

    /// Writes `bytes` whole, retrying partial and interrupted writes.
    /// - Complexity: O(`bytes.count`).
    package func write(_ bytes: [UInt8]) throws(FileError) {
        let fd = descriptor
        if let code = bytes.withUnsafeBytes({ writeAll(fd, $0) }) { throw FileError(step: .write, code: code) }
    }

    /// Writes `raw` whole, retrying partial and interrupted writes.
    /// - Complexity: O(`raw.count`).
    package func write(raw: UnsafeRawBufferPointer) throws(FileError) {
        if let code = writeAll(descriptor, raw) { throw FileError(step: .write, code: code) }
    }

    /// Closes the file and renames the temporary over the target (standard output stays
    /// open); on failure the temporary is removed. Later writes fail with `EBADF`; closing
    /// again does nothing.
    package func close() throws(FileError) {
        try finishWriting()
        try replaceTarget()
    }

    /// The first half of `close()`: syncs a temporary to storage (so that what the rename
    /// puts in place is whole even after a power loss) and closes the descriptor, leaving the
    /// temporary in place (for outputs that appear together: write them all, then
    /// `replaceTarget()` each).
    package func finishWriting() throws(FileError) {
        let fd = descriptor
        descriptor = -1
        guard ownsDescriptor && fd >= 0 else { return }
        if pending != nil, let code = syncDescriptor(fd) {
            _ = closeDescriptor(fd)
            discard()
            throw FileError(step: .write, code: code)
        }
        if let code = closeDescriptor(fd) {
            discard()
            throw FileError(step: .write, code: code)
        }
    }

    /// The second half of `close()`: renames the finished temporary over the target.
    package func replaceTarget() throws(FileError) {
        guard descriptor < 0, let (temporary, target) = pending else { return }
        pending = nil
        if let code = renameFile(temporary, to: target) {
            removeFile(temporary)
            throw FileError(step: .replace, code: code)
        }
    }

    /// Abandons the output: closes the file and removes the temporary, leaving the target
    /// as it was (a file written in place keeps what was written). Later writes fail with
    /// `EBADF`.
    package func discard() {
        if ownsDescriptor && descriptor >= 0 { _ = closeDescriptor(descriptor) }
        descriptor = -1
        if let (temporary, _) = pending { removeFile(temporary) }
        pending = nil
    }

    /// Abandons the output if `close()` has not finished it (see `discard()`).
    deinit { discard() }
}

/// Writes `bytes` to `path` as a whole file (see `FileOutput`: through a temporary renamed
/// into place, creating missing parent folders).
/// - Complexity: O(`bytes.count`).
package func writeFile(_ bytes: [UInt8], to path: String) throws(FileError) {
    let file = try FileOutput(creating: path)
    try file.write(bytes)
    try file.close()
}
