import CMPPCore
import CMPPNIO
import NIOCore
import NIOPosix
import Testing

@Suite("CMPPConnection")
struct CMPPConnectionTests {
    @Test("a link that logs in reports its CONNECT_RESP; terminate() closes it gracefully")
    func connectAndTerminate() async throws {
        try await ServerTestSupport.withServer { server, _, port in
            let link = try await ServerTestSupport.factory(port: port).connect(
                inbound: { _ in },
                logger: ServerTestSupport.logger
            )
            #expect(link.connectResponse.status == .success)
            #expect(link.connectResponse.version == .v2_0)
            await link.terminate()
            #expect(await link.closed() == nil)
            await #expect(throws: CMPPSessionError(code: .linkClosed)) {
                try await link.request(ServerTestSupport.submit())
            }
        }
    }

    @Test("no CONNECT_RESP within the login timeout fails with loginTimeout")
    func loginTimeout() async throws {
        try await ServerTestSupport.withServer(delegate: TestServerDelegate(stallLogin: true)) { _, _, port in
            var session = ServerTestSupport.session
            session.loginTimeout = .milliseconds(150)
            let factory = ServerTestSupport.factory(port: port, session: session)
            await #expect(throws: CMPPSessionError(code: .loginTimeout)) {
                _ = try await factory.connect(inbound: { _ in }, logger: ServerTestSupport.logger)
            }
        }
    }

    @Test("a refused TCP connect throws the socket's error")
    func connectionRefused() async throws {
        // Bind then close a listener to get a port nobody listens on.
        let listener = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .bind(host: "127.0.0.1", port: 0).get()
        let port = try #require(listener.localAddress?.port)
        try await listener.close()
        // Should another test's server take the port meanwhile, these credentials are refused there too.
        let stranger = CMPPCredentials(spID: "999999", secret: "x")
        await #expect(throws: (any Error).self) {
            _ = try await ServerTestSupport.factory(port: port, credentials: stranger).connect(
                inbound: { _ in },
                logger: ServerTestSupport.logger
            )
        }
    }

    @Test("many requests made at once off the event loop share hops and each gets its own response")
    func concurrentRequestsAreEachAnswered() async throws {
        try await ServerTestSupport.withServer { _, _, port in
            let link = try await ServerTestSupport.factory(port: port).connect(
                inbound: { _ in },
                logger: ServerTestSupport.logger
            )
            let count = 300
            let ids = try await withThrowingTaskGroup(of: UInt64.self) { group in
                for _ in 0..<count {
                    group.addTask {
                        guard case .submitResponse(let response) = try await link.request(ServerTestSupport.submit())
                        else { return 0 }
                        return response.messageID.rawValue
                    }
                }
                return try await group.reduce(into: Set<UInt64>()) { $0.insert($1) }
            }
            // Window 16 with 300 callers: the rest queue in the link, none is lost or answered twice.
            #expect(ids == Set((1...UInt64(count)).map { 1000 + $0 }))
            await link.terminate()
        }
    }

    @Test("close() fails requests still in flight with linkClosed")
    func closeFailsInFlight() async throws {
        try await ServerTestSupport.withServer { _, _, port in
            let link = try await ServerTestSupport.factory(port: port).connect(
                inbound: { _ in },
                logger: ServerTestSupport.logger
            )
            link.close()
            #expect(await link.closed() == nil)
            do {
                _ = try await link.request(ServerTestSupport.submit())
                Issue.record("a request on a closed link must fail")
            } catch let error as CMPPSessionError {
                #expect(error.code == .linkClosed)
                #expect(!error.wasSent)
            }
        }
    }
}
