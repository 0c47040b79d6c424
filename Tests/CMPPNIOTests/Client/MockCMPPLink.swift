import CMPPCore
import CMPPNIO
import Logging
import NIOConcurrencyHelpers
import NIOCore

/// A ``CMPPClientLink`` without a socket: answers requests through a handler, can hold them, fail them,
/// drop, and delivers DELIVERs to the client as if the ISMG had sent them.
final class MockCMPPLink: CMPPClientLink, Sendable {
    /// What the link does with one request.
    enum Reply: Sendable {
        /// Answer at once with this response.
        case respond(CMPPMessage)
        /// Keep the request in flight until ``releaseHeld(_:)`` or a drop.
        case hold
        /// Fail it with this error.
        case fail(CMPPSessionError)
    }

    /// What ``terminate()`` does.
    enum Termination: Sendable {
        /// Closes at once, as a link with nothing left in flight does.
        case immediate
        /// Waits until ``close()`` (or a drop): a real link whose TERMINATE waits for the ISMG's DELIVERs
        /// that nobody hands over.
        case waitsForClose
    }

    private struct Held: Sendable {
        var message: CMPPMessage
        var continuation: CheckedContinuation<CMPPMessage, any Error>
    }

    private struct State: Sendable {
        var requests: [CMPPMessage] = []
        var inFlight = 0
        var maximumInFlight = 0
        var windowWaiters: [CheckedContinuation<Void, Never>] = []
        var held: [Held] = []
        var isClosed = false
        var closeReason: CMPPSessionError?
        var closedWaiters: [CheckedContinuation<CMPPSessionError?, Never>] = []
        var terminateCalls = 0
        var inFlightAtTerminate: Int?
        var responses: [(CMPPSequenceID, CMPPMessage)] = []
        var nextInboundSequence: UInt32 = 1
    }

    let index: Int
    let window: Int
    let termination: Termination
    let inbound: @Sendable (CMPPInboundRequest) -> Void
    private let handler: @Sendable (CMPPMessage) -> Reply
    private let state = NIOLockedValueBox(State())

    init(
        index: Int,
        window: Int,
        termination: Termination = .immediate,
        inbound: @escaping @Sendable (CMPPInboundRequest) -> Void,
        handler: @escaping @Sendable (CMPPMessage) -> Reply
    ) {
        self.index = index
        self.window = window
        self.termination = termination
        self.inbound = inbound
        self.handler = handler
    }

    var connectResponse: CMPPConnectResponse {
        CMPPConnectResponse(status: .success, authenticatorISMG: .empty, version: .v2_0)
    }

    // MARK: - CMPPClientLink

