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
            // A gateway that prints nothing within 10 s is stopped, which ends the read below.
            let printed = NIOLockedValueBox(false)
            DispatchQueue.global().asyncAfter(deadline: .now() + 10) {
                if !printed.withLockedValue({ $0 }) { process.terminate() }
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
                process.terminate()
                throw CocoaError(.fileReadCorruptFile)
            }
            self.port = port
        }

        /// Kills the gateway with SIGKILL and waits for it to exit, on a thread of its own.
        func kill() async {
            let process = self.process
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                Thread.detachNewThread {
                    Foundation.kill(process.processIdentifier, SIGKILL)
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
        let gateway = try await GatewayProcess.start(configPath: configPath, dataDirectory: dataDirectory)
        do {
            try await body(gateway)
        } catch {
            await gateway.kill()
            throw error
        }
        await gateway.kill()
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

        // First run: submit from 32 tasks until the gateway is killed under them.
        try await Self.withGateway(configPath: configPath, dataDirectory: directory + "/data") { first in
            let client = Self.client(port: first.port)
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try? await client.run() }
                try await client.waitUntilReady()
                group.addTask {
                    for await delivery in client.deliveries {
                        if case .report(let report) = delivery {
                            _ = reported.withLockedValue { $0.insert(report.messageID) }
                        }
                    }
                }
                for _ in 0..<32 {
                    group.addTask {
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
                }
                // Kill it mid-load, once at least 50 SUBMITs were acknowledged, however slow the machine.
                let loadDeadline = ContinuousClock.now + .seconds(20)
                while accepted.withLockedValue({ $0.count }) < 50, ContinuousClock.now < loadDeadline {
                    try await Task.sleep(for: .milliseconds(20))
                }
                try await Task.sleep(for: .milliseconds(50))
                await first.kill()
                try await Task.sleep(for: .milliseconds(100))
                await client.shutdown()
                group.cancelAll()
            }
        }
        let acknowledged = accepted.withLockedValue { $0 }
        #expect(acknowledged.count >= 50)

        // Second run on the same data: every acknowledged Msg_Id gets its report.
        try await Self.withGateway(configPath: configPath, dataDirectory: directory + "/data") { second in
            let again = Self.client(port: second.port)
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try? await again.run() }
                try await again.waitUntilReady()
                group.addTask {
                    for await delivery in again.deliveries {
                        guard case .report(let report) = delivery else { continue }
                        let done = reported.withLockedValue { reported in
                            reported.insert(report.messageID)
                            return acknowledged.isSubset(of: reported)
                        }
                        if done { return }
                    }
                }
                group.addTask { try await Task.sleep(for: .seconds(8)) }
                try await group.next()
                await again.shutdown()
                group.cancelAll()
            }
        }
        let missing = acknowledged.subtracting(reported.withLockedValue { $0 })
        #expect(missing.isEmpty, "\(missing.count) of \(acknowledged.count) acknowledged Msg_Ids got no report")
    }
}
