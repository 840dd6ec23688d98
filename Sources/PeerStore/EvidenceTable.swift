import PGClient
import PeerEngine
import PeerRules

/// One evidence table of the input contract: its columns (after worker_id), how a row becomes
/// part of a `WorkerRecord`, and how a record's rows are written back. The reader, the seeder and
/// `scripts/bench` all use these lists: the columns are written once.
struct EvidenceTable: Sendable {
    let table: InputTable
    let columns: String
    let decode: @Sendable (inout EvidenceRow, inout WorkerRecord) -> Void
    /// Writes the record's rows of this table (worker_id first, then `columns`).
    let encode: @Sendable (WorkerRecord, inout PGCopyInWriter) throws -> Void

    init(_ table: InputTable, columns: String, decode: @escaping @Sendable (inout EvidenceRow, inout WorkerRecord) -> Void,
         encode: @escaping @Sendable (WorkerRecord, inout PGCopyInWriter) throws -> Void) {
        self.table = table
        self.columns = columns
        self.decode = decode
        self.encode = encode
    }

    var name: String { table.rawValue }

    func query(filter: String?) -> String {
        "SELECT worker_id, \(columns) FROM peercert.\(name) \(filter.map { "WHERE \($0)" } ?? "") ORDER BY worker_id, id"
    }

    var columnList: [String] { columns.split(separator: ", ").map(String.init) }

    var copyInSQL: String { "COPY peercert.\(name) (worker_id, \(columns)) FROM STDIN" }

    /// The evidence tables in the order the reader opens them (and `scripts/bench` COPYs them).
    static var all: [EvidenceTable] { InputTable.allCases.compactMap(\.evidence) }

