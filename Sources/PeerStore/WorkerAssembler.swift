import PeerEngine

/// Rows ordered by worker id: one evidence table's COPY stream, or an array in a test.
protocol OrderedRows: AnyObject {
    /// The worker id of the current row; nil once the stream is exhausted.
    var currentOwner: Int? { get }
    /// Adds the current row to the worker's record.
    func decodeCurrent(into record: inout WorkerRecord)
    /// Moves to the next row.
    func advance() throws
}

/// Merge-joins evidence streams ordered by worker id into one `WorkerRecord` per worker, holding
/// only the current worker's rows. Pure: tested with arrays, no database.
enum WorkerAssembler {
    /// Adds to `record` each stream's rows owned by `record.id`. Rows of workers the streams have
    /// passed (none, given the foreign keys; a worker filtered out by a shard) are skipped; rows of
    /// later workers stay for their turn.
    static func collect(_ streams: [any OrderedRows], into record: inout WorkerRecord) throws {
        for stream in streams {
            while let owner = stream.currentOwner, owner <= record.id {
                if owner == record.id { stream.decodeCurrent(into: &record) }
                try stream.advance()
            }
        }
    }
}
