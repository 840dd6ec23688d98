import PeerEngine
import PeerWording
import PeerReports
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
            if case .oneOf = requirement.spec {
                lines.append("\(indent)- \(requirement.id) [one_of]: met by every requirement of one path")
            } else {
                lines.append("\(indent)- \(requirement.id) [\(requirement.kind.rawValue)]: \(RequirementWording.required(requirement.spec, state: rules.key.state, on: day))")
            }
            let relation = switch requirement.alignment {
            case .aligns: "aligns with"
            case .stricter: "stricter than"
            case .looser: "looser than"
            case .absent: "absent from"
            case .unknown: "not comparable (its recommendation is unknown) with"
            }
            var detail = "\(indent)  \(relation) model standard \(requirement.standard) (\(standard))"
            if !requirement.levels.isEmpty { detail += "; levels \(requirement.levels.joined(separator: ", "))" }
            if let phaseIn = requirement.phaseIn { detail += "; phases in \(phaseIn)" }
            if requirement.kind.isRenewal { detail += "; at each renewal" }
            if requirement.renewalOnly { detail += "; checked at each renewal only" } else if requirement.atRenewal { detail += "; checked again at each renewal" }
            lines.append(detail)
            for (id, citation) in book.citations(of: requirement, in: rules) {
                lines.append("\(indent)  source [\(citation?.status.rawValue ?? "?")]: \(citation?.title ?? id), \(citation?.url ?? "")")
            }
            lines.append("\(indent)  \(requirement.location)")
            if case .oneOf(let alternatives) = requirement.spec {
                for path in alternatives.paths {
                    lines.append("\(indent)  path \(path.id): \(path.description)")
                    for nested in path.requirements { block(nested, indent: indent + "    ") }
                }
            }
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
    let matrix: StandardsMatrix
    var unknownJurisdictions: [UnknownJurisdiction] = []

    var text: String {
        var lines = ["credentials against the model standards on \(matrix.day)"]
        let width = max(10, matrix.rows.map { $0.rules.key.description.count }.max() ?? 10)
        func pad(_ text: String, _ count: Int) -> String { text + String(repeating: " ", count: max(0, count - text.count)) }
        lines.append(pad("", width) + " " + matrix.standards.indices.map { pad("S\($0 + 1)", 4) }.joined())
        for row in matrix.rows {
            let marks = row.cells.map { cell -> String in
                let symbol = switch cell.alignment {
                case .stricter: "+"
                case .looser: "-"
                case .absent: "0"
                case .unknown: "?"
                case .aligns: "="
                case nil: ""
                }
                return pad(symbol, 4)
            }
            lines.append(pad(row.rules.key.description, width) + " " + marks.joined())
        }
        for (index, (id, model)) in matrix.standards.enumerated() {
            lines.append("S\(index + 1) \(id): \(model?.title ?? "")" + (model?.recommendation.map { " (model: \($0))" } ?? ""))
        }
        lines.append("")
        lines.append("headline numbers (blank: not required or not encoded)")
        let columns = StandardsMatrix.figureColumns
        let widths = columns.indices.map { column in ([columns[column]] + matrix.rows.map { $0.figures[column].text }).map(\.count).max()! + 2 }
        lines.append(pad("", width) + " " + columns.indices.map { pad(columns[$0], widths[$0]) }.joined())
        for row in matrix.rows {
            lines.append(pad(row.rules.key.description, width) + " " + row.figures.indices.map { pad(row.figures[$0].text, widths[$0]) }.joined())
        }
        if !unknownJurisdictions.isEmpty {
            lines.append("")
            lines.append("jurisdictions whose rules are unknown (no credential file)")
            for jurisdiction in unknownJurisdictions.sorted(by: { $0.state < $1.state }) {
                lines.append(pad(jurisdiction.state, width) + " unknown: \(jurisdiction.name), \(jurisdiction.file)")
            }
        }
        return lines.joined(separator: "\n")
    }
}
