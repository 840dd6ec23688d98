import ArgumentParser
import PGClient
import PeerReports
import PeerRules
import PeerRun
import PeerStore
#if canImport(Glibc)
import Glibc
#endif

/// The tool's exit codes (documented in docs/operating.md). They follow sysexits.h where one fits.
enum ExitStatus: Int32 {
    case success = 0
    /// `rules test`: at least one rule test case failed.
    case ruleTestsFailed = 1
    /// Bad arguments (argument-parser's own code).
    case usage = 64
    /// A rule file is invalid: nothing was run or written.
    case invalidRules = 65
    /// A file or directory the command needs is missing (rules, migrations).
    case missingInput = 66
    /// PostgreSQL could not be reached, or the connection was lost.
    case databaseUnavailable = 69
    /// An unexpected failure, including an SQL error: a bug or a schema out of step.
    case internalError = 70
    /// The report directory could not be written.
    case cannotWriteReports = 73
    /// Another run holds the lock on this database, or a table the run needs stayed locked by another
    /// session past --lock-timeout (or a statement ran past --statement-timeout), or a night's join
    /// found a shard not (yet) succeeded; try again later (after re-running the shard).
    case runInProgress = 75
    /// The run succeeded but a reminder could not be delivered: it stays pending and is retried.
    case mailNotDelivered = 76
    /// The database has no peercert schema (run `peercert db migrate`), or the settings file is invalid.
    case notMigrated = 78
    /// Stopped by SIGINT (128 + 2): the run row is marked failed, nothing was published.
    case interrupted = 130
    /// Stopped by SIGTERM (128 + 15), as Kubernetes and systemd stop a job: the run row is marked failed, nothing was published.
    case terminated = 143
}

/// Prints one clear line (or one per rule diagnostic) and returns the exit code for `error`.
func report(_ error: any Error) -> ExitCode {
    let (status, message): (ExitStatus, String) = {
        switch error {
        case let error as RuleLoadError:
            return (.invalidRules, error.diagnostics.map(\.description).joined(separator: "\n")
                + "\npeercert: \(error.diagnostics.count) problem\(error.diagnostics.count == 1 ? "" : "s") in the rule files; nothing was run")
        case let error as PGError:
            if error.code == .connectionFailed || error.code == .connectionLost {
                return (.databaseUnavailable, "database unavailable: \(error)")
            }
            // Another session's lock, or a statement over its limit: the database is busy, not broken; try later.
            if error.sqlState == "55P03" {
                return (.runInProgress, "a table the run needs is locked by another session (\(error.doing)); the run waited its lock timeout "
                        + "(--lock-timeout) and stopped, publishing nothing. Find the holder in pg_locks / pg_stat_activity, or run again later")
            }
            if error.sqlState == "57014", error.message.contains("statement timeout") {
                return (.runInProgress, "a statement ran past --statement-timeout (\(error.doing)); nothing was published. Raise the limit or run again later")
            }
            return (.internalError, "database error: \(error)")
        case let error as StoreError:
            switch error.code {
            case .runInProgress, .nightIncomplete: return (.runInProgress, error.message)
            case .notMigrated: return (.notMigrated, error.message)
            case .migrationsMissing: return (.missingInput, error.message)
            default: return (.internalError, error.message)
            }
        case let error as ReportError:
            return (.cannotWriteReports, error.message)
        case let error as ConfigurationError:
            return (.notMigrated, error.message)
        case let error as InputError:
            return (.missingInput, error.message)
        case let error as RunInterrupted:
            return (error.signal == SIGINT ? .interrupted : .terminated, error.description)
        default:
            return (.internalError, "\(error)")
        }
    }()
    printError(message.hasPrefix("peercert") || status == .invalidRules ? message : "peercert: error: \(message)")
    return ExitCode(status.rawValue)
}

struct InputError: Error {
    let message: String
}

func printError(_ text: String) {
    FileHandleOutput.standardError.write(text + "\n")
}
