import Foundation
import PeerRules
import PeerTestSupport
import Testing

/// YAML 1.1 would read `NO` as false, `2025-07-03` as a timestamp, `1e3` as a float and `yes` as
/// true. In a rule file each value means what its characters say, or loading fails.
@Suite struct YAMLMeaningTests {
    /// XX/<code>.yaml with `credential: <code>` loads as the credential of that text.
    @Test(arguments: ["NO", "ON", "Y", "OFF", "YES", "\"NO\""])
    func aCredentialCodeStaysText(_ spelling: String) throws {
        let code = spelling.filter { $0 != "\"" }
        let text = try String(contentsOfFile: RuleCorpus.valid + "/" + RuleCorpus.credentialFile, encoding: .utf8)
        let load = try CorpusLoad(applying: [.write(text.replacing("credential: CRED", with: "credential: \(spelling)"), to: "XX/\(code).yaml")])
        let rules = try #require(load.loaded().credentials[CredentialKey(state: "XX", credential: code)])
        #expect(rules.key.credential == code)
        #expect(rules.file == load.rules + "/XX/\(code).yaml")
    }

    /// An exam code `NO`, declared in codes.yaml and accepted by both versions, stays the text "NO".
    @Test func anExamCodeStaysText() throws {
        let load = try CorpusLoad(applying: [.line(3, "XX-EXAM", "NO", in: "codes.yaml"), .line(40, "XX-EXAM", "NO"), .line(62, "XX-EXAM", "NO")])
        #expect(try load.loaded().catalog.exams["NO"]?.name == "XX Example Board peer examination")
        let accepted = try load.credential().versions.map { version -> [String]? in
            guard case .exam(let rule)? = version.requirements.first(where: { $0.id == "exam" })?.spec else { return nil }
            return rule.acceptedExams
        }
        #expect(accepted == [["NO"], ["NO"]])
    }

    @Test(arguments: ["2025-07-03", "\"2025-07-03\"", "'2025-07-03'"])
    func aDateStaysADate(_ spelling: String) throws {
        let rules = try CorpusLoad(line: 41, "2025-07-03", writtenAs: spelling).credential()
        #expect(rules.versions.last?.validFrom == Day(year: 2025, month: 7, day: 3))
    }

    @Test(arguments: ["2025-7-3", "2025-07-3", "25-07-03", "2025-02-29", "2025-13-01", "2025-07-03T00:00:00Z", "2025/07/03", "20250703"])
    func aDateNotWrittenYYYYMMDDIsRefused(_ spelling: String) throws {
        try CorpusLoad(line: 41, "2025-07-03", writtenAs: spelling)
            .expectOne(at: 41, 17, "valid_from must be a date written YYYY-MM-DD (a real calendar date)")
    }

    @Test(arguments: [("40", 4000), ("40.0", 4000), ("40.5", 4050), ("19.25", 1925)])
    func hoursArePlainDecimals(_ spelling: String, hundredths: Int) throws {
        let rules = try CorpusLoad(line: 33, "40", writtenAs: spelling).credential()
        #expect(trainingRule(rules.versions.first?.requirements)?.totalHours == Hours(hundredths: hundredths))
    }

    @Test(arguments: ["1e3", "4e1", "1E3", "4.0e1"])
    func hoursWithAnExponentAreRefused(_ spelling: String) throws {
        try CorpusLoad(line: 33, "40", writtenAs: spelling)
            .expectOne(at: 33, 22, "total_hours '\(spelling)' is not a plain decimal number of hours (such as 40 or 19.5; exponents like 1e3 are not accepted)")
    }

    @Test(arguments: ["0x28", "+40", ".5", "40.", "1_000", ".inf", ".nan", "forty", "40h"])
    func hoursInAnotherNumberSyntaxAreRefused(_ spelling: String) throws {
        try CorpusLoad(line: 33, "40", writtenAs: spelling)
            .expectOne(at: 33, 22, "total_hours '\(spelling)' is not a plain decimal number of hours")
    }

    @Test(arguments: [("\"40\"", "40"), ("'40'", "40"), ("\"1e3\"", "1e3")])
    func quotedHoursAreRefused(_ spelling: String, text: String) throws {
        try CorpusLoad(line: 33, "40", writtenAs: spelling)
            .expectOne(at: 33, 22, "total_hours is given as text (\"\(text)\"): write the number without quotes")
    }

    @Test(arguments: [("true", true), ("false", false)])
    func booleansAreTrueOrFalse(_ spelling: String, value: Bool) throws {
        let rules = try CorpusLoad(line: 34, "true", writtenAs: spelling).credential()
        #expect(trainingRule(rules.versions.first?.requirements)?.approvedProvidersOnly == value)
    }

    @Test(arguments: ["yes", "no", "on", "off", "y", "n", "True", "FALSE", "\"true\"", "1"])
    func otherBooleanSpellingsAreRefused(_ spelling: String) throws {
        try CorpusLoad(line: 34, "true", writtenAs: spelling)
            .expectOne(at: 34, 34, "approved_providers_only must be true or false (yes/no/on/off are not accepted)")
    }
}
