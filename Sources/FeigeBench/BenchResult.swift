/// What one `feige bench` load run measured; encoded as the `--json` object.
///
/// The keys `submitsPerSecond`, `reportsPerSecond`, `latencyMicros` (`p50`, `p90`, `p99`, `p999`, `max`),
/// `messages`, `seconds`, `links`, `window` and `store` are the contract of issue #6; the others add the CPU
/// split, the peak RSS, the target and the failures. A figure that could not be measured is `null`.
///
/// CPU seconds cover the submit phase and, with `--report`, the wait for the reports. Reports are counted as
/// they arrive on the bench's links: against a remote gateway, reports left over from an earlier run of the
/// same account count too.
public struct BenchResult: Hashable, Sendable, Encodable {
    /// SUBMITs answered with Result 0 per second of the submit phase.
    public var submitsPerSecond: Double
    /// Status reports received per second, from the first SUBMIT to the last report (0 without `--report`).
    public var reportsPerSecond: Double
    /// Submit → SUBMIT_RESP latency.
    public var latencyMicros: LatencyPercentiles
    /// SUBMITs answered with Result 0.
    public var messages: Int
    /// The submit phase: first SUBMIT sent to last SUBMIT_RESP received.
    public var seconds: Double
    /// K.
    public var links: Int
    /// W.
    public var window: Int
    /// `durable`, `memory`, or `remote` for a gateway the bench did not start.
    public var store: String
    /// `embedded` or `HOST:PORT`.
    public var target: String
    /// Submitting tasks.
    public var callers: Int
    /// Msg_Length of each SUBMIT.
    public var size: Int
    /// Status reports received (0 without `--report`).
    public var reports: Int
    /// Reports awaited but not received within the report timeout.
    public var missingReports: Int
    /// SUBMITs answered with a Result other than 0.
    public var rejected: Int
    /// SUBMITs that got no answer (link lost, timeout); the first error is in ``firstError``.
    public var errors: Int
    /// The first transport error, if any.
    public var firstError: String?
    /// CPU seconds of the client: its event loops, or the whole process against a remote gateway.
    public var cpuSecondsClient: Double
    /// CPU seconds of the embedded gateway: its event loops plus ``cpuSecondsOtherThreads``; `null` remote.
    public var cpuSecondsGateway: Double?
    /// CPU seconds of threads that are neither group's loops (the gateway's dispatcher and store), included
    /// in ``cpuSecondsGateway``; `null` remote.
    public var cpuSecondsOtherThreads: Double?
    /// The process's VmHWM: client and, when embedded, gateway together.
    public var peakRSSBytes: UInt64?
    /// The offered rate (`--rate`), SUBMITs per second; `null` when unpaced.
    public var rate: Int?
    /// How often the paced SUBMITs due went out together (`--tick-us`), in µs; `null` when each went at its own
    /// time, or unpaced.
    public var tickMicros: Int?
    /// Seconds of load sent before the measurement (`--warmup`); none of it is counted here.
    public var warmupSeconds: Double
    /// The embedded durable store's commits in the measured phase; `null` for the memory store or remote.
    public var storeCommits: StoreCommitFigures?
    /// How late a thread sleeping 5 ms at a time woke while the bench measured; `null` without `--wake-probe`.
    public var wakeUpLateness: WakeUpLateness?
    /// The CPU wake-up latency asked of Linux for the run (`--cpu-wakeup-latency-us`), in µs; `null` when none.
    public var cpuWakeUpLatencyMicros: Int?

    public init(
        submitsPerSecond: Double,
        reportsPerSecond: Double,
        latencyMicros: LatencyPercentiles,
        messages: Int,
        seconds: Double,
        links: Int,
        window: Int,
        store: String,
        target: String,
        callers: Int,
        size: Int,
        reports: Int,
        missingReports: Int,
        rejected: Int,
        errors: Int,
        firstError: String?,
        cpuSecondsClient: Double,
        cpuSecondsGateway: Double?,
        cpuSecondsOtherThreads: Double?,
        peakRSSBytes: UInt64?,
        rate: Int? = nil,
        tickMicros: Int? = nil,
        warmupSeconds: Double = 0,
        storeCommits: StoreCommitFigures? = nil,
        wakeUpLateness: WakeUpLateness? = nil,
        cpuWakeUpLatencyMicros: Int? = nil
    ) {
        self.submitsPerSecond = submitsPerSecond
        self.reportsPerSecond = reportsPerSecond
        self.latencyMicros = latencyMicros
        self.messages = messages
        self.seconds = seconds
        self.links = links
        self.window = window
        self.store = store
        self.target = target
        self.callers = callers
        self.size = size
        self.reports = reports
        self.missingReports = missingReports
        self.rejected = rejected
        self.errors = errors
        self.firstError = firstError
        self.cpuSecondsClient = cpuSecondsClient
        self.cpuSecondsGateway = cpuSecondsGateway
        self.cpuSecondsOtherThreads = cpuSecondsOtherThreads
        self.peakRSSBytes = peakRSSBytes
        self.rate = rate
        self.tickMicros = tickMicros
        self.warmupSeconds = warmupSeconds
        self.storeCommits = storeCommits
        self.wakeUpLateness = wakeUpLateness
        self.cpuWakeUpLatencyMicros = cpuWakeUpLatencyMicros
    }

    private enum CodingKeys: String, CodingKey {
        case submitsPerSecond, reportsPerSecond, latencyMicros, messages, seconds, links, window, store
        case target, callers, size, reports, missingReports, rejected, errors, firstError
        case cpuSecondsClient, cpuSecondsGateway, cpuSecondsOtherThreads, peakRSSBytes, rate, tickMicros, warmupSeconds
        case storeCommits, wakeUpLateness, cpuWakeUpLatencyMicros
    }

    /// Encodes every key, unknown figures as `null`, so the object's shape never changes.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(submitsPerSecond, forKey: .submitsPerSecond)
        try container.encode(reportsPerSecond, forKey: .reportsPerSecond)
        try container.encode(latencyMicros, forKey: .latencyMicros)
        try container.encode(messages, forKey: .messages)
        try container.encode(seconds, forKey: .seconds)
        try container.encode(links, forKey: .links)
        try container.encode(window, forKey: .window)
        try container.encode(store, forKey: .store)
        try container.encode(target, forKey: .target)
        try container.encode(callers, forKey: .callers)
        try container.encode(size, forKey: .size)
        try container.encode(reports, forKey: .reports)
        try container.encode(missingReports, forKey: .missingReports)
        try container.encode(rejected, forKey: .rejected)
        try container.encode(errors, forKey: .errors)
        try container.encode(firstError, forKey: .firstError)
        try container.encode(cpuSecondsClient, forKey: .cpuSecondsClient)
        try container.encode(cpuSecondsGateway, forKey: .cpuSecondsGateway)
        try container.encode(cpuSecondsOtherThreads, forKey: .cpuSecondsOtherThreads)
        try container.encode(peakRSSBytes, forKey: .peakRSSBytes)
        try container.encode(rate, forKey: .rate)
        try container.encode(tickMicros, forKey: .tickMicros)
        try container.encode(warmupSeconds, forKey: .warmupSeconds)
        try container.encode(storeCommits, forKey: .storeCommits)
        try container.encode(wakeUpLateness, forKey: .wakeUpLateness)
        try container.encode(cpuWakeUpLatencyMicros, forKey: .cpuWakeUpLatencyMicros)
    }
}
