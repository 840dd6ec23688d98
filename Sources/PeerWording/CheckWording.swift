import PeerEngine
import PeerRules

/// The engine's own checks of a certificate and of the rules in force, in words.
enum CheckWording {
    /// `required` and the sentences of a check's finding; nil for a requirement's measurement.
    static func words(_ measurement: Measurement, verdict: Verdict) -> (required: String, sentences: Sentences)? {
        switch measurement {
        case .certificateStatus(let status, let certification):
            let correct = "correct the certification record"
            let sentences = switch status {
            case .unknown(let recorded):
                Sentences("status '\(recorded)'", "\(certification): unknown certification status '\(recorded)'", correct)
            case .revoked: Sentences("revoked", "the board revoked this credential")
            case .suspended: Sentences("suspended", "the board suspended this credential")
            case .issueDateMissing: Sentences("issued ?", "\(certification): issue date is missing", correct)
            case .issuedAfterAsOf(let issued, let asOf):
                Sentences("issued \(issued)", "\(certification): issue date \(issued) is after the as-of date \(asOf)", correct)
            }
            return ("an active, unexpired credential", sentences)
        case .certificatePeriod(let period, let certification):
            let sentences = switch period {
            case .recordedExpired(let expires):
                Sentences("expired", "the board recorded the credential as expired" + (expires.map { " (expiry date \($0))" } ?? ""), "renew or reapply")
            case .noExpiryDate:
                Sentences("no expiry date", "\(certification): an active credential has no expiry date", "correct the certification record")
            case .lapsed(let expires, let daysAgo):
                Sentences("expired on \(expires)", "the credential lapsed \(quantity(daysAgo, "day")) ago", "renew or reapply")
            case .lapses(let expires, let inDays):
                Sentences("valid until \(expires)", inDays == 0 ? "lapses after today" : "lapses in \(quantity(inDays, "day"))", "renew before \(expires)")
            case .valid(let until):
                Sentences("valid until \(until)", "in force")
            }
            return ("an unexpired credential", sentences)
        case .certificateLevel(let recorded, let declared, let key, let certification):
            let levels = declared.joined(separator: ", ")
            return ("one of the levels \(levels)",
                    Sentences("level \(recorded ?? "none")",
                              "\(certification): " + (recorded.map { "level '\($0)' is not one of \(levels)" } ?? "no level recorded; \(key) has levels \(levels)"),
                              "record the certificate level"))
        case .levelTerm(let level, _, let expires, let lastAllowed, let certification):
            let required = "a \(level.id) certificate runs at most \(level.maximumMonths ?? 0) months "
                + "(\(level.termMonths ?? 0) + \(quantity(level.extensions, "extension")))"
            if verdict == .dataError {
                return (required, Sentences("expires \(expires)", "\(certification): expires \(expires), after the last allowed day \(lastAllowed)",
                                            "correct the expiry date or the level"))
            }
            return (required, Sentences("expires \(expires)", "within the term"))
        case .noRuleVersion(let missing):
            let purpose = switch missing.purpose {
            case .issueDate: "the issue date"
            case .application: "the application"
            case .renewal: "renewal"
            }
            let cause = switch missing.cause {
            case .sharedDefinition(let base): "its shared definition \(base) has no version in force that day"
            case .earliestVersion(let day): "the earliest version starts \(day)"
            case .noVersions: "the file has no versions"
            }
            return ("a rule version in force",
                    Sentences("no version in force on \(missing.day)", "\(missing.file) has no version in force on \(missing.day) for \(purpose) (\(cause))",
                              "add a version to \(missing.file) that covers \(missing.day)"))
        case .unknownCredential(let key, let certification):
            return ("a rule file for the credential",
                    Sentences("\(key)", "\(certification): no rule file for \(key)", "add rules/\(key.state)/\(key.credential).yaml or correct the record"))
        case .unknownEndorsement(let name, let key, let versionFrom, let certification):
            return ("an endorsement the rules define",
                    Sentences("endorsement \(name)", "\(certification): \(key) defines no endorsement '\(name)' in the version from \(versionFrom)",
                              "correct the certification record or the rule file"))
        case .unreadableValue(let value):
            let problem = "\(value.column) is \(DataErrorWording.unreadable(value.problem))"
            return ("a value the rules can judge", Sentences(problem, "\(value.ref): \(problem)", "correct the record"))
        case .recorded(let recorded):
            return (recorded.required, Sentences(recorded.measured, recorded.reason, recorded.cure))
        case .unusableRecords, .age, .residency, .education, .livedExperience, .training, .exam, .supervisedExperience, .ethics,
             .backgroundCheck, .continuingEducation, .serviceHours, .workExperience, .oneOf:
            return nil
        }
    }

    /// A note on the certificate's row, or on an unreadable value.
    static func note(_ use: EvidenceUse) -> String? {
        switch (use.code, use.detail) {
        case (.certificate, .status(let status)): "status \(status)"
        case (.certificate, .term(let issued, let expires)): "issued \(issued), expires \(expires)"
        case (.unknownCredential, _): "unknown credential"
        case (.unknownLevel, .level(let level)): "level \(level ?? "none")"
        case (.unreadableValue, .unreadable(let value)): "data error: \(value.column) is \(DataErrorWording.unreadable(value.problem))"
        default: nil
        }
    }
}
