import PeerRules

/// An input value the rules cannot judge: which row, which column, what is wrong with it.
public struct DataError: Sendable, Equatable {
    public let ref: RecordRef
    /// The column as the input contract names it (`completed_on`, `hours`).
    public let column: String
    public let problem: DataProblem

    public init(_ ref: RecordRef, _ column: String, _ problem: DataProblem) {
        self.ref = ref
        self.column = column
        self.problem = problem
    }
}

/// What is wrong with a value.
public enum DataProblem: Sendable, Equatable {
    /// No value, or none the reader could read (a number that is not one).
    case missing
    case negative(Hours)
    /// A date after the day the run judges.
    case afterAsOf(Day, asOf: Day)
    /// A code the rules' catalog does not define (a training domain, an exam, a delivery mode).
    case unknownCode(String)
    /// A pair of codes of which one at least is unknown (a background check's kind and result).
    case unknownCodes(String, String)
    /// A score outside 0 to 100.
    case notAPercentage(Hours)
    /// A period that ends before it starts.
    case endsBeforeStart(end: Day, start: Day)
}
