import PeerEngine
import PeerRules

enum AgeWording {
    static func sentences(_ measurement: AgeMeasurement, _ rule: AgeRule) -> Sentences {
        switch measurement {
        case .noBirthDate:
            return Sentences("no birth date", "the worker's birth date is not recorded", "record the birth date")
        case .bornAfterAsOf(let born, let asOf):
            return Sentences("born \(born)", "workers.birth_date \(born) is after the as-of date \(asOf)", "correct the birth date")
        case .aged(let age, let birthDate):
            if let minimum = rule.minimumYears, age < minimum {
                return Sentences("aged \(age)", "under \(minimum)", "eligible from \(birthDate.adding(months: minimum * 12))")
            }
            if let maximum = rule.maximumYears, age > maximum { return Sentences("aged \(age)", "over \(maximum)") }
            return Sentences("aged \(age)", "requirement met")
        }
    }
}
