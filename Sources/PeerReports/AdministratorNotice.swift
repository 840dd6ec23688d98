import Foundation
import PeerEngine
import PeerWording
import PeerRules

/// One administrator's expiry report: their own workers' credentials that expire soon or lapsed
/// lately, and what each still needs. It carries name, credential, number, level, expiry and
/// renewal needs only: `RenewalNeeds` cannot hold lived experience, exam scores or other findings.
public struct AdministratorNotice: Sendable {
    public typealias Item = ExpiryReminder

    public let administratorID: Int
    public let administratorName: String
    public let email: String?
    public let board: String
    public let asOf: Day
    public let items: [Item]

    public init(administratorID: Int, administratorName: String, email: String?, board: String, asOf: Day, items: [Item]) {
        self.administratorID = administratorID
        self.administratorName = administratorName
        self.email = email
        self.board = board
        self.asOf = asOf
        self.items = items
    }

    public static let columns = ["worker_id", "worker_name", "state", "credential", "number", "level", "expires_on", "days_left",
                                 "status", "renew_by", "ce_hours_missing", "ce_hours_missing_by_topic", "service_hours_missing",
                                 "supervision_hours_missing", "sign_ethics_code", "background_check", "needs"]

    func status(_ item: Item) -> String { AdministratorWording.status(threshold: item.threshold) }

    public var subject: String {
        let lapsed = items.count { $0.threshold == 0 }
        return AdministratorWording.subject(board: board, expiring: items.count - lapsed, lapsed: lapsed, asOf: asOf)
    }

    public var csv: String {
        var bytes: [UInt8] = []
        CSVRow.append(Self.columns, to: &bytes)
        for item in items {
            let needs = item.needs
            CSVRow.append([String(item.workerID), item.workerName, item.key.state, item.key.credential, item.number ?? "", item.level ?? "",
                           item.expiresOn.description, String(item.expiresOn - asOf), status(item),
                           needs.renewBy?.description ?? "", needs.continuingEducationHours?.description ?? "",
                           needs.continuingEducationByTopic.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "; "),
                           needs.serviceHours?.description ?? "", needs.supervisionHours?.description ?? "",
                           needs.signEthicsCode ? "yes" : "", needs.backgroundCheck ?? "", needs.summary], to: &bytes)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    public var text: String {
        var lines = [AdministratorWording.greeting(administratorName), ""] + AdministratorWording.introduction(asOf: asOf) + [""]
        for item in items {
            lines.append(AdministratorWording.line(item))
            lines.append(AdministratorWording.needsLine(item))
        }
        lines += ["", "\(board)", AdministratorWording.closing]
        return lines.joined(separator: "\n") + "\n"
    }

    public var html: String {
        var page = HTMLPage(title: subject)
        page.raw("<p>")
        page.text(AdministratorWording.greeting(administratorName))
        page.raw("</p><p>")
        page.text(AdministratorWording.introduction(asOf: asOf).joined(separator: " "))
        page.raw("</p>")
        page.table(["worker", "credential", "number", "level", "expires", "status", "needs"], items.map {
            ["\($0.workerName) (\($0.workerID))", $0.key.description, $0.number ?? "", $0.level ?? "", $0.expiresOn.description,
             status($0), $0.needs.summary]
        })
        page.raw("<p>")
        page.text(board)
        page.raw("</p>")
        return page.finish()
    }

    /// The mail: text, HTML alternative, CSV attachment. nil without an address to send to.
    public func message(from: MailMessage.Address, replyTo: MailMessage.Address?, date: Date, messageID: String) -> MailMessage? {
        guard let email, MailMessage.Address.isPlausible(email) else { return nil }
        return MailMessage(from: from, to: .init(name: administratorName, address: email), replyTo: replyTo, subject: subject, date: date,
                           messageID: messageID, text: text, html: html,
                           attachment: .init(filename: "expiring-credentials-\(asOf).csv", contentType: "text/csv; charset=utf-8",
                                             data: Array(csv.utf8)))
    }
}
