import Yams

/// Reads one credential file (`rules/<ST>/<CREDENTIAL>.yaml`) or shared definition
/// (`rules/shared/<NAME>.yaml`), checking every reference against the catalog.
struct CredentialFileReader {
    let sink: DiagnosticSink
    let catalog: Catalog

    /// What the file's place says it must be: a state's credential, or a shared definition.
    enum Expected {
        case credential(CredentialKey)
        case shared(String)
    }

    func read(_ root: Node, expected: Expected) -> CredentialRules? {
        guard var file = StrictMapping(root, what: "the credential file", sink: sink) else { return nil }
        let key: CredentialKey
        switch expected {
        case .credential(let expectedKey):
            let state = file.required("state").flatMap { Scalar.text($0, "state", sink) }
            let credential = file.required("credential").flatMap { Scalar.text($0, "credential", sink) }
            if let state, state != expectedKey.state {
                sink.error("state '\(state)' does not match the folder \(expectedKey.state)", at: root["state"]?.mark)
            }
            if let credential, credential != expectedKey.credential {
                sink.error("credential '\(credential)' does not match the file name \(expectedKey.credential).yaml", at: root["credential"]?.mark)
            }
            key = expectedKey
        case .shared(let name):
            let shared = file.required("shared").flatMap { Scalar.text($0, "shared", sink) }
            if let shared, shared != name {
                sink.error("shared '\(shared)' does not match the file name \(name).yaml", at: root["shared"]?.mark)
            }
            key = CredentialKey(state: "shared", credential: name)
        }
        let name = file.required("name").flatMap { Scalar.text($0, "name", sink) }
        let board = file.required("board").flatMap { Scalar.text($0, "board", sink) }
        // A shared definition is only requirements: what it cannot pass on (extends, levels,
        // endorsements, removes) is not read, so StrictMapping reports it as an unknown key.
        let isShared: Bool = if case .shared = expected { true } else { false }
        let extends = isShared ? nil : file.optional("extends").flatMap { Scalar.text($0, "extends", sink) }
        file.freeText("notes")
        let sourcesNode = file.required("sources")
        let sources = sourcesNode.map(readSources) ?? [:]
        // Ids declared, even those refused (a U status), so a reference to one is not also reported.
        let declared = Set(sourcesNode?.mapping?.keys.compactMap(\.string) ?? [])
        let context = Context(declared: declared, levels: [], isShared: isShared)
        let levels = isShared ? [] : file.optional("levels").flatMap { readLevels($0, context) } ?? []
        let versions = file.required("versions").flatMap {
            readVersions($0, Context(declared: declared, levels: Set(levels.map(\.id)), isShared: isShared))
        } ?? []
        file.finish()
        guard let name, let board, sink.items.isEmpty else { return nil }
        return CredentialRules(key: key, name: name, board: board, file: sink.file, extends: extends, sources: sources,
                               levels: levels, versions: versions)
    }

    /// `rules/<ST>/jurisdiction.yaml`: `state`, `name`, `status: unknown`, `notes` (required: what
    /// was searched and why nothing is encoded), `sources`.
    func readJurisdiction(_ root: Node, state expected: String) -> UnknownJurisdiction? {
        guard var file = StrictMapping(root, what: "the jurisdiction file", sink: sink) else { return nil }
        let state = file.required("state").flatMap { Scalar.text($0, "state", sink) }
        if let state, state != expected {
            sink.error("state '\(state)' does not match the folder \(expected)", at: root["state"]?.mark)
        }
        let name = file.required("name").flatMap { Scalar.text($0, "name", sink) }
        if let statusNode = file.required("status"), let status = Scalar.text(statusNode, "status", sink), status != "unknown" {
            sink.error("status '\(status)' must be unknown: a jurisdiction with known facts gets credential files", at: statusNode.mark)
        }
        let notes = file.required("notes").flatMap { Scalar.text($0, "notes", sink) }
        let sources = file.required("sources").map(readSources) ?? [:]
        file.finish()
        guard let name, let notes, sink.items.isEmpty else { return nil }
        return UnknownJurisdiction(state: expected, name: name, notes: notes, sources: sources.values.sorted { $0.id < $1.id }, file: sink.file)
    }

