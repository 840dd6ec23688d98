import PeerRules

/// Every credential against every SAMHSA model standard, and the headline numbers side by side,
/// from the rule files alone: what `rules compare` prints and `standards.html` shows.
public struct StandardsMatrix {
    /// How a credential's requirements mapped to one model standard compare with it; no
    /// requirements: the credential does not address that standard.
    public struct Cell {
        public let requirements: [Requirement]
        /// Stricter wins over looser over absent over aligns over unknown: the mark a reader most needs.
        public var alignment: Alignment? {
            let marks = requirements.map(\.alignment)
            for mark in [Alignment.stricter, .looser, .absent, .aligns, .unknown] where marks.contains(mark) { return mark }
            return nil
        }
    }

    /// One headline number (or several, listed: requirements of one kind may overlap) and the
    /// requirements it comes from.
    public struct Figure {
        public var text = ""
        public var requirements: [Requirement] = []

        mutating func add(_ value: String, from requirement: Requirement, joined: Bool) {
            text = joined && !text.isEmpty ? text + ", " + value : value
            requirements.append(requirement)
        }
    }

    public struct Row {
        public let rules: CredentialRules
        /// In the order of `standards`.
        public let cells: [Cell]
        /// In the order of `figureColumns`.
        public let figures: [Figure]
    }

    public static let figureColumns = ["training hours", "months in recovery", "supervised work hours", "supervision hours", "exam",
                                       "CE hours a year"]
    public let day: Day
    public let standards: [(id: String, standard: ModelStandard?)]
    public let rows: [Row]

    public init(book: RuleBook, day: Day) {
        self.day = day
        standards = book.catalog.standards.keys.sorted().map { ($0, book.catalog.standards[$0]) }
        rows = book.credentials.values.sorted { $0.key < $1.key }.compactMap { rules in
            guard let requirements = book.requirements(of: rules, on: day)?.requirements else { return nil }
            let cells = book.catalog.standards.keys.sorted().map { standard in Cell(requirements: requirements.filter { $0.standard == standard }) }
            return Row(rules: rules, cells: cells, figures: Self.figures(requirements))
        }
    }

    private static func figures(_ requirements: [Requirement]) -> [Figure] {
        var figures = [Figure](repeating: Figure(), count: figureColumns.count)
        for requirement in requirements {
            switch requirement.spec {
            // Several requirements of a kind (MD's harm-reduction hours) are listed, not added: they may overlap.
            case .training(let rule): figures[0].add(rule.totalHours.description, from: requirement, joined: true)
            case .livedExperience(let rule): figures[1].add(rule.minimumMonthsInRecovery.map(String.init) ?? "none", from: requirement, joined: false)
            case .supervisedExperience(let rule):
                figures[2].add(rule.workHours.description, from: requirement, joined: false)
                figures[3].add(rule.supervisionHours.description, from: requirement, joined: false)
            case .exam(let rule): figures[4].add(rule.acceptedExams.joined(separator: "/"), from: requirement, joined: true)
            case .continuingEducation(let rule):
                let tenths = (rule.totalHours.hundredths * 12 / rule.cycleMonths + 5) / 10
                figures[5].add(tenths % 10 == 0 ? String(tenths / 10) : "\(tenths / 10).\(tenths % 10)", from: requirement, joined: false)
            case .oneOf(let alternatives):
                // A figure any path sets is shown per path: "56 or 16" (a path without it: "none").
                let byPath = alternatives.paths.map { Self.figures($0.requirements) }
                for column in figures.indices {
                    let texts = byPath.map { $0[column].text }
                    guard texts.contains(where: { !$0.isEmpty }) else { continue }
                    figures[column].add(texts.map { $0.isEmpty ? "none" : $0 }.joined(separator: " or "), from: requirement, joined: true)
                }
            case .age, .residency, .education, .ethics, .backgroundCheck, .serviceHours, .workExperience: break
            }
        }
        return figures
    }
}

