import Yams

/// Reads the typed parameters of each requirement kind. Every parameter a kind knows is read
/// here; anything else in the requirement is reported by `StrictMapping.finish()`.
struct RequirementParameters {
    let sink: DiagnosticSink
    let catalog: Catalog

    func read(_ kind: RequirementKind, _ entry: inout StrictMapping) -> RequirementSpec? {
        switch kind {
        case .age:
            let minimum = entry.optional("minimum_years").flatMap { years($0, "minimum_years") }
            let maximum = entry.optional("maximum_years").flatMap { years($0, "maximum_years") }
            guard minimum != nil || maximum != nil else {
                sink.error("an age requirement needs minimum_years, maximum_years or both", at: entry.node.mark)
                return nil
            }
            if let minimum, let maximum, maximum < minimum { sink.error("maximum_years is below minimum_years", at: entry.node.mark) }
            return .age(AgeRule(minimumYears: minimum, maximumYears: maximum))
        case .residency:
            let states = entry.required("states").flatMap { list($0, "states") { (node: Node) -> String? in
                guard let code = Scalar.text(node, "state", sink) else { return nil }
                guard code.count == 2, code.allSatisfy({ $0.isASCII && $0.isUppercase }) else {
                    sink.error("state '\(code)' must be a two-letter code in capitals", at: node.mark)
                    return nil
                }
                return code
            } }
            let basis = entry.optional("basis").flatMap { Scalar.choice($0, "basis", sink, as: ResidencyRule.Basis.self) } ?? .liveOrWork
            guard let states else { return nil }
            return .residency(ResidencyRule(states: states, basis: basis))
        case .education:
            let levelsNode = entry.required("accepted_levels")
            let levels = levelsNode.flatMap { list($0, "accepted_levels") { Scalar.choice($0, "education level", sink, as: EducationLevel.self) } }
            let credits = entry.optional("or_college_credits").flatMap { Scalar.hours($0, "or_college_credits", sink) }
            let withinNode = entry.optional("credits_within_months")
            let within = withinNode.flatMap { months($0, "credits_within_months") }
            guard let levels else { return nil }
            // An empty list says "credits only" (one path of an alternative); it must then name the credits.
            if levels.isEmpty, credits == nil { sink.error("accepted_levels is empty and no or_college_credits is set: nothing could meet it", at: levelsNode?.mark) }
            if within != nil, credits == nil { sink.error("credits_within_months needs or_college_credits", at: withinNode?.mark) }
            return .education(EducationRule(acceptedLevels: levels, orCollegeCredits: credits, creditsWithinMonths: within))
        case .livedExperience:
            let kinds = entry.required("accepted_kinds").flatMap { list($0, "accepted_kinds") { Scalar.choice($0, "accepted kind", sink, as: LivedExperienceKind.self) } }
            let months = entry.optional("minimum_months_in_recovery").flatMap { Scalar.wholeNumber($0, "minimum_months_in_recovery", sink, range: 0...600) }
            guard let kinds else { return nil }
            return .livedExperience(LivedExperienceRule(acceptedKinds: kinds, minimumMonthsInRecovery: months))
        case .training:
            let total = entry.required("total_hours").flatMap { Scalar.hours($0, "total_hours", sink) }
            let domainNode = entry.optional("domain_hours")
            let domains = domainNode.flatMap { minimums($0, "domain_hours", codes: catalog.trainingDomains, codeName: "training domain") }
                .map { $0.map { DomainMinimum(domain: $0.code, hours: $0.hours) } } ?? []
            let window = entry.optional("window_months").flatMap { months($0, "window_months") }
            let approvedOnly = entry.optional("approved_providers_only").flatMap { Scalar.bool($0, "approved_providers_only", sink) } ?? false
            let modes = entry.optional("allowed_modes").flatMap { list($0, "allowed_modes") { Scalar.choice($0, "delivery mode", sink, as: DeliveryMode.self) } } ?? []
            let online = entry.optional("max_online_hours").flatMap { Scalar.hours($0, "max_online_hours", sink) }
            let inService = entry.optional("max_in_service_hours").flatMap { Scalar.hours($0, "max_in_service_hours", sink) }
            guard let total else { return nil }
            let sum = domains.reduce(Hours.zero) { $0 + $1.hours }
            if sum > total { sink.error("domain_hours add up to \(sum), more than total_hours \(total)", at: domainNode?.mark) }
            return .training(TrainingRule(totalHours: total, domainMinimums: domains, windowMonths: window, approvedProvidersOnly: approvedOnly,
                                          allowedModes: modes, maxOnlineHours: online, maxInServiceHours: inService))
        case .exam:
            let exams = entry.required("accepted_exams").flatMap { list($0, "accepted_exams") { code($0, "exam code", in: catalog.exams) } }
            let scoreNode = entry.optional("minimum_score")
            let score = scoreNode.flatMap { Scalar.hours($0, "minimum_score", sink) }
            let valid = entry.optional("valid_months").flatMap { months($0, "valid_months") }
            let attempts = entry.optional("max_attempts").flatMap { Scalar.wholeNumber($0, "max_attempts", sink, range: 1...20) }
            if let score, score > Hours(100) { sink.error("minimum_score is a percentage: at most 100", at: scoreNode?.mark) }
            guard let exams else { return nil }
            if exams.isEmpty { sink.error("accepted_exams must name at least one exam", at: entry.node.mark) }
            return .exam(ExamRule(acceptedExams: exams, minimumScore: score, validMonths: valid, maxAttempts: attempts))
        case .supervisedExperience:
            let work = entry.required("work_hours").flatMap { Scalar.hours($0, "work_hours", sink) }
            // Some states set work hours without a supervision minimum (TX): then it is zero.
            let supervision = entry.optional("supervision_hours").flatMap { Scalar.hours($0, "supervision_hours", sink) } ?? .zero
            let window = entry.optional("window_months").flatMap { months($0, "window_months") }
            let supervisors = entry.optional("supervisor_credentials").flatMap {
                list($0, "supervisor_credentials") { code($0, "supervisor credential", in: catalog.supervisorCredentials) }
            } ?? []
            guard let work else { return nil }
            return .supervisedExperience(SupervisedExperienceRule(workHours: work, supervisionHours: supervision, windowMonths: window,
                                                                  supervisorCredentials: supervisors))
        case .ethics:
            let signed = entry.required("signed_code").flatMap { Scalar.bool($0, "signed_code", sink) }
            let within = entry.optional("within_months").flatMap { months($0, "within_months") }
            guard let signed else { return nil }
            if !signed { sink.error("signed_code: false requires nothing; leave the requirement out instead", at: entry.node.mark) }
            return .ethics(EthicsRule(signedCode: signed, withinMonths: within))
        case .backgroundCheck:
            let checks = entry.required("checks").flatMap { list($0, "checks") { Scalar.choice($0, "check", sink, as: BackgroundCheckKind.self) } }
            let within = entry.optional("within_months").flatMap { months($0, "within_months") }
            let disqualifying = entry.required("disqualifying").flatMap { Scalar.choice($0, "disqualifying", sink, as: BackgroundCheckRule.Disqualifying.self) }
            guard let checks, let disqualifying else { return nil }
            return .backgroundCheck(BackgroundCheckRule(checks: checks, withinMonths: within, disqualifying: disqualifying))
        case .continuingEducation:
            let cycle = entry.required("cycle_months").flatMap { months($0, "cycle_months") }
            let anchor = entry.required("anchor").flatMap { Scalar.choice($0, "anchor", sink, as: CycleAnchor.self) }
            let total = entry.required("total_hours").flatMap { Scalar.hours($0, "total_hours", sink) }
            let topicNode = entry.optional("topic_hours")
            let topics = topicNode.flatMap { minimums($0, "topic_hours", codes: catalog.ceTopics, codeName: "CE topic") }
                .map { $0.map { TopicMinimum(topic: $0.code, hours: $0.hours) } } ?? []
            let periodic = entry.optional("periodic_topics").flatMap { node in
                Scalar.list(node, "periodic_topics", sink)?.compactMap(readPeriodicTopic)
            } ?? []
            let carry = entry.optional("carry_over_hours").flatMap { Scalar.hours($0, "carry_over_hours", sink) } ?? .zero
            // {sponsor name as CE records give the provider: hours}
            let sponsors = entry.optional("sponsor_hours").flatMap { node in
                StrictMapping(node, what: "sponsor_hours", sink: sink)?.keys.compactMap { key, value -> SponsorMinimum? in
                    guard let sponsor = Scalar.text(key, "sponsor", sink), let hours = Scalar.hours(value, "sponsor hours", sink) else { return nil }
                    return SponsorMinimum(sponsor: sponsor, hours: hours)
                }
            } ?? []
            // {CE topic: number of trainings}
            let courses = entry.optional("topic_courses").flatMap { node in
                StrictMapping(node, what: "topic_courses", sink: sink)?.keys.compactMap { key, value -> CourseMinimum? in
                    guard let topic = code(key, "CE topic", in: catalog.ceTopics),
                          let count = Scalar.wholeNumber(value, "number of trainings", sink, range: 1...100) else { return nil }
                    return CourseMinimum(topic: topic, count: count)
                }
            } ?? []
            guard let cycle, let anchor, let total else { return nil }
            let sum = topics.reduce(Hours.zero) { $0 + $1.hours }
            if sum > total { sink.error("topic_hours add up to \(sum), more than total_hours \(total)", at: topicNode?.mark) }
            if anchor == .calendarYear, cycle % 12 != 0 { sink.error("a calendar_year cycle must be whole years (12, 24, …)", at: entry.node.mark) }
            return .continuingEducation(ContinuingEducationRule(cycleMonths: cycle, anchor: anchor, totalHours: total, topicMinimums: topics,
                                                                periodicTopics: periodic, carryOverHours: carry,
                                                                sponsorMinimums: sponsors, courseMinimums: courses))
        case .workExperience:
            let duration = entry.required("months").flatMap { months($0, "months") }
            let within = entry.optional("within_months").flatMap { months($0, "within_months") }
            let peerOnly = entry.optional("peer_work_only").flatMap { Scalar.bool($0, "peer_work_only", sink) } ?? false
            guard let duration else { return nil }
            if let within, within < duration { sink.error("within_months \(within) is shorter than months \(duration): nobody could meet it", at: entry.node.mark) }
            return .workExperience(WorkExperienceRule(months: duration, withinMonths: within, peerWorkOnly: peerOnly))
        case .oneOf:
            // Its paths hold requirements: read by the credential file reader, which reads requirements.
            return nil
        case .serviceHours:
            let cycle = entry.required("cycle_months").flatMap { months($0, "cycle_months") }
            let anchor = entry.required("anchor").flatMap { Scalar.choice($0, "anchor", sink, as: CycleAnchor.self) }
            let work = entry.required("work_hours").flatMap { Scalar.hours($0, "work_hours", sink) }
            let supervision = entry.optional("supervision_hours").flatMap { Scalar.hours($0, "supervision_hours", sink) } ?? .zero
            guard let cycle, let anchor, let work else { return nil }
            return .serviceHours(ServiceHoursRule(cycleMonths: cycle, anchor: anchor, workHours: work, supervisionHours: supervision))
        }
    }

