#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// A progress line on a terminal (workers done, rate, time left), redrawn at most twice a second.
/// Nothing at all when stderr is not a terminal (cron, systemd, Kubernetes read the log lines).
struct ProgressLine {
    private let estimatedTotal: Int?
    private let started = ContinuousClock.now
    private var lastDrawn = ContinuousClock.now
    private var drawn = false

    /// nil when stderr is not a terminal.
    init?(estimatedTotal: Int?, enabled: Bool = isatty(STDERR_FILENO) == 1) {
        guard enabled else { return nil }
        self.estimatedTotal = estimatedTotal
    }

    mutating func update(workers: Int) {
        let now = ContinuousClock.now
        guard now - lastDrawn >= .milliseconds(500) else { return }
        lastDrawn = now
        drawn = true
        FileHandle.standardError.write(Data(("\r\u{1B}[K" + Self.text(workers: workers, elapsed: now - started, total: estimatedTotal)).utf8))
    }

    mutating func finish() {
        if drawn { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    }

    /// "12,000 workers, 4,000/s, about 22 s left"
    static func text(workers: Int, elapsed: Duration, total: Int?) -> String {
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let rate = seconds > 0 ? Double(workers) / seconds : 0
        var line = "\(workers.formatted(.number.locale(Locale(identifier: "en_US")))) workers, \(Int(rate))/s"
        if let total, total > workers, rate > 0 {
            line += ", about \(Int((Double(total - workers) / rate).rounded(.up))) s left"
        }
        return line
    }
}
