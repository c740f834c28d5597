import Dispatch
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The number of processors online (at least 1).
package let processorCount: Int = max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))

/// Runs `body(worker)` for each worker number in `0 ..< workers` on as many threads at once
/// (on the calling thread alone when there is one), and returns their results in worker
/// order, so that combining them in that order is deterministic. Workers split the items
/// among themselves by their number, or take blocks from a dispenser when the cost varies
/// from item to item. The package's one way of using several cores.
@discardableResult
package func parallelWorkers<T: Sendable>(_ workers: Int, _ body: @Sendable (Int) -> T) -> [T] {
    if workers <= 1 { return [body(0)] }
    let results = ResultSlots<T>(count: workers)
    DispatchQueue.concurrentPerform(iterations: workers) { i in results.set(i, body(i)) }
    return results.values
}

/// Per-worker result slots, each written by exactly one worker before they are read.
final class ResultSlots<T: Sendable>: @unchecked Sendable {
    private var slots: [T?]
    private let lock = Lock()
    init(count: Int) { slots = Array(repeating: nil, count: count) }
    func set(_ i: Int, _ value: T) { lock.withLock { slots[i] = value } }
    var values: [T] { lock.withLock { slots.compactMap { $0 } } }
}

/// Runs `a` and `b` at once (two workers of `parallelWorkers`) and returns both results:
/// for two independent computations of different types.
package func concurrently<A: Sendable, B: Sendable>(_ a: @Sendable () -> A, _ b: @Sendable () -> B) -> (A, B) {
    var results = parallelWorkers(2) { w in w == 0 ? Either<A, B>.first(a()) : .second(b()) }
    guard case .second(let second) = results.removeLast(), case .first(let first) = results.removeLast() else {
        preconditionFailure("concurrently: the workers' results are in worker order")
    }
    return (first, second)
}

/// One of two workers' results.
private enum Either<A: Sendable, B: Sendable>: Sendable {
    case first(A), second(B)
}

/// Hands out consecutive blocks of `0 ..< count` to whichever worker asks first.
package final class BlockDispenser: @unchecked Sendable {
    private let lock = Lock()
    private var next = 0
    package let count: Int, blockSize: Int
    package init(count: Int, blockSize: Int) { self.count = count; self.blockSize = max(1, blockSize) }
    /// The next block, or nil when all are handed out.
    package func take() -> Range<Int>? {
        lock.withLock {
            guard next < count else { return nil }
            let lo = next
            next = min(count, lo + blockSize)
            return lo ..< next
        }
    }
}
