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

    /// What it still needs, in words ("4 harm_reduction training hours"); empty when nothing is listed.
    public var needs: String { shortfalls.map(ShortfallWording.text).joined(separator: ", ") }

    /// "training-harm-reduction: 4 harm_reduction training hours", or the id alone.
    public var summary: String { shortfalls.isEmpty ? id : "\(id): \(needs)" }

    /// Why, in words; nil when waived and for lived experience, whose words could carry health
    /// information: another state's board gets its verdict and shortfall only.
    public let reason: String?
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
    /// One line: why this outcome.
    public let reason: String
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
                let problem = request.certificationID.map { "names certification \($0), which is not the worker's" } ?? "names no held certification"
                return TransferDecision(workerID: worker.id, request: request.ref, home: nil, homeCertification: nil, homeNumber: nil,
                                        target: request.target, agreement: nil, outcome: .error,
                                        reason: "\(request.ref): the request \(problem); correct the request", requirements: [])
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
        func decision(_ outcome: TransferOutcome, _ reason: String, agreement: ReciprocityAgreement? = nil,
                      _ requirements: [TransferRequirement] = []) -> TransferDecision {
            TransferDecision(workerID: worker.id, request: request, home: held.key, homeCertification: held.ref, homeNumber: held.number,
                             target: target, agreement: agreement, outcome: outcome, reason: reason, requirements: requirements)
        }
        guard book.credentials[held.key] != nil else { return decision(.error, "no rule file for the home credential \(held.key)") }
        guard let rules = book.credentials[target] else {
            return decision(.error, "no rule file for \(target): add rules/\(target.state)/\(target.credential).yaml or correct the request")
        }
        if held.key == target { return decision(.error, "the worker already holds \(target) (\(held.ref))") }
        if let standing = standing(of: held, worker: worker) { return decision(.notEligible, standing) }

        let agreement = book.agreement(from: held.key, to: target)
        let (waives, additions) = agreement?.terms(for: target) ?? ([], [])
        // Judged as an application for the receiving credential, at its full level when it has levels.
        let level = rules.levels.first { $0.id == held.level }?.id ?? (rules.levels.first { $0.termMonths == nil } ?? rules.levels.first)?.id
        let application = CertificationRecord(id: held.ref.id, key: target, level: level, status: CertificationRecord.Status.applied.rawValue,
                                              appliedOn: asOf)
        let judged = evaluate(application, of: worker)
        if let unusable = judged.findings.first(where: { $0.verdict == .dataError && !waives.contains($0.requirementID) }) {
            // A lived-experience record's problem names its dates: the receiving state is told only where to look.
            let problem = unusable.kind == RequirementKind.livedExperience.rawValue
                ? "a lived-experience record is unusable; the home board's compliance report names it" : unusable.reason
            return decision(.error, "\(unusable.requirementID): \(problem)", agreement: agreement)
        }
        let requirements: [TransferRequirement] = judged.findings.compactMap { finding in
            guard case .requirement(let id) = finding.subject else { return nil }
            if waives.contains(id) {
                return TransferRequirement(id: id, kind: finding.kind, standard: finding.standard, status: .waived, verdict: nil, shortfalls: [], reason: nil)
            }
            let satisfied = finding.verdict.isSatisfied
            let status: TransferRequirement.Status = satisfied ? .met : additions.contains(id) ? .addition : .notMet
            let private_ = finding.kind == RequirementKind.livedExperience.rawValue
            return TransferRequirement(id: id, kind: finding.kind, standard: finding.standard, status: status, verdict: finding.verdict,
                                       shortfalls: satisfied ? [] : finding.shortfalls, reason: private_ ? nil : finding.reason)
        }
        let under = agreement.map { " under \($0.id) (\($0.source.title))" } ?? ""
        let missing = requirements.filter { $0.status == .notMet }
        if !missing.isEmpty {
            let named = missing.map { $0.shortfalls.isEmpty ? $0.id : "\($0.id) (\($0.needs))" }
            return decision(.notEligible, "not met\(under): " + named.joined(separator: "; "), agreement: agreement, requirements)
        }
        let open = requirements.filter { $0.status == .addition }
        if !open.isEmpty {
            return decision(.eligibleAfterAdditions, "eligible\(under) after the receiving board's additions: " + open.map(\.summary).joined(separator: "; "),
                            agreement: agreement, requirements)
        }
        let waivedCount = requirements.count { $0.status == .waived }
        return decision(.eligible, agreement == nil ? "every requirement of \(target) is met" :
                            "eligible\(under): \(waivedCount) requirement\(waivedCount == 1 ? "" : "s") waived, the rest met", agreement: agreement, requirements)
    }

    /// Why the home credential is not in good standing on the as-of date, or nil when it is.
    public func standing(of held: CertificationRecord, worker: WorkerRecord) -> String? {
        switch CertificationRecord.Status(rawValue: held.status) {
        case .suspended: return "the home credential \(held.key) is suspended"
        case .revoked: return "the home credential \(held.key) is revoked"
        case .applied: return "\(held.key) is an application, not a credential held"
        case .expired: return "the home credential \(held.key) expired" + (held.expiresOn.map { " on \($0)" } ?? "")
        case .active:
            guard let expires = held.expiresOn else { return "the home credential \(held.key) has no expiry date on record" }
            return expires < asOf ? "the home credential \(held.key) expired on \(expires)" : nil
        case nil: return "the home credential \(held.key) has an unknown status '\(held.status)'"
        }
    }
}
