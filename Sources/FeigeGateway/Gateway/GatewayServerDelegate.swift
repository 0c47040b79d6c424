import CMPPCore
import CMPPNIO
import Foundation
import Logging
import NIOCore
import NIOPosix

/// The gateway's side of every SP link (issue #5 §1–§3, §7, §8): logins through the ``AccountDirectory``,
/// and the SP's requests.
///
/// **CMPP_SUBMIT** (§7.4.3), in this order: Src_Id / Service_Id admission (Result 7 or 10) → the account's
/// rate limiter (Result 8) → the gateway's dispatch backlog (Result 8 while it is full, see
/// ``DispatchBacklog``) → fault injection (close the link, a forced Result, a late or lost response) →
/// a Msg_Id from the gateway's one generator → the store, in one group commit per event-loop tick →
/// SUBMIT_RESP Result 0 only once the commit succeeded (a store error answers Result 9 and nothing is
/// dispatched) → the dispatcher. A SUBMIT to several recipients has one Msg_Id and one report per recipient.
///
/// **CMPP_QUERY** (§7.4.4) is answered from the store's statistics; **CMPP_CANCEL** (§7.4.6) cancels a
/// message not yet sent downstream (Success_Id 0, else 1); CMPP_FWD and the route requests (§7.4.8, §7.6)
/// are answered "not supported" (Result 2, no matching route, update refused), and a DELIVER from an SP with
/// Result 2 — no request goes unanswered.
///
/// One delegate serves the long-connection server, another the short one (§6): both count an account's
/// links, only long connections receive DELIVERs.
///
/// A lost response (fault injection) is answered after 1.5 T instead of never: the SP has resent the SUBMIT
/// by then (§6), and the late answer answers the resend, as a gateway whose first response was lost would.
final class GatewayServerDelegate: CMPPServerDelegate {
    private let directory: AccountDirectory
    private let highestVersion: CMPPVersion
    private let store: any GatewayStore
    private let generator: CMPPMessageIDGenerator
    private let dispatcher: GatewayDispatcher
    private let dispatchBacklog: DispatchBacklog
    private let registry: ConnectionRegistry
    private let outbox: OutboxPusher
    private let traffic: GatewayTraffic
    private let faults: [String: FaultState]
    private let batchers: [ObjectIdentifier: SubmitBatcher]
    private let fallbackLoop: any EventLoop
    private let lostResponseDelay: TimeAmount
    private let servesShortConnections: Bool
    private let logger: Logger

    init(
        directory: AccountDirectory,
        configuration: GatewayConfiguration,
        store: any GatewayStore,
        generator: CMPPMessageIDGenerator,
        dispatcher: GatewayDispatcher,
        dispatchBacklog: DispatchBacklog,
        registry: ConnectionRegistry,
        outbox: OutboxPusher,
        traffic: GatewayTraffic,
        faults: [String: FaultState],
        eventLoopGroup: any EventLoopGroup,
        servesShortConnections: Bool,
        logger: Logger
    ) {
        self.servesShortConnections = servesShortConnections
        self.directory = directory
        self.highestVersion = configuration.highestVersion
        self.store = store
        self.generator = generator
        self.dispatcher = dispatcher
        self.dispatchBacklog = dispatchBacklog
        self.registry = registry
        self.outbox = outbox
        self.traffic = traffic
        self.faults = faults
        self.logger = logger
        self.lostResponseDelay = .nanoseconds(configuration.session.responseTimeout.nanoseconds * 3 / 2)
        self.fallbackLoop = eventLoopGroup.any()
        var batchers: [ObjectIdentifier: SubmitBatcher] = [:]
        for loop in eventLoopGroup.makeIterator() {
            batchers[ObjectIdentifier(loop)] = SubmitBatcher(eventLoop: loop, store: store, logger: logger) {
                [dispatcher] messages in dispatcher.dispatch(messages)
            }
        }
        self.batchers = batchers
    }

