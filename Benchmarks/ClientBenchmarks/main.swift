import CMPPNIO
import Dispatch
import Foundation
import Logging
import NIOCore
import NIOPosix
import ServiceLifecycle

// The SP client's throughput against an in-process ISMG on loopback: SUBMIT → SUBMIT_RESP through one raw
// CMPPConnection, then through CMPPClient's whole pool (one link, then several). Release build:
//     swift run -c release feige-client-bench
// Environment: FEIGE_BENCH_MESSAGES (default 200000 per run), FEIGE_BENCH_RUNS (3), FEIGE_BENCH_LINKS ("1,4"),
// FEIGE_BENCH_WINDOW (16), FEIGE_BENCH_CALLERS (concurrent submitting tasks per link, default 4 × window),
// FEIGE_BENCH_RAW (1; 0 skips the raw CMPPConnection runs).
// Each configuration runs FEIGE_BENCH_RUNS times; the median is printed with every run's figure.
//
// Instructions per request (valgrind 3.19 cannot read Swift 6.3's debug info: profile a stripped copy), e.g.
//     strip -g -o /tmp/cb .build/release/feige-client-bench
//     FEIGE_BENCH_MESSAGES=20000 FEIGE_BENCH_RUNS=1 FEIGE_BENCH_LINKS= valgrind --tool=callgrind /tmp/cb
// and the same with 40000: the difference of the two totals over 20000 is the cost of one request, both ends.

let environment = ProcessInfo.processInfo.environment
let messages = environment["FEIGE_BENCH_MESSAGES"].flatMap { Int($0) } ?? 200_000
let runs = max(1, environment["FEIGE_BENCH_RUNS"].flatMap { Int($0) } ?? 3)
let window = environment["FEIGE_BENCH_WINDOW"].flatMap { Int($0) } ?? 16
let linkCounts = (environment["FEIGE_BENCH_LINKS"] ?? "1,4").split(separator: ",").compactMap { Int($0) }
let callersPerLink = environment["FEIGE_BENCH_CALLERS"].flatMap { Int($0) } ?? 4 * window
let measuresRawLink = environment["FEIGE_BENCH_RAW"] != "0"
let session = CMPPSessionConfiguration(window: window)
let credentials = CMPPCredentials(spID: "900001", secret: "888888")
let logger = Logger(label: "feige.client-bench", factory: { _ in SwiftLogNoOpLogHandler() })

struct BenchFailure: Error, CustomStringConvertible {
    var description: String
}

/// Runs `body` with the port of a fresh in-process ISMG, then shuts the ISMG down.
func withBenchISMG(_ body: @Sendable (Int) async throws -> Double) async throws -> Double {
    let server = CMPPServer(
        configuration: .init(host: "127.0.0.1", port: 0, session: session),
        delegate: BenchISMG(),
        logger: logger
    )
    let serverGroup = ServiceGroup(services: [server], logger: logger)
    return try await withThrowingTaskGroup(of: Void.self) { tasks in
        tasks.addTask { try await serverGroup.run() }
        let port = try await server.localAddress().port ?? 0
        let rate = try await body(port)
        await serverGroup.triggerGracefulShutdown()
        try await tasks.waitForAll()
        return rate
    }
}

/// Runs `callers` tasks, each calling `submitOnce` `messages / callers` times, and returns accepted submits
/// per second; fails if any submit was not accepted.
func timeSubmits(callers: Int, _ submitOnce: @escaping @Sendable () async throws -> Bool) async throws -> Double {
    let perCaller = messages / callers
    let clock = ContinuousClock()
    let start = clock.now
    let accepted = try await withThrowingTaskGroup(of: Int.self) { group in
        for _ in 0..<callers {
            group.addTask {
                var accepted = 0
                for _ in 0..<perCaller where try await submitOnce() {
                    accepted += 1
                }
                return accepted
            }
        }
        return try await group.reduce(0, +)
    }
    let elapsed = clock.now - start
    guard accepted == perCaller * callers else {
        throw BenchFailure(description: "\(perCaller * callers - accepted) submits were not accepted")
    }
    return Double(accepted) / (Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
}

/// SUBMITs straight through one ``CMPPConnection``, the link under the client's pool: the session layer alone.
func measureLink() async throws -> Double {
    try await withBenchISMG { port in
        let link = try await CMPPConnectionFactory(
            host: "127.0.0.1",
            port: port,
            credentials: credentials,
            configuration: session,
            eventLoopGroup: MultiThreadedEventLoopGroup.singleton,
            connectTimeout: .seconds(5)
        ).connect(inbound: { _ in }, logger: logger)
        let template = CMPPSubmit(
            messageFormat: .ucs2,
            messageSource: "900001",
            sourceID: "1065",
            destinationTerminalIDs: ["13800138000"],
            content: ByteBuffer()
        )
        let submit = CMPPMessage.submit(try CMPPSubmit.parts(of: "Feige bench 飞鸽", reference: 1, template: template)[0])
        let rate = try await timeSubmits(callers: callersPerLink) {
            if case .submitResponse = try await link.request(submit) { return true }
            return false
        }
        await link.terminate()
        return rate
    }
}

/// Text submits through ``CMPPClient`` with `links` links: encoding choice, splitting, the pool, the link.
func measureClient(links: Int) async throws -> Double {
    try await withBenchISMG { port in
        let client = CMPPClient(
            configuration: CMPPClient.Configuration(
                host: "127.0.0.1",
                port: port,
                credentials: credentials,
                session: session,
                links: links
            ),
            logger: logger
        )
        return try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await client.run() }
            try await client.waitUntilReady()
            // Let every link log in before the clock starts.
            try await Task.sleep(for: .milliseconds(200))
            let rate = try await timeSubmits(callers: callersPerLink * links) {
                try await client.submit("Feige bench 飞鸽", to: ["13800138000"])[0].isAccepted
            }
            await client.shutdown()
            try await tasks.waitForAll()
            return rate
        }
    }
}

func report(_ label: String, _ rates: [Double], _ detail: String) {
    let rates = rates.sorted()
    let runsText = rates.map { String(format: "%.0f", $0) }.joined(separator: ", ")
    print(label + String(format: ": median %.0f submits/s", rates[rates.count / 2]) + " (runs: \(runsText); \(detail))")
}

/// Every configuration, in turn.
func runBenchmarks() async throws {
    print("in-process ISMG over loopback, window \(window), \(messages) submits per run, \(runs) runs")
    if measuresRawLink {
        var linkRates: [Double] = []
        for _ in 0..<runs { linkRates.append(try await measureLink()) }
        report("raw CMPPConnection, 1 link", linkRates, "\(callersPerLink) callers")
    }
    for links in linkCounts {
        var rates: [Double] = []
        for _ in 0..<runs { rates.append(try await measureClient(links: links)) }
        report("CMPPClient, \(links) link(s)", rates, "\(callersPerLink * links) callers")
    }
}

// No top-level `await`: an async main parks the main thread in `dispatch_main`, which valgrind 3.19 cannot
// run (it crashes at once). Blocking the main thread on a semaphore instead lets callgrind count the run.
let finished = DispatchSemaphore(value: 0)
Task.detached {
    do {
        try await runBenchmarks()
    } catch {
        print("feige-client-bench failed: \(error)")
        exit(1)
    }
    finished.signal()
}
finished.wait()
