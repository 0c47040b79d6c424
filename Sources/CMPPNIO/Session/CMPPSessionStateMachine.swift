import CMPPCore
import NIOCore

/// The protocol logic of one CMPP long connection, either role (§6 通信方式, §7.4.1 CMPP_CONNECT,
/// §7.4.2 CMPP_TERMINATE, §7.4.7 CMPP_ACTIVE_TEST): login, the request window with T/N resends, the
/// link test, inbound back-pressure and graceful termination.
///
/// A pure value (STYLE §C 7): events come in, ``Action``s come out, and ``CMPPSessionHandler`` executes
/// them. Instants are passed in, so tests need no clock; `Context` is what the caller attaches to each of
/// its requests (a promise in the handler).
///
/// - Client (the SP): sends CONNECT on channel active and waits for CONNECT_RESP within the login timeout;
///   Status ≠ 0 is ``CMPPSessionError/Code/loginRejected``; AuthenticatorISMG is checked per
///   ``CMPPCredentials/ismgAuthenticatorCheck`` (fact sheet §11 #1, #20).
/// - Server (the ISMG): waits for CONNECT within the login timeout ("Nothing but CONNECT before login":
///   anything else closes the link), asks for a decision (``Action/authenticate(_:)``), answers CONNECT_RESP
///   with AuthenticatorISMG = MD5(Status ‖ AuthenticatorSource ‖ secret), or an empty one on failure
///   (§7.4.1.2 "认证出错时，此项为空"), and closes after a failed CONNECT_RESP.
/// - Ready: our requests go through ``CMPPRequestWindow``; the peer's requests are surfaced and counted, and
///   at W unanswered the link stops reading until one is answered; ACTIVE_TEST and TERMINATE are answered
///   here; ``CMPPKeepAlive`` probes an idle link.
/// - Terminating (ours): no new requests; once every request in flight, both ways, is answered, TERMINATE
///   goes out; TERMINATE_RESP (or T without it) closes the link.
struct CMPPSessionStateMachine<Context> {
    typealias Window = CMPPRequestWindow<Context>
    typealias Send = Window.Send

    /// Which side of the link this is.
    enum Role {
        /// The SP: logs in with `connect`, then checks AuthenticatorISMG with `secret` per `check`.
        case client(connect: CMPPConnect, secret: String, check: CMPPCredentials.ISMGAuthenticatorCheck)
        /// The ISMG: waits for CONNECT.
        case server
    }

    /// What else a response or an answer to the peer set off.
    struct FollowUp {
        /// A queued request released into a freed window slot.
        var send: Send?
        /// Our TERMINATE, once a graceful termination has drained the link (§7.4.2).
        var terminate: Send?
        /// The peer's requests fell below W: read again.
        var resumeReading: Bool = false

        static var none: FollowUp { FollowUp() }
    }

    /// What the handler must do.
    enum Action {
        case none
        /// Write a frame that is not one of our windowed requests: CONNECT, ACTIVE_TEST_RESP, TERMINATE.
        case write(CMPPFrame)
        /// Write our request; it is due a response by the deadline.
        case send(Send)
        /// Write the frame, and once it is flushed close the link (TERMINATE_RESP; a failed CONNECT_RESP).
        case writeAndClose(CMPPFrame, CMPPSessionError?)
        /// Close the link now; `nil` is a graceful close.
        case close(CMPPSessionError?)
        /// Hand the peer's request to the application; `stopReading` once W of them are unanswered.
        case forwardRequest(CMPPFrame, stopReading: Bool)
        /// Our request with this context got its response.
        case succeedRequest(Context, CMPPMessage, FollowUp)
        /// Our request failed before it was sent.
        case failRequest(Context, CMPPSessionError)
        /// The frame was dropped: a response to nothing in flight, a duplicate request… Log it.
        case ignoreFrame(CMPPFrame, reason: String)
        /// Server: decide on this CONNECT, then call ``loginDecided(status:secret:version:now:)``.
        case authenticate(CMPPConnect)
        /// Client: logged in. `authenticatorVerified` is `nil` when not checked. Write `sends`, the
        /// requests queued during login.
        case loggedIn(CMPPConnectResponse, authenticatorVerified: Bool?, sends: [Send])
        /// Server: write the accepting CONNECT_RESP, then the requests queued during login.
        case acceptLogin(CMPPFrame, CMPPConnectResponse, sends: [Send])
        /// Write our response to the peer's request.
        case respond(CMPPFrame, FollowUp)
    }

