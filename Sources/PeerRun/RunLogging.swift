import Foundation
import Logging
import PeerRules

/// Log lines on stderr, one JSON object each (`--log-format json`), for journald and Kubernetes.
/// Only the run's phases, counts and errors are logged: never a worker's records or findings.
public struct JSONLineLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    public var logLevel: Logger.Level = .info
    private let label: String
    private let write: @Sendable (String) -> Void

    public init(label: String, write: @escaping @Sendable (String) -> Void = { FileHandle.standardError.write(Data($0.utf8)) }) {
        self.label = label
        self.write = write
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var fields = metadata.merging(metadataProvider?.get() ?? [:]) { $1 }.merging(event.metadata ?? [:]) { $1 }
        fields.removeValue(forKey: "time")
        var line = "{\"time\": \(JSONText.literal(Date().formatted(.iso8601))), \"level\": \"\(event.level.rawValue)\", "
            + "\"logger\": \(JSONText.literal(label)), \"message\": \(JSONText.literal(event.message.description))"
        for (key, value) in fields.sorted(by: { $0.key < $1.key }) {
            line += ", \(JSONText.literal(key)): \(JSONText.literal(value.description))"
        }
        write(line + "}\n")
    }
}

/// How the tool's log lines look.
public enum LogFormat: String, Sendable, CaseIterable {
    case text, json

    /// Sets up the process-wide logging backend once, at start.
    public func bootstrap(level: Logger.Level = .info) {
        LoggingSystem.bootstrap { label in
            var handler: any LogHandler = switch self {
            case .text: StreamLogHandler.standardError(label: label)
            case .json: JSONLineLogHandler(label: label)
            }
            handler.logLevel = level
            return handler
        }
    }
}
