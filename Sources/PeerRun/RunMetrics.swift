import Foundation
import PeerEngine
import PeerReports
import Prometheus

/// The run's figures for Prometheus, as node_exporter's textfile collector reads them: written at
/// the end of each successful run, atomically (a temporary file renamed over the old one), so the
/// collector never reads half a file. A failed run leaves the file as it was: alert on
/// `time() - peercert_run_last_success_timestamp_seconds` growing past a night.
public enum RunMetrics {
    public static func text(_ summary: RunSummary, finishedAt: Date) -> String {
        let registry = PrometheusCollectorRegistry()
        func gauge(_ subsystem: String, _ name: String, unit: String = "", _ help: String, labels: [(String, String)] = []) -> Gauge {
            registry.makeGauge(descriptor: MetricNameDescriptor(namespace: "peercert", subsystem: subsystem, metricName: name, unitName: unit,
                                                                helpText: help), labels: labels)
        }
        gauge("run", "last_success_timestamp", unit: "seconds", "When the last successful run finished (Unix time).")
            .set(finishedAt.timeIntervalSince1970)
        gauge("run", "duration", unit: "seconds", "Wall time of the last successful run.").set(summary.seconds)
        gauge("run", "id", "Id of the last successful run in peercert.runs.").set(Double(summary.runID))
        gauge("run", "workers", "Workers read by the last successful run.").set(Double(summary.counts.workers))
        for verdict in CredentialVerdict.allCases {
            gauge("run", "credentials", "Credentials of the last successful run, by verdict.", labels: [("verdict", verdict.rawValue)])
                .set(Double(summary.counts.byCredentialVerdict[verdict] ?? 0))
        }
        for verdict in Verdict.allCases {
            gauge("run", "findings", "Findings of the last successful run, by verdict.", labels: [("verdict", verdict.rawValue)])
                .set(Double(summary.counts.byFindingVerdict[verdict] ?? 0))
        }
        let delivery = summary.reminders?.delivery
        gauge("mail", "sent", "Reminder messages sent after the last successful run.").set(Double(delivery?.sent ?? 0))
        gauge("mail", "pending", "Reminder messages still waiting after the last successful run.").set(Double(delivery?.waiting ?? 0))
        gauge("mail", "failed", "Reminder messages refused with their attempts used up after the last successful run.")
            .set(Double(delivery?.failed.count ?? 0))
        return registry.emitToString()
    }

    /// Writes `text` to `path` through a temporary file in the same directory and a rename.
    public static func write(_ text: String, to path: String) throws {
        let url = URL(fileURLWithPath: path)
        let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(getpid()).tmp")
        do {
            try Data(text.utf8).write(to: temporary)
            // node_exporter runs as its own user: the figures hold no personal data, so 0644.
            try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: temporary.path)
            guard rename(temporary.path, url.path) == 0 else { throw ReportError.io("renaming \(temporary.path) to \(path)", errno: errno) }
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw error
        }
    }
}
