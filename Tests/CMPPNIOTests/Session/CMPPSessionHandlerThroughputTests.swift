import CMPPCore
import Foundation
import Logging
import NIOCore
import NIOEmbedded
import Testing

@testable import CMPPNIO

/// The CPU cost of one link's session layer without sockets: requests issued to a logged-in
/// ``CMPPSessionHandler`` on an `EmbeddedChannel`, encoded, answered by the test in batches of W frames,
/// decoded and matched. Off by default; run with
/// `FEIGE_PERF=1 swift test -c release -Xswiftc -enable-testing --filter CMPPSessionHandlerThroughput`.
@Suite("CMPPSessionHandler throughput", .enabled(if: ProcessInfo.processInfo.environment["FEIGE_PERF"] == "1"))
struct CMPPSessionHandlerThroughputTests {
    @Test("SUBMIT/SUBMIT_RESP cycles per second through the handler, W = 16")
    func cyclesPerSecond() throws {
        let total = 1_000_000
        let window = 16
        let channel = EmbeddedChannel()
        let handler = CMPPSessionHandler(
            role: .server(authenticate: { connect, promise in
                promise.succeed(.verifying(connect, account: "sp", secret: "888888"))
            }),
            configuration: CMPPSessionConfiguration(window: window),
            eventLoop: channel.eventLoop,
            logger: Logger(label: "perf", factory: { _ in SwiftLogNoOpLogHandler() }),
            inbound: { _ in }
        )
        try channel.pipeline.syncOperations.addHandler(handler)
        try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 7890)).wait()
        var login = ByteBuffer()
        try login.writeCMPPFrame(CMPPFrame(sequenceID: 1, message: .connect(SessionFixtures.connect)))
        try channel.writeInbound(login)
        channel.embeddedEventLoop.run()
        while try channel.readOutbound(as: ByteBuffer.self) != nil {}

        let request = SessionFixtures.deliver()
        let response = SessionFixtures.deliverResponse()
        var answered = 0
        var decoder = CMPPFrameDecoder()
        let clock = ContinuousClock()
        let start = clock.now
        while answered < total {
            for _ in 0..<window {
                let promise = channel.eventLoop.makePromise(of: CMPPMessage.self)
                promise.futureResult.assumeIsolated().whenSuccess { _ in answered += 1 }
                handler.issue(request, promise: promise)
            }
            channel.embeddedEventLoop.run()
            var responses = ByteBuffer()
            while var written = try channel.readOutbound(as: ByteBuffer.self) {
                while let frame = try decoder.decode(buffer: &written) {
                    try responses.writeCMPPFrame(CMPPFrame(sequenceID: frame.sequenceID, message: response))
                }
            }
            try channel.writeInbound(responses)
        }
        let elapsed = clock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        print("CMPP session handler: \(answered) cycles in \(elapsed): \(Int(Double(answered) / seconds))/s")
        #expect(answered == total)
    }
}
