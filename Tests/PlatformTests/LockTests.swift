import Dispatch
import Testing
import Platform

/// A counter whose increments are not atomic: only the lock keeps them from being lost.
private final class Counter: @unchecked Sendable {
    var value = 0
}

/// Why a body threw, for the lock's typed rethrow.
private struct Stop: Error, Equatable {}

/// The one lock of the package: mutual exclusion, and release on every way out.
@Suite struct LockTests {
    @Test func concurrentIncrementsUnderTheLockAreNeverLost() {
        let lock = Lock()
        let counter = Counter()
        let workers = 8, rounds = 200_000
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            for _ in 0 ..< rounds {
                lock.withLock {
                    // A read then a write: without the lock, interleaved workers lose increments.
                    let seen = counter.value
                    counter.value = seen &+ 1
                }
            }
        }
        #expect(counter.value == workers * rounds)
    }

    @Test func aThrowingBodyRethrowsItsErrorAndReleasesTheLock() {
        let lock = Lock()
        #expect(throws: Stop.self) { try lock.withLock { () throws(Stop) -> Int in throw Stop() } }
        // Held still, the lock would deadlock here instead of returning.
        #expect(lock.withLock { 42 } == 42)
    }
}
