@testable import PeerRun
import Testing

/// Which night publishes what, decided by the pure progress machine: every kind of night takes the
/// same steps in the same order, but for what only a whole night (or the join of one) does.
@Suite struct NightProgressTests {
    static func steps(_ kind: NightProgress.Kind, reminders: Bool = true) -> [NightProgress.Step] {
        var progress = NightProgress(kind, remindersConfigured: reminders)
        var steps = progress.handle(.evaluated)
        steps += progress.handle(.closed)
        steps += progress.handle(.committed)
        #expect(progress.state == .committed)
        return steps
    }

    @Test func aWholeNightPublishesEverything() {
        #expect(Self.steps(.whole) == [.finishReports, .compareWithPrevious, .planReminders, .writeBoardPage, .writeReceipt,
                                       .publishCredentials, .commit, .publishDirectory(linkLatest: true), .deliverReminders, .writeMetrics])
    }

    @Test func aJoinPublishesAsAWholeNightDoes() {
        #expect(Self.steps(.join) == Self.steps(.whole))
    }

    /// A shard of a night leaves the reminders, the public credentials and `latest` to the night's join.
    @Test func aShardOfANightPublishesNothing() {
        #expect(Self.steps(.shard(night: "n")) == [.finishReports, .compareWithPrevious, .writeBoardPage, .writeReceipt, .commit,
                                                   .publishDirectory(linkLatest: false), .writeMetrics])
    }

    /// A shard run on its own is a night of its own for its administrators, not for employers.
    @Test func aShardOnItsOwnRemindsButPublishesNoCredentials() {
        let steps = Self.steps(.shard(night: nil))
        #expect(steps.contains(.planReminders) && steps.contains(.deliverReminders))
        #expect(!steps.contains(.publishCredentials) && steps.contains(.publishDirectory(linkLatest: false)))
    }

    @Test func withoutSettingsNoReminderIsPlanned() {
        #expect(!Self.steps(.whole, reminders: false).contains(.planReminders))
        #expect(!Self.steps(.join, reminders: false).contains(.deliverReminders))
    }
}