    /// What a timer expiry asks for, in order: write, fail, then close if asked.
    struct TimerActions {
        /// Resends (same frame) and ACTIVE_TEST probes.
        var writes: [CMPPFrame] = []
        /// Queued requests released into freed slots; TERMINATE after a drain.
        var sends: [Send] = []
        /// Requests that got no response after N sends.
        var failures: [(Context, CMPPSessionError)] = []
        /// Close the link, with this error (`nil`: gracefully).
        var close: Bool = false
        var closeError: CMPPSessionError?
    }

    /// What the link's loss leaves behind.
    struct LinkLoss {
        /// Requests that were queued or in flight, each with its error (``CMPPSessionError/Code/linkClosed``
        /// with ``CMPPSessionError/wasSent``).
        var failures: [(Context, CMPPSessionError)]
        /// Why the link closed; `nil` after a graceful close.
        var error: CMPPSessionError?
        /// Whether the link had logged in.
        var wasLoggedIn: Bool
    }

    private enum State {
        case initial(Role)
        case clientAwaitingConnectResponse(
            connect: CMPPConnect,
            secret: String,
            check: CMPPCredentials.ISMGAuthenticatorCheck,
            deadline: NIODeadline
        )
        case serverAwaitingConnect(deadline: NIODeadline)
        case serverAuthenticating(CMPPConnect, CMPPSequenceID, deadline: NIODeadline)
        case ready
        /// Our graceful termination: waiting for requests in flight, both ways, to be answered.
        case draining
        case awaitingTerminateResponse(deadline: NIODeadline)
        /// Closed or closing; `error` is why (`nil`: gracefully).
        case closed(error: CMPPSessionError?, wasLoggedIn: Bool)
    }

    private struct InboundRequest {
        var sequenceID: CMPPSequenceID
        var expectedResponse: CMPPMessage.CommandID
    }

    private var state: State
    private var window: Window
    private var keepAlive: CMPPKeepAlive?
    /// The peer's requests not yet answered: their Sequence_Id and the response Command_Id they expect.
    /// A flat array: at most about W entries (reading stops at W), searched linearly.
    private var inboundOutstanding: [InboundRequest] = []
    private var isReadingStopped = false
    /// Mirrors ``State/draining``.
    private var isDraining = false
    let configuration: CMPPSessionConfiguration

    init(role: Role, configuration: CMPPSessionConfiguration, firstSequenceID: CMPPSequenceID = 1) {
        self.state = .initial(role)
        self.configuration = configuration
        self.window = Window(
            capacity: max(1, configuration.window),
            responseTimeout: configuration.responseTimeout,
            maximumSends: configuration.maximumSends,
            firstSequenceID: firstSequenceID,
            paused: true
        )
        self.inboundOutstanding.reserveCapacity(max(1, configuration.window) * 2)
    }

    // MARK: - Queries

    /// Whether the link is logged in and takes requests.
    var isReady: Bool {
        if case .ready = state { return true }
        return false
    }

    /// Whether the machine reached its terminal state.
    var isClosed: Bool {
        if case .closed = state { return true }
        return false
    }

    /// Our requests in flight.
    var inFlightCount: Int { window.inFlightCount }
    /// Our requests waiting for a window slot.
    var queuedCount: Int { window.queuedCount }
    /// The peer's requests not yet answered.
    var inboundUnansweredCount: Int { inboundOutstanding.count }

    /// When ``timerFired(now:)`` next has something to do. O(W): ask after state changes and timer
    /// expiries, not per request (each ``Send`` carries its own deadline).
    var nextDeadline: NIODeadline? {
        switch state {
        case .initial, .closed:
            return nil
        case .clientAwaitingConnectResponse(_, _, _, let deadline), .serverAwaitingConnect(let deadline),
            .serverAuthenticating(_, _, let deadline), .awaitingTerminateResponse(let deadline):
            return deadline
        case .ready, .draining:
            let heartbeat = keepAlive?.nextDeadline
            guard let requests = window.nextDeadline else { return heartbeat }
            guard let heartbeat else { return requests }
            return min(requests, heartbeat)
        }
    }

