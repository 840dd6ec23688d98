import PeerEngine
import PeerRules

/// How one evidence row was used, in words: the row, whether it counted, the code, the sentence.
public struct EvidenceNote: Sendable, Equatable, CustomStringConvertible {
    public let ref: RecordRef
    public let counted: Bool
    public let code: EvidenceCode
    public let note: String

    public init(_ ref: RecordRef, counted: Bool, code: EvidenceCode, _ note: String) {
        self.ref = ref
        self.counted = counted
        self.code = code
        self.note = note
    }

    public var description: String { "\(ref) \(counted ? "counted" : "not counted"): \(note)" }
}
