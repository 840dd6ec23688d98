import CSV
import Foundation
import PeerTestSupport
import Testing

/// Report files read back with independent parsers: Foundation's JSON, CSV.swift for CSV, check-jsonschema for schemas.
enum JSONFile {
    static func object(_ path: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any], "\(path)")
    }

    static func object(text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], "not a JSON object: \(text.prefix(200))")
    }
}

enum CSVFile {
    /// Every record, the header first.
    static func rows(_ path: String) throws -> [[String]] {
        let reader = try CSVReader(string: try String(contentsOfFile: path, encoding: .utf8))
        var rows: [[String]] = []
        while let row = reader.next() { rows.append(row) }
        if let error = reader.error { throw error }
        return rows
    }
}

enum Schemas {
    /// Validates `instance` against `schemas/<name>` with check-jsonschema (PyPI), which scripts/test installs.
    static func validate(_ instance: String, against name: String) throws -> (ok: Bool, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-m", "check_jsonschema", "--schemafile", TestPaths.repositoryRoot + "/schemas/" + name, instance]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus == 0, output)
    }
}
