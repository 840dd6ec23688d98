import PeerEngine
import PeerRules

/// What a requirement asks for, in plain words, from the rule alone: the `required` text of its
/// findings and what `rules show` prints. The one place a rule is put into English.
public enum RequirementWording {
    /// `state` is the credential's state (providers and ethics codes are the state's); `day` the
    /// day judged, where the wording names it (an age is reached on a day).
    public static func required(_ spec: RequirementSpec, state: String, on day: Day? = nil) -> String {
        switch spec {
        case .age(let rule):
            let on = day.map { " on \($0)" } ?? ""
            return switch (rule.minimumYears, rule.maximumYears) {
            case let (minimum?, maximum?): "aged \(minimum) to \(maximum)\(on)"
            case let (minimum?, nil): "aged at least \(minimum)\(on)"
            case let (nil, maximum?): "aged at most \(maximum)\(on)"
            case (nil, nil): "an age"
            }
        case .residency(let rule):
            let places = rule.states.joined(separator: " or ")
            return switch rule.basis {
            case .liveOrWork: "living or working in \(places)"
            case .live: "living in \(places)"
            case .work: "working in \(places)"
            }
        case .education(let rule):
            var text = rule.acceptedLevels.map(\.rawValue).joined(separator: " or ")
            if let top = rule.acceptedLevels.map(\.rank).max(), top < EducationLevel.doctorate.rank { text += " (or a higher degree)" }
            if let credits = rule.orCollegeCredits { text += (text.isEmpty ? "" : ", or ") + "\(credits) college credits" }
            if let within = rule.creditsWithinMonths { text += " within \(within) months" }
            return text
        case .workExperience(let rule):
            return "\(quantity(rule.months, "month")) of \(rule.peerWorkOnly ? "peer work" : "employment")"
                + (rule.withinMonths.map { " within the last \($0) months" } ?? "")
        case .oneOf(let alternatives):
            return "one of: " + alternatives.paths.map { path in
                "\(path.id) (" + path.requirements.map { required($0.spec, state: state, on: day) }.joined(separator: "; ") + ")"
            }.joined(separator: " or ")
        case .livedExperience(let rule):
            var text = "an attestation of lived experience (\(rule.acceptedKinds.map(\.rawValue).joined(separator: " or ")))"
            if let months = rule.minimumMonthsInRecovery, months > 0 {
                text += " with at least \(months) months in recovery" + (rule.acceptedKinds.contains(.family) ? " (family: no minimum)" : "")
            }
            return text
        case .training(let rule):
            var text = "\(rule.totalHours) training hours"
            if !rule.domainMinimums.isEmpty {
                text += " including " + rule.domainMinimums.map { "\($0.hours) \($0.domain)" }.joined(separator: ", ")
            }
            if let window = rule.windowMonths { text += ", within \(window) months" }
            if rule.approvedProvidersOnly { text += ", from \(state)-approved providers" }
            if !rule.allowedModes.isEmpty { text += ", delivered " + rule.allowedModes.map(\.rawValue).joined(separator: " or ") }
            if let cap = rule.maxOnlineHours { text += ", at most \(cap) online" }
            if let cap = rule.maxInServiceHours { text += ", at most \(cap) in-service" }
            return text
        case .exam(let rule):
            var text = "a pass in " + rule.acceptedExams.joined(separator: " or ")
            if let minimum = rule.minimumScore { text += " with a score of at least \(minimum)%" }
            if let valid = rule.validMonths { text += ", passed within \(valid) months" }
            if let attempts = rule.maxAttempts { text += ", within \(quantity(attempts, "attempt"))" }
            return text
        case .supervisedExperience(let rule):
            var text = "\(rule.workHours) supervised work hours with \(rule.supervisionHours) hours of supervision"
            if let window = rule.windowMonths { text += ", within \(window) months" }
            if !rule.supervisorCredentials.isEmpty { text += ", supervised by a " + rule.supervisorCredentials.joined(separator: " or ") }
            return text
        case .ethics(let rule):
            return "a signed \(state) code of ethics" + (rule.withinMonths.map { " within \($0) months" } ?? "")
        case .backgroundCheck(let rule):
            return rule.checks.map(\.rawValue).joined(separator: " and ") + " background check" + (rule.checks.count == 1 ? "" : "s")
                + (rule.withinMonths.map { " within \($0) months" } ?? "")
        case .continuingEducation(let rule):
            var text = "\(quantity(rule.totalHours, "CE hour")) every \(rule.cycleMonths) months"
            if !rule.topicMinimums.isEmpty { text += " including " + rule.topicMinimums.map { "\($0.hours) \($0.topic)" }.joined(separator: ", ") }
            for periodic in rule.periodicTopics { text += "; \(periodic.hours) \(periodic.topic) every \(periodic.everyCycles) cycles" }
            for sponsor in rule.sponsorMinimums { text += "; \(quantity(sponsor.hours, "hour")) from \(sponsor.sponsor)" }
            for course in rule.courseMinimums { text += "; at least \(course.count) \(course.topic) training\(course.count == 1 ? "" : "s")" }
            return text
        case .serviceHours(let rule):
            return "\(quantity(rule.workHours, "service hour")) with \(quantity(rule.supervisionHours, "hour")) of supervision every \(rule.cycleMonths) months"
        }
    }
}
