#if canImport(Glibc)
import Glibc
#endif
import Foundation
import PeerReports
import PeerRules
import PeerStore

/// `receipt.json`: what a run read and did, enough to reproduce or audit it.
struct Receipt {
    let header: RunHeader
    let book: RuleBook
    let counts: VerdictCounts
    let shard: Shard
    let detail: ReportDetail
    let timings: [(String, Duration)]

    func write(to directory: RunDirectory) throws {
        let file = try directory.file("receipt.json")
        let rules = book.files.map { "    {\"path\": \(JSONText.literal($0.path)), \"sha256\": \"\($0.sha256)\"}" }.joined(separator: ",\n")
        let timing = timings.map { "\"\($0.0)_seconds\": \(String(format: "%.3f", $0.1.seconds))" }.joined(separator: ", ")
        try file.write("""
            {
              "schema": "peercert.receipt/1",
              "run_id": \(header.runID),
              "as_of": "\(header.asOf)",
              "horizon_days": \(header.horizonDays),
              "shard": "\(shard)",
              "detail": "\(detail.rawValue)",
              "tool_version": "\(header.toolVersion)",
              "started_at": "\(header.startedAt)",
              "finished_at": "\(Date().formatted(.iso8601))",
              "rules_digest": "\(header.rulesDigest)",
              "rule_files": [
            \(rules)
              ],
              "counts": {"workers": \(counts.workers), "credentials": \(counts.credentials), "findings": \(counts.findings)},
              "credential_verdicts": \(counts.credentialVerdictsJSON),
              "finding_verdicts": \(counts.findingVerdictsJSON),
              "timings": {\(timing)},
              "peak_rss_kib": \(peakRSSKiB())
            }

            """)
        try file.finish()
    }
}

/// The process's peak resident memory so far.
func peakRSSKiB() -> Int {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return usage.ru_maxrss
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
