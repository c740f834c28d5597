import Foundation
import Testing
import GraphCore
@testable import GraphAlgorithms

/// The one Foundation-free logarithm (strongest paths, betweenness sample sizes).
@Suite struct LogarithmTests {
    @Test func agreesWithTheCLibrary() {
        var rng = SplitMix64(seed: 3)
        for _ in 0 ..< 2_000 {
            let x = Double(bitPattern: rng.next() & 0x7FEF_FFFF_FFFF_FFFF)   // positive, finite
            guard x > 0, x.isNormal else { continue }
            #expect(abs(x.naturalLogarithm - Foundation.log(x)) <= 4 * abs(Foundation.log(x)).ulp + 1e-15, "ln(\(x))")
        }
        for x in [1.0, 2, 0.5, 1e-300, 1e300, 0.3, 1.0000001, 70.0 / 100] {
            #expect(abs(x.naturalLogarithm - Foundation.log(x)) <= 4 * abs(Foundation.log(x)).ulp + 1e-15, "ln(\(x))")
        }
        #expect(0.0.naturalLogarithm == -.infinity && (-1.0).naturalLogarithm == -.infinity)
    }
}
