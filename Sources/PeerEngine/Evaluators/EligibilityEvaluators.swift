import PeerRules

/// Age on the judged day, from the birth date.
enum AgeEvaluator {
    static func evaluate(_ rule: AgeRule, birthDate: Day?, _ dates: EvaluationDates) -> Outcome {
        guard let birthDate else {
            return Outcome(verdict: .insufficientEvidence, measured: "no birth date",
                           reason: "the worker's birth date is not recorded", cure: "record the birth date", evidence: [], dates)
                .lacking(.evidence(.birthDate))
        }
        guard birthDate <= dates.asOf else {
            return Outcome(verdict: .dataError, measured: "born \(birthDate)",
                           reason: "workers.birth_date \(birthDate) is after the as-of date \(dates.asOf)", cure: "correct the birth date", evidence: [], dates)
        }
        let age = birthDate.wholeMonths(until: dates.reference) / 12
        func measured() -> String { "aged \(age)" }
        if let minimum = rule.minimumYears, age < minimum {
            return Outcome(verdict: .notMet, measured: measured(), reason: "under \(minimum)",
                           cure: "eligible from \(birthDate.adding(months: minimum * 12))", evidence: [], dates)
                .lacking(.age(minimum: minimum, maximum: rule.maximumYears, eligibleFrom: birthDate.adding(months: minimum * 12)))
        }
        if let maximum = rule.maximumYears, age > maximum {
            return Outcome(verdict: .notMet, measured: measured(), reason: "over \(maximum)", cure: nil, evidence: [], dates)
                .lacking(.age(minimum: rule.minimumYears, maximum: maximum, eligibleFrom: nil))
        }
        return Outcome(verdict: .met, measured: measured(), reason: "requirement met", cure: nil, evidence: [], dates)
    }
}

/// Living or working in one of the states.
enum ResidencyEvaluator {
    static func evaluate(_ rule: ResidencyRule, residence: String?, work: String?, _ dates: EvaluationDates) -> Outcome {
        let candidates: [(String, String?)] = switch rule.basis {
        case .liveOrWork: [("lives", residence), ("works", work)]
        case .live: [("lives", residence)]
        case .work: [("works", work)]
        }
        if candidates.allSatisfy({ $0.1 == nil }) {
            let missing = candidates.map { $0.0 == "lives" ? "residence state" : "work state" }.joined(separator: " nor ")
            return Outcome(verdict: .insufficientEvidence, measured: "no state recorded",
                           reason: "no \(missing) is recorded", cure: "record where the worker lives and works", evidence: [], dates)
                .lacking(.evidence(.residenceOrWorkState))
        }
        func measured() -> String { candidates.compactMap { label, state in state.map { "\(label) in \($0)" } }.joined(separator: ", ") }
        if candidates.contains(where: { $0.1.map(rule.states.contains) ?? false }) {
            return Outcome(verdict: .met, measured: measured(), reason: "requirement met", cure: nil, evidence: [], dates)
        }
        return Outcome(verdict: .notMet, measured: measured(), reason: "not \(RequirementWording.required(.residency(rule), state: ""))", cure: nil, evidence: [], dates)
            .lacking(.residence(states: rule.states))
    }
}

