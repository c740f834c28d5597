// `stdout` is a C global, which Swift 6 refuses to read unless the module is imported
// with @preconcurrency; it is read here only, at exit.
#if canImport(Glibc)
@preconcurrency import Glibc
#elseif canImport(Darwin)
@preconcurrency import Darwin
#endif

/// Standard output for a command-line tool, written so that lost output is never silent.
///
/// Swift's `print` goes through C's stdio, which records that a write failed but not why
/// (a large `print` is written directly, and its error number is gone by the time anyone
/// asks). `write(_:)` buffers here instead (64 KiB; by line on a terminal) and keeps the
/// error number of the first write that fails. `reportFailuresAtExit()` arranges the
/// check: at exit, this buffer and stdio's are flushed, and if any write failed,
/// "error: cannot write standard output: REASON" goes to standard error and the exit
/// status becomes 1. A closed pipe ends the process quietly, as it does other Unix tools.
package enum StandardOutput {
    /// The buffer, the first error, and the lock that guards them.
    private static let state = State()

    /// Appends `text` (UTF-8): `write(bytes:)` of its bytes.
    /// - Complexity: O(length of `text`) amortised.
    package static func write(_ text: String) {
        var text = text
        text.withUTF8 { write(bytes: UnsafeRawBufferPointer($0)) }
    }

    /// Appends `bytes`, writing the buffer out when it holds 64 KiB, or at each line break when
    /// standard output is a terminal; a block of 64 KiB or more is written out at once after
    /// the buffer, not copied into it. A failed write is remembered for the check at exit;
    /// later writes are still attempted.
    /// - Complexity: O(bytes.count) amortised.
    package static func write(bytes: UnsafeRawBufferPointer) {
        state.lock.withLock {
            guard bytes.count >= 1 << 16 else {
                state.buffer.append(contentsOf: bytes)
                if state.buffer.count >= 1 << 16 || (state.lineBuffered && bytes.contains(10)) { state.flushLocked() }
                return
            }
            state.flushLocked()
            if let code = writeAll(1, bytes), state.firstError == nil { state.firstError = code }
        }
    }

    /// Writes out what `write(_:)` has buffered.
    /// - Complexity: O(bytes buffered).
    package static func flush() {
        state.lock.withLock { state.flushLocked() }
    }

    /// Makes a closed pipe (`… | head`) end the process quietly (SIGPIPE is set to its
    /// default action and unblocked), and registers the check at exit: whichever way the
    /// process ends through `exit`, standard output (this buffer, then stdio's, which
    /// `print` and the argument parser use) is flushed, and a failed write ends the process
    /// with "error: cannot write standard output: REASON" and status 1. A standard
    /// descriptor the process started without (`>&-`) is taken by /dev/null, opened the
    /// wrong way round (standard input for writing, the outputs for reading), so that every
    /// use of it fails as a closed one does ("Bad file descriptor") and no file the command
    /// opens later gets its number: output meant for the terminal never lands in an input or
    /// output file, or in an event descriptor that answers "Invalid argument". Call once,
    /// first thing in `main`.
    package static func reportFailuresAtExit() {
        for fd: Int32 in 0 ... 2 where fcntl(fd, F_GETFD) == -1 && errno == EBADF {
            let reserved = open("/dev/null", fd == 0 ? O_WRONLY : O_RDONLY)
            if reserved >= 0 && reserved != fd { _ = dup2(reserved, fd); _ = close(reserved) }
        }
        _ = signal(SIGPIPE, SIG_DFL)
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGPIPE)
        _ = sigprocmask(SIG_UNBLOCK, &set, nil)
        _ = atexit { StandardOutput.checkBeforeExit() }
    }

    /// Flushes both buffers; if a write failed, says so on standard error and ends the
    /// process with status 1 (`_exit`: the process is exiting already).
    /// - Complexity: O(bytes still buffered).
    static func checkBeforeExit() {
        flush()
        errno = 0
        let stdioFailed = fflush(stdout) != 0
        let stdioCode = errno
        let code = state.lock.withLock { state.firstError } ?? (stdioFailed && stdioCode != 0 ? stdioCode : nil)
        guard code != nil || stdioFailed || ferror(stdout) != 0 else { return }
        Stderr.print("error: cannot write standard output: " + (code.map(systemErrorReason) ?? "a write failed"))
        _exit(1)
    }

    /// The buffered bytes and the first failure, guarded by `lock`.
    private final class State: @unchecked Sendable {
        let lock = Lock()
        var buffer: [UInt8] = []
        /// The error number of the first failed write, if any.
        var firstError: Int32?
        /// Whether standard output is a terminal, and so written at each line break.
        let lineBuffered = isatty(1) != 0

        /// Writes the buffer to descriptor 1 and empties it. Call under `lock`.
        /// - Complexity: O(bytes buffered).
        func flushLocked() {
            guard !buffer.isEmpty else { return }
            if let code = buffer.withUnsafeBytes({ writeAll(1, $0) }), firstError == nil { firstError = code }
            buffer.removeAll(keepingCapacity: true)
        }
    }
}
