import PeerRules
import PeerTestSupport
import Testing

/// `rules/<ST>/jurisdiction.yaml`: a jurisdiction whose facts are all unknown is listed as such,
/// with its sources, instead of being absent; it cannot sit beside credential files or claim to be known.
@Suite struct JurisdictionStubTests {
    static let stub = """
        state: ZZ
        name: Zedland
        status: unknown
        notes: a bill was found; whether it passed is unknown
        sources:
          zz-bill:
            title: Zedland bill 1
            url: https://example.invalid/bill
            status: V
        """

    @Test func aStubListsTheJurisdictionAsUnknownWithItsSources() throws {
        let book = try CorpusLoad(applying: [.write(Self.stub, to: "ZZ/jurisdiction.yaml")]).loaded()
        let zedland = try #require(book.unknownJurisdictions.first)
        #expect(book.unknownJurisdictions.count == 1)
        #expect(zedland.state == "ZZ" && zedland.name == "Zedland")
        #expect(zedland.sources.map(\.id) == ["zz-bill"])
        #expect(!book.credentials.keys.contains { $0.state == "ZZ" })
    }

    @Test func aStubThatClaimsKnownFactsIsRefused() throws {
        try CorpusLoad(applying: [.write(Self.stub.replacingOccurrences(of: "status: unknown", with: "status: known"), to: "ZZ/jurisdiction.yaml")])
            .expect([ExpectedDiagnostic(file: "ZZ/jurisdiction.yaml", line: 3, column: 9,
                                        message: "status 'known' must be unknown: a jurisdiction with known facts gets credential files")])
    }

    @Test func aStubBesideACredentialFileIsRefused() throws {
        try CorpusLoad(applying: [.write(Self.stub.replacingOccurrences(of: "ZZ", with: "XX"), to: "XX/jurisdiction.yaml")])
            .expect([ExpectedDiagnostic(file: "XX/jurisdiction.yaml", line: 1, column: 1,
                                        message: "a jurisdiction whose facts are all unknown has no other files; with credential files, remove jurisdiction.yaml")])
    }

    /// Every state and DC is either encoded or a documented unknown; at least 45 have credential files.
    @Test func theShippedRulesCoverEveryJurisdiction() throws {
        let book = try RuleLoader.load(directory: RuleCorpus.shipped)
        let encoded = Set(book.credentials.keys.map(\.state))
        let unknown = Set(book.unknownJurisdictions.map(\.state))
        #expect(encoded.count >= 45)
        #expect(unknown == ["AK", "SD"])
        #expect(encoded.isDisjoint(with: unknown))
        #expect(encoded.union(unknown).count == 51, "missing: \(Set(Self.jurisdictions).subtracting(encoded.union(unknown)).sorted())")
    }

    static let jurisdictions = ["AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "DC", "FL", "GA", "HI", "ID", "IL", "IN", "IA", "KS", "KY", "LA",
                                "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH", "NJ", "NM", "NY", "NC", "ND", "OH", "OK",
                                "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT", "VT", "VA", "WA", "WV", "WI", "WY"]
}