    // MARK: - Incoming

    /// The TCP connection is up.
    mutating func channelActive(now: NIODeadline) -> Action {
        guard case .initial(let role) = state else { return .none }
        let deadline = now + configuration.loginTimeout
        switch role {
        case .client(let connect, let secret, let check):
            state = .clientAwaitingConnectResponse(connect: connect, secret: secret, check: check, deadline: deadline)
            return .write(CMPPFrame(sequenceID: window.allocateSequenceID(), message: .connect(connect)))
        case .server:
            state = .serverAwaitingConnect(deadline: deadline)
            return .none
        }
    }

    /// A frame arrived at `now`.
    mutating func frameReceived(_ frame: CMPPFrame, now: NIODeadline) -> Action {
        switch state {
        case .initial, .closed:
            return .ignoreFrame(frame, reason: "the link is not open")
        case .clientAwaitingConnectResponse(let connect, let secret, let check, _):
            return clientLogin(frame, connect: connect, secret: secret, check: check, now: now)
        case .serverAwaitingConnect:
            guard case .connect(let connect) = frame.message else {
                return closeForViolation(frame, "\(frame.message.commandID.name) before CMPP_CONNECT")
            }
            state = .serverAuthenticating(connect, frame.sequenceID, deadline: now + configuration.loginTimeout)
            return .authenticate(connect)
        case .serverAuthenticating:
            return closeForViolation(frame, "\(frame.message.commandID.name) while CMPP_CONNECT is being decided")
        case .ready, .draining, .awaitingTerminateResponse:
            keepAlive?.received(at: now)
            return loggedInFrame(frame, now: now)
        }
    }

    private mutating func clientLogin(
        _ frame: CMPPFrame,
        connect: CMPPConnect,
        secret: String,
        check: CMPPCredentials.ISMGAuthenticatorCheck,
        now: NIODeadline
    ) -> Action {
        guard case .connectResponse(let response) = frame.message else {
            return closeForViolation(frame, "\(frame.message.commandID.name) before CMPP_CONNECT_RESP")
        }
        guard response.status == .success else {
            state = .closed(error: .loginRejected(response.status), wasLoggedIn: false)
            return .close(.loginRejected(response.status))
        }
        var verified: Bool?
        if check != .ignore {
            verified =
                CMPPAuthentication.verify(response, authenticatorSource: connect.authenticatorSource, secret: secret)
                != nil
            if verified == false, check == .strict {
                let error = CMPPSessionError(
                    code: .authenticatorMismatch,
                    commandID: .connectResponse,
                    sequenceID: frame.sequenceID,
                    reason: "AuthenticatorISMG does not verify under any known Status encoding"
                )
                state = .closed(error: error, wasLoggedIn: false)
                return .close(error)
            }
        }
        becomeReady(now: now)
        return .loggedIn(response, authenticatorVerified: verified, sends: window.resume(now: now))
    }

    private mutating func loggedInFrame(_ frame: CMPPFrame, now: NIODeadline) -> Action {
        let commandID = frame.message.commandID
        if commandID.isResponse {
            switch frame.message {
            case .activeTestResponse:
                // Already counted as life by the keep-alive.
                return .none
            case .terminateResponse:
                guard case .awaitingTerminateResponse = state else {
                    return .ignoreFrame(frame, reason: "CMPP_TERMINATE_RESP to no CMPP_TERMINATE")
                }
                state = .closed(error: nil, wasLoggedIn: true)
                return .close(nil)
            case .connectResponse:
                return .ignoreFrame(frame, reason: "CMPP_CONNECT_RESP after login")
            default:
                return windowResponse(frame, now: now)
            }
        }
        switch frame.message {
        case .activeTest:
            return .write(
                CMPPFrame(
                    sequenceID: frame.sequenceID,
                    message: .activeTestResponse(CMPPActiveTestResponse(reserved: 0))
                )
            )
        case .terminate:
            let error = CMPPSessionError(
                code: .terminated,
                commandID: .terminate,
                sequenceID: frame.sequenceID,
                reason: "the peer sent CMPP_TERMINATE"
            )
            if case .awaitingTerminateResponse = state {
                // Both sides terminated at once: answer and close, gracefully.
                state = .closed(error: nil, wasLoggedIn: true)
                return .writeAndClose(CMPPFrame(sequenceID: frame.sequenceID, message: .terminateResponse), nil)
            }
            state = .closed(error: error, wasLoggedIn: true)
            return .writeAndClose(CMPPFrame(sequenceID: frame.sequenceID, message: .terminateResponse), error)
        case .connect:
            return closeForViolation(frame, "CMPP_CONNECT after login")
        default:
            if case .awaitingTerminateResponse = state {
                return .ignoreFrame(frame, reason: "request after our CMPP_TERMINATE")
            }
            if inboundOutstanding.contains(where: { $0.sequenceID == frame.sequenceID }) {
                // The peer resent a request we have not answered yet (T passed): the original is still
                // being handled and its response will answer both.
                return .ignoreFrame(frame, reason: "resend of an unanswered request")
            }
            inboundOutstanding.append(
                InboundRequest(sequenceID: frame.sequenceID, expectedResponse: commandID.response ?? commandID)
            )
            let stop = !isReadingStopped && inboundOutstanding.count >= window.capacity
            if stop { isReadingStopped = true }
            return .forwardRequest(frame, stopReading: stop)
        }
    }

