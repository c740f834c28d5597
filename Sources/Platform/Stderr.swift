/// Standard error (descriptor 2), written directly (unbuffered, without Foundation).
package enum Stderr {
    /// Writes `text` exactly, whole; a failure to write is ignored (there is nowhere left
    /// to report it).
    /// - Complexity: O(length of `text`).
    package static func write(_ text: String) {
        var text = text
        text.withUTF8 { _ = writeAll(2, UnsafeRawBufferPointer($0)) }
    }

    /// Writes `message` as a line: with a newline added unless it ends with one. Each line
    /// is made terminal-safe (`terminalSafe`): a file or entity name in a message cannot
    /// reorder the text after it with a bidi control, or hide behind a carriage return.
    /// - Complexity: O(length of `message`).
    package static func print(_ message: String) {
        let safe = message.split(separator: "\n", omittingEmptySubsequences: false).map { String($0).terminalSafe }.joined(separator: "\n")
        write(safe.hasSuffix("\n") ? safe : safe + "\n")
    }
}
