#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Measures how long the disk under a directory takes to make one small write durable (`write` then
/// `fdatasync`), the wait a gateway that answers SUBMIT only after its commit reached the disk pays once per
/// group commit (issue #6: what bounds a durable link).
///
/// Two patterns, each `flushes` times with one block per flush: **append** (the file grows, so the flush also
/// writes the file's size: a fresh write-ahead log) and **overwrite** (blocks already on disk: a write-ahead log
/// reused after a checkpoint). The file is a temporary one in the directory, removed afterwards.
///
/// A link with window W can then never be answered faster than W SUBMITs per flush: ``DiskFlushResult``
/// gives that ceiling.
public struct DiskFlushProbe: Sendable {
    /// Where the file is written: the directory the store would live in.
    public var directory: String
    /// Flushes per pattern.
    public var flushes: Int
    /// Octets written before each flush.
    public var blockSize: Int

    /// Flushes per pattern when not told otherwise: about a third of a second on a disk with 150 µs flushes.
    public static let defaultFlushes = 1000

    public init(directory: String, flushes: Int = Self.defaultFlushes, blockSize: Int = 4096) {
        self.directory = directory
        self.flushes = flushes
        self.blockSize = blockSize
    }

    /// Runs both patterns.
    /// - Throws: ``DiskFlushError`` when the directory cannot take the file or a write or flush fails.
    public func run() throws(DiskFlushError) -> DiskFlushResult {
        guard flushes >= 1, blockSize >= 1 else { throw .invalidArgument("flushes and block size must be at least 1") }
        let file = try DiskFlushFile(directory: directory)
        defer { file.remove() }
        let block = [UInt8](repeating: 0x5A, count: blockSize)
        // The file starts empty, so the first pass appends; its blocks are on disk then, and the second pass,
        // at the same offsets, writes over them.
        let append = try measure(file, block: block)
        let overwrite = try measure(file, block: block)
        return DiskFlushResult(
            directory: directory,
            flushes: flushes,
            blockSize: blockSize,
            appendMicros: append.percentiles,
            overwriteMicros: overwrite.percentiles
        )
    }

    /// Writes block `i` and flushes, for `i` in `0..<flushes`, timing each write + flush.
    private func measure(_ file: DiskFlushFile, block: [UInt8]) throws(DiskFlushError) -> LatencyRecorder {
        var recorder = LatencyRecorder()
        for index in 0..<flushes {
            let start = DiskFlushFile.now()
            try file.write(block, at: index)
            try file.flush()
            recorder.record(nanoseconds: max(DiskFlushFile.now() - start, 1))
        }
        return recorder
    }
}

/// Why ``DiskFlushProbe`` could not measure.
public enum DiskFlushError: Error, Sendable, Hashable, CustomStringConvertible {
    case invalidArgument(String)
    case cannotCreate(directory: String, errno: Int32)
    case writeFailed(errno: Int32)
    case flushFailed(errno: Int32)

    public var description: String {
        switch self {
        case .invalidArgument(let reason): reason
        case .cannotCreate(let directory, let code): "cannot create a file in \(directory): \(Self.text(code))"
        case .writeFailed(let code): "a write failed: \(Self.text(code))"
        case .flushFailed(let code): "a flush (fdatasync) failed: \(Self.text(code))"
        }
    }

    private static func text(_ code: Int32) -> String {
        guard let message = strerror(code) else { return "errno \(code)" }
        return String(cString: message)
    }
}
