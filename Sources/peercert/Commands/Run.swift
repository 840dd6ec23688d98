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

    @Option(help: "Log lines on stderr: text, or json (one object a line, for journald and Kubernetes).")
    var logFormat: LogFormat = .text

    func run() throws {
        logFormat.bootstrap()
        let stopRequest = StopRequest()
        stopRequest.installSignalHandlers()
        do {
            let configuration = RunConfiguration(conninfo: connection.database, rulesDirectory: rules.rules, asOf: asOf ?? .todayUTC,
                                                 horizonDays: horizonDays, outputParent: out, shard: shard, detail: detail,
                                                 toolVersion: PeerCert.version)
            print(try NightlyRun(configuration, logger: Logger(label: "peercert.run"), stopRequest: stopRequest).execute())
        } catch { throw report(error) }
    }
}
