extension StringProtocol {
    /// The text without leading and trailing spaces, tabs, carriage returns and line feeds
    /// (the blanks of CSV fields and hand-written data). Other whitespace (non-breaking
    /// spaces, form feeds, …) is kept, and so is a CR-LF pair, which Swift counts as one
    /// `Character` that is neither "\r" nor "\n".
    /// - Complexity: O(n) in the length of the text.
    @inlinable package var trimmed: String {
        // Nothing to trim when neither end byte is a blank: no Character is formed.
        let whole = String(self)
        if let first = whole.utf8.first, let last = whole.utf8.last, !first.isCSVBlank, !last.isCSVBlank { return whole }
        return whole.trimming { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\n" }
    }

    /// The text without leading and trailing Unicode whitespace (`Character.isWhitespace`:
    /// also CR-LF, non-breaking and other spaces, line and paragraph separators), for
    /// messages from a C library.
    /// - Complexity: O(n) in the length of the text.
    @inlinable package var trimmingWhitespace: String {
        trimming(where: \.isWhitespace)
    }

    /// The text without leading and trailing characters for which `isTrimmed` holds: the one
    /// implementation of both trims (inlinable, so callers get it specialised, as when each
    /// module had its own copy).
    /// - Complexity: O(n) in the length of the text.
    @inlinable func trimming(where isTrimmed: (Character) -> Bool) -> String {
        // Most texts have nothing to trim: no search, and a String is returned as it is.
        if let f = self.first, let l = self.last, !isTrimmed(f), !isTrimmed(l) { return String(self) }
        guard let first = firstIndex(where: { !isTrimmed($0) }), let last = lastIndex(where: { !isTrimmed($0) }) else { return "" }
        return String(self[first ... last])
    }
}

extension UInt8 {
    /// A space, tab, carriage return or line feed byte: what `trimmed` removes.
    @inlinable package var isCSVBlank: Bool { self == 0x20 || self == 0x09 || self == 0x0D || self == 0x0A }
}
