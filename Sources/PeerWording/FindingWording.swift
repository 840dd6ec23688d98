import PeerEngine
import PeerRules

/// A finding in words, for the board (every finding, whole): what was measured against what was
/// required, why that gives its verdict, what would cure it, and a note on each evidence row.
/// Built only for what is written.
extension Finding {
    public var words: FindingWords {
        if let (required, sentences) = CheckWording.words(measurement, verdict: verdict) {
            return FindingWords(measured: sentences.measured, required: required, reason: sentences.reason, cure: sentences.cure)
        }
        guard let requirement else { return FindingWords(measured: "", required: "", reason: "", cure: nil) }
        var sentences = RequirementSentences.sentences(of: self, requirement)
        if let phaseIn = requirement.phaseIn, verdict == .warning, isPhasedIn {
            sentences.reason = "required from \(phaseIn); not yet enforced: " + sentences.reason
        }
        return FindingWords(measured: sentences.measured, required: RequirementWording.required(requirement.spec, state: state, on: judgedOn),
                            reason: sentences.reason, cure: sentences.cure)
    }

    /// "24 of 40 training hours"
    public var measured: String { words.measured }
    /// "40 training hours"
    public var required: String { words.required }
    /// "16 hours missing; 2 records not counted"
    public var reason: String { words.reason }
    /// What would cure a miss, when something would.
    public var cure: String? { words.cure }
    /// What to do about it: the cure, or the reason where nothing cures it.
    public var action: String { words.action }
    /// "training: complete 14 more hours": a first action on one line.
    public var actionLine: String { "\(requirementID): \(action)" }

    /// How each evidence row was used, in words (a `one_of`'s: those of every path's requirements).
    public var notes: [EvidenceNote] {
        if case .oneOf(let paths) = measurement { return paths.paths.flatMap { $0.findings.flatMap(\.notes) } }
        return evidence.map { EvidenceNote($0.ref, counted: $0.counted, code: $0.code, EvidenceWording.note($0, of: self)) }
    }

    /// A warning that is a miss still phasing in (not a path met by a requirement phasing in).
    private var isPhasedIn: Bool {
        if case .oneOf(let paths) = measurement { return paths.chosen == nil }
        return true
    }
}

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

/// A `one_of` requirement: the path that met it, or what each path lacks.
enum PathsWording {
    static func sentences(_ measurement: PathsMeasurement, _ alternatives: AlternativePaths, verdict: Verdict) -> Sentences {
        if let chosen = measurement.chosen {
            let best = measurement.paths[chosen]
            let later = best.findings.filter { $0.verdict != .met }.map(\.words)
            return Sentences("path \(best.path.id) met",
                             later.isEmpty ? "met by path \(best.path.id): \(best.path.description)"
                                 : "path \(best.path.id): " + later.map(\.reason).joined(separator: "; "),
                             later.compactMap(\.cure).first)
        }
        let lacking = measurement.paths.map { judged in
            judged.path.id + ": " + zip(judged.path.requirements, judged.findings).filter { !$0.1.verdict.isSatisfied }
                .map { requirement, finding in
                    let words = finding.words
                    return "\(requirement.id) \(words.measured) (\(words.reason))"
                }.joined(separator: ", ")
        }
        return Sentences("no path met", lacking.joined(separator: "; "),
                         verdict == .dataError ? "correct the records named, then run again"
                             : "complete one path: " + alternatives.paths.map(\.id).joined(separator: " or "))
    }
}

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

extension Finding {
    /// The first action on one line where the lived-experience sentences may not go (the results'
    /// `first_action` column): for lived experience only the id and verdict, since its cure and
    /// reason can carry recovery dates.
    public var guardedActionLine: String { isHealthInformation ? "\(requirementID): \(verdict.rawValue)" : actionLine }
}
