import PeerRuleTesting
import PeerRules
import PeerTestSupport
import Testing

/// Tests/PeerRulesTests/Corpus/valid: XX/CRED with a first version through 2025-07-02 (40 hours of
/// training) and a second from 2025-07-03 (46 hours), and three example workers.
@Suite struct ValidCorpusTests {
    @Test func theFixtureLoadsCleanly() throws {
        let load = try CorpusLoad(applying: [])
        let book = try load.loaded()
        let rules = try load.credential()
        #expect(book.credentials.count == 1)
        #expect(book.files.map(\.path) == ["XX/CRED.yaml", "codes.yaml", "model-standards.yaml"].map { load.rules + "/" + $0 })
        #expect(rules.name == "Certified Recovery Example Designation")
        #expect(rules.sources.mapValues(\.status) == ["xx-board": .verified, "xx-notice": .secondary])
        #expect(rules.versions.map(\.validFrom) == [day("2024-01-01"), day("2025-07-03")])
        #expect(rules.versions.map(\.validUntil) == [day("2025-07-02"), nil])
        #expect(rules.versions.map { $0.requirements.map(\.id) } == Array(repeating: ["lived-experience", "training", "exam"], count: 2))
        let training = try #require(rules.versions.last?.requirements.first { $0.id == "training" })
        #expect(training.sources == ["xx-board", "xx-notice"])
        #expect(training.alignment == .stricter)
        #expect(training.location == RuleLocation(file: load.rules + "/XX/CRED.yaml", line: 50, column: 9))
        #expect(trainingRule(rules.versions.last?.requirements)?.domainMinimums.map(\.domain) == ["harm_reduction"])
    }

    @Test func theFixtureCasesPass() throws {
        let results = try runRuleCases(in: RuleCorpus.valid)
        #expect(results.map(\.ruleCase.name) == ["40 hours the day before the boundary", "40 hours on the day of the boundary",
                                                 "46 hours with harm reduction the day after the boundary"])
        #expect(failures(results).isEmpty, "\(failures(results).joined(separator: "\n"))")
    }

    /// The day before the first version, its first day, and the day before, of and after the boundary.
    @Test(arguments: [("2023-12-31", nil, nil), ("2024-01-01", "2024-01-01", "40"), ("2025-07-02", "2024-01-01", "40"),
                      ("2025-07-03", "2025-07-03", "46"), ("2025-07-04", "2025-07-03", "46")] as [(String, String?, String?)])
    func theVersionInForce(on date: String, validFrom: String?, trainingHours: String?) throws {
        let load = try CorpusLoad(applying: [])
        let rules = try load.credential()
        #expect(rules.version(on: day(date))?.validFrom == validFrom.map(day))
        let inForce = try load.loaded().requirements(of: rules, on: day(date))
        #expect(inForce?.version.validFrom == validFrom.map(day))
        #expect(trainingRule(inForce?.requirements)?.totalHours.description == trainingHours)
    }
}
