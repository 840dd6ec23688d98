import Foundation
import PeerReports
import PeerStore

extension NightlyRun {
    /// Plans this run's reminders in its results transaction and writes each administrator's
    /// report under `administrators/` for the board's records.
    func planReminders(_ writer: ResultWriter, settings: NoticeSettings, policy: ReminderPolicy,
                               directory: RunDirectory) throws -> ReminderRecord {
        let config = configuration
        let address = settings.from?.address ?? "peercert@localhost"
        let sender = MailMessage.Address(name: settings.from?.name ?? settings.board, address: address)
        let domain = address.split(separator: "@").last.map(String.init) ?? "localhost"
        func messageID(_ administrator: Int) -> String { "peercert.run\(writer.runID).admin\(administrator).as-of-\(config.asOf)@\(domain)" }
        try directory.makeSubdirectory("administrators")
        var record = ReminderRecord()
        let now = Date()
        record.messages = try writer.planReminders(asOf: config.asOf, policy: policy, messageID: messageID) { due in
            let first = due[0]
            let notice = AdministratorNotice(
                administratorID: first.administratorID, administratorName: first.administratorName, email: first.email, board: settings.board,
                asOf: config.asOf, items: due.map(\.reminder))
            // Thousands of small files: synced together below, not one by one.
            try directory.writeFile("administrators/\(first.administratorID).html", notice.html, sync: false)
            try directory.writeFile("administrators/\(first.administratorID).csv", notice.csv, sync: false)
            guard let message = notice.message(from: sender, replyTo: settings.replyTo, date: now, messageID: messageID(first.administratorID)) else {
                record.withoutEmail.append((first.administratorID, first.administratorName))
                return nil
            }
            return message.rendered
        }
        directory.syncFileSystem()
        return record
    }

    /// Sends what is waiting in the outbox (this run's messages and any left from earlier ones).
    public static func deliver(_ settings: NoticeSettings, conninfo: String?, outboxDirectory: String?) throws -> DeliveryOutcome {
        let transport: any MailTransport = outboxDirectory.map { DirectoryTransport(directory: $0) }
            ?? SendmailTransport(command: settings.sendmail, timeoutSeconds: settings.sendmailTimeout)
        return try Delivery(outbox: try Outbox(conninfo: conninfo), transport: transport, maxAttempts: settings.maxAttempts,
                            concurrency: settings.deliveryConcurrency).run()
    }
}
