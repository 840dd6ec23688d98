import Foundation
import PeerTestSupport
import Testing

/// Administrators' expiry reminders through real parts: msmtp (Debian's msmtp-mta) as the sendmail
/// the tool calls, delivering to a local SMTP server (aiosmtpd) on 127.0.0.1; the received
/// messages are parsed by Python's email package.
@Suite(.serialized) struct MailTests {
    static let asOf = "2026-03-01"

    /// Tests/Support/smtp-sink.py: accepts (or refuses) every message, storing each as a file.
    final class SMTPSink {
        let directory: String
        let port: Int
        private let process = Process()
        private let input = Pipe()

        init(directory: String, refuse: Bool = false) throws {
            self.directory = directory
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["python3", TestPaths.repositoryRoot + "/Tests/Support/smtp-sink.py", directory] + (refuse ? ["--refuse"] : [])
            let output = Pipe()
            process.standardInput = input
            process.standardOutput = output
            try process.run()
            var line = Data()
            while let byte = try output.fileHandleForReading.read(upToCount: 1), !byte.isEmpty, byte != Data("\n".utf8) { line.append(byte) }
            port = try #require(Int(String(decoding: line, as: UTF8.self)), "smtp-sink.py did not start")
        }

        func stop() {
            try? input.fileHandleForWriting.close()
            process.waitUntilExit()
        }

        /// The messages received so far, parsed by Tests/Support/parse-mail.py.
        func messages() throws -> [[String: Any]] {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["python3", TestPaths.repositoryRoot + "/Tests/Support/parse-mail.py", directory]
            let output = Pipe()
            process.standardOutput = output
            try process.run()
            let data = output.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return try #require(try JSONSerialization.jsonObject(with: data) as? [[String: Any]])
        }
    }

    /// msmtp's configuration for `sink` and a settings file naming msmtp (or `sendmail`) as the sendmail.
    static func settings(in directory: String, port: Int, sendmail: [String]? = nil, name: String = "settings") throws -> String {
        let msmtprc = "\(directory)/\(name).msmtprc"
        try "defaults\nauth off\ntls off\naccount default\nhost 127.0.0.1\nport \(port)\nfrom noreply@board.example\n"
            .write(toFile: msmtprc, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: msmtprc)
        let command = sendmail ?? ["/usr/bin/msmtp", "-C", msmtprc]
        let file = "\(directory)/\(name).yaml"
        try """
            board: Test Certification Board
            from: "Test Board <noreply@board.example>"
            reply_to: help@board.example
            sendmail: [\(command.map { "\"\($0)\"" }.joined(separator: ", "))]
            max_attempts: 3
            """.write(toFile: file, atomically: true, encoding: .utf8)
        return file
    }

