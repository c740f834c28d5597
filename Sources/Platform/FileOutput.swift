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
/// The file is closed by `close()`, or when the object goes away; standard output is never
/// closed. A final class, so the descriptor has exactly one owner.
package final class FileOutput {
    /// The descriptor, or -1 once closed.
    private var descriptor: Int32
    /// Whether `close()` closes the descriptor (false for standard output).
    private let ownsDescriptor: Bool

    /// Wraps `descriptor`, which `close()` closes if `ownsDescriptor`.
    private init(descriptor: Int32, ownsDescriptor: Bool) {
        self.descriptor = descriptor
        self.ownsDescriptor = ownsDescriptor
    }

    /// Creates (or truncates) the file at `path`, with mode 0644.
    package convenience init(creating path: String) throws(FileError) {
        self.init(descriptor: try createFile(path), ownsDescriptor: true)
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

    /// Closes the file (standard output stays open); later writes fail with `EBADF`.
    /// Closing again does nothing.
    package func close() throws(FileError) {
        let fd = descriptor
        descriptor = -1
        guard ownsDescriptor && fd >= 0 else { return }
        if let code = closeDescriptor(fd) { throw FileError(step: .write, code: code) }
    }

    /// Closes the file if `close()` has not (a failure then goes unreported).
    deinit {
        if ownsDescriptor && descriptor >= 0 { _ = closeDescriptor(descriptor) }
    }
}

/// Creates (or truncates) the file at `path` and writes `bytes` to it, whole.
/// - Complexity: O(`bytes.count`).
package func writeFile(_ bytes: [UInt8], to path: String) throws(FileError) {
    let file = try FileOutput(creating: path)
    try file.write(bytes)
    try file.close()
}
