import CMPPCore
import CMPPNIO
import FeigeGateway
import Foundation
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import ServiceLifecycle
import Testing

/// Gateways and SP clients on loopback for the gateway's end-to-end tests: port 0, short T, a fast
/// simulated network, an in-memory store unless a test brings its own.
enum GatewayHarness {
    static let logger = Logger(label: "feige.gateway.tests", factory: { _ in SwiftLogNoOpLogHandler() })

    /// T 400 ms so that a lost response is noticed quickly; C long enough never to matter.
    static let session = CMPPSessionConfiguration(
        window: 16,
        responseTimeout: .milliseconds(400),
        maximumSends: 3,
        heartbeatInterval: .seconds(30),
        loginTimeout: .seconds(5)
    )

    /// 138… delivered after 20 ms, 137… after 300 ms (time to go offline), anything else UNDELIV after 20 ms;
    /// PING → PONG and ECHO → echo after 20 ms.
    static let simulator = SimulatorConfiguration(
        network: SimulatedNetwork(
            rules: [
                .init(.prefix("138"), .init(delay: .fixed(.milliseconds(20)))),
                .init(.prefix("137"), .init(delay: .fixed(.milliseconds(300)))),
            ],
            defaultBehaviour: .init(delay: .fixed(.milliseconds(20)), finalStat: .undeliverable)
        ),
        autoReplies: AutoReplyRules(rules: [
            .init(trigger: .keyword("PING"), replies: [.text("PONG")], delay: .milliseconds(20)),
            .init(trigger: .keyword("ECHO"), replies: [.echo], delay: .milliseconds(20)),
        ])
    )

    /// A strict account: one link at most, Src_Id must start with 1066.
    static let strict = GatewayAccount(
        spID: "900002",
        secret: "s3cret",
        serviceCodes: ["1066"],
        maximumConnections: 1
    )

    static func temporaryDirectory() -> String {
        let path = NSTemporaryDirectory() + "feige-gateway-tests-\(UUID().uuidString)"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    static func configuration(
        accounts: [GatewayAccount] = [.demo, strict],
        dataDirectory: String? = nil,
        highestVersion: CMPPVersion = .v2_0
    ) -> GatewayConfiguration {
        GatewayConfiguration(
            host: "127.0.0.1",
            longConnectionPort: 0,
            shortConnectionPort: nil,
            highestVersion: highestVersion,
            dataDirectory: dataDirectory ?? temporaryDirectory(),
            session: session,
            accounts: accounts,
            simulator: simulator
        )
    }

    /// Runs a gateway for `body` (given the long-connection port), then shuts it down gracefully.
    @discardableResult
    static func withGateway<Result: Sendable>(
        _ configuration: GatewayConfiguration = configuration(),
        store: (any GatewayStore)? = InMemoryGatewayStore(),
        downstream: (any GatewayDownstream)? = nil,
        _ body: @Sendable (Gateway, Int) async throws -> Result
    ) async throws -> Result {
        let gateway = try Gateway(configuration: configuration, store: store, downstream: downstream, logger: logger)
        return try await withGateway(gateway, body)
    }

    /// Runs `gateway` for `body`, then shuts it down gracefully.
    @discardableResult
    static func withGateway<Result: Sendable>(
        _ gateway: Gateway,
        _ body: @Sendable (Gateway, Int) async throws -> Result
    ) async throws -> Result {
        let group = ServiceGroup(services: [gateway], logger: logger)
        return try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            do {
                let port = try await gateway.localAddresses().long.port ?? 0
                let result = try await body(gateway, port)
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

    static func clientConfiguration(
        port: Int,
        spID: String = GatewayDefaults.DemoAccount.spID,
        secret: String = GatewayDefaults.DemoAccount.secret,
        version: CMPPVersion = .v2_0,
        window: Int = 16,
        flowControlRetries: Int = 0
    ) -> CMPPClient.Configuration {
        var session = self.session
        session.window = window
        return CMPPClient.Configuration(
            host: "127.0.0.1",
            port: port,
            credentials: CMPPCredentials(spID: spID, secret: secret, version: version, ismgAuthenticatorCheck: .strict),
            session: session,
            reconnect: CMPPReconnectBackoff(initial: .milliseconds(50), maximum: .milliseconds(200)),
            flowControlRetry: .init(maximumRetries: flowControlRetries),
            connectTimeout: .seconds(5)
        )
    }

    /// Runs a logged-in client for `body`, then shuts it down.
    @discardableResult
    static func withClient<Result: Sendable>(
        _ configuration: CMPPClient.Configuration,
        _ body: @Sendable (CMPPClient) async throws -> Result
    ) async throws -> Result {
        let client = CMPPClient(configuration: configuration, logger: logger)
        return try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await client.run() }
            do {
                try await client.waitUntilReady()
                let result = try await body(client)
                await client.shutdown()
                try? await tasks.waitForAll()
                return result
            } catch {
                await client.shutdown()
                try? await tasks.waitForAll()
                throw error
            }
        }
    }

    /// The Status one CMPP_CONNECT with `configuration`'s credentials gets: 0 when it logs in (the link is
    /// then terminated). One attempt, unlike the client, which retries Status 5.
    static func loginStatus(_ configuration: CMPPClient.Configuration) async throws -> UInt32 {
        let factory = CMPPConnectionFactory(configuration)
        do {
            let link = try await factory.connect(inbound: { _ in }, logger: logger)
            await link.terminate()
            return 0
        } catch let error as CMPPSessionError {
            guard let status = error.connectStatus else { throw error }
            return status.rawValue
        }
    }

    /// Takes deliveries until `count` reports and `messages` MO messages have come, or `timeout` passes.
    static func collect(
        from client: CMPPClient,
        reports count: Int,
        messages: Int = 0,
        timeout: Duration = .seconds(5)
    ) async -> (reports: [CMPPDeliveryReport], messages: [CMPPMOMessage]) {
        await collect(from: client, timeout: timeout) { $0.count >= count && $1.count >= messages }
    }

    /// Takes deliveries until each of `messageIDs` has had a status report, or `timeout` passes; returns every
    /// report taken. A report may come twice: a DELIVER whose response comes after T is sent again (§6), which
    /// a loaded machine can make happen in any test.
    static func collectReports(
        from client: CMPPClient,
        covering messageIDs: Set<CMPPMessageID>,
        timeout: Duration = .seconds(5)
    ) async -> [CMPPDeliveryReport] {
        await collect(from: client, timeout: timeout) { reports, _ in
            messageIDs.isSubset(of: Set(reports.map(\.messageID)))
        }.reports
    }

    /// Takes deliveries until `isDone` says the reports and MO messages taken are enough, or `timeout` passes.
    private static func collect(
        from client: CMPPClient,
        timeout: Duration,
        until isDone: @escaping @Sendable ([CMPPDeliveryReport], [CMPPMOMessage]) -> Bool
    ) async -> (reports: [CMPPDeliveryReport], messages: [CMPPMOMessage]) {
        await withTaskGroup(of: ([CMPPDeliveryReport], [CMPPMOMessage])?.self) { group in
            group.addTask {
                var reports: [CMPPDeliveryReport] = []
                var received: [CMPPMOMessage] = []
                for await delivery in client.deliveries {
                    switch delivery {
                    case .report(let report): reports.append(report)
                    case .message(let message): received.append(message)
                    }
                    if isDone(reports, received) { break }
                }
                return (reports, received)
            }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first ?? ([], [])
        }
    }

    /// Polls `condition` every 10 ms until it holds or `timeout` passes; returns whether it held.
    static func eventually(
        timeout: Duration = .seconds(5),
        _ condition: @Sendable () async throws -> Bool
    ) async rethrows -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if try await condition() { return true }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return try await condition()
    }

