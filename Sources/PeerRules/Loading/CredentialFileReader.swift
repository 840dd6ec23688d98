import Yams

/// Reads one `rules/<ST>/<CREDENTIAL>.yaml`, checking every reference against the catalog.
struct CredentialFileReader {
    let sink: DiagnosticSink
    let catalog: Catalog

    func read(_ root: Node, expected: CredentialKey) -> CredentialRules? {
        guard var file = StrictMapping(root, what: "the credential file", sink: sink) else { return nil }
        let state = file.required("state").flatMap { Scalar.text($0, "state", sink) }
        let credential = file.required("credential").flatMap { Scalar.text($0, "credential", sink) }
        let name = file.required("name").flatMap { Scalar.text($0, "name", sink) }
        let board = file.required("board").flatMap { Scalar.text($0, "board", sink) }
        _ = file.optional("notes").flatMap { Scalar.text($0, "notes", sink) }
        let sources = file.required("sources").map(readSources) ?? [:]
        let versions = file.required("versions").flatMap { readVersions($0, sources: sources) } ?? []
        file.finish()

        if let state, state != expected.state {
            sink.error("state '\(state)' does not match the folder \(expected.state)", at: root["state"]?.mark)
        }
        if let credential, credential != expected.credential {
            sink.error("credential '\(credential)' does not match the file name \(expected.credential).yaml", at: root["credential"]?.mark)
        }
        guard let name, let board, state != nil, credential != nil, sink.items.isEmpty else { return nil }
        return CredentialRules(key: expected, name: name, board: board, file: sink.file, sources: sources, versions: versions)
    }

    private func readSources(_ node: Node) -> [String: SourceCitation] {
        guard let outer = StrictMapping(node, what: "sources", sink: sink) else { return [:] }
        var result: [String: SourceCitation] = [:]
        for (key, value) in outer.keys {
            guard let id = Scalar.identifier(key, "source id", sink) else { continue }
            guard var entry = StrictMapping(value, what: "source '\(id)'", sink: sink) else { continue }
            let title = entry.required("title").flatMap { Scalar.text($0, "title", sink) }
            let url = entry.required("url").flatMap { Scalar.text($0, "url", sink) }
            let statusNode = entry.required("status")
            _ = entry.optional("note").flatMap { Scalar.text($0, "note", sink) }
            entry.finish()
            var status: SourceCitation.Status?
            if let statusNode, let text = Scalar.text(statusNode, "status", sink) {
                status = SourceCitation.Status(rawValue: text)
                if status == nil {
                    sink.error("source status '\(text)' must be V (primary source) or S (secondary); unverified facts are not encoded", at: statusNode.mark)
                }
            }
            if let title, let url, let status { result[id] = SourceCitation(id: id, title: title, url: url, status: status) }
        }
        return result
    }

    private func readVersions(_ node: Node, sources: [String: SourceCitation]) -> [RuleVersion]? {
        guard let list = Scalar.list(node, "versions", sink) else { return nil }
        if list.isEmpty { sink.error("versions must list at least one version", at: node.mark) }
        var versions: [RuleVersion] = []
        for item in list {
            guard var entry = StrictMapping(item, what: "a version", sink: sink) else { continue }
            let from = entry.required("valid_from").flatMap { Scalar.day($0, "valid_from", sink) }
            let untilNode = entry.optional("valid_until")
            let until = untilNode.flatMap { Scalar.day($0, "valid_until", sink) }
            _ = entry.optional("note").flatMap { Scalar.text($0, "note", sink) }
            let requirements = entry.required("requirements").flatMap { readRequirements($0, sources: sources) }
            entry.finish()
            guard let from, let requirements else { continue }
            if let until, until < from {
                sink.error("valid_until \(until) is before valid_from \(from)", at: untilNode?.mark)
                continue
            }
            versions.append(RuleVersion(validFrom: from, validUntil: until, location: sink.location(item), requirements: requirements))
        }
        versions.sort { $0.validFrom < $1.validFrom }
        for (earlier, later) in zip(versions, versions.dropFirst()) {
            guard let end = earlier.validUntil else {
                sink.error("the version from \(earlier.validFrom) has no valid_until, so it overlaps the version from \(later.validFrom)",
                           at: later.location)
                continue
            }
            if end >= later.validFrom {
                sink.error("versions overlap: the version from \(earlier.validFrom) runs until \(end), past the start of the version from \(later.validFrom)",
                           at: later.location)
            }
        }
        return versions
    }

    private func readRequirements(_ node: Node, sources: [String: SourceCitation]) -> [Requirement]? {
        guard let list = Scalar.list(node, "requirements", sink) else { return nil }
        var seen: Set<String> = []
        var requirements: [Requirement] = []
        for item in list {
            guard var entry = StrictMapping(item, what: "a requirement", sink: sink) else { continue }
            let idNode = entry.required("id")
            let id = idNode.flatMap { Scalar.identifier($0, "requirement id", sink) }
            let kind = entry.required("kind").flatMap { Scalar.choice($0, "kind", sink, as: RequirementKind.self) }
            let standardNode = entry.required("standard")
            let standard = standardNode.flatMap { Scalar.text($0, "standard", sink) }
            let alignment = entry.required("alignment").flatMap { Scalar.choice($0, "alignment", sink, as: Alignment.self) }
            let sourceNode = entry.optional("source")
            let phaseIn = entry.optional("phase_in").flatMap { Scalar.day($0, "phase_in", sink) }
            _ = entry.optional("description").flatMap { Scalar.text($0, "description", sink) }
            _ = entry.optional("note").flatMap { Scalar.text($0, "note", sink) }
            let spec = kind.flatMap { readSpec($0, &entry) }
            entry.finish()

            if let id, let idNode {
                if !seen.insert(id).inserted { sink.error("duplicate requirement id '\(id)' in this version", at: idNode.mark) }
            }
            if let standard, catalog.standards[standard] == nil, !catalog.standards.isEmpty {
                sink.error("unknown model standard '\(standard)' (see model-standards.yaml)", at: standardNode?.mark)
            }
            let citations = readSourceReferences(sourceNode, item: item, sources: sources)
            guard let id, let spec, let standard, let alignment, let citations else { continue }
            requirements.append(Requirement(id: id, spec: spec, standard: standard, alignment: alignment,
                                            sources: citations, phaseIn: phaseIn, location: sink.location(item)))
        }
        return requirements
    }

