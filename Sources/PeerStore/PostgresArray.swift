/// PostgreSQL's text form of an array (`{a,"b,c",NULL,"x\"y"}`), as COPY writes it.
enum PostgresArray {
    /// The text form of a one-dimensional array for a bound parameter (`$1::text[]`): every
    /// element quoted, so commas, braces and the word NULL stay text; nil is NULL.
    static func literal(_ elements: [String?]) -> String {
        var text = "{"
        text.reserveCapacity(elements.count * 24)
        for (index, element) in elements.enumerated() {
            if index > 0 { text += "," }
            guard let element else { text += "NULL"; continue }
            text += "\""
            // Most values hold neither a quote nor a backslash: appended whole.
            if element.utf8.contains(where: { $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
                for character in element.unicodeScalars {
                    if character == "\"" || character == "\\" { text += "\\" }
                    text.unicodeScalars.append(character)
                }
            } else {
                text += element
            }
            text += "\""
        }
        return text + "}"
    }

    /// The elements in order, nested arrays flattened; nil for an unquoted NULL element. Returns
    /// nil when the text is not an array at all.
    static func parse(_ text: String) -> [String?]? {
        let bytes = Array(text.utf8)
        guard bytes.first == UInt8(ascii: "{"), bytes.last == UInt8(ascii: "}") else { return nil }
        var elements: [String?] = []
        var index = 0
        var current: [UInt8] = []
        var quoted = false
        var sawElement = false
        func close() {
            if sawElement {
                let value = String(decoding: current, as: UTF8.self)
                elements.append(!quoted && value == "NULL" ? nil : value)
            }
            current.removeAll()
            quoted = false
            sawElement = false
        }
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                // A quoted element: backslash escapes the next byte.
                quoted = true
                sawElement = true
                index += 1
                while index < bytes.count, bytes[index] != UInt8(ascii: "\"") {
                    if bytes[index] == UInt8(ascii: "\\"), index + 1 < bytes.count { index += 1 }
                    current.append(bytes[index])
                    index += 1
                }
            case UInt8(ascii: "{"):
                break
            case UInt8(ascii: ","), UInt8(ascii: "}"):
                close()
            case UInt8(ascii: " ") where !sawElement:
                break
            default:
                if byte == UInt8(ascii: "\\"), index + 1 < bytes.count { index += 1 }
                current.append(bytes[index])
                sawElement = true
            }
            index += 1
        }
        return elements
    }
}
