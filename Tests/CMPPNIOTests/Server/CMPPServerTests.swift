import CMPPCore
import CMPPNIO
import NIOConcurrencyHelpers
import NIOCore
import ServiceLifecycle
import Testing

@Suite("CMPPServer on loopback")
struct CMPPServerTests {
    @Test("an SP logs in and SUBMITs; the ISMG answers with SUBMIT_RESP")
    func submitRoundTrip() async throws {
        try await ServerTestSupport.withServer { _, _, port in
            let link = try await ServerTestSupport.factory(port: port).connect(
                inbound: { _ in },
                logger: ServerTestSupport.logger
            )
            #expect(link.connectResponse.status == .success)
            var responses: [CMPPMessage] = []
            for index in 0..<20 {
                responses.append(try await link.request(ServerTestSupport.submit("m\(index)")))
            }
            #expect(responses.count == 20)
            guard case .submitResponse(let first) = responses[0] else {
                Issue.record("expected SUBMIT_RESP")
                return
            }
            #expect(first.result == .success)
            await link.terminate()
            #expect(await link.closed() == nil)
        }
    }

    @Test("many concurrent SUBMITs beyond the window all get their responses")
    func concurrentSubmits() async throws {
        let delegate = TestServerDelegate()
        try await ServerTestSupport.withServer(delegate: delegate) { _, _, port in
            let link = try await ServerTestSupport.factory(port: port).connect(
                inbound: { _ in },
                logger: ServerTestSupport.logger
            )
            let ids = try await withThrowingTaskGroup(of: UInt64.self) { group in
                for index in 0..<200 {
                    group.addTask {
                        guard
                            case .submitResponse(let response) = try await link.request(
                                ServerTestSupport.submit("\(index)")
                            )
                        else { return 0 }
                        return response.messageID.rawValue
                    }
                }
                var ids: Set<UInt64> = []
                for try await id in group { ids.insert(id) }
                return ids
            }
            #expect(ids.count == 200)
            #expect(!ids.contains(0))
            link.close()
        }
        #expect(delegate.submitCount == 200)
    }

    @Test("a DELIVER pushed by the ISMG reaches the SP as an inbound request, and its response comes back")
    func deliverFromServer() async throws {
        let delegate = TestServerDelegate()
        try await ServerTestSupport.withServer(delegate: delegate) { _, _, port in
            let seen = NIOLockedValueBox<[CMPPMessage]>([])
            let link = try await ServerTestSupport.factory(port: port).connect(
                inbound: { request in
                    seen.withLockedValue { $0.append(request.message) }
                    request.respond(.deliverResponse(CMPPDeliverResponse(messageID: 77, result: .success)))
                },
                logger: ServerTestSupport.logger
            )
            var opened = delegate.opened.makeAsyncIterator()
            let connection = try #require(await opened.next())
            #expect(connection.account == "sp-900001")
            let deliver = CMPPMessage.deliver(
                CMPPDeliver(
                    messageID: 77,
                    destinationID: "1065",
                    sourceTerminalID: "13800138000",
                    content: .message(ByteBuffer(string: "MO"))
                )
            )
            let response = try await connection.request(deliver)
            #expect(response == .deliverResponse(CMPPDeliverResponse(messageID: 77, result: .success)))
            #expect(seen.withLockedValue { $0 } == [deliver])
            link.close()
        }
    }

    @Test("a wrong secret is refused with Status 3, surfaced as loginRejected")
    func wrongSecret() async throws {
        try await ServerTestSupport.withServer { _, _, port in
            let factory = ServerTestSupport.factory(
                port: port,
                credentials: CMPPCredentials(spID: "900001", secret: "wrong", ismgAuthenticatorCheck: .strict)
            )
            do {
                _ = try await factory.connect(inbound: { _ in }, logger: ServerTestSupport.logger)
                Issue.record("the login should fail")
            } catch let error as CMPPSessionError {
                #expect(error == CMPPSessionError(code: .loginRejected))
                #expect(error.connectStatus == .authenticationError)
            }
        }
    }

    @Test("graceful shutdown sends TERMINATE to every link; run() returns once they closed")
    func gracefulShutdownTerminates() async throws {
        let delegate = TestServerDelegate()
        let link = try await ServerTestSupport.withServer(delegate: delegate) { server, group, port in
            let link = try await ServerTestSupport.factory(port: port).connect(
                inbound: { _ in },
                logger: ServerTestSupport.logger
            )
            _ = try await link.request(ServerTestSupport.submit())
            #expect(server.connections.count == 1)
            return link
        }
        // withServer triggered the graceful shutdown and waited for run() to return.
        let error = await link.closed()
        #expect(error == CMPPSessionError(code: .terminated))
        var closed = delegate.closedEvents.makeAsyncIterator()
        let serverSide = try #require(await closed.next())
        #expect(serverSide == nil)
    }

