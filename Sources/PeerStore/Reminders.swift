import Foundation
import PGClient
import PeerEngine
import PeerRules

/// One reminder due in this run: an administrator, one of their workers' credentials and what it
/// still needs.
public struct DueReminder: Sendable {
    public let administratorID: Int
    public let administratorName: String
    public let email: String?
    public let reminder: ExpiryReminder
}

/// When reminders are due: thresholds in days before expiry (largest first), and how far back a
/// lapsed credential is still reported.
public struct ReminderPolicy: Sendable {
    public let thresholds: [Int]
    public let lapsedWithinDays: Int

    public init(thresholds: [Int], lapsedWithinDays: Int) {
        self.thresholds = thresholds.sorted(by: >)
        self.lapsedWithinDays = lapsedWithinDays
    }

    /// The expiry dates whose credentials get their renewal needs recorded in a run as of `asOf`.
    public func window(asOf: Day) -> ClosedRange<Day> {
        asOf.adding(days: -lapsedWithinDays)...asOf.adding(days: thresholds.first ?? 0)
    }
}

extension ResultWriter {
    /// Plans this run's reminders inside its results transaction: every held credential of an
    /// administrator's workers in the window whose (certification, administrator, threshold,
    /// expiry date) has never been planned gets a reminder row, and each administrator one outbox
    /// message. `render` makes each administrator's message from their reminders (streamed in
    /// batches through a cursor, so memory holds one administrator at a time) and returns the
    /// message text, or nil when the administrator has no address (the message is recorded as
    /// `no_address`). Returns how many messages were planned.
    public func planReminders(asOf: Day, policy: ReminderPolicy, messageID: (Int) -> String,
                              render: ([DueReminder]) throws -> String?) throws -> Int {
        let window = policy.window(asOf: asOf)
        try connection.execute("""
            CREATE TEMP TABLE due ON COMMIT DROP AS
            SELECT aw.administrator_id, a.name AS administrator_name, a.email, r.worker_id, w.full_name, r.certification_id,
                   r.state, r.credential, r.number, r.level, r.expires_on, r.renewal_needs::text AS needs,
                   CASE WHEN r.expires_on < $2::date THEN 0
                        ELSE (SELECT min(t) FROM unnest($3::int[]) AS t WHERE r.expires_on - $2::date <= t) END AS threshold
            FROM peercert.credential_results r
            JOIN peercert.administrator_workers aw ON aw.worker_id = r.worker_id
            JOIN peercert.administrators a ON a.id = aw.administrator_id
            JOIN peercert.workers w ON w.id = r.worker_id
            WHERE r.run_id = $1 AND r.role = 'holder' AND r.renewal_needs IS NOT NULL
              AND r.verdict NOT IN ('suspended', 'revoked')
              AND r.expires_on BETWEEN $4::date AND $5::date
            """, [runID, asOf.description, "{" + policy.thresholds.map(String.init).joined(separator: ",") + "}",
                  window.lowerBound.description, window.upperBound.description], doing: "finding the reminders due")
        try connection.execute("""
            DELETE FROM due USING peercert.reminders AS sent
            WHERE sent.certification_id = due.certification_id AND sent.administrator_id = due.administrator_id
              AND sent.threshold_days = due.threshold AND sent.expires_on = due.expires_on
            """, doing: "leaving out reminders planned before")
        try connection.execute("""
            INSERT INTO peercert.outbox (run_id, administrator_id, recipient, message_id, message, status)
            SELECT DISTINCT ON (administrator_id) $1::bigint, administrator_id, email, 'planned:' || $1 || ':' || administrator_id, '', 'pending'
            FROM due ORDER BY administrator_id
            """, [runID], doing: "planning the administrators' messages")
        try connection.execute("""
            INSERT INTO peercert.reminders (certification_id, administrator_id, threshold_days, expires_on, outbox_id, run_id)
            SELECT due.certification_id, due.administrator_id, due.threshold, due.expires_on, outbox.id, $1
            FROM due JOIN peercert.outbox ON outbox.run_id = $1 AND outbox.administrator_id = due.administrator_id
            """, [runID], doing: "recording the reminders")
        try connection.execute("""
            DECLARE due_reminders NO SCROLL CURSOR FOR
            SELECT administrator_id, administrator_name, email, worker_id, full_name, certification_id, state, credential, number, level,
                   expires_on::text, threshold, needs
            FROM due ORDER BY administrator_id, expires_on, worker_id, certification_id
            """, doing: "reading the reminders due")
        var messages = 0
        var current: [DueReminder] = []
        func finish() throws {
            guard let first = current.first else { return }
            let rendered = try render(current)
            try connection.execute("""
                UPDATE peercert.outbox SET message_id = $3, message = coalesce($4, ''), status = CASE WHEN $4 IS NULL THEN 'no_address' ELSE 'pending' END
                WHERE run_id = $1 AND administrator_id = $2
                """, [runID, first.administratorID, messageID(first.administratorID), rendered], doing: "storing an administrator's message")
            messages += 1
            current.removeAll(keepingCapacity: true)
        }
        while true {
            let rows = try connection.execute("FETCH 2000 FROM due_reminders", doing: "reading the reminders due").rows
            if rows.isEmpty { break }
            for row in rows {
                guard let administrator = row.int(0), let expires = row.string(10).flatMap(Day.init(iso:)) else { continue }
                if let last = current.last, last.administratorID != administrator { try finish() }
                let needs = row.string(12).flatMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
                    .flatMap(RenewalNeeds.init(json:)) ?? RenewalNeeds()
                let reminder = ExpiryReminder(workerID: row.int(3) ?? 0, workerName: row.string(4) ?? "", certificationID: row.int(5) ?? 0,
                                              key: CredentialKey(state: row.string(6) ?? "", credential: row.string(7) ?? ""),
                                              number: row.string(8), level: row.string(9), expiresOn: expires, threshold: row.int(11) ?? 0,
                                              needs: needs)
                current.append(DueReminder(administratorID: administrator, administratorName: row.string(1) ?? "", email: row.string(2),
                                           reminder: reminder))
            }
        }
        try finish()
        try connection.execute("CLOSE due_reminders")
        return messages
    }
}

