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
        var template = Array((directory.isEmpty ? "." : directory).utf8CString.dropLast())
        template += Array("/.feige-flush-probe-XXXXXX".utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        let path = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
        guard descriptor >= 0 else { throw .cannotCreate(directory: directory, errno: errno) }
        defer {
            close(descriptor)
            unlink(path)
        }
        let block = [UInt8](repeating: 0x5A, count: blockSize)
        // The file starts empty, so the first pass appends; its blocks are on disk then, and the second pass,
        // at the same offsets, writes over them.
        let append = try measure(descriptor, block: block)
        let overwrite = try measure(descriptor, block: block)
        return DiskFlushResult(
            directory: directory,
            flushes: flushes,
            blockSize: blockSize,
            appendMicros: append.percentiles,
            overwriteMicros: overwrite.percentiles
        )
    }

    /// Writes block `i` at offset `i × blockSize` and flushes, for `i` in `0..<flushes`, timing each
    /// write + flush.
    private func measure(_ descriptor: Int32, block: [UInt8]) throws(DiskFlushError) -> LatencyRecorder {
        var recorder = LatencyRecorder()
        let clock = ContinuousClock()
        for index in 0..<flushes {
            let offset = off_t(index * block.count)
            let start = clock.now
            let written = block.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, $0.count, offset) }
            guard written == block.count else { throw .writeFailed(errno: written < 0 ? errno : EIO) }
            #if canImport(Darwin)
            let flushed = fsync(descriptor)
            #else
            let flushed = fdatasync(descriptor)
            #endif
            guard flushed == 0 else { throw .flushFailed(errno: errno) }
            let elapsed = start.duration(to: clock.now)
            let nanoseconds = elapsed.components.seconds * 1_000_000_000 + elapsed.components.attoseconds / 1_000_000_000
            recorder.record(nanoseconds: UInt64(max(nanoseconds, 1)))
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
