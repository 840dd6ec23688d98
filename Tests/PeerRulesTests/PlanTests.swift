@testable import PeerRules
import PeerTestSupport
import Testing

/// Plans compiled at load give, on every day, exactly what merging the rules on that day gives.
@Suite struct PlanTests {
    @Test func compiledPlansAgreeWithMergingOnEveryBoundaryDay() throws {
        let book = try RuleLoader.load(directory: RuleCorpus.shipped)
        var checked = 0
        for (key, rules) in book.credentials {
            let versions = rules.versions + (rules.extends.flatMap { book.shared[$0]?.versions } ?? [])
            let boundaries = versions.flatMap { [$0.validFrom] + ($0.validUntil.map { [$0] } ?? []) }
            let days = boundaries.flatMap { day in (-2...2).map { day.adding(days: $0) } } + [Day(iso: "1999-01-01")!, Day(iso: "2040-06-30")!]
            for day in days {
                let planned = book.requirements(of: rules, on: day)
                let merged = RequirementPlan.merge(rules, shared: book.shared, on: day)
                #expect(planned?.version.validFrom == merged?.version.validFrom, "\(key) on \(day)")
                #expect(planned?.requirements.map(\.id) == merged?.requirements.map(\.id), "\(key) on \(day)")
                #expect(planned?.requirements.map(\.location) == merged?.requirements.map(\.location), "\(key) on \(day)")
                checked += 1
            }
        }
        #expect(checked > 100)
        // A shared definition extended by members gives more than one plan somewhere, or the test checks nothing new.
        #expect(book.plans.values.contains { $0.count > 1 })
    }
}
