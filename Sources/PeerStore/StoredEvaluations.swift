import Foundation
import PGClient
import PeerEngine
import PeerRules

/// A committed run's evaluations read back from its results, for the steps that work over results
/// rather than over a stream (a night's join draws the board's page and counts from them): each
/// credential with its verdict, every finding's verdict (a met one by its subject only, as stored),
/// the others with their words. Evidence and shortfalls are not read back.
public enum StoredEvaluations {
    /// Calls `body` once per worker with a credential in `run`, in worker order.
    public static func forEach(run: Int, on connection: PGConnection, _ body: (WorkerEvaluation) throws -> Void) throws {
        var worker: (id: Int, name: String?)?
        var credentials: [CredentialEvaluation] = []
        func flush() throws {
            if let worker, !credentials.isEmpty { try body(WorkerEvaluation(workerID: worker.id, workerName: worker.name, credentials: credentials)) }
            credentials.removeAll(keepingCapacity: true)
        }
        var problem: String?
        try connection.stream("""
            SELECT cr.worker_id, w.full_name, cr.certification_id, cr.state, cr.credential, cr.number, cr.level, cr.role,
                   cr.rule_version::text, cr.verdict, cr.expires_on::text, cr.verdicts::text,
                   (SELECT json_agg(json_build_array(f.subject, f.requirement_id, f.kind, f.verdict, f.measured, f.required, f.reason,
                                                     f.cure, f.standard))::text
                    FROM peercert.findings f
                    WHERE f.run_id = cr.run_id AND f.worker_id = cr.worker_id AND f.certification_id = cr.certification_id)
            FROM peercert.credential_results cr LEFT JOIN peercert.workers w ON w.id = cr.worker_id
            WHERE cr.run_id = $1 ORDER BY cr.worker_id, cr.certification_id
            """, [run], doing: "reading run \(run)'s results back") { row in
            guard problem == nil else { return }
            guard let workerID = row.int(0), let certification = row.int(2), let role = row.string(7).flatMap(Role.init(rawValue:)),
                  let verdict = row.string(9).flatMap(CredentialVerdict.init(rawValue:)),
                  let verdicts = Self.verdicts(row.string(11)) else {
                problem = "run \(run) holds a credential result that cannot be read back (certification \(row.string(2) ?? "?"))"
                return
            }
            if worker?.id != workerID {
                try flush()
                worker = (workerID, row.string(1))
            }
            let written = Self.writtenFindings(row.string(12), state: row.string(3) ?? "")
            let findings = verdicts.map { subject, verdict in
                written[subject.key] ?? Finding(subject: subject, verdict: verdict, state: row.string(3) ?? "",
                                                measurement: .recorded(RecordedFinding(kind: "", measured: "", required: "", reason: "", cure: nil,
                                                                                       standard: nil)))
            }
            credentials.append(CredentialEvaluation(
                workerID: workerID, certification: RecordRef(table: "certifications", id: certification),
                key: CredentialKey(state: row.string(3) ?? "", credential: row.string(4) ?? ""), number: row.string(5), level: row.string(6),
                role: role, ruleVersion: row.string(8).flatMap { Day(iso: $0) }, verdict: verdict,
                expiresOn: row.string(10).flatMap { Day(iso: $0) }, findings: findings))
        }
        if let problem { throw StoreError(.unreadableResults, problem) }
        try flush()
    }

    /// The compact verdicts (`{"training": "met", "@certification.period": "expiring"}`), in key order.
    static func verdicts(_ json: String?) -> [(FindingSubject, Verdict)]? {
        guard let data = json?.data(using: .utf8),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: String] else { return nil }
        var list: [(FindingSubject, Verdict)] = []
        for (key, value) in object.sorted(by: { $0.key < $1.key }) {
            guard let subject = FindingSubject(key: key), let verdict = Verdict(rawValue: value) else { return nil }
            list.append((subject, verdict))
        }
        return list
    }

    /// The findings written in full (those not met), by subject key.
    static func writtenFindings(_ json: String?, state: String) -> [String: Finding] {
        guard let data = json?.data(using: .utf8), let rows = try? JSONSerialization.jsonObject(with: data) as? [[Any]] else { return [:] }
        var findings: [String: Finding] = [:]
        for row in rows where row.count == 9 {
            guard let type = row[0] as? String, let id = row[1] as? String, let kind = row[2] as? String,
                  let verdict = (row[3] as? String).flatMap(Verdict.init(rawValue:)),
                  let subject = FindingSubject(key: type == "requirement" ? id : "@" + id) else { continue }
            let (measured, required, reason) = (row[4] as? String ?? "", row[5] as? String ?? "", row[6] as? String ?? "")
            let cure = row[7] as? String
            findings[subject.key] = Finding(subject: subject, verdict: verdict, state: state,
                                            measurement: .recorded(RecordedFinding(kind: kind, measured: measured, required: required, reason: reason,
                                                                                   cure: cure, standard: row[8] as? String)))
        }
        return findings
    }
}
