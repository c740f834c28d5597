import Platform

extension String {
    /// The string made safe to print as one line of terminal text: control characters (C0,
    /// DEL, C1), the line and paragraph separators (U+2028, U+2029) and the bidirectional
    /// controls (U+200E, U+200F, U+061C, U+202A–U+202E, U+2066–U+2069) are escaped visibly,
    /// as `\n`, `\r`, `\t` or `\u{202E}`; every other character (accents, Cyrillic, CJK, …)
    /// is kept. A name can then neither break a line nor reorder what follows it. JSON and
    /// CSV output escape by their own rules and do not use it.
    /// - Complexity: O(length); a string with nothing to escape is returned as it is.
    public var displaySafe: String { terminalSafe }
}
