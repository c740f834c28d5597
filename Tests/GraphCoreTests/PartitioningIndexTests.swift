import Testing
@testable import GraphCore

@Suite struct PartitioningIndexTests {
    @Test func findsTheFirstIndexOfTheSecondPartition() {
        var rng = SplitMix64(seed: 7)
        for _ in 0 ..< 300 {
            let a = (0 ..< Int.random(in: 0 ... 40, using: &rng)).map { _ in Int.random(in: 0 ... 20, using: &rng) }.sorted()
            let x = Int.random(in: -1 ... 21, using: &rng)
            #expect(a.partitioningIndex { $0 >= x } == (a.firstIndex { $0 >= x } ?? a.count), "\(a) \(x)")
            let slice = a.dropFirst(a.count / 2)
            #expect(slice.partitioningIndex { $0 > x } == (slice.firstIndex { $0 > x } ?? slice.endIndex))
        }
    }
}
