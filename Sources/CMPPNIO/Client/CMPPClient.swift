import CMPPCore
import Logging
import NIOConcurrencyHelpers
import NIOCore
import ServiceLifecycle

/// An SP's CMPP 2.0 client: submits messages to an ISMG and receives MO messages and status reports from it.
///
/// ```swift
/// let client = CMPPClient(configuration: .init(host: "ismg.example", credentials: credentials), logger: logger)
/// try await withThrowingDiscardingTaskGroup { group in
///     group.addTask { try await client.run() }
///     let outcomes = try await client.submit("你好", to: ["13800138000"])
///     for await delivery in client.deliveries { … }
/// }
/// ```
///
/// The client keeps K links up (``Configuration/links``), logs in on each (§7.4.1 CMPP_CONNECT), and
/// reconnects with exponential back-off and jitter when one drops or a login is refused, including the
/// CONNECT_RESP Status 5 some ISMGs send for too many connections. Requests go to the ready link with the
/// fewest in flight; each link applies the window W and the T/N resends of §6. Requests in flight when a link
/// drops are resent on another link, or failed, as ``Configuration/inFlightOnLinkLoss`` says: never silently
/// lost. In ``Configuration/Mode/short`` mode (§6.2) each request gets its own connection instead.
///
/// It is a swift-service-lifecycle `Service`: ``run()`` does the background work and must be running for
/// requests to be sent (a request waits up to ``Configuration/connectTimeout`` for a ready link, then fails
/// with ``CMPPClientError/Code/noReadyLink``). On graceful shutdown, or ``shutdown()``, it stops taking
/// requests, lets those in flight finish, TERMINATEs each link (§7.4.2) and ends ``deliveries``. A link whose
/// TERMINATE waits more than 2 T for DELIVERs that ``deliveries`` never hands over (its consumer stopped) is
/// closed instead; the ISMG sends those DELIVERs again. Links (and short-mode connections) still open
/// ``Configuration/shutdownTimeout`` after the shutdown began are closed then: an ISMG that answers neither a
/// request nor the TERMINATE would otherwise hold the shutdown for minutes. Their requests in flight fail with
/// ``CMPPClientError/Code/linkLost``.
///
/// Consume ``deliveries`` whenever the ISMG may deliver anything (status reports asked for with
/// Registered_Delivery, MO messages): each DELIVER's response waits for its hand-over, so a client whose
/// deliveries are never read stops reading its links after W unanswered DELIVERs each, and its own responses
/// stall behind them. That is the back-pressure the at-least-once contract needs (see ``CMPPDeliveries``).
///
/// Logging: lifecycle at debug, frames at trace, nothing above debug; phone numbers, content and secrets are
/// never logged.
///
/// ## Related types
/// ``CMPPSubmitOptions``, ``CMPPSubmitOutcome``, ``CMPPDeliveries``, ``CMPPClientError``.
public final class CMPPClient: Service, Sendable {
    /// The configuration the client was made with.
    public let configuration: Configuration

    let linkFactory: any CMPPClientLinkFactory
    let clock: CMPPClientClock
    let logger: Logger
    let pool: CMPPLinkPool
    let router: CMPPDeliveryRouter
    /// Fired when shutdown begins.
    let shutdownSignal = CMPPClientSignal()
    /// Every link open, to close those left at the shutdown timeout.
    let openLinks = CMPPOpenLinks()
    /// Closes ``openLinks`` at the shutdown timeout; cancelled once ``run()`` has returned.
    private let shutdownDeadline = NIOLockedValueBox<Task<Void, Never>?>(nil)
    /// Fired when ``run()`` has ended.
    let finishedSignal = CMPPClientSignal()
    private let runState = NIOLockedValueBox(RunState.idle)
    private let references: NIOLockedValueBox<UInt16>

    private enum RunState: Sendable {
        case idle
        case running
        /// ``shutdown()`` came before ``run()``: run returns at once.
        case shutDownBeforeRun
        case finished
    }

