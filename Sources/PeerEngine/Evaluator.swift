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

    public init(book: RuleBook, approvals: ProviderApprovals, supervisors: SupervisorDirectory = SupervisorDirectory(),
                asOf: Day, horizonDays: Int = 90) {
        self.book = book
        self.approvals = approvals
        self.supervisors = supervisors
        self.asOf = asOf
        self.horizonDays = horizonDays
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
            Finding(subject: .unreadableValue(value.ref, column: value.column), verdict: .dataError, state: evaluation.key.state,
                    measurement: .unreadableValue(value),
                    evidence: [EvidenceUse(value.ref, counted: false, code: .unreadableValue, .unreadable(value))])
        }
        let verdict: CredentialVerdict = switch evaluation.verdict {
        case .revoked, .suspended, .lapsed: evaluation.verdict
        case .compliant, .atRisk, .nonCompliant, .pending, .error: .error
        }
        return CredentialEvaluation(workerID: evaluation.workerID, certification: evaluation.certification, key: evaluation.key,
                                    number: evaluation.number, level: evaluation.level, role: evaluation.role,
                                    ruleVersion: evaluation.ruleVersion, verdict: verdict,
                                    expiresOn: evaluation.expiresOn, findings: evaluation.findings + findings)
    }

    func evaluate(_ certification: CertificationRecord, of worker: WorkerRecord) -> CredentialEvaluation {
        let horizonEnd = asOf.adding(days: horizonDays)
        let state = certification.key.state
        func single(_ role: Role, _ verdict: CredentialVerdict, _ finding: Finding, version: Day? = nil) -> CredentialEvaluation {
            CredentialEvaluation(workerID: worker.id, certification: certification.ref, key: certification.key,
                                 number: certification.number, level: certification.level, role: role,
                                 ruleVersion: version, verdict: verdict, expiresOn: certification.expiresOn, findings: [finding])
        }
        func statusFinding(_ verdict: Verdict, _ status: CertificateStatus) -> Finding {
            Finding(subject: .certificationStatus, verdict: verdict, state: state, measurement: .certificateStatus(status, certification: certification.ref),
                    evidence: [EvidenceUse(certification.ref, counted: verdict != .dataError, code: .certificate, .status(certification.status))])
        }

        guard let status = CertificationRecord.Status(rawValue: certification.status) else {
            return single(.holder, .error, statusFinding(.dataError, .unknown(certification.status)))
        }
        let role: Role = status == .applied ? .applicant : .holder
        switch status {
        case .revoked: return single(role, .revoked, statusFinding(.notMet, .revoked))
        case .suspended: return single(role, .suspended, statusFinding(.notMet, .suspended))
        case .active, .expired, .applied: break
        }

        guard let rules = book.credentials[certification.key] else {
            return single(role, .error, Finding(subject: .unknownCredential, verdict: .dataError, state: state,
                                                measurement: .unknownCredential(certification.key, certification: certification.ref),
                                                evidence: [EvidenceUse(certification.ref, counted: false, code: .unknownCredential, .none)]))
        }

        // A holder met the initial requirements once, when certified: judge them on the issue date.
        // Renewal requirements are judged on the as-of date, against the rules in force then.
        var findings: [Finding] = []
        let reference: Day
        var issuedOn: Day?
        if role == .holder {
            guard let issued = certification.issuedOn, issued <= asOf else {
                let problem: CertificateStatus = certification.issuedOn.map { .issuedAfterAsOf($0, asOf: asOf) } ?? .issueDateMissing
                return single(role, .error, statusFinding(.dataError, problem))
            }
            reference = issued
            issuedOn = issued
            findings.append(certificationPeriod(certification, status: status, horizonEnd: horizonEnd))
        } else {
            reference = asOf
        }

        func noVersion(_ day: Day, _ purpose: NoRuleVersion.Purpose) -> CredentialEvaluation {
            let cause: NoRuleVersion.Cause = if rules.version(on: day) != nil, let base = rules.extends {
                .sharedDefinition(base)
            } else {
                rules.versions.first.map { .earliestVersion($0.validFrom) } ?? .noVersions
            }
            return single(role, .error, Finding(subject: .ruleVersion, verdict: .dataError, state: state,
                                                measurement: .noRuleVersion(NoRuleVersion(file: rules.file, day: day, purpose: purpose, cause: cause))))
        }
        guard let (version, initial) = book.requirements(of: rules, on: reference) else {
            return noVersion(reference, role == .holder ? .issueDate : .application)
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
                        findings.append(Finding(subject: .unknownEndorsement(name), verdict: .dataError, state: state,
                                                measurement: .unknownEndorsement(name: name, key: rules.key, versionFrom: version.validFrom,
                                                                                 certification: certification.ref)))
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
            guard let (current, requirements) = book.requirements(of: rules, on: asOf) else { return noVersion(asOf, .renewal) }
            include(current, requirements, reportUnknown: false) { $0.isJudgedAtRenewal }
            if let levelFinding = levelTerm(certification, rules: rules, issued: issued) { findings.append(levelFinding) }
        }
        if !rules.levels.isEmpty && knownLevel == nil {
            // Reported as a finding, so a lapsed credential still reads lapsed; only level-free requirements are judged.
            findings.append(Finding(subject: .certificationLevel, verdict: .dataError, state: state,
                                    measurement: .certificateLevel(recorded: certification.level, declared: rules.levels.map(\.id), key: rules.key,
                                                                   certification: certification.ref),
                                    evidence: [EvidenceUse(certification.ref, counted: false, code: .unknownLevel, .level(certification.level))]))
        }
        let dates = EvaluationDates(asOf: asOf, reference: reference, horizonEnd: horizonEnd, projectsExpiry: role == .applicant)
        let context = RequirementContext(state: state, dates: dates, issued: issuedOn)
        findings.reserveCapacity(findings.count + applicable.count)
        for (prefix, requirement) in applicable { findings.append(evaluate(requirement, of: worker, context, prefix: prefix)) }
        return CredentialEvaluation(workerID: worker.id, certification: certification.ref, key: certification.key,
                                    number: certification.number, level: certification.level, role: role,
                                    ruleVersion: version.validFrom, verdict: CredentialVerdict.aggregate(role: role, findings: findings),
                                    expiresOn: certification.expiresOn, findings: findings)
    }

    /// What one requirement is judged with, besides the worker.
    struct RequirementContext: Sendable {
        let state: String
        let dates: EvaluationDates
        /// The issue date of a held credential (renewal cycles run from it).
        let issued: Day?

        /// The days `requirement` is judged on: a re-check is judged on the as-of date for a holder
        /// too, and its window can age out before the horizon.
        func dates(for requirement: Requirement) -> EvaluationDates {
            requirement.atRenewal
                ? EvaluationDates(asOf: dates.asOf, reference: dates.asOf, horizonEnd: dates.horizonEnd, projectsExpiry: true)
                : dates
        }
    }

    /// A certificate level with a term (a provisional certificate) may not run past it.
    func levelTerm(_ certification: CertificationRecord, rules: CredentialRules, issued: Day) -> Finding? {
        guard let level = rules.levels.first(where: { $0.id == certification.level }), let maximum = level.maximumMonths,
              let expires = certification.expiresOn else { return nil }
        let limit = issued.adding(months: maximum)
        return Finding(subject: .levelTerm(level.id), verdict: expires > limit ? .dataError : .met, state: rules.key.state,
                       measurement: .levelTerm(level, issued: issued, expires: expires, lastAllowed: limit, certification: certification.ref),
                       evidence: [EvidenceUse(certification.ref, counted: true, code: .certificate, .term(issued: issued, expires: expires))])
    }

    /// A requirement's finding.
    func evaluate(_ requirement: Requirement, of worker: WorkerRecord, _ context: RequirementContext, prefix: String) -> Finding {
        let dates = context.dates(for: requirement)
        var outcome = outcome(of: requirement, worker, context, dates, prefix: prefix)
        let judgedOn = requirement.isJudgedAtRenewal ? dates.asOf : dates.reference
        if let phaseIn = requirement.phaseIn, judgedOn < phaseIn {
            switch outcome.verdict {
            case .notMet, .insufficientEvidence: outcome.verdict = .warning
            case .met, .expiring, .dataError, .warning: break
            }
        }
        // An id longer than a small string is on the heap: "" + id would copy it for every finding.
        return Finding(subject: .requirement(prefix.isEmpty ? requirement.id : prefix + requirement.id), verdict: outcome.verdict,
                       requirement: requirement, state: context.state, judgedOn: dates.reference, measurement: outcome.measurement,
                       shortfalls: outcome.shortfalls, evidence: outcome.evidence)
    }

    func outcome(of requirement: Requirement, _ worker: WorkerRecord, _ context: RequirementContext, _ dates: EvaluationDates,
                 prefix: String) -> Outcome {
        let state = context.state
        switch requirement.spec {
        case .age(let rule):
            return AgeEvaluator.evaluate(rule, birthDate: worker.birthDate, dates)
        case .residency(let rule):
            return ResidencyEvaluator.evaluate(rule, residence: worker.residenceState, work: worker.workState, dates)
        case .education(let rule):
            return EducationEvaluator.evaluate(rule, worker.education, dates)
        case .livedExperience(let rule):
            return LivedExperienceEvaluator.evaluate(rule, worker.attestations, dates)
        case .training(let rule):
            return TrainingEvaluator.evaluate(rule, state: state, worker.training, catalog: book.catalog, approvals: approvals, dates)
        case .exam(let rule):
            return ExamEvaluator.evaluate(rule, worker.exams, catalog: book.catalog, dates)
        case .supervisedExperience(let rule):
            return SupervisedExperienceEvaluator.evaluate(rule, worker.supervised, supervisors: supervisors, dates)
        case .ethics(let rule):
            return EthicsEvaluator.evaluate(rule, state: state, worker.ethics, dates)
        case .backgroundCheck(let rule):
            return BackgroundCheckEvaluator.evaluate(rule, worker.backgroundChecks, dates)
        case .continuingEducation(let rule):
            return ContinuingEducationEvaluator.evaluate(rule, issued: context.issued ?? dates.asOf, birthDate: worker.birthDate,
                                                         worker.continuingEducation, catalog: book.catalog, dates)
        case .serviceHours(let rule):
            return ServiceHoursEvaluator.evaluate(rule, issued: context.issued ?? dates.asOf, birthDate: worker.birthDate, worker.supervised, dates)
        case .workExperience(let rule):
            return WorkExperienceEvaluator.evaluate(rule, worker.employment, dates)
        case .oneOf(let alternatives):
            return AlternativePathsEvaluator.evaluate(alternatives) {
                evaluate($1, of: worker, context, prefix: prefix + requirement.id + "." + $0.id + ".")
            }
        }
    }

    /// Whether the held credential is within its period: expired, lapsing inside the horizon, or valid.
    func certificationPeriod(_ certification: CertificationRecord, status: CertificationRecord.Status, horizonEnd: Day) -> Finding {
        func finding(_ verdict: Verdict, _ period: CertificatePeriod) -> Finding {
            // Lapsed: renew or reapply now; lapsing inside the horizon: renew by the expiry date.
            let renew: [Shortfall] = switch verdict {
            case .notMet: [.renew(by: nil)]
            case .expiring: [.renew(by: certification.expiresOn)]
            case .met, .insufficientEvidence, .dataError, .warning: []
            }
            return Finding(subject: .certificationPeriod, verdict: verdict, state: certification.key.state,
                           measurement: .certificatePeriod(period, certification: certification.ref), shortfalls: renew,
                           evidence: [EvidenceUse(certification.ref, counted: true, code: .certificate, .status(certification.status))])
        }
        guard let expires = certification.expiresOn else {
            if status == .expired { return finding(.notMet, .recordedExpired(expiresOn: nil)) }
            return finding(.dataError, .noExpiryDate)
        }
        if expires < asOf { return finding(.notMet, .lapsed(on: expires, daysAgo: asOf - expires)) }
        if status == .expired { return finding(.notMet, .recordedExpired(expiresOn: expires)) }
        if expires <= horizonEnd { return finding(.expiring, .lapses(on: expires, inDays: expires - asOf)) }
        return finding(.met, .valid(until: expires))
    }
}
