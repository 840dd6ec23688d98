import PeerRules

/// A worker's request to have a credential they hold (A, state X) recognised as credential B of
/// state Y (`peercert.transfer_requests`).
public struct TransferRequest: Sendable, Equatable {
    public var ref: RecordRef
    /// The certification row of the credential held; nil when the request did not name it.
    public var certificationID: Int?
    public var target: CredentialKey
    public var requestedOn: Day?
    /// pending, approved, denied or withdrawn: only pending requests are decided.
    public var status: String

    public init(id: Int, certificationID: Int?, target: CredentialKey, requestedOn: Day?, status: String) {
        ref = RecordRef(table: "transfer_requests", id: id)
        self.certificationID = certificationID
        self.target = target
        self.requestedOn = requestedOn
        self.status = status
    }

    public var isPending: Bool { status == "pending" }
}

/// What the receiving board would decide.
public enum TransferOutcome: String, Sendable, CaseIterable {
    case eligible
    /// Eligible once the receiving board's own additions are met (each named with its shortfall).
    case eligibleAfterAdditions = "eligible_after_additions"
    case notEligible = "not_eligible"
    /// Cannot be decided: no rule file for a credential, no such held credential, an unusable record.
    case error

    /// The outcome's place in `allCases`, for counting in arrays.
    public var index: Int {
        switch self {
        case .eligible: 0
        case .eligibleAfterAdditions: 1
        case .notEligible: 2
        case .error: 3
        }
    }
}

/// One requirement of the receiving credential, as the transfer decision treats it.
public struct TransferRequirement: Sendable {
    public enum Status: String, Sendable, CaseIterable {
        case met
        /// Accepted from the home credential under the agreement.
        case waived
        /// The receiving board's addition under the agreement, not met yet.
        case addition
        case notMet = "not_met"
    }
    public let id: String
    public let kind: String
    public let standard: String?
    public let status: Status
    /// The engine's verdict on the worker's records; nil when waived (not judged).
    public let verdict: Verdict?
    public let shortfalls: [Shortfall]
    /// The finding its reason is worded from; nil when waived, and for lived experience, whose
    /// words could carry health information: another state's board gets its verdict and shortfall only.
    public let finding: Finding?
}

/// Why a transfer decision came out as it did.
public enum TransferBasis: Sendable {
    /// The request names no certification of the worker's (nil: none at all).
    case noHeldCertification(request: RecordRef, named: Int?)
    case noHomeRules(CredentialKey)
    case noTargetRules(CredentialKey)
    case alreadyHeld(CredentialKey, certification: RecordRef)
    /// The home credential is not in good standing on the as-of date.
    case standing(HomeStanding)
    /// A record the receiving credential's requirements cannot judge: the finding that says so, or
    /// nil for a lived-experience record (the home board's compliance report names it).
    case unusableRecord(requirementID: String, finding: Finding?)
    /// Requirements not met (the decision's `missing`).
    case requirementsNotMet
    /// Every requirement met or waived but the receiving board's additions (the decision's `additions`).
    case additionsOpen
    /// Every requirement met, `waived` of them waived under the agreement.
    case allMet(waived: Int)
}

/// Why a credential held is not in good standing.
public enum HomeStanding: Sendable, Equatable {
    case suspended(CredentialKey)
    case revoked(CredentialKey)
    case application(CredentialKey)
    /// Recorded expired (with its expiry date when recorded).
    case recordedExpired(CredentialKey, on: Day?)
    case noExpiryDate(CredentialKey)
    case expired(CredentialKey, on: Day)
    case unknownStatus(CredentialKey, String)
}

/// The decision on one transfer: the receiving credential's plan with the agreement applied.
public struct TransferDecision: Sendable {
    public let workerID: Int
    /// The transfer_requests row; nil for a decision asked on demand.
    public let request: RecordRef?
    public let home: CredentialKey?
    public let homeCertification: RecordRef?
    public let homeNumber: String?
    public let target: CredentialKey
    public let agreement: ReciprocityAgreement?
    public let outcome: TransferOutcome
    public let basis: TransferBasis
    /// Every initial requirement of the receiving credential in force on the as-of date, in the rule
    /// file's order; empty when the home credential is not in good standing or nothing could be judged.
    public let requirements: [TransferRequirement]

    public var additions: [TransferRequirement] { requirements.filter { $0.status == .addition } }
    public var missing: [TransferRequirement] { requirements.filter { $0.status == .notMet } }
    public var waived: [TransferRequirement] { requirements.filter { $0.status == .waived } }
}

