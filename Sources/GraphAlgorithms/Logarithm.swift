extension Double {
    /// The natural logarithm, without Foundation: ln(x) = ln(m) + e·ln 2 for x = m·2^e with
    /// m in [1/√2, √2), ln(m) by the series 2·atanh((m − 1)/(m + 1)). −∞ for x ≤ 0.
    /// - Complexity: O(1) (about 20 terms at most).
    var naturalLogarithm: Double {
        guard self > 0 else { return -.infinity }
        var m = significand, e = Double(exponent)
        if m > 1.4142135623730951 { m /= 2; e += 1 }
        let t = (m - 1) / (m + 1), t2 = t * t
        var term = t, sum = 0.0, k = 1.0
        while abs(term) > 1e-18 { sum += term / k; term *= t2; k += 2 }
        return 2 * sum + e * 0.6931471805599453
    }
}
