import Foundation
import PeerTestSupport
import Testing

/// Values PostgreSQL accepts and the rules cannot use: bigint's extremes as ids, the largest hours
/// a column holds, `NaN`, `infinity`, `-infinity`, BC dates and the calendar's last day. Each is a
/// finding naming its row and column, or judged as the number it is; none crashes the run, none
/// passes for a missing value, and every other worker is still checked.
@Suite struct BadDataTests {
    @Test func unusableValuesAreLocatedDataErrorsNeverACrashNorSilentlyMet() throws {
        let (database, out) = try Tool.seeded("cli_bad_values", workers: 150, seed: 12)
        defer { database.drop(); try? FileManager.default.removeItem(atPath: out) }
        let first = try Tool.run(["run", "--database", database.runner, "--as-of", "2026-03-01", "--out", out])
        try #require(first.status == 0, "\(first.stderr)")
        let connection = try database.connect()
        // Compliant holders: any of them turning `error` is the bad value's doing, not the seed's.
        let holders = try connection.execute("""
            SELECT worker_id, certification_id FROM peercert.credential_results
            WHERE run_id = (SELECT max(id) FROM peercert.runs) AND verdict = 'compliant' AND role = 'holder'
              AND worker_id IN (SELECT worker_id FROM peercert.credential_results GROUP BY worker_id HAVING count(*) = 1)
            ORDER BY worker_id LIMIT 6
            """).rows.map { ($0.int(0)!, $0.int(1)!) }
        try #require(holders.count == 6, "the seed has too few compliant single-credential holders")
        let (minimum, maximum) = ("-9223372036854775808", "9223372036854775807")
        try connection.executeScript("""
            INSERT INTO peercert.training_records (id, worker_id, hours, domain, delivery_mode, completed_on) OVERRIDING SYSTEM VALUE VALUES
                (910001, \(holders[0].0), 12, 'peer_support_core', 'classroom', 'infinity'),
                (910002, \(holders[1].0), 'NaN', 'peer_support_core', 'classroom', '2024-01-01');
            UPDATE peercert.certifications SET expires_on = 'infinity' WHERE id = \(holders[2].1);
            INSERT INTO peercert.exam_records (id, worker_id, exam_code, score, passed, taken_on) OVERRIDING SYSTEM VALUE VALUES
                (910003, \(holders[3].0), COALESCE((SELECT exam_code FROM peercert.exam_records WHERE worker_id = \(holders[3].0) LIMIT 1), 'ICRC-PR'), 'NaN', true, '2024-01-01');
            UPDATE peercert.workers SET birth_date = '0044-03-15 BC' WHERE id = \(holders[4].0);
            INSERT INTO peercert.ce_records (id, worker_id, hours, topic, completed_on) OVERRIDING SYSTEM VALUE VALUES
                (910004, \(holders[5].0), 2, 'ethics', '-infinity');
            -- bigint's extremes as worker, certification and evidence ids; the most hours the column holds; the calendar's ends.
            INSERT INTO peercert.workers (id, full_name, birth_date, residence_state, work_state) VALUES
                (\(minimum), 'Minimum Id', '1980-01-01', 'PA', 'PA'), (\(maximum), 'Maximum Id', '1980-01-01', 'PA', 'PA');
            INSERT INTO peercert.certifications (id, worker_id, state, credential, number, status, applied_on, issued_on, expires_on)
                OVERRIDING SYSTEM VALUE VALUES
                (\(minimum), \(minimum), 'PA', 'CPS', 'PA-MIN', 'active', '0001-01-01', '0001-01-01', '9999-12-31'),
                (\(maximum), \(maximum), 'PA', 'CPS', 'PA-MAX', 'applied', '2026-01-01', NULL, NULL);
            INSERT INTO peercert.training_records (id, worker_id, hours, domain, delivery_mode, completed_on) OVERRIDING SYSTEM VALUE VALUES
                (\(minimum), \(minimum), 99999.99, 'peer_support_core', 'classroom', '0001-01-01'),
                (\(maximum), \(maximum), 99999.99, 'peer_support_core', 'classroom', '9999-12-31');
            INSERT INTO peercert.ce_records (id, worker_id, hours, topic, completed_on) OVERRIDING SYSTEM VALUE VALUES
                (\(maximum), \(minimum), 9999.99, 'ethics', '2026-01-01');
            ANALYZE;
            """, doing: "writing values the rules cannot use")

        let run = try Tool.run(["run", "--database", database.runner, "--as-of", "2026-03-01", "--out", out])
        #expect(run.status == 0, "\(run.stderr)")
        let runID = try #require(try connection.execute("SELECT max(id) FROM peercert.runs WHERE status = 'succeeded'").scalar)
        #expect(try connection.execute("SELECT workers FROM peercert.runs WHERE id = $1", [runID]).scalar == "152")

        let expected: [(worker: Int, requirement: String, problem: String)] = [
            (holders[0].0, "input.training_records#910001.completed_on", "is infinity"),
            (holders[1].0, "input.training_records#910002.hours", "is NaN"),
            (holders[2].0, "input.certifications#\(holders[2].1).expires_on", "is infinity"),
            (holders[3].0, "input.exam_records#910003.score", "is NaN"),
            (holders[4].0, "input.workers#\(holders[4].0).birth_date", "is a date before the common era"),
            (holders[5].0, "input.ce_records#910004.completed_on", "is -infinity"),
        ]
        for (worker, requirement, problem) in expected {
            let rows = try connection.execute("""
                SELECT f.subject, f.verdict, f.reason, r.verdict FROM peercert.findings f
                JOIN peercert.credential_results r USING (run_id, certification_id)
                WHERE f.run_id = $1 AND f.worker_id = $2 AND f.requirement_id = $3
                """, [runID, worker, requirement]).rows
            #expect(rows.count == 1, "no finding \(requirement) for worker \(worker)")
            guard let row = rows.first else { continue }
            #expect(row.string(0) == "unreadable_value")
            #expect(row.string(1) == "data_error")
            #expect(row.string(2)?.hasSuffix(problem) == true, "\(row.string(2) ?? "")")
            #expect(row.string(3) == "error", "worker \(worker)'s credential was \(row.string(3) ?? "")")
        }
        // The kind of value is named, never the value: a date can be health information.
        let reasons = try connection.execute("SELECT string_agg(reason, ' ') FROM peercert.findings WHERE run_id = $1", [runID]).scalar ?? ""
        #expect(!reasons.contains("0044"))

        let extremes = try connection.execute("""
            SELECT worker_id, certification_id, verdict FROM peercert.credential_results WHERE run_id = $1 AND abs(worker_id::numeric) > 1e18
            ORDER BY worker_id
            """, [runID]).rows.map { "\($0.string(0)!) \($0.string(1)!) \($0.string(2)!)" }
        #expect(extremes.count == 2, "\(extremes)")
        #expect(extremes.first?.hasPrefix("\(minimum) \(minimum) ") == true)
        #expect(extremes.last?.hasPrefix("\(maximum) \(maximum) ") == true)
        // The training dated the calendar's last day is after the as-of date: a located error, not hours counted.
        let lastDay = try connection.execute("""
            SELECT count(*) FROM peercert.findings WHERE run_id = $1 AND worker_id = \(maximum) AND verdict = 'data_error'
              AND reason LIKE '%training_records#\(maximum)%after the as-of date%'
            """, [runID]).scalar
        #expect(lastDay == "1")
        // Everyone else is judged as before.
        let unchanged = try connection.execute("""
            SELECT count(*) FROM peercert.credential_results a JOIN peercert.credential_results b USING (certification_id)
            WHERE a.run_id = $1 AND b.run_id = $2 AND a.verdict = b.verdict AND a.worker_id <> ALL($3::bigint[])
            """, [runID, Int(runID)! - 1, "{" + holders.map { String($0.0) }.joined(separator: ",") + "}"]).scalar
        let others = try connection.execute("""
            SELECT count(*) FROM peercert.credential_results WHERE run_id = $1 AND worker_id <> ALL($2::bigint[]) AND abs(worker_id::numeric) < 1e18
            """, [Int(runID)! - 1, "{" + holders.map { String($0.0) }.joined(separator: ",") + "}"]).scalar
        #expect(unchanged == others)
    }
}
