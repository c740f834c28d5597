/// Percent-encoding as URLs take it: the diagrams' entity links and the explorer's routes and
/// query strings use these two, so that an id round-trips through a link whatever it holds.

/// `text` with every byte but ASCII letters, digits and `-._~` percent-encoded (RFC 3986's
/// unreserved characters), as a path segment or a query value takes it.
/// - Complexity: O(length of text).
package func percentEncoded(_ text: String) -> String {
    let hex = Array("0123456789ABCDEF".utf8)
    var out: [UInt8] = []
    out.reserveCapacity(text.utf8.count)
    for b in text.utf8 {
        switch b {
        case UInt8(ascii: "a") ... UInt8(ascii: "z"), UInt8(ascii: "A") ... UInt8(ascii: "Z"), UInt8(ascii: "0") ... UInt8(ascii: "9"),
             UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
            out.append(b)
        default:
            out += [UInt8(ascii: "%"), hex[Int(b >> 4)], hex[Int(b & 15)]]
        }
    }
    return String(decoding: out, as: UTF8.self)
}

/// `text` with `%XX` escapes decoded (and, with `plusIsSpace`, `+` read as a space, as HTML
/// forms send query values); nil if an escape is malformed or the bytes are not UTF-8.
/// - Complexity: O(length of text).
package func percentDecoded(_ text: some StringProtocol, plusIsSpace: Bool = false) -> String? {
    func hexValue(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0") ... UInt8(ascii: "9"): c - UInt8(ascii: "0")
        case UInt8(ascii: "a") ... UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A") ... UInt8(ascii: "F"): c - UInt8(ascii: "A") + 10
        default: nil
        }
    }
    let bytes = Array(text.utf8)
    var out: [UInt8] = []
    out.reserveCapacity(bytes.count)
    var i = 0
    while i < bytes.count {
        let b = bytes[i]
        if b == UInt8(ascii: "%") {
            guard i + 2 < bytes.count, let h = hexValue(bytes[i + 1]), let l = hexValue(bytes[i + 2]) else { return nil }
            out.append(h << 4 | l)
            i += 3
        } else {
            out.append(plusIsSpace && b == UInt8(ascii: "+") ? UInt8(ascii: " ") : b)
            i += 1
        }
    }
    return String(validating: out, as: UTF8.self)
}
