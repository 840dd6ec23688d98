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
    }

    /// What the lookups bind as `$1::text[]` reads back as the same elements, whatever they hold.
    @Test func literalsReadBackUnchanged() {
        let elements: [String?] = ["GA-1001", "a \"quoted\" one", "back\\slash", "comma, and {braces}", "NULL", nil, "", "Zoë Ñúñez 名前"]
        #expect(PostgresArray.literal(elements) == #"{"GA-1001","a \"quoted\" one","back\\slash","comma, and {braces}","NULL",NULL,"","Zoë Ñúñez 名前"}"#)
        #expect(PostgresArray.parse(PostgresArray.literal(elements)) == elements)
        #expect(PostgresArray.literal([]) == "{}")
    }
}

/// A credential's compact verdicts read back in the order they were written (the findings' order
/// decides a first action among findings of one urgency).
@Suite struct OrderedVerdictsTests {
    @Test func membersComeBackInTheirOrderWithEscapes() {
        let json = #"{"training": "met", "@certification.period": "expiring", "a \"quoted\" \\ id\u00e9": "not_met"}"#
        #expect(StoredEvaluations.orderedStringPairs(json)?.map { "\($0.0)=\($0.1)" }
                == ["training=met", "@certification.period=expiring", "a \"quoted\" \\ idé=not_met"])
        #expect(StoredEvaluations.orderedStringPairs("{}")?.isEmpty == true)
        #expect(StoredEvaluations.orderedStringPairs(#"{"a": 1}"#) == nil)
        #expect(StoredEvaluations.orderedStringPairs(#"{"a": "b""#) == nil)
    }
}