    func request(_ message: CMPPMessage) async throws -> CMPPMessage {
        // The window: a request beyond W waits, as the real link's does.
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let admitted = state.withLockedValue { state -> Bool in
                guard state.inFlight >= window else {
                    state.inFlight += 1
                    state.maximumInFlight = max(state.maximumInFlight, state.inFlight)
                    return true
                }
                state.windowWaiters.append(continuation)
                return false
            }
            if admitted { continuation.resume() }
        }
        defer { leaveWindow() }
        // Encoded once, as the real link does: a request that does not encode fails with the codec's error
        // and is never sent (nor recorded).
        var wire = ByteBuffer()
        _ = try wire.writeCMPPFrame(CMPPFrame(sequenceID: CMPPSequenceID(rawValue: 1), message: message))
        let closed = state.withLockedValue { state -> Bool in
            if !state.isClosed { state.requests.append(message) }
            return state.isClosed || state.terminateCalls > 0
        }
        if closed { throw CMPPSessionError(code: .terminated) }
        switch handler(message) {
        case .respond(let response):
            await Task.yield()
            return response
        case .fail(let error):
            throw error
        case .hold:
            return try await withCheckedThrowingContinuation { continuation in
                let failure = state.withLockedValue { state -> CMPPSessionError? in
                    if state.isClosed { return .linkClosed(wasSent: true) }
                    state.held.append(Held(message: message, continuation: continuation))
                    return nil
                }
                if let failure { continuation.resume(throwing: failure) }
            }
        }
    }

    func terminate() async {
        state.withLockedValue { state in
            state.terminateCalls += 1
            state.inFlightAtTerminate = state.inFlight
        }
        switch termination {
        case .immediate:
            markClosed(reason: nil, failHeld: .linkClosed(wasSent: true))
        case .waitsForClose:
            _ = await closed()
        }
    }

    func close() {
        markClosed(reason: .linkClosed(wasSent: false, reason: "closed"), failHeld: .linkClosed(wasSent: true))
    }

    func closed() async -> CMPPSessionError? {
        await withCheckedContinuation { (continuation: CheckedContinuation<CMPPSessionError?, Never>) in
            let reason = state.withLockedValue { state -> CMPPSessionError?? in
                if state.isClosed { return .some(state.closeReason) }
                state.closedWaiters.append(continuation)
                return nil
            }
            if let reason { continuation.resume(returning: reason) }
        }
    }

    // MARK: - Test controls

    /// The link drops: held requests fail with ``CMPPSessionError/Code/linkClosed`` (`wasSent` true).
    func drop() {
        markClosed(
            reason: .linkClosed(wasSent: true, reason: "dropped"),
            failHeld: .linkClosed(wasSent: true, reason: "dropped")
        )
    }

    /// Answers every held request with `respond(message)`.
    func releaseHeld(_ respond: @Sendable (CMPPMessage) -> CMPPMessage) {
        let held = state.withLockedValue { state -> [Held] in
            defer { state.held.removeAll() }
            return state.held
        }
        for request in held { request.continuation.resume(returning: respond(request.message)) }
    }

    /// Sends `message` to the client as a request of the ISMG; its response lands in ``responses``.
    func deliver(_ message: CMPPMessage) {
        let sequence = state.withLockedValue { state -> UInt32 in
            defer { state.nextInboundSequence += 1 }
            return state.nextInboundSequence
        }
        inbound(
            CMPPInboundRequest(sequenceID: CMPPSequenceID(rawValue: sequence), message: message) {
                [state] id, response in
                state.withLockedValue { $0.responses.append((id, response)) }
            }
        )
    }

    var requests: [CMPPMessage] { state.withLockedValue { $0.requests } }
    var heldCount: Int { state.withLockedValue { $0.held.count } }
    var maximumInFlight: Int { state.withLockedValue { $0.maximumInFlight } }
    var terminateCalls: Int { state.withLockedValue { $0.terminateCalls } }
    var inFlightAtTerminate: Int? { state.withLockedValue { $0.inFlightAtTerminate } }
    var isClosed: Bool { state.withLockedValue { $0.isClosed } }
    var responses: [CMPPMessage] { state.withLockedValue { $0.responses.map(\.1) } }

    // MARK: - Helpers

    private func leaveWindow() {
        let next = state.withLockedValue { state -> CheckedContinuation<Void, Never>? in
            if state.windowWaiters.isEmpty {
                state.inFlight -= 1
                return nil
            }
            // Hand the slot straight to the next waiter.
            return state.windowWaiters.removeFirst()
        }
        next?.resume()
    }

    private func markClosed(reason: CMPPSessionError?, failHeld error: CMPPSessionError) {
        let (held, waiters) = state.withLockedValue {
            state -> ([Held], [CheckedContinuation<CMPPSessionError?, Never>]) in
            guard !state.isClosed else { return ([], []) }
            state.isClosed = true
            state.closeReason = reason
            defer {
                state.held.removeAll()
                state.closedWaiters.removeAll()
            }
            return (state.held, state.closedWaiters)
        }
        for request in held { request.continuation.resume(throwing: error) }
        for waiter in waiters { waiter.resume(returning: reason) }
    }
}

