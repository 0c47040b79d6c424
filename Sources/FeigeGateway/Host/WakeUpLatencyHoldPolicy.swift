/// When ``WakeUpLatencyHolder`` holds its ``CPUWakeUpLatencyRequest``: from a check that finds the gateway
/// busy, receiving at least ``busySubmitsPerSecond`` SUBMITs a second since the check before, until it has been
/// below that for ``releaseAfter``.
///
/// A gateway that receives a SUBMIT now and then gains little from CPUs that never sleep, and pays for it in
/// power; one that has gone quiet for a moment between bursts keeps the request rather than lose it for the
/// first SUBMITs of the next burst.
struct WakeUpLatencyHoldPolicy: Sendable {
    /// The SUBMITs a second from which the gateway counts as busy by default.
    static let defaultBusySubmitsPerSecond = 100
    /// How long the gateway must have been below that by default before the request ends.
    static let defaultReleaseAfter = Duration.seconds(2)

    /// The SUBMITs a second from which the gateway counts as busy.
    let busySubmitsPerSecond: Int
    /// How long the gateway must have been below that before the request ends.
    let releaseAfter: Duration
    private var previousCount: Int
    private var previousCheck: ContinuousClock.Instant
    private var lastBusy: ContinuousClock.Instant?

    /// - Parameters:
    ///   - submits: the gateway's count of SUBMITs received so far.
    ///   - now: when it was read.
    init(
        submits: Int,
        at now: ContinuousClock.Instant,
        busySubmitsPerSecond: Int = defaultBusySubmitsPerSecond,
        releaseAfter: Duration = defaultReleaseAfter
    ) {
        self.busySubmitsPerSecond = busySubmitsPerSecond
        self.releaseAfter = releaseAfter
        self.previousCount = submits
        self.previousCheck = now
    }

    /// Whether the request should hold, given the count of SUBMITs received so far, read at `now`.
    mutating func shouldHold(submits: Int, at now: ContinuousClock.Instant) -> Bool {
        let received = submits - previousCount
        let elapsed = now - previousCheck
        previousCount = submits
        previousCheck = now
        if elapsed > .zero, Double(received) >= Double(busySubmitsPerSecond) * elapsed.timeInterval {
            lastBusy = now
        }
        guard let lastBusy else { return false }
        return now - lastBusy < releaseAfter
    }
}
