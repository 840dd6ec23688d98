import PGClient
import PeerEngine
import PeerRules

/// Replaces the input tables with a deterministic synthetic population (`peercert seed`).
///
/// Everything is written with COPY in one transaction. Each table is one pass over the workers,
/// regenerating each worker from its seed, so memory does not grow with the number of workers
/// and foreign keys hold (workers are written before their evidence).
public enum Seeder {
    public struct Summary: Sendable {
        public var rows: [(table: String, count: Int)] = []
    }

    /// Writes workers 1...`workers` of `population`; training providers are approved in every state with rules.
    public static func seed(_ connection: PGConnection, workers: Int, population: some WorkerPopulation, book: RuleBook,
                            asOf: Day) throws -> Summary {
        var summary = Summary()
        func person(_ id: Int) -> PopulationMember { population.member(id) }
        func copy(_ table: String, _ columns: String, _ body: (inout PGCopyInWriter) throws -> Void) throws {
            let count = try connection.copyIn("COPY peercert.\(table) (\(columns)) FROM STDIN", doing: "seeding \(table)", body)
            summary.rows.append((table, count))
        }
        func eachWorker(_ body: (PopulationMember) throws -> Void) throws {
            for id in 1...max(workers, 1) where workers > 0 { try body(person(id)) }
        }
        let states = Set(book.credentials.keys.map(\.state)).sorted()

        try connection.transaction {
            try connection.execute("""
                TRUNCATE peercert.workers, peercert.training_providers, peercert.supervisors, peercert.employers,
                         peercert.administrators RESTART IDENTITY CASCADE
                """, doing: "clearing the input tables")
            try copy("training_providers", "id, name") { out in
                for id in 1...population.providers {
                    out.field(id); out.field("Peer Training Collaborative \(id)"); try out.endRow()
                }
            }
            try copy("training_provider_approvals", "provider_id, state, approved_from") { out in
                for id in population.approvedProviders {
                    for state in states {
                        out.field(id); out.field(state); out.field(asOf.adding(months: -120).description); try out.endRow()
                    }
                }
            }
            try copy("supervisors", "id, full_name, credential, credential_state") { out in
                for id in 1...population.supervisors {
                    out.field(id); out.field("Supervisor \(id)"); out.field(population.supervisorCredential(id))
                    out.field(states.first); try out.endRow()
                }
            }
            try copy("employers", "id, name, state") { out in
                for id in 1...population.employers {
                    out.field(id); out.field("Recovery Community Organization \(id)"); out.field(states[id % max(states.count, 1)]); try out.endRow()
                }
            }
            try copy("administrators", "id, name, email, employer_id") { out in
                for id in 1...population.administrators {
                    out.field(id); out.field("Program Administrator \(id)"); out.field("admin\(id)@example.org")
                    out.field((id - 1) % population.employers + 1); try out.endRow()
                }
            }
            try copy("workers", "id, external_ref, full_name, birth_date, residence_state, work_state, email") { out in
                try eachWorker { worker in
                    let record = worker.record
                    out.field(record.id); out.field("W\(100_000 + record.id)"); out.field(record.name ?? worker.name); out.field(record.birthDate?.description)
                    out.field(record.residenceState); out.field(record.workState); out.field("worker\(record.id)@example.org"); try out.endRow()
                }
            }
            // The evidence, through the input contract the reader uses: written as the reader reads it.
            for table in EvidenceTable.all {
                let count = try connection.copyIn(table.copyInSQL, doing: "seeding \(table.name)") { out in
                    try eachWorker { worker in try table.encode(worker.record, &out) }
                }
                summary.rows.append((table.name, count))
            }
            try copy("administrator_workers", "administrator_id, worker_id") { out in
                try eachWorker { worker in
                    out.field(worker.administrator); out.field(worker.record.id); try out.endRow()
                }
            }
            try connection.execute("ANALYZE peercert.workers")
        }
        return summary
    }
}