    /// Makes a client that opens its links with `linkFactory`: the seam tests use to run the pool over mock
    /// links, with a `clock` that does not really sleep.
    package init(
        configuration: Configuration,
        linkFactory: any CMPPClientLinkFactory,
        clock: CMPPClientClock = .continuous,
        logger: Logger
    ) {
        self.configuration = configuration
        self.linkFactory = linkFactory
        self.clock = clock
        var logger = logger
        logger[metadataKey: CMPPLogKey.spID.rawValue] = "\(configuration.credentials.spID)"
        self.logger = logger
        self.pool = CMPPLinkPool(shortModePermits: configuration.mode == .short ? configuration.links : nil)
        self.router = CMPPDeliveryRouter(
            reassemblyTimeout: configuration.reassemblyTimeout,
            maximumPendingMessages: configuration.maximumPendingMOMessages,
            reportHorizon: configuration.reportTrackingHorizon,
            maximumTrackedParts: configuration.maximumTrackedParts,
            lowWatermark: configuration.deliveryBufferLowWatermark,
            highWatermark: configuration.deliveryBufferHighWatermark,
            reportMatchGrace: configuration.reportMatchGrace,
            now: clock.now,
            logger: logger
        )
        self.references = NIOLockedValueBox(UInt16.random(in: 0...UInt16.max))
    }

    /// The MO messages and status reports the ISMG delivers, from all links. Iterate it once; see
    /// ``CMPPDeliveries`` for the at-least-once contract.
    public var deliveries: CMPPDeliveries { router.deliveries }

    // MARK: - Lifecycle

    /// Keeps the links up until graceful shutdown or ``shutdown()``, then closes them cleanly and returns.
    ///
    /// - Throws: ``CMPPClientError/Code/alreadyRunning`` when called a second time.
    public func run() async throws {
        let start = runState.withLockedValue { state -> Bool? in
            switch state {
            case .idle:
                state = .running
                return true
            case .shutDownBeforeRun:
                state = .finished
                return false
            case .running, .finished:
                return nil
            }
        }
        guard let start else { throw CMPPClientError.alreadyRunning }
        guard start else { return }
        logger.debug("CMPP client starting", metadata: [CMPPLogKey.link.rawValue: "\(configuration.links)"])
        defer {
            shutdownDeadline.withLockedValue { $0 }?.cancel()
            runState.withLockedValue { $0 = .finished }
            finishedSignal.fire()
        }
        await withTaskCancellationHandler {
            await withGracefulShutdownHandler {
                await withDiscardingTaskGroup { group in
                    if configuration.mode == .long {
                        for slot in 0..<configuration.links {
                            group.addTask { await self.maintainLink(slot: slot) }
                        }
                    }
                    group.addTask { await self.expireDeliveries() }
                }
            } onGracefulShutdown: {
                self.beginShutdown()
            }
        } onCancel: {
            // Cancelled (not gracefully shut down): stop taking requests; the links close at once below.
            self.beginShutdown()
        }
        // Short-mode requests, and long-mode ones whose link dropped during shutdown, end on their own.
        await pool.waitUntilIdle()
        router.finish()
        logger.debug("CMPP client stopped")
    }

    /// Shuts the client down as graceful shutdown does: no new requests, in-flight ones finish, each link is
    /// TERMINATEd (or closed after 2 T, or at ``Configuration/shutdownTimeout``, see ``CMPPClient``). Returns
    /// once ``run()`` has returned (at once when it is not running).
    public func shutdown() async {
        beginShutdown()
        let running = runState.withLockedValue { state -> Bool in
            switch state {
            case .running:
                return true
            case .idle:
                state = .shutDownBeforeRun
                return false
            case .shutDownBeforeRun, .finished:
                return false
            }
        }
        if running {
            await finishedSignal.wait()
        } else {
            shutdownDeadline.withLockedValue { $0 }?.cancel()
            router.finish()
        }
    }

    private func beginShutdown() {
        guard !shutdownSignal.isFired else { return }
        logger.debug("CMPP client shutting down")
        pool.beginShutdown()
        shutdownSignal.fire()
        startShutdownDeadline()
    }

