/// An error of the store layer that is not PostgreSQL's own (those are `PGError`).
public struct StoreError: Error, Sendable, CustomStringConvertible {
    public struct Code: Hashable, Sendable {
        private enum Base { case migrationsMissing, migrationChanged, notMigrated, runInProgress, spoolFailed }
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
    }
    public let code: Code
    public let message: String
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }
    public var description: String { message }
}
