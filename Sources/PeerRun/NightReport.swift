import PeerReports

/// A report registered for every night: how to make its sink for one night. The nightly run, a
/// shard's run and a night's join all make the same list (`RunConfiguration.reports`), so a
/// report added here exists for every kind of night.
public struct NightReport: Sendable {
    public let make: @Sendable (_ directory: RunDirectory, _ header: RunHeader, _ detail: ReportDetail) throws -> any EvaluationSink

    public init(_ make: @escaping @Sendable (_ directory: RunDirectory, _ header: RunHeader, _ detail: ReportDetail) throws -> any EvaluationSink) {
        self.make = make
    }

    /// compliance.json/csv and credentials.csv; reciprocity.json/csv; report.html.
    public static let standard: [NightReport] = [
        NightReport { directory, header, detail in try ComplianceReport(directory: directory, header: header, detail: detail) },
        NightReport { directory, header, _ in try ReciprocityReport(directory: directory, header: header) },
        NightReport { _, header, _ in BoardReport(header: header) },
    ]
}