    /// Closes the links still open ``Configuration/shutdownTimeout`` from now (each request in flight on them
    /// then fails), unless ``run()`` returns first.
    private func startShutdownDeadline() {
        let (timeout, clock, openLinks, logger) = (configuration.shutdownTimeout, clock, openLinks, logger)
        let deadline = Task {
            do {
                try await clock.sleep(timeout)
            } catch {
                return  // run() returned in time
            }
            let closed = openLinks.closeAll()
            if closed > 0 {
                logger.debug(
                    "CMPP links closing: still open at the shutdown timeout",
                    metadata: ["cmpp.links.closed": "\(closed)", "cmpp.shutdown.timeout": "\(timeout)"]
                )
            }
        }
        let replaced = shutdownDeadline.withLockedValue { current -> Task<Void, Never>? in
            guard current == nil else { return deadline }
            current = deadline
            return nil
        }
        // Two shutdowns at once: the first one's deadline counts.
        replaced?.cancel()
    }

    // MARK: - Links (long mode)

    /// Keeps one link slot up: connect, wait for the link to close, reconnect after a back-off, until shutdown.
    private func maintainLink(slot: Int) async {
        var logger = self.logger
        logger[metadataKey: CMPPLogKey.link.rawValue] = "\(slot)"
        var failures = 0
        while !pool.isShuttingDown, !Task.isCancelled {
            let link: any CMPPClientLink
            do {
                link = try await linkFactory.connect(inbound: { [router] in router.handle($0) }, logger: logger)
            } catch {
                failures += 1
                pool.connectFailed(error)
                let delay = configuration.reconnect.delay(attempt: failures)
                logger.debug(
                    "CMPP link could not connect; retrying",
                    metadata: [
                        CMPPLogKey.error.rawValue: "\(error)", CMPPLogKey.attempt.rawValue: "\(failures)",
                        "cmpp.retry.delay": "\(delay)",
                    ]
                )
                if await sleepUnlessShutdown(delay) { break }
                continue
            }
            let connectedAt = clock.now()
            let openKey = openLinks.add(link)
            defer { openLinks.remove(openKey) }
            let id = pool.add(link)
            logger.debug("CMPP link ready", metadata: [CMPPLogKey.connectionID.rawValue: "\(id)"])
            let shutDown = await withTaskGroup(of: Bool.self) { group in
                group.addTask {
                    _ = await link.closed()
                    return false
                }
                group.addTask {
                    await self.shutdownSignal.wait()
                    return true
                }
                let shutDown = await group.next() ?? false
                if shutDown, Task.isCancelled {
                    logger.debug("CMPP link closing: cancelled", metadata: [CMPPLogKey.connectionID.rawValue: "\(id)"])
                    link.close()
                } else if shutDown {
                    await self.pool.waitUntilDrained(id)
                    logger.debug("CMPP link terminating", metadata: [CMPPLogKey.connectionID.rawValue: "\(id)"])
                    if await !self.terminate(link) {
                        logger.debug(
                            "CMPP link closing: not terminated within the grace",
                            metadata: [
                                CMPPLogKey.connectionID.rawValue: "\(id)",
                                "cmpp.termination.grace": "\(self.terminationGrace)",
                            ]
                        )
                    }
                }
                group.cancelAll()
                return shutDown
            }
            pool.remove(id)
            if shutDown { break }
            let reason = await link.closed()
            logger.debug(
                "CMPP link closed",
                metadata: [
                    CMPPLogKey.connectionID.rawValue: "\(id)",
                    CMPPLogKey.error.rawValue: "\(reason.map { "\($0)" } ?? "none")",
                ]
            )
            // A link that stayed up past the longest back-off was stable: reconnect at once. One that dropped
            // soon after login counts as a failure, so a gateway that kicks us right away is not stormed.
            let uptime = connectedAt.duration(to: clock.now())
            failures = uptime >= Duration(configuration.reconnect.maximum) ? 0 : failures + 1
            if failures > 0, await sleepUnlessShutdown(configuration.reconnect.delay(attempt: failures)) { break }
        }
    }

    /// How long a link's graceful termination may take before the link is closed at once: T for the ISMG's
    /// DELIVERs still waiting for their hand-over (the ISMG sends an unanswered one again after T anyway, §6),
    /// and T for TERMINATE_RESP (§7.4.2).
    private var terminationGrace: TimeAmount { configuration.session.responseTimeout * 2 }

