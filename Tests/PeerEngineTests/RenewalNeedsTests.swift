import Foundation
import PeerEngine
import PeerRules
import Testing

/// What an administrator is told comes from renewal findings only: lived experience and exams
/// cannot reach it, whatever their shortfalls say.
@Suite struct RenewalNeedsTests {
    static func finding(_ subject: FindingSubject, kind: String, verdict: Verdict = .notMet, _ shortfalls: [Shortfall]) -> Finding {
        Finding(subject: subject, kind: kind, verdict: verdict, measured: "m", required: "r", reason: "why", shortfalls: shortfalls)
    }

    @Test func renewalShortfallsAreGatheredAndNothingElse() throws {
        let expires = try #require(Day(iso: "2026-09-30"))
        let findings = [
            Self.finding(.requirement("continuing-education"), kind: "continuing_education",
                         [.hours(.init(.continuingEducation, missing: Hours(hundredths: 1200), required: Hours(hundredths: 2000))),
                          .hours(.init(.continuingEducation, scope: "ethics", missing: Hours(hundredths: 300), required: Hours(hundredths: 600)))]),
            Self.finding(.requirement("service"), kind: "service_hours",
                         [.hours(.init(.service, missing: Hours(hundredths: 1000), required: Hours(hundredths: 5000))),
                          .hours(.init(.supervision, missing: Hours(hundredths: 200), required: Hours(hundredths: 200)))]),
            Self.finding(.requirement("ethics"), kind: "ethics", verdict: .insufficientEvidence, [.signEthicsCode(state: "OH")]),
            Self.finding(.requirement("background"), kind: "background_check", [.backgroundCheck(kind: "fbi")]),
            Self.finding(.certificationPeriod, kind: "certification", verdict: .expiring, [.renew(by: expires)]),
            // Never for an administrator:
            Self.finding(.requirement("lived-experience"), kind: "lived_experience", [.recoveryMonths(missing: 6, required: 24, metOn: expires)]),
            Self.finding(.requirement("exam"), kind: "exam", [.examPass(accepted: ["IC&RC"], mark: Hours(hundredths: 7000))]),
            Self.finding(.requirement("training"), kind: "training",
                         [.hours(.init(.continuingEducation, missing: Hours(hundredths: 9900), required: Hours(hundredths: 9900)))]),
            // A met renewal requirement adds nothing.
            Self.finding(.requirement("ce-met"), kind: "continuing_education", verdict: .met,
                         [.hours(.init(.continuingEducation, scope: "peer_support", missing: Hours(hundredths: 100), required: Hours(hundredths: 100)))]),
        ]
        let credential = CredentialEvaluation(workerID: 1, certification: RecordRef(table: "certifications", id: 1),
                                              key: CredentialKey(state: "OH", credential: "PRS"), number: "N1", level: nil, role: .holder,
                                              ruleVersion: nil, verdict: .atRisk, expiresOn: expires, findings: findings)
        let needs = RenewalNeeds(credential)
        #expect(needs.continuingEducationHours == Hours(hundredths: 1200))
        #expect(needs.continuingEducationByTopic == ["ethics": Hours(hundredths: 300)])
        #expect(needs.serviceHours == Hours(hundredths: 1000))
        #expect(needs.supervisionHours == Hours(hundredths: 200))
        #expect(needs.signEthicsCode)
        #expect(needs.backgroundCheck == "fbi")
        #expect(needs.renewBy == expires)
        #expect(!needs.summary.contains("99") && !needs.summary.contains("recovery") && !needs.summary.contains("IC&RC"))
        #expect(needs.summary == "12 CE hours (by topic: ethics 3); 10 hours of peer services; 2 hours of supervision; sign the code of ethics again; renew the background check (fbi)")

        // The column's JSON reads back to the same needs.
        let json = try #require(try JSONSerialization.jsonObject(with: Data(needs.json.utf8)) as? [String: Any])
        #expect(RenewalNeeds(json: json) == needs)
    }
}
