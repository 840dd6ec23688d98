import ArgumentParser
import Foundation
import PGClient
import PeerEngine
import PeerReports
import PeerRules
import PeerStore

struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The nightly check: evaluate every credential and application, write reports, record results.",
        discussion: """
            Rule files are loaded and validated first: any problem stops the run before anything is written.
            Reports go to <out>/<as-of>-run<id>/ (built under a temporary name, renamed when complete) and
            <out>/latest points at the newest. Results go into peercert.runs, credential_results and findings.
            """)

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var rules: RulesOptions
    @Option(help: "Evaluate as of this date (YYYY-MM-DD, 1900 to 2999; default today UTC).") var asOf: Day?
    @Option(help: "Parent directory of the run's report directory.") var out: String = "reports"
    @Option(help: "Days of look-ahead for expiring requirements and at-risk credentials.") var horizonDays: Int = 90
    @Option(help: "Evaluate only shard k of n (k/n, 0-based): workers whose id hashes to k.") var shard: Shard = .all
    @Option(help: "standard: findings not met in full, met ones by id; full: every finding with its evidence trail.")
    var detail: ReportDetail = .standard

    func validate() throws {
        guard (0...3650).contains(horizonDays) else { throw ValidationError("--horizon-days must be 0 to 3650") }
    }

    func run() throws {
        do {
            let summary = try NightlyRun(
                conninfo: connection.database, rulesDirectory: rules.rules, asOf: asOf ?? .todayUTC,
                horizonDays: horizonDays, outputParent: out, shard: shard, detail: detail
            ).execute()
            print(summary)
        } catch { throw report(error) }
    }
}

/// One nightly pass: rules → snapshot stream → evaluation → reports and results.
struct NightlyRun {
    let conninfo: String?
    let rulesDirectory: String
    let asOf: Day
    let horizonDays: Int
    let outputParent: String
    let shard: Shard
    let detail: ReportDetail

    func execute() throws -> String {
        let clock = ContinuousClock()
        let started = clock.now
        let startedAt = String.nowISO8601
        // Rules first: a bad rule file stops the run before the database or the disk is touched.
        let book = try RuleLoader.load(directory: rulesDirectory)
        let writer = try ResultWriter(conninfo: conninfo, asOf: asOf, toolVersion: PeerCert.version, rulesDigest: book.digest, shard: shard)
        var directory: RunDirectory?
        do {
            let reader = try WorkerReader(conninfo: conninfo)
            let evaluator = Evaluator(book: book, approvals: try reader.providerApprovals(), supervisors: try reader.supervisorDirectory(),
                                      asOf: asOf, horizonDays: horizonDays)
            let name = "\(asOf)-run\(writer.runID)" + (shard == .all ? "" : "-shard\(shard.index)of\(shard.count)")
            let runDirectory = try RunDirectory(parent: outputParent, name: name)
            directory = runDirectory
            let header = RunHeader(runID: writer.runID, asOf: asOf, horizonDays: horizonDays, toolVersion: PeerCert.version,
                                   rulesDigest: book.digest, startedAt: startedAt)
            let report = try ComplianceReport(directory: runDirectory, header: header, detail: detail)
            var findings = 0
            let evaluateStarted = clock.now
            try writer.stage(spoolDirectory: runDirectory.workingPath) { stager in
                try reader.forEachWorker(shard: shard) { worker in
                    let evaluation = evaluator.evaluate(worker)
                    try report.add(evaluation)
                    for credential in evaluation.credentials { try stager.add(credential) }
                }
                findings = stager.findings
            }
            reader.close()
            try report.finish()
            let evaluated = clock.now
            let counts = report.counts
            try writer.commit(reportDir: runDirectory.finalPath, workers: counts.workers, credentials: counts.credentials, findings: findings)
            let committed = clock.now
            try Receipt(header: header, book: book, counts: counts, shard: shard, detail: detail, timings: [
                ("load_rules_and_connect", evaluateStarted - started),
                ("read_evaluate_write", evaluated - evaluateStarted),
                ("commit_results", committed - evaluated),
            ]).write(to: runDirectory)
            // `latest` names a whole night's run; a shard's directory is one part of it.
            try runDirectory.publish(linkLatest: shard == .all)
            let seconds = (clock.now - started).seconds
            let verdicts = CredentialVerdict.allCases.compactMap { verdict in
                counts.byCredentialVerdict[verdict].map { "\($0) \(verdict.rawValue)" }
            }.joined(separator: ", ")
            return """
                run \(writer.runID) as of \(asOf): \(counts.workers) workers, \(counts.credentials) credentials (\(verdicts)), \
                \(findings) findings in \(String(format: "%.1f", seconds)) s
                reports: \(runDirectory.finalPath)
                """
        } catch {
            directory?.abandon()
            writer.fail("\(error)")
            throw error
        }
    }
}

/// `receipt.json`: what a run read and did, enough to reproduce or audit it.
struct Receipt {
    let header: RunHeader
    let book: RuleBook
    let counts: VerdictCounts
    let shard: Shard
    let detail: ReportDetail
    let timings: [(String, Duration)]

    func write(to directory: RunDirectory) throws {
        let file = try directory.file("receipt.json")
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        let rules = book.files.map { "    {\"path\": \(JSONText.literal($0.path)), \"sha256\": \"\($0.sha256)\"}" }.joined(separator: ",\n")
        let timing = timings.map { "\"\($0.0)_seconds\": \(String(format: "%.3f", $0.1.seconds))" }.joined(separator: ", ")
        try file.write("""
            {
              "schema": "peercert.receipt/1",
              "run_id": \(header.runID),
              "as_of": "\(header.asOf)",
              "horizon_days": \(header.horizonDays),
              "shard": "\(shard)",
              "detail": "\(detail.rawValue)",
              "tool_version": "\(header.toolVersion)",
              "started_at": "\(header.startedAt)",
              "finished_at": "\(String.nowISO8601)",
              "rules_digest": "\(header.rulesDigest)",
              "rule_files": [
            \(rules)
              ],
              "counts": {"workers": \(counts.workers), "credentials": \(counts.credentials), "findings": \(counts.findings)},
              "credential_verdicts": \(counts.credentialVerdictsJSON),
              "finding_verdicts": \(counts.findingVerdictsJSON),
              "timings": {\(timing)},
              "peak_rss_kib": \(usage.ru_maxrss)
            }

            """)
        try file.finish()
    }
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
