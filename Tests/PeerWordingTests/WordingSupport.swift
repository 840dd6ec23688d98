import EngineFixtures
import PeerEngine
import PeerWording
import Testing

extension Finding {
    /// The note on one evidence row, e.g. "training_records#3".
    func note(_ ref: String) throws -> EvidenceNote {
        try #require(notes.first { $0.ref.description == ref }, "no note for \(ref) in \(notes)")
    }
}