    private func readPeriodicTopic(_ node: Node) -> PeriodicTopic? {
        guard var entry = StrictMapping(node, what: "a periodic topic", sink: sink) else { return nil }
        let topic = entry.required("topic").flatMap { code($0, "CE topic", in: catalog.ceTopics) }
        let hours = entry.required("hours").flatMap { Scalar.hours($0, "hours", sink) }
        let every = entry.required("every_cycles").flatMap { Scalar.wholeNumber($0, "every_cycles", sink, range: 1...20) }
        entry.freeText("note")
        entry.finish()
        guard let topic, let hours, let every else { return nil }
        return PeriodicTopic(topic: topic, hours: hours, everyCycles: every)
    }

    private func years(_ node: Node, _ what: String) -> Int? { Scalar.wholeNumber(node, what, sink, range: 0...120) }
    private func months(_ node: Node, _ what: String) -> Int? { Scalar.wholeNumber(node, what, sink, range: 1...600) }

    private func list<T>(_ node: Node, _ what: String, _ element: (Node) -> T?) -> [T]? {
        guard let items = Scalar.list(node, what, sink) else { return nil }
        let values = items.compactMap(element)
        return values.count == items.count ? values : nil
    }

    /// A code that must be declared in codes.yaml.
    private func code(_ node: Node, _ what: String, in codes: [String: CodeDefinition]) -> String? {
        guard let value = Scalar.text(node, what, sink) else { return nil }
        if codes[value] == nil {
            sink.error("unknown \(what) '\(value)' (see codes.yaml)", at: node.mark)
            return nil
        }
        return value
    }

    /// `{code: hours, …}` with every code declared in codes.yaml.
    private func minimums(_ node: Node, _ what: String, codes: [String: CodeDefinition], codeName: String) -> [(code: String, hours: Hours)]? {
        guard let mapping = StrictMapping(node, what: what, sink: sink) else { return nil }
        return mapping.keys.compactMap { key, value in
            guard let name = code(key, codeName, in: codes), let hours = Scalar.hours(value, "hours for \(name)", sink) else { return nil }
            return (name, hours)
        }
    }
}
