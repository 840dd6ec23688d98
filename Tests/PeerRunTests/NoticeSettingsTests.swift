import Foundation
import PeerRun
import Testing

/// The board's settings file: every key read as documented, and a bad value named by file and key
/// (never silently replaced by a default).
@Suite struct NoticeSettingsTests {
    static func load(_ yaml: String) throws -> NoticeSettings {
        let path = NSTemporaryDirectory() + "peercert-settings-\(UUID().uuidString).yaml"
        try yaml.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        return try NoticeSettings.load(path: path)
    }

    @Test func theExampleFileReadsAsDocumented() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let settings = try NoticeSettings.load(path: root.path + "/config/peercert.example.yaml")
        #expect(settings.from?.address == "noreply@board.example")
        #expect(settings.from?.name == "Example Certification Board")
        #expect(settings.replyTo?.address == "certification@board.example")
        #expect(settings.thresholds == [90, 60, 30])
        #expect(settings.lapsedWithinDays == 30 && settings.maxAttempts == 5 && settings.deliveryConcurrency == 1)
    }

    @Test func thresholdsAreDeduplicatedLargestFirst() throws {
        #expect(try Self.load("thresholds_days: [30, 90, 30, 60]").thresholds == [90, 60, 30])
    }

    @Test(arguments: [("from: a@b@c", "`from`"), ("reply_to: nobody", "`reply_to`"), ("max_attempts: 0", "`max_attempts`"),
                      ("lapsed_within_days: 4000", "`lapsed_within_days`"), ("delivery_concurrency: two", "`delivery_concurrency`"),
                      ("colour: blue", "unknown setting `colour`")])
    func aBadValueIsNamed(yaml: String, named: String) {
        #expect {
            try Self.load(yaml)
        } throws: { error in
            "\(error)".contains(named) && "\(error)".contains("peercert-settings-")
        }
    }
}
