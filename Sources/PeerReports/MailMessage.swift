import Foundation
import PeerRules

/// One RFC 5322 message with MIME parts (RFC 2045–2049): a text part and its HTML alternative,
/// and one attachment. Every body is base64, so the message is 7-bit whatever the names hold;
/// display names and the subject are RFC 2047 encoded words when they are not plain ASCII.
public struct MailMessage: Sendable {
    public struct Address: Sendable, Equatable {
        public let name: String?
        public let address: String
        public init(name: String?, address: String) {
            self.name = name
            self.address = address
        }

        /// `Name <address>`, `<address>` or `address`, as a configuration file gives it.
        public init?(parsing text: String) {
            let trimmed = text.trimmingCharacters(in: .whitespaces)
            if let open = trimmed.lastIndex(of: "<"), trimmed.hasSuffix(">") {
                let name = trimmed[..<open].trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
                self.init(name: name.isEmpty ? nil : name, address: String(trimmed[trimmed.index(after: open)..<trimmed.index(before: trimmed.endIndex)]))
            } else {
                self.init(name: nil, address: trimmed)
            }
            guard Self.isPlausible(address) else { return nil }
        }

        /// One `@`, no spaces, angle brackets, commas or line breaks: enough to keep a header intact.
        public static func isPlausible(_ address: String) -> Bool {
            address.split(separator: "@", omittingEmptySubsequences: false).count == 2 && !address.hasPrefix("@") && !address.hasSuffix("@")
                && !address.contains { " <>,;\r\n\t\"".contains($0) }
        }

        var header: String {
            guard let name, !name.isEmpty else { return address }
            return "\(MailMessage.phrase(name)) <\(address)>"
        }
    }

    public struct Attachment: Sendable {
        public let filename: String
        public let contentType: String
        public let data: [UInt8]
        public init(filename: String, contentType: String, data: [UInt8]) {
            self.filename = filename
            self.contentType = contentType
            self.data = data
        }
    }

    public let from: Address
    public let to: Address
    public let replyTo: Address?
    public let subject: String
    public let date: Date
    /// Without angle brackets: `run12.admin7.90d@board.example`.
    public let messageID: String
    public let text: String
    public let html: String
    public let attachment: Attachment?

    public init(from: Address, to: Address, replyTo: Address?, subject: String, date: Date, messageID: String, text: String,
                html: String, attachment: Attachment?) {
        self.from = from
        self.to = to
        self.replyTo = replyTo
        self.subject = subject
        self.date = date
        self.messageID = messageID
        self.text = text
        self.html = html
        self.attachment = attachment
    }

    /// The message as sendmail reads it (`sendmail -t -i`), lines ended by CRLF.
    public var rendered: String {
        // The same for the same message (a resend is byte for byte the same), never in a base64 line.
        let boundary = "peercert-" + SHA256.hex(Array(messageID.utf8)).prefix(16)
        var lines = [
            "Date: \(Self.rfc5322Date(date))",
            "From: \(from.header)",
            "To: \(to.header)",
        ]
        if let replyTo { lines.append("Reply-To: \(replyTo.header)") }
        lines += [
            "Subject: \(Self.encodedWords(subject))",
            "Message-ID: <\(messageID)>",
            "MIME-Version: 1.0",
            "Content-Type: multipart/mixed; boundary=\"\(boundary)-mixed\"",
            "",
            "This is a MIME message: a text part, its HTML alternative and a CSV attachment.",
            "--\(boundary)-mixed",
            "Content-Type: multipart/alternative; boundary=\"\(boundary)-alt\"",
            "",
            "--\(boundary)-alt",
        ]
        lines += Self.part(type: "text/plain; charset=utf-8", body: Array(text.utf8))
        lines.append("--\(boundary)-alt")
        lines += Self.part(type: "text/html; charset=utf-8", body: Array(html.utf8))
        lines.append("--\(boundary)-alt--")
        if let attachment {
            lines.append("--\(boundary)-mixed")
            lines += Self.part(type: "\(attachment.contentType); name=\"\(attachment.filename)\"", body: attachment.data,
                               disposition: "attachment; filename=\"\(attachment.filename)\"")
        }
        lines.append("--\(boundary)-mixed--")
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    private static func part(type: String, body: [UInt8], disposition: String? = nil) -> [String] {
        var lines = ["Content-Type: \(type)", "Content-Transfer-Encoding: base64"]
        if let disposition { lines.append("Content-Disposition: \(disposition)") }
        lines.append("")
        let encoded = Data(body).base64EncodedString()
        var index = encoded.startIndex
        while index < encoded.endIndex {
            let end = encoded.index(index, offsetBy: 76, limitedBy: encoded.endIndex) ?? encoded.endIndex
            lines.append(String(encoded[index..<end]))
            index = end
        }
        return lines
    }

    /// A display name: as it is when it is plain ASCII without specials, quoted when it has
    /// specials, RFC 2047 encoded words otherwise.
    static func phrase(_ name: String) -> String {
        let clean = name.replacingOccurrences(of: "\r", with: " ").replacingOccurrences(of: "\n", with: " ")
        if clean.unicodeScalars.allSatisfy({ $0.isASCII && $0.value >= 32 && $0.value < 127 }) {
            if clean.allSatisfy({ $0.isLetter || $0.isNumber || " !#$%&'*+-/=?^_`{|}~".contains($0) }) { return clean }
            return "\"" + clean.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
        }
        return encodedWords(clean)
    }

    /// RFC 2047 `=?UTF-8?B?...?=` words of at most 75 characters, split between characters, or
    /// the text as it is when it is printable ASCII.
    static func encodedWords(_ text: String) -> String {
        let clean = text.replacingOccurrences(of: "\r", with: " ").replacingOccurrences(of: "\n", with: " ")
        if clean.unicodeScalars.allSatisfy({ $0.isASCII && $0.value >= 32 && $0.value < 127 }) { return clean }
        var words: [String] = []
        var chunk: [UInt8] = []
        for character in clean {
            let bytes = Array(String(character).utf8)
            // 45 bytes of UTF-8 make 60 of base64: with "=?UTF-8?B?" and "?=" a word stays under 75.
            if chunk.count + bytes.count > 45 {
                words.append("=?UTF-8?B?\(Data(chunk).base64EncodedString())?=")
                chunk = []
            }
            chunk += bytes
        }
        if !chunk.isEmpty { words.append("=?UTF-8?B?\(Data(chunk).base64EncodedString())?=") }
        return words.joined(separator: "\r\n ")
    }

    static func rfc5322Date(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss '+0000'"
        return formatter.string(from: date)
    }
}