    // MARK: - Login (§7.4.1)

    func login(_ connect: CMPPConnect, peer: SocketAddress?) async -> CMPPServerLoginDecision {
        let decision = registry.admit(connect.sourceAddress) { activeConnections in
            directory.decideLogin(
                connect,
                peerIPAddress: peer?.ipAddress,
                activeConnections: activeConnections,
                highestVersion: highestVersion
            )
        }
        logger.debug(
            "CMPP login decided",
            metadata: [
                "cmpp.sp_id": "\(connect.sourceAddress)",
                "cmpp.status": "\(decision.status.rawValue)",
                "feige.reason": "\(decision.reason)",
            ]
        )
        guard decision.isAccepted, let account = decision.account else {
            return .reject(decision.status, version: highestVersion)
        }
        return .accept(account: account.spID, secret: account.secret, version: highestVersion)
    }

    func connectionOpened(_ connection: CMPPServerConnection) {
        registry.opened(connection, isShort: servesShortConnections)
        if !servesShortConnections { outbox.wakeUp([connection.account]) }
    }

    func connectionClosed(_ connection: CMPPServerConnection, error: CMPPSessionError?) {
        registry.closed(connection)
    }

    // MARK: - Requests

    func received(_ request: CMPPInboundRequest, on connection: CMPPServerConnection) {
        let fault = faults.isEmpty ? nil : faults[connection.account]
        switch request.message {
        case .submit(let submit):
            receivedSubmit(submit, request: request, on: connection, fault: fault)
        case .query(let query):
            answerLater(request, on: connection, fault: fault) { [store, logger] in
                do {
                    return .queryResponse(
                        try await store.statistics(for: query, account: connection.account).response(to: query)
                    )
                } catch {
                    logger.debug("QUERY answered with zero counts", metadata: ["feige.error": "\(error)"])
                    return .queryResponse(QueryStatistics().response(to: query))
                }
            }
        case .cancel(let cancel):
            answerLater(request, on: connection, fault: fault) { [store, dispatcher, logger] in
                var outcome = CancelOutcome.notFound
                do {
                    outcome = try await store.cancel(cancel.messageID, account: connection.account, at: Date())
                } catch {
                    logger.debug("CANCEL failed in the store", metadata: ["feige.error": "\(error)"])
                    outcome = .alreadySent
                }
                if outcome == .cancelled { dispatcher.withdraw(cancel.messageID) }
                return .cancelResponse(CMPPCancelResponse(successID: UInt32(outcome.successID)))
            }
        case .forward, .deliver, .mtRoute, .moRoute, .getRoute, .mtRouteUpdate, .moRouteUpdate, .pushMTRouteUpdate,
            .pushMORouteUpdate:
            // Not served by this gateway yet (ISMG↔ISMG and GNS traffic): refused, never left unanswered.
            if let refusal = request.message.refusal { request.respond(refusal) }
        default:
            // CONNECT, TERMINATE and ACTIVE_TEST are the session's; responses never arrive as requests.
            logger.debug(
                "unexpected request closed the link",
                metadata: ["cmpp.command": "\(request.message.commandID.name)"]
            )
            connection.close()
        }
    }

