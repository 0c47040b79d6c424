import CMPPCore
import NIOCore
import Testing

@testable import CMPPNIO

@Suite("CMPPSessionStateMachine")
struct CMPPSessionStateMachineTests {
    typealias Machine = CMPPSessionStateMachine<Int>
    let t0 = SessionFixtures.t0
    let connect = SessionFixtures.connect

    // MARK: - Helpers

    private func client(
        check: CMPPCredentials.ISMGAuthenticatorCheck = .strict,
        configuration: CMPPSessionConfiguration = SessionFixtures.configuration
    ) -> Machine {
        Machine(role: .client(connect: connect, secret: "888888", check: check), configuration: configuration)
    }

    private func connectResponse(status: CMPPConnectStatus = .success, secret: String = "888888") -> CMPPFrame {
        let authenticator = CMPPAuthentication.authenticatorISMG(
            status: status,
            authenticatorSource: connect.authenticatorSource,
            secret: secret
        )
        return CMPPFrame(
            sequenceID: 1,
            message: .connectResponse(
                CMPPConnectResponse(status: status, authenticatorISMG: authenticator, version: .v2_0)
            )
        )
    }

    /// A client logged in at t0.
    private func readyClient(configuration: CMPPSessionConfiguration = SessionFixtures.configuration) -> Machine {
        var machine = client(configuration: configuration)
        _ = machine.channelActive(now: t0)
        _ = machine.frameReceived(connectResponse(), now: t0)
        return machine
    }

    /// A server that accepted a login at t0.
    private func readyServer() -> Machine {
        var machine = Machine(role: .server, configuration: SessionFixtures.configuration)
        _ = machine.channelActive(now: t0)
        _ = machine.frameReceived(CMPPFrame(sequenceID: 1, message: .connect(connect)), now: t0)
        _ = machine.loginDecided(status: .success, secret: "888888", version: .v2_0, now: t0)
        return machine
    }

    private func sent(_ action: Machine.Action) -> Machine.Send? {
        if case .send(let send) = action { return send }
        return nil
    }

    private func closeError(_ action: Machine.Action) -> CMPPSessionError?? {
        if case .close(let error) = action { return .some(error) }
        return nil
    }

    // MARK: - Client login

    @Test("client: CONNECT on channel active, logged in on CONNECT_RESP Status 0 with a verified authenticator")
    func clientLogsIn() throws {
        var machine = client()
        guard case .write(let frame) = machine.channelActive(now: t0) else {
            Issue.record("the client must send CONNECT first")
            return
        }
        #expect(frame.message == .connect(connect))
        #expect(machine.nextDeadline == t0 + .seconds(5))
        guard case .loggedIn(let response, let verified, let sends) = machine.frameReceived(connectResponse(), now: t0)
        else {
            Issue.record("expected loggedIn")
            return
        }
        #expect(response.status == .success)
        #expect(verified == true)
        #expect(sends.isEmpty)
        #expect(machine.isReady)
        #expect(machine.nextDeadline == t0 + .seconds(60))
    }

