import Testing
import Platform

/// The two trims differ on purpose: `trimmed` removes only ASCII blanks, `trimmingWhitespace`
/// all Unicode whitespace.
@Suite struct TrimTests {
    @Test func trimmedRemovesSpacesTabsAndLineBreaksOnly() {
        #expect(" \t a b \r\n\n".trimmed == "a b \r\n")  // the CR-LF pair is one Character, kept
        #expect("\n\ta b\r".trimmed == "a b")
        #expect("\u{A0}a\u{A0}".trimmed == "\u{A0}a\u{A0}")  // a non-breaking space is kept
        #expect(" \t\n".trimmed == "")
        #expect("".trimmed == "")
        #expect(Substring("  x  ").trimmed == "x")
    }

    @Test func trimmingWhitespaceRemovesEveryUnicodeSpace() {
        #expect(" \t a b \r\n".trimmingWhitespace == "a b")
        #expect("\u{A0}\u{2028}a\u{3000}\u{0C}".trimmingWhitespace == "a")
        #expect("\u{A0} \u{2029}".trimmingWhitespace == "")
    }
}
