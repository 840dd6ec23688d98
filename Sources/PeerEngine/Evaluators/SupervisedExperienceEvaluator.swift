import PeerRules

/// Supervised experience: work hours and supervision hours, optionally within a window.
enum SupervisedExperienceEvaluator {
    static func evaluate(_ rule: SupervisedExperienceRule, _ records: [SupervisedExperienceRecord], supervisors: SupervisorDirectory,
                         _ dates: EvaluationDates) -> Outcome {
        var screen = EvidenceScreen(expecting: records.count, dates)
        var tally = WindowedTally(labels: ["work", "supervision"], minimums: [rule.workHours, rule.supervisionHours])
        for record in records {
            guard let work = screen.hours(record.workHours, record.ref, "work hours"),
                  let supervision = screen.hours(record.supervisionHours, record.ref, "supervision hours") else { continue }
            guard let start = record.periodStart else {
                screen.dataError(record.ref, "period start date is missing")
                continue
            }
            guard let end = screen.date(record.periodEnd, record.ref, "period ending") else { continue }
            if end < start {
                screen.dataError(record.ref, "period ends \(end), before it starts \(start)")
                continue
            }
            let leaves = end.leavesWindow(ofMonths: rule.windowMonths)
            if let leaves, leaves <= dates.reference {
                screen.skip(record.ref, .outsideWindow, "period ended \(end), outside the \(rule.windowMonths!)-month window")
                continue
            }
            if !rule.supervisorCredentials.isEmpty {
                let credential = record.supervisorID.flatMap(supervisors.credential(of:))
                guard let credential, rule.supervisorCredentials.contains(credential) else {
                    screen.skip(record.ref, .supervisorNotAccepted, record.supervisorID.map { "supervisor \($0) holds \(credential ?? "no listed credential")" }
                                ?? "no supervisor recorded")
                    continue
                }
            }
            tally.add([work, supervision], leavesOn: leaves)
            screen.count(record.ref, "\(work) h work, \(supervision) h supervision, \(start) to \(end)")
        }
        if screen.hasErrors { return screen.dataErrorOutcome() }
        if screen.isEmpty {
            return Outcome(verdict: .insufficientEvidence, measured: "no supervised experience on file",
                           reason: "no supervised-experience records", cure: "record the worker's supervised hours", evidence: [], dates)
                .lacking(.evidence(.supervisedExperience))
        }
        let sums = tally.sums
        func measured() -> String { "\(sums[0]) of \(rule.workHours) work hours, \(sums[1]) of \(rule.supervisionHours) supervision hours" }
        let shortfalls = tally.shortfalls
        if !shortfalls.isEmpty {
            let gaps = shortfalls.map { quantity(tally.minimums[$0] - tally.sums[$0], tally.labels[$0] + " hour") + " missing" }.joined(separator: ", ")
            return Outcome(verdict: .notMet, measured: measured(), reason: gaps,
                           cure: "complete the missing supervised hours", evidence: screen.notes, dates)
                .lacking(tally.hoursShortfalls([.supervisedWork, .supervision]))
        }
        if dates.projectsExpiry, let day = tally.firstShortfall(after: dates.asOf, through: dates.horizonEnd) {
            return Outcome(verdict: .expiring, measured: measured(),
                           reason: "met now; falls short on \(day) as older periods leave the \(rule.windowMonths ?? 0)-month window",
                           cure: "complete the application before \(day)", evidence: screen.notes, dates)
                .lacking(.dueBy(day))
        }
        return Outcome(verdict: .met, measured: measured(), reason: "requirement met", cure: nil, evidence: screen.notes, dates)
    }
}
