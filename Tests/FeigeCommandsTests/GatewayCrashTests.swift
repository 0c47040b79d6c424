import CMPPCore
import CMPPNIO
import Dispatch
import Foundation
import Logging
import NIOConcurrencyHelpers
import NIOCore
import Testing

/// Issue #5's durability promise, with the real executable: `feige gateway` is killed with SIGKILL in the
/// middle of a load of SUBMITs with Registered_Delivery 1, restarted on the same data directory, and every
/// Msg_Id it had answered with Result 0 gets its status report.
///
/// Every wait has a bound (``within(_:_:_:)``): a stall fails the test with what it was waiting for instead
/// of holding the whole `swift test` run.
@Suite("feige gateway crash")
struct GatewayCrashTests {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let executable = packageRoot.appendingPathComponent(".build/debug/feige").path
    static let logger = Logger(label: "feige.gateway.crash.tests", factory: { _ in SwiftLogNoOpLogHandler() })

    /// A gateway with the demo account, short T so leases run out quickly, and a network that decides in
    /// 50–300 ms.
    static let configuration = """
        listen: { host: 127.0.0.1, long_port: 0, short_port: disabled }
        session: { response_timeout: 500ms, max_sends: 2 }
        accounts:
          - sp_id: "900001"
            secret: "888888"
            service_codes: ["1065"]
            lenient: true
        simulator:
          network:
            rules:
              - prefix: "1"
                delay: 50ms..300ms
        """

    /// How long the gateway may take to print its port before it is killed (a debug build on a loaded
    /// machine opens its store slowly).
    static let startLimit: Duration = .seconds(10)
    /// The bound of every other wait: each should take milliseconds, and far less than the client's own
    /// bounds (connect timeout 5 s, T × N = 1 s).
    static let stallLimit: Duration = .seconds(15)

    /// A wait that did not end within its bound.
    struct Stall: Error, CustomStringConvertible {
        var description: String
    }

    /// Runs `operation` in a task of its own and waits at most `limit` for it. Past that the task is
    /// cancelled and left behind, and ``Stall`` is thrown naming `what`: the test fails saying what it was
    /// waiting for, where a structured wait would hold the whole run for as long as the operation hangs.
    static func within<Value: Sendable>(
        _ limit: Duration,
        _ what: String,
        _ operation: @escaping @Sendable () async throws -> Value
    ) async throws -> Value {
        let waiter = NIOLockedValueBox<CheckedContinuation<Value, any Error>?>(nil)
        let work = NIOLockedValueBox<Task<Void, Never>?>(nil)
        let timer = NIOLockedValueBox<Task<Void, Never>?>(nil)
        return try await withCheckedThrowingContinuation { continuation in
            waiter.withLockedValue { $0 = continuation }
            timer.withLockedValue { timer in
                timer = Task {
                    guard (try? await Task.sleep(for: limit)) != nil,
                        let continuation = waiter.withLockedValue({ $0.take() })
                    else { return }
                    work.withLockedValue { $0 }?.cancel()
                    continuation.resume(throwing: Stall(description: "still waiting after \(limit) for \(what)"))
                }
            }
            work.withLockedValue { work in
                work = Task {
                    let outcome: Result<Value, any Error>
                    do {
                        outcome = .success(try await operation())
                    } catch {
                        outcome = .failure(error)
                    }
                    timer.withLockedValue { $0 }?.cancel()
                    waiter.withLockedValue { $0.take() }?.resume(with: outcome)
                }
            }
        }
    }

    /// A running `feige gateway` and the port it printed.
    final class GatewayProcess: Sendable {
        let process: Process
        let port: Int

        /// Starts the gateway and reads its first line, on a thread of its own: the reads block.
        static func start(configPath: String, dataDirectory: String) async throws -> GatewayProcess {
            try await withCheckedThrowingContinuation { continuation in
                Thread.detachNewThread {
                    continuation.resume(
                        with: Result { try GatewayProcess(configPath: configPath, dataDirectory: dataDirectory) }
                    )
                }
            }
        }

