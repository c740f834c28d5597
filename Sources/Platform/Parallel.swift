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
