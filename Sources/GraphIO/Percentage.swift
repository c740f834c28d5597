/// Parses an FtM percentage: "51", "51%", "51.0", "51,0", "51 %", " 51 ". Returns nil for
/// text that is not a number; the caller range-checks (0–100). Allocates nothing.
func parsePercentage(_ text: UnsafeBufferPointer<UInt8>) -> Double? {
    var lo = 0, hi = text.count
    func isSpace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 }
    while lo < hi && isSpace(text[lo]) { lo += 1 }
    while hi > lo && isSpace(text[hi - 1]) { hi -= 1 }
    if hi > lo && text[hi - 1] == UInt8(ascii: "%") {
        hi -= 1
        while hi > lo && isSpace(text[hi - 1]) { hi -= 1 }
    }
    guard hi > lo, hi - lo < 40 else { return nil }
    var negative = false
    if text[lo] == UInt8(ascii: "-") || text[lo] == UInt8(ascii: "+") {
        negative = text[lo] == UInt8(ascii: "-")
        lo += 1
    }
    // Digits with at most one decimal separator ('.' or ','); no exponents, no words.
    var integer: UInt64 = 0, fraction: UInt64 = 0, scale: UInt64 = 1
    var sawDigit = false, inFraction = false, digits = 0
    for i in lo ..< hi {
        let c = text[i]
        if c >= 0x30 && c <= 0x39 {
            sawDigit = true
            digits += 1
            guard digits <= 18 else { return nil }
            if inFraction { fraction = fraction * 10 + UInt64(c - 0x30); scale *= 10 } else { integer = integer * 10 + UInt64(c - 0x30) }
        } else if (c == UInt8(ascii: ".") || c == UInt8(ascii: ",")) && !inFraction {
            inFraction = true
        } else {
            return nil
        }
    }
    guard sawDigit else { return nil }
    // One division keeps "44.95" the double nearest to 44.95.
    let value = Double(integer * scale + fraction) / Double(scale)
    return negative ? -value : value
}

func parsePercentage(_ text: String) -> Double? {
    var s = text
    return s.withUTF8 { parsePercentage($0) }
}