/// A diploma of an accepted level, or enough college credits where the state accepts them instead.
enum EducationEvaluator {
    static func evaluate(_ rule: EducationRule, _ records: [EducationRecord], _ dates: EvaluationDates) -> Outcome {
        var screen = EvidenceScreen(expecting: records.count, dates)
        var credits = Hours.zero
        var metBy: String?
        for record in records {
            if let completed = record.completedOn {
                guard screen.date(completed, record.ref, "completed") != nil else { continue }
            }
            if record.level == "college_credits" {
                guard let amount = screen.hours(record.credits, record.ref, "credits") else { continue }
                guard rule.orCollegeCredits != nil else { screen.skip(record.ref, .notAccepted, "college credits are not accepted"); continue }
                if let within = rule.creditsWithinMonths {
                    guard let completed = record.completedOn else {
                        screen.skip(record.ref, .outsideWindow, "completion date not recorded; credits count within \(within) months")
                        continue
                    }
                    if completed.leavesWindow(ofMonths: within)! <= dates.reference {
                        screen.skip(record.ref, .outsideWindow, "completed \(completed), outside the \(within)-month window")
                        continue
                    }
                }
                credits = credits + amount
                screen.count(record.ref, "\(amount) college credits")
                continue
            }
            guard let level = EducationLevel(rawValue: record.level) else {
                screen.dataError(record.ref, "unknown education level '\(record.level)'")
                continue
            }
            guard level.satisfies(rule.acceptedLevels) else { screen.skip(record.ref, .notAccepted, "\(level.rawValue) is not an accepted level"); continue }
            screen.count(record.ref, level.rawValue + (record.completedOn == nil ? " (completion date not recorded)" : ""))
            metBy = metBy ?? level.rawValue
        }
        if screen.hasErrors { return screen.dataErrorOutcome() }
        if let metBy {
            return Outcome(verdict: .met, measured: metBy, reason: "requirement met", cure: nil, evidence: screen.notes, dates)
        }
        let totalCredits = credits
        if let minimum = rule.orCollegeCredits, credits >= minimum {
            return Outcome(verdict: .met, measured: "\(totalCredits) college credits", reason: "requirement met", cure: nil, evidence: screen.notes, dates)
        }
        if screen.isEmpty {
            return Outcome(verdict: .insufficientEvidence, measured: "no education on file",
                           reason: "no education records", cure: "record the worker's diploma or equivalent", evidence: [], dates)
                .lacking(.evidence(.education))
        }
        // Credits alone (one path of an alternative) fall short by a number, not for want of a diploma.
        let creditsOnly = rule.acceptedLevels.isEmpty
        return Outcome(verdict: .notMet, measured: totalCredits > .zero || creditsOnly ? "\(totalCredits) college credits" : "no accepted level",
                       reason: creditsOnly ? "fewer college credits than required" : "no accepted diploma on file",
                       cure: creditsOnly ? "record the college credits completed" : "record an accepted diploma or equivalent", evidence: screen.notes, dates)
            .lacking(.education(accepted: rule.acceptedLevels.map(\.rawValue), orCredits: rule.orCollegeCredits))
    }
}

/// A signed code of ethics for the credential's state.
enum EthicsEvaluator {
    static func evaluate(_ rule: EthicsRule, state: String, _ records: [EthicsAttestation], _ dates: EvaluationDates) -> Outcome {
        var screen = EvidenceScreen(expecting: records.count, dates)
        var latest: Day?
        for record in records {
            guard let signed = screen.date(record.signedOn, record.ref, "signed") else { continue }
            guard record.state == state else { screen.skip(record.ref, .notAccepted, "signed for \(record.state), not \(state)"); continue }
            if let within = rule.withinMonths, signed.leavesWindow(ofMonths: within)! <= dates.reference {
                screen.skip(record.ref, .outsideWindow, "signed \(signed), more than \(within) months before \(dates.reference)")
                continue
            }
            screen.count(record.ref, "signed \(signed)")
            latest = max(latest ?? signed, signed)
        }
        if screen.hasErrors { return screen.dataErrorOutcome() }
        if let latest {
            return Outcome(verdict: .met, measured: "signed \(latest)", reason: "requirement met", cure: nil, evidence: screen.notes, dates)
                .expiring(from: latest.leavesWindow(ofMonths: rule.withinMonths), "the signature of \(latest)", dates)
        }
        let noneOnFile = screen.isEmpty
        return Outcome(verdict: .insufficientEvidence, measured: "no signed code on file",
                       reason: noneOnFile ? "no ethics attestation" : "no ethics attestation that counts",
                       cure: "record the worker's signed code of ethics", evidence: screen.notes, dates)
            .lacking(.signEthicsCode(state: state))
    }
}

