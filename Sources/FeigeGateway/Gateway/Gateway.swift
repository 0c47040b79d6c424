import CMPPCore
import CMPPNIO
import Foundation
import Logging
import NIOCore
import NIOPosix
import ServiceLifecycle

/// The Feige ISMG (issue #5): CMPP 2.0 servers for SPs' long and short connections, the durable store,
/// the dispatcher to the downstream network (the simulated handset network by default), the per-account
/// outbox of status reports and MO messages, and outbox expiry — composed into one `Service`.
///
/// ```swift
/// let gateway = try Gateway(configuration: .embeddedDefault, logger: logger)
/// let group = ServiceGroup(services: [gateway], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
/// try await group.run()
/// ```
///
/// ### Shutdown
/// A graceful shutdown stops accepting connections, answers the requests in flight, TERMINATEs every link
/// (§7.4.2), then stops the dispatcher and the outbox and closes the store, which commits what it holds.
/// Links still open after ``GatewayConfiguration/shutdownTimeout`` (an SP that answers neither its DELIVERs
/// nor the TERMINATE) are closed then.
/// Cancelling ``run()`` closes the links at once and then does the same.
///
/// ### Back-pressure
/// While ``dispatchBacklog`` — MT recipients committed but not yet handed to the downstream — is at its
/// limit (``GatewayConfiguration/maximumDispatchBacklog``), every SUBMIT is answered Result 8, flow control
/// error (§7.4.3.2), and neither stored nor dispatched; a well-behaved SP sends it again after a back-off.
///
/// ### CPU wake-up latency
/// With ``GatewayConfiguration/cpuWakeUpLatencyLimit`` set, the gateway asks Linux that idle CPUs wake within
/// it while SPs submit at least 100 SUBMITs a second, and stops asking 2 s after they fall below
/// (``WakeUpLatencyHolder``).
///
/// ### Restart
/// The Msg_Id generator starts after the latest id in the store (``GatewayStore/latestMessageID(gateway:)``),
/// so ids stay unique across restarts; messages left undispatched or undecided are dispatched again and
/// outbox entries left in flight come due once their lease runs out.
///
/// The logger never sees a secret; numbers and content are not logged above debug.
public final class Gateway: Service, Sendable {
    /// The configuration the gateway runs with.
    public let configuration: GatewayConfiguration
    /// The MT recipients committed but not yet handed to the downstream, against the limit at which SUBMITs
    /// are refused with Result 8; also how many were refused so far (``DispatchBacklog/refusedSubmits``).
    public let dispatchBacklog: DispatchBacklog
    private let store: any GatewayStore
    private let downstream: any GatewayDownstream
    private let generator: CMPPMessageIDGenerator
    private let dispatcher: GatewayDispatcher
    private let outbox: OutboxPusher
    private let longServer: CMPPServer
    private let shortServer: CMPPServer?
    private let traffic: GatewayTraffic
    private let logger: Logger

    /// - Parameters:
    ///   - configuration: accounts, ports, session timing, gateway code, store and simulator settings.
    ///   - store: where messages are kept; `nil` opens the SQLite store in `configuration.dataDirectory` with
    ///     `configuration.storeDurability`. The gateway closes it when ``run()`` returns.
    ///   - downstream: where MT messages go; `nil` runs the ``SimulatedHandsetNetwork`` of
    ///     `configuration.simulator`.
    ///   - eventLoopGroup: the loops the servers run on.
    /// - Throws: ``AccountDirectory/Error`` for repeated SP_Ids or service codes, a ``GatewayStoreError`` when
    ///   the store cannot be opened, a `CMPPError` for a gateway code beyond 22 bits, a
    ///   ``CPUWakeUpLatencyRequest/Error`` when ``GatewayConfiguration/cpuWakeUpLatencyLimit`` asks for a
    ///   request this process cannot make (tried once, and released at once).
    public init(
        configuration: GatewayConfiguration,
        store: (any GatewayStore)? = nil,
        downstream: (any GatewayDownstream)? = nil,
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        logger: Logger
    ) throws {
        self.configuration = configuration
        self.logger = logger
        if let limit = configuration.cpuWakeUpLatencyLimit {
            try CPUWakeUpLatencyRequest(limit: limit).release()
        }
        let directory = try configuration.makeAccountDirectory()
        let generator = try CMPPMessageIDGenerator(gateway: configuration.gatewayCode)
        self.generator = generator
        let store = try store ?? SQLiteGatewayStore(configuration: configuration.storeConfiguration, logger: logger)
        self.store = store
        let downstream = downstream ?? SimulatedHandsetNetwork(configuration: configuration.simulator)
        self.downstream = downstream

        var faults: [String: FaultState] = [:]
        for account in configuration.accounts where !account.faults.isNone {
            faults[account.spID] = FaultState(profile: account.faults)
        }
        // An accepted login opens its link at once; its reservation lapses after the login timeout.
        let registry = ConnectionRegistry(reservationLifetime: configuration.session.loginTimeout)
        let outbox = OutboxPusher(
            store: store,
            registry: registry,
            session: configuration.session,
            expiry: configuration.outboxExpiry,
            faults: faults,
            logger: logger
        )
        self.outbox = outbox
        let dispatchBacklog = DispatchBacklog(limit: configuration.maximumDispatchBacklog, logger: logger)
        self.dispatchBacklog = dispatchBacklog
        let dispatcher = GatewayDispatcher(
            store: store,
            downstream: downstream,
            directory: directory,
            generator: generator,
            backlog: dispatchBacklog,
            logger: logger
        ) { accounts in outbox.wakeUp(accounts) }
        self.dispatcher = dispatcher
        let traffic = GatewayTraffic()
        self.traffic = traffic
        func delegate(servingShortConnections: Bool) -> GatewayServerDelegate {
            GatewayServerDelegate(
                directory: directory,
                configuration: configuration,
                store: store,
                generator: generator,
                dispatcher: dispatcher,
                dispatchBacklog: dispatchBacklog,
                registry: registry,
                outbox: outbox,
                traffic: traffic,
                faults: faults,
                eventLoopGroup: eventLoopGroup,
                servesShortConnections: servingShortConnections,
                logger: logger
            )
        }
        let maximumConnections = max(1, configuration.accounts.reduce(0) { $0 + $1.maximumConnections })
        self.longServer = CMPPServer(
            configuration: CMPPServer.Configuration(
                host: configuration.host,
                port: configuration.longConnectionPort,
                session: configuration.session,
                maximumConnections: maximumConnections,
                shutdownTimeout: TimeAmount(configuration.shutdownTimeout)
            ),
            delegate: delegate(servingShortConnections: false),
            eventLoopGroup: eventLoopGroup,
            logger: logger
        )
        self.shortServer = configuration.shortConnectionPort.map { port in
            CMPPServer(
                configuration: CMPPServer.Configuration(
                    host: configuration.host,
                    port: port,
                    session: configuration.session,
                    maximumConnections: maximumConnections,
                    shutdownTimeout: TimeAmount(configuration.shutdownTimeout)
                ),
                delegate: delegate(servingShortConnections: true),
                eventLoopGroup: eventLoopGroup,
                logger: logger
            )
        }
    }

