// `stdout` is a C global, which Swift 6 refuses to read unless the module is imported
// with @preconcurrency; it is read here only, from the one thread that exits.
#if canImport(Glibc)
@preconcurrency import Glibc
#elseif canImport(Darwin)
@preconcurrency import Darwin
#endif

/// Standard output as Swift's `print` writes it: through C's buffered stdio, which records
/// a failed write (a full disk, an I/O error, a closed descriptor) and carries on, so a
/// command's output can be lost without a word.
package enum StandardOutput {
    /// Makes a command report lost output, for a process whose output goes through `print`:
    /// a closed pipe (`… | head`) ends the process quietly, as for other Unix tools (SIGPIPE
    /// is set to its default action and unblocked), and at exit, whichever way the process
    /// ends through `exit`, standard output is flushed and checked; if any write to it
    /// failed, "error: cannot write standard output: REASON" goes to standard error and the
    /// exit status becomes 1. Call once, first thing in `main`.
    package static func reportFailuresAtExit() {
        _ = signal(SIGPIPE, SIG_DFL)
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGPIPE)
        _ = sigprocmask(SIG_UNBLOCK, &set, nil)
        _ = atexit { StandardOutput.checkBeforeExit() }
    }

    /// Flushes standard output; if that or an earlier write failed, says so on standard
    /// error and ends the process with status 1 (`_exit`: the process is exiting already).
    /// - Complexity: O(bytes still buffered).
    static func checkBeforeExit() {
        errno = 0
        let flushFailed = fflush(stdout) != 0
        let code = errno
        guard flushFailed || ferror(stdout) != 0 else { return }
        let reason = flushFailed && code != 0 ? systemErrorReason(code) : "an earlier write failed"
        Stderr.print("error: cannot write standard output: " + reason)
        _exit(1)
    }
}