    static func csvRows(_ message: [String: Any]) throws -> [[String: String]] {
        let attachment = try #require((message["attachments"] as? [[String: Any]])?.first)
        #expect(attachment["content_type"] as? String == "text/csv")
        let path = try Tool.temporaryDirectory() + "/a.csv"
        try (attachment["content"] as! String).write(toFile: path, atomically: true, encoding: .utf8)
        let rows = try CSVFile.rows(path)
        return rows.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(rows[0], $0)) }
    }

    @Test func eachAdministratorGetsTheirOwnWorkersOnceWithWhatTheyNeed() throws {
        let database = try TestDatabase.fresh("cli_mail")
        let work = try Tool.temporaryDirectory()
        defer { database.drop(); try? FileManager.default.removeItem(atPath: work) }
        let seed = try Tool.run(["seed", "--database", database.conninfo, "--workers", "400", "--seed", "8", "--as-of", Self.asOf])
        #expect(seed.status == 0, "\(seed.stderr)")
        let connection = try database.connect()
        // A first night without reminders shows whose continuing education is short; those
        // credentials (up to three) are then due for renewal in 45 days.
        let plain = try Tool.run(["run", "--database", database.runner, "--as-of", Self.asOf, "--out", work + "/reports"])
        #expect(plain.status == 0, "\(plain.stderr)")
        let short = try connection.execute("""
            SELECT DISTINCT f.certification_id FROM peercert.findings f JOIN peercert.credential_results r USING (run_id, certification_id)
            JOIN peercert.administrator_workers aw ON aw.worker_id = r.worker_id
            WHERE f.kind = 'continuing_education' AND f.verdict = 'not_met' AND r.role = 'holder' ORDER BY 1 LIMIT 3
            """).rows.compactMap { $0.int(0) }
        #expect(!short.isEmpty)
        for id in short { try connection.execute("UPDATE peercert.certifications SET expires_on = '2026-04-15' WHERE id = $1", [id]) }

        // One administrator with something due has no email address.
        let silent = try #require(try connection.execute("""
            SELECT aw.administrator_id FROM peercert.credential_results r JOIN peercert.administrator_workers aw ON aw.worker_id = r.worker_id
            WHERE r.role = 'holder' AND r.verdict NOT IN ('suspended', 'revoked') AND r.expires_on BETWEEN '2026-03-10' AND '2026-05-01'
            ORDER BY 1 LIMIT 1
            """).rows.first?.int(0))
        let silentEmail = try #require(try connection.execute("SELECT email FROM peercert.administrators WHERE id = $1", [silent]).scalar)
        try connection.execute("UPDATE peercert.administrators SET email = NULL WHERE id = $1", [silent])

        let sink = try SMTPSink(directory: work + "/received")
        defer { sink.stop() }
        let settings = try Self.settings(in: work, port: sink.port)
        let run = try Tool.run(["run", "--database", database.runner, "--as-of", Self.asOf, "--out", work + "/reports", "--config", settings])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("1 administrator without an email address"), "\(run.stdout)")
        let receipt = try JSONFile.object(work + "/reports/latest/receipt.json")
        let missing = try #require((receipt["reminders"] as? [String: Any])?["administrators_without_email"] as? [[String: Any]])
        #expect(missing.map { $0["administrator_id"] as? Int } == [silent])
        let html = try String(contentsOfFile: work + "/reports/latest/report.html", encoding: .utf8)
        #expect(html.contains("Administrators without an email address (1)"))
        #expect(FileManager.default.fileExists(atPath: work + "/reports/latest/administrators/\(silent).csv"))
        let runID = try #require(try connection.execute("SELECT max(id) FROM peercert.runs").scalar.flatMap { Int($0) })
        let messages = try sink.messages()
        let planned = try connection.execute("SELECT count(*) FROM peercert.outbox WHERE run_id = $1 AND status = 'sent'", [runID]).scalar
        #expect(!messages.isEmpty && String(messages.count) == planned, "\(run.stdout)")
        #expect(run.stdout.contains("\(messages.count) sent"))
        #expect(Set(messages.map { $0["message_id"] as! String }).count == messages.count)

        // Who should hear about what: held credentials in the window, by the administrators of their workers.
        var expected: [String: Set<String>] = [:]
        for row in try connection.execute("""
            SELECT a.email, r.number FROM peercert.credential_results r
            JOIN peercert.administrator_workers aw ON aw.worker_id = r.worker_id JOIN peercert.administrators a ON a.id = aw.administrator_id
            WHERE r.run_id = $1 AND r.role = 'holder' AND r.verdict NOT IN ('suspended', 'revoked')
              AND r.expires_on BETWEEN DATE '2026-03-01' - 30 AND DATE '2026-03-01' + 90
            """, [runID]).rows {
            expected[row.string(0) ?? silentEmail, default: []].insert(row.string(1)!)
        }
        var received: [String: Set<String>] = [:]
        var csvByNumber: [String: [String: String]] = [:]
        for message in messages {
            #expect((message["defects"] as! [String]).isEmpty, "\(message["defects"]!)")
            #expect(message["content_type"] as? String == "multipart/mixed")
            #expect((message["from"] as? String)?.contains("noreply@board.example") == true)
            #expect(message["reply_to"] as? String == "help@board.example")
            #expect(!(message["date"] as! String).isEmpty && !(message["subject"] as! String).isEmpty)
            let to = try #require((message["to"] as? String)?.split(separator: "<").last?.dropLast())
            for row in try Self.csvRows(message) {
                received[String(to), default: []].insert(row["number"]!)
                csvByNumber[row["number"]!] = row
                #expect((message["text"] as! String).contains(row["number"]!))
                #expect((message["html"] as! String).contains(row["number"]!))
            }
            // Nothing of lived experience, exams or other findings.
            let everything = (message["text"] as! String) + (message["html"] as! String)
                + ((message["attachments"] as! [[String: Any]]).first?["content"] as? String ?? "")
            for word in ["mental_health", "substance_use", "lived", "recovery", "exam", "score", "attestation"] {
                #expect(!everything.lowercased().contains(word), "\(word) in a message")
            }
        }
        #expect(received[silentEmail] == nil)
        expected[silentEmail] = nil
        #expect(received == expected)
        // The CE hours each short credential still needs are the engine's shortfall.
        for id in short {
            let number = try #require(try connection.execute("SELECT number FROM peercert.certifications WHERE id = $1", [id]).scalar)
            let missing = try connection.execute("""
                SELECT (s->>'missing') FROM peercert.findings, jsonb_array_elements(shortfalls) s
                WHERE run_id = $1 AND certification_id = $2 AND kind = 'continuing_education' AND s->>'scope' IS NULL
                """, [runID, id]).scalar
            #expect(missing != nil)
            #expect(csvByNumber[number]?["ce_hours_missing"] == missing, "\(number)")
            #expect(csvByNumber[number]?["status"] == "expires within 60 days")
        }

        // A second run the same night sends nothing new.
        let again = try Tool.run(["run", "--database", database.runner, "--as-of", Self.asOf, "--out", work + "/reports", "--config", settings])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(try sink.messages().count == messages.count)

        // A credential reminded at 90 days that crosses 60 gets exactly one new reminder.
        let crossing = try #require(try connection.execute("""
            SELECT r.certification_id, c.number, c.expires_on::text FROM peercert.reminders r JOIN peercert.certifications c ON c.id = r.certification_id
            WHERE r.threshold_days = 90 ORDER BY c.expires_on DESC LIMIT 1
            """).rows.first)
        let later = try #require(try connection.execute("SELECT ($1::date - 45)::text", [crossing.string(2)!]).scalar)
        let next = try Tool.run(["run", "--database", database.runner, "--as-of", later, "--out", work + "/reports", "--config", settings])
        #expect(next.status == 0, "\(next.stderr)")
        let thresholds = try connection.execute("SELECT threshold_days FROM peercert.reminders WHERE certification_id = $1 ORDER BY 1",
                                                [crossing.int(0)!]).rows.compactMap { $0.int(0) }
        #expect(thresholds == [60, 90])
        let mentions = try sink.messages().filter { (($0["text"] as? String) ?? "").contains(crossing.string(1)!) }
        #expect(mentions.count == 2)

        // Renewed (a new expiry date, 80 days out): its thresholds start again.
        let renewed = try #require(try connection.execute("SELECT ($1::date + 80)::text", [later]).scalar)
        try connection.execute("UPDATE peercert.certifications SET expires_on = $2 WHERE id = $1", [crossing.int(0)!, renewed])
        let renewal = try Tool.run(["run", "--database", database.runner, "--as-of", later, "--out", work + "/reports", "--config", settings])
        #expect(renewal.status == 0, "\(renewal.stderr)")
        let forNewDate = try connection.execute("SELECT threshold_days FROM peercert.reminders WHERE certification_id = $1 AND expires_on = $2",
                                                [crossing.int(0)!, renewed]).rows.compactMap { $0.int(0) }
        #expect(forNewDate == [90])
    }

    @Test func aKilledDeliveryAndARefusingServerNeitherDuplicateNorLoseAMessage() throws {
        let database = try TestDatabase.fresh("cli_mail_kill")
        let work = try Tool.temporaryDirectory()
        defer { database.drop(); try? FileManager.default.removeItem(atPath: work) }
        let seed = try Tool.run(["seed", "--database", database.conninfo, "--workers", "400", "--seed", "9", "--as-of", Self.asOf])
        #expect(seed.status == 0, "\(seed.stderr)")
        let connection = try database.connect()
        let sink = try SMTPSink(directory: work + "/received")
        defer { sink.stop() }
        let good = try Self.settings(in: work, port: sink.port)
        // A sendmail that sends the first message and, called again, kills the run before sending.
        let killer = work + "/killer.sh"
        try """
            #!/bin/sh
            n=$(cat "\(work)/calls" 2>/dev/null || echo 0); n=$((n + 1)); echo $n > "\(work)/calls"
            if [ $n -eq 2 ]; then kill -9 $PPID; exit 1; fi
            exec /usr/bin/msmtp -C "\(work)/settings.msmtprc" "$@"
            """.write(toFile: killer, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: killer)
        let killing = try Self.settings(in: work, port: sink.port, sendmail: [killer], name: "killing")

        let killed = try Tool.run(["run", "--database", database.runner, "--as-of", Self.asOf, "--out", work + "/reports", "--config", killing])
        #expect(killed.status == 9, "\(killed.stderr)")
        let planned = Int(try connection.execute("SELECT count(*) FROM peercert.outbox WHERE status <> 'no_address'").scalar ?? "0") ?? 0
        #expect(planned > 2)
        #expect(try sink.messages().count == 1)

        let deliver = try Tool.run(["deliver", "--database", database.conninfo, "--config", good])
        #expect(deliver.status == 0, "\(deliver.stdout) \(deliver.stderr)")
        let messages = try sink.messages()
        #expect(messages.count == planned)
        #expect(Set(messages.map { $0["message_id"] as! String }).count == planned)
        #expect(Set(messages.map { ($0["text"] as! String) + ($0["to"] as! String) }).count == planned)

        // A server that refuses: the run says so in its exit code and summary, the messages wait.
        let refusing = try SMTPSink(directory: work + "/refused", refuse: true)
        defer { refusing.stop() }
        let refused = try Self.settings(in: work, port: refusing.port, name: "refusing")
        let night = try Tool.run(["run", "--database", database.runner, "--as-of", "2026-04-05", "--out", work + "/reports", "--config", refused])
        #expect(night.status == 76, "\(night.stdout) \(night.stderr)")
        #expect(night.stdout.contains("refused"))
        let waiting = Int(try connection.execute("SELECT count(*) FROM peercert.outbox WHERE status = 'pending' AND attempts = 1").scalar ?? "0") ?? 0
        #expect(waiting > 0)
        let receipt = try JSONFile.object(work + "/reports/latest/receipt.json")
        let delivery = try #require((receipt["reminders"] as? [String: Any])?["delivery"] as? [String: Any])
        #expect((delivery["refused"] as? [Any])?.count == waiting)
        let check = try Schemas.validate(work + "/reports/latest/receipt.json", against: "receipt.schema.json")
        #expect(check.ok, "\(check.output)")

        let retry = try Tool.run(["deliver", "--database", database.conninfo, "--config", good])
        #expect(retry.status == 0, "\(retry.stdout) \(retry.stderr)")
        #expect(try sink.messages().count == planned + waiting)
        #expect(try connection.execute("SELECT count(*) FROM peercert.outbox WHERE status IN ('pending', 'sending')").scalar == "0")

        // Refused until the attempts (3 in these settings) are used up: then failed and reported, not retried.
        let later = try Tool.run(["run", "--database", database.runner, "--as-of", "2026-05-10", "--out", work + "/reports", "--config", refused])
        #expect(later.status == 76, "\(later.stdout) \(later.stderr)")
        _ = try Tool.run(["deliver", "--database", database.conninfo, "--config", refused])
        let last = try Tool.run(["deliver", "--database", database.conninfo, "--config", refused])
        #expect(last.status == 76)
        let failed = Int(try connection.execute("SELECT count(*) FROM peercert.outbox WHERE status = 'failed' AND attempts = 3").scalar ?? "0") ?? 0
        #expect(failed > 0 && last.stdout.contains("\(failed) failed (attempts used up)"), "\(last.stdout)")
        let nothing = try Tool.run(["deliver", "--database", database.conninfo, "--config", good])
        #expect(nothing.status == 0 && nothing.stdout.contains("0 sent"), "\(nothing.stdout)")
    }
}
