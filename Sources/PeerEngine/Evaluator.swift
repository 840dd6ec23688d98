import PeerRules

/// Evaluates workers against a rule book: a pure function of its inputs, no I/O, so it is tested
/// with plain values and can run on any thread.
public struct Evaluator: Sendable {
    public let book: RuleBook
    public let approvals: ProviderApprovals
    public let supervisors: SupervisorDirectory
    public let asOf: Day
    /// Days of look-ahead for `expiring` and `at_risk`.
    public let horizonDays: Int
    /// Whether met findings are worded as they are judged. Without it (a nightly run at default
    /// detail, which writes met findings by id alone) a met requirement is judged for its verdict
    /// alone and worded only if something reads its wording; the answers are the same either way.
    public let wordsEveryFinding: Bool

    public init(book: RuleBook, approvals: ProviderApprovals, supervisors: SupervisorDirectory = SupervisorDirectory(),
                asOf: Day, horizonDays: Int = 90, wordsEveryFinding: Bool = true) {
        self.book = book
        self.approvals = approvals
        self.supervisors = supervisors
        self.asOf = asOf
        self.horizonDays = horizonDays
        self.wordsEveryFinding = wordsEveryFinding
    }

    /// Every credential the worker holds or has applied for.
    public func evaluate(_ worker: WorkerRecord) -> WorkerEvaluation {
        WorkerEvaluation(workerID: worker.id, workerName: worker.name,
                         credentials: worker.certifications.map { unreadableValues(of: worker, adding: evaluate($0, of: worker)) },
                         transfers: transfers(of: worker))
    }

    /// A credential can never be met on a value that means nothing: each unreadable value of the
    /// worker's evidence (or of this certificate) is a data error finding. The certificate's own
    /// revocation, suspension or lapse still decides first.
    func unreadableValues(of worker: WorkerRecord, adding evaluation: CredentialEvaluation) -> CredentialEvaluation {
        let relevant = worker.unreadable.filter { $0.ref.table != "certifications" || $0.ref == evaluation.certification }
        guard !relevant.isEmpty else { return evaluation }
        let findings = relevant.map { value in
            Finding(subject: .unreadableValue(value.ref, column: value.column), kind: "data", verdict: .dataError,
                    measured: "\(value.column) is \(value.problem)", required: "a value the rules can judge",
                    reason: "\(value.ref): \(value.column) is \(value.problem)", cure: "correct the record",
                    evidence: [EvidenceNote(value.ref, counted: false, code: .unreadableValue, "data error: \(value.column) is \(value.problem)")])
        }
        let decided: Set<CredentialVerdict> = [.revoked, .suspended, .lapsed]
        return CredentialEvaluation(workerID: evaluation.workerID, certification: evaluation.certification, key: evaluation.key,
                                    number: evaluation.number, level: evaluation.level, role: evaluation.role,
                                    ruleVersion: evaluation.ruleVersion, verdict: decided.contains(evaluation.verdict) ? evaluation.verdict : .error,
                                    expiresOn: evaluation.expiresOn, findings: evaluation.findings + findings)
    }