/// One message waiting in the outbox.
public struct OutboxMessage: Sendable {
    public let id: Int
    public let messageID: String
    public let recipient: String
    public let message: String
    public let attempts: Int
}

/// The outbox after the commit: claims one message at a time (committed at once, so a killed
/// delivery leaves a trace), and marks it sent or refused.
public final class Outbox {
    private let connection: PGConnection

    public init(conninfo: String?) throws {
        connection = try PGConnection(conninfo)
        guard try connection.execute("SELECT to_regclass('peercert.outbox') IS NOT NULL").scalar == "t" else {
            throw StoreError(.notMigrated, "the peercert schema is missing or old on \(connection.endpoint): run `peercert db migrate` first")
        }
    }

    /// Takes the delivery lock (held until this outbox is closed): false when another delivery
    /// is running. Holding it, a message still `sending` was left by a delivery that was killed.
    public func lockForDelivery() throws -> Bool {
        try connection.execute("SELECT pg_try_advisory_lock($1)", [StoreLocks.deliver]).scalar == "t"
    }

    /// The next message after `afterID` still to send: pending, or claimed by a delivery that was
    /// killed before it could mark it (`sending`). Claiming counts an attempt.
    public func claim(after afterID: Int, maxAttempts: Int) throws -> OutboxMessage? {
        guard let row = try connection.execute("""
            UPDATE peercert.outbox SET status = 'sending', attempts = attempts + 1
            WHERE id = (SELECT id FROM peercert.outbox WHERE status IN ('pending', 'sending') AND attempts < $2 AND id > $1
                        ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED)
            RETURNING id, message_id, recipient, message, attempts
            """, [afterID, maxAttempts], doing: "claiming a message to send").rows.first, let id = row.int(0) else { return nil }
        return OutboxMessage(id: id, messageID: row.string(1) ?? "", recipient: row.string(2) ?? "", message: row.string(3) ?? "",
                             attempts: row.int(4) ?? 0)
    }

    public func markSent(_ id: Int) throws {
        try connection.execute("UPDATE peercert.outbox SET status = 'sent', sent_at = now(), last_error = NULL WHERE id = $1", [id],
                               doing: "marking a message sent")
    }

    /// Back to pending, or `failed` once the attempts are used up; true when it failed for good.
    @discardableResult
    public func markRefused(_ id: Int, error: String, maxAttempts: Int) throws -> Bool {
        try connection.execute("""
            UPDATE peercert.outbox SET status = CASE WHEN attempts >= $3 THEN 'failed' ELSE 'pending' END, last_error = $2
            WHERE id = $1 RETURNING status
            """, [id, error, maxAttempts], doing: "marking a message refused").scalar == "failed"
    }

    /// Messages still waiting (pending or interrupted), for the summary.
    public func waiting() throws -> Int {
        Int(try connection.execute("SELECT count(*) FROM peercert.outbox WHERE status IN ('pending', 'sending')").scalar ?? "0") ?? 0
    }
}
