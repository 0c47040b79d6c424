import CMPPCore
import NIOCore
import Testing

@testable import CMPPNIO

/// A client machine and a server machine talking through the wire codec, with no channel (the
/// swift-nio-ssh `SSHConnectionStateMachineTests` style).
@Suite("CMPPSessionStateMachine client ↔ server")
struct CMPPSessionPumpTests {
    typealias Machine = CMPPSessionStateMachine<Int>

    /// One side: its machine, the frames it wrote, and what it saw.
    struct Side {
        var machine: Machine
        var outbox: [CMPPFrame] = []
        var succeeded: [(Int, CMPPMessage)] = []
        var failed: [(Int, CMPPSessionError)] = []
        var requests: [CMPPFrame] = []
        var authenticating: CMPPConnect?
        var loggedIn = false
        var closed: CMPPSessionError?? = nil
        /// Answer the peer's requests as they come.
        var autoRespond: (CMPPMessage) -> CMPPMessage? = { _ in nil }

        mutating func apply(_ action: Machine.Action, now: NIODeadline) {
            switch action {
            case .none, .ignoreFrame:
                break
            case .write(let frame):
                outbox.append(frame)
            case .send(let send):
                outbox.append(send.frame)
            case .writeAndClose(let frame, let error):
                outbox.append(frame)
                closed = .some(error)
            case .close(let error):
                closed = .some(error)
            case .forwardRequest(let frame, _):
                requests.append(frame)
                if let response = autoRespond(frame.message) {
                    apply(machine.respond(frame.sequenceID, with: response, now: now), now: now)
                }
            case .succeedRequest(let context, let response, let followUp):
                succeeded.append((context, response))
                apply(followUp)
            case .failRequest(let context, let error):
                failed.append((context, error))
            case .authenticate(let connect):
                authenticating = connect
            case .loggedIn(_, _, let sends), .acceptLogin(_, _, let sends):
                if case .acceptLogin(let frame, _, _) = action { outbox.append(frame) }
                loggedIn = true
                outbox += sends.map(\.frame)
            case .respond(let frame, let followUp):
                outbox.append(frame)
                apply(followUp)
            }
        }

        mutating func apply(_ followUp: Machine.FollowUp) {
            if let send = followUp.send { outbox.append(send.frame) }
            if let terminate = followUp.terminate { outbox.append(terminate.frame) }
        }
    }

    /// Moves frames both ways, through bytes, until both outboxes are empty.
    private func pump(_ client: inout Side, _ server: inout Side, now: NIODeadline) throws {
        while !client.outbox.isEmpty || !server.outbox.isEmpty {
            for frame in client.outbox {
                client.outbox.removeFirst()
                try server.apply(server.machine.frameReceived(roundTrip(frame), now: now), now: now)
            }
            for frame in server.outbox {
                server.outbox.removeFirst()
                try client.apply(client.machine.frameReceived(roundTrip(frame), now: now), now: now)
            }
        }
    }

    private func roundTrip(_ frame: CMPPFrame) throws -> CMPPFrame {
        var buffer = ByteBuffer()
        try buffer.writeCMPPFrame(frame)
        return try CMPPFrame(decoding: buffer)
    }

    @Test("login, a window's worth of SUBMITs and more, a DELIVER back, then a graceful TERMINATE")
    func fullSession() throws {
        let t0 = SessionFixtures.t0
        let configuration = SessionFixtures.configuration  // W = 4
        var client = Side(
            machine: Machine(
                role: .client(connect: SessionFixtures.connect, secret: "888888", check: .strict),
                configuration: configuration
            )
        )
        var server = Side(machine: Machine(role: .server, configuration: configuration))
        server.autoRespond = { message in
            if case .submit = message { return SessionFixtures.submitResponse(1234) }
            return nil
        }
        client.autoRespond = { message in
            if case .deliver = message { return SessionFixtures.deliverResponse() }
            return nil
        }

        server.apply(server.machine.channelActive(now: t0), now: t0)
        client.apply(client.machine.channelActive(now: t0), now: t0)
        try pump(&client, &server, now: t0)
        let connect = try #require(server.authenticating)
        #expect(CMPPAuthentication.verify(connect, secret: "888888"))
        server.apply(server.machine.loginDecided(status: .success, secret: "888888", version: .v2_0, now: t0), now: t0)
        try pump(&client, &server, now: t0)
        #expect(client.loggedIn && server.loggedIn)

        // Six SUBMITs on a window of four: four go out, two wait, all are answered in order.
        for context in 1...6 {
            client.apply(
                client.machine.requestIssued(SessionFixtures.submit("\(context)"), context: context, now: t0),
                now: t0
            )
        }
        #expect(client.outbox.count == 4)
        #expect(client.machine.queuedCount == 2)
        try pump(&client, &server, now: t0)
        #expect(client.succeeded.map(\.0) == [1, 2, 3, 4, 5, 6])
        #expect(server.requests.count == 6)
        #expect(Set(server.requests.map(\.sequenceID)).count == 6)

        // The ISMG pushes a DELIVER; the SP answers it.
        server.apply(server.machine.requestIssued(SessionFixtures.deliver(), context: 100, now: t0), now: t0)
        try pump(&client, &server, now: t0)
        #expect(client.requests.map(\.message) == [SessionFixtures.deliver()])
        #expect(server.succeeded.map(\.0) == [100])

        // The SP terminates: TERMINATE, TERMINATE_RESP, both close.
        client.apply(client.machine.terminateRequested(now: t0), now: t0)
        try pump(&client, &server, now: t0)
        #expect(client.closed == .some(nil))
        #expect(server.closed == .some(CMPPSessionError(code: .terminated)))
        #expect(client.failed.isEmpty && server.failed.isEmpty)
    }
}