    private mutating func windowResponse(_ frame: CMPPFrame, now: NIODeadline) -> Action {
        switch window.receivedResponse(frame, now: now) {
        case .matched(let context, let response, _, let next):
            var followUp = FollowUp(send: next)
            followUp.terminate = terminateIfDrained(now: now)
            return .succeedRequest(context, response, followUp)
        case .unknownSequenceID(let sequenceID):
            return .ignoreFrame(frame, reason: "no request in flight has Sequence_Id \(sequenceID)")
        case .unexpectedCommand(_, let expected, let received):
            return .ignoreFrame(frame, reason: "expected \(expected.name), got \(received.name)")
        }
    }

    /// Server: the login decision for the CONNECT of ``Action/authenticate(_:)``. `secret` computes
    /// AuthenticatorISMG when `status` is 0 (§7.4.1.2); `version` is CONNECT_RESP's Version.
    mutating func loginDecided(
        status: CMPPConnectStatus,
        secret: String?,
        version: CMPPVersion,
        now: NIODeadline
    ) -> Action {
        guard case .serverAuthenticating(let connect, let sequenceID, _) = state else { return .none }
        let accepted = status == .success
        let authenticator =
            accepted
            ? CMPPAuthentication.authenticatorISMG(
                status: status,
                authenticatorSource: connect.authenticatorSource,
                secret: secret ?? "",
                statusEncoding: .standard(for: version)
            ) : .empty
        let response = CMPPConnectResponse(status: status, authenticatorISMG: authenticator, version: version)
        let frame = CMPPFrame(sequenceID: sequenceID, message: .connectResponse(response))
        guard accepted else {
            let error = CMPPSessionError.loginRejected(status)
            state = .closed(error: error, wasLoggedIn: false)
            return .writeAndClose(frame, error)
        }
        becomeReady(now: now)
        return .acceptLogin(frame, response, sends: window.resume(now: now))
    }

    /// The frame decoder failed: the stream cannot be trusted, close (§7.3).
    mutating func decodingFailed(_ error: CMPPError) -> Action {
        if case .closed = state { return .none }
        let sessionError = CMPPSessionError(
            code: .protocolViolation,
            commandID: error.commandID.flatMap(CMPPMessage.CommandID.init(rawValue:)),
            sequenceID: error.sequenceID,
            reason: "undecodable frame: \(error.code)"
        )
        state = .closed(error: sessionError, wasLoggedIn: wasLoggedIn)
        return .close(sessionError)
    }

    /// The channel reported an error: close with it.
    mutating func errorCaught(reason: String) -> Action {
        if case .closed = state { return .none }
        let error = CMPPSessionError.linkClosed(wasSent: false, reason: reason)
        state = .closed(error: error, wasLoggedIn: wasLoggedIn)
        return .close(error)
    }

