import CMPPCore
import CMPPNIO
import NIOCore
import NIOPosix
import ServiceLifecycle
import Testing

@testable import FeigeGateway

@Suite("Gateway shutdown")
struct GatewayShutdownTests {
    /// An SP that logs in and then answers nothing: the gateway's TERMINATE would wait T (60 s here) for a
    /// TERMINATE_RESP that never comes. `shutdown_timeout` closes the link instead, and the gateway stops.
    @Test func anSPThatNeverAnswersDoesNotHoldTheShutdownBeyondItsTimeout() async throws {
        var configuration = GatewayHarness.configuration()
        configuration.session.responseTimeout = .seconds(60)
        configuration.shutdownTimeout = .milliseconds(300)
        let gateway = try Gateway(
            configuration: configuration,
            store: InMemoryGatewayStore(),
            downstream: nil,
            logger: GatewayHarness.logger
        )
        let group = ServiceGroup(services: [gateway], logger: GatewayHarness.logger)
        let running = Task { try await group.run() }
        let port = try #require(try await gateway.localAddresses().long.port)
        let silent = try await Self.logIn(port: port)

        let took = try await ContinuousClock().measure {
            await group.triggerGracefulShutdown()
            try await running.value
        }
        #expect(took >= .milliseconds(300))
        #expect(took < .seconds(5), "closed at the 300 ms timeout, not at the 10 s default or after T")
        try? await silent.close()
    }

    /// Sends a CMPP_CONNECT for the demo account over a bare TCP connection and waits for its CONNECT_RESP;
    /// the connection then reads nothing more.
    private static func logIn(port: Int) async throws -> any Channel {
        let response = MultiThreadedEventLoopGroup.singleton.any().makePromise(of: Void.self)
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(FirstReadSignal(promise: response))
                }
            }
            .connect(host: "127.0.0.1", port: port)
            .get()
        var bytes = channel.allocator.buffer(capacity: 64)
        let connect = CMPPConnect(
            sourceAddress: GatewayDefaults.DemoAccount.spID,
            secret: GatewayDefaults.DemoAccount.secret,
            timestamp: 1_021_150_405
        )
        try bytes.writeCMPPFrame(CMPPFrame(sequenceID: 1, message: .connect(connect)), version: .v2_0)
        try await channel.writeAndFlush(bytes)
        try await response.futureResult.get()
        return channel
    }

    /// Completes its promise at the first bytes read (the CONNECT_RESP), then stops reading.
    private final class FirstReadSignal: ChannelInboundHandler, Sendable {
        typealias InboundIn = ByteBuffer
        let promise: EventLoopPromise<Void>

        init(promise: EventLoopPromise<Void>) { self.promise = promise }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            promise.succeed()
            context.channel.setOption(.autoRead, value: false).whenComplete { _ in }
        }

        func channelInactive(context: ChannelHandlerContext) {
            promise.fail(ChannelError.inputClosed)
        }
    }
}
