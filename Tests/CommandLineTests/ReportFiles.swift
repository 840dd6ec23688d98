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

    /// Every credential of a compliance.json, the objects and the `compliant` rows alike (a row as
    /// the object it stands for: its `met` from `met_lists`, no findings), by certification id.
    static func credentials(_ report: [String: Any]) throws -> [[String: Any]] {
        let columns = try #require(report["compliant_columns"] as? [String])
        let metLists = try #require(report["met_lists"] as? [[String]])
        let rows = try #require(report["compliant"] as? [[Any]])
        let expanded = try rows.map { row -> [String: Any] in
            var object = Dictionary(uniqueKeysWithValues: zip(columns, row))
            let list = try #require(object.removeValue(forKey: "met_list") as? Int)
            object["met"] = metLists[list]
            object["findings"] = [Any]()
            object["first_action"] = NSNull()
            return object
        }
        let objects = try #require(report["credentials"] as? [[String: Any]])
        return (objects + expanded).sorted { ($0["certification_id"] as! Int) < ($1["certification_id"] as! Int) }
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
        try ExternalTool.run(["python3", "-m", "check_jsonschema", "--schemafile", TestPaths.repositoryRoot + "/schemas/" + name, instance])
    }
}

/// A checker from outside the project (found on PATH), its stdout and stderr together.
enum ExternalTool {
    static func run(_ arguments: [String]) throws -> (ok: Bool, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus == 0, output)
    }
}

enum Browser {
    /// Renders `page` in headless Chromium (Debian's `chromium`, driven over the DevTools protocol by
    /// Tests/Support/render-page.py; scripts/test installs both): a PNG and a PDF land in `out`, and
    /// the result says what the page requested, logged and shows (see the script).
    static func render(_ page: String, into out: String) throws -> [String: Any] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", TestPaths.repositoryRoot + "/Tests/Support/render-page.py", page, out]
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let problem = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "render-page.py: \(problem)")
        return try JSONFile.object(text: String(decoding: data, as: UTF8.self))
    }
}
