import CMPPCore
import CMPPNIO
import FeigeGateway
import Logging
import NIOCore
import NIOPosix
import Synchronization

/// Runs one `feige bench` load: starts the embedded gateway (or finds the remote one), logs in K links with a
/// ``CMPPClient`` on its own event loop group, sends pre-built CMPP_SUBMITs (§7.4.3.1) from K × W tasks, each
/// waiting for its SUBMIT_RESP (§7.4.3.2) before the next, and measures throughput, latency, CPU and memory.
///
/// ```swift
/// let result = try await BenchRunner(configuration: .init(links: 4, workload: .messages(300_000)), logger: logger)
///     .run { progress in … }
/// ```
///
/// The clock starts once every link is logged in. A SUBMIT that fails outright (link lost, no response after
/// N sends) stops the run; it is counted in ``BenchResult/errors``. With
/// ``BenchConfiguration/waitsForReports`` each SUBMIT asks for a status report (Registered_Delivery 1) and the
/// run waits, up to ``BenchConfiguration/reportTimeout`` after the last SUBMIT_RESP, for one report per
/// accepted SUBMIT; reports that never came are counted in ``BenchResult/missingReports``.
public struct BenchRunner: Sendable {
    public var configuration: BenchConfiguration
    public var logger: Logger

    public init(configuration: BenchConfiguration, logger: Logger) {
        self.configuration = configuration
        self.logger = logger
    }

    /// How long the K links may take to log in.
    public static let loginTimeout: TimeAmount = .seconds(10)
    /// How often `progress` is called.
    public static let progressInterval: Duration = .milliseconds(200)

    /// Runs the bench.
    /// - Parameter progress: called about five times a second while SUBMITs and reports flow.
    /// - Throws: ``BenchConfigurationError`` for a bad configuration, ``BenchError`` when the gateway cannot be
    ///   started, reached or logged in to.
    public func run(progress: (@Sendable (BenchProgress) -> Void)? = nil) async throws -> BenchResult {
        let configuration = try self.configuration.validated()
        let endpoint = try await BenchGatewayEndpoint.resolve(
            configuration,
            maximumConnections: configuration.links,
            logger: logger
        )
        let (gateway, host, port) = (endpoint.embedded, endpoint.host, endpoint.port)
        // An embedded gateway holds the CPU wake-up latency request itself while busy; for a remote one (whose
        // own configuration says what it asks for) the bench holds it on this machine for the run.
        let wakeUpLatencyRequest = try CPUWakeUpLatencyRequest.heldByBench(
            limit: gateway == nil ? configuration.cpuWakeUpLatencyLimit : nil
        )
        defer { wakeUpLatencyRequest?.release() }
        let clientGroup = MultiThreadedEventLoopGroup(numberOfThreads: min(configuration.links, System.coreCount))
        // The client's loops go last: work the client scheduled on them may still be finishing as it stops.
        do {
            let result = try await measure(
                configuration: configuration,
                host: host,
                port: port,
                gateway: gateway,
                clientGroup: clientGroup,
                progress: progress
            )
            await gateway?.stop()
            try? await clientGroup.shutdownGracefully()
            return result
        } catch {
            await gateway?.stop()
            try? await clientGroup.shutdownGracefully()
            throw error
        }
    }

