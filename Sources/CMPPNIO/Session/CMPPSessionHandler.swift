import CMPPCore
import Foundation
import Logging
import NIOCore

/// Runs a ``CMPPSessionStateMachine`` on a channel: the one handler of a CMPP long connection, either role
/// (§6 通信方式).
///
/// Thin by design (STYLE §C 7): it decodes bytes into frames with an embedded
/// `NIOSingleStepByteToMessageProcessor<CMPPFrameDecoder>`, feeds events to the machine, and executes the
/// machine's actions in ``run(_:context:)``.
///
/// - Our requests come in as ``Command/request(_:_:)`` writes, or through ``issue(_:to:)`` on the event
///   loop; the response goes to the request's ``CMPPResponseReceiver`` (a promise, or a suspended caller).
///   Frames are encoded straight into one outbound buffer.
/// - Flushes are batched: writes made while reading are flushed in `channelReadComplete`, those made in a
///   ``batch(_:)`` (requests or answers handed over from off the loop) at its end; other writes coalesce
///   into one flush per event-loop tick.
/// - One timer, at the machine's earliest deadline, rescheduled lazily: it only moves when a new deadline
///   is earlier, and after it fires.
/// - The peer's requests surface as ``CMPPInboundRequest``s to `inbound`, called on the event loop. At W
///   unanswered ones the handler stops calling `context.read()` until one is answered.
/// - On `channelInactive` every request still queued or in flight fails with
///   ``CMPPSessionError/Code/linkClosed`` (with ``CMPPSessionError/wasSent``).
final class CMPPSessionHandler: ChannelDuplexHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = CMPPFrame
    typealias OutboundIn = Command
    typealias OutboundOut = ByteBuffer

    /// What the link's owner asks of it through the pipeline.
    enum Command {
        /// Send a request; `promise` gets the response or a ``CMPPSessionError``.
        case request(CMPPMessage, EventLoopPromise<CMPPMessage>)
        /// Terminate gracefully (§7.4.2).
        case terminate
        /// Close at once.
        case close
    }

    /// Which side of the link this is, with what it needs for the login.
    enum Role {
        /// The SP: logs in with these credentials.
        case client(CMPPCredentials)
        /// The ISMG: `authenticate` is called on the event loop with the peer's CONNECT and must complete
        /// the promise with the decision (from any thread, possibly later).
        case server(authenticate: (CMPPConnect, EventLoopPromise<CMPPServerLoginDecision>) -> Void)
    }

    private typealias Machine = CMPPSessionStateMachine<CMPPResponseReceiver>

    /// Our response to a peer's request, given off the event loop and queued for it.
    private struct Answer: Sendable {
        var sequenceID: CMPPSequenceID
        var response: CMPPMessage
    }

    // The per-frame state below is `@exclusivity(unchecked)`: a class's stored `var` otherwise pays a dynamic
    // exclusivity check (a thread-local access set) on every access, several per frame. The handler is used
    // only on its event loop, and no access to one of these overlaps another to the same one (each machine
    // event returns its action before the action runs; the decoder's callback touches the machine and the
    // outbound buffer, never the decoder).
    @exclusivity(unchecked) private var machine: Machine
    private let role: Role
    @exclusivity(unchecked) private var decoder: NIOSingleStepByteToMessageProcessor<CMPPFrameDecoder>
    private let inbound: (CMPPInboundRequest) -> Void
    // Constants, not `var`s: a stored `var` of a class costs a dynamic exclusivity check on every access.
    private let logger: Logger
    /// Whether frames are logged (trace), decided once: checked per frame.
    private let isTracing: Bool
    private let eventLoop: any EventLoop

    @exclusivity(unchecked) private var context: ChannelHandlerContext?
    @exclusivity(unchecked) private var outbound: ByteBuffer
    private var responder: (@Sendable (CMPPSequenceID, CMPPMessage) -> Void)?

    /// Set for a batch of work (from the first `channelRead` of a read batch to its `channelReadComplete`, or
    /// through a ``batch(_:)``): the batch's one clock read. While set, writes wait for the batch's one flush.
    @exclusivity(unchecked) private var batchNow: NIODeadline?
    @exclusivity(unchecked) private var isFlushScheduled = false
    private var isReadingStopped = false
    private var isReadPending = false

    private var timer: Scheduled<Void>?
    private var timerDeadline: NIODeadline?

    private let loginPromise: EventLoopPromise<CMPPConnectResponse>
    private var isLoginSettled = false
    private var isLinkLost = false
    private var isStarted = false
    private let closePromise: EventLoopPromise<CMPPSessionError?>

    /// Succeeds with CONNECT_RESP once the link is logged in; fails with why it did not.
    var loginFuture: EventLoopFuture<CMPPConnectResponse> { loginPromise.futureResult }
    /// Succeeds when the link has closed: `nil` after a graceful close, else why it closed.
    var closeFuture: EventLoopFuture<CMPPSessionError?> { closePromise.futureResult }

    /// - Parameters:
    ///   - role: client (with credentials) or server (with the login decision).
    ///   - configuration: W, T, N, C, login timeout, maximum frame length.
    ///   - eventLoop: the channel's event loop.
    ///   - logger: frames at trace, lifecycle at debug.
    ///   - inbound: receives the peer's requests, on the event loop; each must be answered.
    init(
        role: Role,
        configuration: CMPPSessionConfiguration,
        eventLoop: any EventLoop,
        logger: Logger,
        inbound: @escaping (CMPPInboundRequest) -> Void
    ) {
        let machineRole: Machine.Role
        switch role {
        case .client(let credentials):
            let connect = CMPPConnect(
                sourceAddress: credentials.spID,
                secret: credentials.secret,
                version: credentials.version,
                timestamp: CMPPTimestamp(date: Date())
            )
            machineRole = .client(
                connect: connect,
                secret: credentials.secret,
                check: credentials.ismgAuthenticatorCheck
            )
        case .server:
            machineRole = .server
        }
        self.role = role
        self.machine = Machine(role: machineRole, configuration: configuration)
        self.decoder = NIOSingleStepByteToMessageProcessor(
            CMPPFrameDecoder(version: .v2_0, maximumFrameLength: configuration.maximumFrameLength)
        )
        self.inbound = inbound
        self.logger = logger
        self.isTracing = logger.logLevel <= .trace
        self.eventLoop = eventLoop
        self.outbound = ByteBuffer()
        self.loginPromise = eventLoop.makePromise()
        self.closePromise = eventLoop.makePromise()
    }

    deinit {
        // A handler never added to a channel (or dropped unclosed) must not leak its promises.
        if !isLoginSettled {
            loginPromise.fail(CMPPSessionError.linkClosed(.connect, wasSent: false, reason: "the handler went away"))
        }
        if !isLinkLost {
            closePromise.succeed(CMPPSessionError.linkClosed(wasSent: false, reason: "the handler went away"))
        }
    }

    // MARK: - Lifecycle

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        self.outbound = context.channel.allocator.buffer(capacity: 4096)
        // A strong reference: a weak one would move the handler's reference count to a side table and make
        // every retain and release of it (several per request) take the slow path. The cycle this makes
        // (handler → responder → handler) is broken in `linkLost`; a request answered after that finds no
        // context and is ignored. Answers given off the loop share hops (a store's writer completes many at
        // once).
        let handler = NIOLoopBound(self, eventLoop: eventLoop)
        let loop = eventLoop
        let answers = CMPPLoopHandoff<Answer>()
        self.responder = { sequenceID, response in
            if loop.inEventLoop {
                handler.value.respond(sequenceID, with: response)
            } else if answers.enqueue(Answer(sequenceID: sequenceID, response: response)) {
                loop.execute {
                    let handler = handler.value
                    handler.batch {
                        for answer in answers.takeBatch() {
                            handler.respond(answer.sequenceID, with: answer.response)
                        }
                    }
                }
            }
        }
        if context.channel.isActive {
            start(context: context)
        }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        linkLost(context: context)
        self.context = nil
    }

    func channelActive(context: ChannelHandlerContext) {
        start(context: context)
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        linkLost(context: context)
        context.fireChannelInactive()
    }

    private func start(context: ChannelHandlerContext) {
        guard !isStarted else { return }
        isStarted = true
        logger.debug("CMPP link up")
        run(machine.channelActive(now: eventLoop.now), context: context)
        scheduleTimerForNextDeadline(context: context)
        flushOutbound(context: context)
    }

    private func linkLost(context: ChannelHandlerContext) {
        guard !isLinkLost else { return }
        isLinkLost = true
        responder = nil
        let loss = machine.channelInactive()
        timer?.cancel()
        timer = nil
        timerDeadline = nil
        for (receiver, error) in loss.failures {
            receiver.fail(error)
        }
        if !isLoginSettled {
            isLoginSettled = true
            loginPromise.fail(loss.error ?? CMPPSessionError.linkClosed(.connect, wasSent: false))
        }
        logger.debug(
            "CMPP link closed",
            metadata: loss.error.map { [CMPPLogKey.error.rawValue: "\($0)"] } ?? [:]
        )
        closePromise.succeed(loss.error)
    }

    // MARK: - Inbound

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let now: NIODeadline
        if let batchNow {
            now = batchNow
        } else {
            now = eventLoop.now
            batchNow = now
        }
        do {
            try decoder.process(buffer: unwrapInboundIn(data)) { frame in
                if isTracing {
                    logger.trace(
                        "CMPP frame received",
                        metadata: [
                            CMPPLogKey.command.rawValue: "\(frame.message.commandID.name)",
                            CMPPLogKey.sequenceID.rawValue: "\(frame.sequenceID)",
                        ]
                    )
                }
                run(machine.frameReceived(frame, now: now), context: context)
            }
        } catch let error as CMPPError {
            run(machine.decodingFailed(error), context: context)
        } catch {
            run(machine.errorCaught(reason: "\(error)"), context: context)
        }
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        batchNow = nil
        flushOutbound(context: context)
        context.fireChannelReadComplete()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        logger.debug("CMPP link error", metadata: [CMPPLogKey.error.rawValue: "\(error)"])
        run(machine.errorCaught(reason: "\(error)"), context: context)
    }

    // MARK: - Outbound

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        switch unwrapOutboundIn(data) {
        case .request(let message, let responsePromise):
            issue(message, to: .promise(responsePromise))
        case .terminate:
            terminate()
        case .close:
            close()
        }
        promise?.succeed(())
    }

    func flush(context: ChannelHandlerContext) {
        scheduleFlush(context: context)
    }

    func read(context: ChannelHandlerContext) {
        if isReadingStopped {
            isReadPending = true
        } else {
            context.read()
        }
    }

    /// Sends a request of ours; `receiver` gets the response. Call on the event loop.
    func issue(_ message: CMPPMessage, to receiver: CMPPResponseReceiver) {
        guard let context else {
            receiver.fail(CMPPSessionError.linkClosed(message.commandID, wasSent: false, reason: "the link closed"))
            return
        }
        run(machine.requestIssued(message, context: receiver, now: batchNow ?? eventLoop.now), context: context)
    }

    /// Runs `body` (requests issued, answers given) as one batch: one clock read for all of it, and one flush
    /// at its end instead of a task scheduled to flush at the end of the tick. Call on the event loop; inside
    /// a read batch (or another batch) it simply runs `body`.
    func batch(_ body: () -> Void) {
        guard batchNow == nil, let context else {
            body()
            return
        }
        batchNow = eventLoop.now
        body()
        batchNow = nil
        guard self.context != nil else { return }
        flushOutbound(context: context)
    }

    /// Answers the peer's request `sequenceID`. Call on the event loop; a second answer is ignored.
    func respond(_ sequenceID: CMPPSequenceID, with response: CMPPMessage) {
        guard let context else { return }
        run(machine.respond(sequenceID, with: response, now: batchNow ?? eventLoop.now), context: context)
    }

    /// Graceful termination (§7.4.2). Call on the event loop; ``closeFuture`` tells when it is done.
    func terminate() {
        guard let context else { return }
        logger.debug("CMPP link terminating")
        run(machine.terminateRequested(now: eventLoop.now), context: context)
        scheduleTimerForNextDeadline(context: context)
    }

    /// Closes at once. Call on the event loop.
    func close() {
        guard let context else { return }
        run(machine.closeRequested(), context: context)
    }

    // MARK: - Actions

    private func run(_ action: Machine.Action, context: ChannelHandlerContext) {
        switch action {
        case .none:
            break
        case .write(let frame):
            encode(frame, context: context)
            scheduleFlush(context: context)
        case .send(let send):
            sendRequest(send, context: context)
            scheduleFlush(context: context)
        case .writeAndClose(let frame, let error):
            encode(frame, context: context)
            logger.debug("CMPP link closing", metadata: error.map { [CMPPLogKey.error.rawValue: "\($0)"] } ?? [:])
            let written = context.eventLoop.makePromise(of: Void.self)
            flushOutbound(context: context, promise: written)
            written.futureResult.assumeIsolated().whenComplete { _ in
                context.close(promise: nil)
            }
        case .close(let error):
            logger.debug("CMPP link closing", metadata: error.map { [CMPPLogKey.error.rawValue: "\($0)"] } ?? [:])
            flushOutbound(context: context)
            context.close(promise: nil)
        case .forwardRequest(let frame, let stopReading):
            if stopReading {
                logger.trace("CMPP window of unanswered requests full: reading paused")
                isReadingStopped = true
            }
            guard let responder else { return }
            inbound(CMPPInboundRequest(sequenceID: frame.sequenceID, message: frame.message, responder: responder))
        case .succeedRequest(let receiver, let response, let followUp):
            receiver.succeed(response)
            run(followUp, context: context)
        case .failRequest(let receiver, let error):
            receiver.fail(error)
        case .ignoreFrame(let frame, let reason):
            logger.debug(
                "CMPP frame ignored: \(reason)",
                metadata: [
                    CMPPLogKey.command.rawValue: "\(frame.message.commandID.name)",
                    CMPPLogKey.sequenceID.rawValue: "\(frame.sequenceID)",
                ]
            )
        case .authenticate(let connect):
            authenticate(connect, context: context)
        case .loggedIn(let response, let verified, let sends):
            if verified == false {
                logger.debug("CMPP AuthenticatorISMG does not verify; login goes on (check: warn)")
            }
            logger.debug("CMPP logged in", metadata: [CMPPLogKey.status.rawValue: "\(response.status.rawValue)"])
            loggedIn(response, sends: sends, context: context)
        case .acceptLogin(let frame, let response, let sends):
            encode(frame, context: context)
            logger.debug("CMPP login accepted")
            loggedIn(response, sends: sends, context: context)
        case .respond(let frame, let followUp):
            encode(frame, context: context)
            run(followUp, context: context)
            scheduleFlush(context: context)
        }
    }

    private func run(_ followUp: Machine.FollowUp, context: ChannelHandlerContext) {
        if let send = followUp.send {
            sendRequest(send, context: context)
        }
        if let terminate = followUp.terminate {
            logger.debug("CMPP link drained: sending CMPP_TERMINATE")
            sendRequest(terminate, context: context)
        }
        if followUp.resumeReading {
            resumeReading(context: context)
        }
        if followUp.send != nil || followUp.terminate != nil {
            scheduleFlush(context: context)
        }
    }

    private func loggedIn(_ response: CMPPConnectResponse, sends: [Machine.Send], context: ChannelHandlerContext) {
        if !isLoginSettled {
            isLoginSettled = true
            loginPromise.succeed(response)
        }
        for send in sends {
            sendRequest(send, context: context)
        }
        scheduleTimerForNextDeadline(context: context)
        scheduleFlush(context: context)
    }

    private func authenticate(_ connect: CMPPConnect, context: ChannelHandlerContext) {
        guard case .server(let decide) = role else { return }
        let decision = context.eventLoop.makePromise(of: CMPPServerLoginDecision.self)
        decide(connect, decision)
        decision.futureResult.assumeIsolated().whenComplete { result in
            guard let context = self.context else { return }
            let verdict =
                (try? result.get())
                ?? CMPPServerLoginDecision.reject(.otherError)
            self.run(
                self.machine.loginDecided(
                    status: verdict.status,
                    secret: verdict.secret,
                    version: verdict.version,
                    now: self.eventLoop.now
                ),
                context: context
            )
            self.flushOutbound(context: context)
        }
    }

    private func sendRequest(_ send: Machine.Send, context: ChannelHandlerContext) {
        do {
            try outbound.writeCMPPFrame(send.frame, version: .v2_0)
            traceSent(send.frame)
            armTimer(at: send.deadline, context: context)
        } catch {
            // The request does not encode (a field too long…): take it back and fail it with the reason.
            guard let (receiver, followUp) = machine.requestWithdrawn(send.frame.sequenceID, now: eventLoop.now)
            else { return }
            receiver.fail(error)
            run(followUp, context: context)
        }
    }

    private func encode(_ frame: CMPPFrame, context: ChannelHandlerContext) {
        do {
            try outbound.writeCMPPFrame(frame, version: .v2_0)
            traceSent(frame)
        } catch {
            // Only our responses can fail here (the application's response to a peer's request).
            logger.debug(
                "CMPP frame not encodable: dropped",
                metadata: [
                    CMPPLogKey.command.rawValue: "\(frame.message.commandID.name)",
                    CMPPLogKey.sequenceID.rawValue: "\(frame.sequenceID)",
                    CMPPLogKey.error.rawValue: "\(error)",
                ]
            )
        }
    }

    private func traceSent(_ frame: CMPPFrame) {
        if isTracing {
            logger.trace(
                "CMPP frame sent",
                metadata: [
                    CMPPLogKey.command.rawValue: "\(frame.message.commandID.name)",
                    CMPPLogKey.sequenceID.rawValue: "\(frame.sequenceID)",
                ]
            )
        }
    }

    // MARK: - Flushing and reading

    /// Writes and flushes whatever frames were encoded.
    private func flushOutbound(context: ChannelHandlerContext, promise: EventLoopPromise<Void>? = nil) {
        guard outbound.readableBytes > 0 else {
            promise?.succeed(())
            return
        }
        let bytes = outbound
        outbound.clear()
        context.writeAndFlush(wrapOutboundOut(bytes), promise: promise)
    }

    /// Flushes at the end of the read batch, or once at the end of this event-loop tick.
    private func scheduleFlush(context: ChannelHandlerContext) {
        guard batchNow == nil, !isFlushScheduled else { return }
        isFlushScheduled = true
        context.eventLoop.assumeIsolated().execute {
            self.isFlushScheduled = false
            guard let context = self.context else { return }
            self.flushOutbound(context: context)
        }
    }

    private func resumeReading(context: ChannelHandlerContext) {
        guard isReadingStopped else { return }
        isReadingStopped = false
        logger.trace("CMPP unanswered requests below the window: reading resumed")
        if isReadPending {
            isReadPending = false
            context.read()
        }
    }

    // MARK: - Timer

    /// Makes sure the timer fires no later than `deadline`.
    private func armTimer(at deadline: NIODeadline, context: ChannelHandlerContext) {
        if let timerDeadline, timerDeadline <= deadline { return }
        timer?.cancel()
        timerDeadline = deadline
        timer = context.eventLoop.assumeIsolated().scheduleTask(deadline: deadline) {
            self.timerFired()
        }
    }

    private func scheduleTimerForNextDeadline(context: ChannelHandlerContext) {
        if let deadline = machine.nextDeadline {
            armTimer(at: deadline, context: context)
        }
    }

    private func timerFired() {
        timer = nil
        timerDeadline = nil
        guard let context else { return }
        let actions = machine.timerFired(now: eventLoop.now)
        for frame in actions.writes {
            if frame.message.commandID == .activeTest {
                logger.debug("CMPP link idle: sending CMPP_ACTIVE_TEST")
            }
            encode(frame, context: context)
        }
        for send in actions.sends {
            sendRequest(send, context: context)
        }
        for (receiver, error) in actions.failures {
            logger.debug("CMPP request unanswered", metadata: [CMPPLogKey.error.rawValue: "\(error)"])
            receiver.fail(error)
        }
        flushOutbound(context: context)
        if actions.close {
            logger.debug(
                "CMPP link closing",
                metadata: actions.closeError.map { [CMPPLogKey.error.rawValue: "\($0)"] } ?? [:]
            )
            context.close(promise: nil)
            return
        }
        scheduleTimerForNextDeadline(context: context)
    }
}

@available(*, unavailable)
extension CMPPSessionHandler: Sendable {}
