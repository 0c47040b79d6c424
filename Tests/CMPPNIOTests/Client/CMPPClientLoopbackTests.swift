import CMPPCore
import CMPPNIO
import Foundation
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import ServiceLifecycle
import Testing

/// An in-process ISMG for the client's loopback tests: logs in SP 901234 (secret `secret`), answers SUBMITs
/// with Msg_Id 5000 + n, and keeps the logged-in connections so a test can push DELIVERs.
final class LoopbackISMG: CMPPServerDelegate {
    private struct State {
        var submits = 0
        var connections: [CMPPServerConnection] = []
        var connectionWaiters: [(count: Int, continuation: CheckedContinuation<Void, Never>)] = []
    }

    private let state = NIOLockedValueBox(State())

    var submitCount: Int { state.withLockedValue { $0.submits } }

    func login(_ connect: CMPPConnect, peer: SocketAddress?) async -> CMPPServerLoginDecision {
        guard connect.sourceAddress == "901234" else { return .reject(.illegalSourceAddress) }
        return .verifying(connect, account: "sp-901234", secret: "secret")
    }

    func connectionOpened(_ connection: CMPPServerConnection) {
        let ready = state.withLockedValue { state -> [CheckedContinuation<Void, Never>] in
            state.connections.append(connection)
            let count = state.connections.count
            defer { state.connectionWaiters.removeAll { $0.count <= count } }
            return state.connectionWaiters.filter { $0.count <= count }.map(\.continuation)
        }
        for waiter in ready { waiter.resume() }
    }

    func received(_ request: CMPPInboundRequest, on connection: CMPPServerConnection) {
        guard case .submit = request.message else { return }
        let number = state.withLockedValue { state -> Int in
            state.submits += 1
            return state.submits
        }
        request.respond(
            .submitResponse(
                CMPPSubmitResponse(
                    messageID: CMPPMessageID(rawValue: UInt64(5000 + number)),
                    result: .success
                )
            )
        )
    }

    func connectionClosed(_ connection: CMPPServerConnection, error: CMPPSessionError?) {
        state.withLockedValue { state in state.connections.removeAll { $0 === connection } }
    }

    /// Returns the logged-in connections once there are `count`.
    func connections(_ count: Int) async -> [CMPPServerConnection] {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let now = state.withLockedValue { state -> Bool in
                guard state.connections.count < count else { return true }
                state.connectionWaiters.append((count, continuation))
                return false
            }
            if now { continuation.resume() }
        }
        return state.withLockedValue { $0.connections }
    }
}

/// The client over real TCP, against ``CMPPServer`` on a loopback port.
@Suite("CMPPClient over loopback TCP")
struct CMPPClientLoopbackTests {
    static let logger = Logger(
        label: "cmpp.client.loopback",
        factory: { _ in SwiftLogNoOpLogHandler() }
    )

