/// A deterministic population of workers, regenerated one worker at a time, so the seeder can make
/// several passes over it (one per table) in constant memory. `PeerSynthetic` makes one for demos,
/// tests and benchmarks; the store writes any.
public protocol WorkerPopulation: Sendable {
    /// Training providers are 1...providers; those in `approvedProviders` are approved by every state.
    var providers: Int { get }
    var approvedProviders: ClosedRange<Int> { get }
    /// Supervisors are 1...supervisors, each holding `supervisorCredential(_:)`.
    var supervisors: Int { get }
    var employers: Int { get }
    var administrators: Int { get }
    func supervisorCredential(_ supervisor: Int) -> String
    /// Worker `id` (from 1): the same every time it is asked for.
    func member(_ id: Int) -> PopulationMember
}

/// One worker of a population: the engine's record and what only the input tables hold.
public struct PopulationMember: Sendable {
    public var record: WorkerRecord
    public var name: String
    public var administrator: Int
    public var employer: Int

    public init(record: WorkerRecord, name: String, administrator: Int, employer: Int) {
        self.record = record
        self.name = name
        self.administrator = administrator
        self.employer = employer
    }
}
