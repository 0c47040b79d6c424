import Logging

/// Holds a ``CPUWakeUpLatencyRequest`` while the gateway is busy (``WakeUpLatencyHoldPolicy``), when
/// ``GatewayConfiguration/cpuWakeUpLatencyLimit`` asks for one: checks the count of SUBMITs received every
/// ``checkInterval``, makes the request when the policy says hold, and releases it when the policy says
/// not, and when ``run()`` ends.
///
/// Why (issue #6, tenth round): on this project's benchmark machine, a VM whose idle vCPUs halt at once, each
/// SUBMIT's answer passes five threads (client's loop, gateway's loop, the store's writer, and back), and
/// every hand-over to a halted vCPU waits for the hypervisor to run it again. With the request, p50 at
/// 10 000/s fell from 0.14 to 0.04 ms on the memory store, and the durable store held its rate through the
/// host's stormy minutes instead of falling behind by seconds.
final class WakeUpLatencyHolder: Sendable {
    /// How often the count of SUBMITs is read (250 ms).
    static let defaultCheckInterval = Duration.milliseconds(250)

    /// Makes the request; a test passes one that writes to a file of its own.
    typealias RequestMaker = @Sendable (Duration) throws(CPUWakeUpLatencyRequest.Error) -> CPUWakeUpLatencyRequest

    let limit: Duration
    let checkInterval: Duration
    private let submits: @Sendable () -> Int
    private let makeRequest: RequestMaker
    private let busySubmitsPerSecond: Int
    private let releaseAfter: Duration
    private let logger: Logger

    /// - Parameters:
    ///   - limit: the wake-up latency to ask for.
    ///   - submits: the gateway's count of SUBMITs received so far.
    ///   - busySubmitsPerSecond, releaseAfter: the hold policy's (``WakeUpLatencyHoldPolicy``).
    ///   - makeRequest: makes the request (by default on ``CPUWakeUpLatencyRequest/devicePath``).
    init(
        limit: Duration,
        checkInterval: Duration = WakeUpLatencyHolder.defaultCheckInterval,
        busySubmitsPerSecond: Int = WakeUpLatencyHoldPolicy.defaultBusySubmitsPerSecond,
        releaseAfter: Duration = WakeUpLatencyHoldPolicy.defaultReleaseAfter,
        submits: @escaping @Sendable () -> Int,
        makeRequest: @escaping RequestMaker = { limit throws(CPUWakeUpLatencyRequest.Error) in
            try CPUWakeUpLatencyRequest(limit: limit)
        },
        logger: Logger
    ) {
        self.limit = limit
        self.checkInterval = checkInterval
        self.submits = submits
        self.busySubmitsPerSecond = busySubmitsPerSecond
        self.releaseAfter = releaseAfter
        self.makeRequest = makeRequest
        self.logger = logger
    }

    /// Checks until cancelled. A request that cannot be made is logged as a warning once, and the holder stops:
    /// the gateway goes on without it, as it would without the option.
    func run() async {
        var policy = WakeUpLatencyHoldPolicy(
            submits: submits(),
            at: .now,
            busySubmitsPerSecond: busySubmitsPerSecond,
            releaseAfter: releaseAfter
        )
        var request: CPUWakeUpLatencyRequest?
        defer { request?.release() }
        while !Task.isCancelled {
            await CallerLoopTimer.sleep(until: .now + checkInterval)
            if Task.isCancelled { break }
            let hold = policy.shouldHold(submits: submits(), at: .now)
            if hold, request == nil {
                do {
                    request = try makeRequest(limit)
                    logger.debug(
                        "CPU wake-up latency request made",
                        metadata: ["feige.limit": "\(limit.configurationDescription)"]
                    )
                } catch {
                    logger.warning(
                        "CPU wake-up latency request failed; going on without it",
                        metadata: ["feige.error": "\(error)"]
                    )
                    return
                }
            } else if !hold, let held = request {
                held.release()
                request = nil
                logger.debug("CPU wake-up latency request released")
            }
        }
    }
}
