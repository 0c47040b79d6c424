/// What ``GroupCommitFloor`` measured; the `groupCommitFloor` object of `feige bench --disk-flush DIR --rate R
/// --json`.
public struct GroupCommitFloorResult: Hashable, Sendable, Encodable {
    /// SUBMITs offered per second.
    public var rate: Int
    /// How often the messages due went out together, µs; `null` when each went at its own time.
    public var tickMicros: Int?
    /// Requests outstanding at most (links × window).
    public var outstanding: Int
    /// SUBMITs answered.
    public var messages: Int
    /// Flushes it took: messages per flush is the group commit's batch.
    public var flushes: Int
    /// Octets written per flush.
    public var blockSize: Int
    /// CPU spent before each flush, µs (0: the disk alone).
    public var commitCPUMicros: Double
    /// CPU spent before each flush per message it answers, µs.
    public var messageCPUMicros: Double
    /// Due time → end of the flush that answered it, µs.
    public var latencyMicros: LatencyPercentiles
    /// write + fdatasync, µs.
    public var flushMicros: LatencyPercentiles

    public init(
        rate: Int,
        tickMicros: Int? = nil,
        outstanding: Int,
        messages: Int,
        flushes: Int,
        blockSize: Int,
        commitCPUMicros: Double = 0,
        messageCPUMicros: Double = 0,
        latencyMicros: LatencyPercentiles,
        flushMicros: LatencyPercentiles
    ) {
        self.rate = rate
        self.tickMicros = tickMicros
        self.outstanding = outstanding
        self.messages = messages
        self.flushes = flushes
        self.blockSize = blockSize
        self.commitCPUMicros = commitCPUMicros
        self.messageCPUMicros = messageCPUMicros
        self.latencyMicros = latencyMicros
        self.flushMicros = flushMicros
    }

    private enum CodingKeys: String, CodingKey {
        case rate, tickMicros, outstanding, messages, flushes, blockSize, commitCPUMicros, messageCPUMicros
        case latencyMicros, flushMicros
    }

    /// Encodes every key, `tickMicros` as `null` without a tick, so the object's shape never changes.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(rate, forKey: .rate)
        try container.encode(tickMicros, forKey: .tickMicros)
        try container.encode(outstanding, forKey: .outstanding)
        try container.encode(messages, forKey: .messages)
        try container.encode(flushes, forKey: .flushes)
        try container.encode(blockSize, forKey: .blockSize)
        try container.encode(commitCPUMicros, forKey: .commitCPUMicros)
        try container.encode(messageCPUMicros, forKey: .messageCPUMicros)
        try container.encode(latencyMicros, forKey: .latencyMicros)
        try container.encode(flushMicros, forKey: .flushMicros)
    }
}
