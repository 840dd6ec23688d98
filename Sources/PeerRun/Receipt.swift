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
    var reminders: ReminderRecord? = nil
    var night: String? = nil
    var parts: [NightParts.Part]? = nil

    func write(to directory: RunDirectory) throws {
        try directory.writeFile("receipt.json", text)
    }

    /// Replaces the receipt of a published directory (after delivery), atomically.
    func rewrite(in directory: String) throws {
        let temporary = "\(directory)/.receipt.json.tmp"
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: temporary))
            guard rename(temporary, "\(directory)/receipt.json") == 0 else { throw ReportError(message: "cannot replace \(directory)/receipt.json") }
        } catch let error as ReportError {
            throw error
        } catch {
            throw ReportError(message: "cannot write \(temporary): \(error.localizedDescription)")
        }
    }

    /// A shard's night, and a join's parts, when there are.
    private var nightFields: String {
        var fields = ""
        if let night { fields += "\n  \"night\": \(JSONText.literal(night))," }
        if let parts {
            let list = parts.map { "{\"run_id\": \($0.runID), \"shard\": \"\($0.shard)\", \"report_dir\": \(JSONText.literal($0.reportDirectory ?? ""))}" }
            fields += "\n  \"parts\": [" + list.joined(separator: ", ") + "],"
        }
        return fields
    }

    var text: String {
        let rules = book.files.map { "    {\"path\": \(JSONText.literal($0.path)), \"sha256\": \"\($0.sha256)\"}" }.joined(separator: ",\n")
        let timing = timings.map { "\"\($0.0)_seconds\": \(String(format: "%.3f", $0.1.seconds))" }.joined(separator: ", ")
        return """
            {
              "schema": "peercert.receipt/1",
              "run_id": \(header.runID),
              "as_of": "\(header.asOf)",
              "horizon_days": \(header.horizonDays),\(nightFields)
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
              "reminders": \(reminders?.json ?? "null"),
              "peak_rss_kib": \(peakRSSKiB())
            }

            """
    }
}

/// Administrators' reminders of one run, for the receipt: messages planned, administrators
/// without an email address, and (once delivered) what delivery did.
public struct ReminderRecord: Sendable {
    public var messages = 0
    public var withoutEmail: [(id: Int, name: String)] = []
    public var delivery: DeliveryOutcome?

    var json: String {
        func list(_ items: [(messageID: String, recipient: String, reason: String)]) -> String {
            "[" + items.map { "{\"message_id\": \(JSONText.literal($0.messageID)), \"recipient\": \(JSONText.literal($0.recipient)), "
                + "\"reason\": \(JSONText.literal($0.reason))}" }.joined(separator: ", ") + "]"
        }
        let delivered = delivery.map {
            "{\"sent\": \($0.sent), \"refused\": \(list($0.refused)), \"failed\": \(list($0.failed)), \"waiting\": \($0.waiting)}"
        } ?? "null"
        let missing = withoutEmail.map { "{\"administrator_id\": \($0.id), \"name\": \(JSONText.literal($0.name))}" }.joined(separator: ", ")
        return "{\"messages_planned\": \(messages), \"administrators_without_email\": [\(missing)], \"delivery\": \(delivered)}"
    }
}

/// The process's peak resident memory so far.
func peakRSSKiB() -> Int {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return usage.ru_maxrss
}

