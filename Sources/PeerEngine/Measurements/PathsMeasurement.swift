import PeerRules

/// A `one_of` requirement: every path's requirements judged, and the path that met it, if any.
public struct PathsMeasurement: Sendable {
    public struct JudgedPath: Sendable {
        public let path: RequirementPath
        public let findings: [Finding]
    }
    public let paths: [JudgedPath]
    /// Index of the path that meets the requirement (the best of those that do); nil when none does.
    public let chosen: Int?
}
