import PeerRules

/// Supervised experience: work hours and supervision hours, optionally within a window.
enum SupervisedExperienceEvaluator {
    static func evaluate(_ rule: SupervisedExperienceRule, _ records: [SupervisedExperienceRecord], supervisors: SupervisorDirectory,
                         _ dates: EvaluationDates) -> Outcome {
        var screen = EvidenceScreen(expecting: records.count, dates)
        var tally = WindowedTally(labels: ["work", "supervision"], minimums: [rule.workHours, rule.supervisionHours])
        for record in records {
            guard let work = screen.hours(record.workHours, record.ref, "work_hours"),
                  let supervision = screen.hours(record.supervisionHours, record.ref, "supervision_hours") else { continue }
            guard let start = record.periodStart else {
                screen.dataError(record.ref, "period_start", .missing)
                continue
            }
            guard let end = screen.date(record.periodEnd, record.ref, "period_end") else { continue }
            if end < start {
                screen.dataError(record.ref, "period_end", .endsBeforeStart(end: end, start: start))
                continue
            }
            let leaves = end.leavesWindow(ofMonths: rule.windowMonths)
            if let leaves, leaves <= dates.reference {
                screen.skip(record.ref, .outsideWindow, .day(end))
                continue
            }
            if !rule.supervisorCredentials.isEmpty {
                let credential = record.supervisorID.flatMap(supervisors.credential(of:))
                guard let credential, rule.supervisorCredentials.contains(credential) else {
                    screen.skip(record.ref, .supervisorNotAccepted, .supervisor(id: record.supervisorID, credential: credential))
                    continue
                }
            }
            tally.add([work, supervision], leavesOn: leaves)
            screen.count(record.ref, .supervisedPeriod(work: work, supervision: supervision, start: start, end: end))
        }
        if screen.hasErrors { return screen.dataErrorOutcome() }
        if screen.isEmpty {
            return Outcome(.insufficientEvidence, .supervisedExperience(.noRecords), lacking: [.evidence(.supervisedExperience)])
        }
        let (work, supervision) = (tally.sums[0], tally.sums[1])
        if !tally.shortfalls.isEmpty {
            return Outcome(.notMet, .supervisedExperience(.hours(work: work, supervision: supervision, fallsShortOn: nil)), evidence: screen.uses,
                           lacking: tally.hoursShortfalls([.supervisedWork, .supervision]))
        }
        if dates.projectsExpiry, let day = tally.firstShortfall(after: dates.asOf, through: dates.horizonEnd) {
            return Outcome(.expiring, .supervisedExperience(.hours(work: work, supervision: supervision, fallsShortOn: day)), evidence: screen.uses,
                           lacking: [.dueBy(day)])
        }
        return Outcome(.met, .supervisedExperience(.hours(work: work, supervision: supervision, fallsShortOn: nil)), evidence: screen.uses)
    }
}
