import Foundation
import Testing
import TestKit
@testable import FuzzTargets
import GraphIO

/// Every committed fuzz input, replayed through its target (README "Fuzzing"): the seeds,
/// the corpus the fuzzers grew, and the regressions (inputs that once found a problem).
@Suite struct FuzzReplayTests {
    static func files(_ kind: String, _ target: FuzzTarget) -> [String] {
        let folder = repoRoot() + "/Tests/Fuzz/\(kind)/\(target.rawValue)"
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return names.filter { !$0.hasPrefix(".") }.sorted().map { folder + "/" + $0 }
    }

    @Test(arguments: FuzzTarget.allCases)
    func committedInputsPass(_ target: FuzzTarget) throws {
        let seeds = Self.files("seeds", target)
        #expect(!seeds.isEmpty, "every target has seeds")
        for file in seeds + Self.files("corpus", target) + Self.files("regressions", target) {
            let data = try #require(FileManager.default.contents(atPath: file))
            let problems = target.run([UInt8](data))
            #expect(problems.isEmpty, "\(file): \(problems.prefix(3))")
        }
    }

    /// The checks can fail: an error naming no input file, or line 0, is reported.
    @Test func misplacedErrorsAreReported() {
        let e = InputError(file: "/elsewhere.json", line: 0, .unreadable("x"))
        #expect(ReaderChecks.located(e, files: ["/input.json"]).count == 2)
        #expect(ReaderChecks.located(InputError(file: "/input.json", line: 3, .unreadable("x")), files: ["/input.json"]).isEmpty)
    }

    /// The names the DOT target expects back from Graphviz: quotes unescaped, everything
    /// else as `quotedID` wrote it.
    @Test func expectedGraphvizNames() {
        #expect(DOTChecks.parsedName(of: "a\"b") == "a\"b")
        #expect(DOTChecks.parsedName(of: "a\\b") == "a\\\\b")
        #expect(DOTChecks.parsedName(of: "a\nb") == "a\\nb")
    }
}
