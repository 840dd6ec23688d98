import ArgumentParser
import Foundation
import PGClient
import PeerRules
import PeerStore

struct Runs: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "The history of runs recorded in the database.",
                                                    subcommands: [List.self, Show.self])

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The newest runs: id, as-of date, status, shard, night, counts, duration.")

        @OptionGroup var connection: ConnectionOptions
        @Option(help: "How many runs, newest first.") var limit: Int = 20
        @Flag(help: "Print JSON lines, one run a line.") var json = false

        func validate() throws {
            guard limit > 0 else { throw ValidationError("--limit must be at least 1") }
        }

        func run() throws {
            do {
                let runs = try RunHistory(connection: try PGConnection(connection.database)).list(limit: limit)
                if json {
                    for run in runs { print(Runs.json(run)) }
                    return
                }
                print(Runs.table([["id", "as_of", "status", "shard", "night", "workers", "credentials", "findings", "seconds", "started"]]
                    + runs.map { run in
                        [String(run.id), run.asOf, run.status, run.shard, run.night ?? "-", Runs.count(run.workers), Runs.count(run.credentials),
                         Runs.count(run.findings), run.seconds.map { String(format: "%.1f", $0) } ?? "-", run.startedAt]
                    }))
            } catch { throw report(error) }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "One run: its record and its committed results by verdict.",
            discussion: "Exit 66 when no run has that id.")

        @OptionGroup var connection: ConnectionOptions
        @Argument(help: "The run's id.") var id: Int
        @Flag(help: "Print JSON.") var json = false

        func run() throws {
            do {
                let history = RunHistory(connection: try PGConnection(connection.database))
                guard let run = try history.run(id) else { throw InputError(message: "no run \(id) in the database") }
                let tallies = try history.tallies(id)
                if json {
                    let credentialCounts = tallies.credentialVerdicts.map { "\(JSONText.literal($0.verdict)): \($0.count)" }
                    let findingCounts = tallies.findingVerdicts.map { "\(JSONText.literal($0.verdict)): \($0.count)" }
                    print("{\"run\": \(Runs.json(run)), \"credential_verdicts\": {\(credentialCounts.joined(separator: ", "))}, "
                          + "\"findings_not_met\": {\(findingCounts.joined(separator: ", "))}}")
                    return
                }
                var lines = ["run \(run.id): \(run.status), as of \(run.asOf), shard \(run.shard)",
                             "started \(run.startedAt), finished \(run.finishedAt ?? "-")"
                                 + (run.seconds.map { String(format: " (%.1f s)", $0) } ?? ""),
                             "workers \(Runs.count(run.workers)), credentials \(Runs.count(run.credentials)), findings \(Runs.count(run.findings))",
                             "rules digest \(run.rulesDigest), peercert \(run.toolVersion)",
                             "reports \(run.reportDirectory ?? "-")"]
                if let night = run.night {
                    lines.append("night \(night)" + (run.parts.isEmpty ? "" : ", joined from runs " + run.parts.map(String.init).joined(separator: ", ")))
                }
                if let failure = run.failure { lines.append("failure: \(failure)") }
                lines.append("credentials by verdict: " + Runs.counts(tallies.credentialVerdicts))
                lines.append("findings not met by verdict: " + Runs.counts(tallies.findingVerdicts))
                print(lines.joined(separator: "\n"))
            } catch { throw report(error) }
        }
    }

    static func count(_ value: Int?) -> String { value.map(String.init) ?? "-" }

    static func counts(_ tallies: [(verdict: String, count: Int)]) -> String {
        tallies.isEmpty ? "none" : tallies.map { "\($0.verdict) \($0.count)" }.joined(separator: ", ")
    }

    static func json(_ run: RunRecord) -> String {
        func text(_ value: String?) -> String { value.map(JSONText.literal) ?? "null" }
        func number(_ value: Int?) -> String { value.map(String.init) ?? "null" }
        return "{\"id\": \(run.id), \"as_of\": \(text(run.asOf)), \"status\": \(text(run.status)), \"shard\": \(text(run.shard)), "
            + "\"started_at\": \(text(run.startedAt)), \"finished_at\": \(text(run.finishedAt)), "
            + "\"seconds\": \(run.seconds.map { String(format: "%.3f", $0) } ?? "null"), \"workers\": \(number(run.workers)), "
            + "\"credentials\": \(number(run.credentials)), \"findings\": \(number(run.findings)), "
            + "\"report_dir\": \(text(run.reportDirectory)), \"rules_digest\": \(text(run.rulesDigest)), "
            + "\"tool_version\": \(text(run.toolVersion)), \"failure\": \(text(run.failure)), \"night\": \(text(run.night)), "
            + "\"parts\": [\(run.parts.map(String.init).joined(separator: ", "))]}"
    }

    /// Left-aligned columns, two spaces apart.
    static func table(_ rows: [[String]]) -> String {
        let widths = rows[0].indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
        return rows.map { row in
            zip(row, widths).map { $0.0.padding(toLength: $0.1, withPad: " ", startingAt: 0) }.joined(separator: "  ")
                .trimmingCharacters(in: .whitespaces)
        }.joined(separator: "\n")
    }
}
