import CMPPCore
import Logging
import NIOCore
import NIOEmbedded
import Testing

@testable import CMPPNIO

/// Counts the reads that reach the head of the pipeline, to see back-pressure.
private final class ReadCounter: ChannelOutboundHandler {
    typealias OutboundIn = ByteBuffer
    var reads = 0

    func read(context: ChannelHandlerContext) {
        reads += 1
        context.read()
    }
}

/// An `EmbeddedChannel` running a ``CMPPSessionHandler``, with the test playing the peer through the codec.
private final class Harness {
    let channel = EmbeddedChannel()
    let handler: CMPPSessionHandler
    let reads = ReadCounter()

    /// A handler whose inbound requests are collected in ``inbound``.
    static func collecting(
        role: CMPPSessionHandler.Role = .client(SessionFixtures.credentials),
        configuration: CMPPSessionConfiguration = SessionFixtures.configuration
    ) throws -> Harness {
        let harness = try Harness(role: role, configuration: configuration, collect: true)
        return harness
    }

    init(role: CMPPSessionHandler.Role, configuration: CMPPSessionConfiguration, collect: Bool) throws {
        let sink = InboundSink()
        let handler = CMPPSessionHandler(
            role: role,
            configuration: configuration,
            eventLoop: channel.eventLoop,
            logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }),
            inbound: { sink.requests.append($0) }
        )
        self.handler = handler
        self.sink = sink
        try channel.pipeline.syncOperations.addHandler(reads)
        try channel.pipeline.syncOperations.addHandler(handler)
    }

    var sink: InboundSink?

    func activate() throws {
        try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 7890)).wait()
        channel.embeddedEventLoop.run()
    }

    /// Plays the peer: sends `frame` to the handler.
    func receive(_ frame: CMPPFrame) throws {
        var buffer = channel.allocator.buffer(capacity: 64)
        try buffer.writeCMPPFrame(frame)
        try channel.writeInbound(buffer)
    }

    /// Everything the handler wrote since the last call, as frames, and how many buffers carried them.
    func written() throws -> (frames: [CMPPFrame], buffers: Int) {
        channel.embeddedEventLoop.run()
        var frames: [CMPPFrame] = []
        var buffers = 0
        var decoder = CMPPFrameDecoder()
        while var buffer = try channel.readOutbound(as: ByteBuffer.self) {
            buffers += 1
            while let frame = try decoder.decode(buffer: &buffer) {
                frames.append(frame)
            }
            #expect(buffer.readableBytes == 0)
        }
        return (frames, buffers)
    }

    /// Activates, answers the CONNECT with Status 0 and a valid authenticator.
    func logIn() throws {
        try activate()
        let connectFrame = try #require(try written().frames.first)
        guard case .connect(let connect) = connectFrame.message else {
            Issue.record("the client must send CONNECT first")
            return
        }
        let authenticator = CMPPAuthentication.authenticatorISMG(
            status: .success,
            authenticatorSource: connect.authenticatorSource,
            secret: SessionFixtures.credentials.secret
        )
        try receive(
            CMPPFrame(
                sequenceID: connectFrame.sequenceID,
                message: .connectResponse(.init(status: .success, authenticatorISMG: authenticator, version: .v2_0))
            )
        )
    }

    func issue(_ message: CMPPMessage) -> EventLoopFuture<CMPPMessage> {
        let promise = channel.eventLoop.makePromise(of: CMPPMessage.self)
        handler.issue(message, to: .promise(promise))
        return promise.futureResult
    }
}

private final class InboundSink {
    var requests: [CMPPInboundRequest] = []
}

/// Collects a future's result on an `EmbeddedEventLoop` without blocking.
private final class ResultBox<Value> {
    var result: Result<Value, any Error>?
    init(_ future: EventLoopFuture<Value>) {
        future.assumeIsolated().whenComplete { self.result = $0 }
    }
}

@Suite("CMPPSessionHandler")
struct CMPPSessionHandlerTests {
    @Test("client login: CONNECT out first, login future succeeds on CONNECT_RESP Status 0")
    func clientLogin() throws {
        let harness = try Harness.collecting()
        let login = ResultBox(harness.handler.loginFuture)
        try harness.logIn()
        let response = try #require(try login.result?.get())
        #expect(response.status == .success)
    }

