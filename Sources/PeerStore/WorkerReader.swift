import Foundation
import PGClient
import PeerEngine
import PeerRules

/// Streams every worker with all of their evidence, in one consistent snapshot, in constant memory.
///
/// Each evidence table is read by its own connection as `COPY (... ORDER BY worker_id) TO STDOUT`;
/// all connections share the snapshot the first one exports (as pg_dump does), so the tables agree
/// with each other however long the run takes. The streams are merge-joined on worker id here:
/// at any moment only the current worker's rows are in memory.
public final class WorkerReader {
    private let main: PGConnection
    private var children: [EvidenceStream] = []
    public let snapshot: String
    /// The planner's estimate of the number of workers (for a progress line; no table scan), read
    /// once at the start so no later failure can abort the snapshot's transaction.
    public let estimatedWorkerCount: Int?

    /// Opens the connections and the shared snapshot. Throws `StoreError.notMigrated` when the
    /// schema is missing.
    public init(conninfo: String?, timeouts: SessionTimeouts = SessionTimeouts()) throws {
        main = try timeouts.connect(conninfo)
        try main.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        guard try main.execute("SELECT to_regclass('peercert.certifications') IS NOT NULL").scalar == "t" else {
            throw StoreError(.notMigrated, "the peercert schema is missing on \(main.endpoint): run `peercert db migrate` first")
        }
        estimatedWorkerCount = try main.execute("SELECT reltuples::bigint FROM pg_class WHERE oid = 'peercert.workers'::regclass").scalar
            .flatMap { Int($0) }.flatMap { $0 > 0 ? $0 : nil }
        snapshot = try main.execute("SELECT pg_export_snapshot()").scalar ?? ""
        for table in EvidenceTable.all {
            let connection = try timeouts.connect(conninfo)
            try connection.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
            try connection.execute("SET TRANSACTION SNAPSHOT \(try connection.literal(snapshot))")
            children.append(EvidenceStream(table: table, connection: connection))
        }
    }

    /// Which providers each state approved, read in the same snapshot.
    public func providerApprovals() throws -> ProviderApprovals {
        var approvals = ProviderApprovals()
        try main.stream("SELECT provider_id, state, approved_from, approved_until FROM peercert.training_provider_approvals",
                        doing: "reading training provider approvals") { row in
            guard let provider = row.int(0), let state = row.string(1), let from = row.string(2).flatMap({ Day(iso: $0) }) else { return }
            approvals.add(provider: provider, .init(state: state, from: from, until: row.string(3).flatMap { Day(iso: $0) }))
        }
        return approvals
    }

    /// Supervisors' credentials, read in the same snapshot.
    public func supervisorDirectory() throws -> SupervisorDirectory {
        var directory = SupervisorDirectory()
        try main.stream("SELECT id, credential FROM peercert.supervisors WHERE credential IS NOT NULL", doing: "reading supervisors") { row in
            guard let id = row.int(0), let credential = row.string(1) else { return }
            directory.add(supervisor: id, credential: credential)
        }
        return directory
    }

    /// Handles that cancel the streams from another thread (a stop while the reader is blocked in libpq).
    public func cancelHandles() -> [PGCancelHandle] {
        ([main] + children.map(\.connection)).compactMap { $0.cancelHandle() }
    }

    /// Calls `body` once per worker, in worker-id order; returns how many workers were read.
    /// `shard` (k of n) keeps only workers whose id hashes to k; `worker` keeps that one worker.
    @discardableResult
    public func forEachWorker(shard: Shard = .all, worker only: Int? = nil, _ body: (consuming WorkerRecord) throws -> Void) throws -> Int {
        func condition(_ column: String) -> String? {
            let parts = [shard.sqlCondition(column: column), only.map { "\(column) = \($0)" }].compactMap { $0 }
            return parts.isEmpty ? nil : parts.joined(separator: " AND ")
        }
        let filter = condition("worker_id")
        // Binary: the server formats no date or number, and the reader parses none.
        let workers = try main.copyOut("COPY (\(Self.workersQuery(filter: condition("id")))) TO STDOUT WITH (FORMAT binary)",
                                       doing: "streaming workers", format: .binary)
        for child in children {
            child.reader = try child.connection.copyOut("COPY (\(child.table.query(filter: filter))) TO STDOUT WITH (FORMAT binary)",
                                                        doing: "streaming \(child.table.name)", format: .binary)
            child.hasRow = try child.reader!.next()
        }
        var count = 0
        while try workers.next() {
            let read: WorkerRecord? = workers.withRow { view in
                var worker = EvidenceRow(view)
                guard let id = worker.int(0) else { return nil }
                var record = WorkerRecord(id: id, name: worker.string(4), birthDate: worker.day(1), residenceState: worker.string(2),
                                          workState: worker.string(3))
                record.unreadable = worker.unreadableValues(table: "workers", id: id, columns: Self.workerColumns)
                return record
            }
            guard var record = read else { continue }
            try WorkerAssembler.collect(children, into: &record)
            // Handed over, not copied: a copy would retain each of the record's arrays.
            try body(consume record)
            count += 1
        }
        for child in children {
            while child.hasRow, let reader = child.reader { child.hasRow = try reader.next() }
        }
        return count
    }

