import PeerEngine
import PeerRules

/// One evidence row's use in words.
enum EvidenceWording {
    static func note(_ use: EvidenceUse, of finding: Finding) -> String {
        switch use.detail {
        case .problem(let error): return "data error: " + DataErrorWording.problem(error, kind: finding.requirement?.kind)
        case .dated(let column, let day) where use.code == .afterReference:
            return "\(DataErrorWording.name(of: column, in: use.ref.table).label) \(day), after the credential was issued on \(finding.judgedOn?.description ?? "")"
        default: break
        }
        if let note = CheckWording.note(use) { return note }
        let judgedOn = finding.judgedOn
        let note: String? = switch finding.requirement?.spec {
        case .training(let rule): TrainingWording.note(use, rule, state: finding.state)
        case .education(let rule): EducationWording.note(use, rule)
        case .livedExperience: LivedExperienceWording.note(use)
        case .exam(let rule): ExamWording.note(use, rule, judgedOn: judgedOn)
        case .supervisedExperience(let rule): SupervisedExperienceWording.note(use, rule)
        case .ethics(let rule): EthicsWording.note(use, rule, state: finding.state, judgedOn: judgedOn)
        case .backgroundCheck(let rule): BackgroundCheckWording.note(use, rule, judgedOn: judgedOn)
        case .continuingEducation: ContinuingEducationWording.note(use)
        case .serviceHours: ServiceHoursWording.note(use)
        case .workExperience(let rule): WorkExperienceWording.note(use, rule)
        case .age, .residency, .oneOf, nil: nil
        }
        return note ?? use.code.rawValue
    }
}
