import FeigeGateway

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The latency a durable gateway could reach on a disk if it spent no CPU at all: SUBMITs offered at a fixed
/// rate by links with W requests outstanding at most (CMPP §6.1), each answered only once a flush that
/// covers it has completed, one flush at a time covering everything sent (group commit). Issue #6 asks for
/// p99 under 2 ms at half the peak rate; this is the part of that p99 the disk alone accounts for.
///
/// With ``commitCPU`` and ``messageCPU`` the model spends CPU too: before each flush its thread spins for
/// `commitCPU + n × messageCPU` (n the messages the flush answers), as a gateway builds its transaction before
/// it writes. It then answers what a strictly serial group commit with that cost, on a core of its own, could
/// reach on this disk: the budget a gateway's design has, apart from its threads waiting for each other.
///
/// One thread plays both sides against a real file in the store's directory: message `i` is due when
/// ``SubmitSchedule`` says (`start + i / rate`, rounded up to the end of its ``tick`` when there is one), may
/// go once it is due and message `i − outstanding` has been answered, and the flusher takes every message that
/// may go, writes one block (over a ring of blocks already on disk, as a write-ahead log reused after a
/// checkpoint) and `fdatasync`s. A message's latency runs from its due time to the end of the flush that
/// answered it, so a stall counts for every message it held back, as in `feige bench --rate`.
public struct GroupCommitFloor: Sendable {
    /// Where the file is written: the directory the store would live in.
    public var directory: String
    /// SUBMITs offered per second.
    public var rate: Int
    /// How often the messages due go out together, as `feige bench --tick-us` sends them; `nil`: each at its own
    /// time.
    public var tick: Duration?
    /// Requests outstanding at most: links × window.
    public var outstanding: Int
    /// How long to offer them.
    public var duration: Duration
    /// Octets written per flush (a commit's log frames: a few pages).
    public var blockSize: Int
    /// CPU spent before each flush, whatever it answers (a transaction's fixed cost).
    public var commitCPU: Duration
    /// CPU spent before each flush per message it answers.
    public var messageCPU: Duration

    /// The most CPU a flush or a message may be given: a second, far beyond any gateway's.
    public static let maximumCPU: Duration = .seconds(1)

    /// Blocks in the ring the flushes write over.
    static let ringBlocks = 1024

    public init(
        directory: String,
        rate: Int,
        tick: Duration? = nil,
        outstanding: Int,
        duration: Duration,
        blockSize: Int = 8192,
        commitCPU: Duration = .zero,
        messageCPU: Duration = .zero
    ) {
        self.directory = directory
        self.rate = rate
        self.tick = tick
        self.outstanding = outstanding
        self.duration = duration
        self.blockSize = blockSize
        self.commitCPU = commitCPU
        self.messageCPU = messageCPU
    }

    /// Runs the model.
    /// - Throws: ``DiskFlushError`` for a bad argument, or when the directory cannot take the file or a write or
    ///   flush fails.
    public func run() throws(DiskFlushError) -> GroupCommitFloorResult {
        guard rate >= 1, outstanding >= 1, blockSize >= 1, duration > .zero else {
            throw .invalidArgument("the rate, the requests outstanding, the block size and the duration must be positive")
        }
        if let tick, tick < .nanoseconds(1) { throw .invalidArgument("the tick must be positive") }
        let cpuRange: ClosedRange<Duration> = .zero...Self.maximumCPU
        guard cpuRange.contains(commitCPU), cpuRange.contains(messageCPU) else {
            throw .invalidArgument("the CPU per commit and per message must be between 0 and 1 s")
        }
        let commitNanoseconds = UInt64(commitCPU.nanoseconds)
        let messageNanoseconds = UInt64(messageCPU.nanoseconds)
        let messages = Int(duration.timeInterval * Double(rate))
        guard messages >= 1 else { throw .invalidArgument("the duration offers no message at this rate") }
        let file = try DiskFlushFile(directory: directory)
        defer { file.remove() }
        let block = [UInt8](repeating: 0x5A, count: blockSize)
        // The ring on disk first, so every flush of the run overwrites.
        for index in 0..<Self.ringBlocks { try file.write(block, at: index) }
        try file.flush()

        var latencies = LatencyRecorder()
        var flushTimes = LatencyRecorder()
        let schedule = SubmitSchedule(rate: rate, tick: tick)
        let start = DiskFlushFile.now() + 1_000_000
        func due(_ index: Int) -> UInt64 { start + UInt64(schedule.nanosecondsAfterStart(Int64(index))) }
        var answered = 0
        var flushes = 0
        while answered < messages {
            let now = DiskFlushFile.now()
            // Everything before `answered` has been answered: the next W may go, once due.
            var sendable = answered
            let limit = min(messages, answered + outstanding)
            while sendable < limit, due(sendable) <= now { sendable += 1 }
            guard sendable > answered else {
                DiskFlushFile.sleep(until: due(answered))
                continue
            }
            let commitStart = DiskFlushFile.now()
            let cpu = commitNanoseconds + messageNanoseconds * UInt64(sendable - answered)
            if cpu > 0 { Self.spin(until: commitStart + cpu) }
            let flushStart = DiskFlushFile.now()
            try file.write(block, at: flushes % Self.ringBlocks)
            try file.flush()
            let end = DiskFlushFile.now()
            flushes += 1
            flushTimes.record(nanoseconds: end - flushStart)
            for index in answered..<sendable { latencies.record(nanoseconds: end - min(due(index), end)) }
            answered = sendable
        }
        return GroupCommitFloorResult(
            rate: rate,
            tickMicros: tick.map { Int($0.microseconds) },
            outstanding: outstanding,
            messages: messages,
            flushes: flushes,
            blockSize: blockSize,
            commitCPUMicros: commitCPU.timeInterval * 1e6,
            messageCPUMicros: messageCPU.timeInterval * 1e6,
            latencyMicros: latencies.percentiles,
            flushMicros: flushTimes.percentiles
        )
    }

    /// Busy until `deadline` (``DiskFlushFile/now()``'s clock): CPU spent, not a sleep.
    private static func spin(until deadline: UInt64) {
        while DiskFlushFile.now() < deadline {}
    }
}
