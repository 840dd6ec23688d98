import Foundation
import EngineFixtures
import PeerEngine
@testable import PeerRules
import Testing

/// What an administrator is told comes from renewal findings only: lived experience and exams
/// cannot reach it, whatever their shortfalls say.
@Suite struct RenewalNeedsTests {
    /// A finding of a requirement of `kind` (the check of the certificate's period without one), with these shortfalls.
    static func finding(_ subject: FindingSubject, kind: RequirementKind?, verdict: Verdict = .notMet, _ shortfalls: [Shortfall]) -> Finding {
        let requirement = kind.map { kind in Fixture.requirement(subject.id, spec(kind)) }
        return Finding(subject: subject, verdict: verdict, requirement: requirement, state: "OH", measurement: .unusableRecords([]),
                       shortfalls: shortfalls)
    }

    static func spec(_ kind: RequirementKind) -> RequirementSpec {
        switch kind {
        case .continuingEducation: ceRule()
        case .serviceHours: Specs.serviceHours
        case .ethics: Specs.ethics
        case .backgroundCheck: Specs.backgroundCheck()
        case .livedExperience: .livedExperience(LivedExperienceRule(acceptedKinds: [.mentalHealth], minimumMonthsInRecovery: 24))
        case .exam: .exam(ExamRule(acceptedExams: ["IC&RC"], minimumScore: Hours(70)))
        default: .training(TrainingRule(totalHours: Hours(99), domainMinimums: [], windowMonths: nil, approvedProvidersOnly: false))
        }
    }

    @Test func renewalShortfallsAreGatheredAndNothingElse() throws {
        let expires = try #require(Day(iso: "2026-09-30"))
        let findings = [
            Self.finding(.requirement("continuing-education"), kind: .continuingEducation,
                         [.hours(.init(.continuingEducation, missing: Hours(hundredths: 1200), required: Hours(hundredths: 2000))),
                          .hours(.init(.continuingEducation, scope: "ethics", missing: Hours(hundredths: 300), required: Hours(hundredths: 600)))]),
            Self.finding(.requirement("service"), kind: .serviceHours,
                         [.hours(.init(.service, missing: Hours(hundredths: 1000), required: Hours(hundredths: 5000))),
                          .hours(.init(.supervision, missing: Hours(hundredths: 200), required: Hours(hundredths: 200)))]),
            Self.finding(.requirement("ethics"), kind: .ethics, verdict: .insufficientEvidence, [.signEthicsCode(state: "OH")]),
            Self.finding(.requirement("background"), kind: .backgroundCheck, [.backgroundCheck(kind: "fbi")]),
            Self.finding(.certificationPeriod, kind: nil, verdict: .expiring, [.renew(by: expires)]),
            // Never for an administrator:
            Self.finding(.requirement("lived-experience"), kind: .livedExperience, [.recoveryMonths(missing: 6, required: 24, metOn: expires)]),
            Self.finding(.requirement("exam"), kind: .exam, [.examPass(accepted: ["IC&RC"], mark: Hours(hundredths: 7000))]),
            Self.finding(.requirement("training"), kind: .training,
                         [.hours(.init(.continuingEducation, missing: Hours(hundredths: 9900), required: Hours(hundredths: 9900)))]),
            // A met renewal requirement adds nothing.
            Self.finding(.requirement("ce-met"), kind: .continuingEducation, verdict: .met,
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
        #expect(needs.continuingEducationCourses.isEmpty)

        // The column's JSON reads back to the same needs.
        let json = try #require(try JSONSerialization.jsonObject(with: Data(needs.json.utf8)) as? [String: Any])
        #expect(RenewalNeeds(json: json) == needs)
    }
}