    @Test("client login rejected: the login future fails with loginRejected and the channel closes")
    func clientLoginRejected() throws {
        let harness = try Harness.collecting()
        let login = ResultBox(harness.handler.loginFuture)
        let closed = ResultBox(harness.handler.closeFuture)
        try harness.activate()
        let connect = try #require(try harness.written().frames.first)
        try harness.receive(
            CMPPFrame(
                sequenceID: connect.sequenceID,
                message: .connectResponse(
                    .init(status: .authenticationError, authenticatorISMG: .empty, version: .v2_0)
                )
            )
        )
        harness.channel.embeddedEventLoop.run()
        #expect(throws: CMPPSessionError(code: .loginRejected)) { try login.result?.get() }
        #expect(try closed.result?.get()?.connectStatus == .authenticationError)
        #expect(!harness.channel.isActive)
    }

    @Test("window: W requests go out in one flushed buffer; the rest wait for responses")
    func windowBatchesAndQueues() throws {
        let harness = try Harness.collecting()
        try harness.logIn()
        _ = try harness.written()
        let results = (1...6).map { ResultBox(harness.issue(SessionFixtures.submit("\($0)"))) }
        let first = try harness.written()
        #expect(first.frames.count == 4)
        #expect(first.buffers == 1)

        try harness.receive(
            CMPPFrame(sequenceID: first.frames[0].sequenceID, message: SessionFixtures.submitResponse(9))
        )
        #expect(try results[0].result?.get() == SessionFixtures.submitResponse(9))
        let released = try harness.written()
        #expect(released.frames.map(\.message) == [SessionFixtures.submit("5")])
        #expect(results[5].result == nil)
    }

    @Test("batch: requests issued in one batch go out in one buffer, flushed at its end, not a loop tick later")
    func batchFlushesAtItsEnd() throws {
        let harness = try Harness.collecting()
        try harness.logIn()
        _ = try harness.written()

        // Outside a batch the writes wait for the flush scheduled at the end of the tick.
        let unbatched = ResultBox(harness.issue(SessionFixtures.submit("0")))
        #expect(try harness.channel.readOutbound(as: ByteBuffer.self) == nil)
        #expect(try harness.written().frames.map(\.message) == [SessionFixtures.submit("0")])

        var results: [ResultBox<CMPPMessage>] = []
        harness.handler.batch {
            results = (1...3).map { ResultBox(harness.issue(SessionFixtures.submit("\($0)"))) }
        }
        // Flushed by the batch itself: readable before the loop runs again, all three in one buffer.
        var buffer = try #require(try harness.channel.readOutbound(as: ByteBuffer.self))
        var decoder = CMPPFrameDecoder()
        var frames: [CMPPFrame] = []
        while let frame = try decoder.decode(buffer: &buffer) { frames.append(frame) }
        #expect(frames.map(\.message) == (1...3).map { SessionFixtures.submit("\($0)") })
        #expect(try harness.channel.readOutbound(as: ByteBuffer.self) == nil)

        for (index, frame) in frames.enumerated() {
            try harness.receive(
                CMPPFrame(sequenceID: frame.sequenceID, message: SessionFixtures.submitResponse(UInt64(index)))
            )
        }
        #expect(try results.map { try $0.result?.get() } == (0..<3).map { SessionFixtures.submitResponse(UInt64($0)) })
        #expect(unbatched.result == nil)
    }

    @Test("a request issued after the channel closed fails with linkClosed at once")
    func issueAfterCloseFails() throws {
        let harness = try Harness.collecting()
        try harness.logIn()
        try harness.channel.close().wait()
        harness.channel.embeddedEventLoop.run()
        let result = ResultBox(harness.issue(SessionFixtures.submit()))
        #expect(throws: CMPPSessionError(code: .linkClosed)) { try result.result?.get() }
    }