    /// The TCP connection is gone: every request still queued or in flight fails.
    mutating func channelInactive() -> LinkLoss {
        let error: CMPPSessionError?
        let loggedIn = wasLoggedIn
        switch state {
        case .closed(let reason, _):
            error = reason
        case .awaitingTerminateResponse:
            error = nil
        case .initial, .clientAwaitingConnectResponse, .serverAwaitingConnect, .serverAuthenticating:
            error = .linkClosed(.connect, wasSent: false, reason: "the connection closed during login")
        case .ready, .draining:
            error = .linkClosed(wasSent: false, reason: "the connection closed")
        }
        state = .closed(error: error, wasLoggedIn: loggedIn)
        keepAlive = nil
        inboundOutstanding.removeAll()
        let reason = error.map { "\($0.code)" } ?? "the link closed"
        let failures = window.linkLost().map { abandoned in
            (
                abandoned.context,
                CMPPSessionError.linkClosed(
                    abandoned.commandID,
                    sequenceID: abandoned.sequenceID,
                    wasSent: abandoned.wasSent,
                    reason: reason
                )
            )
        }
        return LinkLoss(failures: failures, error: error, wasLoggedIn: loggedIn)
    }

    // MARK: - Outgoing

    /// A request of ours (SUBMIT, DELIVER, QUERY, …). CONNECT, TERMINATE and ACTIVE_TEST are the session's.
    mutating func requestIssued(_ message: CMPPMessage, context: Context, now: NIODeadline) -> Action {
        let commandID = message.commandID
        guard !commandID.isResponse, commandID != .connect, commandID != .terminate, commandID != .activeTest else {
            return .failRequest(
                context,
                CMPPSessionError(
                    code: .protocolViolation,
                    commandID: commandID,
                    reason: "\(commandID.name) is not a request the application may send"
                )
            )
        }
        switch state {
        case .initial, .clientAwaitingConnectResponse, .serverAwaitingConnect, .serverAuthenticating, .ready:
            switch window.enqueue(message, context: context, now: now) {
            case .send(let send): return .send(send)
            case .queued: return .none
            }
        case .draining, .awaitingTerminateResponse:
            return .failRequest(
                context,
                CMPPSessionError(code: .terminated, commandID: commandID, reason: "the link is terminating")
            )
        case .closed(let error, _):
            return .failRequest(
                context,
                .linkClosed(commandID, wasSent: false, reason: error.map { "\($0.code)" } ?? "the link closed")
            )
        }
    }

    /// A request we took back because it could not be encoded; fail `context` with the encoding error.
    mutating func requestWithdrawn(_ sequenceID: CMPPSequenceID, now: NIODeadline) -> (Context, FollowUp)? {
        guard let (context, next) = window.withdraw(sequenceID, now: now) else { return nil }
        var followUp = FollowUp(send: next)
        followUp.terminate = terminateIfDrained(now: now)
        return (context, followUp)
    }

    /// The application answers the peer's request `sequenceID`. A second answer, or one for a request the
    /// link never surfaced, is ignored (``Action/none``); so is a message that is not the request's response
    /// (e.g. a SUBMIT_RESP to a DELIVER), which leaves the request unanswered (``Action/ignoreFrame(_:reason:)``).
    mutating func respond(_ sequenceID: CMPPSequenceID, with response: CMPPMessage, now: NIODeadline) -> Action {
        switch state {
        case .ready, .draining, .awaitingTerminateResponse:
            break
        default:
            return .none
        }
        guard let index = inboundOutstanding.firstIndex(where: { $0.sequenceID == sequenceID }) else { return .none }
        let expected = inboundOutstanding[index].expectedResponse
        guard response.commandID == expected else {
            return .ignoreFrame(
                CMPPFrame(sequenceID: sequenceID, message: response),
                reason: "the answer must be \(expected.name); the request stays unanswered"
            )
        }
        inboundOutstanding.swapAt(index, inboundOutstanding.count - 1)
        inboundOutstanding.removeLast()
        var followUp = FollowUp.none
        if isReadingStopped, inboundOutstanding.count < window.capacity {
            isReadingStopped = false
            followUp.resumeReading = true
        }
        followUp.terminate = terminateIfDrained(now: now)
        return .respond(CMPPFrame(sequenceID: sequenceID, message: response), followUp)
    }

