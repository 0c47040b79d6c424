import CMPPCore
import CMPPNIO
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import ServiceLifecycle
import Testing

/// A ``CMPPServerDelegate`` for loopback tests: logs in SP 900001 with secret 888888, answers SUBMITs with
/// Msg_Id 1000 + n, and publishes what happens.
final class TestServerDelegate: CMPPServerDelegate {
    private struct State {
        var submits = 0
        var held: [CMPPInboundRequest] = []
    }

    private let state = NIOLockedValueBox(State())
    let opened: AsyncStream<CMPPServerConnection>
    private let openedContinuation: AsyncStream<CMPPServerConnection>.Continuation
    let closedEvents: AsyncStream<CMPPSessionError?>
    private let closedContinuation: AsyncStream<CMPPSessionError?>.Continuation
    /// When set, logins take 5 s (to test the client's login timeout).
    let stallLogin: Bool
    /// When set, SUBMITs are held unanswered until ``releaseHeld()``.
    let holdSubmits: Bool
    let heldEvents: AsyncStream<Void>
    private let heldContinuation: AsyncStream<Void>.Continuation

    init(stallLogin: Bool = false, holdSubmits: Bool = false) {
        (opened, openedContinuation) = AsyncStream.makeStream()
        (closedEvents, closedContinuation) = AsyncStream.makeStream()
        (heldEvents, heldContinuation) = AsyncStream.makeStream()
        self.stallLogin = stallLogin
        self.holdSubmits = holdSubmits
    }

    /// Answers every held SUBMIT.
    func releaseHeld() {
        let held = state.withLockedValue { state in
            defer { state.held.removeAll() }
            return state.held
        }
        for request in held {
            request.respond(.submitResponse(CMPPSubmitResponse(messageID: 1, result: .success)))
        }
    }

    var submitCount: Int { state.withLockedValue { $0.submits } }

    func login(_ connect: CMPPConnect, peer: SocketAddress?) async -> CMPPServerLoginDecision {
        if stallLogin {
            try? await Task.sleep(for: .seconds(5))
        }
        guard connect.sourceAddress == "900001" else { return .reject(.illegalSourceAddress) }
        return .verifying(connect, account: "sp-900001", secret: "888888")
    }

    func connectionOpened(_ connection: CMPPServerConnection) {
        openedContinuation.yield(connection)
    }

    func received(_ request: CMPPInboundRequest, on connection: CMPPServerConnection) {
        guard case .submit = request.message else { return }
        if holdSubmits {
            state.withLockedValue { $0.held.append(request) }
            heldContinuation.yield()
            return
        }
        let number = state.withLockedValue { state in
            state.submits += 1
            return state.submits
        }
        request.respond(
            .submitResponse(
                CMPPSubmitResponse(messageID: CMPPMessageID(rawValue: UInt64(1000 + number)), result: .success)
            )
        )
    }

    func connectionClosed(_ connection: CMPPServerConnection, error: CMPPSessionError?) {
        closedContinuation.yield(error)
    }
}

enum ServerTestSupport {
    static let logger = Logger(label: "cmpp-test", factory: { _ in SwiftLogNoOpLogHandler() })

    /// The links' settings. The login timeout is the library's default, 30 s: no test here is about it (the
    /// login timeout test sets its own), and the server decides each login in a task of its own, which the
    /// executor starts behind every job queued before it — seconds behind when the whole suite starts at
    /// once — so a shorter one times out logins that are merely queued. It still bounds a login that hangs.
    static let session = CMPPSessionConfiguration(
        window: 16,
        responseTimeout: .seconds(2),
        maximumSends: 3,
        heartbeatInterval: .seconds(30),
        loginTimeout: .seconds(30)
    )

    /// Runs a server on 127.0.0.1, port 0, for the duration of `body`, then shuts it down gracefully.
    static func withServer<Result: Sendable>(
        delegate: TestServerDelegate = TestServerDelegate(),
        session: CMPPSessionConfiguration = ServerTestSupport.session,
        maximumConnections: Int = 1024,
        logger: Logger = ServerTestSupport.logger,
        _ body: @Sendable (CMPPServer, ServiceGroup, Int) async throws -> Result
    ) async throws -> Result {
        let server = CMPPServer(
            configuration: .init(host: "127.0.0.1", port: 0, session: session, maximumConnections: maximumConnections),
            delegate: delegate,
            logger: logger
        )
        let group = ServiceGroup(services: [server], logger: ServerTestSupport.logger)
        return try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            let port = try await server.localAddress().port ?? 0
            do {
                let result = try await body(server, group, port)
                await group.triggerGracefulShutdown()
                try await tasks.waitForAll()
                return result
            } catch {
                tasks.cancelAll()
                throw error
            }
        }
    }

    static func factory(
        port: Int,
        credentials: CMPPCredentials = CMPPCredentials(
            spID: "900001",
            secret: "888888",
            ismgAuthenticatorCheck: .strict
        ),
        session: CMPPSessionConfiguration = ServerTestSupport.session
    ) -> CMPPConnectionFactory {
        CMPPConnectionFactory(
            host: "127.0.0.1",
            port: port,
            credentials: credentials,
            configuration: session,
            eventLoopGroup: MultiThreadedEventLoopGroup.singleton,
            connectTimeout: .seconds(2)
        )
    }

    /// Returns once a TCP connect to `port` is refused (the server closed its listener); fails after ~5 s.
    static func waitUntilRefused(port: Int) async throws {
        for _ in 0..<250 {
            do {
                let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                    .connect(host: "127.0.0.1", port: port).get()
                try? await channel.close()
            } catch {
                return
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        Issue.record("the listener on port \(port) stayed open")
    }

    static func submit(_ text: String = "hello") -> CMPPMessage {
        .submit(
            CMPPSubmit(
                messageFormat: .ascii,
                messageSource: "900001",
                sourceID: "1065",
                destinationTerminalIDs: ["13800138000"],
                content: ByteBuffer(string: text)
            )
        )
    }
}
