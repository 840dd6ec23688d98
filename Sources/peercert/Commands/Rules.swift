import ArgumentParser
import Foundation
import PeerEngine
import PeerRuleTesting
import PeerReports
import PeerRules

struct Rules: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Tools for rule authors.",
                                                    subcommands: [Check.self, Test.self, Show.self, Compare.self])

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Validate every rule file; print each problem as file:line:column: message.")

        @Argument(help: "The rules directory.") var directory: String = "rules"

        func run() throws {
            do {
                let book = try RuleLoader.load(directory: directory)
                let versions = book.credentials.values.reduce(0) { $0 + $1.versions.count }
                print("\(directory): \(book.credentials.count) credentials, \(book.shared.count) shared, \(versions) versions, "
                      + "\(book.reciprocity.count) reciprocity agreements, \(book.unknownJurisdictions.count) jurisdictions unknown, \(book.files.count) files: no problems")
            } catch { throw report(error) }
        }
    }

    struct Test: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run every rules/<ST>/tests/*.yaml case through the real engine.",
            discussion: "Prints each case by name with expected and actual verdicts. Exit 0 when all pass, 1 when any fails, 65 when a file is invalid.")

        @Argument(help: "The rules directory.") var directory: String = "rules"
        @Option(help: "Also write the results as JUnit XML to this file.") var junit: String?
        @Flag(help: "Print failing cases only.") var failuresOnly = false

        func run() throws {
            let results: [RuleCaseResult]
            do {
                let book = try RuleLoader.load(directory: directory)
                results = RuleCaseRunner.run(try RuleCaseLoader.load(directory: directory, book: book), book: book)
                if let junit {
                    do { try RuleCaseRunner.junit(results).write(toFile: junit, atomically: true, encoding: .utf8) } catch {
                        throw InputError(message: "cannot write \(junit): \(error.localizedDescription)")
                    }
                }
            } catch { throw report(error) }
            for result in results where !(failuresOnly && result.passed) {
                let place = "\(result.ruleCase.file):\(result.ruleCase.line)"
                if result.passed {
                    print("PASS \(place) \(result.ruleCase.name): \(result.actualSummary)")
                } else {
                    print("FAIL \(place) \(result.ruleCase.name): expected \(result.expectedSummary), got \(result.actualSummary)")
                    for mismatch in result.mismatches { print("     \(mismatch)") }
                }
            }
            let failed = results.count { !$0.passed }
            print("\(results.count) cases, \(results.count - failed) passed, \(failed) failed")
            if failed > 0 { throw ExitCode(ExitStatus.ruleTestsFailed.rawValue) }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The requirements in force for a credential, in plain words, with citations.")

        @Argument(help: "State code, e.g. MD.") var state: String
        @Argument(help: "Credential code, e.g. CPRS.") var credential: String
        @OptionGroup var options: RuleDayOptions

        func run() throws {
            do {
                let book = try RuleLoader.load(directory: options.rules)
                let key = CredentialKey(state: state.uppercased(), credential: credential)
                guard let file = book.credentials[key] else {
                    throw InputError(message: "no rule file for \(key); known: " + book.credentials.keys.sorted().map(\.description).joined(separator: ", "))
                }
                let day = options.day
                guard let (version, requirements) = book.requirements(of: file, on: day) else {
                    let spans = file.versions.map { "\($0.validFrom) to \($0.validUntil?.description ?? "open")" }.joined(separator: ", ")
                    throw InputError(message: "\(file.file) has no version in force on \(day) (versions: \(spans))")
                }
                print(RuleDescription(book: book, rules: file, day: day).text(version: version, requirements: requirements))
            } catch let exit as ExitCode { throw exit } catch { throw report(error) }
        }
    }

    struct Compare: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Each credential against the model standards, and credential against credential.",
            discussion: "Alignment marks: = aligns, + stricter, - looser, 0 absent, ? unknown (the standard's own recommendation is unknown), blank: no requirement maps to that standard.")

        @OptionGroup var options: RuleDayOptions
        @Option(help: "Also write the comparison as a self-contained HTML page (standards.html) to this file.") var html: String?

        func run() throws {
            do {
                let book = try RuleLoader.load(directory: options.rules)
                let matrix = StandardsMatrix(book: book, day: options.day)
                print(RuleComparison(matrix: matrix, unknownJurisdictions: book.unknownJurisdictions).text)
                if let html {
                    do { try StandardsPage.html(matrix, book: book).write(toFile: html, atomically: true, encoding: .utf8) } catch {
                        throw ReportError(message: "cannot write \(html): \(error.localizedDescription)")
                    }
                }
            } catch { throw report(error) }
        }
    }
}

/// The rules directory and the day, for commands that read rules as of a date.
struct RuleDayOptions: ParsableArguments {
    @Option(help: "The day (YYYY-MM-DD, default today UTC).") var asOf: Day?
    @Option(help: "The rules directory.") var rules: String = "rules"

    var day: Day { asOf ?? .todayUTC }
}