    /// Graceful termination (§7.4.2): stop taking requests, let those in flight finish, send TERMINATE,
    /// wait at most T for TERMINATE_RESP. Before login it simply closes.
    mutating func terminateRequested(now: NIODeadline) -> Action {
        switch state {
        case .initial, .clientAwaitingConnectResponse, .serverAwaitingConnect, .serverAuthenticating:
            state = .closed(error: nil, wasLoggedIn: false)
            return .close(nil)
        case .ready:
            state = .draining
            isDraining = true
            if let terminate = terminateIfDrained(now: now) { return .send(terminate) }
            return .none
        case .draining, .awaitingTerminateResponse, .closed:
            return .none
        }
    }

    /// Close at once (``CMPPClientLink/close()``); the requests left fail on ``channelInactive()``.
    mutating func closeRequested() -> Action {
        if case .closed = state { return .none }
        state = .closed(error: nil, wasLoggedIn: wasLoggedIn)
        return .close(nil)
    }

    // MARK: - Timer

    /// The single timer fired at `now`: login timeout, resends and failures after N sends, ACTIVE_TEST,
    /// TERMINATE_RESP timeout.
    mutating func timerFired(now: NIODeadline) -> TimerActions {
        var actions = TimerActions()
        switch state {
        case .initial, .closed:
            break
        case .clientAwaitingConnectResponse(_, _, _, let deadline), .serverAwaitingConnect(let deadline),
            .serverAuthenticating(_, _, let deadline):
            guard now >= deadline else { break }
            let error = CMPPSessionError(
                code: .loginTimeout,
                commandID: .connect,
                reason: "no login within \(configuration.loginTimeout.nanoseconds / 1_000_000) ms"
            )
            state = .closed(error: error, wasLoggedIn: false)
            actions.close = true
            actions.closeError = error
        case .awaitingTerminateResponse(let deadline):
            guard now >= deadline else { break }
            state = .closed(error: nil, wasLoggedIn: true)
            actions.close = true
        case .ready, .draining:
            let expiry = window.timerFired(now: now)
            actions.writes = expiry.resends
            actions.failures = expiry.failures
            actions.sends = expiry.sends
            var heartbeat = keepAlive
            let heartbeatAction = heartbeat?.timerFired(now: now, allocate: { window.allocateSequenceID() }) ?? .none
            keepAlive = heartbeat
            switch heartbeatAction {
            case .none:
                break
            case .sendProbe(let sequenceID, _):
                actions.writes.append(CMPPFrame(sequenceID: sequenceID, message: .activeTest))
            case .linkDead(let sends):
                let error = CMPPSessionError(
                    code: .heartbeatTimeout,
                    commandID: .activeTest,
                    reason: "\(sends) CMPP_ACTIVE_TEST unanswered"
                )
                state = .closed(error: error, wasLoggedIn: true)
                actions.close = true
                actions.closeError = error
                return actions
            }
            if let terminate = terminateIfDrained(now: now) {
                actions.sends.append(terminate)
            }
        }
        return actions
    }

    // MARK: - Helpers

    private var wasLoggedIn: Bool {
        switch state {
        case .ready, .draining, .awaitingTerminateResponse: true
        case .closed(_, let wasLoggedIn): wasLoggedIn
        default: false
        }
    }

    private mutating func becomeReady(now: NIODeadline) {
        state = .ready
        keepAlive = CMPPKeepAlive(
            idleInterval: configuration.heartbeatInterval,
            responseTimeout: configuration.responseTimeout,
            maximumSends: configuration.maximumSends,
            now: now
        )
    }

    /// In ``State/draining`` with nothing in flight either way: move on to TERMINATE.
    private mutating func terminateIfDrained(now: NIODeadline) -> Send? {
        // The flag keeps this per-response check from inspecting `state`.
        guard isDraining, window.isEmpty, inboundOutstanding.isEmpty, case .draining = state else { return nil }
        isDraining = false
        let deadline = now + configuration.responseTimeout
        state = .awaitingTerminateResponse(deadline: deadline)
        return Send(frame: CMPPFrame(sequenceID: window.allocateSequenceID(), message: .terminate), deadline: deadline)
    }

    private mutating func closeForViolation(_ frame: CMPPFrame, _ reason: String) -> Action {
        let error = CMPPSessionError(
            code: .protocolViolation,
            commandID: frame.message.commandID,
            sequenceID: frame.sequenceID,
            reason: reason
        )
        state = .closed(error: error, wasLoggedIn: wasLoggedIn)
        return .close(error)
    }
}
