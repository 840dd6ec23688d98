import PeerRules

/// Age on the judged day, from the birth date.
enum AgeEvaluator {
    static func evaluate(_ rule: AgeRule, birthDate: Day?, _ dates: EvaluationDates) -> Outcome {
        guard let birthDate else {
            return Outcome(.insufficientEvidence, .age(.noBirthDate), lacking: [.evidence(.birthDate)])
        }
        guard birthDate <= dates.asOf else {
            return Outcome(.dataError, .age(.bornAfterAsOf(birthDate, asOf: dates.asOf)))
        }
        let age = birthDate.wholeMonths(until: dates.reference) / 12
        let measurement = Measurement.age(.aged(age, birthDate: birthDate))
        if let minimum = rule.minimumYears, age < minimum {
            return Outcome(.notMet, measurement,
                           lacking: [.age(minimum: minimum, maximum: rule.maximumYears, eligibleFrom: birthDate.adding(months: minimum * 12))])
        }
        if let maximum = rule.maximumYears, age > maximum {
            return Outcome(.notMet, measurement, lacking: [.age(minimum: rule.minimumYears, maximum: maximum, eligibleFrom: nil)])
        }
        return Outcome(.met, measurement)
    }
}

/// Living or working in one of the states.
enum ResidencyEvaluator {
    static func evaluate(_ rule: ResidencyRule, residence: String?, work: String?, _ dates: EvaluationDates) -> Outcome {
        let (lives, works): (String?, String?) = switch rule.basis {
        case .liveOrWork: (residence, work)
        case .live: (residence, nil)
        case .work: (nil, work)
        }
        if lives == nil && works == nil {
            return Outcome(.insufficientEvidence, .residency(.noState), lacking: [.evidence(.residenceOrWorkState)])
        }
        let measurement = Measurement.residency(.recorded(lives: lives, works: works))
        if [lives, works].contains(where: { $0.map(rule.states.contains) ?? false }) {
            return Outcome(.met, measurement)
        }
        return Outcome(.notMet, measurement, lacking: [.residence(states: rule.states)])
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
                guard screen.date(completed, record.ref, "completed_on") != nil else { continue }
            }
            if record.level == "college_credits" {
                guard let amount = screen.hours(record.credits, record.ref, "credits") else { continue }
                guard rule.orCollegeCredits != nil else { screen.skip(record.ref, .notAccepted, .collegeCredits(amount)); continue }
                if let within = rule.creditsWithinMonths {
                    guard let completed = record.completedOn else {
                        screen.skip(record.ref, .outsideWindow, .undatedCredits)
                        continue
                    }
                    if completed.leavesWindow(ofMonths: within)! <= dates.reference {
                        screen.skip(record.ref, .outsideWindow, .day(completed))
                        continue
                    }
                }
                credits = credits + amount
                screen.count(record.ref, .collegeCredits(amount))
                continue
            }
            guard let level = EducationLevel(rawValue: record.level) else {
                screen.dataError(record.ref, "level", .unknownCode(record.level))
                continue
            }
            guard level.satisfies(rule.acceptedLevels) else {
                screen.skip(record.ref, .notAccepted, .educationLevel(level.rawValue, dated: record.completedOn != nil))
                continue
            }
            screen.count(record.ref, .educationLevel(level.rawValue, dated: record.completedOn != nil))
            metBy = metBy ?? level.rawValue
        }
        if screen.hasErrors { return screen.dataErrorOutcome() }
        if let metBy { return Outcome(.met, .education(.level(metBy)), evidence: screen.uses) }
        if let minimum = rule.orCollegeCredits, credits >= minimum {
            return Outcome(.met, .education(.credits(credits)), evidence: screen.uses)
        }
        if screen.isEmpty {
            return Outcome(.insufficientEvidence, .education(.noRecords), lacking: [.evidence(.education)])
        }
        return Outcome(.notMet, .education(.notMet(credits: credits)), evidence: screen.uses,
                       lacking: [.education(accepted: rule.acceptedLevels.map(\.rawValue), orCredits: rule.orCollegeCredits)])
    }
}