    static let workerColumns = ["id", "birth_date", "residence_state", "work_state", "full_name"]

    static func workersQuery(filter: String?) -> String {
        "SELECT \(workerColumns.joined(separator: ", ")) FROM peercert.workers \(filter.map { "WHERE \($0)" } ?? "") ORDER BY id"
    }

    /// The queries the reader streams, in order: what `scripts/bench` COPYs with psql as the
    /// physical limit of reading the input.
    public static var inputQueries: [String] {
        [workersQuery(filter: nil)] + EvidenceTable.all.map { $0.query(filter: nil) }
    }

    /// Ends the read-only transactions.
    public func close() {
        for connection in [main] + children.map(\.connection) where !connection.isBroken {
            _ = try? connection.execute("COMMIT")
        }
    }
}

private final class EvidenceStream: OrderedRows {
    let table: EvidenceTable
    let connection: PGConnection
    var reader: PGCopyOutReader?
    var hasRow = false
    /// Field index to column name, as selected.
    private let columns: [String]
    init(table: EvidenceTable, connection: PGConnection) {
        self.table = table
        self.connection = connection
        columns = ["worker_id"] + table.columnList
    }

    var currentOwner: Int? { hasRow ? reader?.int(0) : nil }
    func decodeCurrent(into record: inout WorkerRecord) {
        reader?.withRow { view in
            var row = EvidenceRow(view)
            table.decode(&row, &record)
            let unreadable = row.unreadableValues(table: table.name, id: view.int(1) ?? 0, columns: columns)
            if !unreadable.isEmpty { record.unreadable += unreadable }
        }
    }
    func advance() throws { hasRow = try reader?.next() ?? false }
}

/// A slice of the workers for one of n parallel runs: workers whose id hashes to `index` mod `count`.
public struct Shard: Sendable, Hashable, CustomStringConvertible {
    public let index: Int
    public let count: Int
    public static let all = Shard(index: 0, count: 1)

    public init(index: Int, count: Int) {
        self.index = index
        self.count = count
    }

    /// Parses `k/n` with 0 <= k < n.
    public init?(_ text: String) {
        let parts = text.split(separator: "/")
        guard parts.count == 2, let index = Int(parts[0]), let count = Int(parts[1]), count > 0, (0..<count).contains(index) else { return nil }
        self.init(index: index, count: count)
    }

    public var description: String { "\(index)/\(count)" }

    /// PostgreSQL's own stable hash of the id, so every shard agrees without coordination.
    func sqlCondition(column: String) -> String? {
        count == 1 ? nil : "abs(hashint8(\(column)) % \(count)) = \(index)"
    }
}

/// The current row of an input table (read in COPY's binary format, in place) as the record types
/// want its values. A value present but meaningless to the rules (PostgreSQL's `infinity`,
/// `-infinity`, a BC date, `NaN`) is noted by column and read as nil; `unreadableValues` then names
/// them, so each becomes a data error finding instead of passing for a missing value (an `infinity`
/// end date is not "still going").
struct EvidenceRow {
    private let row: PGCopyRow
    private var unreadable: [(field: Int, problem: UnreadableValue.Problem)] = []

    init(_ row: PGCopyRow) { self.row = row }

    func int(_ field: Int) -> Int? { row.int(field) }
    func string(_ field: Int) -> String? { row.string(field) }
    func bool(_ field: Int) -> Bool? { row.bool(field) }

    /// A text[]; a NULL element becomes an empty name, which the engine reports as an endorsement
    /// the rules do not define: the record is named in a finding, never silently dropped.
    func names(_ field: Int) -> [String] { row.textArray(field)?.map { $0 ?? "" } ?? [] }

    mutating func day(_ field: Int) -> Day? {
        guard !row.isNull(field) else { return nil }
        let problem: UnreadableValue.Problem
        switch row.date(field) {
        case .days(let days)?:
            let day = Day.postgresEpoch.adding(days: days)
            if day >= Self.firstDay && day <= Self.lastDay { return day }
            problem = day < Self.firstDay ? .beforeCommonEra : .dateOutOfRange
        case .infinity?: problem = .infinity
        case .negativeInfinity?: problem = .negativeInfinity
        case nil: problem = .dateOutOfRange
        }
        unreadable.append((field, problem))
        return nil
    }

    /// The days a date column is read as one: the years 1 to 9999.
    static let firstDay = Day(year: 1, month: 1, day: 1)!
    static let lastDay = Day(year: 9999, month: 12, day: 31)!

    mutating func hours(_ field: Int) -> Hours? {
        guard !row.isNull(field) else { return nil }
        switch row.hundredths(field) {
        case .hundredths(let value)?: return Hours(hundredths: value)
        case .notANumber?: unreadable.append((field, .notANumber))
        case .outOfRange?, nil: unreadable.append((field, .numberOutOfRange))
        }
        return nil
    }

    /// What this row held that could not be read, as values of row `table#id` (columns: field index to name).
    func unreadableValues(table: String, id: Int, columns: [String]) -> [UnreadableValue] {
        guard !unreadable.isEmpty else { return [] }
        let ref = RecordRef(table: table, id: id)
        return unreadable.map { UnreadableValue(ref: ref, column: columns[$0.field], problem: $0.problem) }
    }
}
