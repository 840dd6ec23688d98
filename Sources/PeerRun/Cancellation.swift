#if canImport(Glibc)
import Glibc
#endif
import Dispatch
import Foundation

/// Set when the process is asked to stop (SIGTERM from Kubernetes or systemd, SIGINT from a
/// terminal). The run checks it between batches of workers and stops cleanly.
public final class StopRequest: @unchecked Sendable {
    private let lock = NSLock()
    private var signal: Int32?
    private var sources: [DispatchSourceSignal] = []

    public init() {}

    /// The signal that asked the run to stop, if one did.
    public var receivedSignal: Int32? { lock.withLock { signal } }

    public func stop(signal number: Int32) { lock.withLock { if signal == nil { signal = number } } }

    /// Routes SIGTERM and SIGINT here instead of ending the process at once.
    public func installSignalHandlers() {
        for number in [SIGTERM, SIGINT] {
            Glibc.signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { [weak self] in
                self?.stop(signal: number)
                // A second Ctrl-C or SIGTERM ends the process at once, as an operator expects.
                Glibc.signal(number, SIG_DFL)
            }
            source.resume()
            sources.append(source)
        }
    }
}

/// The run stopped because a signal asked it to.
public struct RunInterrupted: Error, CustomStringConvertible {
    public let signal: Int32
    public var description: String {
        "interrupted by \(signal == SIGTERM ? "SIGTERM" : signal == SIGINT ? "SIGINT" : "signal \(signal)"); the run was marked failed and nothing was published"
    }
}
