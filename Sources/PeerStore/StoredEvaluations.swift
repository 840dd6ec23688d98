import Foundation
import PGClient
import PeerEngine
import PeerRules

/// A committed run's evaluations read back from its results, for the steps that work over results
/// rather than over a stream (a night's join draws the board's page and counts from them): each
/// credential with its verdict, every finding's verdict (a met one by its subject only, as stored),
/// the others with their words, rule location, shortfalls and evidence notes as written, and the
/// transfer decisions as they were written. Each evidence row's code is not kept by the results.
public enum StoredEvaluations {
    /// Calls `body` once per worker with a credential or a transfer decision in `run`, in worker order.
    public static func forEach(run: Int, on connection: PGConnection, _ body: (WorkerEvaluation) throws -> Void) throws {
        var worker: (id: Int, name: String?)?
        var credentials: [CredentialEvaluation] = []
        var transfers: [RecordedTransfer] = []
        func flush() throws {
            if let worker, !credentials.isEmpty || !transfers.isEmpty {
                try body(WorkerEvaluation(workerID: worker.id, workerName: worker.name, credentials: credentials, recordedTransfers: transfers))
            }
            credentials.removeAll(keepingCapacity: true)
            transfers.removeAll(keepingCapacity: true)
        }
        var problem: String?
        // Credential rows (part 0) and transfer decisions (part 1) in one stream, by worker.
        try connection.stream("""
            SELECT 0 AS part, cr.worker_id, w.full_name, cr.certification_id, cr.state, cr.credential, cr.number, cr.level, cr.role,
                   cr.rule_version::text, cr.verdict, cr.expires_on::text, cr.verdicts::text,
                   (SELECT json_agg(json_build_array(f.subject, f.requirement_id, f.kind, f.verdict, f.measured, f.required, f.reason,
                                                     f.cure, f.standard, f.rule_file, f.rule_line, f.evidence, f.shortfalls))::text
                    FROM peercert.findings f
                    WHERE f.run_id = cr.run_id AND f.worker_id = cr.worker_id AND f.certification_id = cr.certification_id),
                   NULL::text, NULL::text
            FROM peercert.credential_results cr LEFT JOIN peercert.workers w ON w.id = cr.worker_id
            WHERE cr.run_id = $1
            UNION ALL
            SELECT 1, td.worker_id, w.full_name, td.request_id, td.to_state, td.to_credential, NULL, NULL, td.outcome,
                   NULL, NULL, NULL, NULL, NULL, td.decision::text, td.csv_row::text
            FROM peercert.transfer_decisions td LEFT JOIN peercert.workers w ON w.id = td.worker_id
            WHERE td.run_id = $1
            ORDER BY 2, 1, 4
            """, [run], doing: "reading run \(run)'s results back") { row in
            guard problem == nil else { return }
            guard let workerID = row.int(1) else {
                problem = "run \(run) holds a result without a worker"
                return
            }
            if worker?.id != workerID {
                try flush()
                worker = (workerID, row.string(2))
            }
            let key = CredentialKey(state: row.string(4) ?? "", credential: row.string(5) ?? "")
            if row.int(0) == 1 {
                guard let outcome = row.string(8).flatMap(TransferOutcome.init(rawValue:)), let json = row.string(14),
                      let fields = row.string(15).flatMap(PostgresArray.parse) else {
                    problem = "run \(run) holds a transfer decision that cannot be read back (worker \(workerID))"
                    return
                }
                transfers.append(RecordedTransfer(request: row.int(3), target: key, outcome: outcome, json: json, row: fields.map { $0 ?? "" }))
                return
            }
            guard let certification = row.int(3), let role = row.string(8).flatMap(Role.init(rawValue:)),
                  let verdict = row.string(10).flatMap(CredentialVerdict.init(rawValue:)),
                  let verdicts = Self.verdicts(row.string(12)) else {
                problem = "run \(run) holds a credential result that cannot be read back (certification \(row.string(3) ?? "?"))"
                return
            }
            let written = Self.writtenFindings(row.string(13), state: key.state)
            let findings = verdicts.map { subject, verdict in
                written[subject.key] ?? Finding(subject: subject, verdict: verdict, state: key.state,
                                                measurement: .recorded(RecordedFinding(kind: "", measured: "", required: "", reason: "", cure: nil,
                                                                                       standard: nil)))
            }
            credentials.append(CredentialEvaluation(
                workerID: workerID, certification: RecordRef(table: "certifications", id: certification), key: key,
                number: row.string(6), level: row.string(7), role: role, ruleVersion: row.string(9).flatMap { Day(iso: $0) }, verdict: verdict,
                expiresOn: row.string(11).flatMap { Day(iso: $0) }, findings: findings))
        }
        if let problem { throw StoreError(.unreadableResults, problem) }
        try flush()
    }