/// Background checks of each required kind, clear (or, where the state reviews case by case, decided).
enum BackgroundCheckEvaluator {
    static func evaluate(_ rule: BackgroundCheckRule, _ records: [BackgroundCheckRecord], _ dates: EvaluationDates) -> Outcome {
        var screen = EvidenceScreen(expecting: records.count, dates)
        var latest: [BackgroundCheckKind: (record: BackgroundCheckRecord, day: Day)] = [:]
        for record in records {
            guard let kind = BackgroundCheckKind(rawValue: record.kind), ["clear", "review", "disqualifying"].contains(record.result) else {
                screen.dataError(record.ref, "unknown check kind or result '\(record.kind)'/'\(record.result)'")
                continue
            }
            guard let completed = screen.date(record.completedOn, record.ref, "completed") else { continue }
            if let within = rule.withinMonths, completed.leavesWindow(ofMonths: within)! <= dates.reference {
                screen.skip(record.ref, .outsideWindow, "completed \(completed), more than \(within) months before \(dates.reference)")
                continue
            }
            if let previous = latest[kind], previous.day > completed {
                screen.skip(record.ref, .superseded, "a later \(kind.rawValue) check is on file")
                continue
            }
            if let previous = latest[kind] { screen.skip(previous.record.ref, .superseded, "a later \(kind.rawValue) check is on file") }
            latest[kind] = (record, completed)
        }
        if screen.hasErrors { return screen.dataErrorOutcome() }
        var missingKinds: [String] = []
        var pendingKinds: [String] = []
        var disqualifiedKinds: [String] = []
        for kind in rule.checks {
            guard let (record, day) = latest[kind] else { missingKinds.append(kind.rawValue); continue }
            screen.count(record.ref, "\(kind.rawValue) check \(day): \(record.result)")
            switch record.result {
            case "clear": break
            case "disqualifying": disqualifiedKinds.append(kind.rawValue)
            default: pendingKinds.append(kind.rawValue)
            }
        }
        let (missing, pending, disqualified) = (missingKinds, pendingKinds, disqualifiedKinds)
        func measured() -> String { rule.checks.map { kind in "\(kind.rawValue): \(latest[kind]?.record.result ?? "none")" }.joined(separator: ", ") }
        if !disqualified.isEmpty, rule.disqualifying == .blocks {
            return Outcome(verdict: .notMet, measured: measured(),
                           reason: "disqualifying result (\(disqualified.joined(separator: ", "))); the state allows no waiver", cure: nil, evidence: screen.notes, dates)
                .lacking(.disqualified(reason: "disqualifying \(disqualified.joined(separator: ", ")) background check"))
        }
        if !missing.isEmpty {
            return Outcome(verdict: .insufficientEvidence, measured: measured(),
                           reason: "no \(missing.joined(separator: ", ")) check on file", cure: "record the missing checks", evidence: screen.notes, dates)
                .lacking(missing.map { .backgroundCheck(kind: $0) })
        }
        if !pending.isEmpty || !disqualified.isEmpty {
            return Outcome(verdict: .insufficientEvidence, measured: measured(),
                           reason: "awaiting the board's case-by-case review (\((pending + disqualified).joined(separator: ", ")))",
                           cure: "record the board's decision", evidence: screen.notes, dates)
                .lacking(.evidence(.boardDecision))
        }
        // The oldest of the required checks ages out first.
        let oldest = rule.checks.compactMap { latest[$0]?.day }.min()
        return Outcome(verdict: .met, measured: measured(), reason: "requirement met", cure: nil, evidence: screen.notes, dates)
            .expiring(from: oldest?.leavesWindow(ofMonths: rule.withinMonths), "the check of \(oldest?.description ?? "")", dates)
    }
}
