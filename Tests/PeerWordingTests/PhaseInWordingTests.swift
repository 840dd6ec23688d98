import EngineFixtures
import PeerEngine
import PeerRules
import PeerWording
import Testing

/// A miss still phasing in reads as one, with the day it is enforced from.
@Suite struct PhaseInWordingTests {
    @Test func aWarningSaysWhenTheRequirementIsEnforced() throws {
        let worker = Fixture.worker().with { $0.supervised = [] }
        let finding = try finding("supervised-experience", worker, book: Fixture.book(supervisionPhaseIn: day("2026-01-01")))
        #expect(finding.verdict == .warning)
        #expect(finding.reason == "required from 2026-01-01; not yet enforced: no supervised-experience records")
    }
}
