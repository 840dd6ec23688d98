@testable import PeerStore
import Testing

/// Endorsement arrays as PostgreSQL writes them, not split on commas.
@Suite struct PostgresArrayTests {
    @Test(arguments: [
        ("{}", [String?]()),
        ("{mhps}", ["mhps"]),
        ("{mhps,rsps}", ["mhps", "rsps"]),
        ("{\"mhps,rsps\"}", ["mhps,rsps"]),
        ("{\"a \\\"quoted\\\" one\",\"back\\\\slash\"}", ["a \"quoted\" one", "back\\slash"]),
        ("{NULL,\"NULL\",x}", [nil, "NULL", "x"]),
        ("{{a,b},{c,d}}", ["a", "b", "c", "d"]),
        ("{\"\"}", [""]),
        ("{\"héllo wörld\"}", ["héllo wörld"]),
    ] as [(String, [String?])])
    func arraysParse(text: String, elements: [String?]) {
        #expect(PostgresArray.parse(text) == elements)
    }

    @Test func notAnArray() {
        #expect(PostgresArray.parse("mhps") == nil)
        #expect(EvidenceTable.textArray("mhps") == ["mhps"])
        #expect(EvidenceTable.textArray("{NULL,youth}") == ["", "youth"])
    }

    /// What the lookups bind as `$1::text[]` reads back as the same elements, whatever they hold.
    @Test func literalsReadBackUnchanged() {
        let elements: [String?] = ["GA-1001", "a \"quoted\" one", "back\\slash", "comma, and {braces}", "NULL", nil, "", "Zoë Ñúñez 名前"]
        #expect(PostgresArray.literal(elements) == #"{"GA-1001","a \"quoted\" one","back\\slash","comma, and {braces}","NULL",NULL,"","Zoë Ñúñez 名前"}"#)
        #expect(PostgresArray.parse(PostgresArray.literal(elements)) == elements)
        #expect(PostgresArray.literal([]) == "{}")
    }
}
