#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// One run's report directory, built under a hidden temporary name and renamed into place only
/// when complete, so no reader ever sees half a report. Abandoning it removes the temporary one.
public final class RunDirectory {
    public let finalPath: String
    public let workingPath: String
    private var published = false

    /// Creates `<parent>/.<name>.partial` (mode 0700), creating `parent` when needed.
    public init(parent: String, name: String) throws(ReportError) {
        do { try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true) } catch {
            throw ReportError(message: "cannot create the report directory \(parent): \(error.localizedDescription)")
        }
        finalPath = "\(parent)/\(name)"
        workingPath = "\(parent)/.\(name).partial"
        if FileManager.default.fileExists(atPath: finalPath) {
            throw ReportError(message: "\(finalPath) already exists; reports of a run are never overwritten")
        }
        try? FileManager.default.removeItem(atPath: workingPath)
        guard mkdir(workingPath, 0o700) == 0 else { throw ReportError.io("cannot create \(workingPath)", errno: errno) }
    }

    public func file(_ name: String) throws(ReportError) -> OutputFile {
        try OutputFile(path: "\(workingPath)/\(name)")
    }

    /// A directory inside the run's, owner-only like it.
    public func makeSubdirectory(_ name: String) throws(ReportError) {
        guard mkdir("\(workingPath)/\(name)", 0o700) == 0 || errno == EEXIST else {
            throw ReportError.io("cannot create \(workingPath)/\(name)", errno: errno)
        }
    }

    /// A whole file written at once (a page rendered in memory).
    public func writeFile(_ name: String, _ text: String, sync: Bool = true) throws(ReportError) {
        let file = try self.file(name)
        try file.write(text)
        try file.finish(sync: sync)
    }

    /// Flushes every file written without syncing: one sync(2) instead of an fsync per file
    /// (syncfs is not visible to Swift's Glibc module; sync also waits for the writes on Linux).
    public func syncFileSystem() {
        sync()
    }

    /// An unnamed file in the directory for a part of a report written ahead of its place.
    public func scratchFile() throws(ReportError) -> OutputFile {
        try OutputFile.scratch(in: workingPath)
    }

    /// Renames the finished directory into place and (unless told not to) points `<parent>/latest` at it.
    public func publish(linkLatest: Bool = true) throws(ReportError) {
        guard rename(workingPath, finalPath) == 0 else { throw ReportError.io("cannot rename \(workingPath) to \(finalPath)", errno: errno) }
        published = true
        guard linkLatest else { return }
        let parent = (finalPath as NSString).deletingLastPathComponent
        let latest = "\(parent)/latest"
        let temporary = "\(parent)/.latest.tmp"
        unlink(temporary)
        if symlink((finalPath as NSString).lastPathComponent, temporary) == 0 { rename(temporary, latest) }
    }

    /// Removes the temporary directory a killed run left under `parent`, if any.
    public static func removeAbandoned(parent: String, name: String) -> Bool {
        let path = "\(parent)/.\(name).partial"
        guard FileManager.default.fileExists(atPath: path) else { return false }
        return (try? FileManager.default.removeItem(atPath: path)) != nil
    }

    /// Removes the unfinished directory (after a failure).
    public func abandon() {
        guard !published else { return }
        try? FileManager.default.removeItem(atPath: workingPath)
    }
}
