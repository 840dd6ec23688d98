import ArgumentParser
import Foundation
import PeerEngine
import PeerWording
import PeerReports
import PeerRules
import PeerRun
import PeerStore

struct Reciprocity: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Transfers between states: one worker's decision, two credentials compared, the portability matrix.",
        subcommands: [Check.self, Compare.self, Matrix.self])

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Would the board of --to recognise a credential the worker holds? Decided from the current data.",
            discussion: """
                Each credential the worker holds (or only --from) is judged as the nightly run judges a transfer \
                request: the home credential must be active and unexpired; the receiving credential's initial \
                requirements are judged on the worker's records, except those an agreement in \
                rules/reciprocity.yaml waives; the receiving board's additions are named with what they still need. \
                Exit 0 eligible, 1 eligible after additions, 2 not eligible, 3 undecidable (the reason says \
                which record or rule file); with several home credentials, the best outcome decides. Exit 66 when \
                the worker does not exist or holds no such credential.
                """)

        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var rules: RulesOptions
        @Option(help: "The worker's id.") var worker: Int
        @Option(name: .customLong("to"), help: "The credential asked for (ST/CRED, e.g. MD/CPRS).") var target: CredentialKey
        @Option(name: .customLong("from"), help: "Only this held credential (ST/CRED).") var home: CredentialKey?
        @Option(help: "Decide as of this date (YYYY-MM-DD, default today UTC).") var asOf: Day?
        @Flag(help: "Print JSON as reciprocity.json writes it (schemas/reciprocity.schema.json).") var json = false

        func run() throws {
            let decisions: [TransferDecision]
            let day = asOf ?? .todayUTC
            do {
                let book = try RuleLoader.load(directory: rules.rules)
                let reader = try WorkerReader(conninfo: connection.database)
                defer { reader.close() }
                let evaluator = Evaluator(book: book, approvals: try reader.providerApprovals(), supervisors: try reader.supervisorDirectory(), asOf: day)
                var record: WorkerRecord?
                try reader.forEachWorker(worker: worker) { record = $0 }
                guard let record else { throw InputError(message: "no worker \(worker) in the database") }
                let held = record.certifications.filter { $0.status != CertificationRecord.Status.applied.rawValue && (home == nil || $0.key == home) }
                guard !held.isEmpty else {
                    throw InputError(message: "worker \(worker) holds no " + (home.map { "\($0) credential" } ?? "credential") + " (applications do not transfer)")
                }
                decisions = held.map { evaluator.transfer(record, holding: $0, to: target) }
                if json {
                    var bytes = Array("{\"schema\": \"peercert.reciprocity/1\", \"run_id\": null, \"as_of\": \"\(day)\",\n\"decisions\": [\n".utf8)
                    for (index, decision) in decisions.enumerated() {
                        if index > 0 { bytes.append(contentsOf: ",\n".utf8) }
                        ReciprocityReport.appendJSON(decision, name: record.name, to: &bytes)
                    }
                    bytes.append(contentsOf: "\n]}".utf8)
                    print(String(decoding: bytes, as: UTF8.self))
                } else {
                    print(decisions.map { Self.text($0, asOf: day) }.joined(separator: "\n\n"))
                }
            } catch { throw report(error) }
            let best = decisions.map(\.outcome).min { Self.exitCode($0) < Self.exitCode($1) } ?? .error
            if Self.exitCode(best) != 0 { throw ExitCode(Self.exitCode(best)) }
        }

        static func exitCode(_ outcome: TransferOutcome) -> Int32 {
            switch outcome {
            case .eligible: 0
            case .eligibleAfterAdditions: 1
            case .notEligible: 2
            case .error: 3
            }
        }

        static func text(_ decision: TransferDecision, asOf: Day) -> String {
            var lines = ["worker \(decision.workerID): \(decision.home?.description ?? "?")"
                         + (decision.homeNumber.map { " \($0)" } ?? "") + " → \(decision.target) as of \(asOf): \(decision.outcome.rawValue)",
                         "  \(decision.reason)"]
            if let agreement = decision.agreement {
                lines.append("  agreement \(agreement.id) [\(agreement.source.status.rawValue)]: \(agreement.source.title), \(agreement.source.url)")
            }
            for requirement in decision.requirements {
                var line = "  \(requirement.status.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0)) \(requirement.id) [\(requirement.kind)]"
                if !requirement.shortfalls.isEmpty { line += ": " + requirement.needs }
                lines.append(line)
            }
            return lines.joined(separator: "\n")
        }
    }

    struct Compare: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "From the rule files alone: which requirements of the second credential the first one's already cover.",
            discussion: """
                A requirement is covered when the first credential has one of the same kind whose minimums are at \
                least as high (ethics codes and provider approvals are each state's own, so never). Agreements \
                between the two are applied: waived requirements and the receiving board's additions are shown \
                with the agreement's citation. Exit 66 when either credential has no rule file or no version \
                in force on the date.
                """)

        @OptionGroup var rules: RulesOptions
        @Argument(help: "The credential held (ST/CRED).") var home: CredentialKey
        @Argument(help: "The credential asked for (ST/CRED).") var target: CredentialKey
        @Option(help: "Compare the rules in force on this date (YYYY-MM-DD, default today UTC).") var asOf: Day?

        func run() throws {
            do {
                let book = try RuleLoader.load(directory: rules.rules)
                let day = asOf ?? .todayUTC
                guard let comparison = CredentialComparison(book: book, home: home, target: target, on: day) else {
                    throw InputError(message: "\(home) or \(target) has no rule file, or no version in force on \(day) (see peercert rules list)")
                }
                var lines = ["\(target) for a holder of \(home), rules in force on \(day)"]
                if let agreement = comparison.agreement {
                    lines.append("agreement \(agreement.id) (\(agreement.kind.rawValue)) [\(agreement.source.status.rawValue)]: \(agreement.source.title), \(agreement.source.url)")
                } else {
                    lines.append("no agreement between them: every requirement is judged in full")
                }
                for line in comparison.lines {
                    lines.append("  \(line.coverage.rawValue.padding(toLength: 11, withPad: " ", startingAt: 0)) \(line.requirement.id) [\(line.requirement.kind.rawValue)]: "
                                 + RequirementWording.required(line.requirement.spec, state: target.state) + " — \(line.note)")
                    if let rules = book.credentials[target] {
                        for (id, citation) in book.citations(of: line.requirement, in: rules) {
                            lines.append("      source [\(citation?.status.rawValue ?? "?")]: \(citation?.title ?? id), \(citation?.url ?? "")")
                        }
                    }
                }
                let counts = Dictionary(grouping: comparison.lines, by: \.coverage).mapValues(\.count)
                lines.append("covered \(counts[.covered] ?? 0), waived \(counts[.waived] ?? 0), additions \(counts[.addition] ?? 0), not covered \(counts[.notCovered] ?? 0)")
                print(lines.joined(separator: "\n"))
            } catch { throw report(error) }
        }
    }

    struct Matrix: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The portability matrix: every active holder judged against every other credential.",
            discussion: """
                Streams every worker in one snapshot (memory independent of their number) and writes \
                portability.csv, portability.json and portability.html into a new directory \
                <out>/portability-<as-of>-<time>. A separate command rather than part of the nightly run: it \
                judges each holder against every shipped credential, several times the cost of the night \
                (see docs/benchmarks.md for figures).
                """)

        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var rules: RulesOptions
        @Option(help: "Decide as of this date (YYYY-MM-DD, default today UTC).") var asOf: Day?
        @Option(help: "The parent directory of the matrix's directory.") var out: String = "reports"

        func run() throws {
            do {
                let book = try RuleLoader.load(directory: rules.rules)
                let day = asOf ?? .todayUTC
                let reader = try WorkerReader(conninfo: connection.database)
                defer { reader.close() }
                let evaluator = Evaluator(book: book, approvals: try reader.providerApprovals(), supervisors: try reader.supervisorDirectory(), asOf: day)
                let matrix = try PortabilityRun.compute(reader: reader, evaluator: evaluator)
                let name = "portability-\(day)-\(Int(Date().timeIntervalSince1970))"
                let directory = try RunDirectory(parent: out, name: name)
                try PortabilityReport.write(matrix, asOf: day, to: directory)
                try directory.publish(linkLatest: false)
                let holders = matrix.holders.values.reduce(0, +)
                print("portability of \(holders) active credential\(holders == 1 ? "" : "s") against \(matrix.targets.count) credentials: \(directory.finalPath)")
            } catch { throw report(error) }
        }
    }
}
