import Foundation
import PeerEngine
import PeerRules
import Yams

/// Reads every `rules/<ST>/tests/*.yaml`, as strictly as the rule files themselves.
public enum RuleCaseLoader {
    public static func load(directory: String, book: RuleBook) throws(RuleLoadError) -> [RuleCase] {
        let base = directory.hasSuffix("/") ? String(directory.dropLast()) : directory
        var cases: [RuleCase] = []
        var diagnostics: [RuleDiagnostic] = []
        let states = ((try? FileManager.default.contentsOfDirectory(atPath: base)) ?? []).sorted()
        for state in states where state.count == 2 {
            let folder = "\(base)/\(state)/tests"
            for file in ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).sorted() {
                let path = "\(folder)/\(file)"
                let sink = DiagnosticSink(file: path)
                if !file.hasSuffix(".yaml") {
                    sink.error("unexpected file in a tests folder: test files end in .yaml", at: nil)
                } else if let text = try? String(contentsOfFile: path, encoding: .utf8), let root = YAMLDocument.parse(text, sink: sink) {
                    cases += CaseFileReader(sink: sink, state: state, book: book).read(root)
                } else if sink.items.isEmpty {
                    sink.error("cannot read the file as UTF-8 text", at: nil)
                }
                diagnostics += sink.items
            }
        }
        guard diagnostics.isEmpty else { throw RuleLoadError(diagnostics: diagnostics) }
        return cases
    }
}

/// One test file: `credential:` and a list of `cases:`.
private struct CaseFileReader {
    let sink: DiagnosticSink
    let state: String
    let book: RuleBook

    /// Providers and supervisors a case can name: provider 1 is approved by every state, 2 by none.
    static let approvedProvider = 1
    static let unapprovedProvider = 2

    func read(_ root: Node) -> [RuleCase] {
        guard var file = StrictMapping(root, what: "the test file", sink: sink) else { return [] }
        let credentialNode = file.required("credential")
        let credential = credentialNode.flatMap { Scalar.text($0, "credential", sink) }
        let list = file.required("cases").flatMap { Scalar.list($0, "cases", sink) } ?? []
        file.freeText("notes")
        file.finish()
        guard let credential else { return [] }
        let key = CredentialKey(state: state, credential: credential)
        guard book.credentials[key] != nil else {
            sink.error("no rule file for \(key)", at: credentialNode?.mark)
            return []
        }
        var names: Set<String> = []
        return list.compactMap { item in
            guard var entry = StrictMapping(item, what: "a case", sink: sink) else { return nil }
            let name = entry.required("name").flatMap { Scalar.text($0, "name", sink) }
            let asOf = entry.required("as_of").flatMap { Scalar.day($0, "as_of", sink) }
            let worker = entry.required("worker").flatMap { readWorker($0, key: key) }
            let expect = entry.required("expect").flatMap(readExpectation)
            entry.freeText("note")
            entry.finish()
            guard let name, let asOf, let worker, let expect else { return nil }
            if !names.insert(name).inserted { sink.error("duplicate case name '\(name)'", at: item.mark) }
            var approvals = ProviderApprovals()
            for state in Set(book.credentials.keys.map(\.state)) {
                approvals.add(provider: Self.approvedProvider, .init(state: state, from: Day(year: 1900, month: 1, day: 1)!, until: nil))
            }
            return RuleCase(name: name, file: sink.file, line: item.mark?.line ?? 1, key: key, asOf: asOf, worker: worker.record,
                            approvals: approvals, supervisors: worker.supervisors,
                            expectedVerdict: expect.verdict, expectedRequirements: expect.requirements)
        }
    }

    private func readExpectation(_ node: Node) -> (verdict: CredentialVerdict, requirements: [(id: String, verdict: Verdict)])? {
        guard var entry = StrictMapping(node, what: "expect", sink: sink) else { return nil }
        let verdict = entry.required("verdict").flatMap { Scalar.choice($0, "verdict", sink, as: CredentialVerdict.self) }
        var requirements: [(String, Verdict)] = []
        if let node = entry.optional("requirements"), let mapping = StrictMapping(node, what: "requirements", sink: sink) {
            for (key, value) in mapping.keys {
                guard let id = Scalar.text(key, "requirement id", sink), let expected = Scalar.choice(value, "verdict", sink, as: Verdict.self) else { continue }
                requirements.append((id, expected))
            }
        }
        entry.finish()
        return verdict.map { ($0, requirements) }
    }