    /// Today's QUERY day, `YYYYMMDD` in China time.
    static func today() -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = CMPPTimestamp.chinaStandardTime
        let parts = calendar.dateComponents([.year, .month, .day], from: Date())
        return String(format: "%04d%02d%02d", parts.year!, parts.month!, parts.day!)
    }
}

/// A downstream that records what it is given and reports nothing: for tests that must see whether a
/// message was (or was not) sent. Made `holding`, it keeps every `submit` waiting until ``release()`` (or
/// until the dispatcher's task is cancelled): a downstream that has stopped taking messages.
final class RecordingDownstream: GatewayDownstream {
    private struct State {
        var messages: [DownstreamMessage] = []
        var isHolding: Bool
        var held: [CheckedContinuation<Void, Never>] = []
    }

    private let state: NIOLockedValueBox<State>

    init(holding: Bool = false) {
        state = NIOLockedValueBox(State(isHolding: holding))
    }

    /// The parts taken, in order; a held part is not among them until it is released.
    var messages: [DownstreamMessage] { state.withLockedValue { $0.messages } }

    /// How many `submit` calls are waiting for ``release()``.
    var heldCount: Int { state.withLockedValue { $0.held.count } }

    /// Stops holding: the waiting submits return (their parts accepted) and later ones go straight through.
    func release() {
        let held = state.withLockedValue { state in
            state.isHolding = false
            defer { state.held.removeAll() }
            return state.held
        }
        for continuation in held { continuation.resume() }
    }

    func run(sink: any GatewayDownstreamSink) async throws {
        try await Task.sleep(for: .seconds(3600))
    }

    func submit(_ message: DownstreamMessage) async -> DownstreamAcceptance {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let waits = state.withLockedValue { state in
                    let waits = state.isHolding && !Task.isCancelled
                    if waits { state.held.append(continuation) }
                    return waits
                }
                if !waits { continuation.resume() }
            }
        } onCancel: {
            let held = state.withLockedValue { state in
                defer { state.held.removeAll() }
                return state.held
            }
            for continuation in held { continuation.resume() }
        }
        state.withLockedValue { $0.messages.append(message) }
        return .accepted
    }
}
