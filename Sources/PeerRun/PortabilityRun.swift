import Dispatch
import Foundation
import PeerEngine
import PeerRules
import PeerStore

/// The portability matrix over every worker of one snapshot: `peercert reciprocity matrix`.
public enum PortabilityRun {
    /// Batches of workers judged on every core, each lane into its own partial matrix, merged at the end.
    public static func compute(reader: WorkerReader, evaluator: Evaluator) throws -> PortabilityMatrix {
        let targets = evaluator.book.credentials.keys.sorted()
        let lanes = max(1, ProcessInfo.processInfo.activeProcessorCount)
        let partials = Partials(Array(repeating: PortabilityMatrix(targets: targets), count: lanes))
        var batch: [WorkerRecord] = []
        func judge(_ workers: [WorkerRecord]) {
            DispatchQueue.concurrentPerform(iterations: lanes) { lane in
                var matrix = partials.take(lane)
                for index in stride(from: lane, to: workers.count, by: lanes) { matrix.add(workers[index], evaluator: evaluator) }
                partials.put(matrix, lane)
            }
        }
        try reader.forEachWorker { worker in
            batch.append(worker)
            if batch.count == 2_000 {
                judge(batch)
                batch.removeAll(keepingCapacity: true)
            }
        }
        judge(batch)
        return partials.merged(targets: targets)
    }
}

/// One partial matrix per lane; each lane touches only its own, the lock orders the hand-overs.
private final class Partials: @unchecked Sendable {
    private var matrices: [PortabilityMatrix]
    private let lock = NSLock()
    init(_ matrices: [PortabilityMatrix]) { self.matrices = matrices }
    /// Takes the lane's matrix out (leaving an empty one), so adding to it copies nothing.
    func take(_ lane: Int) -> PortabilityMatrix {
        lock.withLock {
            let matrix = matrices[lane]
            matrices[lane] = PortabilityMatrix(targets: matrix.targets)
            return matrix
        }
    }
    func put(_ matrix: PortabilityMatrix, _ lane: Int) { lock.withLock { matrices[lane] = matrix } }
    func merged(targets: [CredentialKey]) -> PortabilityMatrix {
        lock.withLock { matrices.reduce(into: PortabilityMatrix(targets: targets)) { $0.merge($1) } }
    }
}