    func evaluate(_ certification: CertificationRecord, of worker: WorkerRecord) -> CredentialEvaluation {
        let horizonEnd = asOf.adding(days: horizonDays)
        func single(_ role: Role, _ verdict: CredentialVerdict, _ finding: Finding, version: Day? = nil) -> CredentialEvaluation {
            CredentialEvaluation(workerID: worker.id, certification: certification.ref, key: certification.key,
                                 number: certification.number, level: certification.level, role: role,
                                 ruleVersion: version, verdict: verdict, expiresOn: certification.expiresOn, findings: [finding])
        }
        func statusFinding(_ verdict: Verdict, measured: String, reason: String, cure: String? = nil) -> Finding {
            Finding(subject: .certificationStatus, kind: "certification", verdict: verdict, measured: measured,
                    required: "an active, unexpired credential", reason: reason, cure: cure,
                    evidence: [EvidenceNote(certification.ref, counted: verdict != .dataError, code: .certificate, "status \(certification.status)")])
        }

        guard let status = CertificationRecord.Status(rawValue: certification.status) else {
            return single(.holder, .error, statusFinding(.dataError, measured: "status '\(certification.status)'",
                                                         reason: "\(certification.ref): unknown certification status '\(certification.status)'",
                                                         cure: "correct the certification record"))
        }
        let role: Role = status == .applied ? .applicant : .holder
        switch status {
        case .revoked:
            return single(role, .revoked, statusFinding(.notMet, measured: "revoked", reason: "the board revoked this credential"))
        case .suspended:
            return single(role, .suspended, statusFinding(.notMet, measured: "suspended", reason: "the board suspended this credential"))
        default: break
        }

        guard let rules = book.credentials[certification.key] else {
            return single(role, .error, Finding(subject: .unknownCredential, kind: "rules", verdict: .dataError,
                                                measured: "\(certification.key)", required: "a rule file for the credential",
                                                reason: "\(certification.ref): no rule file for \(certification.key)",
                                                cure: "add rules/\(certification.key.state)/\(certification.key.credential).yaml or correct the record",
                                                evidence: [EvidenceNote(certification.ref, counted: false, code: .unknownCredential, "unknown credential")]))
        }

        // A holder met the initial requirements once, when certified: judge them on the issue date.
        // Renewal requirements are judged on the as-of date, against the rules in force then.
        var findings: [Finding] = []
        let reference: Day
        var issuedOn: Day?
        if role == .holder {
            guard let issued = certification.issuedOn, issued <= asOf else {
                let problem = certification.issuedOn.map { "issue date \($0) is after the as-of date \(asOf)" } ?? "issue date is missing"
                return single(role, .error, statusFinding(.dataError, measured: "issued \(certification.issuedOn?.description ?? "?")",
                                                          reason: "\(certification.ref): \(problem)", cure: "correct the certification record"))
            }
            reference = issued
            issuedOn = issued
            findings.append(certificationPeriod(certification, status: status, horizonEnd: horizonEnd))
        } else {
            reference = asOf
        }

        func noVersion(_ day: Day, _ purpose: String) -> CredentialEvaluation {
            let first = if rules.version(on: day) != nil, let base = rules.extends {
                "its shared definition \(base) has no version in force that day"
            } else {
                rules.versions.first.map { "the earliest version starts \($0.validFrom)" } ?? "the file has no versions"
            }
            return single(role, .error, Finding(subject: .ruleVersion, kind: "rules", verdict: .dataError,
                                                measured: "no version in force on \(day)", required: "a rule version in force",
                                                reason: "\(rules.file) has no version in force on \(day) for \(purpose) (\(first))",
                                                cure: "add a version to \(rules.file) that covers \(day)"))
        }
        guard let (version, initial) = book.requirements(of: rules, on: reference) else {
            return noVersion(reference, role == .holder ? "the issue date" : "the application")
        }
        // A certificate level the rules do not define leaves only the level-free requirements to judge.
        let knownLevel = certification.level.flatMap { level in rules.levels.contains(where: { $0.id == level }) ? level : nil }
        func judgedAtLevel(_ requirement: Requirement) -> Bool {
            if rules.levels.isEmpty || requirement.levels.isEmpty { return true }
            return knownLevel.map { requirement.levels.contains($0) } ?? false
        }
        // The credential's requirements and those of its endorsements go into one list, built in one
        // pass (this runs for every credential): initial ones from the judged day's version, renewal
        // ones from today's, each at the certificate's level.
        var applicable: [(prefix: String, requirement: Requirement)] = []
        applicable.reserveCapacity(initial.count + 4)
        func include(_ version: RuleVersion, _ requirements: [Requirement], reportUnknown: Bool, _ judged: (Requirement) -> Bool) {
            for requirement in requirements where judged(requirement) && judgedAtLevel(requirement) {
                applicable.append((prefix: "", requirement: requirement))
            }
            for name in certification.endorsements {
                guard let endorsement = version.endorsements.first(where: { $0.id == name }) else {
                    if reportUnknown {
                        findings.append(Finding(subject: .unknownEndorsement(name), kind: "endorsement", verdict: .dataError,
                                                measured: "endorsement \(name)", required: "an endorsement the rules define",
                                                reason: "\(certification.ref): \(rules.key) defines no endorsement '\(name)' in the version from \(version.validFrom)",
                                                cure: "correct the certification record or the rule file"))
                    }
                    continue
                }
                let prefix = "endorsement.\(name)."
                for requirement in endorsement.requirements where judged(requirement) && judgedAtLevel(requirement) {
                    applicable.append((prefix: prefix, requirement: requirement))
                }
            }
        }
        // A holder meets re-checked requirements on the as-of date, from the version in force then.
        include(version, initial, reportUnknown: true) { issuedOn == nil ? !$0.isRenewal : !$0.isJudgedAtRenewal }
        if let issued = issuedOn {
            guard let (current, requirements) = book.requirements(of: rules, on: asOf) else { return noVersion(asOf, "renewal") }
            include(current, requirements, reportUnknown: false) { $0.isJudgedAtRenewal }
            if let levelFinding = levelTerm(certification, rules: rules, issued: issued) { findings.append(levelFinding) }
        }
        if !rules.levels.isEmpty && knownLevel == nil {
            // Reported as a finding, so a lapsed credential still reads lapsed; only level-free requirements are judged.
            let declared = rules.levels.map(\.id).joined(separator: ", ")
            findings.append(Finding(subject: .certificationLevel, kind: "certification", verdict: .dataError,
                                    measured: "level \(certification.level ?? "none")", required: "one of the levels \(declared)",
                                    reason: "\(certification.ref): " + (certification.level.map { "level '\($0)' is not one of \(declared)" }
                                        ?? "no level recorded; \(rules.key) has levels \(declared)"),
                                    cure: "record the certificate level",
                                    evidence: [EvidenceNote(certification.ref, counted: false, code: .unknownLevel, "level \(certification.level ?? "none")")]))
        }
        let dates = EvaluationDates(asOf: asOf, reference: reference, horizonEnd: horizonEnd, projectsExpiry: role == .applicant,
                                    explains: wordsEveryFinding)
        let context = RequirementContext(state: rules.key.state, dates: dates, issued: issuedOn)
        let judging = CredentialJudging(evaluator: self, worker: worker, context: context)
        findings.reserveCapacity(findings.count + applicable.count)
        for (prefix, requirement) in applicable { findings.append(evaluate(requirement, of: worker, judging, context, prefix: prefix)) }
        return CredentialEvaluation(workerID: worker.id, certification: certification.ref, key: certification.key,
                                 number: certification.number, level: certification.level, role: role,
                                    ruleVersion: version.validFrom, verdict: Self.verdict(role: role, findings: findings),
                                    expiresOn: certification.expiresOn, findings: findings)
    }