    @Test("graceful shutdown waits for the SUBMITs the delegate still holds before TERMINATE")
    func gracefulShutdownWaitsForHeldRequests() async throws {
        let delegate = TestServerDelegate(holdSubmits: true)
        try await ServerTestSupport.withServer(delegate: delegate) { _, group, port in
            let link = try await ServerTestSupport.factory(port: port).connect(
                inbound: { _ in },
                logger: ServerTestSupport.logger
            )
            async let response = link.request(ServerTestSupport.submit())
            var held = delegate.heldEvents.makeAsyncIterator()
            _ = await held.next()
            await group.triggerGracefulShutdown()
            // The server closes its listener and then starts terminating its links, in one step: once a
            // connect is refused, the link's TERMINATE is queued on its loop ahead of our DELIVER below.
            // (A fixed sleep is not enough on a loaded machine.)
            try await ServerTestSupport.waitUntilRefused(port: port)
            // Still open: the held SUBMIT keeps the link from terminating.
            await #expect(throws: CMPPSessionError(code: .terminated)) {
                // The server refuses new requests of its own while draining; the SP's link is still up.
                var opened = delegate.opened.makeAsyncIterator()
                let connection = try #require(await opened.next())
                _ = try await connection.request(
                    .deliver(
                        CMPPDeliver(
                            messageID: 1,
                            destinationID: "1065",
                            sourceTerminalID: "13800138000",
                            content: .message(ByteBuffer(string: "late"))
                        )
                    )
                )
            }
            delegate.releaseHeld()
            guard case .submitResponse = try await response else {
                Issue.record("expected SUBMIT_RESP")
                return
            }
            #expect(await link.closed() == CMPPSessionError(code: .terminated))
        }
    }

    /// The delegate never answers the SP's SUBMIT, so the link would drain for ever (T and N only bound the
    /// server's own requests): the shutdown timeout closes it, and run() returns.
    @Test("graceful shutdown closes a link still draining at the shutdown timeout")
    func gracefulShutdownClosesStragglersAtTheTimeout() async throws {
        let delegate = TestServerDelegate(holdSubmits: true)
        let server = CMPPServer(
            configuration: .init(
                host: "127.0.0.1",
                port: 0,
                session: ServerTestSupport.session,
                shutdownTimeout: .milliseconds(300)
            ),
            delegate: delegate,
            logger: ServerTestSupport.logger
        )
        let group = ServiceGroup(services: [server], logger: ServerTestSupport.logger)
        let running = Task { try await group.run() }
        let port = try #require(try await server.localAddress().port)
        let link = try await ServerTestSupport.factory(port: port).connect(
            inbound: { _ in },
            logger: ServerTestSupport.logger
        )
        let response = Task { try await link.request(ServerTestSupport.submit()) }
        var held = delegate.heldEvents.makeAsyncIterator()
        _ = await held.next()
        let took = try await ContinuousClock().measure {
            await group.triggerGracefulShutdown()
            try await running.value
        }
        #expect(took >= .milliseconds(300))
        #expect(took < .seconds(5), "closed at the 300 ms timeout, not at the 10 s default or never")
        await #expect(throws: CMPPSessionError.self) { _ = try await response.value }
        #expect(await link.closed()?.code == .linkClosed)
        delegate.releaseHeld()
    }

    @Test("a connection beyond maximumConnections is refused with Status 5")
    func maximumConnections() async throws {
        try await ServerTestSupport.withServer(maximumConnections: 1) { _, _, port in
            let first = try await ServerTestSupport.factory(port: port).connect(
                inbound: { _ in },
                logger: ServerTestSupport.logger
            )
            do {
                _ = try await ServerTestSupport.factory(port: port).connect(
                    inbound: { _ in },
                    logger: ServerTestSupport.logger
                )
                Issue.record("the second connection should be refused")
            } catch let error as CMPPSessionError {
                #expect(error.connectStatus == .otherError, "\(error)")
            }
            first.close()
        }
    }

    @Test("an unanswered DELIVER is resent with the same Sequence_Id and fails after N sends; the SP sees it once")
    func unansweredDeliverTimesOut() async throws {
        let delegate = TestServerDelegate()
        let session = CMPPSessionConfiguration(
            window: 16,
            responseTimeout: .milliseconds(40),
            maximumSends: 3,
            heartbeatInterval: .seconds(30),
            loginTimeout: ServerTestSupport.session.loginTimeout
        )
        try await ServerTestSupport.withServer(delegate: delegate, session: session) { _, _, port in
            let seen = NIOLockedValueBox<[CMPPSequenceID]>([])
            let link = try await ServerTestSupport.factory(port: port, session: session).connect(
                inbound: { request in seen.withLockedValue { $0.append(request.sequenceID) } },
                logger: ServerTestSupport.logger
            )
            var opened = delegate.opened.makeAsyncIterator()
            let connection = try #require(await opened.next())
            let clock = ContinuousClock()
            let start = clock.now
            do {
                _ = try await connection.request(
                    .deliver(
                        CMPPDeliver(
                            messageID: 5,
                            destinationID: "1065",
                            sourceTerminalID: "13800138000",
                            content: .message(ByteBuffer(string: "MO"))
                        )
                    )
                )
                Issue.record("the DELIVER should time out")
            } catch let error as CMPPSessionError {
                #expect(error.code == .responseTimeout)
                #expect(error.commandID == .deliver)
            }
            #expect(clock.now - start >= .milliseconds(120))
            // The two resends carried the same Sequence_Id, so the SP surfaced the request once.
            #expect(seen.withLockedValue { $0.count } == 1)
            link.close()
        }
    }

    @Test("cancelling run() closes every link at once")
    func cancellationClosesLinks() async throws {
        let delegate = TestServerDelegate()
        let server = CMPPServer(
            configuration: .init(host: "127.0.0.1", port: 0, session: ServerTestSupport.session),
            delegate: delegate,
            logger: ServerTestSupport.logger
        )
        let running = Task { try await server.run() }
        let port = try #require(try await server.localAddress().port)
        let link = try await ServerTestSupport.factory(port: port).connect(
            inbound: { _ in },
            logger: ServerTestSupport.logger
        )
        running.cancel()
        try await running.value
        let error = await link.closed()
        #expect(error?.code == .linkClosed)
        var closed = delegate.closedEvents.makeAsyncIterator()
        #expect(try #require(await closed.next()) == nil)  // closed by us: no error on the server side
    }
}