    /// The compact verdicts (`{"training": "met", "@certification.period": "expiring"}`), in the
    /// order they were written: the findings' order, which decides a credential's first action
    /// among findings of one urgency (a `json` column keeps it; a dictionary would not).
    static func verdicts(_ json: String?) -> [(FindingSubject, Verdict)]? {
        guard let json, let pairs = orderedStringPairs(json) else { return nil }
        var list: [(FindingSubject, Verdict)] = []
        for (key, value) in pairs {
            guard let subject = FindingSubject(key: key), let verdict = Verdict(rawValue: value) else { return nil }
            list.append((subject, verdict))
        }
        return list
    }

    /// The members of a flat JSON object whose values are strings, in order; nil for anything else.
    static func orderedStringPairs(_ json: String) -> [(String, String)]? {
        var characters = json.unicodeScalars[...]
        func skipSpace() { while let first = characters.first, first == " " || first == "\n" || first == "\t" || first == "\r" { characters.removeFirst() } }
        func expect(_ scalar: Unicode.Scalar) -> Bool {
            skipSpace()
            guard characters.first == scalar else { return false }
            characters.removeFirst()
            return true
        }
        /// A JSON string, its escapes decoded by JSONSerialization.
        func string() -> String? {
            skipSpace()
            guard characters.first == "\"" else { return nil }
            var token = String.UnicodeScalarView()
            token.append(characters.removeFirst())
            var escaped = false
            while let scalar = characters.first {
                characters.removeFirst()
                token.append(scalar)
                if escaped { escaped = false } else if scalar == "\\" { escaped = true } else if scalar == "\"" { break }
            }
            let array = "[" + String(token) + "]"
            return (try? JSONSerialization.jsonObject(with: Data(array.utf8)) as? [String])?.first
        }
        guard expect("{") else { return nil }
        var pairs: [(String, String)] = []
        if expect("}") { return pairs }
        repeat {
            guard let key = string(), expect(":"), let value = string() else { return nil }
            pairs.append((key, value))
        } while expect(",")
        return expect("}") ? pairs : nil
    }

    /// The findings written in full (those not met), by subject key.
    static func writtenFindings(_ json: String?, state: String) -> [String: Finding] {
        guard let data = json?.data(using: .utf8), let rows = try? JSONSerialization.jsonObject(with: data) as? [[Any]] else { return [:] }
        var findings: [String: Finding] = [:]
        for row in rows where row.count == 13 {
            guard let type = row[0] as? String, let id = row[1] as? String, let kind = row[2] as? String,
                  let verdict = (row[3] as? String).flatMap(Verdict.init(rawValue:)),
                  let subject = FindingSubject(key: type == "requirement" ? id : "@" + id) else { continue }
            let (measured, required, reason) = (row[4] as? String ?? "", row[5] as? String ?? "", row[6] as? String ?? "")
            let cure = row[7] as? String
            let location = (row[9] as? String).map { RuleLocation(file: $0, line: row[10] as? Int ?? 0, column: 0) }
            let shortfalls = (row[12] as? [[String: Any]] ?? []).compactMap(Shortfall.init(json:))
            findings[subject.key] = Finding(subject: subject, verdict: verdict, state: state,
                                            measurement: .recorded(RecordedFinding(kind: kind, measured: measured, required: required, reason: reason,
                                                                                   cure: cure, standard: row[8] as? String, location: location,
                                                                                   evidence: row[11] as? String)),
                                            shortfalls: shortfalls)
        }
        return findings
    }
}
