import SanctionsModel
import Platform

/// Parses an FtM percentage: "51", "51%", "51.0", "51,0", "51 %", " 51 ". Returns nil for
/// text that is not a number; the caller range-checks (0–100). Allocates nothing for the
/// usual short numbers.
func parsePercentage(_ text: UnsafeBufferPointer<UInt8>) -> Double? {
    var lo = 0, hi = text.count
    func isSpace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 }
    while lo < hi && isSpace(text[lo]) { lo += 1 }
    while hi > lo && isSpace(text[hi - 1]) { hi -= 1 }
    if hi > lo && text[hi - 1] == UInt8(ascii: "%") {
        hi -= 1
        while hi > lo && isSpace(text[hi - 1]) { hi -= 1 }
    }
    guard hi > lo, hi - lo < 64 else { return nil }
    var negative = false
    if text[lo] == UInt8(ascii: "-") || text[lo] == UInt8(ascii: "+") {
        negative = text[lo] == UInt8(ascii: "-")
        lo += 1
    }
    // Digits with at most one decimal separator ('.' or ','); no exponents, no words.
    var integer: UInt64 = 0, fraction: UInt64 = 0, scale: UInt64 = 1
    var digits = 0, separator = -1
    for i in lo ..< hi {
        let c = text[i]
        if c >= 0x30 && c <= 0x39 {
            digits += 1
            if digits <= 15 {
                if separator >= 0 { fraction = fraction * 10 + UInt64(c - 0x30); scale *= 10 } else { integer = integer * 10 + UInt64(c - 0x30) }
            }
        } else if (c == UInt8(ascii: ".") || c == UInt8(ascii: ",")) && separator < 0 {
            separator = i
        } else {
            return nil
        }
    }
    guard digits > 0 else { return nil }
    let value: Double
    if digits <= 15 {
        // Both operands are exact in a double, so one division gives the nearest double ("44.95").
        value = Double(integer * scale + fraction) / Double(scale)
    } else {
        // Longer numbers: the standard library's correctly rounded conversion.
        var bytes = Array(text[lo ..< hi])
        if separator >= 0 { bytes[separator - lo] = UInt8(ascii: ".") }
        if bytes.first == UInt8(ascii: ".") { bytes.insert(UInt8(ascii: "0"), at: 0) }
        guard let parsed = Double(String(decoding: bytes, as: UTF8.self)) else { return nil }
        value = parsed
    }
    // "-0" is 0: a negative zero would print as "-0" and not compare as written.
    return negative && value != 0 ? -value : value
}

func parsePercentage(_ text: String) -> Double? {
    var s = text
    return s.withUTF8 { parsePercentage($0) }
}

/// What a share text says, or why it cannot be read.
enum ShareText {
    case interval(ShareInterval)
    /// A number or a bound outside 0–100, or a range whose ends are reversed.
    case outOfRange
    case unreadable
}

/// Parses a share as registers write it (docs/shares.md): "50", "50 %", "50,5", "0.5%",
/// "50.00"; ranges "25-50", "25 – 50%", "25 to 50%"; bounds "<25", "<=25", "≤25", ">50",
/// ">=50", "≥50"; UK PSC share bands ("ownership-of-shares-25-to-50-percent").
func parseShare(_ text: String) -> ShareText {
    let t = text.trimmed
    guard !t.isEmpty else { return .unreadable }
    func number(_ s: Substring) -> Double? { parsePercentage(String(s)) }
    func checked(_ i: ShareInterval) -> ShareText {
        guard i.low >= 0, i.high <= 100, i.low <= i.high, !(i.low == i.high && (i.lowOpen || i.highOpen)) else { return .outOfRange }
        return .interval(i)
    }
    if let p = parsePercentage(t) { return (0 ... 100).contains(p) ? .interval(.exact(p)) : .outOfRange }
    if case .shares(let band)? = NatureOfControl(t) { return .interval(band) }
    // Interval notation, as the writers write ranges: "[25, 50]", "(50, 75)", "(25, 50]%".
    var bracketed = Substring(t)
    if bracketed.hasSuffix("%") { bracketed = bracketed.dropLast() }
    if let open = bracketed.first, let close = bracketed.last, "[(".contains(open), "])".contains(close), bracketed.count >= 5 {
        let parts = bracketed.dropFirst().dropLast().split(separator: ",", omittingEmptySubsequences: false)
        guard parts.count == 2, let a = number(parts[0]), let b = number(parts[1]) else { return .unreadable }
        return checked(ShareInterval(low: a, high: b, lowOpen: open == "(", highOpen: close == ")"))
    }
    // Bounds: "<25", "<= 25 %", "≤25", ">50", ">=50", "≥50".
    for (prefix, isLess, open) in [("<=", true, false), ("≤", true, false), ("<", true, true), (">=", false, false), ("≥", false, false), (">", false, true)] {
        guard t.hasPrefix(prefix) else { continue }
        guard let p = number(t.dropFirst(prefix.count)) else { return .unreadable }
        guard (0 ... 100).contains(p) else { return .outOfRange }
        return checked(isLess ? ShareInterval(low: 0, high: p, highOpen: open) : ShareInterval(low: p, high: 100, lowOpen: open))
    }
    // Ranges: "25-50", "25 - 50%", "25–50", "25 to 50%".
    let lower = t.lowercased()
    for separator in [" to ", "–", "—", "-"] {
        guard let r = lower.firstRange(of: separator), r.lowerBound > lower.startIndex else { continue }
        guard let a = number(lower[..<r.lowerBound]), let b = number(lower[r.upperBound...]) else { return .unreadable }
        return checked(ShareInterval(low: a, high: b))
    }
    return .unreadable
}
