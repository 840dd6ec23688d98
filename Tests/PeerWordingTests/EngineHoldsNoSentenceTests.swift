import Foundation
import Testing

/// PeerEngine is wordless: every sentence is made in PeerWording. A string literal that reads as
/// words (two words and a space) in PeerEngine fails this suite, unless it is on the allow-list
/// below with the reason it is not a sentence.
@Suite struct EngineHoldsNoSentenceTests {
    /// Literals that look like words but are not sentences for people, each with why.
    static let allowed: [String: String] = [:]

    @Test func peerEngineHoldsNoSentence() throws {
        let found = try Self.sentences(under: Self.engineSources)
        #expect(found.isEmpty, "sentences in PeerEngine (make them in PeerWording): \(found.joined(separator: "\n"))")
    }

    /// The check finds a sentence where there is one: a file with one, checked as PeerEngine's are.
    @Test func theCheckFindsASentence() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("engine-sentence-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try #"let reason = "requirement met"  // a sentence"#.write(to: directory.appendingPathComponent("Bad.swift"), atomically: true, encoding: .utf8)
        try #"let id = "certification.status"; /// "a doc comment is fine""#.write(to: directory.appendingPathComponent("Good.swift"), atomically: true, encoding: .utf8)
        #expect(try Self.sentences(under: directory) == ["Bad.swift:1: \"requirement met\""])
    }

    static let engineSources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Sources/PeerEngine")

    /// `file:line: "literal"` for each string literal holding two words and a space, outside comments.
    static func sentences(under directory: URL) throws -> [String] {
        let words = try Regex(#"[A-Za-z]{2,} [A-Za-z]{2,}"#)
        var found: [String] = []
        let files = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: nil)?.compactMap { $0 as? URL }
            .filter { $0.pathExtension == "swift" }.sorted { $0.path < $1.path } ?? []
        for file in files {
            let lines = try String(contentsOf: file, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
            for (number, line) in lines.enumerated() {
                for literal in literals(in: code(of: line)) where literal.contains(words) && allowed[literal] == nil {
                    found.append("\(file.path.dropFirst(directory.path.count + 1)):\(number + 1): \"\(literal)\"")
                }
            }
        }
        return found
    }

    /// The line without its comment (a `//` outside a string literal).
    static func code(of line: Substring) -> Substring {
        var inString = false
        var previous: Character = " "
        for index in line.indices {
            let character = line[index]
            if character == "\"" && previous != "\\" { inString.toggle() }
            if !inString && character == "/" && previous == "/" { return line[..<line.index(before: index)] }
            previous = character
        }
        return line
    }

    /// The string literals of one line of code (interpolations included, as written).
    static func literals(in code: Substring) -> [String] {
        var literals: [String] = []
        var current: String?
        var previous: Character = " "
        for character in code {
            if character == "\"" && previous != "\\" {
                if let literal = current { literals.append(literal); current = nil } else { current = "" }
            } else if current != nil {
                current!.append(character)
            }
            previous = character
        }
        return literals
    }
}