    /// What one requirement is judged with, besides the worker.
    struct RequirementContext: Sendable {
        let state: String
        let dates: EvaluationDates
        /// The issue date of a held credential (renewal cycles run from it).
        let issued: Day?

        var explaining: RequirementContext { RequirementContext(state: state, dates: dates.explaining, issued: issued) }

        /// The days `requirement` is judged on: a re-check is judged on the as-of date for a holder
        /// too, and its window can age out before the horizon.
        func dates(for requirement: Requirement) -> EvaluationDates {
            requirement.atRenewal
                ? EvaluationDates(asOf: dates.asOf, reference: dates.asOf, horizonEnd: dates.horizonEnd, projectsExpiry: true, explains: dates.explains)
                : dates
        }
    }

    /// A credential's judging, kept by its findings judged for their verdict alone, which word
    /// themselves from it when read. One per credential, shared by its findings: the worker is
    /// retained once here, not by each finding.
    final class CredentialJudging: Sendable {
        let evaluator: Evaluator
        let worker: WorkerRecord
        let context: RequirementContext

        init(evaluator: Evaluator, worker: WorkerRecord, context: RequirementContext) {
            self.evaluator = evaluator
            self.worker = worker
            self.context = context
        }

        /// The requirement judged again, with its wording and evidence notes.
        func explained(_ requirement: Requirement, prefix: String) -> Outcome {
            evaluator.outcome(of: requirement, worker, self, context.explaining, prefix: prefix)
        }
    }

