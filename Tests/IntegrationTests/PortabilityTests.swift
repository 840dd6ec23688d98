import PGClient
import PeerEngine
import PeerRules
import PeerRun
import PeerStore
import PeerSynthetic
import PeerTestSupport
import Testing

/// The portability matrix, computed in one streaming pass on every core, agrees with judging each
/// holder one by one (each worker read alone, as `reciprocity check` reads them) on a sample of
/// home credentials: every pair of theirs, every outcome and every missing requirement counted.
@Suite struct PortabilityTests {
    @Test func theMatrixAgreesWithEachHolderJudgedOneByOne() throws {
        let database = try TestDatabase.fresh("portability")
        defer { database.drop() }
        let connection = try database.connect()
        let book = try RuleLoader.load(directory: database.repositoryRoot + "/rules")
        let asOf = Day(iso: "2026-03-01")!
        _ = try Seeder.seed(connection, workers: 10_000, population: SyntheticPopulation(seed: 11, book: book, asOf: asOf), book: book, asOf: asOf)
        let reader = try WorkerReader(conninfo: database.conninfo)
        defer { reader.close() }
        let evaluator = Evaluator(book: book, approvals: try reader.providerApprovals(), supervisors: try reader.supervisorDirectory(), asOf: asOf)
        let matrix = try PortabilityRun.compute(reader: reader, evaluator: evaluator)
        #expect(matrix.holders.values.reduce(0, +) > 5_000)

        // The sample: three home credentials, one of them an IC&RC member (its pairs waive and add).
        let sample = [CredentialKey(state: "DE", credential: "CPRS"), CredentialKey(state: "PA", credential: "CPS"), CredentialKey(state: "OH", credential: "PRS")]
        let holders = try connection.execute("""
            SELECT DISTINCT worker_id FROM peercert.certifications
            WHERE state || '/' || credential IN ('DE/CPRS', 'PA/CPS', 'OH/PRS') AND status = 'active' AND expires_on >= $1 ORDER BY worker_id
            """, [asOf.description]).rows.compactMap { $0.int(0) }
        #expect(holders.count > 100)
        var oneByOne = PortabilityMatrix(targets: matrix.targets)
        for id in holders {
            var worker: WorkerRecord?
            try reader.forEachWorker(worker: id) { worker = $0 }
            var alone = try #require(worker)
            alone.certifications = alone.certifications.filter { sample.contains($0.key) }
            oneByOne.add(alone, evaluator: evaluator)
        }
        for home in sample {
            #expect(oneByOne.holders[home] == matrix.holders[home], "\(home)")
            #expect((oneByOne.holders[home] ?? 0) > 10, "\(home)")
            for target in matrix.targets where target != home {
                let pair = PortabilityMatrix.Pair(home: home, target: target)
                let expected = try #require(oneByOne.cells[pair]), computed = try #require(matrix.cells[pair])
                #expect(expected.counts == computed.counts, "\(home) → \(target)")
                #expect(expected.missing == computed.missing && expected.additions == computed.additions, "\(home) → \(target)")
            }
        }
        // The IC&RC pair shows Maryland's own addition among the most common.
        let delaware = try #require(matrix.cells[PortabilityMatrix.Pair(home: sample[0], target: CredentialKey(state: "MD", credential: "CPRS"))])
        #expect(delaware.additions.keys.contains("training-harm-reduction") || delaware.count(.eligible) > 0)
    }
}
