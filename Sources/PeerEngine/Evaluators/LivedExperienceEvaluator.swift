import PeerRules

/// Lived experience: an attestation of an accepted kind and, where the state sets one, a minimum
/// time in recovery. What it measures is health information: it goes only to the board's reports.
enum LivedExperienceEvaluator {
    static func evaluate(_ rule: LivedExperienceRule, _ records: [LivedExperienceAttestation], _ dates: EvaluationDates) -> Outcome {
        var screen = EvidenceScreen(expecting: records.count, dates)
        var usable: [(record: LivedExperienceAttestation, kind: LivedExperienceKind)] = []
        for record in records {
            guard let kind = LivedExperienceKind(rawValue: record.kind) else {
                screen.dataError(record.ref, "kind", .unknownCode(record.kind))
                continue
            }
            if let since = record.recoverySince, since > dates.asOf {
                screen.dataError(record.ref, "recovery_since", .afterAsOf(since, asOf: dates.asOf))
                continue
            }
            guard screen.date(record.attestedOn, record.ref, "attested_on") != nil else { continue }
            usable.append((record, kind))
        }
        if screen.hasErrors { return screen.dataErrorOutcome() }
        guard !usable.isEmpty else {
            return Outcome(.insufficientEvidence, .livedExperience(.noAttestation(onOrBefore: dates.reference)), evidence: screen.uses,
                           lacking: [.evidence(.livedExperienceAttestation)])
        }
        let matching = usable.filter { rule.acceptedKinds.contains($0.kind) }
        for other in usable where !rule.acceptedKinds.contains(other.kind) {
            screen.skip(other.record.ref, .notAccepted, .livedExperienceKind(other.kind.rawValue))
        }
        guard !matching.isEmpty else {
            return Outcome(.notMet, .livedExperience(.kindNotAccepted(Set(usable.map(\.kind.rawValue)).sorted())), evidence: screen.uses,
                           lacking: [.evidence(.livedExperienceAttestation)])
        }
        // A family member's lived experience has no recovery to measure: the minimum is for the others.
        let family = matching.first { $0.kind == .family }
        guard let minimum = rule.minimumMonthsInRecovery, minimum > 0, family == nil else {
            let shown = family ?? matching[0]
            screen.count(shown.record.ref, .livedExperienceKind(shown.kind.rawValue))
            return Outcome(.met, .livedExperience(.attested(kind: shown.kind.rawValue)), evidence: screen.uses)
        }
        // The longest recovery decides; an attestation without a start date cannot show any.
        let dated = matching.compactMap { entry in entry.record.recoverySince.map { (entry, $0) } }
        guard let (best, since) = dated.min(by: { $0.1 < $1.1 }) else {
            for entry in matching { screen.skip(entry.record.ref, .noRecoveryStart) }
            return Outcome(.insufficientEvidence, .livedExperience(.noRecoveryStart), evidence: screen.uses,
                           lacking: [.evidence(.recoveryStart)])
        }
        let months = max(0, since.wholeMonths(until: dates.reference))
        let metOn = since.adding(months: minimum)
        screen.count(best.record.ref, .recoverySince(since))
        for entry in matching where entry.record.ref != best.record.ref {
            screen.skip(entry.record.ref, entry.record.recoverySince == nil ? .noRecoveryStart : .superseded)
        }
        let measurement = Measurement.livedExperience(.recovery(months: months, minimum: minimum, metOn: metOn, judgedOn: dates.reference))
        if metOn <= dates.reference { return Outcome(.met, measurement, evidence: screen.uses) }
        return Outcome(.notMet, measurement, evidence: screen.uses, lacking: [.recoveryMonths(missing: minimum - months, required: minimum, metOn: metOn)])
    }
}
