import PeerEngine
import PeerReports
import PeerStore

/// Where evaluations go during the streaming pass. The compliance files, the results COPY and the
/// run's counts are sinks; a new report is a new sink (or a post-run step over committed results).
public protocol EvaluationSink: AnyObject {
    func add(_ evaluation: WorkerEvaluation) throws
}

extension ComplianceReport: EvaluationSink {}
extension BoardReport: EvaluationSink {}
extension ReciprocityReport: EvaluationSink {}

/// The results COPY as a sink: one credential row each, not-met findings spooled.
final class ResultSink: EvaluationSink {
    var stager: ResultStager
    init(_ stager: ResultStager) { self.stager = stager }
    func add(_ evaluation: WorkerEvaluation) throws {
        for credential in evaluation.credentials { try stager.add(credential) }
    }
}
