import ArgumentParser
import Foundation
import PGClient
import PeerReports
import PeerRules
import PeerStore
import PeerVerification

struct Verify: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Employers: is a credential valid, until when, at which level and with which endorsements.",
        discussion: """
            By number:              peercert verify GA CPS-AD 12345
            By person in a state:   peercert verify --name "Jane Doe" --birth-date 1990-04-01 --state GA
            A staff list:           peercert verify --csv staff.csv > verified.csv

            Answers come from the public credentials the last successful whole run published; every lookup is \
            recorded in peercert.verification_audit with --employer. Nothing about lived experience, training, \
            exams or findings is ever shown.

            Exit codes (one question): 0 valid, 1 found but not valid, 2 not found, 3 ambiguous (several people). \
            With --csv: 0 when every row was answered (each row's outcome is in the output); 65 when the file \
            is not a usable CSV (the message names the row).
            """)

    @OptionGroup var connection: ConnectionOptions
    @Argument(help: "STATE CREDENTIAL NUMBER, e.g. GA CPS-AD 12345.") var credential: [String] = []
    @Option(help: "The person's full name (with --birth-date and --state).") var name: String?
    @Option(help: "The person's birth date, YYYY-MM-DD.") var birthDate: Day?
    @Option(help: "The state, with --name.") var state: String?
    @Option(help: "A CSV staff list with a header row (state,credential,number and/or name,birth_date,state); - for stdin. Answers go to stdout.")
    var csv: String?
    @Flag(help: "Print the answer as JSON.") var json = false
    @Option(help: "Who is asking, as the audit records it (default: cli: and the login name).")
    var employer: String = "cli:" + ProcessInfo.processInfo.userName

    func validate() throws {
        let modes = [!credential.isEmpty, name != nil || birthDate != nil, csv != nil].filter { $0 }.count
        guard modes == 1 else {
            throw ValidationError("ask one way: STATE CREDENTIAL NUMBER, or --name with --birth-date and --state, or --csv FILE")
        }
        if !credential.isEmpty, credential.count != 3 { throw ValidationError("give STATE CREDENTIAL NUMBER, e.g. GA CPS-AD 12345") }
        if name != nil || birthDate != nil {
            guard name != nil, birthDate != nil, state != nil else { throw ValidationError("--name needs --birth-date and --state") }
        }
        if csv != nil, json { throw ValidationError("--json answers one question; --csv writes CSV") }
    }

    func run() throws {
        do {
            let verifier = Verifier(store: PublicCredentialStore(connection: try PGConnection(connection.database)), employer: employer, channel: .cli)
            if let csv {
                let summary = try BulkVerification(verifier: verifier).run(input: csv, output: try OutputFile.standardOutput())
                let counts = LookupOutcome.allCases.compactMap { outcome in summary.outcomes[outcome].map { "\($0) \(outcome.rawValue)" } }
                printError("peercert: \(summary.rows) rows answered" + (counts.isEmpty ? "" : ": " + counts.joined(separator: ", ")))
                return
            }
            let question = credential.isEmpty
                ? Question(state: state, name: name, birthDate: birthDate?.description)
                : Question(state: credential[0], credential: credential[1], number: credential[2])
            let query = question.query()
            if case let .failure(problem) = query { throw ValidationError("\(problem.field) \(problem.detail)") }
            let answer = try verifier.answer([query])[0]
            if json {
                let data = try AnswerJSON.encoder().encode(AnswerJSON.Answer(answer))
                print(String(decoding: data, as: UTF8.self))
            } else {
                print(Self.text(answer))
            }
            throw ExitCode(Self.exitCode(answer.outcome))
        } catch let error as ExitCode {
            throw error
        } catch let error as ValidationError {
            throw error
        } catch let error as BulkInputError {
            printError("peercert: error: \(error.message)")
            throw ExitCode(ExitStatus.invalidRules.rawValue)
        } catch { throw report(error) }
    }

    static func exitCode(_ outcome: LookupOutcome) -> Int32 {
        switch outcome {
        case .valid: 0
        case .notValid: 1
        case .notFound: 2
        case .ambiguous: 3
        case .invalidInput: ExitStatus.usage.rawValue
        }
    }

    static func text(_ answer: VerificationAnswer) -> String {
        switch answer.outcome {
        case .notFound: return "NOT FOUND: no published credential matches"
        case .ambiguous: return "AMBIGUOUS: credentials of \(answer.people) people match; ask by credential number or contact the board"
        case .invalidInput: return "INVALID: \(answer.problem?.description ?? "")"
        case .valid, .notValid:
            var lines = [answer.outcome == .valid ? "VALID" : "NOT VALID"]
            for credential in answer.credentials {
                var line = "\(credential.state)/\(credential.credential) \(credential.number ?? "(no number)"): \(credential.name), "
                    + "\(credential.valid ? "valid" : "not valid") (\(credential.status.rawValue))"
                if let level = credential.level { line += ", level \(level)" }
                if !credential.endorsements.isEmpty { line += ", endorsements \(credential.endorsements.joined(separator: ", "))" }
                line += ", issued \(credential.issuedOn?.description ?? "-"), expires \(credential.expiresOn?.description ?? "-")"
                line += "; as of \(credential.asOf) (run \(credential.runID))"
                lines.append(line)
            }
            return lines.joined(separator: "\n")
        }
    }
}

struct Keys: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Employers' API keys for `peercert serve`: add, revoke, list. Only a SHA-256 digest of a key is stored.",
        subcommands: [Add.self, Revoke.self, List.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a key for an employer and print it once (it cannot be shown again).")
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: "The employer's name, as the audit records it.") var employer: String

        func validate() throws {
            guard !employer.trimmingCharacters(in: .whitespaces).isEmpty, employer.count <= 200 else {
                throw ValidationError("EMPLOYER must be 1 to 200 characters")
            }
        }

        func run() throws {
            do {
                let key = APIKey.generate()
                let id = try APIKeyStore(connection: try PGConnection(connection.database)).add(employer: employer, digestHex: APIKey.digestHex(key))
                print(key)
                printError("peercert: key \(id) for \(employer) created; it is shown only now (send it as `Authorization: Bearer KEY`)")
            } catch { throw report(error) }
        }
    }

    struct Revoke: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke a key by its id (from `keys list`); it stops working at once.",
                                                        discussion: "Exit 66 when no active key has that id.")
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: "The key's id.") var id: Int

        func run() throws {
            do {
                guard try APIKeyStore(connection: try PGConnection(connection.database)).revoke(id: id) else {
                    throw InputError(message: "no active API key with id \(id)")
                }
                printError("peercert: key \(id) revoked")
            } catch { throw report(error) }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Every key: id, employer, created, revoked (never the key).")
        @OptionGroup var connection: ConnectionOptions

        func run() throws {
            do {
                let keys = try APIKeyStore(connection: try PGConnection(connection.database)).list()
                print(Runs.table([["id", "employer", "created", "revoked"]]
                    + keys.map { [String($0.id), $0.employer, $0.createdAt, $0.revokedAt ?? "-"] }))
            } catch { throw report(error) }
        }
    }
}
