import PeerEngine
import PeerRules

/// What covers a requirement of another credential, in words (`reciprocity compare`).
extension CredentialComparison.Line {
    /// The requirement of A that covers it, or why none does.
    public var note: String {
        switch basis {
        case .waived(let agreement): "waived under \(agreement)"
        case .addition(let state, let agreement): "\(state)'s own addition under \(agreement)"
        case .coveredBy(let cover): "by \(cover.spelled)"
        case .weaker(let home, let kind): "\(home)'s \(kind.rawValue) requirement asks less or other"
        case .absent(let home, let kind): "\(home) has no \(kind.rawValue) requirement"
        }
    }
}

extension CredentialComparison.Cover {
    /// "MD/CPRS training", or "path a: MD/CPRS training, MD/CPRS exam".
    var spelled: String {
        switch self {
        case .requirement(let home, let id): "\(home) \(id)"
        case .path(let id, let covers): "path \(id): " + covers.map(\.spelled).joined(separator: ", ")
        }
    }
}
