import Testing
import SanctionsModel

/// `String.displaySafe`: names printed as terminal text (#11 §7).
@Suite struct DisplaySafeTests {
    @Test func ordinaryNamesAreKeptAsTheyAre() {
        for name in ["Газпром", "Müller & Söhne GmbH", "中国稀土集团", "O'Brien \"Ltd\"", "a\\b", "شركة", ""] {
            #expect(name.displaySafe == name)
        }
    }

    @Test func controlLineAndBidiCharactersAreEscaped() {
        #expect("Ivan\nEvil".displaySafe == "Ivan\\nEvil")
        #expect("a\r\tb".displaySafe == "a\\r\\tb")
        #expect("Acme \u{202E}evil".displaySafe == "Acme \\u{202E}evil")
        #expect("\u{1B}[31mred".displaySafe == "\\u{1B}[31mred")
        #expect("x\u{7F}\u{85}\u{2028}\u{2029}y".displaySafe == "x\\u{7F}\\u{85}\\u{2028}\\u{2029}y")
        #expect("\u{200E}\u{200F}\u{061C}\u{2066}\u{2069}\u{202A}".displaySafe
                == "\\u{200E}\\u{200F}\\u{61C}\\u{2066}\\u{2069}\\u{202A}")
        #expect("\u{0}".displaySafe == "\\u{00}")
        // Kept: characters sharing the lead bytes C2, D8, E2 but not escaped.
        #expect("© € ← ؛".displaySafe == "© € ← ؛")
        #expect("Газпром\n".displaySafe == "Газпром\\n")
    }
}