    static let livedExperienceAttestations = EvidenceTable(.livedExperienceAttestations, columns: "id, kind, attested_on, recovery_since", decode: { row, record in
        record.attestations.append(LivedExperienceAttestation(id: row.int(1) ?? 0, kind: row.string(2) ?? "",
                                                              attestedOn: row.day(3), recoverySince: row.day(4)))
    }, encode: { record, out in
        for row in record.attestations {
            out.field(record.id); out.field(row.ref.id); out.field(row.kind); out.field(row.attestedOn?.description)
            out.field(row.recoverySince?.description); try out.endRow()
        }
    })
    static let trainingRecords = EvidenceTable(.trainingRecords, columns: "id, provider_id, hours, domain, delivery_mode, completed_on", decode: { row, record in
        record.training.append(TrainingRecord(id: row.int(1) ?? 0, providerID: row.int(2), hours: row.hours(3),
                                              domain: row.string(4) ?? "", deliveryMode: row.string(5) ?? "", completedOn: row.day(6)))
    }, encode: { record, out in
        for row in record.training {
            out.field(record.id); out.field(row.ref.id); out.field(row.providerID); out.field(row.hours?.description); out.field(row.domain)
            out.field(row.deliveryMode); out.field(row.completedOn?.description); try out.endRow()
        }
    })
    static let examRecords = EvidenceTable(.examRecords, columns: "id, exam_code, score, passed, taken_on", decode: { row, record in
        record.exams.append(ExamRecord(id: row.int(1) ?? 0, examCode: row.string(2) ?? "", score: row.hours(3),
                                       passed: row.bool(4) ?? false, takenOn: row.day(5)))
    }, encode: { record, out in
        for row in record.exams {
            out.field(record.id); out.field(row.ref.id); out.field(row.examCode); out.field(row.score?.description)
            out.field(row.passed ? "t" : "f"); out.field(row.takenOn?.description); try out.endRow()
        }
    })
    static let supervisedExperience = EvidenceTable(.supervisedExperience,
                  columns: "id, supervisor_id, work_hours, supervision_hours, period_start, period_end", decode: { row, record in
        record.supervised.append(SupervisedExperienceRecord(id: row.int(1) ?? 0, supervisorID: row.int(2), workHours: row.hours(3),
                                                            supervisionHours: row.hours(4), periodStart: row.day(5), periodEnd: row.day(6)))
    }, encode: { record, out in
        for row in record.supervised {
            out.field(record.id); out.field(row.ref.id); out.field(row.supervisorID); out.field(row.workHours?.description)
            out.field(row.supervisionHours?.description); out.field(row.periodStart?.description); out.field(row.periodEnd?.description)
            try out.endRow()
        }
    })
    static let certifications = EvidenceTable(.certifications,
                  columns: "id, state, credential, number, level, status, applied_on, issued_on, expires_on, endorsements", decode: { row, record in
        record.certifications.append(CertificationRecord(
            id: row.int(1) ?? 0, key: CredentialKey(state: row.string(2) ?? "", credential: row.string(3) ?? ""),
            number: row.string(4), level: row.string(5), endorsements: row.names(10), status: row.string(6) ?? "",
            appliedOn: row.day(7), issuedOn: row.day(8), expiresOn: row.day(9)))
    }, encode: { record, out in
        for row in record.certifications {
            out.field(record.id); out.field(row.ref.id); out.field(row.key.state); out.field(row.key.credential); out.field(row.number)
            out.field(row.level); out.field(row.status); out.field(row.appliedOn?.description); out.field(row.issuedOn?.description)
            out.field(row.expiresOn?.description); out.field("{" + row.endorsements.map { "\"\($0)\"" }.joined(separator: ",") + "}")
            try out.endRow()
        }
    })
    static let education = EvidenceTable(.education, columns: "id, level, credits, completed_on", decode: { row, record in
        record.education.append(EducationRecord(id: row.int(1) ?? 0, level: row.string(2) ?? "", credits: row.hours(3), completedOn: row.day(4)))
    }, encode: { record, out in
        for row in record.education {
            out.field(record.id); out.field(row.ref.id); out.field(row.level); out.field(row.credits?.description)
            out.field(row.completedOn?.description); try out.endRow()
        }
    })
    static let continuingEducation = EvidenceTable(.continuingEducation, columns: "id, hours, topic, completed_on, provider", decode: { row, record in
        record.continuingEducation.append(ContinuingEducationRecord(id: row.int(1) ?? 0, hours: row.hours(2), topic: row.string(3) ?? "",
                                                                    completedOn: row.day(4), provider: row.string(5)))
    }, encode: { record, out in
        for row in record.continuingEducation {
            out.field(record.id); out.field(row.ref.id); out.field(row.hours?.description); out.field(row.topic)
            out.field(row.completedOn?.description); out.field(row.provider); try out.endRow()
        }
    })
    // `code` (the document's name) is required by the table and not used by the engine: read and written, never judged.
    static let ethicsAttestations = EvidenceTable(.ethicsAttestations, columns: "id, state, signed_on, code", decode: { row, record in
        record.ethics.append(EthicsAttestation(id: row.int(1) ?? 0, state: row.string(2) ?? "", signedOn: row.day(3)))
    }, encode: { record, out in
        for row in record.ethics {
            out.field(record.id); out.field(row.ref.id); out.field(row.state); out.field(row.signedOn?.description)
            out.field("\(row.state) code of ethics"); try out.endRow()
        }
    })
    static let backgroundChecks = EvidenceTable(.backgroundChecks, columns: "id, kind, result, completed_on", decode: { row, record in
        record.backgroundChecks.append(BackgroundCheckRecord(id: row.int(1) ?? 0, kind: row.string(2) ?? "", result: row.string(3) ?? "",
                                                             completedOn: row.day(4)))
    }, encode: { record, out in
        for row in record.backgroundChecks {
            out.field(record.id); out.field(row.ref.id); out.field(row.kind); out.field(row.result); out.field(row.completedOn?.description)
            try out.endRow()
        }
    })
    static let employment = EvidenceTable(.employment, columns: "id, employer_id, started_on, ended_on, peer_work", decode: { row, record in
        record.employment.append(EmploymentRecord(id: row.int(1) ?? 0, employerID: row.int(2), startedOn: row.day(3), endedOn: row.day(4),
                                                  peerWork: row.bool(5)))
    }, encode: { record, out in
        for row in record.employment {
            out.field(record.id); out.field(row.ref.id); out.field(row.employerID); out.field(row.startedOn?.description)
            out.field(row.endedOn?.description); out.field(row.peerWork.map { $0 ? "t" : "f" }); try out.endRow()
        }
    })
    static let transferRequests = EvidenceTable(.transferRequests, columns: "id, certification_id, to_state, to_credential, requested_on, status", decode: { row, record in
        record.transferRequests.append(TransferRequest(id: row.int(1) ?? 0, certificationID: row.int(2),
                                                       target: CredentialKey(state: row.string(3) ?? "", credential: row.string(4) ?? ""),
                                                       requestedOn: row.day(5), status: row.string(6) ?? ""))
    }, encode: { record, out in
        for row in record.transferRequests {
            out.field(record.id); out.field(row.ref.id); out.field(row.certificationID); out.field(row.target.state)
            out.field(row.target.credential); out.field(row.requestedOn?.description); out.field(row.status); try out.endRow()
        }
    })
}