        private init(configPath: String, dataDirectory: String) throws {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: GatewayCrashTests.executable)
            process.arguments = ["gateway", "--config", configPath, "--data", dataDirectory]
            let output = Pipe()
            process.standardOutput = output
            process.standardError = FileHandle.nullDevice
            try process.run()
            self.process = process
            // A gateway that prints nothing in time is killed, which ends the read below: SIGKILL, since one
            // stuck in its start may not get as far as handling SIGTERM.
            let printed = NIOLockedValueBox(false)
            let pid = process.processIdentifier
            let limit = DispatchTimeInterval.seconds(Int(GatewayCrashTests.startLimit.components.seconds))
            DispatchQueue.global().asyncAfter(deadline: .now() + limit) {
                if !printed.withLockedValue({ $0 }), process.isRunning { Foundation.kill(pid, SIGKILL) }
            }
            var text = ""
            while !text.contains("\n") {
                let chunk = output.fileHandleForReading.availableData
                if chunk.isEmpty { break }
                text += String(decoding: chunk, as: UTF8.self)
            }
            printed.withLockedValue { $0 = true }
            guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix("listening on ") }),
                let portText = line.split(separator: " ")[2].split(separator: ":").last,
                let port = Int(portText)
            else {
                if process.isRunning { Foundation.kill(pid, SIGKILL) }
                throw Stall(
                    description: "feige gateway printed no port within \(GatewayCrashTests.startLimit): \(text)"
                )
            }
            self.port = port
        }

        /// Kills the gateway with SIGKILL, unless it has already exited (its pid may have been reused since),
        /// and waits for it to exit, on a thread of its own.
        func kill() async {
            let process = self.process
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                Thread.detachNewThread {
                    if process.isRunning { Foundation.kill(process.processIdentifier, SIGKILL) }
                    process.waitUntilExit()
                    continuation.resume()
                }
            }
        }
    }

    static func client(port: Int) -> CMPPClient {
        CMPPClient(
            configuration: CMPPClient.Configuration(
                host: "127.0.0.1",
                port: port,
                credentials: CMPPCredentials(spID: "900001", secret: "888888"),
                session: CMPPSessionConfiguration(responseTimeout: .milliseconds(500), maximumSends: 2),
                reconnect: CMPPReconnectBackoff(initial: .milliseconds(50), maximum: .milliseconds(100)),
                maximumRequestAttempts: 1,
                connectTimeout: .seconds(5)
            ),
            logger: logger
        )
    }

    /// Runs `body` with a started gateway, which is killed afterwards whatever happens.
    static func withGateway(
        configPath: String,
        dataDirectory: String,
        _ body: (GatewayProcess) async throws -> Void
    ) async throws {
        let gateway = try await within(startLimit + stallLimit, "feige gateway to start and print its port") {
            try await GatewayProcess.start(configPath: configPath, dataDirectory: dataDirectory)
        }
        do {
            try await body(gateway)
        } catch {
            _ = try? await within(stallLimit, "the gateway to exit after SIGKILL") { await gateway.kill() }
            throw error
        }
        try await within(stallLimit, "the gateway to exit after SIGKILL") { await gateway.kill() }
    }

    /// Shuts `client` down and waits for everything that used it to end, each wait bounded.
    static func shutDown(
        _ client: CMPPClient,
        _ what: String,
        running: Task<Void, Never>,
        users: [Task<Void, Never>]
    ) async throws {
        try await within(stallLimit, "client.shutdown() \(what)") { await client.shutdown() }
        try await within(stallLimit, "client.run() to return \(what)") { await running.value }
        for user in users { user.cancel() }
        try await within(stallLimit, "the client's callers to return \(what)") {
            for user in users { await user.value }
        }
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: executable), "needs .build/debug/feige"))
    func everyAcknowledgedSubmitGetsItsReportAfterASIGKILL() async throws {
        let directory = NSTemporaryDirectory() + "feige-crash-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let configPath = directory + "/gateway.yaml"
        try Self.configuration.write(toFile: configPath, atomically: true, encoding: .utf8)

        let accepted = NIOLockedValueBox<Set<CMPPMessageID>>([])
        let reported = NIOLockedValueBox<Set<CMPPMessageID>>([])

        // First run: submit from 32 tasks until the gateway is killed under them. The client and its callers
        // run in tasks of their own, so that a wait for them can be bounded; they are cancelled on the way out
        // whatever happens.
        try await Self.withGateway(configPath: configPath, dataDirectory: directory + "/data") { first in
            let client = Self.client(port: first.port)
            let running = Task { _ = try? await client.run() }
            var users: [Task<Void, Never>] = []
            defer {
                running.cancel()
                for user in users { user.cancel() }
            }
            try await Self.within(Self.stallLimit, "the client's login to the first gateway") {
                try await client.waitUntilReady()
            }
            users.append(
                Task {
                    for await delivery in client.deliveries {
                        if case .report(let report) = delivery {
                            _ = reported.withLockedValue { $0.insert(report.messageID) }
                        }
                    }
                }
            )
            for _ in 0..<32 {
                users.append(
                    Task {
                        while !Task.isCancelled {
                            guard
                                let outcome = try? await client.submit(
                                    "crash",
                                    to: ["13800138000"],
                                    options: .init(registeredDelivery: 1)
                                )
                            else { return }
                            if outcome[0].isAccepted {
                                _ = accepted.withLockedValue { $0.insert(outcome[0].messageID) }
                            }
                        }
                    }
                )
            }
            // Kill it mid-load, once at least 50 SUBMITs were acknowledged, however slow the machine.
            let loadDeadline = ContinuousClock.now + .seconds(20)
            while accepted.withLockedValue({ $0.count }) < 50, ContinuousClock.now < loadDeadline {
                try await Task.sleep(for: .milliseconds(20))
            }
            try await Task.sleep(for: .milliseconds(50))
            try await Self.within(Self.stallLimit, "the first gateway to exit after SIGKILL") { await first.kill() }
            try await Task.sleep(for: .milliseconds(100))
            // Every caller must now get an error promptly: the submits fail, the deliveries end.
            try await Self.shutDown(client, "after the gateway was killed", running: running, users: users)
        }
        let acknowledged = accepted.withLockedValue { $0 }
        #expect(acknowledged.count >= 50)

        // Second run on the same data: every acknowledged Msg_Id gets its report within 8 s. The consumer
        // takes every delivery until the client shuts down, as an SP should, so every DELIVER is answered.
        try await Self.withGateway(configPath: configPath, dataDirectory: directory + "/data") { second in
            let again = Self.client(port: second.port)
            let running = Task { _ = try? await again.run() }
            let (complete, completion) = AsyncStream<Void>.makeStream()
            let consumer = Task {
                for await delivery in again.deliveries {
                    guard case .report(let report) = delivery else { continue }
                    let done = reported.withLockedValue { reported in
                        reported.insert(report.messageID)
                        return acknowledged.isSubset(of: reported)
                    }
                    if done { completion.yield() }
                }
                completion.finish()
            }
            defer {
                running.cancel()
                consumer.cancel()
                completion.finish()
            }
            try await Self.within(Self.stallLimit, "the client's login to the restarted gateway") {
                try await again.waitUntilReady()
            }
            // Reports missing after 8 s are counted below, not treated as a stall.
            _ = try? await Self.within(.seconds(8), "every acknowledged Msg_Id's report") {
                for await _ in complete { return }
            }
            try await Self.shutDown(again, "after the reports came", running: running, users: [consumer])
        }
        let missing = acknowledged.subtracting(reported.withLockedValue { $0 })
        #expect(missing.isEmpty, "\(missing.count) of \(acknowledged.count) acknowledged Msg_Ids got no report")
    }
}
