import CMPPCore
import CMPPNIO
import Logging
import NIOConcurrencyHelpers
import NIOCore
import ServiceLifecycle
import Testing

@Suite("CMPPClient")
struct CMPPClientTests {
    typealias Support = ClientTestSupport

    // MARK: - Submitting

    @Test func aLongTextGoesOutAsPartsWithOneMessageIDEach() async throws {
        let factory = MockCMPPLinkFactory()
        let text = String(repeating: "长短信测试", count: 30)  // 150 UCS2 characters: 3 parts of 67
        let outcomes = try await Support.withRunningClient(Support.configuration(), factory: factory) { client in
            try await client.submit(text, to: ["13800138000"], options: .init(serviceID: "SVC", registeredDelivery: 1))
        }
        #expect(outcomes.map(\.partNumber) == [1, 2, 3])
        #expect(outcomes.allSatisfy { $0.partTotal == 3 && $0.isAccepted })
        #expect(outcomes.map(\.messageID.rawValue) == [1001, 1002, 1003])
        #expect(Set(outcomes.map(\.reference)).count == 1)
        let submits = factory.links[0].requests.compactMap { message -> CMPPSubmit? in
            if case .submit(let submit) = message { return submit }
            return nil
        }
        #expect(submits.count == 3)
        #expect(submits.allSatisfy { $0.tpUDHI == 1 && $0.pkTotal == 3 && $0.messageFormat == .ucs2 })
        #expect(submits.allSatisfy { $0.messageSource == "901234" && $0.sourceID == "901234" && $0.serviceID == "SVC" })
        #expect(submits.map(\.pkNumber) == [1, 2, 3])
    }

    @Test func aShortASCIITextIsOneSubmitInMsgFmtZero() async throws {
        let factory = MockCMPPLinkFactory()
        let outcomes = try await Support.withRunningClient(Support.configuration(), factory: factory) { client in
            try await client.submit("hello", to: ["13800138000", "13800138001"])
        }
        #expect(outcomes.count == 1)
        guard case .submit(let submit) = factory.links[0].requests.first else {
            Issue.record("no SUBMIT")
            return
        }
        #expect(submit.messageFormat == .ascii && submit.tpUDHI == 0)
        #expect(submit.destinationTerminalIDs == ["13800138000", "13800138001"])
    }

