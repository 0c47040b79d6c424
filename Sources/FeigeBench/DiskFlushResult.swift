/// What ``DiskFlushProbe`` measured; encoded as the `feige bench --disk-flush DIR --json` object.
public struct DiskFlushResult: Hashable, Sendable, Encodable {
    /// The directory the file was written in.
    public var directory: String
    /// Flushes per pattern.
    public var flushes: Int
    /// Octets written before each flush.
    public var blockSize: Int
    /// write + fdatasync of a block that grows the file, µs.
    public var appendMicros: LatencyPercentiles
    /// write + fdatasync of a block over one already on disk, µs.
    public var overwriteMicros: LatencyPercentiles
    /// The latency floor of group commit at a rate (`--rate`), when asked for.
    public var groupCommitFloor: GroupCommitFloorResult?

    public init(
        directory: String,
        flushes: Int,
        blockSize: Int,
        appendMicros: LatencyPercentiles,
        overwriteMicros: LatencyPercentiles,
        groupCommitFloor: GroupCommitFloorResult? = nil
    ) {
        self.directory = directory
        self.flushes = flushes
        self.blockSize = blockSize
        self.appendMicros = appendMicros
        self.overwriteMicros = overwriteMicros
        self.groupCommitFloor = groupCommitFloor
    }

    /// The most SUBMITs per second that `links` links with window `window` can be answered when every answer
    /// waits for a flush: at most `window` requests of a link are outstanding, so each flush (median of the
    /// faster pattern) answers at most `links × window`. Nothing else counted, so a ceiling, not a forecast.
    public func ceilingSubmitsPerSecond(links: Int, window: Int) -> Double {
        let micros = min(appendMicros.p50, overwriteMicros.p50)
        guard micros > 0 else { return .infinity }
        return Double(links * window) * 1_000_000 / micros
    }
}