    @Test("client: Status ≠ 0 fails the login with loginRejected and the Status", arguments: [2, 3, 4, 5] as [UInt32])
    func clientRejected(status: UInt32) throws {
        var machine = client()
        _ = machine.channelActive(now: t0)
        let error = try #require(
            closeError(machine.frameReceived(connectResponse(status: .init(rawValue: status)), now: t0))
        )
        #expect(error == CMPPSessionError(code: .loginRejected))
        #expect(error?.connectStatus == CMPPConnectStatus(rawValue: status))
        #expect(machine.isClosed)
    }

    @Test(
        "client: a wrong AuthenticatorISMG fails only a strict check",
        arguments: [
            (CMPPCredentials.ISMGAuthenticatorCheck.strict, false, Bool?.none),
            (.warn, true, Bool?.some(false)),
            (.ignore, true, Bool?.none),
        ]
    )
    func clientAuthenticatorCheck(check: CMPPCredentials.ISMGAuthenticatorCheck, logsIn: Bool, verified: Bool?) {
        var machine = client(check: check)
        _ = machine.channelActive(now: t0)
        let action = machine.frameReceived(connectResponse(secret: "wrong"), now: t0)
        switch action {
        case .loggedIn(_, let reported, _):
            #expect(logsIn)
            #expect(reported == verified)
        case .close(let error):
            #expect(!logsIn)
            #expect(error == CMPPSessionError(code: .authenticatorMismatch))
        default:
            Issue.record("unexpected \(action)")
        }
    }

    @Test("client: no CONNECT_RESP within the login timeout closes with loginTimeout")
    func clientLoginTimeout() {
        var machine = client()
        _ = machine.channelActive(now: t0)
        #expect(!machine.timerFired(now: t0 + .seconds(4)).close)
        let actions = machine.timerFired(now: t0 + .seconds(5))
        #expect(actions.close)
        #expect(actions.closeError == CMPPSessionError(code: .loginTimeout))
    }

    @Test("client: anything but CONNECT_RESP before login is a protocol violation")
    func clientViolation() throws {
        var machine = client()
        _ = machine.channelActive(now: t0)
        let error = try #require(
            closeError(machine.frameReceived(CMPPFrame(sequenceID: 5, message: .activeTest), now: t0))
        )
        #expect(error == CMPPSessionError(code: .protocolViolation))
    }

    @Test("client: requests issued during login wait and go out once logged in")
    func clientQueuesDuringLogin() {
        var machine = client()
        _ = machine.channelActive(now: t0)
        guard case .none = machine.requestIssued(SessionFixtures.submit(), context: 1, now: t0) else {
            Issue.record("a request before login waits")
            return
        }
        guard case .loggedIn(_, _, let sends) = machine.frameReceived(connectResponse(), now: t0 + .seconds(1)) else {
            Issue.record("expected loggedIn")
            return
        }
        #expect(sends.map(\.frame.message) == [SessionFixtures.submit()])
        #expect(sends.first?.frame.sequenceID != 1)  // 1 was the CONNECT's
    }

    // MARK: - Server login

    @Test("server: CONNECT is decided, then CONNECT_RESP carries AuthenticatorISMG and the link is ready")
    func serverAcceptsLogin() {
        var machine = Machine(role: .server, configuration: SessionFixtures.configuration)
        guard case .none = machine.channelActive(now: t0) else {
            Issue.record("the server waits for CONNECT")
            return
        }
        guard
            case .authenticate(let received) = machine.frameReceived(
                CMPPFrame(sequenceID: 9, message: .connect(connect)),
                now: t0
            )
        else {
            Issue.record("expected authenticate")
            return
        }
        #expect(received == connect)
        guard
            case .acceptLogin(let frame, let response, _) = machine.loginDecided(
                status: .success,
                secret: "888888",
                version: .v2_0,
                now: t0
            )
        else {
            Issue.record("expected acceptLogin")
            return
        }
        #expect(frame.sequenceID == 9)
        #expect(response.status == .success)
        // Fact sheet §10 ex. 2: Status 0, 2.x, secret 888888.
        #expect(response.authenticatorISMG.hexString == "6c0b846e25bab6daa4ed1c466e0f4bd8")
        #expect(machine.isReady)
    }

    @Test("server: a rejected CONNECT gets CONNECT_RESP with an empty authenticator, then the link closes")
    func serverRejectsLogin() {
        var machine = Machine(role: .server, configuration: SessionFixtures.configuration)
        _ = machine.channelActive(now: t0)
        _ = machine.frameReceived(CMPPFrame(sequenceID: 9, message: .connect(connect)), now: t0)
        guard
            case .writeAndClose(let frame, let error) = machine.loginDecided(
                status: .authenticationError,
                secret: nil,
                version: .v2_0,
                now: t0
            )
        else {
            Issue.record("expected writeAndClose")
            return
        }
        guard case .connectResponse(let response) = frame.message else {
            Issue.record("expected CONNECT_RESP")
            return
        }
        #expect(response.status == .authenticationError)
        #expect(response.authenticatorISMG == .empty)
        #expect(error?.connectStatus == .authenticationError)
        #expect(machine.isClosed)
    }

    @Test(
        "server: a request before CONNECT closes the link",
        arguments: [
            CMPPMessage.activeTest, .terminate, SessionFixtures.submit(),
        ]
    )
    func serverRequestBeforeLogin(message: CMPPMessage) throws {
        var machine = Machine(role: .server, configuration: SessionFixtures.configuration)
        _ = machine.channelActive(now: t0)
        let error = try #require(closeError(machine.frameReceived(CMPPFrame(sequenceID: 3, message: message), now: t0)))
        #expect(error == CMPPSessionError(code: .protocolViolation))
    }

    @Test("server: no CONNECT within the login timeout, or a frame while deciding, closes the link")
    func serverLoginTimeoutAndDecidingViolation() throws {
        var idle = Machine(role: .server, configuration: SessionFixtures.configuration)
        _ = idle.channelActive(now: t0)
        #expect(idle.timerFired(now: t0 + .seconds(5)).closeError == CMPPSessionError(code: .loginTimeout))

        var deciding = Machine(role: .server, configuration: SessionFixtures.configuration)
        _ = deciding.channelActive(now: t0)
        _ = deciding.frameReceived(CMPPFrame(sequenceID: 1, message: .connect(connect)), now: t0)
        let error = try #require(
            closeError(deciding.frameReceived(CMPPFrame(sequenceID: 2, message: SessionFixtures.submit()), now: t0))
        )
        #expect(error == CMPPSessionError(code: .protocolViolation))
        // The late decision is dropped.
        guard case .none = deciding.loginDecided(status: .success, secret: "888888", version: .v2_0, now: t0) else {
            Issue.record("a decision after close does nothing")
            return
        }
    }

    // MARK: - Ready

    @Test("ready: ACTIVE_TEST is answered with ACTIVE_TEST_RESP (Reserved 0) and the same Sequence_Id")
    func answersActiveTest() {
        var machine = readyClient()
        guard case .write(let frame) = machine.frameReceived(CMPPFrame(sequenceID: 77, message: .activeTest), now: t0)
        else {
            Issue.record("expected a write")
            return
        }
        #expect(frame == CMPPFrame(sequenceID: 77, message: .activeTestResponse(CMPPActiveTestResponse(reserved: 0))))
    }

    @Test("ready: the peer's TERMINATE is answered with TERMINATE_RESP, then the link closes")
    func answersTerminate() {
        var machine = readyClient()
        guard
            case .writeAndClose(let frame, let error) = machine.frameReceived(
                CMPPFrame(sequenceID: 8, message: .terminate),
                now: t0
            )
        else {
            Issue.record("expected writeAndClose")
            return
        }
        #expect(frame == CMPPFrame(sequenceID: 8, message: .terminateResponse))
        #expect(error == CMPPSessionError(code: .terminated))
    }

    @Test("ready: heartbeat after C idle; N unanswered ACTIVE_TESTs close the link")
    func heartbeat() {
        var machine = readyClient()
        let first = machine.timerFired(now: t0 + .seconds(60))
        #expect(first.writes.map(\.message) == [.activeTest])
        let probe = first.writes[0].sequenceID
        #expect(machine.nextDeadline == t0 + .seconds(70))
        #expect(
            machine.timerFired(now: t0 + .seconds(70)).writes == [CMPPFrame(sequenceID: probe, message: .activeTest)]
        )
        #expect(machine.timerFired(now: t0 + .seconds(80)).writes.count == 1)
        let dead = machine.timerFired(now: t0 + .seconds(90))
        #expect(dead.close)
        #expect(dead.closeError == CMPPSessionError(code: .heartbeatTimeout))
    }

    @Test("ready: an ACTIVE_TEST_RESP settles the probe")
    func heartbeatAnswered() {
        var machine = readyClient()
        let probe = machine.timerFired(now: t0 + .seconds(60)).writes[0]
        _ = machine.frameReceived(
            CMPPFrame(sequenceID: probe.sequenceID, message: .activeTestResponse(.init())),
            now: t0 + .seconds(61)
        )
        #expect(machine.nextDeadline == t0 + .seconds(121))
        #expect(machine.timerFired(now: t0 + .seconds(70)).writes.isEmpty)
    }

    @Test("ready: a request is resent at T and fails after N sends; the response to a late one is ignored")
    func requestTimeouts() throws {
        var machine = readyClient()
        let send = try #require(sent(machine.requestIssued(SessionFixtures.submit(), context: 1, now: t0)))
        #expect(machine.timerFired(now: t0 + .seconds(10)).writes == [send.frame])
        #expect(machine.timerFired(now: t0 + .seconds(20)).writes == [send.frame])
        let last = machine.timerFired(now: t0 + .seconds(30))
        #expect(last.failures.map(\.0) == [1])
        #expect(last.failures.first?.1 == CMPPSessionError(code: .responseTimeout))
        let late = machine.frameReceived(
            CMPPFrame(sequenceID: send.frame.sequenceID, message: SessionFixtures.submitResponse()),
            now: t0 + .seconds(31)
        )
        guard case .ignoreFrame = late else {
            Issue.record("a late response is ignored")
            return
        }
    }

    @Test("ready: the peer's requests are forwarded; at W unanswered reading stops, and resumes below W")
    func inboundBackPressure() {
        var machine = readyClient()  // W = 4
        var stops: [Bool] = []
        for sequence in 1...4 {
            guard
                case .forwardRequest(_, let stop) = machine.frameReceived(
                    CMPPFrame(
                        sequenceID: CMPPSequenceID(rawValue: UInt32(sequence)),
                        message: SessionFixtures.deliver()
                    ),
                    now: t0
                )
            else {
                Issue.record("expected forwardRequest")
                return
            }
            stops.append(stop)
        }
        #expect(stops == [false, false, false, true])
        #expect(machine.inboundUnansweredCount == 4)

        // A resend of an unanswered request is not surfaced twice.
        guard
            case .ignoreFrame = machine.frameReceived(
                CMPPFrame(sequenceID: 2, message: SessionFixtures.deliver()),
                now: t0
            )
        else {
            Issue.record("a duplicate request is ignored")
            return
        }

        guard
            case .respond(let frame, let followUp) = machine.respond(
                3,
                with: SessionFixtures.deliverResponse(),
                now: t0
            )
        else {
            Issue.record("expected respond")
            return
        }
        #expect(frame.sequenceID == 3)
        #expect(followUp.resumeReading)
        // A second answer for the same Sequence_Id is ignored.
        guard case .none = machine.respond(3, with: SessionFixtures.deliverResponse(), now: t0) else {
            Issue.record("a second respond is ignored")
            return
        }
        #expect(machine.inboundUnansweredCount == 3)
    }

    @Test("terminate with requests in flight both ways: TERMINATE only once all are answered, then close")
    func gracefulTerminate() throws {
        var machine = readyServer()
        let ours = try #require(sent(machine.requestIssued(SessionFixtures.deliver(), context: 1, now: t0)))
        _ = machine.frameReceived(CMPPFrame(sequenceID: 50, message: SessionFixtures.submit()), now: t0)

        guard case .none = machine.terminateRequested(now: t0) else {
            Issue.record("terminate waits for requests in flight")
            return
        }
        guard case .failRequest(2, let refused) = machine.requestIssued(SessionFixtures.deliver(), context: 2, now: t0)
        else {
            Issue.record("no new requests while terminating")
            return
        }
        #expect(refused == CMPPSessionError(code: .terminated))

        guard
            case .succeedRequest(1, _, let first) = machine.frameReceived(
                CMPPFrame(sequenceID: ours.frame.sequenceID, message: SessionFixtures.deliverResponse()),
                now: t0 + .seconds(1)
            )
        else {
            Issue.record("expected succeedRequest")
            return
        }
        #expect(first.terminate == nil)  // the peer's SUBMIT is still unanswered

        guard
            case .respond(_, let second) = machine.respond(
                50,
                with: SessionFixtures.submitResponse(),
                now: t0 + .seconds(2)
            )
        else {
            Issue.record("expected respond")
            return
        }
        let terminate = try #require(second.terminate)
        #expect(terminate.frame.message == .terminate)
        #expect(terminate.deadline == t0 + .seconds(12))

        guard
            case .close(let error) = machine.frameReceived(
                CMPPFrame(sequenceID: terminate.frame.sequenceID, message: .terminateResponse),
                now: t0 + .seconds(3)
            )
        else {
            Issue.record("TERMINATE_RESP closes")
            return
        }
        #expect(error == nil)
        #expect(machine.channelInactive().error == nil)
    }

    @Test("terminate: no TERMINATE_RESP within T closes anyway")
    func terminateTimeout() {
        var machine = readyClient()
        guard case .send(let terminate) = machine.terminateRequested(now: t0) else {
            Issue.record("an idle link sends TERMINATE at once")
            return
        }
        #expect(terminate.frame.message == .terminate)
        let actions = machine.timerFired(now: t0 + .seconds(10))
        #expect(actions.close)
        #expect(actions.closeError == nil)
    }

    @Test("link loss fails queued and in-flight requests with linkClosed and wasSent")
    func linkLoss() {
        var machine = readyClient()  // W = 4
        for context in 1...6 {
            _ = machine.requestIssued(SessionFixtures.submit(), context: context, now: t0)
        }
        let loss = machine.channelInactive()
        #expect(loss.failures.map(\.0) == [1, 2, 3, 4, 5, 6])
        #expect(loss.failures.map(\.1.wasSent) == [true, true, true, true, false, false])
        #expect(loss.failures.allSatisfy { $0.1 == CMPPSessionError(code: .linkClosed) })
        #expect(loss.error == CMPPSessionError(code: .linkClosed))
        #expect(loss.wasLoggedIn)
    }

    @Test("session-managed commands and responses cannot be issued as requests")
    func refusesControlMessages() {
        var machine = readyClient()
        for message in [CMPPMessage.activeTest, .terminate, .connect(connect), SessionFixtures.submitResponse()] {
            guard case .failRequest(_, let error) = machine.requestIssued(message, context: 1, now: t0) else {
                Issue.record("\(message.commandID.name) must be refused")
                continue
            }
            #expect(error == CMPPSessionError(code: .protocolViolation))
        }
    }

    @Test("an answer of the wrong type is dropped and the request stays unanswered")
    func wrongAnswerType() {
        var machine = readyClient()
        _ = machine.frameReceived(CMPPFrame(sequenceID: 12, message: SessionFixtures.deliver()), now: t0)
        guard case .ignoreFrame = machine.respond(12, with: SessionFixtures.submitResponse(), now: t0) else {
            Issue.record("a SUBMIT_RESP cannot answer a DELIVER")
            return
        }
        #expect(machine.inboundUnansweredCount == 1)
        guard case .respond = machine.respond(12, with: SessionFixtures.deliverResponse(), now: t0) else {
            Issue.record("the right answer still goes out")
            return
        }
        #expect(machine.inboundUnansweredCount == 0)
    }
}
