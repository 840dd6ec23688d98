import PeerEngine
import PeerWording
import PeerRules

/// One example worker from `rules/<ST>/tests/*.yaml` with the verdicts the rule author expects.
public struct RuleCase: Sendable {
    public let name: String
    public let file: String
    public let line: Int
    public let key: CredentialKey
    public let asOf: Day
    public let worker: WorkerRecord
    public let approvals: ProviderApprovals
    public let supervisors: SupervisorDirectory
    public let expectedVerdict: CredentialVerdict
    /// Requirement id → expected verdict, for the requirements the author named.
    public let expectedRequirements: [(id: String, verdict: Verdict)]
}

/// The outcome of running one case through the real engine.
public struct RuleCaseResult: Sendable {
    public let ruleCase: RuleCase
    public let actualVerdict: CredentialVerdict
    public let actualRequirements: [String: Verdict]
    /// Each mismatch in words; empty when the case passed.
    public let mismatches: [String]

    public var passed: Bool { mismatches.isEmpty }

    public var expectedSummary: String {
        ruleCase.expectedVerdict.rawValue + Self.list(ruleCase.expectedRequirements.map { ($0.id, $0.verdict) })
    }

    public var actualSummary: String {
        actualVerdict.rawValue + Self.list(ruleCase.expectedRequirements.map { ($0.id, actualRequirements[$0.id]) })
    }

    private static func list(_ pairs: [(String, Verdict?)]) -> String {
        pairs.isEmpty ? "" : " (" + pairs.map { "\($0.0): \($0.1?.rawValue ?? "absent")" }.joined(separator: ", ") + ")"
    }
}

public enum RuleCaseRunner {
    public static func run(_ cases: [RuleCase], book: RuleBook) -> [RuleCaseResult] {
        cases.map { ruleCase in
            let evaluator = Evaluator(book: book, approvals: ruleCase.approvals, supervisors: ruleCase.supervisors, asOf: ruleCase.asOf)
            let evaluation = evaluator.evaluate(ruleCase.worker).credentials.first { $0.key == ruleCase.key }
            let verdict = evaluation?.verdict ?? .error
            var actual: [String: Verdict] = [:]
            for finding in evaluation?.findings ?? [] { actual[finding.requirementID] = finding.verdict }
            var mismatches: [String] = []
            if verdict != ruleCase.expectedVerdict {
                let why = evaluation?.findings.filter { $0.verdict != .met }.map { "\($0.requirementID) \($0.verdict.rawValue): \($0.reason)" } ?? []
                mismatches.append("verdict \(verdict.rawValue), expected \(ruleCase.expectedVerdict.rawValue)"
                                  + (why.isEmpty ? "" : " [" + why.joined(separator: "; ") + "]"))
            }
            for (id, expected) in ruleCase.expectedRequirements where actual[id] != expected {
                let finding = evaluation?.findings.first { $0.requirementID == id }
                mismatches.append("\(id) \(actual[id]?.rawValue ?? "absent"), expected \(expected.rawValue)"
                                  + (finding.map { " (\($0.measured); \($0.reason))" } ?? ""))
            }
            return RuleCaseResult(ruleCase: ruleCase, actualVerdict: verdict, actualRequirements: actual, mismatches: mismatches)
        }
    }

    /// JUnit XML: one testsuite per test file, one testcase per case.
    public static func junit(_ results: [RuleCaseResult]) -> String {
        func escape(_ text: String) -> String {
            text.replacing("&", with: "&amp;").replacing("<", with: "&lt;").replacing(">", with: "&gt;").replacing("\"", with: "&quot;")
        }
        var byFile: [(String, [RuleCaseResult])] = []
        for result in results {
            if let index = byFile.firstIndex(where: { $0.0 == result.ruleCase.file }) { byFile[index].1.append(result) } else { byFile.append((result.ruleCase.file, [result])) }
        }
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        xml += "<testsuites name=\"peercert rules\" tests=\"\(results.count)\" failures=\"\(results.count { !$0.passed })\">\n"
        for (file, cases) in byFile {
            xml += "  <testsuite name=\"\(escape(file))\" tests=\"\(cases.count)\" failures=\"\(cases.count { !$0.passed })\">\n"
            for result in cases {
                xml += "    <testcase classname=\"\(escape(result.ruleCase.key.description))\" name=\"\(escape(result.ruleCase.name))\" file=\"\(escape(file))\" line=\"\(result.ruleCase.line)\""
                if result.passed {
                    xml += "/>\n"
                } else {
                    let message = result.mismatches.joined(separator: "; ")
                    xml += ">\n      <failure message=\"\(escape(message))\">expected \(escape(result.expectedSummary)), got \(escape(result.actualSummary))</failure>\n    </testcase>\n"
                }
            }
            xml += "  </testsuite>\n"
        }
        return xml + "</testsuites>\n"
    }
}