extension Evaluator {
    /// Decides every pending transfer request of the worker.
    public func transfers(of worker: WorkerRecord) -> [TransferDecision] {
        worker.transferRequests.filter(\.isPending).map { request in
            guard let id = request.certificationID, let held = worker.certifications.first(where: { $0.ref.id == id }) else {
                return TransferDecision(workerID: worker.id, request: request.ref, home: nil, homeCertification: nil, homeNumber: nil,
                                        target: request.target, agreement: nil, outcome: .error,
                                        basis: .noHeldCertification(request: request.ref, named: request.certificationID), requirements: [])
            }
            return transfer(worker, holding: held, to: request.target, request: request.ref)
        }
    }

    /// Would the board of `target` recognise `held`? The home credential must be active and
    /// unexpired on the as-of date; the receiving credential's initial requirements in force that
    /// day are judged on the worker's records as an application would be, except those an
    /// agreement waives (citing it); the receiving board's additions under the agreement are named
    /// apart, so "eligible after additions" says exactly what to complete.
    public func transfer(_ worker: WorkerRecord, holding held: CertificationRecord, to target: CredentialKey,
                         request: RecordRef? = nil) -> TransferDecision {
        func decision(_ outcome: TransferOutcome, _ basis: TransferBasis, agreement: ReciprocityAgreement? = nil,
                      _ requirements: [TransferRequirement] = []) -> TransferDecision {
            TransferDecision(workerID: worker.id, request: request, home: held.key, homeCertification: held.ref, homeNumber: held.number,
                             target: target, agreement: agreement, outcome: outcome, basis: basis, requirements: requirements)
        }
        guard book.credentials[held.key] != nil else { return decision(.error, .noHomeRules(held.key)) }
        guard let rules = book.credentials[target] else { return decision(.error, .noTargetRules(target)) }
        if held.key == target { return decision(.error, .alreadyHeld(target, certification: held.ref)) }
        if let standing = standing(of: held) { return decision(.notEligible, .standing(standing)) }

        let agreement = book.agreement(from: held.key, to: target)
        let (waives, additions) = agreement?.terms(for: target) ?? ([], [])
        // Judged as an application for the receiving credential, at its full level when it has levels.
        let level = rules.levels.first { $0.id == held.level }?.id ?? (rules.levels.first { $0.termMonths == nil } ?? rules.levels.first)?.id
        let application = CertificationRecord(id: held.ref.id, key: target, level: level, status: CertificationRecord.Status.applied.rawValue,
                                              appliedOn: asOf)
        let judged = evaluate(application, of: worker)
        if let unusable = judged.findings.first(where: { $0.verdict == .dataError && !waives.contains($0.requirementID) }) {
            // A lived-experience record's problem names its dates: the receiving state is told only where to look.
            return decision(.error, .unusableRecord(requirementID: unusable.requirementID, finding: unusable.isHealthInformation ? nil : unusable),
                            agreement: agreement)
        }
        let requirements: [TransferRequirement] = judged.findings.compactMap { finding in
            guard case .requirement(let id) = finding.subject else { return nil }
            if waives.contains(id) {
                return TransferRequirement(id: id, kind: finding.kind, standard: finding.standard, status: .waived, verdict: nil, shortfalls: [],
                                           finding: nil)
            }
            let satisfied = finding.verdict.isSatisfied
            let status: TransferRequirement.Status = satisfied ? .met : additions.contains(id) ? .addition : .notMet
            return TransferRequirement(id: id, kind: finding.kind, standard: finding.standard, status: status, verdict: finding.verdict,
                                       shortfalls: satisfied ? [] : finding.shortfalls, finding: finding.isHealthInformation ? nil : finding)
        }
        if requirements.contains(where: { $0.status == .notMet }) {
            return decision(.notEligible, .requirementsNotMet, agreement: agreement, requirements)
        }
        if requirements.contains(where: { $0.status == .addition }) {
            return decision(.eligibleAfterAdditions, .additionsOpen, agreement: agreement, requirements)
        }
        return decision(.eligible, .allMet(waived: requirements.count { $0.status == .waived }), agreement: agreement, requirements)
    }

    /// Why the home credential is not in good standing on the as-of date, or nil when it is.
    public func standing(of held: CertificationRecord) -> HomeStanding? {
        switch CertificationRecord.Status(rawValue: held.status) {
        case .suspended: return .suspended(held.key)
        case .revoked: return .revoked(held.key)
        case .applied: return .application(held.key)
        case .expired: return .recordedExpired(held.key, on: held.expiresOn)
        case .active:
            guard let expires = held.expiresOn else { return .noExpiryDate(held.key) }
            return expires < asOf ? .expired(held.key, on: expires) : nil
        case nil: return .unknownStatus(held.key, held.status)
        }
    }
}
