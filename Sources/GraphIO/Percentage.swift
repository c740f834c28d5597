/// Parses an FtM percentage: "51", "51%", "51.0", "51,0", "51 %", " 51 ". Returns nil for
/// text that is not a number; the caller range-checks (0–100).
func parsePercentage(_ text: some Collection<UInt8>) -> Double? {
    var bytes = Array(text)
    func trim() {
        while let f = bytes.first, f == 0x20 || f == 0x09 { bytes.removeFirst() }
        while let l = bytes.last, l == 0x20 || l == 0x09 { bytes.removeLast() }
    }
    trim()
    if bytes.last == UInt8(ascii: "%") { bytes.removeLast(); trim() }
    guard !bytes.isEmpty, bytes.count < 40 else { return nil }
    let commas = bytes.filter { $0 == UInt8(ascii: ",") }.count
    if commas == 1 && !bytes.contains(UInt8(ascii: ".")) {
        bytes = bytes.map { $0 == UInt8(ascii: ",") ? UInt8(ascii: ".") : $0 }
    }
    // Digits with at most one decimal point and an optional sign; no exponents, no words.
    var sawDigit = false, sawPoint = false
    for (i, c) in bytes.enumerated() {
        switch c {
        case UInt8(ascii: "0") ... UInt8(ascii: "9"): sawDigit = true
        case UInt8(ascii: "."): if sawPoint { return nil } else { sawPoint = true }
        case UInt8(ascii: "-"), UInt8(ascii: "+"): if i != 0 { return nil }
        default: return nil
        }
    }
    guard sawDigit, let value = Double(String(decoding: bytes, as: UTF8.self)), value.isFinite else { return nil }
    return value
}