    /// A requirement cites one source id or a list of them; every id must be declared in `sources`.
    private func readSourceReferences(_ node: Node?, item: Node, sources: [String: SourceCitation]) -> [String]? {
        guard let node else {
            sink.error("requirement has no source: every requirement cites where its numbers come from", at: item.mark)
            return nil
        }
        let nodes = node.sequence.map(Array.init) ?? [node]
        var ids: [String] = []
        for reference in nodes {
            guard let id = Scalar.text(reference, "source", sink) else { return nil }
            if sources[id] == nil {
                sink.error("source '\(id)' is not declared under sources", at: reference.mark)
                return nil
            }
            ids.append(id)
        }
        if ids.isEmpty { sink.error("requirement has an empty source list", at: node.mark) }
        return ids.isEmpty ? nil : ids
    }

    private func readSpec(_ kind: RequirementKind, _ entry: inout StrictMapping) -> RequirementSpec? {
        switch kind {
        case .livedExperience:
            let kinds = entry.required("accepted_kinds").flatMap { node in
                Scalar.list(node, "accepted_kinds", sink)?.compactMap { Scalar.choice($0, "accepted kind", sink, as: LivedExperienceKind.self) }
            }
            let months = entry.optional("minimum_months_in_recovery").flatMap { Scalar.wholeNumber($0, "minimum_months_in_recovery", sink, range: 0...600) }
            guard let kinds else { return nil }
            return .livedExperience(LivedExperienceRule(acceptedKinds: kinds, minimumMonthsInRecovery: months))
        case .training:
            let total = entry.required("total_hours").flatMap { Scalar.hours($0, "total_hours", sink) }
            let domains = entry.optional("domain_hours").flatMap(readDomainMinimums) ?? []
            let window = entry.optional("window_months").flatMap { Scalar.wholeNumber($0, "window_months", sink, range: 1...600) }
            let approvedOnly = entry.optional("approved_providers_only").flatMap { Scalar.bool($0, "approved_providers_only", sink) } ?? false
            guard let total else { return nil }
            let sum = domains.reduce(Hours.zero) { $0 + $1.hours }
            if sum > total, let node = entry.optional("domain_hours") {
                sink.error("domain_hours add up to \(sum), more than total_hours \(total)", at: node.mark)
            }
            return .training(TrainingRule(totalHours: total, domainMinimums: domains, windowMonths: window, approvedProvidersOnly: approvedOnly))
        case .exam:
            let exams = entry.required("accepted_exams").flatMap { node in
                Scalar.list(node, "accepted_exams", sink)?.compactMap { examNode -> String? in
                    guard let code = Scalar.text(examNode, "exam code", sink) else { return nil }
                    if catalog.exams[code] == nil, !catalog.exams.isEmpty {
                        sink.error("unknown exam code '\(code)' (see codes.yaml)", at: examNode.mark)
                    }
                    return code
                }
            }
            let score = entry.optional("minimum_score").flatMap { Scalar.hours($0, "minimum_score", sink) }
            if let score, score > Hours(100) { sink.error("minimum_score is a percentage: at most 100", at: entry.node.mark) }
            guard let exams else { return nil }
            if exams.isEmpty { sink.error("accepted_exams must name at least one exam", at: entry.node.mark) }
            return .exam(ExamRule(acceptedExams: exams, minimumScore: score))
        case .supervisedExperience:
            let work = entry.required("work_hours").flatMap { Scalar.hours($0, "work_hours", sink) }
            let supervision = entry.required("supervision_hours").flatMap { Scalar.hours($0, "supervision_hours", sink) }
            let window = entry.optional("window_months").flatMap { Scalar.wholeNumber($0, "window_months", sink, range: 1...600) }
            guard let work, let supervision else { return nil }
            return .supervisedExperience(SupervisedExperienceRule(workHours: work, supervisionHours: supervision, windowMonths: window))
        }
    }

    private func readDomainMinimums(_ node: Node) -> [DomainMinimum]? {
        guard let mapping = StrictMapping(node, what: "domain_hours", sink: sink) else { return nil }
        return mapping.keys.compactMap { key, value in
            guard let domain = Scalar.text(key, "training domain", sink), let hours = Scalar.hours(value, "hours for \(domain)", sink) else { return nil }
            if catalog.trainingDomains[domain] == nil, !catalog.trainingDomains.isEmpty {
                sink.error("unknown training domain '\(domain)' (see codes.yaml)", at: key.mark)
            }
            return DomainMinimum(domain: domain, hours: hours)
        }
    }
}