    /// What requirements may refer to within one file.
    struct Context {
        let declared: Set<String>
        let levels: Set<String>
        let isShared: Bool
    }

    func readSources(_ node: Node) -> [String: SourceCitation] {
        guard let outer = StrictMapping(node, what: "sources", sink: sink) else { return [:] }
        var result: [String: SourceCitation] = [:]
        for (key, value) in outer.keys {
            guard let id = Scalar.identifier(key, "source id", sink), let citation = readCitation(value, id: id) else { continue }
            result[id] = citation
        }
        return result
    }

    /// `{title, url, status: V|S, note?}`: unverified facts are refused.
    func readCitation(_ node: Node, id: String) -> SourceCitation? {
        guard var entry = StrictMapping(node, what: "source '\(id)'", sink: sink) else { return nil }
        let title = entry.required("title").flatMap { Scalar.text($0, "title", sink) }
        let url = entry.required("url").flatMap { Scalar.text($0, "url", sink) }
        let statusNode = entry.required("status")
        entry.freeText("note")
        entry.finish()
        var status: SourceCitation.Status?
        if let statusNode, let text = Scalar.text(statusNode, "status", sink) {
            status = SourceCitation.Status(rawValue: text)
            if status == nil {
                sink.error("source status '\(text)' must be V (primary source) or S (secondary); unverified facts are not encoded", at: statusNode.mark)
            }
        }
        guard let title, let url, let status else { return nil }
        return SourceCitation(id: id, title: title, url: url, status: status)
    }

    private func readLevels(_ node: Node, _ context: Context) -> [CertificateLevel]? {
        guard let list = Scalar.list(node, "levels", sink) else { return nil }
        var levels: [CertificateLevel] = []
        for item in list {
            guard var entry = StrictMapping(item, what: "a level", sink: sink) else { continue }
            let id = entry.required("id").flatMap { Scalar.identifier($0, "level id", sink) }
            let term = entry.optional("term_months").flatMap { Scalar.wholeNumber($0, "term_months", sink, range: 1...120) }
            let extensions = entry.optional("extensions").flatMap { Scalar.wholeNumber($0, "extensions", sink, range: 0...10) } ?? 0
            let extensionMonths = entry.optional("extension_months").flatMap { Scalar.wholeNumber($0, "extension_months", sink, range: 1...120) }
            entry.freeText("name", "description", "note")
            let sourceNode = entry.optional("source")
            entry.finish()
            if let sourceNode { _ = readSourceReferences(sourceNode, item: item, context: context) }
            if extensions > 0, extensionMonths == nil { sink.error("a level with extensions needs extension_months", at: item.mark) }
            if extensions > 0 || extensionMonths != nil, term == nil { sink.error("extensions extend a term: give the level term_months", at: item.mark) }
            guard let id else { continue }
            if levels.contains(where: { $0.id == id }) { sink.error("duplicate level id '\(id)'", at: item.mark) }
            levels.append(CertificateLevel(id: id, termMonths: term, extensions: extensions, extensionMonths: extensionMonths,
                                           location: sink.location(item)))
        }
        return levels
    }

