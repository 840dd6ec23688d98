import PeerRules

/// Training hours: a total and per-domain minimums, optionally within a window and from providers
/// the state approved.
enum TrainingEvaluator {
    static func evaluate(_ rule: TrainingRule, state: String, _ records: [TrainingRecord], catalog: Catalog,
                         approvals: ProviderApprovals, _ dates: EvaluationDates) -> Outcome {
        var online = Hours.zero
        var inService = Hours.zero

        var screen = EvidenceScreen(expecting: records.count, dates)
        var tally = WindowedTally(labels: rule.sumLabels, minimums: rule.minimums)
        for index in records.indices {
            let record = records[index]
            if catalog.trainingDomains[record.domain] == nil {
                screen.dataError(record.ref, "domain", .unknownCode(record.domain))
                continue
            }
            guard let mode = DeliveryMode(rawValue: record.deliveryMode) else {
                screen.dataError(record.ref, "delivery_mode", .unknownCode(record.deliveryMode))
                continue
            }
            guard let hours = screen.hours(record.hours, record.ref, "hours"),
                  let completed = screen.date(record.completedOn, record.ref, "completed_on") else { continue }
            let leaves = completed.leavesWindow(ofMonths: rule.windowMonths)
            if let leaves, leaves <= dates.reference {
                screen.skip(record.ref, .outsideWindow, .day(completed))
                continue
            }
            if rule.approvedProvidersOnly {
                guard let provider = record.providerID else {
                    screen.skip(record.ref, .noProvider)
                    continue
                }
                guard approvals.isApproved(provider: provider, state: state, on: completed) else {
                    screen.skip(record.ref, .unapprovedProvider, .provider(provider, completed: completed))
                    continue
                }
            }
            if !rule.allowedModes.isEmpty, !rule.allowedModes.contains(mode) {
                screen.skip(record.ref, .modeNotAccepted, .deliveryMode(mode))
                continue
            }
            // Capped modes count up to the cap; the rest of the record is set aside.
            var counted = hours
            if mode.isOnline, let cap = rule.maxOnlineHours {
                counted = min(hours, max(.zero, cap - online))
                online = online + counted
            } else if mode == .inService, let cap = rule.maxInServiceHours {
                counted = min(hours, max(.zero, cap - inService))
                inService = inService + counted
            }
            if counted == .zero {
                screen.skip(record.ref, .capReached, .deliveryMode(mode))
                continue
            }
            tally.add(counted, toTotalAnd: { rule.domainMinimums[$0 - 1].domain == record.domain }, leavesOn: leaves)
            screen.count(record.ref, .trainingHours(counted: counted, recorded: hours, domain: record.domain, mode: mode))
        }
        if screen.hasErrors { return screen.dataErrorOutcome() }
        if screen.isEmpty {
            return Outcome(.insufficientEvidence, .training(.noRecords), lacking: [.evidence(.trainingRecords)])
        }
        let shortfalls = tally.shortfalls
        if !shortfalls.isEmpty {
            return Outcome(.notMet, .training(.hours(sums: tally.sums, notCounted: screen.skippedCount, fallsShortOn: nil)), evidence: screen.uses,
                           lacking: tally.hoursShortfalls([.training] + rule.domainMinimums.map { _ in .training }))
        }
        if dates.projectsExpiry, let day = tally.firstShortfall(after: dates.asOf, through: dates.horizonEnd) {
            return Outcome(.expiring, .training(.hours(sums: tally.sums, notCounted: screen.skippedCount, fallsShortOn: day)), evidence: screen.uses,
                           lacking: [.dueBy(day)])
        }
        return Outcome(.met, .training(.hours(sums: tally.sums, notCounted: screen.skippedCount, fallsShortOn: nil)), evidence: screen.uses)
    }
}