    /// TERMINATEs `link` (§7.4.2), closing it at once if that has not finished within ``terminationGrace``;
    /// returns whether it terminated gracefully.
    ///
    /// The link sends TERMINATE only once nothing is in flight either way, and the client answers each of the
    /// ISMG's DELIVERs only when ``deliveries`` hands it over (at-least-once, ``CMPPDeliveries``). A consumer
    /// that stopped iterating, or a DELIVER that came after its last `next()`, would keep the link draining
    /// for ever, and ``shutdown()`` with it: at W unanswered DELIVERs the link also stops reading, and only
    /// the link test (ACTIVE_TEST after C = 3 minutes, unanswered) ended it. Closed instead, the link leaves
    /// those DELIVERs unanswered, so the ISMG sends them again to the next session: nothing is lost.
    private func terminate(_ link: any CMPPClientLink) async -> Bool {
        let grace = terminationGrace
        return await withTaskGroup(of: Bool.self) { group in
            group.addTask {
                await link.terminate()
                return true
            }
            group.addTask {
                try? await self.clock.sleep(grace)
                return false
            }
            let terminated = await group.next() ?? true
            // Closing ends the termination still waiting in the first task.
            if !terminated { link.close() }
            group.cancelAll()
            return terminated
        }
    }

    /// Sleeps `delay`; returns `true` at once if shutdown begins first.
    private func sleepUnlessShutdown(_ delay: TimeAmount) async -> Bool {
        await withTaskGroup(of: Bool.self) { group in
            group.addTask {
                try? await self.clock.sleep(delay)
                return false
            }
            group.addTask {
                await self.shutdownSignal.wait()
                return true
            }
            let shutDown = await group.next() ?? true
            group.cancelAll()
            return shutDown || pool.isShuttingDown || Task.isCancelled
        }
    }

    /// Hands over long MO messages whose parts stopped coming, and forgets reports past the horizon.
    private func expireDeliveries() async {
        while !pool.isShuttingDown {
            var wait: TimeAmount
            if let deadline = router.expire() {
                let remaining = clock.now().duration(to: deadline)
                wait = TimeAmount(remaining)
            } else {
                wait = configuration.reassemblyTimeout
            }
            // Never spin, whatever the configured timeout.
            wait = max(wait, .milliseconds(10))
            if await sleepUnlessShutdown(wait) { break }
        }
    }

    /// Returns once the client can send: a link is logged in (long mode), or a test login succeeded (short
    /// mode, which opens a connection, logs in and TERMINATEs it).
    ///
    /// - Throws: ``CMPPClientError/Code/noReadyLink`` after the connect timeout (with the last connect error),
    ///   ``CMPPClientError/Code/loginRejected`` when the ISMG refused the login for good,
    ///   ``CMPPClientError/Code/shutdown``.
    public func waitUntilReady() async throws {
        let lease = try await lease()
        defer { pool.release(lease) }
        if lease.link == nil {
            let link = try await connectShortLink()
            await link.terminate()
        }
    }

    // MARK: - Requests

