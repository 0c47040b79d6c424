import CMPPCore
import CMPPNIO
import FeigeGateway
import Foundation
import Logging
import NIOCore
import NIOPosix
import ServiceLifecycle

// SUBMIT → SUBMIT_RESP through the whole gateway (admission, Msg_Id, group-committed store, dispatch to the
// simulator) on loopback, from raw CMPPConnections with window 16. Release build:
//     swift run -c release feige-gateway-bench
// Environment: FEIGE_BENCH_MESSAGES (default 200000 per run), FEIGE_BENCH_RUNS (3), FEIGE_BENCH_LINKS ("1,4"),
// FEIGE_BENCH_STORE ("durable": SQLite synchronous=FULL in a temporary directory; "normal": synchronous=NORMAL,
// which survives a crash of the gateway but not of the machine; "memory"),
// FEIGE_BENCH_REPORT (1: Registered_Delivery 1, so every message also produces a stored status report),
// FEIGE_BENCH_DOWNSTREAM ("simulator", or "none": a downstream that takes every message and never decides,
// to see what the outcomes cost).

let environment = ProcessInfo.processInfo.environment
let messages = environment["FEIGE_BENCH_MESSAGES"].flatMap { Int($0) } ?? 200_000
let runs = max(1, environment["FEIGE_BENCH_RUNS"].flatMap { Int($0) } ?? 3)
let linkCounts = (environment["FEIGE_BENCH_LINKS"] ?? "1,4").split(separator: ",").compactMap { Int($0) }
let storeKind = environment["FEIGE_BENCH_STORE"] ?? "durable"
let registeredDelivery: UInt8 = environment["FEIGE_BENCH_REPORT"] == "1" ? 1 : 0
let downstreamKind = environment["FEIGE_BENCH_DOWNSTREAM"] ?? "simulator"
let window = 16
let session = CMPPSessionConfiguration(window: window)
let logger = Logger(label: "feige.gateway-bench", factory: { _ in SwiftLogNoOpLogHandler() })

/// Takes every message and reports nothing.
struct SilentDownstream: GatewayDownstream {
    func run(sink: any GatewayDownstreamSink) async throws {
        while !Task.isCancelled { try await Task.sleep(for: .seconds(3600)) }
    }

    func submit(_ message: DownstreamMessage) async -> DownstreamAcceptance { .accepted }
}

struct BenchFailure: Error, CustomStringConvertible {
    var description: String
}

func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}

/// Accepted SUBMITs per second through a fresh gateway with `links` links.
func measure(links: Int) async throws -> Double {
    let directory = NSTemporaryDirectory() + "feige-gateway-bench-\(UUID().uuidString)"
    defer { try? FileManager.default.removeItem(atPath: directory) }
    var account = GatewayAccount.demo
    account.maximumConnections = max(links, 8)
    let configuration = GatewayConfiguration(
        host: "127.0.0.1",
        longConnectionPort: 0,
        shortConnectionPort: nil,
        dataDirectory: directory,
        storeDurability: storeKind == "normal" ? .normal : .full,
        session: session,
        accounts: [account]
    )
    let gateway = try Gateway(
        configuration: configuration,
        store: storeKind == "memory" ? InMemoryGatewayStore() : nil,
        downstream: downstreamKind == "none" ? SilentDownstream() : nil,
        logger: logger
    )
    let group = ServiceGroup(services: [gateway], logger: logger)
    return try await withThrowingTaskGroup(of: Void.self) { tasks in
        tasks.addTask { try await group.run() }
        let port = try await gateway.localAddresses().long.port ?? 0
        let factory = CMPPConnectionFactory(
            host: "127.0.0.1",
            port: port,
            credentials: CMPPCredentials(spID: "900001", secret: "888888"),
            configuration: session,
            eventLoopGroup: MultiThreadedEventLoopGroup.singleton,
            connectTimeout: .seconds(5)
        )
        var connected: [any CMPPClientLink] = []
        for _ in 0..<links {
            connected.append(
                try await factory.connect(
                    inbound: { $0.respond(.deliverResponse(CMPPDeliverResponse(messageID: .zero, result: .success))) },
                    logger: logger
                )
            )
        }
        let template = CMPPSubmit(
            registeredDelivery: registeredDelivery,
            messageFormat: .ucs2,
            messageSource: "900001",
            sourceID: "1065",
            destinationTerminalIDs: ["13800138000"],
            content: ByteBuffer()
        )
        let submit = CMPPMessage.submit(try CMPPSubmit.parts(of: "Feige bench 飞鸽", reference: 1, template: template)[0])
        let callers = 4 * window * links
        let perCaller = messages / callers
        let start = ContinuousClock.now
        let accepted = try await withThrowingTaskGroup(of: Int.self) { callersGroup in
            for caller in 0..<callers {
                let link = connected[caller % links]
                callersGroup.addTask {
                    var accepted = 0
                    for _ in 0..<perCaller {
                        if case .submitResponse(let response) = try await link.request(submit),
                            response.result == .success
                        {
                            accepted += 1
                        }
                    }
                    return accepted
                }
            }
            return try await callersGroup.reduce(0, +)
        }
        let elapsed = ContinuousClock.now - start
        for link in connected { await link.terminate() }
        await group.triggerGracefulShutdown()
        try await tasks.waitForAll()
        guard accepted == perCaller * callers else {
            throw BenchFailure(description: "\(perCaller * callers - accepted) submits were not accepted")
        }
        return Double(accepted) / seconds(elapsed)
    }
}

print("gateway on loopback, store \(storeKind), downstream \(downstreamKind), window \(window)")
print("\(messages) submits per run, \(runs) runs")
for links in linkCounts {
    var rates: [Double] = []
    for _ in 0..<runs { rates.append(try await measure(links: links)) }
    rates.sort()
    let runsText = rates.map { String(format: "%.0f", $0) }.joined(separator: ", ")
    print(
        "\(links) link(s): median " + String(format: "%.0f", rates[rates.count / 2]) + " submits/s (runs: \(runsText))"
    )
}
