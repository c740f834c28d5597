extension String {
    /// The one implementation of terminal-safe text: `String.displaySafe` (SanctionsModel,
    /// public) documents what it escapes; standard error applies it line by line.
    /// - Complexity: O(length); a string with nothing to escape is returned as it is.
    package var terminalSafe: String {
        // Every character escaped is ASCII or starts with the UTF-8 lead byte C2, D8 or E2.
        guard utf8.contains(where: { $0 < 0x20 || $0 == 0x7F || $0 == 0xC2 || $0 == 0xD8 || $0 == 0xE2 }),
              unicodeScalars.contains(where: String.escapedOnTerminal) else { return self }
        var out = String.UnicodeScalarView()
        for scalar in unicodeScalars {
            guard String.escapedOnTerminal(scalar) else { out.append(scalar); continue }
            let escape: String
            switch scalar {
            case "\n": escape = "\\n"
            case "\r": escape = "\\r"
            case "\t": escape = "\\t"
            default:
                let hex = String(scalar.value, radix: 16, uppercase: true)
                escape = "\\u{" + String(repeating: "0", count: max(0, 2 - hex.count)) + hex + "}"
            }
            out.append(contentsOf: escape.unicodeScalars)
        }
        return String(out)
    }

    /// Whether `terminalSafe` escapes `scalar`.
    package static func escapedOnTerminal(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00 ... 0x1F, 0x7F ... 0x9F: true                  // C0, DEL, C1
        case 0x2028, 0x2029: true                                // line and paragraph separators
        case 0x200E, 0x200F, 0x061C: true                        // LRM, RLM, ALM
        case 0x202A ... 0x202E, 0x2066 ... 0x2069: true          // embeddings, overrides, isolates
        default: false
        }
    }
}