/// A ``CMPPClientLinkFactory`` of ``MockCMPPLink``s that can fail the first connects.
final class MockCMPPLinkFactory: CMPPClientLinkFactory, Sendable {
    private struct State: Sendable {
        var attempts = 0
        var failures: [any Error]
        var links: [MockCMPPLink] = []
        var linkWaiters: [(count: Int, continuation: CheckedContinuation<Void, Never>)] = []
    }

    private let state: NIOLockedValueBox<State>
    private let window: Int
    private let termination: MockCMPPLink.Termination
    private let handler: @Sendable (CMPPMessage) -> MockCMPPLink.Reply

    /// - Parameters:
    ///   - failures: the errors the first connects fail with, in order; later connects succeed.
    ///   - alwaysFail: when set, every connect after `failures` fails with it.
    ///   - termination: what each link's ``MockCMPPLink/terminate()`` does.
    init(
        window: Int = 16,
        failures: [any Error] = [],
        termination: MockCMPPLink.Termination = .immediate,
        handler: @escaping @Sendable (CMPPMessage) -> MockCMPPLink.Reply = MockCMPPLinkFactory.accept
    ) {
        self.window = window
        self.termination = termination
        self.handler = handler
        self.state = NIOLockedValueBox(State(failures: failures))
    }

    /// Answers SUBMIT with Result 0 and Msg_Id 1000 + Pk_number, QUERY with fixed counts, CANCEL with success.
    static let accept: @Sendable (CMPPMessage) -> MockCMPPLink.Reply = { message in
        switch message {
        case .submit(let submit):
            return .respond(
                .submitResponse(
                    .init(messageID: CMPPMessageID(rawValue: 1000 + UInt64(submit.pkNumber)), result: .success)
                )
            )
        case .query(let query):
            return .respond(
                .queryResponse(
                    .init(
                        time: query.time,
                        queryType: query.queryType,
                        queryCode: query.queryCode,
                        mtTotalMessages: 12,
                        mtTotalUsers: 3,
                        mtSucceeded: 10,
                        mtWaiting: 1,
                        mtFailed: 1,
                        moSucceeded: 4,
                        moWaiting: 0,
                        moFailed: 0
                    )
                )
            )
        case .cancel:
            return .respond(.cancelResponse(.init(successID: 0)))
        default:
            return .fail(CMPPSessionError(code: .protocolViolation))
        }
    }

    func connect(
        inbound: @escaping @Sendable (CMPPInboundRequest) -> Void,
        logger: Logger
    ) async throws -> any CMPPClientLink {
        let outcome = state.withLockedValue { state -> Result<MockCMPPLink, any Error> in
            state.attempts += 1
            if !state.failures.isEmpty {
                let error = state.failures.removeFirst()
                // A sticky failure: an error wrapped as AlwaysFail stays at the head.
                if let sticky = error as? AlwaysFail {
                    state.failures.insert(sticky, at: 0)
                    return .failure(sticky.error)
                }
                return .failure(error)
            }
            let link = MockCMPPLink(
                index: state.links.count,
                window: window,
                termination: termination,
                inbound: inbound,
                handler: handler
            )
            state.links.append(link)
            return .success(link)
        }
        let link = try outcome.get()
        let ready = state.withLockedValue { state -> [CheckedContinuation<Void, Never>] in
            let ready = state.linkWaiters.filter { $0.count <= state.links.count }.map(\.continuation)
            state.linkWaiters.removeAll { $0.count <= state.links.count }
            return ready
        }
        for waiter in ready { waiter.resume() }
        return link
    }

    var attempts: Int { state.withLockedValue { $0.attempts } }
    var links: [MockCMPPLink] { state.withLockedValue { $0.links } }

    /// Returns once `count` links have been made.
    func waitForLinks(_ count: Int) async -> [MockCMPPLink] {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let now = state.withLockedValue { state -> Bool in
                guard state.links.count < count else { return true }
                state.linkWaiters.append((count, continuation))
                return false
            }
            if now { continuation.resume() }
        }
        return links
    }
}

/// A connect failure that repeats for ever.
struct AlwaysFail: Error {
    var error: any Error
}
