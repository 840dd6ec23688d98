public enum ResidencyMeasurement: Sendable, Equatable {
    /// None of the states the rule looks at is recorded.
    case noState
    /// Where the worker lives and works, as far as the rule looks (nil where it does not, or none is recorded).
    case recorded(lives: String?, works: String?)
}
