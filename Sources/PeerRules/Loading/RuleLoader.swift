import Foundation
import Yams

/// Loads and validates a rules directory:
///
/// ```
/// rules/model-standards.yaml      SAMHSA model standards and core competencies
/// rules/codes.yaml                exam codes and training domains
/// rules/<ST>/<CREDENTIAL>.yaml    one credential of one state, effective-dated versions
/// rules/<ST>/tests/*.yaml         example workers with expected verdicts (read by `rules test`)
/// ```
///
/// Every problem in every file is collected; any problem fails the whole load, so a run never
/// starts on a rule set that is partly wrong.
public enum RuleLoader {
    public static func load(directory: String) throws(RuleLoadError) -> RuleBook {
        var diagnostics: [RuleDiagnostic] = []
        var digests: [RuleFileDigest] = []
        let base = directory.hasSuffix("/") ? String(directory.dropLast()) : directory

        func read(_ path: String) -> (String, DiagnosticSink)? {
            let sink = DiagnosticSink(file: path)
            guard let data = FileManager.default.contents(atPath: path) else {
                diagnostics.append(RuleDiagnostic(location: RuleLocation(file: path, line: 1, column: 1), message: "cannot read the file"))
                return nil
            }
            digests.append(RuleFileDigest(path: path, sha256: SHA256.hex(Array(data))))
            let bytes = [UInt8](data)
            if let problem = RuleText.firstProblem(bytes) {
                diagnostics.append(RuleDiagnostic(location: RuleLocation(file: path, line: problem.line, column: problem.column), message: problem.message))
                return nil
            }
            return (String(decoding: bytes, as: UTF8.self), sink)
        }

        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: base, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw RuleLoadError(diagnostics: [RuleDiagnostic(location: RuleLocation(file: base, line: 1, column: 1),
                                                             message: "no rules directory here")])
        }

        var catalogParts = CatalogParts()
        for name in ["model-standards.yaml", "codes.yaml"] {
            let path = "\(base)/\(name)"
            guard FileManager.default.fileExists(atPath: path) else {
                diagnostics.append(RuleDiagnostic(location: RuleLocation(file: path, line: 1, column: 1), message: "missing: every rules directory needs \(name)"))
                continue
            }
            guard let (text, sink) = read(path) else { continue }
            if let root = YAMLDocument.parse(text, sink: sink) {
                if name == "codes.yaml" { catalogParts.readCodes(root, sink) } else { catalogParts.readStandards(root, sink) }
            }
            diagnostics += sink.items
        }
        let catalog = catalogParts.catalog
        // Every credential file is checked against the catalog: with the catalog broken, its
        // errors would only repeat as unknown codes everywhere. Fix the catalog first.
        guard diagnostics.isEmpty else { throw RuleLoadError(diagnostics: diagnostics) }

        var credentials: [CredentialKey: CredentialRules] = [:]
        var shared: [String: CredentialRules] = [:]
        var unknownJurisdictions: [UnknownJurisdiction] = []
        func readCredential(_ path: String, _ expected: CredentialFileReader.Expected) {
            guard let (text, sink) = read(path) else { return }
            if let root = YAMLDocument.parse(text, sink: sink),
               let rules = CredentialFileReader(sink: sink, catalog: catalog).read(root, expected: expected) {
                switch expected {
                case .credential(let key): credentials[key] = rules
                case .shared(let name): shared[name] = rules
                }
            }
            diagnostics += sink.items
        }
        func problem(_ path: String, _ message: String) {
            diagnostics.append(RuleDiagnostic(location: RuleLocation(file: path, line: 1, column: 1), message: message))
        }