    /// A certificate level with a term (a provisional certificate) may not run past it.
    func levelTerm(_ certification: CertificationRecord, rules: CredentialRules, issued: Day) -> Finding? {
        guard let level = rules.levels.first(where: { $0.id == certification.level }), let maximum = level.maximumMonths,
              let expires = certification.expiresOn else { return nil }
        let limit = issued.adding(months: maximum)
        let required = "a \(level.id) certificate runs at most \(maximum) months (\(level.termMonths ?? 0) + \(level.extensions) extension\(level.extensions == 1 ? "" : "s"))"
        let evidence = [EvidenceNote(certification.ref, counted: true, code: .certificate, "issued \(issued), expires \(expires)")]
        if expires > limit {
            return Finding(subject: .levelTerm(level.id), kind: "level", verdict: .dataError, measured: "expires \(expires)",
                           required: required, reason: "\(certification.ref): expires \(expires), after the last allowed day \(limit)",
                           cure: "correct the expiry date or the level", location: level.location, evidence: evidence)
        }
        return Finding(subject: .levelTerm(level.id), kind: "level", verdict: .met, measured: "expires \(expires)",
                       required: required, reason: "within the term", location: level.location, evidence: evidence)
    }

    /// A requirement's finding. Judged without wording, a requirement that is not met is judged again
    /// with it: such findings are always written in full.
    /// `worker` is `judging.worker`, passed on its own: read out of the class, the record would be
    /// copied (a retain of each of its arrays) for every requirement.
    func evaluate(_ requirement: Requirement, of worker: WorkerRecord, _ judging: CredentialJudging, _ context: RequirementContext,
                  prefix: String) -> Finding {
        var outcome = outcome(of: requirement, worker, judging, context, prefix: prefix)
        if outcome.wording == nil && outcome.verdict != .met {
            outcome = self.outcome(of: requirement, worker, judging, context.explaining, prefix: prefix)
        }
        // An id longer than a small string is on the heap: "" + id would copy it for every finding.
        return Finding(requirement, subject: .requirement(prefix.isEmpty ? requirement.id : prefix + requirement.id), state: context.state,
                       judgedOn: context.dates(for: requirement).reference, outcome: outcome,
                       judging: judging, prefix: prefix)
    }

    func outcome(of requirement: Requirement, _ worker: WorkerRecord, _ judging: CredentialJudging, _ context: RequirementContext,
                 prefix: String) -> Outcome {
        let state = context.state
        let dates = context.dates(for: requirement)
        var outcome: Outcome
        switch requirement.spec {
        case .age(let rule):
            outcome = AgeEvaluator.evaluate(rule, birthDate: worker.birthDate, dates)
        case .residency(let rule):
            outcome = ResidencyEvaluator.evaluate(rule, residence: worker.residenceState, work: worker.workState, dates)
        case .education(let rule):
            outcome = EducationEvaluator.evaluate(rule, worker.education, dates)
        case .livedExperience(let rule):
            outcome = LivedExperienceEvaluator.evaluate(rule, worker.attestations, dates)
        case .training(let rule):
            outcome = TrainingEvaluator.evaluate(rule, state: state, worker.training, catalog: book.catalog, approvals: approvals, dates)
        case .exam(let rule):
            outcome = ExamEvaluator.evaluate(rule, worker.exams, catalog: book.catalog, dates)
        case .supervisedExperience(let rule):
            outcome = SupervisedExperienceEvaluator.evaluate(rule, worker.supervised, supervisors: supervisors, dates)
        case .ethics(let rule):
            outcome = EthicsEvaluator.evaluate(rule, state: state, worker.ethics, dates)
        case .backgroundCheck(let rule):
            outcome = BackgroundCheckEvaluator.evaluate(rule, worker.backgroundChecks, dates)
        case .continuingEducation(let rule):
            outcome = ContinuingEducationEvaluator.evaluate(rule, issued: context.issued ?? dates.asOf, birthDate: worker.birthDate,
                                                            worker.continuingEducation, catalog: book.catalog, dates)
        case .serviceHours(let rule):
            outcome = ServiceHoursEvaluator.evaluate(rule, issued: context.issued ?? dates.asOf, birthDate: worker.birthDate, worker.supervised, dates)
        case .workExperience(let rule):
            outcome = WorkExperienceEvaluator.evaluate(rule, worker.employment, dates)
        case .oneOf(let alternatives):
            outcome = AlternativePathsEvaluator.evaluate(alternatives, dates) {
                evaluate($1, of: worker, judging, context, prefix: prefix + requirement.id + "." + $0.id + ".")
            }
        }
        let judgedOn = requirement.isJudgedAtRenewal ? dates.asOf : dates.reference
        if let phaseIn = requirement.phaseIn, judgedOn < phaseIn,
           outcome.verdict == .notMet || outcome.verdict == .insufficientEvidence {
            outcome.verdict = .warning
            if let reason = outcome.wording?.reason { outcome.wording?.reason = "required from \(phaseIn); not yet enforced: " + reason }
        }
        return outcome
    }

