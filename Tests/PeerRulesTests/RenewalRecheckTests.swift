import PeerRules
import PeerTestSupport
import Testing

/// `at_renewal: true`: a requirement checked again at each renewal, within its window; only for
/// kinds a holder can meet again (ethics, background checks), and only with a window.
@Suite struct RenewalRecheckTests {
    static func credential(_ requirement: String) -> String {
        """
        state: ZZ
        credential: CRED
        name: Zedland credential
        board: Zedland board
        sources:
          zz-board: {title: Zedland board, url: https://example.invalid/zz, status: V}
        versions:
          - valid_from: 2024-01-01
            requirements:
        \(requirement)
        """
    }

    @Test func anEthicsCodeSignedAgainWithinAWindowLoadsAsARecheck() throws {
        let book = try CorpusLoad(applying: [.write(Self.credential("""
                  - {id: ethics, kind: ethics, standard: nms.examination, alignment: unknown, source: zz-board, signed_code: true, within_months: 24, at_renewal: true}
            """), to: "ZZ/CRED.yaml")]).loaded()
        let requirement = try #require(book.credentials[CredentialKey(state: "ZZ", credential: "CRED")]?.versions.first?.requirements.first)
        #expect(requirement.atRenewal && requirement.isJudgedAtRenewal && !requirement.isRenewal)
    }

    @Test func aRecheckWithoutAWindowIsRefused() throws {
        try CorpusLoad(applying: [.write(Self.credential("""
                  - {id: ethics, kind: ethics, standard: nms.examination, alignment: unknown, source: zz-board, signed_code: true, at_renewal: true}
            """), to: "ZZ/CRED.yaml")])
            .expect([ExpectedDiagnostic(file: "ZZ/CRED.yaml", line: 10, column: 132,
                                        message: "at_renewal needs within_months: how recent the ethics must be at each renewal")])
    }

    @Test func aRecheckOfTrainingIsRefused() throws {
        try CorpusLoad(applying: [.line(34, "approved_providers_only: true", "approved_providers_only: true\n        at_renewal: true")])
            .expect([ExpectedDiagnostic(file: RuleCorpus.credentialFile, line: 35, column: 21,
                                        message: "at_renewal applies to ethics and background_check requirements (training is judged once, or is already a renewal requirement)")])
    }

    @Test func aRenewalOnlyCheckIsJudgedForHoldersAlone() throws {
        let book = try CorpusLoad(applying: [.write(Self.credential("""
                  - {id: ethics, kind: ethics, standard: nms.examination, alignment: unknown, source: zz-board, signed_code: true, within_months: 24, at_renewal: only}
            """), to: "ZZ/CRED.yaml")]).loaded()
        let requirement = try #require(book.credentials[CredentialKey(state: "ZZ", credential: "CRED")]?.versions.first?.requirements.first)
        #expect(requirement.renewalOnly && requirement.atRenewal && requirement.isRenewal && requirement.isJudgedAtRenewal)
    }

    @Test func anAtRenewalValueOtherThanTrueFalseOrOnlyIsRefused() throws {
        try CorpusLoad(applying: [.write(Self.credential("""
                  - {id: ethics, kind: ethics, standard: nms.examination, alignment: unknown, source: zz-board, signed_code: true, within_months: 24, at_renewal: always}
            """), to: "ZZ/CRED.yaml")])
            .expect([ExpectedDiagnostic(file: "ZZ/CRED.yaml", line: 10, column: 151, message: "at_renewal must be true, false or only")])
    }

    /// Paths hold requirements judged once: renewal kinds, re-checks, lived experience and nested paths are refused.
    @Test func aPathRefusesWhatItCannotJudgeOnce() throws {
        try CorpusLoad(applying: [.write(Self.credential("""
                  - id: either
                    kind: one_of
                    standard: nms.examination
                    alignment: unknown
                    source: zz-board
                    paths:
                      - id: only
                        description: one path alone
                        requirements:
                          - {id: lived, kind: lived_experience, standard: nms.examination, alignment: unknown, source: zz-board, accepted_kinds: [both]}
            """), to: "ZZ/CRED.yaml")])
            .expect([ExpectedDiagnostic(file: "ZZ/CRED.yaml", line: 16, column: 11, message: "one_of needs at least two paths"),
                     ExpectedDiagnostic(file: "ZZ/CRED.yaml", line: 19, column: 17,
                                        message: "lived_experience cannot be in a path: lived experience is reported only as its own requirement, never inside a path")])
    }
}
