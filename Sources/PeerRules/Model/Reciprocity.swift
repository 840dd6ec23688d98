/// An agreement under which one board recognises another's credential (`rules/reciprocity.yaml`).
public struct ReciprocityAgreement: Sendable {
    public enum Kind: String, Sendable, CaseIterable {
        /// IC&RC reciprocity among member boards offering the same credential.
        case icrc
        /// Two boards recognising each other's credential.
        case bilateral
        /// A board that reviews transfers case by case.
        case stateReview = "state_review"
    }
    public let id: String
    public let kind: Kind
    public let shared: String?
    public let members: [CredentialKey]
    public let to: CredentialKey?
    /// Requirement ids the receiving board waives for an active holder.
    public let waives: [String]
    /// Per receiving credential: requirement ids it still requires.
    public let receivingAdditions: [CredentialKey: [String]]
    public let source: SourceCitation
    public let location: RuleLocation

    /// What the board of `target` waives under the agreement, and what it adds of its own (an
    /// addition is never waived).
    public func terms(for target: CredentialKey) -> (waives: Set<String>, additions: Set<String>) {
        let additions = Set(receivingAdditions[target] ?? [])
        return (Set(waives).subtracting(additions), additions)
    }
}
