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
            Rule files are loaded and validated first: any problem stops the run before anything is written. \
            Reports go to <out>/<as-of>-run<id>/ (built under a temporary name, renamed when complete) and \
            <out>/latest points at the newest. Results go into peercert.runs, credential_results, findings and transfer_decisions. \
            With --config, administrators' expiry reminders are planned in the same transaction and sent after \
            it; exit 76 when a message was refused (it stays pending; `peercert deliver` or the next run retries).

            A night on several machines: each runs --shard k/n --night LABEL (same label, same n, same rules and \
            as-of date). A shard's run publishes nothing; the shard that completes the night joins it (see \
            `peercert finalize`), and only the joined night publishes changes, reminders, public credentials and \
            `latest`. A shard run again replaces its part.
            """)

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var rules: RulesOptions
    @Option(help: "Evaluate as of this date (YYYY-MM-DD, 1900 to 2999; default today UTC).") var asOf: Day?
    @Option(help: "Parent directory of the run's report directory.") var out: String = "reports"
    @Option(help: "Days of look-ahead for expiring requirements and at-risk credentials.") var horizonDays: Int = 90
    @Option(help: "Evaluate only shard k of n (k/n, 0-based): workers whose id hashes to k.") var shard: Shard = .all
    @Option(help: "With --shard: the night this shard is part of (one label for all n shards, e.g. the Job's name).")
    var night: String?
    @Option(help: ArgumentHelp("Read the input from this conninfo (a read replica); results are written to --database.",
                               discussion: "The reader's snapshot is the replica's: replication lag shifts what the night sees, never mixes it."))
    var readDatabase: String?
    @Option(help: "standard: findings not met in full, met ones by id; full: every finding with its evidence trail.")
    var detail: ReportDetail = .standard

    @Option(help: "Seconds a statement may wait on another session's lock before the run ends with exit 75.")
    var lockTimeout: Int = 60
    @Option(help: "Seconds any one statement may run (0: no limit; the reader's COPY lasts the whole stream).")
    var statementTimeout: Int = 0
    @Option(help: ArgumentHelp("Times a connection attempt the server does not answer is retried, waiting 1, 2, 4, … s (at most 30 s) between.",
                               discussion: "Refused credentials or a missing database are not retried."))
    var connectRetries: Int = ConnectRetry.defaultRetries
    @Option(help: "After a successful run, rewrite this Prometheus textfile (for node_exporter's textfile collector).")
    var metricsFile: String?

    func validate() throws {
        guard (0...3650).contains(horizonDays) else { throw ValidationError("--horizon-days must be 0 to 3650") }
        guard (1...86_400).contains(lockTimeout) else { throw ValidationError("--lock-timeout must be 1 to 86400 seconds") }
        guard (0...86_400).contains(statementTimeout) else { throw ValidationError("--statement-timeout must be 0 to 86400 seconds") }
        guard (0...20).contains(connectRetries) else { throw ValidationError("--connect-retries must be 0 to 20") }
        if let night {
            guard shard.count > 1 else { throw ValidationError("--night labels a night of shards: give --shard k/n too") }
            guard !night.isEmpty, night.count <= 200 else { throw ValidationError("--night must be 1 to 200 characters") }
        }
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
            configuration.timeouts = SessionTimeouts(lockSeconds: lockTimeout, statementSeconds: statementTimeout,
                                                     retry: ConnectRetry(retries: connectRetries))
            configuration.metricsFile = metricsFile
            configuration.night = night
            configuration.readConninfo = readDatabase
            let summary = try NightlyRun(configuration, logger: Logger(label: "peercert.run"), stopRequest: stopRequest).execute()
            print(summary)
            var delivered = summary.mailDelivered
            // The shard that completes its night joins it; the others find it incomplete and leave it.
            if let night, let joined = try NightlyRun(configuration, logger: Logger(label: "peercert.run"), stopRequest: stopRequest)
                .join(night: night, count: shard.count, onlyWhenComplete: true) {
                print("night \(night) complete, joined as one run:\n\(joined)")
                delivered = delivered && joined.mailDelivered
            }
            if !delivered { throw ExitCode(ExitStatus.mailNotDelivered.rawValue) }
        } catch let exit as ExitCode {
            throw exit
        } catch { throw report(error) }
    }
}

struct Finalize: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Join a night run as shards (run --shard k/n --night LABEL) into one whole run, and publish it.",
        discussion: """
            The shard that completes a night joins it by itself; this command does it by hand (after a shard was \
            run again, or where shards must not join). The night is joined only when every shard's newest run of \
            it succeeded, as of one date, with the rules given here: the parts' results become one whole run's, \
            and then its changes, reminders, reports (the same files as a night run whole) and public credentials \
            are published and `latest` points at it. Otherwise nothing is published, the attempt is recorded as \
            a failed run naming the shards, and the exit code is 75: run those shards again, then this. \
            Exit 0 also when the night is already joined with its current parts (nothing to do).
            """)

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var rules: RulesOptions
    @Option(help: "The night's label, as the shards were given it.") var night: String
    @Option(help: "How many shards the night has (the n of --shard k/n).") var shards: Int
    @Option(help: "Parent directory of the night's report directory.") var out: String = "reports"
    @Option(help: "Days of look-ahead, as the shards used.") var horizonDays: Int = 90
    @Option(help: "Seconds to wait for another run or join of the whole night before exit 75.") var lockTimeout: Int = 60
    @Option(help: "After joining, rewrite this Prometheus textfile.") var metricsFile: String?
    @Option(help: "Log lines on stderr: text, or json.") var logFormat: LogFormat = .text
    @OptionGroup var mail: MailOptions

    func validate() throws {
        guard (2...1000).contains(shards) else { throw ValidationError("--shards must be 2 to 1000") }
        guard (1...86_400).contains(lockTimeout) else { throw ValidationError("--lock-timeout must be 1 to 86400 seconds") }
    }

    func run() throws {
        logFormat.bootstrap()
        let stopRequest = StopRequest()
        stopRequest.installSignalHandlers()
        do {
            var configuration = RunConfiguration(conninfo: connection.database, rulesDirectory: rules.rules, asOf: .todayUTC,
                                                 horizonDays: horizonDays, outputParent: out, toolVersion: PeerCert.version,
                                                 notices: try mail.settings(), outboxDirectory: mail.outbox)
            configuration.timeouts = SessionTimeouts(lockSeconds: lockTimeout)
            configuration.metricsFile = metricsFile
            guard let joined = try NightlyRun(configuration, logger: Logger(label: "peercert.finalize"), stopRequest: stopRequest)
                .join(night: night, count: shards, onlyWhenComplete: false) else {
                print("night \(night) is already joined with its current parts; nothing to do")
                return
            }
            print(joined)
            if !joined.mailDelivered { throw ExitCode(ExitStatus.mailNotDelivered.rawValue) }
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
            For a mail server that was down at night: each waiting message is sent once and marked; a refused one \
            stays pending until its attempts (max_attempts in the settings) are used up, then it is reported failed. \
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

