import ArgumentParser
import PeerEngine
import PeerWording
import PeerReports
import PeerRules
import PeerStore

struct Explain: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "One worker's complete trace from the current data: every finding with its evidence.",
        discussion: """
            Reads the worker in one snapshot and evaluates them as `peercert run` would, writing nothing. \
            The trail is the one `run --detail full` writes for the worker. It includes lived-experience \
            findings: it is for the board's staff only. Exit 66 when no such worker exists.
            """)

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var rules: RulesOptions
    @Option(help: "The worker's id.") var worker: Int
    @Option(help: "Only this credential (ST/CRED, e.g. MD/CPRS).") var credential: CredentialKey?
    @Option(help: "Evaluate as of this date (YYYY-MM-DD, default today UTC).") var asOf: Day?
    @Option(help: "Days of look-ahead for expiring requirements and at-risk credentials.") var horizonDays: Int = 90
    @Flag(help: "Print JSON: the worker's credentials as compliance.json writes them with --detail full.") var json = false

    func validate() throws {
        guard (0...3650).contains(horizonDays) else { throw ValidationError("--horizon-days must be 0 to 3650") }
    }

    func run() throws {
        do {
            let book = try RuleLoader.load(directory: rules.rules)
            let reader = try WorkerReader(conninfo: connection.database)
            defer { reader.close() }
            let day = asOf ?? .todayUTC
            let evaluator = Evaluator(book: book, approvals: try reader.providerApprovals(), supervisors: try reader.supervisorDirectory(),
                                      asOf: day, horizonDays: horizonDays)
            var evaluation: WorkerEvaluation?
            try reader.forEachWorker(worker: worker) { evaluation = evaluator.evaluate($0) }
            guard let evaluation else { throw InputError(message: "no worker \(worker) in the database") }
            let credentials = evaluation.credentials.filter { credential == nil || $0.key == credential }
            if let credential, credentials.isEmpty {
                throw InputError(message: "worker \(worker) holds or applied for no \(credential)")
            }
            print(json ? Self.json(worker: worker, asOf: day, credentials) : Self.text(worker: worker, asOf: day, credentials))
        } catch { throw report(error) }
    }

    static func json(worker: Int, asOf: Day, _ credentials: [CredentialEvaluation]) -> String {
        var bytes = Array("{\"schema\": \"peercert.explain/1\", \"worker_id\": \(worker), \"as_of\": \"\(asOf)\", \"credentials\": [".utf8)
        for (index, credential) in credentials.enumerated() {
            if index > 0 { bytes.append(contentsOf: ", ".utf8) }
            ReportJSON.appendCredential(credential, detail: .full, to: &bytes)
        }
        bytes.append(contentsOf: "]}".utf8)
        return String(decoding: bytes, as: UTF8.self)
    }

    static func text(worker: Int, asOf: Day, _ credentials: [CredentialEvaluation]) -> String {
        var lines = ["worker \(worker) as of \(asOf): \(credentials.count) credential\(credentials.count == 1 ? "" : "s")"]
        for credential in credentials {
            lines.append("")
            lines.append("\(credential.key) \(credential.role.rawValue) (certifications#\(credential.certification.id)"
                         + (credential.number.map { ", number \($0)" } ?? "") + (credential.level.map { ", level \($0)" } ?? "")
                         + "): \(credential.verdict.rawValue)"
                         + (credential.expiresOn.map { ", expires \($0)" } ?? "")
                         + (credential.ruleVersion.map { ", rules from \($0)" } ?? ""))
            if let action = credential.firstAction {
                lines.append("  first action: \(action.actionLine)")
            }
            for finding in credential.findings {
                lines.append("  \(finding.verdict.rawValue.padding(toLength: 21, withPad: " ", startingAt: 0)) \(finding.requirementID)"
                             + (finding.standard.map { " [\($0)]" } ?? "") + (finding.location.map { " \($0.file):\($0.line)" } ?? ""))
                let words = finding.words
                lines.append("      measured \(words.measured); required \(words.required)")
                lines.append("      \(words.reason)" + (words.cure.map { "; cure: \($0)" } ?? ""))
                for note in finding.notes { lines.append("      - \(note)") }
            }
        }
        return lines.joined(separator: "\n")
    }
}
