#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A mutual-exclusion lock (a pthread mutex), without Foundation.
///
/// The mutex lives in its own heap allocation, made once in `init` and freed in `deinit`,
/// so its address never changes (a mutex must not move once initialised). Not re-entrant:
/// taking it again on the thread that holds it deadlocks.
package final class Lock: @unchecked Sendable {
    /// The mutex, initialised in `init`, destroyed and freed in `deinit`.
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>

    /// Creates an unlocked lock.
    package init() {
        mutex = .allocate(capacity: 1)
        mutex.initialize(to: pthread_mutex_t())
        pthread_mutex_init(mutex, nil)
    }

    /// Destroys and frees the mutex (no thread may hold it by then).
    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deinitialize(count: 1)
        mutex.deallocate()
    }

    /// Runs `body` holding the lock, and returns its result (the lock is released when it
    /// throws too).
    /// - Complexity: that of `body`, once the lock is free.
    package func withLock<R, E: Error>(_ body: () throws(E) -> R) throws(E) -> R {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body()
    }
}
