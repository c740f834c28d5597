/// Standard error (descriptor 2), written directly (unbuffered, without Foundation).
package enum Stderr {
    /// Writes `text` exactly, whole; a failure to write is ignored (there is nowhere left
    /// to report it).
    /// - Complexity: O(length of `text`).
    package static func write(_ text: String) {
        var text = text
        text.withUTF8 { _ = writeAll(2, UnsafeRawBufferPointer($0)) }
    }

    /// Writes `message` as a line: with a newline added unless it ends with one.
    /// - Complexity: O(length of `message`).
    package static func print(_ message: String) {
        write(message.hasSuffix("\n") ? message : message + "\n")
    }
}
