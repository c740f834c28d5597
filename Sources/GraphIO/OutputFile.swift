import Platform

/// A buffered writer to a file (or standard output), for large exports.
public final class OutputFile {
    /// The file or standard output, written a buffer at a time.
    private let file: FileOutput
    private var buffer: [UInt8] = []
    /// The path written, or "-" for standard output.
    public let path: String

    /// Creates (or truncates) `path`; "-" means standard output.
    public init(path: String) throws(InputError) {
        self.path = path
        do {
            file = path == "-" ? FileOutput.standardOutput() : try FileOutput(creating: path)
        } catch {
            throw InputError(file: path, line: nil, .unreadable("cannot create it: " + error.reason))
        }
        buffer.reserveCapacity(1 << 20)
    }

    /// Appends `text` as UTF-8, writing the buffer out once it holds 1 MiB.
    /// - Complexity: O(length of text) amortised.
    public func write(_ text: String) throws(InputError) {
        var s = text
        s.withUTF8 { buffer.append(contentsOf: $0) }
        if buffer.count >= 1 << 20 { try flush() }
    }

    /// Appends `bytes`, writing the buffer out once it holds 1 MiB.
    /// - Complexity: O(number of bytes) amortised.
    public func write(bytes: some Sequence<UInt8>) throws(InputError) {
        buffer.append(contentsOf: bytes)
        if buffer.count >= 1 << 20 { try flush() }
    }

    /// Writes out the buffered bytes.
    /// - Complexity: O(bytes buffered).
    public func flush() throws(InputError) {
        do { try file.write(buffer) } catch { throw cannotWrite(error) }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Flushes and closes the file.
    /// - Complexity: O(bytes buffered).
    public func close() throws(InputError) {
        try flush()
        do { try file.close() } catch { throw cannotWrite(error) }
    }

    /// The error for a failed write (or close), naming the file.
    private func cannotWrite(_ error: FileError) -> InputError {
        InputError(file: path, line: nil, .unreadable("cannot write: " + error.reason))
    }
}