    private func readVersions(_ node: Node, _ context: Context) -> [RuleVersion]? {
        guard let list = Scalar.list(node, "versions", sink) else { return nil }
        if list.isEmpty { sink.error("versions must list at least one version", at: node.mark) }
        var versions: [RuleVersion] = []
        for item in list {
            guard var entry = StrictMapping(item, what: "a version", sink: sink) else { continue }
            let from = entry.required("valid_from").flatMap { Scalar.day($0, "valid_from", sink) }
            let untilNode = entry.optional("valid_until")
            let until = untilNode.flatMap { Scalar.day($0, "valid_until", sink) }
            entry.freeText("note")
            let requirements = entry.required("requirements").flatMap { readRequirements($0, context) }
            let removes = context.isShared ? [] : entry.optional("removes").flatMap { node in
                Scalar.list(node, "removes", sink)?.compactMap { Scalar.identifier($0, "removed requirement id", sink) }
            } ?? []
            let endorsements = context.isShared ? [] : entry.optional("endorsements").flatMap { readEndorsements($0, context) } ?? []
            entry.finish()
            guard let from, let requirements else { continue }
            if let until, until < from {
                sink.error("valid_until \(until) is before valid_from \(from)", at: untilNode?.mark)
                continue
            }
            versions.append(RuleVersion(validFrom: from, validUntil: until, location: sink.location(item), requirements: requirements,
                                        removes: removes, endorsements: endorsements))
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

    private func readEndorsements(_ node: Node, _ context: Context) -> [Endorsement]? {
        guard let list = Scalar.list(node, "endorsements", sink) else { return nil }
        var endorsements: [Endorsement] = []
        for item in list {
            guard var entry = StrictMapping(item, what: "an endorsement", sink: sink) else { continue }
            let id = entry.required("id").flatMap { Scalar.identifier($0, "endorsement id", sink) }
            let name = entry.optional("name").flatMap { Scalar.text($0, "name", sink) }
            entry.freeText("description", "note")
            let requirements = entry.required("requirements").flatMap { readRequirements($0, context) }
            entry.finish()
            guard let id, let requirements else { continue }
            if endorsements.contains(where: { $0.id == id }) { sink.error("duplicate endorsement id '\(id)'", at: item.mark) }
            endorsements.append(Endorsement(id: id, name: name ?? id, requirements: requirements))
        }
        return endorsements
    }

    private func readRequirements(_ node: Node, _ context: Context) -> [Requirement]? {
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
            let alignmentNode = entry.required("alignment")
            let alignment = alignmentNode.flatMap { Scalar.choice($0, "alignment", sink, as: Alignment.self) }
            let sourceNode = entry.optional("source")
            let phaseIn = entry.optional("phase_in").flatMap { Scalar.day($0, "phase_in", sink) }
            let levels = context.isShared ? [] : entry.optional("levels").flatMap { node in
                Scalar.list(node, "levels", sink)?.compactMap { levelNode -> String? in
                    guard let level = Scalar.identifier(levelNode, "level", sink) else { return nil }
                    if !context.levels.contains(level) { sink.error("level '\(level)' is not declared under levels", at: levelNode.mark) }
                    return level
                }
            } ?? []
            entry.freeText("description", "note")
            let atRenewalNode = entry.optional("at_renewal")
            // true: required at certification and checked again at each renewal; only: checked at renewal alone.
            let atRenewalText = atRenewalNode.flatMap { $0.scalar?.style == .plain ? $0.scalar?.string : nil }
            if let atRenewalNode, !["true", "false", "only"].contains(atRenewalText ?? "") {
                sink.error("at_renewal must be true, false or only", at: atRenewalNode.mark)
            }
            let renewalOnly = atRenewalText == "only"
            let atRenewal = renewalOnly || atRenewalText == "true"
            let spec = kind == .oneOf ? readPaths(&entry, context) : kind.flatMap { RequirementParameters(sink: sink, catalog: catalog).read($0, &entry) }
            if atRenewal, let spec {
                // A re-check needs a window counted back from each renewal's as-of date.
                let missingWindow = "at_renewal needs within_months: how recent the \(spec.kind.rawValue) must be at each renewal"
                switch spec {
                case .ethics(let rule) where rule.withinMonths == nil: sink.error(missingWindow, at: atRenewalNode?.mark)
                case .backgroundCheck(let rule) where rule.withinMonths == nil: sink.error(missingWindow, at: atRenewalNode?.mark)
                case .ethics, .backgroundCheck: break
                default:
                    sink.error("at_renewal applies to ethics and background_check requirements (\(spec.kind.rawValue) is judged once, or is already a renewal requirement)",
                               at: atRenewalNode?.mark)
                }
            }
            // Without a kind its parameters cannot be judged: calling them unknown would only add noise.
            if kind != nil { entry.finish() }

            if let id, let idNode, !seen.insert(id).inserted {
                sink.error("duplicate requirement id '\(id)' in this version", at: idNode.mark)
            }
            if let standard, catalog.standards[standard] == nil {
                sink.error("unknown model standard '\(standard)' (see model-standards.yaml)", at: standardNode?.mark)
            }
            // A comparison needs the standard's own recommendation: none is claimed where it is unknown.
            if let standard, let model = catalog.standards[standard], let alignment {
                let compares = [Alignment.aligns, .stricter, .looser].contains(alignment)
                if compares, model.recommendation == nil {
                    sink.error("alignment '\(alignment.rawValue)' compares with \(standard), whose recommendation is unknown: write `alignment: unknown`",
                               at: alignmentNode?.mark)
                } else if alignment == .unknown, let recommendation = model.recommendation {
                    sink.error("\(standard) recommends \(recommendation): say how this requirement compares (aligns, stricter, looser or absent)",
                               at: alignmentNode?.mark)
                }
            }
            guard let sourceNode else {
                sink.error("requirement has no source: every requirement cites where its numbers come from", at: item.mark)
                continue
            }
            let citations = readSourceReferences(sourceNode, item: item, context: context)
            guard let id, let spec, let standard, let alignment, let citations else { continue }
            requirements.append(Requirement(id: id, spec: spec, standard: standard, alignment: alignment, sources: citations,
                                            phaseIn: phaseIn, levels: levels, atRenewal: atRenewal, renewalOnly: renewalOnly,
                                            location: sink.location(item)))
        }
        return requirements
    }

    /// `paths:` of a `one_of` requirement: at least two, each with an id, a description and
    /// requirements judged once (at certification) like the credential's initial ones.
    private func readPaths(_ entry: inout StrictMapping, _ context: Context) -> RequirementSpec? {
        guard let node = entry.required("paths"), let list = Scalar.list(node, "paths", sink) else { return nil }
        if list.count < 2 { sink.error("one_of needs at least two paths", at: node.mark) }
        var paths: [RequirementPath] = []
        for item in list {
            guard var path = StrictMapping(item, what: "a path", sink: sink) else { continue }
            let id = path.required("id").flatMap { Scalar.identifier($0, "path id", sink) }
            let description = path.required("description").flatMap { Scalar.text($0, "description", sink) }
            path.freeText("note")
            let requirementsNode = path.required("requirements")
            let requirements = requirementsNode.flatMap { readRequirements($0, context) }
            path.finish()
            for requirement in requirements ?? [] {
                // Judged once, at certification: renewal kinds and re-checks belong to the credential itself;
                // lived experience is health information and is reported only as its own requirement.
                let refused: String? = switch requirement.kind {
                case .oneOf: "paths do not nest"
                case .livedExperience: "lived experience is reported only as its own requirement, never inside a path"
                case _ where requirement.kind.isRenewal || requirement.atRenewal: "renewal requirements are the credential's own, not a path's"
                default: nil
                }
                if let refused {
                    sink.error("\(requirement.kind.rawValue) cannot be in a path: \(refused)", at: requirement.location)
                }
            }
            guard let id, let description, let requirements else { continue }
            if requirements.isEmpty { sink.error("path '\(id)' has no requirements", at: requirementsNode?.mark) }
            if paths.contains(where: { $0.id == id }) { sink.error("duplicate path id '\(id)'", at: item.mark) }
            paths.append(RequirementPath(id: id, description: description, requirements: requirements))
        }
        return .oneOf(AlternativePaths(paths: paths))
    }

    /// One source id or a list of them; every id must be declared in the file's `sources`.
    private func readSourceReferences(_ node: Node, item: Node, context: Context) -> [String]? {
        let nodes = node.sequence.map(Array.init) ?? [node]
        var ids: [String] = []
        for reference in nodes {
            guard let id = Scalar.text(reference, "source", sink) else { return nil }
            if !context.declared.contains(id) {
                sink.error("source '\(id)' is not declared under sources", at: reference.mark)
                return nil
            }
            ids.append(id)
        }
        if ids.isEmpty { sink.error("requirement has an empty source list", at: node.mark) }
        return ids.isEmpty ? nil : ids
    }
}