/// A signed code of ethics for the credential's state.
enum EthicsEvaluator {
    static func evaluate(_ rule: EthicsRule, state: String, _ records: [EthicsAttestation], _ dates: EvaluationDates) -> Outcome {
        var screen = EvidenceScreen(expecting: records.count, dates)
        var latest: Day?
        for record in records {
            guard let signed = screen.date(record.signedOn, record.ref, "signed_on") else { continue }
            guard record.state == state else { screen.skip(record.ref, .notAccepted, .signedFor(state: record.state)); continue }
            if let within = rule.withinMonths, signed.leavesWindow(ofMonths: within)! <= dates.reference {
                screen.skip(record.ref, .outsideWindow, .day(signed))
                continue
            }
            screen.count(record.ref, .day(signed))
            latest = max(latest ?? signed, signed)
        }
        if screen.hasErrors { return screen.dataErrorOutcome() }
        if let latest {
            let lapsesOn = dates.lapse(latest.leavesWindow(ofMonths: rule.withinMonths))
            return .met(.ethics(.signed(latest, lapsesOn: lapsesOn)), evidence: screen.uses, lapsesOn: lapsesOn)
        }
        return Outcome(.insufficientEvidence, .ethics(.none(anyOnFile: !screen.isEmpty)), evidence: screen.uses,
                       lacking: [.signEthicsCode(state: state)])
    }
}

/// Background checks of each required kind, clear (or, where the state reviews case by case, decided).
enum BackgroundCheckEvaluator {
    static func evaluate(_ rule: BackgroundCheckRule, _ records: [BackgroundCheckRecord], _ dates: EvaluationDates) -> Outcome {
        var screen = EvidenceScreen(expecting: records.count, dates)
        var latest: [BackgroundCheckKind: (record: BackgroundCheckRecord, day: Day)] = [:]
        for record in records {
            guard let kind = BackgroundCheckKind(rawValue: record.kind), ["clear", "review", "disqualifying"].contains(record.result) else {
                screen.dataError(record.ref, "kind", .unknownCodes(record.kind, record.result))
                continue
            }
            guard let completed = screen.date(record.completedOn, record.ref, "completed_on") else { continue }
            if let within = rule.withinMonths, completed.leavesWindow(ofMonths: within)! <= dates.reference {
                screen.skip(record.ref, .outsideWindow, .day(completed))
                continue
            }
            if let previous = latest[kind], previous.day > completed {
                screen.skip(record.ref, .superseded, .backgroundCheckKind(kind.rawValue))
                continue
            }
            if let previous = latest[kind] { screen.skip(previous.record.ref, .superseded, .backgroundCheckKind(kind.rawValue)) }
            latest[kind] = (record, completed)
        }
        if screen.hasErrors { return screen.dataErrorOutcome() }
        var missing: [String] = []
        var pending: [String] = []
        var disqualified: [String] = []
        for kind in rule.checks {
            guard let (record, day) = latest[kind] else { missing.append(kind.rawValue); continue }
            screen.count(record.ref, .backgroundCheck(kind: kind.rawValue, completed: day, result: record.result))
            switch record.result {
            case "clear": break
            case "disqualifying": disqualified.append(kind.rawValue)
            default: pending.append(kind.rawValue)
            }
        }
        let results = rule.checks.map { latest[$0]?.record.result }
        if !disqualified.isEmpty, rule.disqualifying == .blocks {
            return Outcome(.notMet, .backgroundCheck(BackgroundCheckMeasurement(results: results, outcome: .disqualified(disqualified))),
                           evidence: screen.uses, lacking: [.disqualified(checks: disqualified)])
        }
        if !missing.isEmpty {
            return Outcome(.insufficientEvidence, .backgroundCheck(BackgroundCheckMeasurement(results: results, outcome: .missing(missing))),
                           evidence: screen.uses, lacking: missing.map { .backgroundCheck(kind: $0) })
        }
        if !pending.isEmpty || !disqualified.isEmpty {
            return Outcome(.insufficientEvidence,
                           .backgroundCheck(BackgroundCheckMeasurement(results: results, outcome: .awaitingReview(pending + disqualified))),
                           evidence: screen.uses, lacking: [.evidence(.boardDecision)])
        }
        // The oldest of the required checks ages out first.
        let oldest = rule.checks.compactMap { latest[$0]?.day }.min()
        let lapsesOn = dates.lapse(oldest?.leavesWindow(ofMonths: rule.withinMonths))
        return .met(.backgroundCheck(BackgroundCheckMeasurement(results: results, outcome: .clear(oldest: oldest, lapsesOn: lapsesOn))),
                    evidence: screen.uses, lapsesOn: lapsesOn)
    }
}
