import PeerRules

/// Lived experience: an attestation of an accepted kind and, where the state sets one, a minimum
/// time in recovery. What it measures is health information: it goes only to the board's reports.
enum LivedExperienceEvaluator {
    static func evaluate(_ rule: LivedExperienceRule, _ records: [LivedExperienceAttestation], _ dates: EvaluationDates) -> Outcome {
        var screen = EvidenceScreen(expecting: records.count, dates)
        var usable: [(record: LivedExperienceAttestation, kind: LivedExperienceKind)] = []
        for record in records {
            guard let kind = LivedExperienceKind(rawValue: record.kind) else {
                screen.dataError(record.ref, "unknown lived-experience kind '\(record.kind)'")
                continue
            }
            if let since = record.recoverySince, since > dates.asOf {
                screen.dataError(record.ref, "recovery start \(since) is after the as-of date \(dates.asOf)")
                continue
            }
            guard screen.date(record.attestedOn, record.ref, "attested") != nil else { continue }
            usable.append((record, kind))
        }
        if screen.hasErrors { return screen.dataErrorOutcome() }
        guard !usable.isEmpty else {
            return Outcome(verdict: .insufficientEvidence, measured: "no attestation on file",
                           reason: "no lived-experience attestation dated on or before \(dates.reference)",
                           cure: "record the worker's signed attestation of lived experience", evidence: screen.notes, dates)
                .lacking(.evidence(.livedExperienceAttestation))
        }
        let matching = usable.filter { rule.acceptedKinds.contains($0.kind) }
        for other in usable where !rule.acceptedKinds.contains(other.kind) {
            screen.skip(other.record.ref, .notAccepted, "kind \(other.kind.rawValue) is not accepted")
        }
        guard !matching.isEmpty else {
            let kinds = Set(usable.map(\.kind.rawValue)).sorted().joined(separator: ", ")
            return Outcome(verdict: .notMet, measured: "attested kind \(kinds)",
                           reason: "the attested kind is not one this credential accepts", cure: nil, evidence: screen.notes, dates)
                .lacking(.evidence(.livedExperienceAttestation))
        }
        // A family member's lived experience has no recovery to measure: the minimum is for the others.
        let family = matching.first { $0.kind == .family }
        guard let minimum = rule.minimumMonthsInRecovery, minimum > 0, family == nil else {
            let shown = family ?? matching[0]
            screen.count(shown.record.ref, "attestation of kind \(shown.kind.rawValue)")
            return Outcome(verdict: .met, measured: "attestation of kind \(shown.kind.rawValue)",
                           reason: "attestation on file", cure: nil, evidence: screen.notes, dates)
        }
        // The longest recovery decides; an attestation without a start date cannot show any.
        let dated = matching.compactMap { entry in entry.record.recoverySince.map { (entry, $0) } }
        guard let (best, since) = dated.min(by: { $0.1 < $1.1 }) else {
            for entry in matching { screen.skip(entry.record.ref, .noRecoveryStart, "no recovery start date") }
            return Outcome(verdict: .insufficientEvidence, measured: "attestation without a recovery start date",
                           reason: "the time in recovery cannot be measured", cure: "record when the worker's recovery began",
                           evidence: screen.notes, dates)
                .lacking(.evidence(.recoveryStart))
        }
        let months = max(0, since.wholeMonths(until: dates.reference))
        let metOn = since.adding(months: minimum)
        screen.count(best.record.ref, "in recovery since \(since)")
        for entry in matching where entry.record.ref != best.record.ref {
            screen.skip(entry.record.ref, entry.record.recoverySince == nil ? .noRecoveryStart : .superseded,
                            entry.record.recoverySince == nil ? "no recovery start date" : "a longer recovery is on file")
        }
        if metOn <= dates.reference {
            return Outcome(verdict: .met, measured: "\(months) months in recovery",
                           reason: "\(months) of \(minimum) months", cure: nil, evidence: screen.notes, dates)
        }
        let shortDays = metOn - dates.reference
        return Outcome(verdict: .notMet, measured: "\(months) months in recovery",
                       reason: "\(months) of \(minimum) months in recovery on \(dates.reference); \(quantity(shortDays, "day")) short",
                       cure: "met on \(metOn) if recovery continues", evidence: screen.notes, dates)
            .lacking(.recoveryMonths(missing: minimum - months, required: minimum, metOn: metOn))
    }
}
