import Platform

/// Why writing an output failed: what was being done, to which file, and the operating
/// system's reason.
public struct OutputError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What was being done.
    public enum Step: Sendable, Hashable {
        /// Creating a missing folder for the output (`folder` names it).
        case createFolder
        /// Creating the file.
        case create
        /// Writing it (or putting the finished file in place).
        case write
    }

    /// The file being written, or "-" for standard output.
    public var file: String
    /// What was being done.
    public var step: Step
    /// The folder that could not be created, for `createFolder`.
    public var folder: String?
    /// The operating system's error number (`errno`), such as `ENOSPC`.
    public var code: Int32
    /// The operating system's text for `code`, such as "No space left on device".
    public var reason: String

    /// The error for `file` failing at `step` with error number `code`.
    public init(file: String, step: Step, folder: String? = nil, code: Int32, reason: String) {
        self.file = file
        self.step = step
        self.folder = folder
        self.code = code
        self.reason = reason
    }

    /// The error for writing `file` that `error` describes.
    init(file: String, _ error: FileError) {
        let step: Step = switch error.step {
        case .createFolder: .createFolder
        case .create: .create
        case .write, .replace: .write
        }
        self.init(file: file, step: step, folder: error.path, code: error.code, reason: error.reason)
    }

    /// "cannot create the folder F: …", "cannot create FILE: …" or "cannot write FILE: …"
    /// ("standard output" for "-").
    public var description: String {
        let name = file == "-" ? "standard output" : file
        switch step {
        case .createFolder: return "cannot create the folder \(folder ?? file): \(reason)"
        case .create: return "cannot create \(name): \(reason)"
        case .write: return "cannot write \(name): \(reason)"
        }
    }
}

/// A buffered writer to a file (or standard output), for large exports.
///
/// A file appears whole on `close()` or not at all: it is written under a temporary name
/// beside it and renamed into place, so a failed write leaves the path as it was (and no
/// temporary behind); missing parent folders are created. Standard output is written as
/// the buffer fills.
public final class OutputFile {
    /// The file or standard output, written a buffer at a time.
    private let file: FileOutput
    private var buffer: [UInt8] = []
    /// The path written, or "-" for standard output.
    public let path: String

    /// Starts writing `path` ("-" means standard output), creating missing parent folders.
    public init(path: String) throws(OutputError) {
        self.path = path
        do {
            file = path == "-" ? FileOutput.standardOutput() : try FileOutput(creating: path)
        } catch {
            throw OutputError(file: path, error)
        }
        buffer.reserveCapacity(1 << 20)
    }

    /// Appends `text` as UTF-8, writing the buffer out once it holds 1 MiB.
    /// - Complexity: O(length of text) amortised.
    public func write(_ text: String) throws(OutputError) {
        var s = text
        s.withUTF8 { buffer.append(contentsOf: $0) }
        if buffer.count >= 1 << 20 { try flush() }
    }

    /// Appends `bytes`, writing the buffer out once it holds 1 MiB.
    /// - Complexity: O(number of bytes) amortised.
    public func write(bytes: some Sequence<UInt8>) throws(OutputError) {
        buffer.append(contentsOf: bytes)
        if buffer.count >= 1 << 20 { try flush() }
    }

    /// Writes the buffered bytes, then `raw` straight from where it lies (a column of a
    /// snapshot, say: no copy into the buffer).
    /// - Complexity: O(bytes buffered + `raw.count`).
    public func write(raw: UnsafeRawBufferPointer) throws(OutputError) {
        try flush()
        do { try file.write(raw: raw) } catch { throw failed(error) }
    }

    /// Writes out the buffered bytes; on failure the file is abandoned (its temporary removed).
    /// - Complexity: O(bytes buffered).
    public func flush() throws(OutputError) {
        if path == "-" { StandardOutput.flush() }   // what the process printed comes first
        do { try file.write(buffer) } catch { throw failed(error) }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Flushes and closes the file, which then appears under its name.
    /// - Complexity: O(bytes buffered).
    public func close() throws(OutputError) {
        try flush()
        do { try file.close() } catch { throw failed(error) }
    }

    /// Closes `files` as one output: all are written and closed first, and only then renamed
    /// into place, so a failed write leaves every path as it was (the CSV trio). Only a failed
    /// rename, after the others succeeded, can leave a mix; in one folder the system makes
    /// that unlikely, and the error names the file.
    /// - Complexity: O(bytes buffered).
    public static func closeTogether(_ files: [OutputFile]) throws(OutputError) {
        for f in files {
            do throws(OutputError) {
                try f.flush()
                do { try f.file.finishWriting() } catch { throw f.failed(error) }
            } catch {
                for other in files { other.file.discard() }
                throw error
            }
        }
        for f in files {
            do { try f.file.replaceTarget() } catch {
                for other in files { other.file.discard() }
                throw f.failed(error)
            }
        }
    }

    /// Abandons the file and returns the error for `error`, naming it.
    private func failed(_ error: FileError) -> OutputError {
        file.discard()
        buffer.removeAll()
        return OutputError(file: path, error)
    }
}