    private func measure(
        configuration: BenchConfiguration,
        host: String,
        port: Int,
        gateway: EmbeddedGateway?,
        clientGroup: MultiThreadedEventLoopGroup,
        progress: (@Sendable (BenchProgress) -> Void)?
    ) async throws -> BenchResult {
        let clientThreads = try await EventLoopThreads.of(clientGroup)
        let client = CMPPClient(
            configuration: CMPPClient.Configuration(
                host: host,
                port: port,
                credentials: CMPPCredentials(spID: configuration.spID, secret: configuration.secret),
                session: CMPPSessionConfiguration(window: configuration.window),
                links: configuration.links,
                connectTimeout: Self.loginTimeout
            ),
            eventLoopGroup: clientGroup,
            logger: logger
        )
        let counters = BenchCounters()
        let executors = clientGroup.makeIterator().map { EventLoopTaskExecutor($0) }
        return try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask(executorPreference: executors[0]) { try await client.run() }
            tasks.addTask(executorPreference: executors[executors.count - 1]) {
                for await delivery in client.deliveries {
                    if case .report = delivery { counters.reportReceived() }
                }
            }
            do {
                try await waitForLinks(client, configuration: configuration)
                let result = try await load(
                    client,
                    configuration: configuration,
                    executors: executors,
                    counters: counters,
                    gateway: gateway,
                    clientThreads: clientThreads,
                    progress: progress
                )
                await client.shutdown()
                try await tasks.waitForAll()
                return result
            } catch {
                await client.shutdown()
                try? await tasks.waitForAll()
                throw error
            }
        }
    }

    /// Waits until all K links are logged in.
    private func waitForLinks(_ client: CMPPClient, configuration: BenchConfiguration) async throws {
        let target = configuration.target.description
        do {
            try await client.waitUntilReady()
        } catch {
            throw BenchError.login(error, target: target)
        }
        let deadline = ContinuousClock.now + Duration(Self.loginTimeout)
        while client.readyLinkCount < configuration.links {
            guard ContinuousClock.now < deadline else {
                throw BenchError.linksNotReady(
                    target: target,
                    ready: client.readyLinkCount,
                    wanted: configuration.links
                )
            }
            try await Task.sleep(for: .milliseconds(5))
        }
    }

    private func load(
        _ client: CMPPClient,
        configuration: BenchConfiguration,
        executors: [EventLoopTaskExecutor],
        counters: BenchCounters,
        gateway: EmbeddedGateway?,
        clientThreads: EventLoopThreads,
        progress: (@Sendable (BenchProgress) -> Void)?
    ) async throws -> BenchResult {
        let gatewayThreads = gateway?.threads
        let submit = BenchContent.submit(for: configuration)
        var warmup = BenchCallerOutcome()
        if configuration.warmup > .zero {
            warmup = await Self.callers(
                client,
                configuration: configuration,
                workload: .duration(configuration.warmup),
                submit: submit,
                start: .now(),
                executors: executors,
                counters: counters
            )
            if configuration.waitsForReports {
                try await Self.waitForReports(warmup.accepted, counters: counters, timeout: configuration.reportTimeout)
            }
            counters.reset()
        }
        let cpuStart = CPUSample.now(gateway: gatewayThreads, client: clientThreads)
        let commitsStart = gateway?.commitStatistics
        let wakeUpProbe = configuration.probesWakeUps ? WakeUpProbe() : nil
        let start = NIODeadline.now()
        let ticker = progress.map { progress in
            Task {
                while !Task.isCancelled {
                    try? await Task.sleep(for: Self.progressInterval)
                    progress(
                        BenchProgress(
                            submitted: counters.submitted.load(ordering: .relaxed),
                            reports: counters.reports.load(ordering: .relaxed),
                            elapsedSeconds: Self.seconds(from: start, to: .now())
                        )
                    )
                }
            }
        }
        defer { ticker?.cancel() }

        var outcome = await Self.callers(
            client,
            configuration: configuration,
            workload: configuration.workload,
            submit: submit,
            start: start,
            executors: executors,
            counters: counters
        )
        // A warm-up that failed stopped the run: its failure is the run's.
        outcome.errors += warmup.errors
        outcome.firstError = warmup.firstError ?? outcome.firstError
        let submitEnd = NIODeadline.now()
        let wakeUpLateness = wakeUpProbe?.stop()

        var missingReports = 0
        if configuration.waitsForReports {
            missingReports = try await Self.waitForReports(
                outcome.accepted,
                counters: counters,
                timeout: configuration.reportTimeout
            )
        }
        let cpu = CPUAttribution.between(cpuStart, CPUSample.now(gateway: gatewayThreads, client: clientThreads))
        var storeCommits: StoreCommitFigures?
        if let commitsStart, let commitsEnd = gateway?.commitStatistics {
            storeCommits = .between(commitsStart, commitsEnd, seconds: Self.seconds(from: start, to: .now()))
        }
        ticker?.cancel()

        let seconds = Self.seconds(from: start, to: submitEnd)
        let reports = configuration.waitsForReports ? counters.reports.load(ordering: .relaxed) : 0
        let lastReport = NIODeadline.uptimeNanoseconds(counters.lastReportNanoseconds.load(ordering: .relaxed))
        let reportSeconds = Self.seconds(from: start, to: lastReport)
        return BenchResult(
            submitsPerSecond: seconds > 0 ? (Double(outcome.accepted) / seconds).rounded() : 0,
            reportsPerSecond: reports > 0 && reportSeconds > 0 ? (Double(reports) / reportSeconds).rounded() : 0,
            latencyMicros: outcome.latencies.percentiles,
            messages: outcome.accepted,
            seconds: seconds.rounded(toPlaces: 3),
            links: configuration.links,
            window: configuration.window,
            store: configuration.effectiveStore?.rawValue ?? "remote",
            target: configuration.target.description,
            callers: configuration.effectiveCallers,
            size: configuration.size,
            reports: reports,
            missingReports: missingReports,
            rejected: outcome.rejected,
            errors: outcome.errors,
            firstError: outcome.firstError,
            cpuSecondsClient: cpu.clientSeconds.rounded(toPlaces: 2),
            cpuSecondsGateway: gatewayThreads == nil ? nil : cpu.gatewaySeconds.map { $0.rounded(toPlaces: 2) },
            cpuSecondsOtherThreads: gatewayThreads == nil ? nil : cpu.otherSeconds.map { $0.rounded(toPlaces: 2) },
            peakRSSBytes: SystemProbe.processStatus().peakResidentBytes,
            rate: configuration.rate,
            tickMicros: configuration.tick.map { Int($0.microseconds) },
            warmupSeconds: configuration.warmup.timeInterval,
            storeCommits: storeCommits,
            wakeUpLateness: wakeUpLateness,
            cpuWakeUpLatencyMicros: configuration.cpuWakeUpLatencyLimit.map { Int($0.microseconds) }
        )
    }

    /// Runs the K × W submitting tasks (``effectiveCallers``) until `workload` is done, each on one of the
    /// client's loops, paced from `start` when the configuration has a rate; returns what they saw together.
    private static func callers(
        _ client: CMPPClient,
        configuration: BenchConfiguration,
        workload: BenchWorkload,
        submit: CMPPSubmit,
        start: NIODeadline,
        executors: [EventLoopTaskExecutor],
        counters: BenchCounters
    ) async -> BenchCallerOutcome {
        let callers = configuration.effectiveCallers
        return await withTaskGroup(of: BenchCallerOutcome.self) { group in
            for caller in 0..<callers {
                let quota: Int?
                let deadline: NIODeadline?
                switch workload {
                case .messages(let total):
                    quota = total / callers + (caller < total % callers ? 1 : 0)
                    deadline = nil
                case .duration(let duration):
                    quota = nil
                    deadline = start + TimeAmount(duration)
                }
                let pacing = configuration.schedule.map { schedule in
                    Pacing(start: start, caller: caller, callers: callers, schedule: schedule)
                }
                let executor = executors[caller % executors.count]
                group.addTask(executorPreference: executor) {
                    await submitLoop(
                        client,
                        loop: executor.loop,
                        submit: submit,
                        quota: quota,
                        deadline: deadline,
                        pacing: pacing,
                        counters: counters
                    )
                }
            }
            var total = BenchCallerOutcome()
            for await outcome in group { total.merge(outcome) }
            return total
        }
    }

    /// Waits up to `timeout` until `expected` status reports have come; returns how many did not.
    @discardableResult
    private static func waitForReports(_ expected: Int, counters: BenchCounters, timeout: Duration) async throws -> Int {
        let deadline = ContinuousClock.now + timeout
        while counters.reports.load(ordering: .relaxed) < expected, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(10))
        }
        return max(0, expected - counters.reports.load(ordering: .relaxed))
    }

    /// When one paced caller's SUBMITs are due: callers take turns along the run's `schedule`, caller `c` of
    /// `n` sending the run's SUBMIT `k × n + c` as its `k`-th.
    struct Pacing: Sendable {
        var start: NIODeadline
        var caller: Int
        var callers: Int
        var schedule: SubmitSchedule

        /// When the `index`-th SUBMIT (from 0) of this caller is due.
        func due(_ index: Int) -> NIODeadline {
            let slot = Int64(index) * Int64(callers) + Int64(caller)
            return start + .nanoseconds(schedule.nanosecondsAfterStart(slot))
        }
    }

    /// One submitting task: sends `submit`, waits for its SUBMIT_RESP, records the latency, repeats `quota`
    /// times or until `deadline`; stops at the first failure (its own or another task's). Paced, it waits for
    /// each SUBMIT's due time; a SUBMIT held back past its due time by the previous answer counts its latency
    /// from the due time (no coordinated omission), one sent on time from when it went out.
    private static func submitLoop(
        _ client: CMPPClient,
        loop: any EventLoop,
        submit: CMPPSubmit,
        quota: Int?,
        deadline: NIODeadline?,
        pacing: Pacing?,
        counters: BenchCounters
    ) async -> BenchCallerOutcome {
        var outcome = BenchCallerOutcome()
        var sent = 0
        while !counters.aborted.load(ordering: .relaxed) {
            if let quota, sent >= quota { break }
            var before = NIODeadline.now()
            if let pacing {
                let due = pacing.due(sent)
                if let deadline, due >= deadline { break }
                if due > before {
                    // Early: wait on the caller's own loop (its timer is precise and needs no thread hop), and
                    // count from when it goes out: a late wake-up is the bench's, not the gateway's.
                    try? await loop.scheduleTask(deadline: due) {}.futureResult.get()
                    before = NIODeadline.now()
                } else {
                    // Late because the previous answer came after this SUBMIT was due: count the wait too.
                    before = due
                }
            }
            if let deadline, before >= deadline { break }
            sent += 1
            do {
                let response = try await client.submit(submit)
                let after = NIODeadline.now()
                outcome.latencies.record(nanoseconds: after.uptimeNanoseconds &- before.uptimeNanoseconds)
                if response.result == .success {
                    outcome.accepted += 1
                } else {
                    outcome.rejected += 1
                }
                counters.submitAnswered()
            } catch {
                outcome.errors += 1
                outcome.firstError = "\(error)"
                counters.aborted.store(true, ordering: .relaxed)
                break
            }
        }
        return outcome
    }

    static func seconds(from start: NIODeadline, to end: NIODeadline) -> Double {
        guard end > start else { return 0 }
        return Double(end.uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
    }
}
