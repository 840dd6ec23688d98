import PeerRules

/// "1 hour", "2 hours", "0.5 hours", "1 day": findings are read by people.
func quantity(_ amount: Hours, _ noun: String) -> String {
    "\(amount) \(noun)\(amount == Hours(1) ? "" : "s")"
}

func quantity(_ count: Int, _ noun: String) -> String {
    "\(count) \(noun)\(count == 1 ? "" : "s")"
}

extension Range where Bound == Day {
    /// "2024-01-01 to 2025-12-31": a cycle or window by its first and last days.
    var spelled: String { "\(lowerBound) to \(upperBound.adding(days: -1))" }
}
