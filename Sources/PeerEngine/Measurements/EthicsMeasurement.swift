import PeerRules

public enum EthicsMeasurement: Sendable, Equatable {
    /// The latest signature that counts; for an application, the day it stops counting when inside the horizon.
    case signed(Day, lapsesOn: Day?)
    /// No signature counts; `anyOnFile` when some were on file but did not count.
    case none(anyOnFile: Bool)
}