    @Test("resend: the same frame goes out again at T, and the request fails after N sends")
    func resendAndFail() throws {
        let harness = try Harness.collecting()
        try harness.logIn()
        _ = try harness.written()
        let result = ResultBox(harness.issue(SessionFixtures.submit()))
        let original = try #require(try harness.written().frames.first)

        harness.channel.embeddedEventLoop.advanceTime(by: .seconds(10))
        #expect(try harness.written().frames == [original])
        harness.channel.embeddedEventLoop.advanceTime(by: .seconds(10))
        #expect(try harness.written().frames == [original])
        #expect(result.result == nil)
        harness.channel.embeddedEventLoop.advanceTime(by: .seconds(10))
        #expect(throws: CMPPSessionError(code: .responseTimeout)) { try result.result?.get() }
    }

    @Test("heartbeat: ACTIVE_TEST after C idle; N unanswered close the link with heartbeatTimeout")
    func heartbeat() throws {
        let harness = try Harness.collecting()
        let closed = ResultBox(harness.handler.closeFuture)
        try harness.logIn()
        _ = try harness.written()
        harness.channel.embeddedEventLoop.advanceTime(by: .seconds(59))
        #expect(try harness.written().frames.isEmpty)
        harness.channel.embeddedEventLoop.advanceTime(by: .seconds(1))
        let probe = try #require(try harness.written().frames.first)
        #expect(probe.message == .activeTest)
        harness.channel.embeddedEventLoop.advanceTime(by: .seconds(10))
        harness.channel.embeddedEventLoop.advanceTime(by: .seconds(10))
        #expect(try harness.written().frames == [probe, probe])
        harness.channel.embeddedEventLoop.advanceTime(by: .seconds(10))
        #expect(try closed.result?.get() == CMPPSessionError(code: .heartbeatTimeout))
        #expect(!harness.channel.isActive)
    }

    @Test("the peer's ACTIVE_TEST is answered and counts as life")
    func answersActiveTest() throws {
        let harness = try Harness.collecting()
        try harness.logIn()
        _ = try harness.written()
        harness.channel.embeddedEventLoop.advanceTime(by: .seconds(50))
        try harness.receive(CMPPFrame(sequenceID: 31, message: .activeTest))
        #expect(try harness.written().frames == [CMPPFrame(sequenceID: 31, message: .activeTestResponse(.init()))])
        harness.channel.embeddedEventLoop.advanceTime(by: .seconds(50))
        #expect(try harness.written().frames.isEmpty)  // idle only 50 s since the ACTIVE_TEST
    }

    @Test(
        "inbound back-pressure: at W unanswered requests reads stop; an answer resumes them; a second answer is ignored"
    )
    func inboundBackPressure() throws {
        let harness = try Harness.collecting()
        try harness.logIn()
        _ = try harness.written()
        for sequence in 1...4 {
            try harness.receive(
                CMPPFrame(sequenceID: CMPPSequenceID(rawValue: UInt32(sequence)), message: SessionFixtures.deliver())
            )
        }
        let requests = try #require(harness.sink?.requests)
        #expect(requests.count == 4)
        let readsBefore = harness.reads.reads
        harness.channel.read()
        #expect(harness.reads.reads == readsBefore)  // held back

        requests[1].respond(SessionFixtures.deliverResponse())
        requests[1].respond(SessionFixtures.deliverResponse())
        #expect(harness.reads.reads == readsBefore + 1)  // the held read went through
        #expect(try harness.written().frames == [CMPPFrame(sequenceID: 2, message: SessionFixtures.deliverResponse())])
    }

    @Test("an undecodable frame closes the link with protocolViolation and fails requests in flight")
    func badFrameCloses() throws {
        let harness = try Harness.collecting()
        let closed = ResultBox(harness.handler.closeFuture)
        try harness.logIn()
        _ = try harness.written()
        let pending = ResultBox(harness.issue(SessionFixtures.submit()))
        _ = try harness.written()
        var garbage = ByteBuffer()
        garbage.writeMultipleIntegers(UInt32(5), UInt32(4), UInt32(1))  // Total_Length below the header
        _ = try? harness.channel.writeInbound(garbage)
        harness.channel.embeddedEventLoop.run()
        #expect(try closed.result?.get() == CMPPSessionError(code: .protocolViolation))
        #expect(throws: CMPPSessionError(code: .linkClosed)) { try pending.result?.get() }
        #expect(!harness.channel.isActive)
    }