    /// The addresses the servers listen on, once ``run()`` has bound them (use with port 0).
    /// - Throws: the bind's error.
    public func localAddresses() async throws -> (long: SocketAddress, short: SocketAddress?) {
        let long = try await longServer.localAddress()
        let short = try await shortServer?.localAddress()
        return (long, short)
    }

    /// Injects an MO message as if `handset` had texted `text` to `destination` (an SP service code,
    /// possibly extended): it is routed, stored and delivered like any other (issue #5 §6). A text longer
    /// than one message is split into concatenated parts.
    ///
    /// - Throws: `CMPPError` when the text needs more than 255 parts.
    public func injectMO(from handset: String, to destination: String, text: String) throws {
        let parts = try DownstreamMobileOriginated.parts(
            of: text,
            from: handset,
            to: destination,
            reference: UInt16.random(in: 0...UInt16.max),
            receivedAt: Date()
        )
        dispatcher.receive(parts)
    }

    public func run() async throws {
        if let latest = try await store.latestMessageID(gateway: configuration.gatewayCode) {
            try generator.advance(past: latest)
        }
        // The background loops — downstream, dispatcher, outbox — run on a loop of their own (see
        // ``EventLoopTaskExecutor``), not on one serving SP links: a dispatcher recording a 50 ms batch of
        // outcomes would otherwise hold that loop's SUBMITs for milliseconds (issue #6: p99 at half the peak).
        let background = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let executor = EventLoopTaskExecutor(background.next())
        let result: Result<Void, any Error> = await withTaskGroup(of: Void.self) { group in
            let downstream = self.downstream
            let dispatcher = self.dispatcher
            let outbox = self.outbox
            let logger = self.logger
            group.addTask(executorPreference: executor) {
                do {
                    try await downstream.run(sink: dispatcher)
                } catch {
                    logger.debug("downstream stopped", metadata: ["feige.error": "\(error)"])
                }
            }
            group.addTask(executorPreference: executor) { await dispatcher.run() }
            group.addTask(executorPreference: executor) { await outbox.run() }
            if let limit = self.configuration.cpuWakeUpLatencyLimit {
                let traffic = self.traffic
                let holder = WakeUpLatencyHolder(limit: limit, submits: { traffic.submitsReceived }, logger: logger)
                group.addTask(executorPreference: executor) { await holder.run() }
            }
            let result: Result<Void, any Error>
            do {
                try await withThrowingDiscardingTaskGroup { servers in
                    servers.addTask { try await self.longServer.run() }
                    if let shortServer = self.shortServer {
                        servers.addTask { try await shortServer.run() }
                    }
                }
                result = .success(())
            } catch {
                result = .failure(error)
            }
            group.cancelAll()
            return result
        }
        do {
            try await store.close()
        } catch {
            logger.debug("store close failed", metadata: ["feige.error": "\(error)"])
        }
        try? await background.shutdownGracefully()
        logger.debug("gateway stopped")
        try result.get()
    }
}
