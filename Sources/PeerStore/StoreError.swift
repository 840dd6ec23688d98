/// An error of the store layer that is not PostgreSQL's own (those are `PGError`).
public struct StoreError: Error, Sendable, CustomStringConvertible {
    public struct Code: Hashable, Sendable {
        private enum Base { case migrationsMissing, migrationChanged, notMigrated, runInProgress, spoolFailed, nightIncomplete, unreadableResults }
        private let base: Base
        private init(_ base: Base) { self.base = base }
        public static let migrationsMissing = Code(.migrationsMissing)
        public static let migrationChanged = Code(.migrationChanged)
        /// The schema is not there: `peercert db migrate` has not been run.
        public static let notMigrated = Code(.notMigrated)
        /// Another `peercert run` holds the run lock on this database.
        public static let runInProgress = Code(.runInProgress)
        /// The findings could not be set aside on disk while the credential rows were written.
        public static let spoolFailed = Code(.spoolFailed)
        /// A night's join found a shard missing, failed, or run with other rules or another as-of date.
        public static let nightIncomplete = Code(.nightIncomplete)
        /// Committed results that cannot be read back (a schema out of step).
        public static let unreadableResults = Code(.unreadableResults)
    }
    public let code: Code
    public let message: String
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }
    public var description: String { message }
}
