import PeerEngine
import PeerRules

/// `rules show`: one credential's requirements in force, in plain words, with citations.
struct RuleDescription {
    let book: RuleBook
    let rules: CredentialRules
    let day: Day

    func text(version: RuleVersion, requirements: [Requirement]) -> String {
        var lines = ["\(rules.key) \(rules.name)", "board: \(rules.board)",
                     "version in force on \(day): from \(version.validFrom)" + (version.validUntil.map { " until \($0)" } ?? "") + " (\(rules.file))"]
        if let base = rules.extends { lines.append("extends the shared definition \(base)") }
        for level in rules.levels {
            lines.append("level \(level.id)" + (level.maximumMonths.map { ": at most \($0) months" } ?? ""))
        }
        func block(_ requirement: Requirement, indent: String) {
            let standard = book.catalog.standards[requirement.standard]?.title ?? requirement.standard
            lines.append("\(indent)- \(requirement.id) [\(requirement.kind.rawValue)]: \(RequirementWording.required(requirement.spec, state: rules.key.state, on: day))")
            let relation = switch requirement.alignment {
            case .aligns: "aligns with"
            case .stricter: "stricter than"
            case .looser: "looser than"
            case .absent: "absent from"
            }
            var detail = "\(indent)  \(relation) model standard \(requirement.standard) (\(standard))"
            if !requirement.levels.isEmpty { detail += "; levels \(requirement.levels.joined(separator: ", "))" }
            if let phaseIn = requirement.phaseIn { detail += "; phases in \(phaseIn)" }
            if requirement.isRenewal { detail += "; at each renewal" }
            lines.append(detail)
            for id in requirement.sources {
                // The citation lives in the file the requirement was written in (the member's or the shared one).
                let base = rules.extends.flatMap { book.shared[$0] }
                let citation = (base?.file == requirement.location.file ? base?.sources[id] : rules.sources[id])
                lines.append("\(indent)  source [\(citation?.status.rawValue ?? "?")]: \(citation?.title ?? id), \(citation?.url ?? "")")
            }
            lines.append("\(indent)  \(requirement.location)")
        }
        lines.append("requirements:")
        for requirement in requirements { block(requirement, indent: "  ") }
        for endorsement in version.endorsements {
            lines.append("endorsement \(endorsement.id) (\(endorsement.name)):")
            for requirement in endorsement.requirements { block(requirement, indent: "  ") }
        }
        return lines.joined(separator: "\n")
    }
}

/// `rules compare`: which model standards each credential implements and how, then the headline
/// numbers side by side, so a board sees how much stricter or looser each one is.
struct RuleComparison {
    let book: RuleBook
    let day: Day

    var text: String {
        let standards = book.catalog.standards.keys.sorted()
        let credentials = book.credentials.values.sorted { $0.key < $1.key }
            .compactMap { rules in book.requirements(of: rules, on: day).map { (rules.key, $0.requirements) } }
        var lines = ["credentials against the model standards on \(day)"]
        let width = max(10, credentials.map { $0.0.description.count }.max() ?? 10)
        func pad(_ text: String, _ count: Int) -> String { text + String(repeating: " ", count: max(0, count - text.count)) }
        lines.append(pad("", width) + " " + standards.enumerated().map { index, _ in pad("S\(index + 1)", 4) }.joined())
        for (key, requirements) in credentials {
            let marks = standards.map { standard -> String in
                let aligned = requirements.filter { $0.standard == standard }.map(\.alignment)
                guard !aligned.isEmpty else { return pad("", 4) }
                let symbol = aligned.contains(.stricter) ? "+" : aligned.contains(.looser) ? "-" : aligned.contains(.absent) ? "0" : "="
                return pad(symbol, 4)
            }
            lines.append(pad(key.description, width) + " " + marks.joined())
        }
        for (index, standard) in standards.enumerated() {
            let model = book.catalog.standards[standard]
            lines.append("S\(index + 1) \(standard): \(model?.title ?? "")" + (model?.recommendation.map { " (model: \($0))" } ?? ""))
        }
        lines.append("")
        lines.append("headline numbers (blank: not required or not encoded)")
        let columns = ["training h", "recovery mo", "work h", "supervision h", "exam", "CE h/yr"]
        var rows: [(CredentialKey, [String])] = []
        for (key, requirements) in credentials {
            var cells = Array(repeating: "", count: columns.count)
            for requirement in requirements {
                switch requirement.spec {
                // Several requirements of a kind (MD's harm-reduction hours) are listed, not added: they may overlap.
                case .training(let rule): cells[0] = cells[0].isEmpty ? rule.totalHours.description : cells[0] + ", " + rule.totalHours.description
                case .livedExperience(let rule): cells[1] = rule.minimumMonthsInRecovery.map(String.init) ?? "none"
                case .supervisedExperience(let rule):
                    cells[2] = rule.workHours.description
                    cells[3] = rule.supervisionHours.description
                case .exam(let rule):
                    let exams = rule.acceptedExams.joined(separator: "/")
                    cells[4] = cells[4].isEmpty ? exams : cells[4] + ", " + exams
                case .continuingEducation(let rule):
                    let tenths = (rule.totalHours.hundredths * 12 / rule.cycleMonths + 5) / 10
                    cells[5] = tenths % 10 == 0 ? String(tenths / 10) : "\(tenths / 10).\(tenths % 10)"
                default: break
                }
            }
            rows.append((key, cells))
        }
        let widths = columns.indices.map { column in ([columns[column]] + rows.map { $0.1[column] }).map(\.count).max()! + 2 }
        lines.append(pad("", width) + " " + columns.indices.map { pad(columns[$0], widths[$0]) }.joined())
        for (key, cells) in rows {
            lines.append(pad(key.description, width) + " " + cells.indices.map { pad(cells[$0], widths[$0]) }.joined())
        }
        return lines.joined(separator: "\n")
    }
}
