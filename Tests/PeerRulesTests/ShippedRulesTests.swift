import PeerRuleTesting
import PeerRules
import PeerTestSupport
import Testing

/// The rules the project ships (rules/): they load, and every example worker in rules/<ST>/tests
/// gets the verdicts its author expects.
@Suite struct ShippedRulesTests {
    @Test func theShippedRulesLoad() throws {
        let book = try RuleLoader.load(directory: RuleCorpus.shipped)
        #expect(book.credentials[CredentialKey(state: "PA", credential: "CPS")] != nil)
    }

    @Test func everyShippedRuleCasePasses() throws {
        let results = try runRuleCases(in: RuleCorpus.shipped)
        #expect(!results.isEmpty)
        #expect(failures(results).isEmpty, "\(failures(results).joined(separator: "\n"))")
    }

    /// One more hour of PA CPS training than the board asks for fails the PA cases that train
    /// exactly 75 hours, on training, and no other case.
    @Test func oneMoreTrainingHourInPACPSFailsTheCasesThatTrain75Hours() throws {
        let scratch = try RuleCorpus.copy(of: RuleCorpus.shipped, applying: [.replace("total_hours: 75", with: "total_hours: 76", in: "PA/CPS.yaml")])
        defer { scratch.remove() }
        let results = try runRuleCases(in: scratch.rules)
        let failed = results.filter { !$0.passed }
        #expect(Set(failed.map(\.ruleCase.file)) == [scratch.rules + "/PA/tests/cps.yaml"], "\(failures(results).joined(separator: "\n"))")
        #expect(Set(failed.map(\.ruleCase.name)).isSuperset(of: ["applicant meeting every requirement", "application on the day the first version starts",
                                                                 "holder judged on the issue date, in the first CE cycle"]))
        #expect(failed.allSatisfy { $0.mismatches.allSatisfy { $0.contains("training") } }, "\(failures(results).joined(separator: "\n"))")
        #expect(results.first { $0.ruleCase.name == "applicant one training hour short" }?.passed == true)
    }
}
