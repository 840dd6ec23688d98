import PeerEngine
@testable import PeerStore
import Testing

/// The merge of ordered evidence streams into workers, without a database.
@Suite struct WorkerAssemblerTests {
    /// Rows (worker id, record id) of one table; each row becomes an exam record with that id.
    final class Rows: OrderedRows {
        let rows: [(owner: Int, id: Int)]
        var position = 0
        init(_ rows: [(Int, Int)]) { self.rows = rows.map { (owner: $0.0, id: $0.1) } }
        var currentOwner: Int? { position < rows.count ? rows[position].owner : nil }
        func decodeCurrent(into record: inout WorkerRecord) {
            record.exams.append(ExamRecord(id: rows[position].id, examCode: "X", score: nil, passed: true, takenOn: nil))
        }
        func advance() throws { position += 1 }
    }

    static func assemble(_ workers: [Int], _ streams: [Rows]) throws -> [Int: [Int]] {
        var result: [Int: [Int]] = [:]
        for id in workers {
            var record = WorkerRecord(id: id)
            try WorkerAssembler.collect(streams, into: &record)
            result[id] = record.exams.map(\.ref.id)
        }
        return result
    }

    @Test func eachWorkerGetsExactlyItsRowsFromEveryStream() throws {
        let first = Rows([(1, 10), (1, 11), (3, 30)])
        let second = Rows([(2, 20), (3, 31), (3, 32)])
        #expect(try Self.assemble([1, 2, 3], [first, second]) == [1: [10, 11], 2: [20], 3: [30, 31, 32]])
    }

    @Test func workersWithoutRowsGetNone() throws {
        #expect(try Self.assemble([1, 2, 3, 4], [Rows([(2, 20)]), Rows([])]) == [1: [], 2: [20], 3: [], 4: []])
    }

    /// A shard reads only its workers: rows of other workers between them are passed over, never given to the next one.
    @Test func rowsOfWorkersNotReadAreSkipped() throws {
        let stream = Rows([(1, 10), (2, 20), (2, 21), (5, 50), (7, 70)])
        #expect(try Self.assemble([1, 5], [stream]) == [1: [10], 5: [50]])
        #expect(stream.currentOwner == 7)  // left for a later worker or the drain
    }

    @Test func negativeAndExtremeIdsMergeInOrder() throws {
        let stream = Rows([(Int.min, 1), (-1, 2), (0, 3), (Int.max, 4)])
        #expect(try Self.assemble([Int.min, -1, 0, Int.max], [stream]) == [Int.min: [1], -1: [2], 0: [3], Int.max: [4]])
    }
}
