import ArgumentParser
import Foundation
import PGClient
import PeerEngine
import PeerReports
import PeerRules
import PeerRun
import PeerStore
import Logging

struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The nightly check: evaluate every credential and application, write reports, record results.",
        discussion: """
            Rule files are loaded and validated first: any problem stops the run before anything is written.
            Reports go to <out>/<as-of>-run<id>/ (built under a temporary name, renamed when complete) and
            <out>/latest points at the newest. Results go into peercert.runs, credential_results and findings.
            With --config, administrators' expiry reminders are planned in the same transaction and sent after
            it; exit 76 when a message was refused (it stays pending; `peercert deliver` or the next run retries).
            """)

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var rules: RulesOptions
    @Option(help: "Evaluate as of this date (YYYY-MM-DD, 1900 to 2999; default today UTC).") var asOf: Day?
    @Option(help: "Parent directory of the run's report directory.") var out: String = "reports"
    @Option(help: "Days of look-ahead for expiring requirements and at-risk credentials.") var horizonDays: Int = 90
    @Option(help: "Evaluate only shard k of n (k/n, 0-based): workers whose id hashes to k.") var shard: Shard = .all
    @Option(help: "standard: findings not met in full, met ones by id; full: every finding with its evidence trail.")
    var detail: ReportDetail = .standard

    @Option(help: "Seconds a statement may wait on another session's lock before the run ends with exit 75.")
    var lockTimeout: Int = 60
    @Option(help: "Seconds any one statement may run (0: no limit; the reader's COPY lasts the whole stream).")
    var statementTimeout: Int = 0
    @Option(help: "After a successful run, rewrite this Prometheus textfile (for node_exporter's textfile collector).")
    var metricsFile: String?

    func validate() throws {
        guard (0...3650).contains(horizonDays) else { throw ValidationError("--horizon-days must be 0 to 3650") }
        guard (1...86_400).contains(lockTimeout) else { throw ValidationError("--lock-timeout must be 1 to 86400 seconds") }
        guard (0...86_400).contains(statementTimeout) else { throw ValidationError("--statement-timeout must be 0 to 86400 seconds") }
    }

    @Option(help: "Log lines on stderr: text, or json (one object a line, for journald and Kubernetes).")
    var logFormat: LogFormat = .text
    @OptionGroup var mail: MailOptions

    func run() throws {
        logFormat.bootstrap()
        let stopRequest = StopRequest()
        stopRequest.installSignalHandlers()
        do {
            var configuration = RunConfiguration(conninfo: connection.database, rulesDirectory: rules.rules, asOf: asOf ?? .todayUTC,
                                                 horizonDays: horizonDays, outputParent: out, shard: shard, detail: detail,
                                                 toolVersion: PeerCert.version, notices: try mail.settings(),
                                                 outboxDirectory: mail.outbox)
            configuration.timeouts = SessionTimeouts(lockSeconds: lockTimeout, statementSeconds: statementTimeout)
            configuration.metricsFile = metricsFile
            let summary = try NightlyRun(configuration, logger: Logger(label: "peercert.run"), stopRequest: stopRequest).execute()
            print(summary)
            if !summary.mailDelivered { throw ExitCode(ExitStatus.mailNotDelivered.rawValue) }
        } catch let exit as ExitCode {
            throw exit
        } catch { throw report(error) }
    }
}

/// Administrators' reminders: the board's settings file, and where messages go.
struct MailOptions: ParsableArguments {
    @Option(help: "The board's settings file (YAML; see config/peercert.example.yaml). Without it, no reminders are planned or sent.")
    var config: String?
    @Option(help: "Write messages as .eml files into this directory instead of handing them to sendmail.")
    var outbox: String?

    /// nil without --config and --outbox: reminders are off.
    func settings() throws -> NoticeSettings? {
        if let config { return try NoticeSettings.load(path: config) }
        return outbox == nil ? nil : NoticeSettings()
    }
}

struct Deliver: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Send the administrators' reminders still waiting in the outbox, without evaluating again.",
        discussion: """
            For a mail server that was down at night: each waiting message is sent once and marked; a refused one
            stays pending until its attempts (max_attempts in the settings) are used up, then it is reported failed.
            Exit 0 when everything waiting was delivered, 76 when a message was refused.
            """)

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var mail: MailOptions

    func run() throws {
        do {
            let outcome = try NightlyRun.deliver(try mail.settings() ?? NoticeSettings(), conninfo: connection.database,
                                                 outboxDirectory: mail.outbox)
            print(outcome.summary)
            for refused in outcome.refused + outcome.failed { print("  \(refused.messageID) to \(refused.recipient): \(refused.reason)") }
            if !outcome.allDelivered { throw ExitCode(ExitStatus.mailNotDelivered.rawValue) }
        } catch let exit as ExitCode {
            throw exit
        } catch { throw report(error) }
    }
}

