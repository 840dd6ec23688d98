public enum WorkExperienceMeasurement: Sendable, Equatable {
    case noRecords
    /// Days covered by counted jobs, of the days the months required come to.
    case employed(days: Int, required: Int)
}