    private func readWorker(_ node: Node, key: CredentialKey) -> (record: WorkerRecord, supervisors: SupervisorDirectory)? {
        guard var entry = StrictMapping(node, what: "worker", sink: sink) else { return nil }
        var record = WorkerRecord(id: 1)
        var supervisors = SupervisorDirectory()
        var nextID = 1
        func id() -> Int { defer { nextID += 1 }; return nextID }
        record.birthDate = entry.optional("birth_date").flatMap { Scalar.day($0, "birth_date", sink) }
        record.residenceState = entry.optional("residence_state").flatMap { Scalar.text($0, "residence_state", sink) }
        record.workState = entry.optional("work_state").flatMap { Scalar.text($0, "work_state", sink) }
        rows(&entry, "attestations") { row in
            let kind = row.required("kind").flatMap { Scalar.text($0, "kind", sink) } ?? ""
            record.attestations.append(LivedExperienceAttestation(id: id(), kind: kind, attestedOn: day(&row, "attested_on"),
                                                                  recoverySince: optionalDay(&row, "recovery_since")))
        }
        rows(&entry, "education") { row in
            let level = row.required("level").flatMap { Scalar.text($0, "level", sink) } ?? ""
            record.education.append(EducationRecord(id: id(), level: level, credits: hours(&row, "credits", required: false),
                                                    completedOn: optionalDay(&row, "completed_on")))
        }
        rows(&entry, "training") { row in
            let domain = row.required("domain").flatMap { Scalar.text($0, "domain", sink) } ?? ""
            let mode = row.optional("mode").flatMap { Scalar.text($0, "mode", sink) } ?? "classroom"
            let provider = row.optional("provider").flatMap { Scalar.text($0, "provider", sink) } ?? "approved"
            let providerID: Int? = switch provider {
            case "approved": Self.approvedProvider
            case "unapproved": Self.unapprovedProvider
            case "none": nil
            default: { sink.error("provider must be approved, unapproved or none", at: row.node.mark); return nil }()
            }
            record.training.append(TrainingRecord(id: id(), providerID: providerID, hours: hours(&row, "hours"), domain: domain,
                                                  deliveryMode: mode, completedOn: day(&row, "completed_on")))
        }
        rows(&entry, "exams") { row in
            let code = row.required("code").flatMap { Scalar.text($0, "code", sink) } ?? ""
            let passed = row.required("passed").flatMap { Scalar.bool($0, "passed", sink) } ?? false
            record.exams.append(ExamRecord(id: id(), examCode: code, score: hours(&row, "score", required: false), passed: passed,
                                           takenOn: day(&row, "taken_on")))
        }
        rows(&entry, "supervised") { row in
            let supervisorID = id()
            if let credential = row.optional("supervisor").flatMap({ Scalar.text($0, "supervisor", sink) }) {
                supervisors.add(supervisor: supervisorID, credential: credential)
            }
            record.supervised.append(SupervisedExperienceRecord(id: supervisorID, supervisorID: supervisorID, workHours: hours(&row, "work_hours"),
                                                                supervisionHours: hours(&row, "supervision_hours"),
                                                                periodStart: day(&row, "period_start"), periodEnd: day(&row, "period_end")))
        }
        rows(&entry, "ethics") { row in
            let state = row.optional("state").flatMap { Scalar.text($0, "state", sink) } ?? key.state
            record.ethics.append(EthicsAttestation(id: id(), state: state, signedOn: day(&row, "signed_on")))
        }
        rows(&entry, "background") { row in
            let check = row.required("check").flatMap { Scalar.text($0, "check", sink) } ?? ""
            let result = row.required("result").flatMap { Scalar.text($0, "result", sink) } ?? ""
            record.backgroundChecks.append(BackgroundCheckRecord(id: id(), kind: check, result: result, completedOn: day(&row, "completed_on")))
        }
        rows(&entry, "ce") { row in
            let topic = row.required("topic").flatMap { Scalar.text($0, "topic", sink) } ?? ""
            let provider = row.optional("provider").flatMap { Scalar.text($0, "provider", sink) }
            record.continuingEducation.append(ContinuingEducationRecord(id: id(), hours: hours(&row, "hours"), topic: topic,
                                                                        completedOn: day(&row, "completed_on"), provider: provider))
        }
        rows(&entry, "employment") { row in
            let peerWork = row.optional("peer_work").flatMap { Scalar.bool($0, "peer_work", sink) }
            record.employment.append(EmploymentRecord(id: id(), employerID: 1, startedOn: day(&row, "started_on"),
                                                      endedOn: optionalDay(&row, "ended_on"), peerWork: peerWork))
        }
        if let node = entry.required("certification"), var row = StrictMapping(node, what: "certification", sink: sink) {
            let status = row.required("status").flatMap { Scalar.text($0, "status", sink) } ?? ""
            let level = row.optional("level").flatMap { Scalar.text($0, "level", sink) }
            let endorsements = row.optional("endorsements").flatMap { Scalar.list($0, "endorsements", sink)?.compactMap { Scalar.text($0, "endorsement", sink) } } ?? []
            record.certifications.append(CertificationRecord(id: id(), key: key, level: level, endorsements: endorsements, status: status,
                                                             appliedOn: optionalDay(&row, "applied_on"), issuedOn: optionalDay(&row, "issued_on"),
                                                             expiresOn: optionalDay(&row, "expires_on")))
            row.finish()
        }
        entry.finish()
        return (record, supervisors)
    }

    /// Reads a list of row mappings under `key`, checking each row's keys.
    private func rows(_ entry: inout StrictMapping, _ key: String, _ body: (inout StrictMapping) -> Void) {
        guard let node = entry.optional(key), let list = Scalar.list(node, key, sink) else { return }
        for item in list {
            guard var row = StrictMapping(item, what: "a \(key) row", sink: sink) else { continue }
            body(&row)
            row.finish()
        }
    }

    private func day(_ row: inout StrictMapping, _ key: String) -> Day? { row.required(key).flatMap { Scalar.day($0, key, sink) } }
    private func optionalDay(_ row: inout StrictMapping, _ key: String) -> Day? { row.optional(key).flatMap { Scalar.day($0, key, sink) } }

    /// Hours in an example may be negative: a case can show what a data error does.
    private func hours(_ row: inout StrictMapping, _ key: String, required: Bool = true) -> Hours? {
        guard let node = required ? row.required(key) : row.optional(key) else { return nil }
        guard let scalar = node.scalar, scalar.style == .plain, let value = Hours(decimal: scalar.string) else {
            sink.error("\(key) must be a plain decimal number written without quotes", at: node.mark)
            return nil
        }
        return value
    }
}
