import PeerEngine
import PeerRules

/// What a held credential still needs, in the words an administrator or the holder reads: needs
/// and dates only (`RenewalNeeds` holds nothing else).
extension RenewalNeeds {
    /// One line: "12 CE hours (by topic: ethics 3); sign the code of ethics again".
    public var summary: String {
        var parts: [String] = []
        if continuingEducationHours != nil || !continuingEducationByTopic.isEmpty {
            let topics = continuingEducationByTopic.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
            let total = continuingEducationHours.map { "\($0) CE hours" } ?? "CE hours"
            parts.append(topics.isEmpty ? total : "\(total) (by topic: \(topics))")
        }
        for (topic, count) in continuingEducationCourses.sorted(by: { $0.key < $1.key }) {
            parts.append("\(count) more \(topic) training\(count == 1 ? "" : "s")")
        }
        if let serviceHours { parts.append("\(serviceHours) hours of peer services") }
        if let supervisionHours { parts.append("\(supervisionHours) hours of supervision") }
        if signEthicsCode { parts.append("sign the code of ethics again") }
        if let backgroundCheck { parts.append("renew the background check (\(backgroundCheck))") }
        if parts.isEmpty { parts.append("nothing outstanding but the renewal itself") }
        return parts.joined(separator: "; ")
    }
}
