import PeerRules

/// Training hours: a total and per-domain minimums, optionally within a window and from providers
/// the state approved.
enum TrainingEvaluator {
    static func evaluate(_ rule: TrainingRule, state: String, _ records: [TrainingRecord], catalog: Catalog,
                         approvals: ProviderApprovals, _ dates: EvaluationDates) -> Outcome {
        var online = Hours.zero
        var inService = Hours.zero

        var screen = EvidenceScreen(expecting: records.count, dates)
        var tally = WindowedTally(labels: ["total"] + rule.domainMinimums.map(\.domain),
                                  minimums: [rule.totalHours] + rule.domainMinimums.map(\.hours))
        for record in records {
            if catalog.trainingDomains[record.domain] == nil {
                screen.dataError(record.ref, "unknown training domain '\(record.domain)'")
                continue
            }
            guard let mode = DeliveryMode(rawValue: record.deliveryMode) else {
                screen.dataError(record.ref, "unknown delivery mode '\(record.deliveryMode)'")
                continue
            }
            guard let hours = screen.hours(record.hours, record.ref, "hours"),
                  let completed = screen.date(record.completedOn, record.ref, "completed") else { continue }
            let leaves = completed.leavesWindow(ofMonths: rule.windowMonths)
            if let leaves, leaves <= dates.reference {
                screen.skip(record.ref, .outsideWindow, "completed \(completed), outside the \(rule.windowMonths!)-month window")
                continue
            }
            if rule.approvedProvidersOnly {
                guard let provider = record.providerID else {
                    screen.skip(record.ref, .noProvider, "no provider recorded; only approved providers count")
                    continue
                }
                guard approvals.isApproved(provider: provider, state: state, on: completed) else {
                    screen.skip(record.ref, .unapprovedProvider, "provider \(provider) was not approved by \(state) on \(completed)")
                    continue
                }
            }
            if !rule.allowedModes.isEmpty, !rule.allowedModes.contains(mode) {
                screen.skip(record.ref, .modeNotAccepted, "delivered \(mode.rawValue), which does not count")
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
                screen.skip(record.ref, .capReached, "\(mode.rawValue) hours are already at their cap")
                continue
            }
            tally.add(counted, toTotalAnd: { rule.domainMinimums[$0 - 1].domain == record.domain }, leavesOn: leaves)
            // The note captures the values it words, not a copy of the record (one per training record of every worker).
            let (countedHours, domain) = (counted, record.domain)
            screen.count(record.ref, "\(countedHours) h \(domain)" + (countedHours < hours ? " (\(hours - countedHours) h over the \(mode.isOnline ? "online" : "in-service") cap)" : ""))
        }
        if screen.hasErrors { return screen.dataErrorOutcome() }

        let skipped = screen.skippedCount
        // Worded only when the outcome is (see `EvaluationDates.explains`).
        var skippedNote: String { skipped > 0 ? "; \(quantity(skipped, "record")) not counted" : "" }
        let sums = tally.sums
        func measured() -> String {
            var text = "\(sums[0]) of \(rule.totalHours) training hours"
            if !rule.domainMinimums.isEmpty {
                text += " (" + rule.domainMinimums.indices.map { "\(sums[$0 + 1]) of \(rule.domainMinimums[$0].hours) \(rule.domainMinimums[$0].domain)" }
                    .joined(separator: ", ") + ")"
            }
            return text
        }
        if screen.isEmpty {
            return Outcome(verdict: .insufficientEvidence, measured: "no training records",
                           reason: "no training on file", cure: "record the worker's completed training", evidence: [], dates)
                .lacking(.evidence(.trainingRecords))
        }
        let shortfalls = tally.shortfalls
        if !shortfalls.isEmpty {
            let (minimums, labels) = (tally.minimums, tally.labels)
            let gaps = shortfalls.map { quantity(minimums[$0] - sums[$0], $0 == 0 ? "hour" : labels[$0] + " hour") + " missing" }
            return Outcome(verdict: .notMet, measured: measured(), reason: gaps.joined(separator: ", ") + skippedNote,
                           cure: "complete " + shortfalls.map { quantity(minimums[$0] - sums[$0], $0 == 0 ? "more hour" : "more " + labels[$0] + " hour") }
                               .joined(separator: " and ") + (rule.approvedProvidersOnly ? " with an approved provider" : ""),
                           evidence: screen.notes, dates)
                .lacking(tally.hoursShortfalls([.training] + rule.domainMinimums.map { _ in .training }))
        }
        if dates.projectsExpiry, let day = tally.firstShortfall(after: dates.asOf, through: dates.horizonEnd) {
            return Outcome(verdict: .expiring, measured: measured(),
                           reason: "met now; falls short on \(day) as older training leaves the \(rule.windowMonths ?? 0)-month window" + skippedNote,
                           cure: "complete the application before \(day)", evidence: screen.notes, dates)
                .lacking(.dueBy(day))
        }
        return Outcome(verdict: .met, measured: measured(), reason: "requirement met" + skippedNote, cure: nil, evidence: screen.notes, dates)
    }
}