        let topLevel: Set<String> = ["model-standards.yaml", "codes.yaml", "reciprocity.yaml"]
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: base).sorted()) ?? []
        for entry in entries {
            let path = "\(base)/\(entry)"
            var entryIsDirectory: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: path, isDirectory: &entryIsDirectory)
            if !entryIsDirectory.boolValue {
                if entry.hasSuffix(".yaml") || entry.hasSuffix(".yml"), !topLevel.contains(entry) {
                    problem(path, "unexpected rule file: credential files belong in a state folder (rules/<ST>/<CREDENTIAL>.yaml)")
                }
                continue
            }
            let files = (try? FileManager.default.contentsOfDirectory(atPath: path).sorted()) ?? []
            if entry == "shared" {
                for file in files {
                    guard file.hasSuffix(".yaml") else { problem("\(path)/\(file)", "unexpected file: shared definitions end in .yaml"); continue }
                    readCredential("\(path)/\(file)", .shared(String(file.dropLast(5))))
                }
                continue
            }
            guard entry.count == 2, entry.allSatisfy({ $0.isASCII && $0.isUppercase }) else {
                problem(path, "a state folder is named by its two-letter code in capitals (PA, MD, …); shared definitions go in rules/shared")
                continue
            }
            if files.contains("jurisdiction.yaml") {
                let stub = "\(path)/jurisdiction.yaml"
                if files.contains(where: { $0 != "jurisdiction.yaml" }) {
                    problem(stub, "a jurisdiction whose facts are all unknown has no other files; with credential files, remove jurisdiction.yaml")
                } else if let (text, sink) = read(stub) {
                    if let root = YAMLDocument.parse(text, sink: sink),
                       let jurisdiction = CredentialFileReader(sink: sink, catalog: catalog).readJurisdiction(root, state: entry) {
                        unknownJurisdictions.append(jurisdiction)
                    }
                    diagnostics += sink.items
                }
                continue
            }
            for file in files where file != "tests" {
                guard file.hasSuffix(".yaml") else { problem("\(path)/\(file)", "unexpected file in a state folder: rule files end in .yaml"); continue }
                readCredential("\(path)/\(file)", .credential(CredentialKey(state: entry, credential: String(file.dropLast(5)))))
            }
        }
        for rules in credentials.values.sorted(by: { $0.key < $1.key }) {
            let base = rules.extends.flatMap { shared[$0] }
            if let name = rules.extends, base == nil {
                problem(rules.file, "extends '\(name)', but there is no rules/shared/\(name).yaml")
            }
            for version in rules.versions where !version.removes.isEmpty {
                guard let base else {
                    if rules.extends == nil {
                        diagnostics.append(RuleDiagnostic(location: version.location, message: "removes needs a shared definition to remove from (extends:)"))
                    }
                    continue
                }
                for id in version.removes where !base.requirementIDs.contains(id) {
                    diagnostics.append(RuleDiagnostic(location: version.location, message: "removes '\(id)', which \(base.file) does not define"))
                }
            }
        }

        var reciprocity: [ReciprocityAgreement] = []
        let reciprocityPath = "\(base)/reciprocity.yaml"
        if FileManager.default.fileExists(atPath: reciprocityPath), let (text, sink) = read(reciprocityPath) {
            if let root = YAMLDocument.parse(text, sink: sink) {
                reciprocity = ReciprocityReader(sink: sink, credentials: credentials, shared: shared).read(root)
            }
            diagnostics += sink.items
        }
        guard diagnostics.isEmpty else { throw RuleLoadError(diagnostics: diagnostics) }
        return RuleBook(catalog: catalog, credentials: credentials, shared: shared, reciprocity: reciprocity,
                        unknownJurisdictions: unknownJurisdictions, files: digests.sorted { $0.path < $1.path })
    }
}

/// Builds the catalog from model-standards.yaml and codes.yaml.
private struct CatalogParts {
    var standards: [String: ModelStandard] = [:]
    var competencies: [String: ModelStandard] = [:]
    var exams: [String: CodeDefinition] = [:]
    var domains: [String: CodeDefinition] = [:]
    var ceTopics: [String: CodeDefinition] = [:]
    var supervisorCredentials: [String: CodeDefinition] = [:]

    var catalog: Catalog {
        Catalog(standards: standards, competencies: competencies, exams: exams, trainingDomains: domains,
                ceTopics: ceTopics, supervisorCredentials: supervisorCredentials)
    }

