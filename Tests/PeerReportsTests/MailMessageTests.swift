import Foundation
import PeerReports
import Testing

/// Headers stay intact whatever a name holds: RFC 2047 words for non-ASCII, quotes for specials,
/// no line break can inject a header; bodies are base64 lines of at most 76 characters.
@Suite struct MailMessageTests {
    static func message(name: String, subject: String) -> String {
        MailMessage(from: .init(name: "Board, Inc.", address: "noreply@board.example"), to: .init(name: name, address: "admin@example.org"),
                    replyTo: nil, subject: subject, date: Date(timeIntervalSince1970: 0), messageID: "m1@board.example",
                    text: "Zoë needs 3 CE hours", html: "<p>Zoë</p>",
                    attachment: .init(filename: "a.csv", contentType: "text/csv; charset=utf-8", data: Array("a,b\r\n1,2\r\n".utf8))).rendered
    }

    @Test func nonASCIINamesAndSubjectsAreEncodedWords() {
        let rendered = Self.message(name: "Zoë Müller", subject: "Erinnerung für Zoë")
        #expect(rendered.contains("To: =?UTF-8?B?\(Data("Zoë Müller".utf8).base64EncodedString())?= <admin@example.org>"))
        #expect(rendered.contains("Subject: =?UTF-8?B?"))
        #expect(rendered.contains("From: \"Board, Inc.\" <noreply@board.example>"))
        #expect(rendered.contains("Date: Thu, 01 Jan 1970 00:00:00 +0000"))
        #expect(rendered.utf8.allSatisfy { $0 < 128 }, "the message is 7-bit")
    }

    @Test func aLineBreakInANameCannotAddAHeader() {
        let rendered = Self.message(name: "Eve\r\nBcc: victim@example.org", subject: "Hi\r\nBcc: other@example.org")
        let headers = rendered.components(separatedBy: "\r\n\r\n")[0].components(separatedBy: "\r\n")
        #expect(!headers.contains { $0.hasPrefix("Bcc:") })
    }

    @Test func longSubjectsFoldIntoWordsOfAtMost75Characters() {
        let rendered = Self.message(name: "A", subject: String(repeating: "Prüfung ", count: 20))
        let subject = rendered.components(separatedBy: "\r\n").drop { !$0.hasPrefix("Subject:") }.prefix { $0.hasPrefix("Subject:") || $0.hasPrefix(" ") }
        #expect(subject.count > 1)
        for line in subject { #expect(line.replacingOccurrences(of: "Subject: ", with: "").trimmingCharacters(in: .whitespaces).count <= 75) }
    }

    @Test func bodiesAreBase64LinesOfAtMost76() {
        let rendered = Self.message(name: "A", subject: "S")
        #expect(rendered.components(separatedBy: "\r\n").allSatisfy { $0.count <= 998 })
        #expect(rendered.contains(Data("Zoë needs 3 CE hours".utf8).base64EncodedString()))
    }

    @Test(arguments: ["Board <noreply@board.example>", "\"Board\" <noreply@board.example>", "noreply@board.example"])
    func addressesParse(text: String) throws {
        let address = try #require(MailMessage.Address(parsing: text))
        #expect(address.address == "noreply@board.example")
    }

    @Test(arguments: ["no address", "a@b@c", "<@board.example>", "x@y, z@w"])
    func implausibleAddressesAreRefused(text: String) {
        #expect(MailMessage.Address(parsing: text) == nil)
    }
}
