import ArgumentParser
import PeerRules

struct Rules: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Tools for rule authors.", subcommands: [Check.self])

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Validate every rule file; print each problem as file:line:column: message.")

        @Argument(help: "The rules directory.") var directory: String = "rules"

        func run() throws {
            do {
                let book = try RuleLoader.load(directory: directory)
                let versions = book.credentials.values.reduce(0) { $0 + $1.versions.count }
                print("\(directory): \(book.credentials.count) credentials, \(versions) versions, \(book.files.count) files: no problems")
            } catch { throw report(error) }
        }
    }
}