    mutating func readStandards(_ root: Node, _ sink: DiagnosticSink) {
        guard var file = StrictMapping(root, what: "model-standards.yaml", sink: sink) else { return }
        file.freeText("document")
        if let node = file.required("standards"), let list = Scalar.list(node, "standards", sink) {
            standards = Self.entries(list, what: "standard", sink)
            if list.isEmpty { sink.error("standards must list at least one model standard", at: node.mark) }
        }
        if let list = file.required("core_competencies").flatMap({ Scalar.list($0, "core_competencies", sink) }) {
            competencies = Self.entries(list, what: "core competency", sink)
        }
        file.finish()
    }

    private static func entries(_ list: [Node], what: String, _ sink: DiagnosticSink) -> [String: ModelStandard] {
        var result: [String: ModelStandard] = [:]
        for node in list {
            guard var entry = StrictMapping(node, what: what, sink: sink) else { continue }
            let id = entry.required("id").flatMap { Scalar.identifier($0, "\(what) id", sink) }
            let title = entry.required("title").flatMap { Scalar.text($0, "\(what) title", sink) }
            let recommendation = entry.optional("recommendation").flatMap { Scalar.text($0, "recommendation", sink) }
            entry.freeText("source", "status", "note")
            entry.finish()
            guard let id, let title else { continue }
            if result[id] != nil { sink.error("duplicate \(what) id '\(id)'", at: node.mark) }
            result[id] = ModelStandard(id: id, title: title, recommendation: recommendation)
        }
        return result
    }

    mutating func readCodes(_ root: Node, _ sink: DiagnosticSink) {
        guard var file = StrictMapping(root, what: "codes.yaml", sink: sink) else { return }
        let lists: [(String, WritableKeyPath<CatalogParts, [String: CodeDefinition]>, Bool)] = [
            ("exams", \.exams, true), ("training_domains", \.domains, true),
            ("ce_topics", \.ceTopics, false), ("supervisor_credentials", \.supervisorCredentials, false),
        ]
        for (key, target, required) in lists {
            guard let node = required ? file.required(key) : file.optional(key), let list = Scalar.list(node, key, sink) else { continue }
            for node in list {
                guard var entry = StrictMapping(node, what: "an entry of \(key)", sink: sink) else { continue }
                let code = entry.required("code").flatMap { Scalar.text($0, "code", sink) }
                let name = entry.required("name").flatMap { Scalar.text($0, "name", sink) }
                entry.freeText("source", "note")
                entry.finish()
                guard let code, let name else { continue }
                if self[keyPath: target][code] != nil { sink.error("duplicate code '\(code)' in \(key)", at: node.mark) }
                self[keyPath: target][code] = CodeDefinition(code: code, name: name)
            }
        }
        file.finish()
    }
}

/// What makes a file's bytes unusable as YAML text, found where it is: a byte sequence that is
/// not UTF-8, or a control character YAML does not allow (a NUL among them), at its line and
/// column (counted in characters, as YAML's own errors are).
enum RuleText {
    static func firstProblem(_ bytes: [UInt8]) -> (line: Int, column: Int, message: String)? {
        var (line, column) = (1, 1)
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = bytes.makeIterator()
        var offset = 0
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let encoded):
                let scalar = Unicode.UTF8.decode(encoded)
                offset += encoded.count
                switch scalar.value {
                case 0x0A:
                    (line, column) = (line + 1, 1)
                    continue
                case 0x00:
                    return (line, column, "a NUL byte is not allowed in a rule file")
                case 0x09, 0x0D:
                    break
                case 0x01...0x1F, 0x7F:
                    return (line, column, "the control character U+\(String(format: "%04X", scalar.value)) is not allowed in a rule file")
                default:
                    break
                }
                column += 1
            case .error:
                let byte = bytes[offset]
                return (line, column, "the file is not UTF-8 text here (byte 0x\(String(format: "%02X", byte)))")
            case .emptyInput:
                return nil
            }
        }
    }
}