    /// Whether the held credential is within its period: expired, lapsing inside the horizon, or valid.
    func certificationPeriod(_ certification: CertificationRecord, status: CertificationRecord.Status, horizonEnd: Day) -> Finding {
        // Every held credential has this finding: its note keeps the status alone, not a copy of the record.
        let recorded = certification.status
        let evidence = [EvidenceNote(certification.ref, counted: true, code: .certificate, "status \(recorded)")]
        func finding(_ verdict: Verdict, _ measured: String, _ reason: String, _ cure: String?) -> Finding {
            // Lapsed: renew or reapply now; lapsing inside the horizon: renew by the expiry date.
            let renew: [Shortfall] = switch verdict {
            case .notMet: [.renew(by: nil)]
            case .expiring: [.renew(by: certification.expiresOn)]
            default: []
            }
            return Finding(subject: .certificationPeriod, kind: "certification", verdict: verdict, measured: measured,
                           required: "an unexpired credential", reason: reason, cure: cure, evidence: evidence, shortfalls: renew)
        }
        guard let expires = certification.expiresOn else {
            if status == .expired { return finding(.notMet, "expired", "the board recorded the credential as expired", "renew or reapply") }
            return finding(.dataError, "no expiry date", "\(certification.ref): an active credential has no expiry date",
                           "correct the certification record")
        }
        if expires < asOf {
            return finding(.notMet, "expired on \(expires)", "the credential lapsed \(quantity(asOf - expires, "day")) ago", "renew or reapply")
        }
        if status == .expired {
            return finding(.notMet, "expired", "the board recorded the credential as expired (expiry date \(expires))", "renew or reapply")
        }
        if expires <= horizonEnd {
            return finding(.expiring, "valid until \(expires)", expires == asOf ? "lapses after today" : "lapses in \(quantity(expires - asOf, "day"))", "renew before \(expires)")
        }
        return finding(.met, "valid until \(expires)", "in force", nil)
    }

    /// The credential's verdict from its findings, worst first.
    static func verdict(role: Role, findings: [Finding]) -> CredentialVerdict {
        // One pass and a bit set, nothing allocated: this runs for every credential.
        var tally = 0
        for finding in findings {
            if finding.subject == .certificationPeriod && finding.verdict == .notMet { return .lapsed }
            tally |= 1 << finding.verdict.index
        }
        // A constant for the nested function: a captured var would be boxed and its every read checked.
        let seen = tally
        func has(_ verdict: Verdict) -> Bool { seen & (1 << verdict.index) != 0 }
        if has(.dataError) { return .error }
        if has(.notMet) || has(.insufficientEvidence) { return role == .applicant ? .pending : .nonCompliant }
        if has(.expiring) || has(.warning) { return .atRisk }
        return .compliant
    }
}