/// `standards.html`: the matrix as one self-contained page, each cell citing its rule file and source.
public enum StandardsPage {
    public static func html(_ matrix: StandardsMatrix, book: RuleBook) -> String {
        var page = HTMLPage(title: "Credentials against the SAMHSA model standards, \(matrix.day)")
        page.raw("<header><h1>Credentials against the SAMHSA model standards</h1><p class=meta>Rules in force on ")
        page.text(matrix.day.description)
        page.raw(" · aligns, stricter, looser, absent or unknown (the standard’s own recommendation is unknown) as each rule file marks its requirement; “not addressed”: no requirement maps to the standard.</p></header>\n")
        page.raw("<section id=standards><h2>Alignment</h2><table class=matrix><thead><tr><th>credential</th>")
        for (id, standard) in matrix.standards {
            page.raw("<th>")
            page.text(standard?.title ?? id)
            page.raw("<br><small>")
            page.text(id)
            page.raw("</small></th>")
        }
        page.raw("</tr></thead><tbody>")
        for row in matrix.rows {
            page.raw("<tr><th>")
            page.text("\(row.rules.key) \(row.rules.name)")
            page.raw("</th>")
            for cell in row.cells {
                let mark = cell.alignment?.rawValue ?? "not addressed"
                page.raw("<td class=\"\(HTMLPage.escape(mark.replacing(" ", with: "-")))\" data-alignment=\"\(HTMLPage.escape(mark))\"><b>")
                page.text(mark)
                page.raw("</b>")
                cite(&page, cell.requirements, row.rules, book)
                page.raw("</td>")
            }
            page.raw("</tr>")
        }
        page.raw("</tbody></table></section>\n<section id=figures><h2>Headline numbers</h2><table><thead><tr><th>credential</th>")
        for column in StandardsMatrix.figureColumns {
            page.raw("<th>")
            page.text(column)
            page.raw("</th>")
        }
        page.raw("</tr></thead><tbody>")
        for row in matrix.rows {
            page.raw("<tr><th>")
            page.text(row.rules.key.description)
            page.raw("</th>")
            for figure in row.figures {
                page.raw("<td>")
                page.text(figure.text.isEmpty ? "–" : figure.text)
                cite(&page, figure.requirements, row.rules, book)
                page.raw("</td>")
            }
            page.raw("</tr>")
        }
        page.raw("</tbody></table><p>Blank (–): not required, or not encoded because the references do not know it. CE hours a year: the renewal cycle's hours spread over its years.</p></section>\n")
        page.raw("<section id=model><h2>The model standards</h2><dl>")
        for (id, standard) in matrix.standards {
            page.raw("<dt>")
            page.text("\(id): \(standard?.title ?? "")")
            page.raw("</dt><dd>")
            page.text(standard?.recommendation ?? "The model standard's own recommendation is not known to these rule files.")
            page.raw("</dd>")
        }
        page.raw("</dl></section>\n")
        if !book.unknownJurisdictions.isEmpty {
            page.raw("<section id=unknown><h2>Jurisdictions whose rules are unknown</h2><p>No credential file: every fact found about them is unknown or unverified.</p><dl>")
            for jurisdiction in book.unknownJurisdictions.sorted(by: { $0.state < $1.state }) {
                page.raw("<dt>")
                page.text("\(jurisdiction.state) \(jurisdiction.name): unknown")
                page.raw("</dt><dd>")
                page.text(jurisdiction.notes)
                for citation in jurisdiction.sources {
                    page.raw("<br><a href=\"\(HTMLPage.escape(citation.url))\">")
                    page.text(citation.title)
                    page.raw("</a> [\(citation.status.rawValue)]")
                }
                page.raw("</dd>")
            }
            page.raw("</dl></section>\n")
        }
        return page.finish()
    }

    /// The rule file and line of each requirement, and its sources (title, status, link).
    private static func cite(_ page: inout HTMLPage, _ requirements: [Requirement], _ rules: CredentialRules, _ book: RuleBook) {
        for requirement in requirements {
            page.raw("<small class=cite>")
            page.text("\(requirement.id): \(requirement.location.file):\(requirement.location.line)")
            for (id, citation) in book.citations(of: requirement, in: rules) {
                page.raw("<br>")
                if let citation {
                    page.raw("<a href=\"\(HTMLPage.escape(citation.url))\">")
                    page.text(citation.title)
                    page.raw("</a> [\(citation.status.rawValue)]")
                } else {
                    page.text(id)
                }
            }
            page.raw("</small>")
        }
    }
}
