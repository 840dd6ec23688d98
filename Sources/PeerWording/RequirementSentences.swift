import PeerEngine
import PeerRules

/// The sentences of a requirement's finding, by kind.
enum RequirementSentences {
    static func sentences(of finding: Finding, _ requirement: Requirement) -> Sentences {
        let unknown = Sentences("", "")
        switch (requirement.spec, finding.measurement) {
        case (_, .unusableRecords(let errors)):
            return Sentences(quantity(errors.count, "unusable record"),
                             errors.map { DataErrorWording.line($0, kind: requirement.kind) }.joined(separator: "; "),
                             "correct or remove the record\(errors.count == 1 ? "" : "s") named, then run again")
        case (.age(let rule), .age(let measurement)): return AgeWording.sentences(measurement, rule)
        case (.residency(let rule), .residency(let measurement)): return ResidencyWording.sentences(measurement, rule)
        case (.education(let rule), .education(let measurement)): return EducationWording.sentences(measurement, rule)
        case (.livedExperience, .livedExperience(let measurement)): return LivedExperienceWording.sentences(measurement)
        case (.training(let rule), .training(let measurement)): return TrainingWording.sentences(measurement, rule)
        case (.exam(let rule), .exam(let measurement)): return ExamWording.sentences(measurement, rule)
        case (.supervisedExperience(let rule), .supervisedExperience(let measurement)): return SupervisedExperienceWording.sentences(measurement, rule)
        case (.ethics, .ethics(let measurement)): return EthicsWording.sentences(measurement)
        case (.backgroundCheck(let rule), .backgroundCheck(let measurement)): return BackgroundCheckWording.sentences(measurement, rule)
        case (.continuingEducation(let rule), .continuingEducation(let measurement)):
            return ContinuingEducationWording.sentences(measurement, rule, shortfalls: finding.shortfalls)
        case (.serviceHours(let rule), .serviceHours(let measurement)):
            return ServiceHoursWording.sentences(measurement, rule, shortfalls: finding.shortfalls)
        case (.workExperience, .workExperience(let measurement)): return WorkExperienceWording.sentences(measurement)
        case (.oneOf(let alternatives), .oneOf(let measurement)): return PathsWording.sentences(measurement, alternatives, verdict: finding.verdict)
        default: return unknown
        }
    }
}
