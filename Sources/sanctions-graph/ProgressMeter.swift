import SanctionsGraph
import Platform
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Progress of long loads and snapshot writes on stderr (README "Progress"): bytes and
/// records, the rate, and the time left. Shown when stderr is a terminal (one line,
/// rewritten in place) or when the file is large (64 MiB and more: a line every few
/// seconds, for logs); `--quiet` silences it.
final class ProgressMeter: @unchecked Sendable {
    // Sendable: every field is used under `lock`.
    private let lock = Lock()
    private let terminal = isatty(2) != 0
    private let verb: String, unit: String
    private let clock = ContinuousClock()
    private var started: ContinuousClock.Instant?
    private var lastShown: ContinuousClock.Instant?
    private var shownLine = false

    /// A meter whose lines start with `verb` ("reading", "writing") and count `unit`.
    init(verb: String, unit: String = "records") {
        self.verb = verb
        self.unit = unit
    }

    /// Files this large are shown even when stderr is not a terminal.
    static let largeFile = 64 << 20

    /// Takes one report, and shows it if it is time to.
    /// - Complexity: O(1).
    func report(_ p: ReadProgress) {
        lock.withLock {
            let now = clock.now
            let start = started ?? now
            let shown = shownLine
            // Each file is timed on its own: a finished one resets the meter, shown or not.
            if p.finished { started = nil; shownLine = false } else { started = start }
            guard terminal || p.totalBytes >= ProgressMeter.largeFile else { return }
            let sinceShown = lastShown.map { ProgressMeter.seconds(now - $0) } ?? .infinity
            let due = sinceShown >= (terminal ? 0.25 : 3.0) && ProgressMeter.seconds(now - start) >= (terminal ? 0.5 : 1.0)
            guard p.finished ? shown : due else { return }
            lastShown = now
            if !p.finished { shownLine = true }
            let elapsed = max(ProgressMeter.seconds(now - start), 1e-3)
            let rate = Double(p.bytes) / elapsed
            var line = "\(verb) \(p.file): \(p.bytes >> 20)" + (p.totalBytes > 0 ? " of \(p.totalBytes >> 20) MiB (\(p.bytes * 100 / max(p.totalBytes, 1))%)" : " MiB")
            line += ", \(p.records) \(unit), \(Int(rate) >> 20) MiB/s"
            if p.finished {
                line += ", done in \(ProgressMeter.duration(elapsed))"
            } else if p.totalBytes > p.bytes, rate > 0 {
                line += ", about \(ProgressMeter.duration(Double(p.totalBytes - p.bytes) / rate)) left"
            }
            if terminal {
                Stderr.write("\r\u{1B}[K" + line.terminalSafe + (p.finished ? "\n" : ""))
            } else {
                Stderr.print(line)
            }
        }
    }

    static func duration(_ seconds: Double) -> String {
        seconds < 60 ? "\(Int(seconds.rounded(.up))) s" : "\(Int(seconds) / 60) min \(Int(seconds) % 60) s"
    }

    static func seconds(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }
}