    @Test("server role: CONNECT decided by the closure, CONNECT_RESP out, then SUBMITs forwarded")
    func serverRole() throws {
        let harness = try Harness.collecting(
            role: .server(authenticate: { connect, promise in
                promise.succeed(.verifying(connect, account: "sp1", secret: "888888"))
            })
        )
        let login = ResultBox(harness.handler.loginFuture)
        try harness.activate()
        try harness.receive(CMPPFrame(sequenceID: 1, message: .connect(SessionFixtures.connect)))
        let response = try #require(try harness.written().frames.first)
        guard case .connectResponse(let connectResponse) = response.message else {
            Issue.record("expected CONNECT_RESP")
            return
        }
        #expect(connectResponse.status == .success)
        #expect(try login.result?.get() != nil)
        try harness.receive(CMPPFrame(sequenceID: 2, message: SessionFixtures.submit()))
        #expect(harness.sink?.requests.count == 1)
    }

    @Test("server role: a SUBMIT before CONNECT closes the link")
    func serverRequestBeforeConnect() throws {
        let harness = try Harness.collecting(
            role: .server(authenticate: { _, promise in promise.succeed(.reject(.otherError)) })
        )
        let closed = ResultBox(harness.handler.closeFuture)
        try harness.activate()
        try harness.receive(CMPPFrame(sequenceID: 2, message: SessionFixtures.submit()))
        harness.channel.embeddedEventLoop.run()
        #expect(try closed.result?.get() == CMPPSessionError(code: .protocolViolation))
        #expect(harness.sink?.requests.isEmpty == true)
    }

    @Test("graceful terminate: TERMINATE only after the request in flight is answered; TERMINATE_RESP closes")
    func gracefulTerminate() throws {
        let harness = try Harness.collecting()
        let closed = ResultBox(harness.handler.closeFuture)
        try harness.logIn()
        _ = try harness.written()
        let pending = ResultBox(harness.issue(SessionFixtures.submit()))
        let request = try #require(try harness.written().frames.first)
        harness.handler.terminate()
        #expect(try harness.written().frames.isEmpty)
        let refused = ResultBox(harness.issue(SessionFixtures.submit()))
        #expect(throws: CMPPSessionError(code: .terminated)) { try refused.result?.get() }

        try harness.receive(CMPPFrame(sequenceID: request.sequenceID, message: SessionFixtures.submitResponse()))
        #expect(try pending.result?.get() == SessionFixtures.submitResponse())
        let terminate = try #require(try harness.written().frames.first)
        #expect(terminate.message == .terminate)
        try harness.receive(CMPPFrame(sequenceID: terminate.sequenceID, message: .terminateResponse))
        harness.channel.embeddedEventLoop.run()
        #expect(try closed.result?.get() == .some(nil))
        #expect(!harness.channel.isActive)
    }

    @Test("the peer's TERMINATE: TERMINATE_RESP goes out, then the link closes and requests in flight fail")
    func peerTerminate() throws {
        let harness = try Harness.collecting()
        let closed = ResultBox(harness.handler.closeFuture)
        try harness.logIn()
        _ = try harness.written()
        let pending = ResultBox(harness.issue(SessionFixtures.submit()))
        _ = try harness.written()
        try harness.receive(CMPPFrame(sequenceID: 900, message: .terminate))
        #expect(try harness.written().frames == [CMPPFrame(sequenceID: 900, message: .terminateResponse)])
        harness.channel.embeddedEventLoop.run()
        #expect(try closed.result?.get() == CMPPSessionError(code: .terminated))
        #expect(!harness.channel.isActive)
        do {
            _ = try pending.result?.get()
            Issue.record("the request in flight must fail")
        } catch let error as CMPPSessionError {
            #expect(error.code == .linkClosed)
            #expect(error.wasSent)
        }
    }
}