    @discardableResult
    static func withServer<Result: Sendable>(
        _ ismg: LoopbackISMG,
        session: CMPPSessionConfiguration = CMPPSessionConfiguration(responseTimeout: .seconds(5)),
        _ body: @Sendable (Int) async throws -> Result
    ) async throws -> Result {
        let server = CMPPServer(
            configuration: .init(host: "127.0.0.1", port: 0, session: session),
            delegate: ismg,
            logger: logger
        )
        let group = ServiceGroup(services: [server], logger: logger)
        return try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            let port = try await server.localAddress().port ?? 0
            do {
                let result = try await body(port)
                await group.triggerGracefulShutdown()
                try await tasks.waitForAll()
                return result
            } catch {
                await group.triggerGracefulShutdown()
                try? await tasks.waitForAll()
                throw error
            }
        }
    }

    static func configuration(
        port: Int,
        secret: String = "secret",
        links: Int = 1
    )
        -> CMPPClient.Configuration
    {
        CMPPClient.Configuration(
            host: "127.0.0.1",
            port: port,
            credentials: CMPPCredentials(spID: "901234", secret: secret, ismgAuthenticatorCheck: .strict),
            session: CMPPSessionConfiguration(responseTimeout: .seconds(5)),
            links: links,
            connectTimeout: .seconds(5)
        )
    }

    @discardableResult
    static func withClient<Result: Sendable>(
        _ configuration: CMPPClient.Configuration,
        _ body: @Sendable (CMPPClient) async throws -> Result
    ) async throws -> Result {
        let client = CMPPClient(configuration: configuration, logger: logger)
        return try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await client.run() }
            do {
                let result = try await body(client)
                await client.shutdown()
                try await tasks.waitForAll()
                return result
            } catch {
                await client.shutdown()
                try? await tasks.waitForAll()
                throw error
            }
        }
    }

    @Test func submitsALongTextOverTwoLinksAndGetsItsReportMatched() async throws {
        let ismg = LoopbackISMG()
        try await Self.withServer(ismg) { port in
            try await Self.withClient(Self.configuration(port: port, links: 2)) { client in
                let outcomes = try await client.submit(
                    String(repeating: "飞鸽", count: 40),
                    to: ["13800138000"],
                    options: CMPPSubmitOptions(registeredDelivery: 1)
                )
                #expect(outcomes.count == 2)
                #expect(outcomes.allSatisfy { $0.isAccepted })
                let connections = await ismg.connections(2)
                let report = CMPPMessage.deliver(
                    CMPPDeliver(
                        messageID: 9001,
                        destinationID: "10657",
                        sourceTerminalID: "13800138000",
                        content: .statusReport(
                            CMPPStatusReport(
                                messageID: outcomes[1].messageID,
                                stat: .delivered,
                                submitTime: "2611210800",
                                doneTime: "2611210801",
                                destinationTerminalID: "13800138000",
                                smscSequence: 1
                            )
                        )
                    )
                )
                try await withThrowingTaskGroup(of: CMPPMessage.self) { group in
                    // The ISMG's DELIVER waits for its DELIVER_RESP until the client's user takes the report.
                    group.addTask { try await connections[1].request(report) }
                    var iterator = client.deliveries.makeAsyncIterator()
                    guard case .report(let delivered) = await iterator.next() else {
                        Issue.record("expected a report")
                        return
                    }
                    #expect(delivered.matched?.partNumber == 2)
                    #expect(delivered.matched?.messageID == outcomes[1].messageID)
                    let response = try await group.next()
                    #expect(
                        response == .deliverResponse(CMPPDeliverResponse(messageID: 9001, result: .success))
                    )
                }
            }
        }
        #expect(ismg.submitCount == 2)
    }

    @Test func aSubmitThatDoesNotEncodeFailsAloneAsInvalidMessage() async throws {
        let ismg = LoopbackISMG()
        try await Self.withServer(ismg) { port in
            try await Self.withClient(Self.configuration(port: port)) { client in
                try await client.waitUntilReady()
                // Service_Id is Octet String(10) (§7.4.3.1): the link's one encode refuses it, nothing is sent.
                let tooLong = CMPPSubmit(
                    serviceID: "MUCH-TOO-LONG-SERVICE",
                    messageFormat: .ascii,
                    messageSource: "901234",
                    sourceID: "1065",
                    destinationTerminalIDs: ["13800138000"],
                    content: ByteBuffer(string: "hi")
                )
                await #expect(throws: CMPPClientError.invalidMessage) { try await client.submit(tooLong) }
                // The link is unharmed: the next SUBMIT goes through on it.
                let outcomes = try await client.submit("hi", to: ["13800138000"])
                #expect(outcomes.map(\.isAccepted) == [true])
            }
        }
        #expect(ismg.submitCount == 1)
    }

    @Test func aWrongSecretIsRefusedWithStatusThree() async throws {
        let ismg = LoopbackISMG()
        try await Self.withServer(ismg) { port in
            try await Self.withClient(Self.configuration(port: port, secret: "wrong")) { client in
                do {
                    try await client.waitUntilReady()
                    Issue.record("the login should be refused")
                } catch let error as CMPPClientError {
                    #expect(error == .loginRejected)
                    #expect(error.connectStatus == .authenticationError)
                }
            }
        }
    }

    @Test func nothingListeningIsNoReadyLink() async throws {
        // A port held, so that nothing listens on it for the whole test.
        let refusing = try RefusingPort()
        var configuration = Self.configuration(port: refusing.port)
        configuration.connectTimeout = .milliseconds(300)
        try await Self.withClient(configuration) { client in
            await #expect(throws: CMPPClientError.noReadyLink) { try await client.waitUntilReady() }
        }
        withExtendedLifetime(refusing) {}
    }

    /// A status report DELIVER that the consumer of `deliveries` never takes (it stopped iterating: the
    /// crash test's consumer returns once it has the reports it waits for) is never answered, and the link
    /// sends TERMINATE only once nothing is left unanswered (§7.4.2). `shutdown()` used to wait for it until
    /// the link test gave up on the link (C = 3 minutes, or never while the link still answers ACTIVE_TEST);
    /// it now closes the link after the termination grace (2 T), leaving the DELIVER unanswered for the ISMG
    /// to send again.
    @Test func shutdownDoesNotWaitForADeliverNobodyTakes() async throws {
        let ismg = LoopbackISMG()
        try await Self.withServer(ismg) { port in
            var configuration = Self.configuration(port: port)
            configuration.session.responseTimeout = .milliseconds(200)
            let arrived = NIOLockedValueBox(0)
            let client = CMPPClient(
                configuration: configuration,
                linkFactory: ObservingLinkFactory(
                    base: CMPPConnectionFactory(configuration),
                    received: { _ in arrived.withLockedValue { $0 += 1 } }
                ),
                logger: Self.logger
            )
            let answer = NIOLockedValueBox<Swift.Result<CMPPMessage, any Error>?>(nil)
            try await withThrowingTaskGroup(of: Void.self) { tasks in
                tasks.addTask { try await client.run() }
                try await client.waitUntilReady()
                let connection = await ismg.connections(1)[0]
                tasks.addTask {
                    let report = ClientTestSupport.report(deliverID: 9001, about: CMPPMessageID(rawValue: 42))
                    do {
                        let response = try await connection.request(report)
                        answer.withLockedValue { $0 = .success(response) }
                    } catch {
                        answer.withLockedValue { $0 = .failure(error) }
                    }
                }
                #expect(try await ClientTestSupport.eventually { arrived.withLockedValue { $0 } == 1 })

                let start = ContinuousClock.now
                let returned = await withTaskGroup(of: Bool.self) { race in
                    race.addTask {
                        await client.shutdown()
                        return true
                    }
                    race.addTask {
                        try? await Task.sleep(for: .seconds(10))
                        return false
                    }
                    let returned = await race.next() ?? false
                    // Cancelling the waiting shutdown() ends it; closing from the ISMG's side ends run().
                    if !returned { connection.close() }
                    race.cancelAll()
                    return returned
                }
                let took = start.duration(to: .now)
                #expect(returned, "shutdown() still waiting after 10 s for a DELIVER nobody will take")
                // 2 T = 400 ms; a loaded machine's slow wake-ups stay far below the bound.
                #expect(took < .seconds(5), "shutdown() took \(took)")
                try await tasks.waitForAll()
            }
            // The DELIVER was not answered: the ISMG keeps it and sends it again to the next session.
            let result = answer.withLockedValue { $0 }
            #expect(result != nil)
            if case .success(let response) = result {
                Issue.record("the DELIVER was answered without being handed over: \(response)")
            }
        }
    }
}