    @Test func badInputIsATypedErrorBeforeAnythingIsSent() async throws {
        let factory = MockCMPPLinkFactory()
        try await Support.withRunningClient(Support.configuration(), factory: factory) { client in
            await #expect(throws: CMPPClientError.invalidMessage) { try await client.submit("hi", to: []) }
            await #expect(throws: CMPPClientError.invalidMessage) {
                try await client.submit("中文", to: ["13800138000"], options: .init(encoding: .ascii))
            }
            await #expect(throws: CMPPClientError.invalidMessage) {
                try await client.submit("hi", to: ["13800138000"], options: .init(serviceID: "MUCH-TOO-LONG-SERVICE"))
            }
        }
        #expect(factory.links.allSatisfy { $0.requests.isEmpty })
    }

    @Test func binaryDataAndCancelGoThrough() async throws {
        let factory = MockCMPPLinkFactory()
        let (outcomes, cancelled) = try await Support.withRunningClient(Support.configuration(), factory: factory) {
            client in
            let outcomes = try await client.submit(data: Array(repeating: 0xAB, count: 200), to: ["13800138000"])
            let cancelled = try await client.cancel(outcomes[0].messageID)
            return (outcomes, cancelled)
        }
        #expect(outcomes.count == 2)
        #expect(cancelled.succeeded)
        guard case .submit(let submit) = factory.links[0].requests.first else {
            Issue.record("no SUBMIT")
            return
        }
        #expect(submit.messageFormat == .binary)
    }

    @Test func aRawSubmitAndAQueryGoOutAsGiven() async throws {
        let factory = MockCMPPLinkFactory()
        let (response, query) = try await Support.withRunningClient(Support.configuration(), factory: factory) {
            client in
            let submit = CMPPSubmit(
                pkTotal: 1,
                pkNumber: 1,
                messageFormat: .ascii,
                messageSource: "901234",
                sourceID: "10657",
                destinationTerminalIDs: ["13800138000"],
                content: ByteBuffer(string: "raw")
            )
            return (try await client.submit(submit), try await client.query(time: "20261121", serviceID: "SVC"))
        }
        #expect(response == CMPPSubmitResponse(messageID: 1001, result: .success))
        #expect(query.queryType == 1 && query.queryCode == "SVC" && query.mtTotalMessages == 12)
        guard case .query(let sent) = factory.links[0].requests.last else {
            Issue.record("no QUERY")
            return
        }
        #expect(sent == CMPPQuery(time: "20261121", queryType: 1, queryCode: "SVC"))
    }

    @Test func logsNothingAboveDebugAndNeverTheSecretOrANumberAboveTrace() async throws {
        let records = CapturedLogs()
        let factory = MockCMPPLinkFactory(failures: [CMPPSessionError.loginRejected(.otherError)])
        let client = CMPPClient(
            configuration: Support.configuration(),
            linkFactory: factory,
            clock: FastClock().clock,
            logger: records.logger
        )
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await client.run() }
            // The refused login, the back-off and the second login are what is logged; the SUBMIT waits for
            // that link. Its connect timeout (3.6 s of real time) counts from the SUBMIT, but run() is a new
            // child task that the executor starts behind every job queued before it: in the whole suite it
            // began 2.5 s after the SUBMIT. So the SUBMIT goes once the link is made.
            _ = await factory.waitForLinks(1)
            _ = try await client.submit(String(repeating: "长", count: 100), to: ["13800138000"])
            let link = factory.links[0]
            link.deliver(Support.moPart(id: 1, reference: 1, total: 1, sequence: 1, text: "hi"))
            var iterator = client.deliveries.makeAsyncIterator()
            _ = await iterator.next()
            link.drop()
            _ = await factory.waitForLinks(2)
            await client.shutdown()
            try await group.waitForAll()
        }
        let all = records.all
        #expect(!all.isEmpty)
        #expect(all.allSatisfy { $0.level <= .debug })
        #expect(all.allSatisfy { !$0.text.contains("secret") })
        #expect(all.filter { $0.level > .trace }.allSatisfy { !$0.text.contains("13800138000") })
    }

    // MARK: - Flow control

    @Test func resultEightIsRetriedThenSucceeds() async throws {
        let calls = NIOLockedValueBox(0)
        let factory = MockCMPPLinkFactory { _ in
            let call = calls.withLockedValue {
                $0 += 1
                return $0
            }
            return .respond(Support.submitResponse(UInt64(call), call < 3 ? .flowControlError : .success))
        }
        let clock = FastClock()
        let outcomes = try await Support.withRunningClient(Support.configuration(), factory: factory, clock: clock) {
            client in
            try await client.submit("hi", to: ["13800138000"])
        }
        #expect(outcomes.map(\.result) == [.success])
        #expect(outcomes.map(\.messageID.rawValue) == [3])
        #expect(calls.withLockedValue { $0 } == 3)
    }

    @Test func resultEightIsReturnedOnceTheRetriesAreSpent() async throws {
        let calls = NIOLockedValueBox(0)
        let factory = MockCMPPLinkFactory { _ in
            calls.withLockedValue { $0 += 1 }
            return .respond(Support.submitResponse(0, .flowControlError))
        }
        let outcomes = try await Support.withRunningClient(
            Support.configuration(flowControlRetries: 2),
            factory: factory
        ) {
            client in
            try await client.submit("hi", to: ["13800138000"])
        }
        #expect(outcomes.map(\.result) == [.flowControlError])
        #expect(calls.withLockedValue { $0 } == 3)
    }

    // MARK: - The pool

    @Test func loadSpreadsOverTheLinksAndEachLinkKeepsItsWindow() async throws {
        let holding = NIOLockedValueBox(true)
        let factory = MockCMPPLinkFactory(window: 4) { _ in
            holding.withLockedValue { $0 } ? .hold : .respond(Support.submitResponse(7))
        }
        let configuration = Support.configuration(links: 2)
        try await Support.withRunningClient(configuration, factory: factory) { client in
            let links = await factory.waitForLinks(2)
            try await withThrowingTaskGroup(of: [CMPPSubmitOutcome].self) { group in
                for _ in 0..<40 {
                    group.addTask { try await client.submit("hi", to: ["13800138000"]) }
                }
                // 2 links × W 4 in flight; the other 32 wait in the links' windows.
                #expect(try await Support.eventually { links.map(\.heldCount) == [4, 4] })
                holding.withLockedValue { $0 = false }
                for link in links { link.releaseHeld { _ in Support.submitResponse(7) } }
                var answered = 0
                for try await outcomes in group { answered += outcomes.count }
                #expect(answered == 40)
            }
            #expect(links.map(\.maximumInFlight) == [4, 4])
            #expect(links.map { $0.requests.count } == [20, 20])
        }
    }

    @Test func requestsWaitForTheFirstLinkAndFailTypedWhenNoneComes() async throws {
        // Status 5 (too many connections): keep retrying with back-off, and fail waiting requests on timeout.
        let factory = MockCMPPLinkFactory(failures: [AlwaysFail(error: CMPPSessionError.loginRejected(.otherError))])
        let clock = FastClock()
        let configuration = Support.configuration(connectTimeout: .seconds(60))
        let error = try await Support.withRunningClient(configuration, factory: factory, clock: clock) { client in
            await #expect(throws: CMPPClientError.noReadyLink) { try await client.submit("hi", to: ["13800138000"]) }
            do {
                _ = try await client.submit("hi", to: ["13800138000"])
                return nil as CMPPClientError?
            } catch let error as CMPPClientError {
                return error
            }
        }
        #expect(error?.connectStatus == .otherError)
        // Backed off, not spun: about log2 of the 120 s waited, not thousands; the first back-off is 1 s ± 20 %.
        #expect(factory.attempts >= 1 && factory.attempts <= 10)
        #expect(clock.requestedSleeps.contains { $0 >= .milliseconds(800) && $0 <= .milliseconds(1200) })
    }

    @Test func aRefusedLoginFailsRequestsAtOnce() async throws {
        let factory = MockCMPPLinkFactory(failures: [
            AlwaysFail(error: CMPPSessionError.loginRejected(.authenticationError))
        ])
        let error = try await Support.withRunningClient(Support.configuration(), factory: factory) { client in
            _ = try await Support.eventually { factory.attempts >= 1 }
            do {
                _ = try await client.submit("hi", to: ["13800138000"])
                return nil as CMPPClientError?
            } catch let error as CMPPClientError {
                return error
            }
        }
        #expect(error == .loginRejected)
        #expect(error?.connectStatus == .authenticationError)
    }

    @Test func reconnectBacksOffExponentiallyWithJitter() async throws {
        let refused = CMPPSessionError.loginRejected(.otherError)
        let factory = MockCMPPLinkFactory(failures: [refused, refused, refused])
        let clock = FastClock()
        try await Support.withRunningClient(Support.configuration(), factory: factory, clock: clock) { client in
            _ = await factory.waitForLinks(1)
            let outcomes = try await client.submit("hi", to: ["13800138000"])
            #expect(outcomes.first?.isAccepted == true)
        }
        #expect(factory.attempts == 4)
        // The other sleeps are the request's connect timeout and the reassembly check (60 s each).
        let backoffs = clock.requestedSleeps.filter { $0 < .seconds(10) }
        let nominal: [TimeAmount] = [.seconds(1), .seconds(2), .seconds(4)]
        #expect(backoffs.count == 3)
        for (delay, expected) in zip(backoffs, nominal) {
            #expect(delay >= .nanoseconds(expected.nanoseconds * 8 / 10))
            #expect(delay <= .nanoseconds(expected.nanoseconds * 12 / 10))
        }
    }

    // MARK: - Link loss

    @Test(arguments: [CMPPClient.Configuration.InFlightPolicy.resend, .fail])
    func inFlightRequestsOnALostLinkAreResentOrFailed(policy: CMPPClient.Configuration.InFlightPolicy) async throws {
        let first = NIOLockedValueBox(true)
        let factory = MockCMPPLinkFactory { _ in
            // The first request is held on the first link (which then drops); later ones are answered.
            first.withLockedValue { isFirst in
                defer { isFirst = false }
                return isFirst ? .hold : .respond(Support.submitResponse(77))
            }
        }
        let result = try await Support.withRunningClient(Support.configuration(policy: policy), factory: factory) {
            client in
            try await withThrowingTaskGroup(of: Result<[CMPPSubmitOutcome], CMPPClientError>.self) { group in
                group.addTask {
                    do {
                        return .success(try await client.submit("hi", to: ["13800138000"]))
                    } catch let error as CMPPClientError {
                        return .failure(error)
                    }
                }
                let links = await factory.waitForLinks(1)
                #expect(try await Support.eventually { links[0].heldCount == 1 })
                links[0].drop()
                return try await group.next()!
            }
        }
        switch policy {
        case .resend:
            #expect(try result.get().map(\.messageID.rawValue) == [77])
            #expect(factory.links.count == 2)
            #expect(factory.links[1].requests.count == 1)
        case .fail:
            #expect(throws: CMPPClientError.linkLost) { try result.get() }
        }
    }

    @Test func aRequestNeverSentIsMovedEvenWhenThePolicyIsFail() async throws {
        let first = NIOLockedValueBox(true)
        let factory = MockCMPPLinkFactory { _ in
            first.withLockedValue { isFirst in
                defer { isFirst = false }
                return isFirst ? .fail(.linkClosed(wasSent: false)) : .respond(Support.submitResponse(5))
            }
        }
        let outcomes = try await Support.withRunningClient(
            Support.configuration(links: 2, policy: .fail),
            factory: factory
        ) {
            client in
            _ = await factory.waitForLinks(2)
            return try await client.submit("hi", to: ["13800138000"])
        }
        #expect(outcomes.map(\.messageID.rawValue) == [5])
    }

    @Test func resendsAreBoundedByTheAttemptLimit() async throws {
        let factory = MockCMPPLinkFactory { _ in .fail(.linkClosed(wasSent: true)) }
        try await Support.withRunningClient(Support.configuration(links: 3), factory: factory) { client in
            _ = await factory.waitForLinks(3)
            await #expect(throws: CMPPClientError.linkLost) { try await client.submit("hi", to: ["13800138000"]) }
        }
        let attempts = factory.links.map { $0.requests.count }.reduce(0, +)
        #expect(attempts == 3)
    }

    @Test func cancellingRunClosesTheLinksAtOnce() async throws {
        let factory = MockCMPPLinkFactory()
        let client = CMPPClient(
            configuration: Support.configuration(),
            linkFactory: factory,
            clock: FastClock().clock,
            logger: Support.logger
        )
        let running = Task { try await client.run() }
        let link = await factory.waitForLinks(1)[0]
        running.cancel()
        try await running.value
        #expect(link.isClosed)
        #expect(link.terminateCalls == 0)
        await #expect(throws: CMPPClientError.shutdown) { try await client.submit("hi", to: ["13800138000"]) }
    }

    @Test func aRequestThatTimesOutOnTheLinkFailsTyped() async throws {
        let factory = MockCMPPLinkFactory { _ in
            .fail(.responseTimeout(.submit, sequenceID: CMPPSequenceID(rawValue: 1), sends: 3))
        }
        try await Support.withRunningClient(Support.configuration(), factory: factory) { client in
            await #expect(throws: CMPPClientError.requestFailed) { try await client.submit("hi", to: ["13800138000"]) }
        }
    }

    // MARK: - Deliveries

    @Test func aLongMOIsMergedAcrossLinks() async throws {
        let factory = MockCMPPLinkFactory()
        let delivery = try await Support.withRunningClient(Support.configuration(links: 2), factory: factory) {
            client in
            let links = await factory.waitForLinks(2)
            links[1].deliver(Support.moPart(id: 2, reference: 3, total: 3, sequence: 2, text: "世界"))
            links[0].deliver(Support.moPart(id: 1, reference: 3, total: 3, sequence: 1, text: "你好"))
            links[1].deliver(Support.moPart(id: 3, reference: 3, total: 3, sequence: 3, text: "！"))
            var iterator = client.deliveries.makeAsyncIterator()
            return await iterator.next()
        }
        guard case .message(let message) = delivery else {
            Issue.record("expected an MO message, got \(String(describing: delivery))")
            return
        }
        #expect(message.text == "你好世界！")
        #expect(message.messageIDs == [1, 2, 3])
        #expect(message.isComplete)
        #expect(factory.links[0].responses.count == 1)
        #expect(factory.links[1].responses.count == 2)
    }

    @Test func anIncompleteMOIsDeliveredFlaggedAfterTheReassemblyTimeout() async throws {
        let factory = MockCMPPLinkFactory()
        let delivery = try await Support.withRunningClient(Support.configuration(), factory: factory) { client in
            let links = await factory.waitForLinks(1)
            links[0].deliver(Support.moPart(id: 1, reference: 4, total: 2, sequence: 1, text: "半"))
            var iterator = client.deliveries.makeAsyncIterator()
            return await iterator.next()
        }
        guard case .message(let message) = delivery else {
            Issue.record("expected an MO message")
            return
        }
        #expect(!message.isComplete)
        #expect(message.missingParts == [2])
        #expect(message.text == "半")
    }

    @Test func reportsAreMatchedToTheirPartOrFlaggedUnknown() async throws {
        let factory = MockCMPPLinkFactory()
        let (outcomes, first, second) = try await Support.withRunningClient(Support.configuration(), factory: factory) {
            client in
            let outcomes = try await client.submit(
                String(repeating: "x", count: 200),
                to: ["13800138000"],
                options: CMPPSubmitOptions(registeredDelivery: 1)
            )
            let link = factory.links[0]
            link.deliver(Support.report(deliverID: 9001, about: outcomes[1].messageID))
            link.deliver(Support.report(deliverID: 9002, about: 4242, stat: .undeliverable))
            var iterator = client.deliveries.makeAsyncIterator()
            return (outcomes, await iterator.next(), await iterator.next())
        }
        guard case .report(let matched) = first, case .report(let unmatched) = second else {
            Issue.record("expected two reports")
            return
        }
        #expect(matched.matched?.partNumber == 2)
        #expect(matched.matched?.partTotal == 2)
        #expect(matched.matched?.reference == outcomes[1].reference)
        #expect(matched.matched?.destinations == ["13800138000"])
        #expect(matched.stat == .delivered)
        #expect(matched.deliverMessageID == 9001)
        #expect(unmatched.matched == nil)
        #expect(unmatched.stat == .undeliverable)
    }

    @Test func aReportThatOvertakesItsSubmitResponseIsStillMatched() async throws {
        let factory = MockCMPPLinkFactory { _ in .hold }
        // What is tested is the match, not the grace running out (CMPPEarlyReportsTests): the default 500 ms
        // is 0.5 ms of real time on the fast clock, which a loaded machine spends between two lines, and the
        // report held for the part would be handed over unmatched before the test releases its response.
        // A day (86 s of real time) outlasts any run of this test.
        let configuration = Support.configuration(reportMatchGrace: .hours(24))
        let (outcomes, first, second) = try await Support.withRunningClient(configuration, factory: factory) {
            client in
            let link = await factory.waitForLinks(1)[0]
            async let submitted = client.submit(
                "hi",
                to: ["13800138000"],
                options: CMPPSubmitOptions(registeredDelivery: 1)
            )
            #expect(try await Support.eventually { link.heldCount == 1 })
            // The ISMG's report for the part comes before the part's SUBMIT_RESP is taken in, and so does one
            // that matches nothing this client sent.
            link.deliver(Support.report(deliverID: 9001, about: 500))
            link.deliver(Support.report(deliverID: 9002, about: 4242, stat: .undeliverable))
            link.releaseHeld { _ in Support.submitResponse(500) }
            let outcomes = try await submitted
            var iterator = client.deliveries.makeAsyncIterator()
            return (outcomes, await iterator.next(), await iterator.next())
        }
        #expect(outcomes.map(\.messageID) == [500])
        guard case .report(let early) = first, case .report(let unknown) = second else {
            Issue.record("expected two reports")
            return
        }
        #expect(early.deliverMessageID == 9001 && early.matched?.messageID == 500)
        #expect(early.matched?.partNumber == 1 && early.matched?.destinations == ["13800138000"])
        // Released unmatched once no SUBMIT awaited its response.
        #expect(unknown.deliverMessageID == 9002 && unknown.matched == nil)
    }

    @Test func aRequestAnISMGShouldNotSendIsRefusedNotLeftHoldingAWindowSlot() async throws {
        let factory = MockCMPPLinkFactory()
        let responses = try await Support.withRunningClient(Support.configuration(), factory: factory) { client in
            let link = await factory.waitForLinks(1)[0]
            link.deliver(.cancel(CMPPCancel(messageID: 77)))
            link.deliver(.query(CMPPQuery(time: "20261121", queryType: 0)))
            return link.responses
        }
        #expect(responses.map(\.commandID) == [.cancelResponse, .queryResponse])
        guard case .cancelResponse(let cancel)? = responses.first else { return }
        #expect(cancel.successID == 1)
    }

    @Test func deliverResponseIsSentOnlyWhenTheDeliveryIsHandedOver() async throws {
        let factory = MockCMPPLinkFactory()
        try await Support.withRunningClient(Support.configuration(), factory: factory) { client in
            let link = await factory.waitForLinks(1)[0]
            link.deliver(Support.report(deliverID: 31, about: 1))
            link.deliver(Support.report(deliverID: 32, about: 2))
            try await Task.sleep(for: .milliseconds(20))
            #expect(link.responses.isEmpty)
            var iterator = client.deliveries.makeAsyncIterator()
            _ = await iterator.next()
            #expect(link.responses == [.deliverResponse(CMPPDeliverResponse(messageID: 31, result: .success))])
            _ = await iterator.next()
            #expect(link.responses.count == 2)
            // A second iterator does not steal deliveries: it ends at once.
            var second = client.deliveries.makeAsyncIterator()
            #expect(await second.next() == nil)
        }
    }

    // MARK: - Lifecycle

    @Test func shutdownLetsInFlightRequestsFinishThenTerminatesEachLink() async throws {
        let factory = MockCMPPLinkFactory { _ in .hold }
        let client = CMPPClient(
            configuration: Support.configuration(links: 2),
            linkFactory: factory,
            clock: FastClock().clock,
            logger: Support.logger
        )
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await client.run() }
            let links = await factory.waitForLinks(2)
            group.addTask { _ = try await client.submit("hi", to: ["13800138000"]) }
            #expect(try await Support.eventually { links.map(\.heldCount).reduce(0, +) == 1 })
            group.addTask { await client.shutdown() }
            // The link with the request waits; the idle one is terminated.
            #expect(try await Support.eventually { links.map(\.terminateCalls).reduce(0, +) == 1 })
            try await Task.sleep(for: .milliseconds(20))
            #expect(links.map(\.terminateCalls).reduce(0, +) == 1)
            await #expect(throws: CMPPClientError.shutdown) { try await client.submit("late", to: ["13800138000"]) }
            for link in links { link.releaseHeld { _ in Support.submitResponse(1) } }
            try await group.waitForAll()
        }
        #expect(factory.links.map(\.terminateCalls) == [1, 1])
        #expect(factory.links.map(\.inFlightAtTerminate) == [0, 0])
        var iterator = client.deliveries.makeAsyncIterator()
        #expect(await iterator.next() == nil)
        await #expect(throws: CMPPClientError.alreadyRunning) { try await client.run() }
    }

    @Test func aLinkNotTerminatedWithinTwoTIsClosed() async throws {
        // The link's TERMINATE waits for DELIVERs nobody hands over: shutdown closes it after 2 T (120 s of
        // the fast clock with the default T of 60 s) instead of waiting with it.
        let factory = MockCMPPLinkFactory(termination: .waitsForClose)
        let clock = FastClock()
        let client = CMPPClient(
            configuration: Support.configuration(),
            linkFactory: factory,
            clock: clock.clock,
            logger: Support.logger
        )
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await client.run() }
            let links = await factory.waitForLinks(1)
            group.addTask { await client.shutdown() }
            #expect(try await Support.eventually { links[0].isClosed }, "the link was left terminating")
            // Ends the wait of a client that did not close it (no-op otherwise), so a failure cannot hang.
            links[0].close()
            try await group.waitForAll()
        }
        #expect(factory.links.map(\.terminateCalls) == [1])
        #expect(clock.requestedSleeps.contains(.seconds(120)))
    }

    /// An ISMG that answers neither a request nor the TERMINATE: the link is closed at the shutdown timeout
    /// (10 s of the fast clock), the request fails as possibly taken (link lost), and run() returns.
    @Test func aLinkStillOpenAtTheShutdownTimeoutIsClosedAndItsRequestFailsAsLinkLost() async throws {
        let factory = MockCMPPLinkFactory(termination: .waitsForClose) { _ in .hold }
        let clock = FastClock()
        try await Support.withRunningClient(
            Support.configuration(shutdownTimeout: .seconds(10)),
            factory: factory,
            clock: clock
        ) { client in
            let links = await factory.waitForLinks(1)
            let request = Task { try await client.submit("hi", to: ["13800138000"]) }
            #expect(try await Support.eventually { links[0].heldCount == 1 })
            try await shutDown(client, expectingTheTimeoutToClose: links[0], failing: request)
        }
        #expect(clock.requestedSleeps.contains(.seconds(10)))
    }

    /// The timeout also bounds a TERMINATE that waits longer than it (2 T here is 2 hours).
    @Test func theShutdownTimeoutBoundsTheTermination() async throws {
        let factory = MockCMPPLinkFactory(termination: .waitsForClose)
        var configuration = Support.configuration(shutdownTimeout: .seconds(5))
        configuration.session.responseTimeout = .hours(1)
        try await Support.withRunningClient(configuration, factory: factory) { client in
            let links = await factory.waitForLinks(1)
            let started = ContinuousClock.now
            await client.shutdown()
            // 5 s of the fast clock is 5 ms (the timer's task may start seconds late when the whole suite runs at
            // once); 2 T would be 7.2 s.
            #expect(ContinuousClock.now - started < .seconds(5))
            #expect(links[0].isClosed)
        }
        #expect(factory.links.map(\.terminateCalls) == [1])
    }

    /// A short-mode request whose connection the ISMG never answers is closed at the timeout as well.
    @Test func aShortConnectionStillOpenAtTheShutdownTimeoutIsClosed() async throws {
        let factory = MockCMPPLinkFactory { _ in .hold }
        try await Support.withRunningClient(
            Support.configuration(mode: .short, shutdownTimeout: .seconds(10)),
            factory: factory
        ) { client in
            let request = Task { try await client.submit("hi", to: ["13800138000"]) }
            let links = await factory.waitForLinks(1)
            #expect(try await Support.eventually { links[0].heldCount == 1 })
            try await shutDown(client, expectingTheTimeoutToClose: links[0], failing: request)
        }
    }

    /// Shuts `client` down while `request` waits on `link`: the shutdown timeout must close the link, and the
    /// request fail as link lost (the ISMG may have taken it).
    private func shutDown(
        _ client: CMPPClient,
        expectingTheTimeoutToClose link: MockCMPPLink,
        failing request: Task<[CMPPSubmitOutcome], any Error>
    ) async throws {
        let shutdown = Task { await client.shutdown() }
        #expect(try await Support.eventually { link.isClosed }, "the link was left open")
        // Ends the request of a client that did not close the link (no-op otherwise), so a failure cannot hang.
        link.close()
        let error = await #expect(throws: CMPPClientError.self) { try await request.value }
        #expect(error?.code == .linkLost)
        await shutdown.value
    }

    @Test func gracefulShutdownOfAServiceGroupStopsTheClient() async throws {
        let factory = MockCMPPLinkFactory()
        let client = CMPPClient(
            configuration: Support.configuration(),
            linkFactory: factory,
            clock: FastClock().clock,
            logger: Support.logger
        )
        let group = ServiceGroup(
            configuration: .init(services: [.init(service: client)], logger: Support.logger)
        )
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            _ = await factory.waitForLinks(1)
            #expect(try await client.submit("hi", to: ["13800138000"]).count == 1)
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
        #expect(factory.links[0].terminateCalls == 1)
    }

    @Test func shortModeOpensOneLinkPerRequestAndTerminatesIt() async throws {
        let factory = MockCMPPLinkFactory()
        let outcomes = try await Support.withRunningClient(
            Support.configuration(links: 2, mode: .short),
            factory: factory
        ) {
            client in
            try await withThrowingTaskGroup(of: [CMPPSubmitOutcome].self) { group in
                for _ in 0..<3 { group.addTask { try await client.submit("hi", to: ["13800138000"]) } }
                var all: [CMPPSubmitOutcome] = []
                for try await outcomes in group { all += outcomes }
                return all
            }
        }
        #expect(outcomes.count == 3)
        #expect(factory.links.count == 3)
        #expect(factory.links.allSatisfy { $0.requests.count == 1 && $0.terminateCalls == 1 })
    }
}
