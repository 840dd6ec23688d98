import PeerEngine
import PeerRules

/// The sentences of a requirement's finding, by kind.
enum RequirementSentences {
    static func sentences(of finding: Finding, _ requirement: Requirement) -> Sentences {
        if case .unusableRecords(let errors) = finding.measurement {
            return Sentences(quantity(errors.count, "unusable record"),
                             errors.map { DataErrorWording.line($0, kind: requirement.kind) }.joined(separator: "; "),
                             "correct or remove the record\(errors.count == 1 ? "" : "s") named, then run again")
        }
        // By the requirement's kind (every kind has its case, so a new one does not compile until it
        // is worded); its measurement is always of the same kind.
        let measurement = finding.measurement
        switch requirement.spec {
        case .age(let rule):
            guard case .age(let measured) = measurement else { break }
            return AgeWording.sentences(measured, rule)
        case .residency(let rule):
            guard case .residency(let measured) = measurement else { break }
            return ResidencyWording.sentences(measured, rule)
        case .education(let rule):
            guard case .education(let measured) = measurement else { break }
            return EducationWording.sentences(measured, rule)
        case .livedExperience:
            guard case .livedExperience(let measured) = measurement else { break }
            return LivedExperienceWording.sentences(measured)
        case .training(let rule):
            guard case .training(let measured) = measurement else { break }
            return TrainingWording.sentences(measured, rule)
        case .exam(let rule):
            guard case .exam(let measured) = measurement else { break }
            return ExamWording.sentences(measured, rule)
        case .supervisedExperience(let rule):
            guard case .supervisedExperience(let measured) = measurement else { break }
            return SupervisedExperienceWording.sentences(measured, rule)
        case .ethics:
            guard case .ethics(let measured) = measurement else { break }
            return EthicsWording.sentences(measured)
        case .backgroundCheck(let rule):
            guard case .backgroundCheck(let measured) = measurement else { break }
            return BackgroundCheckWording.sentences(measured, rule)
        case .continuingEducation(let rule):
            guard case .continuingEducation(let measured) = measurement else { break }
            return ContinuingEducationWording.sentences(measured, rule, shortfalls: finding.shortfalls)
        case .serviceHours(let rule):
            guard case .serviceHours(let measured) = measurement else { break }
            return ServiceHoursWording.sentences(measured, rule, shortfalls: finding.shortfalls)
        case .workExperience:
            guard case .workExperience(let measured) = measurement else { break }
            return WorkExperienceWording.sentences(measured)
        case .oneOf(let alternatives):
            guard case .oneOf(let measured) = measurement else { break }
            return PathsWording.sentences(measured, alternatives, verdict: finding.verdict)
        }
        return Sentences("", "")
    }
}
