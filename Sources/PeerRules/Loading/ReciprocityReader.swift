import Yams

/// Reads `rules/reciprocity.yaml`; every credential and requirement id it names must exist.
struct ReciprocityReader {
    let sink: DiagnosticSink
    let credentials: [CredentialKey: CredentialRules]
    let shared: [String: CredentialRules]

    func read(_ root: Node) -> [ReciprocityAgreement] {
        guard var file = StrictMapping(root, what: "reciprocity.yaml", sink: sink) else { return [] }
        file.freeText("notes")
        let list = file.required("agreements").flatMap { Scalar.list($0, "agreements", sink) } ?? []
        file.finish()
        var agreements: [ReciprocityAgreement] = []
        for item in list {
            guard var entry = StrictMapping(item, what: "an agreement", sink: sink) else { continue }
            let id = entry.required("id").flatMap { Scalar.identifier($0, "agreement id", sink) }
            let kind = entry.required("kind").flatMap { Scalar.choice($0, "kind", sink, as: ReciprocityAgreement.Kind.self) }
            let sharedNode = entry.optional("shared")
            let sharedName = sharedNode.flatMap { Scalar.text($0, "shared", sink) }
            let members = entry.optional("members").flatMap { node in Scalar.list(node, "members", sink)?.compactMap(credential) } ?? []
            let to = entry.optional("to").flatMap(credential)
            let waivesNode = entry.optional("waives")
            var additions: [CredentialKey: [String]] = [:]
            if let node = entry.optional("receiving_additions"), let mapping = StrictMapping(node, what: "receiving_additions", sink: sink) {
                for (keyNode, value) in mapping.keys {
                    guard let key = credential(keyNode) else { continue }
                    additions[key] = Scalar.list(value, "additions for \(key)", sink)?.compactMap { idNode -> String? in
                        guard let requirement = Scalar.identifier(idNode, "requirement id", sink) else { return nil }
                        if !requirementIDs(of: key).contains(requirement) {
                            sink.error("\(key) has no requirement '\(requirement)'", at: idNode.mark)
                        }
                        return requirement
                    } ?? []
                }
            }
            let source = entry.required("source").flatMap { CredentialFileReader(sink: sink, catalog: emptyCatalog).readCitation($0, id: "source") }
            entry.freeText("note")
            entry.finish()
            if let sharedName, shared[sharedName] == nil {
                sink.error("no shared definition '\(sharedName)' in rules/shared", at: sharedNode?.mark)
            }
            // A waived requirement must exist where the agreement applies: in the shared definition or the receiving credential.
            let waivable = sharedName.flatMap { shared[$0] }.map(\.requirementIDs) ?? to.map(requirementIDs(of:)) ?? []
            let waives = waivesNode.flatMap { node in
                Scalar.list(node, "waives", sink)?.compactMap { idNode -> String? in
                    guard let id = Scalar.identifier(idNode, "waived requirement id", sink) else { return nil }
                    if !waivable.contains(id) { sink.error("waives '\(id)', which no credential of this agreement defines", at: idNode.mark) }
                    return id
                }
            } ?? []
            if kind == .icrc, sharedName == nil { sink.error("an icrc agreement names its shared credential (shared: ICRC-PR)", at: item.mark) }
            if kind == .stateReview, to == nil { sink.error("a state_review agreement names the receiving credential (to: ST/CREDENTIAL)", at: item.mark) }
            guard let id, let kind, let source else { continue }
            agreements.append(ReciprocityAgreement(id: id, kind: kind, shared: sharedName, members: members, to: to, waives: waives,
                                                   receivingAdditions: additions, source: source, location: sink.location(item)))
        }
        return agreements
    }

    /// `ST/CREDENTIAL`, which must be a loaded credential.
    private func credential(_ node: Node) -> CredentialKey? {
        guard let text = Scalar.text(node, "credential", sink) else { return nil }
        let parts = text.split(separator: "/")
        guard parts.count == 2 else {
            sink.error("'\(text)' must name a credential as ST/CREDENTIAL", at: node.mark)
            return nil
        }
        let key = CredentialKey(state: String(parts[0]), credential: String(parts[1]))
        guard credentials[key] != nil else {
            sink.error("no rule file for \(key) (rules/\(key.state)/\(key.credential).yaml)", at: node.mark)
            return nil
        }
        return key
    }

    private func requirementIDs(of key: CredentialKey) -> Set<String> {
        guard let rules = credentials[key] else { return [] }
        return rules.requirementIDs.union(rules.extends.flatMap { shared[$0] }?.requirementIDs ?? [])
    }

    private var emptyCatalog: Catalog { Catalog(standards: [:], competencies: [:], exams: [:], trainingDomains: [:]) }
}