    /// Sends `message` and returns its response, on a ready link (long mode) or a connection of its own (short
    /// mode), moving it to another link when one drops under it, as the in-flight policy allows.
    ///
    /// A message that does not encode (a field too long, too many destinations…) is not validated up front:
    /// the link encodes each request once, fails it with the codec's ``CMPPError`` before anything is sent,
    /// and that surfaces here as ``CMPPClientError/Code/invalidMessage``.
    func perform(_ message: CMPPMessage) async throws -> CMPPMessage {
        let command = message.commandID
        var attempt = 0
        // The last link lost under the request after it may have reached the ISMG.
        var lostAfterSending: CMPPSessionError?
        while true {
            attempt += 1
            let lease: CMPPLinkPool.Lease
            do {
                lease = try await self.lease()
            } catch let error as CMPPClientError where error.code == .shutdown {
                // Its link closed in the shutdown (at the timeout, say), and no link takes it again: whether the
                // ISMG took it is unknown, which "shutdown" alone would hide.
                guard let lostAfterSending else { throw error }
                throw CMPPClientError.linkLost(command, attempts: attempt - 1, underlying: lostAfterSending)
            }
            do {
                let response: CMPPMessage
                if let link = lease.link {
                    defer { pool.release(lease) }
                    response = try await link.request(message)
                } else {
                    defer { pool.release(lease) }
                    response = try await requestOnShortConnection(message)
                }
                return response
            } catch let error as CMPPSessionError {
                let lost: Bool
                let mayHaveArrived: Bool
                switch error.code {
                case .linkClosed:
                    (lost, mayHaveArrived) = (true, error.wasSent)
                case .terminated:
                    (lost, mayHaveArrived) = (true, false)
                case .heartbeatTimeout:
                    (lost, mayHaveArrived) = (true, true)
                default:
                    (lost, mayHaveArrived) = (false, true)
                }
                guard lost else { throw CMPPClientError.requestFailed(command, underlying: error) }
                if let id = lease.linkID {
                    // Take it out of rotation; a link that says it closed is closed for good, so its slot
                    // reconnects even if the link failed to notice.
                    pool.remove(id)
                    if error.code != .terminated { lease.link?.close() }
                }
                logger.debug(
                    "CMPP request's link lost",
                    metadata: [
                        CMPPLogKey.command.rawValue: "\(command.name)", CMPPLogKey.attempt.rawValue: "\(attempt)",
                        "cmpp.request.sent": "\(mayHaveArrived)",
                    ]
                )
                if mayHaveArrived, configuration.inFlightOnLinkLoss == .fail {
                    throw CMPPClientError.linkLost(command, attempts: attempt, underlying: error)
                }
                if mayHaveArrived { lostAfterSending = error }
                guard attempt < configuration.maximumRequestAttempts else {
                    throw CMPPClientError.linkLost(command, attempts: attempt, underlying: error)
                }
            } catch let error as CMPPError {
                // The link could not encode the request (a field too long…): it was never sent.
                throw CMPPClientError(code: .invalidMessage, commandID: command, underlying: error, reason: "\(error)")
            } catch let error as CMPPClientError {
                throw error
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                throw CMPPClientError.requestFailed(command, underlying: error)
            }
        }
    }

    /// A lease on a ready link or a short-mode permit, waiting at most the connect timeout.
    private func lease() async throws -> CMPPLinkPool.Lease {
        if let lease = try pool.tryLease() { return lease }
        let timeout = configuration.connectTimeout
        return try await withThrowingTaskGroup(of: CMPPLinkPool.Lease?.self) { group in
            group.addTask { try await self.pool.waitForLease() }
            group.addTask {
                try await self.clock.sleep(timeout)
                return nil
            }
            if let lease = try await group.next() ?? nil {
                group.cancelAll()
                return lease
            }
            // Timed out: the waiter is cancelled, but may have got a lease just before; give it back.
            group.cancelAll()
            while let late = try? await group.next() {
                if let late { pool.release(late) }
            }
            throw CMPPClientError.noReadyLink(after: pool.lastConnectError)
        }
    }

    /// Short mode (§6.2): connect and log in, send the one request, TERMINATE.
    private func requestOnShortConnection(_ message: CMPPMessage) async throws -> CMPPMessage {
        let link = try await connectShortLink()
        let openKey = openLinks.add(link)
        defer { openLinks.remove(openKey) }
        do {
            let response = try await link.request(message)
            await link.terminate()
            return response
        } catch {
            link.close()
            throw error
        }
    }

    /// Opens and logs in one short connection, retrying a failed connect after a back-off.
    private func connectShortLink() async throws -> any CMPPClientLink {
        var failures = 0
        while true {
            do {
                let link = try await linkFactory.connect(inbound: { [router] in router.handle($0) }, logger: logger)
                pool.connectSucceeded()
                return link
            } catch {
                failures += 1
                pool.connectFailed(error)
                if let rejected = error as? CMPPSessionError, rejected.code == .loginRejected,
                    let status = rejected.connectStatus, (1...4).contains(status.rawValue)
                {
                    throw CMPPClientError.loginRejected(rejected)
                }
                guard failures < configuration.maximumRequestAttempts else {
                    throw CMPPClientError.noReadyLink(after: error)
                }
                try await clock.sleep(configuration.reconnect.delay(attempt: failures))
            }
        }
    }

    /// The next concatenation reference.
    func nextReference() -> UInt16 {
        references.withLockedValue { reference in
            reference &+= 1
            return reference
        }
    }
}