    private func receivedSubmit(
        _ submit: CMPPSubmit,
        request: CMPPInboundRequest,
        on connection: CMPPServerConnection,
        fault: FaultState?
    ) {
        traffic.receivedSubmit()
        guard let account = directory.account(spID: connection.account) else {
            request.respond(.submitResponse(CMPPSubmitResponse(messageID: .zero, result: .otherError)))
            return
        }
        let sourceID: String
        switch account.admitSubmit(submit, peerVersion: connection.version) {
        case .accept(let admitted):
            sourceID = admitted
        case .reject(let result):
            request.respond(.submitResponse(CMPPSubmitResponse(messageID: .zero, result: result)))
            return
        }
        if let limiter = directory.rateLimiter(spID: account.spID),
            let result = limiter.admit(count: submit.destinationTerminalIDs.count).result
        {
            request.respond(.submitResponse(CMPPSubmitResponse(messageID: .zero, result: result)))
            return
        }
        // Back-pressure: while dispatch lags by the configured backlog, refuse rather than queue without
        // bound; the SP sends it again later (Result 8, flow control error, §7.4.3.2). Not stored. The
        // account's rate tokens are spent either way: its rate limits what it sends, accepted or not.
        guard dispatchBacklog.admit() else {
            request.respond(.submitResponse(CMPPSubmitResponse(messageID: .zero, result: .flowControlError)))
            return
        }
        var responseDelay: TimeAmount?
        if let fault {
            switch fault.decideForSubmit() {
            case .closeLink:
                connection.close()
                return
            case .dropResponse:
                responseDelay = lostResponseDelay
            case .respond(let forcedResult, let delay):
                responseDelay = delay.map { .nanoseconds(Int64(clamping: $0.nanoseconds)) }
                if let forcedResult, forcedResult != .success {
                    // A forced error means the SP will not count the message as accepted: it is not stored.
                    let response = CMPPMessage.submitResponse(
                        CMPPSubmitResponse(messageID: .zero, result: forcedResult)
                    )
                    if let responseDelay {
                        fallbackLoop.scheduleTask(in: responseDelay) { request.respond(response) }
                    } else {
                        request.respond(response)
                    }
                    return
                }
            }
        }

        let now = Date()
        let messageID = generator.next(at: now)
        var message = AcceptedMessage(
            submit: submit,
            messageID: messageID,
            account: account.spID,
            submittedAt: now,
            validUntil: Self.date(submit.validityTime, field: "ValId_Time", receivedAt: now),
            deliverAt: Self.date(submit.atTime, field: "At_Time", receivedAt: now)
        )
        message.sourceID = sourceID
        let accepted = message
        let pending = SubmitBatcher.Pending(request: request, messageID: messageID, responseDelay: responseDelay)
        if let loop = MultiThreadedEventLoopGroup.currentEventLoop, let batcher = batchers[ObjectIdentifier(loop)] {
            batcher.append(accepted, pending: pending)
        } else {
            // Not on one of the gateway's loops (e.g. an embedded test channel): commit on its own.
            fallbackLoop.execute { [batchers, fallbackLoop] in
                batchers[ObjectIdentifier(fallbackLoop)]?.append(accepted, pending: pending)
            }
        }
    }

    /// Answers `request` with what `body` computes, honouring the account's response faults.
    private func answerLater(
        _ request: CMPPInboundRequest,
        on connection: CMPPServerConnection,
        fault: FaultState?,
        _ body: @escaping @Sendable () async -> CMPPMessage
    ) {
        var delay: TimeAmount?
        if let fault {
            switch fault.decideForRequest() {
            case .closeLink:
                connection.close()
                return
            case .dropResponse:
                delay = lostResponseDelay
            case .respond(_, let late):
                delay = late.map { .nanoseconds(Int64(clamping: $0.nanoseconds)) }
            }
        }
        let fallbackLoop = self.fallbackLoop
        Task {
            let response = await body()
            if let delay {
                fallbackLoop.scheduleTask(in: delay) { request.respond(response) }
            } else {
                request.respond(response)
            }
        }
    }

    /// ValId_Time / At_Time (SMPP 3.3 format, §7.4.3.1) as a date; `nil` when empty or unreadable (then the
    /// gateway's default applies: no expiry before the network's own, delivery at once).
    private static func date(_ text: String, field: String, receivedAt: Date) -> Date? {
        guard !text.isEmpty else { return nil }
        do {
            return try CMPPSMPPTime.parse(text, field: field)?.date(relativeTo: receivedAt)
        } catch {
            return nil
        }
    }
}
